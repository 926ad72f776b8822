/*
 * Unit tests of lib/detect.c: baseline, spikes and drops, blips,
 * hysteresis, joining, settling, markers, declared incidents, ids and
 * the pass-through of lines.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/detect.h>
#include <wake/incident.h>

#include "internal.h"
#include "test.h"

#define NS	INT64_C(1000000000)
#define MIN	(60 * NS)
/* 2024-03-04T00:00:00Z */
#define T0	(INT64_C(1709510400) * NS)

/* Rate per minute of a series at minute m. */
typedef double (*rate_fn)(int m);

struct feed {
	const char	*src;
	int		 sev;
	int		 kind;
	rate_fn		 rate;
};

static uint64_t rng = 88172645463325252ULL;

static double
uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

/* A Poisson count (Knuth's method: the rates here are small). */
static int
poisson(double lam)
{
	double l = exp(-lam), p = 1;
	int k = 0;

	if (lam <= 0)
		return 0;
	if (lam > 500)
		return (int)lam;
	do {
		k++;
		p *= uniform();
	} while (p > l);
	return k - 1;
}

static struct wake_detect *
detector(struct wake_detect_opts *o, struct wake_buf *out)
{
	struct wake_detect *d;

	o->out = out;
	assert_int_equal(wake_detect_new(&d), WAKE_OK);
	assert_int_equal(wake_detect_setup(d, o), WAKE_OK);
	return d;
}

/* Minutes [from, to) of the series in f (nf of them), in time order. */
static void
run_range(struct wake_detect *d, const struct feed *f, size_t nf, int from,
    int to)
{
	struct wake_event ev;
	int m, k, j, c;
	size_t i;

	wake_event_init(&ev);
	for (m = from; m < to; m++)
		for (i = 0; i < nf; i++) {
			c = poisson(f[i].rate(m));
			for (j = 0; j < c; j++) {
				k = (int)(j * 60 / c);
				wake_event_reset(&ev);
				ev.ts = T0 + m * MIN + k * NS + (int64_t)i;
				ev.src.p = f[i].src;
				ev.src.n = strlen(f[i].src);
				ev.sev = f[i].sev;
				ev.kind = f[i].kind;
				ev.msg.p = "x";
				ev.msg.n = 1;
				/* Calls: one entering a queue. */
				if (ev.kind == WAKE_KIND_CALL)
					assert_int_equal(wake_event_attrz(&ev,
					    "event", "enter"), WAKE_OK);
				assert_int_equal(wake_detect_add(d, &ev),
				    WAKE_OK);
			}
		}
	wake_event_free(&ev);
}

/* Minutes [0, n), then one event past the end so the last closes. */
static void
run_feeds(struct wake_detect *d, const struct feed *f, size_t nf, int n)
{
	struct wake_event ev;

	rng = 88172645463325252ULL;
	run_range(d, f, nf, 0, n);
	wake_event_init(&ev);
	ev.ts = T0 + n * MIN;
	ev.src.p = "clock";
	ev.src.n = 5;
	ev.kind = WAKE_KIND_PHASE;
	assert_int_equal(wake_detect_add(d, &ev), WAKE_OK);
	wake_event_free(&ev);
}

/* Minute of an incident's phase relative to T0 (-1: none). */
static double
minute(const struct wake_incident *inc, int p)
{
	if (inc->t[p] == WAKE_TIME_NONE)
		return -1;
	return (double)(inc->t[p] - T0) / (double)MIN;
}

/* got within tol of want, showing both when not. */
#define assert_near(got, want, tol) do {				\
	double an_g_ = (got), an_w_ = (want);				\
	if (fabs(an_g_ - an_w_) > (tol))				\
		fail_msg("got %g, want %g (+-%g)", an_g_, an_w_,	\
		    (double)(tol));					\
} while (0)

static const struct wake_incidents *
finish(struct wake_detect *d)
{
	assert_int_equal(wake_detect_finish(d), WAKE_OK);
	return wake_detect_incidents(d);
}

static double r_flat(int m) { (void)m; return 20; }
static double r_low(int m) { (void)m; return 1; }

static double
r_spike(int m)
{
	return m >= 200 && m < 220 ? 30 : 1;
}

static double
r_blip(int m)
{
	return m >= 200 && m < 202 ? 30 : 1;
}

