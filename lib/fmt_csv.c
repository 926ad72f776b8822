/*
 * csv: CSV or TSV with a header line (RFC 4180), as contact-center and
 * ticket systems export them (Genesys, Five9, Amazon Connect, ...), and
 * series such as customer reports per minute.
 *
 * The header is the first line that looks like one: two or more fields,
 * each a name (letters in it, neither a number nor a time; one may be
 * empty); '#' lines before it are comments.  Its delimiter is the one of
 * ',', TAB and ';' it holds most of.  Each later record with as many
 * fields (empty ones past the last may be added) is an event:
 *
 *	ts	the column of --map ts=COLUMN; else the first column named
 *		like a time (time, date, start, created, minute, ...) whose
 *		value is one; else the first holding a date and a time.  A
 *		date-only column takes its time of day from a time column.
 *		Zone-less values are in c->tz; slash dates are read month
 *		first until a value only day first can read.
 *	host, msg, sev, kind
 *		--map KEY=COLUMN, else --set KEY=VALUE, else a column named
 *		host/agent/server/node, msg/message/subject/summary/title/
 *		description/text/event/content/notes/comments,
 *		level/severity.
 *	attrs	every other non-empty cell, keyed by its column's name in
 *		lower case with runs of bytes outside [a-z0-9.-] as one '_'
 *		(empty: colN; taken twice: NAME_N; the driver's own keys get
 *		"csv_" before them); --map KEY=COLUMN renames; the other
 *		--set KEY=VALUE pairs follow as constants.
 *
 * A header without a time column gives events without time (notime=1)
 * when --map or --set was given, else its records are not taken (so
 * that detection wants a time).  When the first record holds numbers
 * only beside its time (no host, msg, sev or kind from a column or
 * --set), the input is a metric series: kind=metric with metric=NAME
 * value=N for one number column, NAME=N for each of several.  A line
 * equal to the header is skipped.
 *
 * Records spanning lines: a quoted field may hold newlines.  The driver
 * hands over one line at a time and joins WK_CONT lines to the msg of
 * the event before, which is wrong for CSV, so the lines of a record not
 * yet complete are kept here and answered WK_META (counted as skipped),
 * and the line that completes it gives the event; its origin is that
 * last line.  A quote is taken for a mistake when a line comes that is
 * a record of its own (as many fields, a time where the time column
 * is), or after REC_LINES lines or REC_BYTES: the lines so far, that
 * one too, become one raw event with csv_error=, as does a spanning
 * record that is refused.  The driver passes no empty lines, so those
 * inside a quoted field are lost.  A quote still open at the end of the
 * input: its lines become one raw event (csv_error="unterminated quoted
 * field") through the driver's end-of-input call, and the input is bad.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_COLS	512
#define MAX_NAME	128	/* a longer header field is not a name */
#define REC_LINES	200	/* lines one record may span */
#define REC_BYTES	(1u << 20)
#define MAX_ASSIGN	32	/* --map or --set items */
/* Not yy/mm/dd: it would read the US 02/11/24 as 2002-11-24. */
#define SCAN_MASK	(WAKE_TL_ALL & ~(WAKE_TL_SPARK | WAKE_TL_GLOG))

enum { R_ATTR, R_TS, R_TIME, R_HOST, R_MSG, R_SEV, R_KIND };

struct col {
	size_t		 noff, nn;	/* name, in hdr */
	size_t		 koff, kn;	/* attr key, in hdr */
	int		 role;
};

struct assign {
	const char	*k;
	size_t		 kn;
	const char	*v;
	size_t		 vn;
};

struct csvstate {
	int		 conf;		/* --map and --set read */
	const char	*err;		/* what is wrong with them */
	struct assign	 map[MAX_ASSIGN];
	size_t		 nmap;
	struct assign	 set[MAX_ASSIGN];	/* constant attrs */
	size_t		 nset;
	int		 any;		/* --map or --set given */
	int		 kind;		/* --set kind=, or -1 */
	int		 sev;		/* --set sev=, or -2 */
	struct assign	 host;		/* --set host= (vn 0: no) */
	struct assign	 msg;		/* --set msg= */

	int		 have_hdr;
	int		 delim;
	size_t		 ncol;
	struct col	*cols;
	struct wake_buf	 hdr;		/* header, names, keys */
	size_t		 hdrlen;
	int		 tscol;		/* -1: none found yet */
	int		 timecol;	/* time of day to a date, -1 */
	int		 hostcol, msgcol;	/* -1: none */
	int		 sevcol, kindcol;
	int		 tsmapped;	/* tscol given by --map */
	int		 metric;	/* -1: undecided */
	size_t		 nnum;		/* columns of a series */
	int		 lay;		/* time layout that last read */
	int		 dmy;		/* slash dates are day first */

	struct wake_buf	 rec;		/* a record not complete */
	size_t		 reclines;
	struct wk_csvf	*f;
	size_t		 fcap;
	struct wake_buf	 tmp;		/* unescaped values */
	struct wake_buf	 mb;		/* a made-up msg */
};

