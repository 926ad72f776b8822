/*
 * wake-gen outage: the carrier's call center.  queue_log is Asterisk's
 * (16+) queue log of three queues, support, mobile and billing, served
 * by app_agent_pool agents (Agent/NNNN) in shifts with breaks.  Calls
 * follow the subscribers' day (quiet night, morning ramp, a dip at
 * lunch, New York time), and from impact start the outage brings up to
 * about ten times as many, most of them to support and mobile: with
 * the staff of a normal day and the few called in, waits grow long,
 * many callers hang up and the queues time out on others.
 *
 * The day is simulated, not drawn: each queue is first come first
 * served, a caller leaves at the end of his patience or at the queue's
 * timeout, an agent takes the next call when he is free and not on a
 * break, rings some seconds (15 and no answer now and then), talks,
 * wraps up.  calls.truth is counted from these calls with the
 * definitions of wake-stats(1): a call counts in the 5-minute bin it
 * entered in; offered = answered + abandoned + timeout; an abandon
 * after less than 5 s of waiting is a short abandon, not offered; a
 * caller pressing a key (callback) is neither; a call whose outcome
 * falls after the end of the log is open and not counted.
 *
 * reports.csv is the customer reports per minute of an outage-report
 * site for the carrier, in New York time with its offset.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define SEC		1000LL
#define MINUTE		60000LL
#define BIN		(5 * MINUTE)
#define NEVER		INT64_MAX
#define SHORT_AB	5	/* s: wake-stats --short-abandon default */

enum { QS_SUPPORT, QS_MOBILE, QS_BILLING, NQ };

/* In simulation order: billing gets the calls transferred to it. */
static const struct qdef {
	const char	*name;
	uint32_t	 base;		/* calls/min at the busiest, 1/1000 */
	uint32_t	 surge;		/* extra calls/min at full impact */
	int		 timeout;	/* s, Queue() timeout */
	const char	*exten;		/* the queue's extension */
} qdefs[NQ] = {
	{ "support", 420, 4400, 600, "8001" },
	{ "mobile", 330, 3800, 420, "8003" },
	{ "billing", 260, 300, 900, "8002" },
};

/* Calls by New York hour of day, per mille of the busiest hour. */
static const uint16_t callday[25] = {
	40, 25, 15, 12, 12, 20, 60, 180, 450, 800, 1000, 920,
	700, 760, 900, 880, 800, 650, 480, 380, 300, 220, 140, 80, 40
};

/*
 * Shifts in UTC minutes of the day; -1 for a start before the day or
 * an end after it.  in, out: 0 logs in or off (AGENTLOGIN, AGENTLOGOFF),
 * 1 is added to or removed from the queue (ADDMEMBER, REMOVEMEMBER: a
 * supervisor moving him to another queue).
 */
static const struct shift {
	int		 q;
	int		 agent;
	int		 from, to;
	int		 in, out;
} shifts[] = {
	{ QS_SUPPORT, 2101, -1, 180, 0, 0 },
	{ QS_SUPPORT, 2102, -1, 185, 0, 0 },
	{ QS_SUPPORT, 2103, 150, 690, 0, 0 },
	{ QS_SUPPORT, 2104, 658, 1170, 0, 0 },
	{ QS_SUPPORT, 2105, 661, 1172, 0, 0 },
	{ QS_SUPPORT, 2106, 719, 1231, 0, 0 },
	{ QS_SUPPORT, 2107, 778, 1290, 0, 0 },
	{ QS_SUPPORT, 2108, 782, 1291, 0, 0 },
	{ QS_SUPPORT, 2109, 1019, -1, 0, 0 },
	{ QS_SUPPORT, 2110, 1021, -1, 0, 0 },
	{ QS_SUPPORT, 2111, 1139, -1, 0, 0 },
	/* Called in for the outage. */
	{ QS_SUPPORT, 2112, 612, 1082, 0, 0 },
	{ QS_SUPPORT, 2113, 627, 1085, 0, 0 },
	{ QS_MOBILE, 2201, -1, 181, 0, 0 },
	{ QS_MOBILE, 2210, -1, 120, 0, 0 },
	{ QS_MOBILE, 2202, 148, 692, 0, 0 },
	{ QS_MOBILE, 2203, 659, 1171, 0, 0 },
	{ QS_MOBILE, 2204, 722, 1230, 0, 0 },
	{ QS_MOBILE, 2205, 779, 1289, 0, 0 },
	{ QS_MOBILE, 2206, 1018, -1, 0, 0 },
	{ QS_MOBILE, 2207, 1140, -1, 0, 0 },
	{ QS_MOBILE, 2208, 641, 1141, 0, 0 },
	{ QS_MOBILE, 2211, 1079, -1, 0, 0 },
	/* Billing agents moved onto the mobile queue near the peak. */
	{ QS_MOBILE, 2303, 800, 1050, 1, 1 },
	{ QS_MOBILE, 2304, 806, 1052, 1, 1 },
	{ QS_BILLING, 2301, -1, 242, 0, 0 },
	{ QS_BILLING, 2302, 179, 722, 0, 0 },
	{ QS_BILLING, 2303, 718, 800, 0, 1 },
	{ QS_BILLING, 2303, 1061, 1229, 1, 0 },
	{ QS_BILLING, 2304, 781, 806, 0, 1 },
	{ QS_BILLING, 2304, 1063, 1290, 1, 0 },
	{ QS_BILLING, 2305, 1020, -1, 0, 0 },
	{ QS_BILLING, 2308, 1081, -1, 0, 0 },
	{ QS_BILLING, 2306, 662, 1171, 0, 0 },
	{ QS_BILLING, 2307, 721, 1232, 0, 0 },
};

