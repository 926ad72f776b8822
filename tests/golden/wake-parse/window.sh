# --since and --until keep [since, until).
wake-parse --year 2024 --since "2024-02-22 09:58:13" --until 2024-02-22T09:59:01Z \
    --stats data/parse/rfc3164.log 2> stats.txt
sed "s/seconds=[0-9.]*/seconds=S/" stats.txt
