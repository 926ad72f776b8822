#!/bin/sh
# One row of the `make bench` table: wake-stats --bin 1m --by host over
# the events of the bench syslog (tests/bench-lib.sh makes both once).
# lines/s is events per second.
# Usage: tests/bench-stats.sh [BUILDDIR]
# Env: as tests/bench-lib.sh; WAKE_BENCH_GREP=1 prints a row for
# LC_ALL=C grep -c . on the same file first, to compare with.
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
name=bench-stats
. "$top/tests/bench-lib.sh"
bench_setup
bench_need wake-gen wake-parse wake-stats
bench_events
cat "$events" > /dev/null
if [ -n "$WAKE_BENCH_GREP" ]; then
	bench_row "LC_ALL=C grep -c . (events)" \
	    "grep -c . '$events' > '$tmp/count'" "$events"
fi
bench_row "wake-stats --by host (1m)" \
    "'$bin/wake-stats' --bin 1m --by host '$events' > /dev/null" "$events"
