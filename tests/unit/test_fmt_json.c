/* The JSON Lines and journald formats. */
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

/* Parse one line with fmt in zone UTC (or zone), state as the driver would. */
static int
run_zone(struct run *R, const struct wk_format *fmt, const char *zone,
    const char *line)
{
	const char *why;

	memset(&R->c, 0, sizeof(R->c));
	assert_int_equal(wake_tz_open(zone, &R->tz, &why), WAKE_OK);
	R->c.tz = R->tz;
	R->c.year = 2024;
	R->c.fmt_data = fmt->data;
	R->c.state = fmt->init != NULL ? fmt->init(fmt->data) : NULL;
	wake_event_init(&R->ev);
	R->why = NULL;
	R->r = fmt->parse(&R->c, line, strlen(line), &R->ev, &R->why);
	if (fmt->fini != NULL)
		fmt->fini(R->c.state);
	return R->r;
}

static int
run(struct run *R, const struct wk_format *fmt, const char *line)
{
	return run_zone(R, fmt, "UTC", line);
}

static void
done(struct run *R)
{
	wake_event_free(&R->ev);
	wake_tz_free(R->tz);
}

/* The event as its TSV line, without ts-independent noise. */
static const char *
tsv(struct run *R)
{
	static char out[4096];
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(wake_event_write_tsv(&R->ev, &b), WAKE_OK);
	assert_true(b.n < sizeof(out));
	memcpy(out, b.p, b.n);
	out[b.n > 0 ? b.n - 1 : 0] = '\0';	/* no LF */
	wake_buf_free(&b);
	return out;
}

static const char *
ts(struct run *R)
{
	static char out[25];

	wake_time_format(R->ev.ts, out);
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

TEST(jsonl_basic)
{
	struct run R;

	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"time\":\"2024-02-22T03:58:12.345Z\",\"level\":\"error\","
	    "\"msg\":\"conn refused\",\"host\":\"db1\",\"port\":5432,"
	    "\"ok\":false,\"x\":null}"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T03:58:12.345Z\t-\tdb1\terr"
	    "\tlog\tconn refused\tport=5432 ok=false x=null");
	done(&R);
}

TEST(jsonl_time_priority)
{
	struct run R;

	/* timestamp ranks above ts whatever the order in the line */
	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"ts\":1708574292,\"timestamp\":\"2024-02-22T09:58:12+09:00\","
	    "\"message\":\"hi\"}"), WK_EVENT);
	assert_string_equal(ts(&R), "2024-02-22T00:58:12.000Z");
	attr_is(&R, "ts", "1708574292");
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "hi");
	done(&R);
	/* a time field that holds no stamp gives way to the next */
	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"time\":\"soon\",\"ts\":1708574292}"), WK_EVENT);
	assert_string_equal(ts(&R), "2024-02-22T03:58:12.000Z");
	attr_is(&R, "time", "soon");
	done(&R);
}

TEST(jsonl_epoch_magnitudes)
{
	static const struct {
		const char *line, *want;
	} c[] = {
		{ "{\"ts\":1708574292}", "2024-02-22T03:58:12.000Z" },
		{ "{\"ts\":1708574292.25}", "2024-02-22T03:58:12.250Z" },
		{ "{\"time\":1708574292123}", "2024-02-22T03:58:12.123Z" },
		{ "{\"t\":1708574292123456}", "2024-02-22T03:58:12.123Z" },
		{ "{\"ts\":1708574292123456789}",
		    "2024-02-22T03:58:12.123Z" },
		{ "{\"ts\":1.708574292e9}", "2024-02-22T03:58:12.000Z" },
		{ "{\"ts\":\"1708574292\"}", "2024-02-22T03:58:12.000Z" },
		{ "{\"@timestamp\":\"2024-02-22 03:58:12,5\"}",
		    "2024-02-22T03:58:12.500Z" },
		{ "{\"eventTime\":\"2024-02-22T03:58:12Z\"}",
		    "2024-02-22T03:58:12.000Z" },
		{ "{\"Timestamp\":\"2024-02-22T03:58:12Z\"}",
		    "2024-02-22T03:58:12.000Z" },
	};
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(c); i++) {
		if (run(&R, &wk_fmt_jsonl, c[i].line) != WK_EVENT)
			fail_msg("%s: %s", c[i].line, R.why);
		if (strcmp(ts(&R), c[i].want) != 0)
			fail_msg("%s: got %s want %s", c[i].line, ts(&R),
			    c[i].want);
		done(&R);
	}
}

