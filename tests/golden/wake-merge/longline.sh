# A line over the 1 MiB cap is reported and skipped, exit 1
head -2 data/merge/a.tsv > long.tsv
awk 'BEGIN { printf "2024-02-22T09:58:00.500Z\tnet\tr1\tinfo\tlog\t"; for (i = 0; i < 70000; i++) printf "0123456789abcdef"; printf "\t\n" }' >> long.tsv
tail -n +3 data/merge/a.tsv >> long.tsv
wake-merge long.tsv data/merge/c.tsv
