# A line over the 1 MiB cap is reported and skipped, exit 1
head -4 data/stats/log.tsv > long.tsv
awk 'BEGIN { printf "2024-02-22T09:00:12.500Z\tnet\tr1\terr\tlog\tLINK-3 "; for (i = 0; i < 70000; i++) printf "0123456789abcdef"; printf "\t\n" }' >> long.tsv
tail -n +5 data/stats/log.tsv >> long.tsv
wake-stats --by host long.tsv
