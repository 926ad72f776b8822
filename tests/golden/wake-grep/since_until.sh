# Absolute --since (inclusive) and --until (exclusive) in the forms
# wake_time_parse_arg takes; --tz for zone-less times
wake-grep --since 2024-02-22T04:00:13Z --until "2024-02-22 04:05" data/grep/incident.tsv
echo ---
wake-grep --tz Asia/Tokyo --since "2024-02-22 13:30" data/grep/incident.tsv
echo ---
wake-grep --until @1708574400 data/grep/incident.jsonl
