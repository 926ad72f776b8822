#!/bin/sh
# The call-center rows of the `make bench` table, in the columns of
# tests/bench.sh (what, seconds, MB/s, lines/s, peak RSS): wake-parse on
# a long Asterisk queue_log and wake-stats --calls --bin 5m on its
# events, each beside LC_ALL=C grep -c . on the same file in the same
# run.  lines/s is input lines (queue_log lines, or events) per second.
#
# The queue_log is made by wake-gen queue_log (calls of three queues,
# a few hundred open at a time) and its events by wake-parse, kept as
# queue_log-*.log and calls-events-*.tsv in the bench directory,
# WAKE_BENCH_DIR or ${XDG_CACHE_HOME:-$HOME/.cache}/wake-bench, made
# once and reused.  Best of WAKE_BENCH_RUNS runs (default 3).
#
# Usage: tests/bench-calls.sh [BUILDDIR]
# Env: WAKE_BENCH_DIR, WAKE_BENCH_RUNS, WAKE_BENCH_CALL_LINES (lines of
# the queue_log, default 1500000); WAKE_BENCH_HEADER=1 prints the
# table's title and header row first (for running it alone).
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/$B/bin
dir=${WAKE_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wake-bench}
runs=${WAKE_BENCH_RUNS:-3}
lines=${WAKE_BENCH_CALL_LINES:-1500000}
export LC_ALL=C

die() {
	echo "bench-calls: $*" >&2
	exit 2
}

for t in wake-gen wake-parse wake-stats; do
	[ -x "$bin/$t" ] || die "$bin/$t not built (make B=$B all)"
done
mkdir -p "$dir" || die "cannot create $dir"
tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT INT TERM

# The names carry the data version: bump it when wake-gen queue_log's
# output changes.
v=v1
ql=$dir/queue_log-$v-$lines.log
ev=$dir/calls-events-$v-$lines.tsv
if [ ! -s "$ql" ]; then
	echo "bench-calls: writing $ql" >&2
	"$bin/wake-gen" queue_log --lines "$lines" --seed 1 > "$ql.tmp" &&
	    mv "$ql.tmp" "$ql" || die "wake-gen queue_log failed"
fi
if [ ! -s "$ev" ] || [ "$ev" -ot "$ql" ]; then
	echo "bench-calls: writing $ev" >&2
	"$bin/wake-parse" -f queue_log "$ql" > "$ev.tmp" &&
	    mv "$ev.tmp" "$ev" || die "wake-parse failed"
fi

if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o "$tmp/t" true 2>/dev/null
then
	gnutime=1
else
	gnutime=
fi
if [ "$(date +%N)" != N ] && [ "$(date +%N)" != %N ]; then
	now() { date +%s%N; }
	nsclock=1
else
	now() { date +%s; }
	nsclock=
fi

# row LABEL FILE CMD: best of $runs, printed as a row of the bench
# table; MB/s and lines/s count FILE.
row() {
	label=$1 file=$2 cmd=$3
	nbytes=$(wc -c < "$file" | tr -d ' ')
	nlines=$(wc -l < "$file" | tr -d ' ')
	best= rss=0
	r=0
	while [ "$r" -lt "$runs" ]; do
		r=$((r + 1))
		t0=$(now)
		if [ -n "$gnutime" ]; then
			/usr/bin/time -f %M -o "$tmp/rss" sh -c "$cmd" ||
			    die "failed: $cmd"
		else
			sh -c "$cmd" || die "failed: $cmd"
		fi
		t1=$(now)
		if [ -n "$nsclock" ]; then
			ns=$((t1 - t0))
		else
			ns=$(((t1 - t0) * 1000000000))
		fi
		if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then
			best=$ns
		fi
		if [ -n "$gnutime" ]; then
			k=$(tail -1 "$tmp/rss")
			[ "$k" -gt "$rss" ] && rss=$k
		fi
	done
	[ -n "$gnutime" ] || rss=-
	awk -v l="$label" -v ns="$best" -v b="$nbytes" -v n="$nlines" \
	    -v rss="$rss" 'BEGIN {
		s = ns / 1e9
		if (s <= 0)
			s = 1e-9
		printf "%-30s %8.3f %9.1f %12.0f %10s\n", l, s, b / 1e6 / s,
		    n / s, rss == "-" ? "n/a" : sprintf("%.1f MiB", rss / 1024)
	}'
}

if [ -n "$WAKE_BENCH_HEADER" ]; then
	printf "wake bench-calls: data in %s, best of %d run(s)\n" "$dir" \
	    "$runs"
	printf "  queue_log %d lines\n\n" "$lines"
	printf "%-30s %8s %9s %12s %10s\n" what seconds MB/s lines/s \
	    "peak RSS"
fi
# Into the page cache once, so that run 1 is not a disk benchmark.
cat "$ql" "$ev" > /dev/null
# GNU grep stops at the first match when its output is /dev/null.
row "LC_ALL=C grep -c . (queue_log)" "$ql" "grep -c . '$ql' > '$tmp/n'"
row "wake-parse queue_log" "$ql" "'$bin/wake-parse' '$ql' > /dev/null"
row "LC_ALL=C grep -c . (events)" "$ev" "grep -c . '$ev' > '$tmp/n'"
row "wake-stats --calls --bin 5m" "$ev" \
    "'$bin/wake-stats' --calls --bin 5m '$ev' > /dev/null"
