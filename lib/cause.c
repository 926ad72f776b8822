/*
 * Root cause candidates (wake-cause(1)).
 *
 * One pass over a time-ordered stream, with the window known before it
 * starts (from --window, or from the phase events a first pass found:
 * wake-detect writes them when an incident closes, so they may come
 * after the events they describe).  Knowing the window first keeps the
 * state to counters: per template, host, source and failure
 * destination, a count in the baseline before the window and in the
 * window, the first occurrence in the window, and a few evidence lines;
 * plus the change events of the lookback.  Tables are capped; what does
 * not fit is counted and said.
 *
 * The scores (see wake-cause(1)) are products of factors in [0,1], each
 * with one meaning, so that a change, a template and an external cause
 * can be ranked in one list:
 *
 *	surge s = 1 - exp(-G / 20), G the Poisson likelihood-ratio
 *		  statistic of the window count against the baseline rate
 *		  (baseline count + 0.5, so a new template is not infinite)
 *	early f = exp(-(first - start) / 30 min)
 *	near  p = exp(-(start - change) / (lookback / 3))
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <wake/cause.h>
#include <wake/incident.h>
#include <wake/mine.h>
#include <wake/time.h>

#include "internal.h"

#define NS_S		1000000000LL
#define NS_MIN		(60 * NS_S)
#define NS_H		(3600 * NS_S)

#define MSG_MAX		512	/* evidence msg cap */
#define TMPL_MAX	512	/* template text cap */
#define TBL_MAX		16384	/* entries per table */
#define EV_CAP		16	/* evidence lines kept per entry */
#define LEV_CAP		4	/* and of a template before impact */
#define CHG_MAX		256	/* change groups in the lookback */
#define CHG_TOK_MAX	1024	/* token text of a change */
#define INC_MAX		1024	/* incidents noted by the scan */
#define TAU_EARLY	(30 * NS_MIN)
/*
 * A measured start is the start of a rate bin, which may come before
 * the change that caused it: changes count up to the first failure
 * seen, at most this long after the start.
 */
#define CHG_GRACE	(15 * NS_MIN)
/*
 * A message never seen before that comes in the last minutes before
 * impact and speaks of trouble is the first failure, however few its
 * lines: a service that failed to start, a disk that filled.
 */
#define PRE_LEAD	(15 * NS_MIN)
#define PRE_HISTORY	(NS_H)		/* the stream before one, at least */

/* ---- small helpers ---- */

static uint64_t
fnv(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
#define FNV0	0xcbf29ce484222325ULL

static char *
xstrndup(const char *p, size_t n)
{
	char *s;

	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	if (n > 0)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static int
has_ci(const char *p, size_t n, const char *lit)
{
	size_t m = strlen(lit), i, j;

	if (m > n)
		return 0;
	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++) {
			unsigned char a = (unsigned char)p[i + j];

			if (a >= 'A' && a <= 'Z')
				a += 'a' - 'A';
			if (a != (unsigned char)lit[j])
				break;
		}
		if (j == m)
			return 1;
	}
	return 0;
}

/* Likelihood-ratio statistic of w seen where lambda was expected. */
static double
lr_stat(double w, double lambda)
{
	if (lambda <= 0)
		lambda = 1e-9;
	if (w <= lambda)
		return 0;
	return 2 * (w * log(w / lambda) - (w - lambda));
}

/*
 * Surge strength in [0,1): window count w over tw ns against baseline
 * count b over tb ns, the baseline smoothed by half an event and
 * scaled by vf (traffic growth).  Significance alone would call 5% more
 * of a common message a surge; the second factor asks for size too:
 * sqrt(1 - 1/r), r the ratio of observed to expected (r = 2: 0.71).
 */
static double
surge(double w, double b, int64_t tw, int64_t tb, double vf)
{
	double lambda;

	if (w <= 0)
		return 0;
	lambda = (b + 0.5) * (double)tw / (double)tb * vf;
	if (w <= lambda)
		return 0;
	return (1 - exp(-lr_stat(w, lambda) / 20)) * sqrt(1 - lambda / w);
}

static double
early(wake_time_t t, wake_time_t start)
{
	if (t == WAKE_TIME_NONE || t <= start)
		return 1;
	return exp(-(double)(t - start) / (double)TAU_EARLY);
}

/* "22s", "3m25s", "1h02m", "2d03h". */
static void
dur_fmt(int64_t ns, char *out, size_t sz)
{
	int64_t s = ns / NS_S;
	const char *sign = "";

	if (s < 0) {
		sign = "-";
		s = -s;
	}
	if (s < 60)
		snprintf(out, sz, "%s%llds", sign, (long long)s);
	else if (s < 3600)
		snprintf(out, sz, "%s%lldm%02llds", sign, (long long)(s / 60),
		    (long long)(s % 60));
	else if (s < 86400)
		snprintf(out, sz, "%s%lldh%02lldm", sign,
		    (long long)(s / 3600), (long long)(s % 3600 / 60));
	else
		snprintf(out, sz, "%s%lldd%02lldh", sign,
		    (long long)(s / 86400), (long long)(s % 86400 / 3600));
	/* Whole hours read better as hours: "6h", "24h", "48h". */
	if (s % 3600 == 0 && s >= 3600 && s < 1000 * 3600)
		snprintf(out, sz, "%s%lldh", sign, (long long)(s / 3600));
}

/* An offset from impact start: "+22s", "-7s". */
static void
rel_fmt(int64_t ns, char *out, size_t sz)
{
	out[0] = ns < 0 ? '-' : '+';
	dur_fmt(ns < 0 ? -ns : ns, out + 1, sz - 1);
}

/* "09:12:10" (with the date when day differs from ref's). */
static void
clock_fmt(wake_time_t t, wake_time_t ref, char *out, size_t sz)
{
	char a[25], b[25];

	wake_time_format(t, a);
	wake_time_format(ref, b);
	if (memcmp(a, b, 10) == 0)
		snprintf(out, sz, "%.8s", a + 11);
	else
		snprintf(out, sz, "%.10s %.8s", a, a + 11);
}

/* ---- evidence ---- */

static void
evid_free(struct wake_cause_evidence *e)
{
	/* One block holds all four strings. */
	free((char *)(uintptr_t)e->origin);
	memset(e, 0, sizeof(*e));
}

static int
evid_keep(struct wake_cause_evidence *e, const struct wake_event *ev)
{
	const struct wake_str *o = wake_event_attr_get(ev, "origin");
	const char *nl = memchr(ev->msg.p, '\n', ev->msg.n);
	size_t on = o != NULL ? o->n : 0, mn = WK_MIN(ev->msg.n, MSG_MAX);
	size_t sn = ev->src.n, hn = ev->host.n;
	char *p;

	/* The first line says it; a stack trace's frames would not. */
	if (nl != NULL && (size_t)(nl - ev->msg.p) < mn)
		mn = (size_t)(nl - ev->msg.p);

	/* Cut msg at a UTF-8 boundary so the cap splits no character. */
	while (mn > 0 && mn < ev->msg.n &&
	    ((unsigned char)ev->msg.p[mn] & 0xc0) == 0x80)
		mn--;
	if (hn == 1 && ev->host.p[0] == '-')
		hn = 0;
	if ((p = malloc(on + sn + hn + mn + 4)) == NULL)
		return WAKE_ERR_NOMEM;
	e->ts = ev->ts;
	e->origin = p;
	if (on > 0)
		memcpy(p, o->p, on);
	p[on] = '\0';
	p += on + 1;
	e->src = p;
	if (sn > 0)
		memcpy(p, ev->src.p, sn);
	p[sn] = '\0';
	p += sn + 1;
	e->host = p;
	if (hn > 0)
		memcpy(p, ev->host.p, hn);
	p[hn] = '\0';
	p += hn + 1;
	e->msg = p;
	if (mn > 0)
		memcpy(p, ev->msg.p, mn);
	p[mn] = '\0';
	return WAKE_OK;
}

static int
evid_copy(struct wake_cause_evidence *dst,
    const struct wake_cause_evidence *src)
{
	size_t on = strlen(src->origin), sn = strlen(src->src);
	size_t hn = strlen(src->host), mn = strlen(src->msg);
	char *p;

	if ((p = malloc(on + sn + hn + mn + 4)) == NULL)
		return WAKE_ERR_NOMEM;
	dst->ts = src->ts;
	memcpy(p, src->origin, on + 1);
	dst->origin = p;
	p += on + 1;
	memcpy(p, src->src, sn + 1);
	dst->src = p;
	p += sn + 1;
	memcpy(p, src->host, hn + 1);
	dst->host = p;
	p += hn + 1;
	memcpy(p, src->msg, mn + 1);
	dst->msg = p;
	return WAKE_OK;
}

/* ---- counter tables ---- */

struct ent {
	uint64_t	 key;
	char		*name;		/* template text, host, src, dest */
	char		*src;		/* templates: the source */
	char		*host;		/* templates: host of first in window */
	int		 pre;		/* seen before the baseline range */
	int		 kind;		/* templates: event kind */
	int		 sev;		/* worst severity in the window */
	double		 base, win;	/* counted events (or weights) */
	wake_time_t	 first_win;
	/* templates: in the PRE_LEAD before impact (counted in base) */
	double		 lead;
	wake_time_t	 first_lead;
	int		 lsev;		/* worst severity there */
	char		*lhost;		/* host of the first there */
	struct wake_cause_evidence lev[LEV_CAP];
	size_t		 nlev;
	int		 precursor;	/* ranked as one */
	double		 pscore;	/* its score then */
	/* per-minute onset (hosts, sources) */
	int64_t		 minute;
	double		 mcount;
	struct wake_cause_evidence mfirst;
	wake_time_t	 onset;
	struct wake_cause_evidence onset_ev;
	double		 onset_s;	/* strength behind the onset */
	/* sources: events that are not trouble (traffic) */
	double		 ok_base, ok_win;
	/* results */
	double		 s;
	int		 anomalous;
	struct ent	*into;		/* templates: folded into this one */
	uint64_t	 mkey;		/* templates keyed by tmpl=: the masked
					   key of the first message */
	struct wake_cause_evidence ev[EV_CAP];
	size_t		 nev;
};

struct tbl {
	struct ent	**v;		/* open addressing, cap a power of 2 */
	size_t		 cap;
	size_t		 n;
	uint64_t	 dropped;	/* events of entries that did not fit */
};

static void
ent_free(struct ent *e)
{
	size_t i;

	if (e == NULL)
		return;
	free(e->name);
	free(e->src);
	free(e->host);
	evid_free(&e->mfirst);
	evid_free(&e->onset_ev);
	for (i = 0; i < e->nev; i++)
		evid_free(&e->ev[i]);
	free(e->lhost);
	for (i = 0; i < e->nlev; i++)
		evid_free(&e->lev[i]);
	free(e);
}

static void
tbl_free(struct tbl *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		ent_free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static int
tbl_grow(struct tbl *t)
{
	struct ent **nv;
	size_t ncap = t->cap ? t->cap * 2 : 256, i, j;

	if ((nv = calloc(ncap, sizeof(*nv))) == NULL)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < t->cap; i++) {
		if (t->v[i] == NULL)
			continue;
		for (j = t->v[i]->key & (ncap - 1); nv[j] != NULL;
		    j = (j + 1) & (ncap - 1))
			;
		nv[j] = t->v[i];
	}
	free(t->v);
	t->v = nv;
	t->cap = ncap;
	return WAKE_OK;
}

/*
 * The entry of key; made (named name) when absent and room is left.
 * *e is NULL when the table is full; returns WAKE_OK or NOMEM.
 */
static int
tbl_get(struct tbl *t, uint64_t key, const char *name, size_t nn,
    struct ent **ep)
{
	struct ent *e;
	size_t j;

