/*
 * wake-gen outage: the application side.  app.jsonl is the subscriber
 * gateway's JSON log (UTC, Z); app-worker.log is its worker JVMs'
 * log4j log in Asia/Tokyo local time with stack traces; access.log is
 * the nginx front end's combined log at -0600 (Chicago).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define SEC	1000LL
#define MINUTE	60000LL

/* ---- app.jsonl ---- */

#define NGW	4

static void
put_reqid(struct rng *r, char *s)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t v = rng_next(r);
	int i;

	for (i = 0; i < 16; i++, v >>= 4)
		s[i] = hex[v & 15];
	s[16] = '\0';
}

static const char *const api_paths[] = {
	"/v1/balance", "/v1/balance", "/v1/balance", "/v1/usage?period=day",
	"/v1/usage?period=month", "/v1/plans", "/v1/notifications",
	"/v1/sessions", "/v1/sessions", "/v1/topup"
};

static const char *
method_of(const char *path)
{
	return strcmp(path, "/v1/sessions") == 0 ||
	    strcmp(path, "/v1/topup") == 0 ? "POST" : "GET";
}

static void
app_line(struct recs *rs, struct rng *r, int64_t t, int gw, int sev,
    const char *msg, int status, uint32_t lat, unsigned up)
{
	static const char *const lv[8] = {
		"fatal", "fatal", "fatal", "error", "warn", "info", "info",
		"debug"
	};
	const char *path = RNG_PICK(r, api_paths);
	char id[17];

	/* 0: a success as the method gives it. */
	if (status == 0)
		status = method_of(path)[0] == 'P' ? 201 :
		    rng_below(r, 100) < 6 ? 304 : 200;
	put_reqid(r, id);
	recs_add(rs, t, gw, sev, "\"level\":\"%s\",\"logger\":\"gw.http\","
	    "\"host\":\"gw-%d\",\"msg\":\"%s\",\"req_id\":\"%s\","
	    "\"method\":\"%s\",\"path\":\"%s\",\"status\":%d,"
	    "\"latency_ms\":%u,\"upstream\":\"10.20.3.%u:8443\"}", lv[sev],
	    gw + 1, msg, id, method_of(path), path, status, lat, up);
}

static void
app_bg(struct rng *r, struct recs *rs, int gw, int64_t t)
{
	uint32_t k = rng_below(r, 1000);
	unsigned up = 5 + rng_below(r, 8);
	uint64_t x[2];
	char id[17];

	rng_fill(r, x, 2);
	if (k < 800)
		app_line(rs, r, t, gw, 6, "request completed",
		    k < 12 ? 404 : 0,
		    12 + rng_below(r, 160), up);
	else if (k < 880)
		app_line(rs, r, t, gw, 4, "slow upstream response", 0,
		    1500 + rng_below(r, 1400), up);
	else if (k < 930) {
		put_reqid(r, id);
		recs_add(rs, t, gw, 4, "\"level\":\"warn\",\"logger\":"
		    "\"gw.auth\",\"host\":\"gw-%d\",\"msg\":\"token expired, "
		    "refreshing\",\"req_id\":\"%s\",\"subscriber\":"
		    "\"sub-%08u\"}", gw + 1, id, rng_below(r, 99999999));
	} else if (k < 970)
		app_line(rs, r, t, gw, 3, "upstream request timeout after "
		    "3000ms", 504, 3000 + rng_below(r, 15), up);
	else
		recs_add(rs, t, gw, 6, "\"level\":\"info\",\"logger\":"
		    "\"gw.cache\",\"host\":\"gw-%d\",\"msg\":\"cache refresh "
		    "done\",\"entries\":%u,\"took_ms\":%u}", gw + 1,
		    40000 + below(x[0], 9000), 80 + below(x[1], 300));
}

