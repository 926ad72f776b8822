#!/bin/sh
# A sharded run equals one run: a file split in four, each part mined
# with --state, the four states merged with --merge, gives the same
# templates with the same counts (the "src template count" of each
# state line) as mining the whole file.  Over the outage sample's
# events (wake-parse output) and, when $CORPUS has them, the raw lines
# of each loghub-2k dataset.  TAP on stdout.
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=${WAKE_BUILD:-$top/build}/bin:$PATH
CORPUS=${CORPUS:-$top/../shared/corpus}
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! command -v wake-mine > /dev/null 2>&1; then
	echo "not ok - wake-mine not built"
	exit 1
fi

# shard NAME FILE [wake-mine options]: one TAP line.
shard() {
	name=$1 file=$2
	shift 2
	rm -f "$tmp"/part.* "$tmp"/*.st
	split -n l/4 "$file" "$tmp/part."
	wake-mine "$@" --state "$tmp/whole.st" "$file" > /dev/null ||
	    { echo "not ok - $name: whole run failed"; return; }
	for p in "$tmp"/part.a?; do
		wake-mine "$@" --state "$p.st" "$p" > /dev/null ||
		    { echo "not ok - $name: run on $p failed"; return; }
	done
	wake-mine --merge -o "$tmp/merged.st" "$tmp"/part.a?.st ||
	    { echo "not ok - $name: merge failed"; return; }
	grep -v '^#' "$tmp/whole.st" | cut -f1,2,7 | sort > "$tmp/w"
	grep -v '^#' "$tmp/merged.st" | cut -f1,2,7 | sort > "$tmp/m"
	n=$(wc -l < "$tmp/w" | tr -d ' ')
	if [ "$n" -gt 0 ] && cmp -s "$tmp/w" "$tmp/m"; then
		echo "ok - $name: $n templates, merged = whole"
	else
		echo "not ok - $name: merged differs from whole"
		diff "$tmp/w" "$tmp/m" | head -5 | sed 's/^/# /'
	fi
}

if command -v wake-parse > /dev/null 2>&1; then
	wake-parse --tz UTC "$top/samples/outage/core-syslog.log" \
	    "$top/samples/outage/app.jsonl" "$top/samples/outage/access.log" \
	    "$top/samples/outage/router.log" > "$tmp/events.tsv" 2> /dev/null
	shard "outage events" "$tmp/events.tsv"
	shard "outage events, --no-src" "$tmp/events.tsv" --no-src
else
	echo "ok - outage events # SKIP wake-parse not built"
fi
shard "outage app.jsonl lines" "$top/samples/outage/app.jsonl" --raw

for d in Apache BGL HDFS Linux OpenSSH OpenStack Spark Zookeeper; do
	f=$CORPUS/loghub-2k/$d/${d}_2k.log
	if [ -f "$f" ]; then
		shard "loghub-2k $d" "$f" --raw
	else
		echo "ok - loghub-2k $d # SKIP no corpus"
	fi
done
