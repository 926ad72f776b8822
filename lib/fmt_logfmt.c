/*
 * logfmt: `time=2024-02-22T03:58:12Z level=error msg="conn refused"
 * host=db1 k=v k2="quoted \"x\""`.
 *
 * A key is a run of bytes other than space, tab and '='; a value is
 * bare (up to the next space or tab) or double-quoted with backslash
 * escapes (\" \\ \n \t \r \/ \uXXXX; an unknown escape is kept as
 * written; an unterminated quote runs to the end of the line, as a cut
 * line would have it).  The line is logfmt when it has a time key (time,
 * ts, t, timestamp, @timestamp, first that holds a timestamp), at least
 * two pairs, and the pairs make up at least 80% of its non-blank bytes:
 * prose with one '=' in it is not logfmt.  level, lvl, severity give
 * the severity; msg, message the message; host, hostname the host; the
 * other pairs become attrs, in order.  A level word nobody knows stays
 * an attr.  Key names match without regard to case.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SP(ch)	((ch) == ' ' || (ch) == '\t')

struct lfstate {
	struct wake_buf	 tmp;	/* unescaped values */
};

/* One token of a line: a pair, or a word that is not one. */
struct pair {
	const char	*k;
	size_t		 kn;
	const char	*v;	/* between the quotes when quoted */
	size_t		 vn;
	int		 quoted;
	int		 esc;	/* quoted with a backslash inside */
	size_t		 span;	/* bytes of the whole token */
};

static void *
lfstate_new(const void *data)
{
	(void)data;
	return calloc(1, sizeof(struct lfstate));
}

static void
lfstate_free(void *state)
{
	struct lfstate *s = state;

	if (s == NULL)
		return;
	wake_buf_free(&s->tmp);
	free(s);
}

/*
 * The next token at *i.  Returns 1 for a pair, 0 for a word (span
 * set), -1 at the end of the line.
 */