#define NPAUSE	4

struct agent {
	const struct shift *sh;
	int64_t		 login, logout;	/* NEVER-ish bounds: see shift */
	int64_t		 free;		/* busy until */
	int64_t		 last;		/* end of the last call */
	int64_t		 pat[NPAUSE];	/* breaks due */
	int		 plen[NPAUSE];	/* s */
	const char	*pwhy[NPAUSE];
	int		 np, next;
	uint32_t	 chan;		/* PJSIP channel sequence */
};

struct call {
	int64_t		 enter;		/* whole seconds */
	int64_t		 created;	/* the caller's channel */
	uint32_t	 seq;		/* uniqueid sequence */
	uint32_t	 no;		/* made no-th: ties in qsort */
	int		 q;
	int		 outage;	/* called about the outage */
	int		 xfer;		/* transferred here */
	char		 caller[16];
};

struct calls {
	struct call	*v;
	size_t		 n, cap;
};

/* What calls.truth counts, per queue and bin. */
struct tally {
	uint32_t	 offered, answered, abandoned, timeout;
};

struct sim {
	const struct scenario *sc;
	struct rng	 r;
	struct recs	 rs;
	struct calls	 q[NQ];
	struct agent	*ag;
	size_t		 nag;
	struct tally	*t;		/* [NQ][nbins] */
	int64_t		 nbins;
	int64_t		 first[NQ];	/* first bin with a call, or -1 */
	uint32_t	 seq;
	struct filefacts *ff;
};

static int64_t
min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static uint32_t
curve(const struct scenario *sc, int64_t t)
{
	int64_t loc, sod;
	int h;

	loc = t + (int64_t)sc->ny_off * 1000;
	sod = ((loc % 86400000) + 86400000) % 86400000;
	h = (int)(sod / 3600000);
	return (uint32_t)(callday[h] + (callday[h + 1] - callday[h]) *
	    (sod % 3600000) / 3600000);
}

/*
 * How much of the outage the subscribers notice at t, per mille: the
 * impact, less at night when fewer are awake.  reports.csv follows it
 * too, so both peak with the impact.
 */
static uint32_t
noticed(const struct scenario *sc, int64_t t)
{
	uint32_t awake = 500 + diurnal_rate(sc, t, 1000) / 2;

	return impact_level(sc, t) * awake / 1000;
}

static uint32_t
rate_normal(const struct scenario *sc, int64_t t, const void *arg)
{
	const struct qdef *q = arg;

	return q->base * curve(sc, t) / 1000;
}

static uint32_t
rate_outage(const struct scenario *sc, int64_t t, const void *arg)
{
	const struct qdef *q = arg;

	return (uint32_t)((uint64_t)q->surge * noticed(sc, t) / 1000);
}

static void
calls_add(struct calls *cs, const struct call *c)
{
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 512;
		cs->v = xreallocarray(cs->v, cs->cap, sizeof(*cs->v));
	}
	cs->v[cs->n++] = *c;
}

static int
call_cmp(const void *a, const void *b)
{
	const struct call *x = a, *y = b;

	if (x->enter != y->enter)
		return x->enter < y->enter ? -1 : 1;
	if (x->q != y->q)
		return x->q < y->q ? -1 : 1;
	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	/* qsort is not stable: a total order keeps the bytes the same. */
	return x->no < y->no ? -1 : x->no > y->no;
}

