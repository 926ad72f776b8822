/*
 * The periodic summary of wake-report(1).  Events stream through once:
 * phase events go to the incident list, calls to a call-center
 * aggregator per input (wake-stats in-process), chat to counts per
 * channel and day, and each template and host of warn or worse to
 * counts per minute, so that once every incident's window is known (its
 * phase events may come last) what fell in the windows can be counted.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/incident.h>
#include <wake/input.h>
#include <wake/render.h>
#include <wake/report.h>
#include <wake/stats.h>
#include <wake/time.h>

#include "internal.h"

#define NS		INT64_C(1000000000)
#define DAY_S		INT64_C(86400)
#define MAX_RUNS	((size_t)8 << 20)	/* per-minute counts kept */
#define EXAMPLE_MAX	200		/* bytes of a template example */
#define NOEND_S		3600		/* window of an incident with no end */
#define CAUSE_AHEAD_S	DAY_S		/* a cause this far before start */
#define NCOL		12

/* ---- what is gathered ---- */

struct run {
	int32_t		 min;		/* minutes since 1970 */
	uint32_t	 n;
};

/* A template or a host: its events of warn or worse per minute. */
struct key {
	char		*name;
	char		*example;	/* templates: the first message */
	struct run	*runs;
	size_t		 nruns;
	size_t		 cap;
	/* At write time: */
	size_t		 hits;		/* incidents whose window holds some */
	uint64_t	 events;	/* events in those windows */
};

struct keytab {
	struct key	*v;
	size_t		 n;
	size_t		 cap;
	uint32_t	*tab;		/* open addressing: index + 1 */
	size_t		 tabcap;	/* power of two */
};

struct day {
	int64_t		 day;		/* local days since 1970 */
	uint64_t	 offered;
	uint64_t	 answered;
	uint64_t	 abandoned;
	double		 in_sl;		/* answered within the threshold */
	double		 wait;		/* total wait of the answered, s */
	int		 calls;		/* call rows seen */
};

struct dcount {
	int64_t		 day;
	uint64_t	 n;
};

struct chan {
	char		*name;
	int		 marker;	/* a phase marker was said in it */
	struct dcount	*d;
	size_t		 nd;
	size_t		 cap;
};

struct cause {
	char		*incident;	/* NULL: to be matched */
	char		*origin;	/* the input's name */
	wake_time_t	 ts;
	long		 rank;
	double		 score;
	char		*kind;
	char		*summary;
};

struct wake_report {
	struct wake_report_opts	 o;
	struct wake_incidents	 inc;
	struct keytab		 tmpl;
	struct keytab		 host;
	size_t			 nruns;
	int			 runs_full;
	struct day		*days;
	size_t			 ndays;
	size_t			 daycap;
	struct chan		*chans;
	size_t			 nchans;
	size_t			 chancap;
	struct cause		*causes;
	size_t			 ncauses;
	size_t			 causecap;
	wake_time_t		 max_ts;
	wake_time_t		 min_ts;	/* where the input begins */
	/* The input being read: its call aggregator and the columns. */
	struct wake_stats	*st;
	int			 col[5];
	int			 rc;		/* first error of a callback */
	wake_diag_fn		 diag;
	void			*diag_arg;
	const char		*origin;
};

/* Call columns read from wake-stats rows. */
enum { C_OFFERED, C_ANSWERED, C_ABANDONED, C_ASA, C_SL };
static const char *const call_cols[5] = {
	"offered", "answered", "abandoned", "asa", "service_level"
};

void
wake_report_opts_init(struct wake_report_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->format = WAKE_REPORT_MD;
	o->period = 7 * DAY_S * NS;
	o->end = WAKE_TIME_NONE;
	o->now = WAKE_TIME_NONE;
	o->clock = WAKE_TIME_NONE;
}

int
wake_report_new(struct wake_report **rp, const struct wake_report_opts *o)
{
	struct wake_report *r;

	*rp = NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return WAKE_ERR_NOMEM;
	r->o = *o;
	if (r->o.period <= 0)
		r->o.period = 7 * DAY_S * NS;
	if (r->o.sl <= 0)
		r->o.sl = 20 * NS;
	if (r->o.top == 0)
		r->o.top = 10;
	if (r->o.title == NULL)
		r->o.title = "Incident report";
	r->max_ts = WAKE_TIME_NONE;
	r->min_ts = WAKE_TIME_NONE;
	*rp = r;
	return WAKE_OK;
}

static void
keytab_free(struct keytab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].example);
		free(t->v[i].runs);
	}
	free(t->v);
	free(t->tab);
}

void
wake_report_free(struct wake_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	wake_incidents_free(&r->inc);
	keytab_free(&r->tmpl);
	keytab_free(&r->host);
	free(r->days);
	for (i = 0; i < r->nchans; i++) {
		free(r->chans[i].name);
		free(r->chans[i].d);
	}
	free(r->chans);
	for (i = 0; i < r->ncauses; i++) {
		free(r->causes[i].incident);
		free(r->causes[i].origin);
		free(r->causes[i].kind);
		free(r->causes[i].summary);
	}
	free(r->causes);
	wake_stats_free(r->st);
	free(r);
}

/* ---- small helpers ---- */

