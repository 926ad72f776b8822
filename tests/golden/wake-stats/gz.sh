# .gz input, as a file and on stdin
gzip -c data/stats/calls.tsv > calls.tsv.gz
wake-stats --calls --by attr:queue calls.tsv.gz
wake-stats --calls - < calls.tsv.gz