/* A made-up caller number: New York area codes, 555-01XX. */
static void
caller_id(struct rng *r, char *s, size_t n)
{
	static const char *const area[] = {
		"212", "646", "718", "347", "917", "929", "516", "631",
		"914", "201", "973", "732"
	};
	uint64_t v[3];

	rng_fill(r, v, 3);
	snprintf(s, n, "%s%s555%04u", below(v[0], 10) < 6 ? "+1" : "",
	    area[below(v[1], GEN_NELEM(area))], 100 + below(v[2], 100));
}

/* ---- the log lines ---- */

static void
ql(struct sim *s, int64_t t, uint32_t created, uint32_t seq,
    const char *queue, const char *agent, const char *ev, const char *fmt,
    ...) __attribute__((format(printf, 8, 9)));

static void
ql(struct sim *s, int64_t t, uint32_t created, uint32_t seq,
    const char *queue, const char *agent, const char *ev, const char *fmt,
    ...)
{
	char data[160];
	va_list ap;

	if (t >= s->sc->end)
		return;
	va_start(ap, fmt);
	vsnprintf(data, sizeof(data), fmt, ap);
	va_end(ap);
	if (seq == 0)
		recs_add(&s->rs, t, 0, 6, "%lld|NONE|%s|%s|%s|%s",
		    (long long)(t / SEC), queue, agent, ev, data);
	else
		recs_add(&s->rs, t, 0, 6, "%lld|%u.%u|%s|%s|%s|%s",
		    (long long)(t / SEC), created, seq, queue, agent, ev,
		    data);
}

static void
agent_name(const struct agent *a, char *s, size_t n)
{
	snprintf(s, n, "Agent/%d", a->sh->agent);
}

/* Breaks due at t are taken when the agent is free. */
static int64_t
agent_ready(struct sim *s, struct agent *a, int64_t t)
{
	char name[24];
	int64_t c, at;

	for (;;) {
		c = max64(max64(t, a->free), a->login);
		if (c >= a->logout)
			return NEVER;
		if (a->next < a->np && a->pat[a->next] <= c) {
			at = max64(a->pat[a->next], max64(a->free, a->login));
			if (at >= a->logout) {
				a->next = a->np;
				continue;
			}
			agent_name(a, name, sizeof(name));
			ql(s, at, 0, 0, qdefs[a->sh->q].name, name, "PAUSE",
			    "%s", a->pwhy[a->next]);
			a->free = at + a->plen[a->next] * SEC;
			ql(s, a->free, 0, 0, qdefs[a->sh->q].name, name,
			    "UNPAUSE", "%s", "");
			a->next++;
			continue;
		}
		return c;
	}
}

/* The agent of queue q who can take a call at t first (leastrecent). */
static struct agent *
pick(struct sim *s, int q, int64_t t, int64_t *when)
{
	struct agent *best = NULL;
	int64_t r, br = NEVER;
	size_t i;

	for (i = 0; i < s->nag; i++) {
		if (s->ag[i].sh->q != q)
			continue;
		r = agent_ready(s, &s->ag[i], t);
		if (r == NEVER)
			continue;
		if (best == NULL || r < br || (r == br &&
		    s->ag[i].last < best->last)) {
			best = &s->ag[i];
			br = r;
		}
	}
	*when = br;
	return best;
}

static void
agents_init(struct sim *s)
{
	const struct scenario *sc = s->sc;
	struct agent *a;
	size_t i;
	int k;

	s->nag = GEN_NELEM(shifts);
	s->ag = xreallocarray(NULL, s->nag, sizeof(*s->ag));
	memset(s->ag, 0, s->nag * sizeof(*s->ag));
	for (i = 0; i < s->nag; i++) {
		a = &s->ag[i];
		a->sh = &shifts[i];
		/* Those on shift at midnight came at 19:00 New York. */
		a->login = a->sh->from < 0 ? sc->day0 - 5 * 3600 * SEC -
		    rng_below(&s->r, 600) * SEC :
		    sc->day0 + a->sh->from * MINUTE + rng_below(&s->r, 50) *
		    SEC;
		a->logout = a->sh->to < 0 ? sc->end + 6 * 3600 * SEC :
		    sc->day0 + a->sh->to * MINUTE + rng_below(&s->r, 50) *
		    SEC;
		a->free = a->last = a->login;
		a->chan = 0x1000 + (uint32_t)i * 0x40 + rng_below(&s->r, 0x30);
		/*
		 * A break, lunch, a break; before the day: one break;
		 * none when moved in from another queue.
		 */
		for (k = 0; k < 3 && a->sh->in == 0; k++) {
			a->pat[a->np] = (a->sh->from < 0 ? sc->day0 :
			    a->login) + (int64_t)(2 + 2 * k) * 3600 * SEC +
			    rng_below(&s->r, 20 * 60) * SEC;
			a->plen[a->np] = k == 1 ? 1800 : 900;
			a->pwhy[a->np] = k == 1 ? "Lunch" : "Break";
			if (a->pat[a->np] < a->logout - 30 * MINUTE)
				a->np++;
			if (a->sh->from < 0)
				break;
		}
	}
}

