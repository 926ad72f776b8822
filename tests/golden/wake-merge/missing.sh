# A missing file between two good ones: both merged, exit 1
wake-merge data/merge/a.tsv no-such-file.tsv data/merge/b.tsv