static double
r_silent(int m)
{
	return m >= 200 && m < 260 ? 0 : 30;
}

/* Above the bar, a short dip to half, above again: one window. */
static double
r_dip(int m)
{
	if (m >= 200 && m < 230)
		return m >= 212 && m < 214 ? 8 : 30;
	return 1;
}

static double
r_spike_a(int m)
{
	return m >= 200 && m < 215 ? 30 : 1;
}

static double
r_spike_b(int m)
{
	return m >= 225 && m < 240 ? 30 : 1;
}

static double
r_spike_late(int m)
{
	return m >= 300 && m < 315 ? 30 : 1;
}

/*
 * A small site's day: requests by the hour (2 to 8 a minute), and an
 * outage of two and a half days from minute OUT0 to OUT1 (the third
 * night to the fifth afternoon) in which most requests fail.
 */
#define OUT0	(3 * 1440 + 160)
#define OUT1	(OUT0 + 3600)

static double
traffic(int m)
{
	double h = (double)(m % 1440) / 60;

	return 2 + 6 * fmax(0, 1 - fabs(h - 14) / 9);
}

static int
out(int m)
{
	return m >= OUT0 && m < OUT1;
}

static double r_site_ok(int m) { return out(m) ? traffic(m) / 7 :
    traffic(m); }
static double r_site_err(int m) { return out(m) ? traffic(m) * 6 / 7 : 0; }

TEST(outage_of_days_is_one_incident)
{
	/* The access log's served and failed requests, and an error log
	 * that has nothing before the outage and falls silent after. */
	struct feed f[] = {
		{ "access", WAKE_SEV_INFO, WAKE_KIND_LOG, r_site_ok },
		{ "access", WAKE_SEV_ERR, WAKE_KIND_LOG, r_site_err },
		{ "error", WAKE_SEV_ERR, WAKE_KIND_LOG, r_site_err },
	};
	const struct wake_incidents *l;
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	run_feeds(d, f, 3, OUT1 + 1440);
	l = finish(d);
	/* Not cut at a night's lull nor at a day's learning, and the
	 * error log's silence after is no drop. */
	assert_int_equal(l->n, 1);
	/* At night the first errors come two a minute: a few to see. */
	assert_near(minute(&l->v[0], WAKE_PHASE_START), OUT0, 5);
	assert_near(minute(&l->v[0], WAKE_PHASE_RECOVER), OUT1, 3);
	assert_null(strstr(l->v[0].title, "drop"));
	wake_detect_free(d);
}

/* A relay that logs (no severity) from 08:00 to 18:00 each day. */
static double
r_office(int m)
{
	int h = (m % 1440) / 60;

	return h >= 8 && h < 18 ? 2 : 0;
}

TEST(same_step_each_morning_is_no_spike)
{
	struct feed f[] = {
		{ "relay", WAKE_SEV_NONE, WAKE_KIND_LOG, r_office },
		{ "pbx", WAKE_SEV_INFO, WAKE_KIND_LOG, r_low },
	};
	struct wake_detect_opts o;
	struct wake_detect *d;

	/* The first morning is new; the next ones are yesterday's. */
	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	run_feeds(d, f, 2, 4 * 1440);
	assert_int_equal(finish(d)->n, 0);
	wake_detect_free(d);
}

/* A mobile queue with no calls at night until an outage at 04:00. */
static double
r_mobile_step(int m)
{
	return m >= 240 && m < 400 ? 1.2 : m % 240 == 0 ? 1 : 0;
}

TEST(calls_at_night_from_none_are_a_spike)
{
	struct feed f[] = {
		{ "pbx", WAKE_SEV_INFO, WAKE_KIND_CALL, r_mobile_step },
		{ "web", WAKE_SEV_INFO, WAKE_KIND_LOG, r_low },
	};
	const struct wake_incidents *l;
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	run_feeds(d, f, 2, 600);
	l = finish(d);
	assert_int_equal(l->n, 1);
	assert_near(minute(&l->v[0], WAKE_PHASE_START), 240, 5);
	assert_non_null(strstr(l->v[0].title, "calls offered"));
	wake_detect_free(d);
}

