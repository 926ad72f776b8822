# --sort with JSON output, spilled, equals the in-memory sort
awk 'BEGIN { srand(3); for (i = 0; i < 500; i++) { s = int(rand() * 100); printf "2024-02-22T10:00:%02d.000Z\tnet\th\tinfo\tlog\tmsg %d\t\n", s % 60, i } }' > shuf.tsv
wake-merge -J --sort shuf.tsv > mem.out
wake-merge -J --sort --buffer-size 2K shuf.tsv > spill.out
cmp mem.out spill.out && echo same
head -2 mem.out
