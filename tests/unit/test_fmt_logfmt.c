/* The logfmt format. */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "internal.h"

struct run {
	struct wk_pctx		 c;
	struct wake_tz		*tz;
	struct wake_event	 ev;
	const char		*why;
	int			 r;
};

static int
run_zone(struct run *R, const char *zone, const char *line)
{
	const struct wk_format *fmt = &wk_fmt_logfmt;
	const char *why;

	memset(&R->c, 0, sizeof(R->c));
	assert_int_equal(wake_tz_open(zone, &R->tz, &why), WAKE_OK);
	R->c.tz = R->tz;
	R->c.year = 2024;
	R->c.state = fmt->init != NULL ? fmt->init(fmt->data) : NULL;
	wake_event_init(&R->ev);
	R->why = NULL;
	R->r = fmt->parse(&R->c, line, strlen(line), &R->ev, &R->why);
	if (fmt->fini != NULL)
		fmt->fini(R->c.state);
	return R->r;
}

static int
run(struct run *R, const char *line)
{
	return run_zone(R, "UTC", line);
}

static void
done(struct run *R)
{
	wake_event_free(&R->ev);
	wake_tz_free(R->tz);
}

static const char *
tsv(struct run *R)
{
	static char out[4096];
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(wake_event_write_tsv(&R->ev, &b), WAKE_OK);
	assert_true(b.n < sizeof(out));
	memcpy(out, b.p, b.n);
	out[b.n > 0 ? b.n - 1 : 0] = '\0';
	wake_buf_free(&b);
	return out;
}

static void
attr_is(struct run *R, const char *k, const char *v)
{
	const struct wake_str *s = wake_event_attr_get(&R->ev, k);

	if (s == NULL)
		fail_msg("no attr %s", k);
	assert_mem_str(s->p, s->n, v);
}

TEST(logfmt_brief_example)
{
	struct run R;

	assert_int_equal(run(&R, "time=2024-02-22T03:58:12Z level=error "
	    "msg=\"conn refused\" host=db1 k=v k2=\"quoted \\\"x\\\"\""),
	    WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T03:58:12.000Z\t-\tdb1\terr"
	    "\tlog\tconn refused\tk=v k2=\"quoted \\\"x\\\"\"");
	attr_is(&R, "k2", "quoted \"x\"");
	done(&R);
}

