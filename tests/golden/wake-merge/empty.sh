# Empty inputs: nothing out, exit 0
: > empty.tsv
wake-merge empty.tsv
wake-merge < /dev/null
wake-merge --sort empty.tsv - < /dev/null
