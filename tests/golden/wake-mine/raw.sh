# Plain lines: masks, Japanese, invalid UTF-8, CRLF
wake-mine --raw -2 data/mine/lines.txt
echo ---
wake-mine --raw --templates t.tsv data/mine/lines.txt > /dev/null
cut -f1,2,5 t.tsv
echo ---
wake-mine --raw --no-mask --templates t.tsv data/mine/lines.txt > /dev/null
cut -f1,2,5 t.tsv
echo ---
wake-mine --raw --mask ip --templates t.tsv data/mine/lines.txt > /dev/null
cut -f1,2,5 t.tsv
echo ---
wake-mine --raw --mask all --templates t.tsv data/mine/lines.txt > /dev/null
cut -f2,5 t.tsv
