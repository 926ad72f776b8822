# .gz input: the same tokens as the plain file
gzip -c data/redact/mixed.log > mixed.log.gz
wake-redact --key-file data/redact/test.key --text mixed.log.gz > a
wake-redact --key-file data/redact/test.key --text data/redact/mixed.log > b
cmp a b && cat a
gzip -c data/redact/events.tsv | wake-redact --key-file data/redact/test.key
