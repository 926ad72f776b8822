# Shared by the bench scripts (sourced): the data file, timing, rows in
# the columns of tests/bench.sh (what, seconds, MB/s, lines/s, peak RSS).
# The sourcing script sets `name` (for messages), B, top; then calls
# bench_setup.

bench_die() {
	echo "$name: $*" >&2
	exit 2
}

# bench_setup: the bench syslog file ($plain), made once by wake-gen as
# tests/bench.sh makes it, in WAKE_BENCH_DIR or the cache; $tmp.
bench_setup() {
	bin=$top/$B/bin
	dir=${WAKE_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wake-bench}
	runs=${WAKE_BENCH_RUNS:-3}
	size=${WAKE_BENCH_BYTES:-1073741824}
	export LC_ALL=C
	mkdir -p "$dir" || bench_die "cannot create $dir"
	tmp=$(mktemp -d) || bench_die "mktemp failed"
	trap 'rm -rf "$tmp"' EXIT INT TERM
	plain=$dir/syslog-v1-$size.log
	if [ ! -s "$plain" ]; then
		echo "$name: writing $plain" >&2
		"$bin/wake-gen" syslog --bytes "$size" --seed 1 \
		    > "$plain.tmp" && mv "$plain.tmp" "$plain" ||
		    bench_die "wake-gen syslog failed"
	fi
	if [ -x /usr/bin/time ] &&
	    /usr/bin/time -f %M -o "$tmp/t" true 2>/dev/null; then
		gnutime=1
	else
		gnutime=
	fi
}

# bench_events: $events, wake-parse's output for $plain, made once.
bench_events() {
	events=$dir/syslog-v1-$size.events.tsv
	if [ ! -s "$events" ] || [ "$events" -ot "$plain" ]; then
		echo "$name: writing $events" >&2
		"$bin/wake-parse" --tz UTC --year 2024 "$plain" \
		    > "$events.tmp" && mv "$events.tmp" "$events" ||
		    bench_die "wake-parse failed"
	fi
}

# bench_need TOOL...: each built, or stop.
bench_need() {
	for t in "$@"; do
		[ -x "$bin/$t" ] || bench_die "$bin/$t not built (make B=$B all)"
	done
}

bench_now() {
	case $(date +%N) in
	*N*) echo $(($(date +%s) * 1000000000));;
	*) date +%s%N;;
	esac
}

# bench_row LABEL CMD FILE: best of $runs; sets $best (ns) and prints the
# row, with MB/s and lines/s of FILE.
bench_row() {
	label=$1 cmd=$2 file=$3
	best= rss=0 r=0
	while [ "$r" -lt "$runs" ]; do
		r=$((r + 1))
		t0=$(bench_now)
		if [ -n "$gnutime" ]; then
			/usr/bin/time -f %M -o "$tmp/rss" sh -c "$cmd" ||
			    bench_die "failed: $cmd"
			k=$(tail -1 "$tmp/rss")
			[ "$k" -gt "$rss" ] && rss=$k
		else
			sh -c "$cmd" || bench_die "failed: $cmd"
			rss=-
		fi
		ns=$(($(bench_now) - t0))
		if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then
			best=$ns
		fi
	done
	awk -v l="$label" -v ns="$best" -v b="$(wc -c < "$file")" \
	    -v n="$(wc -l < "$file")" -v rss="$rss" 'BEGIN {
		s = ns / 1e9
		if (s <= 0)
			s = 1e-9
		printf "%-30s %8.3f %9.1f %12.0f %10s\n", l, s, b / 1e6 / s,
		    n / s, rss == "-" ? "n/a" : sprintf("%.1f MiB", rss / 1024)
	}'
}
