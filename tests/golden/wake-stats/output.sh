# -o FILE
wake-stats -o out.tsv --by host data/stats/log.tsv
cat out.tsv
