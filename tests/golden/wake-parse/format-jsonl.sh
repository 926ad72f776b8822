# JSON Lines with guessed field names.
wake-parse data/parse/app.jsonl
