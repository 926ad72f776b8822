# A broken rule stops wake-parse before any input: file, line and the
# PCRE2 message with its offset; exit 2.  So does a missing rules file.
wake-parse --rules data/rules/broken.rules data/rules/changes.log
echo "exit $?"
wake-parse --rules no-such.rules data/rules/changes.log
