# A failed write is fatal: exit 2
wake-merge data/merge/a.tsv data/merge/b.tsv > /dev/full
