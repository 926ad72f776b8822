# slack, the unpacked export: every message of every channel in time
# order (the channels interleaved), kind=chat, host= the display name
# from users.json (display_name, else real_name), channel= user=
# user_id= thread= (replies) subtype=; bot messages under their
# username, their text from the attachment when empty; markup made
# plain: <@U..> @name, <#C..|name> #name, <!here> @here, <url|label>
# "label (url)", &amp; &gt; decoded; origin= the day file and the line
# where the message starts; files not day files skipped and counted.
wake-parse -R --stats -v data/chat/slack-export 2> err.txt
sed 's/seconds=[0-9.]*/seconds=S/' err.txt
# The driver's time window and JSON output apply.
wake-parse -R -J --since '2024-02-22 04:02' --until '2024-02-22 04:04' \
    data/chat/slack-export
# -f slack on a file that is not an export: its lines are raw (-v says
# why); on the export, as detected.
echo 'hello' > notes.txt
wake-parse -R -f slack -v notes.txt | cut -f2-
wake-parse -R -f slack data/chat/slack-export | wc -l
# --explain-format: told by its files.
wake-parse -R --explain-format data/chat/slack-export
