# Bad usage: an unknown option, a bad duration, a bad --by field, a bad
# sensitivity; each exits 2
wake-detect --bogus < /dev/null > /dev/null 2>&1; echo "unknown option: $?"
wake-detect --join soon < /dev/null; echo "bad duration: $?"
wake-detect --by src,colour < /dev/null; echo "bad field: $?"
wake-detect --sensitivity extreme < /dev/null; echo "bad sensitivity: $?"
wake-detect --window 5m < /dev/null; echo "short window: $?"
