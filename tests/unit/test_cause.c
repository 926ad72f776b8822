/*
 * Unit tests of lib/cause.c: template keys, surge scores, new against
 * surging templates, the lookback, related and unrelated changes, the
 * external cause, windows from phase events, output forms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/cause.h>
#include <wake/input.h>

#include "internal.h"
#include "test.h"

#define NS	INT64_C(1000000000)
#define MIN	(60 * NS)
#define HOUR	(60 * MIN)

/* 2024-02-22T00:00:00Z */
static wake_time_t
t0(void)
{
	wake_time_t t;

	assert_int_equal(wake_time_parse_utc("2024-02-22T00:00:00.000Z", 24,
	    &t), WAKE_OK);
	return t;
}

static void
put_ev(struct wake_buf *b, wake_time_t t, const char *src, const char *host,
    const char *sev, const char *kind, const char *msg, const char *attrs)
{
	char ts[25];

	wake_time_format(t, ts);
	assert_int_equal(wake_buf_put(b, ts, 24), WAKE_OK);
	assert_int_equal(wake_buf_putc(b, '\t'), WAKE_OK);
	assert_int_equal(wake_buf_put(b, src, strlen(src)), WAKE_OK);
	assert_int_equal(wake_buf_putc(b, '\t'), WAKE_OK);
	assert_int_equal(wake_buf_put(b, host, strlen(host)), WAKE_OK);
	assert_int_equal(wake_buf_putc(b, '\t'), WAKE_OK);
	assert_int_equal(wake_buf_put(b, sev, strlen(sev)), WAKE_OK);
	assert_int_equal(wake_buf_putc(b, '\t'), WAKE_OK);
	assert_int_equal(wake_buf_put(b, kind, strlen(kind)), WAKE_OK);
	assert_int_equal(wake_buf_putc(b, '\t'), WAKE_OK);
	assert_int_equal(wake_buf_put(b, msg, strlen(msg)), WAKE_OK);
	assert_int_equal(wake_buf_putc(b, '\t'), WAKE_OK);
	assert_int_equal(wake_buf_put(b, attrs, strlen(attrs)), WAKE_OK);
	assert_int_equal(wake_buf_putc(b, '\n'), WAKE_OK);
}

/*
 * Background: from 00:00 to 12:00, every minute a request on web-1 and
 * web-2, and every 30 minutes a known warning.
 */
static void
background(struct wake_buf *b)
{
	wake_time_t t, base = t0();
	char msg[64];
	int i = 0;

	for (t = base; t < base + 12 * HOUR; t += MIN, i++) {
		snprintf(msg, sizeof(msg), "request done in %d ms",
		    10 + i % 50);
		put_ev(b, t, "app", i % 2 ? "web-1" : "web-2", "info", "log",
		    msg, "origin=app.log:1");
		if (i % 30 == 0)
			put_ev(b, t + NS, "app", "web-1", "warn", "log",
			    "cache miss ratio high", "");
	}
}

/* Sort the lines of b by time (the tests write them out of order). */
static int
line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct wake_cause *
run(struct wake_buf *b, struct wake_cause_opts *o)
{
	struct wake_cause *c;
	struct wake_input *in;
	struct wake_buf sorted = WAKE_BUF_INIT;
	char **v = NULL, *p, *nl;
	size_t n = 0, i;
	int pass;

	/* time order, as wake-merge would give */
	assert_int_equal(wake_buf_putc(b, '\0'), WAKE_OK);
	for (p = b->p; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		v = realloc(v, (n + 1) * sizeof(*v));
		assert_non_null(v);
		v[n++] = p;
		*nl = '\0';
	}
	qsort(v, n, sizeof(*v), line_cmp);
	for (i = 0; i < n; i++) {
		assert_int_equal(wake_buf_put(&sorted, v[i], strlen(v[i])),
		    WAKE_OK);
		assert_int_equal(wake_buf_putc(&sorted, '\n'), WAKE_OK);
	}
	free(v);
	assert_int_equal(wake_cause_new(&c, o), WAKE_OK);
	for (pass = wake_cause_need_scan(c) ? 1 : 2; pass <= 2; pass++) {
		assert_int_equal(wake_input_open_mem(&in, "t", sorted.p,
		    sorted.n, NULL), WAKE_OK);
		assert_int_equal(wake_cause_run(c, in, pass, NULL, NULL),
		    WAKE_OK);
		wake_input_free(in);
	}
	assert_int_equal(wake_cause_finish(c), WAKE_OK);
	wake_buf_free(&sorted);
	wake_buf_free(b);
	return c;
}

