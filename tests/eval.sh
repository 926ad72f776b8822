#!/bin/sh
# `make eval`: template mining accuracy of wake-mine on the loghub-2k
# datasets in $CORPUS/loghub-2k (default ../shared/corpus): per dataset
# grouping accuracy (GA, against the original ground truth
# <D>_2k.log_structured.csv, as Drain's published figures are) and
# parsing accuracy (PA, against the corrected ground truth
# <D>_2k.log_structured_corrected.csv of Khan et al., the one
# Loghub-2.0 scores against; both in tests/eval/score.awk), beside
# Drain's published GA (Zhu et al., ICSE-SEIP 2019).
#
# One setting for all datasets: wake-mine's defaults.  The only
# per-dataset input is the header format that cuts the Content field
# out of each raw line, the log_format of Drain's own benchmark
# (logpai/logparser); see FORMATS below.  Lines are mined with --raw
# --two-pass, so each line gets its template's final id.
#
# Usage: tests/eval.sh [BUILDDIR]
# Env: CORPUS, WAKE_EVAL_ARGS (extra wake-mine options, to experiment).
# Exit 1 when a dataset's GA is below Drain's or the mean GA is below
# 0.90; 0 (with a note) when the corpus is absent.
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/$B/bin
CORPUS=${CORPUS:-$top/../shared/corpus}
lh=$CORPUS/loghub-2k
export LC_ALL=C

if [ ! -d "$lh" ]; then
	echo "eval: $lh not found: skipped"
	exit 0
fi
[ -x "$bin/wake-mine" ] || { echo "eval: $bin/wake-mine not built" >&2; exit 2; }
command -v perl > /dev/null || { echo "eval: perl needed" >&2; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# FORMATS: dataset, Drain's published GA, header format.
cat > "$tmp/formats" <<'FMT'
Apache	1.000	\[<Time>\] \[<Level>\] <Content>
BGL	0.963	<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>
HDFS	0.998	<Date> <Time> <Pid> <Level> <Component>: <Content>
Linux	0.690	<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>
OpenSSH	0.788	<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>
OpenStack	0.733	<Logrecord> <Date> <Time> <Pid> <Level> <Component> \[<ADDR>\] <Content>
Spark	0.920	<Date> <Time> <Level> <Component>: <Content>
Zookeeper	0.967	<Date> <Time> - <Level>  \[<Node>:<Component>@<Id>\] - <Content>
FMT

printf '%-10s %6s %6s %9s %9s\n' dataset GA PA "Drain GA" "GA>=Drain"
: > "$tmp/all"
while IFS='	' read -r d drain fmt; do
	dir=$lh/$d
	if [ ! -f "$dir/${d}_2k.log" ]; then
		printf '%-10s %6s %6s %9s %9s\n' "$d" - - "$drain" "missing"
		continue
	fi
	perl "$top/tests/eval/loghub.pl" content "$fmt" \
	    < "$dir/${d}_2k.log" > "$tmp/$d.content" || exit 2
	# shellcheck disable=SC2086
	"$bin/wake-mine" --raw -2 $WAKE_EVAL_ARGS \
	    --templates "$tmp/$d.tmpl" "$tmp/$d.content" > "$tmp/$d.pred" ||
	    exit 2
	perl "$top/tests/eval/loghub.pl" truth \
	    < "$dir/${d}_2k.log_structured.csv" > "$tmp/$d.ga" || exit 2
	cor=$dir/${d}_2k.log_structured_corrected.csv
	[ -f "$cor" ] || cor=$dir/${d}_2k.log_structured.csv
	perl "$top/tests/eval/loghub.pl" truth < "$cor" > "$tmp/$d.pa" ||
	    exit 2
	set -- $(awk -f "$top/tests/eval/score.awk" "$tmp/$d.tmpl" \
	    "$tmp/$d.pred" "$tmp/$d.ga" "$tmp/$d.pa")
	ok=$(awk -v g="$1" -v f="$drain" \
	    'BEGIN { if (g + 0 >= f + 0) print "yes"; else print "NO" }')
	printf '%-10s %6s %6s %9s %9s\n' "$d" "$1" "$2" "$drain" "$ok"
	echo "$d $1 $2 $drain $ok" >> "$tmp/all"
done < "$tmp/formats"
awk '{ ga += $2; pa += $3; dr += $4; n++; if ($5 != "yes") bad = 1 }
END {
	if (n == 0)
		exit 1
	m = ga / n
	printf "%-10s %6.3f %6.3f %9.3f %9s\n", "average", m, pa / n,
	    dr / n, (m >= 0.90 ? ">=0.90" : "<0.90")
	if (m < 0.90)
		bad = 1
	exit bad
}' "$tmp/all"
