#!/bin/sh
# TAP: the timeline page renders in headless chromium (skipped without
# it).  The PNG is left in BUILDDIR/tests/screenshot.png to look at.
B=${WAKE_BUILD:-$TOP/build}
b=$(basename "$B")
sh "$TOP/tests/screenshot.sh" "$b" "" "$B/tests/screenshot.png" \
    > /dev/null 2>&1
st=$?
if [ $st = 77 ]; then
	echo "ok - timeline page screenshot # SKIP no chromium"
elif [ $st = 0 ] && [ "$(wc -c < "$B/tests/screenshot.png")" -gt 20000 ]; then
	echo "ok - timeline page screenshot ($B/tests/screenshot.png)"
else
	echo "not ok - timeline page screenshot (exit $st)"
fi
