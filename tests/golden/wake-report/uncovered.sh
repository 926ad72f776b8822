# --previous-period over events that begin inside the period: the week
# before is not in the input, so it is not compared (a week of nothing
# happening is not what the input says); where the input holds part of
# it, the header says from when.
wake-report --period 7d --end 2024-03-11 --previous-period \
    data/report/week.tsv | sed -n 3p
wake-report --period 4d --end 2024-03-11 --previous-period \
    data/report/week.tsv | sed -n 3p
