/*
 * lib/filter.c: the time window (fast path and full), field lists,
 * severity, attr conditions, patterns and their limits, the run over
 * an input, and finding the last event of a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wake/filter.h>

#include "internal.h"
#include "test.h"

#define T0	INT64_C(1708595892000000000)	/* 2024-02-22T09:58:12Z */
#define SEC	INT64_C(1000000000)

static struct wake_filter *
filter(void)
{
	struct wake_filter *f;

	assert_int_equal(wake_filter_new(&f), WAKE_OK);
	return f;
}

/* Parse an event line into ev (which keeps borrowing line). */
static void
read_ev(struct wake_event *ev, const char *line)
{
	const char *why;

	wake_event_init(ev);
	assert_int_equal(wake_event_read(ev, line, strlen(line), &why),
	    WAKE_OK);
}

static int
match(struct wake_filter *f, const char *line)
{
	struct wake_event ev;
	int r;

	read_ev(&ev, line);
	r = wake_filter_match(f, &ev);
	wake_event_free(&ev);
	return r;
}

static const char L1[] = "2024-02-22T09:58:12.000Z\tnet\tcore-r1\terr\tlog\t"
    "%LINK-3-UPDOWN: Gi0/1 down\torigin=r.log:1 event=down";
static const char L2[] = "2024-02-22T09:58:13.500Z\tcalls\t-\t-\tcall\t"
    "caller waiting\tcall=1001 queue=support event=enter";
static const char L3[] = "2024-02-22T10:05:00.000Z\tchat\talice\tinfo\tchat\t"
    "回線が落ちています LINK down?\tchannel=noc user=alice";

TEST(empty_selects_all)
{
	struct wake_filter *f = filter();

	assert_int_equal(wake_filter_finish(f, WAKE_TIME_NONE), WAKE_OK);
	assert_int_equal(wake_filter_match_line(f, L1, strlen(L1)), 1);
	assert_int_equal(wake_filter_match_line(f, "{}", 2), 1);
	assert_int_equal(match(f, L2), 1);
	wake_filter_set_invert(f, 1);
	assert_int_equal(wake_filter_match_line(f, L1, strlen(L1)), 0);
	assert_int_equal(match(f, L2), 0);
	wake_filter_free(f);
	wake_filter_free(NULL);
}

TEST(window_fast_path)
{
	struct wake_filter *f = filter();

	/* [09:58:12.000, 09:58:13.5000001): the end rounds up to .501. */
	wake_filter_set_range(f, T0, T0 + SEC + SEC / 2 + 1);
	assert_int_equal(wake_filter_match_line(f, L1, strlen(L1)), 1);
	assert_int_equal(wake_filter_match_line(f, L2, strlen(L2)), 1);
	assert_int_equal(wake_filter_match_line(f, L3, strlen(L3)), 0);
	assert_int_equal(match(f, L1), 1);
	assert_int_equal(match(f, L2), 1);
	assert_int_equal(match(f, L3), 0);
	/* Until is exclusive. */
	wake_filter_set_range(f, WAKE_TIME_NONE, T0 + SEC + SEC / 2);
	assert_int_equal(wake_filter_match_line(f, L2, strlen(L2)), 0);
	assert_int_equal(match(f, L2), 0);
	/* Since rounds up: 09:58:12.0000001 excludes 09:58:12.000. */
	wake_filter_set_range(f, T0 + 1, WAKE_TIME_NONE);
	assert_int_equal(wake_filter_match_line(f, L1, strlen(L1)), 0);
	assert_int_equal(match(f, L1), 0);
	/* Not a TSV timestamp: undecided. */
	assert_int_equal(wake_filter_match_line(f, "{\"ts\":1}", 8), 2);
	assert_int_equal(wake_filter_match_line(f, "2024", 4), 2);
	/* With other conditions, in the window is undecided. */
	assert_int_equal(wake_filter_add_src(f, "net"), WAKE_OK);
	assert_int_equal(wake_filter_match_line(f, L3, strlen(L3)), 2);
	assert_int_equal(wake_filter_match_line(f, L1, strlen(L1)), 0);
	wake_filter_set_invert(f, 1);
	assert_int_equal(wake_filter_match_line(f, L1, strlen(L1)), 1);
	assert_int_equal(wake_filter_match_ts(f, T0), 1);
	assert_int_equal(wake_filter_match_ts(f, T0 + SEC), 2);
	wake_filter_free(f);
}

