# -q: the phase events only; -o FILE
wake-detect -q -o phases.tsv data/detect/spike.tsv
cut -f1,7 phases.tsv | sed 's/ why=.*//'