/* When the agent of a first logged in (for AGENTLOGOFF's logintime). */
static int64_t
first_login(const struct sim *s, const struct agent *a)
{
	int64_t t = a->login;
	size_t i;

	for (i = 0; i < s->nag; i++)
		if (s->ag[i].sh->agent == a->sh->agent)
			t = min64(t, s->ag[i].login);
	return t;
}

/* Logins and logoffs, and the breaks no call made them wait for. */
static void
agents_done(struct sim *s)
{
	char name[24];
	const char *q;
	struct agent *a;
	int64_t off;
	size_t i;

	for (i = 0; i < s->nag; i++) {
		a = &s->ag[i];
		q = qdefs[a->sh->q].name;
		agent_name(a, name, sizeof(name));
		while (a->next < a->np)
			(void)agent_ready(s, a, a->pat[a->next]);
		off = max64(a->logout, a->free);
		if (a->sh->from >= 0 && a->sh->in == 1)
			ql(s, a->login, 0, 0, q, name, "ADDMEMBER", "%s", "");
		else if (a->sh->from >= 0)
			ql(s, a->login, 0, 0, "NONE", name, "AGENTLOGIN",
			    "PJSIP/%d-%08x", a->sh->agent, a->chan);
		if (a->sh->to >= 0 && a->sh->out == 1)
			ql(s, off, 0, 0, q, name, "REMOVEMEMBER", "%s", "");
		else if (a->sh->to >= 0)
			ql(s, off, 0, 0, "NONE", name, "AGENTLOGOFF",
			    "PJSIP/%d-%08x|%lld", a->sh->agent, a->chan,
			    (long long)((off - first_login(s, a)) / SEC));
	}
}

/*
 * An agent moved in from a queue simulated before joins when he has
 * left it, after the call he was on.
 */
static void
agents_move(struct sim *s, int q)
{
	struct agent *a, *b;
	size_t i, k;

	for (i = 0; i < s->nag; i++) {
		a = &s->ag[i];
		if (a->sh->q != q || a->sh->in != 1)
			continue;
		for (k = 0; k < s->nag; k++) {
			b = &s->ag[k];
			if (b->sh->agent == a->sh->agent && b->sh->q != q &&
			    b->sh->to == a->sh->from && b->sh->out == 1)
				a->login = a->free = a->last =
				    max64(a->login, max64(b->logout, b->free));
		}
	}
}

/* ---- the queues ---- */

/* Seconds a caller will wait: shorter when he calls about the outage. */
static int
patience(struct rng *r, int outage)
{
	uint64_t v[2];
	uint32_t x;

	rng_fill(r, v, 2);
	x = below(v[0], 1000);
	if (x < (outage ? 50U : 35U))
		return 1 + (int)below(v[1], 4);	/* misdial, hung up at once */
	if (x < (outage ? 330U : 280U))
		return 15 + (int)below(v[1], 100);
	if (x < (outage ? 700U : 820U))
		return 110 + (int)below(v[1], 400);
	/* Some will wait as long as it takes: the queue times them out. */
	return 500 + (int)below(v[1], outage ? 1900 : 1300);
}

static void
count(struct sim *s, const struct call *c, int64_t out_at, int what)
{
	struct tally *t;
	int64_t b = (c->enter - s->sc->day0) / BIN;

	if (s->first[c->q] < 0 || b < s->first[c->q])
		s->first[c->q] = b;
	if (out_at >= s->sc->end || what < 0)
		return;
	t = &s->t[c->q * s->nbins + b];
	switch (what) {
	case 0:
		t->answered++;
		t->offered++;
		break;
	case 1:
		t->abandoned++;
		t->offered++;
		break;
	case 2:
		t->timeout++;
		t->offered++;
		break;
	default:
		break;
	}
}

