/*
 * Fuzz the escapers of lib/render.c: no crash, and what comes out is
 * inert in its medium whatever goes in: valid UTF-8 without control
 * characters (but TAB and LF where the medium keeps them), no markup
 * character unescaped, CSV fields that no spreadsheet reads as a
 * formula, JSON strings that read back as the same bytes.  The chart is
 * drawn from the same bytes taken as values and labels.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include <wake/input.h>
#include <wake/render.h>
#include <wake/timeline.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Valid UTF-8, no C0 (but those in keep), DEL or C1; else abort. */
static void
clean(const struct wake_buf *b, const char *keep)
{
	const unsigned char *p = (const unsigned char *)b->p;
	size_t i = 0, l, k;
	unsigned c;

	while (i < b->n) {
		c = p[i];
		if (c < 0x80) {
			if ((c < 0x20 && (c == 0 || strchr(keep, (int)c) ==
			    NULL)) || c == 0x7f)
				abort();
			i++;
			continue;
		}
		l = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
		if (l == 0 || i + l > b->n)
			abort();
		for (k = 1; k < l; k++)
			if ((p[i + k] & 0xc0) != 0x80)
				abort();
		if (c == 0xc2 && p[i + 1] < 0xa0)
			abort();
		i += l;
	}
}

/* No byte of set in b but right after a backslash (or as allowed). */
static void
no_raw(const struct wake_buf *b, const char *set, int bs_ok)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->p[i] != '\0' && strchr(set, b->p[i]) != NULL &&
		    !(bs_ok && i > 0 && b->p[i - 1] == '\\'))
			abort();
}

static void
check_csv(const struct wake_buf *b)
{
	size_t i = 0, k;

	clean(b, "\t\n\r");
	if (b->n == 0)
		return;
	if (b->p[0] == '"') {
		if (b->n < 2 || b->p[b->n - 1] != '"')
			abort();
		/* Inside, quotes come in pairs. */
		for (k = 1; k < b->n - 1; k++)
			if (b->p[k] == '"') {
				if (k + 1 >= b->n - 1 || b->p[k + 1] != '"')
					abort();
				k++;
			}
		i = 1;
	}
	while (i < b->n && b->p[i] == ' ')
		i++;
	if (i < b->n && strchr("=+-@\t\r", b->p[i]) != NULL &&
	    b->p[i] != '\0')
		abort();
}

static void
check_json(const char *p, size_t n, const struct wake_buf *b)
{
	struct wake_buf u = WAKE_BUF_INIT;
	struct wk_jtok t[2];
	const char *why;

	if (wk_json_parse(b->p, b->n, t, 2, &why) != 1 ||
	    t[0].type != WK_J_STR)
		abort();
	if (wk_json_unescape(t[0].p, t[0].n, &u) != WAKE_OK)
		abort();
	if (u.n != n || (n > 0 && memcmp(u.p, p, n) != 0))
		abort();
	wake_buf_free(&u);
}

static void
chart(const uint8_t *data, size_t size)
{
	struct wake_chart_series s[3];
	struct wake_chart_mark m[3];
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_chart c;
	double v[3][16];
	char label[3][9];
	size_t i, k;

	memset(&c, 0, sizeof(c));
	for (k = 0; k < 3; k++) {
		for (i = 0; i < 16; i++) {
			uint8_t x = size > 0 ? data[(k * 16 + i) % size] : 0;

			v[k][i] = x == 0xff ? NAN : x * (k == 2 ? 1e5 : 0.5);
		}
		for (i = 0; i < 8; i++)
			label[k][i] = size > 0 ? (char)data[(i + k) % size] :
			    'x';
		label[k][8] = '\0';
		s[k].name = label[k];
		s[k].v = v[k];
		s[k].style = k == 1 ? WAKE_CHART_LINE : WAKE_CHART_BAR;
		s[k].right = k == 1;
		m[k].t = (int64_t)(size > k ? data[k] : 0) * 60000000000LL;
		m[k].label = label[k];
		m[k].strong = (int)k & 1;
	}
	c.title = label[0];
	c.unit = label[1];
	c.runit = label[2];
	c.t0 = 0;
	c.bin = 60000000000LL * (size > 3 ? 1 + data[3] % 100 : 1);
	c.nbins = size > 4 ? 1 + data[4] % 16 : 16;
	c.series = s;
	c.nseries = 3;
	c.stacked = size > 5 && (data[5] & 1);
	c.marks = m;
	c.nmarks = 3;
	c.shade0 = 0;
	c.shade1 = c.bin * 3;
	if (wake_chart_svg(&c, &b) != WAKE_OK)
		abort();
	clean(&b, "\t\n");
	wake_buf_free(&b);
}

