# TSV: full times, intervals in seconds, summary as a second table
wake-intervals --tsv data/intervals/events.tsv
