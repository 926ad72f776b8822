# From an Asterisk queue_log through wake-parse to the KPIs
wake-parse -f queue_log --tz UTC data/stats/queue_log | wake-stats --calls --bin 5m --by attr:queue
