# A missing file between two good ones: both read, exit 1; a bad event
# line is skipped with file:line; a bad table row stops that table
printf '2024-03-04T00:00:00.000Z\twake\t-\t-\tphase\tx\tincident=I-1 phase=start\nnot an event\n' > bad.tsv
printf '#wake incidents 1\nid\tstart\nI-2\t2024-03-04T01:00:00.000Z\nI-3\tyesterday\nI-4\t-\n' > badtable.tsv
wake-intervals --tsv data/intervals/incidents.tsv missing.tsv bad.tsv badtable.tsv
echo "exit $?"