TEST(relative_times)
{
	struct wake_filter *f = filter();
	wake_time_t last = T0 + 2 * 3600 * SEC;

	assert_int_equal(wake_filter_set_time(f, WAKE_FILTER_SINCE, "-2h",
	    NULL), WAKE_OK);
	assert_int_equal(wake_filter_relative(f), 1);
	assert_int_equal(wake_filter_finish(f, last), WAKE_OK);
	assert_int_equal(wake_filter_match_ts(f, T0), 1);
	assert_int_equal(wake_filter_match_ts(f, T0 - 1), 0);
	/* No sign: the same as '-'. */
	assert_int_equal(wake_filter_set_time(f, WAKE_FILTER_SINCE, "2h",
	    NULL), WAKE_OK);
	assert_int_equal(wake_filter_set_time(f, WAKE_FILTER_UNTIL, "-1h",
	    NULL), WAKE_OK);
	assert_int_equal(wake_filter_finish(f, last), WAKE_OK);
	assert_int_equal(wake_filter_match_ts(f, T0 + 3599 * SEC), 1);
	assert_int_equal(wake_filter_match_ts(f, T0 + 3600 * SEC), 0);
	/* No events at all: no bound. */
	assert_int_equal(wake_filter_finish(f, WAKE_TIME_NONE), WAKE_OK);
	assert_int_equal(wake_filter_match_ts(f, 0), 1);
	assert_int_equal(wake_filter_set_time(f, WAKE_FILTER_SINCE, "soon",
	    NULL), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_filter_error(f), "bad time 'soon'"));
	assert_int_equal(wake_filter_set_time(f, 7, "-2h", NULL),
	    WAKE_ERR_USAGE);
	wake_filter_free(f);
}

TEST(around_window)
{
	struct wake_filter *f = filter();

	assert_int_equal(wake_filter_set_window(f, "10m"), WAKE_OK);
	assert_int_equal(wake_filter_finish(f, WAKE_TIME_NONE),
	    WAKE_ERR_USAGE);
	assert_string_equal(wake_filter_error(f), "--window needs --around");
	assert_int_equal(wake_filter_set_time(f, WAKE_FILTER_AROUND,
	    "2024-02-22T09:58:12Z", NULL), WAKE_OK);
	assert_int_equal(wake_filter_finish(f, WAKE_TIME_NONE), WAKE_OK);
	/* Both ends inclusive. */
	assert_int_equal(wake_filter_match_ts(f, T0 - 600 * SEC), 1);
	assert_int_equal(wake_filter_match_ts(f, T0 + 600 * SEC), 1);
	assert_int_equal(wake_filter_match_ts(f, T0 + 600 * SEC + 1), 0);
	assert_int_equal(wake_filter_match_ts(f, T0 - 600 * SEC - 1), 0);
	assert_int_equal(wake_filter_set_window(f, "-5m"), WAKE_ERR_USAGE);
	assert_int_equal(wake_filter_set_window(f, "wide"), WAKE_ERR_USAGE);
	wake_filter_free(f);
}

TEST(fields)
{
	struct wake_filter *f = filter();

	assert_int_equal(wake_filter_add_src(f, "net,,chat"), WAKE_OK);
	assert_int_equal(match(f, L1), 1);
	assert_int_equal(match(f, L2), 0);
	assert_int_equal(match(f, L3), 1);
	assert_int_equal(wake_filter_add_host(f, "-,alice"), WAKE_OK);
	assert_int_equal(match(f, L1), 0);
	assert_int_equal(match(f, L3), 1);
	wake_filter_free(f);

	f = filter();
	assert_int_equal(wake_filter_add_host(f, "-"), WAKE_OK);
	assert_int_equal(match(f, L2), 1);
	assert_int_equal(match(f, L1), 0);
	assert_int_equal(wake_filter_add_src(f, ","), WAKE_ERR_USAGE);
	wake_filter_free(f);

	f = filter();
	assert_int_equal(wake_filter_add_kind(f, "call,chat"), WAKE_OK);
	assert_int_equal(match(f, L1), 0);
	assert_int_equal(match(f, L2), 1);
	assert_int_equal(wake_filter_add_kind(f, "log,nope"), WAKE_ERR_USAGE);
	assert_string_equal(wake_filter_error(f), "unknown kind 'nope'");
	wake_filter_free(f);
}

