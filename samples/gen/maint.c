/*
 * wake-gen maintenance DIR [TRUTHDIR]: a blog host unreachable for days
 * after the hoster's maintenance, for wake-postmortem(1)'s tests.
 *
 * blog-01, a small WordPress host in Berlin, six days from Monday
 * 2024-03-04 00:00 to Sunday 2024-03-10 00:00 local time (winter time,
 * +01:00 all along: DST starts on 03-31).  Local times:
 *
 *	03-07 02:00	the hoster's unattended upgrade starts (apt):
 *			php8.2-fpm and a new kernel; the change
 *	02:38		php8.2-fpm fails to restart (systemd)
 *	02:39		the host boots the new kernel; php-fpm fails
 *			again; nginx starts
 *	02:40		impact: every PHP request fails, 502 and a few
 *			504, one "connect() failed" line in error.log
 *			each; .css and .png are still served
 *	08:12		a reader asks in #blog: detection
 *	08:30		the owner: "looking into it"; at 09:02 she
 *			blames the maintenance and waits for the hoster
 *	03-09 14:03	the hoster starts php-fpm with a fixed config
 *	14:05		PHP requests succeed again: recovery
 *	14:07		"resolved" in #blog
 *
 * Between the failed restart and nginx coming back (02:38 to 02:40)
 * the host is rebooting and logs no request.
 *
 * Files:
 *
 *	access.log	nginx combined, +0100 on every line; requests
 *			follow the local day, 2 to 8 a minute
 *	error.log	nginx's error log, local time without a zone;
 *			empty until the outage: it logs errors only
 *	syslog		RFC 3164, local time without a year: cron every
 *			10 minutes, the upgrade, systemd, the boot
 *	#blog.log	the blog's IRC channel, "[date time] <nick>",
 *			local time without a zone
 *	TRUTH		(in TRUTHDIR) the planted facts, UTC
 *
 * Deterministic like the rest of wake-gen: fixed seeds, integer
 * arithmetic, no clock, no tzdata (the offset is fixed).
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
#define DAY	(24 * HOUR)

#define FPM_SOCK	"unix:/run/php/php8.2-fpm.sock:"
#define FPM_UNIT	"php8.2-fpm.service - The PHP 8.2 FastCGI Process " \
	"Manager"
#define CHANGE_TEXT	"maintenance window started: unattended-upgrade of " \
	"php8.2-fpm, linux-image-6.1.0-18"

struct maint {
	struct scenario	 sc;		/* day0, end (arrivals() wants them) */
	int		 off;		/* Europe/Berlin in March: +01:00 */
	int64_t		 change;	/* apt: maintenance window started */
	int64_t		 fpm_fail;	/* the first "Failed to start" */
	int64_t		 boot;		/* the kernel's first line */
	int64_t		 nginx_up;	/* nginx started after the boot */
	int64_t		 impact;	/* PHP requests fail from here */
	int64_t		 detect, ack, diag, still;	/* #blog */
	int64_t		 fpm_start;	/* "Started php8.2-fpm.service" */
	int64_t		 recover;	/* PHP requests succeed again */
	int64_t		 resolve;	/* #blog: "resolved" */
	uint64_t	 failed;	/* requests failed (set by access) */
};

/* UTC ms of a Berlin wall-clock time. */
static int64_t
loc(const struct maint *m, int d, int h, int mi, int s)
{
	return days_from_civil(2024, 3, d) * DAY + h * HOUR + mi * MIN +
	    s * SEC - (int64_t)m->off * SEC;
}

static void
maint_init(struct maint *m)
{
	scenario_init(&m->sc);
	m->off = 3600;
	m->sc.day0 = loc(m, 4, 0, 0, 0);
	m->sc.end = loc(m, 10, 0, 0, 0);
	m->change = loc(m, 7, 2, 0, 0);
	m->fpm_fail = loc(m, 7, 2, 38, 12);
	m->boot = loc(m, 7, 2, 39, 3);
	m->nginx_up = loc(m, 7, 2, 39, 58);
	m->impact = loc(m, 7, 2, 40, 0);
	m->detect = loc(m, 7, 8, 12, 37);
	m->ack = loc(m, 7, 8, 30, 5);
	m->diag = loc(m, 7, 9, 2, 41);
	m->still = loc(m, 8, 10, 0, 12);
	m->fpm_start = loc(m, 9, 14, 3, 20);
	m->recover = loc(m, 9, 14, 5, 0);
	m->resolve = loc(m, 9, 14, 7, 48);
	m->failed = 0;
}

/* ---- access.log and error.log ---- */

