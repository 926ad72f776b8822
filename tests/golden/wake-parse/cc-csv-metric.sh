# A time column and numbers only: customer reports per minute, a
# metric series (local time, --tz).  The same with -f csv; then JSON.
wake-parse --tz Asia/Tokyo data/callcenter/reports_per_minute.csv > auto.tsv
wake-parse -f csv --tz Asia/Tokyo data/callcenter/reports_per_minute.csv \
    > forced.tsv
cmp auto.tsv forced.tsv && cat auto.tsv
wake-parse -J --tz Asia/Tokyo data/callcenter/reports_per_minute.csv |
    tail -1
