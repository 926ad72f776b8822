# --users: every name of a Slack user (id, name, real_name, display name)
# becomes the one <user:...> token of that user
wake-redact --key-file data/redact/test.key --users data/redact/users.json --text data/redact/chat.log
echo ---
wake-redact --key-file data/redact/test.key --users data/redact/users.json data/redact/events.tsv | cut -f3,6,7
echo ---
mkdir -p export && cp data/redact/users.json export/ && echo '[]' > export/channels.json
wake-redact --key-file data/redact/test.key --users export --text data/redact/chat.log | head -1
wake-redact --key-file data/redact/test.key --users data/redact/mixed.log < /dev/null
echo "status $?"
