# A missing file between two good ones: both read, exit 1
wake-redact --key-file data/redact/test.key data/redact/events.tsv no-such-file.tsv data/redact/events.jsonl
