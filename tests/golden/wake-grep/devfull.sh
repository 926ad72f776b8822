# A failed write is fatal: exit 2
wake-grep --src net data/grep/incident.tsv > /dev/full
