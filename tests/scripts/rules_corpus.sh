#!/bin/sh
# The default rules against real data of $CORPUS (see its README.md):
# false positives.  The loghub-2k logs (Apache, BGL, HDFS, Linux,
# OpenSSH, OpenStack, Spark, Zookeeper: 16000 lines) hold no monitoring
# alert, change or human marker, and the Slack exports' 1556 messages
# (about data science meetups) hold no incident marker, nor do the
# access logs: the rules must leave all of them alone.  The counts per rule go to the TAP comments.
# TAP on stdout.
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=${WAKE_BUILD:-$top/build}/bin:$PATH
CORPUS=${CORPUS:-$top/../shared/corpus}

if [ ! -d "$CORPUS/loghub-2k" ]; then
	echo "ok - rules on loghub-2k # SKIP corpus absent"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# check NAME MAX FILE...: at most MAX events classified.
check() {
	name=$1 max=$2
	shift 2
	wake-parse --no-origin "$@" > "$tmp/out" 2> /dev/null
	n=$(wc -l < "$tmp/out" | tr -d ' ')
	hit=$(grep -c '	[^	]*rule=' "$tmp/out")
	grep -o 'rule=[^ ]*' "$tmp/out" | sort | uniq -c |
	    sed 's/^ */# /'
	if [ "$n" -gt 0 ] && [ "$hit" -le "$max" ]; then
		echo "ok - $name: $hit of $n events classified"
	else
		echo "not ok - $name: $hit of $n events classified (max $max)"
	fi
}

for d in "$CORPUS"/loghub-2k/*/; do
	f=$(ls "$d"*_2k.log 2>/dev/null | head -1)
	[ -n "$f" ] || continue
	check "loghub $(basename "$d")" 0 "$f"
done
if [ -d "$CORPUS/access-log" ]; then
	check "access logs" 0 $(find "$CORPUS/access-log" -type f -name '*log*' |
	    sort)
fi
S=$CORPUS/slack
for e in houstondatavis-slack-export hfaran-slack-export-viewer/testarchive \
    rusq-slackdump-fixture/source_export_dir; do
	if [ -d "$S/$e" ]; then
		check "slack $e" 0 "$S/$e"
	else
		echo "ok - slack $e # SKIP absent"
	fi
done
