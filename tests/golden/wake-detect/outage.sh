# The outage sample, each file in the zone TRUTH gives: exactly one
# incident (tests/scripts/detect_truth.sh checks it against TRUTH)
fact() {
	awk -v s="$1" -v k="$2" '
	/^\[/ { cur = substr($0, 2, length($0) - 2); next }
	cur == s && index($0, k ": ") == 1 { print substr($0, length(k) + 3); exit }' samples/truth/outage/TRUTH
}
i=0
for f in $(sed -n 's/^\[\(.*\)\]$/\1/p' samples/truth/outage/TRUTH); do
	i=$((i + 1))
	wake-parse --tz "$(fact "$f" tz)" --year 2024 "samples/outage/$f" > "$i.ev"
done
wake-merge [0-9]*.ev | wake-detect -q --incidents inc.tsv > /dev/null
cut -f1-8 inc.tsv