/* One call of queue q, given the calls waiting before it (leave times). */
static void
serve(struct sim *s, struct call *c, int64_t *wait, size_t *nwait)
{
	const struct qdef *q = &qdefs[c->q];
	char name[24], buid[40];
	struct agent *a;
	struct call x;
	uint64_t v[8];
	int64_t limit, t, r, conn, end, leave;
	int pat, ring, opos, pos, talk, hold, rna = 0, timeout, key;
	size_t i, k;

	rng_fill(&s->r, v, 8);
	/* Who is still in the queue. */
	for (i = k = 0; i < *nwait; i++)
		if (wait[i] > c->enter)
			wait[k++] = wait[i];
	*nwait = k;
	opos = (int)k + 1;
	ql(s, c->enter, (uint32_t)c->created, c->seq, q->name, "NONE",
	    "ENTERQUEUE", "|%s|%d", c->caller, opos);

	pat = patience(&s->r, c->outage);
	timeout = q->timeout + (int)below(v[0], 3);
	limit = c->enter + min64(pat, timeout) * SEC;
	key = c->outage && s->sc->impact + 75 * MINUTE < c->enter &&
	    below(v[1], 1000) < 90;
	t = c->enter;
	for (;;) {
		a = pick(s, c->q, t, &r);
		ring = rna ? 2 + (int)below(v[2], 5) :
		    1 + (int)below(v[2], 7);
		if (a == NULL || r + (int64_t)ring * SEC >= limit)
			break;
		agent_name(a, name, sizeof(name));
		if (!rna && below(v[3], 1000) < 45) {
			/* Rings 15 s unanswered; the next agent then. */
			if (r + 15 * SEC >= limit)
				break;
			rna = 1;
			ql(s, r + 15 * SEC, (uint32_t)c->created, c->seq,
			    q->name, name, "RINGNOANSWER", "15000");
			a->free = r + 45 * SEC;
			t = r + 15 * SEC;
			continue;
		}
		conn = r + (int64_t)ring * SEC;
		hold = (int)((conn - c->enter) / SEC);
		talk = c->outage ? 60 + (int)below(v[4], 150) +
		    (int)below(v[5], 150) : 50 + (int)below(v[4], 280) +
		    (int)below(v[5], 280);
		end = conn + (int64_t)talk * SEC;
		a->free = end + (8 + (int64_t)below(v[6], 25)) * SEC;
		a->last = end;
		snprintf(buid, sizeof(buid), "%lld.%u",
		    (long long)(r / SEC), c->seq + 1 + (uint32_t)rna +
		    2 * (uint32_t)c->xfer);
		ql(s, conn, (uint32_t)c->created, c->seq, q->name, name,
		    "CONNECT", "%d|%s|%d", hold, buid, ring);
		wait[(*nwait)++] = conn;
		x = *c;
		if (c->q == QS_SUPPORT && !c->xfer && below(v[7], 1000) < 50) {
			/* To billing: the caller queues again there. */
			ql(s, end, (uint32_t)c->created, c->seq, q->name, name,
			    "BLINDTRANSFER", "%s|from-queue|%d|%d|%d",
			    qdefs[QS_BILLING].exten, hold, talk, opos);
			x.enter = end + (1 + (int64_t)below(v[6], 2)) * SEC;
			x.q = QS_BILLING;
			x.xfer = 1;
			x.outage = 0;
			if (x.enter < s->sc->end)
				calls_add(&s->q[QS_BILLING], &x);
		} else if (c->q == QS_MOBILE && below(v[7], 1000) < 25) {
			/* To a second-level engineer, talked through. */
			ql(s, end, (uint32_t)c->created, c->seq, q->name, name,
			    "ATTENDEDTRANSFER",
			    "BRIDGE|%08x-%04x-4%03x-a%03x-%012llx|%d|%d|%d",
			    (uint32_t)(v[4] >> 32), (uint32_t)(v[5] >> 48),
			    (uint32_t)(v[6] >> 52), (uint32_t)(v[7] >> 52),
			    (unsigned long long)(v[3] >> 16), hold, talk,
			    opos);
		} else
			ql(s, end, (uint32_t)c->created, c->seq, q->name, name,
			    below(v[7], 1000) < 560 ? "COMPLETECALLER" :
			    "COMPLETEAGENT", "%d|%d|%d", hold, talk, opos);
		count(s, c, end, 0);
		return;
	}
	/* No agent in time: the caller hangs up or the queue gives up. */
	leave = limit;
	for (i = 0, pos = 1; i < *nwait; i++)
		if (wait[i] > leave)
			pos++;
	hold = (int)((leave - c->enter) / SEC);
	if (pat >= timeout) {
		ql(s, leave, (uint32_t)c->created, c->seq, q->name, "NONE",
		    "EXITWITHTIMEOUT", "%d|%d|%d", pos, opos, hold);
		count(s, c, leave, 2);
	} else if (key && hold >= 30) {
		ql(s, leave, (uint32_t)c->created, c->seq, q->name, "NONE",
		    "EXITWITHKEY", "1|%d|%d|%d", pos, opos, hold);
		count(s, c, leave, -1);
	} else {
		ql(s, leave, (uint32_t)c->created, c->seq, q->name, "NONE",
		    "ABANDON", "%d|%d|%d", pos, opos, hold);
		count(s, c, leave, hold < SHORT_AB ? -1 : 1);
	}
	wait[(*nwait)++] = leave;
}

