/*
 * Time series from events (wake-stats): bins of fixed width, series
 * keyed by the values of the --by fields, counts or sums, and
 * call-center KPIs from call events.
 *
 * Memory holds the open bins (a sorted deque; usually one or two, more
 * while calls are open), the series (a hash table, capped) and the open
 * calls (a hash table keyed by call id, with a list in arrival order for
 * giving up on calls open too long).  A call is tallied once, when its
 * outcome is known, into the bin of its first event; that bin is held
 * until all its calls are resolved, and the bins after it wait too, so
 * rows come out in time order.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/stats.h>

#include "internal.h"

#define NS		INT64_C(1000000000)
#define NS_MS		INT64_C(1000000)
#define FLUSH_AT	((size_t)256 << 10)
#define MAX_BY		16
#define MAX_VAL		1024	/* bytes of a --by value kept */
#define MAX_ID		256	/* bytes of a call id kept */
#define TS_LIMIT	(INT64_C(1) << 62)	/* |ts| past it: bad */
#define BIN_NONE	INT64_MIN
#define OTHER		"(other)"

/* --by fields. */
enum { F_SRC, F_HOST, F_SEV, F_KIND, F_ATTR };

/* Value column formats. */
enum { C_INT, C_NUM, C_RATE, C_SEC };

/* Call events (event=). */
enum { E_IGNORE, E_ENTER, E_ANSWER, E_COMPLETE, E_TRANSFER, E_ABANDON,
	E_TIMEOUT, E_EXIT, E_RING };

/* Outcomes. */
enum { O_ANSWERED, O_ABANDONED, O_TIMEOUT, O_OTHER, O_OPEN };

/* Call flags. */
#define CF_ANSWERED	0x1
#define CF_BOT		0x2
#define CF_AGENT	0x4
#define CF_TRANSFER	0x8
#define CF_MISSING	0x10	/* some --by value still "-" */
#define CF_GONE		0x20	/* given up on, counted open */

/* Calls: the KPI columns, in output order. */
enum { K_OFFERED, K_ANSWERED, K_ABANDONED, K_TIMEOUT, K_ABRATE, K_ASA,
	K_SL, K_AHT, K_MAXWAIT, K_SHORT, K_OTHER, K_BOT, K_CONTAIN, K_OPEN,
	K_NCOLS };

static const char *const call_cols[K_NCOLS] = {
	"offered", "answered", "abandoned", "timeout", "abandon_rate", "asa",
	"service_level", "aht", "max_wait", "short_abandoned", "other", "bot",
	"containment", "open"
};
static const int call_fmt[K_NCOLS] = {
	C_INT, C_INT, C_INT, C_INT, C_RATE, C_SEC, C_RATE, C_SEC, C_SEC,
	C_INT, C_INT, C_INT, C_RATE, C_INT
};
static const char *const count_col[1] = { "count" };
static const char *const sum_col[1] = { "sum" };
static const int num_fmt[1] = { C_NUM };

struct field {
	int		 type;
	char		*name;		/* column, or attr name */
};

/* Tallies of one bin and series, summable over bins. */
struct kpi {
	uint64_t	 answered;
	uint64_t	 abandoned;	/* short abandons not included */
	uint64_t	 timeout;
	uint64_t	 shortab;
	uint64_t	 other;
	uint64_t	 open;
	uint64_t	 bot;
	uint64_t	 contained;
	uint64_t	 in_sl;		/* answered within --sl */
	uint64_t	 nwait;		/* answered with a known wait */
	uint64_t	 nhandle;	/* answered with a known talk time */
	double		 wait;		/* sum over nwait, s */
	double		 handle;	/* talk + wrap over nhandle, s */
	double		 max_wait;
};

struct cell {
	uint32_t	 ser;
	double		 sum;
	struct kpi	 k[2];		/* queue events, CDR records */
};

struct bin {
	int64_t		 no;		/* start / width */
	uint32_t	 pending;	/* calls entered here, still open */
	int		 queue;		/* holds queue events */
	struct cell	*cells;
	uint32_t	 ncells;
	uint32_t	 cap;
	uint32_t	*tab;		/* series -> cell + 1 */
	uint32_t	 tabmask;
};

struct series {
	uint64_t	 hash;
	int64_t		 first;		/* first bin with data */
	int64_t		 cbin;		/* bin of ccell, cached */
	uint32_t	 ccell;
	size_t		 keylen;
	char		*key;		/* encoded values */
	struct wake_str	*vals;
};

struct call {
	struct call	*hnext;
	struct call	*prev;		/* in order of arrival */
	struct call	*next;
	uint64_t	 hash;
	wake_time_t	 first;		/* ts of its first event */
	wake_time_t	 enter;		/* ts of enter, or NONE */
	int64_t		 bin;
	double		 wait;		/* s; < 0 unknown */
	double		 talk;
	double		 wrap;
	unsigned	 flags;
	char		*key;		/* encoded --by values */
	size_t		 keylen;
	size_t		 idlen;
	char		 id[];
};

struct clist {
	struct call	*head;
	struct call	*tail;
};

struct chartpt {
	int64_t		 no;
	uint32_t	 ser;
	double		 v;
};

struct wake_stats {
	struct wake_stats_opts o;
	char		 err[256];
	char		 msg[256];
	int		 ready;
	int		 stopped;
	int		 finished;
	/* Columns. */
	struct field	 by[MAX_BY];
	size_t		 nby;
	char		*by_copy;
	char		*sum_attr;
	const char *const *cols;
	const int	*fmt;
	size_t		 ncols;
	int		 chart_col;
	/* Time. */
	wake_time_t	 now;		/* newest ts seen */
	int64_t		 next;		/* next bin to write */
	int		 emitted;	/* some bin written */
	int64_t		 minbin;
	int64_t		 maxbin;
	/* Open bins, sorted by no: bins[head .. head+nbins). */
	struct bin	**bins;
	size_t		 head;
	size_t		 nbins;
	size_t		 bincap;
	struct bin	*spare;
	/* Series. */
	struct series	**ser;
	uint32_t	 nser;
	uint32_t	 sercap;
	uint32_t	*stab;
	uint32_t	 smask;
	uint32_t	*order;		/* series in byte order */
	uint32_t	 norder;
	uint32_t	 nsorted;	/* order[0..nsorted) is sorted */
	uint32_t	*tmp;
	uint32_t	*mark;		/* series -> cell + 1, writing */
	uint32_t	 other_ser;	/* index + 1 of "(other)" */
	int		 told_cap;
	/* Calls. */
	struct call	**ctab;
	size_t		 cmask;
	size_t		 ncalls;
	struct clist	 open;		/* in order of arrival */
	struct clist	 gone;		/* given up on, kept */
	/* Chart points. */
	struct chartpt	*pts;
	size_t		 npts;
	size_t		 ptcap;
	/* Scratch. */
	struct wake_event ev;
	struct wake_event qev;		/* filled by quick(): no attrs */
	int		 quick;		/* no attr is needed */
	struct wake_buf	 key;
	struct wake_buf	 key2;
	struct wake_str	 v1[MAX_BY];
	struct wake_str	 v2[MAX_BY];
	double		 vals[K_NCOLS];
	/* Diagnostics: where we are, events out of order. */
	const char	*origin;
	unsigned long	 line;
	uint64_t	 nlate;
	unsigned long	 late_line;
};

