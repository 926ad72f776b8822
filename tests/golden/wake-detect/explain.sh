# --explain: per incident, the series and numbers, on stderr
wake-detect -q --explain data/detect/spike.tsv 2>&1 > /dev/null
