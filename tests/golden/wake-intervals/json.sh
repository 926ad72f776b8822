# JSON: intervals in seconds, null when missing
wake-intervals -J data/intervals/events.tsv
