# A pattern that backtracks forever hits the match limit: the line
# counts as not matching, exit 1, no hang
awk 'BEGIN { printf "2024-02-22T04:00:00.000Z\tnet\tr1\terr\tlog\t"; for (i = 0; i < 5000; i++) printf "a"; printf "b\t\n"; printf "2024-02-22T04:00:01.000Z\tnet\tr1\terr\tlog\taaaa\t\n" }' > patho.tsv
wake-grep -e "(a+)+$" patho.tsv
