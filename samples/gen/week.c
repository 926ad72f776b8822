/*
 * wake-gen week-quiet DIR, wake-gen week-incidents DIR: a week of a
 * small web shop's logs for wake-detect's tests.
 *
 * Monday 2024-03-04 00:00Z to Monday 2024-03-11 00:00Z, three files:
 *
 *	syslog.log	RFC 5424 (UTC, Z) from web-1..3: info at up to
 *			40/min, warn 2/min, err 0.5/min at the busiest
 *	queue_log	Asterisk queue_log of the support line: calls at
 *			up to 4/min, answered and completed
 *	ops.log		the ops channel, bracketed IRC log: small talk at
 *			up to 0.6 lines/min
 *
 * Every rate follows the same day (quiet night, busy afternoon, UTC)
 * and week (Saturday and Sunday at half).  Small blips that are not
 * incidents: a 2-minute burst of errors on Wednesday 14:20:10, five
 * extra calls on Friday 11:00, a few chat lines more on Tuesday 16:00.
 *
 * week-incidents adds three incidents of different shapes:
 *
 *	1 Tuesday 10:00-10:40	error spike: "db connection refused"
 *				errors at +8/min, warn +3/min
 *	2 Thursday 15:00-16:00	call surge: +15 calls/min, no error logs
 *	3 Saturday 09:00-10:00	syslog.log falls silent: web-1..3 send
 *				nothing for an hour
 *
 * and writes TRUTH with each incident's start and recover.  The output
 * is the same bytes everywhere: one xoshiro256** stream per file, fixed
 * seeds, integer arithmetic.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

int	cmd_week(int argc, char *argv[]);

#define W_MIN		60000LL
#define W_HOUR		(60 * W_MIN)
#define W_DAY		(24 * W_HOUR)

/* Rate by UTC hour, per mille of the busiest hour. */
static const uint16_t wday_curve[25] = {
	150, 110, 90, 80, 80, 100, 180, 320, 520, 700, 820, 900,
	930, 950, 1000, 990, 960, 900, 820, 700, 560, 420, 300, 200, 150
};

struct week {
	int64_t	day0;		/* Monday 00:00Z */
	int64_t	end;
	int	incidents;
};

/* The planted incidents (week-incidents). */
#define INC_ERR_START	(1 * W_DAY + 10 * W_HOUR)
#define INC_ERR_END	(INC_ERR_START + 40 * W_MIN)
#define INC_CALL_START	(3 * W_DAY + 15 * W_HOUR)
#define INC_CALL_END	(INC_CALL_START + 60 * W_MIN)
#define INC_SIL_START	(5 * W_DAY + 9 * W_HOUR)
#define INC_SIL_END	(INC_SIL_START + 60 * W_MIN)

/* The blips (both scenarios). */
#define BLIP_ERR	(2 * W_DAY + 14 * W_HOUR + 20 * W_MIN + 10000)
#define BLIP_CALL	(4 * W_DAY + 11 * W_HOUR)
#define BLIP_CHAT	(1 * W_DAY + 16 * W_HOUR)

/* Per mille of the busiest minute of the week at t (ms from day0). */
static uint32_t
shape(int64_t t)
{
	int64_t sod = t % W_DAY;
	int h = (int)(sod / W_HOUR), dow = (int)(t / W_DAY);
	int64_t w;

	w = wday_curve[h] + (wday_curve[h + 1] - wday_curve[h]) *
	    (sod % W_HOUR) / W_HOUR;
	if (dow >= 5)
		w /= 2;
	return (uint32_t)w;
}

/*
 * Arrival times in minute m (ms from day0) at rate lam (thousandths per
 * minute): each 100 ms slot fires with probability lam / 600000.  The
 * times go to v (room for 600), sorted; returns the count.
 */
static int
minute_arrivals(struct rng *r, int64_t m, uint32_t lam, int64_t *v)
{
	int slot, n = 0;

	if (lam > 600000)
		lam = 600000;
	for (slot = 0; slot < 600; slot++)
		if (rng_below(r, 600000) < lam)
			v[n++] = m + slot * 100 + rng_below(r, 100);
	return n;
}

static int
in_range(int64_t t, int64_t a, int64_t b)
{
	return t >= a && t < b;
}

