/*
 * The incident timeline: entries picked from an event stream with phase
 * events, and the timeline written as text, Markdown, HTML (with SVG
 * charts), JSON Lines or CSV.  See timeline.h.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/cause.h>
#include <wake/incident.h>
#include <wake/input.h>
#include <wake/render.h>
#include <wake/stats.h>
#include <wake/time.h>
#include <wake/timeline.h>

#include "internal.h"

#define NS		INT64_C(1000000000)
#define MIN_NS		(60 * NS)
#define DAY_NS		(1440 * MIN_NS)
#define NONE32		UINT32_MAX

/* Limits: each keeps memory bounded whatever the input. */
#define MAX_MINUTES	(62 * 1440)	/* span of the per-minute counts */
#define MAX_SOURCES	48		/* more share "(other)" */
#define MAX_STRINGS	200000		/* hosts, files, channels */
#define MAX_TRACKERS	50000		/* templates, hosts, alerts */
#define MAX_BUCKETS	(4 * 1024 * 1024)
#define MAX_KEPT	5000		/* markers, changes */
#define MAX_ALL		200000		/* entries kept for all */
#define MSG_CAP		300		/* bytes of a message kept */
#define MAX_CAUSES	20
#define MAX_EVID	3

/* Categories, in the order they are given room under max. */
enum cat {
	C_PHASE = 0, C_MARKER, C_CHANGE, C_ALERT, C_CALLS, C_REPORTS,
	C_TEMPLATE, C_HOST, C_RECOVERY, C_CHAT, C_EVENT, C_N
};

static const char *const cat_names[C_N] = {
	"phase", "marker", "change", "alert", "calls", "reports",
	"template", "host", "recovery", "chat", "event"
};

static const char *const phase_what[WAKE_PHASE_COUNT] = {
	"impact starts", "detected", "acknowledged", "mitigation begins",
	"recovered (measured)", "resolved (declared)"
};

/* Where an event came from: an interned file name and a line. */
struct origin {
	uint32_t	file;	/* NONE32: no origin */
	uint64_t	line;	/* 0: none */
};

struct entry {
	wake_time_t	 ts;
	int		 cat;
	int		 sev;
	int		 kind;
	int		 phase;		/* C_PHASE: which; markers: named */
	uint32_t	 src;		/* string ids, NONE32: none */
	uint32_t	 host;
	char		*what;		/* one line; escaped on output */
	char		*origin;	/* C_PHASE: ref text; else NULL */
	struct origin	 o;
	uint64_t	 count;		/* lines it stands for; 0: itself */
};

struct entries {
	struct entry	*v;
	size_t		 n;
	size_t		 cap;
};

/* Interned strings: sources, hosts, files, channels. */
struct strtab {
	char		**s;
	size_t		 *len;
	size_t		  n;
	size_t		  cap;
	uint32_t	 *h;	/* open addressing, NONE32 empty */
	size_t		  hcap;
};

/* Occurrences of one template, host or alert in one minute. */
struct bucket {
	uint32_t	min;
	uint32_t	count;
	wake_time_t	first;
	struct origin	o;
};

#define TR_TMPL		0
#define TR_HOST		1
#define TR_ALERT	2

struct tracker {
	uint64_t	 key;
	int		 type;		/* TR_* */
	int		 sev;		/* of the first event */
	int		 kind;
	uint32_t	 src;
	uint32_t	 host;
	char		*msg;		/* the first event's message */
	struct bucket	*b;
	size_t		 nb;
	size_t		 cap;
};

/* A u64 -> u32 map, open addressing. */
struct map {
	uint64_t	*k;
	uint32_t	*v;
	size_t		 cap;
	size_t		 n;
};

/* Per-minute counts from base. */
struct series {
	uint32_t	*c;
	size_t		 n;
	size_t		 cap;
};

struct cause_ev {
	char		*ts;
	char		*origin;
	char		*src;		/* NULL when not given */
	char		*msg;
};

struct cause {
	unsigned	 rank;
	double		 score;
	char		*kind;
	char		*summary;
	struct cause_ev	 ev[MAX_EVID];
	size_t		 nev;
};

/* Call-center KPIs per 5-minute bin from call_base. */
#define CK_OFFERED	0
#define CK_ABANDONED	1
#define CK_RATE		2
#define CK_ASA		3
#define CK_MAXWAIT	4
#define CK_N		5

struct callbin {
	double	v[CK_N];
};

struct wake_timeline {
	struct wake_timeline_opts o;
	char		*incident_arg;
	char		 err[256];

	struct wake_incidents incs;
	struct strtab	 str;

	/* Per-minute counts, from base (the first event's minute). */
	wake_time_t	 base;
	uint32_t	 srcid[MAX_SOURCES + 1];	/* string id per slot */
	size_t		 nsrc;
	struct series	 src[MAX_SOURCES + 1];
	struct series	 srcerr[MAX_SOURCES + 1];	/* their errors */
	struct series	 chat;
	double		*reports;	/* kind=metric value= summed */
	size_t		 nreports;
	size_t		 creports;
	int		 have_reports;
	wake_time_t	 last_ts;
	uint64_t	 nevents;

	/* Templates, hosts, alerts. */
	struct map	 tmap;
	struct tracker	*tr;
	size_t		 ntr;
	size_t		 ctr;
	size_t		 nbuckets;
	int		 warned_tr;

	/* Candidate entries kept as read. */
	struct entries	 kept;		/* markers, changes, chat, all */
	size_t		 nmarker;
	size_t		 nchange;
	size_t		 nall;
	int64_t		 last_chat_min;

	/* Calls. */
	struct wake_stats *stats;
	int		 col[CK_N];
	wake_time_t	 call_base;
	struct callbin	*calls;
	size_t		 ncalls;
	size_t		 ccalls;
	int		 have_calls;
	int		 calls_nomem;

	struct cause	 cause[MAX_CAUSES];
	size_t		 ncause;

	/* After finish. */
	int		 finished;
	struct wake_incident *inc;	/* NULL: a given window */
	struct wake_incident  winc;	/* the window as an incident */
	wake_time_t	 start, end;
	struct entries	 sel;
	struct wake_buf	 tmp;
	/* Impact figures. */
	double		 calls_offered, calls_abandoned, calls_worst_wait;
	double		 reports_peak;
	wake_time_t	 reports_peak_ts;
	char		 affected[512];
};

/* ---- small helpers ---- */

static void
seterr(struct wake_timeline *t, const char *s)
{
	snprintf(t->err, sizeof(t->err), "%s", s);
}

static char *
dupn(const char *p, size_t n)
{
	char *s = malloc(n + 1);

	if (s != NULL) {
		if (n > 0)
			memcpy(s, p, n);
		s[n] = '\0';
	}
	return s;
}

/* n capped at cap bytes, not cutting a UTF-8 sequence. */
static size_t
cut_utf8(const char *p, size_t n, size_t cap)
{
	if (n <= cap)
		return n;
	n = cap;
	while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
		n--;
	return n;
}

static uint64_t
hash_bytes(uint64_t h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	return x;
}

/* a - b, saturating: times from a bad line may lie centuries apart. */
static int64_t
tsub(int64_t a, int64_t b)
{
	int64_t d;

	if (__builtin_sub_overflow(a, b, &d))
		return a < b ? INT64_MIN + 1 : INT64_MAX;
	return d;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-(a + 1)) / b) - 1;
}

/* ---- interned strings ---- */

static int
str_grow(struct strtab *st)
{
	size_t ncap = st->hcap ? st->hcap * 2 : 256, i, j;
	uint32_t *nh;
	uint64_t h;

	if ((nh = malloc(ncap * sizeof(*nh))) == NULL)
		return WAKE_ERR_NOMEM;
	memset(nh, 0xff, ncap * sizeof(*nh));
	for (i = 0; i < st->n; i++) {
		h = hash_bytes(UINT64_C(0xcbf29ce484222325), st->s[i],
		    st->len[i]);
		for (j = h & (ncap - 1); nh[j] != NONE32; j = (j + 1) &
		    (ncap - 1))
			;
		nh[j] = (uint32_t)i;
	}
	free(st->h);
	st->h = nh;
	st->hcap = ncap;
	return WAKE_OK;
}

/* The id of p[0..n), added when new; NONE32 when full or no memory. */
static uint32_t
str_id(struct strtab *st, const char *p, size_t n)
{
	uint64_t h = hash_bytes(UINT64_C(0xcbf29ce484222325), p, n);
	size_t j;
	char **ns, *s;

	if ((st->n + 1) * 2 > st->hcap && str_grow(st) != WAKE_OK)
		return NONE32;
	for (j = h & (st->hcap - 1); st->h[j] != NONE32; j = (j + 1) &
	    (st->hcap - 1)) {
		s = st->s[st->h[j]];
		if (st->len[st->h[j]] == n && memcmp(s, p, n) == 0)
			return st->h[j];
	}
	if (st->n >= MAX_STRINGS)
		return NONE32;
	if (st->n == st->cap) {
		size_t nc = st->cap ? st->cap * 2 : 64;

		size_t *nl;

		if ((ns = realloc(st->s, nc * sizeof(*ns))) == NULL)
			return NONE32;
		st->s = ns;
		if ((nl = realloc(st->len, nc * sizeof(*nl))) == NULL)
			return NONE32;
		st->len = nl;
		st->cap = nc;
	}
	if ((s = dupn(p, n)) == NULL)
		return NONE32;
	st->s[st->n] = s;
	st->len[st->n] = n;
	st->h[j] = (uint32_t)st->n;
	return (uint32_t)st->n++;
}

static const char *
str_get(const struct strtab *st, uint32_t id)
{
	return id == NONE32 || id >= st->n ? "" : st->s[id];
}

static void
str_free(struct strtab *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		free(st->s[i]);
	free(st->s);
	free(st->len);
	free(st->h);
}

/* ---- u64 map ---- */

static int
map_grow(struct map *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024, i, j;
	uint64_t *nk;
	uint32_t *nv;

	nk = malloc(ncap * sizeof(*nk));
	nv = malloc(ncap * sizeof(*nv));
	if (nk == NULL || nv == NULL) {
		free(nk);
		free(nv);
		return WAKE_ERR_NOMEM;
	}
	memset(nv, 0xff, ncap * sizeof(*nv));
	for (i = 0; i < m->cap; i++) {
		if (m->v[i] == NONE32)
			continue;
		for (j = mix(m->k[i]) & (ncap - 1); nv[j] != NONE32;
		    j = (j + 1) & (ncap - 1))
			;
		nk[j] = m->k[i];
		nv[j] = m->v[i];
	}
	free(m->k);
	free(m->v);
	m->k = nk;
	m->v = nv;
	m->cap = ncap;
	return WAKE_OK;
}

/* The slot of key: *found says whether it holds key or is empty. */
static size_t
map_slot(const struct map *m, uint64_t key, int *found)
{
	size_t j;

	for (j = mix(key) & (m->cap - 1); m->v[j] != NONE32;
	    j = (j + 1) & (m->cap - 1))
		if (m->k[j] == key) {
			*found = 1;
			return j;
		}
	*found = 0;
	return j;
}

static void
map_free(struct map *m)
{
	free(m->k);
	free(m->v);
}

/* ---- origins ---- */

static struct origin
origin_parse(struct wake_timeline *t, const char *p, size_t n)
{
	struct origin r = { NONE32, 0 };
	size_t i, k;
	uint64_t line = 0;

	if (p == NULL || n == 0)
		return r;
	for (i = n; i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9'; i--)
		;
	if (i > 0 && i < n && p[i - 1] == ':' && n - i < 18) {
		for (k = i; k < n; k++)
			line = line * 10 + (uint64_t)(p[k] - '0');
		r.file = str_id(&t->str, p, i - 1);
		r.line = line;
	} else {
		r.file = str_id(&t->str, p, n);
	}
	return r;
}

static struct origin
origin_of(struct wake_timeline *t, const struct wake_event *ev)
{
	const struct wake_str *o = wake_event_attr_get(ev, "origin");

	return o != NULL ? origin_parse(t, o->p, o->n) :
	    origin_parse(t, NULL, 0);
}

/* Append "FILE:LINE" (or nothing) to b. */
static int
put_origin(const struct wake_timeline *t, const struct origin *o,
    struct wake_buf *b)
{
	int rc;

	if (o->file == NONE32)
		return WAKE_OK;
	if ((rc = wake_buf_put(b, str_get(&t->str, o->file),
	    strlen(str_get(&t->str, o->file)))) != WAKE_OK || o->line == 0)
		return rc;
	if ((rc = wake_buf_putc(b, ':')) != WAKE_OK)
		return rc;
	return wk_buf_putu(b, o->line);
}

/* ---- entries ---- */

static struct entry *
entry_new(struct entries *l)
{
	struct entry *e;

	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;

		if ((e = reallocarray(l->v, nc, sizeof(*e))) == NULL)
			return NULL;
		l->v = e;
		l->cap = nc;
	}
	e = &l->v[l->n++];
	memset(e, 0, sizeof(*e));
	e->src = e->host = NONE32;
	e->o.file = NONE32;
	e->sev = WAKE_SEV_NONE;
	e->phase = -1;
	return e;
}