static void
simulate(struct sim *s, int q)
{
	struct calls *cs = &s->q[q];
	int64_t *wait;
	size_t nwait = 0, i;

	qsort(cs->v, cs->n, sizeof(*cs->v), call_cmp);
	wait = xreallocarray(NULL, cs->n + 1, sizeof(*wait));
	for (i = 0; i < cs->n; i++)
		serve(s, &cs->v[i], wait, &nwait);
	free(wait);
}

/* Arrivals of the day, with uniqueids in the order channels opened. */
static void
arrive(struct sim *s)
{
	const struct scenario *sc = s->sc;
	struct calls all = { NULL, 0, 0 };
	struct call c;
	int64_t *tv;
	size_t n, i;
	int q, k;

	for (q = 0; q < NQ; q++)
		for (k = 0; k < 2; k++) {
			n = arrivals(&s->r, sc, k ? sc->impact : sc->day0,
			    k ? sc->recover : sc->end, k ? rate_outage :
			    rate_normal, &qdefs[q], &tv);
			for (i = 0; i < n; i++) {
				memset(&c, 0, sizeof(c));
				c.enter = tv[i] / SEC * SEC;
				/* Some seconds in the IVR before. */
				c.created = c.enter / SEC - 6 -
				    rng_below(&s->r, 30);
				c.q = q;
				c.outage = k;
				c.no = (uint32_t)all.n;
				caller_id(&s->r, c.caller, sizeof(c.caller));
				calls_add(&all, &c);
			}
			free(tv);
		}
	qsort(all.v, all.n, sizeof(*all.v), call_cmp);
	s->seq = 41873;
	for (i = 0; i < all.n; i++) {
		all.v[i].seq = s->seq;
		/* Room for the agents' channels: see serve(). */
		s->seq += 5 + rng_below(&s->r, 4);
		calls_add(&s->q[all.v[i].q], &all.v[i]);
	}
	free(all.v);
}

static void
put_truth(struct sim *s, struct gbuf *out, int64_t last)
{
	static const int order[NQ] = { QS_BILLING, QS_MOBILE, QS_SUPPORT };
	const struct tally *t;
	int64_t b, lastb = (last - s->sc->day0) / BIN;
	int i, q;

	gbuf_puts(out, "ts\tqueue\toffered\tanswered\tabandoned\ttimeout\n");
	for (b = 0; b <= lastb; b++)
		for (i = 0; i < NQ; i++) {
			q = order[i];
			if (s->first[q] < 0 || b < s->first[q])
				continue;
			t = &s->t[q * s->nbins + b];
			put_iso_utc(out, s->sc->day0 + b * BIN);
			gbuf_printf(out, "\t%s\t%u\t%u\t%u\t%u\n",
			    qdefs[q].name, t->offered, t->answered,
			    t->abandoned, t->timeout);
		}
}

void
gen_queue_log(const struct scenario *sc, struct gbuf *out,
    struct gbuf *truth, struct filefacts *ff)
{
	struct sim s;
	const struct rec *rc;
	size_t i;
	int q;

	memset(&s, 0, sizeof(s));
	s.sc = sc;
	s.ff = ff;
	rng_seed(&s.r, 0xca11ce47e40001ULL);
	s.nbins = (sc->end - sc->day0) / BIN;
	s.t = xreallocarray(NULL, (size_t)(NQ * s.nbins), sizeof(*s.t));
	memset(s.t, 0, (size_t)(NQ * s.nbins) * sizeof(*s.t));
	for (q = 0; q < NQ; q++)
		s.first[q] = -1;
	agents_init(&s);
	arrive(&s);
	/* The callback option goes on an hour into the outage. */
	ql(&s, sc->impact + 75 * MINUTE + 14 * SEC, 0, 0, "NONE", "NONE",
	    "CONFIGRELOAD", "%s", "");
	/* Billing takes support's transfers; mobile billing's agents. */
	simulate(&s, QS_SUPPORT);
	simulate(&s, QS_BILLING);
	agents_move(&s, QS_MOBILE);
	simulate(&s, QS_MOBILE);
	agents_done(&s);
	recs_sort(&s.rs);
	for (i = 0; i < s.rs.n; i++) {
		rc = &s.rs.v[i];
		gbuf_put(out, REC_BODY(&s.rs, rc), rc->len);
		gbuf_putc(out, '\n');
		facts_add(ff, rc->ts, rc->sev, 1);
	}
	put_truth(&s, truth, ff->last);
	for (q = 0; q < NQ; q++)
		free(s.q[q].v);
	free(s.ag);
	free(s.t);
	recs_free(&s.rs);
	snprintf(ff->format, sizeof(ff->format), "queue_log");
	snprintf(ff->zone, sizeof(ff->zone), "UTC: epoch seconds");
}

