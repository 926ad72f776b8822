# A failed write to stdout is fatal: exit 2.
wake-parse --year 2024 data/parse/router.log > /dev/full