static void seterr(struct wake_stats *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void diag(struct wake_stats *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
seterr(struct wake_stats *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
}

static void
diag(struct wake_stats *s, const char *fmt, ...)
{
	va_list ap;

	if (s->o.diag == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
	va_end(ap);
	s->o.diag(s->o.diag_arg, s->origin != NULL ? s->origin : "-",
	    s->line, s->msg);
}

static int
nomem(struct wake_stats *s)
{
	seterr(s, "out of memory");
	return WAKE_ERR_NOMEM;
}

static int64_t
sat_add(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN - b)
		return INT64_MIN;
	return a + b;
}

/* Floor division: bins are aligned on the epoch, before it too. */
static int64_t
bin_of(const struct wake_stats *s, wake_time_t ts)
{
	int64_t q = ts / s->o.bin;

	if (ts % s->o.bin < 0)
		q--;
	return q;
}

static uint64_t
hash_bytes(const char *p, size_t n, uint64_t h)
{
	const uint64_t m = UINT64_C(0x9e3779b97f4a7c15);
	uint64_t w;

	/* Eight bytes a step: keys are hashed once per event. */
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * m;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, p, n);
	h = (h ^ w ^ ((uint64_t)n << 56)) * m;
	return h ^ (h >> 32);
}

/* ---- options ---- */

void
wake_stats_opts_init(struct wake_stats_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = WAKE_STATS_COUNT;
	o->bin = 60 * NS;
	o->sl = 20 * NS;
	o->short_abandon = 5 * NS;
	o->max_call = 4 * 3600 * NS;
	o->late = 60 * NS;
	o->max_series = 100000;
	o->max_gap = 1000000;
	o->format = WAKE_STATS_TSV;
	o->header = 1;
	o->chart_width = 80;
}

int
wake_stats_new(struct wake_stats **sp)
{
	struct wake_stats *s;

	if ((*sp = s = calloc(1, sizeof(*s))) == NULL)
		return WAKE_ERR_NOMEM;
	wake_stats_opts_init(&s->o);
	wake_event_init(&s->ev);
	wake_event_init(&s->qev);
	s->now = WAKE_TIME_NONE;
	return WAKE_OK;
}

static void
bin_free(struct bin *b)
{
	if (b == NULL)
		return;
	free(b->cells);
	free(b->tab);
	free(b);
}

void
wake_stats_free(struct wake_stats *s)
{
	struct call *c, *cn;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nbins; i++)
		bin_free(s->bins[s->head + i]);
	free(s->bins);
	bin_free(s->spare);
	for (i = 0; i < s->nser; i++)
		free(s->ser[i]);
	free(s->ser);
	free(s->stab);
	free(s->order);
	free(s->mark);
	free(s->tmp);
	for (c = s->open.head; c != NULL; c = cn) {
		cn = c->next;
		free(c->key);
		free(c);
	}
	for (c = s->gone.head; c != NULL; c = cn) {
		cn = c->next;
		free(c->key);
		free(c);
	}
	free(s->ctab);
	free(s->pts);
	free(s->by_copy);
	free(s->sum_attr);
	wake_event_free(&s->ev);
	wake_event_free(&s->qev);
	wake_buf_free(&s->key);
	wake_buf_free(&s->key2);
	free(s);
}

const char *
wake_stats_error(const struct wake_stats *s)
{
	return s != NULL ? s->err : "out of memory";
}

size_t
wake_stats_columns(const struct wake_stats *s, const char *const **names)
{
	*names = s->cols;
	return s->ncols;
}

static int
valid_attr(const char *p)
{
	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == '=' || *p == '"' ||
		    *p == '\\' || *p == 0x7f)
			return 0;
	return 1;
}

/* Parse the --by list into s->by; its strings live in s->by_copy. */
static int
parse_by(struct wake_stats *s, const char *list)
{
	char *p, *e;
	struct field *f;

	if (list == NULL || *list == '\0')
		return WAKE_OK;
	if ((s->by_copy = strdup(list)) == NULL)
		return nomem(s);
	for (p = s->by_copy; ; p = e + 1) {
		if ((e = strchr(p, ',')) != NULL)
			*e = '\0';
		if (s->nby == MAX_BY) {
			seterr(s, "more than %d --by fields", MAX_BY);
			return WAKE_ERR_USAGE;
		}
		f = &s->by[s->nby++];
		f->name = p;
		if (strcmp(p, "src") == 0)
			f->type = F_SRC;
		else if (strcmp(p, "host") == 0)
			f->type = F_HOST;
		else if (strcmp(p, "sev") == 0)
			f->type = F_SEV;
		else if (strcmp(p, "kind") == 0)
			f->type = F_KIND;
		else if (strcmp(p, "tmpl") == 0)
			f->type = F_ATTR;
		else if (strncmp(p, "attr:", 5) == 0 && valid_attr(p + 5)) {
			f->type = F_ATTR;
			f->name = p + 5;
		} else {
			seterr(s, "bad --by field '%.100s' (src, host, sev, "
			    "kind, tmpl or attr:NAME)", p);
			return WAKE_ERR_USAGE;
		}
		if (e == NULL)
			break;
	}
	return WAKE_OK;
}

static int put_header(struct wake_stats *);

int
wake_stats_setup(struct wake_stats *s, const struct wake_stats_opts *o)
{
	size_t i;
	int rc;

	if (s->ready) {
		seterr(s, "set up twice");
		return WAKE_ERR_USAGE;
	}
	s->o = *o;
	s->o.by = NULL;
	s->o.sum = NULL;
	s->o.chart_column = NULL;
	if (o->mode != WAKE_STATS_COUNT && o->mode != WAKE_STATS_CALLS) {
		seterr(s, "unknown mode");
		return WAKE_ERR_USAGE;
	}
	if (o->bin < NS_MS || o->bin % NS_MS != 0 ||
	    o->bin > (INT64_C(1) << 60)) {
		seterr(s, "the bin must be a whole number of milliseconds, "
		    "from 1ms to 36 years");
		return WAKE_ERR_USAGE;
	}
	if (o->sl < 0 || o->short_abandon < 0 || o->max_call <= 0 ||
	    o->late < 0) {
		seterr(s, "durations must not be negative (--max-call above "
		    "zero)");
		return WAKE_ERR_USAGE;
	}
	if (o->format < WAKE_STATS_TSV || o->format > WAKE_STATS_CHART ||
	    (o->row == NULL && o->out == NULL)) {
		seterr(s, "no output");
		return WAKE_ERR_USAGE;
	}
	if (o->max_series == 0 || o->max_series > UINT32_MAX / 4)
		s->o.max_series = UINT32_MAX / 4;
	if (o->max_gap < 0) {
		seterr(s, "negative gap");
		return WAKE_ERR_USAGE;
	}
	if ((rc = parse_by(s, o->by)) != WAKE_OK)
		return rc;
	if (o->sum != NULL) {
		if (o->mode != WAKE_STATS_COUNT || !valid_attr(o->sum)) {
			seterr(s, o->mode != WAKE_STATS_COUNT ?
			    "--sum does not go with --calls" :
			    "bad attr name '%.100s'", o->sum);
			return WAKE_ERR_USAGE;
		}
		if ((s->sum_attr = strdup(o->sum)) == NULL)
			return nomem(s);
	}
	if (o->mode == WAKE_STATS_CALLS) {
		s->cols = call_cols;
		s->fmt = call_fmt;
		s->ncols = K_NCOLS;
	} else {
		s->cols = s->sum_attr != NULL ? sum_col : count_col;
		s->fmt = num_fmt;
		s->ncols = 1;
	}
	s->chart_col = 0;
	if (o->chart_column != NULL) {
		for (i = 0; i < s->ncols; i++)
			if (strcmp(o->chart_column, s->cols[i]) == 0)
				break;
		if (i == s->ncols) {
			seterr(s, "no column '%.60s' to chart (%s%s)",
			    o->chart_column, s->cols[0], s->ncols > 1 ?
			    ", offered ... open" : "");
			return WAKE_ERR_USAGE;
		}
		s->chart_col = (int)i;
	}
	s->quick = o->mode == WAKE_STATS_COUNT && s->sum_attr == NULL;
	for (i = 0; i < s->nby; i++)
		if (s->by[i].type == F_ATTR)
			s->quick = 0;
	if (s->o.chart_width < 20)
		s->o.chart_width = 20;
	/* Never NULL, so that empty keys are hashed and copied safely. */
	if (wake_buf_reserve(&s->key, 64) != WAKE_OK ||
	    wake_buf_reserve(&s->key2, 64) != WAKE_OK)
		return nomem(s);
	s->ready = 1;
	if (s->o.row == NULL && s->o.header &&
	    (s->o.format == WAKE_STATS_TSV || s->o.format == WAKE_STATS_CSV) &&
	    put_header(s) != WAKE_OK)
		return nomem(s);
	return WAKE_OK;
}

/* ---- numbers in attrs ---- */

/* A finite number, "12", "-3.5", "1e3"; 0 when v is none. */
static int
num(const struct wake_str *v, double *d)
{
	char tmp[64], *end;
	uint64_t u = 0;
	size_t i;
	int c;

	if (v == NULL || v->n == 0 || v->n >= sizeof(tmp))
		return 0;
	for (i = 0; i < v->n && i < 15; i++) {
		if ((c = (unsigned char)v->p[i] - '0') < 0 || c > 9)
			break;
		u = u * 10 + (uint64_t)c;
	}
	if (i == v->n) {
		*d = (double)u;
		return 1;
	}
	c = (unsigned char)v->p[0];
	if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.')
		return 0;
	memcpy(tmp, v->p, v->n);
	tmp[v->n] = '\0';
	for (i = 0; i < v->n; i++)
		if (tmp[i] == 'x' || tmp[i] == 'X' || tmp[i] == 'n' ||
		    tmp[i] == 'N')
			return 0;	/* no hex floats, nan, inf */
	*d = strtod(tmp, &end);
	return end == tmp + v->n && isfinite(*d);
}