static char *
dupn(const char *p, size_t n)
{
	char *s;

	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Grow *v (of *cap elements of size sz) to hold n + 1. */
static int
grow(void *vp, size_t *cap, size_t n, size_t sz)
{
	void **v = vp, *nv;
	size_t nc;

	if (n < *cap)
		return WAKE_OK;
	nc = *cap == 0 ? 8 : *cap * 2;
	if ((nv = reallocarray(*v, nc, sz)) == NULL)
		return WAKE_ERR_NOMEM;
	*v = nv;
	*cap = nc;
	return WAKE_OK;
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return q - (a % b != 0 && (a < 0) != (b < 0));
}

/* The local day of t (ns). */
static int64_t
day_of(const struct wake_report *r, wake_time_t t)
{
	int64_t s = floordiv(t, NS);

	if (r->o.tz != NULL)
		s += wake_tz_offset(r->o.tz, s);
	return floordiv(s, DAY_S);
}

/* The instant (ns) local day d begins. */
static wake_time_t
day_start(const struct wake_report *r, int64_t d)
{
	int flags;

	return wake_tz_to_utc(r->o.tz, d * DAY_S, &flags) * NS;
}

static uint64_t
hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The key named p[0..n), added when absent; NULL when out of memory. */
static struct key *
key_get(struct keytab *t, const char *p, size_t n)
{
	uint32_t *nt;
	size_t i, j, mask, nc;
	struct key *k;

	if (t->n * 2 >= t->tabcap) {
		nc = t->tabcap == 0 ? 64 : t->tabcap * 2;
		if ((nt = calloc(nc, sizeof(*nt))) == NULL)
			return NULL;
		for (i = 0; i < t->n; i++) {
			j = hash(t->v[i].name, strlen(t->v[i].name)) & (nc - 1);
			while (nt[j] != 0)
				j = (j + 1) & (nc - 1);
			nt[j] = (uint32_t)i + 1;
		}
		free(t->tab);
		t->tab = nt;
		t->tabcap = nc;
	}
	mask = t->tabcap - 1;
	for (j = hash(p, n) & mask; t->tab[j] != 0; j = (j + 1) & mask) {
		k = &t->v[t->tab[j] - 1];
		if (strlen(k->name) == n && memcmp(k->name, p, n) == 0)
			return k;
	}
	if (grow(&t->v, &t->cap, t->n, sizeof(*t->v)) != WAKE_OK)
		return NULL;
	k = &t->v[t->n];
	memset(k, 0, sizeof(*k));
	if ((k->name = dupn(p, n)) == NULL)
		return NULL;
	t->tab[j] = (uint32_t)++t->n;
	return k;
}

/* Count one event of key p at minute m. */
static int
key_add(struct wake_report *r, struct keytab *t, const char *p, size_t n,
    int32_t m, const struct wake_str *example)
{
	struct key *k;

	if (n == 0 || (n == 1 && p[0] == '-'))
		return WAKE_OK;
	if ((k = key_get(t, p, n)) == NULL)
		return WAKE_ERR_NOMEM;
	if (example != NULL && k->example == NULL &&
	    (k->example = dupn(example->p, WK_MIN(example->n,
	    EXAMPLE_MAX))) == NULL)
		return WAKE_ERR_NOMEM;
	if (k->nruns > 0 && k->runs[k->nruns - 1].min == m) {
		k->runs[k->nruns - 1].n++;
		return WAKE_OK;
	}
	if (r->nruns >= MAX_RUNS) {
		r->runs_full = 1;
		return WAKE_OK;
	}
	if (grow(&k->runs, &k->cap, k->nruns, sizeof(*k->runs)) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	k->runs[k->nruns].min = m;
	k->runs[k->nruns].n = 1;
	k->nruns++;
	r->nruns++;
	return WAKE_OK;
}

static struct day *
day_get(struct wake_report *r, int64_t d)
{
	size_t i;

	for (i = r->ndays; i > 0; i--)
		if (r->days[i - 1].day == d)
			return &r->days[i - 1];
	if (grow(&r->days, &r->daycap, r->ndays, sizeof(*r->days)) !=
	    WAKE_OK)
		return NULL;
	memset(&r->days[r->ndays], 0, sizeof(*r->days));
	r->days[r->ndays].day = d;
	return &r->days[r->ndays++];
}

static int
chat_add(struct wake_report *r, const struct wake_str *ch, int64_t d,
    int marker)
{
	struct chan *c = NULL;
	size_t i;

	for (i = 0; i < r->nchans; i++)
		if (strlen(r->chans[i].name) == ch->n &&
		    memcmp(r->chans[i].name, ch->p, ch->n) == 0) {
			c = &r->chans[i];
			break;
		}
	if (c == NULL) {
		if (grow(&r->chans, &r->chancap, r->nchans,
		    sizeof(*r->chans)) != WAKE_OK)
			return WAKE_ERR_NOMEM;
		c = &r->chans[r->nchans];
		memset(c, 0, sizeof(*c));
		if ((c->name = dupn(ch->p, ch->n)) == NULL)
			return WAKE_ERR_NOMEM;
		r->nchans++;
	}
	c->marker |= marker;
	for (i = c->nd; i > 0; i--)
		if (c->d[i - 1].day == d) {
			c->d[i - 1].n++;
			return WAKE_OK;
		}
	if (grow(&c->d, &c->cap, c->nd, sizeof(*c->d)) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	c->d[c->nd].day = d;
	c->d[c->nd].n = 1;
	c->nd++;
	return WAKE_OK;
}

/* ---- reading ---- */

static int
call_row(void *arg, const struct wake_stats_row *row)
{
	struct wake_report *r = arg;
	const double *v = row->vals;
	struct day *d;

	/* Empty bins add nothing: no day for them. */
	if (v[r->col[C_OFFERED]] == 0 && v[r->col[C_ANSWERED]] == 0 &&
	    v[r->col[C_ABANDONED]] == 0)
		return 0;
	if ((d = day_get(r, day_of(r, row->ts))) == NULL) {
		r->rc = WAKE_ERR_NOMEM;
		return 1;
	}
	d->calls = 1;
	d->offered += (uint64_t)llround(v[r->col[C_OFFERED]]);
	d->answered += (uint64_t)llround(v[r->col[C_ANSWERED]]);
	d->abandoned += (uint64_t)llround(v[r->col[C_ABANDONED]]);
	d->in_sl += v[r->col[C_SL]] * v[r->col[C_OFFERED]];
	d->wait += v[r->col[C_ASA]] * v[r->col[C_ANSWERED]];
	return 0;
}

static void
stats_diag(void *arg, const char *origin, unsigned long line,
    const char *reason)
{
	struct wake_report *r = arg;

	if (r->diag != NULL)
		r->diag(r->diag_arg, origin, line, reason);
}

/* A call aggregator for one input: bins of a day, or of 15 minutes
 * when days are local and a day bin would not line up with them. */
static int
stats_open(struct wake_report *r)
{
	struct wake_stats_opts so;
	const char *const *names;
	size_t n, i;
	int c, rc;

	wake_stats_opts_init(&so);
	so.mode = WAKE_STATS_CALLS;
	so.bin = r->o.tz == NULL ? DAY_S * NS : 900 * NS;
	so.sl = r->o.sl;
	/* No rows for empty bins, and no bins filled over a gap. */
	so.sparse = 1;
	so.row = call_row;
	so.row_arg = r;
	so.diag = stats_diag;
	so.diag_arg = r;
	if ((rc = wake_stats_new(&r->st)) != WAKE_OK ||
	    (rc = wake_stats_setup(r->st, &so)) != WAKE_OK)
		return rc;
	n = wake_stats_columns(r->st, &names);
	for (c = 0; c < 5; c++) {
		r->col[c] = -1;
		for (i = 0; i < n; i++)
			if (strcmp(names[i], call_cols[c]) == 0)
				r->col[c] = (int)i;
		if (r->col[c] < 0)
			return WAKE_ERR_USAGE;
	}
	return WAKE_OK;
}

static int
take_event(void *arg, const struct wake_event *ev)
{
	struct wake_report *r = arg;
	const struct wake_str *a, *ph;
	int64_t m;
	int rc = WAKE_OK;

	if (ev->ts == WAKE_TIME_NONE)
		return 0;
	if (r->max_ts == WAKE_TIME_NONE || ev->ts > r->max_ts)
		r->max_ts = ev->ts;
	switch (ev->kind) {
	case WAKE_KIND_PHASE:
		return 0;
	case WAKE_KIND_CALL:
		rc = wake_stats_add(r->st, ev);
		if (rc == WAKE_EOF)
			rc = r->rc;
		break;
	case WAKE_KIND_CHAT:
		if ((a = wake_event_attr_get(ev, "channel")) != NULL &&
		    a->n > 0) {
			ph = wake_event_attr_get(ev, "phase");
			rc = chat_add(r, a, day_of(r, ev->ts), ph != NULL &&
			    wake_phase_parse(ph->p, ph->n) >= 0);
		}
		break;
	}
	/* Phase events and incident tables tell no coverage. */
	if (r->min_ts == WAKE_TIME_NONE || ev->ts < r->min_ts)
		r->min_ts = ev->ts;
	if (rc == WAKE_OK && ((ev->sev >= WAKE_SEV_EMERG &&
	    ev->sev <= WAKE_SEV_WARN) || ev->kind == WAKE_KIND_ALERT)) {
		m = floordiv(ev->ts, 60 * NS);
		if (m > INT32_MIN && m < INT32_MAX) {
			if ((a = wake_event_attr_get(ev, "tmpl")) != NULL)
				rc = key_add(r, &r->tmpl, a->p, a->n,
				    (int32_t)m, &ev->msg);
			if (rc == WAKE_OK)
				rc = key_add(r, &r->host, ev->host.p,
				    ev->host.n, (int32_t)m, NULL);
		}
	}
	if (rc != WAKE_OK) {
		r->rc = rc;
		return 1;
	}
	return 0;
}

int
wake_report_add(struct wake_report *r, struct wake_input *in,
    wake_diag_fn diag, void *diag_arg)
{
	int rc, rc2;

	r->diag = diag;
	r->diag_arg = diag_arg;
	r->rc = WAKE_OK;
	wake_stats_free(r->st);
	r->st = NULL;
	if ((rc = stats_open(r)) != WAKE_OK)
		return rc;
	rc = wake_incidents_load(&r->inc, in, WAKE_INCIDENTS_AUTO,
	    take_event, r, diag, diag_arg);
	if (rc == WAKE_EOF)
		return r->rc != WAKE_OK ? r->rc : WAKE_ERR_NOMEM;
	rc2 = wake_stats_finish(r->st);
	wake_stats_free(r->st);
	r->st = NULL;
	if (rc2 == WAKE_ERR_NOMEM || r->rc == WAKE_ERR_NOMEM)
		return WAKE_ERR_NOMEM;
	return rc;
}

/* A member of a JSON object as a NUL-terminated copy, or NULL. */
static char *
json_text(const struct wk_jtok *t, int obj, const char *key)
{
	struct wake_buf b = WAKE_BUF_INIT;
	char *s;
	int i;

	if ((i = wk_json_get(t, obj, key)) < 0)
		return NULL;
	if (t[i].type != WK_J_STR && t[i].type != WK_J_NUM)
		return NULL;
	if (wk_json_unescape(t[i].p, t[i].n, &b) != WAKE_OK)
		return NULL;
	s = dupn(b.p != NULL ? b.p : "", b.n);
	wake_buf_free(&b);
	return s;
}

#define NTOK	8192	/* JSON tokens of a candidate, evidence and all */

static int
add_cause(struct wake_report *r, const char *line, size_t n,
    const char *name, const char *incident, struct wk_jtok *t,
    const char **why)
{
	struct cause *c;
	char *s, *end;
	int nt;

	if ((nt = wk_json_parse(line, n, t, NTOK, why)) < 0) {
		if (nt == -2)
			*why = "too many JSON tokens";
		return WAKE_ERR_FORMAT;
	}
	if (t[0].type != WK_J_OBJ) {
		*why = "not a JSON object";
		return WAKE_ERR_FORMAT;
	}
	if (grow(&r->causes, &r->causecap, r->ncauses, sizeof(*r->causes)) !=
	    WAKE_OK)
		return WAKE_ERR_NOMEM;
	c = &r->causes[r->ncauses];
	memset(c, 0, sizeof(*c));
	c->ts = WAKE_TIME_NONE;
	c->summary = json_text(t, 0, "summary");
	c->kind = json_text(t, 0, "kind");
	c->incident = json_text(t, 0, "incident");
	if (c->incident == NULL && incident != NULL)
		c->incident = dupn(incident, strlen(incident));
	c->origin = dupn(name, strlen(name));
	r->ncauses++;
	if (c->origin == NULL || (incident != NULL && c->incident == NULL))
		return WAKE_ERR_NOMEM;
	if ((s = json_text(t, 0, "rank")) != NULL) {
		c->rank = strtol(s, &end, 10);
		free(s);
	} else
		c->rank = 1000000;
	if ((s = json_text(t, 0, "score")) != NULL) {
		c->score = strtod(s, &end);
		free(s);
	}
	if ((s = json_text(t, 0, "ts")) != NULL) {
		if (wake_time_parse_utc(s, strlen(s), &c->ts) != WAKE_OK)
			c->ts = WAKE_TIME_NONE;
		free(s);
	}
	if (c->summary == NULL) {
		*why = "candidate without a summary";
		return WAKE_ERR_FORMAT;
	}
	return WAKE_OK;
}

int
wake_report_add_causes(struct wake_report *r, struct wake_input *in,
    const char *incident, wake_diag_fn diag, void *diag_arg)
{
	struct wake_line ln;
	struct wk_jtok *t;
	const char *why, *e, *name = wake_input_name(in);
	size_t nl = strlen(name);
	int rc, bad = 0;

	if ((t = reallocarray(NULL, NTOK, sizeof(*t))) == NULL)
		return WAKE_ERR_NOMEM;
	while ((rc = wake_input_line(in, &ln)) == WAKE_OK) {
		if (ln.n == 0 || ln.p[0] == '#')
			continue;
		why = "bad JSON";
		if ((rc = add_cause(r, ln.p, ln.n, name, incident, t,
		    &why)) == WAKE_ERR_NOMEM) {
			free(t);
			return rc;
		}
		if (rc != WAKE_OK) {
			if (diag != NULL)
				diag(diag_arg, wake_input_name(in),
				    (unsigned long)ln.no, why);
			bad = 1;
		}
	}
	free(t);
	if (rc == WAKE_EOF)
		return bad ? WAKE_ERR_FORMAT : WAKE_OK;
	/* The input's error starts with its name: say that once. */
	e = wake_input_error(in);
	if (strncmp(e, name, nl) == 0 && e[nl] == ':' && e[nl + 1] == ' ')
		e += nl + 2;
	if (diag != NULL)
		diag(diag_arg, name, 0, *e != '\0' ? e : "read error");
	return rc;
}

/* ---- the period and its figures ---- */

struct period {
	wake_time_t	 start;
	wake_time_t	 end;
	int64_t		 d0;		/* local days [d0, d1) */
	int64_t		 d1;
};

struct figures {
	struct wake_incidents	 l;	/* shallow copies, in order */
	size_t			 measured;
	int64_t			 impact;	/* ns, over impact_n */
	size_t			 impact_n;
	struct wake_interval_stats iv[WAKE_IV_COUNT];
	uint64_t		 offered;
	uint64_t		 answered;
	uint64_t		 abandoned;
	double			 in_sl;
	double			 wait;
	int			 calls;
	uint64_t		 chat;
};

static int	incident_channel(const struct chan *);

/* When an incident happened: its start, else its first known phase. */
static wake_time_t
inc_time(const struct wake_incident *inc)
{
	int p;

	for (p = 0; p < WAKE_PHASE_COUNT; p++)
		if (inc->t[p] != WAKE_TIME_NONE)
			return inc->t[p];
	return WAKE_TIME_NONE;
}

/* The end of impact: measured recovery, else declared resolution. */
static wake_time_t
inc_end(const struct wake_incident *inc)
{
	if (inc->t[WAKE_PHASE_RECOVER] != WAKE_TIME_NONE)
		return inc->t[WAKE_PHASE_RECOVER];
	return inc->t[WAKE_PHASE_RESOLVE];
}

/* The window in which templates and hosts count for it, in minutes. */
static void
inc_window(const struct wake_incident *inc, int64_t *m0, int64_t *m1)
{
	wake_time_t a = inc_time(inc), b = inc_end(inc);

	if (b == WAKE_TIME_NONE || b <= a)
		b = a + NOEND_S * NS;
	*m0 = floordiv(a, 60 * NS);
	*m1 = floordiv(b - 1, 60 * NS) + 1;
}

static int
period_make(const struct wake_report *r, wake_time_t end, struct period *p)
{
	int64_t days = r->o.period / (DAY_S * NS);

	p->end = end;
	p->d1 = day_of(r, end - 1) + 1;
	/* Whole days from a midnight: count days, for DST's sake. */
	if (r->o.period % (DAY_S * NS) == 0 && day_start(r, p->d1) == end) {
		p->d0 = p->d1 - days;
		p->start = day_start(r, p->d0);
	} else {
		p->start = end - r->o.period;
		p->d0 = day_of(r, p->start);
	}
	return WAKE_OK;
}

static int
figures_make(const struct wake_report *r, const struct period *p,
    struct figures *f)
{
	const struct wake_incident *inc;
	wake_time_t t, e;
	size_t i, k;
	int rc, iv;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < r->inc.n; i++) {
		inc = &r->inc.v[i];
		t = inc_time(inc);
		if (t == WAKE_TIME_NONE || t < p->start || t >= p->end)
			continue;
		if ((rc = grow(&f->l.v, &f->l.cap, f->l.n, sizeof(*f->l.v))) !=
		    WAKE_OK)
			return rc;
		f->l.v[f->l.n++] = *inc;
		f->measured += inc->basis == WAKE_INCIDENT_MEASURED;
		e = inc_end(inc);
		if (inc->t[WAKE_PHASE_START] != WAKE_TIME_NONE &&
		    e != WAKE_TIME_NONE && e >= inc->t[WAKE_PHASE_START]) {
			f->impact += e - inc->t[WAKE_PHASE_START];
			f->impact_n++;
		}
	}
	for (iv = 0; iv < WAKE_IV_COUNT; iv++)
		if ((rc = wake_intervals_summarise(&f->l, iv, &f->iv[iv])) !=
		    WAKE_OK)
			return rc;
	for (i = 0; i < r->ndays; i++) {
		if (r->days[i].day < p->d0 || r->days[i].day >= p->d1)
			continue;
		f->calls |= r->days[i].calls;
		f->offered += r->days[i].offered;
		f->answered += r->days[i].answered;
		f->abandoned += r->days[i].abandoned;
		f->in_sl += r->days[i].in_sl;
		f->wait += r->days[i].wait;
	}
	for (i = 0; i < r->nchans; i++)
		for (k = 0; incident_channel(&r->chans[i]) &&
		    k < r->chans[i].nd; k++)
			if (r->chans[i].d[k].day >= p->d0 &&
			    r->chans[i].d[k].day < p->d1)
				f->chat += r->chans[i].d[k].n;
	return WAKE_OK;
}

static int
cmp_run(const void *a, const void *b)
{
	const struct run *x = a, *y = b;

	return x->min < y->min ? -1 : x->min > y->min;
}

/* The first run of k at or after minute m (runs sorted). */
static size_t
run_lower(const struct key *k, int64_t m)
{
	size_t lo = 0, hi = k->nruns, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (k->runs[mid].min < m)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Count each key's events in the windows of the incidents of l: runs
 * in time order (as a merged stream gives them; sorted here when not),
 * each window found by binary search, so the cost is in the events
 * counted, not in every key times every incident's whole history.
 */
static void
key_hits(struct keytab *t, const struct wake_incidents *l)
{
	struct key *k;
	int64_t m0, m1;
	uint64_t n;
	size_t i, j, x;

	for (i = 0; i < t->n; i++) {
		k = &t->v[i];
		k->hits = 0;
		k->events = 0;
		for (x = 1; x < k->nruns; x++)
			if (k->runs[x].min < k->runs[x - 1].min) {
				qsort(k->runs, k->nruns, sizeof(*k->runs),
				    cmp_run);
				break;
			}
		for (j = 0; j < l->n; j++) {
			inc_window(&l->v[j], &m0, &m1);
			n = 0;
			for (x = run_lower(k, m0); x < k->nruns &&
			    k->runs[x].min < m1; x++)
				n += k->runs[x].n;
			k->hits += n > 0;
			k->events += n;
		}
	}
}

static int
cmp_key(const void *a, const void *b)
{
	const struct key *x = *(const struct key *const *)a;
	const struct key *y = *(const struct key *const *)b;

	if (x->hits != y->hits)
		return x->hits > y->hits ? -1 : 1;
	if (x->events != y->events)
		return x->events > y->events ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The top keys with a hit, best first, in *out (caller frees). */
static size_t
key_top(const struct keytab *t, size_t top, struct key ***out)
{
	struct key **v;
	size_t i, n = 0;

	*out = NULL;
	if (t->n == 0 || (v = reallocarray(NULL, t->n, sizeof(*v))) == NULL)
		return 0;
	for (i = 0; i < t->n; i++)
		if (t->v[i].hits > 0)
			v[n++] = &t->v[i];
	qsort(v, n, sizeof(*v), cmp_key);
	*out = v;
	return WK_MIN(n, top);
}

/* The best cause of inc, or NULL. */
static const struct cause *
top_cause(const struct wake_report *r, const struct wake_incident *inc)
{
	const struct cause *c, *best = NULL;
	const struct wake_incident *o, *near;
	wake_time_t t, s;
	size_t i, j;
	int mine;

	for (i = 0; i < r->ncauses; i++) {
		c = &r->causes[i];
		if (c->summary == NULL)
			continue;
		if (c->incident != NULL)
			mine = strcmp(c->incident, inc->id) == 0;
		else if (c->origin != NULL &&
		    strstr(c->origin, inc->id) != NULL)
			mine = 1;
		else {
			/* By time: the incident it precedes most closely,
			 * or the one whose window holds it. */
			mine = 0;
			near = NULL;
			for (j = 0; c->ts != WAKE_TIME_NONE && j < r->inc.n;
			    j++) {
				o = &r->inc.v[j];
				if (strstr(c->origin, o->id) != NULL) {
					near = NULL;
					break;
				}
				t = inc_time(o);
				s = inc_end(o);
				if (t == WAKE_TIME_NONE)
					continue;
				if ((c->ts <= t && t - c->ts <=
				    CAUSE_AHEAD_S * NS && (near == NULL ||
				    t < inc_time(near))) ||
				    (near == NULL && c->ts > t &&
				    s != WAKE_TIME_NONE && c->ts < s))
					near = o;
			}
			mine = near != NULL && strcmp(near->id, inc->id) == 0;
		}
		if (mine && (best == NULL || c->rank < best->rank))
			best = c;
	}
	return best;
}

/* ---- output ---- */

/* Log text, escaped for the format. */
static void
put_text(struct wk_out *o, int fmt, const char *s)
{
	size_t n = strlen(s);

	if (o->rc != WAKE_OK)
		return;
	switch (fmt) {
	case WAKE_REPORT_MD:
		o->rc = wake_escape_md(s, n, o->b);
		break;
	case WAKE_REPORT_TEXT:
		o->rc = wake_escape_term(s, n, o->b);
		break;
	case WAKE_REPORT_HTML:
		o->rc = wake_escape_html(s, n, o->b);
		break;
	default:
		o->rc = wake_escape_json(s, n, o->b);
		break;
	}
}

/* "YYYY-MM-DD" of local day d. */
static void
day_name(int64_t d, char *buf, size_t n, int weekday)
{
	static const char *const wd[7] = { "Thu", "Fri", "Sat", "Sun", "Mon",
	    "Tue", "Wed" };
	int y, m, dd;

	wake_civil_from_days(d, &y, &m, &dd);
	if (weekday)
		snprintf(buf, n, "%04d-%02d-%02d %s", y, m, dd,
		    wd[((d % 7) + 7) % 7]);
	else
		snprintf(buf, n, "%04d-%02d-%02d", y, m, dd);
}

/* "+38%", "-45%", "+0%"; "new" from nothing. */
static void
pct(char *buf, size_t n, double cur, double prev)
{
	if (prev == 0)
		snprintf(buf, n, cur == 0 ? "+0%%" : "new");
	else
		snprintf(buf, n, "%+.0f%%", (cur - prev) / prev * 100);
}

/* A count for people: "19,323". */
static const char *
count(char *buf, size_t n, uint64_t v)
{
	struct wake_buf b = WAKE_BUF_INIT;

	if (wake_render_count(v, &b) == WAKE_OK && b.n < n) {
		memcpy(buf, b.p, b.n);
		buf[b.n] = '\0';
	} else
		snprintf(buf, n, "%llu", (unsigned long long)v);
	wake_buf_free(&b);
	return buf;
}

static const char *
zone_name(const struct wake_report *r)
{
	return r->o.tz != NULL ? wake_tz_name(r->o.tz) : "UTC";
}

/* ---- tables for md, text and html ---- */

static void
rtab_dur(struct wk_table *t, size_t col, int64_t ns)
{
	char buf[32];

	wake_interval_format(ns, buf, sizeof(buf));
	wk_table_set(t, col, buf);
}

static void
rtab_html(struct wk_out *o, const struct wk_table *t, const char *cls)
{
	size_t i, c;
	const char *s;

	if (t->rc != WAKE_OK) {
		o->rc = t->rc;
		return;
	}
	wk_out_printf(o, "<div class=\"wk-scroll\"><table class=\"%s\">\n<thead><tr>",
	    cls);
	for (c = 0; c < t->ncol; c++) {
		wk_out_puts(o, t->right[c] ? "<th class=\"wk-num\">" : "<th>");
		put_text(o, WAKE_REPORT_HTML, t->head[c]);
		wk_out_puts(o, "</th>");
	}
	wk_out_puts(o, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < t->nrow; i++) {
		wk_out_puts(o, "<tr>");
		for (c = 0; c < t->ncol; c++) {
			s = t->cell[i * t->ncol + c];
			/* Short cells on one line; the last (text) wraps. */
			wk_out_puts(o, t->right[c] ? "<td class=\"wk-num wk-t\">" :
			    c + 1 < t->ncol ? "<td class=\"wk-t\">" :
			    t->text[c] ? "<td class=\"wk-msg\">" : "<td>");
			put_text(o, WAKE_REPORT_HTML, s != NULL ? s : "-");
			wk_out_puts(o, "</td>");
		}
		wk_out_puts(o, "</tr>\n");
	}
	wk_out_puts(o, "</tbody></table></div>\n");
}

static void
rtab_put(struct wk_out *o, int fmt, const struct wk_table *t, const char *cls)
{
	if (fmt == WAKE_REPORT_MD) {
		wk_table_md(o, t);
		wk_out_putc(o, '\n');
	} else if (fmt == WAKE_REPORT_TEXT)
		wk_table_text(o, t, "  ");
	else
		rtab_html(o, t, cls);
}

/* ---- sections ---- */

struct ctx {
	struct wake_report	*r;
	struct wk_out		*o;
	int			 fmt;
	struct period		 p;
	struct period		 pp;
	struct figures		 f;
	struct figures		 pf;
	int			 prev;
	wake_time_t		 begins;	/* the first event's time */
};

static void
heading(struct ctx *x, const char *s)
{
	size_t n;

	switch (x->fmt) {
	case WAKE_REPORT_MD:
		wk_out_printf(x->o, "## %s\n\n", s);
		break;
	case WAKE_REPORT_TEXT:
		wk_out_printf(x->o, "\n%s\n", s);
		for (n = wk_text_width(s); n > 0; n--)
			wk_out_putc(x->o, '-');
		wk_out_putc(x->o, '\n');
		break;
	default:
		wk_out_printf(x->o, "<h2>%s</h2>\n", s);
		break;
	}
}

/* A sentence of ours (no markup to escape). */
static void
para(struct ctx *x, const char *s)
{
	if (x->fmt == WAKE_REPORT_HTML)
		wk_out_printf(x->o, "<p class=\"wk-muted\">%s</p>\n", s);
	else if (x->fmt == WAKE_REPORT_TEXT)
		wk_out_printf(x->o, "%s\n", s);
	else
		wk_out_printf(x->o, "%s\n\n", s);
}

static void
item(struct ctx *x, const char *label, const char *value)
{
	switch (x->fmt) {
	case WAKE_REPORT_MD:
		wk_out_printf(x->o, "- **%s:** ", label);
		break;
	case WAKE_REPORT_TEXT:
		wk_out_printf(x->o, "  %-10s ", label);
		break;
	default:
		wk_out_printf(x->o, "<li><strong>%s:</strong> ", label);
		break;
	}
	wk_out_puts(x->o, value);
	wk_out_puts(x->o, x->fmt == WAKE_REPORT_HTML ? "</li>\n" : "\n");
}

/* "5m30s (prev 10m00s, -45%)" into buf. */
static void
dur_vs(char *buf, size_t n, int64_t cur, int have, int64_t prev,
    int phave, int show_prev)
{
	char a[32], b[32], c[16];

	wake_interval_format(have ? cur : WAKE_TIME_NONE, a, sizeof(a));
	if (!show_prev) {
		snprintf(buf, n, "%s", a);
		return;
	}
	wake_interval_format(phave ? prev : WAKE_TIME_NONE, b, sizeof(b));
	if (have && phave) {
		pct(c, sizeof(c), (double)cur, (double)prev);
		snprintf(buf, n, "%s (prev %s, %s)", a, b, c);
	} else
		snprintf(buf, n, "%s (prev %s)", a, b);
}

static void
headline(struct ctx *x)
{
	static const struct {
		const char	*label;
		int		 iv;
	} mt[] = {
		{ "MTTD", WAKE_IV_TTD }, { "MTTA", WAKE_IV_TTA },
		{ "MTTR", WAKE_IV_TTR }
	};
	const struct wake_interval_stats *s, *ps;
	char buf[320], d1[96], d2[96], c[16];
	size_t k;

	heading(x, "Headline");
	if (x->fmt == WAKE_REPORT_HTML)
		wk_out_puts(x->o, "<ul>\n");
	snprintf(buf, sizeof(buf), "%zu, %zu measured and %zu declared",
	    x->f.l.n, x->f.measured, x->f.l.n - x->f.measured);
	if (x->prev) {
		pct(c, sizeof(c), (double)x->f.l.n, (double)x->pf.l.n);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		    " (prev %zu, %s)", x->pf.l.n, c);
	}
	item(x, "Incidents", buf);
	wake_interval_format(x->f.impact_n > 0 ? x->f.impact : WAKE_TIME_NONE,
	    d1, sizeof(d1));
	snprintf(buf, sizeof(buf), "%s in total, over %zu of %zu incidents",
	    d1, x->f.impact_n, x->f.l.n);
	if (x->prev) {
		dur_vs(d2, sizeof(d2), x->pf.impact, x->pf.impact_n > 0,
		    x->f.impact, x->f.impact_n > 0, 0);
		if (x->f.impact_n > 0 && x->pf.impact_n > 0)
			pct(c, sizeof(c), (double)x->f.impact,
			    (double)x->pf.impact);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		    " (prev %s%s%s)", d2, x->f.impact_n > 0 &&
		    x->pf.impact_n > 0 ? ", " : "", x->f.impact_n > 0 &&
		    x->pf.impact_n > 0 ? c : "");
	}
	item(x, "Impact", buf);
	for (k = 0; k < WK_NELEM(mt); k++) {
		s = &x->f.iv[mt[k].iv];
		ps = &x->pf.iv[mt[k].iv];
		dur_vs(d1, sizeof(d1), s->median, s->n > 0, ps->median,
		    ps->n > 0, x->prev);
		dur_vs(d2, sizeof(d2), s->p90, s->n > 0, ps->p90, ps->n > 0,
		    x->prev);
		snprintf(buf, sizeof(buf), "median %s, p90 %s, over %zu of %zu "
		    "incidents", d1, d2, s->n, x->f.l.n);
		item(x, mt[k].label, buf);
	}
	if (x->f.calls || (x->prev && x->pf.calls)) {
		snprintf(buf, sizeof(buf), "%s offered, %.1f%% abandoned",
		    count(d1, sizeof(d1), x->f.offered), x->f.offered > 0 ?
		    100.0 * (double)x->f.abandoned / (double)x->f.offered : 0);
		if (x->prev)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			    " (prev %s, %.1f%%)",
			    count(d2, sizeof(d2), x->pf.offered),
			    x->pf.offered > 0 ? 100.0 *
			    (double)x->pf.abandoned / (double)x->pf.offered :
			    0);
		item(x, "Calls", buf);
	}
	if (x->fmt == WAKE_REPORT_HTML)
		wk_out_puts(x->o, "</ul>\n");
	else if (x->fmt == WAKE_REPORT_MD)
		wk_out_putc(x->o, '\n');
}

static void
incidents(struct ctx *x)
{
	struct wk_table t;
	const struct wake_incident *inc;
	const struct cause *c;
	struct wake_buf b = WAKE_BUF_INIT;
	char zb[64], head[96], sc[32];
	wake_time_t e;
	size_t i;
	int k;
	static const int ivs[5] = { WAKE_IV_TTD, WAKE_IV_TTA, WAKE_IV_TTM,
	    WAKE_IV_TTR, WAKE_IV_DVM };
	static const char *const ivh[5] = { "TTD", "TTA", "TTM", "TTR",
	    "DVM" };

	heading(x, "Incidents");
	if (x->f.l.n == 0) {
		para(x, "No incident in the period.");
		return;
	}
	memset(&t, 0, sizeof(t));
	snprintf(head, sizeof(head), "Start (%s)",
	    wake_render_zone_label(zone_name(x->r), zb, sizeof(zb)));
	t.head[0] = "Incident";
	t.head[1] = head;
	t.head[2] = "Basis";
	t.head[3] = "Impact";
	for (k = 0; k < 5; k++) {
		t.head[4 + k] = ivh[k];
		t.right[4 + k] = 1;
	}
	t.right[3] = 1;
	t.head[9] = "Top cause, else title";
	t.ncol = 10;
	t.text[0] = t.text[9] = 1;
	for (i = 0; i < x->f.l.n; i++) {
		inc = &x->f.l.v[i];
		wk_table_row(&t);
		wk_table_set(&t, 0, inc->id);
		b.n = 0;
		if (wake_render_clock(inc_time(inc), x->r->o.tz,
		    WAKE_CLOCK_DATE, &b) == WAKE_OK &&
		    wake_buf_putc(&b, '\0') == WAKE_OK)
			wk_table_set(&t, 1, b.p);
		wk_table_set(&t, 2, inc->basis == WAKE_INCIDENT_MEASURED ?
		    "measured" : "declared");
		e = inc_end(inc);
		rtab_dur(&t, 3, inc->t[WAKE_PHASE_START] != WAKE_TIME_NONE &&
		    e != WAKE_TIME_NONE ? e - inc->t[WAKE_PHASE_START] :
		    WAKE_TIME_NONE);
		for (k = 0; k < 5; k++)
			rtab_dur(&t, 4 + (size_t)k,
			    wake_incident_interval(inc, ivs[k]));
		if ((c = top_cause(x->r, inc)) != NULL) {
			b.n = 0;
			if (wake_buf_put(&b, c->kind != NULL ? c->kind :
			    "cause", strlen(c->kind != NULL ? c->kind :
			    "cause")) == WAKE_OK &&
			    wake_buf_put(&b, ": ", 2) == WAKE_OK &&
			    wake_buf_put(&b, c->summary, strlen(c->summary)) ==
			    WAKE_OK) {
				snprintf(sc, sizeof(sc), " (%.2f)", c->score);
				if (wake_buf_put(&b, sc, strlen(sc) + 1) ==
				    WAKE_OK)
					wk_table_set(&t, 9, b.p);
			}
		} else
			wk_table_set(&t, 9, inc->title);
	}
	wake_buf_free(&b);
	rtab_put(x->o, x->fmt, &t, "wk-iv");
	wk_table_free(&t);
	if (x->fmt == WAKE_REPORT_TEXT)
		wk_out_putc(x->o, '\n');
	para(x, "TTD detect - start, "
	    "TTA ack - detect, TTM mitigate - start, TTR recover - start, "
	    "DVM resolve - recover (declared vs measured); impact is start "
	    "to recover, else to resolve.");
}

static void
recurring(struct ctx *x, struct keytab *kt, int tmpl)
{
	struct key **v;
	struct wk_table t;
	char buf[32];
	size_t n, i;

	heading(x, tmpl ? "Recurring templates" : "Hosts across incidents");
	key_hits(kt, &x->f.l);
	n = key_top(kt, x->r->o.top, &v);
	if (n == 0) {
		para(x, tmpl ? "No templated event of warn or worse in the "
		    "incidents' windows." : "No host with events of warn or "
		    "worse in the incidents' windows.");
		free(v);
		return;
	}
	para(x, tmpl ? "Message templates (tmpl=) of events of warn or worse "
	    "in the incidents' windows, by the incidents they appear in." :
	    "Hosts with events of warn or worse in the incidents' windows, "
	    "by the incidents they appear in.");
	if (x->fmt == WAKE_REPORT_TEXT)
		wk_out_putc(x->o, '\n');
	memset(&t, 0, sizeof(t));
	t.head[0] = tmpl ? "Template" : "Host";
	t.head[1] = "Incidents";
	t.head[2] = "Events";
	t.right[1] = t.right[2] = 1;
	t.text[0] = 1;
	t.ncol = 3;
	if (tmpl) {
		t.head[3] = "Example";
		t.text[3] = 1;
		t.ncol = 4;
	}
	for (i = 0; i < n; i++) {
		wk_table_row(&t);
		wk_table_set(&t, 0, v[i]->name);
		wk_table_setf(&t, 1, "%zu of %zu", v[i]->hits, x->f.l.n);
		wk_table_set(&t, 2, count(buf, sizeof(buf), v[i]->events));
		if (tmpl)
			wk_table_set(&t, 3, v[i]->example);
	}
	free(v);
	rtab_put(x->o, x->fmt, &t, "wk-tl");
	wk_table_free(&t);
}

static const struct day *
day_find(const struct wake_report *r, int64_t d)
{
	size_t i;

	for (i = 0; i < r->ndays; i++)
		if (r->days[i].day == d)
			return &r->days[i];
	return NULL;
}

static void
call_cells(struct wk_table *t, uint64_t off, uint64_t ans, uint64_t ab,
    double in_sl, double wait)
{
	char buf[32];

	wk_table_set(t, 1, count(buf, sizeof(buf), off));
	wk_table_set(t, 2, count(buf, sizeof(buf), ans));
	wk_table_set(t, 3, count(buf, sizeof(buf), ab));
	if (off > 0) {
		wk_table_setf(t, 4, "%.1f%%", 100.0 * (double)ab / (double)off);
		wk_table_setf(t, 6, "%.1f%%", 100.0 * in_sl / (double)off);
	}
	if (ans > 0)
		rtab_dur(t, 5, (int64_t)(wait / (double)ans * 1e9));
}

/* An HTML chart of per-day values, one series per row of vals. */
static void
chart(struct ctx *x, const char *title, const char *unit,
    const char *const *names, const double *vals, size_t ns, int stacked)
{
	struct wake_chart_series s[NCOL];
	struct wake_chart_mark m[64];
	struct wake_chart c;
	size_t nb = (size_t)(x->p.d1 - x->p.d0), i, nm = 0;

	memset(&c, 0, sizeof(c));
	c.title = title;
	c.unit = unit;
	c.t0 = x->p.start;
	c.bin = DAY_S * NS;
	c.nbins = nb;
	c.stacked = stacked;
	for (i = 0; i < ns && i < NCOL; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].name = names[i];
		s[i].v = vals + i * nb;
		s[i].style = WAKE_CHART_BAR;
	}
	c.series = s;
	c.nseries = i;
	for (i = 0; i < x->f.l.n && nm < WK_NELEM(m); i++) {
		m[nm].t = inc_time(&x->f.l.v[i]);
		m[nm].label = x->f.l.v[i].id;
		m[nm].strong = 0;
		nm++;
	}
	c.marks = m;
	c.nmarks = nm;
	c.shade0 = c.shade1 = WAKE_TIME_NONE;
	if (x->r->o.tz != NULL) {
		c.tz = &x->r->o.tz;
		c.ntz = 1;
	}
	wk_out_puts(x->o, "<figure class=\"wk-chart\">\n");
	if (x->o->rc == WAKE_OK)
		x->o->rc = wake_chart_svg(&c, x->o->b);
	wk_out_puts(x->o, "<figcaption>");
	put_text(x->o, WAKE_REPORT_HTML, title);
	wk_out_puts(x->o, "</figcaption>\n</figure>\n");
}