static void
app_incident(struct rng *r, struct recs *rs, int gw, int64_t t, int first)
{
	uint32_t k = first ? 0 : rng_below(r, 100);
	unsigned up = 5 + rng_below(r, 8);
	char msg[96];

	if (k < 75) {
		snprintf(msg, sizeof(msg), "upstream connect error: no route "
		    "to host 10.20.3.%u", up);
		app_line(rs, r, t, gw, 3, msg, 503, 1 + rng_below(r, 40), up);
	} else if (k < 92)
		app_line(rs, r, t, gw, 3, "upstream request timeout after "
		    "3000ms", 504, 3000 + rng_below(r, 15), up);
	else
		recs_add(rs, t, gw, 4, "\"level\":\"warn\",\"logger\":"
		    "\"gw.pool\",\"host\":\"gw-%d\",\"msg\":\"circuit breaker "
		    "open for upstream 10.20.3.%u:8443\",\"failures\":%u,"
		    "\"window_s\":10}", gw + 1, up, 5 + rng_below(r, 20));
}

static void
render_simple(struct recs *rs, struct gbuf *out, struct filefacts *ff,
    const char *prefix, const char *tmpl)
{
	const struct rec *rc;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		rc = &rs->v[i];
		gbuf_puts(out, prefix);
		put_iso_utc(out, rc->ts);
		gbuf_puts(out, "\",");
		gbuf_put(out, REC_BODY(rs, rc), rc->len);
		gbuf_putc(out, '\n');
		facts_add(ff, rc->ts, rc->sev, 1);
		if (memmem(REC_BODY(rs, rc), rc->len, tmpl,
		    strlen(tmpl)) != NULL) {
			if (ff->new_count++ == 0)
				ff->new_first = rc->ts;
		}
	}
}

void
gen_app_jsonl(const struct scenario *sc, struct gbuf *out,
    struct filefacts *ff)
{
	static const uint32_t bg = 280, inc = 300;
	struct recs rs = { 0 };
	struct rng r;
	int64_t *tv;
	size_t i, n;
	int gw;

	rng_seed(&r, 0x5ca1ab1e0003ULL);
	for (gw = 0; gw < NGW; gw++) {
		n = arrivals(&r, sc, sc->day0, sc->end, rate_bg, &bg,
		    &tv);
		for (i = 0; i < n; i++)
			app_bg(&r, &rs, gw, tv[i]);
		free(tv);
		n = arrivals(&r, sc, sc->impact, sc->recover, rate_impact,
		    &inc, &tv);
		for (i = 0; i < n; i++)
			app_incident(&r, &rs, gw, i == 0 && gw == 0 ?
			    sc->impact + 2310 : tv[i], i == 0 && gw == 0);
		free(tv);
	}
	/* One short breaker trip long before: the template is not new. */
	recs_add(&rs, sc->day0 + (3 * 60 + 41) * MINUTE + 2231, 1, 4,
	    "\"level\":\"warn\",\"logger\":\"gw.pool\",\"host\":\"gw-2\","
	    "\"msg\":\"circuit breaker open for upstream 10.20.3.9:8443\","
	    "\"failures\":5,\"window_s\":10}");
	recs_sort(&rs);
	render_simple(&rs, out, ff, "{\"time\":\"", "upstream connect error");
	recs_free(&rs);
	snprintf(ff->format, sizeof(ff->format), "jsonl");
	snprintf(ff->zone, sizeof(ff->zone), "UTC, RFC 3339 with Z in "
	    "\"time\"");
}

/* ---- app-worker.log ---- */

/* Follows "com.example.gw.UpstreamException: connect failed: IP:8443". */
static const char *const trace_route[] = {
	"\tat com.example.gw.UpstreamPool.acquire(UpstreamPool.java:140)",
	"\tat com.example.gw.Gateway.forward(Gateway.java:88)",
	"\tat com.example.gw.Worker.run(Worker.java:57)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker("
	    "ThreadPoolExecutor.java:1136)",
	"\tat java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run("
	    "ThreadPoolExecutor.java:635)",
	"\tat java.base/java.lang.Thread.run(Thread.java:833)",
	"Caused by: java.net.NoRouteToHostException: No route to host",
	"\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)",
	"\tat java.base/sun.nio.ch.Net.pollConnectNow(Net.java:672)",
	"\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect("
	    "NioSocketImpl.java:547)",
	"\tat java.base/java.net.Socket.connect(Socket.java:633)",
	"\tat com.example.gw.UpstreamPool.open(UpstreamPool.java:214)",
	"\t... 6 more",
};

