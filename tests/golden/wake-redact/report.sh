# --report counts on stderr what was replaced, by kind
wake-redact --key-file data/redact/test.key --report --text data/redact/mixed.log data/redact/chat.log > /dev/null
