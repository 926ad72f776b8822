# The planted facts (samples/truth/outage/TRUTH, wake-gen external's TRUTH)
# checked against wake-cause -J, so that wording may change but the
# findings may not: one "ok" line per fact, "FAIL" otherwise.
fact() { sed -n "s/^$2: //p" "$1" | head -1; }
# rank of the first candidate of kind $2 whose subject is $3 (0: none)
rank() {
	grep -F "\"kind\":\"$2\"" "$1" | grep -F "\"subject\":\"$3\"" |
	    sed -n 's/^{"rank":\([0-9]*\),.*/\1/p' | head -1 | grep . || echo 0
}
check() { if [ "$2" = 1 ]; then echo "ok - $1"; else echo "FAIL - $1"; fi; }

T=samples/truth/outage/TRUTH
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
start=$(fact $T impact.start)
recover=$(fact $T recover)
wake-cause -J --evidence 5 --window "$start..$recover" all.ev > out.json
chg=$(fact $T change.id)
tmpl=$(fact $T new_template)
host=$(fact $T first_failing_host)
r=$(rank out.json change "$chg")
check "outage: change $chg ranked first (rank $r)" $([ "$r" = 1 ] && echo 1)
r=$(rank out.json template "$tmpl")
check "outage: new template among the first three" \
    $([ "$r" -ge 1 ] && [ "$r" -le 3 ] && echo 1)
check "outage: change evidence at core-syslog.log:486" \
    $(grep -F "\"subject\":\"$chg\"" out.json |
    grep -qF '"origin":"core-syslog.log:486"' && echo 1)
check "outage: template evidence at app.jsonl:324 ($(fact $T new_template.first 2>/dev/null))" \
    $(grep -F "\"subject\":\"$tmpl\"" out.json |
    grep -qF '"ts":"2024-02-22T09:12:12.310Z","origin":"app.jsonl:324"' &&
    echo 1)
r=$(rank out.json host "$host")
check "outage: first failing host $host" $([ "$r" -ge 1 ] && echo 1)
r=$(rank out.json source router)
check "outage: the anomaly showed first in the network (router)" \
    $([ "$r" -ge 1 ] && echo 1)
# with wake-mine's tmpl= ids
wake-mine < all.ev 2> /dev/null |
    wake-cause -J --window "$start..$recover" > mine.json
r=$(rank mine.json change "$chg")
check "outage via wake-mine: change $chg ranked first" \
    $([ "$r" = 1 ] && echo 1)
r=$(rank mine.json template "$tmpl")
check "outage via wake-mine: new template among the first three" \
    $([ "$r" -ge 1 ] && [ "$r" -le 3 ] && echo 1)
# through wake-detect: the incident it marked
wake-detect < all.ev 2> /dev/null | wake-cause -J > det.json
r=$(rank det.json change "$chg")
check "outage via wake-detect: change $chg ranked first" \
    $([ "$r" = 1 ] && echo 1)
r=$(rank det.json template "$tmpl")
check "outage via wake-detect: new template among the first three" \
    $([ "$r" -ge 1 ] && [ "$r" -le 3 ] && echo 1)

wake-gen external ext || exit 1
T=ext/TRUTH
(cd ext && wake-parse gateway.jsonl) > gw.ev
(cd ext && wake-parse syslog.log) > sys.ev
set --
grep -q '	change	' sys.ev || set -- data/cause/external-changes.ev
wake-merge gw.ev sys.ev "$@" > ext.ev
for lb in 6h 24h; do
	wake-cause -J --lookback $lb --window \
	    "$(fact $T impact.start)..$(fact $T recover)" ext.ev > ext.json
	r=$(rank ext.json external "$(fact $T external.dest)")
	check "external ($lb lookback): an external cause ranked first" \
	    $([ "$r" = 1 ] && echo 1)
	r=$(rank ext.json change "$(fact $T decoy.change.id)")
	check "external ($lb lookback): the decoy not first (rank $r)" \
	    $([ "$r" != 1 ] && echo 1)
done
