# JSON: seconds, rates as fractions, null when missing
wake-report -J --end 2024-03-11 --previous-period \
    --cause data/report/cause-INC-20240307-1.jsonl --cause data/report/causes-checkout.jsonl \
    data/report/prev-week.tsv data/report/week.tsv
