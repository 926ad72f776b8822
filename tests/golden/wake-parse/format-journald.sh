# journalctl -o json export.
wake-parse data/parse/journald.json
