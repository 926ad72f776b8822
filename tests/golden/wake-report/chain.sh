# The generator's week with three incidents, through parse, merge and
# detect: the report counts the three
wake-gen week-incidents gen > /dev/null
wake-parse gen/syslog.log gen/queue_log gen/ops.log 2>/dev/null |
    wake-merge --sort | wake-detect 2>/dev/null |
    wake-report --text --end 2024-03-11 | grep -E '^  (Incidents|Calls) '
