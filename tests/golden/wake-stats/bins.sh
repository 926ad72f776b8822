# Bins of any width, aligned on the epoch; milliseconds when needed
wake-stats --bin 250ms --sparse data/stats/log.tsv
wake-stats --bin 1h data/stats/log.tsv
wake-stats --bin 1d --by src data/stats/log.tsv
wake-stats --bin 90s data/stats/log.tsv