/* ---- syslog.log ---- */

static const char *const info_msgs[] = {
	"GET /cart 200", "GET /product/%u 200", "POST /checkout 200",
	"GET /search?q=item%u 200", "session started for user%u",
	"cache hit ratio 0.9%u", "GET /static/app.%u.js 200"
};
static const char *const warn_msgs[] = {
	"slow query %u ms on orders", "retrying payment gateway call (%u)",
	"cache miss storm on key product:%u"
};
static const char *const err_msgs[] = {
	"GET /product/%u 500", "payment gateway timeout after %u ms",
	"template render failed for product %u"
};

/* tmpl with its "%u" (if any) replaced by arg. */
static void
put_msg(struct gbuf *b, const char *tmpl, uint32_t arg)
{
	const char *p = strstr(tmpl, "%u");

	if (p == NULL) {
		gbuf_puts(b, tmpl);
		return;
	}
	gbuf_put(b, tmpl, (size_t)(p - tmpl));
	gbuf_putu(b, arg, 0);
	gbuf_puts(b, p + 2);
}

static void
syslog_line(struct gbuf *b, int64_t day0, int64_t t, int host, int sev,
    const char *tmpl, uint32_t arg)
{
	gbuf_printf(b, "<%d>1 ", 8 + sev);
	put_iso_utc(b, day0 + t);
	gbuf_printf(b, " web-%d shop %d - - ", host + 1, 4100 + host);
	put_msg(b, tmpl, arg);
	gbuf_putc(b, '\n');
}

static void
week_syslog(const struct week *wk, struct gbuf *out)
{
	struct rng r;
	int64_t m, v[3][600], *p;
	int n[3], i[3], s, best;
	uint32_t base, lam[3];

	rng_seed(&r, 0x5e11);
	for (m = 0; m < wk->end; m += W_MIN) {
		base = shape(m);
		lam[0] = 40 * base;		/* info */
		lam[1] = 2 * base;		/* warn */
		lam[2] = base / 2;		/* err */
		if (wk->incidents && in_range(m, INC_ERR_START, INC_ERR_END)) {
			lam[2] += 8000;
			lam[1] += 3000;
		}
		if (in_range(m, BLIP_ERR - 10000, BLIP_ERR - 10000 + 3 * W_MIN))
			lam[2] += 6000;
		for (s = 0; s < 3; s++)
			n[s] = minute_arrivals(&r, m, lam[s], v[s]);
		/* The blip: two minutes exactly, from BLIP_ERR. */
		if (in_range(m, BLIP_ERR - 10000, BLIP_ERR - 10000 +
		    3 * W_MIN)) {
			for (s = 0, i[0] = 0; s < n[2]; s++)
				if (in_range(v[2][s], BLIP_ERR, BLIP_ERR +
				    2 * W_MIN) || rng_below(&r, 13) == 0)
					v[2][i[0]++] = v[2][s];
			n[2] = i[0];
		}
		if (wk->incidents && in_range(m, INC_SIL_START, INC_SIL_END))
			continue;
		/* Merge the three sorted lists. */
		i[0] = i[1] = i[2] = 0;
		for (;;) {
			best = -1;
			for (s = 0; s < 3; s++)
				if (i[s] < n[s] && (best < 0 ||
				    v[s][i[s]] < v[best][i[best]]))
					best = s;
			if (best < 0)
				break;
			p = &v[best][i[best]++];
			if (best == 0)
				syslog_line(out, wk->day0, *p,
				    (int)rng_below(&r, 3), 6,
				    RNG_PICK(&r, info_msgs),
				    rng_below(&r, 1000));
			else if (best == 1)
				syslog_line(out, wk->day0, *p,
				    (int)rng_below(&r, 3), 4,
				    RNG_PICK(&r, warn_msgs),
				    rng_below(&r, 5000));
			else if (wk->incidents && in_range(*p, INC_ERR_START,
			    INC_ERR_END) && rng_below(&r, 5) != 0)
				syslog_line(out, wk->day0, *p,
				    (int)rng_below(&r, 3), 3,
				    "db connection refused: %u retries left",
				    rng_below(&r, 4));
			else
				syslog_line(out, wk->day0, *p,
				    (int)rng_below(&r, 3), 3,
				    RNG_PICK(&r, err_msgs),
				    rng_below(&r, 5000));
		}
	}
}

