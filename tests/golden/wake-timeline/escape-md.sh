# The same messages in Markdown: pipes escaped so the table keeps its
# columns, no raw HTML tag, no raw control byte, no line break in a row.
wake-timeline --no-cause --all --md data/timeline/escape.tsv > pm.md
echo "raw ESC or BEL: $(grep -c "$(printf '[\033\007]')" pm.md)"
echo "raw tags: $(grep -c '<[a-z/]' pm.md | tr -d ' ') (only <br> may stay: \
$(grep -o '<[a-z/][a-z]*' pm.md | sort -u | tr '\n' ' '))"
# Every timeline row has the header's column count (unescaped pipes).
sed -n '/^## Timeline/,/^## Root/p' pm.md | grep '^|' |
    sed 's/\\|//g' | awk -F'|' '{ print NF - 2 }' | sort | uniq -c
cat pm.md
