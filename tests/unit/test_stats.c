/*
 * Unit tests of lib/stats.c: bins, series, zero rows, sums, call KPIs,
 * events out of order, limits, output forms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/input.h>
#include <wake/stats.h>

#include "internal.h"
#include "test.h"

#define NS	INT64_C(1000000000)

struct diags {
	int	 n;
	char	 last[512];
};

static void
on_diag(void *arg, const char *origin, unsigned long line, const char *why)
{
	struct diags *d = arg;

	d->n++;
	snprintf(d->last, sizeof(d->last), "%s:%lu: %s", origin, line, why);
}

/* Run text through a set-up aggregator; the output as a string. */
static char *
run_opts(struct wake_stats_opts *o, const char *text, struct diags *d)
{
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_stats *s;
	struct wake_input *in;
	char *r;

	o->out = &out;
	o->diag = on_diag;
	o->diag_arg = d;
	assert_int_equal(wake_stats_new(&s), WAKE_OK);
	assert_int_equal(wake_stats_setup(s, o), WAKE_OK);
	assert_int_equal(wake_input_open_mem(&in, "t", text, strlen(text),
	    NULL), WAKE_OK);
	assert_int_equal(wake_stats_run(s, in, NULL), WAKE_OK);
	wake_input_free(in);
	assert_int_equal(wake_stats_finish(s), WAKE_OK);
	wake_stats_free(s);
	r = calloc(1, out.n + 1);
	assert_non_null(r);
	if (out.n > 0)
		memcpy(r, out.p, out.n);
	wake_buf_free(&out);
	return r;
}

static void
check(struct wake_stats_opts *o, const char *text, const char *want,
    int ndiag)
{
	struct diags d = { 0, "" };
	char *got = run_opts(o, text, &d);

	assert_string_equal(got, want);
	if (d.n != ndiag)
		fail_msg("%d diagnostics, want %d; last: %s", d.n, ndiag,
		    d.last);
	free(got);
}

#define EV(ts, host, kind, attrs) \
	"2024-02-22T" ts "Z\tnet\t" host "\tinfo\t" kind "\tm\t" attrs "\n"

TEST(count_bins_and_zero_rows)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	check(&o,
	    EV("09:00:01.000", "r1", "log", "")
	    EV("09:00:59.999", "r1", "log", "")
	    EV("09:03:00.000", "r1", "log", ""),
	    "ts\tcount\n"
	    "2024-02-22T09:00:00Z\t2\n"
	    "2024-02-22T09:01:00Z\t0\n"
	    "2024-02-22T09:02:00Z\t0\n"
	    "2024-02-22T09:03:00Z\t1\n", 0);
}

TEST(count_series_start_at_first_data)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.by = "host";
	o.header = 0;
	check(&o,
	    EV("09:00:01.000", "r2", "log", "")
	    EV("09:01:01.000", "r1", "log", "")
	    EV("09:01:02.000", "-", "log", "")
	    EV("09:02:01.000", "r2", "log", ""),
	    "2024-02-22T09:00:00Z\tr2\t1\n"
	    "2024-02-22T09:01:00Z\t-\t1\n"
	    "2024-02-22T09:01:00Z\tr1\t1\n"
	    "2024-02-22T09:01:00Z\tr2\t0\n"
	    "2024-02-22T09:02:00Z\t-\t0\n"
	    "2024-02-22T09:02:00Z\tr1\t0\n"
	    "2024-02-22T09:02:00Z\tr2\t1\n", 0);
}

TEST(count_sparse)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.by = "host";
	o.header = 0;
	o.sparse = 1;
	check(&o,
	    EV("09:00:01.000", "r2", "log", "")
	    EV("09:01:01.000", "r1", "log", "")
	    EV("09:05:01.000", "r2", "log", ""),
	    "2024-02-22T09:00:00Z\tr2\t1\n"
	    "2024-02-22T09:01:00Z\tr1\t1\n"
	    "2024-02-22T09:05:00Z\tr2\t1\n", 0);
}

