# Without --key-file: a random key, said on stderr; two runs differ
wake-redact --text data/redact/mixed.log > r1
wake-redact --text data/redact/mixed.log > r2 2> /dev/null
cmp -s r1 r2 || echo "random keys: different tokens"
