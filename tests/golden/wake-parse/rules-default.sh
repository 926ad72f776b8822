# The built-in rules (wake-rules(5)) on a change log and on an incident
# channel (a CSV read as chat): alerts, changes, phase markers; the
# look-alikes ("DNS resolved", "should we roll back?", dup ACKs, "request
# completed", user deploy) left alone.
wake-parse --no-origin data/rules/changes.log
wake-parse --no-origin -f csv --tz UTC --map ts=time,host=user,msg=text \
    --set kind=chat -s chat data/rules/incident-chat.csv
# JSON carries the same attrs.
wake-parse -J --no-origin data/rules/changes.log | head -1
# -R: no rules, so no kind changes and no rule= anywhere.
wake-parse -R --no-origin data/rules/changes.log \
    data/rules/incident-chat.csv | cut -f5 | sort | uniq -c