/* A duration in seconds from attr key, when it is a number >= 0. */
static double
secs(const struct wake_event *ev, const char *key)
{
	double d;

	if (num(wake_event_attr_get(ev, key), &d) && d >= 0)
		return d;
	return -1;
}

/* ---- series ---- */

static void
getfield(const struct field *f, const struct wake_event *ev,
    struct wake_str *v)
{
	const struct wake_str *a;

	switch (f->type) {
	case F_SRC:
		*v = ev->src;
		break;
	case F_HOST:
		*v = ev->host;
		break;
	case F_SEV:
		v->p = wake_sev_name(ev->sev);
		v->n = strlen(v->p);
		return;
	case F_KIND:
		v->p = wake_kind_name(ev->kind);
		v->n = strlen(v->p);
		return;
	default:
		if ((a = wake_event_attr_get(ev, f->name)) != NULL) {
			*v = *a;
			break;
		}
		v->p = "-";
		v->n = 1;
		return;
	}
	if (v->n == 0 && f->type != F_ATTR) {
		v->p = "-";
		v->n = 1;
	}
}

/* Encode values as (4-byte length, bytes)...; cut at MAX_VAL. */
static int
encode(struct wake_buf *b, const struct wake_str *v, size_t n)
{
	uint32_t len;
	size_t i;

	b->n = 0;
	for (i = 0; i < n; i++) {
		len = (uint32_t)WK_MIN(v[i].n, (size_t)MAX_VAL);
		if (wake_buf_reserve(b, 4 + (size_t)len) != WAKE_OK)
			return WAKE_ERR_NOMEM;
		memcpy(b->p + b->n, &len, 4);
		if (len > 0)
			memcpy(b->p + b->n + 4, v[i].p, len);
		b->n += 4 + len;
	}
	return WAKE_OK;
}

static void
decode(const char *p, struct wake_str *v, size_t n)
{
	uint32_t len;
	size_t i;

	for (i = 0; i < n; i++) {
		memcpy(&len, p, 4);
		v[i].p = p + 4;
		v[i].n = len;
		p += 4 + len;
	}
}

/* The event's series key into s->key. */
static int
event_key(struct wake_stats *s, const struct wake_event *ev)
{
	size_t i;

	for (i = 0; i < s->nby; i++)
		getfield(&s->by[i], ev, &s->v1[i]);
	return encode(&s->key, s->v1, s->nby);
}

static int
is_dash(const struct wake_str *v)
{
	return v->n == 1 && v->p[0] == '-';
}

static int
stab_grow(struct wake_stats *s)
{
	uint32_t sz = s->smask != 0 ? (s->smask + 1) * 2 : 64, i, j;
	uint32_t *t;

	if ((t = calloc(sz, sizeof(*t))) == NULL)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < s->nser; i++) {
		for (j = (uint32_t)s->ser[i]->hash & (sz - 1); t[j] != 0;
		    j = (j + 1) & (sz - 1))
			;
		t[j] = i + 1;
	}
	free(s->stab);
	s->stab = t;
	s->smask = sz - 1;
	return WAKE_OK;
}

static int
series_add(struct wake_stats *s, const char *key, size_t keylen,
    uint64_t h, uint32_t *idx)
{
	struct series *se;
	uint32_t *p, j;

	if (s->nser == s->sercap) {
		uint32_t cap = s->sercap != 0 ? s->sercap * 2 : 64;

		if ((p = reallocarray(s->ser, cap, sizeof(*s->ser))) == NULL)
			return nomem(s);
		s->ser = (struct series **)(void *)p;
		if ((p = reallocarray(s->order, cap, sizeof(*p))) == NULL)
			return nomem(s);
		s->order = p;
		if ((p = reallocarray(s->mark, cap, sizeof(*p))) == NULL)
			return nomem(s);
		s->mark = p;
		if ((p = reallocarray(s->tmp, cap, sizeof(*p))) == NULL)
			return nomem(s);
		s->tmp = p;
		s->sercap = cap;
	}
	if ((size_t)(s->nser + 1) * 2 > (size_t)s->smask + 1 &&
	    stab_grow(s) != WAKE_OK)
		return nomem(s);
	se = malloc(sizeof(*se) + s->nby * sizeof(struct wake_str) + keylen);
	if (se == NULL)
		return nomem(s);
	se->vals = (struct wake_str *)(void *)(se + 1);
	se->key = (char *)(se->vals + s->nby);
	memcpy(se->key, key, keylen);
	se->keylen = keylen;
	se->hash = h;
	se->first = INT64_MAX;
	se->cbin = BIN_NONE;
	se->ccell = 0;
	decode(se->key, se->vals, s->nby);
	for (j = (uint32_t)h & s->smask; s->stab[j] != 0;
	    j = (j + 1) & s->smask)
		;
	s->stab[j] = s->nser + 1;
	s->ser[s->nser] = se;
	s->mark[s->nser] = 0;
	*idx = s->nser++;
	return WAKE_OK;
}

/* The series of an encoded key, made when new; "(other)" past the cap. */
static int
series_get(struct wake_stats *s, const char *key, size_t keylen,
    uint32_t *idx)
{
	uint64_t h = hash_bytes(key, keylen, 0);
	struct series *se;
	struct wake_str v[MAX_BY];
	struct wake_buf *b = &s->key2;
	uint32_t j, k;
	size_t i;
	int rc;

	for (j = (uint32_t)h & s->smask; s->stab != NULL && s->stab[j] != 0;
	    j = (j + 1) & s->smask) {
		se = s->ser[s->stab[j] - 1];
		if (se->hash == h && se->keylen == keylen &&
		    memcmp(se->key, key, keylen) == 0) {
			*idx = s->stab[j] - 1;
			return WAKE_OK;
		}
	}
	if (s->nser < s->o.max_series)
		return series_add(s, key, keylen, h, idx);
	if (s->other_ser != 0) {
		*idx = s->other_ser - 1;
		return WAKE_OK;
	}
	if (!s->told_cap) {
		s->told_cap = 1;
		diag(s, "more than %zu series: the others are counted as "
		    "\"%s\"", s->o.max_series, OTHER);
	}
	for (i = 0; i < s->nby; i++) {
		v[i].p = OTHER;
		v[i].n = sizeof(OTHER) - 1;
	}
	if (encode(b, v, s->nby) != WAKE_OK)
		return nomem(s);
	/* Past the cap by one: a real series may already be "(other)". */
	h = hash_bytes(b->p, b->n, 0);
	for (j = (uint32_t)h & s->smask; s->stab[j] != 0;
	    j = (j + 1) & s->smask) {
		se = s->ser[s->stab[j] - 1];
		if (se->hash == h && se->keylen == b->n &&
		    memcmp(se->key, b->p, b->n) == 0) {
			s->other_ser = s->stab[j];
			*idx = s->other_ser - 1;
			return WAKE_OK;
		}
	}
	if ((rc = series_add(s, b->p, b->n, h, &k)) != WAKE_OK)
		return rc;
	s->other_ser = k + 1;
	*idx = k;
	return WAKE_OK;
}

/* ---- bins ---- */

static struct bin *
bin_new(struct wake_stats *s, int64_t no)
{
	struct bin *b = s->spare;

	if (b != NULL)
		s->spare = NULL;
	else if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->no = no;
	b->pending = 0;
	b->queue = 0;
	b->ncells = 0;
	if (b->tab != NULL)
		memset(b->tab, 0, ((size_t)b->tabmask + 1) * sizeof(*b->tab));
	return b;
}

/* The open bin no, made when new (no is not before s->next). */
static struct bin *
get_bin(struct wake_stats *s, int64_t no)
{
	struct bin **v, *b;
	size_t lo, hi, mid, i;

	/* Not NULL + 0: the deque may not be allocated yet. */
	v = s->bins != NULL ? s->bins + s->head : NULL;

	if (s->nbins > 0 && v[s->nbins - 1]->no == no)
		return v[s->nbins - 1];
	lo = 0;
	hi = s->nbins;
	if (s->nbins > 0 && v[s->nbins - 1]->no < no)
		lo = s->nbins;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid]->no < no)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->nbins && v[lo]->no == no)
		return v[lo];
	/* Counted in empty bins between, as emit_ready() fills them. */
	if (s->nbins > 0 || s->emitted) {
		if (no > s->maxbin && no - s->maxbin - 1 > s->o.max_gap)
			diag(s, "time jumps ahead over %lld empty bins: "
			    "they are not written",
			    (long long)(no - s->maxbin - 1));
		else if (no < s->minbin && s->minbin - no - 1 > s->o.max_gap)
			diag(s, "time jumps back over %lld empty bins: "
			    "they are not written",
			    (long long)(s->minbin - no - 1));
	}
	if (!s->emitted && s->nbins == 0)
		s->minbin = s->maxbin = no;
	s->minbin = WK_MIN(s->minbin, no);
	s->maxbin = WK_MAX(s->maxbin, no);
	if (s->head + s->nbins == s->bincap) {
		if (s->head > 0) {
			memmove(s->bins, v, s->nbins * sizeof(*v));
			s->head = 0;
		} else {
			size_t cap = s->bincap != 0 ? s->bincap * 2 : 16;
			struct bin **nb;

			if ((nb = reallocarray(s->bins, cap, sizeof(*nb))) ==
			    NULL)
				return NULL;
			s->bins = nb;
			s->bincap = cap;
		}
		v = s->bins + s->head;
	}
	if ((b = bin_new(s, no)) == NULL)
		return NULL;
	for (i = s->nbins; i > lo; i--)
		v[i] = v[i - 1];
	v[lo] = b;
	s->nbins++;
	return b;
}