static const char *const trace_sql[] = {
	"java.sql.SQLTransientConnectionException: HikariPool-1 - "
	    "Connection is not available, request timed out after 30000ms.",
	"\tat com.zaxxer.hikari.pool.HikariPool.createTimeoutException("
	    "HikariPool.java:696)",
	"\tat com.zaxxer.hikari.pool.HikariPool.getConnection("
	    "HikariPool.java:181)",
	"\tat com.example.gw.rating.BatchWriter.commit(BatchWriter.java:73)",
	"\tat com.example.gw.rating.RatingJob.run(RatingJob.java:41)",
	"\tat java.base/java.lang.Thread.run(Thread.java:833)",
};

struct wline {
	int64_t		 t;
	int		 sev;
	const char	*thread;
	const char	*logger;
};

static void
worker_add(struct recs *rs, const struct wline *w, const char *msg)
{
	recs_add(rs, w->t, 0, w->sev, "%s [%s] %s - %s", w->sev <= 3 ?
	    "ERROR" : w->sev == 4 ? "WARN " : "INFO ", w->thread, w->logger,
	    msg);
}

static void
worker_trace(struct recs *rs, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		recs_more(rs, "\n%s", v[i]);
}

static const char *
pool_thread(struct rng *r, char *buf, size_t n)
{
	snprintf(buf, n, "pool-3-thread-%u", 1 + rng_below(r, 16));
	return buf;
}

static void
worker_fixed(struct rng *r, const struct scenario *sc, struct recs *rs)
{
	struct wline w;
	char msg[160], th[32];
	uint64_t x[2];
	int64_t t;

	for (t = sc->day0; t < sc->end; t += 5 * MINUTE) {
		rng_fill(r, x, 2);
		w.t = t + 2000 + rng_below(r, 500);
		w.sev = 6;
		w.thread = "scheduler-1";
		w.logger = "c.e.gw.BalanceSync";
		snprintf(msg, sizeof(msg), "synced %u accounts in %u ms",
		    diurnal_rate(sc, t, 1500000) / 1000 + below(x[0], 90),
		    900 + below(x[1], 1800));
		worker_add(rs, &w, msg);
		if ((t - sc->day0) % (10 * MINUTE) != 0)
			continue;
		w.t = t + 7000 + rng_below(r, 500);
		w.thread = "scheduler-2";
		w.logger = "c.e.gw.SessionCache";
		snprintf(msg, sizeof(msg), "evicted %u expired sessions",
		    100 + rng_below(r, 600));
		worker_add(rs, &w, msg);
	}
	/* A database hiccup in the night, with its stack trace. */
	w.t = sc->day0 + (2 * 60 + 13) * MINUTE + 48213;
	w.sev = 3;
	w.thread = "rating-2";
	w.logger = "c.e.gw.rating.RatingJob";
	worker_add(rs, &w, "rating batch 88412 failed, will retry");
	worker_trace(rs, trace_sql, GEN_NELEM(trace_sql));
	w.t += 31200;
	w.sev = 6;
	worker_add(rs, &w, "rating batch 88412 committed (4120 CDRs) in "
	    "1877 ms");
	/* The pools refill once routes are back. */
	w.t = sc->mitigate + 41 * SEC + 118;
	w.thread = pool_thread(r, th, sizeof(th));
	w.logger = "c.e.gw.UpstreamPool";
	worker_add(rs, &w, "upstream 10.20.3.5:8443 reachable again, pool "
	    "refilled (32 connections)");
}

