# CRLF line ends are read as LF
sed "s/\$/\r/" data/merge/a.tsv > crlf.tsv
wake-merge crlf.tsv data/merge/b.tsv