static void
calls(struct ctx *x)
{
	static const char *const names[3] = { "answered", "abandoned",
	    "other" };
	const struct day *d;
	struct wk_table t;
	char buf[64], sl[48];
	double *vals;
	size_t nb = (size_t)(x->p.d1 - x->p.d0), i;
	int64_t day;

	heading(x, "Call center per day");
	if (!x->f.calls && !(x->prev && x->pf.calls)) {
		para(x, "No calls in the period.");
		return;
	}
	if (x->fmt == WAKE_REPORT_HTML && nb > 0 &&
	    (vals = calloc(3 * nb, sizeof(*vals))) != NULL) {
		for (i = 0; i < nb; i++)
			if ((d = day_find(x->r, x->p.d0 + (int64_t)i)) !=
			    NULL) {
				vals[i] = (double)d->answered;
				vals[nb + i] = (double)d->abandoned;
				vals[2 * nb + i] = (double)(d->offered -
				    WK_MIN(d->offered, d->answered +
				    d->abandoned));
			}
		chart(x, "Calls offered per day", "calls", names, vals, 3, 1);
		free(vals);
	}
	memset(&t, 0, sizeof(t));
	snprintf(sl, sizeof(sl), "Service level (%llds)",
	    (long long)(x->r->o.sl / NS));
	t.head[0] = "Day";
	t.head[1] = "Offered";
	t.head[2] = "Answered";
	t.head[3] = "Abandoned";
	t.head[4] = "Abandon rate";
	t.head[5] = "ASA";
	t.head[6] = sl;
	t.ncol = 7;
	for (i = 1; i < 7; i++)
		t.right[i] = 1;
	for (day = x->p.d0; day < x->p.d1; day++) {
		wk_table_row(&t);
		day_name(day, buf, sizeof(buf), 1);
		wk_table_set(&t, 0, buf);
		if ((d = day_find(x->r, day)) != NULL)
			call_cells(&t, d->offered, d->answered, d->abandoned,
			    d->in_sl, d->wait);
		else
			call_cells(&t, 0, 0, 0, 0, 0);
	}
	wk_table_row(&t);
	wk_table_set(&t, 0, "Total");
	call_cells(&t, x->f.offered, x->f.answered, x->f.abandoned,
	    x->f.in_sl, x->f.wait);
	if (x->prev) {
		wk_table_row(&t);
		wk_table_set(&t, 0, "Previous period");
		call_cells(&t, x->pf.offered, x->pf.answered, x->pf.abandoned,
		    x->pf.in_sl, x->pf.wait);
	}
	rtab_put(x->o, x->fmt, &t, "wk-tl");
	wk_table_free(&t);
}

