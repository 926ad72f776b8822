# --color=always colours the rows (shown with cat -v); auto gives none
# when stdout is not a terminal, and NO_COLOR is respected.
wake-timeline --no-cause --color=always --max 6 data/timeline/incident.tsv.gz |
    cat -v
echo "auto, a pipe: $(wake-timeline --no-cause --color=auto \
    data/timeline/incident.tsv.gz | grep -c "$(printf '\033')") lines with ESC"
echo "never: $(wake-timeline --no-cause --color=never \
    data/timeline/incident.tsv.gz | grep -c "$(printf '\033')") lines with ESC"
