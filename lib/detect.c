/*
 * Incident detection: per-series counts in time bins against a robust
 * baseline, anomaly windows with hysteresis, windows joined into
 * incidents, markers giving the human phases.  See wake-detect(1) for
 * the method in words; the numbers here follow it.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/detect.h>
#include <wake/incident.h>
#include <wake/input.h>
#include <wake/rules.h>

#include "internal.h"

#define NS		INT64_C(1000000000)
#define MIN_NS		(60 * NS)
#define DAY_NS		(86400 * NS)
#define FLUSH_AT	(256 * 1024)
#define HIST_DAYS	7	/* days of time-of-day history kept */
#define LEARN_DAYS	7	/* an anomaly this long is the new level */
#define SLOT_NS		(5 * MIN_NS)	/* its resolution */
#define MAX_MARKERS	4096	/* markers held at once, per holder */
#define TEXT_MAX	160	/* bytes of a message kept in a why */
#define MAX_MEMBERS	1024	/* windows of one incident kept apart */

/* Series types: the first byte of a series key. */
#define T_LOG		0
#define T_CALL		1
#define T_CHAT		2
#define T_METRIC	3

/* --by fields. */
#define F_SRC		0
#define F_HOST		1
#define F_SEV		2
#define F_KIND		3
#define F_ATTR		4
#define MAX_FIELDS	8

/* Anomaly states. */
#define S_NONE		0
#define S_SPIKE		1
#define S_DROP		2

struct field {
	int	 type;
	char	*attr;		/* F_ATTR: the attr's name */
};

/* An anomaly window of one series; bins are bin numbers. */
struct window {
	uint32_t	 ser;
	int		 kind;		/* S_SPIKE or S_DROP */
	int		 open;
	int64_t		 onset;		/* first anomalous bin */
	int64_t		 end;		/* last anomalous bin */
	int64_t		 enter;		/* bin at which it opened */
	double		 peak;		/* highest (drop: lowest) count */
	double		 peak_e;	/* the baseline in that bin */
	int64_t		 peak_bin;
	double		 enter_w;	/* smoothed sum when it opened */
	double		 enter_e;	/* and its baseline */
	double		 enter_z;	/* and its z */
	int64_t		 hot;		/* bins clearly off on their own */
	int		 slow;		/* opened by the long window */
};

struct series {
	char		*key;
	size_t		 keylen;
	uint64_t	 hash;
	char		*name;		/* for people */
	double		 cur;		/* the open bin */
	float		*rx;		/* trailing window: counts (imputed) */
	float		*rh;		/* and their time-of-day reference */
	float		*sc;		/* smoothing: counts */
	float		*se;		/* and baselines for rises */
	float		*sd;		/* and for falls */
	float		*hist;		/* [HIST_DAYS][nslots] counts */
	uint32_t	 nring;		/* bins in rx (up to nwin) */
	uint32_t	 nsm;		/* bins in sc (up to nl) */
	double		 elong;		/* long-run level (slow average) */
	double		 hc, he;	/* a window's count and baseline per
					   bin, averaged over half an hour */
	int64_t		 loud;		/* bins in a row the short window
					   has been off */
	int64_t		 hist_first;	/* first bin the history covers */
	int64_t		 daily_since;	/* first bin with a daily reference */
	double		 up, dn;	/* CUSUM up and down */
	int64_t		 up_start;	/* bin after up was last 0 */
	int64_t		 dn_start;
	int		 state;		/* S_* */
	int		 memb;		/* index in the open incident, or -1 */
	uint32_t	 idx;		/* index in d->ser */
	int		 spiky;		/* rises count (not info traffic) */
	int		 droppy;	/* falls count (not fewer errors) */
	int		 demand;	/* calls, chat, metrics: follows the
					   day, no slow rise is trouble */
	int64_t		 calm;		/* no slow window before this bin */
	int32_t		 src;		/* index in d->src, -1: none */
	int64_t		 idle;		/* bins with no event, in a row */
	struct window	 w;
	double		 last_e;	/* baseline of the last closed bin */
};

struct srcent {
	char		*name;
	size_t		 n;
	uint64_t	 hash;
	int64_t		 first;		/* bin of its first event */
	int		 silent;	/* its confirmed drops still open */
};

struct marker {
	wake_time_t	 ts;
	int		 phase;		/* WAKE_PHASE_DETECT ... RESOLVE */
	char		*why;
	char		*ref;
	char		*title;		/* the message, for a declared title */
};

struct mlist {
	struct marker	*v;
	size_t		 n;
	size_t		 cap;
};

/* An incident being built. */
struct inc {
	struct window	*m;		/* member windows */
	size_t		 nm;
	size_t		 cap;
	size_t		 nopen;		/* members still open */
	int64_t		 start;		/* bin: the earliest onset */
	int64_t		 last_end;	/* bin: the latest end */
	wake_time_t	 recover;	/* set when it stops taking windows */
	struct mlist	 mk;
};

struct daycount {
	int64_t	day;
	int	n;
};

struct wake_detect {
	struct wake_detect_opts	 o;
	int			 ready;
	int			 stopped;
	char			 err[256];
	struct field		 by[MAX_FIELDS];
	size_t			 nby;
	int			 by_attr;	/* a field needs attrs */
	/* Bins: counts of the sizes below. */
	int64_t			 nwin, nsm, nl, mind, joinb, settleb;
	int64_t			 day_bins, slot_bins, nslots;
	int			 daily;
	int64_t			 reset_bins;
	/* Series and sources: open addressing on the hash. */
	struct series		**ser;
	size_t			 nser;
	size_t			 sercap;
	uint32_t		*stab;
	size_t			 stabcap;
	struct srcent		*src;
	size_t			 nsrc;
	size_t			 srccap;
	uint32_t		*srctab;
	size_t			 srctabcap;
	double			*tmp;		/* scratch for medians */
	double			*tmp2;
	/* Time. */
	int64_t			 bin;		/* the open bin, or INT64_MIN */
	char			 tsmin[16];	/* "YYYY-MM-DDTHH:MM" cached */
	int64_t			 tsmin_ns;
	int			 have_tsmin;
	/* Incidents. */
	struct inc		 cur;
	int			 cur_active;
	struct inc		*fin;		/* waiting for a late resolve */
	size_t			 nfin;
	size_t			 fincap;
	struct mlist		 ring;		/* markers of no incident yet */
	struct window		 blips[64];	/* windows too short, recent */
	size_t			 nblips;
	struct wake_incidents	 incs;
	struct daycount		 days[16];
	/* Input. */
	int			 format;	/* -1 unknown, 0 TSV, 1 JSON */
	struct wake_event	 ev;
	struct wake_event	 pev;		/* phase events */
	struct wake_buf		 kb;		/* key being built */
	struct wake_buf		 tb;		/* text being built */
	const char		*origin;
	unsigned long		 line;
	int			 warned_series;
	struct series		*lastq;		/* quick path: last series */
	int			 warned_markers;
	int			 spiky;		/* for the series being made */
	int			 droppy;
	int32_t			 newsrc;	/* its source's index */
};

/* ---- small helpers ---- */

static void
seterr(struct wake_detect *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
seterr(struct wake_detect *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->err, sizeof(d->err), fmt, ap);
	va_end(ap);
}

static void
diag(struct wake_detect *d, const char *reason)
{
	if (d->o.diag != NULL)
		d->o.diag(d->o.diag_arg, d->origin != NULL ? d->origin : "-",
		    d->line, reason);
}

static int
nomem(struct wake_detect *d)
{
	seterr(d, "out of memory");
	return WAKE_ERR_NOMEM;
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t
modpos(int64_t a, int64_t b)
{
	int64_t r = a % b;

	return r < 0 ? r + b : r;
}

static uint64_t
hash_bytes(const char *p, size_t n)
{
	uint64_t h = UINT64_C(1469598103934665603);
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= UINT64_C(1099511628211);
	}
	return h | 1;
}

