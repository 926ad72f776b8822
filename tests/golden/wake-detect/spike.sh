# A burst of errors with an alert, an ack, a rollback and an all clear:
# the events come through unchanged, then the incident's phase events
n=$(wc -l < data/detect/spike.tsv)
wake-detect --incidents inc.tsv data/detect/spike.tsv > out.tsv
head -n "$n" out.tsv | cmp - data/detect/spike.tsv && echo "events unchanged"
tail -n +"$((n + 1))" out.tsv
cat inc.tsv
