# --sort: a shuffled file, in memory and spilled to many runs (merged
# in passes: more than 64), the same bytes as a stable sort by time
awk 'BEGIN { srand(7); for (i = 0; i < 3000; i++) { s = int(rand() * 600); printf "2024-02-22T10:%02d:%02d.%03dZ\tsrc%d\th%d\tinfo\tlog\tmsg %d\tn=%d\n", s / 60, s % 60, int(rand() * 3) * 100, i % 3, i % 5, i, i } }' > shuf.tsv
wake-merge --sort shuf.tsv > mem.out
wake-merge --sort --buffer-size 4K -T . shuf.tsv > spill.out
wake-merge --sort --buffer-size 1k shuf.tsv > spill2.out
sort -s -t "	" -k1,1 shuf.tsv > want.out
cmp mem.out want.out && cmp spill.out want.out && cmp spill2.out want.out && echo same
ls wake-merge.* 2>/dev/null
wc -l < mem.out
head -3 mem.out
