# JSON Lines in: JSON Lines phase events out
wake-detect -q data/detect/spike.jsonl