TEST(jsonl_zone_less_takes_tz)
{
	struct run R;

	assert_int_equal(run_zone(&R, &wk_fmt_jsonl, "Asia/Tokyo",
	    "{\"time\":\"2024-02-22 12:58:12\",\"msg\":\"x\"}"), WK_EVENT);
	assert_string_equal(ts(&R), "2024-02-22T03:58:12.000Z");
	assert_true(R.c.tzflags & WK_TZ_ASSUMED);
	done(&R);
	assert_int_equal(run_zone(&R, &wk_fmt_jsonl, "Asia/Tokyo",
	    "{\"time\":\"2024-02-22T12:58:12Z\"}"), WK_EVENT);
	assert_false(R.c.tzflags & WK_TZ_ASSUMED);
	done(&R);
}

TEST(jsonl_levels)
{
	static const struct {
		const char *line;
		int sev;
	} c[] = {
		{ "{\"ts\":1708574292,\"level\":\"WARNING\"}", WAKE_SEV_WARN },
		{ "{\"ts\":1708574292,\"severity\":\"info\"}", WAKE_SEV_INFO },
		{ "{\"ts\":1708574292,\"lvl\":\"dbug\",\"loglevel\":\"crit\"}",
		    WAKE_SEV_CRIT },
		{ "{\"ts\":1708574292,\"levelname\":\"ERROR\"}", WAKE_SEV_ERR },
		{ "{\"ts\":1708574292,\"log.level\":\"notice\"}",
		    WAKE_SEV_NOTICE },
		{ "{\"ts\":1708574292,\"log\":{\"level\":\"warn\"}}",
		    WAKE_SEV_WARN },
		{ "{\"ts\":1708574292,\"level\":3}", WAKE_SEV_ERR },
		{ "{\"ts\":1708574292,\"level\":\"5\"}", WAKE_SEV_NOTICE },
		{ "{\"time\":1708574292000,\"level\":10}", WAKE_SEV_DEBUG },
		{ "{\"time\":1708574292000,\"level\":20}", WAKE_SEV_DEBUG },
		{ "{\"time\":1708574292000,\"level\":30}", WAKE_SEV_INFO },
		{ "{\"time\":1708574292000,\"level\":40}", WAKE_SEV_WARN },
		{ "{\"time\":1708574292000,\"level\":50}", WAKE_SEV_ERR },
		{ "{\"time\":1708574292000,\"level\":60}", WAKE_SEV_CRIT },
		{ "{\"time\":1708574292000,\"level\":35}", WAKE_SEV_NONE },
		{ "{\"time\":1708574292000,\"level\":\"DEFAULT\"}",
		    WAKE_SEV_NONE },
	};
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(c); i++) {
		if (run(&R, &wk_fmt_jsonl, c[i].line) != WK_EVENT)
			fail_msg("%s: %s", c[i].line, R.why);
		if (R.ev.sev != c[i].sev)
			fail_msg("%s: sev %d want %d", c[i].line, R.ev.sev,
			    c[i].sev);
		done(&R);
	}
	/* an unknown level word stays as an attr */
	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"time\":1708574292000,\"level\":\"DEFAULT\"}"), WK_EVENT);
	attr_is(&R, "level", "DEFAULT");
	done(&R);
}