TEST(cdr_rows_are_calls_offered)
{
	const struct wake_incidents *l;
	struct wake_detect_opts o;
	struct wake_detect *d;
	struct wake_event ev;
	int m, k, n;

	/* A CDR row is a whole call: a disposition, no event. */
	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	wake_event_init(&ev);
	for (m = 0; m < 480; m++) {
		n = m >= 300 && m < 360 ? 8 : 1;
		for (k = 0; k < n; k++) {
			wake_event_reset(&ev);
			ev.ts = T0 + m * MIN + k * 7 * NS;
			ev.src.p = "Master";
			ev.src.n = 6;
			ev.sev = WAKE_SEV_INFO;
			ev.kind = WAKE_KIND_CALL;
			assert_int_equal(wake_event_attrz(&ev, "disposition",
			    k % 3 ? "ANSWERED" : "NO ANSWER"), WAKE_OK);
			assert_int_equal(wake_detect_add(d, &ev), WAKE_OK);
		}
	}
	wake_event_free(&ev);
	l = finish(d);
	assert_int_equal(l->n, 1);
	assert_near(minute(&l->v[0], WAKE_PHASE_START), 300, 3);
	assert_near(minute(&l->v[0], WAKE_PHASE_RECOVER), 360, 3);
	assert_non_null(strstr(l->v[0].title, "Master calls offered"));
	wake_detect_free(d);
}

TEST(flat_rate_no_incident)
{
	struct feed f[] = { { "web", WAKE_SEV_ERR, WAKE_KIND_LOG, r_flat } };
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	run_feeds(d, f, 1, 600);
	assert_int_equal(finish(d)->n, 0);
	wake_detect_free(d);
}

TEST(spike_found)
{
	struct feed f[] = { { "web", WAKE_SEV_ERR, WAKE_KIND_LOG, r_spike } };
	const struct wake_incidents *l;
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	run_feeds(d, f, 1, 400);
	l = finish(d);
	assert_int_equal(l->n, 1);
	assert_near(minute(&l->v[0], WAKE_PHASE_START), 200, 2);
	assert_near(minute(&l->v[0], WAKE_PHASE_RECOVER), 220, 2);
	assert_int_equal(l->v[0].basis, WAKE_INCIDENT_MEASURED);
	assert_string_equal(l->v[0].id, "INC-20240304-1");
	assert_non_null(strstr(l->v[0].why[WAKE_PHASE_START],
	    "web err rose to"));
	assert_non_null(strstr(l->v[0].title, "web err"));
	wake_detect_free(d);
}

TEST(blip_ignored)
{
	struct feed f[] = { { "web", WAKE_SEV_ERR, WAKE_KIND_LOG, r_blip } };
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	run_feeds(d, f, 1, 400);
	assert_int_equal(finish(d)->n, 0);
	wake_detect_free(d);
}

TEST(info_rise_is_not_a_spike)
{
	struct feed f[] = { { "web", WAKE_SEV_INFO, WAKE_KIND_LOG,
	    r_spike } };
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	run_feeds(d, f, 1, 400);
	assert_int_equal(finish(d)->n, 0);
	wake_detect_free(d);
}

TEST(silent_source_found)
{
	/* The calls go on, so time moves while web says nothing. */
	struct feed f[] = {
		{ "web", WAKE_SEV_INFO, WAKE_KIND_LOG, r_silent },
		{ "pbx", WAKE_SEV_INFO, WAKE_KIND_LOG, r_low },
	};
	const struct wake_incidents *l;
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	run_feeds(d, f, 2, 400);
	l = finish(d);
	assert_int_equal(l->n, 1);
	assert_near(minute(&l->v[0], WAKE_PHASE_START), 200, 2);
	assert_near(minute(&l->v[0], WAKE_PHASE_RECOVER), 260, 2);
	assert_non_null(strstr(l->v[0].title, "drop in web info"));
	wake_detect_free(d);
}

TEST(hysteresis_one_window)
{
	struct feed f[] = { { "web", WAKE_SEV_ERR, WAKE_KIND_LOG, r_dip } };
	const struct wake_incidents *l;
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	run_feeds(d, f, 1, 400);
	l = finish(d);
	assert_int_equal(l->n, 1);
	/* One series entry: the dip did not close the window. */
	assert_null(strchr(l->v[0].series, ';'));
	assert_near(minute(&l->v[0], WAKE_PHASE_RECOVER), 230, 2);
	wake_detect_free(d);
}