static void
window(struct wake_cause_opts *o, int h0, int h1)
{
	o->start = t0() + h0 * HOUR;
	o->end = t0() + h1 * HOUR;
}

/* The rank of the first candidate of kind whose subject holds s; 0. */
static unsigned
rank_of(const struct wake_cause *c, int kind, const char *s)
{
	const struct wake_cause_cand *k;
	size_t i;

	for (i = 0; i < wake_cause_count(c); i++) {
		k = wake_cause_get(c, i);
		if (k->kind == kind && strstr(k->subject, s) != NULL)
			return k->rank;
	}
	return 0;
}

static const struct wake_cause_cand *
cand_of(const struct wake_cause *c, int kind, const char *s)
{
	unsigned r = rank_of(c, kind, s);

	return r > 0 ? wake_cause_get(c, r - 1) : NULL;
}

TEST(template_key_masks_variables)
{
	struct wake_buf b = WAKE_BUF_INIT;
	uint64_t k1, k2, k3;
	const char *m1 = "upstream connect error: no route to host 10.20.3.5";
	const char *m2 = "upstream connect error: no route to host 10.20.3.9";

	k1 = wake_cause_template_key(m1, strlen(m1), &b);
	assert_mem_str(b.p, b.n,
	    "upstream connect error: no route to host <*>");
	b.n = 0;
	k2 = wake_cause_template_key(m2, strlen(m2), NULL);
	assert_true(k1 == k2);
	k3 = wake_cause_template_key("cause=72 apn=internet", 21, &b);
	assert_mem_str(b.p, b.n, "cause=<*> apn=internet");
	assert_true(k3 != k1);
	b.n = 0;
	/* the first line only: a stack trace's frames are not the key */
	k1 = wake_cause_template_key("%BGP-3-NOTIFICATION: sent to 10.0.0.1"
	    "\n\tat x", 44, &b);
	assert_non_null(memmem(b.p, b.n, "sent to <*>", 11));
	assert_null(memchr(b.p, '\n', b.n));
	k2 = wake_cause_template_key("%BGP-3-NOTIFICATION: sent to 10.0.0.2",
	    37, NULL);
	assert_true(k1 == k2);
	wake_buf_free(&b);
}

TEST(kind_names)
{
	assert_string_equal(wake_cause_kind_name(WAKE_CAUSE_CHANGE), "change");
	assert_string_equal(wake_cause_kind_name(WAKE_CAUSE_EXTERNAL),
	    "external");
	assert_string_equal(wake_cause_kind_name(99), "?");
}

TEST(parse_window)
{
	wake_time_t s, e;

	assert_int_equal(wake_cause_parse_window(
	    "2024-02-22T09:12:10Z..2024-02-22T17:00:00Z", &s, &e), WAKE_OK);
	assert_true(e - s == 7 * HOUR + 47 * MIN + 50 * NS);
	assert_int_equal(wake_cause_parse_window("2024-02-22T09:12:10Z..",
	    &s, &e), WAKE_OK);
	assert_true(e == WAKE_TIME_NONE);
	assert_int_equal(wake_cause_parse_window("2024-02-22T09:12:10Z",
	    &s, &e), WAKE_ERR_USAGE);
	assert_int_equal(wake_cause_parse_window(
	    "2024-02-22T17:00:00Z..2024-02-22T09:00:00Z", &s, &e),
	    WAKE_ERR_USAGE);
	assert_int_equal(wake_cause_parse_window("-2h..", &s, &e),
	    WAKE_ERR_USAGE);
}

