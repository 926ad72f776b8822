# The outage sample through wake-detect: the window is the incident it
# marked (phase events written at the end of the stream), and the
# planted change still comes first.
for spec in "router.log.1.gz America/New_York" "router.log America/New_York" \
    "core-syslog.log UTC" "app.jsonl UTC" "app-worker.log Asia/Tokyo" \
    "access.log UTC" "queue_log UTC" "reports.csv UTC" \
    "slack-export.zip UTC"; do
	set -- $spec
	(cd samples/outage && wake-parse --tz "$2" --year 2024 "$1") > "$1.ev"
done
set --
grep -q '	change	' ./*.ev || set -- data/cause/outage-changes.ev
wake-merge ./*.ev "$@" | wake-detect 2> /dev/null | wake-cause --max 6 --evidence 2
