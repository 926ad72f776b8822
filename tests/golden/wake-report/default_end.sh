# Without --end: the end of the last whole day of the input (Sunday);
# .gz inputs, in any order; stdin as -
gzip -c data/report/week.tsv > week.tsv.gz
wake-report --text week.tsv.gz - < data/report/prev-week.tsv | head -3