	*ep = NULL;
	if (t->cap > 0)
		for (j = key & (t->cap - 1); t->v[j] != NULL;
		    j = (j + 1) & (t->cap - 1))
			if (t->v[j]->key == key) {
				*ep = t->v[j];
				return WAKE_OK;
			}
	if (t->n >= TBL_MAX) {
		t->dropped++;
		return WAKE_OK;
	}
	if ((t->n + 1) * 2 > t->cap && tbl_grow(t) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	if ((e = calloc(1, sizeof(*e))) == NULL)
		return WAKE_ERR_NOMEM;
	if ((e->name = xstrndup(name, nn)) == NULL) {
		free(e);
		return WAKE_ERR_NOMEM;
	}
	e->key = key;
	e->sev = WAKE_SEV_NONE;
	e->lsev = WAKE_SEV_NONE;
	e->first_win = WAKE_TIME_NONE;
	e->first_lead = WAKE_TIME_NONE;
	e->onset = WAKE_TIME_NONE;
	e->minute = -1;
	for (j = key & (t->cap - 1); t->v[j] != NULL;
	    j = (j + 1) & (t->cap - 1))
		;
	t->v[j] = e;
	t->n++;
	*ep = e;
	return WAKE_OK;
}

static struct ent *
tbl_find(const struct tbl *t, uint64_t key)
{
	size_t j;

	if (t->cap == 0)
		return NULL;
	for (j = key & (t->cap - 1); t->v[j] != NULL;
	    j = (j + 1) & (t->cap - 1))
		if (t->v[j]->key == key)
			return t->v[j];
	return NULL;
}

/* ---- changes ---- */

struct chg {
	char		*id;		/* change= or "" */
	char		*host;
	char		*actor;
	char		 tok[CHG_TOK_MAX];	/* lower-case words */
	size_t		 ntok;
	wake_time_t	 first;
	wake_time_t	 last_before;	/* last event at or before start */
	int		 merged;	/* folded into another change */
	unsigned	 mentions;	/* named by chat, alerts, reports */
	struct wake_cause_evidence ev[EV_CAP];
	size_t		 nev;
	/* results */
	double		 near, rel, score;
	char		 relto[128];	/* what it relates to */
	char		 reltok[64];	/* the word a failing message and
					   it share ("" when a host) */
	double		 over;		/* at least this: the score of the
					   precursor it explains, and a bit */
};

static void
chg_free(struct chg *g)
{
	size_t i;

	if (g == NULL)
		return;
	free(g->id);
	free(g->host);
	free(g->actor);
	for (i = 0; i < g->nev; i++)
		evid_free(&g->ev[i]);
	free(g);
}

/* Append lower-case words of p to the change's token text. */
static void
chg_tokens(struct chg *g, const char *p, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; ) {
		while (i < n && strchr(" \t\n\r,;()[]{}\"'<>=|", p[i]) != NULL)
			i++;
		for (k = i; k < n &&
		    strchr(" \t\n\r,;()[]{}\"'<>=|", p[k]) == NULL; k++)
			;
		/* drop a trailing ':' or '.' ("done." "core-rtr-01:") */
		while (k > i && (p[k - 1] == ':' || p[k - 1] == '.'))
			k--;
		if (k - i >= 3 && g->ntok + (k - i) + 2 < CHG_TOK_MAX) {
			size_t j;

			for (j = i; j < k; j++) {
				unsigned char c = (unsigned char)p[j];

				g->tok[g->ntok++] = (char)(c >= 'A' &&
				    c <= 'Z' ? c + 'a' - 'A' : c);
			}
			g->tok[g->ntok++] = ' ';
			g->tok[g->ntok] = '\0';
		}
		while (k < n && strchr(" \t\n\r,;()[]{}\"'<>=|", p[k]) == NULL)
			k++;
		i = k;
	}
}

/* ---- the analyser ---- */

struct cand {
	struct wake_cause_cand	 c;
	char			*summary;
	char			*subject;
	struct wake_cause_evidence ev[EV_CAP];
};

struct wake_cause {
	struct wake_cause_opts	 o;
	char			*incident;	/* opts.incident copy */
	char			 incid[40];	/* incident used */
	char			 err[160];
	wake_time_t		 start, end, bstart;
	wake_time_t		 first_ts, last_ts;
	int			 have_window;
	int			 need_scan;
	int			 finished;
	struct tbl		 tmpl, host, src, dest;
	struct tbl		 seen;	/* masked keys before start, when
					   tmpl= gave the keys */
	struct chg		*chg[CHG_MAX];
	size_t			 nchg;
	uint64_t		 chg_dropped;
	/* the latest change before the lookback (for the words) */
	char			*old_id;
	char			*old_host;
	wake_time_t		 old_ts;
	struct wake_incidents	 incs;		/* from the phase events */
	struct cand		*cand;
	size_t			 ncand;
	struct wake_buf		 tmp;
	struct wk_mtoks		*mtoks;		/* the tokenizer's buffers */
	uint64_t		 dom[64];	/* domains of the hosts seen */
	size_t			 ndom;
	uint64_t		 events;
};

const char *
wake_cause_kind_name(int kind)
{
	static const char *const names[WAKE_CAUSE_NKINDS] = {
		"change", "template", "host", "source", "external"
	};

	return kind >= 0 && kind < WAKE_CAUSE_NKINDS ? names[kind] : "?";
}

int
wake_cause_new(struct wake_cause **cp, const struct wake_cause_opts *o)
{
	struct wake_cause *c;

	*cp = NULL;
	if (o->start != WAKE_TIME_NONE && o->end != WAKE_TIME_NONE &&
	    o->end <= o->start)
		return WAKE_ERR_USAGE;
	/* Ten years is plenty, and keeps start - lookback in range. */
	if (o->lookback < 0 || o->baseline < 0 ||
	    o->lookback > 3650 * 24 * NS_H || o->baseline > 3650 * 24 * NS_H)
		return WAKE_ERR_USAGE;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return WAKE_ERR_NOMEM;
	c->o = *o;
	if (c->o.lookback == 0)
		c->o.lookback = 6 * NS_H;
	if (c->o.baseline == 0)
		c->o.baseline = 24 * NS_H;
	if (c->o.max == 0)
		c->o.max = 10;
	if (c->o.evidence == 0)
		c->o.evidence = 3;
	if (c->o.evidence > EV_CAP)
		c->o.evidence = EV_CAP;
	if (o->incident != NULL &&
	    (c->incident = xstrndup(o->incident, strlen(o->incident))) ==
	    NULL) {
		free(c);
		return WAKE_ERR_NOMEM;
	}
	c->o.incident = c->incident;
	if ((c->mtoks = calloc(1, sizeof(*c->mtoks))) == NULL) {
		free(c->incident);
		free(c);
		return WAKE_ERR_NOMEM;
	}
	c->first_ts = c->last_ts = WAKE_TIME_NONE;
	c->old_ts = WAKE_TIME_NONE;
	c->start = o->start;
	c->end = o->end;
	if (o->start != WAKE_TIME_NONE) {
		/* A window given: an id given too only names it. */
		c->have_window = 1;
		c->bstart = c->start - c->o.baseline;
		if (o->incident != NULL)
			snprintf(c->incid, sizeof(c->incid), "%s",
			    o->incident);
	} else
		c->need_scan = 1;
	*cp = c;
	return WAKE_OK;
}

static void
cands_free(struct wake_cause *c)
{
	size_t i, j;

	for (i = 0; i < c->ncand; i++) {
		free(c->cand[i].summary);
		free(c->cand[i].subject);
		for (j = 0; j < c->cand[i].c.nev; j++)
			evid_free(&c->cand[i].ev[j]);
	}
	free(c->cand);
	c->cand = NULL;
	c->ncand = 0;
}

void
wake_cause_free(struct wake_cause *c)
{
	size_t i;

	if (c == NULL)
		return;
	cands_free(c);
	tbl_free(&c->tmpl);
	tbl_free(&c->host);
	tbl_free(&c->src);
	tbl_free(&c->dest);
	tbl_free(&c->seen);
	for (i = 0; i < c->nchg; i++)
		chg_free(c->chg[i]);
	free(c->old_id);
	free(c->old_host);
	wake_incidents_free(&c->incs);
	free(c->incident);
	wake_buf_free(&c->tmp);
	if (c->mtoks != NULL) {
		wk_mine_toks_free(c->mtoks);
		free(c->mtoks);
	}
	free(c);
}

const char *
wake_cause_error(const struct wake_cause *c)
{
	return c->err;
}

int
wake_cause_need_scan(const struct wake_cause *c)
{
	return c->need_scan;
}

