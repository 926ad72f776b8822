# Lines no format understands go to --rejects instead of raw events.
wake-parse --year 2024 --rejects rej.txt --stats data/parse/mixed.log 2> stats.txt
sed "s/seconds=[0-9.]*/seconds=S/" stats.txt
cat rej.txt
