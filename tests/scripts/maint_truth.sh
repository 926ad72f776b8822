#!/bin/sh
# wake-postmortem on `wake-gen maintenance` against its planted truth: a
# blog host whose PHP is down for two and a half days after the hoster's
# maintenance.  TAP on stdout.
#  - wake-gen makes the same bytes twice; every file parses as the
#    format TRUTH names, with no raw line, TRUTH's line count and first
#    and last times
#  - incidents.tsv: exactly one incident; start within 2 minutes of
#    TRUTH impact.start, recover within 5 minutes of recover (days
#    later: the outage must stay one incident); detect, ack and resolve
#    are TRUTH's chat times to the second
#  - cause.md: the first candidate is the maintenance change and says
#    it names php8.2-fpm; the "Failed to start php8..." precursor ranks
#    above the first "connect() failed" template
#  - timeline.md: the summary gives the end's date (days later), the
#    precursor has its row before impact, the channel is "#blog" once
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=${WAKE_BUILD:-$top/build}/bin:$PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C TZ=UTC

for t in wake-gen wake-parse wake-postmortem; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "not ok - $t not built"
		exit 1
	fi
done

check() {
	st=$1
	shift
	if [ "$st" = 0 ]; then echo "ok - $*"; else echo "not ok - $*"; fi
}

# TRUTH value of key in section sect ("" for the header).
fact() {
	awk -v s="$1" -v k="$2" '
	/^\[/ { cur = substr($0, 2, length($0) - 2); next }
	cur == s && index($0, k ": ") == 1 {
		print substr($0, length(k) + 3); exit
	}' "$tmp/t/TRUTH"
}

# Seconds since 1970 of a 24-byte UTC stamp ("-" stays "-").
secs() {
	echo "$1" | awk '$0 == "-" || $0 == "" { print "-"; next } {
		y = substr($0, 1, 4) + 0; m = substr($0, 6, 2) + 0
		d = substr($0, 9, 2) + 0
		if (m <= 2) { y--; m += 12 }
		days = 365 * y + int(y / 4) - int(y / 100) + int(y / 400) \
		    + int((153 * (m - 3) + 2) / 5) + d - 719469
		print days * 86400 + substr($0, 12, 2) * 3600 \
		    + substr($0, 15, 2) * 60 + substr($0, 18, 2)
	}'
}

# near WANT GOT TOL: within TOL seconds?
near() {
	w=$(secs "$1") g=$(secs "$2")
	[ "$w" != - ] && [ "$g" != - ] &&
	    [ $((w - g)) -le "$3" ] && [ $((g - w)) -le "$3" ]
}

# Value of key=VALUE in a wake-parse stats line.
stat() {
	sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$2"
}

# ---- the generator ----

wake-gen maintenance "$tmp/d" "$tmp/t" &&
    wake-gen maintenance "$tmp/d2" "$tmp/t2"
check $? "wake-gen maintenance runs"
files=$(sed -n 's/^\[\(.*\)\]$/\1/p' "$tmp/t/TRUTH")
n=$(echo "$files" | grep -c .)
check $([ "$n" = 4 ]; echo $?) "TRUTH lists four files (found $n)"
err=
for f in $files; do
	cmp -s "$tmp/d/$f" "$tmp/d2/$f" || err="$err $f"
done
cmp -s "$tmp/t/TRUTH" "$tmp/t2/TRUTH" || err="$err TRUTH"
[ "$(ls -A "$tmp/d")" = "$(ls -A "$tmp/d2")" ] || err="$err (file list)"
check $([ -z "$err" ]; echo $?) "wake-gen maintenance makes the same" \
    "bytes twice${err:+:$err differ}"

# ---- every file reads as TRUTH says ----

for f in $files; do
	err=
	if ! wake-parse --stats --tz "$(fact "$f" tz)" --year 2024 \
	    "$tmp/d/$f" > "$tmp/ev" 2> "$tmp/err"; then
		err=" wake-parse failed: $(head -1 "$tmp/err")"
	fi
	grep '^wake-parse: stats: ' "$tmp/err" > "$tmp/stats"
	for k in format lines events; do
		want=$(fact "$f" $k)
		got=$(stat $k "$tmp/stats")
		[ "$got" = "$want" ] || err="$err $k=$got (want $want)"
	done
	got=$(stat raw "$tmp/stats")
	[ "$got" = 0 ] || err="$err raw=$got (want 0)"
	got=$(wc -l < "$tmp/d/$f" | tr -d ' ')
	[ "$got" = "$(fact "$f" lines)" ] || err="$err wc -l=$got"
	first=$(grep -v '^#' "$tmp/ev" | head -1 | cut -f1)
	last=$(grep -v '^#' "$tmp/ev" | tail -1 | cut -f1)
	want=$(fact "$f" first)
	[ "$first" = "$want" ] || err="$err first=$first (want $want)"
	want=$(fact "$f" last)
	[ "$last" = "$want" ] || err="$err last=$last (want $want)"
	check $([ -z "$err" ]; echo $?) "$f: $(fact "$f" format)," \
	    "$(fact "$f" lines) lines, tz $(fact "$f" tz)${err:+:$err}"