TEST(join_and_settle)
{
	struct feed f[] = {
		{ "web", WAKE_SEV_ERR, WAKE_KIND_LOG, r_spike_a },
		{ "db", WAKE_SEV_ERR, WAKE_KIND_LOG, r_spike_b },
		{ "app", WAKE_SEV_ERR, WAKE_KIND_LOG, r_spike_late },
	};
	const struct wake_incidents *l;
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	run_feeds(d, f, 3, 500);
	l = finish(d);
	/* web and db 10 minutes apart: one; app an hour later: another. */
	assert_int_equal(l->n, 2);
	assert_near(minute(&l->v[0], WAKE_PHASE_START), 200, 2);
	assert_near(minute(&l->v[0], WAKE_PHASE_RECOVER), 240, 2);
	assert_non_null(strstr(l->v[0].series, "web err"));
	assert_non_null(strstr(l->v[0].series, "db err"));
	assert_near(minute(&l->v[1], WAKE_PHASE_START), 300, 2);
	assert_string_equal(l->v[1].id, "INC-20240304-2");
	wake_detect_free(d);

	/* A join shorter than the gap keeps them apart. */
	wake_detect_opts_init(&o);
	o.join = 5 * MIN;
	o.settle = 5 * MIN;
	d = detector(&o, NULL);
	run_feeds(d, f, 3, 500);
	assert_int_equal(finish(d)->n, 3);
	wake_detect_free(d);
}

/* An event at minute m (plus s seconds) with these fields. */
static void
marker(struct wake_detect *d, double m, int kind, const char *phase,
    const char *msg)
{
	struct wake_event ev;

	wake_event_init(&ev);
	ev.ts = T0 + (int64_t)(m * (double)MIN);
	ev.src.p = "chat";
	ev.src.n = 4;
	ev.kind = kind;
	ev.msg.p = msg;
	ev.msg.n = strlen(msg);
	if (phase != NULL)
		assert_int_equal(wake_event_attrz(&ev, "phase", phase),
		    WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "origin", "chat.log:7"),
	    WAKE_OK);
	assert_int_equal(wake_detect_add(d, &ev), WAKE_OK);
	wake_event_free(&ev);
}

/* A quiet series around markers, so time moves. */
static void
quiet_until(struct wake_detect *d, int from, int to)
{
	struct wake_event ev;
	int m;

	wake_event_init(&ev);
	for (m = from; m < to; m++) {
		wake_event_reset(&ev);
		ev.ts = T0 + m * MIN + 30 * NS;
		ev.src.p = "web";
		ev.src.n = 3;
		ev.sev = WAKE_SEV_INFO;
		assert_int_equal(wake_detect_add(d, &ev), WAKE_OK);
	}
	wake_event_free(&ev);
}

TEST(markers_give_phases)
{
	struct feed f[] = { { "web", WAKE_SEV_ERR, WAKE_KIND_LOG, r_spike } };
	const struct wake_incidents *l;
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	/* Before: an alert too early to count (more than --lead before). */
	rng = 88172645463325252ULL;
	run_range(d, f, 1, 0, 150);
	marker(d, 150, WAKE_KIND_ALERT, NULL, "early alert");
	run_range(d, f, 1, 150, 195);
	marker(d, 195, WAKE_KIND_CHAT, "ack", "ack before any alert");
	run_range(d, f, 1, 195, 205);
	marker(d, 205, WAKE_KIND_ALERT, NULL, "FIRING ErrorsHigh");
	marker(d, 205.5, WAKE_KIND_ALERT, NULL, "FIRING again");
	run_range(d, f, 1, 206, 207);
	marker(d, 207, WAKE_KIND_CHAT, "ack", "ack, looking");
	run_range(d, f, 1, 207, 212);
	marker(d, 212, WAKE_KIND_CHAT, "mitigate", "rolled back");
	run_range(d, f, 1, 212, 230);
	marker(d, 230, WAKE_KIND_CHAT, "resolve", "resolved");
	run_range(d, f, 1, 230, 240);
	marker(d, 240, WAKE_KIND_CHAT, "resolve", "all clear now");
	run_range(d, f, 1, 240, 600);
	quiet_until(d, 600, 601);
	l = finish(d);
	/* The early alert and ack alone are no incident: a human must
	 * answer an alert for a declared one. */
	assert_int_equal(l->n, 1);
	assert_int_equal((int)minute(&l->v[0], WAKE_PHASE_DETECT), 205);
	assert_int_equal((int)minute(&l->v[0], WAKE_PHASE_ACK), 207);
	assert_int_equal((int)minute(&l->v[0], WAKE_PHASE_MITIGATE), 212);
	assert_int_equal((int)minute(&l->v[0], WAKE_PHASE_RESOLVE), 240);
	assert_string_equal(l->v[0].ref[WAKE_PHASE_DETECT], "chat.log:7");
	assert_non_null(strstr(l->v[0].why[WAKE_PHASE_DETECT],
	    "FIRING ErrorsHigh"));
	wake_detect_free(d);
}

