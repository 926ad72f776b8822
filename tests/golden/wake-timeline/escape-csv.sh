# The same messages in CSV: no cell a spreadsheet reads as a formula
# (= + - @ TAB CR first get a leading '), quotes doubled, RFC 4180.
wake-timeline --no-cause --all --csv data/timeline/escape.tsv > t.csv
if command -v python3 > /dev/null; then
	python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
bad = [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
print("cells: %d, formula cells: %d, widths: %s" % (sum(map(len, rows)),
    len(bad), sorted(set(map(len, rows)))))
' t.csv
else
	echo "cells: (python3 absent)"
fi
cat t.csv