/* Requests by local hour, per mille of the busiest (8 a minute). */
static const uint16_t day_curve[25] = {
	380, 330, 300, 280, 270, 290, 360, 460, 580, 680, 760, 820,
	850, 880, 940, 1000, 980, 930, 880, 850, 800, 700, 580, 460, 380
};

static uint32_t
rate_blog(const struct scenario *sc, int64_t t, const void *arg)
{
	const struct maint *m = arg;
	int64_t sod, w;
	int h;

	(void)sc;
	sod = ((t + (int64_t)m->off * SEC) % DAY + DAY) % DAY;
	h = (int)(sod / HOUR);
	w = day_curve[h] + (day_curve[h + 1] - day_curve[h]) *
	    (sod % HOUR) / HOUR;
	return (uint32_t)(8000 * w / 1000);
}

/* WordPress sends every page through PHP; static files nginx serves. */
static const struct page {
	const char	*method;
	const char	*path;
	int		 php;
	unsigned	 weight;
	unsigned	 size;		/* typical body bytes */
} pages[] = {
	{ "GET", "/", 1, 14, 28400 },
	{ "GET", "/2024/02/26/debian-12-on-a-small-vps/", 1, 12, 41200 },
	{ "GET", "/2024/02/12/self-hosting-mail-in-2024/", 1, 9, 52800 },
	{ "GET", "/2024/01/29/notes-on-zfs-snapshots/", 1, 8, 37600 },
	{ "GET", "/2023/11/05/a-year-of-nixos/", 1, 5, 45100 },
	{ "GET", "/about/", 1, 3, 19800 },
	{ "GET", "/feed/", 1, 14, 61500 },
	{ "GET", "/?s=backup", 1, 2, 24300 },
	{ "POST", "/wp-login.php", 1, 6, 4800 },
	{ "GET", "/wp-content/themes/twentytwentyfour/style.css", 0, 12,
	    9700 },
	{ "GET", "/wp-includes/css/dist/block-library/style.min.css", 0, 8,
	    14200 },
	{ "GET", "/wp-content/uploads/2024/02/debian-12.png", 0, 5, 88400 },
	{ "GET", "/wp-content/uploads/2024/01/zfs-snapshots.png", 0, 3,
	    121700 },
};

static const char *const browsers[] = {
	("Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 "
	    "Firefox/123.0"),
	("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
	    "(KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"),
	("Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) "
	    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 "
	    "Mobile/15E148 Safari/604.1"),
	("Mozilla/5.0 (compatible; Googlebot/2.1; "
	    "+http://www.google.com/bot.html)"),
};
static const char *const readers[] = {
	"Miniflux/2.1.0 (+https://miniflux.app)",
	"FreshRSS/1.23.1 (Linux; https://freshrss.org)",
	"NetNewsWire (RSS Reader; https://netnewswire.com/)",
};
static const char *const nets[] = { "192.0.2.", "198.51.100.", "203.0.113." };

static const struct page *
pick_page(uint64_t x)
{
	unsigned total = 0, k;
	size_t i;

	for (i = 0; i < GEN_NELEM(pages); i++)
		total += pages[i].weight;
	k = below(x, total);
	for (i = 0; k >= pages[i].weight; i++)
		k -= pages[i].weight;
	return &pages[i];
}

static const char *
agent_of(const struct page *p, uint64_t x)
{
	if (strcmp(p->path, "/feed/") == 0)
		return readers[below(x, GEN_NELEM(readers))];
	if (strcmp(p->path, "/wp-login.php") == 0)
		return "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) "
		    "Gecko/20100101 Firefox/115.0";
	return browsers[below(x, GEN_NELEM(browsers))];
}

/*
 * One request at t (whole seconds) into the access records; when PHP
 * is down, its error line too.  conn is nginx's connection counter.
 */
