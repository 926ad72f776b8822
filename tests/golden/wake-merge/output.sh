# -o FILE
wake-merge -o out.tsv data/merge/c.tsv data/merge/b.tsv
cat out.tsv
