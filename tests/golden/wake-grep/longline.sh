# A line over the 1 MiB cap is reported and skipped, exit 1
head -3 data/grep/incident.tsv > long.tsv
awk 'BEGIN { printf "2024-02-22T04:00:12.500Z\tnet\tr1\terr\tlog\tLINK-3 "; for (i = 0; i < 70000; i++) printf "0123456789abcdef"; printf "\t\n" }' >> long.tsv
tail -n +4 data/grep/incident.tsv >> long.tsv
wake-grep -e LINK-3 long.tsv