/* Is c a channel of incidents: a marker said in it, or named inc-...? */
static int
incident_channel(const struct chan *c)
{
	const char *s = c->name;

	if (c->marker)
		return 1;
	if (*s == '#')
		s++;
	return (strncmp(s, "inc", 3) == 0 && (s[3] == '-' || s[3] == '_')) ||
	    (strncmp(s, "incident", 8) == 0 && (s[8] == '-' || s[8] == '_' ||
	    s[8] == '\0'));
}

static uint64_t
chan_count(const struct chan *c, int64_t d0, int64_t d1)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < c->nd; i++)
		if (c->d[i].day >= d0 && c->d[i].day < d1)
			n += c->d[i].n;
	return n;
}

struct chansel {
	const struct chan	*c;
	uint64_t		 n;
};

static int
cmp_chansel(const void *a, const void *b)
{
	const struct chansel *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->c->name, y->c->name);
}

static void
chat(struct ctx *x)
{
	struct chansel sel[64];
	const char *names[NCOL];
	struct wk_table t;
	char buf[64];
	double *vals = NULL;
	size_t ns = 0, i, k, nb = (size_t)(x->p.d1 - x->p.d0), show;
	uint64_t n, tot;
	int64_t day;

	heading(x, "Chat in incident channels");
	for (i = 0; i < x->r->nchans && ns < WK_NELEM(sel); i++)
		if (incident_channel(&x->r->chans[i]) &&
		    (n = chan_count(&x->r->chans[i], x->p.d0, x->p.d1)) > 0) {
			sel[ns].c = &x->r->chans[i];
			sel[ns++].n = n;
		}
	if (ns == 0) {
		para(x, "No chat in incident channels in the period.");
		return;
	}
	qsort(sel, ns, sizeof(*sel), cmp_chansel);
	show = WK_MIN(ns, (size_t)NCOL - 2);
	para(x, "Messages per day in the channels where an incident was "
	    "acknowledged, mitigated or resolved, or named inc-...");
	if (x->fmt == WAKE_REPORT_TEXT)
		wk_out_putc(x->o, '\n');
	for (k = 0; k < show; k++)
		names[k] = sel[k].c->name;
	if (x->fmt == WAKE_REPORT_HTML && nb > 0 &&
	    (vals = calloc(show * nb, sizeof(*vals))) != NULL) {
		for (k = 0; k < show; k++)
			for (i = 0; i < nb; i++)
				vals[k * nb + i] = (double)chan_count(sel[k].c,
				    x->p.d0 + (int64_t)i,
				    x->p.d0 + (int64_t)i + 1);
		chart(x, "Chat messages per day", "messages", names, vals,
		    show, 1);
		free(vals);
	}
	memset(&t, 0, sizeof(t));
	t.head[0] = "Day";
	for (k = 0; k < show; k++) {
		t.head[1 + k] = names[k];
		t.right[1 + k] = 1;
	}
	t.head[1 + show] = ns > show ? "Others and total" : "Total";
	t.right[1 + show] = 1;
	t.ncol = show + 2;
	for (day = x->p.d0; day <= x->p.d1; day++) {
		wk_table_row(&t);
		day_name(day, buf, sizeof(buf), 1);
		wk_table_set(&t, 0, day < x->p.d1 ? buf : "Total");
		tot = 0;
		for (k = 0; k < ns; k++) {
			n = day < x->p.d1 ? chan_count(sel[k].c, day,
			    day + 1) : sel[k].n;
			tot += n;
			if (k < show)
				wk_table_set(&t, 1 + k, count(buf, sizeof(buf),
				    n));
		}
		wk_table_set(&t, 1 + show, count(buf, sizeof(buf), tot));
	}
	rtab_put(x->o, x->fmt, &t, "wk-tl");
	wk_table_free(&t);
}

