# A post-mortem skeleton in Markdown, with cause candidates from a
# wake-cause -J file and two local time columns.
wake-timeline --md --cause data/timeline/cause.jsonl \
    --tz America/New_York --tz America/Chicago data/timeline/incident.tsv.gz