#define SLOT(ser, mask)	(((ser) * 0x9e3779b1u) & (mask))

/*
 * Index the new cell b->cells[b->ncells - 1].  Bins with few cells are
 * searched in a line; from 9 on a table is (re)built, kept at most half
 * full.
 */
static int
tab_put(struct bin *b)
{
	uint32_t i = b->ncells - 1, sz, j, k, *t;

	if (b->ncells <= 8)
		return WAKE_OK;
	if (b->ncells > 9 && (size_t)b->ncells * 2 <= (size_t)b->tabmask + 1) {
		for (j = SLOT(b->cells[i].ser, b->tabmask); b->tab[j] != 0;
		    j = (j + 1) & b->tabmask)
			;
		b->tab[j] = i + 1;
		return WAKE_OK;
	}
	sz = 32;
	while ((size_t)sz < (size_t)b->ncells * 2)
		sz *= 2;
	if (b->tab != NULL && b->tabmask + 1 >= sz) {
		t = b->tab;	/* a reused bin: its table is clear */
		sz = b->tabmask + 1;
	} else if ((t = calloc(sz, sizeof(*t))) == NULL)
		return WAKE_ERR_NOMEM;
	for (k = 0; k < b->ncells; k++) {
		for (j = SLOT(b->cells[k].ser, sz - 1); t[j] != 0;
		    j = (j + 1) & (sz - 1))
			;
		t[j] = k + 1;
	}
	if (t != b->tab)
		free(b->tab);
	b->tab = t;
	b->tabmask = sz - 1;
	return WAKE_OK;
}

/* The cell of series ser in bin b, made (zero) when new. */
static struct cell *
get_cell(struct wake_stats *s, struct bin *b, uint32_t ser)
{
	struct series *se = s->ser[ser];
	struct cell *c;
	uint32_t i, j;

	if (se->cbin == b->no)
		return &b->cells[se->ccell];
	if (b->ncells > 8) {
		for (j = SLOT(ser, b->tabmask); b->tab[j] != 0;
		    j = (j + 1) & b->tabmask)
			if (b->cells[b->tab[j] - 1].ser == ser) {
				i = b->tab[j] - 1;
				goto found;
			}
	} else
		for (i = 0; i < b->ncells; i++)
			if (b->cells[i].ser == ser)
				goto found;
	if (b->ncells == b->cap) {
		uint32_t cap = b->cap != 0 ? b->cap * 2 : 8;

		if ((c = reallocarray(b->cells, cap, sizeof(*c))) == NULL)
			return NULL;
		b->cells = c;
		b->cap = cap;
	}
	i = b->ncells++;
	c = &b->cells[i];
	memset(c, 0, sizeof(*c));
	c->ser = ser;
	if (tab_put(b) != WAKE_OK) {
		b->ncells--;
		return NULL;
	}
	if (b->no < se->first) {
		if (se->first == INT64_MAX)
			s->order[s->norder++] = ser;
		se->first = b->no;
	}
found:
	se->cbin = b->no;
	se->ccell = i;
	return &b->cells[i];
}

/* ---- output ---- */

static int
put(struct wake_stats *s, const char *p, size_t n)
{
	return wake_buf_put(s->o.out, p, n);
}

static int
puts_(struct wake_stats *s, const char *p)
{
	return put(s, p, strlen(p));
}

/* Bin start as RFC 3339 UTC, milliseconds only when bins need them. */
static size_t
fmt_ts(const struct wake_stats *s, int64_t no, char out[32])
{
	wake_time_format(no * s->o.bin, out);
	if (s->o.bin % NS == 0) {
		out[19] = 'Z';
		out[20] = '\0';
		return 20;
	}
	return 24;
}

static size_t
fmt_val(double v, int fmt, char *out, size_t outsz)
{
	int n;

	if (v == 0)
		v = 0;	/* not "-0" */
	switch (fmt) {
	case C_RATE:
		n = snprintf(out, outsz, "%.3f", v);
		break;
	case C_SEC:
		n = snprintf(out, outsz, "%.1f", v);
		break;
	default:
		if (v == floor(v) && fabs(v) < 1e15)
			n = snprintf(out, outsz, "%.0f", v);
		else {
			n = snprintf(out, outsz, "%.6f", v);
			/* Trim "1.500000" to "1.5". */
			while (n > 0 && out[n - 1] == '0')
				out[--n] = '\0';
			if (n > 0 && out[n - 1] == '.')
				out[--n] = '\0';
		}
		break;
	}
	if (n < 0)
		n = 0;
	return WK_MIN((size_t)n, outsz - 1);
}

