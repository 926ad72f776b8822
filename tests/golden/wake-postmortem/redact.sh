# --redact: no caller number of the queue_log reaches the folder.
wake-postmortem -q -o pm --redact --year 2024 samples/outage/queue_log ||
    exit
# The sample's callers are NPA-555-01XX numbers; any left would count.
echo "callers left: $(zcat pm/events.tsv.gz | grep -c '5550[0-9][0-9][0-9]')"
echo "events: $(zcat pm/events.tsv.gz | wc -l)"
