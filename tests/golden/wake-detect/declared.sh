# Markers without a rate anomaly: "is mail down?", an ack, a resolve are
# a declared incident; an alert that fires and clears alone is none
wake-detect -q --incidents inc.tsv data/detect/declared.tsv | cut -f1,6
cat inc.tsv
