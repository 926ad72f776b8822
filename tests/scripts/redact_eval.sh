#!/bin/sh
# Precision and recall of wake-redact's detectors over a labelled set:
# tests/data/redact/labelled.tsv, one log line a row, "KIND/LANG<TAB>
# LINE", where LINE marks each personal value as {{kind:value}} (the
# form of wake-redact --mark).  The marks are taken out, the lines run
# through wake-redact --text --mark (with the set's users.json and an
# account pattern), and the values found are compared with the planted
# ones: a value counts as found when its kind, start and end all agree.
#
# TAP: fails when recall < 0.99 or precision < 0.98, or when the table
# in man/wake-redact.1 (between the "redact-eval" comments) is not the
# one computed here; REDACT_EVAL_UPDATE=1 writes it there.
top=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
data=$top/tests/data/redact
man=$top/man/wake-redact.1
export LC_ALL=C

if ! command -v wake-redact > /dev/null 2>&1; then
	echo "ok - precision and recall # SKIP wake-redact not built"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

grep -v '^#' "$data/labelled.tsv" | grep -v '^$' > "$tmp/set"
cut -f1 "$tmp/set" > "$tmp/tags"
cut -f2- "$tmp/set" > "$tmp/want"
# The plain lines: marks out.
sed 's/{{[A-Za-z0-9_.-]*:\([^}]*\)}}/\1/g' "$tmp/want" > "$tmp/in"
if ! wake-redact --text --mark --key-file "$data/test.key" \
    --users "$data/users.json" \
    --pattern 'acct=\b(?:ACC-\d{8}|C\d{9})\b' "$tmp/in" > "$tmp/got" \
    2> "$tmp/err"; then
	echo "not ok - wake-redact ran"
	sed 's/^/# /' "$tmp/err"
	exit 1
fi
echo "ok - wake-redact ran over $(wc -l < "$tmp/in" | tr -d ' ') lines"

# Compare the marked values of want and got, line by line.
paste "$tmp/tags" "$tmp/want" "$tmp/got" | awk -F '\t' -v out="$tmp" '
# The values marked in s as "start:end:kind" in v[1..n]; their offsets
# in the line without marks.  Returns n; the plain line in plain.
function marks(s, v,   n, pos, i, k, val, rest) {
	n = 0
	pos = 0
	plain = ""
	while ((i = index(s, "{{")) > 0) {
		plain = plain substr(s, 1, i - 1)
		pos += i - 1
		rest = substr(s, i + 2)
		k = index(rest, ":")
		kind = substr(rest, 1, k - 1)
		rest = substr(rest, k + 1)
		k = index(rest, "}}")
		val = substr(rest, 1, k - 1)
		v[++n] = pos ":" (pos + length(val)) ":" kind
		plain = plain val
		pos += length(val)
		s = substr(rest, k + 2)
	}
	plain = plain s
	return n
}
{
	lines++
	split($1, tl, "/")
	lang[tl[2]]++
	logkind[tl[1]]++
	nw = marks($2, w)
	pw = plain
	ng = marks($3, g)
	if (pw != plain) {
		bad++
		printf "# line %d: output differs outside the marks\n", NR
	}
	delete seen
	for (i = 1; i <= nw; i++) {
		split(w[i], a, ":")
		planted[a[3]]++
		seen[w[i]] = 1
	}
	for (i = 1; i <= ng; i++) {
		split(g[i], a, ":")
		found[a[3]]++
		if (g[i] in seen) {
			right[a[3]]++
			delete seen[g[i]]
		} else
			printf "# line %d: extra %s\n", NR, g[i]
	}
	for (k in seen)
		printf "# line %d: missed %s\n", NR, k
	if (nw != ng || length(seen) > 0)
		printf "#   want: %s\n#   got:  %s\n", $2, $3
}
function ratio(a, b) {
	return b == 0 ? 1 : a / b
}
END {
	split("phone email ipv4 ipv6 card user acct", order, " ")
	printf "kind planted found correct precision recall\n" > (out "/table")
	for (i = 1; i <= 7; i++) {
		k = order[i]
		P += planted[k]; F += found[k]; R += right[k]
		printf "%s %d %d %d %.3f %.3f\n", k, planted[k], found[k],
		    right[k], ratio(right[k], found[k]),
		    ratio(right[k], planted[k]) > (out "/table")
	}
	printf "all %d %d %d %.3f %.3f\n", P, F, R, ratio(R, F),
	    ratio(R, P) > (out "/table")
	printf "%d %d %d %d %d\n", lines, lang["en"], lang["ja"], bad + 0,
	    length(logkind) > (out "/counts")
	for (k in logkind)
		print k > (out "/groups")
	printf "%.4f %.4f\n", ratio(R, F), ratio(R, P) > (out "/score")
}'