static char *
xstrndup(const char *p, size_t n)
{
	char *s;

	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* Median of v[0..n) (reordered); 0 for none.  Quickselect. */
static double
median(double *v, size_t n)
{
	size_t lo = 0, hi, k, i, j;
	double piv, t, a;

	if (n == 0)
		return 0;
	hi = n - 1;
	k = n / 2;
	while (lo < hi) {
		piv = v[lo + (hi - lo) / 2];
		i = lo;
		j = hi;
		while (i <= j) {
			while (v[i] < piv)
				i++;
			while (v[j] > piv)
				j--;
			if (i <= j) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	a = v[k];
	if (n % 2 == 0) {
		/* The lower middle: the largest of v[0..k). */
		t = v[0];
		for (i = 1; i < k; i++)
			if (v[i] > t)
				t = v[i];
		a = (a + t) / 2;
	}
	return a;
}

/* A number for people: "0", "0.3", "47", "1.2e+06". */
static void
fmt_num(double v, char *out, size_t n)
{
	if (v != v)
		snprintf(out, n, "?");
	else if (fabs(v) >= 1e6)
		snprintf(out, n, "%.3g", v);
	else if (fabs(v - floor(v + 0.5)) < 0.05 || fabs(v) >= 10)
		snprintf(out, n, "%.0f", v);
	else
		snprintf(out, n, "%.1f", v);
}

static int
tb_put(struct wake_detect *d, const char *s)
{
	return wake_buf_put(&d->tb, s, strlen(s));
}

static int
tb_printf(struct wake_detect *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
tb_printf(struct wake_detect *d, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return WAKE_OK;
	return wake_buf_put(&d->tb, buf, WK_MIN((size_t)n, sizeof(buf) - 1));
}

/* The text built in d->tb as a new string. */
static char *
tb_take(struct wake_detect *d)
{
	char *s = xstrndup(d->tb.p != NULL ? d->tb.p : "", d->tb.n);

	d->tb.n = 0;
	return s;
}

/* "/min" for 1m bins, else " per 5m" and so on. */
static void
per_bin(const struct wake_detect *d, char *out, size_t n)
{
	char dur[24];

	if (d->o.bin == MIN_NS)
		snprintf(out, n, "/min");
	else if (d->o.bin == NS)
		snprintf(out, n, "/s");
	else if (d->o.bin == 60 * MIN_NS)
		snprintf(out, n, "/h");
	else {
		wake_duration_format(d->o.bin, dur, sizeof(dur));
		snprintf(out, n, " per %s", dur);
	}
}

static void
fmt_ts(wake_time_t t, char out[25])
{
	if (t == WAKE_TIME_NONE)
		snprintf(out, 25, "-");
	else
		wake_time_format(t, out);
}

/* ---- options ---- */

void
wake_detect_opts_init(struct wake_detect_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->by = NULL;
	o->bin = MIN_NS;
	o->window = 60 * MIN_NS;
	o->smooth = 5 * MIN_NS;
	o->min_duration = 3 * MIN_NS;
	o->join = 15 * MIN_NS;
	o->settle = 10 * MIN_NS;
	o->lead = 30 * MIN_NS;
	o->grace = 120 * MIN_NS;
	o->gap = 60 * MIN_NS;
	o->threshold = 4;
	o->min_excess = 5;
	o->ratio = 1.5;
	o->drop_ratio = 0.2;
	o->drop_min = 10;
	o->max_series = 1000;
}

int
wake_detect_sensitivity(struct wake_detect_opts *o, const char *name)
{
	if (strcmp(name, "low") == 0) {
		o->threshold = 6;
		o->min_excess = 10;
		o->ratio = 2;
		o->drop_ratio = 0.1;
		o->min_duration = 5 * MIN_NS;
	} else if (strcmp(name, "normal") == 0) {
		o->threshold = 4;
		o->min_excess = 5;
		o->ratio = 1.5;
		o->drop_ratio = 0.2;
		o->min_duration = 3 * MIN_NS;
	} else if (strcmp(name, "high") == 0) {
		o->threshold = 3;
		o->min_excess = 3;
		o->ratio = 1.3;
		o->drop_ratio = 0.3;
		o->min_duration = 2 * MIN_NS;
	} else
		return WAKE_ERR_USAGE;
	return WAKE_OK;
}

int
wake_detect_new(struct wake_detect **dp)
{
	struct wake_detect *d;

	if ((d = calloc(1, sizeof(*d))) == NULL)
		return WAKE_ERR_NOMEM;
	wake_detect_opts_init(&d->o);
	d->bin = INT64_MIN;
	d->format = -1;
	wake_event_init(&d->ev);
	wake_event_init(&d->pev);
	d->kb.max = 1 << 20;
	*dp = d;
	return WAKE_OK;
}

static void
mlist_clear(struct mlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].why);
		free(l->v[i].ref);
		free(l->v[i].title);
	}
	l->n = 0;
}

static void
mlist_free(struct mlist *l)
{
	mlist_clear(l);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

static void
inc_free(struct inc *c)
{
	free(c->m);
	mlist_free(&c->mk);
	memset(c, 0, sizeof(*c));
}

static void
series_free(struct series *s)
{
	if (s == NULL)
		return;
	free(s->key);
	free(s->name);
	free(s->rx);
	free(s);
}

void
wake_detect_free(struct wake_detect *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nser; i++)
		series_free(d->ser[i]);
	free(d->ser);
	free(d->stab);
	for (i = 0; i < d->nsrc; i++)
		free(d->src[i].name);
	free(d->src);
	free(d->srctab);
	free(d->tmp);
	free(d->tmp2);
	inc_free(&d->cur);
	for (i = 0; i < d->nfin; i++)
		inc_free(&d->fin[i]);
	free(d->fin);
	mlist_free(&d->ring);
	wake_incidents_free(&d->incs);
	for (i = 0; i < d->nby; i++)
		free(d->by[i].attr);
	wake_event_free(&d->ev);
	wake_event_free(&d->pev);
	wake_buf_free(&d->kb);
	wake_buf_free(&d->tb);
	free(d);
}

const char *
wake_detect_error(const struct wake_detect *d)
{
	return d->err;
}

const struct wake_incidents *
wake_detect_incidents(const struct wake_detect *d)
{
	return &d->incs;
}

static int
parse_by(struct wake_detect *d, const char *list)
{
	const char *p = list, *e;
	size_t n;

	d->nby = 0;
	while (*p != '\0') {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (d->nby == MAX_FIELDS) {
			seterr(d, "--by: more than %d fields", MAX_FIELDS);
			return WAKE_ERR_USAGE;
		}
		d->by[d->nby].attr = NULL;
		if (wk_streq(p, n, "src"))
			d->by[d->nby].type = F_SRC;
		else if (wk_streq(p, n, "host"))
			d->by[d->nby].type = F_HOST;
		else if (wk_streq(p, n, "sev"))
			d->by[d->nby].type = F_SEV;
		else if (wk_streq(p, n, "kind"))
			d->by[d->nby].type = F_KIND;
		else if (n > 5 && memcmp(p, "attr:", 5) == 0) {
			d->by[d->nby].type = F_ATTR;
			if ((d->by[d->nby].attr = xstrndup(p + 5, n - 5)) ==
			    NULL)
				return nomem(d);
			d->by_attr = 1;
		} else {
			seterr(d, "--by: unknown field '%.*s' (src, host, sev, "
			    "kind, attr:NAME)", (int)WK_MIN(n, 64), p);
			return WAKE_ERR_USAGE;
		}
		d->nby++;
		if (e == NULL)
			break;
		p = e + 1;
	}
	if (d->nby == 0) {
		seterr(d, "--by: no field");
		return WAKE_ERR_USAGE;
	}
	return WAKE_OK;
}

static int64_t
bins_of(int64_t ns, int64_t bin)
{
	return ns <= 0 ? 0 : (ns + bin - 1) / bin;
}

int
wake_detect_setup(struct wake_detect *d, const struct wake_detect_opts *o)
{
	int rc;

	d->o = *o;
	if (o->bin <= 0) {
		seterr(d, "the bin must be longer than 0");
		return WAKE_ERR_USAGE;
	}
	if (o->threshold <= 0 || o->min_excess < 0 || o->ratio < 1 ||
	    o->drop_ratio <= 0 || o->drop_ratio >= 1 || o->drop_min < 0) {
		seterr(d, "a threshold is out of range");
		return WAKE_ERR_USAGE;
	}
	if ((rc = parse_by(d, o->by != NULL && *o->by != '\0' ? o->by :
	    "src,sev")) != WAKE_OK)
		return rc;
	d->nsm = WK_MAX(bins_of(o->smooth, o->bin), 1);
	d->nwin = bins_of(o->window, o->bin);
	if (d->nwin < 2 * d->nsm || d->nwin > 100000) {
		seterr(d, "the window must hold at least twice the smoothing "
		    "and at most 100000 bins");
		return WAKE_ERR_USAGE;
	}
	d->nl = 3 * d->nsm;
	if (d->nsm > 1000) {
		seterr(d, "the smoothing is too long for the bin");
		return WAKE_ERR_USAGE;
	}
	d->mind = bins_of(o->min_duration, o->bin);
	d->joinb = bins_of(o->join, o->bin);
	d->settleb = bins_of(o->settle, o->bin);
	/* Time-of-day history when the bin divides a day and a slot. */
	d->daily = 0;
	if (DAY_NS % o->bin == 0) {
		d->day_bins = DAY_NS / o->bin;
		d->slot_bins = SLOT_NS % o->bin == 0 ? SLOT_NS / o->bin : 1;
		if (d->day_bins % d->slot_bins == 0) {
			d->nslots = d->day_bins / d->slot_bins;
			d->daily = d->nslots <= 1440;
		}
	}
	if (!d->daily) {
		d->day_bins = WK_MAX(DAY_NS / o->bin, 1);
		d->nslots = 0;
	}
	d->reset_bins = WK_MAX(2 * d->nwin, WK_MIN(8 * d->day_bins, 200000));
	if (o->max_series == 0)
		d->o.max_series = 1;
	if ((d->tmp = calloc((size_t)d->nwin + 8, sizeof(double))) == NULL ||
	    (d->tmp2 = calloc((size_t)d->nwin + 8, sizeof(double))) == NULL)
		return nomem(d);
	d->ready = 1;
	return WAKE_OK;
}

/* ---- output ---- */

static int
out_put(struct wake_detect *d, const char *p, size_t n)
{
	if (d->o.out == NULL)
		return WAKE_OK;
	if (wake_buf_put(d->o.out, p, n) != WAKE_OK)
		return nomem(d);
	return WAKE_OK;
}

static int
out_flush(struct wake_detect *d)
{
	if (d->o.out != NULL && d->o.flush != NULL &&
	    d->o.out->n >= FLUSH_AT && d->o.flush(d->o.flush_arg) != 0) {
		d->stopped = 1;
		return WAKE_EOF;
	}
	return WAKE_OK;
}

static int
put_phase_event(void *arg, const struct wake_event *ev)
{
	struct wake_detect *d = arg;
	int rc;

	if (d->o.out == NULL)
		return WAKE_OK;
	rc = d->format == 1 ? wake_event_write_json(ev, d->o.out) :
	    wake_event_write_tsv(ev, d->o.out);
	if (rc != WAKE_OK)
		return nomem(d);
	return WAKE_OK;
}

/* ---- series ---- */

static int
tab_grow(uint32_t **tabp, size_t *capp, size_t n,
    uint64_t (*hash_of)(const void *, uint32_t), const void *arg)
{
	uint32_t *t;
	size_t cap = *capp == 0 ? 64 : *capp * 2, i, j;

	if ((t = calloc(cap, sizeof(*t))) == NULL)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < n; i++) {
		j = (size_t)hash_of(arg, (uint32_t)i) & (cap - 1);
		while (t[j] != 0)
			j = (j + 1) & (cap - 1);
		t[j] = (uint32_t)i + 1;
	}
	free(*tabp);
	*tabp = t;
	*capp = cap;
	return WAKE_OK;
}

static uint64_t
ser_hash(const void *arg, uint32_t i)
{
	const struct wake_detect *d = arg;

	return d->ser[i]->hash;
}

static uint64_t
src_hash(const void *arg, uint32_t i)
{
	const struct wake_detect *d = arg;

	return d->src[i].hash;
}

/* The first bin of source src (added at bin when new); -1 on ENOMEM. */
static int64_t
src_first(struct wake_detect *d, const char *p, size_t n, int64_t bin)
{
	uint64_t h = hash_bytes(p, n);
	struct srcent *v;
	size_t j, cap;
	uint32_t k;

	if (d->srctabcap > 0)
		for (j = (size_t)h & (d->srctabcap - 1);
		    (k = d->srctab[j]) != 0; j = (j + 1) & (d->srctabcap - 1))
			if (d->src[k - 1].hash == h && d->src[k - 1].n == n &&
			    memcmp(d->src[k - 1].name, p, n) == 0) {
				d->newsrc = (int32_t)(k - 1);
				return d->src[k - 1].first;
			}
	d->newsrc = -1;
	if (d->nsrc >= d->o.max_series)
		return bin;
	if (d->nsrc == d->srccap) {
		cap = d->srccap == 0 ? 16 : d->srccap * 2;
		if ((v = reallocarray(d->src, cap, sizeof(*v))) == NULL)
			return -1;
		d->src = v;
		d->srccap = cap;
	}
	if ((d->nsrc + 1) * 2 > d->srctabcap && tab_grow(&d->srctab,
	    &d->srctabcap, d->nsrc, src_hash, d) != WAKE_OK)
		return -1;
	if ((d->src[d->nsrc].name = xstrndup(p, n)) == NULL)
		return -1;
	d->src[d->nsrc].n = n;
	d->src[d->nsrc].hash = h;
	d->src[d->nsrc].first = bin;
	d->src[d->nsrc].silent = 0;
	d->newsrc = (int32_t)d->nsrc;
	for (j = (size_t)h & (d->srctabcap - 1); d->srctab[j] != 0;
	    j = (j + 1) & (d->srctabcap - 1))
		;
	d->srctab[j] = (uint32_t)++d->nsrc;
	return bin;
}

static void
series_reset(struct wake_detect *d, struct series *s, int64_t bin,
    int64_t first)
{
	int64_t zeros;
	size_t nfl;

	nfl = (size_t)(2 * d->nwin + 3 * d->nl + HIST_DAYS * d->nslots);
	memset(s->rx, 0, nfl * sizeof(float));
	/* A new series of a known source has been 0 since the source began. */
	zeros = first >= 0 && first < bin ? bin - first : 0;
	s->nring = (uint32_t)WK_MIN(zeros, d->nwin);
	s->nsm = (uint32_t)WK_MIN(zeros, d->nl);
	s->elong = 0;
	s->hist_first = first >= 0 && first < bin ? first : bin;
	s->daily_since = -1;
	s->up = s->dn = 0;
	s->up_start = s->dn_start = bin;
	s->state = S_NONE;
	s->memb = -1;
	s->cur = 0;
	s->last_e = 0;
	s->calm = bin;
	s->idle = 0;
}

