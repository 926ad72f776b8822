#!/bin/sh
# `make demo`: the chain of tools on the outage sample (samples/outage,
# see samples/gen/main.c): wake-parse each file in its own zone,
# wake-merge them, then look at the errors with wake-grep.
# Usage: samples/demo.sh [BUILDDIR]
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/$B/bin
S=$top/samples/outage
for t in wake-parse wake-merge wake-grep; do
	if [ ! -x "$bin/$t" ]; then
		echo "demo: $bin/$t not built (make B=$B all)" >&2
		exit 2
	fi
done
PATH=$bin:$PATH
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# time src host msg, short enough for a terminal line.
show() {
	awk -F'\t' '{ h = $3; sub(/\..*/, "", h); m = $6
	    if (length(m) > 72) m = substr(m, 1, 69) "..."
	    printf "   %s %-11s %-11s %s\n", substr($1, 12, 8), $2, h, m }'
}

echo "wake demo: samples/outage, a carrier's core network on 2024-02-22"
echo
echo "1. wake-parse, one call per file, each in its own zone"
n=0
for spec in "router.log.1.gz America/New_York" \
    "router.log America/New_York" "core-syslog.log UTC" "app.jsonl UTC" \
    "app-worker.log Asia/Tokyo" "access.log UTC"; do
	set -- $spec
	n=$((n + 1))
	wake-parse --stats --tz "$2" --year 2024 "$S/$1" \
	    > "$tmp/$n.ev" 2> "$tmp/$n.err" || {
		cat "$tmp/$n.err" >&2
		exit 1
	}
	case $1 in
	router*|app-worker*) how="--tz $2";;
	*) how="(zone in the stamps)";;
	esac
	awk '/^wake-parse: stats: / {
	    for (i = 4; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	    print v["format"], v["lines"], v["events"], v["folded"] }' \
	    "$tmp/$n.err" | while read -r fmt lines events folded; do
		printf "   %-16s %-22s %5d lines -> %5d events  %s" "$1" \
		    "$how" "$lines" "$events" "$fmt"
		[ "$folded" != 0 ] && printf " (%d folded)" "$folded"
		echo
	done
done

wake-merge "$tmp"/[0-9]*.ev > "$tmp/all.ev" || exit 1
echo
awk -F'\t' '!/^#/ { if (n++ == 0) f = $1; l = $1 }
    END { printf "2. wake-merge: %d events in time order, %s .. %s\n",
    n, f, l }' "$tmp/all.ev"

echo
echo "3. events per source: all, and err or worse (wake-grep -c --sev err)"
for src in $(cut -f2 "$tmp/all.ev" | grep -v '^#' | sort -u); do
	all=$(wake-grep -c --src "$src" "$tmp/all.ev")
	err=$(wake-grep -c --src "$src" --sev err "$tmp/all.ev")
	printf "   %-12s %6d %6d\n" "$src" "$all" "$err"
done

echo
echo "4. err or worse per hour (UTC), all sources"
wake-grep --sev err "$tmp/all.ev" | awk -F'\t' '
    !/^#/ { n[substr($1, 12, 2) + 0]++ }
    END {
	for (h = 0; h < 24; h++) if (n[h] > max) max = n[h]
	for (h = 0; h < 24; h++) {
		bar = ""
		for (i = 0; i < int(n[h] * 50 / (max ? max : 1)); i++)
			bar = bar "#"
		printf "   %02d:00 %5d %s\n", h, n[h], bar
	}
    }'

echo
echo "5. changes before the impact:" \
    "wake-grep -e 'CONFIG_I|CHG-' --until 09:13Z"
wake-grep -e 'CONFIG_I|CHG-' --until 2024-02-22T09:13:00Z "$tmp/all.ev" |
    show

echo
echo "6. the first errors after the change:" \
    "wake-grep --sev err --since 09:11Z | head"
wake-grep --sev err --since 2024-02-22T09:11:00Z "$tmp/all.ev" | head -12 |
    show

echo
echo "7. the rollback and the way back:" \
    "wake-grep -e 'no route-map|rolled back|RESOLVED' --since 16:00Z"
wake-grep -e 'no route-map|rolled back|RESOLVED' --since 2024-02-22T16:00:00Z \
    "$tmp/all.ev" | show
echo
echo "The planted facts are in samples/outage/TRUTH."
