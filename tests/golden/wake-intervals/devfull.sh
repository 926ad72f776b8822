# A failed write is exit 2; a closed pipe is quiet
wake-intervals data/intervals/events.tsv > /dev/full; echo "exit $?"
wake-intervals data/intervals/events.tsv | head -1
