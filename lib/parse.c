/*
 * The parse driver: picks an input's format from its first lines, runs
 * the format over every line, folds continuation lines into the event
 * before them, and gives every line it cannot place a home as a raw
 * event or a reject, so that
 *
 *	lines = events + folded + raw + rejected + skipped.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <wake/parse.h>
#include <wake/rules.h>

#include "internal.h"

#define SNIFF_LINES	64		/* non-empty lines detection reads */
#define SNIFF_BYTES	(4u << 20)	/* ... or fewer when they are long */
#define STRICT_PCT	90		/* bar for WK_SNIFF_STRICT formats */
#define LOOSE_PCT	30		/* bar for the others */
#define MAX_FOLD	1000		/* default opts.max_fold */
#define MAX_MSG		(1u << 20)	/* default opts.max_line */
#define HOLD_LINES	1000		/* events kept waiting for a time */
#define HOLD_BYTES	(16u << 20)
#define DIAG_LINES	10		/* unmatched lines told, per input */
#define EXCERPT		100		/* bytes of a line --explain shows */
#define NS_S		INT64_C(1000000000)
/* Disorder of a stream, not a clock falling back. */
#define FALLBACK_SLACK	(300 * NS_S)

static const struct wk_format *const builtin[] = {
	&wk_fmt_rfc5424,
	&wk_fmt_rfc3164,
	&wk_fmt_combined,
	&wk_fmt_clf,
	&wk_fmt_journald,
	&wk_fmt_mattermost,	/* chat: before jsonl, which reads it too */
	&wk_fmt_jsonl,
	&wk_fmt_queue_log,
	&wk_fmt_cdr,
	&wk_fmt_csv,
	&wk_fmt_logfmt,
	&wk_fmt_irc,		/* chat */
	&wk_fmt_slack,		/* chat: exports only, never sniffed */
	&wk_fmt_generic,
};

/* A line kept from the sniff window, replayed after detection. */
struct sline {
	size_t		off;
	size_t		n;
	uint64_t	no;
	size_t		truncated;
};

struct sniff {
	struct wake_buf	 text;
	struct sline	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 nonempty;
};

struct wake_parser {
	struct wake_parse_opts	  o;
	struct wake_tz		 *owntz;	/* opened when o.tz was NULL */
	const struct wk_format *const *base;	/* built-in or injected */
	size_t			  nbase;
	struct wk_userfmts	**user;		/* one per format file */
	size_t			  nuser;
	const struct wk_format	**tab;		/* detection order */
	size_t			  ntab;
	char			  err[1024];

	/* Storage kept from input to input, so lines cost no malloc. */
	struct sniff		  sn;
	struct wake_event	  cur;		/* the line being parsed */
	struct wake_event	  pend;		/* the event lines fold into */
	struct wake_buf		  pline;	/* pend's line, its strings */
	struct wake_buf		  pmsg;		/* pend's msg once it folds */
	struct wake_buf		  origin;	/* "name:line" */
	struct wake_event	 *held;		/* waiting for a first time */
	size_t			  nheld;
	size_t			  heldcap;
	size_t			  heldbytes;
};

/* One wake_parser_run(). */
struct run {
	struct wake_parser	*p;
	const struct wk_format	*fmt;		/* NULL: every line is raw */
	struct wk_pctx		 c;
	wake_event_fn		 fn;
	void			*arg;
	struct wake_parse_stats	 st;
	const char		*oname;		/* origin name */
	char			 src[128];
	size_t			 srclen;
	size_t			 oprefix;	/* length of "name:" */
	size_t			 max_fold;
	size_t			 max_msg;
	wake_time_t		 mtime;		/* ns, for lines without time */
	wake_time_t		 last_ts;
	int			 have_ts;
	const struct wake_tz	*tz;		/* the zone tzname names */
	const char		*tzname;
	size_t			 tzlen;
	int			 have_pend;
	uint64_t		 pend_no;
	size_t			 pend_folds;
	size_t			 pend_trunc;
	int			 pend_tzflags;
	const char		*pend_tzname;
	size_t			 pend_tzlen;
	uint64_t		 nwhy;		/* unmatched lines seen */
	/* chat and csv: the end of the input */
	uint64_t		 last_no;	/* the last line's number */
	const char		*bad_end;	/* why it ended badly, or NULL */
};

/* Outcome of one line under one format while scoring. */
enum {
	R_NO, R_EVENT, R_CONT, R_META, R_INDENT, R_NOTS, R_EMPTY
};

struct score {
	size_t		 matched;
	size_t		 events;
	unsigned char	*res;		/* explain: per line, R_* */
	const char	**why;
};

static void
seterr(struct wake_parser *p, const char *name, const char *reason)
{
	snprintf(p->err, sizeof(p->err), "%s: %s", name, reason);
}

static const char *
origin_name(const char *name)
{
	return strcmp(name, "-") == 0 ? "stdin" : name;
}

/* ---- the table of formats ---- */

static const char *
tz_name(const struct wk_pctx *c)
{
	return c->tz != NULL ? wake_tz_name(c->tz) : "UTC";
}

static int
build_table(struct wake_parser *p)
{
	const struct wk_format **t;
	size_t i, j, n = p->nbase;

	for (i = 0; i < p->nuser; i++)
		n += wk_userfmt_count(p->user[i]);
	if ((t = reallocarray(NULL, n, sizeof(*t))) == NULL)
		return WAKE_ERR_NOMEM;
	n = 0;
	for (i = 0; i < p->nuser; i++)
		for (j = 0; j < wk_userfmt_count(p->user[i]); j++)
			t[n++] = wk_userfmt_get(p->user[i], j);
	for (i = 0; i < p->nbase; i++)
		t[n++] = p->base[i];
	free(p->tab);
	p->tab = t;
	p->ntab = n;
	return WAKE_OK;
}

static const struct wk_format *
find_format(const struct wake_parser *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->ntab; i++)
		if (strcmp(p->tab[i]->name, name) == 0)
			return p->tab[i];
	return NULL;
}