TEST(severity)
{
	struct wake_filter *f = filter();

	assert_int_equal(wake_filter_set_sev(f, "err"), WAKE_OK);
	assert_int_equal(match(f, L1), 1);
	/* No severity never passes. */
	assert_int_equal(match(f, L2), 0);
	assert_int_equal(match(f, L3), 0);
	assert_int_equal(wake_filter_set_sev(f, "info"), WAKE_OK);
	assert_int_equal(match(f, L3), 1);
	assert_int_equal(wake_filter_set_sev(f, "WARNING"), WAKE_OK);
	assert_int_equal(match(f, L1), 1);
	assert_int_equal(match(f, L3), 0);
	assert_int_equal(wake_filter_set_sev(f, "loud"), WAKE_ERR_USAGE);
	assert_int_equal(wake_filter_set_sev(f, "-"), WAKE_ERR_USAGE);
	wake_filter_free(f);
}

TEST(attrs)
{
	struct wake_filter *f = filter();

	assert_int_equal(wake_filter_add_attr(f, "event=enter"), WAKE_OK);
	assert_int_equal(match(f, L1), 0);
	assert_int_equal(match(f, L2), 1);
	wake_filter_free(f);

	f = filter();
	assert_int_equal(wake_filter_add_attr(f, "origin~^r\\.log:\\d+$"),
	    WAKE_OK);
	assert_int_equal(wake_filter_add_attr(f, "event"), WAKE_OK);
	assert_int_equal(match(f, L1), 1);
	assert_int_equal(match(f, L2), 0);
	wake_filter_free(f);

	f = filter();
	/* The value may hold '=' and '~'. */
	assert_int_equal(wake_filter_add_attr(f, "q=a=b~c"), WAKE_OK);
	assert_int_equal(match(f, "2024-02-22T09:58:12.000Z\tn\t-\t-\tlog\t"
	    "m\tq=\"a=b~c\""), 1);
	assert_int_equal(wake_filter_add_attr(f, "=x"), WAKE_ERR_USAGE);
	assert_int_equal(wake_filter_add_attr(f, ""), WAKE_ERR_USAGE);
	assert_int_equal(wake_filter_add_attr(f, "a b=x"), WAKE_ERR_USAGE);
	assert_int_equal(wake_filter_add_attr(f, "k~("), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_filter_error(f), "bad pattern '('"));
	/* Empty value: present and empty. */
	assert_int_equal(wake_filter_add_attr(f, "e="), WAKE_OK);
	assert_int_equal(match(f, "2024-02-22T09:58:12.000Z\tn\t-\t-\tlog\t"
	    "m\tq=\"a=b~c\" e=\"\""), 1);
	wake_filter_free(f);
}

