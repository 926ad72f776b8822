# One self-contained HTML page (polyglot XHTML: it passes the checker)
wake-report --html --end 2024-03-11 --previous-period \
    --cause data/report/cause-INC-20240307-1.jsonl --cause data/report/causes-checkout.jsonl \
    data/report/prev-week.tsv data/report/week.tsv > r.html
sh "$TOP/tests/htmlcheck.sh" -q r.html; echo "htmlcheck $?"
cat r.html