TEST(jsonl_flatten_and_arrays)
{
	struct run R;

	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{ \"@timestamp\" : \"2024-02-22T03:58:12Z\", \"message\": "
	    "\"GET /\", \"http\": {\"status\": 503, \"req\": {\"m\": "
	    "\"GET\"}}, \"tags\": [ \"a\", 1, {\"b\": [true, null]} ], "
	    "\"host\": {\"name\": \"web1\", \"ip\": [\"10.0.0.1\"]}, "
	    "\"e\": {}, \"f\": []}"), WK_EVENT);
	assert_mem_str(R.ev.host.p, R.ev.host.n, "web1");
	assert_string_equal(tsv(&R), "2024-02-22T03:58:12.000Z\t-\tweb1\t-"
	    "\tlog\tGET /\thttp.status=503 http.req.m=GET "
	    "tags=\"[\\\"a\\\",1,{\\\"b\\\":[true,null]}]\" "
	    "host.ip=\"[\\\"10.0.0.1\\\"]\" e={} f=[]");
	done(&R);
}

TEST(jsonl_escapes)
{
	struct run R;

	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"ts\":\"2024-02-22T03:58:12Z\",\"msg\":\"a\\\"b\\n\\u00e9\","
	    "\"k\\u0041\":\"v\\tw\",\"o\":{\"x\\/y\":\"\\u3042\"},"
	    "\"bin\":\"\\udcff\"}"), WK_EVENT);
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "a\"b\n\xc3\xa9");
	attr_is(&R, "kA", "v\tw");
	attr_is(&R, "o.x/y", "\xe3\x81\x82");
	attr_is(&R, "bin", "\xff");
	done(&R);
}

TEST(jsonl_docker_and_msg_choices)
{
	struct run R;

	/* docker json-file: the log's newline goes */
	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"log\":\"started\\n\",\"stream\":\"stderr\","
	    "\"time\":\"2024-02-22T03:58:12.123456789Z\"}"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T03:58:12.123Z\t-\t-\t-\tlog"
	    "\tstarted\tstream=stderr");
	done(&R);
	/* msg ranks above message; a number is a message too */
	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"message\":\"b\",\"msg\":\"a\",\"ts\":1708574292}"), WK_EVENT);
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "a");
	attr_is(&R, "message", "b");
	done(&R);
	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"event\":42,\"ts\":1708574292}"), WK_EVENT);
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "42");
	done(&R);
	/* an object named log is flattened, not a message */
	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"log\":{\"logger\":\"x\"},\"ts\":1708574292}"), WK_EVENT);
	assert_int_equal(R.ev.msg.n, 0);
	attr_is(&R, "log.logger", "x");
	done(&R);
}

TEST(jsonl_own_stream)
{
	struct run R;

	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"ts\":\"2024-02-22T09:58:12.345Z\",\"src\":\"net\","
	    "\"host\":\"-\",\"sev\":\"err\",\"kind\":\"log\","
	    "\"msg\":\"LINK-3-UPDOWN\",\"attrs\":{\"origin\":\"r.log:1\"}}"),
	    WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T09:58:12.345Z\t-\t-\terr"
	    "\tlog\tLINK-3-UPDOWN\tsrc=net kind=log attrs.origin=r.log:1");
	done(&R);
}

TEST(jsonl_nomatch)
{
	static const struct {
		const char *line, *why;
	} c[] = {
		{ "{\"msg\":\"no time\"}",
		    "no time field (time, timestamp, ts, @timestamp, ...)" },
		{ "{\"time\":\"yesterday\"}", "time field holds no timestamp" },
		{ "{\"time\":\"2024-02-22T03:58:12Z tail\"}",
		    "time field holds no timestamp" },
		{ "{\"time\":{\"sec\":1}}",
		    "no time field (time, timestamp, ts, @timestamp, ...)" },
		{ "{\"time\":-5}", "time field holds no timestamp" },
		{ "[1,2]", "not a JSON object" },
		{ "2024-02-22 {\"time\":1}", "not a JSON object" },
		{ "", "not a JSON object" },
		{ "\"str\"", "not a JSON object" },
	};
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(c); i++) {
		if (run(&R, &wk_fmt_jsonl, c[i].line) != WK_NOMATCH)
			fail_msg("%s: matched", c[i].line);
		assert_non_null(R.why);
		if (strcmp(R.why, c[i].why) != 0)
			fail_msg("%s: why \"%s\"", c[i].line, R.why);
		done(&R);
	}
	/* malformed JSON: the tokenizer's reason */
	assert_int_equal(run(&R, &wk_fmt_jsonl, "{\"time\":1708574292"),
	    WK_NOMATCH);
	assert_non_null(R.why);
	done(&R);
}

