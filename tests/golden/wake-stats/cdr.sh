# CDR records are whole calls; with queue events in a bin they are left out
wake-stats --calls data/stats/cdr.tsv
echo ---
wake-merge data/stats/calls.tsv data/stats/cdr.tsv | wake-stats --calls