static void
request(struct maint *m, struct rng *r, struct recs *acc, struct recs *err,
    int64_t t, unsigned *conn)
{
	const struct page *p;
	const char *ref;
	char ip[24];
	uint64_t w[7];
	unsigned size;
	int status, sev = 6;

	rng_fill(r, w, 7);
	p = pick_page(w[0]);
	snprintf(ip, sizeof(ip), "%s%u", nets[below(w[1], 3)],
	    1 + below(w[2], 254));
	size = p->size - p->size / 8 + below(w[4], p->size / 4 + 1);
	*conn += 1 + below(w[5], 3);
	if (p->php && t >= m->impact && t < m->recover) {
		/* Nothing listens on the socket: nginx answers itself. */
		status = below(w[6], 10) == 0 ? 504 : 502;
		size = status == 502 ? 157 : 167;
		sev = 3;
		m->failed++;
		recs_add(err, t, 0, 3, "*%u connect() failed (111: Connection "
		    "refused) while connecting to upstream, client: %s, "
		    "server: blog.example.org, request: \"%s %s HTTP/1.1\", "
		    "upstream: \"fastcgi://" FPM_SOCK "\", host: "
		    "\"blog.example.org\"", *conn, ip, p->method, p->path);
	} else if (strcmp(p->path, "/feed/") == 0 && below(w[6], 3) == 0) {
		status = 304;
		size = 0;
	} else
		status = 200;
	/* Browsers fetch styles and images from a page of the blog. */
	ref = p->php ? "-" : "https://blog.example.org/";
	recs_add(acc, t, 0, sev, "%s - - [@] \"%s %s HTTP/1.1\" %d %u \"%s\" "
	    "\"%s\"", ip, p->method, p->path, status, size, ref,
	    agent_of(p, w[3]));
}

/* The access body holds "[@]" where the time goes. */
static void
render_access(const struct maint *m, const struct recs *rs,
    struct gbuf *out, struct filefacts *ff)
{
	const struct rec *r;
	const char *body, *at;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		r = &rs->v[i];
		body = REC_BODY(rs, r);
		at = memchr(body, '@', r->len);
		gbuf_put(out, body, (size_t)(at - body));
		put_clf(out, r->ts, m->off);
		gbuf_put(out, at + 1, r->len - (size_t)(at + 1 - body));
		gbuf_putc(out, '\n');
		facts_add(ff, r->ts, r->sev, 1);
	}
}

/* 2024/03/07 02:40:13 [error] 731#731: *N ... in local time. */
static void
render_error(const struct maint *m, const struct recs *rs, struct gbuf *out,
    struct filefacts *ff)
{
	const struct rec *r;
	struct gtm tm;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		r = &rs->v[i];
		gtm_from_ms(r->ts, m->off, &tm);
		gbuf_printf(out, "%04d/%02d/%02d %02d:%02d:%02d [error] "
		    "731#731: ", tm.year, tm.mon, tm.day, tm.hour, tm.min,
		    tm.sec);
		gbuf_put(out, REC_BODY(rs, r), r->len);
		gbuf_putc(out, '\n');
		facts_add(ff, r->ts, r->sev, 1);
	}
}

static void
gen_web(struct maint *m, struct gbuf *acc_out, struct gbuf *err_out,
    struct filefacts *facc, struct filefacts *ferr)
{
	struct recs acc = { 0 }, err = { 0 };
	struct rng r;
	int64_t *tv, t;
	size_t i, n;
	unsigned conn = 0;
	int booted = 0;

	rng_seed(&r, 0xb1096a1000001ULL);
	n = arrivals(&r, &m->sc, m->sc.day0, m->sc.end, rate_blog, m, &tv);
	for (i = 0; i < n; i++) {
		/* Whole seconds: neither log writes a fraction. */
		t = tv[i] - tv[i] % SEC;
		/* The host restarts: nobody answers, nothing is logged. */
		if (t >= m->fpm_fail && t < m->impact)
			continue;
		/* A new nginx counts connections from 1. */
		if (t >= m->nginx_up && !booted) {
			booted = 1;
			conn = 0;
		}
		request(m, &r, &acc, &err, t, &conn);
	}
	free(tv);
	recs_sort(&acc);
	recs_sort(&err);
	render_access(m, &acc, acc_out, facc);
	render_error(m, &err, err_out, ferr);
	recs_free(&acc);
	recs_free(&err);
	snprintf(facc->format, sizeof(facc->format), "combined");
	snprintf(facc->zone, sizeof(facc->zone), "offset +0100 on every line "
	    "(Europe/Berlin, CET)");
	snprintf(ferr->format, sizeof(ferr->format), "generic");
	snprintf(ferr->zone, sizeof(ferr->zone), "Europe/Berlin local time "
	    "(CET, +01:00), no offset in the stamps");
	snprintf(ferr->tz, sizeof(ferr->tz), "Europe/Berlin");
}

/* ---- syslog ---- */

/* fpm's start failing, as systemd tells it. */
static void
fpm_fails(struct recs *rs, int64_t t)
{
	recs_add(rs, t, 0, 6, "systemd[1]: Starting " FPM_UNIT "...");
	recs_add(rs, t + 1 * SEC, 0, 3, "systemd[1]: php8.2-fpm.service: "
	    "Failed with result 'exit-code'.");
	recs_add(rs, t + 1 * SEC, 0, 3, "systemd[1]: Failed to start "
	    FPM_UNIT ".");
}

