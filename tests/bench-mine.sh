#!/bin/sh
# wake-mine's rows of the `make bench` table: template mining with
# masking on the bench syslog as plain lines (--raw), beside
# LC_ALL=C grep -c . on the same file in the same run, and on its
# events; the target is 1.5 million lines a second for --raw.
# Usage: tests/bench-mine.sh [BUILDDIR]
# Env: as tests/bench-lib.sh.
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
name=bench-mine
. "$top/tests/bench-lib.sh"
bench_setup
bench_need wake-gen wake-parse wake-mine
bench_events
cat "$plain" > /dev/null
bench_row "LC_ALL=C grep -c . (plain)" "grep -c . '$plain' > '$tmp/n'" \
    "$plain"
bench_row "wake-mine --raw (plain)" "'$bin/wake-mine' --raw \
    --templates '$tmp/tmpl' '$plain' > /dev/null" "$plain"
raw=$best
cat "$events" > /dev/null
bench_row "wake-mine (events)" "'$bin/wake-mine' --templates '$tmp/tmpl' \
    '$events' > /dev/null" "$events"
awk -v ns="$raw" -v n="$(wc -l < "$plain")" 'BEGIN {
	lps = n / (ns / 1e9)
	ok = lps >= 1500000 ? "PASS" : "FAIL"
	printf "\n%-34s %7.2fM   >= 1.50M   %s\n", "wake-mine --raw lines/s",
	    lps / 1e6, ok
	exit ok == "FAIL"
}'