TEST(count_by_attr_and_fields)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.by = "attr:queue,kind,sev,src";
	o.bin = 3600 * NS;
	check(&o,
	    EV("09:00:01.000", "r2", "call", "queue=sales")
	    EV("09:10:01.000", "r1", "call", "queue=sales")
	    EV("09:20:01.000", "r1", "log", "")
	    EV("09:30:01.000", "r1", "call", "queue=\"\""),
	    "ts\tqueue\tkind\tsev\tsrc\tcount\n"
	    "2024-02-22T09:00:00Z\t\tcall\tinfo\tnet\t1\n"
	    "2024-02-22T09:00:00Z\t-\tlog\tinfo\tnet\t1\n"
	    "2024-02-22T09:00:00Z\tsales\tcall\tinfo\tnet\t2\n", 0);
}

TEST(count_metric_and_sum)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.header = 0;
	check(&o,
	    EV("10:00:01.000", "w", "metric", "value=1.5")
	    EV("10:00:02.000", "w", "metric", "value=x")
	    EV("10:00:03.000", "w", "log", "value=100")
	    EV("10:00:04.000", "w", "metric", "value=1e2")
	    EV("10:01:00.000", "w", "metric", "value=-0"),
	    "2024-02-22T10:00:00Z\t102.5\n"
	    "2024-02-22T10:01:00Z\t0\n", 0);
	wake_stats_opts_init(&o);
	o.header = 0;
	o.sum = "ms";
	check(&o,
	    EV("10:00:01.000", "w", "log", "ms=3")
	    EV("10:00:02.000", "w", "log", "")
	    EV("10:01:03.000", "w", "log", "ms=nan")
	    EV("10:02:04.000", "w", "log", "ms=0.125"),
	    "2024-02-22T10:00:00Z\t3\n"
	    "2024-02-22T10:01:00Z\t0\n"
	    "2024-02-22T10:02:00Z\t0.125\n", 0);
}

TEST(bins_odd_widths)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.header = 0;
	o.bin = 250 * INT64_C(1000000);
	check(&o,
	    EV("10:00:00.100", "w", "log", "")
	    EV("10:00:00.300", "w", "log", "")
	    EV("10:00:00.600", "w", "log", ""),
	    "2024-02-22T10:00:00.000Z\t1\n"
	    "2024-02-22T10:00:00.250Z\t1\n"
	    "2024-02-22T10:00:00.500Z\t1\n", 0);
	/* Bins are aligned on the epoch, also before it. */
	wake_stats_opts_init(&o);
	o.header = 0;
	o.bin = 7 * NS;
	check(&o,
	    "1969-12-31T23:59:59.000Z\ta\t-\t-\tlog\tm\t\n"
	    "1970-01-01T00:00:06.000Z\ta\t-\t-\tlog\tm\t\n",
	    "1969-12-31T23:59:53Z\t1\n"
	    "1970-01-01T00:00:00Z\t1\n", 0);
}

TEST(late_events_reported)
{
	struct wake_stats_opts o;
	struct diags d = { 0, "" };
	char *got;

	wake_stats_opts_init(&o);
	o.header = 0;
	o.late = 0;
	/* Within the open bin: counted.  Before a written bin: not. */
	got = run_opts(&o,
	    EV("09:00:10.000", "r", "log", "")
	    EV("09:00:05.000", "r", "log", "")
	    EV("09:01:10.000", "r", "log", "")
	    EV("09:00:20.000", "r", "log", "")
	    EV("09:00:30.000", "r", "log", ""), &d);
	assert_string_equal(got,
	    "2024-02-22T09:00:00Z\t2\n"
	    "2024-02-22T09:01:00Z\t1\n");
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.last, "t:4: 2 events out of time order "
	    "(the first here) were not counted"));
	free(got);
	/* The default allowance takes a minute of disorder. */
	wake_stats_opts_init(&o);
	o.header = 0;
	check(&o,
	    EV("09:00:10.000", "r", "log", "")
	    EV("09:01:10.000", "r", "log", "")
	    EV("09:00:20.000", "r", "log", ""),
	    "2024-02-22T09:00:00Z\t2\n"
	    "2024-02-22T09:01:00Z\t1\n", 0);
}

TEST(bad_lines_reported)
{
	struct wake_stats_opts o;
	struct diags d = { 0, "" };
	char *got;

	wake_stats_opts_init(&o);
	o.header = 0;
	got = run_opts(&o,
	    "#wake events 1\n"
	    EV("09:00:10.000", "r", "log", "")
	    "not an event\n"
	    "2024-02-22T09:00:11.000Z\tnet\tr\tinfo\tlog\tm\ta\tb\n"
	    "2024-02-22T09:00:12.000Z\tnet\tr\tinfo\tnope\tm\t\n"
	    "{\"ts\":\"2024-02-22T09:00:13.000Z\",\"src\":\"s\",\"kind\":"
	    "\"log\",\"msg\":\"j\"}\n", &d);
	assert_string_equal(got, "2024-02-22T09:00:00Z\t2\n");
	assert_int_equal(d.n, 3);
	assert_string_equal(d.last, "t:5: unknown kind");
	free(got);
}