/* ---- JSON ---- */

static void
jstr(struct wk_out *o, const char *s)
{
	if (s == NULL)
		wk_out_puts(o, "null");
	else
		put_text(o, WAKE_REPORT_JSON, s);
}

static void
jtime(struct wk_out *o, wake_time_t t)
{
	char ts[25];

	if (t == WAKE_TIME_NONE) {
		wk_out_puts(o, "null");
		return;
	}
	wake_time_format(t, ts);
	wk_out_printf(o, "\"%s\"", ts);
}

/* Seconds to the millisecond, or null. */
static void
jsecs(struct wk_out *o, int64_t ns)
{
	uint64_t v;
	unsigned ms;

	if (ns == WAKE_TIME_NONE) {
		wk_out_puts(o, "null");
		return;
	}
	v = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
	ms = (unsigned)(v % (uint64_t)NS / 1000000);
	wk_out_printf(o, "%s%llu", ns < 0 && v >= 1000000 ? "-" : "",
	    (unsigned long long)(v / (uint64_t)NS));
	if (ms > 0)
		wk_out_printf(o, ".%03u", ms);
}

static void
jperiod(struct wk_out *o, const struct wake_report *r, const struct period *p)
{
	char a[16], b[16];

	day_name(p->d0, a, sizeof(a), 0);
	day_name(p->d1 - 1, b, sizeof(b), 0);
	wk_out_puts(o, "{\"start\":");
	jtime(o, p->start);
	wk_out_puts(o, ",\"end\":");
	jtime(o, p->end);
	wk_out_printf(o, ",\"first_day\":\"%s\",\"last_day\":\"%s\",\"tz\":", a, b);
	jstr(o, zone_name(r));
	wk_out_putc(o, '}');
}

