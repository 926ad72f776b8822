# The window from phase events that come at the end of the stream (as
# wake-detect writes them), on stdin (read twice through a spool file),
# by --incident and by default (the first incident).
cat data/cause/incident.ev data/cause/incident-phases.ev | wake-cause
echo ---
cat data/cause/incident.ev data/cause/incident-phases.ev |
    wake-cause -J --incident INC-20240222-2 --evidence 1
