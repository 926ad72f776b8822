# JSON Lines in: rewritten as TSV, or kept with -J; TSV turned to JSON
wake-merge -J data/merge/b.tsv > b.jsonl
wake-merge b.jsonl data/merge/a.tsv
echo ---
wake-merge -J b.jsonl data/merge/c.tsv
