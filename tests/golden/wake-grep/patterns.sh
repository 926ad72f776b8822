# -e PCRE2 on msg (any of several), -i caseless, -v inverts, UTF-8
wake-grep -e "LINK-3" data/grep/incident.tsv
echo ---
wake-grep -e "state to up" -e "^caller" data/grep/incident.tsv
echo ---
wake-grep -i -e "link down" data/grep/incident.tsv
echo ---
wake-grep -e "落ちて" data/grep/incident.tsv
echo ---
wake-grep -v --src net -e "" data/grep/incident.tsv