static void
gen_syslog(const struct maint *m, struct gbuf *out, struct filefacts *ff)
{
	struct recs rs = { 0 };
	struct rng r;
	const struct rec *rc;
	int64_t t;
	unsigned pid = 18400;
	size_t i;

	rng_seed(&r, 0xb1096a1000002ULL);
	for (t = m->sc.day0 + 1 * SEC; t < m->sc.end; t += 10 * MIN) {
		/* The host is rebooting, its cron with it. */
		if (t >= m->fpm_fail && t < m->nginx_up)
			continue;
		pid += 3 + rng_below(&r, 40);
		recs_add(&rs, t, 0, 6, "CRON[%u]: (www-data) CMD (php "
		    "/var/www/blog/wp-cron.php > /dev/null 2>&1)", pid);
		if ((t - m->sc.day0) % HOUR == 10 * MIN + SEC)
			recs_add(&rs, t + 7 * MIN, 0, 6, "CRON[%u]: (root) CMD "
			    "(cd / && run-parts --report /etc/cron.hourly)",
			    pid + 1 + rng_below(&r, 3));
	}
	recs_add(&rs, m->change, 0, 5, "apt[4021]: " CHANGE_TEXT);
	fpm_fails(&rs, m->fpm_fail - 1 * SEC);
	recs_add(&rs, m->boot, 0, 5, "kernel: [    0.000000] Linux version "
	    "6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian "
	    "12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP "
	    "PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)");
	fpm_fails(&rs, m->boot + 19 * SEC);
	recs_add(&rs, m->nginx_up, 0, 6, "systemd[1]: Started nginx.service - "
	    "A high performance web server and a reverse proxy server.");
	recs_add(&rs, m->fpm_start - 1 * SEC, 0, 6, "systemd[1]: Starting "
	    FPM_UNIT "...");
	recs_add(&rs, m->fpm_start, 0, 6, "systemd[1]: Started " FPM_UNIT ".");
	recs_sort(&rs);
	for (i = 0; i < rs.n; i++) {
		rc = &rs.v[i];
		put_rfc3164(out, rc->ts, m->off);
		gbuf_puts(out, " blog-01 ");
		gbuf_put(out, REC_BODY(&rs, rc), rc->len);
		gbuf_putc(out, '\n');
		facts_add(ff, rc->ts, rc->sev, 1);
	}
	recs_free(&rs);
	snprintf(ff->format, sizeof(ff->format), "rfc3164");
	snprintf(ff->zone, sizeof(ff->zone), "Europe/Berlin local time "
	    "(CET, +01:00), no offset, no year");
	snprintf(ff->tz, sizeof(ff->tz), "Europe/Berlin");
}

/* ---- #blog.log ---- */

static const char *const nicks[] = { "jule", "kev", "sam", "tobi", "mara" };
static const char *const chatter[] = {
	"hi all", "anyone tried debian 12 on a pi 4?",
	"nice write-up on zfs snapshots", "thanks!",
	"which rss reader do you use?", "miniflux here",
	"the new theme looks good", "brb",
	"interesting, bookmarked", "i switched my vps to debian 12 last week",
	"any plans for a post on backups?", "see you",
};

static void
gen_chat(const struct maint *m, struct gbuf *out, struct filefacts *ff)
{
	struct recs rs = { 0 };
	struct rng r;
	const struct rec *rc;
	struct gtm tm;
	int64_t d, t;
	uint64_t w[3];
	unsigned k, n;
	size_t i;

	rng_seed(&r, 0xb1096a1000003ULL);
	/* A few lines a day, between 09:00 and 23:00. */
	for (d = m->sc.day0; d < m->sc.end; d += DAY) {
		n = 3 + rng_below(&r, 4);
		for (k = 0; k < n; k++) {
			rng_fill(&r, w, 3);
			t = d + 9 * HOUR + (int64_t)below(w[0], 14 * 3600) *
			    SEC;
			recs_add(&rs, t, (int)below(w[1], GEN_NELEM(nicks)), 6,
			    "%s", chatter[below(w[2], GEN_NELEM(chatter))]);
		}
	}
	recs_add(&rs, m->detect, 3, 6, "is the blog down for anyone else? "
	    "getting 502 Bad Gateway");
	recs_add(&rs, m->ack, 4, 6, "looking into it");
	recs_add(&rs, m->diag, 4, 6, "php-fpm won't start after last night's "
	    "maintenance, need the hoster to look");
	recs_add(&rs, m->still, 1, 6, "still down :(");
	recs_add(&rs, m->resolve, 4, 6, "blog is back, php-fpm config fixed. "
	    "resolved");
	recs_sort(&rs);
	for (i = 0; i < rs.n; i++) {
		rc = &rs.v[i];
		gtm_from_ms(rc->ts, m->off, &tm);
		gbuf_printf(out, "[%04d-%02d-%02d %02d:%02d:%02d] <%s> ",
		    tm.year, tm.mon, tm.day, tm.hour, tm.min, tm.sec,
		    nicks[rc->host]);
		gbuf_put(out, REC_BODY(&rs, rc), rc->len);
		gbuf_putc(out, '\n');
		facts_add(ff, rc->ts, rc->sev, 1);
	}
	recs_free(&rs);
	snprintf(ff->format, sizeof(ff->format), "irc");
	snprintf(ff->zone, sizeof(ff->zone), "Europe/Berlin local time "
	    "(CET, +01:00), no offset in the stamps");
	snprintf(ff->tz, sizeof(ff->tz), "Europe/Berlin");
}

