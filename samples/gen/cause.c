/*
 * wake-gen external DIR: an incident with an external cause, for
 * wake-cause(1)'s tests.
 *
 * A web shop on 2024-03-14.  Its API gateway calls two internal
 * services and one outside payment provider.  At 09:12:00 UTC the
 * provider stops answering: the gateway's checkout calls time out
 * towards api.payments-provider.example (a message the gateway already
 * logs, now and then, for an internal service: the words are not new,
 * the destination is), checkouts fail with 504, retries pile up.  At
 * 10:05 the provider is back.  Nothing changed inside the shop that
 * morning; the one change in the logs, CHG-5120 (a kernel patch on
 * db-07), started 20 hours before, on a host that never fails: the
 * decoy.
 *
 * Files, 24 hours from 2024-03-13T12:00Z:
 *
 *	gateway.jsonl	the gateway's JSON log, UTC (Z)
 *	syslog.log	RFC 5424 from the shop's hosts, UTC (Z): cron,
 *			ntp, the change tool, the alert manager
 *	TRUTH		the planted facts
 *
 * Deterministic like the rest of wake-gen: fixed seeds, integer
 * arithmetic, no clock, no tzdata.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"

#define SEC	1000LL
#define MIN	(60 * SEC)
#define HOUR	(60 * MIN)

#define PROVIDER	"api.payments-provider.example"

struct ext {
	struct scenario	 sc;		/* day0, end, diurnal offsets */
	int64_t		 impact;	/* provider stops answering */
	int64_t		 recover;	/* provider back */
	int64_t		 first;		/* first timeout towards it */
	int64_t		 chg_approved, chg_start, chg_done;
	int64_t		 alert;
};

static void
ext_init(struct ext *x)
{
	scenario_init(&x->sc);
	x->sc.day0 = days_from_civil(2024, 3, 13) * 86400000LL + 12 * HOUR;
	x->sc.end = x->sc.day0 + 24 * HOUR;
	x->impact = x->sc.day0 + 21 * HOUR + 12 * MIN;	/* 03-14 09:12 */
	x->recover = x->impact + 53 * MIN;		/* 10:05 */
	x->first = x->impact + 1520;
	x->chg_start = x->impact - 20 * HOUR;		/* 03-13 13:12 */
	x->chg_approved = x->chg_start - 9 * MIN - 17 * SEC;
	x->chg_done = x->chg_start + 19 * MIN + 44 * SEC;
	x->alert = x->impact + 4 * MIN + 30 * SEC;
}

static uint32_t
rate_const(const struct scenario *sc, int64_t t, const void *arg)
{
	(void)sc;
	(void)t;
	return *(const uint32_t *)arg;
}

/* ---- gateway.jsonl ---- */

static const char *const gws[] = { "gw-1", "gw-2", "gw-3" };

static void
gw_ok(struct rng *r, struct recs *rs, int64_t t)
{
	uint64_t w[4];
	const char *path, *up;
	unsigned lat;

	rng_fill(r, w, 4);
	switch (below(w[0], 10)) {
	case 0: case 1: case 2: case 3:
		path = "/api/cart";
		up = "10.30.1.11:8080";
		lat = 20 + below(w[1], 60);
		break;
	case 4: case 5: case 6: case 7:
		path = "/api/catalog";
		up = "10.30.1.12:8080";
		lat = 15 + below(w[1], 90);
		break;
	default:
		path = "/api/checkout";
		up = PROVIDER ":443";
		lat = 180 + below(w[1], 400);
		break;
	}
	recs_add(rs, t, (int)below(w[2], 3), 6, "\"level\":\"info\","
	    "\"logger\":\"gw.http\",\"host\":\"%s\",\"msg\":\"request "
	    "completed\",\"req_id\":\"%016llx\",\"path\":\"%s\",\"status\":200,"
	    "\"latency_ms\":%u,\"upstream\":\"%s\"}", gws[below(w[2], 3)],
	    (unsigned long long)w[3], path, lat, up);
}

/* The provider is down: checkout times out, the client retries. */
static void
gw_fail(struct rng *r, struct recs *rs, int64_t t)
{
	uint64_t w[3];
	int gw;

	rng_fill(r, w, 3);
	gw = (int)below(w[0], 3);
	recs_add(rs, t, gw, 3, "\"level\":\"error\",\"logger\":\"gw.http\","
	    "\"host\":\"%s\",\"msg\":\"upstream request timeout after 5000ms\","
	    "\"req_id\":\"%016llx\",\"path\":\"/api/checkout\",\"status\":504,"
	    "\"latency_ms\":%u,\"upstream\":\"" PROVIDER ":443\"}", gws[gw],
	    (unsigned long long)w[1], 5000 + (unsigned)below(w[2], 40));
	if (below(w[2], 3) == 0)
		recs_add(rs, t + 5100, gw, 4, "\"level\":\"warn\","
		    "\"logger\":\"gw.pay\",\"host\":\"%s\",\"msg\":\"retrying "
		    "payment authorization (attempt 2/3)\"}", gws[gw]);
}