TEST(quiet_stream_has_no_candidate)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT, out = WAKE_BUF_INIT;
	struct wake_cause *c;

	background(&b);
	window(&o, 9, 11);
	c = run(&b, &o);
	assert_int_equal(wake_cause_count(c), 0);
	assert_int_equal(wake_cause_write_text(c, &out), WAKE_OK);
	assert_non_null(memmem(out.p, out.n, "no candidate", 12));
	wake_buf_free(&out);
	wake_cause_free(c);
}

TEST(new_template_beats_surging_one)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	const struct wake_cause_cand *n, *s;
	wake_time_t t;
	int i;

	background(&b);
	/* The known warning surges; a new error appears: same counts. */
	for (i = 0, t = t0() + 9 * HOUR + MIN; i < 40; i++, t += MIN) {
		put_ev(&b, t + 2 * NS, "app", "web-1", "warn", "log",
		    "cache miss ratio high", "");
		put_ev(&b, t + 3 * NS, "app", "web-2", "warn", "log",
		    "disk quota near limit on /srv", "");
	}
	window(&o, 9, 11);
	c = run(&b, &o);
	n = cand_of(c, WAKE_CAUSE_TEMPLATE, "disk quota");
	s = cand_of(c, WAKE_CAUSE_TEMPLATE, "cache miss");
	assert_non_null(n);
	assert_non_null(s);
	assert_true(n->rank < s->rank);
	assert_true(n->score > s->score);
	assert_true(n->score > 0 && n->score <= 1);
	assert_non_null(strstr(n->summary, "new message"));
	assert_non_null(strstr(s->summary, "surged"));
	assert_int_equal(n->nev, 3);
	wake_cause_free(c);
}

TEST(small_counts_are_smoothed)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;

	background(&b);
	/* one new line in two hours is no surge */
	put_ev(&b, t0() + 10 * HOUR, "app", "web-1", "err", "log",
	    "certificate expires in 30 days", "");
	window(&o, 9, 11);
	c = run(&b, &o);
	assert_int_equal(rank_of(c, WAKE_CAUSE_TEMPLATE, "certificate"), 0);
	wake_cause_free(c);
}

TEST(earlier_first_occurrence_ranks_higher)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	wake_time_t t;
	int i;

	background(&b);
	for (i = 0, t = t0() + 9 * HOUR; i < 30; i++, t += MIN) {
		put_ev(&b, t + 50 * MIN, "app", "web-1", "err", "log",
		    "late symptom appeared", "");
		put_ev(&b, t + 5 * NS, "app", "web-2", "err", "log",
		    "early symptom appeared", "");
	}
	window(&o, 9, 11);
	c = run(&b, &o);
	assert_true(rank_of(c, WAKE_CAUSE_TEMPLATE, "early") <
	    rank_of(c, WAKE_CAUSE_TEMPLATE, "late"));
	wake_cause_free(c);
}

/* An error burst on db-1 from 09:00 and two changes before it. */
static void
burst(struct wake_buf *b)
{
	wake_time_t t;
	int i;

	background(b);
	for (i = 0, t = t0() + 9 * HOUR + 10 * NS; i < 60; i++, t += MIN)
		put_ev(b, t, "db", "db-1", "err", "log",
		    "replication lag too high", "origin=db.log:7");
}

TEST(related_change_ranks_first)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	const struct wake_cause_cand *k;

	burst(&b);
	put_ev(&b, t0() + 8 * HOUR + 30 * MIN, "chg", "chg-01", "notice",
	    "change", "CHG-1 started: tune db-1 buffers",
	    "change=CHG-1 actor=ann origin=chg.log:3");
	put_ev(&b, t0() + 8 * HOUR + 55 * MIN, "chg", "web-2", "notice",
	    "change", "new logo on web-2", "change=CHG-2 origin=chg.log:4");
	window(&o, 9, 11);
	c = run(&b, &o);
	k = wake_cause_get(c, 0);
	assert_non_null(k);
	assert_int_equal(k->kind, WAKE_CAUSE_CHANGE);
	assert_string_equal(k->subject, "CHG-1");
	assert_non_null(strstr(k->summary, "Likely"));
	assert_non_null(strstr(k->summary, "db-1"));
	assert_string_equal(k->ev[0].origin, "chg.log:3");
	/* the unrelated one is there, lower, and says so */
	k = cand_of(c, WAKE_CAUSE_CHANGE, "CHG-2");
	assert_non_null(k);
	assert_true(k->score < 0.5);
	assert_non_null(strstr(k->summary, "nothing links it"));
	/* no external cause when a related change came just before */
	assert_int_equal(rank_of(c, WAKE_CAUSE_EXTERNAL, ""), 0);
	wake_cause_free(c);
}

