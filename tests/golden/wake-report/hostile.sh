# A title, a template example, a host and a channel holding <script>,
# table pipes, a terminal escape, Markdown and a formula come out inert
# in each format
set -- --end 2024-03-11 --cause 'INC-|<x>=data/report/hostile-cause.jsonl' \
    data/report/hostile.tsv
wake-report --md "$@"
wake-report --text "$@"
wake-report -J "$@"
wake-report --html "$@" > h.html
grep -c '<script' h.html
grep -c "$(printf '\033')" h.html
sh "$TOP/tests/htmlcheck.sh" -q h.html; echo "htmlcheck $?"
