# An unknown option: usage on stderr, exit 2
wake-merge --no-such-option data/merge/a.tsv
