# An unknown -f format is a usage error.
wake-parse -f nope data/parse/clf.log
