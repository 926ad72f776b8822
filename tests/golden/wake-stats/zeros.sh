# Empty bins are rows of zeros, from a series' first data on; --sparse
# leaves them out
wake-stats data/stats/log.tsv
wake-stats --by host data/stats/log.tsv
wake-stats --by host --sparse data/stats/log.tsv
wake-stats --by tmpl,sev --no-header data/stats/log.tsv
