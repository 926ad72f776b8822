# -J writes JSON Lines.
wake-parse -J --year 2024 data/parse/rfc3164.log data/parse/app.jsonl
