# CRLF line ends are read as LF; output lines end in LF
sed "s/\$/\r/" data/redact/mixed.log > crlf.log
wake-redact --key-file data/redact/test.key --text crlf.log | od -c | grep -c '\\r'
wake-redact --key-file data/redact/test.key --text crlf.log | head -2
sed "s/\$/\r/" data/redact/events.tsv > crlf.tsv
wake-redact --key-file data/redact/test.key crlf.tsv | head -1