/*
 * The bytes as an event stream (with a phase event of its own at the
 * end) and as a cause line, through the timeline in every format.
 */
static void
timeline(const uint8_t *data, size_t size)
{
	static const char tail[] = "\n2024-02-22T10:00:00.000Z\twake\t-\t"
	    "notice\tphase\tx\tincident=INC-1 phase=start\n";
	struct wake_timeline_opts o;
	struct wake_timeline *t;
	struct wake_input *in;
	struct wake_buf b = WAKE_BUF_INIT;
	char *text;
	int f;

	if ((text = malloc(size + sizeof(tail))) == NULL)
		return;
	if (size > 0)
		memcpy(text, data, size);
	memcpy(text + size, tail, sizeof(tail));
	wake_timeline_opts_init(&o);
	o.all = 1;
	if (wake_timeline_new(&t, &o) != WAKE_OK)
		abort();
	if (wake_input_open_mem(&in, "f", text, size + sizeof(tail) - 1,
	    NULL) != WAKE_OK)
		abort();
	(void)wake_timeline_run(t, in, NULL, NULL);
	wake_input_free(in);
	(void)wake_timeline_cause_json(t, (const char *)data, size);
	if (wake_timeline_finish(t) == WAKE_OK)
		for (f = WAKE_TL_TEXT; f <= WAKE_TL_CSV; f++) {
			b.n = 0;
			if (wake_timeline_write(t, f, &b) != WAKE_OK)
				abort();
			if (f == WAKE_TL_TEXT)
				clean(&b, "\n");
		}
	wake_buf_free(&b);
	wake_timeline_free(t);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	struct wake_buf b = WAKE_BUF_INIT;

	if (wake_escape_html(p, size, &b) != WAKE_OK)
		abort();
	clean(&b, "\t\n");
	no_raw(&b, "<>\"'", 0);
	b.n = 0;
	if (wake_escape_md(p, size, &b) != WAKE_OK)
		abort();
	clean(&b, "\t");
	/* "<br>" is the one tag written: take it out, then check. */
	{
		size_t i, j = 0;

		for (i = 0; i < b.n; i++) {
			if (b.n - i >= 4 && memcmp(b.p + i, "<br>", 4) == 0) {
				i += 3;
				continue;
			}
			b.p[j++] = b.p[i];
		}
		b.n = j;
	}
	no_raw(&b, "<>\n", 0);
	no_raw(&b, "|`*_[]", 1);
	b.n = 0;
	if (wake_escape_term(p, size, &b) != WAKE_OK)
		abort();
	clean(&b, "");
	b.n = 0;
	if (wake_escape_csv(p, size, &b) != WAKE_OK)
		abort();
	check_csv(&b);
	b.n = 0;
	if (wake_escape_json(p, size, &b) != WAKE_OK)
		abort();
	check_json(p, size, &b);
	wake_buf_free(&b);
	chart(data, size);
	/* The timeline costs far more a run: only for inputs shaped as
	 * an event stream (or a cause line), so the escapers run fast. */
	if (size > 0 && (data[0] == '#' || data[0] == '2' || data[0] == '{'))
		timeline(data, size);
	return 0;
}