/* ---- reports.csv ---- */

/* A count around mean m (thousandths): Poisson-like, integers only. */
static uint64_t
noisy(struct rng *r, uint64_t m)
{
	uint64_t n = 0, sd, s = 0, i, x;

	if (m < 40000) {
		/* Bernoulli trials: 200 of them, each m/200. */
		for (i = 0; i < 200; i++)
			if (rng_below(r, 200000) < m)
				n++;
		return n;
	}
	/* Irwin-Hall: 12 uniforms, mean 6, sd 1; sd of the count sqrt(m). */
	for (sd = 1; sd * sd * 1000 < m; sd++)
		;
	for (i = 0; i < 12; i++)
		s += rng_below(r, 1000);
	x = m / 1000 + (s > 6000 ? (s - 6000) * sd / 1000 : 0);
	if (s < 6000)
		x = m / 1000 > (6000 - s) * sd / 1000 ?
		    m / 1000 - (6000 - s) * sd / 1000 : 0;
	return x;
}

void
gen_reports(const struct scenario *sc, struct gbuf *out,
    struct filefacts *ff)
{
	struct rng r;
	struct gtm tm;
	uint64_t m;
	int64_t t;
	int off = sc->ny_off < 0 ? -sc->ny_off : sc->ny_off;

	rng_seed(&r, 0x2e9021750001ULL);
	gbuf_puts(out, "minute,reports\n");
	ff->lines++;
	for (t = sc->day0; t < sc->end; t += MINUTE) {
		/* A few a minute on a normal day; thousands at the peak. */
		m = (uint64_t)diurnal_rate(sc, t, 9000) +
		    (uint64_t)noticed(sc, t) * 2600;
		gtm_from_ms(t, sc->ny_off, &tm);
		gbuf_printf(out,
		    "%04d-%02d-%02dT%02d:%02d:00%c%02d:%02d,%llu\n", tm.year,
		    tm.mon, tm.day, tm.hour, tm.min,
		    sc->ny_off < 0 ? '-' : '+', off / 3600, off / 60 % 60,
		    (unsigned long long)noisy(&r, m));
		facts_add(ff, t, 6, 1);
	}
	ff->first = sc->day0;
	snprintf(ff->format, sizeof(ff->format), "csv");
	snprintf(ff->zone, sizeof(ff->zone), "America/New_York "
	    "(EST, -05:00), RFC 3339 with the offset; one row a minute");
}

/* ---- queue_log for benchmarks ---- */

/*
 * wake-gen queue_log --lines N [--seed S]: a long queue_log, calls of
 * three queues arriving every 0-2 s from 2024-02-22 on, each with its
 * ENTERQUEUE and, some seconds to minutes later, its outcome, so that a
 * few hundred calls are open at any time.  Not simulated: it is for
 * throughput, and fast.
 */
struct pend {
	int64_t		 t;		/* s */
	uint32_t	 seq;		/* the call's; ties in call order */
	uint32_t	 created;
	uint8_t		 q, what, agent;
	uint16_t	 hold, talk;
	uint8_t		 pos;
};

enum { P_CONNECT, P_COMPLETE, P_ABANDON, P_TIMEOUT, P_RNA };

static int
pend_less(const struct pend *a, const struct pend *b)
{
	return a->t != b->t ? a->t < b->t : a->seq < b->seq;
}

static void
heap_push(struct pend **h, size_t *n, size_t *cap, const struct pend *p)
{
	size_t i, up;
	struct pend tmp;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*h = xreallocarray(*h, *cap, sizeof(**h));
	}
	i = (*n)++;
	(*h)[i] = *p;
	while (i > 0 && pend_less(&(*h)[i], &(*h)[up = (i - 1) / 2])) {
		tmp = (*h)[i];
		(*h)[i] = (*h)[up];
		(*h)[up] = tmp;
		i = up;
	}
}

static void
heap_pop(struct pend *h, size_t *n)
{
	size_t i = 0, l, m;
	struct pend tmp;

	h[0] = h[--*n];
	for (;;) {
		l = 2 * i + 1;
		if (l >= *n)
			break;
		m = l + 1 < *n && pend_less(&h[l + 1], &h[l]) ? l + 1 : l;
		if (!pend_less(&h[m], &h[i]))
			break;
		tmp = h[i];
		h[i] = h[m];
		h[m] = tmp;
		i = m;
	}
}