static void
jcalls(struct wk_out *o, uint64_t off, uint64_t ans, uint64_t ab, double in_sl,
    double wait)
{
	wk_out_printf(o, "\"offered\":%llu,\"answered\":%llu,\"abandoned\":%llu,",
	    (unsigned long long)off, (unsigned long long)ans,
	    (unsigned long long)ab);
	if (off > 0)
		wk_out_printf(o, "\"abandon_rate\":%.4f,\"service_level\":%.4f,",
		    (double)ab / (double)off, in_sl / (double)off);
	else
		wk_out_puts(o, "\"abandon_rate\":null,\"service_level\":null,");
	if (ans > 0)
		wk_out_printf(o, "\"asa\":%.1f", wait / (double)ans);
	else
		wk_out_puts(o, "\"asa\":null");
}

static void
jfigures(struct wk_out *o, const struct figures *f)
{
	static const int ivs[4] = { WAKE_IV_TTD, WAKE_IV_TTA, WAKE_IV_TTM,
	    WAKE_IV_TTR };
	const struct wake_interval_stats *s;
	int k;

	wk_out_printf(o, "{\"incidents\":%zu,\"measured\":%zu,\"declared\":%zu,"
	    "\"impact\":", f->l.n, f->measured, f->l.n - f->measured);
	jsecs(o, f->impact_n > 0 ? f->impact : WAKE_TIME_NONE);
	wk_out_printf(o, ",\"impact_n\":%zu", f->impact_n);
	for (k = 0; k < 4; k++) {
		s = &f->iv[ivs[k]];
		wk_out_printf(o, ",\"%s\":{\"n\":%zu,\"mean\":",
		    wake_interval_name(ivs[k]), s->n);
		jsecs(o, s->n > 0 ? s->mean : WAKE_TIME_NONE);
		wk_out_puts(o, ",\"median\":");
		jsecs(o, s->n > 0 ? s->median : WAKE_TIME_NONE);
		wk_out_puts(o, ",\"p90\":");
		jsecs(o, s->n > 0 ? s->p90 : WAKE_TIME_NONE);
		wk_out_puts(o, ",\"max\":");
		jsecs(o, s->n > 0 ? s->max : WAKE_TIME_NONE);
		wk_out_putc(o, '}');
	}
	wk_out_puts(o, ",\"calls\":{");
	jcalls(o, f->offered, f->answered, f->abandoned, f->in_sl, f->wait);
	wk_out_printf(o, "},\"chat\":%llu}", (unsigned long long)f->chat);
}

