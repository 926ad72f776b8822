/*
 * Rendering for people: escapers for HTML, Markdown, CSV, terminals and
 * JSON; counts, offsets and clocks; the CSS of the HTML pages; inline
 * SVG charts on a shared time axis.  See render.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/render.h>
#include <wake/time.h>

#include "internal.h"

#define NS_S	1000000000LL

/* ---- output with a sticky error ---- */

/*
 * Writers below go through struct w, which remembers the first failure
 * (the buffer has then freed itself) and ignores later writes, so long
 * sequences need one check at the end, never a half-written record.
 */
struct w {
	struct wake_buf	*b;
	int		 rc;
};

static void
put(struct w *w, const char *p, size_t n)
{
	if (w->rc == WAKE_OK)
		w->rc = wake_buf_put(w->b, p, n);
}

static void
puts_(struct w *w, const char *s)
{
	put(w, s, strlen(s));
}

static void
putch(struct w *w, int c)
{
	if (w->rc == WAKE_OK)
		w->rc = wake_buf_putc(w->b, c);
}

static void
putu(struct w *w, uint64_t v)
{
	if (w->rc == WAKE_OK)
		w->rc = wk_buf_putu(w->b, v);
}

static const char hexd[] = "0123456789abcdef";

/* "\xHH" for one byte. */
static void
put_xbyte(struct w *w, unsigned c)
{
	char e[4] = { '\\', 'x', hexd[(c >> 4) & 15], hexd[c & 15] };

	put(w, e, 4);
}

/* "\uHHHH", or "\UHHHHHHHH" past the BMP. */
static void
put_ucp(struct w *w, unsigned cp)
{
	char e[10];
	int k, nd = cp > 0xffff ? 8 : 4;

	e[0] = '\\';
	e[1] = cp > 0xffff ? 'U' : 'u';
	for (k = 0; k < nd; k++)
		e[2 + k] = hexd[(cp >> (4 * (nd - 1 - k))) & 15];
	put(w, e, (size_t)(2 + nd));
}

/* ---- UTF-8 ---- */

/*
 * Length of the valid UTF-8 sequence at p (1..4) with its code point in
 * *cp, or 0 when the bytes there are not one (overlong, surrogate, past
 * U+10FFFF, cut short).
 */
static size_t
utf8_dec(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c = p[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		if (n < 2 || (p[1] & 0xc0) != 0x80)
			return 0;
		*cp = (c & 0x1f) << 6 | (p[1] & 0x3f);
		return 2;
	}
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		*cp = (c & 0x0f) << 12 | (p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		if (*cp < 0x800 || (*cp >= 0xd800 && *cp <= 0xdfff))
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		*cp = (c & 0x07) << 18 | (p[1] & 0x3f) << 12 |
		    (p[2] & 0x3f) << 6 | (p[3] & 0x3f);
		if (*cp < 0x10000 || *cp > 0x10ffff)
			return 0;
		return 4;
	}
	return 0;
}

/*
 * Code points no medium gets raw: C1 controls (some terminals act on
 * them), the bidirectional embeddings, overrides and isolates (text that
 * reads other than it is), the line and paragraph separators, and the
 * noncharacters (not allowed in XML or HTML).
 */