TEST(logfmt_keys_and_order)
{
	struct run R;

	/* go-kit style: ts, caller, lvl; message */
	assert_int_equal(run(&R, "ts=2024-02-22T03:58:12.5+09:00 "
	    "caller=main.go:42 lvl=warn message=\"disk 91%\" "
	    "hostname=web2"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-21T18:58:12.500Z\t-\tweb2\twarn"
	    "\tlog\tdisk 91%\tcaller=main.go:42");
	done(&R);
	/* time outranks ts; the other stays an attr */
	assert_int_equal(run(&R, "ts=1 time=2024-02-22T03:58:12Z a=b"),
	    WK_EVENT);
	attr_is(&R, "ts", "1");
	done(&R);
	/* severity, @timestamp, t */
	assert_int_equal(run(&R, "@timestamp=2024-02-22T03:58:12Z "
	    "severity=CRITICAL x=1"), WK_EVENT);
	assert_int_equal(R.ev.sev, WAKE_SEV_CRIT);
	done(&R);
	assert_int_equal(run(&R, "t=1708574292 lvl=dbug msg=hi"), WK_EVENT);
	assert_int_equal(R.ev.ts, 1708574292000000000LL);
	attr_is(&R, "lvl", "dbug");	/* unknown level word kept */
	assert_int_equal(R.ev.sev, WAKE_SEV_NONE);
	done(&R);
}

TEST(logfmt_values)
{
	struct run R;

	assert_int_equal(run(&R, "time=2024-02-22T03:58:12Z empty= q=\"\" "
	    "u=\"caf\\u00e9\" nl=\"a\\nb\" odd=\"\\q\" url=/x?a=b&c=d "
	    "cut=\"runs to the end"), WK_EVENT);
	attr_is(&R, "empty", "");
	attr_is(&R, "q", "");
	attr_is(&R, "u", "caf\xc3\xa9");
	attr_is(&R, "nl", "a\nb");
	attr_is(&R, "odd", "\\q");
	attr_is(&R, "url", "/x?a=b&c=d");
	attr_is(&R, "cut", "runs to the end");
	done(&R);
}

TEST(logfmt_zone_less)
{
	struct run R;

	assert_int_equal(run_zone(&R, "America/Chicago",
	    "time=\"2024-02-22 03:58:12\" msg=x"), WK_EVENT);
	assert_int_equal(R.ev.ts, 1708595892000000000LL);
	assert_true(R.c.tzflags & WK_TZ_ASSUMED);
	done(&R);
}

TEST(logfmt_nomatch)
{
	static const struct {
		const char *line, *why;
	} c[] = {
		{ "level=info msg=\"no time\" a=b",
		    "no time key (time, ts, t, timestamp, @timestamp)" },
		{ "time=2024-02-22T03:58:12Z",
		    "fewer than two key=value pairs" },
		{ "The limit was set to x=5 for the whole cluster today",
		    "fewer than two key=value pairs" },
		{ "Setting time=2024-02-22T03:58:12Z and a=b in the "
		    "configuration file made everything slow",
		    "key=value pairs cover less than 80% of the line" },
		{ "time=later level=info",
		    "time key holds no timestamp" },
		{ "", "fewer than two key=value pairs" },
		{ "=== a=b ===", "fewer than two key=value pairs" },
	};
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(c); i++) {
		if (run(&R, c[i].line) != WK_NOMATCH)
			fail_msg("%s: matched", c[i].line);
		assert_non_null(R.why);
		if (strcmp(R.why, c[i].why) != 0)
			fail_msg("%s: why \"%s\"", c[i].line, R.why);
		done(&R);
	}
}

TEST(logfmt_coverage_edge)
{
	struct run R;

	/* one stray word among many pairs is still logfmt */
	assert_int_equal(run(&R, "time=2024-02-22T03:58:12Z level=info "
	    "component=api stray msg=\"request done\" status=200 dur=12ms"),
	    WK_EVENT);
	assert_null(wake_event_attr_get(&R.ev, "stray"));
	attr_is(&R, "dur", "12ms");
	done(&R);
}

TEST(logfmt_crlf_and_tabs)
{
	struct run R;

	assert_int_equal(run(&R, "time=2024-02-22T03:58:12Z\tmsg=hi\r"),
	    WK_EVENT);
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "hi");
	done(&R);
}

TEST(logfmt_stateless)
{
	struct run R;
	const char *why;

	memset(&R.c, 0, sizeof(R.c));
	assert_int_equal(wake_tz_open("UTC", &R.tz, &why), WAKE_OK);
	R.c.tz = R.tz;
	wake_event_init(&R.ev);
	assert_int_equal(wk_fmt_logfmt.parse(&R.c,
	    "ts=1708574292 msg=\"a\\\"b\"", 24, &R.ev, &R.why), WK_EVENT);
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "a\"b");
	done(&R);
}

TEST(logfmt_many_pairs)
{
	char line[4096];
	size_t o;
	struct run R;
	int i;

	/* more pairs than the first pass keeps: the second pass reads again */
	o = (size_t)snprintf(line, sizeof(line), "ts=1708574292 msg=m");
	for (i = 0; i < 100; i++)
		o += (size_t)snprintf(line + o, sizeof(line) - o,
		    " k%d=\"v %d\"", i, i);
	assert_int_equal(run(&R, line), WK_EVENT);
	assert_int_equal(R.ev.nattrs, 100);
	attr_is(&R, "k99", "v 99");
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "m");
	done(&R);
}
