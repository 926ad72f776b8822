# JSON Lines in, JSON Lines out, the same tokens as from TSV; -J turns
# TSV into JSON Lines
wake-redact --key-file data/redact/test.key data/redact/events.jsonl > a
wake-redact --key-file data/redact/test.key -J data/redact/events.tsv > b
cmp a b && cat a
