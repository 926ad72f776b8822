wake-parse --since yesterday-ish data/parse/clf.log