/* ---- TRUTH ---- */

static void
put_truth(const struct maint *m, const struct filefacts *ff, size_t nf,
    struct gbuf *b)
{
	size_t i;

	gbuf_puts(b, "# Planted facts of the maintenance sample, written by "
	    "`wake-gen maintenance`.\n"
	    "# Times are UTC; the host's clock is Europe/Berlin (+01:00).  "
	    "Lines are\n"
	    "# \"key: value\"; [file] starts a file's section; tz is the "
	    "zone to give\n"
	    "# wake-parse --tz (stamps with an offset ignore it).\n"
	    "scenario: blog host unreachable for days after maintenance\n"
	    "host: blog-01\n"
	    "tz: Europe/Berlin\n"
	    "change.text: " CHANGE_TEXT "\n"
	    "change.package: php8.2-fpm\n");
	put_fact_time(b, "change.start", m->change);
	put_fact_time(b, "fpm.failed", m->fpm_fail);
	put_fact_time(b, "reboot", m->boot);
	put_fact_time(b, "impact.start", m->impact);
	put_fact_time(b, "detect", m->detect);
	put_fact_time(b, "ack", m->ack);
	put_fact_time(b, "diagnosis", m->diag);
	put_fact_time(b, "still_down", m->still);
	put_fact_time(b, "fpm.started", m->fpm_start);
	put_fact_time(b, "recover", m->recover);
	put_fact_time(b, "resolve", m->resolve);
	gbuf_printf(b, "failed_requests: %llu\n",
	    (unsigned long long)m->failed);
	for (i = 0; i < nf; i++) {
		gbuf_printf(b, "\n[%s]\nformat: %s\nzone: %s\ntz: %s\n"
		    "lines: %llu\nevents: %llu\nerrors: %llu\n", ff[i].name,
		    ff[i].format, ff[i].zone, ff[i].tz[0] != '\0' ?
		    ff[i].tz : "UTC", (unsigned long long)ff[i].lines,
		    (unsigned long long)ff[i].records,
		    (unsigned long long)ff[i].errors);
		put_fact_time(b, "first", ff[i].first);
		put_fact_time(b, "last", ff[i].last);
	}
}

int	cmd_maintenance(int argc, char *argv[]);

int
cmd_maintenance(int argc, char *argv[])
{
	static const char *const names[] = {
		"access.log", "error.log", "syslog", "#blog.log"
	};
	struct maint m;
	struct filefacts ff[4];
	struct gbuf out[4], truth = { NULL, 0, 0 };
	const char *dir, *tdir;
	size_t i;

	if (argc != 2 && argc != 3)
		die("usage: wake-gen maintenance DIR [TRUTHDIR]");
	/* The truth apart from the logs, so that DIR is all input. */
	dir = argv[1];
	tdir = argc == 3 ? argv[2] : dir;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		die("%s: %s", dir, strerror(errno));
	if (mkdir(tdir, 0777) != 0 && errno != EEXIST)
		die("%s: %s", tdir, strerror(errno));
	maint_init(&m);
	memset(out, 0, sizeof(out));
	for (i = 0; i < GEN_NELEM(names); i++)
		facts_init(&ff[i], names[i]);
	gen_web(&m, &out[0], &out[1], &ff[0], &ff[1]);
	gen_syslog(&m, &out[2], &ff[2]);
	gen_chat(&m, &out[3], &ff[3]);
	for (i = 0; i < GEN_NELEM(names); i++) {
		write_file(dir, names[i], out[i].p, out[i].n);
		gbuf_free(&out[i]);
	}
	put_truth(&m, ff, GEN_NELEM(names), &truth);
	write_file(tdir, "TRUTH", truth.p, truth.n);
	gbuf_free(&truth);
	return 0;
}
