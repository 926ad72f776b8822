# CSV (RFC 4180, CRLF) with a column per zone.
wake-timeline --csv --no-cause --tz America/New_York \
    --tz America/Chicago data/timeline/incident.tsv.gz