static void
render(const struct recs *rs, struct gbuf *out, struct filefacts *ff,
    const char *pre, int syslog)
{
	static const char *const hosts[] = {
		"web-01.shop.example.net", "web-02.shop.example.net",
		"db-07.shop.example.net", "lb-01.shop.example.net",
		"chg-01.shop.example.net", "mon-01.shop.example.net"
	};
	static const char *const apps[] = {
		"CRON 2211 - -", "CRON 2290 - -", "kernel - - -",
		"haproxy 812 - -", "changectl - ", "alertmanager 1451 ALERT -"
	};
	const struct rec *r;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		r = &rs->v[i];
		if (syslog) {
			gbuf_printf(out, "<%d>1 ", 8 * 3 + r->sev);
			put_iso_utc(out, r->ts);
			gbuf_printf(out, " %s %s", hosts[r->host],
			    apps[r->host]);
		} else {
			gbuf_puts(out, pre);
			put_iso_utc(out, r->ts);
			gbuf_puts(out, "\",");
		}
		gbuf_put(out, REC_BODY(rs, r), r->len);
		gbuf_putc(out, '\n');
		facts_add(ff, r->ts, r->sev, r->lines);
	}
}

static void
gen_gateway(const struct ext *x, struct gbuf *out, struct filefacts *ff)
{
	static const uint32_t bg = 2500, down = 1800, slow = 60;
	struct recs rs = { 0 };
	struct rng r;
	int64_t *tv;
	size_t i, n;

	rng_seed(&r, 0xe87e4a1000001ULL);
	n = arrivals(&r, &x->sc, x->sc.day0, x->sc.end, rate_bg, &bg, &tv);
	for (i = 0; i < n; i++) {
		/* While the provider is down no checkout completes. */
		if (tv[i] >= x->impact && tv[i] < x->recover &&
		    below(rng_next(&r), 10) >= 8)
			continue;
		gw_ok(&r, &rs, tv[i]);
	}
	free(tv);
	/* A rare internal timeout: the words are not new at 09:12. */
	n = arrivals(&r, &x->sc, x->sc.day0, x->sc.end, rate_const, &slow,
	    &tv);
	for (i = 0; i < n; i += 12)
		recs_add(&rs, tv[i], 1, 3, "\"level\":\"error\",\"logger\":"
		    "\"gw.http\",\"host\":\"gw-2\",\"msg\":\"upstream request "
		    "timeout after 3000ms\",\"req_id\":\"%016llx\",\"path\":"
		    "\"/api/catalog\",\"status\":504,\"latency_ms\":3004,"
		    "\"upstream\":\"10.30.1.12:8080\"}",
		    (unsigned long long)rng_next(&r));
	free(tv);
	gw_fail(&r, &rs, x->first);
	n = arrivals(&r, &x->sc, x->first + 1, x->recover, rate_const, &down,
	    &tv);
	for (i = 0; i < n; i++)
		gw_fail(&r, &rs, tv[i]);
	free(tv);
	recs_sort(&rs);
	render(&rs, out, ff, "{\"time\":\"", 0);
	recs_free(&rs);
	snprintf(ff->format, sizeof(ff->format), "jsonl");
	snprintf(ff->zone, sizeof(ff->zone), "UTC, RFC 3339 with Z in "
	    "\"time\"");
}

/* ---- syslog.log ---- */

