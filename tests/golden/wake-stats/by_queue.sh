# --calls --by attr:queue: the KPIs worked out in data/stats/calls.tsv
wake-stats --calls --by attr:queue data/stats/calls.tsv
wake-stats --calls data/stats/calls.tsv
