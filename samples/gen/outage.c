/*
 * wake-gen outage: the scenario's timeline, the rate shapes every file
 * shares, the record list files are built in, and the driver that
 * writes the files and TRUTH.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"

#define MIN_MS		60000LL
#define HOUR_MS		3600000LL

static int64_t
at(const struct scenario *sc, int h, int m, int s, int ms)
{
	return sc->day0 + h * HOUR_MS + m * MIN_MS + s * 1000LL + ms;
}

void
scenario_init(struct scenario *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->day0 = days_from_civil(2024, 2, 22) * 86400000LL;
	sc->end = sc->day0 + 24 * HOUR_MS;
	sc->chg_approved = at(sc, 9, 5, 12, 0);
	sc->chg_start = at(sc, 9, 11, 48, 310);
	sc->impact = at(sc, 9, 12, 10, 0);
	sc->chg_done = at(sc, 9, 12, 31, 0);
	sc->detect = at(sc, 9, 19, 40, 0);
	sc->peak = at(sc, 13, 30, 0, 0);
	sc->rollback = at(sc, 16, 18, 30, 0);
	sc->mitigate = at(sc, 16, 20, 5, 0);
	sc->recover = at(sc, 17, 0, 0, 0);
	sc->ack = at(sc, 9, 24, 12, 318);
	sc->resolve = at(sc, 17, 42, 18, 604);
	sc->rotate = at(sc, 11, 25, 1, 0);
	sc->chg_id = "CHG-4711";
	sc->chg_text = "route-map policy pushed to core-rtr-*";
	sc->chg_actor = "ops-deploy";
	sc->new_tmpl = "upstream connect error: no route to host <*>";
	/*
	 * Fixed offsets: on 2024-02-22 New York and Chicago are on
	 * standard time (DST starts 2024-03-10) and Tokyo has no DST.
	 * Keeping them here, not in tzdata, keeps the output the same on
	 * every machine.
	 */
	sc->ny_off = -5 * 3600;
	sc->chi_off = -6 * 3600;
	sc->tyo_off = 9 * 3600;
}

/* Activity by New York hour of day, per mille of the daily maximum. */
static const uint16_t diurnal[25] = {
	350, 280, 220, 190, 200, 260, 380, 560, 740, 860, 920, 960,
	980, 970, 960, 950, 940, 930, 900, 860, 800, 700, 580, 450, 350
};

uint32_t
diurnal_rate(const struct scenario *sc, int64_t t, uint32_t base)
{
	int64_t loc, sod;
	int h;
	int64_t w;

	loc = t + (int64_t)sc->ny_off * 1000;
	sod = ((loc % 86400000) + 86400000) % 86400000;
	h = (int)(sod / HOUR_MS);
	w = diurnal[h] + (diurnal[h + 1] - diurnal[h]) *
	    (sod % HOUR_MS) / HOUR_MS;
	return (uint32_t)((int64_t)base * w / 1000);
}

/*
 * Impact, per mille, at UTC minutes of the day; linear in between.  The
 * first knot stands for the impact time itself.
 */
#define HM(h, m)	((h) * 60 + (m))
static const struct {
	int	min;
	int	level;
} knots[] = {
	{ HM(9, 12), 0 }, { HM(9, 17), 300 }, { HM(10, 0), 420 },
	{ HM(11, 0), 560 }, { HM(12, 0), 700 }, { HM(13, 30), 920 },
	{ HM(14, 30), 860 }, { HM(15, 30), 820 }, { HM(16, 20), 800 },
	{ HM(16, 30), 450 }, { HM(16, 45), 150 }, { HM(17, 0), 0 }
};

uint32_t
impact_level(const struct scenario *sc, int64_t t)
{
	int64_t x0, x1;
	size_t i;

	if (t < sc->impact || t >= sc->recover)
		return 0;
	for (i = 1; i < GEN_NELEM(knots); i++) {
		x0 = i == 1 ? sc->impact : sc->day0 + knots[i - 1].min * MIN_MS;
		x1 = sc->day0 + knots[i].min * MIN_MS;
		if (t < x1)
			return (uint32_t)(knots[i - 1].level +
			    (knots[i].level - knots[i - 1].level) *
			    (t - x0) / (x1 - x0));
	}
	return 0;
}

size_t
arrivals(struct rng *r, const struct scenario *sc, int64_t t0, int64_t t1,
    rate_fn fn, const void *arg, int64_t **out)
{
	int64_t *v = NULL, m, t;
	size_t n = 0, cap = 0;
	uint32_t lam;
	int slot;

	for (m = t0 - ((t0 % MIN_MS) + MIN_MS) % MIN_MS; m < t1; m += MIN_MS) {
		lam = fn(sc, m, arg);
		if (lam > 600000)
			lam = 600000;
		for (slot = 0; slot < 600; slot++) {
			if (rng_below(r, 600000) >= lam)
				continue;
			t = m + slot * 100 + rng_below(r, 100);
			if (t < t0 || t >= t1)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 1024;
				v = xreallocarray(v, cap, sizeof(*v));
			}
			v[n++] = t;
		}
	}
	*out = v;
	return n;
}

