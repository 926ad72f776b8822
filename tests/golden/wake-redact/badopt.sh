# An unknown option: usage on stderr, exit 2
wake-redact --no-such-option data/redact/events.tsv