int
wake_cause_parse_window(const char *s, wake_time_t *start, wake_time_t *end)
{
	const char *dots = strstr(s, "..");
	struct wake_tz *tz = NULL;
	const char *why;
	char buf[128];
	int rel, rc = WAKE_OK;
	size_t n;

	*start = *end = WAKE_TIME_NONE;
	if (dots == NULL || strlen(s) >= sizeof(buf))
		return WAKE_ERR_USAGE;
	if (wake_tz_open("UTC", &tz, &why) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	n = (size_t)(dots - s);
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (n > 0 && (wake_time_parse_arg(buf, tz, start, &rel) != WAKE_OK ||
	    rel))
		rc = WAKE_ERR_USAGE;
	if (rc == WAKE_OK && dots[2] != '\0' &&
	    (wake_time_parse_arg(dots + 2, tz, end, &rel) != WAKE_OK || rel))
		rc = WAKE_ERR_USAGE;
	if (rc == WAKE_OK && *start != WAKE_TIME_NONE &&
	    *end != WAKE_TIME_NONE && *end <= *start)
		rc = WAKE_ERR_USAGE;
	wake_tz_free(tz);
	return rc;
}

/* ---- first pass: phase events ---- */

int
wake_cause_scan(struct wake_cause *c, const struct wake_event *ev)
{
	const struct wake_str *id;
	size_t i;
	int rc;

	if (ev->kind != WAKE_KIND_PHASE)
		return WAKE_OK;
	/* A stream of made-up ids must not grow the list for ever. */
	if (c->incs.n >= INC_MAX) {
		if ((id = wake_event_attr_get(ev, "incident")) == NULL)
			return WAKE_OK;
		for (i = 0; i < c->incs.n; i++)
			if (wk_streq(id->p, id->n, c->incs.v[i].id))
				break;
		if (i == c->incs.n)
			return WAKE_OK;
	}
	rc = wake_incidents_add_event(&c->incs, ev);
	return rc < 0 ? rc : WAKE_OK;
}

/* The window from the incidents noted; WAKE_ERR_USAGE when none fits. */
static int
window_from_incident(struct wake_cause *c)
{
	const struct wake_incident *best = NULL, *in;
	wake_time_t s, bs = WAKE_TIME_NONE;
	size_t i;

	for (i = 0; i < c->incs.n; i++) {
		in = &c->incs.v[i];
		s = in->t[WAKE_PHASE_START] != WAKE_TIME_NONE ?
		    in->t[WAKE_PHASE_START] : in->t[WAKE_PHASE_DETECT];
		if (s == WAKE_TIME_NONE)
			continue;
		if (c->o.incident != NULL) {
			if (strcmp(in->id, c->o.incident) == 0) {
				best = in;
				bs = s;
			}
			continue;
		}
		if (best == NULL || s < bs ||
		    (s == bs && strcmp(in->id, best->id) < 0)) {
			best = in;
			bs = s;
		}
	}
	if (best == NULL) {
		if (c->o.incident != NULL)
			snprintf(c->err, sizeof(c->err),
			    "incident %s: no start or detect phase in the "
			    "stream", c->o.incident);
		else
			snprintf(c->err, sizeof(c->err),
			    "no incident in the stream (run wake-detect, or "
			    "give --window)");
		return WAKE_ERR_USAGE;
	}
	snprintf(c->incid, sizeof(c->incid), "%s", best->id);
	if (c->start == WAKE_TIME_NONE)
		c->start = bs;
	if (c->end == WAKE_TIME_NONE) {
		if (best->t[WAKE_PHASE_RECOVER] != WAKE_TIME_NONE)
			c->end = best->t[WAKE_PHASE_RECOVER];
		else if (best->t[WAKE_PHASE_RESOLVE] != WAKE_TIME_NONE)
			c->end = best->t[WAKE_PHASE_RESOLVE];
		if (c->end != WAKE_TIME_NONE && c->end <= c->start)
			c->end = WAKE_TIME_NONE;
	}
	c->bstart = c->start - c->o.baseline;
	c->have_window = 1;
	return WAKE_OK;
}

/* ---- second pass ---- */

/*
 * The template key: the masked first line as wake-mine's tokenizer
 * writes it (addresses, numbers, ids as "<*>"), hashed.  Stateless, so
 * a message has the same key in the baseline and in the window, which
 * an online miner's ids (they change as templates grow wildcards) do
 * not promise.  tk (zeroed, kept between calls) saves an allocation a
 * message; NULL makes one.
 */
static uint64_t
mask_key(struct wk_mtoks *tk, const char *msg, size_t n,
    struct wake_buf *out)
{
	struct wk_mtoks *own = NULL;
	const char *nl = memchr(msg, '\n', n);
	size_t at = out->n, i;
	int rc;

	if (nl != NULL)
		n = (size_t)(nl - msg);
	if (tk == NULL && (tk = own = calloc(1, sizeof(*tk))) == NULL)
		return fnv(msg, n, FNV0);
	rc = wk_mine_tokenize(tk, msg, WK_MIN(n, TMPL_MAX * 4),
	    WAKE_MASK_DEFAULT);
	for (i = 0; rc == WAKE_OK && i < tk->n; i++) {
		if (i > 0 && !(tk->t[i].flags & WK_MT_JOIN))
			rc = wake_buf_putc(out, ' ');
		if (rc == WAKE_OK)
			rc = wake_buf_put(out, tk->text + tk->t[i].off,
			    tk->t[i].len);
	}
	if (own != NULL) {
		wk_mine_toks_free(own);
		free(own);
	}
	if (rc != WAKE_OK) {
		/* Out of memory: the raw line stands for itself. */
		out->n = at;
		return fnv(msg, n, FNV0);
	}
	if (out->n - at > TMPL_MAX) {
		/* Cut at a UTF-8 boundary; the hash covers what is kept. */
		size_t k = at + TMPL_MAX;

		while (k > at && ((unsigned char)out->p[k] & 0xc0) == 0x80)
			k--;
		out->n = k;
	}
	return fnv(out->p + at, out->n - at, FNV0);
}

uint64_t
wake_cause_template_key(const char *msg, size_t n, struct wake_buf *out)
{
	struct wake_buf own = WAKE_BUF_INIT;
	uint64_t h;

	h = mask_key(NULL, msg, n, out != NULL ? out : &own);
	wake_buf_free(&own);
	return h;
}

/* An event that speaks of trouble, and its weight. */
static double
bad_weight(const struct wake_event *ev)
{
	const struct wake_str *a;
	double v;
	char buf[32];

	switch (ev->kind) {
	case WAKE_KIND_ALERT:
	case WAKE_KIND_REPORT:
	case WAKE_KIND_CHAT:
		return 1;
	case WAKE_KIND_CALL:
		if ((a = wake_event_attr_get(ev, "event")) != NULL &&
		    (wk_streq(a->p, a->n, "abandon") ||
		    wk_streq(a->p, a->n, "timeout")))
			return 1;
		break;
	case WAKE_KIND_METRIC:
		if ((a = wake_event_attr_get(ev, "value")) != NULL &&
		    a->n > 0 && a->n < sizeof(buf)) {
			memcpy(buf, a->p, a->n);
			buf[a->n] = '\0';
			v = strtod(buf, NULL);
			if (v > 0 && v < 1e9)
				return v;
		}
		return 0;
	case WAKE_KIND_PHASE:
	case WAKE_KIND_CHANGE:
		return 0;
	}
	return ev->sev >= WAKE_SEV_EMERG && ev->sev <= WAKE_SEV_ERR ? 1 : 0;
}

/* The first bytes of p[0..n) that fit buf, ASCII letters lower-cased;
 * how many. */
static size_t
fold(const char *p, size_t n, char *buf, size_t size)
{
	size_t i;

	n = WK_MIN(n, size);
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		buf[i] = (char)((unsigned)(ch - 'A') < 26u ?
		    ch + ('a' - 'A') : ch);
	}
	return n;
}

/* The bit of a message's four bytes at p in failure_words' table. */
static uint32_t
gram_bit(const char *p, uint32_t *g)
{
	memcpy(g, p, 4);
	return (uint32_t)(*g * 0x9e3779b1u) >> 22;
}

/*
 * Words of a failure towards somewhere, anywhere in the message
 * ("SocketTimeoutException" too).  It runs on every event: one pass
 * that looks a word up only where its first four bytes might start
 * (a table of 1024 bits, a dozen set).
 */
static int
failure_words(const char *p, size_t n)
{
	static const char *const w[] = {
		"timeout", "timed out", "time out", "unreachable", "refused",
		"connection reset", "connect error", "no route",
		"unavailable", "deadline exceeded", "handshake", "servfail",
		"bad gateway", "gateway time"
	};
	char buf[MSG_MAX];
	uint64_t tab[16] = { 0 };
	uint32_t gw[WK_NELEM(w)], g, b;
	size_t lw[WK_NELEM(w)], i, k;

	/* The words come early: look at the first MSG_MAX bytes, folded. */
	if ((n = fold(p, n, buf, sizeof(buf))) < 7)
		return 0;
	for (k = 0; k < WK_NELEM(w); k++) {
		b = gram_bit(w[k], &gw[k]);
		tab[b >> 6] |= UINT64_C(1) << (b & 63);
		lw[k] = strlen(w[k]);
	}
	for (i = 0; i + 7 <= n; i++) {
		b = gram_bit(buf + i, &g);
		if (!((tab[b >> 6] >> (b & 63)) & 1))
			continue;
		for (k = 0; k < WK_NELEM(w); k++)
			if (g == gw[k] && i + lw[k] <= n &&
			    memcmp(buf + i, w[k], lw[k]) == 0)
				return 1;
	}
	return 0;
}

/*
 * A destination in p: a host name (two labels or more, lower case, a
 * letter in the last) or an IPv4 address, without scheme, port, path.
 * Returns its length and sets *out, 0 when none.
 */
static size_t
dest_in(const char *p, size_t n, const char **out)
{
	size_t i, k, j, dots, digits, alpha;
	int bad, last_alpha;

	for (i = 0; i < n; i = k) {
		while (i < n && strchr(" \t\n\"'()[]<>,;=", p[i]) != NULL)
			i++;
		for (k = i; k < n && strchr(" \t\n\"'()[]<>,;=", p[k]) == NULL;
		    k++)
			;
		/* strip a scheme, then cut at '/', ':' (port) */
		for (j = i; j + 2 < k; j++)
			if (p[j] == ':' && p[j + 1] == '/' && p[j + 2] == '/') {
				i = j + 3;
				break;
			}
		for (j = i; j < k && p[j] != '/' && p[j] != ':' && p[j] != '@';
		    j++)
			;
		if (j < k && p[j] == '@') {	/* user@host */
			i = j + 1;
			for (j = i; j < k && p[j] != '/' && p[j] != ':'; j++)
				;
		}
		while (j > i && p[j - 1] == '.')
			j--;
		if (j - i < 4 || j - i > 253)
			continue;
		dots = digits = alpha = 0;
		bad = 0;
		last_alpha = 0;
		for (size_t q = i; q < j; q++) {
			unsigned char ch = (unsigned char)p[q];

			if (ch == '.') {
				if (q == i || p[q - 1] == '.')
					bad = 1;
				dots++;
				last_alpha = 0;
			} else if (ch >= '0' && ch <= '9')
				digits++;
			else if ((ch >= 'a' && ch <= 'z')) {
				alpha++;
				last_alpha = 1;
			} else if (ch != '-' && ch != '_')
				bad = 1;
		}
		if (bad || dots == 0)
			continue;
		if (alpha == 0 && dots == 3 && digits >= 4) {
			*out = p + i;
			return j - i;
		}
		/* a name: the last label has a letter; not a file name */
		if (alpha > 0 && last_alpha &&
		    !has_ci(p + i, j - i, ".log") &&
		    !has_ci(p + i, j - i, ".java") &&
		    !has_ci(p + i, j - i, ".json") &&
		    !has_ci(p + i, j - i, ".conf") &&
		    !has_ci(p + i, j - i, ".py")) {
			*out = p + i;
			return j - i;
		}
	}
	return 0;
}

/* The destination of a failure event (attrs first, then the text). */
static size_t
event_dest(const struct wake_event *ev, const char **out)
{
	static const char *const keys[] = {
		"upstream", "dest", "dst", "destination", "peer", "remote",
		"server", "target", "provider", "endpoint", "url"
	};
	const struct wake_str *a;
	size_t i, n;

	for (i = 0; i < WK_NELEM(keys); i++)
		if ((a = wake_event_attr_get(ev, keys[i])) != NULL &&
		    (n = dest_in(a->p, a->n, out)) > 0)
			return n;
	return dest_in(ev->msg.p, ev->msg.n, out);
}

/*
 * The domain of a host name, its last two labels ("example.net" of
 * "dns-01.core.example.net"), as a hash; 0 when it has no dot.
 */
static uint64_t
domain_key(const char *p, size_t n)
{
	size_t i, dots = 0;

	for (i = n; i > 0; i--)
		if (p[i - 1] == '.' && ++dots == 2)
			break;
	if (dots == 0 || i == n)
		return 0;
	return fnv(p + i, n - i, FNV0) | 1;
}

/* Note the domain of an event's host: destinations in it are ours. */
static void
note_domain(struct wake_cause *c, const struct wake_str *h)
{
	uint64_t k;
	size_t i;

	if (h->n < 4 || memchr(h->p, '.', h->n) == NULL ||
	    (k = domain_key(h->p, h->n)) == 0)
		return;
	for (i = 0; i < c->ndom; i++)
		if (c->dom[i] == k)
			return;
	if (c->ndom < WK_NELEM(c->dom))
		c->dom[c->ndom++] = k;
}

/* Evaluate the minute that ended for a host or source entry. */
static int
minute_close(struct wake_cause *c, struct ent *e)
{
	double tb_min, lambda, g;

	if (e->minute < 0 || e->onset != WAKE_TIME_NONE)
		goto out;
	tb_min = (double)(c->start - WK_MAX(c->bstart, c->first_ts)) /
	    (double)NS_MIN;
	if (tb_min < 1)
		tb_min = 1;
	lambda = (e->base + 0.5) / tb_min;
	g = lr_stat(e->mcount, lambda);
	/* p < 0.001; one event will do where there were none before */
	if (g >= 10.8 && (e->mcount >= 2 || e->base == 0)) {
		/* The time only: how strong is the entry's whole surge. */
		e->onset = e->mfirst.ts;
		e->onset_s = 0;
		e->onset_ev = e->mfirst;
		memset(&e->mfirst, 0, sizeof(e->mfirst));
	}
out:
	evid_free(&e->mfirst);
	e->mcount = 0;
	return WAKE_OK;
}

/* Count a bad event of weight w for a host or source entry. */
static int
count_bad(struct wake_cause *c, struct ent *e, const struct wake_event *ev,
    double w, int inwin)
{
	int64_t m;
	int rc;

	if (!inwin) {
		e->base += w;
		return WAKE_OK;
	}
	e->win += w;
	if (e->first_win == WAKE_TIME_NONE)
		e->first_win = ev->ts;
	if (e->sev == WAKE_SEV_NONE || (ev->sev >= 0 && ev->sev < e->sev))
		e->sev = ev->sev;
	if (e->nev < c->o.evidence) {
		if ((rc = evid_keep(&e->ev[e->nev], ev)) != WAKE_OK)
			return rc;
		e->nev++;
	}
	if (e->onset != WAKE_TIME_NONE)
		return WAKE_OK;
	m = (ev->ts - c->start) / NS_MIN;
	if (m != e->minute) {
		minute_close(c, e);
		e->minute = m;
	}
	if (e->mcount == 0 && (rc = evid_keep(&e->mfirst, ev)) != WAKE_OK)
		return rc;
	e->mcount += w;
	return WAKE_OK;
}

