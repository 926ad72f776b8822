# --table on an event stream is an error (exit 1); --events on a table
# reads its lines as events and says which are not
wake-intervals --table --tsv data/intervals/events.tsv; echo "exit $?"
wake-intervals --events --tsv data/intervals/incidents.tsv; echo "exit $?"
