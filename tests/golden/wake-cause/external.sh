# An external cause (wake-gen external): a payment provider stops
# answering; the only change, CHG-5120, came 20 h before on db-07.  The
# external candidate must come first, the decoy not first (it is out of
# the 6h lookback: not listed, but named in the external summary).
wake-gen external ext || exit 1
(cd ext && wake-parse gateway.jsonl) > gw.ev
(cd ext && wake-parse syslog.log) > sys.ev
set --
grep -q '	change	' sys.ev || set -- data/cause/external-changes.ev
wake-merge gw.ev sys.ev "$@" > all.ev
wake-cause --window 2024-03-14T09:12:00Z..2024-03-14T10:05:00Z all.ev
echo ---
# a lookback long enough to reach the decoy: listed, below the external
wake-cause --lookback 24h --window 2024-03-14T09:12:00Z..2024-03-14T10:05:00Z all.ev |
    grep '^[0-9]'
