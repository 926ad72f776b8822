#!/bin/sh
# Real logs from $CORPUS (see its README.md): every loghub-2k dataset log
# and every access log must be read by wake-parse's format detection
# (or, for at most two datasets, a user format in tests/corpus/NAME.format)
# so that
#   - --stats accounts for every line: lines = events + folded + raw +
#     rejected + skipped, and
#   - at least 99% of the lines become non-raw events whose time lies in
#     the dataset's known date range, and the first event has the time
#     of the file's first line.
# TAP on stdout, one line per file.
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=${WAKE_BUILD:-$top/build}/bin:$PATH
CORPUS=${CORPUS:-$top/../shared/corpus}

if [ ! -d "$CORPUS/loghub-2k" ] && [ ! -d "$CORPUS/access-log" ]; then
	echo "ok - corpus # SKIP corpus absent"
	exit 0
fi
if ! command -v wake-parse >/dev/null 2>&1; then
	echo "not ok - wake-parse not built"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Known dates, by dataset (loghub) or file name (access logs):
#   NAME YEAR FROM TO FIRST
# YEAR is passed as --year for yearless stamps ("-": none).  FROM and TO
# (UTC dates, inclusive) are the real range widened by a day on each side
# for zones.  FIRST is the time of the first line read as UTC (the
# alternatives, split by '|', when a line holds two stamps).  Sources:
# the loghub READMEs ($CORPUS/loghub-2k/*/original-loghub/README.loghub.md)
# name the systems but not the dates, so the ranges come from the data:
#   Apache     [Sun Dec 04 04:47:44 2005] .. Dec 05 2005
#   BGL        2005-06-03 .. 2006-01-03: the date column; the epoch column
#              (1117838570 = 2005-06-03T22:42:50Z) is UTC, the
#              2005-06-03-15.42.50 stamp Livermore local time (PDT)
#   HDFS       081109 203615 .. 081111 (yymmdd, 2008-11-09 .. 11)
#   Linux      Jun 14 .. Jul 27, no year in the stamps; 2005 from the
#              ftpd lines ("at Fri Jun 17 07:07:00 2005")
#   OpenSSH    Dec 10 only, no year in the stamps or the README: 2016 is
#              an arbitrary pick that pins the yearless stamps
#   OpenStack  2017-05-16 (each line starts with its file name, which
#              holds another stamp, 2017-05-16_13:53:08: not the event's)
#   Spark      17/06/09 (yy/mm/dd, 2017-06-09)
#   Zookeeper  2015-07-29 .. 2015-08-25
# Access logs, converted to UTC with each line's offset: see the
# corpus README for what each file is.
known() {
	case $1 in
	Apache)		echo "- 2005-12-03 2005-12-06 2005-12-04T04:47:44";;
	BGL)		echo "- 2005-06-02 2006-01-04" \
			    "2005-06-03T22:42:50|2005-06-03T15:42:50";;
	HDFS)		echo "- 2008-11-08 2008-11-12 2008-11-09T20:36:15";;
	Linux)		echo "2005 2005-06-13 2005-07-28 2005-06-14T15:16:01";;
	OpenSSH)	echo "2016 2016-12-09 2016-12-11 2016-12-10T06:55:46";;
	OpenStack)	echo "- 2017-05-15 2017-05-17 2017-05-16T00:00:00";;
	Spark)		echo "- 2017-06-08 2017-06-10 2017-06-09T20:10:40";;
	Zookeeper)	echo "- 2015-07-28 2015-08-26 2015-07-29T17:41:44";;
	apache-access-darwin-2.4.23.log)
			echo "- 2016-12-25 2016-12-27 2016-12-26T14:16:28";;
	apache-access-test.log)
			echo "- 2016-12-25 2019-07-05 2016-12-26T14:16:29";;
	nginx-access-access.log)
			echo "- 2016-10-24 2020-06-10 2016-10-25T12:49:33";;
	nginx-access-test-with-host.log)
			echo "- 2016-01-21 2019-02-27 2016-12-07T10:05:07";;
	nginx-access-test.log)
			echo "- 2016-01-21 2018-04-13 2016-12-07T10:05:07";;
	apache_logs)	echo "- 2015-05-16 2015-05-21 2015-05-17T10:05:03";;
	logfile_shop_access_log.0)
			echo "- 2019-01-21 2019-01-23 2019-01-22T00:26:14";;
	esac
}

stat() {
	sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$tmp/stats"
}

check() {
	file=$1 name=$2
	rel=${file#"$CORPUS"/}
	set -- $(known "$name")
	if [ $# != 4 ]; then
		echo "not ok - $rel: no known date range for $name"
		return
	fi
	year=$1 from=$2 to=$3 first=$4
	set -- --stats --tz UTC
	[ "$year" != - ] && set -- "$@" --year "$year"
	[ -f "$top/tests/corpus/$name.format" ] &&
		set -- "$@" --format-file "$top/tests/corpus/$name.format"
	wake-parse "$@" "$file" > "$tmp/ev" 2> "$tmp/err"
	st=$?
	grep '^wake-parse: stats: ' "$tmp/err" > "$tmp/stats"
	if [ "$st" != 0 ] || [ ! -s "$tmp/stats" ]; then
		echo "not ok - $rel: wake-parse exit $st"
		sed 's/^/# /' "$tmp/err" | head -5
		return
	fi
	lines=$(stat lines) events=$(stat events) folded=$(stat folded)
	raw=$(stat raw) rej=$(stat rejected) skip=$(stat skipped)
	fmt=$(stat format)
	sum=$((events + folded + raw + rej + ${skip:-0}))
	good=$(awk -F'\t' -v from="$from" -v to="$to" '
	    /^#/ { next }
	    $5 != "raw" && substr($1, 1, 10) >= from &&
		substr($1, 1, 10) <= to { n++ }
	    END { print n + 0 }' "$tmp/ev")
	got1=$(grep -v '^#' "$tmp/ev" | head -1 | cut -c1-19)
	err=
	[ "$sum" = "$lines" ] ||
		err="$err lines=$lines but the parts add up to $sum;"
	[ $((good * 100)) -ge $((lines * 99)) ] ||
		err="$err only $good of $lines lines are events in $from..$to;"
	case "|$first|" in
	*"|$got1|"*) ;;
	*) err="$err first event at $got1, want $first;";;
	esac
	if [ -z "$err" ]; then
		echo "ok - $rel: format=$fmt, $good/$lines events in range"
	else
		echo "not ok - $rel: format=$fmt,$err"
		awk -F'\t' '$5 == "raw"' "$tmp/ev" | head -3 | cut -c1-200 |
		    sed 's/^/# /'
	fi
}

for f in "$CORPUS"/loghub-2k/*/*_2k.log; do
	[ -f "$f" ] || continue
	d=${f%/*}
	check "$f" "${d##*/}"
done
for f in "$CORPUS"/access-log/*/*; do
	[ -f "$f" ] || continue
	check "$f" "${f##*/}"
done
exit 0
