# .gz inputs and CRLF line ends
gzip -c data/intervals/events.tsv > ev.tsv.gz
sed 's/$/\r/' data/intervals/incidents.tsv > crlf.tsv
wake-intervals --tsv ev.tsv.gz crlf.tsv