done

# ---- the post-mortem ----

wake-postmortem -q -o "$tmp/pm" --year 2024 --tz Europe/Berlin "$tmp/d" \
    > "$tmp/pm.out" 2> "$tmp/pm.err"
st=$?
check $st "wake-postmortem runs (exit $st)"
[ $st = 0 ] || sed 's/^/# /' "$tmp/pm.err" | head -5
inc=$tmp/pm/incidents.tsv

# Column c of the first incident.
row() {
	awk -F'\t' -v c="$1" 'NR == 3 { print $c }' "$inc"
}

n=$(awk 'NR > 2' "$inc" 2>/dev/null | grep -c .)
check $([ "$n" = 1 ]; echo $?) "exactly one incident (found $n)"
[ "$n" = 1 ] || awk -F'\t' 'NR > 2 { print "# " $2, $6, $9 }' "$inc"
want=$(fact "" impact.start)
got=$(row 2)
near "$want" "$got" 120
check $? "start $got within 2 min of impact.start $want"
want=$(fact "" recover)
got=$(row 6)
near "$want" "$got" 300
check $? "recover $got within 5 min of recover $want"
for p in detect:3 ack:4 resolve:7; do
	key=${p%:*}
	want=$(fact "" "$key")
	got=$(row "${p#*:}")
	check $([ -n "$want" ] && [ "$got" = "$want" ]; echo $?) \
	    "$key $got, TRUTH $want"
done

# ---- the causes ----

cm=$tmp/pm/cause.md
grep '^[0-9][0-9]*\. \*\*' "$cm" > "$tmp/cands" 2>/dev/null
first=$(head -1 "$tmp/cands")
chg=$(fact "" change.text)
case $first in
"1. **change**"*"names php8.2-fpm"*"$chg"*) st=0 ;;
*) st=1 ;;
esac
check $st "cause 1 is the maintenance change and names php8.2-fpm"
[ $st = 0 ] || head -3 "$tmp/cands" | cut -c1-160 | sed 's/^/# /'
fail=$(grep -n 'Failed to start php8' "$tmp/cands" | head -1 | cut -d: -f1)
conn=$(grep -n '^[0-9]*\. \*\*template\*\*.*connect() failed' \
    "$tmp/cands" | head -1 | cut -d: -f1)
[ -n "$fail" ] && [ -n "$conn" ] && [ "$fail" -lt "$conn" ]
check $? "\"Failed to start php8\" (cause ${fail:-none}) above the first" \
    "\"connect() failed\" template (cause ${conn:-none})"

# ---- the timeline ----

tl=$tmp/pm/timeline.md
end=$(fact "" resolve | cut -c1-10)
grep -q "^\*\*Summary:\*\* Impact from .* to $end " "$tl"
check $? "timeline summary ends on $end"
grep '^| ' "$tl" | grep 'T-00:0[0-9] | syslog | .*Failed to start php8' \
    > /dev/null
check $? "timeline: the precursor's row, minutes before impact"
grep -q '#blog [a-z]*: ' "$tl" && ! grep -q '##blog' "$tl"
check $? "timeline: the channel named #blog once"

# ---- pseudonymised: the same first cause ----

wake-postmortem -q -o "$tmp/pmr" --redact --year 2024 --tz Europe/Berlin \
    "$tmp/d" > /dev/null 2>&1
grep '^[0-9][0-9]*\. \*\*' "$tmp/pmr/cause.md" | head -1 |
    grep -q '^1\. \*\*change\*\*.*names php8.2-fpm'
check $? "with --redact, cause 1 is still the change"

# ---- the weekly report, with the folder's cause.jsonl ----

end=$(fact "" recover | cut -c1-10)
wake-report --period 7d --end "$end" --cause "$tmp/pm/cause.jsonl" \
    "$tmp/pm/events.tsv.gz" > "$tmp/report.md" 2>&1
grep '^| INC-' "$tmp/report.md" | grep -q '| change: .*php8.2-fpm'
check $? "wake-report: the incident's top cause is the change"
exit 0