TEST(lone_unlinked_change_just_before)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	const struct wake_cause_cand *k;

	/* No change names what failed: the one just before is suspect. */
	burst(&b);
	put_ev(&b, t0() + 8 * HOUR + 55 * MIN, "chg", "web-2", "notice",
	    "change", "new logo on web-2", "change=CHG-2 origin=chg.log:4");
	window(&o, 9, 11);
	c = run(&b, &o);
	k = cand_of(c, WAKE_CAUSE_CHANGE, "CHG-2");
	assert_non_null(k);
	assert_true(k->score > 0.7);
	assert_non_null(strstr(k->summary, "nothing links it"));
	wake_cause_free(c);
}

/*
 * A service fails to start a minute before impact (one line, no
 * severity), after a maintenance that names it; then a proxy's errors
 * and 502s, whose first lines come a few seconds before the bin the
 * rise was seen in.
 */
static void
maintenance(struct wake_buf *b)
{
	wake_time_t t, s = t0() + 9 * HOUR;
	int i;

	background(b);
	put_ev(b, s - 40 * MIN, "syslog", "blog-01", "-", "change",
	    "maintenance window started: upgrade of php8.2-fpm",
	    "origin=syslog:1");
	put_ev(b, s - MIN, "syslog", "blog-01", "-", "log",
	    "Failed to start php8.2-fpm.service", "origin=syslog:2");
	for (i = 0, t = s - 7 * NS; i < 90; i++, t += MIN) {
		put_ev(b, t, "error", "-", "err", "log",
		    "connect() failed (111: Connection refused) while "
		    "connecting to upstream unix:/run/php/php8.2-fpm.sock",
		    "origin=error.log:1");
		put_ev(b, t + NS, "access", "-", "err", "log",
		    "GET / HTTP/1.1 502", "origin=access.log:1");
	}
}

TEST(precursor_and_the_change_it_names)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	const struct wake_cause_cand *k, *p, *e;

	maintenance(&b);
	window(&o, 9, 11);
	c = run(&b, &o);
	/* The change first, above the precursor it explains, though
	 * that came nearer: a failing line names what it upgraded. */
	k = wake_cause_get(c, 0);
	assert_non_null(k);
	assert_int_equal(k->kind, WAKE_CAUSE_CHANGE);
	assert_non_null(strstr(k->summary, "names php8.2-fpm"));
	/* The one line before impact, above the flood of symptoms. */
	p = cand_of(c, WAKE_CAUSE_TEMPLATE, "Failed to start");
	e = cand_of(c, WAKE_CAUSE_TEMPLATE, "connect() failed");
	assert_non_null(p);
	assert_non_null(e);
	assert_true(p->rank < e->rank);
	assert_non_null(strstr(p->summary, "1m00s before impact"));
	assert_true(k->score > p->score);
	assert_string_equal(p->ev[0].origin, "syslog:2");
	/* The symptom's first line, 7s ahead of the bin, is its first,
	 * not a precursor: new, at T-7s. */
	assert_non_null(strstr(e->summary, "new message"));
	assert_non_null(strstr(e->summary, "(T-7s)"));
	wake_cause_free(c);
}

