# The same key gives the same tokens in two runs and across files (and
# across text and events); a different key gives other tokens
wake-redact --key-file data/redact/test.key data/redact/events.tsv > run1
wake-redact --key-file data/redact/test.key data/redact/events.tsv > run2
cmp run1 run2 && echo "two runs: same"
printf 'caller 415-555-0100\n' | wake-redact --key-file data/redact/test.key --text > t1
grep -o '<phone:[0-9a-f]*>' t1
grep -c "$(cat t1 | grep -o '<phone:[0-9a-f]*>')" run1
printf 'another key, also 16 bytes long\n' > other.key
wake-redact --key-file other.key data/redact/events.tsv > run3
cmp -s run1 run3 || echo "other key: different"
grep -q "$(grep -o '<phone:[0-9a-f]*>' t1)" run3 || echo "other key: not that token"
