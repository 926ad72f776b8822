# A queue_log with lines that are not queue_log and events wake does
# not know: the unknown events are still call events (event=other,
# qevent=NAME, data1=...), the other lines raw events, told with -v.
printf '%s\n' '1708556100|NONE|NONE|NONE|QUEUESTART|' \
    '1708556430|NONE|support|PJSIP/1001|ADDMEMBER|' \
    '1708556580|1708556580.101|support|NONE|ENTERQUEUE||0355501234|3' \
    '1708556590|1708556580.101|support|NONE|CALLBACKREQUEST|0355501234|x|y' \
    '--- log rotated ---' \
    '1708556600|1708556580.101|support|NONE|abandon|1|3|20' \
    '1708556610|1708556580.101|support|NONE|ABANDON|1|3|30' > q.log
wake-parse -v -f queue_log q.log
# Detected among enough good lines (90% of those detection reads).
sed -n 7,40p data/callcenter/queue_log > long.log
cat q.log >> long.log
wake-parse -v --stats long.log 2>&1 >/dev/null |
    sed 's/seconds=[0-9.]*/seconds=S/'