read -r lines en ja bad nkinds < "$tmp/counts"
read -r prec rec < "$tmp/score"
sed 's/^/# /' "$tmp/table"
echo "# $lines lines ($en English, $ja Japanese), $nkinds groups"
if [ "$lines" -ge 300 ]; then
	echo "ok - the set has $lines lines (300 or more)"
else
	echo "not ok - the set has $lines lines, fewer than 300"
fi
if [ "$bad" = 0 ]; then
	echo "ok - text outside the values is kept"
else
	echo "not ok - $bad lines changed outside the values"
fi
if awk -v r="$rec" 'BEGIN { exit !(r >= 0.99) }'; then
	echo "ok - recall $rec >= 0.99"
else
	echo "not ok - recall $rec < 0.99"
fi
if awk -v p="$prec" 'BEGIN { exit !(p >= 0.98) }'; then
	echo "ok - precision $prec >= 0.98"
else
	echo "not ok - precision $prec < 0.98"
fi

# The table in the man page, as mdoc.
{
	echo '.\" redact-eval begin: written by tests/scripts/redact_eval.sh'
	echo ".Bl -column \"phone\" \"planted\" \"found\" \"correct\"" \
	    "\"precision\" \"recall\""
	awk 'NR == 1 { printf ".It Em %s Ta Em %s Ta Em %s Ta Em %s Ta " \
	    "Em %s Ta Em %s\n", $1, $2, $3, $4, $5, $6; next }
	    { printf ".It %s Ta %s Ta %s Ta %s Ta %s Ta %s\n", $1, $2, $3,
	    $4, $5, $6 }' "$tmp/table"
	echo ".El"
	echo ".Pp"
	echo "The set has $lines lines ($en in English, $ja in Japanese) in" \
	    "$nkinds groups: $(sort "$tmp/groups" | paste -s -d, - |
	    sed 's/,/, /g')."
	echo '.\" redact-eval end'
} > "$tmp/mdoc"
awk '/^\.\\" redact-eval begin/ { on = 1 } on { print }
    /^\.\\" redact-eval end/ { on = 0 }' "$man" > "$tmp/inman" 2> /dev/null
if cmp -s "$tmp/mdoc" "$tmp/inman"; then
	echo "ok - the table in man/wake-redact.1 is current"
elif [ -n "$REDACT_EVAL_UPDATE" ] && [ -s "$tmp/inman" ]; then
	awk -v f="$tmp/mdoc" '/^\.\\" redact-eval begin/ {
		while ((getline l < f) > 0) print l; skip = 1; next }
	    skip && /^\.\\" redact-eval end/ { skip = 0; next }
	    !skip { print }' "$man" > "$tmp/man" && cp "$tmp/man" "$man"
	echo "ok - the table in man/wake-redact.1 was written"
else
	echo "not ok - the table in man/wake-redact.1 is not current" \
	    "(REDACT_EVAL_UPDATE=1 writes it)"
	sed 's/^/# /' "$tmp/mdoc"
fi
