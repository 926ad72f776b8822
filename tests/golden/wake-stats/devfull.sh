# A failed write is fatal: exit 2
wake-stats --by host data/stats/log.tsv > /dev/full