TEST(patterns)
{
	struct wake_filter *f = filter();
	struct wake_event ev;

	assert_int_equal(wake_filter_add_pattern(f, "LINK-3", 0), WAKE_OK);
	assert_int_equal(wake_filter_add_pattern(f, "^caller", 0), WAKE_OK);
	assert_int_equal(match(f, L1), 1);
	assert_int_equal(match(f, L2), 1);
	assert_int_equal(match(f, L3), 0);
	wake_filter_free(f);

	f = filter();
	assert_int_equal(wake_filter_add_pattern(f, "link down",
	    WAKE_FILTER_CASELESS), WAKE_OK);
	assert_int_equal(match(f, L3), 1);
	assert_int_equal(match(f, L1), 0);
	wake_filter_free(f);

	f = filter();
	assert_int_equal(wake_filter_add_pattern(f, "落ち.い", 0), WAKE_OK);
	assert_int_equal(match(f, L3), 1);
	/* Invalid UTF-8 in the subject does not stop the search. */
	wake_event_init(&ev);
	ev.ts = T0;
	ev.msg.p = "\xff\xfe 落ちてい \xc3";
	ev.msg.n = strlen(ev.msg.p);
	assert_int_equal(wake_filter_match(f, &ev), 1);
	ev.msg.p = NULL;
	ev.msg.n = 0;
	assert_int_equal(wake_filter_match(f, &ev), 0);
	wake_event_free(&ev);
	assert_int_equal(wake_filter_add_pattern(f, "a(b", 0),
	    WAKE_ERR_USAGE);
	assert_string_equal(wake_filter_error(f), "bad pattern 'a(b': "
	    "missing closing parenthesis at offset 3");
	assert_int_equal(wake_filter_add_pattern(f, "\xff", 0),
	    WAKE_ERR_USAGE);
	wake_filter_free(f);
}

TEST(match_limit)
{
	struct wake_filter *f = filter();
	struct wake_event ev;
	char msg[4002];

	memset(msg, 'a', 4000);
	msg[4000] = 'b';
	msg[4001] = '\0';
	wake_filter_set_limits(f, 100000, 1000);
	assert_int_equal(wake_filter_add_pattern(f, "(a+)+$", 0), WAKE_OK);
	wake_event_init(&ev);
	ev.ts = T0;
	ev.msg.p = msg;
	ev.msg.n = strlen(msg);
	assert_int_equal(wake_filter_match(f, &ev), WAKE_ERR_LIMIT);
	/* Inverted or not, a limit is not a match. */
	wake_filter_set_invert(f, 1);
	assert_int_equal(wake_filter_match(f, &ev), WAKE_ERR_LIMIT);
	/* Another pattern that matches wins. */
	wake_filter_set_invert(f, 0);
	assert_int_equal(wake_filter_add_pattern(f, "b$", 0), WAKE_OK);
	assert_int_equal(wake_filter_match(f, &ev), 1);
	wake_event_free(&ev);
	wake_filter_free(f);
}

struct diags {
	int	 n;
	int	 limit;
};

static void
on_diag(void *arg, const char *origin, unsigned long line, const char *why)
{
	struct diags *d = arg;

	(void)origin;
	(void)line;
	d->n++;
	d->limit += why == wake_filter_limit_reason;
}

TEST(run_over_input)
{
	static const char text[] = "#wake events 1\n"
	    "2024-02-22T09:58:12.000Z\tnet\tr1\terr\tlog\tLINK-3 down\t\r\n"
	    "not an event\n"
	    "\n"
	    "{\"ts\":\"2024-02-22T09:58:13.000Z\",\"src\":\"net\",\"msg\":"
	    "\"LINK-3 again\"}\n"
	    "2024-02-22T09:58:14.000Z\tnet\tr1\tinfo\tlog\tother\t\n";
	struct wake_filter_run_opts o;
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_filter *f = filter();
	struct wake_input *in;
	struct diags d = { 0, 0 };
	uint64_t count = 0;

	assert_int_equal(wake_filter_add_pattern(f, "LINK-3", 0), WAKE_OK);
	memset(&o, 0, sizeof(o));
	o.out = &out;
	o.diag = on_diag;
	o.diag_arg = &d;
	assert_int_equal(wake_input_open_mem(&in, "mem", text,
	    sizeof(text) - 1, NULL), WAKE_OK);
	assert_int_equal(wake_filter_run(f, in, &o, &count), WAKE_OK);
	wake_input_free(in);
	assert_int_equal(count, 2);
	assert_int_equal(d.n, 1);
	assert_int_equal(wake_buf_putc(&out, '\0'), WAKE_OK);
	assert_string_equal(out.p, "#wake events 1\n"
	    "2024-02-22T09:58:12.000Z\tnet\tr1\terr\tlog\tLINK-3 down\t\n"
	    "{\"ts\":\"2024-02-22T09:58:13.000Z\",\"src\":\"net\",\"msg\":"
	    "\"LINK-3 again\"}\n");
	/* JSON output, and counting only. */
	out.n = 0;
	o.json = 1;
	assert_int_equal(wake_input_open_mem(&in, "mem", text,
	    sizeof(text) - 1, NULL), WAKE_OK);
	assert_int_equal(wake_filter_run(f, in, &o, &count), WAKE_OK);
	wake_input_free(in);
	assert_int_equal(count, 4);
	assert_true(strncmp(out.p + 15, "{\"ts\":\"2024-02-22T09:58:12.000Z\"",
	    32) == 0);
	out.n = 0;
	o.count_only = 1;
	assert_int_equal(wake_input_open_mem(&in, "mem", text,
	    sizeof(text) - 1, NULL), WAKE_OK);
	assert_int_equal(wake_filter_run(f, in, &o, &count), WAKE_OK);
	wake_input_free(in);
	assert_int_equal(count, 6);
	assert_int_equal(out.n, 0);
	wake_buf_free(&out);
	wake_filter_free(f);
}