static int
cp_hidden(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

/* ---- the escapers ---- */

enum medium { M_HTML, M_MD, M_CSV, M_TERM };

/*
 * special[m][c]: ASCII byte c needs more than copying in medium m.  All
 * of C0 and DEL are special everywhere; the medium decides per byte.
 */
static unsigned char special[4][128];
static int special_ready;

static void
special_init(void)
{
	static const char *const chars[4] = {
		"&<>\"'",
		"\\`*_[]~$|<>&#+-=.)",
		"",
		"\\",
	};
	const char *s;
	int m, c;

	for (m = 0; m < 4; m++) {
		for (c = 0; c < 0x20; c++)
			special[m][c] = 1;
		special[m][0x7f] = 1;
		for (s = chars[m]; *s != '\0'; s++)
			special[m][(unsigned char)*s] = 1;
	}
	/* Written once with the same values: a race is harmless. */
	special_ready = 1;
}

/* Markdown: may a block marker start here (start of text or line)? */
static int
md_line_start(const unsigned char *p, size_t i)
{
	while (i > 0 && (p[i - 1] == ' ' || p[i - 1] == '\t'))
		i--;
	return i == 0 || p[i - 1] == '\n';
}

/* Markdown: is "." or ")" at i the end of an ordered-list number? */
static int
md_list_number(const unsigned char *p, size_t i)
{
	size_t j = i;

	while (j > 0 && p[j - 1] >= '0' && p[j - 1] <= '9')
		j--;
	return j < i && i - j <= 9 && md_line_start(p, j);
}

static void
esc_ascii(struct w *w, int m, const unsigned char *p, size_t i)
{
	unsigned c = p[i];

	if (c < 0x20 || c == 0x7f) {
		if (c == '\t' && m != M_TERM) {
			putch(w, '\t');
		} else if (c == '\n' && (m == M_HTML || m == M_CSV)) {
			putch(w, '\n');
		} else if (c == '\n' && m == M_MD) {
			puts_(w, "<br>");
		} else if (c == '\r' && m == M_CSV) {
			putch(w, '\r');
		} else if (m == M_TERM && (c == '\n' || c == '\r' ||
		    c == '\t')) {
			putch(w, '\\');
			putch(w, c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
		} else {
			put_xbyte(w, c);
		}
		return;
	}
	switch (m) {
	case M_HTML:
		puts_(w, c == '&' ? "&amp;" : c == '<' ? "&lt;" :
		    c == '>' ? "&gt;" : c == '"' ? "&quot;" : "&#39;");
		return;
	case M_MD:
		if (c == '&' || c == '<' || c == '>') {
			if (c == '>' && md_line_start(p, i))
				putch(w, '\\');
			puts_(w, c == '&' ? "&amp;" : c == '<' ? "&lt;" :
			    "&gt;");
			return;
		}
		if ((c == '#' || c == '+' || c == '-' || c == '=') &&
		    !md_line_start(p, i)) {
			putch(w, (int)c);
			return;
		}
		if ((c == '.' || c == ')') && !md_list_number(p, i)) {
			putch(w, (int)c);
			return;
		}
		putch(w, '\\');
		putch(w, (int)c);
		return;
	case M_TERM:
		puts_(w, "\\\\");
		return;
	default:
		putch(w, (int)c);
		return;
	}
}

static int
escape_in(int m, const char *sp, size_t n, struct wake_buf *out)
{
	const unsigned char *p = (const unsigned char *)sp;
	const unsigned char *sm;
	struct w w = { out, WAKE_OK };
	size_t i = 0, run = 0, l;
	unsigned cp;

	if (n == 0)
		return WAKE_OK;
	if (!special_ready)
		special_init();
	sm = special[m];
	while (i < n) {
		if (p[i] < 0x80) {
			if (!sm[p[i]]) {
				i++;
				continue;
			}
			put(&w, sp + run, i - run);
			esc_ascii(&w, m, p, i);
			run = ++i;
			continue;
		}
		if ((l = utf8_dec(p + i, n - i, &cp)) != 0 && !cp_hidden(cp)) {
			i += l;
			continue;
		}
		put(&w, sp + run, i - run);
		if (l == 0) {
			put_xbyte(&w, p[i]);
			i++;
		} else {
			put_ucp(&w, cp);
			i += l;
		}
		run = i;
	}
	put(&w, sp + run, i - run);
	return w.rc;
}

int
wake_escape_html(const char *p, size_t n, struct wake_buf *out)
{
	return escape_in(M_HTML, p, n, out);
}

int
wake_escape_htmlz(const char *s, struct wake_buf *out)
{
	return escape_in(M_HTML, s, strlen(s), out);
}

int
wake_escape_md(const char *p, size_t n, struct wake_buf *out)
{
	return escape_in(M_MD, p, n, out);
}

int
wake_escape_term(const char *p, size_t n, struct wake_buf *out)
{
	return escape_in(M_TERM, p, n, out);
}

/* Does a spreadsheet take a cell starting at p as a formula? */
static int
csv_formula(const unsigned char *p, size_t n)
{
	size_t i = 0;

	/* Some spreadsheets trim leading blanks before they look. */
	while (i < n && p[i] == ' ')
		i++;
	if (i == n)
		return 0;
	if (strchr("=+-@\t\r", p[i]) != NULL && p[i] != '\0')
		return 1;
	/* Full-width = + - @ (U+FF1D U+FF0B U+FF0D U+FF20). */
	return n - i >= 3 && p[i] == 0xef && ((p[i + 1] == 0xbc &&
	    (p[i + 2] == 0x9d || p[i + 2] == 0x8b || p[i + 2] == 0x8d)) ||
	    (p[i + 1] == 0xbc && p[i + 2] == 0xa0));
}

int
wake_escape_csv(const char *sp, size_t n, struct wake_buf *out)
{
	const unsigned char *p = (const unsigned char *)sp;
	struct wake_buf tmp = WAKE_BUF_INIT;
	struct w w = { out, WAKE_OK };
	int quote, formula, rc;
	size_t i, run;

	formula = csv_formula(p, n);
	quote = n > 0 && (p[0] == ' ' || p[n - 1] == ' ');
	for (i = 0; i < n && !quote; i++)
		quote = p[i] == ',' || p[i] == '"' || p[i] == '\n' ||
		    p[i] == '\r' || p[i] == '\t';
	/* Control bytes and bad UTF-8 made visible first, quotes then. */
	if ((rc = escape_in(M_CSV, sp, n, &tmp)) != WAKE_OK)
		return rc;
	if (quote)
		putch(&w, '"');
	if (formula)
		putch(&w, '\'');
	for (i = run = 0; i < tmp.n; i++)
		if (tmp.p[i] == '"') {
			put(&w, tmp.p + run, i + 1 - run);
			run = i;
		}
	if (tmp.n > run)
		put(&w, tmp.p + run, tmp.n - run);
	if (quote)
		putch(&w, '"');
	wake_buf_free(&tmp);
	return w.rc;
}

int
wake_escape_json(const char *p, size_t n, struct wake_buf *out)
{
	int rc;

	if ((rc = wake_buf_putc(out, '"')) != WAKE_OK ||
	    (rc = wk_json_escape(p, n, out)) != WAKE_OK)
		return rc;
	return wake_buf_putc(out, '"');
}

/* ---- numbers and times ---- */

int
wake_render_count(uint64_t v, struct wake_buf *out)
{
	char tmp[32];
	size_t i = sizeof(tmp), k = 0;

	do {
		if (k > 0 && k % 3 == 0)
			tmp[--i] = ',';
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
		k++;
	} while (v != 0);
	return wake_buf_put(out, tmp + i, sizeof(tmp) - i);
}

static void
put2(struct w *w, unsigned v)
{
	char d[2] = { (char)('0' + v / 10 % 10), (char)('0' + v % 10) };

	put(w, d, 2);
}

int
wake_render_offset(int64_t ns, struct wake_buf *out)
{
	struct w w = { out, WAKE_OK };
	uint64_t a, m;

	if (ns == WAKE_TIME_NONE)
		return wake_buf_put(out, "T?", 2);
	a = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
	m = a / (60 * (uint64_t)NS_S);
	puts_(&w, ns < 0 ? "T-" : "T+");
	if (m / 60 >= 100)
		putu(&w, m / 60);
	else
		put2(&w, (unsigned)(m / 60));
	putch(&w, ':');
	put2(&w, (unsigned)(m % 60));
	return w.rc;
}

/* Floor division of a time in ns to seconds. */
static int64_t
floor_s(wake_time_t ts)
{
	return ts >= 0 ? ts / NS_S : -((-(ts + 1)) / NS_S) - 1;
}

int
wake_render_clock(wake_time_t ts, struct wake_tz *tz, unsigned flags,
    struct wake_buf *out)
{
	struct w w = { out, WAKE_OK };
	int64_t s, loc, d, sod;
	int off = 0, y, mo, dy;
	unsigned ao;

	if (ts == WAKE_TIME_NONE)
		return wake_buf_putc(out, '-');
	s = floor_s(ts);
	if (tz != NULL)
		off = wake_tz_offset(tz, s);
	loc = s + off;
	d = loc >= 0 ? loc / 86400 : -((-(loc + 1)) / 86400) - 1;
	sod = loc - d * 86400;
	if (flags & WAKE_CLOCK_DATE) {
		wake_civil_from_days(d, &y, &mo, &dy);
		if (y < 0 || y > 9999)
			y = 0;
		put2(&w, (unsigned)(y / 100));
		put2(&w, (unsigned)(y % 100));
		putch(&w, '-');
		put2(&w, (unsigned)mo);
		putch(&w, '-');
		put2(&w, (unsigned)dy);
		putch(&w, ' ');
	}
	put2(&w, (unsigned)(sod / 3600));
	putch(&w, ':');
	put2(&w, (unsigned)(sod / 60 % 60));
	if (flags & WAKE_CLOCK_SEC) {
		putch(&w, ':');
		put2(&w, (unsigned)(sod % 60));
	}
	if (flags & WAKE_CLOCK_OFF) {
		ao = (unsigned)(off < 0 ? -off : off);
		puts_(&w, off < 0 ? " -" : " +");
		put2(&w, ao / 3600);
		putch(&w, ':');
		put2(&w, ao / 60 % 60);
	}
	return w.rc;
}

const char *
wake_render_zone_label(const char *name, char *buf, size_t bufsz)
{
	const char *s;
	size_t i;

	if (bufsz == 0)
		return "";
	if (name == NULL || *name == '\0')
		name = "UTC";
	s = strrchr(name, '/');
	s = s != NULL ? s + 1 : name;
	for (i = 0; s[i] != '\0' && i + 1 < bufsz; i++)
		buf[i] = s[i] == '_' ? ' ' : s[i];
	buf[i] = '\0';
	return buf;
}

/* ---- CSS ---- */

static const char css[] =
":root{color-scheme:light dark;--bg:#fff;--fg:#1b1f24;--muted:#57606a;"
"--line:#d0d7de;--row:#f6f8fa;--err:#b42318;--warn:#8a5a00;"
"--phase:#0b5cad;--chg:#6f42c1}\n"
"@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;"
"--muted:#8d96a0;--line:#30363d;--row:#161b22;--err:#ff7b72;"
"--warn:#d29922;--phase:#79c0ff;--chg:#d2a8ff}}\n"
"*{box-sizing:border-box}\n"
"body{margin:0 auto;max-width:76rem;padding:1rem;background:var(--bg);"
"color:var(--fg);font:15px/1.45 system-ui,-apple-system,\"Segoe UI\","
"Roboto,\"Noto Sans\",\"Noto Sans CJK JP\",sans-serif;"
"-webkit-text-size-adjust:100%}\n"
"h1{font-size:1.45rem;margin:.4rem 0 .2rem}\n"
"h2{font-size:1.15rem;margin:1.6rem 0 .5rem;padding-bottom:.2rem;"
"border-bottom:1px solid var(--line)}\n"
"p{margin:.4rem 0}\n"
".wk-muted{color:var(--muted)}\n"
".wk-scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}\n"
"table{border-collapse:collapse;width:100%;font-size:.88rem}\n"
"th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;"
"border-bottom:1px solid var(--line)}\n"
"th{background:var(--bg);font-weight:600}\n"
"tbody tr:nth-child(even){background:var(--row)}\n"
"td.wk-num,th.wk-num{text-align:right}\n"
".wk-t{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
"td.wk-msg{min-width:14rem;overflow-wrap:anywhere}\n"
"td.wk-ev{color:var(--muted);font-size:.8rem;overflow-wrap:anywhere}\n"
"code,.wk-mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"
"monospace;font-size:.85em}\n"
"tr.wk-sev-err td.wk-msg{color:var(--err)}\n"
"tr.wk-sev-warn td.wk-msg{color:var(--warn)}\n"
"tr.wk-phase td{font-weight:600}\n"
"tr.wk-phase td.wk-msg{color:var(--phase)}\n"
"tr.wk-change td.wk-msg{color:var(--chg)}\n"
"table.wk-iv{width:auto}\n"
"table.wk-iv td{font-variant-numeric:tabular-nums}\n"
".wk-facts{display:grid;grid-template-columns:max-content 1fr;"
"gap:.15rem 1rem;margin:.5rem 0}\n"
".wk-facts dt{color:var(--muted)}\n"
".wk-facts dd{margin:0}\n"
"figure.wk-chart{margin:.8rem 0;break-inside:avoid;page-break-inside:avoid}"
"\n"
"figure.wk-chart svg{display:block;width:100%;height:auto}\n"
"figure.wk-chart figcaption{font-weight:600;font-size:.92rem}\n"
"@media (max-width:40rem){body{padding:.5rem;font-size:14px}"
"th,td{padding:.25rem .3rem}.wk-wide{display:none}"
"figure.wk-chart{overflow-x:auto}figure.wk-chart svg{min-width:36rem}}\n"
"@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--line:#999;"
"--row:#fff;--err:#000;--warn:#000;--phase:#000;--chg:#000}"
"body{max-width:none;padding:0;font-size:9.5pt}"
".wk-scroll{overflow:visible}"
"tr,figure.wk-chart{break-inside:avoid;page-break-inside:avoid}"
"thead{display:table-header-group}"
"h2{break-after:avoid;page-break-after:avoid}"
"a{color:inherit;text-decoration:none}}\n";

const char *
wake_render_css(void)
{
	return css;
}

/* ---- SVG charts ---- */

/* Tableau 10: tells series apart on light and dark backgrounds. */
static const char *const palette[] = {
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
};

/* A coordinate with one decimal, "12" or "12.5"; no locale involved. */
static void
putf1(struct w *w, double x)
{
	long long v;

	if (!(x > -1e9 && x < 1e9))
		x = 0;
	v = llround(x * 10);
	if (v < 0) {
		putch(w, '-');
		v = -v;
	}
	putu(w, (uint64_t)(v / 10));
	if (v % 10 != 0) {
		putch(w, '.');
		putch(w, (int)('0' + v % 10));
	}
}

/* An axis value: "0", "250", "1.5k", "2M", "0.25". */
static void
put_axisnum(struct w *w, double v)
{
	char tmp[32], *s;

	if (v >= 1e6)
		snprintf(tmp, sizeof(tmp), "%.3gM", v / 1e6);
	else if (v >= 1e4)
		snprintf(tmp, sizeof(tmp), "%.3gk", v / 1e3);
	else if (v == floor(v))
		snprintf(tmp, sizeof(tmp), "%.0f", v);
	else
		snprintf(tmp, sizeof(tmp), "%.3g", v);
	/* A locale with a decimal comma would not matter here, but keep
	 * the output bytes the same everywhere. */
	for (s = tmp; *s != '\0'; s++)
		if (*s == ',')
			*s = '.';
	puts_(w, tmp);
}

/* The smallest of 1, 2, 2.5, 5 times a power of ten that is >= v. */
static double
nice_step(double v)
{
	double e, f;

	if (!(v > 0))
		return 1;
	e = pow(10, floor(log10(v)));
	f = v / e;
	if (f <= 1)
		return e;
	if (f <= 2)
		return 2 * e;
	if (f <= 2.5)
		return 2.5 * e;
	if (f <= 5)
		return 5 * e;
	return 10 * e;
}

struct layout {
	double	x0, x1;		/* plot area */
	double	y0, y1;
	double	lstep, ltop;	/* left axis: step and top value */
	double	rstep, rtop;
	int	right;		/* a right axis is drawn */
	double	t0, span;	/* ns, as double */
};

static double
xat(const struct layout *L, double t)
{
	double x = L->x0 + (t - L->t0) / L->span * (L->x1 - L->x0);

	return x < L->x0 ? L->x0 : x > L->x1 ? L->x1 : x;
}

static double
yat(const struct layout *L, double v, int right)
{
	double top = right ? L->rtop : L->ltop;

	if (!(v > 0))
		return L->y1;
	if (v > top)
		v = top;
	return L->y1 - v / top * (L->y1 - L->y0);
}

/* Maximum of the values on one axis (stacked bars summed). */
static double
axis_max(const struct wake_chart *c, int right)
{
	const struct wake_chart_series *s;
	double m = 0, sum, v;
	size_t i, k;

	for (i = 0; i < c->nbins; i++) {
		sum = 0;
		for (k = 0; k < c->nseries; k++) {
			s = &c->series[k];
			if ((s->right != 0) != right || s->v == NULL)
				continue;
			v = s->v[i];
			if (!(v > 0))
				continue;
			if (c->stacked && s->style == WAKE_CHART_BAR)
				sum += v;
			else if (v > m)
				m = v;
		}
		if (sum > m)
			m = sum;
	}
	return m;
}

static void
axis_scale(double max, double *step, double *top)
{
	*step = nice_step(max > 0 ? max / 4 : 1);
	/* Counts: no gridline at a fraction of one. */
	if (max >= 1 && *step < 1)
		*step = 1;
	*top = *step * ceil((max > 0 ? max : 1) / *step - 1e-9);
	if (*top <= 0)
		*top = *step;
}

/* Tick steps in seconds: the first giving at most 10 ticks is used. */
static const int64_t tick_steps[] = {
	60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
	86400, 172800, 604800
};

static void
text_at(struct w *w, double x, double y, const char *anchor,
    const char *cls)
{
	puts_(w, "<text x=\"");
	putf1(w, x);
	puts_(w, "\" y=\"");
	putf1(w, y);
	puts_(w, "\"");
	if (anchor != NULL) {
		puts_(w, " text-anchor=\"");
		puts_(w, anchor);
		puts_(w, "\"");
	}
	if (cls != NULL) {
		puts_(w, " class=\"");
		puts_(w, cls);
		puts_(w, "\"");
	}
	puts_(w, ">");
}

static void
put_esc(struct w *w, const char *s)
{
	if (w->rc == WAKE_OK && s != NULL)
		w->rc = wake_escape_html(s, strlen(s), w->b);
}

static void
draw_axes(struct w *w, const struct wake_chart *c, const struct layout *L)
{
	double v, y;
	int k;

	/* Grid lines and labels of the left axis (and the right one). */
	for (k = 0; k <= 8; k++) {
		v = L->lstep * k;
		if (v > L->ltop + L->lstep * 1e-6)
			break;
		y = yat(L, v, 0);
		puts_(w, "<line x1=\"");
		putf1(w, L->x0);
		puts_(w, "\" x2=\"");
		putf1(w, L->x1);
		puts_(w, "\" y1=\"");
		putf1(w, y);
		puts_(w, "\" y2=\"");
		putf1(w, y);
		puts_(w, k == 0 ? "\" stroke=\"currentColor\" "
		    "stroke-opacity=\"0.6\"/>\n" :
		    "\" stroke=\"currentColor\" stroke-opacity=\"0.12\"/>\n");
		text_at(w, L->x0 - 4, y + 3.5, "end", NULL);
		put_axisnum(w, v);
		puts_(w, "</text>\n");
	}
	if (L->right)
		for (k = 0; k <= 8; k++) {
			v = L->rstep * k;
			if (v > L->rtop + L->rstep * 1e-6)
				break;
			text_at(w, L->x1 + 4, yat(L, v, 1) + 3.5, "start",
			    NULL);
			put_axisnum(w, v);
			puts_(w, "</text>\n");
		}
	if (c->unit != NULL) {
		text_at(w, 4, L->y0 - 6, "start", NULL);
		put_esc(w, c->unit);
		puts_(w, "</text>\n");
	}
	if (L->right && c->runit != NULL) {
		text_at(w, (double)(c->width > 0 ? c->width : 960) - 4,
		    L->y0 - 6, "end", NULL);
		put_esc(w, c->runit);
		puts_(w, "</text>\n");
	}
}

static void
draw_ticks(struct w *w, const struct wake_chart *c, const struct layout *L)
{
	struct wake_buf lb = WAKE_BUF_INIT;
	int64_t span_s = (int64_t)(L->span / NS_S), step = 0, t, t0s;
	size_t i, r;
	char zb[48];
	double x;
	unsigned fl;

	for (i = 0; i < WK_NELEM(tick_steps); i++)
		if ((step = tick_steps[i]) * 10 >= span_s)
			break;
	if (step * 10 < span_s)
		step = (span_s / 10 / 86400 + 1) * 86400;
	t0s = floor_s(c->t0);
	t = (t0s / step) * step;
	if (t < t0s)
		t += step;
	fl = step >= 86400 ? WAKE_CLOCK_DATE : 0;
	for (; (double)t * NS_S <= L->t0 + L->span; t += step) {
		x = xat(L, (double)t * NS_S);
		/* Labels at the very ends would run into the margins. */
		if (x < L->x0 + 16 || x > L->x1 - 16)
			continue;
		puts_(w, "<line x1=\"");
		putf1(w, x);
		puts_(w, "\" x2=\"");
		putf1(w, x);
		puts_(w, "\" y1=\"");
		putf1(w, L->y0);
		puts_(w, "\" y2=\"");
		putf1(w, L->y1 + 3);
		puts_(w, "\" stroke=\"currentColor\" "
		    "stroke-opacity=\"0.12\"/>\n");
		for (r = 0; r <= c->ntz; r++) {
			lb.n = 0;
			if (w->rc == WAKE_OK && wake_render_clock(t * NS_S,
			    r == 0 ? NULL : c->tz[r - 1], fl, &lb) != WAKE_OK) {
				w->rc = WAKE_ERR_NOMEM;
				break;
			}
			/* "2024-02-22 00:00" for daily ticks: the date. */
			text_at(w, x, L->y1 + 15 + 13 * (double)r, "middle",
			    r == 0 ? NULL : "wk-tz");
			if (fl != 0 && lb.n >= 10)
				put(w, lb.p + 5, 5);
			else
				put(w, lb.p, lb.n);
			puts_(w, "</text>\n");
		}
	}
	wake_buf_free(&lb);
	/* The row names: UTC and each zone, in the left margin. */
	for (r = 0; r <= c->ntz; r++) {
		text_at(w, 2, L->y1 + 15 + 13 * (double)r, "start",
		    "wk-zone");
		put_esc(w, wake_render_zone_label(r == 0 ? "UTC" :
		    wake_tz_name(c->tz[r - 1]), zb, sizeof(zb)));
		puts_(w, "</text>\n");
	}
}

static void
draw_bars(struct w *w, const struct wake_chart *c, const struct layout *L)
{
	const struct wake_chart_series *s;
	double bw = (L->x1 - L->x0) / (double)c->nbins, gap, *base, v, y, yb;
	size_t i, k;

	gap = bw > 4 ? bw * 0.15 : 0;
	if ((base = calloc(c->nbins, sizeof(*base))) == NULL) {
		w->rc = WAKE_ERR_NOMEM;
		return;
	}
	for (k = 0; k < c->nseries; k++) {
		s = &c->series[k];
		if (s->style != WAKE_CHART_BAR || s->v == NULL)
			continue;
		puts_(w, "<g fill=\"");
		puts_(w, palette[k % WK_NELEM(palette)]);
		puts_(w, "\">\n");
		for (i = 0; i < c->nbins; i++) {
			v = s->v[i];
			if (!(v > 0))
				continue;
			yb = yat(L, base[i], s->right);
			y = yat(L, base[i] + v, s->right);
			if (c->stacked)
				base[i] += v;
			puts_(w, "<rect x=\"");
			putf1(w, L->x0 + bw * (double)i + gap / 2);
			puts_(w, "\" y=\"");
			putf1(w, y);
			puts_(w, "\" width=\"");
			putf1(w, bw - gap > 0.1 ? bw - gap : 0.1);
			puts_(w, "\" height=\"");
			putf1(w, yb - y > 0.1 ? yb - y : 0.1);
			puts_(w, "\"/>\n");
		}
		puts_(w, "</g>\n");
	}
	free(base);
}

static void
draw_lines(struct w *w, const struct wake_chart *c, const struct layout *L)
{
	const struct wake_chart_series *s;
	double bw = (L->x1 - L->x0) / (double)c->nbins;
	size_t i, k;
	int open;

	for (k = 0; k < c->nseries; k++) {
		s = &c->series[k];
		if (s->style != WAKE_CHART_LINE || s->v == NULL)
			continue;
		open = 0;
		for (i = 0; i <= c->nbins; i++) {
			if (i == c->nbins || isnan(s->v[i])) {
				if (open)
					puts_(w, "\"/>\n");
				open = 0;
				continue;
			}
			if (!open) {
				puts_(w, "<polyline fill=\"none\" "
				    "stroke-width=\"2\" stroke-linejoin="
				    "\"round\" stroke=\"");
				puts_(w, palette[k % WK_NELEM(palette)]);
				puts_(w, "\" points=\"");
				open = 1;
			} else {
				putch(w, ' ');
			}
			putf1(w, L->x0 + bw * ((double)i + 0.5));
			putch(w, ',');
			putf1(w, yat(L, s->v[i], s->right));
		}
	}
}

static void
draw_marks(struct w *w, const struct wake_chart *c, const struct layout *L)
{
	const struct wake_chart_mark *m;
	double x, y;
	size_t i;
	int right;

	for (i = 0; i < c->nmarks; i++) {
		m = &c->marks[i];
		if (m->t == WAKE_TIME_NONE || (double)m->t < L->t0 ||
		    (double)m->t > L->t0 + L->span)
			continue;
		x = xat(L, (double)m->t);
		puts_(w, "<line x1=\"");
		putf1(w, x);
		puts_(w, "\" x2=\"");
		putf1(w, x);
		puts_(w, "\" y1=\"");
		putf1(w, L->y0 - 10 - 12 * (double)(2 - i % 3));
		puts_(w, "\" y2=\"");
		putf1(w, L->y1);
		puts_(w, m->strong ? "\" stroke=\"currentColor\" "
		    "stroke-width=\"1.5\"/>\n" : "\" stroke=\"currentColor\" "
		    "stroke-width=\"1.2\" stroke-dasharray=\"4 3\"/>\n");
		if (m->label == NULL)
			continue;
		/* Three rows of labels, so close phases do not overlap. */
		y = L->y0 - 4 - 12 * (double)(2 - i % 3);
		right = x > L->x1 - 90;
		text_at(w, right ? x - 3 : x + 3, y, right ? "end" : "start",
		    "wk-mark");
		put_esc(w, m->label);
		puts_(w, "</text>\n");
	}
}

static void
draw_legend(struct w *w, const struct wake_chart *c, double y, int width)
{
	double x = 64, tw;
	size_t k;

	for (k = 0; k < c->nseries; k++) {
		const char *name = c->series[k].name != NULL ?
		    c->series[k].name : "";

		tw = 22 + 6.2 * (double)strlen(name);
		if (x + tw > width && x > 64) {
			x = 64;
			y += 15;
		}
		puts_(w, "<rect x=\"");
		putf1(w, x);
		puts_(w, "\" y=\"");
		putf1(w, y - 9);
		puts_(w, c->series[k].style == WAKE_CHART_LINE ?
		    "\" width=\"12\" height=\"3\" fill=\"" :
		    "\" width=\"10\" height=\"10\" fill=\"");
		puts_(w, palette[k % WK_NELEM(palette)]);
		puts_(w, "\"/>");
		text_at(w, x + 15, y, NULL, NULL);
		put_esc(w, name);
		if (c->series[k].right)
			puts_(w, " (right)");
		puts_(w, "</text>\n");
		x += tw + 12;
	}
}

/* Rows the legend takes at this width (as draw_legend lays it out). */
static int
legend_rows(const struct wake_chart *c, int width)
{
	double x = 64, tw;
	size_t k;
	int rows = c->nseries > 0;

	for (k = 0; k < c->nseries; k++) {
		tw = 22 + 6.2 * (double)strlen(c->series[k].name != NULL ?
		    c->series[k].name : "");
		if (x + tw > width && x > 64) {
			x = 64;
			rows++;
		}
		x += tw + 12;
	}
	return rows;
}

int
wake_chart_svg(const struct wake_chart *c, struct wake_buf *out)
{
	struct w w = { out, WAKE_OK };
	struct layout L;
	int width, height, total;
	size_t k;
	double lmax;

	if (c->bin <= 0 || c->nbins == 0 || c->nbins > 1000000)
		return WAKE_ERR_USAGE;
	width = c->width > 0 ? c->width : 960;
	height = c->height > 0 ? c->height : 220;
	memset(&L, 0, sizeof(L));
	for (k = 0; k < c->nseries; k++)
		if (c->series[k].right)
			L.right = 1;
	/* Room above the plot for three rows of phase labels. */
	L.x0 = 64;
	L.x1 = width - (L.right ? 52 : 16);
	L.y0 = 46;
	L.y1 = height - 24;
	if (L.y1 < L.y0 + 40)
		L.y1 = L.y0 + 40;
	L.t0 = (double)c->t0;
	L.span = (double)c->bin * (double)c->nbins;
	lmax = axis_max(c, 0);
	axis_scale(lmax, &L.lstep, &L.ltop);
	axis_scale(axis_max(c, 1), &L.rstep, &L.rtop);
	total = (int)L.y1 + 20 + 13 * (int)c->ntz +
	    15 * legend_rows(c, width) + 6;

	puts_(&w, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	putu(&w, (uint64_t)width);
	putch(&w, ' ');
	putu(&w, (uint64_t)total);
	puts_(&w, "\" role=\"img\" font-family=\"system-ui, sans-serif\" "
	    "font-size=\"11\" fill=\"currentColor\">\n<title>");
	put_esc(&w, c->title != NULL ? c->title : "chart");
	puts_(&w, "</title>\n");
	if (c->shade0 != WAKE_TIME_NONE && c->shade1 != WAKE_TIME_NONE &&
	    c->shade1 > c->shade0) {
		double a = xat(&L, (double)c->shade0);
		double b = xat(&L, (double)c->shade1);

		puts_(&w, "<rect x=\"");
		putf1(&w, a);
		puts_(&w, "\" y=\"");
		putf1(&w, L.y0);
		puts_(&w, "\" width=\"");
		putf1(&w, b - a);
		puts_(&w, "\" height=\"");
		putf1(&w, L.y1 - L.y0);
		puts_(&w, "\" fill=\"#e15759\" fill-opacity=\"0.09\"/>\n");
	}
	draw_axes(&w, c, &L);
	draw_ticks(&w, c, &L);
	draw_bars(&w, c, &L);
	draw_lines(&w, c, &L);
	draw_marks(&w, c, &L);
	draw_legend(&w, c, L.y1 + 20 + 13 * (double)c->ntz + 14, width);
	if (lmax == 0 && c->nseries > 0) {
		text_at(&w, (L.x0 + L.x1) / 2, (L.y0 + L.y1) / 2, "middle",
		    "wk-muted");
		puts_(&w, "no data in this window</text>\n");
	}
	puts_(&w, "</svg>\n");
	return w.rc;
}
