# Empty input: the header row only (TSV, CSV); nothing for JSON and charts
: > empty.tsv
wake-stats empty.tsv
wake-stats --calls --csv < /dev/null
wake-stats -J empty.tsv
wake-stats --chart empty.tsv
printf '#wake events 1\n' | wake-stats --calls --by attr:queue
