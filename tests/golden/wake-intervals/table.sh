# An incident table, sniffed from its first line, and forced with --table
wake-intervals data/intervals/incidents.tsv
wake-intervals --table --tsv < data/intervals/incidents.tsv
