# --src, --host, --kind lists (any of), --sev LEVEL or worse, ANDed
wake-grep --src calls,change data/grep/incident.tsv
echo ---
wake-grep --host core-r2 --host - data/grep/incident.tsv
echo ---
wake-grep --sev err data/grep/incident.tsv
echo ---
wake-grep --sev warning --kind log,alert data/grep/incident.jsonl
echo ---
wake-grep --src net --sev notice data/grep/incident.tsv
