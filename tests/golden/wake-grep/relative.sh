# --since/--until relative to the last event (06:00 here), on a
# file read backwards, on stdin, and with "2h" meaning "-2h"
wake-grep --since -2h data/grep/incident.tsv
echo ---
cat data/grep/incident.tsv | wake-grep --since 2h --until -1h
echo ---
wake-grep -c --since -2h data/grep/incident.jsonl
printf "2024-02-22T06:30:00.000Z\tnet\tr9\tinfo\tlog\tlater\t\n" > later.tsv
wake-grep -c --since -1h data/grep/incident.tsv later.tsv