TEST(jsonl_many_tokens)
{
	struct wake_buf b = WAKE_BUF_INIT;
	struct run R;
	int i;

	/* more members than the first token array holds */
	assert_int_equal(wake_buf_put(&b, "{\"ts\":1708574292", 16), 0);
	for (i = 0; i < 3000; i++) {
		char m[32];
		int l = snprintf(m, sizeof(m), ",\"k%d\":%d", i, i);
		assert_int_equal(wake_buf_put(&b, m, (size_t)l), 0);
	}
	assert_int_equal(wake_buf_put(&b, "}", 2), 0);	/* with NUL */
	assert_int_equal(run(&R, &wk_fmt_jsonl, b.p), WK_EVENT);
	assert_int_equal(R.ev.nattrs, 3000);
	attr_is(&R, "k2999", "2999");
	done(&R);
	/* and without per-input state: not taken, but said why */
	memset(&R.c, 0, sizeof(R.c));
	wake_event_init(&R.ev);
	assert_int_equal(wk_fmt_jsonl.parse(&R.c, b.p, strlen(b.p), &R.ev,
	    &R.why), WK_NOMATCH);
	assert_string_equal(R.why, "JSON too large or nested too deep");
	wake_event_free(&R.ev);
	wake_buf_free(&b);
}

TEST(jsonl_stateless_parse)
{
	struct run R;
	const char *why, *line;

	/* a one-off parse without init() works for ordinary lines */
	memset(&R.c, 0, sizeof(R.c));
	assert_int_equal(wake_tz_open("UTC", &R.tz, &why), WAKE_OK);
	R.c.tz = R.tz;
	wake_event_init(&R.ev);
	line = "{\"ts\":1708574292,\"msg\":\"a\\u0041\"}";
	assert_int_equal(wk_fmt_jsonl.parse(&R.c, line, strlen(line), &R.ev,
	    &R.why), WK_EVENT);
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "aA");
	done(&R);
}

/* ---- journald ---- */

#define JLINE "{\"__CURSOR\":\"s=abc;i=1\",\"__REALTIME_TIMESTAMP\":" \
	"\"1708574292123456\",\"__MONOTONIC_TIMESTAMP\":\"123\"," \
	"\"_BOOT_ID\":\"b\",\"PRIORITY\":\"3\",\"_UID\":\"0\"," \
	"\"SYSLOG_FACILITY\":\"3\",\"SYSLOG_IDENTIFIER\":\"sshd\"," \
	"\"_PID\":\"812\",\"SYSLOG_PID\":\"812\",\"_COMM\":\"sshd\"," \
	"\"_SYSTEMD_UNIT\":\"ssh.service\",\"_HOSTNAME\":\"gw1\"," \
	"\"CODE_FUNC\":\"main\",\"MESSAGE_ID\":\"abc\"," \
	"\"SYSLOG_TIMESTAMP\":\"Feb 22 03:58:12 \"," \
	"\"MESSAGE\":\"error: kex failed\"}"

TEST(journald_basic)
{
	struct run R;

	assert_int_equal(run(&R, &wk_fmt_journald, JLINE), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T03:58:12.123Z\t-\tgw1\terr"
	    "\tlog\terror: kex failed\tunit=ssh.service app=sshd pid=812 "
	    "SYSLOG_FACILITY=3 CODE_FUNC=main MESSAGE_ID=abc");
	assert_int_equal(R.ev.ts, 1708574292123456000LL);
	done(&R);
}

