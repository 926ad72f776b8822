# irc, irssi's form: "HH:MM <nick> text" under "--- Log opened" and
# "--- Day changed" lines (understood, no events: skipped), nick modes,
# "* nick" actions, "-!-" server lines (join: the nick; others: none);
# Japanese and English text byte for byte; channel= from the file name;
# the local time in --tz.
wake-parse -R --stats 'data/chat/#ops.log' 2> err.txt
sed 's/seconds=[0-9.]*/seconds=S/' err.txt
wake-parse -R --tz Asia/Tokyo --no-origin 'data/chat/#ops.log' | head -2
# Every message's text is in the file as it is.
wake-parse -R 'data/chat/#ops.log' | cut -f6 | while IFS= read -r m; do
	grep -qF -- "$m" 'data/chat/#ops.log' || echo "changed: $m"
done
# A time of day before any date: raw, with the reason (-v).
printf '%s\n' '09:00 <bob> no date yet' '--- Day changed Thu Feb 22 2024' \
    '09:01 <bob> now there is' > nodate.log
wake-parse -R -f irc -v nodate.log
