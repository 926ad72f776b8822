# Lines that are not events are copied as they came and reported with
# file:line; metadata lines pass too
printf '#wake events 1\nnot an event\n2024-03-04T00:00:00.000Z\tweb\t-\terr\tlog\tx\t\n2024-03-04T00:00:01.000Z\tweb\t-\tbogus\tlog\tx\t\n' > bad.tsv
wake-detect bad.tsv
