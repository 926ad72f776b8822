# -o FILE
wake-grep -o out.tsv --kind chat data/grep/incident.tsv
cat out.tsv
