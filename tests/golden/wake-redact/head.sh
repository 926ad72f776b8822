# A closed pipe ends quietly
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "line %d from 203.0.113.%d caller 090-1234-%04d\n", i, i % 250, i % 10000 }' > big.log
wake-redact --key-file data/redact/test.key --text big.log | head -1
