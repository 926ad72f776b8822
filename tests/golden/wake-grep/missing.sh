# A missing file between two good ones: both read, exit 1
wake-grep --src chat data/grep/incident.tsv no-such-file.tsv data/grep/incident.jsonl