TEST(gap_not_filled)
{
	struct wake_stats_opts o;
	struct diags d = { 0, "" };
	char *got;

	wake_stats_opts_init(&o);
	o.header = 0;
	o.bin = INT64_C(1000000);
	got = run_opts(&o,
	    EV("09:00:00.000", "r", "log", "")
	    EV("09:30:00.000", "r", "log", ""), &d);
	assert_string_equal(got,
	    "2024-02-22T09:00:00.000Z\t1\n"
	    "2024-02-22T09:30:00.000Z\t1\n");
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.last,
	    "t:2: time jumps ahead over 1799999 empty bins"));
	free(got);
	/* Up to max_gap empty bins are filled, one more is not. */
	wake_stats_opts_init(&o);
	o.header = 0;
	o.max_gap = 2;
	check(&o,
	    EV("09:00:00.000", "r", "log", "")
	    EV("09:03:00.000", "r", "log", "")
	    EV("09:07:00.000", "r", "log", ""),
	    "2024-02-22T09:00:00Z\t1\n"
	    "2024-02-22T09:01:00Z\t0\n"
	    "2024-02-22T09:02:00Z\t0\n"
	    "2024-02-22T09:03:00Z\t1\n"
	    "2024-02-22T09:07:00Z\t1\n", 1);
}

TEST(series_cap)
{
	struct wake_stats_opts o;
	struct diags d = { 0, "" };
	char *got;

	wake_stats_opts_init(&o);
	o.header = 0;
	o.by = "host";
	o.max_series = 2;
	got = run_opts(&o,
	    EV("09:00:00.000", "a", "log", "")
	    EV("09:00:01.000", "b", "log", "")
	    EV("09:00:02.000", "c", "log", "")
	    EV("09:00:03.000", "d", "log", "")
	    EV("09:00:04.000", "a", "log", ""), &d);
	assert_string_equal(got,
	    "2024-02-22T09:00:00Z\t(other)\t2\n"
	    "2024-02-22T09:00:00Z\ta\t2\n"
	    "2024-02-22T09:00:00Z\tb\t1\n");
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.last, "more than 2 series"));
	free(got);
}

#define CALL(ts, q, attrs) \
	"2024-02-22T" ts "Z\tcalls\t" q "\tinfo\tcall\tq\tqueue=" q " " \
	attrs "\n"

TEST(calls_kpis)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.mode = WAKE_STATS_CALLS;
	o.header = 0;
	/*
	 * a: answered in 15 s, talk 100 wrap 20; b: abandoned after 4 s
	 * (short); c: abandoned after 25 s; d: answered in 25 s (outside
	 * 20 s), talk 50; e: timed out.  offered 4 (a c d e), abandon rate
	 * 1/4, asa (15 + 25) / 2 = 20, service level 1/4, aht
	 * (120 + 50) / 2 = 85, max wait 60.
	 */
	check(&o,
	    CALL("09:00:00.000", "q1", "call=a event=enter")
	    CALL("09:00:01.000", "q1", "call=b event=enter")
	    CALL("09:00:02.000", "q1", "call=c event=enter")
	    CALL("09:00:03.000", "q1", "call=d event=enter")
	    CALL("09:00:04.000", "q1", "call=e event=enter")
	    CALL("09:00:05.000", "q1", "call=b event=abandon wait=4")
	    CALL("09:00:15.000", "q1", "call=a event=answer wait=15")
	    CALL("09:00:27.000", "q1", "call=c event=abandon")
	    CALL("09:00:28.000", "q1", "call=d event=answer wait=25")
	    CALL("09:01:04.000", "q1", "call=e event=timeout wait=60")
	    CALL("09:02:15.000", "q1", "call=a event=complete talk=100 "
	    "wrap=20")
	    CALL("09:02:18.000", "q1", "call=d event=complete talk=50"),
	    "2024-02-22T09:00:00Z\t4\t2\t1\t1\t0.250\t20.0\t0.250\t85.0\t"
	    "60.0\t1\t0\t0\t0.000\t0\n", 0);
}