static void
json_keys(struct ctx *x, struct keytab *kt, int tmpl)
{
	struct key **v;
	size_t n, i;

	key_hits(kt, &x->f.l);
	n = key_top(kt, x->r->o.top, &v);
	wk_out_puts(x->o, tmpl ? ",\n\"templates\":[" : ",\n\"hosts\":[");
	for (i = 0; i < n; i++) {
		wk_out_puts(x->o, i > 0 ? ",\n{" : "\n{");
		wk_out_puts(x->o, tmpl ? "\"tmpl\":" : "\"host\":");
		jstr(x->o, v[i]->name);
		wk_out_printf(x->o, ",\"incidents\":%zu,\"events\":%llu", v[i]->hits,
		    (unsigned long long)v[i]->events);
		if (tmpl) {
			wk_out_puts(x->o, ",\"example\":");
			jstr(x->o, v[i]->example);
		}
		wk_out_putc(x->o, '}');
	}
	wk_out_puts(x->o, "]");
	free(v);
}

static void
write_json(struct ctx *x)
{
	const struct wake_incident *inc;
	const struct cause *c;
	const struct day *d;
	struct wk_out *o = x->o;
	char buf[32];
	size_t i, k, first;
	int64_t day;
	uint64_t n;
	int p, iv;

	wk_out_puts(o, "{\"title\":");
	jstr(o, x->r->o.title);
	wk_out_puts(o, ",\n\"period\":");
	jperiod(o, x->r, &x->p);
	wk_out_puts(o, ",\n\"previous\":");
	if (x->prev)
		jperiod(o, x->r, &x->pp);
	else
		wk_out_puts(o, "null");
	if (x->r->o.now != WAKE_TIME_NONE) {
		wk_out_puts(o, ",\n\"generated\":");
		jtime(o, x->r->o.now);
	}
	wk_out_puts(o, ",\n\"headline\":");
	jfigures(o, &x->f);
	wk_out_puts(o, ",\n\"previous_headline\":");
	if (x->prev)
		jfigures(o, &x->pf);
	else
		wk_out_puts(o, "null");
	wk_out_puts(o, ",\n\"incidents\":[");
	for (i = 0; i < x->f.l.n; i++) {
		inc = &x->f.l.v[i];
		wk_out_puts(o, i > 0 ? ",\n{\"id\":" : "\n{\"id\":");
		jstr(o, inc->id);
		wk_out_puts(o, ",\"title\":");
		jstr(o, inc->title);
		wk_out_puts(o, inc->basis == WAKE_INCIDENT_MEASURED ?
		    ",\"basis\":\"measured\"" : ",\"basis\":\"declared\"");
		for (p = 0; p < WAKE_PHASE_COUNT; p++) {
			wk_out_printf(o, ",\"%s\":", wake_phase_name(p));
			jtime(o, inc->t[p]);
		}
		wk_out_puts(o, ",\"impact\":");
		jsecs(o, inc->t[WAKE_PHASE_START] != WAKE_TIME_NONE &&
		    inc_end(inc) != WAKE_TIME_NONE ? inc_end(inc) -
		    inc->t[WAKE_PHASE_START] : WAKE_TIME_NONE);
		for (iv = 0; iv < WAKE_IV_COUNT; iv++) {
			wk_out_printf(o, ",\"%s\":", wake_interval_name(iv));
			jsecs(o, wake_incident_interval(inc, iv));
		}
		wk_out_puts(o, ",\"cause\":");
		if ((c = top_cause(x->r, inc)) != NULL) {
			wk_out_puts(o, "{\"kind\":");
			jstr(o, c->kind);
			wk_out_puts(o, ",\"summary\":");
			jstr(o, c->summary);
			wk_out_printf(o, ",\"score\":%.2f}", c->score);
		} else
			wk_out_puts(o, "null");
		wk_out_putc(o, '}');
	}
	wk_out_puts(o, "]");
	json_keys(x, &x->r->tmpl, 1);
	json_keys(x, &x->r->host, 0);
	wk_out_puts(o, ",\n\"calls\":[");
	for (day = x->p.d0, first = 1; day < x->p.d1; day++) {
		if ((d = day_find(x->r, day)) == NULL)
			continue;
		day_name(day, buf, sizeof(buf), 0);
		wk_out_printf(o, "%s{\"day\":\"%s\",", first ? "\n" : ",\n", buf);
		jcalls(o, d->offered, d->answered, d->abandoned, d->in_sl,
		    d->wait);
		wk_out_putc(o, '}');
		first = 0;
	}
	wk_out_puts(o, "],\n\"chat\":[");
	for (day = x->p.d0, first = 1; day < x->p.d1; day++)
		for (k = 0; k < x->r->nchans; k++) {
			if (!incident_channel(&x->r->chans[k]) ||
			    (n = chan_count(&x->r->chans[k], day, day + 1)) ==
			    0)
				continue;
			day_name(day, buf, sizeof(buf), 0);
			wk_out_printf(o, "%s{\"day\":\"%s\",\"channel\":",
			    first ? "\n" : ",\n", buf);
			jstr(o, x->r->chans[k].name);
			wk_out_printf(o, ",\"messages\":%llu}", (unsigned long long)n);
			first = 0;
		}
	wk_out_puts(o, "]}\n");
}

