# Empty input: nothing out, in both modes
: > empty.tsv
wake-redact --key-file data/redact/test.key empty.tsv
wake-redact --key-file data/redact/test.key --text < /dev/null
echo "status $?"
