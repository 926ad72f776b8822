# A damaged state: file:line: reason, exit 2 (nothing is mined); a bad
# state among --merge inputs: said, exit 1, the others merged
printf '#wake mine-state 1\n-\t1\t-\t-\tnothex\t1\ta\t-\t-\t-\n' > bad.st
wake-mine --raw --state bad.st data/mine/lines.txt; echo "exit $?"
wake-mine --raw --state good.st data/mine/lines.txt > /dev/null
wake-mine --merge bad.st good.st > m.st; echo "exit $?"
grep -vc '^#' m.st
wake-mine --merge; echo "exit $?"
