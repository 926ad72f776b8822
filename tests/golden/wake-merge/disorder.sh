# An unsorted input without --sort: said once with a count, exit 1
printf "2024-02-22T10:00:00.000Z\tnet\tr1\tinfo\tlog\tlate\t\n2024-02-22T09:00:00.000Z\tnet\tr1\tinfo\tlog\tearly\t\n2024-02-22T09:30:00.000Z\tnet\tr1\tinfo\tlog\tmid\t\n" > unsorted.tsv
wake-merge unsorted.tsv data/merge/c.tsv
