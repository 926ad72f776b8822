#!/bin/sh
# Rows of the `make bench` table for wake-detect over an event stream, in
# the columns of tests/bench.sh (what, seconds, MB/s, lines/s, peak RSS):
# with -q (phase events only) and passing every event through.  lines/s
# is events per second; the target is 2 million.
#
# The events are wake-parse's output for the bench syslog file (made by
# wake-gen like tests/bench.sh makes it), kept beside it as
# stats-events-*.tsv in the bench directory, WAKE_BENCH_DIR or
# ${XDG_CACHE_HOME:-$HOME/.cache}/wake-bench, made once and reused.
# Best of WAKE_BENCH_RUNS runs (default 3).
#
# Usage: tests/bench-detect.sh [BUILDDIR]
# Env: WAKE_BENCH_DIR, WAKE_BENCH_RUNS, WAKE_BENCH_BYTES (syslog size);
# WAKE_BENCH_GREP=1 prints a row for LC_ALL=C grep -c . on the same file
# first, to compare with.
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/$B/bin
dir=${WAKE_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wake-bench}
runs=${WAKE_BENCH_RUNS:-3}
size=${WAKE_BENCH_BYTES:-1073741824}
export LC_ALL=C

die() {
	echo "bench-detect: $*" >&2
	exit 2
}

for t in wake-gen wake-parse wake-detect; do
	[ -x "$bin/$t" ] || die "$bin/$t not built (make B=$B all)"
done
mkdir -p "$dir" || die "cannot create $dir"
tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT INT TERM

# The names carry the data version of tests/bench.sh; the events file is
# the one tests/bench-stats.sh makes, shared.
v=v1
plain=$dir/syslog-$v-$size.log
ev=$dir/stats-events-$v-$size.tsv
if [ ! -s "$plain" ]; then
	echo "bench-detect: writing $plain" >&2
	"$bin/wake-gen" syslog --bytes "$size" --seed 1 > "$plain.tmp" &&
	    mv "$plain.tmp" "$plain" || die "wake-gen syslog failed"
fi
if [ ! -s "$ev" ] || [ "$ev" -ot "$plain" ]; then
	echo "bench-detect: writing $ev" >&2
	"$bin/wake-parse" --tz UTC --year 2024 "$plain" > "$ev.tmp" &&
	    mv "$ev.tmp" "$ev" || die "wake-parse failed"
fi
nbytes=$(wc -c < "$ev" | tr -d ' ')
nlines=$(wc -l < "$ev" | tr -d ' ')

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

# row LABEL CMD: best of $runs, printed as a row of the bench table.
row() {
	label=$1 cmd=$2
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

# Into the page cache once, so that run 1 is not a disk benchmark.
cat "$ev" > /dev/null
if [ -n "$WAKE_BENCH_GREP" ]; then
	row "LC_ALL=C grep -c . (events)" "grep -c . '$ev' > '$tmp/count'"
fi
row "wake-detect -q" \
    "'$bin/wake-detect' -q '$ev' > /dev/null"
row "wake-detect (events through)" \
    "'$bin/wake-detect' '$ev' > /dev/null"
