# --sort cannot spill into a missing directory: exit 2
wake-merge --sort --buffer-size 1K -T no-such-dir data/merge/a.tsv data/merge/b.tsv data/merge/c.tsv
