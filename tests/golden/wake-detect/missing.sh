# A missing file between two good ones: both read, exit 1
printf '2024-03-05T00:00:00.000Z\tweb\t-\terr\tlog\tlater\t\n' > later.tsv
wake-detect data/detect/declared.tsv no-such-file.tsv later.tsv > out.tsv
echo "exit $?"
grep -c . out.tsv
grep -c 'phase=' out.tsv
grep later out.tsv