TEST(no_precursor_in_a_short_stream)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	const struct wake_cause_cand *p;
	wake_time_t t, s = t0() + 9 * HOUR;
	int i;

	/* The log begins 20 minutes before impact: a message new in it
	 * is only new to it. */
	for (t = s - 20 * MIN; t < s; t += MIN)
		put_ev(&b, t, "app", "web-1", "info", "log", "request done",
		    "");
	put_ev(&b, s - 5 * MIN, "app", "web-1", "-", "log",
	    "worker failed to reload", "origin=app.log:9");
	for (i = 0, t = s; i < 60; i++, t += MIN)
		put_ev(&b, t, "app", "web-1", "err", "log",
		    "upstream timed out", "");
	window(&o, 9, 10);
	c = run(&b, &o);
	p = cand_of(c, WAKE_CAUSE_TEMPLATE, "worker failed");
	assert_true(p == NULL || strstr(p->summary, "before impact") ==
	    NULL);
	wake_cause_free(c);
}

TEST(lookback_bounds_changes)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;

	burst(&b);
	put_ev(&b, t0() + 2 * HOUR, "chg", "db-1", "notice", "change",
	    "CHG-7 upgrade db-1", "change=CHG-7");
	window(&o, 9, 11);
	c = run(&b, &o);
	assert_int_equal(rank_of(c, WAKE_CAUSE_CHANGE, "CHG-7"), 0);
	wake_cause_free(c);

	burst(&b);
	put_ev(&b, t0() + 2 * HOUR, "chg", "db-1", "notice", "change",
	    "CHG-7 upgrade db-1", "change=CHG-7");
	o.lookback = 8 * HOUR;
	c = run(&b, &o);
	assert_true(rank_of(c, WAKE_CAUSE_CHANGE, "CHG-7") > 0);
	wake_cause_free(c);
}

TEST(nearer_change_ranks_higher)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;

	burst(&b);
	put_ev(&b, t0() + 5 * HOUR, "chg", "db-1", "notice", "change",
	    "restart db-1", "change=CHG-8");
	put_ev(&b, t0() + 8 * HOUR + 50 * MIN, "chg", "db-1", "notice",
	    "change", "resize db-1", "change=CHG-9");
	window(&o, 9, 11);
	c = run(&b, &o);
	assert_true(rank_of(c, WAKE_CAUSE_CHANGE, "CHG-9") <
	    rank_of(c, WAKE_CAUSE_CHANGE, "CHG-8"));
	wake_cause_free(c);
}

TEST(external_cause_when_nothing_changed)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	const struct wake_cause_cand *k;
	wake_time_t t;
	int i;

	background(&b);
	/* a decoy change long before, on a host that never fails */
	put_ev(&b, t0() + HOUR, "chg", "chg-01", "notice", "change",
	    "CHG-3 kernel patch on db-7", "change=CHG-3");
	for (i = 0, t = t0() + 9 * HOUR + 12 * MIN; i < 50; i++, t += MIN)
		put_ev(&b, t, "app", "web-1", "err", "log",
		    "request to https://api.provider.example/v1/pay timed out",
		    "origin=app.log:99");
	window(&o, 9, 11);
	c = run(&b, &o);
	k = wake_cause_get(c, 0);
	assert_non_null(k);
	assert_int_equal(k->kind, WAKE_CAUSE_EXTERNAL);
	assert_string_equal(k->subject, "api.provider.example");
	assert_non_null(strstr(k->summary, "timeouts to api.provider.example "
	    "began at 09:12:00"));
	assert_non_null(strstr(k->summary, "no internal change in the 6h "
	    "before"));
	assert_non_null(strstr(k->summary, "CHG-3"));
	assert_int_equal(rank_of(c, WAKE_CAUSE_CHANGE, "CHG-3"), 0);
	wake_cause_free(c);
}

TEST(failure_words_inside_words)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	const struct wake_cause_cand *k;
	wake_time_t t;
	int i;

	/* A Java exception's name holds the word: still a timeout. */
	background(&b);
	for (i = 0, t = t0() + 9 * HOUR + 12 * MIN; i < 50; i++, t += MIN)
		put_ev(&b, t, "app", "web-1", "err", "log",
		    "java.net.SocketTimeoutException: Read failed for "
		    "api.provider.example", "origin=app.log:7");
	window(&o, 9, 11);
	c = run(&b, &o);
	k = cand_of(c, WAKE_CAUSE_EXTERNAL, "api.provider.example");
	assert_non_null(k);
	wake_cause_free(c);
}

