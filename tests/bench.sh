#!/bin/sh
# `make bench`: wake-parse and wake-merge against the Unix tools that set
# the pace, on data made by wake-gen and kept outside the tree:
#
#   syslog-*.log     1 GiB of RFC 3164 syslog (wake-gen syslog)
#   syslog-*.log.gz  the same, by gzip -6 (gzip's and logrotate's default)
#   events-*.tsv     4 sorted event streams, ~250 MB in all (wake-gen
#                    events, 360000 lines each)
#
# in ${WAKE_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wake-bench}, made
# once and reused.  Each command runs WAKE_BENCH_RUNS times (default 3)
# and the best time counts.  MB/s counts the uncompressed input bytes
# (MB = 10^6 bytes); peak RSS is that of the largest process of the
# command, from GNU time (n/a without /usr/bin/time).  The ratios are
# throughputs, wake over reference, with their targets; the script exits
# 1 when one is missed.
#
# Usage: tests/bench.sh [BUILDDIR]
# Env: WAKE_BENCH_DIR, WAKE_BENCH_RUNS, WAKE_BENCH_BYTES (syslog size),
# WAKE_BENCH_EVENT_LINES (lines per event stream), for a quick run:
#   WAKE_BENCH_BYTES=50000000 WAKE_BENCH_EVENT_LINES=20000 tests/bench.sh
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/$B/bin
dir=${WAKE_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wake-bench}
runs=${WAKE_BENCH_RUNS:-3}
size=${WAKE_BENCH_BYTES:-1073741824}
evlines=${WAKE_BENCH_EVENT_LINES:-360000}
export LC_ALL=C

die() {
	echo "bench: $*" >&2
	exit 2
}

[ -x "$bin/wake-gen" ] || die "$bin/wake-gen not built (make B=$B all)"
mkdir -p "$dir" || die "cannot create $dir"
tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT INT TERM

# ---- data, made once (each file written aside, then renamed) ----
# The names carry the generator's data version: bump it when wake-gen's
# syslog or events output changes.
v=v1
plain=$dir/syslog-$v-$size.log
gz=$plain.gz
if [ ! -s "$plain" ]; then
	echo "bench: writing $plain" >&2
	"$bin/wake-gen" syslog --bytes "$size" --seed 1 > "$plain.tmp" &&
	    mv "$plain.tmp" "$plain" || die "wake-gen syslog failed"
fi
if [ ! -s "$gz" ] || [ "$gz" -ot "$plain" ]; then
	echo "bench: writing $gz (gzip -6)" >&2
	gzip -6 -c "$plain" > "$gz.tmp" && mv "$gz.tmp" "$gz" ||
	    die "gzip failed"
fi
evs=
i=0
for src in net app calls chat; do
	i=$((i + 1))
	f=$dir/events-$v-$evlines-$i.tsv
	if [ ! -s "$f" ]; then
		echo "bench: writing $f" >&2
		"$bin/wake-gen" events --lines "$evlines" --seed "$i" \
		    --src "$src" > "$f.tmp" && mv "$f.tmp" "$f" ||
		    die "wake-gen events failed"
	fi
	evs="$evs $f"
done

bytes() {
	wc -c < "$1" | tr -d ' '
}
plain_bytes=$(bytes "$plain")
plain_lines=$(wc -l < "$plain" | tr -d ' ')
ev_bytes=0
ev_lines=0
for f in $evs; do
	ev_bytes=$((ev_bytes + $(bytes "$f")))
	ev_lines=$((ev_lines + $(wc -l < "$f" | tr -d ' ')))
done

# ---- timing ----
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

# run NAME BYTES LINES CMD: best of $runs; appends to $tmp/results:
#   NAME seconds MB/s lines/s rss_kib
run() {
	name=$1 nbytes=$2 nlines=$3 cmd=$4
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
	echo "$name $best $nbytes $nlines $rss" >> "$tmp/results"
}

