# One self-contained HTML page: it passes the HTML checks (well-formed
# as HTML and as XML, every element closed, no script, no external
# resource), and it is shown whole.
wake-timeline --html --cause data/timeline/cause.jsonl \
    --tz America/New_York --tz America/Chicago \
    data/timeline/incident.tsv.gz > page.html
sh "$TOP/tests/htmlcheck.sh" -q page.html || echo "htmlcheck failed"
echo "charts: $(grep -c '^<svg ' page.html)"
cat page.html
