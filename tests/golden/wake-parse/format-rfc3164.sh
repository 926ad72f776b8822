# BSD syslog: no year (given with --year), no zone (TZ=UTC: tz=UTC).
wake-parse --year 2024 data/parse/rfc3164.log
