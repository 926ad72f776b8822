# A damaged .gz: the lines before the damage are parsed, the damage is
# reported, the next input is parsed, exit 1.
awk "BEGIN { for (i = 0; i < 20000; i++) printf \"Feb 22 09:58:12 r1 app: line %d of a long enough log\\n\", i }" > r.log
gzip -c r.log | head -c 20000 > r.log.1.gz
wake-parse --year 2024 r.log.1.gz data/parse/clf.log > out.tsv
st=$?
[ "$(grep -c "origin=r.log.1.gz" out.tsv)" -gt 1000 ] && echo "lines before the damage: kept"
grep -c "origin=data/parse/clf.log" out.tsv
exit $st
