# Event order does not matter: the stream reversed gives the same bytes
tac data/intervals/events.tsv > rev.tsv
wake-intervals data/intervals/events.tsv > a.txt
wake-intervals rev.tsv > b.txt
cmp a.txt b.txt && echo same