TEST(declared_incident)
{
	const struct wake_incidents *l;
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	quiet_until(d, 0, 100);
	/* A lone alert that clears: nothing. */
	marker(d, 100, WAKE_KIND_ALERT, NULL, "FIRING DiskLow");
	marker(d, 110, WAKE_KIND_ALERT, "resolve", "RESOLVED DiskLow");
	quiet_until(d, 111, 300);
	/* "Is it down?", an ack, a resolve: declared. */
	marker(d, 300, WAKE_KIND_CHAT, "detect", "is mail down for anyone?");
	marker(d, 305, WAKE_KIND_CHAT, "ack", "looking into it");
	marker(d, 340, WAKE_KIND_CHAT, "resolve", "resolved");
	quiet_until(d, 341, 700);
	l = finish(d);
	assert_int_equal(l->n, 1);
	assert_int_equal(l->v[0].basis, WAKE_INCIDENT_DECLARED);
	assert_int_equal((int)minute(&l->v[0], WAKE_PHASE_START), 300);
	assert_int_equal((int)minute(&l->v[0], WAKE_PHASE_DETECT), 300);
	assert_int_equal((int)minute(&l->v[0], WAKE_PHASE_ACK), 305);
	assert_int_equal((int)minute(&l->v[0], WAKE_PHASE_RESOLVE), 340);
	assert_true(l->v[0].t[WAKE_PHASE_RECOVER] == WAKE_TIME_NONE);
	assert_string_equal(l->v[0].title, "is mail down for anyone?");
	wake_detect_free(d);
}

TEST(all_clear_alert_is_no_detect)
{
	struct wake_detect_opts o;
	struct wake_detect *d;
	struct wake_event ev;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	quiet_until(d, 0, 100);
	/* A monitor's all-clear, then talk: no one was told of trouble. */
	wake_event_init(&ev);
	ev.ts = T0 + 100 * MIN;
	ev.src.p = "chat";
	ev.src.n = 4;
	ev.kind = WAKE_KIND_ALERT;
	ev.msg.p = "[RESOLVED] DiskLow";
	ev.msg.n = strlen(ev.msg.p);
	assert_int_equal(wake_event_attrz(&ev, "alert", "resolved"), WAKE_OK);
	assert_int_equal(wake_detect_add(d, &ev), WAKE_OK);
	wake_event_free(&ev);
	marker(d, 102, WAKE_KIND_CHAT, "ack", "looking into it");
	quiet_until(d, 103, 400);
	assert_int_equal(finish(d)->n, 0);
	wake_detect_free(d);
}

TEST(lines_pass_through)
{
	static const char *const lines[] = {
		"#wake events 1",
		"2024-03-04T00:00:01.000Z\tweb\t-\terr\tlog\ta\\tb\torigin=x:1",
		"not an event",
		"",
		"2024-03-04T00:00:02.000Z\tweb\th1\tinfo\tlog\tok\t",
	};
	struct wake_buf out = WAKE_BUF_INIT, want = WAKE_BUF_INIT;
	struct wake_detect_opts o;
	struct wake_detect *d;
	size_t i;

	wake_detect_opts_init(&o);
	d = detector(&o, &out);
	for (i = 0; i < WK_NELEM(lines); i++) {
		assert_int_equal(wake_detect_line(d, lines[i],
		    strlen(lines[i])), WAKE_OK);
		assert_int_equal(wake_buf_put(&want, lines[i],
		    strlen(lines[i])), WAKE_OK);
		assert_int_equal(wake_buf_putc(&want, '\n'), WAKE_OK);
	}
	assert_int_equal(wake_detect_finish(d), WAKE_OK);
	assert_int_equal(out.n, want.n);
	assert_memory_equal(out.p, want.p, want.n);
	wake_detect_free(d);
	wake_buf_free(&out);
	wake_buf_free(&want);
}

