# The hour New York's clocks fall back (2024-11-03, 01:00 to 01:59
# twice): a local time there is the earlier instant, unless that goes
# back in time by more than a little disorder; then the later one keeps
# the stream in order.  A minute back is disorder, not the fall.
printf '%s\n' \
    'Nov  3 00:59:00 gw app: before' \
    'Nov  3 01:30:00 gw app: first 01:30 (EDT)' \
    'Nov  3 01:45:00 gw app: 01:45 (EDT)' \
    'Nov  3 01:44:00 gw app: 01:44, a minute back (EDT)' \
    'Nov  3 01:59:59 gw app: last of EDT' \
    'Nov  3 01:00:05 gw app: clocks fell back (EST)' \
    'Nov  3 01:30:00 gw app: second 01:30 (EST)' \
    'Nov  3 02:00:00 gw app: after' > dst.log
wake-parse --year 2024 --tz America/New_York --no-origin dst.log | cut -f1,6,7
