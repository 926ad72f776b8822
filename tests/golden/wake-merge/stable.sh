# Equal times: argument order, then input order
wake-merge data/merge/a.tsv data/merge/b.tsv data/merge/c.tsv
echo ---
wake-merge data/merge/c.tsv data/merge/b.tsv data/merge/a.tsv
