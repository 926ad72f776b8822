# A line over the 1 MiB cap is reported and left out (a value cut in
# two could leak), exit 1; the lines around it are redacted
head -2 data/redact/mixed.log > long.log
awk 'BEGIN { printf "x 090-1234-5678 "; for (i = 0; i < 70000; i++) printf "0123456789abcdef"; printf "\n" }' >> long.log
tail -n +3 data/redact/mixed.log >> long.log
wake-redact --key-file data/redact/test.key --text long.log
