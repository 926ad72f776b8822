# --redact-key: no caller number of the queue_log reaches the folder.
printf 'a key for this test only, not a secret\n' > key
wake-postmortem -q -o pm --redact-key key --year 2024 \
    samples/outage/queue_log || exit
# The sample's callers are NPA-555-01XX numbers; any left would count
# (the pseudonyms, <phone:HEX>, are taken out first: hex may hold 5550).
echo "callers left: $(zcat pm/events.tsv.gz | sed 's/<phone:[0-9a-f]*>//g' |
    grep -c '5550[0-9][0-9][0-9]')"
echo "events: $(zcat pm/events.tsv.gz | wc -l)"
echo "pseudonyms: $(zcat pm/events.tsv.gz | grep -c '<phone:')"
