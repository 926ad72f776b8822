#!/bin/sh
# Write a C header holding FILE's bytes, for lib/rules.c to include:
#
#	static const unsigned char default_rules[] = { 0x23, ..., 0 };
#	#define default_rules_len (sizeof(default_rules) - 1)
#
# Portable (od and sed, no xxd).  Usage: sh lib/embed.sh FILE > HEADER
set -e
[ $# -eq 1 ] && [ -r "$1" ] || { echo "usage: embed.sh FILE" >&2; exit 2; }
echo "/* Generated from $1 by lib/embed.sh: do not edit. */"
echo "static const unsigned char default_rules[] = {"
od -An -v -tx1 "$1" | sed -e 's/[[:space:]]*$//' -e '/^$/d' \
    -e 's/[[:space:]]*\([0-9a-f][0-9a-f]\)/0x\1, /g' -e 's/ $//' -e 's/^/	/'
echo "	0"
echo "};"
echo "#define default_rules_len (sizeof(default_rules) - 1)"