static struct series *
series_new(struct wake_detect *d, const char *key, size_t keylen,
    uint64_t h, const char *name, size_t namelen, int64_t first)
{
	struct series *s, **v;
	size_t nfl, cap, j;

	if (d->nser == d->sercap) {
		cap = d->sercap == 0 ? 16 : d->sercap * 2;
		if ((v = reallocarray(d->ser, cap, sizeof(*v))) == NULL)
			return NULL;
		d->ser = v;
		d->sercap = cap;
	}
	if ((d->nser + 1) * 2 > d->stabcap && tab_grow(&d->stab,
	    &d->stabcap, d->nser, ser_hash, d) != WAKE_OK)
		return NULL;
	nfl = (size_t)(2 * d->nwin + 3 * d->nl + HIST_DAYS * d->nslots);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if ((s->key = xstrndup(key, keylen)) == NULL ||
	    (s->name = xstrndup(name, namelen)) == NULL ||
	    (s->rx = calloc(nfl, sizeof(float))) == NULL) {
		series_free(s);
		return NULL;
	}
	s->rh = s->rx + d->nwin;
	s->sc = s->rh + d->nwin;
	s->se = s->sc + d->nl;
	s->sd = s->se + d->nl;
	s->hist = s->sd + d->nl;
	s->keylen = keylen;
	s->hash = h;
	s->spiky = d->spiky;
	s->droppy = d->droppy;
	s->demand = keylen > 0 && (key[0] == T_CALL || key[0] == T_CHAT ||
	    key[0] == T_METRIC);
	series_reset(d, s, d->bin, first);
	s->idx = (uint32_t)d->nser;
	d->ser[d->nser] = s;
	for (j = (size_t)h & (d->stabcap - 1); d->stab[j] != 0;
	    j = (j + 1) & (d->stabcap - 1))
		;
	d->stab[j] = (uint32_t)++d->nser;
	return s;
}

/*
 * The series of key (d->kb) named by d->tb, made when new.  NULL on
 * ENOMEM.
 */
static struct series *
series_get(struct wake_detect *d, const char *src, size_t srcn)
{
	const char *key = d->kb.p;
	size_t keylen = d->kb.n, j;
	uint64_t h = hash_bytes(key, keylen);
	struct series *s;
	int64_t first;
	uint32_t k;

	if (d->stabcap > 0)
		for (j = (size_t)h & (d->stabcap - 1); (k = d->stab[j]) != 0;
		    j = (j + 1) & (d->stabcap - 1)) {
			s = d->ser[k - 1];
			if (s->hash == h && s->keylen == keylen &&
			    memcmp(s->key, key, keylen) == 0)
				return s;
		}
	if (d->nser >= d->o.max_series) {
		if (!d->warned_series) {
			d->warned_series = 1;
			diag(d, "too many series: the rest are counted as "
			    "\"(other)\"");
		}
		key = "\377(other)";
		keylen = 8;
		h = hash_bytes(key, keylen);
		for (j = (size_t)h & (d->stabcap - 1); (k = d->stab[j]) != 0;
		    j = (j + 1) & (d->stabcap - 1)) {
			s = d->ser[k - 1];
			if (s->hash == h && s->keylen == keylen &&
			    memcmp(s->key, key, keylen) == 0)
				return s;
		}
		if ((s = series_new(d, key, keylen, h, "(other)", 7,
		    d->bin)) != NULL)
			s->src = -1;
		return s;
	}
	if ((first = src_first(d, src, srcn, d->bin)) < 0)
		return NULL;
	if ((s = series_new(d, key, keylen, h, d->tb.p != NULL ? d->tb.p :
	    "", d->tb.n, first)) != NULL)
		s->src = d->newsrc;
	return s;
}

/* ---- markers ---- */

