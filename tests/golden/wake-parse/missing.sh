# A missing file between two good ones: both are parsed, exit 1.
wake-parse --year 2024 data/parse/router.log nonexistent.log data/parse/clf.log
