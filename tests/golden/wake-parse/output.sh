# -o FILE writes there.
wake-parse -o out.tsv data/parse/clf.log && cat out.tsv
