# Empty inputs give nothing, and are no error.
: > empty.log
wake-parse --stats empty.log < /dev/null 2>&1 | sed "s/seconds=[0-9.]*/seconds=S/"
wake-parse < /dev/null
