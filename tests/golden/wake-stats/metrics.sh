# Metric events add their value=; --sum adds any attr
wake-stats --by host data/stats/metrics.tsv
wake-stats --by host --sum bytes data/stats/metrics.tsv
