# Phase events in any order, some phases missing, a resolve declared
# before the measured recovery (negative DVM), a duplicate detect
wake-intervals data/intervals/events.tsv
