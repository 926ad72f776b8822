# Lines that are not events: file:line: reason, exit 1, the rest mined
printf '2024-02-22T09:00:00.000Z\tnet\tr1\terr\tlog\tlink down\t\nnot an event\n{"ts": 5}\n2024-02-22T09:00:02.000Z\tnet\tr1\terr\tlog\tlink down\t\n' > bad.tsv
wake-mine bad.tsv