TEST(calls_short_abandon_and_sl_options)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.mode = WAKE_STATS_CALLS;
	o.header = 0;
	o.short_abandon = 0;
	o.sl = 30 * NS;
	check(&o,
	    CALL("09:00:00.000", "q1", "call=a event=enter")
	    CALL("09:00:01.000", "q1", "call=b event=enter")
	    CALL("09:00:02.000", "q1", "call=b event=abandon wait=1")
	    CALL("09:00:30.000", "q1", "call=a event=answer")
	    CALL("09:00:40.000", "q1", "call=a event=complete talk=10"),
	    "2024-02-22T09:00:00Z\t2\t1\t1\t0\t0.500\t30.0\t0.500\t10.0\t"
	    "30.0\t0\t0\t0\t0.000\t0\n", 0);
}

TEST(calls_bins_wait_for_outcomes)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.mode = WAKE_STATS_CALLS;
	o.header = 0;
	o.by = "attr:queue";
	/* a enters at 09:00 and ends at 09:30: it counts at 09:00. */
	check(&o,
	    CALL("09:00:00.000", "q1", "call=a event=enter")
	    CALL("09:01:00.000", "q1", "call=b event=enter")
	    CALL("09:01:05.000", "q1", "call=b event=abandon")
	    CALL("09:30:00.000", "q1", "call=a event=abandon"),
	    "2024-02-22T09:00:00Z\tq1\t1\t0\t1\t0\t1.000\t0.0\t0.000\t0.0\t"
	    "1800.0\t0\t0\t0\t0.000\t0\n"
	    "2024-02-22T09:01:00Z\tq1\t1\t0\t1\t0\t1.000\t0.0\t0.000\t0.0\t"
	    "5.0\t0\t0\t0\t0.000\t0\n", 0);
}

TEST(calls_open_and_given_up)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.mode = WAKE_STATS_CALLS;
	o.header = 0;
	o.max_call = 60 * NS;
	/*
	 * a is given up on at 09:01:01 (open), and its abandon later is
	 * not counted again; b is still open at the end.
	 */
	check(&o,
	    CALL("09:00:00.000", "q1", "call=a event=enter")
	    CALL("09:02:00.000", "q1", "call=b event=enter")
	    CALL("09:02:30.000", "q1", "call=a event=abandon wait=150"),
	    "2024-02-22T09:00:00Z\t0\t0\t0\t0\t0.000\t0.0\t0.000\t0.0\t"
	    "0.0\t0\t0\t0\t0.000\t1\n"
	    "2024-02-22T09:01:00Z\t0\t0\t0\t0\t0.000\t0.0\t0.000\t0.0\t"
	    "0.0\t0\t0\t0\t0.000\t0\n"
	    "2024-02-22T09:02:00Z\t0\t0\t0\t0\t0.000\t0.0\t0.000\t0.0\t"
	    "0.0\t0\t0\t0\t0.000\t1\n", 0);
}

TEST(calls_orphans_and_reentry)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.mode = WAKE_STATS_CALLS;
	o.header = 0;
	o.by = "attr:queue,attr:agent";
	/*
	 * x was in the queue before the stream began: it counts in the bin
	 * of its answer; its agent, unknown at first, is taken from the
	 * answer.  y enters q1, is transferred by the bot, enters q2.
	 */
	check(&o,
	    CALL("09:00:10.000", "q1", "call=x event=answer wait=3 "
	    "agent=al")
	    CALL("09:00:20.000", "q1", "call=y event=enter")
	    CALL("09:00:21.000", "q1", "call=y event=answer wait=1 "
	    "handled_by=bot agent=bot1")
	    CALL("09:00:40.000", "q1", "call=y event=transfer talk=19")
	    CALL("09:00:41.000", "q2", "call=y event=enter")
	    CALL("09:00:45.000", "q2", "call=y event=answer handled_by=agent "
	    "agent=bo")
	    CALL("09:00:50.000", "q1", "call=x event=complete talk=40")
	    CALL("09:01:45.000", "q2", "call=y event=complete talk=60"),
	    "2024-02-22T09:00:00Z\tq1\tal\t1\t1\t0\t0\t0.000\t3.0\t1.000\t"
	    "40.0\t3.0\t0\t0\t0\t0.000\t0\n"
	    "2024-02-22T09:00:00Z\tq1\tbot1\t1\t1\t0\t0\t0.000\t1.0\t1.000\t"
	    "19.0\t1.0\t0\t0\t1\t0.000\t0\n"
	    "2024-02-22T09:00:00Z\tq2\tbo\t1\t1\t0\t0\t0.000\t4.0\t1.000\t"
	    "60.0\t4.0\t0\t0\t0\t0.000\t0\n", 0);
}

