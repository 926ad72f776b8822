# A closed pipe ends quietly
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "2024-02-22T%02d:%02d:%02d.000Z\tnet\tr%d\tinfo\tlog\tline %d\t\n", i / 3600 % 24, i / 60 % 60, i % 60, i % 7, i }' > big.tsv
wake-stats --bin 1s --by host big.tsv | head -1
wake-stats --csv --bin 1s --by host big.tsv | head -2
