# A failed write to stdout: exit 2.
wake-cause --window 2024-02-22T09:00:00Z..2024-02-22T10:00:00Z data/cause/incident.ev > /dev/full
