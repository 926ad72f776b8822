# A failed write to stdout: exit 2
wake-mine --raw data/mine/lines.txt > /dev/full; echo "exit $?"
