# Incident tables saved by wake-detect, with the events for the rest;
# a day's period
wake-report --text --end 2024-03-14 --period 7d data/intervals/incidents.tsv
wake-report --md --period 24h --end '2024-03-05T12:00:00Z' \
    data/intervals/events.tsv
