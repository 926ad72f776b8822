# An Amazon-Connect-like export: notes in quoted fields span lines.
# The lines of such a record are counted as skipped, the record is one
# event at its last line.  The same with -f csv.
wake-parse --stats data/callcenter/connect_contacts.csv > auto.tsv \
    2> stats.txt
wake-parse -f csv data/callcenter/connect_contacts.csv > forced.tsv
cmp auto.tsv forced.tsv && cat auto.tsv
sed 's/seconds=[0-9.]*/seconds=S/' stats.txt