static void
worker_bg(struct rng *r, struct recs *rs, int64_t t)
{
	struct wline w;
	char msg[160], th[32];
	uint32_t k = rng_below(r, 100);
	uint64_t x[3];

	rng_fill(r, x, 3);
	w.t = t;
	w.thread = pool_thread(r, th, sizeof(th));
	if (k < 85) {
		w.sev = 6;
		w.thread = "rating-1";
		w.logger = "c.e.gw.rating.RatingJob";
		snprintf(msg, sizeof(msg), "rating batch %u committed (%u "
		    "CDRs) in %u ms", 88000 + below(x[0], 9000),
		    1000 + below(x[1], 4000), 300 + below(x[2], 2000));
	} else {
		w.sev = 4;
		w.logger = "c.e.gw.UpstreamPool";
		snprintf(msg, sizeof(msg), "slow upstream response %u ms from "
		    "10.20.3.%u:8443", 1500 + below(x[0], 1400),
		    5 + below(x[1], 8));
	}
	worker_add(rs, &w, msg);
}

static void
worker_incident(struct rng *r, struct recs *rs, int64_t t, int trace)
{
	struct wline w;
	char msg[160], th[32];
	unsigned ip = 5 + rng_below(r, 8);

	w.t = t;
	w.thread = pool_thread(r, th, sizeof(th));
	w.logger = "c.e.gw.UpstreamPool";
	if (!trace && rng_below(r, 100) < 30) {
		w.sev = 4;
		snprintf(msg, sizeof(msg), "retrying upstream call to "
		    "10.20.3.%u:8443 (attempt %u of 3)", ip,
		    2 + rng_below(r, 2));
		worker_add(rs, &w, msg);
		return;
	}
	w.sev = 3;
	snprintf(msg, sizeof(msg), "upstream connect error: no route to host "
	    "10.20.3.%u", ip);
	worker_add(rs, &w, msg);
	if (trace) {
		recs_more(rs, "\ncom.example.gw.UpstreamException: connect "
		    "failed: 10.20.3.%u:8443", ip);
		worker_trace(rs, trace_route, GEN_NELEM(trace_route));
	}
}

static void
render_worker(struct recs *rs, const struct scenario *sc, struct gbuf *out,
    struct filefacts *ff)
{
	const struct rec *rc;
	struct gtm tm;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		rc = &rs->v[i];
		gtm_from_ms(rc->ts, sc->tyo_off, &tm);
		gbuf_printf(out, "%04d-%02d-%02d %02d:%02d:%02d,%03d ",
		    tm.year, tm.mon, tm.day, tm.hour, tm.min, tm.sec, tm.ms);
		gbuf_put(out, REC_BODY(rs, rc), rc->len);
		gbuf_putc(out, '\n');
		facts_add(ff, rc->ts, rc->sev, rc->lines);
		if (memmem(REC_BODY(rs, rc), rc->len, "upstream connect error",
		    22) != NULL) {
			if (ff->new_count++ == 0)
				ff->new_first = rc->ts;
		}
	}
}

void
gen_app_worker(const struct scenario *sc, struct gbuf *out,
    struct filefacts *ff)
{
	static const uint32_t bg = 500, inc = 700;
	struct recs rs = { 0 };
	struct rng r;
	int64_t *tv;
	size_t i, n;

	rng_seed(&r, 0x5ca1ab1e0004ULL);
	n = arrivals(&r, sc, sc->day0, sc->end, rate_bg, &bg, &tv);
	for (i = 0; i < n; i++)
		worker_bg(&r, &rs, tv[i]);
	free(tv);
	n = arrivals(&r, sc, sc->impact, sc->mitigate, rate_impact,
	    &inc, &tv);
	/* About a dozen stack traces: the first error and every 20th. */
	for (i = 0; i < n; i++)
		worker_incident(&r, &rs, i == 0 ? sc->impact + 1544 : tv[i],
		    i % 20 == 0);
	free(tv);
	worker_fixed(&r, sc, &rs);
	recs_sort(&rs);
	render_worker(&rs, sc, out, ff);
	recs_free(&rs);
	snprintf(ff->format, sizeof(ff->format), "generic");
	snprintf(ff->zone, sizeof(ff->zone), "Asia/Tokyo local time (JST, "
	    "+09:00), no offset in the stamps; log4j with stack traces");
	snprintf(ff->tz, sizeof(ff->tz), "Asia/Tokyo");
}

/* ---- access.log ---- */

