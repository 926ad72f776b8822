# A missing input between two good ones: the report from the others,
# a message, exit 1; nothing readable: no report, exit 1
wake-report --text --end 2024-03-11 data/report/prev-week.tsv nosuch.tsv \
    data/report/week.tsv | head -8
wake-report --text --end 2024-03-11 data/report/prev-week.tsv nosuch.tsv \
    data/report/week.tsv > /dev/null; echo "exit $?"
wake-report nosuch.tsv; echo "exit $?"
wake-report --cause nosuch.jsonl --end 2024-03-11 data/report/week.tsv \
    > /dev/null; echo "exit $?"