/* ---- splitting records (shared with cdr) ---- */

static size_t
trim_end(const char *p, size_t n)
{
	while (n > 0 && p[n - 1] == ' ')
		n--;
	return n;
}

long
wk_csv_split(const char *p, size_t n, int delim, struct wk_csvf *f,
    size_t max)
{
	const char *q;
	struct wk_csvf cur;
	size_t i = 0, j, s, e, k = 0;

	for (;;) {
		s = i;
		for (j = i; j < n && p[j] == ' '; j++)
			;
		if (j < n && p[j] == '"') {
			cur.esc = 0;
			cur.p = p + ++j;
			for (;;) {
				if ((q = memchr(p + j, '"', n - j)) == NULL)
					return -1;
				j = (size_t)(q - p) + 1;
				if (j < n && p[j] == '"') {
					cur.esc = 1;
					j++;
					continue;
				}
				break;
			}
			cur.n = (size_t)(p + j - 1 - cur.p);
			for (e = j; e < n && p[e] == ' '; e++)
				;
			if (e < n && p[e] != delim) {
				/* Bytes after the closing quote: as written. */
				q = memchr(p + e, delim, n - e);
				e = q != NULL ? (size_t)(q - p) : n;
				cur.p = p + s;
				cur.n = e - s;
				cur.esc = 0;
			}
		} else {
			q = memchr(p + j, delim, n - j);
			e = q != NULL ? (size_t)(q - p) : n;
			cur.p = p + j;
			cur.n = trim_end(p + j, e - j);
			cur.esc = 0;
		}
		if (k < max)
			f[k] = cur;
		k++;
		if (e >= n)
			break;
		i = e + 1;
	}
	return (long)k;
}

int
wk_csv_value(struct wake_event *ev, const struct wk_csvf *f,
    struct wake_buf *tmp, struct wake_str *out)
{
	const char *q;
	size_t i;

	if (!f->esc) {
		out->p = f->p;
		out->n = f->n;
		return WAKE_OK;
	}
	tmp->n = 0;
	if (wake_buf_reserve(tmp, f->n) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < f->n; i++) {
		tmp->p[tmp->n++] = f->p[i];
		if (f->p[i] == '"' && i + 1 < f->n && f->p[i + 1] == '"')
			i++;
	}
	if ((q = wake_event_store(ev, tmp->p, tmp->n)) == NULL)
		return WAKE_ERR_NOMEM;
	out->p = q;
	out->n = tmp->n;
	return WAKE_OK;
}

/* ---- state ---- */

static void
defaults(struct csvstate *s)
{
	memset(s, 0, sizeof(*s));
	s->kind = -1;
	s->sev = -2;
	s->tscol = s->timecol = -1;
	s->hostcol = s->msgcol = s->sevcol = s->kindcol = -1;
	s->metric = -1;
	s->lay = -1;
}

static void *
csv_new(const void *data)
{
	struct csvstate *s;

	(void)data;
	if ((s = malloc(sizeof(*s))) != NULL)
		defaults(s);
	return s;
}

static void
csv_free(void *state)
{
	struct csvstate *s = state;

	if (s == NULL)
		return;
	free(s->cols);
	free(s->f);
	wake_buf_free(&s->hdr);
	wake_buf_free(&s->rec);
	wake_buf_free(&s->tmp);
	wake_buf_free(&s->mb);
	free(s);
}

/* ---- --map and --set ---- */

static const char *
trim(const char *p, size_t *n)
{
	while (*n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		(*n)--;
	}
	while (*n > 0 && (p[*n - 1] == ' ' || p[*n - 1] == '\t'))
		(*n)--;
	return p;
}

/* "k=v,k=v" items of v[0..nv) into a[]; -1 when malformed or too many. */
static int
assigns(const char *const *v, size_t nv, struct assign *a, size_t *na)
{
	const char *p, *end, *eq, *comma;
	size_t i;

	*na = 0;
	for (i = 0; i < nv; i++) {
		if (v[i] == NULL)
			continue;
		p = v[i];
		end = p + strlen(p);
		for (;;) {
			if ((comma = memchr(p, ',', (size_t)(end - p))) ==
			    NULL)
				comma = end;
			if ((eq = memchr(p, '=', (size_t)(comma - p))) ==
			    NULL || *na == MAX_ASSIGN)
				return -1;
			a[*na].kn = (size_t)(eq - p);
			a[*na].k = trim(p, &a[*na].kn);
			a[*na].vn = (size_t)(comma - eq - 1);
			a[*na].v = trim(eq + 1, &a[*na].vn);
			if (a[*na].kn == 0)
				return -1;
			(*na)++;
			if (comma == end)
				break;
			p = comma + 1;
		}
	}
	return 0;
}

