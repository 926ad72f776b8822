# A closed pipe ends quietly.
awk "BEGIN { for (i = 0; i < 50000; i++) printf \"Feb 22 09:58:12 r1 app: line %d\\n\", i }" > big.log
wake-parse --year 2024 big.log | head -1