TEST(phase_events_follow_input_form)
{
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_detect_opts o;
	struct wake_detect *d;
	char line[256];
	int m, k, n;

	wake_detect_opts_init(&o);
	o.quiet = 1;
	d = detector(&o, &out);
	for (m = 0; m < 300; m++) {
		n = m >= 200 && m < 220 ? 30 : 1;
		for (k = 0; k < n; k++) {
			snprintf(line, sizeof(line), "{\"ts\":\"2024-03-04T"
			    "%02d:%02d:%02d.000Z\",\"src\":\"web\","
			    "\"host\":\"-\",\"sev\":\"err\",\"kind\":\"log\","
			    "\"msg\":\"x\",\"attrs\":{}}", m / 60, m % 60,
			    k * 60 / n);
			assert_int_equal(wake_detect_line(d, line,
			    strlen(line)), WAKE_OK);
		}
	}
	assert_int_equal(wake_detect_finish(d), WAKE_OK);
	assert_int_equal(wake_detect_incidents(d)->n, 1);
	assert_true(out.n > 0);
	assert_int_equal(out.p[0], '{');
	assert_non_null(memmem(out.p, out.n, "\"phase\":\"start\"", 15));
	assert_non_null(memmem(out.p, out.n, "\"phase\":\"recover\"", 17));
	wake_detect_free(d);
	wake_buf_free(&out);
}

TEST(options)
{
	struct wake_detect_opts o;
	struct wake_detect *d;

	wake_detect_opts_init(&o);
	assert_int_equal(wake_detect_sensitivity(&o, "high"), WAKE_OK);
	assert_true(o.threshold < 4);
	assert_int_equal(wake_detect_sensitivity(&o, "low"), WAKE_OK);
	assert_true(o.threshold > 4);
	assert_int_equal(wake_detect_sensitivity(&o, "extreme"),
	    WAKE_ERR_USAGE);
	wake_detect_opts_init(&o);
	o.by = "src,colour";
	assert_int_equal(wake_detect_new(&d), WAKE_OK);
	assert_int_equal(wake_detect_setup(d, &o), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_detect_error(d), "colour"));
	wake_detect_free(d);
	wake_detect_opts_init(&o);
	o.bin = 0;
	assert_int_equal(wake_detect_new(&d), WAKE_OK);
	assert_int_equal(wake_detect_setup(d, &o), WAKE_ERR_USAGE);
	wake_detect_free(d);
	wake_detect_free(NULL);
}

TEST(metric_series_by_value)
{
	struct wake_detect_opts o;
	struct wake_detect *d;
	const struct wake_incidents *l;
	struct wake_event ev;
	char v[16];
	int m;

	wake_detect_opts_init(&o);
	d = detector(&o, NULL);
	wake_event_init(&ev);
	for (m = 0; m < 400; m++) {
		wake_event_reset(&ev);
		ev.ts = T0 + m * MIN;
		ev.src.p = "reports";
		ev.src.n = 7;
		ev.kind = WAKE_KIND_METRIC;
		snprintf(v, sizeof(v), "%d", m >= 200 && m < 240 ? 400 :
		    3 + m % 3);
		assert_int_equal(wake_event_attrz(&ev, "metric", "reports"),
		    WAKE_OK);
		assert_int_equal(wake_event_attrz(&ev, "value", v), WAKE_OK);
		assert_int_equal(wake_detect_add(d, &ev), WAKE_OK);
	}
	wake_event_free(&ev);
	l = finish(d);
	assert_int_equal(l->n, 1);
	assert_near(minute(&l->v[0], WAKE_PHASE_START), 200, 2);
	assert_near(minute(&l->v[0], WAKE_PHASE_RECOVER), 240, 2);
	assert_non_null(strstr(l->v[0].series, "reports reports"));
	wake_detect_free(d);
}
