# A closed pipe ends quietly
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "2024-02-22T%02d:%02d:%02d.000Z\tnet\tr1\tinfo\tlog\tline %d\t\n", i / 3600 % 24, i / 60 % 60, i % 60, i }' > big.tsv
wake-merge big.tsv data/merge/a.tsv | head -1
wake-merge --sort big.tsv | head -1
