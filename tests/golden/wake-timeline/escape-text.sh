# The same messages for a terminal: ESC, BEL, CR, LF and the RLO override
# shown as escapes, even with --color=always (whose own codes are SGR
# only).
wake-timeline --no-cause --all --color=always data/timeline/escape.tsv > t.out
echo "ESC not starting an SGR of ours: $(sed 's/\x1b\[[0-9;]*m//g' t.out |
    grep -c "$(printf '\033')")"
echo "raw BEL, CR, RLO: $(grep -c "$(printf '[\007\r]\|\342\200\256')" t.out)"
wake-timeline --no-cause --all data/timeline/escape.tsv
