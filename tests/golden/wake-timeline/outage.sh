# The bundled outage sample through the whole chain: each input parsed
# in the zone TRUTH gives for it, merged, incidents detected; then the
# timeline of the incident that starts after 09:00 UTC (the carrier
# outage; its id is whatever wake-detect numbers it) in Markdown and
# HTML, cause candidates in-process.  Follows the parsers', the rules'
# and wake-detect's output: regenerate with UPDATE=1 when those change.
o=samples/outage
{
	wake-parse --year 2024 --tz America/New_York $o/router.log.1.gz \
	    $o/router.log
	wake-parse --year 2024 --tz Asia/Tokyo $o/app-worker.log
	wake-parse --year 2024 --tz UTC $o/core-syslog.log $o/app.jsonl \
	    $o/access.log $o/queue_log $o/reports.csv $o/slack-export.zip
} | wake-merge --sort | wake-detect > events.tsv
id=$(awk -F'\t' '$5 == "phase" && $7 ~ /phase=start/ &&
    $1 >= "2024-02-22T09" { sub(/.*incident=/, "", $7); sub(/ .*/, "", $7);
    print $7; exit }' events.tsv)
echo "incident: $id"
wake-timeline --md --incident "$id" --tz America/New_York \
    --tz America/Chicago events.tsv
wake-timeline --html --incident "$id" --tz America/New_York \
    --tz America/Chicago events.tsv > page.html
sh "$TOP/tests/htmlcheck.sh" -q page.html || echo "htmlcheck failed"
echo "charts: $(grep -c '^<svg ' page.html)"
cp page.html "$TOP/$(basename "$WAKE_BUILD")/tests/outage-timeline.html" \
    2> /dev/null || :
