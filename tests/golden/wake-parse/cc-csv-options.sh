# --map and --set are checked: KEY=VALUE items; kind and sev known.
wake-parse --map 'ts' x.csv
echo "exit $?"
wake-parse --set 'kind=phone' x.csv
echo "exit $?"
wake-parse --set 'sev=loud' x.csv
echo "exit $?"
wake-parse --map '=Start' x.csv
echo "exit $?"
# A column the header lacks: records are raw events, told with -v;
# without a time they take the file's.
printf 'Start,Agent\n2024-02-22 10:00:00,a\n' > x.csv
touch -t 202402221000 x.csv
wake-parse -v -f csv --map 'ts=Begin' x.csv