uint32_t
rate_bg(const struct scenario *sc, int64_t t, const void *arg)
{
	return diurnal_rate(sc, t, *(const uint32_t *)arg);
}

uint32_t
rate_impact(const struct scenario *sc, int64_t t, const void *arg)
{
	return (uint32_t)((uint64_t)impact_level(sc, t) *
	    *(const uint32_t *)arg / 1000);
}

/* ---- records ---- */

static void
recs_grow(struct recs *rs)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 1024;
		rs->v = xreallocarray(rs->v, rs->cap, sizeof(*rs->v));
	}
}

static void __attribute__((format(printf, 2, 0)))
vappend(struct recs *rs, const char *fmt, va_list ap)
{
	struct rec *r = &rs->v[rs->n - 1];
	size_t before = rs->text.n, i;
	va_list aq;
	int n;

	gbuf_reserve(&rs->text, 512);
	va_copy(aq, ap);
	n = vsnprintf(rs->text.p + rs->text.n, rs->text.cap - rs->text.n,
	    fmt, aq);
	va_end(aq);
	if (n < 0)
		die("vsnprintf failed");
	if ((size_t)n >= rs->text.cap - rs->text.n) {
		gbuf_reserve(&rs->text, (size_t)n + 1);
		n = vsnprintf(rs->text.p + rs->text.n,
		    rs->text.cap - rs->text.n, fmt, ap);
	}
	rs->text.n += (size_t)n;
	r->len += (size_t)n;
	for (i = before; i < rs->text.n; i++)
		if (rs->text.p[i] == '\n')
			r->lines++;
}

void
recs_add(struct recs *rs, int64_t ts, int host, int sev, const char *fmt,
    ...)
{
	struct rec *r;
	va_list ap;

	recs_grow(rs);
	r = &rs->v[rs->n++];
	r->ts = ts;
	r->seq = (uint32_t)(rs->n - 1);
	r->host = host;
	r->sev = sev;
	r->off = rs->text.n;
	r->len = 0;
	r->lines = 1;
	va_start(ap, fmt);
	vappend(rs, fmt, ap);
	va_end(ap);
}

void
recs_more(struct recs *rs, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(rs, fmt, ap);
	va_end(ap);
}

