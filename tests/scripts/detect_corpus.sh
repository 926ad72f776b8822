#!/bin/sh
# wake-detect's incident table on real logs of $CORPUS (loghub-2k): each
# incident lists a series once per stretch of time (windows of one
# series that overlap or touch are one), and the title's "and N more"
# counts series, not windows.  TAP on stdout.
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=${WAKE_BUILD:-$top/build}/bin:$PATH
CORPUS=${CORPUS:-$top/../shared/corpus}

if [ ! -d "$CORPUS/loghub-2k" ]; then
	echo "ok - detect on loghub-2k # SKIP corpus absent"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

for d in "$CORPUS"/loghub-2k/*/; do
	f=$(ls "$d"*_2k.log 2>/dev/null | head -1)
	[ -n "$f" ] || continue
	name=$(basename "$d")
	if ! wake-parse "$f" 2> /dev/null |
	    wake-detect -q --incidents "$tmp/inc" > /dev/null 2>&1; then
		echo "not ok - $name: wake-detect failed"
		continue
	fi
	# Columns: id start detect ack mitigate recover resolve basis
	# title series.  Series entries: "NAME FROM..TO peak=N".
	bad=$(awk -F'\t' 'NR > 2 {
		n = split($10, s, "; ")
		delete last
		delete seen
		nser = 0
		for (i = 1; i <= n; i++) {
			e = s[i]
			sub(/ peak=.*/, "", e)
			k = match(e, / [^ ]*\.\.[^ ]*$/)
			ser = substr(e, 1, k - 1)
			split(substr(e, k + 1), w, /\.\./)
			if (ser in last && w[1] <= last[ser])
				print $1 ": " ser " twice over " w[1]
			if (!(ser in last) || w[2] > last[ser])
				last[ser] = w[2]
			if (!(ser in seen)) {
				seen[ser] = 1
				nser++
			}
		}
		if (match($9, /and [0-9]+ more$/)) {
			more = substr($9, RSTART + 4) + 0
			shown = split(substr($9, 1, RSTART - 1), x, ", ")
			if (shown + more != nser)
				print $1 ": title counts " shown + more \
				    " series, the table " nser
		}
	}' "$tmp/inc")
	n=$(($(grep -c . "$tmp/inc") - 2))
	if [ -z "$bad" ]; then
		echo "ok - $name: each series once per stretch in each of $n incident(s)"
	else
		echo "not ok - $name"
		echo "$bad" | sed 's/^/# /' | head -5
	fi
done
