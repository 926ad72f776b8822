# An over-long event line is cut at the cap: skipped as bad, with file:line
awk 'BEGIN { printf "2024-03-04T00:00:00.000Z\tapp\t-\t-\tlog\t"; for (i = 0; i < 1100000; i++) printf "x"; printf "\t-\n" }' > long.tsv
cat data/intervals/events.tsv >> long.tsv
wake-intervals --tsv long.tsv | head -3