static void
configure(const struct wk_pctx *c, struct csvstate *s)
{
	struct assign set[MAX_ASSIGN];
	size_t i, nset;

	s->conf = 1;
	s->any = c->nmap > 0 || c->nset > 0;
	if (assigns(c->map, c->nmap, s->map, &s->nmap) < 0 ||
	    assigns(c->set, c->nset, set, &nset) < 0) {
		s->err = "bad --map or --set (KEY=VALUE,...)";
		return;
	}
	for (i = 0; i < s->nmap; i++)
		if (s->map[i].vn == 0)
			s->err = "--map KEY= without a column";
	for (i = 0; i < nset; i++) {
		if (wk_streq(set[i].k, set[i].kn, "kind")) {
			if ((s->kind = wake_kind_parse(set[i].v, set[i].vn)) <
			    0)
				s->err = "--set kind= is not a kind";
		} else if (wk_streq(set[i].k, set[i].kn, "sev")) {
			if ((s->sev = wake_sev_parse(set[i].v, set[i].vn)) <
			    WAKE_SEV_NONE)
				s->err = "--set sev= is not a severity";
		} else if (wk_streq(set[i].k, set[i].kn, "host"))
			s->host = set[i];
		else if (wk_streq(set[i].k, set[i].kn, "msg"))
			s->msg = set[i];
		else if (wk_streq(set[i].k, set[i].kn, "ts"))
			s->err = "--set ts= is not a constant (use --map)";
		else
			s->set[s->nset++] = set[i];
	}
}

/* ---- the header ---- */

static int
isalpha8(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    ch >= 0x80;
}

/* Can p[0..n) be a column name? */
static int
name_ok(const char *p, size_t n)
{
	struct wake_tm tm;
	size_t i;
	int alpha = 0;

	if (n == 0 || n > MAX_NAME)
		return 0;
	for (i = 0; i < n; i++) {
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return 0;
		if (isalpha8((unsigned char)p[i]))
			alpha = 1;
	}
	return alpha && wake_time_scan(p, n, WAKE_TL_ALL, &tm, NULL) == 0;
}

/* The delimiter line holds most of outside quotes, or 0. */
static int
pick_delim(const char *p, size_t n)
{
	static const char cand[] = { '\t', ',', ';' };
	size_t cnt[3] = { 0, 0, 0 }, i, k, best = 0;
	int inq = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			inq = !inq;
		else if (!inq)
			for (k = 0; k < 3; k++)
				if (p[i] == cand[k])
					cnt[k]++;
	}
	for (k = 1; k < 3; k++)
		if (cnt[k] > cnt[best])
			best = k;
	return cnt[best] > 0 ? cand[best] : 0;
}

static int
caseeq(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i;
	int x, y;

	if (an != bn)
		return 0;
	for (i = 0; i < an; i++) {
		x = (unsigned char)a[i];
		y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return 0;
	}
	return 1;
}

static const char *
cname(const struct csvstate *s, size_t j, size_t *n)
{
	*n = s->cols[j].nn;
	return s->hdr.p + s->cols[j].noff;
}

static const char *
ckey(const struct csvstate *s, size_t j, size_t *n)
{
	*n = s->cols[j].kn;
	return s->hdr.p + s->cols[j].koff;
}

static int
key_is(const struct csvstate *s, size_t j, const char *lit)
{
	size_t n;
	const char *k = ckey(s, j, &n);

	return wk_streq(k, n, lit);
}

/* Does column j's key hold lit? */
static int
key_has(const struct csvstate *s, size_t j, const char *lit)
{
	size_t n, m = strlen(lit), i;
	const char *k = ckey(s, j, &n);

	for (i = 0; i + m <= n; i++)
		if (memcmp(k + i, lit, m) == 0)
			return 1;
	return 0;
}

/* Append the attr key of name p[0..n) (column number no) to hdr. */
static int
put_key(struct csvstate *s, const char *p, size_t n, size_t no)
{
	static const char *const reserved[] = { "origin", "tz",
	    "tz_ambiguous", "tz_gap", "truncated", "notime" };
	struct wake_buf *b = &s->hdr;
	size_t i, start = b->n, kn;
	int ch, us = 0;

	for (i = 0; i < n; i++) {
		ch = (unsigned char)p[i];
		if (ch >= 'A' && ch <= 'Z')
			ch += 'a' - 'A';
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    ch == '.' || ch == '-') {
			if (wake_buf_putc(b, ch) != WAKE_OK)
				return -1;
			us = 0;
		} else if (!us && b->n > start) {
			if (wake_buf_putc(b, '_') != WAKE_OK)
				return -1;
			us = 1;
		}
	}
	while (b->n > start && b->p[b->n - 1] == '_')
		b->n--;
	kn = b->n - start;
	if (kn == 0)
		return wake_buf_put(b, "col", 3) == WAKE_OK &&
		    wk_buf_putu(b, no) == WAKE_OK ? 0 : -1;
	for (i = 0; i < WK_NELEM(reserved); i++)
		if (wk_streq(b->p + start, kn, reserved[i])) {
			/* "csv_" before it. */
			if (wake_buf_reserve(b, 4) != WAKE_OK)
				return -1;
			memmove(b->p + start + 4, b->p + start, kn);
			memcpy(b->p + start, "csv_", 4);
			b->n += 4;
			break;
		}
	return 0;
}

