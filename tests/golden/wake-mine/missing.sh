# A missing file between two good ones: both mined, exit 1
wake-mine --raw data/mine/lines.txt nope.txt data/mine/lines.txt > out
echo "exit $?"
wc -l < out
