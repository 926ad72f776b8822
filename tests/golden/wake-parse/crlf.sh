# CRLF line ends give the same events as LF.
sed "s/\$/\r/" data/parse/rfc3164.log > crlf.log
wake-parse --year 2024 --no-origin crlf.log > crlf.out
wake-parse --year 2024 --no-origin data/parse/rfc3164.log | sed "s/rfc3164/crlf/" | cmp - crlf.out && cat crlf.out
