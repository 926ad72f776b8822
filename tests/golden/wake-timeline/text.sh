# The timeline as text for a terminal (no colours: not a TTY), with
# New York and Chicago times beside UTC, on the hand-written incident
# (its phase events come last, as wake-detect writes them).
wake-timeline --no-cause --tz America/New_York --tz America/Chicago \
    data/timeline/incident.tsv.gz
