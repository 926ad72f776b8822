#!/bin/sh
# Rows of the `make bench` table for wake-detect over the events of the
# bench syslog (tests/bench-lib.sh makes both once), beside
# LC_ALL=C grep -c . on the same file in the same run: with -q (phase
# events only) and passing every event through.  lines/s is events per
# second; the target is 2 million.
# Usage: tests/bench-detect.sh [BUILDDIR]
# Env: as tests/bench-lib.sh.
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
name=bench-detect
. "$top/tests/bench-lib.sh"
bench_setup
bench_need wake-gen wake-parse wake-detect
bench_events
cat "$events" > /dev/null
bench_row "LC_ALL=C grep -c . (events)" "grep -c . '$events' > '$tmp/n'" \
    "$events"
bench_row "wake-detect -q" "'$bin/wake-detect' -q '$events' > /dev/null" \
    "$events"
quiet=$best
bench_row "wake-detect (events through)" \
    "'$bin/wake-detect' '$events' > /dev/null" "$events"
awk -v ns="$quiet" -v n="$(wc -l < "$events")" 'BEGIN {
	eps = n / (ns / 1e9)
	ok = eps >= 2000000 ? "PASS" : "FAIL"
	printf "\n%-34s %7.2fM   >= 2.00M   %s\n", "wake-detect -q events/s",
	    eps / 1e6, ok
	exit ok == "FAIL"
}'