TEST(final_ids_count_by_id)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	const struct wake_cause_cand *n;
	wake_time_t t;
	int i;

	/* Ids given final: one new in the window is new, whatever its
	 * words were under other ids before. */
	background(&b);
	for (i = 0, t = t0() + 9 * HOUR + MIN; i < 40; i++, t += MIN)
		put_ev(&b, t + 3 * NS, "app", "web-2", "warn", "log",
		    "disk quota near limit on /srv",
		    "tmpl=00000000000000aa");
	window(&o, 9, 11);
	o.final_ids = 1;
	c = run(&b, &o);
	n = cand_of(c, WAKE_CAUSE_TEMPLATE, "disk quota");
	assert_non_null(n);
	assert_non_null(strstr(n->summary, "new message"));
	wake_cause_free(c);
}

TEST(first_host_and_spread)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	const struct wake_cause_cand *k;
	wake_time_t t;
	int i;

	background(&b);
	for (i = 0, t = t0() + 9 * HOUR; i < 40; i++, t += MIN) {
		put_ev(&b, t + 5 * NS, "net", "rtr-1", "err", "log",
		    "link down", "origin=net.log:1");
		if (i >= 3)
			put_ev(&b, t + 9 * NS, "calls", "queue-1", "-", "call",
			    "call abandoned", "event=abandon");
		if (i >= 8)
			put_ev(&b, t + 20 * NS, "chat", "ann", "-", "chat",
			    "is the network down?", "");
	}
	window(&o, 9, 11);
	c = run(&b, &o);
	k = cand_of(c, WAKE_CAUSE_HOST, "rtr-1");
	assert_non_null(k);
	k = cand_of(c, WAKE_CAUSE_SOURCE, "net");
	assert_non_null(k);
	assert_non_null(strstr(k->summary, "net at T+5s, calls at T+3m09s, "
	    "chat at T+8m20s"));
	assert_int_equal(k->nev, 3);
	wake_cause_free(c);
}

TEST(window_from_phase_events_at_the_end)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	wake_time_t s, e;
	const char *id;
	char ts[25];

	burst(&b);
	/* written late, as wake-detect does; sorting puts them in place,
	 * so also add a copy with a later time than everything */
	put_ev(&b, t0() + 9 * HOUR, "wake", "-", "-", "phase",
	    "impact starts", "incident=INC-20240222-1 phase=start");
	put_ev(&b, t0() + 10 * HOUR, "wake", "-", "-", "phase",
	    "back at baseline", "incident=INC-20240222-1 phase=recover");
	put_ev(&b, t0() + 3 * HOUR, "wake", "-", "-", "phase",
	    "other", "incident=INC-20240222-2 phase=start");
	o.incident = "INC-20240222-1";
	c = run(&b, &o);
	wake_cause_window(c, &s, &e, &id);
	wake_time_format(s, ts);
	assert_string_equal(ts, "2024-02-22T09:00:00.000Z");
	wake_time_format(e, ts);
	assert_string_equal(ts, "2024-02-22T10:00:00.000Z");
	assert_string_equal(id, "INC-20240222-1");
	assert_true(rank_of(c, WAKE_CAUSE_TEMPLATE, "replication") > 0);
	wake_cause_free(c);

	/* no --incident: the first one */
	b = (struct wake_buf)WAKE_BUF_INIT;
	burst(&b);
	put_ev(&b, t0() + 3 * HOUR, "wake", "-", "-", "phase",
	    "other", "incident=INC-20240222-2 phase=start");
	o.incident = NULL;
	c = run(&b, &o);
	wake_cause_window(c, &s, &e, &id);
	assert_string_equal(id, "INC-20240222-2");
	wake_cause_free(c);
}

TEST(no_incident_is_an_error)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_cause *c;

	assert_int_equal(wake_cause_new(&c, &o), WAKE_OK);
	assert_true(wake_cause_need_scan(c));
	assert_int_equal(wake_cause_finish(c), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_cause_error(c), "no incident"));
	wake_cause_free(c);
	wake_cause_free(NULL);
	o.start = t0() + HOUR;
	o.end = t0();
	assert_int_equal(wake_cause_new(&c, &o), WAKE_ERR_USAGE);
}

