# Empty input: nothing out, an empty incident table
wake-detect --incidents inc.tsv < /dev/null
cat inc.tsv
