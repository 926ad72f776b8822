# A key file shorter than 16 bytes, or missing: exit 2
printf 'short' > short.key
wake-redact --key-file short.key --text data/redact/mixed.log
wake-redact --key-file no-such.key --text data/redact/mixed.log
echo "status $?"
