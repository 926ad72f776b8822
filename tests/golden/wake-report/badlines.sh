# Bad lines are skipped with file:line (exit 1), CRLF is fine, and an
# over-long line is skipped
sed 's/$/\r/' data/report/week.tsv > crlf.tsv
printf 'garbage line\n' >> crlf.tsv
awk 'BEGIN { printf "2024-03-05T00:00:00.000Z\tapp\t-\terr\tlog\t"; for (i = 0; i < 1100000; i++) printf "x"; printf "\t-\n" }' >> crlf.tsv
wake-report --text --end 2024-03-11 crlf.tsv > r.txt
echo "exit $?"
sed -n 5,7p r.txt
