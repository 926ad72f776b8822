# -J: one object a row, numbers as numbers
wake-stats -J --by host data/stats/log.tsv
wake-stats -J --calls --by attr:queue --bin 2m data/stats/calls.tsv
