# --stats accounts for every line: lines = events + folded + raw +
# rejected + skipped; a total over several inputs.
printf "\n" >> blank.log
cat data/parse/mixed.log >> blank.log
wake-parse --year 2024 --stats data/parse/worker.log blank.log 2>&1 >/dev/null |
    sed "s/seconds=[0-9.]*/seconds=S/"
