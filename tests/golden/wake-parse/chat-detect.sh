# Chat transcripts are told apart from the other formats by their
# content alone, and the other formats still go where they went.  (-R
# here and in the other chat and slack tests: no classification rules,
# so the events are the formats' own.)
wake-parse -R --stats 'data/chat/#ops.log' data/chat/ops.weechatlog \
    'data/chat/#incident.2024-02-22.log' data/chat/mattermost.jsonl \
    data/parse/rfc3164.log data/parse/app.jsonl 2>&1 >/dev/null |
    sed 's/.*stats: \([^:]*\): \(format=[^ ]*\).*/\1 \2/
	s/seconds=[0-9.]*/seconds=S/'
wake-parse -R --explain-format data/chat/ops.weechatlog | tail -3