/* ---- queue_log ---- */

/*
 * Answers and hang-ups come after the call entered: they wait here
 * until the stream's time reaches them, so the file stays in order.
 */
static struct pend {
	int64_t	 t;
	char	 line[128];
} pend[4096];

static void
week_queue_log(const struct week *wk, struct gbuf *out)
{
	struct rng r;
	int64_t m, v[600], t, s, e;
	uint32_t lam;
	int n, j, k, agent = 0, call = 0, np = 0;
	uint64_t x[3];

	rng_seed(&r, 0xca11);

	for (m = 0; m < wk->end; m += W_MIN) {
		lam = 4 * shape(m);
		if (wk->incidents && in_range(m, INC_CALL_START, INC_CALL_END))
			lam += 15000;
		n = minute_arrivals(&r, m, lam, v);
		/* Five more calls in four minutes: a blip, not a surge. */
		if (m >= BLIP_CALL && m < BLIP_CALL + 5 * W_MIN && n < 599)
			v[n++] = m + 30000 + (int64_t)rng_below(&r, 1000);
		for (j = 0; j < n; j++) {
			/* Write what is due before this call. */
			for (;;) {
				for (k = 0, s = -1; k < np; k++)
					if (pend[k].t <= v[j] && (s < 0 ||
					    pend[k].t < pend[s].t))
						s = k;
				if (s < 0)
					break;
				gbuf_puts(out, pend[s].line);
				pend[s] = pend[--np];
			}
			t = v[j];
			call++;
			rng_fill(&r, x, 3);
			gbuf_printf(out, "%lld|%lld.%d|support|NONE|"
			    "ENTERQUEUE||0355%06u|1\n",
			    (long long)((wk->day0 + t) / 1000),
			    (long long)((wk->day0 + t) / 1000), call,
			    below(x[0], 1000000));
			if (np + 2 > (int)GEN_NELEM(pend))
				continue;
			agent = agent % 12 + 1;
			s = t + 5000 + (int64_t)below(x[1], 40000);
			pend[np].t = s;
			snprintf(pend[np++].line, sizeof(pend[0].line),
			    "%lld|%lld.%d|support|Agent/%d|CONNECT|%lld||2\n",
			    (long long)((wk->day0 + s) / 1000),
			    (long long)((wk->day0 + t) / 1000), call,
			    1000 + agent, (long long)((s - t) / 1000));
			e = s + 60000 + (int64_t)below(x[2], 300000);
			pend[np].t = e;
			snprintf(pend[np].line, sizeof(pend[0].line),
			    "%lld|%lld.%d|support|Agent/%d|COMPLETEAGENT|%lld|"
			    "%lld|1\n", (long long)((wk->day0 + e) / 1000),
			    (long long)((wk->day0 + t) / 1000), call,
			    1000 + agent, (long long)((s - t) / 1000),
			    (long long)((e - s) / 1000));
			np++;
		}
	}
	/* The calls still open at the end: their last lines. */
	while (np > 0) {
		for (k = 0, s = 0; k < np; k++)
			if (pend[k].t < pend[s].t)
				s = k;
		if (pend[s].t < wk->end)
			gbuf_puts(out, pend[s].line);
		pend[s] = pend[--np];
	}
}

/* ---- ops.log ---- */

static const char *const nicks[] = { "aiko", "ben", "chen", "dana", "eli" };
static const char *const chatter[] = {
	"morning all", "coffee anyone?", "PR %u is up for review",
	"thanks!", "lunch in 10", "the new dashboard is nice",
	"who has the on-call phone this week?", "merged %u",
	"back in 5", "ticket %u updated", "nice work on the search page"
};

