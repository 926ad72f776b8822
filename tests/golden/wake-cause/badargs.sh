# Bad usage: exit 2 with a message.
wake-cause --window 2024-02-22T10:00:00Z data/cause/incident.ev
wake-cause --window 2024-02-22T10:00:00Z..2024-02-22T09:00:00Z data/cause/incident.ev
wake-cause --lookback soon --window 2024-02-22T09:00:00Z.. data/cause/incident.ev
wake-cause --max 0 --window 2024-02-22T09:00:00Z.. data/cause/incident.ev
wake-cause --bogus