/* Make the key of column j unique among those before it. */
static int
unique_key(struct csvstate *s, size_t j)
{
	size_t i, n, m;
	const char *k = ckey(s, j, &n), *o;

	for (i = 0; i < j; i++) {
		o = ckey(s, i, &m);
		if (m == n && memcmp(o, k, n) == 0) {
			if (wake_buf_putc(&s->hdr, '_') != WAKE_OK ||
			    wk_buf_putu(&s->hdr, j + 1) != WAKE_OK)
				return -1;
			s->cols[j].kn = s->hdr.n - s->cols[j].koff;
			return 0;
		}
	}
	return 0;
}

static int
find_col(const struct csvstate *s, const char *v, size_t vn)
{
	size_t j, n;
	const char *p;

	for (j = 0; j < s->ncol; j++) {
		p = cname(s, j, &n);
		if (caseeq(p, n, v, vn))
			return (int)j;
		p = ckey(s, j, &n);
		if (caseeq(p, n, v, vn))
			return (int)j;
	}
	return -1;
}

/* Columns given roles by --map; renames. */
static void
apply_map(struct csvstate *s)
{
	const struct assign *a;
	size_t i;
	int j, *role;

	for (i = 0; i < s->nmap; i++) {
		a = &s->map[i];
		if ((j = find_col(s, a->v, a->vn)) < 0) {
			s->err = "--map names a column the header lacks";
			continue;
		}
		role = NULL;
		if (wk_streq(a->k, a->kn, "ts")) {
			s->tscol = j;
			s->tsmapped = 1;
			s->cols[j].role = R_TS;
			continue;
		}
		if (wk_streq(a->k, a->kn, "host"))
			role = &s->hostcol;
		else if (wk_streq(a->k, a->kn, "msg"))
			role = &s->msgcol;
		else if (wk_streq(a->k, a->kn, "sev"))
			role = &s->sevcol;
		else if (wk_streq(a->k, a->kn, "kind"))
			role = &s->kindcol;
		if (role != NULL) {
			*role = j;
			continue;
		}
		/* A new key for the column's attr. */
		s->cols[j].koff = s->hdr.n;
		s->cols[j].kn = a->kn;
		if (wake_buf_put(&s->hdr, a->k, a->kn) != WAKE_OK) {
			s->cols[j].kn = 0;
			s->err = "out of memory";
		}
	}
}

/* The first column whose key is one of names (in their order). */
static int
guess(const struct csvstate *s, const char *const *names, size_t nnames)
{
	size_t i, j;

	for (i = 0; i < nnames; i++)
		for (j = 0; j < s->ncol; j++)
			if (s->cols[j].role == R_ATTR &&
			    (int)j != s->hostcol && (int)j != s->msgcol &&
			    (int)j != s->sevcol && (int)j != s->kindcol &&
			    key_is(s, j, names[i]))
				return (int)j;
	return -1;
}

static void
guess_roles(struct csvstate *s)
{
	static const char *const hosts[] = { "host", "hostname", "agent",
	    "agent_name", "agentname", "server", "node" };
	static const char *const msgs[] = { "msg", "message", "subject",
	    "summary", "title", "description", "text", "event", "content",
	    "notes", "note", "comments", "comment" };
	static const char *const sevs[] = { "level", "severity", "sev",
	    "loglevel", "log_level" };

	if (s->hostcol < 0 && s->host.vn == 0)
		s->hostcol = guess(s, hosts, WK_NELEM(hosts));
	if (s->msgcol < 0 && s->msg.vn == 0)
		s->msgcol = guess(s, msgs, WK_NELEM(msgs));
	if (s->sevcol < 0 && s->sev < -1)
		s->sevcol = guess(s, sevs, WK_NELEM(sevs));
	if (s->hostcol >= 0)
		s->cols[s->hostcol].role = R_HOST;
	if (s->msgcol >= 0)
		s->cols[s->msgcol].role = R_MSG;
	if (s->sevcol >= 0)
		s->cols[s->sevcol].role = R_SEV;
	if (s->kindcol >= 0)
		s->cols[s->kindcol].role = R_KIND;
}

/*
 * Read the header from line: WK_META, or WK_NOMATCH with why.  Names
 * and keys live in hdr after a copy of the line, by offset, as hdr may
 * move while it grows.
 */