/* ---- the whole report ---- */

static void
title_line(struct ctx *x)
{
	char a[16], b[16], pa[16], pb[16], buf[256], zb[64];

	day_name(x->p.d0, a, sizeof(a), 0);
	day_name(x->p.d1 - 1, b, sizeof(b), 0);
	switch (x->fmt) {
	case WAKE_REPORT_MD:
		wk_out_puts(x->o, "# ");
		put_text(x->o, x->fmt, x->r->o.title);
		wk_out_printf(x->o, ": %s to %s\n\n", a, b);
		break;
	case WAKE_REPORT_TEXT:
		put_text(x->o, x->fmt, x->r->o.title);
		wk_out_printf(x->o, ": %s to %s\n", a, b);
		break;
	default:
		wk_out_puts(x->o, "<h1>");
		put_text(x->o, x->fmt, x->r->o.title);
		wk_out_printf(x->o, ": %s to %s</h1>\n", a, b);
		break;
	}
	wake_render_zone_label(zone_name(x->r), zb, sizeof(zb));
	if (day_start(x->r, x->p.d0) == x->p.start &&
	    day_start(x->r, x->p.d1) == x->p.end)
		snprintf(buf, sizeof(buf), "%lld day%s, %s 00:00 to %s 24:00 "
		    "(%s)", (long long)(x->p.d1 - x->p.d0),
		    x->p.d1 - x->p.d0 == 1 ? "" : "s", a, b, zb);
	else {
		struct wake_buf t0 = WAKE_BUF_INIT, t1 = WAKE_BUF_INIT;

		if (wake_render_clock(x->p.start, x->r->o.tz, WAKE_CLOCK_DATE,
		    &t0) == WAKE_OK && wake_buf_putc(&t0, '\0') == WAKE_OK &&
		    wake_render_clock(x->p.end, x->r->o.tz, WAKE_CLOCK_DATE,
		    &t1) == WAKE_OK && wake_buf_putc(&t1, '\0') == WAKE_OK)
			snprintf(buf, sizeof(buf), "From %s to %s (%s); the "
			    "tables per day cover whole days", t0.p, t1.p, zb);
		else
			buf[0] = '\0';
		wake_buf_free(&t0);
		wake_buf_free(&t1);
	}
	if (x->prev) {
		day_name(x->pp.d0, pa, sizeof(pa), 0);
		day_name(x->pp.d1 - 1, pb, sizeof(pb), 0);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		    "; compared with %s to %s", pa, pb);
		/* Days, not seconds: a log starts just after midnight. */
		if (x->begins != WAKE_TIME_NONE &&
		    day_of(x->r, x->begins) > x->pp.d0) {
			day_name(day_of(x->r, x->begins), pa, sizeof(pa), 0);
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			    ", of which the input holds only from %s on", pa);
		}
	} else if (x->r->o.previous) {
		day_name(x->pp.d0, pa, sizeof(pa), 0);
		day_name(x->pp.d1 - 1, pb, sizeof(pb), 0);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		    "; not compared with %s to %s: the input holds nothing "
		    "from then", pa, pb);
	}
	snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), ".");
	if (x->r->o.now != WAKE_TIME_NONE) {
		char ts[25];

		wake_time_format(x->r->o.now, ts);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
		    " Generated %.10s %.5s UTC.", ts, ts + 11);
	}
	para(x, buf);
}

static void
html_head(struct ctx *x)
{
	char a[16], b[16];

	day_name(x->p.d0, a, sizeof(a), 0);
	day_name(x->p.d1 - 1, b, sizeof(b), 0);
	wk_out_puts(x->o, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/"
	    "xhtml\" lang=\"en\" xml:lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"/>\n<title>");
	put_text(x->o, x->fmt, x->r->o.title);
	wk_out_printf(x->o, ": %s to %s</title>\n<style>\n", a, b);
	wk_out_puts(x->o, wake_render_css());
	wk_out_puts(x->o, "\n</style>\n</head>\n<body>\n<main>\n");
}

static int
end_of_input(const struct wake_report *r, wake_time_t *end)
{
	wake_time_t m = r->max_ts;
	size_t i;
	int p;

	for (i = 0; i < r->inc.n; i++)
		for (p = 0; p < WAKE_PHASE_COUNT; p++)
			if (r->inc.v[i].t[p] != WAKE_TIME_NONE &&
			    (m == WAKE_TIME_NONE || r->inc.v[i].t[p] > m))
				m = r->inc.v[i].t[p];
	if (m == WAKE_TIME_NONE)
		return WAKE_EOF;
	/* The day of the last event counts once it is over. */
	*end = day_start(r, day_of(r, m) + 1);
	if (r->o.clock != WAKE_TIME_NONE && *end > r->o.clock)
		*end = day_start(r, day_of(r, m));
	return WAKE_OK;
}

int
wake_report_write(struct wake_report *r, struct wake_buf *out)
{
	struct wk_out o = { out, WAKE_OK };
	struct ctx x;
	wake_time_t end = r->o.end;
	int rc;

	wake_incidents_sort(&r->inc);
	if (end == WAKE_TIME_NONE && (rc = end_of_input(r, &end)) != WAKE_OK)
		return rc;
	memset(&x, 0, sizeof(x));
	x.r = r;
	x.o = &o;
	x.fmt = r->o.format;
	x.prev = r->o.previous;
	period_make(r, end, &x.p);
	period_make(r, x.p.start, &x.pp);
	/*
	 * Where the events begin: a period before them is no period of
	 * nothing happening.  Incident tables alone tell no coverage:
	 * they are compared as they are.
	 */
	x.begins = r->min_ts;
	if (x.prev && x.begins != WAKE_TIME_NONE && x.begins >= x.pp.end)
		x.prev = 0;
	if ((rc = figures_make(r, &x.p, &x.f)) != WAKE_OK ||
	    (x.prev && (rc = figures_make(r, &x.pp, &x.pf)) != WAKE_OK)) {
		free(x.f.l.v);
		free(x.pf.l.v);
		return rc;
	}
	if (x.fmt == WAKE_REPORT_JSON)
		write_json(&x);
	else {
		if (x.fmt == WAKE_REPORT_HTML)
			html_head(&x);
		title_line(&x);
		headline(&x);
		incidents(&x);
		recurring(&x, &r->tmpl, 1);
		recurring(&x, &r->host, 0);
		calls(&x);
		chat(&x);
		if (r->runs_full)
			para(&x, "(Templates and hosts: the per-minute counts "
			    "reached their cap; later events were not "
			    "counted.)");
		if (x.fmt == WAKE_REPORT_HTML)
			wk_out_puts(&o, "</main>\n</body>\n</html>\n");
	}
	free(x.f.l.v);
	free(x.pf.l.v);
	return o.rc;
}
