# --field NAME[=KIND] replaces an attr (or host) whole; --no-default-fields
# forgets caller=, user=, ...
wake-redact --key-file data/redact/test.key --field host=user --field thread data/redact/events.tsv
echo ---
wake-redact --key-file data/redact/test.key --no-default-fields --mark data/redact/events.tsv
