# mattermost: the bulk export (JSON Lines).  version, team, channel,
# user, direct_post lines are understood but no events (skipped); each
# post is a chat event, and each of its replies one more, with thread=
# the root post's create_at; \u escapes and UTF-8 come through; an
# unknown line type is a raw event (told with -v).
wake-parse -R --stats data/chat/mattermost.jsonl 2> err.txt
sed 's/seconds=[0-9.]*/seconds=S/' err.txt
{ head -4 data/chat/mattermost.jsonl
  echo '{"type":"post","post":{"user":"x","message":"no time"}}'
  echo '{"type":"wiki","wiki":{}}'
  tail -1 data/chat/mattermost.jsonl; } > mm.jsonl
wake-parse -R -f mattermost -v --no-origin mm.jsonl
