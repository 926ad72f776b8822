# The outage sample's planted new template, mined from app.jsonl: its
# TRUTH count (270) and first time (09:12:12.310Z)
wake-parse samples/outage/app.jsonl > app.tsv 2>/dev/null
wake-mine --templates t.tsv app.tsv > /dev/null
cut -f1-5 t.tsv
wake-mine -2 app.tsv | grep -c 'tmpl=97499765a7eab4b1'
