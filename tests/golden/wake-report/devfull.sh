# A failed write is exit 2; a closed pipe is quiet
wake-report --end 2024-03-11 data/report/week.tsv > /dev/full; echo "exit $?"
wake-report --end 2024-03-11 data/report/week.tsv | head -1