/* RFC 4180 with a guard against formulas in spreadsheets. */
static int
put_csv(struct wake_stats *s, const char *p, size_t n)
{
	size_t i, j;
	int q = 0;

	for (i = 0; i < n; i++)
		if (p[i] == ',' || p[i] == '"' || p[i] == '\r' ||
		    p[i] == '\n')
			q = 1;
	if (q && put(s, "\"", 1) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	if (n > 1 && (p[0] == '=' || p[0] == '+' || p[0] == '-' ||
	    p[0] == '@' || p[0] == '\t' || p[0] == '\r') &&
	    put(s, "'", 1) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	for (i = j = 0; i < n; i++)
		if (p[i] == '"') {
			if (put(s, p + j, i + 1 - j) != WAKE_OK)
				return WAKE_ERR_NOMEM;
			j = i;
		}
	if (put(s, p + j, n - j) != WAKE_OK ||
	    (q && put(s, "\"", 1) != WAKE_OK))
		return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

static int
put_name(struct wake_stats *s, const char *name, int first)
{
	int f = s->o.format;

	if (!first && put(s, f == WAKE_STATS_CSV ? "," : "\t", 1) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	if (f == WAKE_STATS_CSV)
		return put_csv(s, name, strlen(name));
	return wake_escape(name, strlen(name), s->o.out);
}

static int
put_header(struct wake_stats *s)
{
	size_t i;
	int rc;

	rc = put_name(s, "ts", 1);
	for (i = 0; rc == WAKE_OK && i < s->nby; i++)
		rc = put_name(s, s->by[i].name, 0);
	for (i = 0; rc == WAKE_OK && i < s->ncols; i++)
		rc = put_name(s, s->cols[i], 0);
	if (rc == WAKE_OK)
		rc = put(s, "\n", 1);
	return rc;
}

static int
put_row(struct wake_stats *s, int64_t no, const struct series *se)
{
	char buf[64];
	size_t i, n;
	int f = s->o.format, rc = WAKE_OK;

	n = fmt_ts(s, no, buf);
	if (f == WAKE_STATS_JSON) {
		rc = puts_(s, "{\"ts\":\"");
		if (rc == WAKE_OK)
			rc = put(s, buf, n);
		for (i = 0; rc == WAKE_OK && i < s->nby; i++) {
			if ((rc = puts_(s, "\",\"")) != WAKE_OK ||
			    (rc = wk_json_escape(s->by[i].name,
			    strlen(s->by[i].name), s->o.out)) != WAKE_OK ||
			    (rc = puts_(s, "\":\"")) != WAKE_OK)
				break;
			rc = wk_json_escape(se->vals[i].p, se->vals[i].n,
			    s->o.out);
		}
		if (rc == WAKE_OK)
			rc = put(s, "\"", 1);
		for (i = 0; rc == WAKE_OK && i < s->ncols; i++) {
			if ((rc = puts_(s, ",\"")) != WAKE_OK ||
			    (rc = puts_(s, s->cols[i])) != WAKE_OK ||
			    (rc = puts_(s, "\":")) != WAKE_OK)
				break;
			n = fmt_val(s->vals[i], s->fmt[i], buf, sizeof(buf));
			rc = put(s, buf, n);
		}
		if (rc == WAKE_OK)
			rc = puts_(s, "}\n");
		return rc;
	}
	rc = put(s, buf, n);
	for (i = 0; rc == WAKE_OK && i < s->nby; i++) {
		if ((rc = put(s, f == WAKE_STATS_CSV ? "," : "\t", 1)) !=
		    WAKE_OK)
			break;
		if (f == WAKE_STATS_CSV)
			rc = put_csv(s, se->vals[i].p, se->vals[i].n);
		else
			rc = wake_escape(se->vals[i].p, se->vals[i].n,
			    s->o.out);
	}
	for (i = 0; rc == WAKE_OK && i < s->ncols; i++) {
		buf[0] = f == WAKE_STATS_CSV ? ',' : '\t';
		n = fmt_val(s->vals[i], s->fmt[i], buf + 1, sizeof(buf) - 1);
		rc = put(s, buf, n + 1);
	}
	if (rc == WAKE_OK)
		rc = put(s, "\n", 1);
	return rc;
}

/* The value columns of a cell (NULL: empty) into s->vals. */
static void
values(struct wake_stats *s, const struct bin *b, const struct cell *c)
{
	static const struct kpi zero;
	const struct kpi *k;
	double *v = s->vals;
	uint64_t offered;

	if (s->o.mode == WAKE_STATS_COUNT) {
		v[0] = c != NULL ? c->sum : 0;
		return;
	}
	/* A bin that holds queue events ignores its CDR records. */
	k = c == NULL ? &zero : &c->k[b == NULL || b->queue ? 0 : 1];
	offered = k->answered + k->abandoned + k->timeout;
	v[K_OFFERED] = (double)offered;
	v[K_ANSWERED] = (double)k->answered;
	v[K_ABANDONED] = (double)k->abandoned;
	v[K_TIMEOUT] = (double)k->timeout;
	v[K_ABRATE] = offered > 0 ? (double)k->abandoned / offered : 0;
	v[K_ASA] = k->nwait > 0 ? k->wait / k->nwait : 0;
	v[K_SL] = offered > 0 ? (double)k->in_sl / offered : 0;
	v[K_AHT] = k->nhandle > 0 ? k->handle / k->nhandle : 0;
	v[K_MAXWAIT] = k->max_wait;
	v[K_SHORT] = (double)k->shortab;
	v[K_OTHER] = (double)k->other;
	v[K_BOT] = (double)k->bot;
	v[K_CONTAIN] = k->bot > 0 ? (double)k->contained / k->bot : 0;
	v[K_OPEN] = (double)k->open;
}

static int
chart_add(struct wake_stats *s, int64_t no, uint32_t ser)
{
	struct chartpt *p;

	if (s->npts == s->ptcap) {
		size_t cap = s->ptcap != 0 ? s->ptcap * 2 : 256;

		if ((p = reallocarray(s->pts, cap, sizeof(*p))) == NULL)
			return nomem(s);
		s->pts = p;
		s->ptcap = cap;
	}
	p = &s->pts[s->npts++];
	p->no = no;
	p->ser = ser;
	p->v = s->vals[s->chart_col];
	return WAKE_OK;
}

static int
emit_one(struct wake_stats *s, int64_t no, uint32_t ser)
{
	struct wake_stats_row r;
	struct series *se = s->ser[ser];
	int rc;

	if (s->o.row != NULL) {
		r.ts = no * s->o.bin;
		r.keys = se->vals;
		r.nkeys = s->nby;
		r.vals = s->vals;
		r.nvals = s->ncols;
		if (s->o.row(s->o.row_arg, &r) != 0) {
			s->stopped = 1;
			return WAKE_EOF;
		}
		return WAKE_OK;
	}
	if (s->o.format == WAKE_STATS_CHART)
		return chart_add(s, no, ser);
	if ((rc = put_row(s, no, se)) != WAKE_OK)
		return nomem(s);
	if (s->o.out->n >= FLUSH_AT && s->o.flush != NULL &&
	    s->o.flush(s->o.flush_arg) != 0) {
		s->stopped = 1;
		return WAKE_EOF;
	}
	return WAKE_OK;
}

static int
cmp_vals(const struct series *a, const struct series *b, size_t n)
{
	size_t i, m;
	int c;

	for (i = 0; i < n; i++) {
		m = WK_MIN(a->vals[i].n, b->vals[i].n);
		if (m > 0 && (c = memcmp(a->vals[i].p, b->vals[i].p, m)) != 0)
			return c;
		if (a->vals[i].n != b->vals[i].n)
			return a->vals[i].n < b->vals[i].n ? -1 : 1;
	}
	return 0;
}

/* Merge the sorted runs a[0..h) and a[h..n) through tmp. */
static void
merge(const struct wake_stats *s, uint32_t *a, size_t h, size_t n,
    uint32_t *tmp)
{
	size_t i = 0, j = h, k = 0;

	while (i < h && j < n)
		tmp[k++] = cmp_vals(s->ser[a[j]], s->ser[a[i]], s->nby) < 0 ?
		    a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof(*a));
}

static void
msort(const struct wake_stats *s, uint32_t *a, size_t n, uint32_t *tmp)
{
	if (n < 2)
		return;
	msort(s, a, n / 2, tmp);
	msort(s, a + n / 2, n - n / 2, tmp);
	merge(s, a, n / 2, n, tmp);
}

/* Series new since the last bin join the sorted order. */
static void
sort_order(struct wake_stats *s)
{
	if (s->nsorted == s->norder)
		return;
	msort(s, s->order + s->nsorted, s->norder - s->nsorted, s->tmp);
	merge(s, s->order, s->nsorted, s->norder, s->tmp);
	s->nsorted = s->norder;
}

/* Write the rows of bin no (b NULL: an empty bin). */
static int
emit_rows(struct wake_stats *s, int64_t no, const struct bin *b)
{
	const struct cell *c;
	uint32_t i, m;
	int rc = WAKE_OK;

	if (b != NULL)
		for (i = 0; i < b->ncells; i++)
			s->mark[b->cells[i].ser] = i + 1;
	for (i = 0; i < s->norder && rc == WAKE_OK; i++) {
		struct series *se = s->ser[s->order[i]];

		if (se->first > no)
			continue;
		m = s->mark[s->order[i]];
		c = m != 0 ? &b->cells[m - 1] : NULL;
		if (c == NULL && s->o.sparse)
			continue;
		values(s, b, c);
		rc = emit_one(s, no, s->order[i]);
	}
	if (b != NULL)
		for (i = 0; i < b->ncells; i++)
			s->mark[b->cells[i].ser] = 0;
	return rc;
}

/* Write bins that are done; all of them when final. */
static int
emit_ready(struct wake_stats *s, int final)
{
	struct bin *b;
	int64_t no;
	int rc;

	while (s->nbins > 0 && !s->stopped) {
		b = s->bins[s->head];
		if (!final && (b->pending > 0 ||
		    sat_add(sat_add(b->no * s->o.bin, s->o.bin), s->o.late) >
		    s->now))
			break;
		sort_order(s);
		if (s->emitted && b->no > s->next && !s->o.sparse &&
		    b->no - s->next <= s->o.max_gap)
			for (no = s->next; no < b->no; no++)
				if ((rc = emit_rows(s, no, NULL)) != WAKE_OK)
					return rc;
		if ((rc = emit_rows(s, b->no, b)) != WAKE_OK)
			return rc;
		s->next = b->no + 1;
		s->emitted = 1;
		s->head++;
		s->nbins--;
		if (s->spare == NULL)
			s->spare = b;
		else
			bin_free(b);
	}
	return s->stopped ? WAKE_EOF : WAKE_OK;
}

/* ---- calls ---- */

static int
ctab_grow(struct wake_stats *s)
{
	size_t sz = s->cmask != 0 ? (s->cmask + 1) * 2 : 256, i;
	struct call **t, *c, *cn;

	if ((t = calloc(sz, sizeof(*t))) == NULL)
		return WAKE_ERR_NOMEM;
	for (i = 0; s->ctab != NULL && i <= s->cmask; i++)
		for (c = s->ctab[i]; c != NULL; c = cn) {
			cn = c->hnext;
			c->hnext = t[c->hash & (sz - 1)];
			t[c->hash & (sz - 1)] = c;
		}
	free(s->ctab);
	s->ctab = t;
	s->cmask = sz - 1;
	return WAKE_OK;
}

static struct call *
call_find(struct wake_stats *s, const struct wake_str *id, uint64_t h)
{
	struct call *c;

	if (s->ctab == NULL)
		return NULL;
	for (c = s->ctab[h & s->cmask]; c != NULL; c = c->hnext)
		if (c->hash == h && c->idlen == id->n &&
		    memcmp(c->id, id->p, id->n) == 0)
			return c;
	return NULL;
}

static void
list_add(struct clist *l, struct call *c)
{
	c->next = NULL;
	c->prev = l->tail;
	if (l->tail != NULL)
		l->tail->next = c;
	else
		l->head = c;
	l->tail = c;
}

static void
list_del(struct clist *l, struct call *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		l->head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		l->tail = c->prev;
}

/* Forget a call: out of the table and its list, freed. */
static void
call_forget(struct wake_stats *s, struct call *c)
{
	struct call **pp;

	for (pp = &s->ctab[c->hash & s->cmask]; *pp != c; pp = &(*pp)->hnext)
		;
	*pp = c->hnext;
	list_del(c->flags & CF_GONE ? &s->gone : &s->open, c);
	s->ncalls--;
	free(c->key);
	free(c);
}

/* Count a call with its outcome into kpi k. */
static void
tally(const struct wake_stats *s, struct kpi *k, int out, double wait,
    double talk, double wrap, unsigned flags)
{
	switch (out) {
	case O_ANSWERED:
		k->answered++;
		if (wait >= 0) {
			k->nwait++;
			k->wait += wait;
			if (wait * NS <= (double)s->o.sl)
				k->in_sl++;
		}
		if (talk >= 0) {
			k->nhandle++;
			k->handle += talk + (wrap >= 0 ? wrap : 0);
		}
		break;
	case O_ABANDONED:
		if (wait >= 0 && wait * NS < (double)s->o.short_abandon)
			k->shortab++;
		else
			k->abandoned++;
		break;
	case O_TIMEOUT:
		k->timeout++;
		break;
	case O_OTHER:
		k->other++;
		break;
	default:
		k->open++;
		return;
	}
	if (wait > k->max_wait)
		k->max_wait = wait;
	if (flags & CF_BOT) {
		k->bot++;
		if (out == O_ANSWERED && !(flags & (CF_AGENT | CF_TRANSFER)))
			k->contained++;
	}
}

/* Count an open call with its outcome in its bin. */
static int
call_count(struct wake_stats *s, struct call *c, int out)
{
	struct bin *b;
	struct cell *cl;
	uint32_t ser;
	int rc;

	/* Its bin is held while it is open, so it is there. */
	b = get_bin(s, c->bin);
	rc = b == NULL ? nomem(s) : series_get(s, c->key, c->keylen, &ser);
	if (rc == WAKE_OK && (cl = get_cell(s, b, ser)) == NULL)
		rc = nomem(s);
	if (rc == WAKE_OK)
		tally(s, &cl->k[0], out, c->wait, c->talk, c->wrap, c->flags);
	if (b != NULL && b->pending > 0)
		b->pending--;
	return rc;
}

/* The call has its outcome: count it, forget it. */
static int
call_close(struct wake_stats *s, struct call *c, int out)
{
	int rc = call_count(s, c, out);

	call_forget(s, c);
	return rc;
}

static int
set_key(struct wake_stats *s, struct call *c, const struct wake_buf *k)
{
	char *p;
	size_t i;

	if ((p = malloc(k->n > 0 ? k->n : 1)) == NULL)
		return nomem(s);
	if (k->n > 0)
		memcpy(p, k->p, k->n);
	free(c->key);
	c->key = p;
	c->keylen = k->n;
	c->flags &= ~CF_MISSING;
	decode(p, s->v2, s->nby);
	for (i = 0; i < s->nby; i++)
		if (is_dash(&s->v2[i]))
			c->flags |= CF_MISSING;
	return WAKE_OK;
}

/* A --by value still "-" takes the value a later event has. */
static int
fill_key(struct wake_stats *s, struct call *c, const struct wake_event *ev)
{
	size_t i;
	int changed = 0;

	for (i = 0; i < s->nby; i++)
		getfield(&s->by[i], ev, &s->v1[i]);
	decode(c->key, s->v2, s->nby);
	for (i = 0; i < s->nby; i++)
		if (is_dash(&s->v2[i]) && !is_dash(&s->v1[i]))
			changed = 1;
		else
			s->v1[i] = s->v2[i];
	if (!changed)
		return WAKE_OK;
	if (encode(&s->key, s->v1, s->nby) != WAKE_OK)
		return nomem(s);
	return set_key(s, c, &s->key);
}

static struct call *
call_new(struct wake_stats *s, const struct wake_str *id, uint64_t h,
    const struct wake_event *ev, int64_t no, int enter)
{
	struct call *c;
	size_t n = WK_MIN(id->n, (size_t)MAX_ID);

	if (s->ncalls >= s->cmask && ctab_grow(s) != WAKE_OK)
		return NULL;
	if ((c = calloc(1, sizeof(*c) + n)) == NULL)
		return NULL;
	memcpy(c->id, id->p, n);
	c->idlen = n;
	c->hash = h;
	c->first = ev->ts;
	c->enter = enter ? ev->ts : WAKE_TIME_NONE;
	c->bin = no;
	c->wait = c->talk = c->wrap = -1;
	if (event_key(s, ev) != WAKE_OK || set_key(s, c, &s->key) !=
	    WAKE_OK) {
		free(c->key);
		free(c);
		return NULL;
	}
	c->hnext = s->ctab[h & s->cmask];
	s->ctab[h & s->cmask] = c;
	list_add(&s->open, c);
	s->ncalls++;
	return c;
}

static int
call_type(const struct wake_str *e)
{
	static const struct {
		const char	*name;
		int		 type;
	} t[] = {
		{ "enter", E_ENTER }, { "answer", E_ANSWER },
		{ "complete", E_COMPLETE }, { "transfer", E_TRANSFER },
		{ "abandon", E_ABANDON }, { "timeout", E_TIMEOUT },
		{ "exit", E_EXIT }, { "ringnoanswer", E_RING }
	};
	size_t i;

	for (i = 0; i < WK_NELEM(t); i++)
		if (wk_streq(e->p, e->n, t[i].name))
			return t[i].type;
	return E_IGNORE;
}

/* Seconds between two times, or -1 when one is unknown. */
static double
since(wake_time_t from, wake_time_t to)
{
	if (from == WAKE_TIME_NONE || to < from)
		return -1;
	return (double)(to - from) / NS;
}

static void
note_late(struct wake_stats *s)
{
	if (s->nlate++ == 0)
		s->late_line = s->line;
}

/* A CDR record: one whole call at once. */
static int
cdr_event(struct wake_stats *s, const struct wake_event *ev,
    const struct wake_str *disp)
{
	struct bin *b;
	struct cell *cl;
	double dur = secs(ev, "duration"), bill = secs(ev, "billsec");
	double wait = -1, talk = -1;
	const struct wake_str *hb;
	unsigned flags = 0;
	uint32_t ser;
	int64_t no = bin_of(s, ev->ts);
	int out, rc;

	if (s->emitted && no < s->next) {
		note_late(s);
		return WAKE_OK;
	}
	/* wait= and talk= when given, else from duration and billsec. */
	if (wk_strcaseeq(disp->p, disp->n, "ANSWERED")) {
		out = O_ANSWERED;
		if ((talk = secs(ev, "talk")) < 0)
			talk = bill;
		if ((wait = secs(ev, "wait")) < 0 && dur >= 0 && bill >= 0 &&
		    dur >= bill)
			wait = dur - bill;
	} else if (wk_strcaseeq(disp->p, disp->n, "NO ANSWER")) {
		out = O_ABANDONED;
		if ((wait = secs(ev, "wait")) < 0)
			wait = dur;
	} else
		out = O_OTHER;	/* BUSY, FAILED, CONGESTION: not queued */
	if ((hb = wake_event_attr_get(ev, "handled_by")) != NULL)
		flags |= wk_streq(hb->p, hb->n, "bot") ? CF_BOT :
		    wk_streq(hb->p, hb->n, "agent") ? CF_AGENT : 0;
	if ((b = get_bin(s, no)) == NULL)
		return nomem(s);
	if ((rc = event_key(s, ev)) != WAKE_OK)
		return nomem(s);
	if ((rc = series_get(s, s->key.p, s->key.n, &ser)) != WAKE_OK)
		return rc;
	if ((cl = get_cell(s, b, ser)) == NULL)
		return nomem(s);
	tally(s, &cl->k[1], out, wait, talk, secs(ev, "wrap"), flags);
	return WAKE_OK;
}

static int
call_event(struct wake_stats *s, const struct wake_event *ev)
{
	const struct wake_str *e, *id, *hb;
	struct call *c;
	struct bin *b;
	uint64_t h;
	int64_t no;
	double w, t;
	int type, rc;

	if (ev->kind != WAKE_KIND_CALL)
		return WAKE_OK;
	if ((e = wake_event_attr_get(ev, "event")) == NULL) {
		if ((e = wake_event_attr_get(ev, "disposition")) != NULL)
			return cdr_event(s, ev, e);
		return WAKE_OK;
	}
	if ((type = call_type(e)) == E_IGNORE)
		return WAKE_OK;
	id = wake_event_attr_get(ev, "call");
	if (id == NULL || id->n == 0 || wk_streq(id->p, id->n, "NONE"))
		return WAKE_OK;
	h = hash_bytes(id->p, WK_MIN(id->n, (size_t)MAX_ID), 1);
	c = call_find(s, &(struct wake_str){ id->p,
	    WK_MIN(id->n, (size_t)MAX_ID) }, h);
	if (c != NULL && (c->flags & CF_GONE)) {
		/* Counted open already: the rest of it is not counted. */
		if (type != E_ENTER) {
			if (type != E_ANSWER && type != E_RING)
				call_forget(s, c);
			return WAKE_OK;
		}
		call_forget(s, c);
		c = NULL;
	}
	if (c != NULL && type == E_ENTER) {
		/* Entering again (another queue): the first stay ends. */
		if ((rc = call_close(s, c, c->flags & CF_ANSWERED ?
		    O_ANSWERED : O_OTHER)) != WAKE_OK)
			return rc;
		c = NULL;
	}
	if (c == NULL) {
		no = bin_of(s, ev->ts);
		if (s->emitted && no < s->next) {
			note_late(s);
			return WAKE_OK;
		}
		if ((b = get_bin(s, no)) == NULL)
			return nomem(s);
		if ((c = call_new(s, id, h, ev, no, type == E_ENTER)) == NULL)
			return nomem(s);
		b->pending++;
		b->queue = 1;
	} else if ((c->flags & CF_MISSING) && (rc = fill_key(s, c, ev)) !=
	    WAKE_OK)
		return rc;
	if ((hb = wake_event_attr_get(ev, "handled_by")) != NULL) {
		if (wk_streq(hb->p, hb->n, "bot"))
			c->flags |= CF_BOT;
		else if (wk_streq(hb->p, hb->n, "agent"))
			c->flags |= CF_AGENT;
	}
	if ((w = secs(ev, "wrap")) >= 0)
		c->wrap = w;
	w = secs(ev, "wait");
	switch (type) {
	case E_ANSWER:
		if (!(c->flags & CF_ANSWERED)) {
			c->flags |= CF_ANSWERED;
			c->wait = w >= 0 ? w : since(c->enter, ev->ts);
		}
		return WAKE_OK;
	case E_COMPLETE:
	case E_TRANSFER:
		if ((t = secs(ev, "talk")) >= 0)
			c->talk = t;
		if (!(c->flags & CF_ANSWERED)) {
			c->flags |= CF_ANSWERED;
			if (w < 0 && c->talk >= 0 &&
			    (w = since(c->enter, ev->ts)) >= c->talk)
				w -= c->talk;
			else if (w >= 0 && c->talk < 0)
				;	/* the wait as given */
			else if (w < 0 || c->talk < 0)
				w = -1;
			c->wait = w;
		} else if (c->wait < 0 && w >= 0)
			c->wait = w;
		if (type == E_TRANSFER)
			c->flags |= CF_TRANSFER;
		return call_close(s, c, O_ANSWERED);
	case E_ABANDON:
	case E_TIMEOUT:
	case E_EXIT:
		if (c->flags & CF_ANSWERED)
			return call_close(s, c, O_ANSWERED);
		c->wait = w >= 0 ? w : since(c->enter, ev->ts);
		return call_close(s, c, type == E_ABANDON ? O_ABANDONED :
		    type == E_TIMEOUT ? O_TIMEOUT : O_OTHER);
	default:
		return WAKE_OK;	/* enter, ringnoanswer: still waiting */
	}
}

/*
 * Give up on calls open longer than --max-call: they count as open.
 * Their ids are kept for as long again, so that an outcome coming
 * after all is known for what it is and not counted a second time.
 */
static int
expire(struct wake_stats *s)
{
	wake_time_t limit = sat_add(s->now, -s->o.max_call);
	struct call *c;
	int rc;

	while ((c = s->open.head) != NULL && c->first < limit) {
		if ((rc = call_count(s, c, O_OPEN)) != WAKE_OK)
			return rc;
		list_del(&s->open, c);
		c->flags |= CF_GONE;
		list_add(&s->gone, c);
	}
	limit = sat_add(limit, -s->o.max_call);
	while ((c = s->gone.head) != NULL && c->first < limit)
		call_forget(s, c);
	return WAKE_OK;
}

/* ---- counting ---- */

static int
count_event(struct wake_stats *s, const struct wake_event *ev)
{
	const struct wake_str *a = NULL;
	struct bin *b;
	struct cell *c;
	uint32_t ser;
	int64_t no;
	double v = 1;
	int rc;

	if (s->sum_attr != NULL)
		a = wake_event_attr_get(ev, s->sum_attr);
	else if (ev->kind == WAKE_KIND_METRIC)
		a = wake_event_attr_get(ev, "value");
	if ((s->sum_attr != NULL || ev->kind == WAKE_KIND_METRIC) &&
	    !num(a, &v))
		return WAKE_OK;	/* nothing to add */
	no = bin_of(s, ev->ts);
	if (s->emitted && no < s->next) {
		note_late(s);
		return WAKE_OK;
	}
	if ((rc = event_key(s, ev)) != WAKE_OK)
		return nomem(s);
	if ((rc = series_get(s, s->key.p, s->key.n, &ser)) != WAKE_OK)
		return rc;
	if ((b = get_bin(s, no)) == NULL || (c = get_cell(s, b, ser)) ==
	    NULL)
		return nomem(s);
	c->sum += v;
	return WAKE_OK;
}

int
wake_stats_add(struct wake_stats *s, const struct wake_event *ev)
{
	int rc;

	if (s->stopped)
		return WAKE_EOF;
	if (!s->ready || s->finished) {
		seterr(s, "not set up");
		return WAKE_ERR_USAGE;
	}
	if (ev->ts == WAKE_TIME_NONE || ev->ts <= -TS_LIMIT ||
	    ev->ts >= TS_LIMIT) {
		diag(s, "time out of range");
		return WAKE_OK;
	}
	if (s->now == WAKE_TIME_NONE || ev->ts > s->now)
		s->now = ev->ts;
	if (s->o.mode == WAKE_STATS_CALLS) {
		if ((rc = call_event(s, ev)) != WAKE_OK ||
		    (rc = expire(s)) != WAKE_OK)
			return rc;
	} else if ((rc = count_event(s, ev)) != WAKE_OK)
		return rc;
	return emit_ready(s, 0);
}

static void
report_late(struct wake_stats *s)
{
	if (s->nlate == 0)
		return;
	s->line = s->late_line;
	if (s->nlate == 1)
		diag(s, "an event out of time order was not counted: its bin "
		    "was written already; sort with wake-merge --sort, or "
		    "raise --late");
	else
		diag(s, "%llu events out of time order (the first here) were "
		    "not counted: their bins were written already; sort with "
		    "wake-merge --sort, or raise --late",
		    (unsigned long long)s->nlate);
	s->nlate = 0;
}

/*
 * The columns ts to kind of a TSV line into s->qev, when counting needs
 * nothing else: msg and attrs are not decoded, only the column count is
 * checked.  Returns 0 when the line must be read in full (JSON, an
 * escape in src or host, a metric, anything doubtful); the full reader
 * then says what is wrong with it.
 */
static int
quick(struct wake_stats *s, const char *line, size_t n)
{
	struct wake_event *ev = &s->qev;
	const char *f[5], *p = line, *end = line + n, *t;
	size_t fl[5];
	int k;

	if (n > 0 && end[-1] == '\r')
		end--;
	if (n < 24 || line[0] == '{' || line[0] == ' ' || line[0] == '\t')
		return 0;
	for (k = 0; k < 5; k++) {
		if ((t = memchr(p, '\t', (size_t)(end - p))) == NULL)
			return 0;
		f[k] = p;
		fl[k] = (size_t)(t - p);
		p = t + 1;
	}
	if ((t = memchr(p, '\t', (size_t)(end - p))) == NULL ||
	    memchr(t + 1, '\t', (size_t)(end - t - 1)) != NULL)
		return 0;
	if (wake_time_parse_utc(f[0], fl[0], &ev->ts) != WAKE_OK ||
	    memchr(f[1], '\\', fl[1]) != NULL ||
	    memchr(f[2], '\\', fl[2]) != NULL)
		return 0;
	if ((ev->sev = wake_sev_parse(f[3], fl[3])) == -2 &&
	    (ev->sev = wk_sev_from_word(f[3], fl[3])) == -2) {
		if (fl[3] != 0)
			return 0;
		ev->sev = WAKE_SEV_NONE;
	}
	if ((ev->kind = wake_kind_parse(f[4], fl[4])) < 0 ||
	    ev->kind == WAKE_KIND_METRIC)
		return 0;
	ev->src.p = f[1];
	ev->src.n = fl[1] == 1 && f[1][0] == '-' ? 0 : fl[1];
	ev->host.p = f[2];
	ev->host.n = fl[2] == 1 && f[2][0] == '-' ? 0 : fl[2];
	return 1;
}

int
wake_stats_run(struct wake_stats *s, struct wake_input *in,
    const char *name)
{
	struct wake_line l;
	const char *why;
	int rc, arc = WAKE_OK;

	if (s->stopped)
		return WAKE_EOF;
	report_late(s);
	s->origin = name != NULL ? name : wake_input_name(in);
	while ((rc = wake_input_line(in, &l)) == WAKE_OK) {
		s->line = (unsigned long)l.no;
		if (l.truncated > 0) {
			diag(s, "line too long (%zu bytes cut), skipped",
			    l.truncated);
			continue;
		}
		if (l.n == 0 || l.p[0] == '#')
			continue;
		if (s->quick && quick(s, l.p, l.n)) {
			if ((arc = wake_stats_add(s, &s->qev)) != WAKE_OK)
				break;
			continue;
		}
		if ((rc = wake_event_read(&s->ev, l.p, l.n, &why)) !=
		    WAKE_OK) {
			if (rc == WAKE_ERR_NOMEM) {
				arc = nomem(s);
				break;
			}
			diag(s, "%s", why);
			continue;
		}
		if ((arc = wake_stats_add(s, &s->ev)) != WAKE_OK)
			break;
	}
	report_late(s);
	s->origin = NULL;
	s->line = 0;
	if (arc != WAKE_OK)
		return arc;
	return rc == WAKE_EOF ? WAKE_OK : rc;
}

/* ---- the chart ---- */

/* Terminal cells of UTF-8 text: East Asian wide characters take two. */
static size_t
cells(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i, w = 0;
	uint32_t cp;

	for (i = 0; i < n; i++) {
		if ((u[i] & 0xc0) == 0x80)
			continue;
		if (u[i] < 0xe0) {
			w++;
			continue;
		}
		cp = u[i] < 0xf0 ? u[i] & 0x0f : u[i] & 0x07;
		if (i + 1 < n)
			cp = cp << 6 | (u[i + 1] & 0x3f);
		if (i + 2 < n)
			cp = cp << 6 | (u[i + 2] & 0x3f);
		if (u[i] >= 0xf0 && i + 3 < n)
			cp = cp << 6 | (u[i + 3] & 0x3f);
		w += (cp >= 0x1100 && cp <= 0x115f) ||
		    (cp >= 0x2e80 && cp <= 0xa4cf) ||
		    (cp >= 0xac00 && cp <= 0xd7a3) ||
		    (cp >= 0xf900 && cp <= 0xfaff) ||
		    (cp >= 0xfe30 && cp <= 0xfe4f) ||
		    (cp >= 0xff00 && cp <= 0xff60) ||
		    (cp >= 0xffe0 && cp <= 0xffe6) ||
		    (cp >= 0x20000 && cp <= 0x3fffd) ? 2 : 1;
	}
	return w;
}

/* The label of a chart row (time, then series values) into b. */
static int
label(struct wake_stats *s, const struct chartpt *p, struct wake_buf *b)
{
	const struct series *se = s->ser[p->ser];
	char ts[32];
	size_t i, n = fmt_ts(s, p->no, ts);

	b->n = 0;
	if (wake_buf_put(b, ts, n) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < s->nby; i++)
		if (wake_buf_putc(b, ' ') != WAKE_OK ||
		    wake_escape(se->vals[i].p, se->vals[i].n, b) != WAKE_OK)
			return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

static void
bin_name(int64_t bin, char *out, size_t outsz)
{
	static const struct {
		int64_t		 ns;
		const char	*unit;
	} u[] = {
		{ 86400 * NS, "d" }, { 3600 * NS, "h" }, { 60 * NS, "m" },
		{ NS, "s" }, { NS_MS, "ms" }
	};
	size_t i;

	for (i = 0; i < WK_NELEM(u) - 1; i++)
		if (bin % u[i].ns == 0)
			break;
	snprintf(out, outsz, "%lld%s", (long long)(bin / u[i].ns), u[i].unit);
}

static int
draw(struct wake_stats *s)
{
	struct wake_buf lb = WAKE_BUF_INIT;
	char v[64], bn[32];
	double max = 0;
	size_t i, j, n, lw = 0, vw = 1, bw, units, full, w;
	int utf8 = s->o.chart_utf8, rc = WAKE_OK;

	for (i = 0; i < s->npts; i++) {
		if (s->pts[i].v > max)
			max = s->pts[i].v;
		if (label(s, &s->pts[i], &lb) != WAKE_OK)
			goto oom;
		lw = WK_MAX(lw, cells(lb.p, lb.n));
		vw = WK_MAX(vw, fmt_val(s->pts[i].v, s->fmt[s->chart_col], v,
		    sizeof(v)));
	}
	w = (size_t)s->o.chart_width;
	bw = w > lw + vw + 2 + 10 ? w - lw - vw - 2 : 10;
	bin_name(s->o.bin, bn, sizeof(bn));
	fmt_val(max, s->fmt[s->chart_col], v, sizeof(v));
	lb.n = 0;
	if (s->npts > 0 && (puts_(s, s->cols[s->chart_col]) != WAKE_OK ||
	    puts_(s, " per ") != WAKE_OK || puts_(s, bn) != WAKE_OK ||
	    puts_(s, " bin, max ") != WAKE_OK || puts_(s, v) != WAKE_OK ||
	    put(s, "\n", 1) != WAKE_OK))
		goto oom;
	for (i = 0; i < s->npts && rc == WAKE_OK; i++) {
		const struct chartpt *p = &s->pts[i];

		if (label(s, p, &lb) != WAKE_OK || put(s, lb.p, lb.n) !=
		    WAKE_OK)
			goto oom;
		for (j = cells(lb.p, lb.n); j < lw + 1; j++)
			if (put(s, " ", 1) != WAKE_OK)
				goto oom;
		/* Eighths of a cell, rounded; a value above 0 shows. */
		units = max > 0 && p->v > 0 ? (size_t)llround(p->v / max *
		    (double)bw * 8) : 0;
		if (p->v > 0 && units == 0)
			units = 1;
		if (!utf8) {
			/* Whole cells of '#'; a value above 0 shows. */
			full = (units + 4) / 8;
			units = (full == 0 && units > 0 ? 1 : full) * 8;
		}
		full = units / 8;
		for (j = 0; j < full; j++)
			if (put(s, utf8 ? "\xe2\x96\x88" : "#", utf8 ? 3 : 1) !=
			    WAKE_OK)
				goto oom;
		if (units % 8 != 0) {
			/* U+258F one eighth ... U+2589 seven eighths. */
			char pb[3] = { '\xe2', '\x96',
			    (char)(0x90 - units % 8) };

			if (put(s, pb, 3) != WAKE_OK)
				goto oom;
			full++;
		}
		for (j = full; j < bw + 1; j++)
			if (put(s, " ", 1) != WAKE_OK)
				goto oom;
		n = fmt_val(p->v, s->fmt[s->chart_col], v, sizeof(v));
		for (j = n; j < vw; j++)
			if (put(s, " ", 1) != WAKE_OK)
				goto oom;
		if (put(s, v, n) != WAKE_OK || put(s, "\n", 1) != WAKE_OK)
			goto oom;
		if (s->o.out->n >= FLUSH_AT && s->o.flush != NULL &&
		    s->o.flush(s->o.flush_arg) != 0) {
			s->stopped = 1;
			rc = WAKE_EOF;
		}
	}
	wake_buf_free(&lb);
	return rc;
oom:
	wake_buf_free(&lb);
	return nomem(s);
}

int
wake_stats_finish(struct wake_stats *s)
{
	int rc;

	if (!s->ready || s->finished) {
		seterr(s, "not set up");
		return WAKE_ERR_USAGE;
	}
	s->finished = 1;
	report_late(s);
	if (s->stopped)
		return WAKE_EOF;
	/* Calls without an outcome are reported open, not lost. */
	while (s->open.head != NULL)
		if ((rc = call_close(s, s->open.head, O_OPEN)) != WAKE_OK)
			return rc;
	while (s->gone.head != NULL)
		call_forget(s, s->gone.head);
	if ((rc = emit_ready(s, 1)) != WAKE_OK)
		return rc;
	if (s->o.row == NULL && s->o.format == WAKE_STATS_CHART)
		return draw(s);
	return WAKE_OK;
}
