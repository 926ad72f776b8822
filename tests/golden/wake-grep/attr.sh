# --attr KEY=VALUE exact, KEY~PATTERN, KEY present; all must hold
wake-grep --attr event=abandon data/grep/incident.tsv
echo ---
wake-grep --attr "thread~^4:0" data/grep/incident.tsv
echo ---
wake-grep --attr queue=support --attr "event~^(enter|answer)$" data/grep/incident.tsv
echo ---
wake-grep --attr change data/grep/incident.jsonl
