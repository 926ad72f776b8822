# CRLF line ends are read as LF; output lines end in LF
sed "s/\$/\r/" data/grep/incident.tsv > crlf.tsv
wake-grep --kind chat crlf.tsv
wake-grep --since -90m crlf.tsv
