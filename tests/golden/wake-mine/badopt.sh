# An unknown option, a bad mask name, a bad number: usage on stderr, exit 2
wake-mine --nope data/mine/lines.txt; echo "exit $?"
wake-mine --mask ip,nope data/mine/lines.txt; echo "exit $?"
wake-mine --sim 1.5 data/mine/lines.txt; echo "exit $?"
wake-mine --depth x data/mine/lines.txt; echo "exit $?"
wake-mine -2 < data/mine/lines.txt; echo "exit $?"
