# Zone-less stamps read in --tz; exact offsets are kept.
wake-parse --tz Asia/Tokyo --year 2024 data/parse/rfc3164.log data/parse/rfc5424.log