static int
next_token(const char *p, size_t n, size_t *i, struct pair *t)
{
	size_t j = *i, start;

	while (j < n && SP(p[j]))
		j++;
	if (j == n) {
		*i = j;
		return -1;
	}
	start = j;
	while (j < n && !SP(p[j]) && p[j] != '=')
		j++;
	if (j == n || p[j] != '=' || j == start) {
		while (j < n && !SP(p[j]))
			j++;
		t->span = j - start;
		*i = j;
		return 0;
	}
	t->k = p + start;
	t->kn = j - start;
	j++;	/* '=' */
	t->quoted = t->esc = 0;
	if (j < n && p[j] == '"') {
		t->quoted = 1;
		t->v = p + ++j;
		while (j < n && p[j] != '"') {
			if (p[j] == '\\') {
				t->esc = 1;
				if (j + 1 < n)
					j++;
			}
			j++;
		}
		t->vn = (size_t)(p + j - t->v);
		if (j < n)
			j++;	/* closing quote */
	} else {
		t->v = p + j;
		while (j < n && !SP(p[j]))
			j++;
		t->vn = (size_t)(p + j - t->v);
	}
	t->span = j - start;
	*i = j;
	return 1;
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Append code point u as UTF-8 (lone surrogates as U+FFFD). */
static int
put_utf8(struct wake_buf *b, unsigned u)
{
	char o[4];
	size_t n;

	if (u >= 0xd800 && u <= 0xdfff)
		u = 0xfffd;
	if (u < 0x80) {
		o[0] = (char)u;
		n = 1;
	} else if (u < 0x800) {
		o[0] = (char)(0xc0 | u >> 6);
		o[1] = (char)(0x80 | (u & 0x3f));
		n = 2;
	} else {
		o[0] = (char)(0xe0 | u >> 12);
		o[1] = (char)(0x80 | (u >> 6 & 0x3f));
		o[2] = (char)(0x80 | (u & 0x3f));
		n = 3;
	}
	return wake_buf_put(b, o, n);
}

/* Unescape a quoted value into b (emptied first). */
static int
unescape(const char *p, size_t n, struct wake_buf *b)
{
	size_t i, run;
	unsigned u;
	int k, h;

	b->n = 0;
	if (wake_buf_reserve(b, n) != WAKE_OK)
		return -1;
	for (i = 0; i < n; ) {
		for (run = i; run < n && p[run] != '\\'; run++)
			continue;
		if (wake_buf_put(b, p + i, run - i) != WAKE_OK)
			return -1;
		if ((i = run) == n)
			break;
		if (i + 1 == n) {
			if (wake_buf_putc(b, '\\') != WAKE_OK)
				return -1;
			break;
		}
		i += 2;
		switch (p[i - 1]) {
		case 'n':
			h = wake_buf_putc(b, '\n');
			break;
		case 't':
			h = wake_buf_putc(b, '\t');
			break;
		case 'r':
			h = wake_buf_putc(b, '\r');
			break;
		case '"':
		case '\\':
		case '/':
			h = wake_buf_putc(b, p[i - 1]);
			break;
		case 'u':
			for (u = 0, k = 0; k < 4 && i + (size_t)k < n; k++) {
				if ((h = hexval((unsigned char)p[i + k])) < 0)
					break;
				u = u << 4 | (unsigned)h;
			}
			if (k == 4) {
				i += 4;
				h = put_utf8(b, u);
				break;
			}
			/* FALLTHROUGH */
		default:
			h = wake_buf_put(b, p + i - 2, 2);
			break;
		}
		if (h != WAKE_OK)
			return -1;
	}
	return 0;
}

/*
 * The value of pair t: borrowed from the line, or unescaped and stored
 * in ev's arena.  NULL when out of memory.
 */
static const char *
value(struct lfstate *s, struct wake_event *ev, const struct pair *t,
    size_t *vn)
{
	*vn = t->vn;
	if (!t->esc)
		return t->vn > 0 ? t->v : "";
	if (unescape(t->v, t->vn, &s->tmp) < 0)
		return NULL;
	*vn = s->tmp.n;
	return wake_event_store(ev, s->tmp.p, s->tmp.n);
}

enum { C_TS, C_SEV, C_MSG, C_HOST, C_N };
#define RANKS	5

/* The keys looked for, by class, best first within a class. */
static const struct {
	const char	*name;
	unsigned char	 len;
	unsigned char	 cls;
	unsigned char	 rank;
} names[] = {
	{ "time", 4, C_TS, 0 },
	{ "ts", 2, C_TS, 1 },
	{ "t", 1, C_TS, 2 },
	{ "timestamp", 9, C_TS, 3 },
	{ "@timestamp", 10, C_TS, 4 },
	{ "level", 5, C_SEV, 0 },
	{ "lvl", 3, C_SEV, 1 },
	{ "severity", 8, C_SEV, 2 },
	{ "msg", 3, C_MSG, 0 },
	{ "message", 7, C_MSG, 1 },
	{ "host", 4, C_HOST, 0 },
	{ "hostname", 8, C_HOST, 1 },
};

/* Note pair t when its key is one of names[]. */
static void
classify(struct pair cand[C_N][RANKS], const struct pair *t, int *have_ts)
{
	size_t i;
	int c0;

	if (t->kn > 10)
		return;
	c0 = (unsigned char)t->k[0];
	if (c0 >= 'A' && c0 <= 'Z')
		c0 += 'a' - 'A';
	for (i = 0; i < WK_NELEM(names); i++)
		if (names[i].len == t->kn && names[i].name[0] == c0 &&
		    cand[names[i].cls][names[i].rank].k == NULL &&
		    wk_strcaseeq(t->k, t->kn, names[i].name)) {
			cand[names[i].cls][names[i].rank] = *t;
			if (names[i].cls == C_TS)
				*have_ts = 1;
			return;
		}
}

/* Pair t as an attr, unless its value went to ts, sev, msg or host. */
static int
put_attr(struct lfstate *s, struct wake_event *ev, const struct pair *t,
    const char *const used[C_N])
{
	const char *v;
	size_t vn;

	if (t->v == used[C_TS] || t->v == used[C_SEV] ||
	    t->v == used[C_MSG] || t->v == used[C_HOST])
		return 0;
	if ((v = value(s, ev, t, &vn)) == NULL ||
	    wake_event_attr_ref(ev, t->k, t->kn, v, vn) != WAKE_OK)
		return -1;
	return 0;
}

#define MAXPAIRS 64	/* pairs kept from the first pass */

static int
lf_line(struct wk_pctx *c, struct lfstate *s, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	struct pair t, cand[C_N][RANKS], ps[MAXPAIRS];
	struct wake_tm tm;
	const char *v, *used[C_N];
	size_t i, vn, pairbytes = 0, wordbytes = 0, npairs = 0;
	int r, cls, rank, have_ts = 0;

	memset(cand, 0, sizeof(cand));
	for (i = 0; (r = next_token(line, n, &i, &t)) >= 0; ) {
		if (r == 0) {
			wordbytes += t.span;
			continue;
		}
		if (npairs < MAXPAIRS)
			ps[npairs] = t;
		npairs++;
		pairbytes += t.span;
		classify(cand, &t, &have_ts);
	}
	if (npairs < 2 || pairbytes * 5 < (pairbytes + wordbytes) * 4) {
		*why = npairs < 2 ? "fewer than two key=value pairs" :
		    "key=value pairs cover less than 80% of the line";
		return WK_NOMATCH;
	}
	if (!have_ts) {
		*why = "no time key (time, ts, t, timestamp, @timestamp)";
		return WK_NOMATCH;
	}
	memset(used, 0, sizeof(used));
	for (rank = 0; rank < RANKS; rank++) {
		t = cand[C_TS][rank];
		if (t.k == NULL || t.vn == 0)
			continue;
		if ((v = value(s, ev, &t, &vn)) == NULL)
			goto nomem;
		if (wake_time_scan(v, vn, WAKE_TL_ALL, &tm, NULL) == vn &&
		    wk_resolve(c, &tm, &ev->ts) == WAKE_OK) {
			used[C_TS] = t.v;
			break;
		}
	}
	if (used[C_TS] == NULL) {
		*why = "time key holds no timestamp";
		return WK_NOMATCH;
	}
	for (rank = 0; rank < RANKS; rank++) {
		t = cand[C_SEV][rank];
		if (t.k == NULL)
			continue;
		if ((v = value(s, ev, &t, &vn)) == NULL)
			goto nomem;
		if ((r = wk_sev_from_word(v, vn)) >= 0) {
			ev->sev = r;
			used[C_SEV] = t.v;
			break;
		}
	}
	for (cls = C_MSG; cls <= C_HOST; cls++)
		for (rank = 0; rank < RANKS; rank++) {
			t = cand[cls][rank];
			if (t.k == NULL)
				continue;
			if ((v = value(s, ev, &t, &vn)) == NULL)
				goto nomem;
			if (cls == C_MSG) {
				ev->msg.p = v;
				ev->msg.n = vn;
			} else {
				ev->host.p = v;
				ev->host.n = vn;
			}
			used[cls] = t.v;
			break;
		}
	if (npairs <= MAXPAIRS) {
		for (i = 0; i < npairs; i++)
			if (put_attr(s, ev, &ps[i], used) < 0)
				goto nomem;
	} else {
		for (i = 0; (r = next_token(line, n, &i, &t)) >= 0; )
			if (r == 1 && put_attr(s, ev, &t, used) < 0)
				goto nomem;
	}
	return WK_EVENT;
nomem:
	*why = "out of memory";
	return WK_NOMATCH;
}

static int
logfmt_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	struct lfstate tmp;
	int r;

	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (c->state != NULL)
		return lf_line(c, c->state, line, n, ev, why);
	memset(&tmp, 0, sizeof(tmp));
	r = lf_line(c, &tmp, line, n, ev, why);
	wake_buf_free(&tmp.tmp);
	return r;
}

const struct wk_format wk_fmt_logfmt = {
	"logfmt",
	"logfmt key=value lines with a time key (time=, ts=, ...)",
	0,
	NULL,
	lfstate_new,
	lfstate_free,
	logfmt_parse,
	NULL,
	NULL
};
