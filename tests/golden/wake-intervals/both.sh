# Tables and events together; the same table twice is one set of
# incidents; -i picks one
wake-intervals data/intervals/incidents.tsv data/intervals/events.tsv \
    data/intervals/incidents.tsv --tsv
wake-intervals -i INC-20240304-1 data/intervals/events.tsv
