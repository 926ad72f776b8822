# An unknown option: usage on stderr, exit 2
wake-stats --nope data/stats/log.tsv
