# JSON Lines in, as wake-grep -J writes it
wake-grep -J data/stats/log.tsv | wake-stats --by host,attr:tmpl
