# A bad pattern is a usage error: exit 2
wake-grep -e "LINK-(3" data/grep/incident.tsv