static void
gen_syslog(const struct ext *x, struct gbuf *out, struct filefacts *ff)
{
	struct recs rs = { 0 };
	struct rng r;
	int64_t t;

	rng_seed(&r, 0xe87e4a1000002ULL);
	for (t = x->sc.day0 + 5 * MIN; t < x->sc.end; t += 15 * MIN) {
		recs_add(&rs, t + (int64_t)rng_below(&r, 900), 0, 6,
		    " (root) CMD (/usr/lib/sa/sa1 1 1)");
		recs_add(&rs, t + 7 * MIN + (int64_t)rng_below(&r, 900), 1, 6,
		    " (www-data) CMD (php /srv/shop/bin/cron.php)");
	}
	for (t = x->sc.day0 + 17 * MIN; t < x->sc.end; t += 40 * MIN)
		recs_add(&rs, t + (int64_t)rng_below(&r, 30000), 3, 6,
		    " Server api/gw-%u is UP, reason: Layer7 check passed, "
		    "check duration: %ums", 1 + rng_below(&r, 3),
		    2 + rng_below(&r, 9));
	for (t = x->sc.day0 + 2 * HOUR; t < x->sc.end; t += 5 * HOUR)
		recs_add(&rs, t + (int64_t)rng_below(&r, 60000), 2, 4,
		    " EXT4-fs (sdb1): warning: mounting fs with errors, "
		    "running e2fsck is recommended");
	/* The decoy: a patch on db-07, 20 h before, which goes well. */
	recs_add(&rs, x->chg_approved, 4, 6, "CHANGE [chg@32473 "
	    "id=\"CHG-5120\" actor=\"cab-chair\" state=\"approved\"] "
	    "CHG-5120 approved: kernel patch on db-07");
	recs_add(&rs, x->chg_start, 4, 5, "CHANGE [chg@32473 "
	    "id=\"CHG-5120\" actor=\"ops-deploy\" state=\"started\"] "
	    "CHG-5120 started: kernel patch on db-07 by ops-deploy");
	recs_add(&rs, x->chg_done, 4, 5, "CHANGE [chg@32473 "
	    "id=\"CHG-5120\" actor=\"ops-deploy\" state=\"completed\"] "
	    "CHG-5120 completed: db-07 rebooted, replication in sync");
	recs_add(&rs, x->alert, 5, 3, " CheckoutErrorRateHigh firing: "
	    "checkout 5xx ratio 38%% >= 5%%");
	recs_add(&rs, x->recover + 6 * MIN, 5, 5, " CheckoutErrorRateHigh "
	    "resolved: checkout 5xx ratio 0.4%% < 5%%");
	recs_sort(&rs);
	render(&rs, out, ff, NULL, 1);
	recs_free(&rs);
	snprintf(ff->format, sizeof(ff->format), "rfc5424");
	snprintf(ff->zone, sizeof(ff->zone), "UTC (Z)");
}

static void
fact_time(struct gbuf *b, const char *key, int64_t t)
{
	gbuf_printf(b, "%s: ", key);
	put_iso_utc(b, t);
	gbuf_putc(b, '\n');
}

int	cmd_external(int argc, char *argv[]);

int
cmd_external(int argc, char *argv[])
{
	struct ext x;
	struct filefacts ff[2];
	struct gbuf out = { NULL, 0, 0 }, truth = { NULL, 0, 0 };
	const char *dir;
	size_t i;

	if (argc != 2)
		die("usage: wake-gen external DIR");
	dir = argv[1];
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		die("%s: %s", dir, strerror(errno));
	ext_init(&x);
	facts_init(&ff[0], "gateway.jsonl");
	gen_gateway(&x, &out, &ff[0]);
	write_file(dir, "gateway.jsonl", out.p, out.n);
	out.n = 0;
	facts_init(&ff[1], "syslog.log");
	gen_syslog(&x, &out, &ff[1]);
	write_file(dir, "syslog.log", out.p, out.n);

	gbuf_puts(&truth, "# Planted facts of the external-cause sample, "
	    "written by `wake-gen external`.\n"
	    "# Times are UTC.  Lines are \"key: value\"; [file] starts a "
	    "file's section.\n"
	    "scenario: payment provider outage; a decoy change 20 h "
	    "before\n");
	fact_time(&truth, "impact.start", x.impact);
	fact_time(&truth, "recover", x.recover);
	gbuf_puts(&truth, "external.dest: " PROVIDER "\n");
	fact_time(&truth, "external.first", x.first);
	gbuf_puts(&truth, "decoy.change.id: CHG-5120\n"
	    "decoy.change.host: db-07.shop.example.net\n");
	fact_time(&truth, "decoy.change.start", x.chg_start);
	fact_time(&truth, "alert", x.alert);
	for (i = 0; i < 2; i++) {
		gbuf_printf(&truth, "\n[%s]\nformat: %s\nzone: %s\n"
		    "lines: %llu\nevents: %llu\nerrors: %llu\n", ff[i].name,
		    ff[i].format, ff[i].zone, (unsigned long long)ff[i].lines,
		    (unsigned long long)ff[i].records,
		    (unsigned long long)ff[i].errors);
		fact_time(&truth, "first", ff[i].first);
		fact_time(&truth, "last", ff[i].last);
	}
	write_file(dir, "TRUTH", truth.p, truth.n);
	gbuf_free(&out);
	gbuf_free(&truth);
	return 0;
}