static const char *
tmp_with(const char *text)
{
	static char p[64];
	FILE *f;
	int fd;

	snprintf(p, sizeof(p), "/tmp/test_filter.XXXXXX");
	fd = mkstemp(p);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

TEST(last_event_backwards)
{
	wake_time_t t = 0;
	const char *p;

	/* Trailing junk, metadata, CRLF, no final LF: the last event. */
	p = tmp_with("2024-02-22T09:58:12.000Z\tnet\tr1\terr\tlog\ta\t\n"
	    "2024-02-22T09:58:14.000Z\tnet\tr1\terr\tlog\tb\t\r\n"
	    "garbage line\n#end\n\n{\"broken\"");
	assert_int_equal(wake_events_last(p, NULL, &t), WAKE_OK);
	assert_int_equal(t, T0 + 2 * SEC);
	unlink(p);
	p = tmp_with("{\"ts\":\"2024-02-22T09:58:13.000Z\",\"msg\":\"x\"}");
	assert_int_equal(wake_events_last(p, NULL, &t), WAKE_OK);
	assert_int_equal(t, T0 + SEC);
	unlink(p);
	p = tmp_with("#wake events 1\nnothing here\n");
	assert_int_equal(wake_events_last(p, NULL, &t), WAKE_EOF);
	unlink(p);
	p = tmp_with("");
	assert_int_equal(wake_events_last(p, NULL, &t), WAKE_EOF);
	unlink(p);
	assert_true(wake_events_last("/nonexistent/x", NULL, &t) < 0 ||
	    wake_events_last("/nonexistent/x", NULL, &t) == WAKE_EOF);
}

TEST(last_event_long_lines)
{
	/* A last line longer than the cap and than a read chunk. */
	static const char head[] = "2024-02-22T09:58:12.000Z\tnet\tr1\t"
	    "err\tlog\ta\t\n2024-02-22T09:58:13.000Z\tnet\tr1\terr\tlog\t";
	struct wake_input_opts io;
	struct wake_buf b = WAKE_BUF_INIT;
	wake_time_t t = 0;
	const char *p;
	size_t i;

	assert_int_equal(wake_buf_put(&b, head, sizeof(head) - 1), WAKE_OK);
	for (i = 0; i < 200000; i++)
		assert_int_equal(wake_buf_putc(&b, 'x'), WAKE_OK);
	assert_int_equal(wake_buf_put(&b, "\t\n", 3), WAKE_OK);
	p = tmp_with(b.p);
	memset(&io, 0, sizeof(io));
	io.max_line = 4096;
	assert_int_equal(wake_events_last(p, &io, &t), WAKE_OK);
	assert_int_equal(t, T0);
	io.max_line = 0;
	assert_int_equal(wake_events_last(p, &io, &t), WAKE_OK);
	assert_int_equal(t, T0 + SEC);
	unlink(p);
	wake_buf_free(&b);
}
