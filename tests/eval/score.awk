# Grouping accuracy (GA) and parsing accuracy (PA) of one dataset, as
# the Loghub benchmark (Zhu et al., ICSE-SEIP 2019) and Loghub-2.0
# (Jiang et al., ISSTA 2024) define them.
#
#	awk -f score.awk TABLE PRED TRUTH_GA TRUTH_PA
#
# TABLE: wake-mine's template table; PRED: "ID<TAB>content" per line;
# TRUTH_*: "EventId<TAB>EventTemplate" per line (ground truth for GA and
# for PA).  GA: a line counts when its predicted group and its true group
# hold exactly the same lines.  PA: a line counts when its predicted
# template equals the true one after the same normalisation of both
# (white space runs to one space, ends trimmed; a token holding "<*>"
# whose other bytes are only [A-Za-z0-9_./-] is "<*>" whole, the "word
# concatenated with a variable" rule of Khan et al. that the corrected
# ground truth follows; then "<*>" runs separated by spaces to one).
# Prints "GA PA lines".
BEGIN {
	FS = "\t"
}
function norm(s,   k, t, i, r, w) {
	gsub(/[ \t]+/, " ", s)
	sub(/^ /, "", s)
	sub(/ $/, "", s)
	k = split(s, t, " ")
	r = ""
	for (i = 1; i <= k; i++) {
		w = t[i]
		if (index(w, "<*>") > 0) {
			gsub(/<\*>/, "", w)
			w = w ~ /^[A-Za-z0-9_.\/-]*$/ ? "<*>" : t[i]
		}
		r = i > 1 ? r " " w : w
	}
	while (sub(/<\*> <\*>/, "<*>", r))
		;
	return r
}
FILENAME == ARGV[1] {
	if (FNR > 2)
		tmpl[$1] = $5
	next
}
FILENAME == ARGV[2] {
	pred[FNR] = $1
	n = FNR
	next
}
FILENAME == ARGV[3] {
	gt[FNR] = $1
	next
}
{
	gtt[FNR] = $2
}
END {
	for (i = 1; i <= n; i++) {
		psize[pred[i]]++
		gsize[gt[i]]++
		pair[pred[i] SUBSEP gt[i]]++
	}
	ga = 0
	for (k in pair) {
		split(k, a, SUBSEP)
		if (pair[k] == psize[a[1]] && pair[k] == gsize[a[2]])
			ga += pair[k]
	}
	pa = 0
	for (i = 1; i <= n; i++) {
		t = tmpl[pred[i]]
		# the table escapes as events do; templates seldom hold escapes
		gsub(/\\\\/, "\\", t)
		if (norm(t) == norm(gtt[i]))
			pa++
	}
	printf "%.3f %.3f %d\n", n ? ga / n : 0, n ? pa / n : 0, n
}