static void
entries_free(struct entries *l, int own)
{
	size_t i;

	if (own)
		for (i = 0; i < l->n; i++) {
			free(l->v[i].what);
			free(l->v[i].origin);
		}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Build "prefix msg" (msg capped, its first line) as an entry's text. */
static char *
what_text(const char *prefix, const char *p, size_t n)
{
	size_t pl = prefix != NULL ? strlen(prefix) : 0, k;
	const char *nl;
	char *s;

	/* One line of what happened: a stack trace's first line says it. */
	k = (nl = memchr(p, '\n', n)) != NULL ? (size_t)(nl - p) : n;
	if (k > 0 && p[k - 1] == '\r' && nl != NULL)
		k--;
	k = cut_utf8(p, k, MSG_CAP);
	if ((s = malloc(pl + k + 4)) == NULL)
		return NULL;
	if (pl > 0)
		memcpy(s, prefix, pl);
	if (k > 0)
		memcpy(s + pl, p, k);
	if (k < n) {
		memcpy(s + pl + k, "\xe2\x80\xa6", 3);	/* an ellipsis */
		k += 3;
	}
	s[pl + k] = '\0';
	return s;
}

/* ---- trackers: templates, failing hosts, alerts ---- */

static struct tracker *
tracker_get(struct wake_timeline *t, uint64_t key, int type,
    const struct wake_event *ev, uint32_t src, uint32_t host)
{
	struct tracker *tr;
	size_t slot;
	int found;

	if ((t->tmap.n + 1) * 2 > t->tmap.cap && map_grow(&t->tmap) !=
	    WAKE_OK)
		return NULL;
	slot = map_slot(&t->tmap, key, &found);
	if (found)
		return &t->tr[t->tmap.v[slot]];
	if (t->ntr >= MAX_TRACKERS) {
		if (!t->warned_tr && t->o.diag != NULL)
			t->o.diag(t->o.diag_arg, "", 0, "more than 50000 "
			    "templates, hosts and alerts: the rest are not "
			    "followed");
		t->warned_tr = 1;
		return NULL;
	}
	if (t->ntr == t->ctr) {
		size_t nc = t->ctr ? t->ctr * 2 : 256;

		if ((tr = reallocarray(t->tr, nc, sizeof(*tr))) == NULL)
			return NULL;
		t->tr = tr;
		t->ctr = nc;
	}
	tr = &t->tr[t->ntr];
	memset(tr, 0, sizeof(*tr));
	tr->key = key;
	tr->type = type;
	tr->sev = ev->sev;
	tr->kind = ev->kind;
	tr->src = src;
	tr->host = host;
	if ((tr->msg = what_text(NULL, ev->msg.p, ev->msg.n)) == NULL)
		return NULL;
	t->tmap.k[slot] = key;
	t->tmap.v[slot] = (uint32_t)t->ntr;
	t->tmap.n++;
	t->ntr++;
	return tr;
}

/* Count one occurrence in minute min. */
static int
tracker_hit(struct wake_timeline *t, struct tracker *tr, uint32_t min,
    wake_time_t ts, const struct origin *o)
{
	struct bucket *b;

	if (tr->nb > 0 && (tr->b[tr->nb - 1].min == min ||
	    t->nbuckets >= MAX_BUCKETS)) {
		/* Past the cap, later minutes fold into the last one. */
		tr->b[tr->nb - 1].count++;
		return WAKE_OK;
	}
	if (tr->nb == tr->cap) {
		size_t nc = tr->cap ? tr->cap * 2 : 4;

		if ((b = reallocarray(tr->b, nc, sizeof(*b))) == NULL)
			return WAKE_ERR_NOMEM;
		tr->b = b;
		tr->cap = nc;
	}
	b = &tr->b[tr->nb++];
	b->min = min;
	b->count = 1;
	b->first = ts;
	b->o = *o;
	t->nbuckets++;
	return WAKE_OK;
}

/* Occurrences in minutes [m0, m1) and the first bucket there (or NULL). */
static uint64_t
tracker_count(const struct tracker *tr, int64_t m0, int64_t m1,
    const struct bucket **first)
{
	uint64_t c = 0;
	size_t i;

	if (first != NULL)
		*first = NULL;
	for (i = 0; i < tr->nb; i++) {
		if ((int64_t)tr->b[i].min < m0)
			continue;
		if ((int64_t)tr->b[i].min >= m1)
			break;
		if (first != NULL && *first == NULL)
			*first = &tr->b[i];
		c += tr->b[i].count;
	}
	return c;
}

/* ---- per-minute series ---- */

static int
series_add(struct series *s, size_t m, uint32_t v)
{
	uint32_t *nc;
	size_t ncap;

	if (m >= s->n) {
		if (m >= s->cap) {
			ncap = s->cap ? s->cap : 256;
			while (ncap <= m)
				ncap *= 2;
			if ((nc = reallocarray(s->c, ncap, sizeof(*nc))) ==
			    NULL)
				return WAKE_ERR_NOMEM;
			s->c = nc;
			s->cap = ncap;
		}
		memset(s->c + s->n, 0, (m + 1 - s->n) * sizeof(*s->c));
		s->n = m + 1;
	}
	s->c[m] += v;
	return WAKE_OK;
}

static uint32_t
series_at(const struct series *s, int64_t m)
{
	return m >= 0 && (size_t)m < s->n ? s->c[m] : 0;
}

/* Grow a double array to hold index i (zeros between). */
static int
dgrow(double **a, size_t *n, size_t *cap, size_t i)
{
	double *na;
	size_t nc, k;

	if (i < *n)
		return WAKE_OK;
	if (i >= *cap) {
		nc = *cap ? *cap : 256;
		while (nc <= i)
			nc *= 2;
		if ((na = reallocarray(*a, nc, sizeof(*na))) == NULL)
			return WAKE_ERR_NOMEM;
		*a = na;
		*cap = nc;
	}
	for (k = *n; k <= i; k++)
		(*a)[k] = 0;
	*n = i + 1;
	return WAKE_OK;
}

/* The slot of a source's series (the last slot is "(other)"). */
static size_t
src_slot(struct wake_timeline *t, uint32_t id)
{
	size_t i;

	for (i = 0; i < t->nsrc; i++)
		if (t->srcid[i] == id)
			return i;
	if (t->nsrc < MAX_SOURCES) {
		t->srcid[t->nsrc] = id;
		return t->nsrc++;
	}
	if (t->srcid[MAX_SOURCES] == 0 || t->srcid[MAX_SOURCES] == NONE32)
		t->srcid[MAX_SOURCES] = str_id(&t->str, "(other)", 7);
	return MAX_SOURCES;
}

/* ---- calls, through the stats library ---- */

static int
calls_row(void *arg, const struct wake_stats_row *row)
{
	struct wake_timeline *t = arg;
	struct callbin *nb;
	size_t i, k, nc;
	int64_t bi;

	if (!t->have_calls) {
		t->call_base = row->ts;
		t->have_calls = 1;
	}
	bi = floor_div(tsub(row->ts, t->call_base), 5 * MIN_NS);
	if (bi < 0 || bi >= MAX_MINUTES / 5)
		return 0;
	i = (size_t)bi;
	if (i >= t->ccalls) {
		nc = t->ccalls ? t->ccalls : 64;
		while (nc <= i)
			nc *= 2;
		if ((nb = reallocarray(t->calls, nc, sizeof(*nb))) == NULL) {
			t->calls_nomem = 1;
			return 1;
		}
		t->calls = nb;
		t->ccalls = nc;
	}
	while (t->ncalls <= i)
		memset(&t->calls[t->ncalls++], 0, sizeof(*t->calls));
	for (k = 0; k < CK_N; k++)
		if (t->col[k] >= 0 && (size_t)t->col[k] < row->nvals)
			t->calls[i].v[k] = row->vals[t->col[k]];
	return 0;
}

static int
calls_setup(struct wake_timeline *t)
{
	static const char *const want[CK_N] = {
		"offered", "abandoned", "abandon_rate", "asa", "max_wait"
	};
	struct wake_stats_opts so;
	const char *const *names;
	size_t nc, i, k;

	if (wake_stats_new(&t->stats) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	wake_stats_opts_init(&so);
	so.mode = WAKE_STATS_CALLS;
	so.bin = 5 * MIN_NS;
	so.row = calls_row;
	so.row_arg = t;
	if (wake_stats_setup(t->stats, &so) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	nc = wake_stats_columns(t->stats, &names);
	for (k = 0; k < CK_N; k++) {
		t->col[k] = -1;
		for (i = 0; i < nc; i++)
			if (strcmp(names[i], want[k]) == 0)
				t->col[k] = (int)i;
	}
	return WAKE_OK;
}

/* ---- options, new, free ---- */

void
wake_timeline_opts_init(struct wake_timeline_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->start = o->end = WAKE_TIME_NONE;
}

int
wake_timeline_new(struct wake_timeline **tp, const struct wake_timeline_opts *o)
{
	struct wake_timeline *t;

	*tp = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return WAKE_ERR_NOMEM;
	t->o = *o;
	if (t->o.lookback <= 0)
		t->o.lookback = 6 * 60 * MIN_NS;
	if (t->o.max == 0)
		t->o.max = 40;
	if (o->incident != NULL && (t->incident_arg = dupn(o->incident,
	    strlen(o->incident))) == NULL) {
		free(t);
		return WAKE_ERR_NOMEM;
	}
	t->o.incident = t->incident_arg;
	t->base = WAKE_TIME_NONE;
	t->last_ts = WAKE_TIME_NONE;
	t->last_chat_min = -1;
	t->start = t->end = WAKE_TIME_NONE;
	t->srcid[MAX_SOURCES] = NONE32;
	if (calls_setup(t) != WAKE_OK) {
		wake_timeline_free(t);
		return WAKE_ERR_NOMEM;
	}
	*tp = t;
	return WAKE_OK;
}

static void
cause_clear(struct cause *c)
{
	size_t i;

	free(c->kind);
	free(c->summary);
	for (i = 0; i < c->nev; i++) {
		free(c->ev[i].ts);
		free(c->ev[i].origin);
		free(c->ev[i].src);
		free(c->ev[i].msg);
	}
	memset(c, 0, sizeof(*c));
}

void
wake_timeline_free(struct wake_timeline *t)
{
	size_t i;

	if (t == NULL)
		return;
	wake_incidents_free(&t->incs);
	for (i = 0; i <= MAX_SOURCES; i++) {
		free(t->src[i].c);
		free(t->srcerr[i].c);
	}
	free(t->chat.c);
	free(t->reports);
	for (i = 0; i < t->ntr; i++) {
		free(t->tr[i].msg);
		free(t->tr[i].b);
	}
	free(t->tr);
	map_free(&t->tmap);
	entries_free(&t->kept, 1);
	entries_free(&t->sel, 1);
	wake_stats_free(t->stats);
	free(t->calls);
	for (i = 0; i < t->ncause; i++)
		cause_clear(&t->cause[i]);
	for (i = 0; i < WAKE_PHASE_COUNT; i++) {
		free(t->winc.why[i]);
		free(t->winc.ref[i]);
	}
	wake_buf_free(&t->tmp);
	str_free(&t->str);
	free(t->incident_arg);
	free(t);
}

const char *
wake_timeline_error(const struct wake_timeline *t)
{
	return t->err;
}

/* ---- taking events ---- */

static const struct wake_str *
attr(const struct wake_event *ev, const char *k)
{
	const struct wake_str *v = wake_event_attr_get(ev, k);

	return v != NULL && v->n > 0 ? v : NULL;
}

/* The template key: tmpl= (16 hex digits) or the masked message. */
static uint64_t
tmpl_key(const struct wake_event *ev)
{
	const struct wake_str *v = attr(ev, "tmpl");
	uint64_t k = 0;
	size_t i;
	int c;

	if (v != NULL && v->n == 16) {
		for (i = 0; i < 16; i++) {
			c = v->p[i];
			if (c >= '0' && c <= '9')
				k = k << 4 | (uint64_t)(c - '0');
			else if (c >= 'a' && c <= 'f')
				k = k << 4 | (uint64_t)(c - 'a' + 10);
			else
				break;
		}
		if (i == 16)
			return k;
	}
	return wake_cause_template_key(ev->msg.p, ev->msg.n, NULL);
}

/* "#channel user: " or "user: " for a chat message. */
static void
chat_prefix(const struct wake_event *ev, char *buf, size_t n)
{
	const struct wake_str *ch = attr(ev, "channel");
	const struct wake_str *u = attr(ev, "user");

	if (u == NULL && ev->host.n > 0 && !wk_streq(ev->host.p, ev->host.n,
	    "-"))
		u = &ev->host;
	snprintf(buf, n, "%s%.*s%s%.*s: ", ch != NULL && (ch->n == 0 ||
	    ch->p[0] != '#') ? "#" : "",
	    ch != NULL ? (int)WK_MIN(ch->n, 60) : 0, ch != NULL ? ch->p : "",
	    ch != NULL && u != NULL ? " " : "",
	    u != NULL ? (int)WK_MIN(u->n, 60) : 0, u != NULL ? u->p : "");
	if (ch == NULL && u == NULL)
		buf[0] = '\0';
}

/* A join or leave notice, not something a person said. */
static int
chat_noise(const struct wake_event *ev)
{
	const struct wake_str *st = attr(ev, "subtype");

	return st != NULL && st->n > 5 && (wk_streq(st->p + st->n - 5, 5,
	    "_join") || (st->n > 6 && wk_streq(st->p + st->n - 6, 6,
	    "_leave")));
}

/* Keep the event as an entry of category cat, its text prefixed. */
static int
keep(struct wake_timeline *t, const struct wake_event *ev, int cat,
    const char *prefix, uint32_t src, uint32_t host,
    const struct origin *o)
{
	struct entry *e;

	if ((e = entry_new(&t->kept)) == NULL)
		return WAKE_ERR_NOMEM;
	e->ts = ev->ts;
	e->cat = cat;
	e->sev = ev->sev;
	e->kind = ev->kind;
	e->src = src;
	e->host = host;
	e->o = *o;
	if ((e->what = what_text(prefix, ev->msg.p, ev->msg.n)) == NULL) {
		t->kept.n--;
		return WAKE_ERR_NOMEM;
	}
	return WAKE_OK;
}

static int
add_marker(struct wake_timeline *t, const struct wake_event *ev,
    const struct wake_str *ph, uint32_t src, uint32_t host,
    const struct origin *o)
{
	char pre[160], cp[136];
	int rc;

	if (t->nmarker >= MAX_KEPT)
		return WAKE_OK;
	cp[0] = '\0';
	if (ev->kind == WAKE_KIND_CHAT)
		chat_prefix(ev, cp, sizeof(cp));
	snprintf(pre, sizeof(pre), "[%.*s] %s", (int)WK_MIN(ph->n, 10),
	    ph->p, cp);
	if ((rc = keep(t, ev, C_MARKER, pre, src, host, o)) == WAKE_OK) {
		t->kept.v[t->kept.n - 1].phase = wake_phase_parse(ph->p,
		    ph->n);
		t->nmarker++;
	}
	return rc;
}

static int
add_change(struct wake_timeline *t, const struct wake_event *ev,
    uint32_t src, uint32_t host, const struct origin *o)
{
	const struct wake_str *id = attr(ev, "change");
	const struct wake_str *who = attr(ev, "actor");
	char pre[200];

	if (t->nchange >= MAX_KEPT)
		return WAKE_OK;
	snprintf(pre, sizeof(pre), "change%s%.*s%s%.*s%s: ",
	    id != NULL ? " " : "", id != NULL ? (int)WK_MIN(id->n, 60) : 0,
	    id != NULL ? id->p : "", who != NULL ? " by " : "",
	    who != NULL ? (int)WK_MIN(who->n, 60) : 0,
	    who != NULL ? who->p : "", "");
	t->nchange++;
	return keep(t, ev, C_CHANGE, pre, src, host, o);
}

/* Inside the window given with the options (when there is one)? */
static int
in_given_window(const struct wake_timeline *t, wake_time_t ts)
{
	if (t->o.start == WAKE_TIME_NONE)
		return 1;
	return ts >= t->o.start && ts <= t->o.end;
}

int
wake_timeline_add(struct wake_timeline *t, const struct wake_event *ev)
{
	const struct wake_str *ph, *v;
	struct origin o;
	struct tracker *tr;
	uint32_t src, host;
	int64_t m;
	uint32_t min;
	int rc, err;
	char pre[136];

	if (ev->ts == WAKE_TIME_NONE)
		return WAKE_OK;
	if ((rc = wake_incidents_add_event(&t->incs, ev)) < 0)
		return rc;
	if (rc == 1 || ev->kind == WAKE_KIND_PHASE)
		return WAKE_OK;
	t->nevents++;
	if (t->base == WAKE_TIME_NONE)
		t->base = floor_div(ev->ts, MIN_NS) * MIN_NS;
	t->last_ts = ev->ts;
	m = floor_div(tsub(ev->ts, t->base), MIN_NS);
	min = m < 0 ? 0 : m >= MAX_MINUTES ? MAX_MINUTES - 1 : (uint32_t)m;
	src = str_id(&t->str, ev->src.n > 0 ? ev->src.p : "-",
	    ev->src.n > 0 ? ev->src.n : 1);
	host = ev->host.n > 0 && !wk_streq(ev->host.p, ev->host.n, "-") ?
	    str_id(&t->str, ev->host.p, ev->host.n) : NONE32;
	o = origin_of(t, ev);

	/* Series for the charts. */
	if (m >= 0 && m < MAX_MINUTES) {
		if (ev->kind == WAKE_KIND_CHAT)
			rc = series_add(&t->chat, (size_t)m, 1);
		else if (ev->kind == WAKE_KIND_METRIC ||
		    ev->kind == WAKE_KIND_REPORT) {
			double val = 1;
			char num[32], *end;

			if ((v = attr(ev, "value")) != NULL && v->n < 31) {
				memcpy(num, v->p, v->n);
				num[v->n] = '\0';
				val = strtod(num, &end);
				if (*end != '\0' || !isfinite(val))
					val = 0;
			}
			rc = dgrow(&t->reports, &t->nreports, &t->creports,
			    (size_t)m);
			if (rc == WAKE_OK)
				t->reports[m] += val;
			t->have_reports = 1;
		} else if (ev->kind != WAKE_KIND_CALL) {
			size_t k = src_slot(t, src);

			rc = series_add(&t->src[k], (size_t)m, 1);
			if (rc == WAKE_OK && ev->sev >= 0 &&
			    ev->sev <= WAKE_SEV_ERR)
				rc = series_add(&t->srcerr[k], (size_t)m, 1);
		}
		if (rc != WAKE_OK)
			return rc;
	}
	if (ev->kind == WAKE_KIND_CALL) {
		rc = wake_stats_add(t->stats, ev);
		if (rc == WAKE_ERR_NOMEM)
			return rc;
	}

	/* Candidates. */
	if ((ph = attr(ev, "phase")) != NULL && wake_phase_parse(ph->p,
	    ph->n) > WAKE_PHASE_START && wake_phase_parse(ph->p, ph->n) !=
	    WAKE_PHASE_RECOVER) {
		if ((rc = add_marker(t, ev, ph, src, host, &o)) != WAKE_OK)
			return rc;
	} else if (ev->kind == WAKE_KIND_CHANGE || attr(ev, "change") !=
	    NULL) {
		if ((rc = add_change(t, ev, src, host, &o)) != WAKE_OK)
			return rc;
	} else if (ev->kind == WAKE_KIND_CHAT && m != t->last_chat_min &&
	    !chat_noise(ev)) {
		/* The first message of each minute: enough to show how
		 * the conversation started, bounded by the span. */
		t->last_chat_min = m;
		chat_prefix(ev, pre, sizeof(pre));
		if ((rc = keep(t, ev, C_CHAT, pre, src, host, &o)) != WAKE_OK)
			return rc;
	} else if (t->o.all && ev->kind != WAKE_KIND_CHAT &&
	    in_given_window(t, ev->ts)) {
		if (t->nall >= MAX_ALL) {
			seterr(t, "too many events for --all: give a "
			    "shorter --window");
			return WAKE_ERR_LIMIT;
		}
		t->nall++;
		if ((rc = keep(t, ev, C_EVENT, NULL, src, host, &o)) !=
		    WAKE_OK)
			return rc;
	}

	/* Templates, failing hosts, alerts. */
	if (ev->kind == WAKE_KIND_LOG || ev->kind == WAKE_KIND_RAW ||
	    ev->kind == WAKE_KIND_ALERT) {
		uint64_t k = tmpl_key(ev);
		int type = ev->kind == WAKE_KIND_ALERT ? TR_ALERT : TR_TMPL;

		if (type == TR_ALERT) {
			k = mix(k ^ ((uint64_t)src << 32 | host) ^
			    UINT64_C(0xa1e7));
		} else
			/* Per severity class, as wake-cause counts: a
			 * 502 is not a 200 with another number. */
			k = mix(k ^ UINT64_C(0x7e3b1) ^ (uint64_t)(ev->sev >=
			    0 && ev->sev <= WAKE_SEV_ERR ? 1 : ev->sev ==
			    WAKE_SEV_WARN ? 2 : 3) << 48);
		if ((tr = tracker_get(t, k, type, ev, src, host)) != NULL &&
		    (rc = tracker_hit(t, tr, min, ev->ts, &o)) != WAKE_OK)
			return rc;
		err = ev->sev >= 0 && ev->sev <= WAKE_SEV_ERR;
		if (host != NONE32 && err && ev->kind != WAKE_KIND_ALERT) {
			k = mix(((uint64_t)src << 32 | host) ^
			    UINT64_C(0x40571));
			if ((tr = tracker_get(t, k, TR_HOST, ev, src, host)) !=
			    NULL && (rc = tracker_hit(t, tr, min, ev->ts,
			    &o)) != WAKE_OK)
				return rc;
		}
	}
	return WAKE_OK;
}

int
wake_timeline_run(struct wake_timeline *t, struct wake_input *in,
    wake_diag_fn diag, void *arg)
{
	struct wake_event ev;
	struct wake_line l;
	const char *why;
	int rc;

	wake_event_init(&ev);
	while ((rc = wake_input_line(in, &l)) == WAKE_OK) {
		if (l.n == 0 || l.p[0] == '#')
			continue;
		wake_event_reset(&ev);
		if (wake_event_read(&ev, l.p, l.n, &why) != WAKE_OK) {
			if (diag != NULL)
				diag(arg, wake_input_name(in),
				    (unsigned long)l.no, why);
			continue;
		}
		if ((rc = wake_timeline_add(t, &ev)) != WAKE_OK)
			break;
	}
	wake_event_free(&ev);
	return rc == WAKE_EOF ? WAKE_OK : rc;
}

/* ---- cause candidates ---- */

static int
cause_str(const struct wk_jtok *tk, int i, struct wake_buf *b, char **out)
{
	b->n = 0;
	if (i < 0 || tk[i].type != WK_J_STR)
		return WAKE_OK;
	if (wk_json_unescape(tk[i].p, tk[i].n, b) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	if ((*out = dupn(b->p != NULL ? b->p : "", b->n)) == NULL)
		return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

int
wake_timeline_cause_json(struct wake_timeline *t, const char *line, size_t n)
{
	struct wk_jtok tk[256];
	struct wake_buf b = WAKE_BUF_INIT;
	struct cause *c;
	const char *why;
	char num[40], *end;
	int nt, i, ev, k, j;

	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\r'))
		n--;
	if (n == 0 || line[0] == '#')
		return WAKE_OK;
	if ((nt = wk_json_parse(line, n, tk, 256, &why)) < 0 ||
	    tk[0].type != WK_J_OBJ) {
		seterr(t, nt == -2 ? "cause line too deep or long" :
		    nt < 0 ? why : "cause line is not an object");
		return WAKE_ERR_FORMAT;
	}
	if (t->ncause >= MAX_CAUSES)
		return WAKE_OK;
	c = &t->cause[t->ncause];
	memset(c, 0, sizeof(*c));
	if ((i = wk_json_get(tk, 0, "rank")) >= 0 && tk[i].type == WK_J_NUM &&
	    tk[i].n < sizeof(num)) {
		memcpy(num, tk[i].p, tk[i].n);
		num[tk[i].n] = '\0';
		c->rank = (unsigned)strtoul(num, &end, 10);
	}
	if ((i = wk_json_get(tk, 0, "score")) >= 0 && tk[i].type == WK_J_NUM &&
	    tk[i].n < sizeof(num)) {
		memcpy(num, tk[i].p, tk[i].n);
		num[tk[i].n] = '\0';
		c->score = strtod(num, &end);
		if (!isfinite(c->score))
			c->score = 0;
	}
	if (cause_str(tk, wk_json_get(tk, 0, "kind"), &b, &c->kind) !=
	    WAKE_OK || cause_str(tk, wk_json_get(tk, 0, "summary"), &b,
	    &c->summary) != WAKE_OK)
		goto nomem;
	if ((ev = wk_json_get(tk, 0, "evidence")) >= 0 &&
	    tk[ev].type == WK_J_ARR) {
		for (k = 0, j = ev + 1; k < tk[ev].size && c->nev < MAX_EVID;
		    k++, j = tk[j].next) {
			struct cause_ev *e = &c->ev[c->nev];

			if (tk[j].type != WK_J_OBJ)
				continue;
			c->nev++;
			if (cause_str(tk, wk_json_get(tk, j, "ts"), &b,
			    &e->ts) != WAKE_OK || cause_str(tk,
			    wk_json_get(tk, j, "origin"), &b, &e->origin) !=
			    WAKE_OK || cause_str(tk, wk_json_get(tk, j, "src"),
			    &b, &e->src) != WAKE_OK || cause_str(tk,
			    wk_json_get(tk, j, "msg"), &b, &e->msg) != WAKE_OK)
				goto nomem;
		}
	}
	if (c->summary == NULL) {
		cause_clear(c);
		wake_buf_free(&b);
		seterr(t, "cause line without a summary");
		return WAKE_ERR_FORMAT;
	}
	if (c->rank == 0)
		c->rank = (unsigned)t->ncause + 1;
	t->ncause++;
	wake_buf_free(&b);
	return WAKE_OK;
nomem:
	cause_clear(c);
	wake_buf_free(&b);
	seterr(t, "out of memory");
	return WAKE_ERR_NOMEM;
}

int
wake_timeline_cause(struct wake_timeline *t, const struct wake_cause *wc)
{
	const struct wake_cause_cand *cc;
	struct cause *c;
	char ts[25];
	size_t i, k, n = wake_cause_count(wc);

	for (i = 0; i < n && t->ncause < MAX_CAUSES; i++) {
		if ((cc = wake_cause_get(wc, i)) == NULL)
			continue;
		c = &t->cause[t->ncause];
		memset(c, 0, sizeof(*c));
		c->rank = cc->rank;
		c->score = cc->score;
		c->kind = dupn(wake_cause_kind_name(cc->kind),
		    strlen(wake_cause_kind_name(cc->kind)));
		c->summary = dupn(cc->summary, strlen(cc->summary));
		if (c->kind == NULL || c->summary == NULL)
			goto nomem;
		for (k = 0; k < cc->nev && k < MAX_EVID; k++) {
			struct cause_ev *e = &c->ev[c->nev++];

			wake_time_format(cc->ev[k].ts, ts);
			e->ts = dupn(ts, strlen(ts));
			e->origin = dupn(cc->ev[k].origin,
			    strlen(cc->ev[k].origin));
			if (cc->ev[k].src != NULL && (e->src = dupn(cc->ev[k].src,
			    strlen(cc->ev[k].src))) == NULL)
				goto nomem;
			e->msg = dupn(cc->ev[k].msg, strlen(cc->ev[k].msg));
			if (e->ts == NULL || e->origin == NULL ||
			    e->msg == NULL)
				goto nomem;
		}
		t->ncause++;
	}
	return WAKE_OK;
nomem:
	cause_clear(c);
	return WAKE_ERR_NOMEM;
}

/* ---- selection ---- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of the n values (sorted in place); 0 when none. */
static double
median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Minute index of ts from base (may be out of the arrays). */
static int64_t
minute(const struct wake_timeline *t, wake_time_t ts)
{
	return floor_div(tsub(ts, t->base), MIN_NS);
}

static wake_time_t
minute_ts(const struct wake_timeline *t, int64_t m)
{
	return t->base + m * MIN_NS;
}

/* A new generated entry in sel with printf-made text. */
static struct entry *
gen(struct wake_timeline *t, wake_time_t ts, int cat, uint32_t src,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static struct entry *
gen(struct wake_timeline *t, wake_time_t ts, int cat, uint32_t src,
    const char *fmt, ...)
{
	struct entry *e;
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if ((e = entry_new(&t->sel)) == NULL)
		return NULL;
	e->ts = ts;
	e->cat = cat;
	e->src = src;
	if ((e->what = dupn(buf, strlen(buf))) == NULL) {
		t->sel.n--;
		return NULL;
	}
	return e;
}

static void
fmt_count(char *buf, size_t n, double v)
{
	struct wake_buf b = WAKE_BUF_INIT;

	if (v < 0 || !isfinite(v))
		v = 0;
	if (wake_render_count((uint64_t)llround(v), &b) == WAKE_OK)
		snprintf(buf, n, "%.*s", (int)b.n, b.p);
	else
		snprintf(buf, n, "?");
	wake_buf_free(&b);
}

static int
sel_phases(struct wake_timeline *t)
{
	const struct wake_incident *inc = t->inc != NULL ? t->inc :
	    &t->winc;
	struct entry *e;
	int p;

	for (p = 0; p < WAKE_PHASE_COUNT; p++) {
		if (inc->t[p] == WAKE_TIME_NONE)
			continue;
		if ((e = gen(t, inc->t[p], C_PHASE, str_id(&t->str, "wake", 4),
		    "%s%s%s", phase_what[p], inc->why[p] != NULL ? ": " : "",
		    inc->why[p] != NULL ? inc->why[p] : "")) == NULL)
			return WAKE_ERR_NOMEM;
		e->phase = p;
		e->kind = WAKE_KIND_PHASE;
		if (inc->ref[p] != NULL && (e->origin = dupn(inc->ref[p],
		    strlen(inc->ref[p]))) == NULL)
			return WAKE_ERR_NOMEM;
	}
	return WAKE_OK;
}

/*
 * Kept entries of cat in [lo, hi], at most max (0: all), moved to sel.
 * A change said again in the same words within 30 minutes (a console
 * session's "Configured from console" lines) counts on the first.
 */
static int
sel_kept(struct wake_timeline *t, int cat, wake_time_t lo, wake_time_t hi,
    size_t max)
{
	struct entry *e, *k, *last = NULL;
	size_t i, n = 0;

	for (i = 0; i < t->kept.n; i++) {
		k = &t->kept.v[i];
		if (k->cat != cat || k->ts < lo || k->ts > hi)
			continue;
		if (cat == C_CHANGE && last != NULL && k->src == last->src &&
		    k->ts - last->ts < 30 * MIN_NS &&
		    strcmp(k->what, last->what) == 0) {
			last->count = (last->count > 0 ? last->count : 1) + 1;
			continue;
		}
		if (max != 0 && n >= max)
			break;
		if ((e = entry_new(&t->sel)) == NULL)
			return WAKE_ERR_NOMEM;
		*e = *k;
		k->what = NULL;
		k->origin = NULL;
		k->cat = -1;
		last = e;
		n++;
	}
	return WAKE_OK;
}

struct ranked {
	size_t	tr;
	double	score;
	double	ratio;
	uint64_t cin;
	const struct bucket *first;
};

static int
cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->first->first != y->first->first)
		return x->first->first < y->first->first ? -1 : 1;
	return x->tr < y->tr ? -1 : x->tr > y->tr;
}

static int
cmp_ranked_time(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->first->first != y->first->first)
		return x->first->first < y->first->first ? -1 : 1;
	return x->tr < y->tr ? -1 : x->tr > y->tr;
}

/* Did source src log anything in minutes [m0, m1)? */
static int
src_active(const struct wake_timeline *t, uint32_t src, int64_t m0,
    int64_t m1)
{
	const struct series *s = NULL;
	size_t k;
	int64_t m;

	for (k = 0; k < t->nsrc; k++)
		if (t->srcid[k] == src)
			s = &t->src[k];
	if (s == NULL)
		return 0;
	for (m = WK_MAX(m0, 0); m < m1 && (size_t)m < s->n; m++)
		if (s->c[m] != 0)
			return 1;
	return 0;
}

/*
 * The first line of each of the top template causes, when no entry
 * shows it yet: a precursor of one line (a service that failed to
 * start minutes before) is no tracker's "new message".
 */
static int
sel_causes(struct wake_timeline *t, wake_time_t lo, wake_time_t hi)
{
	const struct cause *c;
	const struct cause_ev *ce;
	struct origin o;
	struct entry *e;
	wake_time_t ts;
	size_t i, k;

	for (i = 0; i < t->ncause; i++) {
		c = &t->cause[i];
		if (c->rank > 3 || c->nev == 0 || c->kind == NULL ||
		    strcmp(c->kind, "template") != 0)
			continue;
		ce = &c->ev[0];
		if (ce->ts == NULL || ce->msg == NULL || wake_time_parse_utc(
		    ce->ts, strlen(ce->ts), &ts) != WAKE_OK || ts < lo ||
		    ts > hi)
			continue;
		o = origin_parse(t, ce->origin, ce->origin != NULL ?
		    strlen(ce->origin) : 0);
		for (k = 0; k < t->sel.n; k++)
			if (t->sel.v[k].o.file == o.file &&
			    t->sel.v[k].o.line == o.line && o.file != NONE32)
				break;
		if (k < t->sel.n)
			continue;
		if ((e = gen(t, ts, C_TEMPLATE, ce->src != NULL &&
		    ce->src[0] != '\0' ? str_id(&t->str, ce->src,
		    strlen(ce->src)) : NONE32, "%s: %s", c->rank == 1 ?
		    "likeliest cause" : "cause candidate", ce->msg)) == NULL)
			return WAKE_ERR_NOMEM;
		e->o = o;
	}
	return WAKE_OK;
}

/*
 * Templates, failing hosts and alerts: counts in the incident window
 * [w0, w1) against the baseline [b0, w0), minutes.
 */
static int
sel_trackers(struct wake_timeline *t, int type, int64_t b0, int64_t w0,
    int64_t w1, size_t max)
{
	struct ranked *r;
	const struct tracker *tr;
	struct entry *e;
	size_t i, n = 0;
	uint64_t cb;
	double bmin, wmin, rb, rw;
	char cnt[32];

	if (t->ntr == 0)
		return WAKE_OK;
	if ((r = calloc(t->ntr, sizeof(*r))) == NULL)
		return WAKE_ERR_NOMEM;
	bmin = (double)(w0 - WK_MAX(b0, 0));
	wmin = (double)(w1 - w0);
	for (i = 0; i < t->ntr; i++) {
		tr = &t->tr[i];
		if (tr->type != type)
			continue;
		r[n].tr = i;
		r[n].cin = tracker_count(tr, w0, w1, &r[n].first);
		if (r[n].cin == 0)
			continue;
		cb = tracker_count(tr, b0, w0, NULL);
		rw = (double)r[n].cin / (wmin > 1 ? wmin : 1);
		rb = bmin >= 1 ? (double)cb / bmin : 0;
		r[n].ratio = cb == 0 ? 0 : rw / rb;
		if (type == TR_TMPL) {
			/* New ones first, then the surges; "new" only
			 * where its source was logging before. */
			if (cb == 0 && r[n].cin >= 2 && (src_active(t,
			    tr->src, b0, w0) || (tr->sev >= 0 &&
			    tr->sev <= WAKE_SEV_ERR)))
				r[n].score = 1e6 + (double)r[n].cin;
			else if (cb > 0 && r[n].ratio >= 3 && r[n].cin >= 5)
				r[n].score = r[n].ratio *
				    log2(1 + (double)r[n].cin);
			else
				continue;
		} else if (type == TR_HOST) {
			if (cb != 0)
				continue;
			r[n].score = 1;
		} else {
			r[n].score = 1;
		}
		n++;
	}
	if (type == TR_TMPL) {
		qsort(r, n, sizeof(*r), cmp_ranked);
		if (n > max)
			n = max;
	}
	qsort(r, n, sizeof(*r), cmp_ranked_time);
	if (type != TR_TMPL && n > max)
		n = max;
	for (i = 0; i < n; i++) {
		tr = &t->tr[r[i].tr];
		fmt_count(cnt, sizeof(cnt), r[i].ratio);
		if (type == TR_TMPL && r[i].ratio > 0)
			e = gen(t, r[i].first->first, C_TEMPLATE, tr->src,
			    "%.0fx as often as before: %s", r[i].ratio,
			    tr->msg);
		else if (type == TR_TMPL)
			e = gen(t, r[i].first->first, C_TEMPLATE, tr->src,
			    "new message: %s", tr->msg);
		else if (type == TR_HOST)
			e = gen(t, r[i].first->first, C_HOST, tr->src,
			    "%s starts failing: %s", str_get(&t->str,
			    tr->host), tr->msg);
		else
			e = gen(t, r[i].first->first, C_ALERT, tr->src,
			    "alert: %s", tr->msg);
		if (e == NULL) {
			free(r);
			return WAKE_ERR_NOMEM;
		}
		e->host = tr->host;
		e->sev = tr->sev;
		e->kind = tr->kind;
		e->o = r[i].first->o;
		e->count = r[i].cin > 1 ? r[i].cin : 0;
	}
	free(r);
	return WAKE_OK;
}

/* Median of a per-minute series over minutes [m0, m1). */
static double
series_median(const struct wake_timeline *t, const struct series *s,
    int64_t m0, int64_t m1, size_t *nout)
{
	double *v, med;
	size_t n = 0;
	int64_t m;

	if (m0 < 0)
		m0 = 0;
	if (m1 <= m0 || (v = malloc((size_t)(m1 - m0) * sizeof(*v))) ==
	    NULL) {
		*nout = 0;
		return 0;
	}
	for (m = m0; m < m1; m++)
		if (minute_ts(t, m) <= t->last_ts)
			v[n++] = series_at(s, m);
	med = median(v, n);
	free(v);
	*nout = n;
	return med;
}

struct rec {
	size_t		 k;
	int64_t		 r;
	int		 byerr;
	double		 base, worst;
};

/* Errors before drops, then the highest errors first. */
static int
cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->byerr != y->byerr)
		return y->byerr - x->byerr;
	if (x->worst != y->worst)
		return (x->worst < y->worst) == (x->byerr != 0) ? 1 : -1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* Each source's return to its baseline (5-minute sums). */
static int
sel_recovery(struct wake_timeline *t, int64_t ms, int64_t me)
{
	struct rec rv[MAX_SOURCES + 1];
	const struct series *s, *es;
	size_t k, nb, alen = 0, nr = 0, i;
	int64_t m, last_bad, r, mend, q;
	double base, ebase, hi, lo, esum, vsum, epeak, vlow;
	int ok, byerr;
	char cnt[32], pk[32];
	struct entry *e;

	/* Counts exist for minutes [0, MAX_MINUTES) only. */
	mend = WK_MIN(minute(t, t->last_ts), MAX_MINUTES);
	ms = WK_MAX(ms, -200);
	me = WK_MIN(me, MAX_MINUTES);
	for (k = 0; k <= MAX_SOURCES; k++) {
		s = &t->src[k];
		es = &t->srcerr[k];
		if (s->n == 0)
			continue;
		base = series_median(t, s, ms - 120, ms - 15, &nb);
		if (nb < 10)
			continue;
		/*
		 * Trouble is errors well above their rate before (sparse:
		 * the mean, not the median), or the volume down to a fifth
		 * (a source gone quiet).  Not the volume up: by day a
		 * site is busier than the night its outage began in.
		 */
		for (ebase = 0, m = ms - 120; m < ms - 15; m++)
			ebase += series_at(es, m);
		ebase /= 105;
		hi = 5 * 3 * ebase + 5;
		lo = base >= 2 ? 5 * base * 0.2 : -1;
		last_bad = -1;
		epeak = 0;
		vlow = -1;
		byerr = 0;
		for (m = ms; m <= me && m <= mend; m++) {
			esum = vsum = 0;
			for (q = m - 4; q <= m; q++) {
				esum += series_at(es, q);
				vsum += series_at(s, q);
			}
			if (esum > hi) {
				last_bad = m;
				byerr = 1;
			} else if (vsum < lo)
				last_bad = m;
			if (series_at(es, m) > epeak)
				epeak = series_at(es, m);
			if (vlow < 0 || vsum / 5 < vlow)
				vlow = vsum / 5;
		}
		if (last_bad < 0)
			continue;
		if (alen + 40 < sizeof(t->affected)) {
			alen += (size_t)snprintf(t->affected + alen,
			    sizeof(t->affected) - alen, "%s%s",
			    alen > 0 ? ", " : "", str_get(&t->str,
			    t->srcid[k]));
		}
		/* Normal again for ten minutes, after the last bad one. */
		for (r = last_bad + 1; r <= mend && r <= me + 240; r++) {
			ok = 1;
			for (m = r; m < r + 10 && m <= mend && ok; m++) {
				esum = vsum = 0;
				for (q = m - 4; q <= m; q++) {
					esum += series_at(es, q);
					vsum += series_at(s, q);
				}
				ok = esum <= hi && vsum >= lo;
			}
			if (ok)
				break;
		}
		if (r > mend || r > me + 240)
			continue;
		rv[nr].k = k;
		rv[nr].r = r;
		rv[nr].byerr = byerr;
		rv[nr].base = byerr ? ebase : base;
		rv[nr].worst = byerr ? epeak : vlow;
		nr++;
	}
	/* The worst hit first, should --max keep only some. */
	qsort(rv, nr, sizeof(*rv), cmp_rec);
	for (i = 0; i < nr; i++) {
		k = rv[i].k;
		if (rv[i].byerr || rv[i].base < 10)
			snprintf(cnt, sizeof(cnt), "%.1f", rv[i].base);
		else
			fmt_count(cnt, sizeof(cnt), rv[i].base);
		if (rv[i].byerr) {
			fmt_count(pk, sizeof(pk), rv[i].worst);
			e = gen(t, minute_ts(t, rv[i].r), C_RECOVERY,
			    t->srcid[k], "%s: errors back to their rate before "
			    "(about %s/min; %s/min at the worst)",
			    str_get(&t->str, t->srcid[k]), cnt, pk);
		} else {
			snprintf(pk, sizeof(pk), "%.1f", rv[i].worst);
			e = gen(t, minute_ts(t, rv[i].r), C_RECOVERY,
			    t->srcid[k], "%s: back to its usual volume (about "
			    "%s/min; %s/min at the lowest)", str_get(&t->str,
			    t->srcid[k]), cnt, pk);
		}
		if (e == NULL)
			return WAKE_ERR_NOMEM;
	}
	return WAKE_OK;
}

/* Onset, peak and return to normal of a rate (calls, reports). */
struct surge {
	int64_t	onset, peak, normal;	/* indexes, -1: none */
	double	base, peakv;
};

static void
find_surge(const double *v, size_t n, int64_t b0, int64_t w0, int64_t w1,
    double kb, double ka, struct surge *s)
{
	double *tmp, hi, back;
	size_t nb = 0;
	int64_t i;

	s->onset = s->peak = s->normal = -1;
	s->base = s->peakv = 0;
	if (n == 0)
		return;
	if ((tmp = malloc(n * sizeof(*tmp))) != NULL) {
		for (i = WK_MAX(b0, 0); i < w0 && i < (int64_t)n; i++)
			tmp[nb++] = v[i];
		s->base = median(tmp, nb);
		free(tmp);
	}
	for (i = WK_MAX(w0, 0); i <= w1 && i < (int64_t)n; i++)
		if (v[i] > s->peakv) {
			s->peakv = v[i];
			s->peak = i;
		}
	hi = WK_MAX(kb * s->base, s->base + ka);
	if (s->peak < 0 || s->peakv < hi) {
		s->peak = -1;
		return;
	}
	for (i = WK_MAX(w0, 0); i <= s->peak; i++)
		if (v[i] >= hi) {
			s->onset = i;
			break;
		}
	back = WK_MAX(1.3 * s->base, s->base + ka / 2);
	for (i = s->peak + 1; i + 1 < (int64_t)n; i++)
		if (v[i] <= back && v[i + 1] <= back) {
			s->normal = i;
			break;
		}
}

static int
sel_calls(struct wake_timeline *t, wake_time_t ws, wake_time_t we)
{
	double *off;
	struct surge s;
	struct entry *e;
	int64_t w0, w1, i;
	size_t k;
	char a[32], b[32], c[32];
	uint32_t src = str_id(&t->str, "calls", 5);
	const struct callbin *pk;

	if (!t->have_calls || t->ncalls == 0)
		return WAKE_OK;
	if ((off = malloc(t->ncalls * sizeof(*off))) == NULL)
		return WAKE_ERR_NOMEM;
	for (k = 0; k < t->ncalls; k++)
		off[k] = t->calls[k].v[CK_OFFERED];
	w0 = floor_div(tsub(ws, t->call_base), 5 * MIN_NS);
	w1 = floor_div(tsub(we, t->call_base), 5 * MIN_NS);
	for (i = WK_MAX(w0, 0); i <= w1 && i < (int64_t)t->ncalls; i++) {
		t->calls_offered += t->calls[i].v[CK_OFFERED];
		t->calls_abandoned += t->calls[i].v[CK_ABANDONED];
		if (t->calls[i].v[CK_MAXWAIT] > t->calls_worst_wait)
			t->calls_worst_wait = t->calls[i].v[CK_MAXWAIT];
	}
	find_surge(off, t->ncalls, w0 - 24, w0 - 3, w1, 2, 10, &s);
	free(off);
	if (s.peak < 0)
		return WAKE_OK;
	fmt_count(b, sizeof(b), s.base);
	if (s.onset >= 0 && s.onset < s.peak) {
		fmt_count(a, sizeof(a), t->calls[s.onset].v[CK_OFFERED]);
		if ((e = gen(t, t->call_base + s.onset * 5 * MIN_NS, C_CALLS,
		    src, "call surge begins: %s calls offered in 5 min "
		    "(usually %s)", a, b)) == NULL)
			return WAKE_ERR_NOMEM;
	}
	pk = &t->calls[s.peak];
	fmt_count(a, sizeof(a), pk->v[CK_OFFERED]);
	wake_interval_format((int64_t)(pk->v[CK_MAXWAIT] * 1e9), c,
	    sizeof(c));
	if ((e = gen(t, t->call_base + s.peak * 5 * MIN_NS, C_CALLS, src,
	    "call peak: %s offered in 5 min, %.0f%% abandoned, worst wait %s",
	    a, pk->v[CK_RATE] * 100, c)) == NULL)
		return WAKE_ERR_NOMEM;
	e->sev = WAKE_SEV_WARN;
	if (s.normal >= 0) {
		fmt_count(a, sizeof(a), t->calls[s.normal].v[CK_OFFERED]);
		if ((e = gen(t, t->call_base + s.normal * 5 * MIN_NS, C_CALLS,
		    src, "calls back to normal: %s offered in 5 min "
		    "(usually %s)", a, b)) == NULL)
			return WAKE_ERR_NOMEM;
	}
	return WAKE_OK;
}

static int
sel_reports(struct wake_timeline *t, int64_t ms, int64_t me)
{
	struct surge s;
	char a[32], b[32];
	uint32_t src = str_id(&t->str, "reports", 7);

	if (!t->have_reports)
		return WAKE_OK;
	find_surge(t->reports, t->nreports, ms - 120, ms - 15, me, 3, 5, &s);
	if (s.peak < 0)
		return WAKE_OK;
	t->reports_peak = s.peakv;
	t->reports_peak_ts = minute_ts(t, s.peak);
	fmt_count(b, sizeof(b), s.base);
	if (s.onset >= 0 && s.onset < s.peak) {
		fmt_count(a, sizeof(a), t->reports[s.onset]);
		if (gen(t, minute_ts(t, s.onset), C_REPORTS, src,
		    "customer reports climbing: %s/min (usually %s)", a, b) ==
		    NULL)
			return WAKE_ERR_NOMEM;
	}
	fmt_count(a, sizeof(a), s.peakv);
	if (gen(t, minute_ts(t, s.peak), C_REPORTS, src,
	    "customer reports peak: %s/min", a) == NULL)
		return WAKE_ERR_NOMEM;
	if (s.normal >= 0) {
		fmt_count(a, sizeof(a), t->reports[s.normal]);
		if (gen(t, minute_ts(t, s.normal), C_REPORTS, src,
		    "customer reports back to normal: %s/min", a) == NULL)
			return WAKE_ERR_NOMEM;
	}
	return WAKE_OK;
}

static int
same_origin(const struct entry *a, const struct entry *b)
{
	return a->o.file != NONE32 && a->o.file == b->o.file &&
	    a->o.line == b->o.line;
}

/*
 * A phase whose ref is a marker's origin, and an alert that is also a
 * marker, are told once: the phase takes the marker's words and source,
 * the marker the alert's count.  Entries dropped are compacted away.
 */
static int
merge_markers(struct wake_timeline *t)
{
	struct wake_buf b = WAKE_BUF_INIT;
	struct entry *p, *m;
	const char *w;
	size_t i, j, k, n;
	char *nw;

	for (i = 0; i < t->sel.n; i++) {
		m = &t->sel.v[i];
		/* An alert may be a phase's trigger without being a
		 * marker (wake-detect takes alerts as detection). */
		if (m->cat != C_MARKER && m->cat != C_ALERT)
			continue;
		b.n = 0;
		if (put_origin(t, &m->o, &b) != WAKE_OK ||
		    wake_buf_putc(&b, '\0') != WAKE_OK)
			return WAKE_ERR_NOMEM;
		for (j = 0; j < t->sel.n && m->cat == C_MARKER; j++) {
			p = &t->sel.v[j];
			if (p->cat == C_ALERT && same_origin(p, m)) {
				m->count = p->count;
				free(p->what);
				p->what = NULL;
				p->cat = -1;
			}
		}
		for (j = 0; j < t->sel.n; j++) {
			p = &t->sel.v[j];
			if (p->cat != C_PHASE || p->origin == NULL ||
			    m->o.file == NONE32 || strcmp(p->origin, b.p) != 0)
				continue;
			/* "[ack] #chan user: text" -> "#chan user: text",
			 * "alert: text" -> "text" */
			w = m->what;
			if (*w == '[' && (w = strstr(w, "] ")) != NULL)
				w += 2;
			else if (m->cat == C_ALERT &&
			    strncmp(m->what, "alert: ", 7) == 0)
				w = m->what + 7;
			else
				w = m->what;
			n = strlen(phase_what[p->phase]) + strlen(w) + 3;
			if ((nw = malloc(n)) == NULL) {
				wake_buf_free(&b);
				return WAKE_ERR_NOMEM;
			}
			snprintf(nw, n, "%s: %s", phase_what[p->phase], w);
			free(p->what);
			p->what = nw;
			p->src = m->src;
			p->host = m->host;
			p->sev = m->sev;
			p->count = m->count;
			free(m->what);
			m->what = NULL;
			m->cat = -1;
			break;
		}
	}
	wake_buf_free(&b);
	for (i = k = 0; i < t->sel.n; i++)
		if (t->sel.v[i].cat >= 0)
			t->sel.v[k++] = t->sel.v[i];
		else
			free(t->sel.v[i].origin);
	t->sel.n = k;
	return WAKE_OK;
}

/*
 * A failing host whose first error is also a template's first line says
 * the same thing twice: the template's entry names the host instead.
 */
static int
merge_hosts(struct wake_timeline *t)
{
	struct entry *h, *m;
	size_t i, j, k;
	char *w;

	for (i = 0; i < t->sel.n; i++) {
		h = &t->sel.v[i];
		if (h->cat != C_HOST || h->o.file == NONE32)
			continue;
		for (j = 0; j < t->sel.n; j++) {
			m = &t->sel.v[j];
			if (m->cat != C_TEMPLATE || m->o.file != h->o.file ||
			    m->o.line != h->o.line || m->ts != h->ts)
				continue;
			k = strlen(m->what) + strlen(str_get(&t->str,
			    h->host)) + 32;
			if ((w = malloc(k)) == NULL)
				return WAKE_ERR_NOMEM;
			snprintf(w, k, "%s (first failure on %s)", m->what,
			    str_get(&t->str, h->host));
			free(m->what);
			m->what = w;
			m->host = h->host;
			free(h->what);
			h->what = NULL;
			h->cat = -1;
			break;
		}
	}
	return merge_markers(t);
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->cat != y->cat)
		return x->cat < y->cat ? -1 : 1;
	if (x->phase != y->phase)
		return x->phase < y->phase ? -1 : 1;
	return 0;
}

/*
 * Keep at most max entries, phases always: rounds over the categories
 * in order, each giving its next entry, so no one kind crowds out the
 * others.  Within a category entries are in the order made (time, or
 * rank for templates).
 */
static void
limit(struct wake_timeline *t)
{
	size_t next[C_N], i, kept = 0, k;
	unsigned char *take;
	int c, more;

	if (t->o.all || t->sel.n <= t->o.max)
		return;
	if ((take = calloc(t->sel.n, 1)) == NULL)
		return;
	for (c = 0; c < C_N; c++)
		next[c] = 0;
	for (i = 0; i < t->sel.n; i++)
		if (t->sel.v[i].cat == C_PHASE) {
			take[i] = 1;
			kept++;
		}
	do {
		more = 0;
		for (c = C_PHASE + 1; c < C_N && kept < t->o.max; c++) {
			for (i = next[c]; i < t->sel.n; i++)
				if (t->sel.v[i].cat == c)
					break;
			if (i < t->sel.n) {
				take[i] = 1;
				kept++;
				next[c] = i + 1;
				more = 1;
			} else {
				next[c] = t->sel.n;
			}
		}
	} while (more && kept < t->o.max);
	for (i = k = 0; i < t->sel.n; i++) {
		if (take[i]) {
			t->sel.v[k++] = t->sel.v[i];
		} else {
			free(t->sel.v[i].what);
			free(t->sel.v[i].origin);
		}
	}
	t->sel.n = k;
	free(take);
}

static struct wake_incident *
pick_incident(struct wake_timeline *t)
{
	size_t i;

	wake_incidents_sort(&t->incs);
	for (i = 0; i < t->incs.n; i++) {
		struct wake_incident *inc = &t->incs.v[i];

		if (t->o.incident != NULL) {
			if (strcmp(inc->id, t->o.incident) == 0)
				return inc;
			continue;
		}
		/* A window given stands alone, unless an id was too. */
		return t->o.start == WAKE_TIME_NONE ? inc : NULL;
	}
	return NULL;
}

int
wake_timeline_finish(struct wake_timeline *t)
{
	const struct wake_incident *inc;
	wake_time_t lo, hi;
	int64_t ms, me;
	int p, rc;

	if (t->finished)
		return WAKE_OK;
	t->finished = 1;
	if (wake_stats_finish(t->stats) == WAKE_ERR_NOMEM || t->calls_nomem) {
		seterr(t, "out of memory");
		return WAKE_ERR_NOMEM;
	}
	t->inc = pick_incident(t);
	if (t->inc == NULL && t->o.start == WAKE_TIME_NONE) {
		if (t->o.incident != NULL)
			snprintf(t->err, sizeof(t->err), "no incident %s in "
			    "the input", t->o.incident);
		else
			seterr(t, "no incident in the input (no phase "
			    "events): give --window START..END");
		return WAKE_ERR_USAGE;
	}
	for (p = 0; p < WAKE_PHASE_COUNT; p++)
		t->winc.t[p] = WAKE_TIME_NONE;
	if (t->inc == NULL) {
		t->winc.t[WAKE_PHASE_START] = t->o.start;
		t->winc.basis = WAKE_INCIDENT_DECLARED;
	}
	inc = t->inc != NULL ? t->inc : &t->winc;
	if (t->o.start != WAKE_TIME_NONE) {
		t->start = t->o.start;
		t->end = t->o.end;
	} else {
		/* Impact start, else the first phase known; the end is
		 * the last phase known. */
		for (p = 0; p < WAKE_PHASE_COUNT; p++) {
			if (inc->t[p] == WAKE_TIME_NONE)
				continue;
			if (t->start == WAKE_TIME_NONE || inc->t[p] < t->start)
				t->start = inc->t[p];
			if (t->end == WAKE_TIME_NONE || inc->t[p] > t->end)
				t->end = inc->t[p];
		}
		if (inc->t[WAKE_PHASE_START] != WAKE_TIME_NONE)
			t->start = inc->t[WAKE_PHASE_START];
		if (t->end <= t->start && t->last_ts > t->start)
			t->end = t->last_ts;
	}
	if (t->base == WAKE_TIME_NONE)
		t->base = floor_div(t->start, MIN_NS) * MIN_NS;
	if (t->last_ts == WAKE_TIME_NONE)
		t->last_ts = t->end;
	ms = minute(t, t->start);
	me = minute(t, t->end);
	lo = tsub(t->start, 30 * MIN_NS);
	hi = tsub(t->end, -30 * MIN_NS);

	if ((rc = sel_phases(t)) != WAKE_OK ||
	    (rc = sel_kept(t, C_MARKER, lo, tsub(t->end, -120 * MIN_NS), 0)) !=
	    WAKE_OK ||
	    (rc = sel_kept(t, C_CHANGE, tsub(t->start, t->o.lookback), t->end,
	    0)) != WAKE_OK ||
	    (rc = sel_trackers(t, TR_ALERT, ms - t->o.lookback / MIN_NS,
	    ms - 30, me + 1, 15)) != WAKE_OK ||
	    (rc = sel_calls(t, t->start, t->end)) != WAKE_OK ||
	    (rc = sel_reports(t, ms, me)) != WAKE_OK ||
	    (rc = sel_trackers(t, TR_TMPL, ms - t->o.lookback / MIN_NS,
	    ms - 30, me + 1, 8)) != WAKE_OK ||
	    (rc = sel_trackers(t, TR_HOST, ms - t->o.lookback / MIN_NS,
	    ms - 30, me + 1, 8)) != WAKE_OK ||
	    (rc = sel_causes(t, tsub(t->start, t->o.lookback), t->end)) !=
	    WAKE_OK ||
	    (rc = sel_recovery(t, ms, me)) != WAKE_OK ||
	    (rc = sel_kept(t, C_CHAT, lo, hi, t->o.all ? 0 : 6)) !=
	    WAKE_OK ||
	    (rc = sel_kept(t, C_EVENT, t->start, t->end, 0)) != WAKE_OK) {
		seterr(t, "out of memory");
		return rc;
	}
	if (merge_hosts(t) != WAKE_OK) {
		seterr(t, "out of memory");
		return WAKE_ERR_NOMEM;
	}
	limit(t);
	qsort(t->sel.v, t->sel.n, sizeof(*t->sel.v), cmp_entry);
	return WAKE_OK;
}

void
wake_timeline_window(const struct wake_timeline *t, wake_time_t *start,
    wake_time_t *end, const char **incident)
{
	*start = t->start;
	*end = t->end;
	*incident = t->inc != NULL ? t->inc->id : "";
}

size_t
wake_timeline_count(const struct wake_timeline *t)
{
	return t->sel.n;
}

/* ---- writing ---- */

struct out {
	const struct wake_timeline *t;
	struct wake_buf	*b;
	int		 rc;
	struct wake_buf	 s;	/* scratch */
};

static void
o_put(struct out *o, const char *p, size_t n)
{
	if (o->rc == WAKE_OK)
		o->rc = wake_buf_put(o->b, p, n);
}

static void
o_puts(struct out *o, const char *s)
{
	o_put(o, s, strlen(s));
}

static void o_printf(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
o_printf(struct out *o, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		o_put(o, buf, WK_MIN((size_t)n, sizeof(buf) - 1));
}

/* Text escaped for the format. */
static void
o_esc(struct out *o, int fmt, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (o->rc != WAKE_OK || n == 0)
		return;
	switch (fmt) {
	case WAKE_TL_MD:
		o->rc = wake_escape_md(s, n, o->b);
		break;
	case WAKE_TL_HTML:
		o->rc = wake_escape_html(s, n, o->b);
		break;
	case WAKE_TL_CSV:
		o->rc = wake_escape_csv(s, n, o->b);
		break;
	case WAKE_TL_JSON:
		o->rc = wake_escape_json(s, n, o->b);
		break;
	default:
		o->rc = wake_escape_term(s, n, o->b);
		break;
	}
}

/* A clock into the scratch buffer, returned NUL-terminated. */
static const char *
clock_s(struct out *o, wake_time_t ts, struct wake_tz *tz, unsigned fl)
{
	o->s.n = 0;
	if (wake_render_clock(ts, tz, fl, &o->s) != WAKE_OK ||
	    wake_buf_putc(&o->s, '\0') != WAKE_OK) {
		o->rc = WAKE_ERR_NOMEM;
		return "";
	}
	return o->s.p;
}

static void
o_clock(struct out *o, wake_time_t ts, struct wake_tz *tz, unsigned fl)
{
	o_puts(o, clock_s(o, ts, tz, fl));
}

/* "MM-DD HH:MM" in a zone. */
static void
o_zclock(struct out *o, wake_time_t ts, struct wake_tz *tz)
{
	const char *s = clock_s(o, ts, tz, WAKE_CLOCK_DATE);

	o_puts(o, strlen(s) > 5 ? s + 5 : s);
}

static void
o_offset(struct out *o, wake_time_t ts)
{
	int64_t d = tsub(ts, o->t->start);

	if (o->rc == WAKE_OK)
		o->rc = wake_render_offset(d, o->b);
}

static void
o_count(struct out *o, double v)
{
	if (v < 0 || !isfinite(v))
		v = 0;
	if (o->rc == WAKE_OK)
		o->rc = wake_render_count((uint64_t)llround(v), o->b);
}

static void
o_dur(struct out *o, int64_t ns)
{
	char buf[32];

	wake_interval_format(ns, buf, sizeof(buf));
	o_puts(o, buf);
}

/* The evidence of an entry as plain text, in the scratch buffer. */
static const char *
evidence(struct out *o, const struct entry *e)
{
	struct wake_buf *b = &o->s;
	int rc = WAKE_OK;

	b->n = 0;
	if (e->origin != NULL)
		rc = wake_buf_put(b, e->origin, strlen(e->origin));
	else
		rc = put_origin(o->t, &e->o, b);
	if (rc == WAKE_OK && e->count > 1) {
		if (b->n > 0)
			rc = wake_buf_put(b, ", ", 2);
		if (rc == WAKE_OK)
			rc = wake_render_count(e->count, b);
		if (rc == WAKE_OK)
			rc = wake_buf_put(b, " similar lines", 14);
	}
	if (rc == WAKE_OK)
		rc = wake_buf_putc(b, '\0');
	if (rc != WAKE_OK) {
		o->rc = rc;
		return "";
	}
	return b->p;
}

static const struct wake_incident *
cur_inc(const struct wake_timeline *t)
{
	return t->inc != NULL ? t->inc : &t->winc;
}

static const char *
inc_id(const struct wake_timeline *t)
{
	return t->inc != NULL ? t->inc->id : "";
}

static const char *
zone_name(const struct wake_timeline *t, size_t i)
{
	return wake_tz_name(t->o.tz[i]);
}

/* ---- JSON Lines ---- */

static void
write_json(struct out *o)
{
	const struct wake_timeline *t = o->t;
	const struct entry *e;
	char ts[25];
	size_t i, z;

	for (i = 0; i < t->sel.n; i++) {
		e = &t->sel.v[i];
		wake_time_format(e->ts, ts);
		o_printf(o, "{\"ts\":\"%s\",\"offset\":\"", ts);
		o_offset(o, e->ts);
		o_printf(o, "\",\"offset_s\":%lld",
		    (long long)floor_div(tsub(e->ts, t->start), NS));
		if (t->o.ntz > 0) {
			o_puts(o, ",\"local\":{");
			for (z = 0; z < t->o.ntz; z++) {
				if (z > 0)
					o_puts(o, ",");
				o_esc(o, WAKE_TL_JSON, zone_name(t, z));
				o_puts(o, ":\"");
				o_clock(o, e->ts, t->o.tz[z], WAKE_CLOCK_DATE |
				    WAKE_CLOCK_SEC | WAKE_CLOCK_OFF);
				o_puts(o, "\"");
			}
			o_puts(o, "}");
		}
		o_printf(o, ",\"category\":\"%s\"", cat_names[e->cat]);
		if (e->phase >= 0)
			o_printf(o, ",\"phase\":\"%s\"",
			    wake_phase_name(e->phase));
		o_puts(o, ",\"src\":");
		o_esc(o, WAKE_TL_JSON, str_get(&t->str, e->src));
		if (e->src == NONE32)
			o_puts(o, "\"\"");
		o_puts(o, ",\"host\":");
		if (e->host == NONE32)
			o_puts(o, "null");
		else
			o_esc(o, WAKE_TL_JSON, str_get(&t->str, e->host));
		o_printf(o, ",\"sev\":\"%s\",\"kind\":\"%s\",\"what\":",
		    wake_sev_name(e->sev), wake_kind_name(e->kind));
		o_esc(o, WAKE_TL_JSON, e->what);
		if (e->what == NULL || *e->what == '\0')
			o_puts(o, "\"\"");
		o_puts(o, ",\"origin\":");
		o->s.n = 0;
		if (e->origin != NULL)
			o_esc(o, WAKE_TL_JSON, e->origin);
		else if (e->o.file != NONE32) {
			if (put_origin(t, &e->o, &o->s) != WAKE_OK ||
			    wake_buf_putc(&o->s, '\0') != WAKE_OK)
				o->rc = WAKE_ERR_NOMEM;
			else
				o_esc(o, WAKE_TL_JSON, o->s.p);
		} else
			o_puts(o, "null");
		o_printf(o, ",\"count\":%llu,\"incident\":",
		    (unsigned long long)(e->count > 0 ? e->count : 1));
		if (t->inc != NULL)
			o_esc(o, WAKE_TL_JSON, inc_id(t));
		else
			o_puts(o, "null");
		o_puts(o, "}\n");
	}
}

/* ---- CSV ---- */

static void
write_csv(struct out *o)
{
	const struct wake_timeline *t = o->t;
	const struct entry *e;
	size_t i, z;

	o_puts(o, "time_utc");
	for (z = 0; z < t->o.ntz; z++) {
		o_puts(o, ",");
		o_esc(o, WAKE_TL_CSV, zone_name(t, z));
	}
	o_puts(o, ",offset,category,src,host,sev,what,evidence,count\r\n");
	for (i = 0; i < t->sel.n; i++) {
		e = &t->sel.v[i];
		o_clock(o, e->ts, NULL, WAKE_CLOCK_DATE | WAKE_CLOCK_SEC);
		for (z = 0; z < t->o.ntz; z++) {
			o_puts(o, ",");
			o_clock(o, e->ts, t->o.tz[z], WAKE_CLOCK_DATE |
			    WAKE_CLOCK_SEC | WAKE_CLOCK_OFF);
		}
		o_puts(o, ",");
		o_offset(o, e->ts);
		o_printf(o, ",%s,", cat_names[e->cat]);
		o_esc(o, WAKE_TL_CSV, str_get(&t->str, e->src));
		o_puts(o, ",");
		o_esc(o, WAKE_TL_CSV, str_get(&t->str, e->host));
		/* No lone "-" for a missing severity: a spreadsheet
		 * might take a cell starting with it as a formula. */
		o_printf(o, ",%s,", e->sev == WAKE_SEV_NONE ? "" :
		    wake_sev_name(e->sev));
		o_esc(o, WAKE_TL_CSV, e->what);
		o_puts(o, ",");
		o->s.n = 0;
		if (e->origin != NULL)
			o_esc(o, WAKE_TL_CSV, e->origin);
		else if (put_origin(t, &e->o, &o->s) == WAKE_OK &&
		    wake_buf_putc(&o->s, '\0') == WAKE_OK)
			o_esc(o, WAKE_TL_CSV, o->s.p);
		o_printf(o, ",%llu\r\n",
		    (unsigned long long)(e->count > 0 ? e->count : 1));
	}
}

/* ---- text ---- */

#define SGR(o, code) do { if ((o)->t->o.color) o_puts((o), code); } while (0)

static const char *
entry_color(const struct entry *e)
{
	if (e->cat == C_PHASE)
		return "\033[1;36m";
	if (e->cat == C_MARKER)
		return "\033[1;32m";
	if (e->cat == C_CHANGE)
		return "\033[35m";
	if (e->cat == C_RECOVERY)
		return "\033[32m";
	if (e->sev >= 0 && e->sev <= WAKE_SEV_ERR)
		return "\033[31m";
	if (e->sev == WAKE_SEV_WARN || e->cat == C_ALERT)
		return "\033[33m";
	return NULL;
}

/* Display width of a plain ASCII-ish label (bytes; UTF-8 counted once). */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void
pad(struct out *o, const char *s, size_t w)
{
	size_t n = width(s);

	o_puts(o, s);
	for (; n < w; n++)
		o_puts(o, " ");
}

static const char *const iv_short[WAKE_IV_COUNT] = {
	"TTD", "TTA", "TTM", "TTR", "detect-to-recover",
	"resolve-after-recover"
};

static void
write_intervals_line(struct out *o)
{
	const struct wake_incident *inc = cur_inc(o->t);
	char buf[32];
	int iv, any = 0;

	for (iv = 0; iv < WAKE_IV_COUNT; iv++) {
		int64_t d = wake_incident_interval(inc, iv);

		if (d == WAKE_TIME_NONE)
			continue;
		wake_interval_format(d, buf, sizeof(buf));
		o_printf(o, "%s%s %s", any ? "  " : "", iv_short[iv], buf);
		any = 1;
	}
	if (any)
		o_puts(o, "\n");
}

static void
write_text(struct out *o)
{
	const struct wake_timeline *t = o->t;
	const struct wake_incident *inc = cur_inc(t);
	const struct entry *e;
	const char *col, *ev;
	char zb[64], day[16], pday[16] = "";
	size_t i, z, sw = 6, zw[16];

	SGR(o, "\033[1m");
	o_esc(o, WAKE_TL_TEXT, t->inc != NULL ? inc_id(t) : "window");
	SGR(o, "\033[0m");
	o_puts(o, "  ");
	o_clock(o, t->start, NULL, WAKE_CLOCK_DATE);
	o_puts(o, " .. ");
	o_clock(o, t->end, NULL, WAKE_CLOCK_DATE);
	o_puts(o, " UTC  (");
	o_dur(o, tsub(t->end, t->start));
	o_printf(o, ", %s)\n", t->inc == NULL ? "window given" :
	    inc->basis == WAKE_INCIDENT_MEASURED ? "measured" : "declared");
	if (inc->title != NULL) {
		o_esc(o, WAKE_TL_TEXT, inc->title);
		o_puts(o, "\n");
	}
	write_intervals_line(o);
	o_puts(o, "\n");
	for (i = 0; i < t->sel.n; i++)
		sw = WK_MAX(sw, WK_MIN(width(str_get(&t->str,
		    t->sel.v[i].src)), 16));
	SGR(o, "\033[2m");
	o_puts(o, "UTC       ");
	for (z = 0; z < t->o.ntz && z < 16; z++) {
		wake_render_zone_label(zone_name(t, z), zb, sizeof(zb));
		zw[z] = WK_MAX(width(zb), 5) + 2;
		pad(o, zb, zw[z]);
	}
	o_puts(o, "T        ");
	pad(o, "SOURCE", sw + 2);
	o_puts(o, "WHAT  (EVIDENCE)");
	SGR(o, "\033[0m");
	o_puts(o, "\n");
	for (i = 0; i < t->sel.n && o->rc == WAKE_OK; i++) {
		e = &t->sel.v[i];
		snprintf(day, sizeof(day), "%s", clock_s(o, e->ts, NULL,
		    WAKE_CLOCK_DATE));
		day[10] = '\0';
		if (strcmp(day, pday) != 0) {
			SGR(o, "\033[2m");
			o_printf(o, "-- %s --", day);
			SGR(o, "\033[0m");
			o_puts(o, "\n");
			memcpy(pday, day, sizeof(pday));
		}
		o_clock(o, e->ts, NULL, WAKE_CLOCK_SEC);
		o_puts(o, "  ");
		for (z = 0; z < t->o.ntz && z < 16; z++)
			pad(o, clock_s(o, e->ts, t->o.tz[z], 0), zw[z]);
		SGR(o, "\033[2m");
		o_offset(o, e->ts);
		SGR(o, "\033[0m");
		o_puts(o, "  ");
		o->s.n = 0;
		if (wake_escape_term(str_get(&t->str, e->src),
		    strlen(str_get(&t->str, e->src)), &o->s) != WAKE_OK ||
		    wake_buf_putc(&o->s, '\0') != WAKE_OK) {
			o->rc = WAKE_ERR_NOMEM;
			break;
		}
		pad(o, o->s.p, sw + 2);
		col = entry_color(e);
		if (col != NULL)
			SGR(o, col);
		o_esc(o, WAKE_TL_TEXT, e->what);
		if (col != NULL)
			SGR(o, "\033[0m");
		ev = evidence(o, e);
		if (*ev != '\0') {
			o_puts(o, "  ");
			SGR(o, "\033[2m");
			o_puts(o, "(");
			o_esc(o, WAKE_TL_TEXT, ev);
			o_puts(o, ")");
			SGR(o, "\033[0m");
		}
		o_puts(o, "\n");
	}
	if (t->ncause > 0) {
		o_puts(o, "\n");
		SGR(o, "\033[1m");
		o_puts(o, "Cause candidates\n");
		SGR(o, "\033[0m");
		for (i = 0; i < t->ncause; i++) {
			o_printf(o, "%u. [%.2f ", t->cause[i].rank,
			    t->cause[i].score);
			o_esc(o, WAKE_TL_TEXT, t->cause[i].kind != NULL ?
			    t->cause[i].kind : "?");
			o_puts(o, "] ");
			o_esc(o, WAKE_TL_TEXT, t->cause[i].summary);
			if (t->cause[i].nev > 0 && t->cause[i].ev[0].origin !=
			    NULL && *t->cause[i].ev[0].origin != '\0') {
				o_puts(o, "  (");
				o_esc(o, WAKE_TL_TEXT,
				    t->cause[i].ev[0].origin);
				o_puts(o, ")");
			}
			o_puts(o, "\n");
		}
	}
}

/* ---- Markdown and HTML: the post-mortem parts ---- */

static const char *const iv_label[WAKE_IV_COUNT] = {
	"Time to detect (TTD)", "Time to acknowledge (TTA)",
	"Time to mitigate (TTM)", "Time to recover (TTR)",
	"Detection to recovery", "Declared after measured recovery"
};

static const char *const iv_span[WAKE_IV_COUNT] = {
	"start to detect", "detect to ack", "start to mitigate",
	"start to recover", "detect to recover", "recover to resolve"
};

static void
o_title(struct out *o, int fmt)
{
	const struct wake_incident *inc = cur_inc(o->t);

	if (o->t->inc != NULL) {
		o_puts(o, "Incident ");
		o_esc(o, fmt, inc_id(o->t));
	} else
		o_puts(o, "Incident window");
	if (inc->title != NULL) {
		o_puts(o, ": ");
		o_esc(o, fmt, inc->title);
	}
}

/* "04:02 UTC (23:02 New York, 22:02 Chicago)" */
static void
o_when(struct out *o, int fmt, wake_time_t ts, unsigned fl)
{
	const struct wake_timeline *t = o->t;
	char zb[64];
	size_t z;

	/* Another day than the start's: with its date. */
	if (t->start != WAKE_TIME_NONE && ts != WAKE_TIME_NONE &&
	    floor_div(ts, DAY_NS) != floor_div(t->start, DAY_NS))
		fl |= WAKE_CLOCK_DATE;
	o_clock(o, ts, NULL, fl);
	o_puts(o, " UTC");
	for (z = 0; z < t->o.ntz; z++) {
		o_puts(o, z == 0 ? " (" : ", ");
		o_clock(o, ts, t->o.tz[z], 0);
		o_puts(o, " ");
		o_esc(o, fmt, wake_render_zone_label(zone_name(t, z), zb,
		    sizeof(zb)));
		if (z + 1 == t->o.ntz)
			o_puts(o, ")");
	}
}

static void
o_summary(struct out *o, int fmt)
{
	const struct wake_timeline *t = o->t;
	const struct wake_incident *inc = cur_inc(t);
	int64_t d;

	o_puts(o, "Impact from ");
	o_when(o, fmt, t->start, WAKE_CLOCK_DATE);
	o_puts(o, " to ");
	o_when(o, fmt, t->end, 0);
	o_puts(o, ", ");
	o_dur(o, tsub(t->end, t->start));
	if ((d = wake_incident_interval(inc, WAKE_IV_TTD)) != WAKE_TIME_NONE) {
		o_puts(o, "; detected after ");
		o_dur(o, d);
	}
	if ((d = wake_incident_interval(inc, WAKE_IV_TTM)) != WAKE_TIME_NONE) {
		o_puts(o, ", mitigated after ");
		o_dur(o, d);
	}
	if ((d = wake_incident_interval(inc, WAKE_IV_TTR)) != WAKE_TIME_NONE) {
		o_puts(o, ", recovered after ");
		o_dur(o, d);
	}
	o_puts(o, inc->t[WAKE_PHASE_RESOLVE] != WAKE_TIME_NONE ?
	    ". Status: resolved." : ". Status: not declared resolved.");
}

/* The impact facts as (label, value) pairs through a callback. */
static void
o_impact(struct out *o, int fmt, void (*item)(struct out *, int,
    const char *, int))
{
	const struct wake_timeline *t = o->t;
	const struct wake_incident *inc = cur_inc(t);

	const char *last = NULL;
	int p;

	for (p = 0; p < WAKE_PHASE_COUNT; p++)
		if (inc->t[p] != WAKE_TIME_NONE && inc->t[p] == t->end)
			last = wake_phase_name(p);
	item(o, fmt, "Duration", 0);
	o_dur(o, tsub(t->end, t->start));
	if (t->inc == NULL)
		o_puts(o, " (the window given)");
	else
		o_printf(o, " (start to %s; the incident %s)", last != NULL ?
		    last : "the last event", inc->basis ==
		    WAKE_INCIDENT_MEASURED ? "was measured from the logs" :
		    "was declared by people");
	item(o, fmt, NULL, 1);
	if (t->affected[0] != '\0') {
		item(o, fmt, "Sources affected", 0);
		o_esc(o, fmt, t->affected);
		item(o, fmt, NULL, 1);
	}
	if (t->have_calls) {
		item(o, fmt, "Calls in the window", 0);
		o_count(o, t->calls_offered);
		o_puts(o, " offered, ");
		o_count(o, t->calls_abandoned);
		o_printf(o, " abandoned (%.0f%%)", t->calls_offered > 0 ?
		    100 * t->calls_abandoned / t->calls_offered : 0.0);
		if (t->calls_worst_wait > 0) {
			o_puts(o, ", worst wait ");
			o_dur(o, (int64_t)(t->calls_worst_wait * 1e9));
		}
		item(o, fmt, NULL, 1);
	}
	if (t->reports_peak > 0) {
		item(o, fmt, "Peak customer reports", 0);
		o_count(o, t->reports_peak);
		o_puts(o, " a minute at ");
		o_when(o, fmt, t->reports_peak_ts, 0);
		item(o, fmt, NULL, 1);
	}
}

static void
o_detection(struct out *o, int fmt, void (*item)(struct out *, int,
    const char *, int))
{
	const struct wake_incident *inc = cur_inc(o->t);
	static const int ph[] = { WAKE_PHASE_DETECT, WAKE_PHASE_ACK,
	    WAKE_PHASE_MITIGATE, WAKE_PHASE_RESOLVE };
	static const char *const lab[] = { "Detected", "Acknowledged",
	    "Mitigation", "Resolved" };
	size_t i;
	int any = 0;

	for (i = 0; i < WK_NELEM(ph); i++) {
		if (inc->t[ph[i]] == WAKE_TIME_NONE)
			continue;
		any = 1;
		item(o, fmt, lab[i], 0);
		o_when(o, fmt, inc->t[ph[i]], 0);
		o_puts(o, " (");
		o_offset(o, inc->t[ph[i]]);
		o_puts(o, ")");
		if (inc->why[ph[i]] != NULL) {
			o_puts(o, ": ");
			o_esc(o, fmt, inc->why[ph[i]]);
		}
		item(o, fmt, NULL, 1);
	}
	if (!any) {
		item(o, fmt, "Detected", 0);
		o_puts(o, "no alert or report found in the events");
		item(o, fmt, NULL, 1);
	}
}

/* Markdown list items: "- **Label:** value". */
static void
md_item(struct out *o, int fmt, const char *label, int end)
{
	(void)fmt;
	if (end) {
		o_puts(o, "\n");
		return;
	}
	o_printf(o, "- **%s:** ", label);
}

static void
html_item(struct out *o, int fmt, const char *label, int end)
{
	(void)fmt;
	if (end) {
		o_puts(o, "</dd>\n");
		return;
	}
	o_printf(o, "<dt>%s</dt><dd>", label);
}

static void
md_causes(struct out *o)
{
	const struct wake_timeline *t = o->t;
	const struct cause *c;
	size_t i, k;

	o_puts(o, "\n## Root-cause candidates\n\n");
	if (t->ncause == 0) {
		o_puts(o, "_None given: run `wake-cause -J` on the same "
		    "events and pass its output with `--cause FILE`._\n");
		return;
	}
	for (i = 0; i < t->ncause; i++) {
		c = &t->cause[i];
		o_printf(o, "%zu. **", i + 1);
		o_esc(o, WAKE_TL_MD, c->kind != NULL ? c->kind : "?");
		o_printf(o, "** (score %.2f): ", c->score);
		o_esc(o, WAKE_TL_MD, c->summary);
		o_puts(o, "\n");
		for (k = 0; k < c->nev; k++) {
			o_puts(o, "   - ");
			if (c->ev[k].origin != NULL &&
			    *c->ev[k].origin != '\0') {
				o_esc(o, WAKE_TL_MD, c->ev[k].origin);
				o_puts(o, ": ");
			}
			o_esc(o, WAKE_TL_MD, c->ev[k].msg);
			o_puts(o, "\n");
		}
	}
}

static void
md_intervals(struct out *o)
{
	const struct wake_incident *inc = cur_inc(o->t);
	int iv;

	o_puts(o, "\n## Intervals\n\n| Interval | Value | Between |\n"
	    "|---|---:|---|\n");
	for (iv = 0; iv < WAKE_IV_COUNT; iv++) {
		o_printf(o, "| %s | ", iv_label[iv]);
		o_dur(o, wake_incident_interval(inc, iv));
		o_printf(o, " | %s |\n", iv_span[iv]);
	}
}

static void
write_md(struct out *o)
{
	const struct wake_timeline *t = o->t;
	const struct entry *e;
	size_t i, z;

	o_puts(o, "# ");
	o_title(o, WAKE_TL_MD);
	o_puts(o, "\n\n**Summary:** ");
	o_summary(o, WAKE_TL_MD);
	o_puts(o, "\n\n## Impact\n\n");
	o_impact(o, WAKE_TL_MD, md_item);
	o_puts(o, "\n## Detection\n\n");
	o_detection(o, WAKE_TL_MD, md_item);
	o_puts(o, "\n## Timeline\n\nTimes in UTC");
	for (z = 0; z < t->o.ntz; z++) {
		o_puts(o, z + 1 == t->o.ntz && z > 0 ? " and " : ", ");
		o_esc(o, WAKE_TL_MD, zone_name(t, z));
	}
	o_puts(o, "; T is the offset from the start of impact.\n\n"
	    "| Time (UTC) |");
	for (z = 0; z < t->o.ntz; z++) {
		char zb[64];

		o_puts(o, " ");
		o_esc(o, WAKE_TL_MD, wake_render_zone_label(zone_name(t, z),
		    zb, sizeof(zb)));
		o_puts(o, " |");
	}
	o_puts(o, " T | Source | What happened | Evidence |\n|---|");
	for (z = 0; z < t->o.ntz; z++)
		o_puts(o, "---|");
	o_puts(o, "---|---|---|---|\n");
	for (i = 0; i < t->sel.n && o->rc == WAKE_OK; i++) {
		e = &t->sel.v[i];
		o_puts(o, "| ");
		o_clock(o, e->ts, NULL, WAKE_CLOCK_DATE | WAKE_CLOCK_SEC);
		o_puts(o, " |");
		for (z = 0; z < t->o.ntz; z++) {
			o_puts(o, " ");
			o_zclock(o, e->ts, t->o.tz[z]);
			o_puts(o, " |");
		}
		o_puts(o, " ");
		o_offset(o, e->ts);
		o_puts(o, " | ");
		o_esc(o, WAKE_TL_MD, str_get(&t->str, e->src));
		o_puts(o, e->cat == C_PHASE ? " | **" : " | ");
		o_esc(o, WAKE_TL_MD, e->what);
		o_puts(o, e->cat == C_PHASE ? "** | " : " | ");
		o_esc(o, WAKE_TL_MD, evidence(o, e));
		o_puts(o, " |\n");
	}
	md_causes(o);
	md_intervals(o);
	o_puts(o, "\n## Lessons learned\n\n"
	    "- What went well: _to fill in_\n"
	    "- What went wrong: _to fill in_\n"
	    "- Where we got lucky: _to fill in_\n"
	    "\n## Action items\n\n"
	    "| Action | Type | Owner | Bug |\n|---|---|---|---|\n"
	    "| _to fill in_ | mitigate / prevent | | |\n");
}

/* ---- HTML ---- */

/* Per-minute (or per-bin) values of a series over the chart's bins. */
static void
bins_of(const struct wake_timeline *t, const struct series *s,
    const double *d, size_t dn, wake_time_t c0, int64_t bin, size_t nb,
    double *v)
{
	size_t i;
	int64_t m, m0, m1, per = bin / MIN_NS, len;

	/* Only the minutes that hold data are visited: a window of years
	 * costs its bins, not its minutes. */
	len = s != NULL ? (int64_t)s->n : (int64_t)dn;
	for (i = 0; i < nb; i++) {
		v[i] = 0;
		m0 = minute(t, c0 + (int64_t)i * bin);
		m1 = WK_MIN(m0 + per, len);
		for (m = WK_MAX(m0, 0); m < m1; m++)
			v[i] += s != NULL ? s->c[m] : d[m];
	}
}

struct chartset {
	wake_time_t		 c0;
	int64_t			 bin;
	size_t			 nb;
	struct wake_chart_mark	 marks[WAKE_PHASE_COUNT];
	char			 labels[WAKE_PHASE_COUNT][48];
	size_t			 nmarks;
};

static void
chart_common(const struct wake_timeline *t, const struct chartset *cs,
    struct wake_chart *c)
{
	const struct wake_incident *inc = cur_inc(t);

	memset(c, 0, sizeof(*c));
	c->t0 = cs->c0;
	c->bin = cs->bin;
	c->nbins = cs->nb;
	c->marks = cs->marks;
	c->nmarks = cs->nmarks;
	c->shade0 = t->start;
	c->shade1 = inc->t[WAKE_PHASE_RECOVER] != WAKE_TIME_NONE ?
	    inc->t[WAKE_PHASE_RECOVER] : t->end;
	c->tz = t->o.tz;
	c->ntz = t->o.ntz;
}

static void
o_figure(struct out *o, const struct wake_chart *c)
{
	o_puts(o, "<figure class=\"wk-chart\">\n<figcaption>");
	o_esc(o, WAKE_TL_HTML, c->title);
	o_puts(o, "</figcaption>\n");
	if (o->rc == WAKE_OK)
		o->rc = wake_chart_svg(c, o->b);
	o_puts(o, "</figure>\n");
}

static int
cmp_total(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return x[0] > y[0] ? -1 : x[0] < y[0] ? 1 : (x[1] < y[1] ? -1 :
	    x[1] > y[1]);
}

#define CHART_SOURCES	8
#define CHART_BINS	1500

static void
html_charts(struct out *o)
{
	const struct wake_timeline *t = o->t;
	const struct wake_incident *inc = cur_inc(t);
	struct chartset cs;
	struct wake_chart c;
	struct wake_chart_series ser[CHART_SOURCES + 1];
	double *v, order[MAX_SOURCES + 1][2], sum;
	wake_time_t c1, pad_t;
	size_t i, k, ns = 0, nsrc = 0, nb5;
	int p;

	memset(&cs, 0, sizeof(cs));
	/* Charts of a window of years would say nothing: a bad stamp. */
	if (tsub(t->end, t->start) > 400 * 1440 * MIN_NS) {
		o_puts(o, "<p class=\"wk-muted\">No charts: the window is "
		    "longer than 400 days.</p>\n");
		return;
	}
	pad_t = WK_MAX(30 * MIN_NS, tsub(t->end, t->start) / 10);
	cs.c0 = floor_div(t->start - pad_t, 5 * MIN_NS) * 5 * MIN_NS;
	c1 = floor_div(t->end + pad_t, 5 * MIN_NS) * 5 * MIN_NS + 5 * MIN_NS;
	cs.bin = c1 - cs.c0 <= 12 * 60 * MIN_NS ? MIN_NS : c1 - cs.c0 <=
	    3 * 1440 * MIN_NS ? 5 * MIN_NS : 60 * MIN_NS;
	/* A window of weeks (or a stray year in the input): whole days,
	 * at most CHART_BINS bars. */
	if ((c1 - cs.c0) / cs.bin > CHART_BINS)
		cs.bin = ((c1 - cs.c0) / CHART_BINS / (1440 * MIN_NS) + 1) *
		    1440 * MIN_NS;
	cs.c0 = floor_div(cs.c0, cs.bin) * cs.bin;
	cs.nb = (size_t)((c1 - cs.c0 + cs.bin - 1) / cs.bin);
	c1 = cs.c0 + (int64_t)cs.nb * cs.bin;
	for (p = 0; p < WAKE_PHASE_COUNT; p++) {
		if (inc->t[p] == WAKE_TIME_NONE)
			continue;
		snprintf(cs.labels[cs.nmarks], sizeof(cs.labels[0]), "%s %s",
		    wake_phase_name(p), clock_s(o, inc->t[p], NULL, 0));
		cs.marks[cs.nmarks].t = inc->t[p];
		cs.marks[cs.nmarks].label = cs.labels[cs.nmarks];
		cs.marks[cs.nmarks].strong = p == WAKE_PHASE_START ||
		    p == WAKE_PHASE_RECOVER;
		cs.nmarks++;
	}
	/* Room for every series of every chart at once. */
	if ((v = calloc((CHART_SOURCES + 4) * cs.nb, sizeof(*v))) == NULL) {
		o->rc = WAKE_ERR_NOMEM;
		return;
	}

	/* Log events per source: the busiest in the span, stacked. */
	for (k = 0; k <= MAX_SOURCES; k++) {
		if (t->src[k].n == 0)
			continue;
		bins_of(t, &t->src[k], NULL, 0, cs.c0, cs.bin, cs.nb, v);
		for (sum = 0, i = 0; i < cs.nb; i++)
			sum += v[i];
		if (sum > 0) {
			order[nsrc][0] = sum;
			order[nsrc][1] = (double)k;
			nsrc++;
		}
	}
	qsort(order, nsrc, sizeof(order[0]), cmp_total);
	for (i = 0; i < nsrc && ns < CHART_SOURCES; i++) {
		k = (size_t)order[i][1];
		bins_of(t, &t->src[k], NULL, 0, cs.c0, cs.bin, cs.nb,
		    v + ns * cs.nb);
		ser[ns].name = str_get(&t->str, t->srcid[k]);
		ser[ns].v = v + ns * cs.nb;
		ser[ns].style = WAKE_CHART_BAR;
		ser[ns].right = 0;
		ns++;
	}
	if (ns > 0) {
		chart_common(t, &cs, &c);
		c.title = cs.bin == MIN_NS ?
		    "Log events per minute, by source" :
		    cs.bin == 5 * MIN_NS ?
		    "Log events per 5 minutes, by source" :
		    cs.bin == 60 * MIN_NS ? "Log events per hour, by source" :
		    "Log events per day or more, by source";
		c.unit = "events";
		c.series = ser;
		c.nseries = ns;
		c.stacked = 1;
		o_figure(o, &c);
	}

	/* Calls: offered and abandoned per 5 minutes, ASA on the right. */
	if (t->have_calls && t->ncalls > 0) {
		struct chartset c5 = cs;
		int64_t b5 = WK_MAX(cs.bin, 5 * MIN_NS), bi;
		double *off = v, *ab = v + cs.nb, *asa = v + 2 * cs.nb;
		size_t j;

		c5.bin = b5;
		nb5 = (size_t)((c1 - cs.c0) / b5);
		c5.nb = nb5;
		for (i = 0; i < nb5; i++) {
			double n = 0, w = 0;

			off[i] = ab[i] = 0;
			asa[i] = NAN;
			bi = floor_div(cs.c0 + (int64_t)i * b5 - t->call_base,
			    5 * MIN_NS);
			for (j = 0; j < (size_t)(b5 / (5 * MIN_NS));
			    j++, bi++) {
				if (bi < 0)
					continue;
				if ((size_t)bi >= t->ncalls)
					break;
				off[i] += t->calls[bi].v[CK_OFFERED];
				ab[i] += t->calls[bi].v[CK_ABANDONED];
				if (t->calls[bi].v[CK_OFFERED] > 0) {
					n += t->calls[bi].v[CK_OFFERED];
					w += t->calls[bi].v[CK_ASA] *
					    t->calls[bi].v[CK_OFFERED];
				}
			}
			if (n > 0)
				asa[i] = w / n;
		}
		ser[0].name = "offered";
		ser[0].v = off;
		ser[0].style = WAKE_CHART_BAR;
		ser[0].right = 0;
		ser[1].name = "abandoned";
		ser[1].v = ab;
		ser[1].style = WAKE_CHART_BAR;
		ser[1].right = 0;
		ser[2].name = "ASA (s)";
		ser[2].v = asa;
		ser[2].style = WAKE_CHART_LINE;
		ser[2].right = 1;
		chart_common(t, &c5, &c);
		c.title = b5 == 5 * MIN_NS ? "Call center: calls per 5 minutes "
		    "and average speed of answer" : b5 == 60 * MIN_NS ?
		    "Call center: calls per hour and average speed of answer" :
		    "Call center: calls per day or more and average speed of "
		    "answer";
		c.unit = "calls";
		c.runit = "ASA s";
		c.series = ser;
		c.nseries = 3;
		c.stacked = 0;
		o_figure(o, &c);
	}

	/* Chat messages. */
	if (t->chat.n > 0) {
		bins_of(t, &t->chat, NULL, 0, cs.c0, cs.bin, cs.nb, v);
		for (sum = 0, i = 0; i < cs.nb; i++)
			sum += v[i];
		if (sum > 0) {
			ser[0].name = "messages";
			ser[0].v = v;
			ser[0].style = WAKE_CHART_BAR;
			ser[0].right = 0;
			chart_common(t, &cs, &c);
			c.title = cs.bin == MIN_NS ?
			    "Chat messages per minute" :
			    "Chat messages per bin";
			c.unit = "messages";
			c.series = ser;
			c.nseries = 1;
			o_figure(o, &c);
		}
	}

	/* Customer reports. */
	if (t->have_reports) {
		bins_of(t, NULL, t->reports, t->nreports, cs.c0, cs.bin, cs.nb,
		    v);
		ser[0].name = "reports";
		ser[0].v = v;
		ser[0].style = WAKE_CHART_LINE;
		ser[0].right = 0;
		chart_common(t, &cs, &c);
		c.title = cs.bin == MIN_NS ? "Customer reports per minute" :
		    "Customer reports per bin";
		c.unit = "reports";
		c.series = ser;
		c.nseries = 1;
		o_figure(o, &c);
	}
	free(v);
}

static void
html_causes(struct out *o)
{
	const struct wake_timeline *t = o->t;
	const struct cause *c;
	size_t i, k;

	o_puts(o, "<h2 id=\"causes\">Root-cause candidates</h2>\n");
	if (t->ncause == 0) {
		o_puts(o, "<p class=\"wk-muted\">None given: run <code>"
		    "wake-cause -J</code> on the same events and pass its "
		    "output with <code>--cause FILE</code>.</p>\n");
		return;
	}
	o_puts(o, "<ol>\n");
	for (i = 0; i < t->ncause; i++) {
		c = &t->cause[i];
		o_puts(o, "<li><strong>");
		o_esc(o, WAKE_TL_HTML, c->kind != NULL ? c->kind : "?");
		o_printf(o, "</strong> <span class=\"wk-muted\">(score %.2f)"
		    "</span>: ", c->score);
		o_esc(o, WAKE_TL_HTML, c->summary);
		if (c->nev > 0) {
			o_puts(o, "\n<ul>\n");
			for (k = 0; k < c->nev; k++) {
				o_puts(o, "<li><span class=\"wk-mono\">");
				o_esc(o, WAKE_TL_HTML, c->ev[k].origin);
				o_puts(o, "</span> ");
				o_esc(o, WAKE_TL_HTML, c->ev[k].msg);
				o_puts(o, "</li>\n");
			}
			o_puts(o, "</ul>");
		}
		o_puts(o, "</li>\n");
	}
	o_puts(o, "</ol>\n");
}

static const char *
row_class(const struct entry *e)
{
	if (e->cat == C_PHASE || e->cat == C_MARKER)
		return "wk-phase";
	if (e->cat == C_CHANGE)
		return "wk-change";
	if (e->sev >= 0 && e->sev <= WAKE_SEV_ERR)
		return "wk-sev-err";
	if (e->sev == WAKE_SEV_WARN || e->cat == C_ALERT)
		return "wk-sev-warn";
	return NULL;
}

static void
write_html(struct out *o)
{
	const struct wake_timeline *t = o->t;
	const struct wake_incident *inc = cur_inc(t);
	const struct entry *e;
	const char *cls;
	char zb[64];
	size_t i, z;
	int iv;

	o_puts(o, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/"
	    "xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\"/>\n<meta name=\"generator\" content=\"wake-"
	    "timeline " WAKE_VERSION "\"/>\n<title>");
	o_title(o, WAKE_TL_HTML);
	o_puts(o, "</title>\n<style>\n");
	o_puts(o, wake_render_css());
	o_puts(o, "</style>\n</head>\n<body>\n<header>\n<h1>");
	o_title(o, WAKE_TL_HTML);
	o_puts(o, "</h1>\n<p>");
	o_summary(o, WAKE_TL_HTML);
	o_puts(o, "</p>\n<div class=\"wk-scroll\"><table class=\"wk-iv\">"
	    "\n<thead><tr><th>Interval</th><th class=\"wk-num\">Value</th>"
	    "<th>Between</th></tr></thead>\n<tbody>\n");
	for (iv = 0; iv < WAKE_IV_COUNT; iv++) {
		o_printf(o, "<tr><td>%s</td><td class=\"wk-num\">",
		    iv_label[iv]);
		o_dur(o, wake_incident_interval(inc, iv));
		o_printf(o, "</td><td class=\"wk-muted\">%s</td></tr>\n",
		    iv_span[iv]);
	}
	o_puts(o, "</tbody></table></div>\n</header>\n<main>\n"
	    "<h2 id=\"impact\">Impact</h2>\n<dl class=\"wk-facts\">\n");
	o_impact(o, WAKE_TL_HTML, html_item);
	o_puts(o, "</dl>\n<h2 id=\"detection\">Detection and response</h2>\n"
	    "<dl class=\"wk-facts\">\n");
	o_detection(o, WAKE_TL_HTML, html_item);
	o_puts(o, "</dl>\n<h2 id=\"charts\">What the logs show</h2>\n");
	html_charts(o);
	o_puts(o, "<h2 id=\"timeline\">Timeline</h2>\n<p class=\"wk-muted\">"
	    "Times in UTC");
	for (z = 0; z < t->o.ntz; z++) {
		o_puts(o, z + 1 == t->o.ntz && z > 0 ? " and " : ", ");
		o_esc(o, WAKE_TL_HTML, zone_name(t, z));
	}
	o_puts(o, "; T is the offset from the start of impact.</p>\n"
	    "<div class=\"wk-scroll\"><table class=\"wk-tl\">\n<thead><tr>"
	    "<th>UTC</th>");
	for (z = 0; z < t->o.ntz; z++) {
		o_puts(o, "<th class=\"wk-wide\">");
		o_esc(o, WAKE_TL_HTML, wake_render_zone_label(zone_name(t, z),
		    zb, sizeof(zb)));
		o_puts(o, "</th>");
	}
	o_puts(o, "<th>T</th><th>Source</th><th>What happened</th>"
	    "<th>Evidence</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < t->sel.n && o->rc == WAKE_OK; i++) {
		e = &t->sel.v[i];
		cls = row_class(e);
		o_puts(o, "<tr");
		if (cls != NULL)
			o_printf(o, " class=\"%s\"", cls);
		o_puts(o, "><td class=\"wk-t\">");
		o_clock(o, e->ts, NULL, WAKE_CLOCK_DATE | WAKE_CLOCK_SEC);
		o_puts(o, "</td>");
		for (z = 0; z < t->o.ntz; z++) {
			o_puts(o, "<td class=\"wk-t wk-wide\">");
			o_zclock(o, e->ts, t->o.tz[z]);
			o_puts(o, "</td>");
		}
		o_puts(o, "<td class=\"wk-t\">");
		o_offset(o, e->ts);
		o_puts(o, "</td><td>");
		o_esc(o, WAKE_TL_HTML, str_get(&t->str, e->src));
		o_puts(o, "</td><td class=\"wk-msg\">");
		o_esc(o, WAKE_TL_HTML, e->what);
		o_puts(o, "</td><td class=\"wk-ev\">");
		o_esc(o, WAKE_TL_HTML, evidence(o, e));
		o_puts(o, "</td></tr>\n");
	}
	o_puts(o, "</tbody></table></div>\n");
	html_causes(o);
	o_puts(o, "</main>\n<footer><p class=\"wk-muted\">Made by wake-"
	    "timeline " WAKE_VERSION " from the event stream; every entry "
	    "names the log line it comes from.</p></footer>\n</body>\n"
	    "</html>\n");
}

int
wake_timeline_write(const struct wake_timeline *t, int format,
    struct wake_buf *out)
{
	struct out o;

	if (!t->finished)
		return WAKE_ERR_USAGE;
	memset(&o, 0, sizeof(o));
	o.t = t;
	o.b = out;
	switch (format) {
	case WAKE_TL_TEXT:
		write_text(&o);
		break;
	case WAKE_TL_MD:
		write_md(&o);
		break;
	case WAKE_TL_HTML:
		write_html(&o);
		break;
	case WAKE_TL_JSON:
		write_json(&o);
		break;
	case WAKE_TL_CSV:
		write_csv(&o);
		break;
	default:
		return WAKE_ERR_USAGE;
	}
	wake_buf_free(&o.s);
	return o.rc;
}
