# JSON Lines in and out (-J); JSON input gives TSV without -J
wake-mine -2 -J data/mine/events.tsv | head -4
echo ---
wake-mine -J data/mine/events.tsv | wake-mine | tail -3
