# No events: no report without --end (exit 1); with it, an empty one
wake-report < /dev/null; echo "exit $?"
wake-report --text --end 2024-03-11 < /dev/null; echo "exit $?"
