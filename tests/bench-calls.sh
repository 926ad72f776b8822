#!/bin/sh
# The call-center rows of the `make bench` table: wake-parse on a long
# Asterisk queue_log and wake-stats --calls --bin 5m on its events, each
# beside LC_ALL=C grep -c . on the same file in the same run.  lines/s
# is input lines (queue_log lines, or events) per second.
#
# The queue_log is made by wake-gen queue_log (calls of three queues, a
# few hundred open at a time) and its events by wake-parse, kept in the
# bench directory (tests/bench-lib.sh) and reused.
# Usage: tests/bench-calls.sh [BUILDDIR]
# Env: as tests/bench-lib.sh; WAKE_BENCH_CALL_LINES (lines of the
# queue_log, default 1500000).
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
name=bench-calls
. "$top/tests/bench-lib.sh"
bench_setup
bench_need wake-gen wake-parse wake-stats
lines=${WAKE_BENCH_CALL_LINES:-1500000}

# The names carry the data version: bump it when wake-gen queue_log's
# output changes.
ql=$dir/queue_log-v1-$lines.log
ev=$dir/calls-events-v1-$lines.tsv
if [ ! -s "$ql" ]; then
	echo "$name: writing $ql" >&2
	"$bin/wake-gen" queue_log --lines "$lines" --seed 1 > "$ql.tmp" &&
	    mv "$ql.tmp" "$ql" || bench_die "wake-gen queue_log failed"
fi
if [ ! -s "$ev" ] || [ "$ev" -ot "$ql" ]; then
	echo "$name: writing $ev" >&2
	"$bin/wake-parse" -f queue_log "$ql" > "$ev.tmp" &&
	    mv "$ev.tmp" "$ev" || bench_die "wake-parse failed"
fi
cat "$ql" "$ev" > /dev/null
# GNU grep stops at the first match when its output is /dev/null.
bench_row "LC_ALL=C grep -c . (queue_log)" "grep -c . '$ql' > '$tmp/n'" \
    "$ql"
bench_row "wake-parse queue_log" "'$bin/wake-parse' '$ql' > /dev/null" "$ql"
bench_row "LC_ALL=C grep -c . (events)" "grep -c . '$ev' > '$tmp/n'" "$ev"
bench_row "wake-stats --calls --bin 5m" \
    "'$bin/wake-stats' --calls --bin 5m '$ev' > /dev/null" "$ev"
