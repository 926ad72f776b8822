# Same input, same bytes; --now adds a "Generated" line
wake-report --html --end 2024-03-11 data/report/week.tsv > a.html
wake-report --html --end 2024-03-11 data/report/week.tsv > b.html
cmp a.html b.html && echo same
wake-report --text --end 2024-03-11 --now 2024-03-11T07:00:00Z \
    data/report/week.tsv | sed -n 2p
