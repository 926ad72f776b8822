# A failed write is fatal: exit 2
wake-detect data/detect/spike.tsv > /dev/full
