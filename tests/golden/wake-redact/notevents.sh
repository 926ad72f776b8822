# Raw lines without --text: reported once per input and skipped (exit 1);
# a bad line inside an event stream is reported and left out
wake-redact --key-file data/redact/test.key data/redact/mixed.log
head -2 data/redact/events.tsv > some.tsv
echo 'caller 090-1234-5678 not an event' >> some.tsv
tail -1 data/redact/events.tsv >> some.tsv
wake-redact --key-file data/redact/test.key some.tsv
