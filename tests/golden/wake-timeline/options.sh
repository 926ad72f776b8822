# --max keeps the phases and gives each kind of entry its turn
wake-timeline --no-cause --max 10 data/timeline/incident.tsv.gz
echo ---
# --incident picks one; an unknown one is an error (exit 2)
wake-timeline --no-cause --incident INC-20240222-1 --max 3 \
    data/timeline/incident.tsv.gz | head -3
wake-timeline --no-cause --incident INC-19990101-9 \
    data/timeline/incident.tsv.gz; echo "exit $?"
echo ---
# --window without phase events: every event in it with --all
gzip -dc data/timeline/incident.tsv.gz | grep -v '	phase	' > nophase.tsv
wake-timeline --no-cause --window 2024-02-22T08:40:00Z..2024-02-22T08:41:30Z \
    --all nophase.tsv | grep -v '	call	' | grep -v ' calls ' | head -20
echo ---
# No phase events and no window: said, exit 2
wake-timeline --no-cause nophase.tsv; echo "exit $?"
# --lookback shorter than the change's lead drops it
wake-timeline --no-cause --lookback 1m -J data/timeline/incident.tsv.gz |
    grep -c '"category":"change"'
