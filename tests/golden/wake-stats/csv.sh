# CSV with its header row; values that could run as formulas are guarded
wake-stats --calls --by attr:queue --csv data/stats/calls.tsv
printf '2024-02-22T09:00:00.000Z\tnet\t=HYPERLINK("x")\tinfo\tlog\tm\tq="a,b"\n2024-02-22T09:00:01.000Z\tnet\t-\tinfo\tlog\tm\tq=-1\n' > odd.tsv
wake-stats --csv --by host,attr:q odd.tsv
