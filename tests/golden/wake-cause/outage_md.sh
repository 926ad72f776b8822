# --md on the outage sample: the post-mortem's "Root cause candidates".
for spec in "router.log.1.gz America/New_York" "router.log America/New_York" \
    "core-syslog.log UTC" "app.jsonl UTC" "app-worker.log Asia/Tokyo" \
    "access.log UTC" "queue_log UTC" "reports.csv UTC" \
    "slack-export.zip UTC"; do
	set -- $spec
	(cd samples/outage && wake-parse --tz "$2" --year 2024 "$1") > "$1.ev"
done
set --
grep -q '	change	' ./*.ev || set -- data/cause/outage-changes.ev
wake-merge ./*.ev "$@" |
    wake-cause --md --max 5 --window 2024-02-22T09:12:10Z..2024-02-22T17:00:00Z
