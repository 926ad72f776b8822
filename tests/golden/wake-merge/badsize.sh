# A bad --buffer-size is a usage error
wake-merge --sort --buffer-size 12Q data/merge/a.tsv
