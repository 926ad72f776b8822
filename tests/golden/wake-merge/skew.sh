# --skew: shifted and marked skew=; the mixed stream stays sorted
wake-merge --skew calls=+90s --skew chat=-1m data/merge/a.tsv data/merge/b.tsv data/merge/c.tsv
echo ---
wake-merge data/merge/a.tsv data/merge/b.tsv data/merge/c.tsv > mixed.tsv
wake-merge --skew calls=+90s --skew chat=-1m mixed.tsv
echo ---
wake-merge --sort --skew calls=+90s --skew chat=-1m mixed.tsv