int
wk_parser_new_formats(struct wake_parser **pp, const struct wake_parse_opts *o,
    const struct wk_format *const *fmts, size_t n)
{
	struct wake_parser *p;
	const char *why;
	int rc;

	*pp = NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return WAKE_ERR_NOMEM;
	p->o = *o;
	p->base = fmts;
	p->nbase = n;
	wake_event_init(&p->cur);
	wake_event_init(&p->pend);
	if (p->o.tz == NULL) {
		if ((rc = wake_tz_open(NULL, &p->owntz, &why)) != WAKE_OK) {
			free(p);
			return rc;
		}
		p->o.tz = p->owntz;
	}
	if (build_table(p) != WAKE_OK) {
		wake_parser_free(p);
		return WAKE_ERR_NOMEM;
	}
	*pp = p;
	return WAKE_OK;
}

int
wake_parser_new(struct wake_parser **pp, const struct wake_parse_opts *o)
{
	return wk_parser_new_formats(pp, o, builtin, WK_NELEM(builtin));
}

void
wake_parser_free(struct wake_parser *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nuser; i++)
		wk_userfmt_free(p->user[i]);
	free(p->user);
	free(p->tab);
	wake_tz_free(p->owntz);
	wake_buf_free(&p->sn.text);
	free(p->sn.v);
	wake_event_free(&p->cur);
	wake_event_free(&p->pend);
	wake_buf_free(&p->pline);
	wake_buf_free(&p->pmsg);
	wake_buf_free(&p->origin);
	for (i = 0; i < p->heldcap; i++)
		wake_event_free(&p->held[i]);
	free(p->held);
	free(p);
}

const char *
wake_parser_error(const struct wake_parser *p)
{
	return p->err;
}

int
wake_parser_has_format(const struct wake_parser *p, const char *name)
{
	return find_format(p, name) != NULL;
}

int
wake_parser_format_info(const struct wake_parser *p, size_t i,
    const char **name, const char **desc)
{
	if (i >= p->ntab)
		return WAKE_EOF;
	*name = p->tab[i]->name;
	*desc = p->tab[i]->desc;
	return WAKE_OK;
}

int
wake_format_info(size_t i, const char **name, const char **desc)
{
	if (i >= WK_NELEM(builtin))
		return WAKE_EOF;
	*name = builtin[i]->name;
	*desc = builtin[i]->desc;
	return WAKE_OK;
}

/* Read a whole format file, at most 1 MiB. */
static int
slurp(struct wake_parser *p, const char *path, struct wake_buf *b)
{
	FILE *f;
	char chunk[8192];
	size_t n;
	int rc = WAKE_OK;

	if ((f = fopen(path, "r")) == NULL) {
		seterr(p, path, strerror(errno));
		return WAKE_ERR_USAGE;
	}
	b->max = 1u << 20;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (wake_buf_put(b, chunk, n) != WAKE_OK) {
			seterr(p, path, "too big for a format file");
			rc = WAKE_ERR_USAGE;
			break;
		}
	if (rc == WAKE_OK && ferror(f)) {
		seterr(p, path, strerror(errno));
		rc = WAKE_ERR_USAGE;
	}
	fclose(f);
	return rc;
}