# Bring the files into the page cache once, so that run 1 is not a disk
# benchmark.
cat "$plain" "$gz" $evs > /dev/null

P="$bin/wake-parse --tz UTC --year 2024"
: > "$tmp/results"
# GNU grep stops at the first match when its output is /dev/null.
run grep "$plain_bytes" "$plain_lines" "grep -c . '$plain' > '$tmp/count'"
run zcat "$plain_bytes" "$plain_lines" "zcat '$gz' | wc -l > /dev/null"
run sort-m "$ev_bytes" "$ev_lines" "sort -m $evs > /dev/null"
if [ -x "$bin/wake-parse" ]; then
	run parse "$plain_bytes" "$plain_lines" "$P '$plain' > /dev/null"
	run parse-pipe "$plain_bytes" "$plain_lines" \
	    "$P '$plain' | cat > /dev/null"
	run parse-gz "$plain_bytes" "$plain_lines" "$P '$gz' > /dev/null"
fi
if [ -x "$bin/wake-merge" ]; then
	run merge "$ev_bytes" "$ev_lines" "$bin/wake-merge $evs > /dev/null"
fi

# ---- report ----
awk -v runs="$runs" -v dir="$dir" -v pb="$plain_bytes" -v pl="$plain_lines" \
    -v eb="$ev_bytes" -v el="$ev_lines" '
BEGIN {
	label["grep"] = "LC_ALL=C grep -c . (plain)"
	label["zcat"] = "zcat .gz | wc -l"
	label["sort-m"] = "LC_ALL=C sort -m (4 streams)"
	label["parse"] = "wake-parse plain > /dev/null"
	label["parse-pipe"] = "wake-parse plain | cat"
	label["parse-gz"] = "wake-parse .gz > /dev/null"
	label["merge"] = "wake-merge (4 streams)"
}
{
	s = $2 / 1e9
	if (s <= 0)
		s = 1e-9
	sec[$1] = s
	rss = $5 == "-" ? "n/a" : sprintf("%.1f MiB", $5 / 1024)
	printf "%-30s %8.3f %9.1f %12.0f %10s\n", label[$1], s,
	    $3 / 1e6 / s, $4 / s, rss
}
function ratio(what, w, ref, target,   r, ok) {
	if (!(w in sec) || !(ref in sec)) {
		printf "%-34s %7s   >= %4.2f   n/a (not built)\n", what, "-",
		    target
		return
	}
	r = sec[ref] / sec[w]
	ok = r >= target ? "PASS" : "FAIL"
	if (ok == "FAIL")
		failed = 1
	printf "%-34s %7.2f   >= %4.2f   %s\n", what, r, target, ok
}
BEGIN {
	printf "wake bench: data in %s, best of %d run(s)\n", dir, runs
	printf "  syslog %d bytes, %d lines (and its gzip -6); " \
	    "events 4 streams, %d bytes, %d lines\n\n", pb, pl, eb, el
	printf "%-30s %8s %9s %12s %10s\n", "what", "seconds", "MB/s",
	    "lines/s", "peak RSS"
}
END {
	printf "\n%-34s %7s   %s\n", "throughput, wake / reference",
	    "ratio", "target"
	ratio("wake-parse / grep -c .", "parse", "grep", 0.15)
	ratio("wake-parse | cat / grep -c .", "parse-pipe", "grep", 0.15)
	ratio("wake-parse .gz / zcat | wc -l", "parse-gz", "zcat", 0.80)
	ratio("wake-merge / sort -m", "merge", "sort-m", 1.0)
	exit failed
}' "$tmp/results"
st=$?

# The filters with targets of their own, each beside grep in its script.
echo
sh "$top/tests/bench-stats.sh" "$B" || st=1
echo
sh "$top/tests/bench-redact.sh" "$B" || st=1
for f in calls detect mine postmortem; do
	[ -f "$top/tests/bench-$f.sh" ] || continue
	echo
	sh "$top/tests/bench-$f.sh" "$B" || st=1
done
exit $st
