# --chart: one row per bin, bars scaled to $COLUMNS; '#' outside UTF-8
COLUMNS=60 wake-stats --chart data/stats/log.tsv
COLUMNS=60 wake-stats --calls --chart=asa --by attr:queue data/stats/calls.tsv
COLUMNS=50 LC_ALL=C wake-stats --calls --chart data/stats/calls.tsv
COLUMNS=50 LC_ALL= LC_CTYPE= LANG=ja_JP.UTF-8 wake-stats --bin 2m --chart=count data/stats/log.tsv
