# Empty input: nothing out; -c says 0
: > empty.tsv
wake-grep -e x empty.tsv
wake-grep --since -1h < /dev/null
wake-grep -c empty.tsv