static void
week_chat(const struct week *wk, struct gbuf *out)
{
	struct rng r;
	int64_t m, v[600];
	struct gtm tm;
	int n, j, lastday = -1;
	const char *tmpl;

	rng_seed(&r, 0xc4a7);
	for (m = 0; m < wk->end; m += W_MIN) {
		n = minute_arrivals(&r, m, shape(m) * 6 / 10, v);
		if (m >= BLIP_CHAT && m < BLIP_CHAT + 3 * W_MIN && n < 598) {
			v[n++] = m + 20000;
			v[n++] = m + 40000;
		}
		for (j = 0; j < n; j++) {
			gtm_from_ms(wk->day0 + v[j], 0, &tm);
			if (tm.day != lastday) {
				gbuf_printf(out, "--- Day changed %s %s %02d "
				    "%d\n", wday_abbr[tm.wday],
				    month_abbr[tm.mon - 1], tm.day, tm.year);
				lastday = tm.day;
			}
			gbuf_printf(out, "[%04d-%02d-%02d %02d:%02d:%02d] "
			    "<%s> ", tm.year, tm.mon, tm.day, tm.hour, tm.min,
			    tm.sec, RNG_PICK(&r, nicks));
			tmpl = RNG_PICK(&r, chatter);
			put_msg(out, tmpl, rng_below(&r, 900) + 100);
			gbuf_putc(out, '\n');
		}
	}
}

/* ---- TRUTH ---- */

static void
put_truth(const struct week *wk, struct gbuf *b)
{
	static const struct {
		const char	*shape;
		int64_t		 start, end;
	} inc[] = {
		{ "error spike in syslog.log err", INC_ERR_START, INC_ERR_END },
		{ "call surge in queue_log, no error logs", INC_CALL_START,
		    INC_CALL_END },
		{ "syslog.log silent", INC_SIL_START, INC_SIL_END },
	};
	size_t i;

	gbuf_puts(b, "# Planted facts of the week scenario, written by "
	    "`wake-gen week-*`.\n# Times are UTC.\n");
	gbuf_printf(b, "scenario: %s\n", wk->incidents ? "week-incidents" :
	    "week-quiet");
	gbuf_puts(b, "first: ");
	put_iso_utc(b, wk->day0);
	gbuf_puts(b, "\nlast: ");
	put_iso_utc(b, wk->day0 + wk->end);
	gbuf_puts(b, "\nblip.errors: ");
	put_iso_utc(b, wk->day0 + BLIP_ERR);
	gbuf_puts(b, "\nblip.calls: ");
	put_iso_utc(b, wk->day0 + BLIP_CALL);
	gbuf_puts(b, "\nblip.chat: ");
	put_iso_utc(b, wk->day0 + BLIP_CHAT);
	gbuf_printf(b, "\nincidents: %d\n", wk->incidents ? 3 : 0);
	for (i = 0; wk->incidents && i < GEN_NELEM(inc); i++) {
		gbuf_printf(b, "incident.%zu.shape: %s\n", i + 1, inc[i].shape);
		gbuf_printf(b, "incident.%zu.start: ", i + 1);
		put_iso_utc(b, wk->day0 + inc[i].start);
		gbuf_printf(b, "\nincident.%zu.recover: ", i + 1);
		put_iso_utc(b, wk->day0 + inc[i].end);
		gbuf_puts(b, "\n");
	}
}

int
cmd_week(int argc, char *argv[])
{
	struct gbuf b = { NULL, 0, 0 };
	struct week wk;

	if (argc != 2)
		die("usage: wake-gen week-quiet|week-incidents DIR");
	wk.day0 = days_from_civil(2024, 3, 4) * W_DAY;
	wk.end = 7 * W_DAY;
	if (strcmp(argv[0], "week-quiet") != 0 &&
	    strcmp(argv[0], "week-incidents") != 0)
		die("unknown scenario %s", argv[0]);
	wk.incidents = strcmp(argv[0], "week-incidents") == 0;
	if (mkdir(argv[1], 0777) != 0 && errno != EEXIST)
		die("%s: %s", argv[1], strerror(errno));
	week_syslog(&wk, &b);
	write_file(argv[1], "syslog.log", b.p, b.n);
	b.n = 0;
	week_queue_log(&wk, &b);
	write_file(argv[1], "queue_log", b.p, b.n);
	b.n = 0;
	week_chat(&wk, &b);
	write_file(argv[1], "ops.log", b.p, b.n);
	b.n = 0;
	put_truth(&wk, &b);
	write_file(argv[1], "TRUTH", b.p, b.n);
	gbuf_free(&b);
	return 0;
}
