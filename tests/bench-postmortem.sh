#!/bin/sh
# Rows of the `make bench` table for wake-postmortem: the whole chain on
# the bench syslog file, beside wake-parse alone on it in the same run;
# the target is postmortem within 1.5 times the parse time.
# Usage: tests/bench-postmortem.sh [BUILDDIR]
# Env: as tests/bench-lib.sh (WAKE_BENCH_DIR, _RUNS, _BYTES).
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
name=bench-postmortem
. "$top/tests/bench-lib.sh"
bench_setup
bench_need wake-gen wake-parse wake-postmortem
cat "$plain" > /dev/null
bench_row "wake-parse > /dev/null" \
    "'$bin/wake-parse' --tz UTC --year 2024 '$plain' > /dev/null" "$plain"
parse=$best
bench_row "wake-postmortem" "rm -rf '$tmp/pm' && '$bin/wake-postmortem' \
    -q --tz UTC --year 2024 -o '$tmp/pm' '$plain'" "$plain"
awk -v p="$parse" -v m="$best" 'BEGIN {
	r = m / p
	printf "\n%-34s %7.2f   <= %4.2f   %s\n",
	    "wake-postmortem / wake-parse", r, 1.5, r <= 1.5 ? "PASS" : "FAIL"
	exit r <= 1.5 ? 0 : 1
}'
