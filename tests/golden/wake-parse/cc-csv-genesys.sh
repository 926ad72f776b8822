# A Genesys-like interactions export (CRLF, BOM, US dates): columns
# mapped with --map, a constant with --set, US Eastern time.  The
# same with -f csv; then without --map/--set (columns guessed).
set -- --tz America/New_York --map 'ts=Start Time,host=Agent' \
    --map 'msg=Wrap-up Code' --set kind=call,site=nyc
wake-parse "$@" data/callcenter/genesys_interactions.csv > auto.tsv
wake-parse -f csv "$@" data/callcenter/genesys_interactions.csv > forced.tsv
cmp auto.tsv forced.tsv && cat auto.tsv
wake-parse --tz America/New_York data/callcenter/genesys_interactions.csv |
    head -2
