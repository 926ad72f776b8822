# A bad --skew is a usage error
wake-merge --skew calls data/merge/a.tsv
wake-merge --skew calls=soon data/merge/a.tsv
