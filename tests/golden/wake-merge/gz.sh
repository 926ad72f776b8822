# A .gz input made here, merged with a plain one and with stdin
gzip -c data/merge/a.tsv > a.tsv.gz
gzip -c data/merge/c.tsv | wake-merge a.tsv.gz data/merge/b.tsv -