static int
add_change(struct wake_cause *c, const struct wake_event *ev)
{
	const struct wake_str *id = wake_event_attr_get(ev, "change");
	const struct wake_str *actor = wake_event_attr_get(ev, "actor");
	static const char *const tokkeys[] = {
		"service", "target", "component", "device", "system", "host",
		"app"
	};
	const struct wake_str *a;
	struct chg *g = NULL;
	size_t i, hn = ev->host.n;
	int rc;

	if (hn == 1 && ev->host.p[0] == '-')
		hn = 0;
	if (ev->ts < c->start - c->o.lookback) {
		/* Remember the latest one for "nothing changed since". */
		free(c->old_id);
		free(c->old_host);
		c->old_id = id != NULL ? xstrndup(id->p, id->n) :
		    xstrndup("", 0);
		c->old_host = xstrndup(ev->host.p, hn);
		c->old_ts = ev->ts;
		if (c->old_id == NULL || c->old_host == NULL)
			return WAKE_ERR_NOMEM;
		return WAKE_OK;
	}
	/* Its group: by change id, else by host. */
	for (i = c->nchg; i-- > 0; ) {
		struct chg *x = c->chg[i];

		if (id != NULL && id->n > 0 ? wk_streq(id->p, id->n, x->id) :
		    x->id[0] == '\0' && wk_streq(ev->host.p, hn, x->host)) {
			g = x;
			break;
		}
	}
	if (g == NULL) {
		/* A change after impact is a response, not a cause. */
		if (ev->ts > c->start + CHG_GRACE)
			return WAKE_OK;
		if (c->nchg == CHG_MAX) {
			if (ev->ts > c->start) {
				c->chg_dropped++;
				return WAKE_OK;
			}
			/* Drop the oldest: the lookback favours the near. */
			chg_free(c->chg[0]);
			memmove(c->chg, c->chg + 1,
			    (CHG_MAX - 1) * sizeof(c->chg[0]));
			c->nchg--;
			c->chg_dropped++;
		}
		if ((g = calloc(1, sizeof(*g))) == NULL)
			return WAKE_ERR_NOMEM;
		g->id = id != NULL ? xstrndup(id->p, id->n) : xstrndup("", 0);
		g->host = xstrndup(ev->host.p, hn);
		g->actor = actor != NULL ? xstrndup(actor->p, actor->n) : NULL;
		if (g->id == NULL || g->host == NULL ||
		    (actor != NULL && g->actor == NULL)) {
			chg_free(g);
			return WAKE_ERR_NOMEM;
		}
		g->first = ev->ts;
		g->last_before = WAKE_TIME_NONE;
		c->chg[c->nchg++] = g;
	}
	if (ev->ts <= c->start + CHG_GRACE) {
		chg_tokens(g, ev->host.p, hn);
		chg_tokens(g, ev->msg.p, ev->msg.n);
		for (i = 0; i < WK_NELEM(tokkeys); i++)
			if ((a = wake_event_attr_get(ev, tokkeys[i])) != NULL)
				chg_tokens(g, a->p, a->n);
		if (actor != NULL) {
			free(g->actor);
			if ((g->actor = xstrndup(actor->p, actor->n)) == NULL)
				return WAKE_ERR_NOMEM;
		}
	}
	if (g->nev < EV_CAP) {
		if ((rc = evid_keep(&g->ev[g->nev], ev)) != WAKE_OK)
			return rc;
		g->nev++;
	}
	return WAKE_OK;
}

static void
mention(struct wake_cause *c, const struct wake_str *id)
{
	size_t i;

	if (id->n == 0)
		return;
	for (i = 0; i < c->nchg; i++)
		if (wk_streq(id->p, id->n, c->chg[i]->id)) {
			c->chg[i]->mentions++;
			return;
		}
}

static int
add_template(struct wake_cause *c, const struct wake_event *ev, int where)
{
	const struct wake_str *t = wake_event_attr_get(ev, "tmpl");
	uint64_t key = 0, mkey = 0, mix;
	struct ent *e;
	size_t i, hn = ev->host.n;
	int rc, have = 0;

	if (hn == 1 && ev->host.p[0] == '-')
		hn = 0;
	if (t != NULL && t->n > 0 && t->n <= 16) {
		have = 1;
		for (i = 0; i < t->n; i++) {
			unsigned char ch = (unsigned char)t->p[i];

			if (ch >= '0' && ch <= '9')
				key = key << 4 | (ch - '0');
			else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
				key = key << 4 | ((ch | 0x20) - 'a' + 10);
			else {
				have = 0;
				break;
			}
		}
	}
	/*
	 * Per source and severity class: the same words in two sources
	 * are two symptoms, and a 502 is not a 200 with another number.
	 */
	mix = fnv(ev->src.p, ev->src.n, FNV0) * 0x9e3779b97f4a7c15ULL ^
	    (uint64_t)(ev->sev >= 0 && ev->sev <= WAKE_SEV_ERR ? 1 :
	    ev->sev == WAKE_SEV_WARN ? 2 : 3) * 0xc2b2ae3d27d4eb4fULL;
	c->tmp.n = 0;
	if (have && c->o.final_ids) {
		key ^= mix;
		goto keyed;
	}
	if (!have || where <= 0) {
		mkey = mask_key(c->mtoks, ev->msg.p, ev->msg.n, &c->tmp) ^
		    mix;
		if (!have)
			key = mkey;
	}
	if (have) {
		key ^= mix;
		/* The masked key too, for wake-mine's ids that move. */
		if (where <= 0) {
			if ((rc = tbl_get(&c->seen, mkey, "", 0, &e)) !=
			    WAKE_OK)
				return rc;
			if (e != NULL && where < 0)
				e->pre = 1;
			else if (e != NULL)
				e->base++;
		}
	}
keyed:
	if ((e = tbl_find(&c->tmpl, key)) == NULL) {
		if (c->tmp.n == 0)
			mkey = mask_key(c->mtoks, ev->msg.p, ev->msg.n,
			    &c->tmp) ^ mix;
		if ((rc = tbl_get(&c->tmpl, key, c->tmp.p != NULL ? c->tmp.p :
		    "", c->tmp.n, &e)) != WAKE_OK)
			return rc;
		if (e == NULL)
			return WAKE_OK;
		e->kind = ev->kind;
		e->mkey = have && !c->o.final_ids ? mkey : 0;
		if ((e->src = xstrndup(ev->src.p, ev->src.n)) == NULL)
			return WAKE_ERR_NOMEM;
	}
	if (where < 0) {
		e->pre = 1;
		return WAKE_OK;
	}
	if (where == 0) {
		e->base++;
		if (ev->ts < c->start - PRE_LEAD)
			return WAKE_OK;
		e->lead++;
		if (e->lsev == WAKE_SEV_NONE ||
		    (ev->sev >= 0 && ev->sev < e->lsev))
			e->lsev = ev->sev;
		if (e->first_lead == WAKE_TIME_NONE) {
			e->first_lead = ev->ts;
			if ((e->lhost = xstrndup(ev->host.p, hn)) == NULL)
				return WAKE_ERR_NOMEM;
		}
		if (e->nlev < WK_MIN(LEV_CAP, c->o.evidence)) {
			if ((rc = evid_keep(&e->lev[e->nlev], ev)) != WAKE_OK)
				return rc;
			e->nlev++;
		}
		return WAKE_OK;
	}
	e->win++;
	if (e->sev == WAKE_SEV_NONE || (ev->sev >= 0 && ev->sev < e->sev))
		e->sev = ev->sev;
	if (e->first_win == WAKE_TIME_NONE) {
		e->first_win = ev->ts;
		if ((e->host = xstrndup(ev->host.p, hn)) == NULL)
			return WAKE_ERR_NOMEM;
	}
	if (e->nev < c->o.evidence) {
		if ((rc = evid_keep(&e->ev[e->nev], ev)) != WAKE_OK)
			return rc;
		e->nev++;
	}
	return WAKE_OK;
}

static int
add_dest(struct wake_cause *c, const struct wake_event *ev, int inwin)
{
	const char *d;
	size_t dn;
	struct ent *e;
	int rc;

	if (!failure_words(ev->msg.p, ev->msg.n) ||
	    (dn = event_dest(ev, &d)) == 0)
		return WAKE_OK;
	if ((rc = tbl_get(&c->dest, fnv(d, dn, FNV0), d, dn, &e)) != WAKE_OK ||
	    e == NULL)
		return rc;
	if (!inwin) {
		e->base++;
		return WAKE_OK;
	}
	e->win++;
	if (e->first_win == WAKE_TIME_NONE) {
		e->first_win = ev->ts;
		if ((e->src = xstrndup(ev->src.p, ev->src.n)) == NULL)
			return WAKE_ERR_NOMEM;
	}
	/* Which words: timeouts, refusals, ... for the summary. */
	if (e->kind == 0)
		e->kind = has_ci(ev->msg.p, ev->msg.n, "time") ? 1 :
		    has_ci(ev->msg.p, ev->msg.n, "refused") ? 2 : 3;
	if (e->nev < c->o.evidence) {
		if ((rc = evid_keep(&e->ev[e->nev], ev)) != WAKE_OK)
			return rc;
		e->nev++;
	}
	return WAKE_OK;
}

int
wake_cause_add(struct wake_cause *c, const struct wake_event *ev)
{
	struct ent *e;
	const struct wake_str *chg;
	size_t hn;
	double w;
	int rc, where;

	if (ev->ts == WAKE_TIME_NONE)
		return WAKE_OK;
	if (ev->kind == WAKE_KIND_PHASE)
		return c->have_window ? WAKE_OK : wake_cause_scan(c, ev);
	if (!c->have_window && window_from_incident(c) != WAKE_OK)
		return WAKE_ERR_USAGE;
	c->events++;
	if (c->first_ts == WAKE_TIME_NONE || ev->ts < c->first_ts)
		c->first_ts = ev->ts;
	if (c->last_ts == WAKE_TIME_NONE || ev->ts > c->last_ts)
		c->last_ts = ev->ts;
	if (c->end != WAKE_TIME_NONE && ev->ts > c->end)
		return WAKE_OK;
	note_domain(c, &ev->host);
	if (ev->kind == WAKE_KIND_CHANGE)
		return add_change(c, ev);
	/* A chat line or alert naming a change: people suspect it. */
	if ((chg = wake_event_attr_get(ev, "change")) != NULL)
		mention(c, chg);
	where = ev->ts >= c->start ? 1 : ev->ts >= c->bstart ? 0 : -1;
	switch (ev->kind) {
	case WAKE_KIND_LOG:
	case WAKE_KIND_CALL:
	case WAKE_KIND_ALERT:
	case WAKE_KIND_RAW:
		if ((rc = add_template(c, ev, where)) != WAKE_OK)
			return rc;
		break;
	}
	if (where < 0)
		return WAKE_OK;
	if ((rc = add_dest(c, ev, where)) != WAKE_OK)
		return rc;
	w = bad_weight(ev);
	if ((rc = tbl_get(&c->src, fnv(ev->src.p, ev->src.n, FNV0),
	    ev->src.p, ev->src.n, &e)) != WAKE_OK)
		return rc;
	if (w <= 0) {
		if (e != NULL && ev->kind != WAKE_KIND_PHASE) {
			if (where)
				e->ok_win++;
			else
				e->ok_base++;
		}
		return WAKE_OK;
	}
	if (e != NULL && (rc = count_bad(c, e, ev, w, where)) != WAKE_OK)
		return rc;
	hn = ev->host.n;
	if (hn > 0 && !(hn == 1 && ev->host.p[0] == '-') &&
	    ev->kind != WAKE_KIND_CHAT && ev->kind != WAKE_KIND_METRIC) {
		if ((rc = tbl_get(&c->host, fnv(ev->host.p, hn, FNV0),
		    ev->host.p, hn, &e)) != WAKE_OK)
			return rc;
		if (e != NULL) {
			if (e->src == NULL && (e->src = xstrndup(ev->src.p,
			    ev->src.n)) == NULL)
				return WAKE_ERR_NOMEM;
			if ((rc = count_bad(c, e, ev, w, where)) != WAKE_OK)
				return rc;
		}
	}
	return WAKE_OK;
}