static int
header(struct csvstate *s, const char *line, size_t n, const char **why)
{
	struct wk_csvf f[MAX_COLS];
	struct col *cols;
	size_t j, nempty = 0, no;
	long nf;
	int delim;

	if ((delim = pick_delim(line, n)) == 0) {
		*why = "no ',', ';' or TAB: not a CSV header";
		return WK_NOMATCH;
	}
	if ((nf = wk_csv_split(line, n, delim, f, MAX_COLS)) < 0) {
		*why = "a header with a quote left open";
		return WK_NOMATCH;
	}
	if (nf > MAX_COLS) {
		*why = "more than 512 columns";
		return WK_NOMATCH;
	}
	for (j = 0; j < (size_t)nf; j++) {
		if (f[j].n == 0 && nempty++ == 0)
			continue;
		if (!name_ok(f[j].p, f[j].n)) {
			*why = "not a CSV header (a field is a number, a "
			    "time, empty or too long)";
			return WK_NOMATCH;
		}
	}
	if (nf - (long)nempty < 2) {
		*why = "a header needs two named columns";
		return WK_NOMATCH;
	}
	if ((cols = calloc((size_t)nf, sizeof(*cols))) == NULL ||
	    (s->f = reallocarray(NULL, (size_t)nf + 16, sizeof(*s->f))) ==
	    NULL) {
		free(cols);
		*why = "out of memory";
		return WK_NOMATCH;
	}
	s->fcap = (size_t)nf + 16;
	s->cols = cols;
	s->ncol = (size_t)nf;
	s->delim = delim;
	s->hdr.n = 0;
	if (wake_buf_put(&s->hdr, line, n) != WAKE_OK)
		goto nomem;
	s->hdrlen = n;
	/* The fields point into line: copy names and keys after it. */
	for (j = 0; j < s->ncol; j++) {
		cols[j].noff = s->hdr.n;
		no = s->hdr.n;
		if (wake_buf_put(&s->hdr, f[j].p, f[j].n) != WAKE_OK)
			goto nomem;
		if (f[j].esc) {
			/* Unescape "" in place. */
			size_t a, b;
			char *q = s->hdr.p + no;

			for (a = b = 0; a < f[j].n; a++, b++) {
				q[b] = q[a];
				if (q[a] == '"' && a + 1 < f[j].n &&
				    q[a + 1] == '"')
					a++;
			}
			s->hdr.n = no + b;
		}
		cols[j].nn = s->hdr.n - no;
		cols[j].koff = s->hdr.n;
		/* From the field: hdr may move while the key goes in. */
		if (put_key(s, f[j].p, f[j].n, j + 1) < 0)
			goto nomem;
		cols[j].kn = s->hdr.n - cols[j].koff;
		if (unique_key(s, j) < 0)
			goto nomem;
		cols[j].role = R_ATTR;
	}
	s->have_hdr = 1;
	apply_map(s);
	guess_roles(s);
	return WK_META;
nomem:
	free(s->cols);
	s->cols = NULL;
	free(s->f);
	s->f = NULL;
	s->fcap = s->ncol = 0;
	*why = "out of memory";
	return WK_NOMATCH;
}

/* ---- time ---- */

/* Layouts beyond wake_time_scan(); a slash one also day first. */
static const struct {
	const char	*mdy;
	const char	*dmy;
} layouts[] = {
	{ "%Y-%m-%d %H:%M", NULL },
	{ "%Y-%m-%dT%H:%M", NULL },
	{ "%Y/%m/%d %H:%M", NULL },
	{ "%m/%d/%Y %I:%M:%S %p", "%d/%m/%Y %I:%M:%S %p" },
	{ "%m/%d/%Y %I:%M %p", "%d/%m/%Y %I:%M %p" },
	{ "%m/%d/%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S" },
	{ "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M" },
	{ "%m/%d/%y %I:%M:%S %p", "%d/%m/%y %I:%M:%S %p" },
	{ "%m/%d/%y %I:%M %p", "%d/%m/%y %I:%M %p" },
	{ "%m/%d/%y %H:%M:%S", "%d/%m/%y %H:%M:%S" },
	{ "%m/%d/%y %H:%M", "%d/%m/%y %H:%M" },
	{ "%d.%m.%Y %H:%M:%S", NULL },
	{ "%d.%m.%Y %H:%M", NULL },
	{ "%a, %d %b %Y %H:%M:%S", NULL },
	{ "%d %b %Y %H:%M:%S", NULL },
	{ "%Y-%m-%d", NULL },
	{ "%Y/%m/%d", NULL },
	{ "%m/%d/%Y", "%d/%m/%Y" },
	{ "%m/%d/%y", "%d/%m/%y" },
	{ "%d.%m.%Y", NULL },
};

static const char *const daytimes[] = {
	"%H:%M:%S", "%H:%M:%S.%f", "%H:%M", "%I:%M:%S %p", "%I:%M %p"
};

static int
try_layout(struct csvstate *s, size_t i, const char *p, size_t n,
    struct wake_tm *tm)
{
	const char *first = s->dmy && layouts[i].dmy != NULL ?
	    layouts[i].dmy : layouts[i].mdy;
	const char *second = first == layouts[i].mdy ? layouts[i].dmy : NULL;

	if (wake_time_scan_layout(first, p, n, tm) == n)
		return 1;
	if (second != NULL && wake_time_scan_layout(second, p, n, tm) == n) {
		s->dmy = 1;
		return 1;
	}
	return 0;
}

