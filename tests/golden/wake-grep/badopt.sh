# An unknown option: usage on stderr, exit 2
wake-grep --no-such-option data/grep/incident.tsv
