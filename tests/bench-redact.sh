#!/bin/sh
# wake-redact's part of `make bench`, called by tests/bench.sh: its
# throughput on the benchmark syslog, raw (--text) and as parsed events,
# beside LC_ALL=C grep -c . on the raw file.  Prints two table rows,
#
#   what  seconds  MB/s  ratio-to-grep  target
#
# (MB = 10^6 bytes of the file read; the ratio is of MB/s) and exits 1
# when a row is under its target of 200 MB/s.  The events file is made
# once by wake-parse --tz UTC --year 2024 beside the syslog and reused.
#
# Usage: tests/bench-redact.sh [BUILDDIR]
# Env: WAKE_BENCH_DIR, WAKE_BENCH_RUNS (best of; default 3),
# WAKE_BENCH_BYTES (which syslog-v1-SIZE.log), as tests/bench.sh.
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/$B/bin
dir=${WAKE_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wake-bench}
runs=${WAKE_BENCH_RUNS:-3}
size=${WAKE_BENCH_BYTES:-1073741824}
plain=$dir/syslog-v1-$size.log
events=$dir/syslog-v1-$size.events.tsv
target=200
export LC_ALL=C

die() {
	echo "bench-redact: $*" >&2
	exit 2
}

[ -x "$bin/wake-redact" ] || die "$bin/wake-redact not built (make B=$B all)"
[ -s "$plain" ] || die "$plain missing (tests/bench.sh makes it)"
tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT INT TERM
if [ ! -s "$events" ] || [ "$events" -ot "$plain" ]; then
	echo "bench-redact: writing $events" >&2
	"$bin/wake-parse" --tz UTC --year 2024 "$plain" > "$events.tmp" &&
	    mv "$events.tmp" "$events" || die "wake-parse failed"
fi
printf 'bench-redact key, not a secret\n' > "$tmp/key"
cat "$plain" "$events" > /dev/null

if [ "$(date +%N)" != N ] && [ "$(date +%N)" != %N ]; then
	now() { date +%s%N; }
	scale=1
else
	now() { date +%s; }
	scale=1000000000
fi

# best CMD: the best of $runs wall times, in ns.
best() {
	b=
	r=0
	while [ "$r" -lt "$runs" ]; do
		r=$((r + 1))
		t0=$(now)
		sh -c "$1" || die "failed: $1"
		t1=$(now)
		ns=$(((t1 - t0) * scale))
		if [ -z "$b" ] || [ "$ns" -lt "$b" ]; then
			b=$ns
		fi
	done
	echo "$b"
}

R="$bin/wake-redact --key-file '$tmp/key'"
g=$(best "grep -c . '$plain' > '$tmp/count'")
t=$(best "$R --text '$plain' > /dev/null")
e=$(best "$R '$events' > /dev/null")
pb=$(wc -c < "$plain" | tr -d ' ')
eb=$(wc -c < "$events" | tr -d ' ')

awk -v g="$g" -v t="$t" -v e="$e" -v pb="$pb" -v eb="$eb" \
    -v target="$target" '
function row(what, ns, bytes,   s, mbs, ok) {
	s = ns / 1e9
	if (s <= 0)
		s = 1e-9
	mbs = bytes / 1e6 / s
	ok = mbs >= target ? "PASS" : "FAIL"
	if (ok == "FAIL")
		failed = 1
	printf "%-30s %8.3f %9.1f %8.3f   >= %d MB/s %s\n", what, s, mbs,
	    mbs / gmbs, target, ok
}
BEGIN {
	gmbs = pb / 1e6 / (g > 0 ? g / 1e9 : 1e-9)
	row("wake-redact --text (plain)", t, pb)
	row("wake-redact (parsed events)", e, eb)
	exit failed
}'
