# --mark shows what would be replaced, and as what
wake-redact --mark --key-file data/redact/test.key --text data/redact/mixed.log