TEST(calls_cdr_records)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.mode = WAKE_STATS_CALLS;
	o.header = 0;
	/* CDR records count where no queue event entered a call. */
	check(&o,
	    CALL("09:00:10.000", "-", "call=1 disposition=ANSWERED "
	    "duration=30 billsec=20 handled_by=bot")
	    CALL("09:00:20.000", "-", "call=2 disposition=\"NO ANSWER\" "
	    "duration=9")
	    CALL("09:00:30.000", "-", "call=3 disposition=FAILED")
	    CALL("09:01:10.000", "-", "call=4 disposition=ANSWERED "
	    "duration=30 billsec=20")
	    CALL("09:01:15.000", "q1", "call=5 event=enter")
	    CALL("09:01:16.000", "q1", "call=5 event=abandon"),
	    "2024-02-22T09:00:00Z\t2\t1\t1\t0\t0.500\t10.0\t0.500\t20.0\t"
	    "10.0\t0\t1\t1\t1.000\t0\n"
	    "2024-02-22T09:01:00Z\t0\t0\t0\t0\t0.000\t0.0\t0.000\t0.0\t"
	    "1.0\t1\t0\t0\t0.000\t0\n", 0);
}

TEST(calls_ignore_other_events)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.mode = WAKE_STATS_CALLS;
	check(&o,
	    EV("09:00:10.000", "r", "log", "call=z event=enter")
	    CALL("09:00:11.000", "q", "call=NONE event=system")
	    CALL("09:00:12.000", "q", "call=a event=agent")
	    CALL("09:00:13.000", "q", "event=enter")
	    CALL("09:00:14.000", "q", "call=b"),
	    "ts\toffered\tanswered\tabandoned\ttimeout\tabandon_rate\tasa\t"
	    "service_level\taht\tmax_wait\tshort_abandoned\tother\tbot\t"
	    "containment\topen\n", 0);
}

static int
collect(void *arg, const struct wake_stats_row *r)
{
	int *n = arg;

	assert_int_equal(r->nkeys, 1);
	assert_int_equal(r->nvals, 1);
	assert_int_equal(r->ts % (60 * NS), 0);
	return ++*n == 2;	/* stop after two rows */
}

TEST(row_callback_and_stop)
{
	struct wake_stats_opts o;
	struct wake_stats *s;
	struct wake_event ev;
	const char *const *names;
	const char *why, *line = EV("09:00:00.000", "a", "log", "");
	int n = 0;

	wake_stats_opts_init(&o);
	o.by = "host";
	o.row = collect;
	o.row_arg = &n;
	assert_int_equal(wake_stats_new(&s), WAKE_OK);
	assert_int_equal(wake_stats_setup(s, &o), WAKE_OK);
	assert_int_equal(wake_stats_columns(s, &names), 1);
	assert_string_equal(names[0], "count");
	wake_event_init(&ev);
	assert_int_equal(wake_event_read(&ev, line, strlen(line) - 1, &why),
	    WAKE_OK);
	assert_int_equal(wake_stats_add(s, &ev), WAKE_OK);
	ev.ts += 600 * NS;
	assert_int_equal(wake_stats_add(s, &ev), WAKE_OK);
	assert_int_equal(n, 1);
	/* The next bins come out: the first empty one is the second row. */
	ev.ts += 600 * NS;
	assert_int_equal(wake_stats_add(s, &ev), WAKE_EOF);
	assert_int_equal(n, 2);
	assert_int_equal(wake_stats_add(s, &ev), WAKE_EOF);
	assert_int_equal(wake_stats_finish(s), WAKE_EOF);
	wake_event_free(&ev);
	wake_stats_free(s);
}

