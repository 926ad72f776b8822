# -c counts the selected events; -J writes JSON Lines
wake-grep -c --src net data/grep/incident.tsv
wake-grep -J --kind call data/grep/incident.tsv
wake-grep -J --since -1h data/grep/incident.tsv
