# Raw lines, English and Japanese: every phone number, address and card
# is replaced, timestamps, versions, ports, ids and trace ids are not
wake-redact --key-file data/redact/test.key --text data/redact/mixed.log