static size_t
bench_line(char *o, size_t cap, const struct pend *p)
{
	static const char *const qn[NQ] = { "support", "mobile", "billing" };
	int n;

	switch (p->what) {
	case P_CONNECT:
		n = snprintf(o, cap, "%lld|%u.%u|%s|Agent/%u|CONNECT|%u|%lld.%u"
		    "|%u\n", (long long)p->t, p->created, p->seq, qn[p->q],
		    2100u + 100u * p->q + p->agent, p->hold,
		    (long long)p->t - 3, p->seq + 1, 3u);
		break;
	case P_COMPLETE:
		n = snprintf(o, cap, "%lld|%u.%u|%s|Agent/%u|%s|%u|%u|%u\n",
		    (long long)p->t, p->created, p->seq, qn[p->q],
		    2100u + 100u * p->q + p->agent, p->seq & 1 ?
		    "COMPLETECALLER" : "COMPLETEAGENT", p->hold, p->talk,
		    p->pos);
		break;
	case P_RNA:
		n = snprintf(o, cap, "%lld|%u.%u|%s|Agent/%u|RINGNOANSWER|"
		    "15000\n", (long long)p->t, p->created, p->seq, qn[p->q],
		    2100u + 100u * p->q + p->agent);
		break;
	default:
		n = snprintf(o, cap, "%lld|%u.%u|%s|NONE|%s|%u|%u|%u\n",
		    (long long)p->t, p->created, p->seq, qn[p->q],
		    p->what == P_ABANDON ? "ABANDON" : "EXITWITHTIMEOUT",
		    p->pos, p->pos, p->hold);
		break;
	}
	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

int
cmd_queue_log(int argc, char *argv[])
{
	static const char *const qn[NQ] = { "support", "mobile", "billing" };
	struct pend *h = NULL, p;
	size_t nh = 0, cap = 0, o = 0, k;
	uint64_t lines = 0, want = 0, seed = 1, v[6];
	struct rng r;
	char *buf;
	int64_t now;
	uint32_t seq = 1000;
	int i, n;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lines") == 0 && i + 1 < argc)
			want = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else
			die("usage: wake-gen queue_log --lines N [--seed S]");
	}
	rng_seed(&r, seed);
	buf = xmalloc(1 << 20);
	now = days_from_civil(2024, 2, 22) * 86400;
	while (lines < want) {
		/* Due outcomes first, then a new call. */
		while (nh > 0 && h[0].t <= now && lines < want) {
			if ((k = bench_line(buf + o, 4096, &h[0])) == 0)
				die("queue_log: line too long");
			o += k;
			lines++;
			heap_pop(h, &nh);
			if (o > (1 << 20) - 4096) {
				write_all(1, buf, o);
				o = 0;
			}
		}
		if (lines >= want)
			break;
		rng_fill(&r, v, 6);
		memset(&p, 0, sizeof(p));
		p.seq = seq;
		seq += 3;
		p.created = (uint32_t)(now - 5 - (int64_t)below(v[0], 20));
		p.q = (uint8_t)below(v[0] << 8, NQ);
		p.pos = (uint8_t)(1 + below(v[1], 12));
		n = snprintf(buf + o, 4096, "%lld|%u.%u|%s|NONE|ENTERQUEUE||"
		    "%s212555%04u|%u\n", (long long)now, p.created, p.seq,
		    qn[p.q], below(v[1] << 8, 2) ? "+1" : "",
		    100 + below(v[2], 100), p.pos);
		o += (size_t)n;
		lines++;
		p.hold = (uint16_t)below(v[3], 400);
		if (below(v[4], 100) < 70) {
			p.agent = (uint8_t)(1 + below(v[4] << 8, 12));
			if (below(v[5], 100) < 5) {
				p.t = now + p.hold / 2;
				p.what = P_RNA;
				heap_push(&h, &nh, &cap, &p);
			}
			p.t = now + p.hold;
			p.what = P_CONNECT;
			heap_push(&h, &nh, &cap, &p);
			p.talk = (uint16_t)(30 + below(v[5] << 8, 600));
			p.t = now + p.hold + p.talk;
			p.what = P_COMPLETE;
			heap_push(&h, &nh, &cap, &p);
		} else {
			p.t = now + p.hold;
			p.what = below(v[4] << 8, 100) < 10 ? P_TIMEOUT :
			    P_ABANDON;
			heap_push(&h, &nh, &cap, &p);
		}
		now += below(v[5] << 16, 3);
	}
	write_all(1, buf, o);
	free(buf);
	free(h);
	return 0;
}
