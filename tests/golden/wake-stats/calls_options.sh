# Short abandons off and a 30 s service level; a 2 minute --max-call
# gives calls up as open (their late outcomes are not counted again)
wake-stats --calls --by attr:queue --short-abandon 0 --sl 30s data/stats/calls.tsv
echo ---
wake-stats --calls --by attr:queue --max-call 2m data/stats/calls.tsv
echo ---
wake-stats --calls --bin 5m --by attr:queue,attr:agent data/stats/calls.tsv
