# Lines that are not events: file:line: reason, exit 1
printf '2024-02-22T09:00:00.000Z\tnet\tr1\terr\tlog\tok\t\nnot an event\n{"ts": 5}\n2024-02-22T09:00:01.000Z\tnet\tr1\tbad\tlog\tx\t\n#meta is skipped\n2024-02-22T09:00:02.000Z\tnet\tr1\terr\tlog\tok\t\n' > bad.tsv
wake-stats bad.tsv
