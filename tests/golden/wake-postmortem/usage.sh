# No -o, no inputs, a bad zone, an unreadable input.
wake-postmortem samples/outage/queue_log; echo "exit $?"
wake-postmortem -o pm; echo "exit $?"
wake-postmortem -o pm --tz Mars/Olympus samples/outage/queue_log; echo "exit $?"
wake-postmortem -q -o pm missing.log samples/outage/queue_log; echo "exit $?"
ls pm
