# The outage sample: change CHG-4711 (09:11:48, core-rtr-*) must come
# first and the new "upstream connect error: no route to host <*>"
# among the first three, evidence pointing at core-syslog.log:486 and
# app.jsonl:324.  Until the rules classify changes, the change events
# come from data/cause/outage-changes.ev (the same lines, kind=change).
for spec in "router.log.1.gz America/New_York" "router.log America/New_York" \
    "core-syslog.log UTC" "app.jsonl UTC" "app-worker.log Asia/Tokyo" \
    "access.log UTC" "queue_log UTC" "reports.csv UTC" \
    "slack-export.zip UTC"; do
	set -- $spec
	(cd samples/outage && wake-parse --tz "$2" --year 2024 "$1") > "$1.ev"
done
set --
grep -q '	change	' ./*.ev || set -- data/cause/outage-changes.ev
wake-merge ./*.ev "$@" > all.ev
wake-cause --window 2024-02-22T09:12:10Z..2024-02-22T17:00:00Z all.ev
