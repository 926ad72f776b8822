# --state: saved, loaded (counts go on), merged; a state is canonical
wake-mine --raw --state s1 data/mine/lines.txt > /dev/null
cat s1
echo ---
wake-mine --raw --state s1 data/mine/lines.txt > /dev/null
cut -f2,7 s1
echo ---
head -4 data/mine/lines.txt > a.txt
tail -n +5 data/mine/lines.txt > b.txt
wake-mine --raw --state a.st a.txt > /dev/null
wake-mine --raw --state b.st b.txt > /dev/null
wake-mine --merge a.st b.st -o m.st
wake-mine --raw --state w.st data/mine/lines.txt > /dev/null
cut -f1,2,7 m.st > m.cut
cut -f1,2,7 w.st > w.cut
cmp m.cut w.cut && echo "merged = whole"
