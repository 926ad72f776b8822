# The same week as text
wake-report --text --period 1w --end 2024-03-11 --previous-period \
    --cause data/report/cause-INC-20240307-1.jsonl --cause data/report/causes-checkout.jsonl \
    data/report/prev-week.tsv data/report/week.tsv