/* ---- ranking ---- */

static const char *
likely_word(double s, int cap)
{
	s = floor(s * 100 + 0.5) / 100;	/* as printed */
	if (s >= 0.7)
		return cap ? "Likely" : "likely";
	if (s >= 0.4)
		return cap ? "Possible" : "possible";
	return cap ? "Less likely" : "less likely";
}

/* An anomalous template's first occurrence marks its host and source. */
static int
mark_onset(struct wake_cause *c, struct tbl *t, const char *name,
    const struct ent *tm)
{
	struct ent *e;
	int rc;

	if (name == NULL || name[0] == '\0' || tm->nev == 0)
		return WAKE_OK;
	if ((rc = tbl_get(t, fnv(name, strlen(name), FNV0), name,
	    strlen(name), &e)) != WAKE_OK || e == NULL)
		return rc;
	if (e->onset != WAKE_TIME_NONE && e->onset <= tm->first_win) {
		if (e->onset == tm->first_win && tm->s > e->onset_s)
			e->onset_s = tm->s;
		return WAKE_OK;
	}
	(void)c;
	evid_free(&e->onset_ev);
	if ((rc = evid_copy(&e->onset_ev, &tm->ev[0])) != WAKE_OK)
		return rc;
	e->onset = tm->first_win;
	e->onset_s = tm->s;
	return WAKE_OK;
}

static int
cand_new(struct wake_cause *c, struct cand **out)
{
	struct cand *nv;

	if ((nv = reallocarray(c->cand, c->ncand + 1, sizeof(*nv))) == NULL)
		return WAKE_ERR_NOMEM;
	c->cand = nv;
	*out = &c->cand[c->ncand++];
	memset(*out, 0, sizeof(**out));
	return WAKE_OK;
}

/* Fill in a candidate; summary from a printf format. */
static int __attribute__((format(printf, 6, 7)))
cand_add(struct wake_cause *c, int kind, double score, const char *subject,
    wake_time_t ts, const char *fmt, ...)
{
	struct cand *k;
	va_list ap;
	char buf[2048];
	int rc;

	if (score < 0.05)		/* noise, not a candidate */
		return WAKE_OK;
	if ((rc = cand_new(c, &k)) != WAKE_OK)
		return rc;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	k->c.kind = kind;
	k->c.score = score > 1 ? 1 : score;
	k->c.ts = ts;
	k->summary = xstrndup(buf, strlen(buf));
	k->subject = xstrndup(subject, strlen(subject));
	if (k->summary == NULL || k->subject == NULL)
		return WAKE_ERR_NOMEM;
	k->c.summary = k->summary;
	k->c.subject = k->subject;
	k->c.ev = k->ev;
	return WAKE_OK;
}

/* Add evidence to the last candidate (copies; at most o.evidence). */
static int
cand_ev(struct wake_cause *c, const struct wake_cause_evidence *e)
{
	struct cand *k;
	int rc;

	if (c->ncand == 0 || e == NULL || e->msg == NULL)
		return WAKE_OK;
	k = &c->cand[c->ncand - 1];
	if (k->c.nev >= c->o.evidence)
		return WAKE_OK;
	if ((rc = evid_copy(&k->ev[k->c.nev], e)) != WAKE_OK)
		return rc;
	k->c.nev++;
	return WAKE_OK;
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	double dx = floor(x->c.score * 1000 + 0.5);
	double dy = floor(y->c.score * 1000 + 0.5);

	if (dx != dy)
		return dx > dy ? -1 : 1;
	if (x->c.ts != y->c.ts)
		return x->c.ts < y->c.ts ? -1 : 1;
	if (x->c.kind != y->c.kind)
		return x->c.kind < y->c.kind ? -1 : 1;
	return strcmp(x->subject, y->subject);
}

/*
 * Does the change's token text name h?  Tokens match a name exactly,
 * as its short form (before the first '.'), or as a prefix ending at a
 * boundary or in a glob ("core-rtr-*" and "core-rtr" name
 * "core-rtr-01").
 */
static int
tok_names(const struct chg *g, const char *h)
{
	size_t hn = strlen(h), i = 0, k, tn, sn;
	const char *t;

	if (hn < 2)
		return 0;
	for (sn = 0; sn < hn && h[sn] != '.'; sn++)
		;
	while (i < g->ntok) {
		for (k = i; k < g->ntok && g->tok[k] != ' '; k++)
			;
		t = g->tok + i;
		tn = k - i;
		i = k + 1;
		while (tn > 0 && t[tn - 1] == '*')
			tn--;
		if (tn < 3)
			continue;
		if ((tn == hn || tn == sn) && strncasecmp(t, h, tn) == 0)
			return 1;
		if (tn < hn && strncasecmp(t, h, tn) == 0 &&
		    (t[tn - 1] == '-' || t[tn - 1] == '.' || h[tn] == '-' ||
		    h[tn] == '.' || h[tn] == '_'))
			return 1;
	}
	return 0;
}

/* Does an identifier-like token of the change appear in text?  The
 * token, when it does, in tok (NULL: not wanted). */
static int
tok_in_text(const struct chg *g, const char *text, char *tok, size_t toksz)
{
	size_t i = 0, k, tn, j, tl = strlen(text);
	const char *t;
	int idlike;

	while (i < g->ntok) {
		for (k = i; k < g->ntok && g->tok[k] != ' '; k++)
			;
		t = g->tok + i;
		tn = k - i;
		i = k + 1;
		if (tn < 4 || memchr(t, '*', tn) != NULL)
			continue;
		idlike = 0;
		for (j = 0; j < tn; j++)
			if (t[j] == '-' || t[j] == '.' || t[j] == '_' ||
			    (t[j] >= '0' && t[j] <= '9'))
				idlike = 1;
		if (!idlike || tn > tl)
			continue;
		for (j = 0; j + tn <= tl; j++)
			if (strncasecmp(text + j, t, tn) == 0 &&
			    (j == 0 ||
			    strchr(" :[(/=\"'", text[j - 1]) != NULL)) {
				if (tok != NULL)
					snprintf(tok, toksz, "%.*s", (int)tn,
					    t);
				return 1;
			}
	}
	return 0;
}

/* Fold id-less changes (a device's config log) into the ticket they
 * belong to: same time, and the ticket names the device. */
static void
chg_merge(struct wake_cause *c)
{
	struct chg *x, *y;
	size_t i, j, k;

	for (i = 0; i < c->nchg; i++) {
		x = c->chg[i];
		if (x->id[0] != '\0' || x->host[0] == '\0')
			continue;
		for (j = 0; j < c->nchg; j++) {
			y = c->chg[j];
			if (y->id[0] == '\0' || y->merged ||
			    x->first < y->first - 10 * NS_MIN ||
			    x->first > (y->last_before != WAKE_TIME_NONE ?
			    y->last_before : y->first) + 10 * NS_MIN ||
			    !tok_names(y, x->host))
				continue;
			x->merged = 1;
			for (k = 0; k < x->nev && y->nev < EV_CAP; k++) {
				y->ev[y->nev++] = x->ev[k];
				memset(&x->ev[k], 0, sizeof(x->ev[k]));
			}
			break;
		}
	}
}

static int
evcmp(const void *a, const void *b)
{
	const struct wake_cause_evidence *x = a, *y = b;

	return x->ts < y->ts ? -1 : x->ts > y->ts;
}

static int
onset_cmp(const void *a, const void *b)
{
	const struct ent *x = *(const struct ent *const *)a;
	const struct ent *y = *(const struct ent *const *)b;

	if (x->onset != y->onset)
		return x->onset < y->onset ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The anomalous entries of t by onset, in *vp (caller frees). */
static int
by_onset(const struct tbl *t, struct ent ***vp, size_t *np)
{
	struct ent **v;
	size_t i, n = 0;

	*vp = NULL;
	*np = 0;
	if (t->n == 0)
		return WAKE_OK;
	if ((v = calloc(t->n, sizeof(*v))) == NULL)
		return WAKE_ERR_NOMEM;
	/* An onset counts when the entry surged, or a template marked it. */
	for (i = 0; i < t->cap; i++)
		if (t->v[i] != NULL && t->v[i]->onset != WAKE_TIME_NONE &&
		    WK_MAX(t->v[i]->s, t->v[i]->onset_s) >= 0.5)
			v[n++] = t->v[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), onset_cmp);
	*vp = v;
	*np = n;
	return WAKE_OK;
}

static int
is_private(const struct wake_cause *c, const char *d)
{
	unsigned a = 0, b = 0;
	uint64_t k = domain_key(d, strlen(d));
	size_t i;

	/* In the domain of the hosts that log: ours, not a provider's. */
	for (i = 0; k != 0 && i < c->ndom; i++)
		if (c->dom[i] == k)
			return 1;

	for (i = 0; d[i] >= '0' && d[i] <= '9'; i++)
		a = a * 10 + (unsigned)(d[i] - '0');
	if (i == 0 || d[i] != '.')
		return has_ci(d, strlen(d), ".internal") ||
		    has_ci(d, strlen(d), ".local") ||
		    has_ci(d, strlen(d), ".svc") ||
		    has_ci(d, strlen(d), "localhost");
	for (i++; d[i] >= '0' && d[i] <= '9'; i++)
		b = b * 10 + (unsigned)(d[i] - '0');
	return a == 10 || a == 127 || (a == 172 && b >= 16 && b < 32) ||
	    (a == 192 && b == 168) || (a == 169 && b == 254);
}

/*
 * Traffic in src grew this much (events that are not trouble, window
 * rate over baseline rate, from 1 to 10): a busier hour makes every
 * template commoner, which is no surge.
 */
static double
volume_factor(const struct wake_cause *c, const char *src, int64_t tw,
    int64_t tb)
{
	const struct ent *e;
	double vf;

	if (src == NULL ||
	    (e = tbl_find(&c->src, fnv(src, strlen(src), FNV0))) == NULL)
		return 1;
	vf = ((e->ok_win + 1) / (double)tw) / ((e->ok_base + 1) / (double)tb);
	return vf < 1 ? 1 : vf > 10 ? 10 : vf;
}

/* Is a's text the end of b's, at a word boundary (a log4j prefix)? */
static int
is_suffix(const char *a, const char *b)
{
	size_t an = strlen(a), bn = strlen(b);

	return an >= 16 && bn > an && strcmp(b + bn - an, a) == 0 &&
	    b[bn - an - 1] == ' ';
}

/* Is name one of the ", "-separated names of list? */
static int
in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while ((p = strstr(p, name)) != NULL) {
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ','))
			return 1;
		p++;
	}
	return 0;
}

/* Words of trouble in a message (English and Japanese), folded. */
static int
trouble_words(const char *p)
{
	static const char *const w[] = {
		"fail", "error", "fatal", "panic", "exception", "refused",
		"denied", "cannot", "can't", "unable", "timed out", "timeout",
		"crash", "abort", "killed", "segfault", "out of memory",
		"no space", "corrupt", "エラー", "失敗", "異常", "停止"
	};
	char buf[TMPL_MAX];
	size_t i, n = strlen(p);

	n = fold(p, n, buf, sizeof(buf));
	for (i = 0; i < WK_NELEM(w); i++)
		if (memmem(buf, n, w[i], strlen(w[i])) != NULL)
			return 1;
	return 0;
}