TEST(outputs)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT, out = WAKE_BUF_INIT;
	struct wake_cause *c;
	wake_time_t t;
	int i;

	background(&b);
	for (i = 0, t = t0() + 9 * HOUR; i < 30; i++, t += MIN)
		put_ev(&b, t + NS, "app", "web-1", "err", "log",
		    "bad *token* in [auth] <x> | \\x01 a_b", "origin=a.log:5");
	window(&o, 9, 11);
	c = run(&b, &o);
	assert_true(wake_cause_count(c) > 0);
	assert_int_equal(wake_cause_write_json(c, &out), WAKE_OK);
	assert_int_equal(wake_buf_putc(&out, '\0'), WAKE_OK);
	assert_true(strncmp(out.p, "{\"rank\":1,\"score\":0.", 20) == 0);
	assert_non_null(strstr(out.p, "\"evidence\":[{\"ts\":\"2024-02-22T09:00"
	    ":01.000Z\",\"origin\":\"a.log:5\""));
	assert_non_null(strstr(out.p, "\\u0001"));
	out.n = 0;
	assert_int_equal(wake_cause_write_md(c, &out), WAKE_OK);
	assert_int_equal(wake_buf_putc(&out, '\0'), WAKE_OK);
	assert_true(strncmp(out.p, "## Root cause candidates\n\n", 26) == 0);
	assert_non_null(strstr(out.p, "bad \\*token\\* in \\[auth\\] \\<x\\> "
	    "\\| \\\\x01 a\\_b"));
	out.n = 0;
	assert_int_equal(wake_cause_write_text(c, &out), WAKE_OK);
	assert_int_equal(wake_buf_putc(&out, '\0'), WAKE_OK);
	assert_non_null(strstr(out.p, "1. 0."));
	assert_null(strchr(out.p, '\001'));
	wake_buf_free(&out);
	wake_cause_free(c);
}

TEST(a_few_percent_more_is_no_surge)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	wake_time_t t, base = t0();
	int i = 0;

	/* 20 a minute all morning, 21 a minute in the window */
	for (t = base; t < base + 11 * HOUR; t += 3 * NS, i++)
		put_ev(&b, t, "app", "web-1", "err", "log", "slow request",
		    "");
	for (t = base + 9 * HOUR + NS / 2; t < base + 11 * HOUR;
	    t += 60 * NS)
		put_ev(&b, t, "app", "web-1", "err", "log", "slow request",
		    "");
	window(&o, 9, 11);
	c = run(&b, &o);
	assert_int_equal(rank_of(c, WAKE_CAUSE_TEMPLATE, "slow"), 0);
	assert_int_equal(rank_of(c, WAKE_CAUSE_HOST, "web-1"), 0);
	wake_cause_free(c);
}

TEST(mentions_and_a_start_before_the_change)
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_cause *c;
	const struct wake_cause_cand *k;

	/* db-1 fails at 09:00:10; the measured start is 08:59:00, the
	 * change 08:59:40: it still comes before the first failure */
	burst(&b);
	put_ev(&b, t0() + 8 * HOUR + 59 * MIN + 40 * NS, "chg", "chg-01",
	    "notice", "change", "CHG-5 started: db-1 failover test",
	    "change=CHG-5 actor=ann origin=chg.log:9");
	put_ev(&b, t0() + 9 * HOUR + 20 * MIN, "chat", "bob", "-", "chat",
	    "is CHG-5 related?", "change=CHG-5");
	o.start = t0() + 8 * HOUR + 59 * MIN;
	o.end = t0() + 11 * HOUR;
	c = run(&b, &o);
	k = wake_cause_get(c, 0);
	assert_non_null(k);
	assert_int_equal(k->kind, WAKE_CAUSE_CHANGE);
	assert_string_equal(k->subject, "CHG-5");
	assert_non_null(strstr(k->summary, "30s before the first failure"));
	assert_non_null(strstr(k->summary, "named 1 time in chat"));
	assert_true(k->score > 0.95);
	wake_cause_free(c);
}
