# A failed write is fatal: exit 2
wake-redact --key-file data/redact/test.key --text data/redact/mixed.log > /dev/full