/*
 * Precursors: log messages never seen before that came in the
 * PRE_LEAD before impact and speak of trouble (a warning or worse, or
 * words of failure).  Their few lines are no surge, but their time is
 * what counts.
 */
static int
rank_precursors(struct wake_cause *c)
{
	struct ent *e, *f;
	char when[40], rel[32], after[64];
	double near, score;
	size_t i, k;
	int rc;

	for (i = 0; i < c->tmpl.cap; i++) {
		/* A few lines: one that goes on to surge is the impact,
		 * its first lines ahead of the bin the rise was seen in. */
		if ((e = c->tmpl.v[i]) == NULL || e->lead == 0 ||
		    e->base != e->lead || e->pre || (e->kind != WAKE_KIND_LOG &&
		    e->kind != WAKE_KIND_RAW) || e->win > 10 * e->lead)
			continue;
		/* Its words before, under another id. */
		if (e->mkey != 0 && (f = tbl_find(&c->seen, e->mkey)) !=
		    NULL && (f->pre || f->base > e->lead))
			continue;
		if (!(e->lsev >= 0 && e->lsev <= WAKE_SEV_WARN) &&
		    !trouble_words(e->name))
			continue;
		/* "Never before" means little in a log an hour long. */
		if (c->first_ts == WAKE_TIME_NONE ||
		    e->first_lead - c->first_ts < PRE_HISTORY)
			continue;
		e->precursor = 1;
		near = exp(-(double)(c->start - e->first_lead) /
		    (double)PRE_LEAD);
		score = 0.95 * (0.6 + 0.4 * near) *
		    (e->lsev == WAKE_SEV_WARN ? 0.85 : 1);
		e->pscore = score;
		clock_fmt(e->first_lead, c->start, when, sizeof(when));
		dur_fmt(c->start - e->first_lead, rel, sizeof(rel));
		after[0] = '\0';
		if (e->win > 0)
			snprintf(after, sizeof(after), ", %.0f more after",
			    e->win);
		rc = cand_add(c, WAKE_CAUSE_TEMPLATE, score, e->name,
		    e->first_lead, "%s cause: new message \"%s\" in %s%s%s "
		    "at %s, %s before impact and never before (%.0f time%s%s)",
		    likely_word(score, 1), e->name, e->src,
		    e->lhost != NULL && e->lhost[0] != '\0' ? " on " : "",
		    e->lhost != NULL ? e->lhost : "", when, rel, e->lead,
		    e->lead == 1 ? "" : "s", after);
		if (rc != WAKE_OK)
			return rc;
		for (k = 0; k < e->nlev; k++)
			if ((rc = cand_ev(c, &e->lev[k])) != WAKE_OK)
				return rc;
	}
	return WAKE_OK;
}

static int
tmpl_first_cmp(const void *x, const void *y)
{
	const struct ent *a = *(const struct ent *const *)x;
	const struct ent *b = *(const struct ent *const *)y;

	if (a->first_win != b->first_win)
		return a->first_win < b->first_win ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int
rank_templates(struct wake_cause *c, int64_t tw, int64_t tb)
{
	struct ent **v = NULL, *e, *f;
	struct wake_cause_evidence *all[EV_CAP * 4];
	char when[40], rel[32], srcs[256];
	double sevw, kindw, score, win, base, s;
	wake_time_t first;
	size_t i, j, n = 0, na, k;
	int rc = WAKE_OK, isnew, sev, pre;

	if (c->tmpl.n > 0 && (v = calloc(c->tmpl.n, sizeof(*v))) == NULL)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < c->tmpl.cap; i++) {
		if ((e = c->tmpl.v[i]) == NULL || e->win == 0 || e->precursor)
			continue;
		if (e->mkey != 0 && e->base == 0 && !e->pre &&
		    (f = tbl_find(&c->seen, e->mkey)) != NULL) {
			/* Its words were there before under another id. */
			e->base = f->base;
			e->pre = f->pre;
		}
		if (e->lead > 0 && e->base == e->lead) {
			/* Its first lines came just before the bin the
			 * rise was seen in: they are the window's. */
			e->win += e->lead;
			e->base = 0;
			e->first_win = e->first_lead;
		}
		e->s = surge(e->win, e->base, tw, tb,
		    volume_factor(c, e->src, tw, tb));
		e->anomalous = e->s >= 0.5;
		if (!e->anomalous)
			continue;
		isnew = e->base == 0 && !e->pre;
		if (isnew || (e->sev >= 0 && e->sev <= WAKE_SEV_WARN)) {
			if ((rc = mark_onset(c, &c->host, e->host, e)) !=
			    WAKE_OK ||
			    (rc = mark_onset(c, &c->src, e->src, e)) != WAKE_OK)
				goto out;
		}
		v[n++] = e;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), tmpl_first_cmp);
	/* The same message behind another source's prefix: one symptom. */
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (i != j && v[j]->into == NULL &&
			    is_suffix(v[j]->name, v[i]->name)) {
				v[i]->into = v[j];
				break;
			}
	for (i = 0; i < n; i++) {
		e = v[i];
		if (e->into != NULL)
			continue;
		win = e->win;
		base = e->base;
		first = e->first_win;
		sev = e->sev;
		pre = e->pre;
		snprintf(srcs, sizeof(srcs), "%s", e->src);
		na = 0;
		if (e->nlev > 0 && e->first_win == e->first_lead)
			for (k = 0; k < e->nlev; k++)
				all[na++] = &e->lev[k];
		for (k = 0; k < e->nev && na < WK_NELEM(all); k++)
			all[na++] = &e->ev[k];
		for (j = 0; j < n; j++) {
			if ((f = v[j])->into != e)
				continue;
			win += f->win;
			base += f->base;
			pre |= f->pre;
			if (f->first_win < first)
				first = f->first_win;
			if (f->sev >= 0 && (sev < 0 || f->sev < sev))
				sev = f->sev;
			if (!in_list(srcs, f->src)) {
				size_t sl = strlen(srcs);

				snprintf(srcs + sl, sizeof(srcs) - sl, ", %s",
				    f->src);
			}
			for (k = 0; k < f->nev && na < WK_NELEM(all); k++)
				all[na++] = &f->ev[k];
		}
		s = win == e->win ? e->s : surge(win, base, tw, tb,
		    volume_factor(c, e->src, tw, tb));
		isnew = base == 0 && !pre;
		sevw = sev >= 0 && sev <= WAKE_SEV_ERR ? 1 :
		    sev == WAKE_SEV_WARN ? 0.85 : 0.6;
		kindw = e->kind == WAKE_KIND_ALERT ? 0.7 : 1;
		score = 0.8 * s * sevw * kindw * (isnew ? 1 : 0.9) *
		    (0.5 + 0.5 * early(first, c->start));
		clock_fmt(first, c->start, when, sizeof(when));
		rel_fmt(first - c->start, rel, sizeof(rel));
		if (isnew)
			rc = cand_add(c, WAKE_CAUSE_TEMPLATE, score, e->name,
			    first, "%s cause or early symptom: new message "
			    "\"%s\" in %s, first at %s (T%s), %.0f times in "
			    "the window and never before it",
			    likely_word(score, 1), e->name, srcs, when, rel,
			    win);
		else
			rc = cand_add(c, WAKE_CAUSE_TEMPLATE, score, e->name,
			    first, "%s cause or symptom: message \"%s\" in %s "
			    "surged, %.0f times in the window against %.0f in "
			    "the baseline (%.0fx the rate), first at %s "
			    "(T%s)", likely_word(score, 1), e->name, srcs,
			    win, base, win / ((base + 0.5) * (double)tw /
			    (double)tb), when, rel);
		if (rc != WAKE_OK)
			goto out;
		/* Evidence in time order across the folded sources. */
		for (j = 1; j < na; j++)
			for (k = j; k > 0 && all[k]->ts < all[k - 1]->ts; k--) {
				struct wake_cause_evidence *t = all[k];

				all[k] = all[k - 1];
				all[k - 1] = t;
			}
		for (k = 0; k < na; k++)
			if ((rc = cand_ev(c, all[k])) != WAKE_OK)
				goto out;
	}
out:
	free(v);
	return rc;
}

/* The spread of the anomaly over hosts and sources. */
static int
rank_spread(struct wake_cause *c, int64_t tw, int64_t tb)
{
	struct ent **v = NULL, *e;
	char when[40], rel[32], list[1024];
	size_t n, i, k, lim;
	double s, score;
	int rc, t;

	for (t = 0; t < 2; t++) {
		if ((rc = by_onset(t == 0 ? &c->host : &c->src, &v, &n)) !=
		    WAKE_OK)
			return rc;
		if (n == 0) {
			free(v);
			continue;
		}
		e = v[0];
		e->s = surge(e->win, e->base, tw, tb, 1);
		s = WK_MAX(e->s, e->onset_s);
		score = (t == 0 ? 0.7 : 0.65) * s *
		    (0.5 + 0.5 * early(e->onset, c->start));
		clock_fmt(e->onset, c->start, when, sizeof(when));
		rel_fmt(e->onset - c->start, rel, sizeof(rel));
		list[0] = '\0';
		/* Sources are few: all of them; hosts: the first six. */
		lim = t == 0 ? 6 : 12;
		for (i = 0, k = 0; i < n && i < lim; i++) {
			char d[32];

			rel_fmt(v[i]->onset - c->start, d, sizeof(d));
			k += (size_t)snprintf(list + k, sizeof(list) - k,
			    "%s%s at T%s", i > 0 ? ", " : "", v[i]->name, d);
			if (k >= sizeof(list))
				break;
		}
		if (n > lim && k < sizeof(list))
			snprintf(list + k, sizeof(list) - k, ", %zu more",
			    n - lim);
		if (t == 0)
			rc = cand_add(c, WAKE_CAUSE_HOST, score, e->name,
			    e->onset, "%s first failing host: %s showed the "
			    "anomaly first, at %s (T%s); %.0f errors in the "
			    "window against %.0f in the baseline; order: %s",
			    likely_word(score, 1), e->name, when, rel, e->win,
			    e->base, list);
		else
			rc = cand_add(c, WAKE_CAUSE_SOURCE, score, e->name,
			    e->onset, "%s origin: the anomaly showed first in "
			    "%s at %s and spread: %s", likely_word(score, 1),
			    e->name, when, list);
		if (rc != WAKE_OK) {
			free(v);
			return rc;
		}
		/* Evidence: each one's first anomalous line, in order. */
		for (i = 0; i < n; i++)
			if ((rc = cand_ev(c, v[i]->onset_ev.msg != NULL ?
			    &v[i]->onset_ev : &v[i]->ev[0])) != WAKE_OK) {
				free(v);
				return rc;
			}
		free(v);
		v = NULL;
	}
	return WAKE_OK;
}

