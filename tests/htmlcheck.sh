#!/bin/sh
# Check that an HTML page wake writes is well formed and self-contained:
#  1. xmllint --html (libxml2's HTML parser) reports no error, but for the
#     HTML5 and SVG element names its HTML 4 tables do not know;
#  2. the page parses as strict XML (wake writes polyglot XHTML);
#  3. python3's html.parser sees every element closed in order, and no
#     script, event handler attribute or external resource.
# Each check runs when its tool is there and is skipped otherwise (said
# on stderr unless -q).  Problems go to stdout; exit 1 when there are.
# Usage: tests/htmlcheck.sh [-q] FILE...
quiet=
[ "$1" = -q ] && { quiet=1; shift; }
[ $# -gt 0 ] || { echo "usage: htmlcheck.sh [-q] FILE..." >&2; exit 2; }
say() { [ -n "$quiet" ] || echo "htmlcheck: $*" >&2; }
status=0
ran=0

html5='header|main|footer|nav|section|article|aside|figure|figcaption'
html5="$html5|time|mark|svg|g|rect|line|polyline|path|text|title|circle"
html5="$html5|tspan|defs|desc"

for f in "$@"; do
	if [ ! -r "$f" ]; then
		echo "$f: cannot read"
		status=1
		continue
	fi
	if command -v xmllint > /dev/null 2>&1; then
		ran=1
		# An error is a "FILE:LINE: ... error : MSG" line and two lines
		# of context; drop those about tags HTML 4 does not know.
		out=$(xmllint --html --noout "$f" 2>&1 | awk -v ok="$html5" '
			/ error : / {
				skip = ($0 ~ ("Tag (" ok ") invalid$"))
				if (!skip) print
				ctx = 2
				next
			}
			ctx > 0 { ctx--; if (!skip) print; next }
			{ print }')
		if [ -n "$out" ]; then
			echo "$f: xmllint --html:"
			echo "$out" | head -20
			status=1
		fi
		if ! out=$(xmllint --noout --nonet "$f" 2>&1); then
			echo "$f: not well-formed XML:"
			echo "$out" | head -20
			status=1
		fi
	else
		say "skip xmllint checks: xmllint not installed (libxml2-utils)"
	fi
	if command -v python3 > /dev/null 2>&1; then
		ran=1
		python3 - "$f" <<'EOF' || status=1
import sys
from html.parser import HTMLParser

VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input',
        'link', 'meta', 'source', 'track', 'wbr'}
# HTML closes these itself; wake writes them closed anyway.
bad = []


class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []

    def where(self):
        return '%s:%d' % (sys.argv[1], self.getpos()[0])

    def attrs_ok(self, tag, attrs):
        if tag in ('script', 'iframe', 'object', 'embed', 'link', 'img',
                   'audio', 'video', 'base', 'form'):
            bad.append('%s: <%s> in a self-contained page' %
                       (self.where(), tag))
        for k, v in attrs:
            v = v or ''
            if k.startswith('on'):
                bad.append('%s: event handler %s=' % (self.where(), k))
            if k in ('src', 'href', 'xlink:href', 'action') and \
                    not v.startswith('#'):
                bad.append('%s: external reference %s="%s"' %
                           (self.where(), k, v))
            if 'url(' in v.replace(' ', ''):
                bad.append('%s: url() in %s' % (self.where(), k))

    def handle_starttag(self, tag, attrs):
        self.attrs_ok(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        self.attrs_ok(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            bad.append('%s: </%s> without a start tag' % (self.where(), tag))
            return
        top, line = self.stack.pop()
        if top != tag:
            bad.append('%s: </%s> closes <%s> of line %d' %
                       (self.where(), tag, top, line))

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == 'style' and \
                ('@import' in data or 'url(' in data.replace(' ', '')):
            bad.append('%s: the style loads something' % self.where())


p = Check()
with open(sys.argv[1], encoding='utf-8', errors='strict') as f:
    text = f.read()
if not text.lstrip().lower().startswith('<!doctype html>'):
    bad.append('%s: no <!DOCTYPE html> first' % sys.argv[1])
p.feed(text)
p.close()
for tag, line in p.stack:
    bad.append('%s:%d: <%s> never closed' % (sys.argv[1], line, tag))
for b in bad[:20]:
    print(b)
sys.exit(1 if bad else 0)
EOF
	else
		say "skip tag balance check: python3 not installed"
	fi
done
[ "$ran" = 1 ] || say "no checker available: nothing checked"
exit $status
