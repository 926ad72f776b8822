# A missing file between two good ones: both read, exit 1
gzip -dc data/timeline/incident.tsv.gz > all.tsv
head -300 all.tsv > a.tsv
tail -n +301 all.tsv > b.tsv
wake-timeline --no-cause --max 4 a.tsv nope.tsv b.tsv; echo "exit $?"
# A line that is not an event: file:line, skipped, exit 1
printf 'not an event\n' | cat - data/timeline/escape.tsv |
    wake-timeline --no-cause --max 3 > o.txt; echo "exit $?"
head -2 o.txt
printf 'x\n' > bad.tsv
cat data/timeline/escape.tsv bad.tsv | wake-timeline --no-cause > /dev/null
echo "exit $?"
# Bad cause lines: said with file:line, skipped, exit 1
printf 'not json\n{"rank":3,"kind":"external"}\n' > cause.jsonl
wake-timeline --cause cause.jsonl --max 3 data/timeline/escape.tsv > /dev/null
echo "exit $?"
# Bad usage: exit 2
wake-timeline --tz Mars/Olympus_Mons data/timeline/escape.tsv; echo "exit $?"
wake-timeline --color=sometimes data/timeline/escape.tsv; echo "exit $?"
wake-timeline --max 0 data/timeline/escape.tsv; echo "exit $?"
wake-timeline --window 2024-02-22T10:00Z data/timeline/escape.tsv
echo "exit $?"
wake-timeline --nope 2> /dev/null; echo "exit $?"
# Empty input: no incident, exit 2
: | wake-timeline --no-cause; echo "exit $?"
# .gz and CRLF read as plain
gzip -c data/timeline/escape.tsv > e.tsv.gz
wake-timeline --no-cause --max 2 e.tsv.gz
sed 's/$/\r/' data/timeline/escape.tsv | wake-timeline --no-cause --max 2
# A full disk is exit 2; a closed pipe ends quietly
wake-timeline --no-cause data/timeline/incident.tsv.gz > /dev/full
echo "exit $?"
wake-timeline --no-cause data/timeline/incident.tsv.gz | head -1
