# irc, the bracketed form of bouncers and most clients: "[YYYY-MM-DD
# HH:MM:SS] <nick> text", then "[HH:MM:SS]" on the date seen last; "***"
# server lines; "* nick" actions; channel= from "#incident.2024-02-22.log"
# (the date in the name is not part of it).
wake-parse -R --stats 'data/chat/#incident.2024-02-22.log' 2> err.txt
sed 's/seconds=[0-9.]*/seconds=S/' err.txt
# Past midnight without a "Day changed" line: the next day.
printf '%s\n' '[2024-02-22 23:59:58] <a> late' '[00:00:03] <b> early' \
    '[00:01] <c> HH:MM will do' | wake-parse -R -f irc --no-origin
