# irc, weechat's form: "YYYY-MM-DD HH:MM:SS<TAB>nick<TAB>text"; "-->" and
# "<--" (join, part, quit), " *" (action), "--" (nick changes, notices)
# as subtype=; a TAB in the text is kept; channel= from the buffer name
# ("ops.weechatlog"); --tz for the local stamps.
wake-parse -R --stats data/chat/ops.weechatlog 2> err.txt
sed 's/seconds=[0-9.]*/seconds=S/' err.txt
wake-parse -R --tz America/New_York -J data/chat/ops.weechatlog | head -3