static int
rank_changes(struct wake_cause *c, double *related_max)
{
	struct ent **hv = NULL, **sv = NULL;
	size_t nh = 0, ns = 0, i, j, k;
	char when[40], before[32], lb[32], name[160], rel[24], ment[64];
	const char *first, *ex;
	wake_time_t timp;
	struct chg *g;
	int rc, anyrel = 0;

	*related_max = 0;
	if ((rc = by_onset(&c->host, &hv, &nh)) != WAKE_OK ||
	    (rc = by_onset(&c->src, &sv, &ns)) != WAKE_OK)
		goto out;
	/* Impact, for changes: the first failure seen, else the start. */
	timp = c->start;
	if (nh > 0 && hv[0]->onset > timp)
		timp = hv[0]->onset;
	/* A source may have failed a little before the rise was seen. */
	if (ns > 0 && sv[0]->onset < timp)
		timp = WK_MAX(sv[0]->onset, c->start - PRE_LEAD);
	if (timp > c->start + CHG_GRACE)
		timp = c->start;
	for (i = 0; i < c->nchg; i++) {
		g = c->chg[i];
		g->last_before = WAKE_TIME_NONE;
		for (j = 0; j < g->nev; j++)
			if (g->ev[j].ts <= timp && (g->last_before ==
			    WAKE_TIME_NONE || g->ev[j].ts > g->last_before))
				g->last_before = g->ev[j].ts;
	}
	chg_merge(c);
	dur_fmt(c->o.lookback, lb, sizeof(lb));
	/* Which changes name what failed; then the scores. */
	for (i = 0; i < c->nchg; i++) {
		g = c->chg[i];
		if (g->merged || g->last_before == WAKE_TIME_NONE)
			continue;
		g->rel = 0;
		g->over = 0;
		g->relto[0] = '\0';
		g->reltok[0] = '\0';
		if (g->host[0] != '\0')
			for (j = 0; j < nh && g->rel == 0; j++)
				if (strcmp(g->host, hv[j]->name) == 0) {
					g->rel = 1;
					snprintf(g->relto, sizeof(g->relto),
					    "%s", hv[j]->name);
				}
		for (j = 0; j < nh && g->rel == 0; j++)
			if (tok_names(g, hv[j]->name)) {
				g->rel = 1;
				snprintf(g->relto, sizeof(g->relto), "%s",
				    hv[j]->name);
			}
		for (j = 0; j < ns && g->rel == 0; j++)
			if (tok_names(g, sv[j]->name)) {
				g->rel = 1;
				snprintf(g->relto, sizeof(g->relto), "%s",
				    sv[j]->name);
			}
		/*
		 * Failing templates that name what it changed; all of
		 * them, for a precursor it explains (it then ranks above
		 * it) may come after a symptom in the table.
		 */
		for (j = 0; j < c->tmpl.cap; j++) {
			struct ent *t = c->tmpl.v[j];
			char tok[sizeof(g->reltok)];

			if (t == NULL || (!t->anomalous && !t->precursor) ||
			    (g->rel && !t->precursor))
				continue;
			/* Its text, or a line of it: the masks may have
			 * taken the name ("php8.2-fpm.sock"). */
			ex = tok_in_text(g, t->name, tok, sizeof(tok)) ?
			    t->name : NULL;
			for (k = 0; ex == NULL && k < t->nev; k++)
				if (t->ev[k].msg != NULL &&
				    tok_in_text(g, t->ev[k].msg, tok,
				    sizeof(tok)))
					ex = t->name;
			for (k = 0; ex == NULL && k < t->nlev; k++)
				if (t->lev[k].msg != NULL &&
				    tok_in_text(g, t->lev[k].msg, tok,
				    sizeof(tok)))
					ex = t->name;
			if (ex == NULL)
				continue;
			if (!g->rel || (t->precursor && g->over == 0 &&
			    g->reltok[0] != '\0')) {
				snprintf(g->relto, sizeof(g->relto),
				    "\"%.100s\"", ex);
				memcpy(g->reltok, tok, sizeof(tok));
			}
			g->rel = 1;
			/* The change explains the precursor: it ranks
			 * first. */
			if (t->precursor && t->pscore + 0.01 > g->over)
				g->over = WK_MIN(t->pscore + 0.01, 0.99);
		}
		if (g->rel)
			anyrel = 1;
	}
	for (i = 0; i < c->nchg; i++) {
		g = c->chg[i];
		if (g->merged || g->last_before == WAKE_TIME_NONE)
			continue;
		g->near = exp(-(double)(timp - g->last_before) /
		    ((double)c->o.lookback / 3));
		/*
		 * A change that names nothing that failed: less likely,
		 * unless no change does and it came just before impact.
		 */
		g->score = 0.98 * (0.7 + 0.3 * g->near) * (g->rel ? 1 :
		    anyrel ? 0.4 : 0.4 + 0.5 * g->near);
		if (g->score < g->over)
			g->score = g->over;
		if (g->rel && g->score > *related_max)
			*related_max = g->score;
		if (g->id[0] != '\0')
			snprintf(name, sizeof(name), "change %s", g->id);
		else
			snprintf(name, sizeof(name), "change on %s",
			    g->host[0] != '\0' ? g->host : "an unnamed host");
		clock_fmt(g->last_before, c->start, when, sizeof(when));
		dur_fmt(timp - g->last_before, before, sizeof(before));
		snprintf(rel, sizeof(rel), "%s", timp != c->start ?
		    "the first failure" : "impact");
		if (g->nev > 1)
			qsort(g->ev, g->nev, sizeof(g->ev[0]), evcmp);
		first = "";
		for (j = 0; j < g->nev; j++)
			if (g->ev[j].ts == g->last_before)
				first = g->ev[j].msg;
		ment[0] = '\0';
		if (g->mentions > 0)
			snprintf(ment, sizeof(ment), "; named %u time%s in "
			    "chat, alerts or reports", g->mentions,
			    g->mentions == 1 ? "" : "s");
		if (g->rel && g->reltok[0] != '\0')
			rc = cand_add(c, WAKE_CAUSE_CHANGE, g->score,
			    g->id[0] != '\0' ? g->id : g->host, g->last_before,
			    "%s cause: %s%s%s at %s, %s before %s; it names "
			    "%s, as does %s, which failed (\"%.200s\")%s",
			    likely_word(g->score, 1), name,
			    g->actor != NULL ? " by " : "",
			    g->actor != NULL ? g->actor : "", when, before,
			    rel, g->reltok, g->relto, first, ment);
		else if (g->rel)
			rc = cand_add(c, WAKE_CAUSE_CHANGE, g->score,
			    g->id[0] != '\0' ? g->id : g->host, g->last_before,
			    "%s cause: %s%s%s at %s, %s before %s, touches %s, "
			    "which later failed (\"%.200s\")%s",
			    likely_word(g->score, 1), name,
			    g->actor != NULL ? " by " : "",
			    g->actor != NULL ? g->actor : "", when, before,
			    rel, g->relto, first, ment);
		else
			rc = cand_add(c, WAKE_CAUSE_CHANGE, g->score,
			    g->id[0] != '\0' ? g->id : g->host, g->last_before,
			    "%s cause: %s%s%s at %s, %s before %s; nothing "
			    "links it to what failed (\"%.200s\")%s",
			    likely_word(g->score, 1), name,
			    g->actor != NULL ? " by " : "",
			    g->actor != NULL ? g->actor : "", when, before,
			    rel, first, ment);
		if (rc != WAKE_OK)
			goto out;
		for (j = 0; j < g->nev; j++)
			if ((rc = cand_ev(c, &g->ev[j])) != WAKE_OK)
				goto out;
	}
out:
	free(hv);
	free(sv);
	return rc;
}

static int
rank_external(struct wake_cause *c, int64_t tw, int64_t tb, double relmax)
{
	struct ent *e, *best = NULL;
	double s, bs = 0, score;
	char when[40], lb[32], ago[32], tail[320], what[64];
	size_t i, nunrel = 0;
	int rc;

	for (i = 0; i < c->dest.cap; i++) {
		if ((e = c->dest.v[i]) == NULL || e->win == 0)
			continue;
		e->s = surge(e->win, e->base, tw, tb, 1);
		s = e->s * (is_private(c, e->name) ? 0.5 : 1) *
		    (0.5 + 0.5 * early(e->first_win, c->start));
		if (s > bs || (s == bs && best != NULL &&
		    e->first_win < best->first_win)) {
			best = e;
			bs = s;
		}
	}
	if (best == NULL || best->s < 0.3)
		return WAKE_OK;
	score = 0.9 * bs * (1 - relmax);
	for (i = 0; i < c->nchg; i++)
		if (!c->chg[i]->merged && c->chg[i]->last_before !=
		    WAKE_TIME_NONE && !c->chg[i]->rel)
			nunrel++;
	dur_fmt(c->o.lookback, lb, sizeof(lb));
	clock_fmt(best->first_win, c->start, when, sizeof(when));
	snprintf(what, sizeof(what), "%s",
	    best->kind == 1 ? "timeouts" : best->kind == 2 ?
	    "refused connections" : "failures");
	if (relmax > 0.3)
		snprintf(tail, sizeof(tail), "; but a change related to what "
		    "failed came shortly before");
	else if (nunrel > 0)
		snprintf(tail, sizeof(tail), "; no change in the %s before "
		    "touches what failed (%zu unrelated)", lb, nunrel);
	else
		snprintf(tail, sizeof(tail), "; no internal change in the %s "
		    "before", lb);
	if (relmax <= 0.3 && c->old_ts != WAKE_TIME_NONE) {
		size_t k = strlen(tail);

		dur_fmt(c->start - c->old_ts, ago, sizeof(ago));
		snprintf(tail + k, sizeof(tail) - k, "; the nearest earlier "
		    "change%s%s%s%s, outside the lookback, ended %s before "
		    "impact", c->old_id[0] != '\0' ? ", " : "", c->old_id,
		    c->old_host[0] != '\0' ? " on " : "", c->old_host, ago);
	}
	if ((rc = cand_add(c, WAKE_CAUSE_EXTERNAL, score, best->name,
	    best->first_win, "%s external cause: %s to %s began at %s (%.0f "
	    "in the window, %.0f in the baseline)%s", likely_word(score, 1),
	    what, best->name, when, best->win, best->base, tail)) != WAKE_OK)
		return rc;
	for (i = 0; i < best->nev; i++)
		if ((rc = cand_ev(c, &best->ev[i])) != WAKE_OK)
			return rc;
	return WAKE_OK;
}

static void
cand_drop(struct cand *k)
{
	size_t i;

	free(k->summary);
	free(k->subject);
	for (i = 0; i < k->c.nev; i++)
		evid_free(&k->ev[i]);
}

int
wake_cause_finish(struct wake_cause *c)
{
	int64_t tw, tb;
	double relmax;
	size_t i, j, nt;
	int rc;

	if (c->finished)
		return WAKE_OK;
	if (!c->have_window && window_from_incident(c) != WAKE_OK)
		return WAKE_ERR_USAGE;
	c->finished = 1;
	for (i = 0; i < c->host.cap; i++)
		if (c->host.v[i] != NULL)
			minute_close(c, c->host.v[i]);
	for (i = 0; i < c->src.cap; i++)
		if (c->src.v[i] != NULL)
			minute_close(c, c->src.v[i]);
	if (c->end == WAKE_TIME_NONE)
		tw = c->last_ts != WAKE_TIME_NONE ? c->last_ts - c->start : 0;
	else
		tw = c->end - c->start;
	tb = c->first_ts != WAKE_TIME_NONE ?
	    c->start - WK_MAX(c->bstart, c->first_ts) : 0;
	tw = WK_MAX(tw, NS_MIN);
	tb = WK_MAX(tb, NS_MIN);
	for (i = 0; i < c->host.cap; i++)
		if (c->host.v[i] != NULL)
			c->host.v[i]->s = surge(c->host.v[i]->win,
			    c->host.v[i]->base, tw, tb, 1);
	for (i = 0; i < c->src.cap; i++)
		if (c->src.v[i] != NULL)
			c->src.v[i]->s = surge(c->src.v[i]->win,
			    c->src.v[i]->base, tw, tb, 1);
	if ((rc = rank_precursors(c)) != WAKE_OK ||
	    (rc = rank_templates(c, tw, tb)) != WAKE_OK ||
	    (rc = rank_spread(c, tw, tb)) != WAKE_OK ||
	    (rc = rank_changes(c, &relmax)) != WAKE_OK ||
	    (rc = rank_external(c, tw, tb, relmax)) != WAKE_OK)
		return rc;
	if (c->ncand > 1)
		qsort(c->cand, c->ncand, sizeof(*c->cand), cand_cmp);
	/*
	 * Templates may fill at most half the list (3 at least): a flood
	 * of symptoms should not push out the change, the first host and
	 * the spread.
	 */
	for (i = 0, j = 0, nt = 0; i < c->ncand; i++) {
		struct cand *k = &c->cand[i];

		if (k->c.kind == WAKE_CAUSE_TEMPLATE &&
		    ++nt > WK_MAX(3, (c->o.max + 1) / 2)) {
			cand_drop(k);
			continue;
		}
		c->cand[j++] = *k;
	}
	c->ncand = j;
	while (c->ncand > c->o.max)
		cand_drop(&c->cand[--c->ncand]);
	for (i = 0; i < c->ncand; i++) {
		c->cand[i].c.rank = (unsigned)(i + 1);
		c->cand[i].c.ev = c->cand[i].ev;
	}
	return WAKE_OK;
}