static int
add_file(struct wake_parser *p, const char *path)
{
	struct wake_buf b = WAKE_BUF_INIT;
	struct wk_userfmts *u, **nu;
	const char **taken;
	size_t i;
	int rc;

	if ((rc = slurp(p, path, &b)) != WAKE_OK) {
		wake_buf_free(&b);
		return rc;
	}
	if ((taken = reallocarray(NULL, p->ntab + 1, sizeof(*taken))) ==
	    NULL) {
		wake_buf_free(&b);
		return WAKE_ERR_NOMEM;
	}
	for (i = 0; i < p->ntab; i++)
		taken[i] = p->tab[i]->name;
	rc = wk_userfmt_load(&u, path, b.p != NULL ? b.p : "", b.n, taken,
	    p->ntab, p->err, sizeof(p->err));
	free(taken);
	wake_buf_free(&b);
	if (rc != WAKE_OK)
		return rc;
	if ((nu = reallocarray(p->user, p->nuser + 1, sizeof(*nu))) == NULL) {
		wk_userfmt_free(u);
		return WAKE_ERR_NOMEM;
	}
	p->user = nu;
	p->user[p->nuser++] = u;
	return build_table(p);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_format_file(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 7 && strcmp(name + n - 7, ".format") == 0;
}

int
wake_parser_add_formats(struct wake_parser *p, const char *path)
{
	struct stat sb;
	struct wake_buf full = WAKE_BUF_INIT;
	struct dirent **ents = NULL;
	char **names = NULL;
	size_t i, n = 0;
	int k, rc = WAKE_OK;

	p->err[0] = '\0';
	if (stat(path, &sb) != 0) {
		seterr(p, path, strerror(errno));
		return WAKE_ERR_USAGE;
	}
	if (!S_ISDIR(sb.st_mode))
		return add_file(p, path);
	if ((k = scandir(path, &ents, NULL, NULL)) < 0) {
		seterr(p, path, strerror(errno));
		return WAKE_ERR_USAGE;
	}
	/* Byte order of names, whatever the locale. */
	if ((names = reallocarray(NULL, (size_t)k + 1, sizeof(*names))) ==
	    NULL)
		rc = WAKE_ERR_NOMEM;
	for (i = 0; i < (size_t)k; i++) {
		if (rc == WAKE_OK && is_format_file(ents[i]->d_name) &&
		    (names[n] = strdup(ents[i]->d_name)) != NULL)
			n++;
		free(ents[i]);
	}
	free(ents);
	if (rc == WAKE_OK)
		qsort(names, n, sizeof(*names), cmpstr);
	for (i = 0; i < n; i++) {
		full.n = 0;
		if (rc == WAKE_OK &&
		    (wake_buf_put(&full, path, strlen(path)) != WAKE_OK ||
		    wake_buf_putc(&full, '/') != WAKE_OK ||
		    wake_buf_put(&full, names[i], strlen(names[i]) + 1) !=
		    WAKE_OK))
			rc = WAKE_ERR_NOMEM;
		if (rc == WAKE_OK)
			rc = add_file(p, full.p);
		free(names[i]);
	}
	free(names);
	wake_buf_free(&full);
	if (rc == WAKE_ERR_NOMEM && p->err[0] == '\0')
		seterr(p, path, "out of memory");
	return rc;
}

/* ---- source labels ---- */

static int
has_suffix(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n > k && wk_strcaseeq(s + n - k, k, suf);
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdig((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* Length of a date YYYYMMDD or YYYY-MM-DD (or '.', '_') at s, or 0. */
static size_t
date_at(const char *s, size_t n)
{
	int mon, day;

	if (n >= 8 && all_digits(s, 8)) {
		mon = (s[4] - '0') * 10 + s[5] - '0';
		day = (s[6] - '0') * 10 + s[7] - '0';
		if (mon >= 1 && mon <= 12 && day >= 1 && day <= 31)
			return 8;
	}
	if (n >= 10 && all_digits(s, 4) && all_digits(s + 5, 2) &&
	    all_digits(s + 8, 2) && strchr("-._", s[4]) != NULL &&
	    s[7] == s[4]) {
		mon = (s[5] - '0') * 10 + s[6] - '0';
		day = (s[8] - '0') * 10 + s[9] - '0';
		if (mon >= 1 && mon <= 12 && day >= 1 && day <= 31)
			return 10;
	}
	return 0;
}

/* A rotation suffix: ".N", or a date ("-20240222", "_2024-02-22-0300"). */
static size_t
strip_rotation(const char *s, size_t n)
{
	size_t i, j, d;

	/* ".1" but not the end of "v1.2.3" or "10.0.0.1". */
	i = n;
	while (i > 0 && isdig((unsigned char)s[i - 1]))
		i--;
	if (i > 1 && i < n && s[i - 1] == '.' && n - i <= 4 &&
	    !isdig((unsigned char)s[i - 2]))
		return i - 1;
	for (i = 1; i < n; i++) {
		if (s[i] != '-' && s[i] != '.' && s[i] != '_')
			continue;
		if ((d = date_at(s + i + 1, n - i - 1)) == 0)
			continue;
		/* After the date, only a time of day may follow. */
		for (j = i + 1 + d; j < n; j++)
			if (!isdig((unsigned char)s[j]) &&
			    strchr("-._:T", s[j]) == NULL)
				break;
		if (j == n)
			return i;
	}
	return n;
}

void
wake_source_from_name(const char *name, char *out, size_t outsz)
{
	static const char *const comp[] = { ".gz", ".bz2", ".xz", ".zst",
	    ".Z" };
	static const char *const ext[] = { ".log", ".txt", ".json",
	    ".jsonl", ".csv", ".tsv" };
	const char *b;
	size_t n, m, i, k;

	if (outsz == 0)
		return;
	if (name == NULL || *name == '\0' || strcmp(name, "-") == 0)
		name = "stdin";
	n = strlen(name);
	while (n > 1 && name[n - 1] == '/')
		n--;
	for (b = name + n; b > name && b[-1] != '/'; b--)
		;
	n -= (size_t)(b - name);
	do {
		m = n;
		for (i = 0; i < WK_NELEM(comp); i++)
			if (has_suffix(b, n, comp[i]))
				n -= strlen(comp[i]);
		n = strip_rotation(b, n);
		for (i = 0; i < WK_NELEM(ext); i++)
			if (has_suffix(b, n, ext[i]))
				n -= strlen(ext[i]);
	} while (n != m && n > 0);
	if (n == 0) {
		b = "input";
		n = 5;
	}
	for (k = 0; k < n && k + 1 < outsz; k++) {
		unsigned char ch = (unsigned char)b[k];

		out[k] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    isdig(ch) || ch == '.' || ch == '_' || ch == '-' ?
		    (char)ch : '_';
	}
	out[k] = '\0';
}

/* ---- sniffing ---- */

/* Read lines until SNIFF_LINES non-empty ones; OK, EOF or an error. */
static int
sniff_read(struct wake_parser *p, struct wake_input *in)
{
	struct sniff *s = &p->sn;
	struct wake_line l;
	struct sline *nv;
	size_t ncap;
	int rc;

	s->n = 0;
	s->nonempty = 0;
	s->text.n = 0;
	while (s->nonempty < SNIFF_LINES && s->text.n < SNIFF_BYTES) {
		if ((rc = wake_input_line(in, &l)) != WAKE_OK)
			return rc;
		if (s->n == s->cap) {
			ncap = s->cap == 0 ? 64 : s->cap * 2;
			if ((nv = reallocarray(s->v, ncap, sizeof(*nv))) ==
			    NULL)
				return WAKE_ERR_NOMEM;
			s->v = nv;
			s->cap = ncap;
		}
		s->v[s->n].off = s->text.n;
		s->v[s->n].n = l.n;
		s->v[s->n].no = l.no;
		s->v[s->n].truncated = l.truncated;
		if (l.n > 0 && wake_buf_put(&s->text, l.p, l.n) != WAKE_OK)
			return WAKE_ERR_NOMEM;
		s->n++;
		if (l.n > 0)
			s->nonempty++;
	}
	return WAKE_OK;
}

static const char *
sline_text(const struct sniff *s, size_t i)
{
	return s->v[i].n > 0 ? s->text.p + s->v[i].off : "";
}

/*
 * Binary: a NUL byte, or more than 30% control bytes (other than the
 * white space and ESC that text logs hold).  Bytes >= 0x80 are not
 * counted: logs in Shift_JIS or Latin-1 are text too.
 */
static int
is_binary(const struct sniff *s)
{
	const unsigned char *q = (const unsigned char *)s->text.p;
	size_t i, bad = 0;

	if (s->text.n == 0)
		return 0;
	if (memchr(q, '\0', s->text.n) != NULL)
		return 1;
	for (i = 0; i < s->text.n; i++)
		if ((q[i] < 0x20 && q[i] != '\t' && q[i] != '\r' &&
		    q[i] != '\f' && q[i] != '\v' && q[i] != '\b' &&
		    q[i] != 0x1b) || q[i] == 0x7f)
			bad++;
	return bad * 10 > s->text.n * 3;
}

static int
indented(const char *line, size_t n)
{
	return n > 0 && (line[0] == ' ' || line[0] == '\t');
}

/*
 * Run format f over the sniff window with fresh state, as the driver
 * would: a line counts when it makes an event, continues or folds
 * (indented, for WK_FOLD_INDENT formats) into one, or is a header.
 * Lines a WK_FOLD_NOTS format would absorb do not count: it takes any
 * line after its first.
 */
static int
score_format(struct wake_parser *p, const struct wk_format *f,
    const struct wk_pctx *base, struct score *sc, size_t ntrace)
{
	const struct sniff *s = &p->sn;
	struct wk_pctx c = *base;
	const char *why, *line;
	size_t i;
	int r, seen = 0;

	sc->matched = sc->events = 0;
	c.fmt_data = f->data;
	c.state = NULL;
	if (f->init != NULL && (c.state = f->init(f->data)) == NULL)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < s->n; i++) {
		line = sline_text(s, i);
		why = NULL;
		if (s->v[i].n == 0) {
			r = R_EMPTY;
		} else {
			wake_event_reset(&p->cur);
			c.tzflags = 0;
			switch (f->parse(&c, line, s->v[i].n, &p->cur, &why)) {
			case WK_EVENT:
				r = R_EVENT;
				seen = 1;
				sc->events++;
				break;
			case WK_CONT:
				r = seen ? R_CONT : R_NO;
				if (!seen)
					why = "a continuation with nothing "
					    "before it";
				break;
			case WK_META:
				r = R_META;
				break;
			default:
				if (seen && (f->flags & WK_FOLD_INDENT) &&
				    indented(line, s->v[i].n))
					r = R_INDENT;
				else if (seen && (f->flags & WK_FOLD_NOTS))
					r = R_NOTS;
				else
					r = R_NO;
				break;
			}
			if (r != R_NO && r != R_NOTS)
				sc->matched++;
		}
		if (i < ntrace) {
			sc->res[i] = (unsigned char)r;
			sc->why[i] = why;
		}
	}
	if (f->fini != NULL)
		f->fini(c.state);
	wake_event_reset(&p->cur);
	return WAKE_OK;
}

static int
bar(const struct wk_format *f)
{
	return (f->flags & WK_SNIFF_STRICT) ? STRICT_PCT : LOOSE_PCT;
}

static int
qualifies(const struct wk_format *f, const struct score *sc, size_t total)
{
	return sc->events > 0 && total > 0 &&
	    sc->matched * 100 >= (size_t)bar(f) * total;
}

/*
 * Pick among the formats that reach their bar: a strict one over a
 * loose one (a strict format passing 90% is the precise reading, where
 * a loose one like generic also takes its lines), then the most lines,
 * then table order.  scores[] gets every format's score.  Returns the
 * index or -1.
 */
static int
choose(struct wake_parser *p, const struct wk_pctx *base,
    struct score *scores, size_t ntrace, int *err)
{
	size_t i, total = p->sn.nonempty;
	int best = -1, strict, bstrict = 0;

	*err = WAKE_OK;
	for (i = 0; i < p->ntab; i++) {
		if ((*err = score_format(p, p->tab[i], base, &scores[i],
		    ntrace)) != WAKE_OK)
			return -1;
		if (!qualifies(p->tab[i], &scores[i], total))
			continue;
		strict = (p->tab[i]->flags & WK_SNIFF_STRICT) != 0;
		if (best < 0 || (strict && !bstrict) || (strict == bstrict &&
		    scores[i].matched > scores[best].matched)) {
			best = (int)i;
			bstrict = strict;
		}
	}
	return best;
}

/* ---- from lines to events ---- */

static int
deliver(struct run *r, struct wake_event *ev)
{
	const struct wake_parse_opts *o = &r->p->o;
	int rc;

	if ((o->since != WAKE_TIME_NONE && ev->ts < o->since) ||
	    (o->until != WAKE_TIME_NONE && ev->ts >= o->until)) {
		r->st.filtered++;
		return WAKE_OK;
	}
	/* Classification rules (they never change ts: the window first). */
	if (o->rules != NULL &&
	    (rc = wake_rules_apply(o->rules, ev)) < 0)
		return rc;
	return r->fn(r->arg, ev) != 0 ? WAKE_EOF : WAKE_OK;
}

static int
flush_held(struct run *r, wake_time_t ts)
{
	struct wake_parser *p = r->p;
	size_t i, n = p->nheld;
	int rc = WAKE_OK;

	p->nheld = 0;
	p->heldbytes = 0;
	for (i = 0; i < n && rc == WAKE_OK; i++) {
		p->held[i].ts = ts;
		rc = deliver(r, &p->held[i]);
	}
	return rc;
}

/* Keep an event without a time until the input shows one. */
static int
hold(struct run *r, struct wake_event *ev)
{
	struct wake_parser *p = r->p;
	struct wake_event *nh;
	size_t i, ncap;
	int rc;

	if (p->nheld == HOLD_LINES || p->heldbytes > HOLD_BYTES) {
		/* Waited long enough: the file's time it is. */
		r->have_ts = 1;
		r->last_ts = r->mtime;
		if ((rc = flush_held(r, r->mtime)) != WAKE_OK)
			return rc;
		ev->ts = r->mtime;
		return deliver(r, ev);
	}
	if (p->nheld == p->heldcap) {
		ncap = p->heldcap == 0 ? 16 : p->heldcap * 2;
		if ((nh = reallocarray(p->held, ncap, sizeof(*nh))) == NULL)
			return WAKE_ERR_NOMEM;
		for (i = p->heldcap; i < ncap; i++)
			wake_event_init(&nh[i]);
		p->held = nh;
		p->heldcap = ncap;
	}
	if ((rc = wake_event_copy(&p->held[p->nheld], ev)) != WAKE_OK)
		return rc;
	p->nheld++;
	p->heldbytes += ev->msg.n + 128;
	return WAKE_OK;
}

/* Give an event its time: its own, the last seen, or a later one. */
static int
place(struct run *r, struct wake_event *ev)
{
	int rc;

	if (ev->ts == WAKE_TIME_NONE) {
		if (!r->have_ts)
			return hold(r, ev);
		ev->ts = r->last_ts;
	} else {
		r->last_ts = ev->ts;
		if (!r->have_ts) {
			r->have_ts = 1;
			if ((rc = flush_held(r, ev->ts)) != WAKE_OK)
				return rc;
		}
	}
	return deliver(r, ev);
}

static size_t
utoa(uint64_t v, char *buf, size_t size)
{
	size_t i = size;

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 && i > 0);
	return i;
}

/* Add src and the driver's attrs, in their fixed order; then place. */
static int
finish(struct run *r, struct wake_event *ev, uint64_t no, size_t trunc,
    int tzflags, const char *zone, size_t zlen)
{
	struct wake_buf *ob = &r->p->origin;
	char num[24];
	size_t i;
	int rc = WAKE_OK;

	ev->src.p = r->src;
	ev->src.n = r->srclen;
	/*
	 * In the hour a clock falls back, a local time is two instants:
	 * the earlier, unless that goes back in time by more than a
	 * little disorder and the later does not (the 01:30 that comes
	 * after 01:59 is the second).
	 */
	if ((tzflags & WAKE_TZ_AMBIGUOUS) && r->have_ts &&
	    ev->ts != WAKE_TIME_NONE && ev->ts + FALLBACK_SLACK < r->last_ts &&
	    r->c.tz != NULL) {
		int64_t s = ev->ts / NS_S - (ev->ts % NS_S < 0), later;

		later = wk_tz_later(r->c.tz, s) * NS_S + (ev->ts - s * NS_S);
		if (later + FALLBACK_SLACK >= r->last_ts)
			ev->ts = later;
	}
	if ((tzflags & WK_TZ_ASSUMED) && zone != NULL)
		rc = wake_event_attr_ref(ev, "tz", 2, zone, zlen);
	if (rc == WAKE_OK && (tzflags & WAKE_TZ_AMBIGUOUS))
		rc = wake_event_attr_ref(ev, "tz_ambiguous", 12, "1", 1);
	if (rc == WAKE_OK && (tzflags & WAKE_TZ_GAP))
		rc = wake_event_attr_ref(ev, "tz_gap", 6, "1", 1);
	if (rc == WAKE_OK && trunc > 0) {
		i = utoa(trunc, num, sizeof(num));
		rc = wake_event_attr(ev, "truncated", 9, num + i,
		    sizeof(num) - i);
	}
	if (rc == WAKE_OK && ev->ts == WAKE_TIME_NONE)
		rc = wake_event_attr_ref(ev, "notime", 6, "1", 1);
	if (rc == WAKE_OK && !r->p->o.no_origin) {
		ob->n = r->oprefix;
		i = utoa(no, num, sizeof(num));
		/* Lent: ev is delivered or copied before the next event. */
		if ((rc = wake_buf_put(ob, num + i, sizeof(num) - i)) ==
		    WAKE_OK)
			rc = wake_event_attr_ref(ev, "origin", 6, ob->p, ob->n);
	}
	if (rc != WAKE_OK)
		return rc;
	return place(r, ev);
}

static int
emit_pending(struct run *r)
{
	struct wake_parser *p = r->p;

	if (!r->have_pend)
		return WAKE_OK;
	r->have_pend = 0;
	if (r->pend_folds > 0) {
		p->pend.msg.p = p->pmsg.p;
		p->pend.msg.n = p->pmsg.n;
	}
	return finish(r, &p->pend, r->pend_no, r->pend_trunc,
	    r->pend_tzflags, r->pend_tzname, r->pend_tzlen);
}

/*
 * Keep a string of the event being made pending: one in the line moves
 * to the copy of the line, another (static text, a format's buffer) is
 * copied into the event's arena.
 */
static int
keep(struct wake_event *ev, struct wake_str *s, const char *line, size_t n,
    const char *copy)
{
	uintptr_t u = (uintptr_t)s->p, lo = (uintptr_t)line;
	const char *q;

	if (s->n == 0)
		return WAKE_OK;
	if (u >= lo && u - lo <= n && s->n <= n - (u - lo)) {
		s->p = copy + (u - lo);
		return WAKE_OK;
	}
	if ((q = wake_event_store(ev, s->p, s->n)) == NULL)
		return WAKE_ERR_NOMEM;
	s->p = q;
	return WAKE_OK;
}

/* p->cur holds a new event, parsed from line: it becomes the pending one. */
static int
start(struct run *r, const char *line, size_t n, uint64_t no, size_t trunc)
{
	struct wake_parser *p = r->p;
	struct wake_event tmp, *ev = &p->cur;
	const char *copy;
	size_t i;
	int rc;

	if ((rc = emit_pending(r)) != WAKE_OK)
		return rc;
	r->st.events++;
	/* The reader reuses its buffer: one copy of the line serves all. */
	p->pline.n = 0;
	if (wake_buf_put(&p->pline, line, n) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	copy = p->pline.p;
	if (keep(ev, &ev->host, line, n, copy) != WAKE_OK ||
	    keep(ev, &ev->msg, line, n, copy) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < ev->nattrs; i++)
		if (keep(ev, &ev->attrs[i].key, line, n, copy) != WAKE_OK ||
		    keep(ev, &ev->attrs[i].val, line, n, copy) != WAKE_OK)
			return WAKE_ERR_NOMEM;
	tmp = p->pend;
	p->pend = p->cur;
	p->cur = tmp;
	r->have_pend = 1;
	r->pend_no = no;
	r->pend_folds = 0;
	r->pend_trunc = trunc;
	r->pend_tzflags = r->c.tzflags;
	if (r->c.tz != r->tz) {
		r->tz = r->c.tz;
		r->tzname = tz_name(&r->c);
		r->tzlen = strlen(r->tzname);
	}
	r->pend_tzname = r->tzname;
	r->pend_tzlen = r->tzlen;
	return WAKE_OK;
}

/* Join a line to the pending event: 1 done, 0 refused, or an error. */
static int
fold(struct run *r, const char *line, size_t n, size_t trunc)
{
	struct wake_buf *b = &r->p->pmsg;
	const struct wake_str *msg = &r->p->pend.msg;

	if (!r->have_pend || r->pend_folds >= r->max_fold ||
	    (r->pend_folds > 0 ? b->n : msg->n) + 1 + n > r->max_msg)
		return 0;
	if (r->pend_folds == 0) {
		b->n = 0;
		if (wake_buf_put(b, msg->p, msg->n) != WAKE_OK)
			return WAKE_ERR_NOMEM;
	}
	if (wake_buf_putc(b, '\n') != WAKE_OK ||
	    wake_buf_put(b, line, n) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	r->pend_folds++;
	r->pend_trunc += trunc;
	r->st.folded++;
	return 1;
}

static void
note_unmatched(struct run *r, uint64_t no, const char *why)
{
	const struct wake_parse_opts *o = &r->p->o;
	char msg[256];

	if (o->diag == NULL || r->fmt == NULL || r->nwhy++ >= DIAG_LINES)
		return;
	snprintf(msg, sizeof(msg), "not %s (%s); kept as a raw event",
	    r->fmt->name, why != NULL ? why : "no match");
	o->diag(o->diag_arg, r->oname, (unsigned long)no, msg);
}

/* A line no format placed: a reject, or a raw event after the pending. */
static int
unknown(struct run *r, const char *line, size_t n, uint64_t no,
    size_t trunc, const char *why)
{
	const struct wake_parse_opts *o = &r->p->o;
	struct wake_event *ev = &r->p->cur;
	int rc;

	if (o->reject != NULL) {
		r->st.rejected++;
		return o->reject(o->reject_arg, r->oname, no, line, n) != 0 ?
		    WAKE_EOF : WAKE_OK;
	}
	if ((rc = emit_pending(r)) != WAKE_OK)
		return rc;
	r->st.raw++;
	note_unmatched(r, no, why);
	wake_event_reset(ev);
	ev->kind = WAKE_KIND_RAW;
	ev->msg.p = line;
	ev->msg.n = n;
	return finish(r, ev, no, trunc, 0, NULL, 0);
}

static int
feed(struct run *r, const char *line, size_t n, uint64_t no, size_t trunc)
{
	struct wake_parser *p = r->p;
	const char *why = NULL;
	int rc, can;

	r->st.lines++;
	r->last_no = no;
	if (trunc > 0 && r->st.truncated++ == 0)
		r->st.first_truncated = no;
	if (n == 0) {
		r->st.skipped++;
		return WAKE_OK;
	}
	if (r->fmt == NULL)
		return unknown(r, line, n, no, trunc, NULL);
	wake_event_reset(&p->cur);
	r->c.tzflags = 0;
	switch (r->fmt->parse(&r->c, line, n, &p->cur, &why)) {
	case WK_EVENT:
		if ((rc = start(r, line, n, no, trunc)) != WAKE_OK ||
		    r->fmt->more == NULL)
			return rc;
		/* More events from the line (chat: a post's replies). */
		for (;;) {
			wake_event_reset(&p->cur);
			r->c.tzflags = 0;
			if (r->fmt->more(&r->c, &p->cur) != WK_EVENT)
				return WAKE_OK;
			if ((rc = start(r, line, n, no, 0)) != WAKE_OK)
				return rc;
			r->st.events--;	/* a line counts once */
		}
	case WK_META:
		r->st.skipped++;
		return WAKE_OK;
	case WK_CONT:
		can = 1;
		if (!r->have_pend)
			why = "a continuation with nothing before it";
		break;
	default:
		can = (r->fmt->flags & WK_FOLD_NOTS) ||
		    ((r->fmt->flags & WK_FOLD_INDENT) && indented(line, n));
		break;
	}
	if (can && (rc = fold(r, line, n, trunc)) != 0)
		return rc < 0 ? rc : WAKE_OK;
	if (can && r->have_pend)
		why = "too much to fold into one event";
	return unknown(r, line, n, no, trunc, why);
}

/* ---- running an input ---- */

static void
run_init(struct run *r, struct wake_parser *p, struct wake_input *in)
{
	const struct wake_parse_opts *o = &p->o;
	const char *name = wake_input_name(in);

	memset(r, 0, sizeof(*r));
	r->p = p;
	r->oname = origin_name(name);
	if (o->source != NULL)
		snprintf(r->src, sizeof(r->src), "%s", o->source);
	else
		wake_source_from_name(name, r->src, sizeof(r->src));
	r->srclen = strlen(r->src);
	r->max_fold = o->max_fold > 0 ? o->max_fold : MAX_FOLD;
	r->max_msg = o->max_line > 0 ? o->max_line : MAX_MSG;
	/* Nanoseconds reach from 1678 to 2262: clamp a wild mtime. */
	r->mtime = WK_MIN(WK_MAX(wake_input_mtime(in), -9000000000),
	    9000000000) * 1000000000;
	r->c.tz = o->tz;
	r->c.year = o->year;
	r->c.mtime = wake_input_mtime(in);
	r->c.map = o->map;
	r->c.nmap = o->nmap;
	r->c.set = o->set;
	r->c.nset = o->nset;
	r->c.name = r->oname;
	r->last_ts = WAKE_TIME_NONE;
	snprintf(r->st.format, sizeof(r->st.format), "-");
	p->nheld = 0;
	p->heldbytes = 0;
	p->origin.n = 0;
}

static int
set_origin(struct run *r)
{
	struct wake_buf *ob = &r->p->origin;

	ob->n = 0;
	if (wake_buf_put(ob, r->oname, strlen(r->oname)) != WAKE_OK ||
	    wake_buf_putc(ob, ':') != WAKE_OK)
		return WAKE_ERR_NOMEM;
	r->oprefix = ob->n;
	return WAKE_OK;
}

/* Settle the format of the run: given, detected, or none (raw). */
static int
pick(struct run *r, int *binary)
{
	struct wake_parser *p = r->p;
	const struct wake_parse_opts *o = &p->o;
	struct score *sc;
	int best, err;

	*binary = 0;
	if (o->format != NULL) {
		r->fmt = find_format(p, o->format);
		snprintf(r->st.format, sizeof(r->st.format), "%s", o->format);
		return WAKE_OK;
	}
	if (p->sn.nonempty == 0)
		return WAKE_OK;
	if (is_binary(&p->sn)) {
		*binary = 1;
		snprintf(r->st.format, sizeof(r->st.format), "binary");
		return WAKE_OK;
	}
	if ((sc = calloc(p->ntab, sizeof(*sc))) == NULL)
		return WAKE_ERR_NOMEM;
	best = choose(p, &r->c, sc, 0, &err);
	free(sc);
	if (err != WAKE_OK)
		return err;
	if (best >= 0) {
		r->fmt = p->tab[best];
		snprintf(r->st.format, sizeof(r->st.format), "%s",
		    r->fmt->name);
		return WAKE_OK;
	}
	snprintf(r->st.format, sizeof(r->st.format), "raw");
	if (o->diag != NULL)
		o->diag(o->diag_arg, r->oname, 0, "format not recognised; "
		    "lines kept as raw events (see --explain-format)");
	return WAKE_OK;
}

static int
feed_all(struct run *r, struct wake_input *in, int *rrc)
{
	struct wake_parser *p = r->p;
	struct wake_line l;
	size_t i;
	int rc = WAKE_OK;

	for (i = 0; i < p->sn.n && rc == WAKE_OK; i++)
		rc = feed(r, sline_text(&p->sn, i), p->sn.v[i].n,
		    p->sn.v[i].no, p->sn.v[i].truncated);
	if (*rrc != WAKE_OK)
		return rc;
	while (rc == WAKE_OK) {
		if ((*rrc = wake_input_line(in, &l)) != WAKE_OK)
			break;
		rc = feed(r, l.p, l.n, l.no, l.truncated);
	}
	return rc;
}

/* ---- chat and csv: the end of an input, Slack exports ---- */

/* The format's end-of-input hook: a record still open is not lost. */
static int
end_input(struct run *r)
{
	struct wake_event *ev = &r->p->cur;
	const char *why = NULL;
	int rc;

	if (r->fmt == NULL || r->fmt->finish == NULL)
		return WAKE_OK;
	wake_event_reset(ev);
	r->c.tzflags = 0;
	if (r->fmt->finish(&r->c, ev, &why) != WK_EVENT)
		return WAKE_OK;
	if (why == NULL)
		return start(r, "", 0, r->last_no, 0);
	/* Its lines were counted as skipped; one of them is the raw event. */
	if ((rc = emit_pending(r)) != WAKE_OK)
		return rc;
	if (r->st.skipped > 0)
		r->st.skipped--;
	r->st.raw++;
	r->bad_end = why;
	ev->kind = WAKE_KIND_RAW;
	return finish(r, ev, r->last_no, 0, 0, NULL, 0);
}

/* A message of a Slack export: src, origin member:line, then out. */
static int
bundle_event(void *arg, struct wake_event *ev, const char *member,
    uint64_t line)
{
	struct run *r = arg;
	struct wake_buf *ob = &r->p->origin;
	char num[24];
	size_t i;

	r->st.lines++;
	if (ev->kind == WAKE_KIND_RAW)
		r->st.raw++;
	else
		r->st.events++;
	ev->src.p = r->src;
	ev->src.n = r->srclen;
	if (!r->p->o.no_origin) {
		ob->n = 0;
		i = utoa(line, num, sizeof(num));
		if (wake_buf_put(ob, member, strlen(member)) != WAKE_OK ||
		    wake_buf_putc(ob, ':') != WAKE_OK ||
		    wake_buf_put(ob, num + i, sizeof(num) - i) != WAKE_OK ||
		    wake_event_attr_ref(ev, "origin", 6, ob->p, ob->n) !=
		    WAKE_OK)
			return WAKE_ERR_NOMEM;
	}
	return place(r, ev);
}

/* Read a whole Slack export through lib/slack.c. */
static int
run_bundle(struct run *r, struct wake_input *in)
{
	struct wake_parser *p = r->p;
	const struct wake_parse_opts *o = &p->o;
	struct wk_slack_result res;
	char name[256];
	size_t n;
	int rc;

	snprintf(r->st.format, sizeof(r->st.format), "slack");
	if (o->source == NULL) {
		/* "export.zip" and "export/" are the source "export". */
		n = strlen(r->oname);
		while (n > 1 && r->oname[n - 1] == '/')
			n--;
		if (n > 4 && wk_strcaseeq(r->oname + n - 4, 4, ".zip"))
			n -= 4;
		snprintf(name, sizeof(name), "%.*s", (int)n, r->oname);
		wake_source_from_name(name, r->src, sizeof(r->src));
		r->srclen = strlen(r->src);
	}
	memset(&res, 0, sizeof(res));
	rc = wk_slack_read(wake_input_path(in), r->oname, bundle_event, r,
	    o->diag, o->diag_arg, &res);
	r->st.lines += res.skipped;
	r->st.skipped += res.skipped;
	r->st.bytes = res.bytes;
	if (rc == WAKE_EOF || rc == WAKE_ERR_NOMEM)
		return rc;
	if (rc < 0) {
		snprintf(p->err, sizeof(p->err), "%s", res.err[0] != '\0' ?
		    res.err : wake_strerror(rc));
		return rc;
	}
	if (res.no_users) {
		seterr(p, r->oname, "users.json missing: user ids kept");
		return WAKE_ERR_FORMAT;
	}
	return WAKE_OK;
}

/* ---- end of chat and csv ---- */

static double
elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int
wake_parser_run(struct wake_parser *p, struct wake_input *in,
    wake_event_fn fn, void *arg, struct wake_parse_stats *st)
{
	const struct wake_parse_opts *o = &p->o;
	struct timespec t0;
	struct run r;
	char more[96];
	int rc, rrc, binary = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	p->err[0] = '\0';
	run_init(&r, p, in);
	r.fn = fn;
	r.arg = arg;
	if (o->format != NULL && find_format(p, o->format) == NULL) {
		snprintf(p->err, sizeof(p->err), "unknown format '%s'",
		    o->format);
		if (st != NULL)
			*st = r.st;
		return WAKE_ERR_USAGE;
	}
	rc = set_origin(&r);
	/* chat: a Slack export is read whole, not as lines. */
	if (rc == WAKE_OK && wk_slack_is_bundle(in)) {
		rc = run_bundle(&r, in);
		r.st.seconds = elapsed(&t0);
		if (st != NULL)
			*st = r.st;
		if (rc == WAKE_ERR_NOMEM)
			seterr(p, r.oname, wake_strerror(rc));
		return rc;
	}
	rrc = WAKE_EOF;
	if (rc == WAKE_OK && (rrc = sniff_read(p, in)) == WAKE_ERR_NOMEM)
		rc = rrc;
	if (rc == WAKE_OK)
		rc = pick(&r, &binary);
	if (rc == WAKE_OK && r.fmt != NULL) {
		r.c.fmt_data = r.fmt->data;
		if (r.fmt->init != NULL &&
		    (r.c.state = r.fmt->init(r.fmt->data)) == NULL)
			rc = WAKE_ERR_NOMEM;
	}
	if (rc == WAKE_OK)
		rc = feed_all(&r, in, &rrc);
	if (rc == WAKE_OK)
		rc = end_input(&r);
	if (rc == WAKE_OK)
		rc = emit_pending(&r);
	if (rc == WAKE_OK && p->nheld > 0)
		rc = flush_held(&r, r.mtime);
	if (r.fmt != NULL && r.fmt->fini != NULL && r.c.state != NULL)
		r.fmt->fini(r.c.state);
	if (rc == WAKE_OK && r.nwhy > DIAG_LINES && o->diag != NULL) {
		snprintf(more, sizeof(more), "%llu more lines not %s; kept as "
		    "raw events", (unsigned long long)(r.nwhy - DIAG_LINES),
		    r.fmt->name);
		o->diag(o->diag_arg, r.oname, 0, more);
	}
	r.st.bytes = (uint64_t)WK_MAX(wake_input_bytes(in), 0);
	r.st.seconds = elapsed(&t0);
	if (st != NULL)
		*st = r.st;
	if (rc == WAKE_EOF)
		return rc;
	if (rc != WAKE_OK) {
		seterr(p, r.oname, wake_strerror(rc));
		return rc;
	}
	if (rrc < 0) {
		const char *e = wake_input_error(in);

		if (e != NULL && strncmp(e, r.oname, strlen(r.oname)) == 0)
			snprintf(p->err, sizeof(p->err), "%s", e);
		else
			seterr(p, r.oname, e != NULL && *e != '\0' ? e :
			    wake_strerror(rrc));
		return rrc;
	}
	if (binary) {
		seterr(p, r.oname, "binary data; lines kept as raw events");
		return WAKE_ERR_FORMAT;
	}
	if (r.bad_end != NULL) {
		snprintf(p->err, sizeof(p->err), "%s:%llu: %s", r.oname,
		    (unsigned long long)r.last_no, r.bad_end);
		return WAKE_ERR_FORMAT;
	}
	return WAKE_OK;
}

/* ---- explaining detection ---- */

static const char *
res_text(int r)
{
	switch (r) {
	case R_EVENT:
		return "event";
	case R_CONT:
		return "continues the event before";
	case R_META:
		return "header or comment";
	case R_INDENT:
		return "indented: folds into the event before";
	case R_NOTS:
		return "no, would fold into the event before (not counted)";
	}
	return "no";
}

static int
explain_lines(struct wake_parser *p, const char *name, struct score *sc,
    size_t ntrace, struct wake_buf *out)
{
	const struct sniff *s = &p->sn;
	size_t i, j, n;
	int rc = WAKE_OK;

	for (i = 0; i < ntrace && rc == WAKE_OK; i++) {
		n = s->v[i].n;
		rc = wk_buf_printf(out, "%s:%llu: ", name,
		    (unsigned long long)s->v[i].no);
		if (rc == WAKE_OK && n == 0)
			rc = wk_buf_puts(out, "(empty line: skipped)\n");
		if (rc != WAKE_OK || n == 0)
			continue;
		if ((rc = wake_escape(sline_text(s, i), WK_MIN(n, EXCERPT),
		    out)) == WAKE_OK)
			rc = wk_buf_puts(out, n > EXCERPT ? " ...\n" : "\n");
		for (j = 0; j < p->ntab && rc == WAKE_OK; j++) {
			rc = wk_buf_printf(out, "    %-10s %s", p->tab[j]->name,
			    res_text(sc[j].res[i]));
			if (rc == WAKE_OK && (sc[j].res[i] == R_NO ||
			    sc[j].res[i] == R_NOTS))
				rc = wk_buf_printf(out, ": %s", sc[j].why[i] != NULL ?
				    sc[j].why[i] : "(no reason given)");
			if (rc == WAKE_OK)
				rc = wk_buf_puts(out, "\n");
		}
	}
	return rc;
}

static int
explain_scores(struct wake_parser *p, const char *name, struct score *sc,
    int best, struct wake_buf *out)
{
	size_t j, total = p->sn.nonempty;
	int rc = WAKE_OK;

	for (j = 0; j < p->ntab && rc == WAKE_OK; j++)
		rc = wk_buf_printf(out, "%s: %-10s %zu of %zu lines (%zu%%), %zu "
		    "events; needs %d%%%s\n", name, p->tab[j]->name,
		    sc[j].matched, total, sc[j].matched * 100 / total,
		    sc[j].events, bar(p->tab[j]),
		    qualifies(p->tab[j], &sc[j], total) ? ": qualifies" : "");
	if (rc != WAKE_OK)
		return rc;
	if (p->o.format != NULL)
		return wk_buf_printf(out, "%s: format: %s (given; detection would "
		    "choose %s)\n", name, p->o.format,
		    best >= 0 ? p->tab[best]->name : "none");
	if (best < 0)
		return wk_buf_printf(out, "%s: format: none reaches its bar; lines "
		    "would be raw events\n", name);
	return wk_buf_printf(out, "%s: format: %s\n", name, p->tab[best]->name);
}

int
wake_parser_explain(struct wake_parser *p, struct wake_input *in,
    size_t nlines, struct wake_buf *out)
{
	struct run r;
	struct score *sc;
	unsigned char *res = NULL;
	const char **why = NULL;
	size_t j, ntrace;
	int rc, best = -1;

	p->err[0] = '\0';
	run_init(&r, p, in);
	/* chat: a Slack export is told by its files, not its lines. */
	if (wk_slack_is_bundle(in))
		return wk_buf_printf(out, "%s: format: slack (a Slack export: "
		    "channels.json and day files)\n", r.oname);
	rc = sniff_read(p, in);
	if (rc < 0) {
		seterr(p, r.oname, rc == WAKE_ERR_NOMEM ? wake_strerror(rc) :
		    wake_input_error(in));
		return rc;
	}
	if (p->sn.nonempty == 0)
		return wk_buf_printf(out, "%s: no lines to look at\n", r.oname);
	if (is_binary(&p->sn))
		return wk_buf_printf(out, "%s: binary data (NUL bytes or control "
		    "characters); lines would be raw events\n", r.oname);
	ntrace = WK_MIN(nlines, p->sn.n);
	if ((sc = calloc(p->ntab, sizeof(*sc))) == NULL ||
	    (ntrace > 0 &&
	    ((res = calloc(p->ntab * ntrace, sizeof(*res))) == NULL ||
	    (why = calloc(p->ntab * ntrace, sizeof(*why))) == NULL))) {
		rc = WAKE_ERR_NOMEM;
		goto out;
	}
	for (j = 0; j < p->ntab; j++) {
		sc[j].res = res + j * ntrace;
		sc[j].why = why + j * ntrace;
	}
	best = choose(p, &r.c, sc, ntrace, &rc);
	if (rc == WAKE_OK)
		rc = explain_lines(p, r.oname, sc, ntrace, out);
	if (rc == WAKE_OK)
		rc = explain_scores(p, r.oname, sc, best, out);
out:
	free(res);
	free(why);
	free(sc);
	if (rc != WAKE_OK)
		seterr(p, r.oname, wake_strerror(rc));
	return rc;
}
