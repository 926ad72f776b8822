#!/bin/sh
# The test runner of `make check`: unit tests (cmocka, TAP), golden-file
# tests of the tools, script tests (TAP), fuzz seed replays, man page lint.
# Ends with the line "N passed, N failed[, N skipped]".
# Usage: tests/run.sh BUILDDIR [PATTERN]   (UPDATE=1 rewrites goldens)
B=${1:-build}
pat=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/$B/bin
pass=0 fail=0 skip=0
failed=
log=$top/$B/tests/log
mkdir -p "$log"

ok() { pass=$((pass + 1)); [ -n "$VERBOSE" ] && echo "ok   $1"; }
bad() { fail=$((fail + 1)); failed="$failed $1"; echo "FAIL $1${2:+: $2}"; }
skipped() { skip=$((skip + 1)); [ -n "$VERBOSE" ] && echo "skip $1"; }
want() { [ -z "$pat" ] || case "$1" in *$pat*) return 0;; *) return 1;; esac; }

export TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1
export PATH="$bin:$PATH"
export TOP="$top" SAMPLES="$top/samples" TESTDATA="$top/tests/data"
export CORPUS="${CORPUS:-$top/../shared/corpus}"
export WAKE_BUILD="$top/$B"
# Leak checks on where ASan is on; abort on the first UBSan report.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Count TAP lines from a file: "ok", "not ok", "# skip".
tap() {
	name=$1 file=$2 status=$3
	n=0
	while IFS= read -r line; do
		case "$line" in
		*ok*"# skip"*|*ok*"# SKIP"*) n=$((n + 1)); skipped "$name: ${line#*ok }";;
		"not ok"*) n=$((n + 1)); bad "$name: ${line#not ok }";;
		ok*) n=$((n + 1)); ok "$name: ${line#ok }";;
		esac
	done < "$file"
	# cmocka writes a skipped test as "not ok N - name # SKIP".
	if [ "$n" = 0 ] || { [ "$status" != 0 ] && ! grep -v '# SKIP' "$file" | grep -q '^not ok'; }; then
		bad "$name" "exit status $status, see $file"
	fi
}

# Unit tests.
for t in "$top/$B"/tests/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *.c|*.d|*.o) continue;; esac
	name=unit/$(basename "$t")
	want "$name" || continue
	CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$log/$(basename "$t").tap" 2>&1
	tap "$name" "$log/$(basename "$t").tap" $?
done

# Golden-file tests: tests/golden/TOOL/CASE.sh with CASE.out, .err, .exit.
for c in "$top"/tests/golden/*/*.sh; do
	[ -f "$c" ] || continue
	tool=$(basename "$(dirname "$c")")
	case_=$(basename "$c" .sh)
	name=golden/$tool/$case_
	want "$name" || continue
	base=${c%.sh}
	d=$(mktemp -d)
	ln -s "$top/samples" "$d/samples"
	ln -s "$top/tests/data" "$d/data"
	(cd "$d" && sh "$c" > "$d/.out" 2> "$d/.err" < /dev/null)
	st=$?
	if [ -n "$UPDATE" ]; then
		cp "$d/.out" "$base.out"
		if [ -s "$d/.err" ]; then cp "$d/.err" "$base.err"; else rm -f "$base.err"; fi
		if [ "$st" != 0 ]; then echo "$st" > "$base.exit"; else rm -f "$base.exit"; fi
	fi
	wst=0
	[ -f "$base.exit" ] && wst=$(cat "$base.exit")
	if [ "$st" != "$wst" ]; then
		bad "$name" "exit $st, want $wst"
		sed 's/^/    /' "$d/.err" | head -5
	elif ! cmp -s "$d/.out" "$base.out"; then
		bad "$name" "stdout differs"
		diff -u "$base.out" "$d/.out" | head -20
	elif [ -f "$base.err" ] && ! cmp -s "$d/.err" "$base.err"; then
		bad "$name" "stderr differs"
		diff -u "$base.err" "$d/.err" | head -10
	elif [ ! -f "$base.err" ] && [ -s "$d/.err" ]; then
		bad "$name" "unexpected stderr"
		head -5 "$d/.err"
	else
		ok "$name"
	fi
	rm -rf "$d"
done

# Script tests: tests/scripts/*.sh print TAP lines.
for s in "$top"/tests/scripts/*.sh; do
	[ -f "$s" ] || continue
	name=script/$(basename "$s" .sh)
	want "$name" || continue
	d=$(mktemp -d)
	(cd "$d" && sh "$s" > "$log/$(basename "$s").tap" 2>&1 < /dev/null)
	tap "$name" "$log/$(basename "$s").tap" $?
	rm -rf "$d"
done

# Fuzz targets replayed over their seeds.
for r in "$top/$B"/tests/replay_fuzz_*; do
	[ -x "$r" ] || continue
	f=${r##*/replay_fuzz_}
	name=fuzz/$f
	want "$name" || continue
	if "$r" "$top/tests/fuzz/seeds/$f" > "$log/fuzz_$f.log" 2>&1; then
		ok "$name"
	else
		bad "$name" "see $log/fuzz_$f.log"
		tail -5 "$log/fuzz_$f.log"
	fi
done

# Man pages: mandoc -Tlint clean.
if command -v mandoc >/dev/null 2>&1; then
	for m in "$top"/man/*.[1-8]; do
		[ -f "$m" ] || continue
		name=man/$(basename "$m")
		want "$name" || continue
		out=$(mandoc -Tlint -Wwarning "$m" 2>&1)
		if [ -z "$out" ]; then ok "$name"; else bad "$name" "$out"; fi
	done
else
	skipped "man: mandoc not installed"
fi

if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ]
