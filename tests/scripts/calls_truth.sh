#!/bin/sh
# The call-center truth: wake-parse | wake-stats --calls --bin 5m on the
# outage sample's queue_log gives the counts wake-gen planted in
# samples/truth/outage/calls.truth (offered answered abandoned timeout per
# 5-minute bin and queue, counted from the generator's own calls), per
# queue and, without --by, summed over the queues.  TAP on stdout.
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=${WAKE_BUILD:-$top/build}/bin:$PATH
sample=$top/samples/outage
truth=$top/samples/truth/outage/calls.truth
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

for t in wake-parse wake-stats; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "not ok - $t not built"
		exit 1
	fi
done
if [ ! -s "$truth" ]; then
	echo "not ok - $truth is missing"
	exit 1
fi
hdr=$(printf 'ts\tqueue\toffered\tanswered\tabandoned\ttimeout')
if [ "$(head -1 "$truth")" = "$hdr" ]; then
	echo "ok - calls.truth has its header"
else
	echo "not ok - calls.truth header: $(head -1 "$truth")"
fi

if wake-parse "$sample/queue_log" > "$tmp/ev" 2> "$tmp/err"; then
	echo "ok - wake-parse reads queue_log"
else
	echo "not ok - wake-parse queue_log: $(head -1 "$tmp/err")"
fi

# wake-stats writes bin starts as 2024-02-22T09:00:00Z; TRUTH times
# have the 24-byte form.
norm() {
	awk -F'\t' -v OFS='\t' 'NR > 1 { sub(/Z$/, ".000Z", $1); print }'
}

# check DESC FILE-GOT FILE-WANT
check() {
	if cmp -s "$2" "$3"; then
		echo "ok - $1 ($(wc -l < "$3" | tr -d ' ') rows)"
	else
		echo "not ok - $1"
		diff "$3" "$2" | head -10 | sed 's/^/# /'
	fi
}

if wake-stats --calls --bin 5m --by attr:queue "$tmp/ev" > "$tmp/by" \
    2> "$tmp/err"; then
	cut -f1-6 "$tmp/by" | norm > "$tmp/got"
	sed 1d "$truth" > "$tmp/want"
	check "per queue and 5-minute bin as calls.truth" "$tmp/got" \
	    "$tmp/want"
else
	echo "not ok - wake-stats --by attr:queue: $(head -1 "$tmp/err")"
fi

if wake-stats --calls --bin 5m "$tmp/ev" > "$tmp/all" 2> "$tmp/err"; then
	cut -f1-5 "$tmp/all" | norm > "$tmp/got"
	awk -F'\t' -v OFS='\t' 'NR > 1 {
		if (!($1 in o)) t[n++] = $1
		o[$1] += $3; a[$1] += $4; b[$1] += $5; x[$1] += $6
	} END {
		for (i = 0; i < n; i++)
			print t[i], o[t[i]], a[t[i]], b[t[i]], x[t[i]]
	}' "$truth" > "$tmp/want"
	check "all queues per 5-minute bin as the sums of calls.truth" \
	    "$tmp/got" "$tmp/want"
else
	echo "not ok - wake-stats --calls: $(head -1 "$tmp/err")"
fi

# The day has its outage: the busiest hour offers ten times the calls
# of the same hours after it, and loses calls to abandons and timeouts.
awk -F'\t' 'NR > 1 {
	h = substr($1, 12, 2) + 0; o[h] += $3; b[h] += $5; x[h] += $6
} END {
	for (h = 0; h < 24; h++) if (o[h] > max) { max = o[h]; mh = h }
	base = (o[18] + o[19] + o[20]) / 3
	printf "%d %d %.1f %d %d\n", mh, max, max / (base > 0 ? base : 1),
	    b[mh], x[mh]
}' "$truth" > "$tmp/shape"
read -r mh max ratio ab to < "$tmp/shape"
if [ "$mh" -ge 12 ] && [ "$mh" -le 16 ] &&
    awk -v r="$ratio" 'BEGIN { exit !(r >= 7) }' && [ "$ab" -gt 50 ] &&
    [ "$to" -gt 0 ]; then
	echo "ok - surge: ${max} calls at ${mh}:00, ${ratio}x the evening," \
	    "$ab abandoned, $to timed out"
else
	echo "not ok - surge: ${max} calls at ${mh}:00, ${ratio}x the" \
	    "evening, $ab abandoned, $to timed out"
fi
exit 0
