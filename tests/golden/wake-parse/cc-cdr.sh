# Asterisk CDR (Master.csv, hand-made): one call event per record at
# its start, local time (--tz); quoted fields with commas and "".
# Detected, and the same with -f cdr.
wake-parse --tz Asia/Tokyo data/callcenter/Master.csv > auto.tsv
wake-parse -f cdr --tz Asia/Tokyo data/callcenter/Master.csv > forced.tsv
cmp auto.tsv forced.tsv && cat auto.tsv
# The JSON form of the first.
wake-parse -J --tz Asia/Tokyo data/callcenter/Master.csv | head -1
