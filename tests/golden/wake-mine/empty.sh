# Empty input: nothing out; the table has its header only
wake-mine < /dev/null
wake-mine --raw --templates t.tsv /dev/null
cat t.tsv
