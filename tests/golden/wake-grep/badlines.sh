# Lines that are not events: file:line: reason, exit 1
printf "2024-02-22T04:00:00.000Z\tnet\tr1\terr\tlog\tok\t\nnot an event\n{\"ts\": 5}\n#meta passes\n" > bad.tsv
wake-grep -e ok bad.tsv
