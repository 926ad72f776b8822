# JSON Lines, one entry a line, local times with their offsets.
wake-timeline -J --no-cause --tz America/New_York --tz America/Chicago \
    data/timeline/incident.tsv.gz
