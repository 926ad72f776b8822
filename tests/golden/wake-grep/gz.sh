# .gz input made here, also with a time relative to its end
gzip -c data/grep/incident.tsv > incident.tsv.gz
wake-grep --sev crit incident.tsv.gz
echo ---
wake-grep --since -30m incident.tsv.gz
echo ---
wake-grep --since -30m - < incident.tsv.gz
