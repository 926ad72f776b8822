#!/bin/sh
# Install missing build dependencies on Debian/Ubuntu (as root or with
# sudo); otherwise name the exact packages and stop.
# Usage: deps.sh "required packages" "optional packages" "pkg-config modules"
req=$1 opt=$2 mods=$3
missing=
for p in $req; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if ! command -v dpkg-query >/dev/null 2>&1; then
	# Not Debian: only pkg-config can tell.
	for m in $mods; do
		pkg-config --exists "$m" 2>/dev/null || missing="$missing $m"
	done
	if [ -n "$missing" ]; then
		echo "wake: missing build dependencies (pkg-config modules):$missing" >&2
		exit 1
	fi
	exit 0
fi
optmissing=
for p in $opt; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		optmissing="$optmissing $p"
done
[ -z "$missing$optmissing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo=sudo
else
	if [ -n "$missing" ]; then
		echo "wake: missing build dependencies; install them with:" >&2
		echo "  apt-get install$missing$optmissing" >&2
		exit 1
	fi
	exit 0
fi
echo "wake: installing$missing$optmissing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null 2>&1
if ! $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
	echo "wake: apt-get install failed; needed:$missing" >&2
	exit 1
fi
# Optional: faster gzip (ISA-L); fine to do without.
[ -n "$optmissing" ] && $sudo apt-get install -y -qq --no-install-recommends \
	$optmissing >/dev/null 2>&1
exit 0
