# A chat message with <script>, a Markdown pipe, a terminal escape and a
# =HYPERLINK formula (data/timeline/escape.tsv) comes out inert in HTML:
# no element but wake's, no raw control byte, the page still checks.
wake-timeline --no-cause --all --html data/timeline/escape.tsv > page.html
sh "$TOP/tests/htmlcheck.sh" -q page.html || echo "htmlcheck failed"
echo "script elements: $(grep -ci '<script' page.html)"
echo "img elements: $(grep -ci '<img' page.html)"
echo "raw ESC or BEL: $(grep -c "$(printf '[\033\007]')" page.html)"
echo "raw RLO: $(grep -c "$(printf '\342\200\256')" page.html)"
sed -n '/<tbody>/,/<\/tbody>/p' page.html | sed -n '/wk-msg/p'
