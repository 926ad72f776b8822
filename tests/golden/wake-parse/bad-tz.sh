wake-parse --tz Mars/Olympus data/parse/clf.log