/* A whole cell as a time; 0 when it is not one. */
static int
read_time(struct csvstate *s, const char *p, size_t n, struct wake_tm *tm)
{
	size_t i;

	if (n < 6 || n > 64)
		return 0;
	if (wake_time_scan(p, n, SCAN_MASK, tm, NULL) == n)
		return 1;
	if (s->lay >= 0 && (size_t)s->lay < WK_NELEM(layouts) &&
	    try_layout(s, (size_t)s->lay, p, n, tm))
		return 1;
	for (i = 0; i < WK_NELEM(layouts); i++)
		if (try_layout(s, i, p, n, tm)) {
			s->lay = (int)i;
			return 1;
		}
	return 0;
}

/* A whole cell as a time of day. */
static int
read_daytime(const char *p, size_t n, struct wake_tm *tm)
{
	size_t i;

	for (i = 0; i < WK_NELEM(daytimes); i++)
		if (n > 0 && wake_time_scan_layout(daytimes[i], p, n, tm) == n)
			return 1;
	return 0;
}

static int
ts_hint(const struct csvstate *s, size_t j)
{
	static const char *const sub[] = { "time", "date", "start", "creat",
	    "minute", "hour", "period", "interval" };
	static const char *const whole[] = { "ts", "day", "when", "opened" };
	size_t i;

	for (i = 0; i < WK_NELEM(sub); i++)
		if (key_has(s, j, sub[i]))
			return 1;
	for (i = 0; i < WK_NELEM(whole); i++)
		if (key_is(s, j, whole[i]))
			return 1;
	return 0;
}

/* Pick the time column (and a time-of-day one) from a record's cells. */
static void
find_ts(struct csvstate *s, const struct wk_csvf *f)
{
	struct wake_tm tm;
	size_t j;
	int pass;

	for (pass = 0; pass < 2 && s->tscol < 0; pass++)
		for (j = 0; j < s->ncol; j++) {
			if (s->cols[j].role != R_ATTR || f[j].esc ||
			    (pass == 0 && !ts_hint(s, j)) ||
			    !read_time(s, f[j].p, f[j].n, &tm))
				continue;
			/* Without a name, a date and a time, and no epoch. */
			if (pass == 1 && (tm.is_epoch || tm.hour < 0 ||
			    tm.day < 0))
				continue;
			s->tscol = (int)j;
			s->cols[j].role = R_TS;
			break;
		}
	if (s->tscol < 0 || s->timecol >= 0 ||
	    !read_time(s, f[s->tscol].p, f[s->tscol].n, &tm) ||
	    tm.hour >= 0 || tm.is_epoch)
		return;
	for (pass = 0; pass < 2 && s->timecol < 0; pass++)
		for (j = 0; j < s->ncol; j++) {
			if (s->cols[j].role != R_ATTR ||
			    (pass == 0 && !key_has(s, j, "time")) ||
			    !read_daytime(f[j].p, f[j].n, &tm))
				continue;
			s->timecol = (int)j;
			s->cols[j].role = R_TIME;
			break;
		}
}

/* The record's time into ev->ts; 0 when the time column has none. */
static int
record_ts(struct wk_pctx *c, struct csvstate *s, const struct wk_csvf *f,
    struct wake_event *ev)
{
	struct wake_tm tm, tod;
	const struct wk_csvf *t = &f[s->tscol];

	if (!read_time(s, t->p, t->n, &tm))
		return 0;
	if (s->timecol >= 0 && tm.hour < 0 && !tm.is_epoch) {
		t = &f[s->timecol];
		if (read_daytime(t->p, t->n, &tod)) {
			tm.hour = tod.hour;
			tm.min = tod.min;
			tm.sec = tod.sec;
			tm.nsec = tod.nsec;
		}
	}
	return wk_resolve(c, &tm, &ev->ts) == WAKE_OK;
}

/* ---- records ---- */

static int
is_number(const char *p, size_t n)
{
	size_t i = 0, d = 0, dot = 0;

	if (n > 0 && (p[0] == '-' || p[0] == '+'))
		i++;
	for (; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d++;
		else if (p[i] == '.' && dot++ == 0)
			continue;
		else
			return 0;
	}
	return d > 0;
}

/* Is the input a metric series?  Decided on its first timed record. */
static void
decide_metric(struct csvstate *s, const struct wk_csvf *f)
{
	size_t j, nums = 0;

	s->metric = 0;
	/* Numbers only: no kind, host, msg or sev of any source. */
	if (s->kind >= 0 || s->kindcol >= 0 || s->hostcol >= 0 ||
	    s->msgcol >= 0 || s->sevcol >= 0 || s->host.vn > 0 ||
	    s->msg.vn > 0 || s->sev >= -1)
		return;
	for (j = 0; j < s->ncol; j++) {
		if (s->cols[j].role != R_ATTR)
			continue;
		if (f[j].n > 0 && !is_number(f[j].p, f[j].n))
			return;
		s->nnum++;
		nums += f[j].n > 0;
	}
	s->metric = nums > 0;
}