TEST(setup_errors)
{
	static const char *const bad_by[] = { "host,", "nope", "attr:",
	    "attr:a b", ",host", "src,src,src,src,src,src,src,src,src,src,"
	    "src,src,src,src,src,src,src" };
	struct wake_stats_opts o;
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_stats *s;
	size_t i;

	for (i = 0; i < WK_NELEM(bad_by); i++) {
		wake_stats_opts_init(&o);
		o.out = &out;
		o.by = bad_by[i];
		assert_int_equal(wake_stats_new(&s), WAKE_OK);
		assert_int_equal(wake_stats_setup(s, &o), WAKE_ERR_USAGE);
		assert_non_null(strstr(wake_stats_error(s), "--by"));
		wake_stats_free(s);
	}
	wake_stats_opts_init(&o);
	o.out = &out;
	o.format = WAKE_STATS_CHART;
	o.chart_column = "asa";
	assert_int_equal(wake_stats_new(&s), WAKE_OK);
	assert_int_equal(wake_stats_setup(s, &o), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_stats_error(s), "no column 'asa'"));
	wake_stats_free(s);
	wake_stats_opts_init(&o);
	o.out = &out;
	o.bin = 1500;
	assert_int_equal(wake_stats_new(&s), WAKE_OK);
	assert_int_equal(wake_stats_setup(s, &o), WAKE_ERR_USAGE);
	wake_stats_free(s);
	wake_stats_opts_init(&o);
	o.out = &out;
	o.mode = WAKE_STATS_CALLS;
	o.sum = "x";
	assert_int_equal(wake_stats_new(&s), WAKE_OK);
	assert_int_equal(wake_stats_setup(s, &o), WAKE_ERR_USAGE);
	wake_stats_free(s);
	wake_buf_free(&out);
	wake_stats_free(NULL);
}

TEST(csv_and_json_escaping)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.format = WAKE_STATS_CSV;
	o.by = "attr:who";
	check(&o,
	    EV("09:00:00.000", "a", "log", "who=\"=cmd|' /C calc'!A0\"")
	    EV("09:00:01.000", "a", "log", "who=\"a,\\\"b\\\"\"")
	    EV("09:00:02.000", "a", "log", "who=-"),
	    "ts,who,count\n"
	    "2024-02-22T09:00:00Z,-,1\n"
	    "2024-02-22T09:00:00Z,'=cmd|' /C calc'!A0,1\n"
	    "2024-02-22T09:00:00Z,\"a,\"\"b\"\"\",1\n", 0);
	wake_stats_opts_init(&o);
	o.format = WAKE_STATS_JSON;
	o.by = "host,attr:x";
	check(&o, EV("09:00:00.000", "a\\tb", "log", "x=\"\\\"q\\\"\""),
	    "{\"ts\":\"2024-02-22T09:00:00Z\",\"host\":\"a\\tb\",\"x\":"
	    "\"\\\"q\\\"\",\"count\":1}\n", 0);
	wake_stats_opts_init(&o);
	o.by = "host";
	o.header = 0;
	check(&o, EV("09:00:00.000", "a\\tb\\x1b", "log", ""),
	    "2024-02-22T09:00:00Z\ta\\tb\\x1b\t1\n", 0);
}

TEST(chart_bars)
{
	struct wake_stats_opts o;

	wake_stats_opts_init(&o);
	o.format = WAKE_STATS_CHART;
	o.chart_width = 40;
	check(&o,
	    EV("09:00:00.000", "a", "log", "")
	    EV("09:00:01.000", "a", "log", "")
	    EV("09:00:02.000", "a", "log", "")
	    EV("09:00:03.000", "a", "log", "")
	    EV("09:02:00.000", "a", "log", ""),
	    "count per 1m bin, max 4\n"
	    "2024-02-22T09:00:00Z ################# 4\n"
	    "2024-02-22T09:01:00Z                   0\n"
	    "2024-02-22T09:02:00Z ####              1\n", 0);
	o.chart_utf8 = 1;
	check(&o,
	    EV("09:00:00.000", "a", "log", "")
	    EV("09:00:01.000", "a", "log", "")
	    EV("09:00:02.000", "a", "log", "")
	    EV("09:02:00.000", "a", "log", ""),
	    "count per 1m bin, max 3\n"
	    "2024-02-22T09:00:00Z \xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	    "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	    "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	    "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88 3\n"
	    "2024-02-22T09:01:00Z                   0\n"
	    "2024-02-22T09:02:00Z \xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	    "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x8b            1\n", 0);
}
