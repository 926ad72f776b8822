#!/bin/sh
# `make install` honours PREFIX and DESTDIR, and what it installs is
# usable: a program built against the installed wake.pc parses a line.
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
B=$(basename "$WAKE_BUILD")
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }

# The same build flags as the tree under test, so nothing is relinked.
san= sanflags=
case $B in *-san) san=SANITIZE=1 sanflags=-fsanitize=address,undefined;; esac
make -s -C "$TOP" B="$B" $san PREFIX=/opt/wake DESTDIR="$d/root" install \
    > "$d/make.log" 2>&1
st=$?
t "make install succeeds" '[ $st = 0 ]'
r=$d/root/opt/wake
t "tools installed" '[ -x "$r/bin/wake-parse" ] && [ -x "$r/bin/wake-merge" ] && [ -x "$r/bin/wake-grep" ] && [ -x "$r/bin/wake" ]'
t "man pages installed" '[ -f "$r/share/man/man1/wake-parse.1" ] && [ -f "$r/share/man/man7/wake.7" ]'
t "headers and library installed" '[ -f "$r/include/wake/event.h" ] && [ -f "$r/lib/libwake.a" ]'
t "wake.pc names the prefix" 'grep -q "^prefix=/opt/wake" "$r/lib/pkgconfig/wake.pc"'
cat > "$d/use.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <wake/event.h>
int
main(void)
{
	struct wake_event ev;
	struct wake_buf b = WAKE_BUF_INIT;
	const char *why;
	const char *l = "2024-02-22T09:58:12.345Z\tnet\tr1\terr\tlog\tdown\torigin=x:1";
	int rc;

	wake_event_init(&ev);
	rc = wake_event_read(&ev, l, strlen(l), &why);
	if (rc == WAKE_OK)
		rc = wake_event_write_tsv(&ev, &b);
	fwrite(b.p, 1, b.n, stdout);
	wake_buf_free(&b);
	wake_event_free(&ev);
	return rc != WAKE_OK;
}
C
# Point the .pc at the staged tree, as a packager's build would.
sed "s|^prefix=.*|prefix=$r|; s|^libdir=.*|libdir=$r/lib|; s|^includedir=.*|includedir=$r/include|" \
    "$r/lib/pkgconfig/wake.pc" > "$d/wake.pc"
t "a program builds against wake.pc" 'PKG_CONFIG_PATH=$d cc $sanflags -o "$d/use" "$d/use.c" $(PKG_CONFIG_PATH=$d pkg-config --cflags --libs wake) 2> "$d/cc.log"'
t "and runs" '"$d/use" | grep -q "^2024-02-22T09:58:12.345Z	net	r1	err	log	down	origin=x:1$"'