TEST(journald_binary_and_fallbacks)
{
	struct run R;

	/* MESSAGE as bytes; _COMM and SYSLOG_PID when the others lack */
	assert_int_equal(run(&R, &wk_fmt_journald,
	    "{\"__REALTIME_TIMESTAMP\":\"1708574292000000\","
	    "\"MESSAGE\":[104,105,10,255,0],\"_COMM\":\"kthr\","
	    "\"SYSLOG_PID\":\"9\",\"_SYSTEMD_USER_UNIT\":\"app.service\","
	    "\"BIG\":null,\"MULTI\":[\"a\",\"b\"],\"BLOB\":[65,66],"
	    "\"_TRANSPORT\":\"kernel\"}"), WK_EVENT);
	assert_int_equal(R.ev.msg.n, 5);
	assert_memory_equal(R.ev.msg.p, "hi\n\xff\0", 5);
	assert_int_equal(R.ev.sev, WAKE_SEV_NONE);
	assert_int_equal(R.ev.host.n, 0);
	attr_is(&R, "app", "kthr");
	attr_is(&R, "pid", "9");
	attr_is(&R, "unit", "app.service");
	attr_is(&R, "MULTI", "[\"a\",\"b\"]");
	attr_is(&R, "BLOB", "AB");
	assert_null(wake_event_attr_get(&R.ev, "BIG"));
	assert_null(wake_event_attr_get(&R.ev, "_TRANSPORT"));
	assert_null(wake_event_attr_get(&R.ev, "SYSLOG_PID"));
	done(&R);
}

TEST(journald_nomatch)
{
	struct run R;

	assert_int_equal(run(&R, &wk_fmt_journald,
	    "{\"time\":\"2024-02-22T03:58:12Z\",\"MESSAGE\":\"x\"}"),
	    WK_NOMATCH);
	assert_string_equal(R.why, "no __REALTIME_TIMESTAMP field");
	done(&R);
	assert_int_equal(run(&R, &wk_fmt_journald,
	    "{\"__REALTIME_TIMESTAMP\":\"17085x\"}"), WK_NOMATCH);
	assert_string_equal(R.why, "__REALTIME_TIMESTAMP is not microseconds");
	done(&R);
	assert_int_equal(run(&R, &wk_fmt_journald, "Feb 22 03:58:12 gw1 x"),
	    WK_NOMATCH);
	assert_string_equal(R.why, "not a JSON object");
	done(&R);
	/* a journald line is also JSON Lines, without the mapping */
	assert_int_equal(run(&R, &wk_fmt_jsonl, JLINE), WK_NOMATCH);
	done(&R);
}

TEST(journald_crlf)
{
	struct run R;

	assert_int_equal(run(&R, &wk_fmt_journald,
	    "{\"__REALTIME_TIMESTAMP\":\"1708574292000000\","
	    "\"MESSAGE\":\"x\"}\r"), WK_EVENT);
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "x");
	done(&R);
}

TEST(jsonl_host_names)
{
	struct run R;

	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"_HOSTNAME\":\"gw1\",\"hostname\":\"gw2\",\"ts\":1708574292}"),
	    WK_EVENT);
	assert_mem_str(R.ev.host.p, R.ev.host.n, "gw2");
	attr_is(&R, "_HOSTNAME", "gw1");
	done(&R);
	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"_HOSTNAME\":\"g\\u0077\",\"ts\":1708574292}"), WK_EVENT);
	assert_mem_str(R.ev.host.p, R.ev.host.n, "gw");
	done(&R);
	/* a host that is not a string stays an attr */
	assert_int_equal(run(&R, &wk_fmt_jsonl,
	    "{\"host\":7,\"ts\":1708574292}"), WK_EVENT);
	assert_int_equal(R.ev.host.n, 0);
	attr_is(&R, "host", "7");
	done(&R);
}

TEST(journald_escaped_names)
{
	struct run R;

	assert_int_equal(run(&R, &wk_fmt_journald,
	    "{\"__REALTIME_TIMESTAMP\":\"1708574292000000\","
	    "\"\\u005fUID\":\"0\",\"MY\\u005fKEY\":\"v\"}"), WK_EVENT);
	assert_int_equal(R.ev.nattrs, 1);
	attr_is(&R, "MY_KEY", "v");
	done(&R);
}
