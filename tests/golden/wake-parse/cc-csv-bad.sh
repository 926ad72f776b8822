# Bad CSV: a quote left open, a record with too few fields, one with no
# time.  With -f csv: the open quote and the record after it become one
# raw event (csv_error=), the others raw events, told with -v; nothing
# is lost.  A quote still open at the end of the input: its lines become
# one raw event (csv_error="unterminated quoted field"), said on stderr.
printf '%s\n' 'time,agent,note' '2024-02-22 10:00:00,a,ok' \
    '2024-02-22 10:00:01,b,"open quote' '2024-02-22 10:00:02,c,next' \
    '2024-02-22 10:00:03,d' 'soon,e,x' '2024-02-22 10:00:04,f,"multi' \
    'line"' '2024-02-22 10:00:05,g,"never closed' 'more' > bad.csv
wake-parse -f csv -v --stats bad.csv 2> err.txt
sed 's/seconds=[0-9.]*/seconds=S/' err.txt
# Not enough of it is CSV for detection: another format reads it.
wake-parse --stats bad.csv 2>&1 >/dev/null |
    sed 's/seconds=[0-9.]*/seconds=S/'