void
wake_cause_window(const struct wake_cause *c, wake_time_t *start,
    wake_time_t *end, const char **incident)
{
	*start = c->start;
	*end = c->end;
	*incident = c->incid;
}

size_t
wake_cause_count(const struct wake_cause *c)
{
	return c->ncand;
}

const struct wake_cause_cand *
wake_cause_get(const struct wake_cause *c, size_t i)
{
	return i < c->ncand ? &c->cand[i].c : NULL;
}

/* ---- output ---- */

static int
put_s(struct wake_buf *b, const char *s)
{
	return wake_buf_put(b, s, strlen(s));
}

static int
put_time(struct wake_buf *b, wake_time_t t)
{
	char s[25];

	if (t == WAKE_TIME_NONE)
		return put_s(b, "-");
	wake_time_format(t, s);
	return wake_buf_put(b, s, 24);
}

static int
put_header(const struct wake_cause *c, struct wake_buf *out, int md)
{
	char lb[32], bl[32];
	int rc;

	dur_fmt(c->o.lookback, lb, sizeof(lb));
	dur_fmt(c->o.baseline, bl, sizeof(bl));
	if ((rc = put_s(out, md ? "Impact window " : "impact window ")) ||
	    (rc = put_s(out, md ? "`" : "")) ||
	    (rc = put_time(out, c->start)) || (rc = put_s(out, "..")) ||
	    (rc = put_time(out, c->end != WAKE_TIME_NONE ? c->end :
	    c->last_ts)) || (rc = put_s(out, md ? "`" : "")))
		return rc;
	if (c->end == WAKE_TIME_NONE && c->last_ts != WAKE_TIME_NONE &&
	    (rc = put_s(out, " (the end of the stream)")))
		return rc;
	if (c->incid[0] != '\0' && ((rc = put_s(out, " (incident ")) ||
	    (rc = put_s(out, c->incid)) || (rc = put_s(out, ")"))))
		return rc;
	if ((rc = put_s(out, "; changes looked for in the ")) ||
	    (rc = put_s(out, lb)) ||
	    (rc = put_s(out, " before, rates compared with the ")) ||
	    (rc = put_s(out, bl)) || (rc = put_s(out, " before")))
		return rc;
	return put_s(out, md ? ".  Scores are in [0,1]; they rank, they do "
	    "not prove.\n\n" : ".\n");
}

int
wake_cause_write_text(const struct wake_cause *c, struct wake_buf *out)
{
	const struct wake_cause_cand *k;
	char sc[16];
	size_t i, j;
	int rc;

	if ((rc = put_header(c, out, 0)) != WAKE_OK)
		return rc;
	if (c->ncand == 0)
		return put_s(out, "no candidate: nothing new, surging or "
		    "changed was found\n");
	for (i = 0; i < c->ncand; i++) {
		k = &c->cand[i].c;
		snprintf(sc, sizeof(sc), "%.2f", k->score);
		if ((rc = put_s(out, "\n")) ||
		    (rc = wk_buf_putu(out, k->rank)) ||
		    (rc = put_s(out, ". ")) || (rc = put_s(out, sc)) ||
		    (rc = put_s(out, " ")) ||
		    (rc = put_s(out, wake_cause_kind_name(k->kind))) ||
		    (rc = put_s(out, ": ")) ||
		    (rc = wake_escape(k->summary, strlen(k->summary), out)) ||
		    (rc = put_s(out, "\n")))
			return rc;
		for (j = 0; j < k->nev; j++) {
			const struct wake_cause_evidence *e = &k->ev[j];

			if ((rc = put_s(out, "   ")) ||
			    (rc = put_time(out, e->ts)) ||
			    (rc = put_s(out, " ")) ||
			    (rc = put_s(out, e->origin[0] != '\0' ? e->origin :
			    e->src)) || (rc = put_s(out, " ")) ||
			    (rc = wake_escape(e->msg, strlen(e->msg), out)) ||
			    (rc = put_s(out, "\n")))
				return rc;
		}
	}
	return WAKE_OK;
}

/* Markdown-escaped text (control bytes and bad UTF-8 escaped first). */
static int
put_md(struct wake_cause *tmpc, struct wake_buf *out, const char *s)
{
	struct wake_buf *t = &tmpc->tmp;
	size_t i;
	int rc;

	t->n = 0;
	if ((rc = wake_escape(s, strlen(s), t)) != WAKE_OK)
		return rc;
	for (i = 0; i < t->n; i++) {
		unsigned char ch = (unsigned char)t->p[i];

		if (strchr("\\`*_[]<>|~&", ch) != NULL && ch != '\0' &&
		    (rc = wake_buf_putc(out, '\\')) != WAKE_OK)
			return rc;
		if ((rc = wake_buf_putc(out, ch)) != WAKE_OK)
			return rc;
	}
	return WAKE_OK;
}

int
wake_cause_write_md(const struct wake_cause *c, struct wake_buf *out)
{
	/* put_md borrows the handle's scratch buffer. */
	struct wake_cause *mc = (struct wake_cause *)(uintptr_t)c;
	const struct wake_cause_cand *k;
	char sc[16];
	size_t i, j;
	int rc;

	if ((rc = put_s(out, "## Root cause candidates\n\n")) ||
	    (rc = put_header(c, out, 1)))
		return rc;
	if (c->ncand == 0)
		return put_s(out, "No candidate: nothing new, surging or "
		    "changed was found.\n");
	for (i = 0; i < c->ncand; i++) {
		k = &c->cand[i].c;
		snprintf(sc, sizeof(sc), "%.2f", k->score);
		if ((rc = wk_buf_putu(out, k->rank)) ||
		    (rc = put_s(out, ". **")) ||
		    (rc = put_s(out, wake_cause_kind_name(k->kind))) ||
		    (rc = put_s(out, "** (score ")) || (rc = put_s(out, sc)) ||
		    (rc = put_s(out, "): ")) ||
		    (rc = put_md(mc, out, k->summary)) ||
		    (rc = put_s(out, "\n")))
			return rc;
		for (j = 0; j < k->nev; j++) {
			const struct wake_cause_evidence *e = &k->ev[j];

			if ((rc = put_s(out, "   - `")) ||
			    (rc = put_time(out, e->ts)) ||
			    (rc = put_s(out, "` ")) ||
			    (rc = put_md(mc, out, e->origin[0] != '\0' ?
			    e->origin : e->src)) || (rc = put_s(out, ": ")) ||
			    (rc = put_md(mc, out, e->msg)) ||
			    (rc = put_s(out, "\n")))
				return rc;
		}
	}
	return WAKE_OK;
}

int
wake_cause_write_json(const struct wake_cause *c, struct wake_buf *out)
{
	const struct wake_cause_cand *k;
	char sc[16];
	size_t i, j;
	int rc;

	for (i = 0; i < c->ncand; i++) {
		k = &c->cand[i].c;
		snprintf(sc, sizeof(sc), "%.2f", k->score);
		if ((rc = put_s(out, "{\"rank\":")) ||
		    (rc = wk_buf_putu(out, k->rank)) ||
		    (rc = put_s(out, ",\"score\":")) || (rc = put_s(out, sc)) ||
		    (rc = put_s(out, ",\"kind\":\"")) ||
		    (rc = put_s(out, wake_cause_kind_name(k->kind))) ||
		    (rc = put_s(out, "\",\"summary\":\"")) ||
		    (rc = wk_json_escape(k->summary, strlen(k->summary),
		    out)) ||
		    (rc = put_s(out, "\",\"subject\":\"")) ||
		    (rc = wk_json_escape(k->subject, strlen(k->subject),
		    out)) ||
		    (rc = put_s(out, "\",\"ts\":\"")) ||
		    (rc = put_time(out, k->ts)))
			return rc;
		/* Which incident, so a report can tell candidates apart. */
		if (c->incid[0] != '\0' &&
		    ((rc = put_s(out, "\",\"incident\":\"")) ||
		    (rc = wk_json_escape(c->incid, strlen(c->incid), out))))
			return rc;
		if ((rc = put_s(out, "\",\"evidence\":[")))
			return rc;
		for (j = 0; j < k->nev; j++) {
			const struct wake_cause_evidence *e = &k->ev[j];

			if ((rc = put_s(out, j > 0 ? ",{\"ts\":\"" :
			    "{\"ts\":\"")) || (rc = put_time(out, e->ts)) ||
			    (rc = put_s(out, "\",\"origin\":\"")) ||
			    (rc = wk_json_escape(e->origin, strlen(e->origin),
			    out)) || (rc = put_s(out, "\",\"src\":\"")) ||
			    (rc = wk_json_escape(e->src, strlen(e->src),
			    out)) ||
			    (rc = put_s(out, "\",\"host\":\"")) ||
			    (rc = wk_json_escape(e->host, strlen(e->host),
			    out)) || (rc = put_s(out, "\",\"msg\":\"")) ||
			    (rc = wk_json_escape(e->msg, strlen(e->msg),
			    out)) ||
			    (rc = put_s(out, "\"}")))
				return rc;
		}
		if ((rc = put_s(out, "]}\n")) != WAKE_OK)
			return rc;
	}
	return WAKE_OK;
}

/* ---- reading ---- */

/* Is this TSV line's kind column "phase"?  (JSON: maybe, parse it.) */
static int
maybe_phase(const char *p, size_t n)
{
	const char *q = p, *e = p + n, *t;
	int col;

	if (n > 0 && p[0] == '{')
		return 1;
	for (col = 0; col < 4; col++) {
		if ((t = memchr(q, '\t', (size_t)(e - q))) == NULL)
			return 0;
		q = t + 1;
	}
	return e - q >= 6 && memcmp(q, "phase\t", 6) == 0;
}

int
wake_cause_run(struct wake_cause *c, struct wake_input *in, int pass,
    wake_diag_fn diag, void *arg)
{
	struct wake_event ev;
	struct wake_line l;
	const char *why;
	char reason[96];
	int rc, arc = WAKE_OK;

	wake_event_init(&ev);
	while ((rc = wake_input_line(in, &l)) == WAKE_OK) {
		if (l.n == 0 || l.p[0] == '#')
			continue;
		if (pass == 1 && !maybe_phase(l.p, l.n))
			continue;
		if (l.truncated > 0) {
			if (pass != 1 && diag != NULL) {
				snprintf(reason, sizeof(reason), "line too "
				    "long (%zu bytes cut), skipped",
				    l.truncated);
				diag(arg, wake_input_name(in),
				    (unsigned long)l.no, reason);
			}
			continue;
		}
		wake_event_reset(&ev);
		if ((rc = wake_event_read(&ev, l.p, l.n, &why)) != WAKE_OK) {
			if (rc == WAKE_ERR_NOMEM) {
				arc = rc;
				break;
			}
			if (pass != 1 && diag != NULL)
				diag(arg, wake_input_name(in),
				    (unsigned long)l.no, why);
			continue;
		}
		if ((arc = pass == 1 ? wake_cause_scan(c, &ev) :
		    wake_cause_add(c, &ev)) != WAKE_OK)
			break;
	}
	wake_event_free(&ev);
	if (arc != WAKE_OK)
		return arc;
	return rc == WAKE_EOF ? WAKE_OK : rc;
}