/* The line (or lines) of a record that cannot be one: a raw event. */
static int
broken(const char *rec, size_t n, const char *why, struct wake_event *ev)
{
	wake_event_reset(ev);
	ev->kind = WAKE_KIND_RAW;
	ev->msg.p = rec;
	ev->msg.n = n;
	if (wake_event_attr_ref(ev, "csv_error", 9, why, strlen(why)) !=
	    WAKE_OK)
		return WK_NOMATCH;
	return WK_EVENT;
}

static int
add_cell(struct csvstate *s, struct wake_event *ev, size_t j,
    const struct wk_csvf *f)
{
	struct wake_str v;
	size_t kn;
	const char *k;

	if (f->n == 0)
		return WAKE_OK;
	if (wk_csv_value(ev, f, &s->tmp, &v) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	k = ckey(s, j, &kn);
	if (s->metric == 1 && s->nnum == 1 && s->cols[j].role == R_ATTR) {
		if (wake_event_attr_ref(ev, "metric", 6, k, kn) != WAKE_OK)
			return WAKE_ERR_NOMEM;
		k = "value";
		kn = 5;
	}
	return wake_event_attr_ref(ev, k, kn, v.p, v.n);
}

/* "name value, name value" of a series' numbers as its msg. */
static int
metric_msg(struct csvstate *s, const struct wk_csvf *f,
    struct wake_event *ev)
{
	struct wake_buf *b = &s->mb;
	size_t j, kn;
	const char *k;

	b->n = 0;
	for (j = 0; j < s->ncol; j++) {
		if (s->cols[j].role != R_ATTR || f[j].n == 0 || f[j].esc)
			continue;
		k = ckey(s, j, &kn);
		if ((b->n > 0 && wake_buf_put(b, ", ", 2) != WAKE_OK) ||
		    wake_buf_put(b, k, kn) != WAKE_OK ||
		    wake_buf_putc(b, ' ') != WAKE_OK ||
		    wake_buf_put(b, f[j].p, f[j].n) != WAKE_OK)
			return WAKE_ERR_NOMEM;
	}
	ev->msg.p = b->p;
	ev->msg.n = b->n;
	return WAKE_OK;
}

static int
fill(struct csvstate *s, const struct wk_csvf *f, struct wake_event *ev)
{
	struct wake_str v;
	size_t j;
	int r;

	ev->kind = s->kind >= 0 ? s->kind : s->metric == 1 ?
	    WAKE_KIND_METRIC : WAKE_KIND_LOG;
	ev->sev = s->sev >= -1 ? s->sev : WAKE_SEV_NONE;
	ev->host.p = s->host.v;
	ev->host.n = s->host.vn;
	ev->msg.p = s->msg.v;
	ev->msg.n = s->msg.vn;
	if (s->metric == 1 && s->msgcol < 0 && s->msg.vn == 0 &&
	    metric_msg(s, f, ev) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	for (j = 0; j < s->ncol; j++) {
		switch (s->cols[j].role) {
		case R_TS:
		case R_TIME:
			continue;
		case R_HOST:
		case R_MSG:
			if (f[j].n == 0)
				continue;
			if (wk_csv_value(ev, &f[j], &s->tmp, &v) != WAKE_OK)
				return WAKE_ERR_NOMEM;
			if (s->cols[j].role == R_HOST)
				ev->host = v;
			else
				ev->msg = v;
			continue;
		case R_SEV:
			if ((r = wk_sev_from_word(f[j].p, f[j].n)) >= 0) {
				ev->sev = r;
				continue;
			}
			break;
		case R_KIND:
			if ((r = wake_kind_parse(f[j].p, f[j].n)) >= 0) {
				ev->kind = r;
				continue;
			}
			break;
		}
		if (add_cell(s, ev, j, &f[j]) != WAKE_OK)
			return WAKE_ERR_NOMEM;
	}
	for (j = 0; j < s->nset; j++)
		if (wake_event_attr_ref(ev, s->set[j].k, s->set[j].kn,
		    s->set[j].v, s->set[j].vn) != WAKE_OK)
			return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

/* A complete record rec[0..n) of nf fields in s->f. */
static int
record(struct wk_pctx *c, struct csvstate *s, const char *rec, size_t n,
    long nf, int spans, struct wake_event *ev, const char **why)
{
	const struct wk_csvf *f = s->f;
	size_t j;

	if (!spans && n == s->hdrlen && memcmp(rec, s->hdr.p, n) == 0)
		return WK_META;
	*why = NULL;
	if ((size_t)nf > s->fcap || (size_t)nf < s->ncol)
		*why = (size_t)nf < s->ncol ? "fewer fields than the header" :
		    "more fields than the header";
	for (j = s->ncol; *why == NULL && j < (size_t)nf; j++)
		if (f[j].n > 0)
			*why = "more fields than the header";
	if (*why == NULL && s->err != NULL)
		*why = s->err;
	if (*why == NULL && s->tscol < 0 && !s->tsmapped)
		find_ts(s, f);
	if (*why == NULL && s->tscol >= 0 && !record_ts(c, s, f, ev))
		*why = s->tsmapped ? "no time in the --map ts column" :
		    "no time in the time column";
	if (*why == NULL && s->tscol < 0 && !s->any)
		*why = "no column holds a time (see --map ts=COLUMN)";
	if (*why != NULL)
		return spans ? broken(rec, n, *why, ev) : WK_NOMATCH;
	if (s->metric < 0 && s->tscol >= 0)
		decide_metric(s, f);
	if (fill(s, f, ev) != WAKE_OK) {
		*why = "out of memory";
		return WK_NOMATCH;
	}
	return WK_EVENT;
}

/*
 * Is line a record of its own, with as many fields as the header and a
 * time where the time column is?  Then a quote left open before it was
 * a mistake, not a field going on.
 */
static int
fresh(struct csvstate *s, const char *line, size_t n)
{
	struct wake_tm tm;
	long nf;
	size_t j;

	if ((nf = wk_csv_split(line, n, s->delim, s->f, s->fcap)) < 0 ||
	    (size_t)nf < s->ncol || (size_t)nf > s->fcap)
		return 0;
	for (j = s->ncol; j < (size_t)nf; j++)
		if (s->f[j].n > 0)
			return 0;
	if (s->tscol >= 0)
		return read_time(s, s->f[s->tscol].p, s->f[s->tscol].n, &tm);
	/* No time column yet: one named like it that holds a time. */
	for (j = 0; j < s->ncol; j++)
		if (s->cols[j].role == R_ATTR && ts_hint(s, j) &&
		    read_time(s, s->f[j].p, s->f[j].n, &tm))
			return 1;
	return 0;
}

/* A line of a record begun on an earlier line. */
static int
more(struct wk_pctx *c, struct csvstate *s, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	size_t len;
	long nf;
	int bad = fresh(s, line, n);

	if (wake_buf_putc(&s->rec, '\n') != WAKE_OK ||
	    wake_buf_put(&s->rec, line, n) != WAKE_OK) {
		s->reclines = 0;
		*why = "out of memory";
		return WK_NOMATCH;
	}
	s->reclines++;
	nf = bad ? -1 : wk_csv_split(s->rec.p, s->rec.n, s->delim, s->f,
	    s->fcap);
	if (nf < 0 && !bad && s->reclines < REC_LINES &&
	    s->rec.n < REC_BYTES)
		return WK_META;
	len = s->rec.n;
	s->reclines = 0;
	s->rec.n = 0;	/* the bytes stay until the next record begins */
	if (bad)
		return broken(s->rec.p, len, "a quote left open (the line "
		    "after it is a record)", ev);
	if (nf < 0)
		return broken(s->rec.p, len, "a quote left open too long", ev);
	return record(c, s, s->rec.p, len, nf, 1, ev, why);
}

/* Without state, a header is all there is to know. */
static int
stateless(const char *line, size_t n, const char **why)
{
	struct csvstate tmp;
	int r;

	if (line[0] == '#')
		return WK_META;
	defaults(&tmp);
	r = header(&tmp, line, n, why);
	free(tmp.cols);
	free(tmp.f);
	wake_buf_free(&tmp.hdr);
	return r == WK_META ? WK_META : WK_NOMATCH;
}

static int
csv_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	struct csvstate *s = c->state;
	long nf;

	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (n == 0)
		return WK_META;
	if (s == NULL)
		return stateless(line, n, why);
	if (!s->conf)
		configure(c, s);
	if (s->reclines > 0)
		return more(c, s, line, n, ev, why);
	if (!s->have_hdr) {
		if (n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			line += 3;
			n -= 3;
		}
		if (n == 0 || line[0] == '#')
			return WK_META;
		return header(s, line, n, why);
	}
	if ((nf = wk_csv_split(line, n, s->delim, s->f, s->fcap)) < 0) {
		s->rec.n = 0;
		if (wake_buf_put(&s->rec, line, n) != WAKE_OK) {
			*why = "out of memory";
			return WK_NOMATCH;
		}
		s->reclines = 1;
		return WK_META;
	}
	return record(c, s, line, n, nf, 0, ev, why);
}

/* The end of the input: a record whose quote is still open. */
static int
csv_finish(struct wk_pctx *c, struct wake_event *ev, const char **why)
{
	struct csvstate *s = c->state;
	size_t len;

	if (s == NULL || s->reclines == 0)
		return WK_META;
	len = s->rec.n;
	s->reclines = 0;
	s->rec.n = 0;	/* the bytes stay until the state is freed */
	*why = "unterminated quoted field";
	return broken(s->rec.p, len, *why, ev);
}

const struct wk_format wk_fmt_csv = {
	"csv",
	"CSV or TSV with a header line (exports; --map ts=COLUMN,...)",
	WK_SNIFF_STRICT,
	NULL,
	csv_new,
	csv_free,
	csv_parse,
	NULL,
	csv_finish
};
