#!/bin/sh
# wake-detect against planted truth.  TAP on stdout.
#  - samples/outage: exactly one incident; start and recover within 2
#    minutes of TRUTH impact.start and recover; detect, ack, mitigate
#    and resolve equal to TRUTH's.
#  - wake-gen week-quiet: no incident.
#  - wake-gen week-incidents: the three planted incidents, start and
#    recover within 2 minutes of its TRUTH, and nothing else.
#  - a source whose clock is 90 s fast, corrected with wake-merge
#    --skew, gives the same incident table as the true clock.
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=${WAKE_BUILD:-$top/build}/bin:$PATH
sample=$top/samples/outage
truthdir=$top/samples/truth/outage
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C TZ=UTC
tol=120

for t in wake-gen wake-parse wake-merge wake-detect; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "not ok - $t not built"
		exit 1
	fi
done

# TRUTH value of key in section sect ("" for the header) of file.
fact() {
	awk -v s="$2" -v k="$3" '
	/^\[/ { cur = substr($0, 2, length($0) - 2); next }
	cur == s && index($0, k ": ") == 1 {
		print substr($0, length(k) + 3); exit
	}' "$1"
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

# near WANT GOT: within $tol seconds?
near() {
	w=$(secs "$1") g=$(secs "$2")
	[ "$w" != - ] && [ "$g" != - ] &&
	    [ $((w - g)) -le $tol ] && [ $((g - w)) -le $tol ]
}

check() {
	st=$1
	shift
	if [ "$st" = 0 ]; then echo "ok - $*"; else echo "not ok - $*"; fi
}

# Column of the incident table (rows only).
col() {
	awk -F'\t' -v c="$1" 'NR > 2 { print $c }' "$2"
}

# ---- the outage sample ----

files=$(sed -n 's/^\[\(.*\)\]$/\1/p' "$truthdir/TRUTH")
i=0
for f in $files; do
	i=$((i + 1))
	wake-parse --tz "$(fact "$truthdir/TRUTH" "$f" tz)" --year 2024 \
	    "$sample/$f" > "$tmp/o$i.ev" 2> "$tmp/o$i.err" ||
	    echo "# wake-parse $f: $(head -1 "$tmp/o$i.err")"
done
wake-merge "$tmp"/o*.ev | wake-detect -q --incidents "$tmp/o.tsv" \
    > "$tmp/o.phases" 2> "$tmp/o.err"
check $? "outage: wake-detect runs"
n=$(col 1 "$tmp/o.tsv" | wc -l | tr -d ' ')
check $([ "$n" = 1 ]; echo $?) "outage: exactly one incident (found $n)"
row() {
	col "$1" "$tmp/o.tsv" | head -1
}
want=$(fact "$truthdir/TRUTH" "" impact.start)
got=$(row 2)
near "$want" "$got"
check $? "outage: start $got within 2 min of impact.start $want"
want=$(fact "$truthdir/TRUTH" "" recover)
got=$(row 6)
near "$want" "$got"
check $? "outage: recover $got within 2 min of $want"
for p in detect:3 ack:4 mitigate:5 resolve:7; do
	key=${p%:*}
	want=$(fact "$truthdir/TRUTH" "" "$key")
	got=$(row "${p#*:}")
	if [ -z "$want" ]; then
		echo "ok - outage: $key # SKIP TRUTH has no $key"
	elif [ "$got" = "$want" ]; then
		echo "ok - outage: $key $got"
	else
		echo "not ok - outage: $key $got, TRUTH $want"
	fi
done
grep -q 'phase=start' "$tmp/o.phases"
check $? "outage: phase events written"

# ---- the quiet week ----

wake_week() {
	wake-gen "week-$1" "$tmp/$1" &&
	    (cd "$tmp/$1" && wake-parse --tz UTC syslog.log queue_log ops.log) |
	    wake-merge --sort > "$tmp/$1.ev"
}

wake_week quiet
check $? "week-quiet: generated and parsed"
wake-detect -q --incidents "$tmp/quiet.tsv" "$tmp/quiet.ev" \
    > "$tmp/quiet.phases"
n=$(col 1 "$tmp/quiet.tsv" | wc -l | tr -d ' ')
check $([ "$n" = 0 ]; echo $?) "week-quiet: no incident (found $n)"
[ "$n" = 0 ] || col 9 "$tmp/quiet.tsv" | sed 's/^/# /'

# ---- the week with three incidents ----

wake_week incidents
check $? "week-incidents: generated and parsed"
wake-detect -q --incidents "$tmp/inc.tsv" "$tmp/incidents.ev" \
    > /dev/null
n=$(col 1 "$tmp/inc.tsv" | wc -l | tr -d ' ')
check $([ "$n" = 3 ]; echo $?) "week-incidents: three incidents (found $n)"
k=1
while [ $k -le 3 ]; do
	t=$tmp/incidents/TRUTH
	ws=$(fact "$t" "" "incident.$k.start")
	wr=$(fact "$t" "" "incident.$k.recover")
	shape=$(fact "$t" "" "incident.$k.shape")
	# The incident found nearest the planted start.
	line=$(awk -F'\t' 'NR > 2 { print $2, $6 }' "$tmp/inc.tsv" |
	    while read -r s r; do
		d=$(($(secs "$s") - $(secs "$ws")))
		[ $d -lt 0 ] && d=$((-d))
		echo "$d $s $r"
	    done | sort -n | head -1)
	set -- $line
	near "$ws" "$2" && near "$wr" "$3"
	check $? "week-incidents: $k ($shape) start $2 recover $3," \
	    "planted $ws $wr"
	k=$((k + 1))
done

# ---- a clock 90 s fast, corrected ----

# queue_log's events 90 s late, as a PBX with a fast clock writes them.
awk -F'\t' -v OFS='\t' '
function civil(z,   era, doe, yoe, doy, mp) {
	z += 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) \
	    - int(doe / 146096)) / 365)
	Y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) \
	    - int(yoe / 100)); mp = int((5 * doy + 2) / 153)
	D = doy - int((153 * mp + 2) / 5) + 1; M = mp < 10 ? mp + 3 : mp - 9
	if (M <= 2) Y++
}
$2 == "queue_log" && /^[0-9]/ {
	y = substr($1, 1, 4) + 0; m = substr($1, 6, 2) + 0
	d = substr($1, 9, 2) + 0
	if (m <= 2) { y--; m += 12 }
	days = 365 * y + int(y / 4) - int(y / 100) + int(y / 400) \
	    + int((153 * (m - 3) + 2) / 5) + d - 719469
	s = days * 86400 + substr($1, 12, 2) * 3600 \
	    + substr($1, 15, 2) * 60 + substr($1, 18, 2) + 90
	civil(int(s / 86400)); r = s % 86400
	$1 = sprintf("%04d-%02d-%02dT%02d:%02d:%02d%s", Y, M, D,
	    int(r / 3600), int(r % 3600 / 60), r % 60, substr($1, 20))
}
{ print }' "$tmp/incidents.ev" > "$tmp/skewed.ev"
wake-merge --sort "$tmp/skewed.ev" > "$tmp/skewed-sorted.ev" &&
    wake-merge --skew queue_log=-90s "$tmp/skewed-sorted.ev" |
    wake-detect -q --incidents "$tmp/fixed.tsv" > /dev/null
check $? "skew: wake-merge --skew queue_log=-90s runs"
cmp -s "$tmp/skewed.ev" "$tmp/incidents.ev"
check $([ $? != 0 ]; echo $?) "skew: the shifted stream differs"
if diff "$tmp/inc.tsv" "$tmp/fixed.tsv" > "$tmp/skew.diff"; then
	echo "ok - skew: corrected clock gives the same incidents"
else
	echo "not ok - skew: corrected clock gives the same incidents"
	sed 's/^/# /' "$tmp/skew.diff" | head -10
fi
wake-detect -q --incidents "$tmp/raw.tsv" "$tmp/skewed-sorted.ev" \
    > /dev/null
col 2 "$tmp/raw.tsv" > "$tmp/raw.starts"
col 2 "$tmp/inc.tsv" > "$tmp/inc.starts"
if cmp -s "$tmp/raw.starts" "$tmp/inc.starts"; then
	echo "# skew: uncorrected, the starts happen to agree"
else
	echo "# skew: uncorrected starts: $(tr '\n' ' ' < "$tmp/raw.starts")"
fi
