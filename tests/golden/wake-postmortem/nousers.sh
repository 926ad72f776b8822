# A Slack export without users.json: one message naming the export once
# (user ids kept), exit 1, the folder written all the same.
wake-postmortem -q -o pm data/chat/slack-nousers
echo "exit $?"
zcat pm/events.tsv.gz | grep -c .
