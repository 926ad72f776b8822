#!/bin/sh
# Open an HTML page wake wrote in a real browser, headless (Debian's
# chromium), and save a screenshot, to see that the charts and tables
# render: tests/screenshot.sh [BUILDDIR] [PAGE.html [OUT.png [WxH]]].
# Without a page, one is made from tests/data/timeline/incident.tsv.gz with
# BUILDDIR's wake-timeline (default build).  Not part of `make check`
# unless chromium is installed (tests/scripts/screenshot.sh).
# Exit 0 with the PNG written, 77 when no browser is there, 1 on error.
top=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-build}
page=$2
out=${3:-$top/$B/tests/screenshot.png}
size=${4:-1200,2000}
browser=
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" > /dev/null 2>&1; then
		browser=$b
		break
	fi
done
if [ -z "$browser" ]; then
	echo "screenshot: no chromium (apt-get install chromium)" >&2
	exit 77
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
if [ -z "$page" ]; then
	page=$tmp/timeline.html
	"$top/$B/bin/wake-timeline" --html --no-cause \
	    --tz America/New_York --tz America/Chicago \
	    "$top/tests/data/timeline/incident.tsv.gz" > "$page" || exit 1
fi
case $page in /*) ;; *) page=$(pwd)/$page;; esac
mkdir -p "$(dirname "$out")"
rm -f "$out"
# No network, its own profile, no GPU or sandbox (containers, CI).
HOME=$tmp timeout 120 "$browser" --headless --disable-gpu --no-sandbox \
    --hide-scrollbars --no-first-run --user-data-dir="$tmp/profile" \
    --proxy-server=127.0.0.1:9 --window-size="$size" \
    --screenshot="$out" "file://$page" > "$tmp/log" 2>&1
if [ ! -s "$out" ]; then
	echo "screenshot: $browser wrote no $out" >&2
	tail -5 "$tmp/log" >&2
	exit 1
fi
echo "$out"
