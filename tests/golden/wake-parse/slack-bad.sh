# slack, damaged: a day file that is not JSON is one raw event (its
# text, slack_error=, at the day's midnight), a message without a ts and
# an element that is no message are raw events at the time of the one
# before; the first problem on stderr (the others with -v), exit 1.
wake-parse -R --stats data/chat/slack-bad 2> err.txt
st=$?
sed 's/seconds=[0-9.]*/seconds=S/' err.txt >&2
exit $st
