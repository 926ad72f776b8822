# A line over --max-line is cut, says by how much, and the run exits 1.
printf "Feb 22 09:58:12 r1 app: %0200d\n" 7 > long.log
printf "Feb 22 09:58:13 r1 app: short\n" >> long.log
wake-parse --year 2024 --max-line 64 --stats long.log 2> stats.txt
echo "exit $?"
sed "s/seconds=[0-9.]*/seconds=S/" stats.txt
