# Asterisk queue_log: a support center's morning (hand-made), every
# event type, a custom one kept as event=other.  Detected, and the
# same with -f; --stats accounts for the comment lines.
wake-parse --stats data/callcenter/queue_log > auto.tsv 2> stats.txt
wake-parse -f queue_log data/callcenter/queue_log > forced.tsv
cmp auto.tsv forced.tsv && cat auto.tsv
sed 's/seconds=[0-9.]*/seconds=S/' stats.txt
