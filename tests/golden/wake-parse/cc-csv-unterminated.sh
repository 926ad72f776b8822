# csv: a quote still open at the end of the input.  Its lines become one
# raw event (csv_error="unterminated quoted field") at the end, after the
# events before it; stderr says where (the last line) and the exit
# status is 1.  The line count still adds up (lines = events + raw +
# skipped).
printf '%s\n' 'time,agent,note' '2024-02-22 10:00:00,a,ok' \
    '2024-02-22 10:00:01,b,"never' 'closed, and' 'more' > open.csv
wake-parse -R -f csv --stats open.csv 2> err.txt
st=$?
sed 's/seconds=[0-9.]*/seconds=S/' err.txt >&2
exit $st
