# A missing file between two good ones: both read, exit 1
wake-stats --bin 15m data/stats/log.tsv no-such-file.tsv data/stats/metrics.tsv
