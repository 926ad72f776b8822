#!/bin/sh
# The real Slack exports of $CORPUS/slack (see its README.md) through
# wake-parse: each is detected as an export (folder and zip alike), every
# message becomes a chat event (counts from the README, or the day files
# themselves), none is raw, --stats accounts for every member, events
# come in time order, and the zip and its unpacked folder give the same
# events.  houstondatavis comes without users.json: said, exit 1.
# TAP on stdout.
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
PATH=${WAKE_BUILD:-$top/build}/bin:$PATH
CORPUS=${CORPUS:-$top/../shared/corpus}
S=$CORPUS/slack

if [ ! -d "$S" ]; then
	echo "ok - slack corpus # SKIP corpus absent"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

stat() {
	sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$tmp/err" | tail -1
}

# check NAME PATH MESSAGES STATUS
check() {
	if [ ! -e "$S/$2" ]; then
		echo "ok - $1 # SKIP $2 absent"
		return
	fi
	wake-parse --stats "$S/$2" > "$tmp/$1.out" 2> "$tmp/err"
	st=$?
	lines=$(stat lines) events=$(stat events) raw=$(stat raw)
	skipped=$(stat skipped)
	why=
	[ "$st" = "$4" ] || why="exit $st, want $4"
	[ "$(stat format)" = slack ] || why="$why format=$(stat format)"
	[ "$events" = "$3" ] || why="$why events=$events, want $3"
	[ "$raw" = 0 ] || why="$why raw=$raw"
	[ $((events + raw + skipped)) = "$lines" ] ||
	    why="$why lines=$lines do not add up"
	[ "$(cut -f5 "$tmp/$1.out" | sort -u)" = chat ] ||
	    why="$why kinds: $(cut -f5 "$tmp/$1.out" | sort -u | tr '\n' ' ')"
	cut -f1 "$tmp/$1.out" | LC_ALL=C sort -c 2>/dev/null ||
	    why="$why not in time order"
	if [ -z "$why" ]; then
		echo "ok - $2: $events messages in time order"
	else
		echo "not ok - $2:$why"
	fi
}

check hf-dir hfaran-slack-export-viewer/testarchive 158 0
check hf-zip hfaran-slack-export-viewer/testarchive.zip 158 0
check houston houstondatavis-slack-export 1382 1
check rusq-dir rusq-slackdump-fixture/source_export_dir 16 0
check rusq-zip rusq-slackdump-fixture/source_export.zip 16 0

if [ -e "$S/houstondatavis-slack-export" ]; then
	if grep -q 'users.json missing: user ids kept' "$tmp/err" 2>/dev/null ||
	    wake-parse "$S/houstondatavis-slack-export" 2>&1 >/dev/null |
	    grep -q 'users.json missing: user ids kept'; then
		echo "ok - houstondatavis: users.json missing is said"
	else
		echo "not ok - houstondatavis: users.json missing not said"
	fi
fi

# The zip and the folder: the same events, but for src and origin.
same() {
	if [ ! -f "$tmp/$1.out" ] || [ ! -f "$tmp/$2.out" ]; then
		echo "ok - $1 = $2 # SKIP absent"
	elif [ "$(cut -f1,3-7 "$tmp/$1.out" | sed 's/ origin=[^ ]*$//' |
	    md5sum)" = "$(cut -f1,3-7 "$tmp/$2.out" |
	    sed 's/ origin=[^ ]*$//' | md5sum)" ]; then
		echo "ok - $1 = $2"
	else
		echo "not ok - $1 and $2 differ"
	fi
}
same hf-dir hf-zip
same rusq-dir rusq-zip