static const char *const agents[] = {
	"CarrierApp/5.12.1 (Android 14; Pixel 7)",
	"CarrierApp/5.12.1 (Android 13; SM-S911U)",
	"CarrierApp/5.12.0 (iOS 17.3; iPhone14,2)",
	"CarrierApp/5.11.4 (iOS 16.7.5; iPhone12,1)",
	("Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 "
	    "Mobile/15E148 Safari/604.1"),
	("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36"),
	"okhttp/4.12.0",
};

static void
access_line(struct rng *r, const struct scenario *sc, struct recs *rs,
    int64_t t, int retry)
{
	uint32_t lvl = impact_level(sc, t), k;
	const char *path = RNG_PICK(r, api_paths), *ua;
	int status, sev = 6;
	unsigned bytes;
	uint64_t x[2];

	rng_fill(r, x, 2);
	k = rng_below(r, 1000);
	if (k < lvl * 9 / 10 + 3 || retry) {
		k = rng_below(r, 100);
		status = k < 40 ? 502 : k < 75 ? 503 : 504;
		bytes = status == 502 ? 157 : status == 503 ? 197 : 167;
		sev = 3;
	} else if (rng_below(r, 100) < 3) {
		status = 404;
		bytes = 153;
		sev = 4;
	} else {
		status = strcmp(path, "/v1/sessions") == 0 ? 201 : 200;
		bytes = 180 + rng_below(r, 3800);
	}
	ua = RNG_PICK(r, agents);
	recs_add(rs, t, 0, sev, "100.64.%u.%u - - [@] \"%s %s HTTP/1.1\" %d "
	    "%u \"%s\" \"%s\"", below(x[0], 64), 1 + below(x[1], 254),
	    method_of(path), path, status, bytes, ua[0] == 'M' ?
	    "https://my.mobile.example.net/" : "-", ua);
}

/* The body holds "[@]" where the time goes. */
static void
render_access(struct recs *rs, const struct scenario *sc, struct gbuf *out,
    struct filefacts *ff)
{
	const struct rec *rc;
	const char *body, *at;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		rc = &rs->v[i];
		body = REC_BODY(rs, rc);
		at = memchr(body, '@', rc->len);
		gbuf_put(out, body, (size_t)(at - body));
		put_clf(out, rc->ts, sc->chi_off);
		gbuf_put(out, at + 1, rc->len - (size_t)(at + 1 - body));
		gbuf_putc(out, '\n');
		facts_add(ff, rc->ts - rc->ts % 1000, rc->sev, 1);
	}
}

void
gen_access(const struct scenario *sc, struct gbuf *out, struct filefacts *ff)
{
	static const uint32_t bg = 1500, retries = 600;
	struct recs rs = { 0 };
	struct rng r;
	int64_t *tv, t;
	size_t i, n;
	int st;

	rng_seed(&r, 0x5ca1ab1e0005ULL);
	n = arrivals(&r, sc, sc->day0, sc->end, rate_bg, &bg, &tv);
	for (i = 0; i < n; i++)
		access_line(&r, sc, &rs, tv[i], 0);
	free(tv);
	/* Clients retry: extra failing requests while impact lasts. */
	n = arrivals(&r, sc, sc->impact, sc->recover, rate_impact,
	    &retries, &tv);
	for (i = 0; i < n; i++)
		access_line(&r, sc, &rs, tv[i], 1);
	free(tv);
	/* The blackbox prober, every five minutes. */
	for (t = sc->day0; t < sc->end; t += 5 * MINUTE) {
		st = impact_level(sc, t) > 300 ? 503 : 200;
		recs_add(&rs, t + 14000 + rng_below(&r, 300), 0, st == 200 ?
		    6 : 3, "10.9.9.5 - - [@] \"GET /healthz HTTP/1.1\" %d %d "
		    "\"-\" \"Blackbox-Exporter/0.24.0\"", st,
		    st == 200 ? 2 : 197);
	}
	recs_sort(&rs);
	render_access(&rs, sc, out, ff);
	recs_free(&rs);
	snprintf(ff->format, sizeof(ff->format), "combined");
	snprintf(ff->zone, sizeof(ff->zone), "offset -0600 on every line "
	    "(America/Chicago, CST)");
}