static int
mlist_add(struct wake_detect *d, struct mlist *l, const struct marker *m)
{
	struct marker *v;
	size_t cap;

	if (l->n == MAX_MARKERS) {
		if (!d->warned_markers) {
			d->warned_markers = 1;
			diag(d, "too many incident markers at once: the "
			    "oldest are forgotten");
		}
		free(l->v[0].why);
		free(l->v[0].ref);
		free(l->v[0].title);
		memmove(l->v, l->v + 1, (l->n - 1) * sizeof(*v));
		l->n--;
	}
	if (l->n == l->cap) {
		cap = l->cap == 0 ? 16 : l->cap * 2;
		if ((v = reallocarray(l->v, cap, sizeof(*v))) == NULL)
			return nomem(d);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *m;
	return WAKE_OK;
}

/* Move the markers of from at or after t to to. */
static int
mlist_claim(struct wake_detect *d, struct mlist *from, struct mlist *to,
    wake_time_t t)
{
	size_t i, k = 0;
	int rc;

	for (i = 0; i < from->n; i++) {
		if (from->v[i].ts >= t) {
			if ((rc = mlist_add(d, to, &from->v[i])) != WAKE_OK)
				return rc;
		} else
			from->v[k++] = from->v[i];
	}
	from->n = k;
	return WAKE_OK;
}

static int
cmp_marker(const void *a, const void *b)
{
	const struct marker *x = a, *y = b;

	return x->ts < y->ts ? -1 : x->ts > y->ts;
}

/* ---- incidents ---- */

static wake_time_t
bin_time(const struct wake_detect *d, int64_t bin)
{
	return bin * d->o.bin;
}

/* The id for an incident starting at t: INC-YYYYMMDD-N. */
static void
make_id(struct wake_detect *d, wake_time_t t, char *id, size_t n)
{
	int64_t day = floordiv(t, DAY_NS);
	int y, m, dd, k, old = 0;
	size_t i;

	for (i = 0; i < WK_NELEM(d->days); i++)
		if (d->days[i].n > 0 && d->days[i].day == day)
			break;
	if (i == WK_NELEM(d->days)) {
		for (i = 0; i < WK_NELEM(d->days); i++) {
			if (d->days[i].n == 0)
				break;
			if (d->days[i].day < d->days[old].day)
				old = (int)i;
		}
		if (i == WK_NELEM(d->days))
			i = (size_t)old;
		d->days[i].day = day;
		d->days[i].n = 0;
	}
	k = ++d->days[i].n;
	wake_civil_from_days(day, &y, &m, &dd);
	snprintf(id, n, "INC-%04d%02d%02d-%d", y, m, dd, k);
}

static const char *
kind_word(int kind)
{
	return kind == S_DROP ? "drop" : "spike";
}

/* "NAME rose to 47/min vs baseline 5/min (9.4x)". */
static int
why_window(struct wake_detect *d, const struct window *w)
{
	char a[32], b[32], r[32], u[32];

	per_bin(d, u, sizeof(u));
	fmt_num(w->peak, a, sizeof(a));
	fmt_num(w->peak_e, b, sizeof(b));
	if (w->kind == S_DROP)
		return tb_printf(d, "%s fell to %s%s vs baseline %s%s",
		    d->ser[w->ser]->name, a, u, b, u);
	if (w->peak_e >= 0.05) {
		fmt_num(w->peak / w->peak_e, r, sizeof(r));
		snprintf(r + strlen(r), sizeof(r) - strlen(r), "x");
	} else
		snprintf(r, sizeof(r), "from about 0");
	return tb_printf(d, "%s rose to %s%s vs baseline %s%s (%s)",
	    d->ser[w->ser]->name, a, u, b, u, r);
}

static int
cmp_window(const void *a, const void *b)
{
	const struct window *x = a, *y = b;

	if (x->onset != y->onset)
		return x->onset < y->onset ? -1 : 1;
	return x->ser < y->ser ? -1 : x->ser > y->ser;
}

static int
explain_incident(struct wake_detect *d, const struct wake_incident *inc,
    const struct inc *c)
{
	char t0[25], t1[25], a[32], b[32], s[32], u[32];
	const struct window *w;
	size_t i;
	int p;

	if (d->o.explain == NULL)
		return WAKE_OK;
	d->tb.n = 0;
	per_bin(d, u, sizeof(u));
	fmt_ts(inc->t[WAKE_PHASE_START], t0);
	fmt_ts(inc->t[WAKE_PHASE_RECOVER], t1);
	tb_printf(d, "%s %s: start %s recover %s: %s\n", inc->id,
	    inc->basis == WAKE_INCIDENT_MEASURED ? "measured" : "declared",
	    t0, t1, inc->title != NULL ? inc->title : "-");
	for (i = 0; c != NULL && i < c->nm; i++) {
		w = &c->m[i];
		fmt_ts(bin_time(d, w->onset), t0);
		fmt_ts(bin_time(d, w->end + 1), t1);
		tb_printf(d, "  %s %s %s..%s: ", kind_word(w->kind),
		    d->ser[w->ser]->name, t0, t1);
		why_window(d, w);
		fmt_num(w->enter_w, a, sizeof(a));
		fmt_num(w->enter_e, b, sizeof(b));
		fmt_num(w->enter_z, s, sizeof(s));
		fmt_ts(bin_time(d, w->enter + 1), t0);
		tb_printf(d, "; opened at %s with %s in the last %lld bins "
		    "vs %s expected (z %s)\n", t0, a,
		    (long long)(w->slow ? d->nl : d->nsm), b, s);
	}
	for (p = WAKE_PHASE_DETECT; p < WAKE_PHASE_COUNT; p++) {
		if (p == WAKE_PHASE_RECOVER || inc->t[p] == WAKE_TIME_NONE)
			continue;
		fmt_ts(inc->t[p], t0);
		tb_printf(d, "  %s %s: %s\n", wake_phase_name(p), t0,
		    inc->why[p] != NULL ? inc->why[p] : "-");
	}
	if (d->tb.p == NULL)
		return nomem(d);
	d->o.explain(d->o.explain_arg, d->tb.p, d->tb.n);
	d->tb.n = 0;
	return WAKE_OK;
}

/* Set phase p of inc from marker m. */
static int
set_marker(struct wake_incident *inc, int p, const struct marker *m)
{
	inc->t[p] = m->ts;
	free(inc->why[p]);
	free(inc->ref[p]);
	inc->why[p] = m->why != NULL ? strdup(m->why) : NULL;
	inc->ref[p] = m->ref != NULL ? strdup(m->ref) : NULL;
	if ((m->why != NULL && inc->why[p] == NULL) ||
	    (m->ref != NULL && inc->ref[p] == NULL))
		return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

/* The human phases from markers (sorted) within [lo, hi]. */
static int
apply_markers(struct wake_incident *inc, struct mlist *l, wake_time_t lo,
    wake_time_t hi, const struct marker **first_detect)
{
	const struct marker *m, *det = NULL, *ack = NULL, *mit = NULL,
	    *res = NULL;
	size_t i;

	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_marker);
	for (i = 0; i < l->n; i++) {
		m = &l->v[i];
		if (m->ts < lo || m->ts > hi)
			continue;
		if (m->phase == WAKE_PHASE_DETECT && det == NULL)
			det = m;
		else if (m->phase == WAKE_PHASE_MITIGATE && mit == NULL)
			mit = m;
		else if (m->phase == WAKE_PHASE_RESOLVE)
			res = m;
	}
	for (i = 0; i < l->n; i++) {
		m = &l->v[i];
		if (m->phase == WAKE_PHASE_ACK && m->ts >= lo && m->ts <= hi &&
		    (det == NULL || m->ts >= det->ts)) {
			ack = m;
			break;
		}
	}
	*first_detect = det;
	if ((det != NULL && set_marker(inc, WAKE_PHASE_DETECT, det) != 0) ||
	    (ack != NULL && set_marker(inc, WAKE_PHASE_ACK, ack) != 0) ||
	    (mit != NULL && set_marker(inc, WAKE_PHASE_MITIGATE, mit) != 0) ||
	    (res != NULL && set_marker(inc, WAKE_PHASE_RESOLVE, res) != 0))
		return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

/* The series among c's windows (one may have several). */
static size_t
nseries(const struct inc *c)
{
	size_t i, j, n = 0;

	for (i = 0; i < c->nm; i++) {
		for (j = 0; j < i; j++)
			if (c->m[j].ser == c->m[i].ser)
				break;
		n += j == i;
	}
	return n;
}

/* Title and series of a measured incident from its windows. */
static int
describe(struct wake_detect *d, struct wake_incident *inc, struct inc *c,
    const struct marker *det)
{
	char t0[25], t1[25], a[32];
	unsigned char used[MAX_MEMBERS];
	int spikes = 0, drops = 0;
	size_t i, j, k, shown = 0, nser = 0;
	int64_t end;
	double peak;

	for (i = 0; i < c->nm; i++)
		if (c->m[i].kind == S_DROP)
			drops++;
		else
			spikes++;
	d->tb.n = 0;
	/* What people were told first names it best; then the numbers. */
	if (det != NULL && det->title != NULL && det->title[0] != '\0')
		tb_printf(d, "%s; ", det->title);
	tb_put(d, spikes > 0 && drops > 0 ? "spike and drop in " :
	    drops > 0 ? "drop in " : "spike in ");
	for (i = 0; i < c->nm && shown < 2; i++) {
		for (j = 0; j < i; j++)
			if (c->m[j].ser == c->m[i].ser)
				break;
		if (j == i)
			tb_printf(d, "%s%s", shown++ > 0 ? ", " : "",
			    d->ser[c->m[i].ser]->name);
	}
	if ((nser = nseries(c)) > shown)
		tb_printf(d, " and %zu more", nser - shown);
	if ((inc->title = tb_take(d)) == NULL)
		return WAKE_ERR_NOMEM;
	/*
	 * Windows of one series that overlap or touch (the short and the
	 * long detector, or one reopened) read as one; c->m is in order
	 * of onset.
	 */
	memset(used, 0, sizeof(used));
	for (i = 0, shown = 0; i < c->nm; i++) {
		if (used[i])
			continue;
		end = c->m[i].end;
		peak = c->m[i].peak;
		for (k = i + 1; k < c->nm; k++) {
			const struct window *w = &c->m[k];

			if (used[k] || w->ser != c->m[i].ser ||
			    w->kind != c->m[i].kind || w->onset > end + 1)
				continue;
			used[k] = 1;
			end = WK_MAX(end, w->end);
			peak = w->kind == S_DROP ? WK_MIN(peak, w->peak) :
			    WK_MAX(peak, w->peak);
		}
		fmt_ts(bin_time(d, c->m[i].onset), t0);
		fmt_ts(bin_time(d, end + 1), t1);
		fmt_num(peak, a, sizeof(a));
		tb_printf(d, "%s%s %s..%s peak=%s", shown++ > 0 ? "; " : "",
		    d->ser[c->m[i].ser]->name, t0, t1, a);
	}
	if ((inc->series = tb_take(d)) == NULL)
		return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

/*
 * Turn c into an incident: id, phases, text; write its phase events
 * and explanation.  declared: c has markers only.
 */
static int
emit(struct wake_detect *d, struct inc *c, int declared)
{
	const struct marker *det = NULL;
	struct wake_incident *inc;
	wake_time_t start, lo, hi;
	const struct window *w;
	char id[40], a[32], u[32], dur[32];
	size_t i, n;
	int rc;

	if (declared) {
		if (c->mk.n > 1)
			qsort(c->mk.v, c->mk.n, sizeof(*c->mk.v), cmp_marker);
		start = c->mk.v[0].ts;
	} else {
		if (c->nm > 1)
			qsort(c->m, c->nm, sizeof(*c->m), cmp_window);
		start = bin_time(d, c->start);
	}
	make_id(d, start, id, sizeof(id));
	if ((inc = wake_incidents_get(&d->incs, id, strlen(id))) == NULL)
		return nomem(d);
	inc->t[WAKE_PHASE_START] = start;
	inc->basis = declared ? WAKE_INCIDENT_DECLARED :
	    WAKE_INCIDENT_MEASURED;
	if (declared) {
		lo = INT64_MIN;
		hi = INT64_MAX;
	} else {
		lo = start - d->o.lead;
		hi = c->recover != WAKE_TIME_NONE ? c->recover + d->o.grace :
		    INT64_MAX;
	}
	if (apply_markers(inc, &c->mk, lo, hi, &det) != WAKE_OK)
		return nomem(d);
	d->tb.n = 0;
	if (declared) {
		tb_put(d, "declared, no rate anomaly: ");
		tb_put(d, c->mk.v[0].why != NULL ? c->mk.v[0].why : "-");
		if ((inc->why[WAKE_PHASE_START] = tb_take(d)) == NULL)
			return nomem(d);
		d->tb.n = 0;
		tb_put(d, det != NULL && det->title != NULL ? det->title :
		    c->mk.v[0].title != NULL ? c->mk.v[0].title : "declared");
		if ((inc->title = tb_take(d)) == NULL)
			return nomem(d);
	} else {
		why_window(d, &c->m[0]);
		if ((n = nseries(c)) > 1)
			tb_printf(d, ", then %zu more series", n - 1);
		if ((inc->why[WAKE_PHASE_START] = tb_take(d)) == NULL)
			return nomem(d);
		if (c->recover != WAKE_TIME_NONE) {
			w = &c->m[0];
			for (i = 1; i < c->nm; i++)
				if (c->m[i].end >= w->end)
					w = &c->m[i];
			inc->t[WAKE_PHASE_RECOVER] = c->recover;
			per_bin(d, u, sizeof(u));
			fmt_num(d->ser[w->ser]->last_e, a, sizeof(a));
			wake_duration_format(d->o.settle, dur, sizeof(dur));
			tb_printf(d, "%s, the last affected series, back at "
			    "its baseline (%s%s) and every series within it "
			    "for %s", d->ser[w->ser]->name, a, u, dur);
			if ((inc->why[WAKE_PHASE_RECOVER] = tb_take(d)) ==
			    NULL)
				return nomem(d);
		}
		if (describe(d, inc, c, det) != WAKE_OK)
			return nomem(d);
	}
	wake_event_reset(&d->pev);
	if ((rc = wake_incident_events(inc, put_phase_event, d, &d->pev)) !=
	    WAKE_OK)
		return rc == WAKE_ERR_NOMEM ? nomem(d) : rc;
	return explain_incident(d, inc, declared ? NULL : c);
}

/* The open incident stops taking windows: wait for a late resolve. */
static int
close_cur(struct wake_detect *d, int at_end)
{
	struct inc *c = &d->cur, *v;
	size_t cap;
	int rc;

	if (!d->cur_active)
		return WAKE_OK;
	c->recover = c->nopen == 0 && (!at_end || d->bin >= c->last_end + 1 +
	    d->settleb) ? bin_time(d, c->last_end + 1) : WAKE_TIME_NONE;
	if ((rc = mlist_claim(d, &d->ring, &c->mk, bin_time(d, c->start) -
	    d->o.lead)) != WAKE_OK)
		return rc;
	if (d->nfin == d->fincap) {
		cap = d->fincap == 0 ? 4 : d->fincap * 2;
		if ((v = reallocarray(d->fin, cap, sizeof(*v))) == NULL)
			return nomem(d);
		d->fin = v;
		d->fincap = cap;
	}
	d->fin[d->nfin++] = *c;
	memset(c, 0, sizeof(*c));
	d->cur_active = 0;
	return WAKE_OK;
}

/* Emit the finished incidents whose grace is over (all when at_end). */
static int
emit_finished(struct wake_detect *d, int at_end)
{
	wake_time_t now = bin_time(d, d->bin);
	size_t i = 0;
	int rc;

	while (i < d->nfin) {
		if (!at_end && (d->fin[i].recover == WAKE_TIME_NONE ||
		    now <= d->fin[i].recover + d->o.grace)) {
			i++;
			continue;
		}
		rc = emit(d, &d->fin[i], 0);
		inc_free(&d->fin[i]);
		memmove(d->fin + i, d->fin + i + 1,
		    (d->nfin - i - 1) * sizeof(*d->fin));
		d->nfin--;
		if (rc != WAKE_OK)
			return rc;
	}
	return WAKE_OK;
}

/* A group of markers of no measured incident: declared if it has a
 * detect and an ack or a mitigation. */
static int
declare(struct wake_detect *d, struct marker *v, size_t n)
{
	struct inc c;
	int seen = 0, rc;
	size_t i;

	for (i = 0; i < n; i++)
		seen |= 1 << v[i].phase;
	/* An alert that fires and clears alone is not an incident: a
	 * person must have answered it. */
	if (!(seen & (1 << WAKE_PHASE_DETECT)) ||
	    !(seen & (1 << WAKE_PHASE_ACK | 1 << WAKE_PHASE_MITIGATE))) {
		for (i = 0; i < n; i++) {
			free(v[i].why);
			free(v[i].ref);
			free(v[i].title);
		}
		return WAKE_OK;
	}
	memset(&c, 0, sizeof(c));
	c.mk.v = v;
	c.mk.n = n;
	c.recover = WAKE_TIME_NONE;
	rc = emit(d, &c, 1);
	mlist_clear(&c.mk);
	return rc;
}

/*
 * Markers in the ring that no measured incident can claim any more
 * (older than the longest look-back) are grouped at gaps and declared.
 */
static int
age_markers(struct wake_detect *d, int at_end)
{
	struct mlist *r = &d->ring;
	wake_time_t old;
	size_t i, j;
	int rc;

	if (r->n == 0 || (d->cur_active && !at_end))
		return WAKE_OK;
	old = bin_time(d, d->bin) - d->o.lead - bin_time(d, d->nwin) -
	    d->o.gap;
	i = 0;
	while (i < r->n) {
		/* A group ends at a gap, or at a resolve before a detect. */
		for (j = i + 1; j < r->n && r->v[j].ts - r->v[j - 1].ts <=
		    d->o.gap && !(r->v[j - 1].phase == WAKE_PHASE_RESOLVE &&
		    r->v[j].phase == WAKE_PHASE_DETECT); j++)
			;
		if (!at_end && r->v[j - 1].ts >= old)
			break;
		if ((rc = declare(d, r->v + i, j - i)) != WAKE_OK) {
			for (i = j; i < r->n; i++)
				r->v[i - j] = r->v[i];
			r->n -= j;
			return rc;
		}
		i = j;
	}
	memmove(r->v, r->v + i, (r->n - i) * sizeof(*r->v));
	r->n -= i;
	return WAKE_OK;
}

/*
 * Update member m with the series' window w: the window as it grows,
 * or, for a member shared by several windows of one series (an
 * incident with very many), their union.
 */
static void
member_set(struct window *m, const struct window *w)
{
	if (w->onset < m->onset)
		m->onset = w->onset;
	if (w->end > m->end)
		m->end = w->end;
	if (w->kind == S_DROP ? w->peak < m->peak : w->peak > m->peak) {
		m->peak = w->peak;
		m->peak_e = w->peak_e;
		m->peak_bin = w->peak_bin;
	}
	if (w->hot > m->hot)
		m->hot = w->hot;
	m->open = w->open;
}

/*
 * Room for a new member: its index, or, past MAX_MEMBERS, that of the
 * series' latest member (or the last one) which then stands for both.
 * -1 on ENOMEM; *fresh says which.
 */
static long
member_add(struct inc *c, const struct window *w, int *fresh)
{
	struct window *v;
	size_t cap, i;

	*fresh = 0;
	if (c->nm >= MAX_MEMBERS) {
		for (i = c->nm; i > 0; i--)
			if (c->m[i - 1].ser == w->ser)
				return (long)(i - 1);
		return (long)c->nm - 1;
	}
	if (c->nm == c->cap) {
		cap = c->cap == 0 ? 8 : c->cap * 2;
		if ((v = reallocarray(c->m, cap, sizeof(*v))) == NULL)
			return -1;
		c->m = v;
		c->cap = cap;
	}
	*fresh = 1;
	c->m[c->nm] = *w;
	return (long)c->nm++;
}

/* A series' window is long enough: it joins or opens an incident. */
static int
confirm(struct wake_detect *d, struct series *s)
{
	struct inc *c = &d->cur;
	struct window *b;
	size_t i;
	long k;
	int rc, fresh;

	if (d->cur_active && c->nopen == 0 &&
	    s->w.onset > c->last_end + WK_MAX(d->joinb, d->settleb) &&
	    (rc = close_cur(d, 0)) != WAKE_OK)
		return rc;
	if (!d->cur_active) {
		memset(c, 0, sizeof(*c));
		c->start = s->w.onset;
		c->last_end = s->w.end;
		c->recover = WAKE_TIME_NONE;
		d->cur_active = 1;
	}
	if ((k = member_add(c, &s->w, &fresh)) < 0)
		return nomem(d);
	s->memb = (int)k;
	if (!fresh) {
		if (!c->m[k].open)
			c->nopen++;
		member_set(&c->m[k], &s->w);
	} else
		c->nopen++;
	if (s->w.kind == S_DROP && s->src >= 0)
		d->src[s->src].silent++;
	if (s->w.onset < c->start)
		c->start = s->w.onset;
	/* Short windows just before or within it belong to it. */
	for (i = 0; i < d->nblips; ) {
		b = &d->blips[i];
		if (b->end + d->joinb < c->start || b->onset > c->last_end +
		    d->joinb + d->nl) {
			i++;
			continue;
		}
		if ((k = member_add(c, b, &fresh)) < 0)
			return nomem(d);
		if (!fresh)
			member_set(&c->m[k], b);
		if (b->onset < c->start)
			c->start = b->onset;
		if (b->end > c->last_end)
			c->last_end = b->end;
		memmove(b, b + 1, (d->nblips - i - 1) * sizeof(*b));
		d->nblips--;
	}
	return mlist_claim(d, &d->ring, &c->mk, bin_time(d, c->start) -
	    d->o.lead);
}

/* ---- bins ---- */

/* Is bin k of the smoothing ring clearly off on its own? */
static int
hot_bin(const struct series *s, uint32_t k, int kind)
{
	double c = s->sc[k], e = kind == S_SPIKE ? s->se[k] : s->sd[k];

	if (kind == S_SPIKE)
		return 2 * (sqrt(c + 0.375) - sqrt(e + 0.375)) >= 1.5;
	return 2 * (sqrt(e + 0.375) - sqrt(c + 0.375)) >= 1.5;
}

static void
open_window(struct wake_detect *d, struct series *s, int kind, int64_t t,
    double c, double e, double W, double E, double z)
{
	int64_t from = kind == S_SPIKE ? s->up_start : s->dn_start, j, lo;
	uint32_t k;

	/* Where the change began: the first bin clearly off since the
	 * CUSUM last stood at 0, as far back as the smoothing reaches. */
	lo = t - (int64_t)s->nsm + 1;
	if (from < lo)
		from = lo;
	if (from > t)
		from = t;
	for (j = from; j < t; j++)
		if (hot_bin(s, (uint32_t)modpos(j, d->nl), kind))
			break;
	from = j;
	s->state = kind;
	memset(&s->w, 0, sizeof(s->w));
	s->w.ser = s->idx;
	s->w.kind = kind;
	s->w.open = 1;
	s->w.onset = from;
	s->w.end = t;
	s->w.enter = t;
	s->w.peak = c;
	s->w.peak_e = e;
	s->w.peak_bin = t;
	s->w.enter_w = W;
	s->w.enter_e = E;
	s->w.enter_z = z;
	s->loud = d->nsm;
	s->hc = W / (double)WK_MAX(WK_MIN(s->nsm, d->nsm), 1);
	s->he = E / (double)WK_MAX(WK_MIN(s->nsm, d->nsm), 1);
	for (j = from; j <= t; j++) {
		k = (uint32_t)modpos(j, d->nl);
		if (hot_bin(s, k, kind))
			s->w.hot++;
		if (kind == S_SPIKE ? s->sc[k] > s->w.peak :
		    s->sc[k] < s->w.peak) {
			s->w.peak = s->sc[k];
			s->w.peak_e = kind == S_SPIKE ? s->se[k] : s->sd[k];
			s->w.peak_bin = j;
		}
	}
}

static int
leave_window(struct wake_detect *d, struct series *s, int64_t t)
{
	struct inc *c = &d->cur;
	struct window *m;

	s->w.open = 0;
	if (s->memb >= 0 && d->cur_active && (size_t)s->memb < c->nm) {
		m = &c->m[s->memb];
		member_set(m, &s->w);
		if (c->nopen > 0)
			c->nopen--;
		if (m->end > c->last_end)
			c->last_end = m->end;
	}
	else if (s->w.hot > 0) {
		/* Too short alone; it may be the first sign of an incident
		 * that comes within the join time. */
		if (d->nblips == WK_NELEM(d->blips)) {
			memmove(d->blips, d->blips + 1,
			    (d->nblips - 1) * sizeof(*d->blips));
			d->nblips--;
		}
		d->blips[d->nblips++] = s->w;
	}
	if (s->memb >= 0 && s->w.kind == S_DROP && s->src >= 0 &&
	    d->src[s->src].silent > 0)
		d->src[s->src].silent--;
	s->memb = -1;
	s->state = S_NONE;
	s->up = s->dn = 0;
	/* The long window still holds what just ended. */
	s->calm = t + d->nl;
	/*
	 * After a long anomaly the baseline from before it is stale (the
	 * day has moved on): the series learns anew, with its time-of-day
	 * history kept.
	 */
	if (s->w.end - s->w.onset >= d->nwin) {
		s->nring = 0;
		s->nsm = 0;
		s->elong = 0;
		s->daily_since = -1;
	}
	return WAKE_OK;
}

/*
 * The time-of-day reference for bin t: per previous day the rate over
 * the slots around t's (about half an hour, sparse counts are noisy),
 * then the median over the days.  Returns the number of days (0 when
 * there is no history), the reference in *h.
 */
static int
daily_ref(struct wake_detect *d, struct series *s, int64_t t, double *h)
{
	int64_t day, slot, b0, j, a, sl, nsl;
	double *q = d->tmp2, sum;
	int n = 0;

	if (!d->daily)
		return 0;
	day = floordiv(t, d->day_bins);
	slot = (t - day * d->day_bins) / d->slot_bins;
	for (j = 1; j < HIST_DAYS; j++) {
		sum = 0;
		nsl = 0;
		for (a = -3; a <= 3; a++) {
			/* Slots of the day before or after wrap round. */
			sl = slot + a;
			b0 = day - j + floordiv(sl, d->nslots);
			if (b0 >= day)
				continue;
			/* Only slots the series was there for: one that
			 * began at 08:00 yesterday has yesterday's 08:00
			 * but not its 07:45. */
			if (b0 * d->day_bins + modpos(sl, d->nslots) *
			    d->slot_bins < s->hist_first)
				continue;
			sum += s->hist[modpos(b0, HIST_DAYS) * d->nslots +
			    modpos(sl, d->nslots)];
			nsl++;
		}
		if (nsl == 0)
			break;
		q[n++] = sum / (double)(nsl * d->slot_bins);
	}
	if (n > 0)
		*h = median(q, (size_t)n);
	return n;
}

/* Mean of the trailing window's residuals, beyond 3 deviations clipped,
 * over its i-th part of two (0: all, 1: older half, 2: newer half). */
static double
clipped_mean(const struct wake_detect *d, const struct series *s, int64_t t,
    int eff, double med, double lim, int part)
{
	uint32_t i, lo = 0, hi = s->nring, idx;
	double v, sum = 0;

	if (part == 1)
		lo = s->nring / 2;
	else if (part == 2)
		hi = s->nring / 2;
	for (i = lo; i < hi; i++) {
		idx = (uint32_t)modpos(t - 1 - i, d->nwin);
		v = s->rx[idx] - (eff ? s->rh[idx] : 0);
		sum += v > med + lim ? med + lim : v < med - lim ? med - lim :
		    v;
	}
	return hi > lo ? sum / (hi - lo) : 0;
}

/* Close bin t of series s. */
static int
close_series(struct wake_detect *d, struct series *s, int64_t t)
{
	double c = s->cur, e, es, ed, h = 0, med, mad, sb, sw, swl, delta;
	double k = d->o.threshold, v, *r = d->tmp, lim, m1, m2, tr, sx, sh;
	double W = 0, E = 0, ED = 0, WL = 0, EL = 0, z, zd, zl, zb, zbd;
	double nev, u;
	int64_t day, slot;
	uint32_t i, idx;
	int nd, eff, rc, low, est, quiet;
	double lvl;
	double H, zh;

	s->cur = 0;
	/*
	 * A series with nothing in its windows has nothing to tell: its
	 * baseline is 0 whatever the history, so it only moves its rings
	 * on (a long gap in small bins is then cheap).
	 */
	s->idle = c == 0 && s->state == S_NONE ? s->idle + 1 : 0;
	if (s->idle > d->nwin + d->nl) {
		idx = (uint32_t)modpos(t, d->nwin);
		s->rx[idx] = 0;
		s->rh[idx] = 0;
		idx = (uint32_t)modpos(t, d->nl);
		s->sc[idx] = s->se[idx] = s->sd[idx] = 0;
		s->elong -= s->elong / (3 * (double)d->nwin);
		s->last_e = 0;
		s->up = s->dn = 0;
		s->up_start = s->dn_start = t + 1;
		s->daily_since = -1;
		if (d->daily) {
			day = floordiv(t, d->day_bins);
			slot = (t - day * d->day_bins) / d->slot_bins;
			s->hist[modpos(day, HIST_DAYS) * d->nslots + slot] = 0;
		}
		return WAKE_OK;
	}
	/* The same time of day on previous days. */
	nd = daily_ref(d, s, t, &h);
	if (nd < 2)
		s->daily_since = -1;
	else if (s->daily_since < 0)
		s->daily_since = t;
	eff = nd >= 2 && t - s->daily_since >= d->nwin;
	/*
	 * Residuals over the trailing window: their median and MAD, and
	 * their mean with values beyond 3 deviations clipped (the median
	 * of sparse counts is 0 however many events there are).
	 */
	for (i = 0; i < s->nring; i++) {
		idx = (uint32_t)modpos(t - 1 - i, d->nwin);
		r[i] = s->rx[idx] - (eff ? s->rh[idx] : 0);
	}
	med = median(r, s->nring);
	for (i = 0; i < s->nring; i++) {
		idx = (uint32_t)modpos(t - 1 - i, d->nwin);
		r[i] = fabs(s->rx[idx] - (eff ? s->rh[idx] : 0) - med);
	}
	mad = median(r, s->nring);
	sb = 1.4826 * mad;
	lim = 3 * WK_MAX(WK_MAX(sb, 1), sqrt(fabs(med) + (eff ? h : 0)));
	e = (eff ? h : 0) + clipped_mean(d, s, t, eff, med, lim, 0);
	if (eff) {
		/*
		 * With a daily shape, the level is a ratio to it (a weekend
		 * at half the weekday); the difference is kept for a shape
		 * too small to scale.
		 */
		sx = sh = 0;
		for (i = 0; i < s->nring; i++) {
			idx = (uint32_t)modpos(t - 1 - i, d->nwin);
			v = s->rx[idx] - s->rh[idx];
			v = v > med + lim ? med + lim : v < med - lim ?
			    med - lim : v;
			sx += s->rh[idx] + v;
			sh += s->rh[idx];
		}
		if (sh >= s->nring && sx >= 0)
			e = h * sx / sh;
	}
	if (e < 0)
		e = 0;
	es = ed = e;
	if (!eff && s->nring >= 8) {
		/*
		 * Without a daily shape the window lags a daily ramp: the
		 * level at its newer end, extrapolated, raises the bar for
		 * rises and lowers it for falls.
		 */
		m1 = clipped_mean(d, s, t, 0, med, lim, 1);
		m2 = clipped_mean(d, s, t, 0, med, lim, 2);
		tr = m2 + (m2 - m1) / 2;
		if (tr > es)
			es = tr;
		if (tr < ed)
			ed = tr < 0 ? 0 : tr;
		/*
		 * The same time on the days before, too: with one day of
		 * history, or before the daily shape takes over (the
		 * first hour after a quiet night).
		 */
		if (nd >= 1 && h > es)
			es = h;
		/*
		 * A sparse series (under one event a bin in the long run)
		 * rises too slowly for the window to tell: it is held to
		 * the slow average, so that a rise over hours is not
		 * learned.  Calls, chat and metrics rise over hours every
		 * morning: they are held to the window's level, neither
		 * the slow average (the morning would be a spike) nor the
		 * trend (a step up at night would be learned as it comes).
		 */
		if (s->elong < 1 && s->nring >= d->nwin) {
			lvl = s->demand ? e : s->elong;
			es = nd >= 1 && h > lvl ? h : lvl;
		}
	}
	s->last_e = e;
	/* The smoothing windows, short (nsm) and long (nl). */
	idx = (uint32_t)modpos(t, d->nl);
	s->sc[idx] = (float)c;
	s->se[idx] = (float)es;
	s->sd[idx] = (float)ed;
	if (s->nsm < d->nl)
		s->nsm++;
	for (i = 0; i < s->nsm; i++) {
		idx = (uint32_t)modpos(t - i, d->nl);
		if (i < d->nsm) {
			W += s->sc[idx];
			E += s->se[idx];
			ED += s->sd[idx];
		}
		WL += s->sc[idx];
		EL += s->se[idx];
	}
	/*
	 * Two tests must agree: counts against Poisson noise (Anscombe's
	 * transform, so sparse counts are judged fairly) and the window
	 * against the spread the series has shown (MAD).
	 */
	/*
	 * The baseline is itself an estimate from few events when the
	 * series is sparse: the bar goes up by twice its relative error.
	 */
	for (i = 0, nev = 0; i < s->nring; i++)
		nev += s->rx[(uint32_t)modpos(t - 1 - i, d->nwin)];
	u = 2 / sqrt(nev > 1 ? nev : 1);
	if (u > 2)
		u = 2;
	z = 2 * (sqrt(W + 0.375) - sqrt(E * (1 + u) + 0.375));
	zd = 2 * (sqrt(ED * (u < 1 ? 1 - u : 0) + 0.375) - sqrt(W + 0.375));
	zl = 2 * (sqrt(WL + 0.375) - sqrt(EL * (1 + u) + 0.375));
	zb = 2 * (sqrt(c + 0.375) - sqrt(es + 0.375));
	zbd = 2 * (sqrt(ed + 0.375) - sqrt(c + 0.375));
	sw = sqrt((double)WK_MIN(s->nsm, d->nsm)) * sb;
	swl = sqrt((double)s->nsm) * sb;
	/* CUSUM both ways, for where a change began. */
	delta = sb / 2 > 0.5 ? sb / 2 : 0.5;
	s->up += c - es - delta;
	if (s->up <= 0) {
		s->up = 0;
		s->up_start = t + 1;
	}
	s->dn += ed - c - delta;
	if (s->dn <= 0) {
		s->dn = 0;
		s->dn_start = t + 1;
	}
	switch (s->state) {
	case S_NONE:
		if (s->nring < d->nwin / 2)
			break;
		if (s->spiky && z >= k && W - E >= WK_MAX(k * sw,
		    d->o.min_excess) && W >= d->o.ratio * E)
			open_window(d, s, S_SPIKE, t, c, es, W, E, z);
		else if (s->spiky && s->nsm == d->nl && t >= s->calm &&
		    zl >= k && WL - EL >=
		    WK_MAX(k * swl, d->o.min_excess) && WL >= d->o.ratio * EL) {
			open_window(d, s, S_SPIKE, t, c, es, WL, EL, zl);
			s->w.slow = 1;
		}
		else if (s->droppy && ED >= d->o.drop_min &&
		    W <= d->o.drop_ratio * ED &&
		    zd >= k && ED - W >= k * sw)
			open_window(d, s, S_DROP, t, c, ed, W, ED, zd);
		break;
	case S_SPIKE:
		/*
		 * An established window (as long as the trailing window)
		 * is judged over half an hour: in a sparse series the
		 * short and long windows see lulls at night that are not
		 * the end of an outage of days.  While the short window
		 * says nothing it waits, and a stray bin then is no end.
		 */
		est = t - s->w.onset >= d->nwin;
		H = (double)d->nwin / 2;
		s->hc += (c - s->hc) / H;
		s->he += (es - s->he) / H;
		quiet = W < (1 + (d->o.ratio - 1) / 2) * E || z < k / 2 ||
		    W - E < WK_MAX(k / 2 * sw, d->o.min_excess / 2);
		s->loud = quiet ? 0 : s->loud + 1;
		/*
		 * The end: the last bin well above, not a stray event; in a
		 * long rise, at least 1% of its peak above (the tail of a
		 * large surge is not the surge), and once the window is
		 * established, while the short window has been off for as
		 * long as it is (a busy minute after the surge is over is
		 * not more of it).
		 */
		if (c - es > WK_MAX(delta, 2.5 * sqrt(es)) &&
		    (!est || (s->loud >= d->nsm &&
		    c - es >= 0.01 * (s->w.peak - s->w.peak_e))))
			s->w.end = t;
		if (zb >= 1.5)
			s->w.hot++;
		if (c > s->w.peak) {
			s->w.peak = c;
			s->w.peak_e = es;
			s->w.peak_bin = t;
		}
		/*
		 * A long rise also ends once down to 1% of its peak above
		 * the baseline (which may have moved meanwhile), over the
		 * half hour: the night's trough of an outage that peaked
		 * by day is not its end.
		 */
		if (est && W - E <= 0.01 * (double)d->nsm *
		    (s->w.peak - s->w.peak_e) && s->hc - s->he <= 0.01 *
		    (s->w.peak - s->w.peak_e))
			s->state = -S_SPIKE;
		zh = 2 * (sqrt(H * s->hc + 0.375) - sqrt(H * s->he * (1 + u) +
		    0.375));
		if (est && (s->hc < (1 + (d->o.ratio - 1) / 2) * s->he ||
		    zh < k / 2)) {
			s->state = -S_SPIKE;
			break;
		}
		if (est)
			break;
		/*
		 * Before that it closes on the window that opened it: once
		 * its count is down near the baseline, or its z or excess
		 * below half their opening values.  For the latter the
		 * long window must agree when the short one opened it: a
		 * lull of a few bins in a sparse series (three errors in
		 * five minutes, fourteen times a baseline of 0.2) is
		 * noise, not the end.
		 */
		low = zl < k / 2 || WL - EL < WK_MAX(k / 2 * swl,
		    d->o.min_excess / 2) || WL < (1 + (d->o.ratio - 1) / 2) *
		    EL;
		if (!s->w.slow && (W < (1 + (d->o.ratio - 1) / 2) * E ||
		    (quiet && (low || s->nsm < d->nl))))
			s->state = -S_SPIKE;
		if (s->w.slow && low)
			s->state = -S_SPIKE;
		break;
	case S_DROP:
		if (ed - c > WK_MAX(delta, 2.5 * sqrt(ed)))
			s->w.end = t;
		if (zbd >= 1.5)
			s->w.hot++;
		if (c < s->w.peak) {
			s->w.peak = c;
			s->w.peak_e = ed;
			s->w.peak_bin = t;
		}
		if (W > 2 * d->o.drop_ratio * ED || zd < k / 2 ||
		    ED - W < k / 2 * sw)
			s->state = -S_DROP;
		break;
	}
	/* Long enough, and not one burst: enough bins high on their own. */
	if (s->state != S_NONE && s->memb < 0 &&
	    s->w.end - s->w.onset >= d->mind && s->w.hot > d->mind &&
	    (rc = confirm(d, s)) != WAKE_OK)
		return rc;
	if (s->memb >= 0 && d->cur_active && (size_t)s->memb < d->cur.nm)
		member_set(&d->cur.m[s->memb], &s->w);
	if (s->state < 0 && (rc = leave_window(d, s, t)) != WAKE_OK)
		return rc;
	/*
	 * An anomalous bin enters the baseline as its expected value, so
	 * the baseline holds: an outage of days stays one incident.  After
	 * LEARN_DAYS the new level is accepted.
	 */
	v = c;
	if (s->state != S_NONE && t - s->w.onset < LEARN_DAYS * d->day_bins)
		v = e;
	/* A source gone silent takes its sparse series down with it:
	 * none of its series learns until it is back. */
	if (s->src >= 0 && d->src[s->src].silent > 0)
		v = e;
	/*
	 * The slow average, about three hours (it holds while the series
	 * is anomalous, as the window does).
	 */
	if (s->nring < d->nwin)
		s->elong = e;
	else
		s->elong += (v - s->elong) / (3 * (double)d->nwin);
	idx = (uint32_t)modpos(t, d->nwin);
	s->rx[idx] = (float)v;
	s->rh[idx] = (float)h;
	if (s->nring < d->nwin)
		s->nring++;
	if (d->daily) {
		day = floordiv(t, d->day_bins);
		slot = (t - day * d->day_bins) / d->slot_bins;
		idx = (uint32_t)(modpos(day, HIST_DAYS) * d->nslots + slot);
		if ((t - day * d->day_bins) % d->slot_bins == 0)
			s->hist[idx] = (float)v;
		else
			s->hist[idx] += (float)v;
	}
	return WAKE_OK;
}

/* Incidents and markers after bin t closed. */
static int
after_bin(struct wake_detect *d, int64_t t)
{
	struct inc *c = &d->cur;
	int rc;

	if (d->cur_active && c->nopen == 0 && t > c->last_end +
	    WK_MAX(d->joinb, d->settleb) + d->nsm + d->mind &&
	    (rc = close_cur(d, 0)) != WAKE_OK)
		return rc;
	while (d->nblips > 0 && d->blips[0].end + d->joinb + d->nwin < t) {
		memmove(d->blips, d->blips + 1,
		    (d->nblips - 1) * sizeof(*d->blips));
		d->nblips--;
	}
	if ((rc = emit_finished(d, 0)) != WAKE_OK)
		return rc;
	return age_markers(d, 0);
}

/* Everything as at the end of the input. */
static int
flush_all(struct wake_detect *d)
{
	size_t i;
	int rc;

	/* Windows still open end here, unrecovered. */
	if (d->cur_active && (rc = close_cur(d, 1)) != WAKE_OK)
		return rc;
	for (i = 0; i < d->nser; i++)
		if (d->ser[i]->state != S_NONE) {
			d->ser[i]->memb = -1;
			d->ser[i]->state = S_NONE;
		}
	if ((rc = emit_finished(d, 1)) != WAKE_OK)
		return rc;
	return age_markers(d, 1);
}

/* Move time on to bin: close every bin before it, for every series. */
static int
advance(struct wake_detect *d, int64_t bin)
{
	size_t i;
	int rc;

	if (d->bin == INT64_MIN) {
		d->bin = bin;
		return WAKE_OK;
	}
	if (bin <= d->bin)
		return WAKE_OK;
	if (bin - d->bin > d->reset_bins) {
		/* A long jump: what came before cannot be a baseline. */
		if ((rc = flush_all(d)) != WAKE_OK)
			return rc;
		for (i = 0; i < d->nser; i++)
			series_reset(d, d->ser[i], bin, -1);
		for (i = 0; i < d->nsrc; i++) {
			d->src[i].first = bin;
			d->src[i].silent = 0;
		}
		d->bin = bin;
		return out_flush(d);
	}
	while (d->bin < bin) {
		for (i = 0; i < d->nser; i++)
			if ((rc = close_series(d, d->ser[i], d->bin)) !=
			    WAKE_OK)
				return rc;
		if ((rc = after_bin(d, d->bin)) != WAKE_OK)
			return rc;
		d->bin++;
	}
	return out_flush(d);
}

/* ---- events ---- */

/* Bin of ts; the minute of the last TSV stamp is cached by the caller. */
static int64_t
bin_of(const struct wake_detect *d, wake_time_t ts)
{
	return floordiv(ts, d->o.bin);
}

static int
key_field(struct wake_detect *d, const struct wake_event *ev,
    const struct field *f, int name)
{
	const struct wake_str *v;
	const char *s;
	struct wake_buf *b = name ? &d->tb : &d->kb;

	switch (f->type) {
	case F_SRC:
		return ev->src.n > 0 ? wake_buf_put(b, ev->src.p, ev->src.n) :
		    wake_buf_putc(b, '-');
	case F_HOST:
		return ev->host.n > 0 ? wake_buf_put(b, ev->host.p,
		    ev->host.n) : wake_buf_putc(b, '-');
	case F_SEV:
		s = wake_sev_name(ev->sev);
		return wake_buf_put(b, s, strlen(s));
	case F_KIND:
		s = wake_kind_name(ev->kind);
		return wake_buf_put(b, s, strlen(s));
	default:
		v = wake_event_attr_get(ev, f->attr);
		if (v == NULL || v->n == 0)
			return wake_buf_putc(b, '-');
		return wake_buf_put(b, v->p, WK_MIN(v->n, 256));
	}
}

/* A marker's why: 'alert from SRC on HOST: "MSG" (rule R)'. */
static int
add_marker(struct wake_detect *d, const struct wake_event *ev, int phase)
{
	const struct wake_str *o, *ch, *u, *rule;
	struct marker m;
	struct inc *f;
	size_t i, n;
	int rc;

	memset(&m, 0, sizeof(m));
	m.ts = ev->ts;
	m.phase = phase;
	o = wake_event_attr_get(ev, "origin");
	ch = wake_event_attr_get(ev, "channel");
	u = wake_event_attr_get(ev, "user");
	rule = wake_event_attr_get(ev, "rule");
	n = WK_MIN(ev->msg.n, TEXT_MAX);
	/* Do not cut a UTF-8 sequence. */
	while (n > 0 && n < ev->msg.n &&
	    ((unsigned char)ev->msg.p[n] & 0xc0) == 0x80)
		n--;
	d->tb.n = 0;
	tb_printf(d, "%s from %.*s", wake_kind_name(ev->kind),
	    (int)WK_MIN(ev->src.n, 64), ev->src.n > 0 ? ev->src.p : "-");
	if (ch != NULL && ch->n > 0)
		tb_printf(d, " in %s%.*s", ch->p[0] == '#' ? "" : "#",
		    (int)WK_MIN(ch->n, 64), ch->p);
	if (u != NULL && u->n > 0)
		tb_printf(d, " by %.*s", (int)WK_MIN(u->n, 64), u->p);
	else if (ev->host.n > 0)
		tb_printf(d, " on %.*s", (int)WK_MIN(ev->host.n, 64),
		    ev->host.p);
	tb_put(d, ": \"");
	for (i = 0; i < n; i++)
		wake_buf_putc(&d->tb, (unsigned char)ev->msg.p[i] < 0x20 ?
		    ' ' : ev->msg.p[i]);
	tb_put(d, n < ev->msg.n ? "...\"" : "\"");
	if (rule != NULL && rule->n > 0)
		tb_printf(d, " (rule %.*s)", (int)WK_MIN(rule->n, 64), rule->p);
	if ((m.why = tb_take(d)) == NULL ||
	    (o != NULL && (m.ref = xstrndup(o->p, o->n)) == NULL))
		goto fail;
	d->tb.n = 0;
	n = WK_MIN(n, 80);
	while (n > 0 && n < ev->msg.n &&
	    ((unsigned char)ev->msg.p[n] & 0xc0) == 0x80)
		n--;
	for (i = 0; i < n; i++)
		wake_buf_putc(&d->tb, (unsigned char)ev->msg.p[i] < 0x20 ?
		    ' ' : ev->msg.p[i]);
	if ((m.title = tb_take(d)) == NULL)
		goto fail;
	if (d->cur_active && m.ts >= bin_time(d, d->cur.start) - d->o.lead)
		rc = mlist_add(d, &d->cur.mk, &m);
	else {
		f = NULL;
		for (i = d->nfin; i > 0 && phase == WAKE_PHASE_RESOLVE; i--)
			if (d->fin[i - 1].recover != WAKE_TIME_NONE &&
			    m.ts >= bin_time(d, d->fin[i - 1].start) -
			    d->o.lead && m.ts <= d->fin[i - 1].recover +
			    d->o.grace) {
				f = &d->fin[i - 1];
				break;
			}
		rc = mlist_add(d, f != NULL ? &f->mk : &d->ring, &m);
	}
	if (rc != WAKE_OK)
		goto fail;
	return WAKE_OK;
fail:
	free(m.why);
	free(m.ref);
	free(m.title);
	return nomem(d);
}

/* The marker phase of an event, or -1. */
static int
marker_phase(const struct wake_event *ev)
{
	const struct wake_str *v;
	int p;

	if (ev->kind == WAKE_KIND_PHASE)
		return -1;
	if ((v = wake_event_attr_get(ev, "phase")) != NULL) {
		p = wake_phase_parse(v->p, v->n);
		if (p == WAKE_PHASE_DETECT || p == WAKE_PHASE_ACK ||
		    p == WAKE_PHASE_MITIGATE || p == WAKE_PHASE_RESOLVE)
			return p;
	}
	if (ev->kind != WAKE_KIND_ALERT)
		return -1;
	/* A monitor's all-clear (alert=resolved) tells nobody of trouble. */
	v = wake_event_attr_get(ev, "alert");
	return v != NULL && v->n == 8 && memcmp(v->p, "resolved", 8) == 0 ?
	    -1 : WAKE_PHASE_DETECT;
}

/* The numeric value= of a metric event; 0 when absent or bad. */
static double
metric_value(const struct wake_event *ev)
{
	const struct wake_str *v = wake_event_attr_get(ev, "value");
	char buf[64], *end;
	double x;

	if (v == NULL || v->n == 0 || v->n >= sizeof(buf))
		return 0;
	memcpy(buf, v->p, v->n);
	buf[v->n] = '\0';
	x = strtod(buf, &end);
	if (*end != '\0' || x != x || x > 1e15 || x < -1e15)
		return 0;
	return x;
}

/*
 * Do rises count in a log series?  Not when it is a series of info or
 * debug events: more of those is more traffic, and less of it a drop.
 */
static int
log_spiky(const struct wake_detect *d, int sev)
{
	size_t i;

	for (i = 0; i < d->nby; i++)
		if (d->by[i].type == F_SEV &&
		    (sev == WAKE_SEV_INFO || sev == WAKE_SEV_DEBUG))
			return 0;
	return 1;
}

/* Falls of series of warnings and worse are not drops: fewer errors is
 * the recovery, and an error log that falls silent is good news. */
static int
log_droppy(const struct wake_detect *d, int sev)
{
	size_t i;

	for (i = 0; i < d->nby; i++)
		if (d->by[i].type == F_SEV && sev >= 0 &&
		    sev <= WAKE_SEV_WARN)
			return 0;
	return 1;
}

/* Count ev in its series (key in d->kb, name in d->tb built here). */
static int
count(struct wake_detect *d, const struct wake_event *ev)
{
	const struct wake_str *a, *b;
	struct series *s;
	double add = 1;
	size_t i;
	int rc = WAKE_OK;

	d->kb.n = 0;
	d->tb.n = 0;
	switch (ev->kind) {
	case WAKE_KIND_PHASE:
		return WAKE_OK;
	case WAKE_KIND_RAW:
		/* A line without a time got the time of reading. */
		if (wake_event_attr_get(ev, "notime") != NULL)
			return WAKE_OK;
		break;
	case WAKE_KIND_CALL:
		/* Offered: a queue's enter, or a whole call's record (a
		 * CDR row or a contact-center export: a disposition, no
		 * event), as wake-stats counts them. */
		a = wake_event_attr_get(ev, "event");
		if (a != NULL ? !wk_streq(a->p, a->n, "enter") :
		    wake_event_attr_get(ev, "disposition") == NULL)
			return WAKE_OK;
		/* Per queue, as the call center sees them. */
		b = wake_event_attr_get(ev, "queue");
		if ((rc = wake_buf_putc(&d->kb, T_CALL)) != WAKE_OK ||
		    (rc = wake_buf_put(&d->kb, ev->src.p, ev->src.n)) !=
		    WAKE_OK || (rc = wake_buf_putc(&d->kb, 0)) != WAKE_OK ||
		    (b != NULL && (rc = wake_buf_put(&d->kb, b->p,
		    WK_MIN(b->n, 256))) != WAKE_OK))
			return nomem(d);
		if (b != NULL && b->n > 0)
			tb_printf(d, "%.*s %.*s calls offered",
			    (int)WK_MIN(ev->src.n, 64), ev->src.p,
			    (int)WK_MIN(b->n, 64), b->p);
		else
			tb_printf(d, "%.*s calls offered",
			    (int)WK_MIN(ev->src.n, 64), ev->src.p);
		goto found;
	case WAKE_KIND_CHAT:
		a = wake_event_attr_get(ev, "channel");
		if ((rc = wake_buf_putc(&d->kb, T_CHAT)) != WAKE_OK ||
		    (rc = wake_buf_put(&d->kb, ev->src.p, ev->src.n)) !=
		    WAKE_OK || (rc = wake_buf_putc(&d->kb, 0)) != WAKE_OK ||
		    (a != NULL && (rc = wake_buf_put(&d->kb, a->p,
		    WK_MIN(a->n, 256))) != WAKE_OK))
			return nomem(d);
		if (a != NULL && a->n > 0)
			tb_printf(d, "%.*s %s%.*s chat",
			    (int)WK_MIN(ev->src.n, 64), ev->src.p,
			    a->p[0] == '#' ? "" : "#", (int)WK_MIN(a->n, 64),
			    a->p);
		else
			tb_printf(d, "%.*s chat", (int)WK_MIN(ev->src.n, 64),
			    ev->src.p);
		goto found;
	case WAKE_KIND_METRIC:
		b = wake_event_attr_get(ev, "metric");
		if ((rc = wake_buf_putc(&d->kb, T_METRIC)) != WAKE_OK ||
		    (rc = wake_buf_put(&d->kb, ev->src.p, ev->src.n)) !=
		    WAKE_OK || (rc = wake_buf_putc(&d->kb, 0)) != WAKE_OK ||
		    (b != NULL && (rc = wake_buf_put(&d->kb, b->p,
		    WK_MIN(b->n, 256))) != WAKE_OK))
			return nomem(d);
		tb_printf(d, "%.*s %.*s", (int)WK_MIN(ev->src.n, 64),
		    ev->src.p, b != NULL ? (int)WK_MIN(b->n, 64) : 5,
		    b != NULL ? b->p : "value");
		add = metric_value(ev);
		goto found;
	default:
		break;
	}
	if ((rc = wake_buf_putc(&d->kb, T_LOG)) != WAKE_OK)
		return nomem(d);
	for (i = 0; i < d->nby; i++) {
		if ((i > 0 && ((rc = wake_buf_putc(&d->kb, 0)) != WAKE_OK ||
		    (rc = wake_buf_putc(&d->tb, ' ')) != WAKE_OK)) ||
		    (rc = key_field(d, ev, &d->by[i], 0)) != WAKE_OK ||
		    (rc = key_field(d, ev, &d->by[i], 1)) != WAKE_OK)
			return nomem(d);
	}
	d->spiky = log_spiky(d, ev->sev);
	d->droppy = log_droppy(d, ev->sev);
	if (0) {
found:
		d->spiky = 1;
		d->droppy = 1;
	}
	if (d->kb.p == NULL || d->tb.p == NULL)
		return nomem(d);
	if ((s = series_get(d, ev->src.p != NULL ? ev->src.p : "",
	    ev->src.n)) == NULL)
		return nomem(d);
	s->cur += add;
	return rc;
}

int
wake_detect_add(struct wake_detect *d, const struct wake_event *ev)
{
	int p, rc;

	if (d->stopped)
		return WAKE_EOF;
	if (!d->ready)
		return WAKE_ERR_USAGE;
	if (ev->ts == WAKE_TIME_NONE)
		return WAKE_OK;
	if ((rc = advance(d, bin_of(d, ev->ts))) != WAKE_OK)
		return rc;
	if ((p = marker_phase(ev)) >= 0 &&
	    (rc = add_marker(d, ev, p)) != WAKE_OK)
		return rc;
	return count(d, ev);
}

/*
 * Do the TSV attrs p[0..n) hold key k (kn bytes)?  From each '=' back,
 * which is quicker than memmem on short attrs; a quoted value holding
 * " k=" may say yes wrongly, which only sends the line the long way.
 */
static int
has_key(const char *p, size_t n, const char *k, size_t kn)
{
	const char *q = p, *end = p + n;

	while ((q = memchr(q, '=', (size_t)(end - q))) != NULL) {
		if ((size_t)(q - p) >= kn && q[-1] == k[kn - 1] &&
		    memcmp(q - kn, k, kn) == 0 &&
		    (q - kn == p || q[-(ptrdiff_t)kn - 1] == ' '))
			return 1;
		q++;
	}
	return 0;
}

/*
 * The quick path for a TSV line that needs no attrs: columns ts, src
 * and sev give the series (the default --by src,sev).  Returns 1 when
 * counted, 0 when the line needs the full reader, or a negative error.
 */
static int
quick(struct wake_detect *d, const char *line, size_t n)
{
	const char *f[7], *p = line, *end = line + n, *t;
	size_t fl[7];
	struct series *s;
	wake_time_t ts;
	int k, sev, kind, rc;

	if (n < 24 || line[0] == '{' || d->by_attr)
		return 0;
	for (k = 0; k < 6; k++) {
		if ((t = memchr(p, '\t', (size_t)(end - p))) == NULL)
			return 0;
		f[k] = p;
		fl[k] = (size_t)(t - p);
		p = t + 1;
	}
	f[6] = p;
	fl[6] = (size_t)(end - p);
	if (fl[0] != 24 || memchr(f[6], '\t', fl[6]) != NULL)
		return 0;
	/* Kinds that carry markers or other series take the long way. */
	kind = wake_kind_parse(f[4], fl[4]);
	if (kind < 0 || (kind != WAKE_KIND_LOG && kind != WAKE_KIND_CHANGE &&
	    kind != WAKE_KIND_REPORT))
		return 0;
	if (has_key(f[6], fl[6], "phase", 5))
		return 0;
	/* So do events the rules are to classify. */
	if (d->o.rules != NULL && (d->o.rules_all ||
	    kind == WAKE_KIND_REPORT) && !has_key(f[6], fl[6], "rule", 4))
		return 0;
	if (memchr(f[1], '\\', fl[1]) != NULL ||
	    memchr(f[2], '\\', fl[2]) != NULL)
		return 0;
	if (d->have_tsmin && memcmp(line, d->tsmin, 16) == 0)
		ts = d->tsmin_ns;
	else {
		if (wake_time_parse_utc(line, 24, &ts) != WAKE_OK)
			return 0;
		memcpy(d->tsmin, line, 16);
		d->tsmin_ns = ts - ts % MIN_NS;
		d->have_tsmin = d->o.bin % MIN_NS == 0;
	}
	if ((sev = wake_sev_parse(f[3], fl[3])) == -2)
		return 0;
	if ((rc = advance(d, bin_of(d, ts))) < 0)
		return rc;
	d->ev.ts = ts;
	d->ev.src.p = f[1];
	d->ev.src.n = fl[1] == 1 && f[1][0] == '-' ? 0 : fl[1];
	d->ev.host.p = f[2];
	d->ev.host.n = fl[2] == 1 && f[2][0] == '-' ? 0 : fl[2];
	d->ev.sev = sev;
	d->ev.kind = kind;
	d->ev.nattrs = 0;
	d->kb.n = 0;
	if (wake_buf_putc(&d->kb, T_LOG) != WAKE_OK)
		return nomem(d);
	for (k = 0; k < (int)d->nby; k++)
		if ((k > 0 && wake_buf_putc(&d->kb, 0) != WAKE_OK) ||
		    key_field(d, &d->ev, &d->by[k], 0) != WAKE_OK)
			return nomem(d);
	/* The same series as the line before is common. */
	s = d->lastq;
	if (s == NULL || s->keylen != d->kb.n ||
	    memcmp(s->key, d->kb.p, d->kb.n) != 0) {
		d->tb.n = 0;
		for (k = 0; k < (int)d->nby; k++)
			if ((k > 0 && wake_buf_putc(&d->tb, ' ') != WAKE_OK) ||
			    key_field(d, &d->ev, &d->by[k], 1) != WAKE_OK)
				return nomem(d);
		d->spiky = log_spiky(d, sev);
		d->droppy = log_droppy(d, sev);
		if ((s = series_get(d, d->ev.src.p, d->ev.src.n)) == NULL)
			return nomem(d);
		d->lastq = s;
	}
	s->cur += 1;
	return 1;
}

int
wake_detect_line(struct wake_detect *d, const char *line, size_t n)
{
	const char *why;
	int rc;

	if (d->stopped)
		return WAKE_EOF;
	if (!d->ready)
		return WAKE_ERR_USAGE;
	if (!d->o.quiet && ((rc = out_put(d, line, n)) != WAKE_OK ||
	    (rc = out_put(d, "\n", 1)) != WAKE_OK))
		return rc;
	if (n == 0 || line[0] == '#')
		return out_flush(d);
	if (d->format < 0)
		d->format = line[0] == '{';
	if ((rc = quick(d, line, n)) == 1)
		return d->stopped ? WAKE_EOF : out_flush(d);
	if (rc < 0)
		return rc;
	if ((rc = wake_event_read(&d->ev, line, n, &why)) != WAKE_OK) {
		if (rc == WAKE_ERR_NOMEM)
			return nomem(d);
		diag(d, why != NULL ? why : "bad event");
		return out_flush(d);
	}
	/* Classification last, for events that have none yet. */
	if (d->o.rules != NULL && (d->o.rules_all ||
	    d->ev.kind == WAKE_KIND_CHAT || d->ev.kind == WAKE_KIND_ALERT ||
	    d->ev.kind == WAKE_KIND_REPORT) &&
	    wake_event_attr_get(&d->ev, "rule") == NULL &&
	    wake_rules_apply(d->o.rules, &d->ev) == WAKE_ERR_NOMEM)
		return nomem(d);
	if ((rc = wake_detect_add(d, &d->ev)) != WAKE_OK)
		return rc;
	return d->stopped ? WAKE_EOF : out_flush(d);
}

int
wake_detect_run(struct wake_detect *d, struct wake_input *in,
    const char *name)
{
	struct wake_line l;
	int rc, arc = WAKE_OK;

	if (d->stopped)
		return WAKE_EOF;
	d->origin = name != NULL ? name : wake_input_name(in);
	while ((rc = wake_input_line(in, &l)) == WAKE_OK) {
		d->line = (unsigned long)l.no;
		if (l.truncated > 0) {
			diag(d, "line too long, cut");
		}
		if ((arc = wake_detect_line(d, l.p, l.n)) != WAKE_OK)
			break;
	}
	d->origin = NULL;
	d->line = 0;
	if (arc != WAKE_OK)
		return arc;
	return rc == WAKE_EOF ? WAKE_OK : rc;
}

int
wake_detect_finish(struct wake_detect *d)
{
	int rc;

	if (!d->ready)
		return WAKE_ERR_USAGE;
	if (d->stopped)
		return WAKE_EOF;
	/* The last bin is partial: it is not judged. */
	if (d->bin != INT64_MIN && (rc = flush_all(d)) != WAKE_OK)
		return rc;
	wake_incidents_sort(&d->incs);
	return WAKE_OK;
}
