# Events behind a written bin are not counted and are reported, exit 1;
# --late lets them in
printf '2024-02-22T09:00:10.000Z\tnet\tr1\tinfo\tlog\ta\t\n2024-02-22T09:05:00.000Z\tnet\tr1\tinfo\tlog\tb\t\n2024-02-22T09:00:20.000Z\tnet\tr1\tinfo\tlog\tc\t\n2024-02-22T09:01:20.000Z\tnet\tr1\tinfo\tlog\td\t\n' > disorder.tsv
wake-stats --late 10m disorder.tsv
wake-stats disorder.tsv
