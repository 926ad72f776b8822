# --around TIME --window D: [TIME-D, TIME+D], 5m when no --window
wake-grep --around 2024-02-22T04:01:00Z --window 1m data/grep/incident.tsv
echo ---
wake-grep --around 2024-02-22T04:31:00Z data/grep/incident.tsv
echo ---
wake-grep --around -30m --window 1m data/grep/incident.tsv