static int
rec_cmp(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
recs_sort(struct recs *rs)
{
	qsort(rs->v, rs->n, sizeof(*rs->v), rec_cmp);
}

void
recs_free(struct recs *rs)
{
	free(rs->v);
	gbuf_free(&rs->text);
	memset(rs, 0, sizeof(*rs));
}

/* ---- the driver ---- */

void
put_fact_time(struct gbuf *b, const char *key, int64_t t)
{
	gbuf_puts(b, key);
	gbuf_puts(b, ": ");
	if (t == INT64_MIN)
		gbuf_putc(b, '-');
	else
		put_iso_utc(b, t);
	gbuf_putc(b, '\n');
}

static void
put_file_facts(struct gbuf *b, const struct filefacts *f)
{
	gbuf_printf(b, "\n[%s]\n", f->name);
	gbuf_printf(b, "format: %s\n", f->format);
	gbuf_printf(b, "zone: %s\n", f->zone);
	gbuf_printf(b, "tz: %s\n", f->tz[0] != '\0' ? f->tz : "UTC");
	gbuf_printf(b, "lines: %llu\n", (unsigned long long)f->lines);
	gbuf_printf(b, "events: %llu\n", (unsigned long long)f->records);
	gbuf_printf(b, "folded: %llu\n", (unsigned long long)f->folded);
	gbuf_printf(b, "errors: %llu\n", (unsigned long long)f->errors);
	put_fact_time(b, "first", f->first);
	put_fact_time(b, "last", f->last);
	if (f->new_count > 0) {
		put_fact_time(b, "new_template.first", f->new_first);
		gbuf_printf(b, "new_template.count: %llu\n",
		    (unsigned long long)f->new_count);
	}
	gbuf_puts(b, f->extra);
}

static void
truth(const struct scenario *sc, const struct filefacts *ff, size_t nf,
    struct gbuf *b)
{
	size_t i;

	gbuf_puts(b,
	    "# Planted facts of the outage sample, written by "
	    "`wake-gen outage`.\n"
	    "# Times are UTC.  Lines are \"key: value\"; [file] starts a "
	    "file's\n"
	    "# section.  lines = events + folded (+ a CSV header line); tz "
	    "is the\n"
	    "# zone to give wake-parse --tz (stamps with an offset ignore "
	    "it).\n"
	    "# calls.truth: offered answered abandoned timeout per 5-minute"
	    " bin\n"
	    "# and queue of queue_log, as wake-stats --calls counts them.\n"
	    "scenario: mobile carrier core network outage after a misapplied"
	    " change\n");
	gbuf_puts(b, "date: 2024-02-22\n");
	gbuf_printf(b, "change.id: %s\n", sc->chg_id);
	gbuf_printf(b, "change.text: %s\n", sc->chg_text);
	gbuf_printf(b, "change.actor: %s\n", sc->chg_actor);
	put_fact_time(b, "change.approved", sc->chg_approved);
	put_fact_time(b, "change.start", sc->chg_start);
	put_fact_time(b, "change.done", sc->chg_done);
	put_fact_time(b, "impact.start", sc->impact);
	put_fact_time(b, "detect", sc->detect);
	put_fact_time(b, "ack", sc->ack);
	put_fact_time(b, "peak", sc->peak);
	put_fact_time(b, "rollback.start", sc->rollback);
	put_fact_time(b, "mitigate", sc->mitigate);
	put_fact_time(b, "recover", sc->recover);
	put_fact_time(b, "resolve", sc->resolve);
	put_fact_time(b, "router.rotate", sc->rotate);
	gbuf_printf(b, "new_template: %s\n", sc->new_tmpl);
	gbuf_puts(b, "first_failing_host: core-rtr-01\n");
	for (i = 0; i < nf; i++)
		put_file_facts(b, &ff[i]);
}

void
facts_init(struct filefacts *ff, const char *name)
{
	memset(ff, 0, sizeof(*ff));
	snprintf(ff->name, sizeof(ff->name), "%s", name);
	ff->first = ff->last = ff->new_first = INT64_MIN;
}

void
facts_add(struct filefacts *ff, int64_t ts, int sev, int nlines)
{
	ff->lines += (uint64_t)nlines;
	ff->records++;
	ff->folded += (uint64_t)(nlines - 1);
	if (sev <= 3)
		ff->errors++;
	if (ff->first == INT64_MIN || ts < ff->first)
		ff->first = ts;
	if (ff->last == INT64_MIN || ts > ff->last)
		ff->last = ts;
}

int
cmd_outage(int argc, char *argv[])
{
	struct scenario sc;
	struct filefacts ff[9];
	struct gbuf out = { NULL, 0, 0 }, prev = { NULL, 0, 0 };
	struct gbuf gz = { NULL, 0, 0 };
	const char *dir, *tdir;
	static const struct {
		const char	*name;
		file_fn		 fn;
	} files[] = {
		{ "core-syslog.log", gen_core_syslog },
		{ "app.jsonl", gen_app_jsonl },
		{ "app-worker.log", gen_app_worker },
		{ "access.log", gen_access },
	};
	size_t i, nf = 0;

	if (argc != 2 && argc != 3)
		die("usage: wake-gen outage DIR [TRUTHDIR]");
	/* The truth apart from the logs, so that DIR is all input. */
	dir = argv[1];
	tdir = argc == 3 ? argv[2] : dir;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		die("%s: %s", dir, strerror(errno));
	if (mkdir(tdir, 0777) != 0 && errno != EEXIST)
		die("%s: %s", tdir, strerror(errno));
	scenario_init(&sc);

	for (i = 0; i < GEN_NELEM(files); i++) {
		facts_init(&ff[nf], files[i].name);
		out.n = 0;
		files[i].fn(&sc, &out, &ff[nf]);
		write_file(dir, files[i].name, out.p, out.n);
		nf++;
	}

	facts_init(&ff[nf], "router.log");
	facts_init(&ff[nf + 1], "router.log.1.gz");
	out.n = 0;
	gen_router(&sc, &out, &prev, &ff[nf], &ff[nf + 1]);
	write_file(dir, "router.log", out.p, out.n);
	gzip_encode(prev.p, prev.n, &gz);
	write_file(dir, "router.log.1.gz", gz.p, gz.n);
	nf += 2;

	facts_init(&ff[nf], "queue_log");
	out.n = prev.n = 0;
	gen_queue_log(&sc, &out, &prev, &ff[nf++]);
	write_file(dir, "queue_log", out.p, out.n);
	write_file(tdir, "calls.truth", prev.p, prev.n);
	facts_init(&ff[nf], "reports.csv");
	out.n = 0;
	gen_reports(&sc, &out, &ff[nf++]);
	write_file(dir, "reports.csv", out.p, out.n);
	facts_init(&ff[nf], "slack-export.zip");
	out.n = 0;
	gen_slack(&sc, &out, &ff[nf++]);
	write_file(dir, "slack-export.zip", out.p, out.n);

	out.n = 0;
	truth(&sc, ff, nf, &out);
	write_file(tdir, "TRUTH", out.p, out.n);
	gbuf_free(&out);
	gbuf_free(&prev);
	gbuf_free(&gz);
	return 0;
}
