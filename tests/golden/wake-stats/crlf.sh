# CRLF line ends are read as LF, in both readers
sed "s/\$/\r/" data/stats/log.tsv > crlf.tsv
wake-stats --by host crlf.tsv
wake-stats --by tmpl crlf.tsv
