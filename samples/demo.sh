#!/bin/sh
# `make demo`: wake-postmortem on the bundled outage sample (network,
# call center, chat; see samples/gen/main.c), then the summary and where
# the timeline is.
# Usage: samples/demo.sh [BUILDDIR]
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/$B/bin
out=$top/$B/demo
if [ ! -x "$bin/wake-postmortem" ]; then
	echo "demo: $bin/wake-postmortem not built (make B=$B all)" >&2
	exit 2
fi
PATH=$bin:$PATH

echo "wake demo: a mobile carrier's core network outage on 2024-02-22"
echo "(samples/outage: syslog, Cisco router logs in New York time, app"
echo "logs in Tokyo time, nginx, the call center's queue_log, customer"
echo "reports, and the incident channel's Slack export)"
echo
echo "\$ wake-postmortem -o $B/demo --year 2024 \\"
echo "    --tz 'router.log*=America/New_York' --tz 'app-worker.log=Asia/Tokyo' \\"
echo "    --show-tz America/New_York --show-tz America/Chicago samples/outage"
echo
cd "$top" || exit 2
wake-postmortem -o "$out" --year 2024 \
    --tz 'router.log*=America/New_York' --tz 'app-worker.log=Asia/Tokyo' \
    --show-tz America/New_York --show-tz America/Chicago samples/outage ||
    exit 1
echo
echo "Intervals ($B/demo/intervals.txt):"
sed 's/^/    /' "$out/intervals.txt"
echo
echo "Open $out/timeline.html in a browser, or read"
echo "$out/timeline.md; the planted facts are in samples/truth/outage/TRUTH."
