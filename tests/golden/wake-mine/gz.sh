# .gz input, and an over-long line (capped, never a crash)
gzip -c data/mine/lines.txt > l.gz
wake-mine --raw l.gz | cut -f1 | sort | uniq -c | sort -rn | head -3
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "w%d ", i; print "" }' > long.txt
wake-mine --raw --templates - long.txt | tail -1 | cut -c1-60
