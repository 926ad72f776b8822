# A missing file between two good ones: both read, exit 1; a bad line
# is reported with file:line and skipped.
printf 'not an event\n' > bad.ev
wake-cause --max 2 --evidence 1 --window 2024-02-22T09:00:00Z..2024-02-22T10:00:00Z \
    data/cause/incident.ev nothere.ev bad.ev
