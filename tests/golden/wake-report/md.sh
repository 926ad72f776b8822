# The weekly report in Markdown (the default), against the week before,
# with the top cause of two incidents from wake-cause -J output (one
# file named for its incident, one matched by time)
wake-report --period 7d --end 2024-03-11 --previous-period \
    --cause data/report/cause-INC-20240307-1.jsonl --cause data/report/causes-checkout.jsonl \
    data/report/prev-week.tsv data/report/week.tsv
