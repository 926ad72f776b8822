# tmpl= on log, alert and change events (not on chat); '#' lines pass;
# -2 writes each event with its template's final id
wake-mine data/mine/events.tsv
echo ---
wake-mine -2 --templates t.tsv data/mine/events.tsv | cut -f5,7
cat t.tsv
echo ---
wake-mine -2 --no-src --templates t.tsv data/mine/events.tsv > /dev/null
cut -f1,2,5 t.tsv
