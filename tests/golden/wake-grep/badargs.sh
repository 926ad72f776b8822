# Bad times, levels, kinds, attrs and zones are usage errors
wake-grep --since yesterday-ish data/grep/incident.tsv
wake-grep --sev loud data/grep/incident.tsv
wake-grep --kind log,bogus data/grep/incident.tsv
wake-grep --attr "=x" data/grep/incident.tsv
wake-grep --attr "k~(" data/grep/incident.tsv
wake-grep --window 5m data/grep/incident.tsv
wake-grep --tz Mars/Olympus --since "2024-02-22 04:00" data/grep/incident.tsv
