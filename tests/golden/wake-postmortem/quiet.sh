# An input without an incident: the folder says so, exit 0.
wake-postmortem -o pm data/parse/app.logfmt
cat pm/incidents.tsv pm/intervals.txt pm/timeline.md
