/*
 * The periodic report: periods in local days across a DST change, the
 * default end, causes matched to incidents, sameness of output.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"

#include <wake/input.h>
#include <wake/report.h>
#include <wake/time.h>

#include "internal.h"

static const char events[] =
    "2024-03-05T10:00:00.000Z\twake\t-\t-\tphase\tx\t"
    "incident=INC-1 phase=start title=\"db down\"\n"
    "2024-03-05T10:05:00.000Z\twake\t-\t-\tphase\tx\t"
    "incident=INC-1 phase=detect\n"
    "2024-03-05T11:00:00.000Z\twake\t-\t-\tphase\tx\t"
    "incident=INC-1 phase=recover\n"
    "2024-03-05T10:10:00.000Z\tapp\tweb-1\terr\tlog\tboom\ttmpl=aaaa\n"
    "2024-03-05T10:20:00.000Z\tslack\tbob\t-\tchat\tack\t"
    "channel=ops phase=ack\n"
    "2024-03-09T22:00:00.000Z\tslack\tbob\t-\tchat\thi\tchannel=ops\n";

static char *
run(struct wake_report_opts *o, const char *text, const char *cause,
    const char *cause_id)
{
	struct wake_report *r;
	struct wake_input *in;
	struct wake_buf out = WAKE_BUF_INIT;
	char *s;
	int rc;

	assert_int_equal(wake_report_new(&r, o), WAKE_OK);
	assert_int_equal(wake_input_open_mem(&in, "ev.tsv", text,
	    strlen(text), NULL), WAKE_OK);
	assert_int_equal(wake_report_add(r, in, NULL, NULL), WAKE_OK);
	wake_input_free(in);
	if (cause != NULL) {
		assert_int_equal(wake_input_open_mem(&in, "c.jsonl", cause,
		    strlen(cause), NULL), WAKE_OK);
		assert_int_equal(wake_report_add_causes(r, in, cause_id, NULL,
		    NULL), WAKE_OK);
		wake_input_free(in);
	}
	rc = wake_report_write(r, &out);
	wake_report_free(r);
	if (rc == WAKE_EOF)
		return NULL;
	assert_int_equal(rc, WAKE_OK);
	assert_int_equal(wake_buf_putc(&out, '\0'), WAKE_OK);
	s = strdup(out.p);
	wake_buf_free(&out);
	return s;
}

static void
has(const char *s, const char *want)
{
	if (strstr(s, want) == NULL)
		fail_msg("no \"%s\" in:\n%s", want, s);
}

TEST(default_end)
{
	struct wake_report_opts o;
	char *s;

	wake_report_opts_init(&o);
	o.format = WAKE_REPORT_JSON;
	/* The last event is on Saturday: the week ends Sunday 00:00. */
	s = run(&o, events, NULL, NULL);
	has(s, "\"end\":\"2024-03-10T00:00:00.000Z\"");
	has(s, "\"start\":\"2024-03-03T00:00:00.000Z\"");
	free(s);
	/* ... unless Saturday is still going. */
	o.clock = 1710021600LL * 1000000000;	/* 2024-03-09T22:00Z */
	s = run(&o, events, NULL, NULL);
	has(s, "\"end\":\"2024-03-09T00:00:00.000Z\"");
	free(s);
	/* Nothing to go by. */
	assert_null(run(&o, "", NULL, NULL));
}

TEST(dst_week)
{
	struct wake_report_opts o;
	struct wake_tz *tz;
	const char *why;
	char *s;

	if (wake_tz_open("America/New_York", &tz, &why) != WAKE_OK)
		skip();
	wake_report_opts_init(&o);
	o.format = WAKE_REPORT_JSON;
	o.tz = tz;
	/* Monday 2024-03-11 00:00 EDT; the week holds the change. */
	o.end = 1710129600LL * 1000000000;
	s = run(&o, events, NULL, NULL);
	has(s, "\"start\":\"2024-03-04T05:00:00.000Z\"");
	has(s, "\"end\":\"2024-03-11T04:00:00.000Z\"");
	has(s, "\"first_day\":\"2024-03-04\",\"last_day\":\"2024-03-10\"");
	/* The chat at 22:00Z on Saturday is Saturday 17:00 there. */
	has(s, "{\"day\":\"2024-03-09\",\"channel\":\"ops\",\"messages\":1}");
	free(s);
	wake_tz_free(tz);
}

TEST(causes)
{
	struct wake_report_opts o;
	char *s;

	wake_report_opts_init(&o);
	o.format = WAKE_REPORT_TEXT;
	o.end = 1710115200LL * 1000000000;	/* 2024-03-11 */
	/* Without causes: the title. */
	s = run(&o, events, NULL, NULL);
	has(s, "db down");
	has(s, "ops");
	has(s, "aaaa");
	has(s, "web-1");
	free(s);
	/* By time: the best rank wins, whatever the order. */
	s = run(&o, events,
	    "{\"rank\":2,\"score\":0.4,\"kind\":\"host\",\"summary\":\"two\","
	    "\"ts\":\"2024-03-05T10:01:00.000Z\"}\n"
	    "{\"rank\":1,\"score\":0.9,\"kind\":\"change\",\"summary\":\"one\","
	    "\"ts\":\"2024-03-05T09:50:00.000Z\"}\n", NULL);
	has(s, "change: one (0.90)");
	free(s);
	/* Named: an explicit incident wins over time. */
	s = run(&o, events,
	    "{\"rank\":1,\"score\":0.9,\"kind\":\"change\",\"summary\":\"one\","
	    "\"ts\":\"2024-03-01T00:00:00.000Z\"}\n", "INC-1");
	has(s, "change: one (0.90)");
	free(s);
	s = run(&o, events,
	    "{\"rank\":1,\"score\":0.9,\"kind\":\"change\",\"summary\":\"one\","
	    "\"ts\":\"2024-03-05T09:50:00.000Z\"}\n", "INC-2");
	has(s, "db down");
	free(s);
}

TEST(same_bytes)
{
	struct wake_report_opts o;
	char *a, *b;
	int f;

	wake_report_opts_init(&o);
	o.end = 1710115200LL * 1000000000;
	o.previous = 1;
	for (f = WAKE_REPORT_MD; f <= WAKE_REPORT_JSON; f++) {
		o.format = f;
		a = run(&o, events, NULL, NULL);
		b = run(&o, events, NULL, NULL);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
}
