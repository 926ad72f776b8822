/*
 * Tests of the timeline (lib/timeline.c): phase events read from the end
 * of the stream, the window, the limit, cause lines, every format.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "internal.h"
#include <wake/input.h>
#include <wake/timeline.h>

static const char stream[] =
    "#wake events 1\n"
    "2024-02-22T09:58:00.000Z\tnet\tchg\tnotice\tchange\tpush route-map\t"
    "change=CHG-1 actor=ops origin=net.log:1\n"
    "2024-02-22T10:00:10.000Z\tnet\tr1\terr\tlog\tBGP down 10.0.0.1\t"
    "origin=net.log:2\n"
    "2024-02-22T10:00:20.000Z\tnet\tr1\terr\tlog\tBGP down 10.0.0.2\t"
    "origin=net.log:3\n"
    "2024-02-22T10:01:00.000Z\tchat\tsato\t-\tchat\tack <b>x</b>\t"
    "channel=ops user=sato phase=ack origin=chat.json:1\n"
    "2024-02-22T10:02:00.000Z\tchat\tkim\t-\tchat\thello\t"
    "channel=ops user=kim origin=chat.json:2\n"
    "2024-02-22T10:00:00.000Z\twake\t-\tnotice\tphase\tstart\t"
    "incident=INC-1 phase=start why=\"net err rose\"\n"
    "2024-02-22T10:01:00.000Z\twake\t-\tnotice\tphase\tack\t"
    "incident=INC-1 phase=ack ref=chat.json:1\n"
    "2024-02-22T10:10:00.000Z\twake\t-\tnotice\tphase\tresolve\t"
    "incident=INC-1 phase=resolve\n";

static struct wake_timeline *
run(const struct wake_timeline_opts *o, const char *text)
{
	struct wake_timeline *t;
	struct wake_input *in;

	assert_int_equal(wake_timeline_new(&t, o), WAKE_OK);
	assert_int_equal(wake_input_open_mem(&in, "mem", text, strlen(text),
	    NULL), WAKE_OK);
	assert_int_equal(wake_timeline_run(t, in, NULL, NULL), WAKE_OK);
	wake_input_free(in);
	return t;
}

static char *
format_out(const struct wake_timeline *t, int fmt)
{
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(wake_timeline_write(t, fmt, &b), WAKE_OK);
	assert_int_equal(wake_buf_putc(&b, '\0'), WAKE_OK);
	return b.p;
}

TEST(timeline_phases_at_end)
{
	struct wake_timeline_opts o;
	struct wake_timeline *t;
	wake_time_t s, e;
	const char *id;
	char *out;

	wake_timeline_opts_init(&o);
	t = run(&o, stream);
	assert_int_equal(wake_timeline_finish(t), WAKE_OK);
	wake_timeline_window(t, &s, &e, &id);
	assert_string_equal(id, "INC-1");
	assert_int_equal(e - s, 600LL * 1000000000LL);
	out = format_out(t, WAKE_TL_JSON);
	/* The change before the start, the phases, the marker merged. */
	assert_non_null(strstr(out, "\"category\":\"change\""));
	assert_non_null(strstr(out, "\"offset\":\"T-00:02\""));
	assert_non_null(strstr(out, "acknowledged: #ops sato: ack <b>x</b>"));
	assert_non_null(strstr(out, "\"origin\":\"chat.json:1\""));
	assert_null(strstr(out, "[ack]"));
	free(out);
	wake_timeline_free(t);
}

TEST(timeline_formats_escape)
{
	struct wake_timeline_opts o;
	struct wake_timeline *t;
	char *out;
	int f;

	wake_timeline_opts_init(&o);
	t = run(&o, stream);
	assert_int_equal(wake_timeline_finish(t), WAKE_OK);
	for (f = WAKE_TL_TEXT; f <= WAKE_TL_CSV; f++) {
		out = format_out(t, f);
		if (f == WAKE_TL_HTML || f == WAKE_TL_MD) {
			assert_null(strstr(out, "<b>x"));
			assert_non_null(strstr(out, "&lt;b&gt;x"));
		}
		free(out);
	}
	assert_int_equal(wake_timeline_write(t, 99, NULL), WAKE_ERR_USAGE);
	wake_timeline_free(t);
}

TEST(timeline_no_incident)
{
	struct wake_timeline_opts o;
	struct wake_timeline *t;

	wake_timeline_opts_init(&o);
	t = run(&o, "2024-02-22T10:00:10.000Z\tnet\tr1\terr\tlog\tx\t\n");
	assert_int_equal(wake_timeline_finish(t), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_timeline_error(t), "--window"));
	wake_timeline_free(t);

	o.incident = "INC-9";
	t = run(&o, stream);
	assert_int_equal(wake_timeline_finish(t), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_timeline_error(t), "INC-9"));
	wake_timeline_free(t);
}

TEST(timeline_window_all)
{
	struct wake_timeline_opts o;
	struct wake_timeline *t;
	const char *id;
	wake_time_t s, e;
	char *out;

	wake_timeline_opts_init(&o);
	assert_int_equal(wake_time_parse_utc("2024-02-22T10:00:15Z", 20,
	    &o.start), WAKE_OK);
	o.end = o.start + 60LL * 1000000000LL;
	o.all = 1;
	t = run(&o, stream);
	assert_int_equal(wake_timeline_finish(t), WAKE_OK);
	wake_timeline_window(t, &s, &e, &id);
	assert_string_equal(id, "");
	assert_int_equal(s, o.start);
	out = format_out(t, WAKE_TL_JSON);
	assert_non_null(strstr(out, "BGP down 10.0.0.2"));
	assert_null(strstr(out, "\"incident\":\"INC-1\""));
	free(out);
	wake_timeline_free(t);
}

TEST(timeline_max_keeps_phases)
{
	struct wake_timeline_opts o;
	struct wake_timeline *t;

	wake_timeline_opts_init(&o);
	o.max = 1;
	t = run(&o, stream);
	assert_int_equal(wake_timeline_finish(t), WAKE_OK);
	/* start, ack, resolve: the phases stay whatever the limit. */
	assert_int_equal(wake_timeline_count(t), 3);
	wake_timeline_free(t);
}

TEST(timeline_cause_lines)
{
	struct wake_timeline_opts o;
	struct wake_timeline *t;
	const char *good = "{\"rank\":1,\"score\":0.5,\"kind\":\"change\","
	    "\"summary\":\"s|<i>\",\"evidence\":[{\"ts\":\"x\",\"origin\":"
	    "\"net.log:1\",\"msg\":\"m\"}]}";
	char *out;

	wake_timeline_opts_init(&o);
	t = run(&o, stream);
	assert_int_equal(wake_timeline_cause_json(t, good, strlen(good)),
	    WAKE_OK);
	assert_int_equal(wake_timeline_cause_json(t, "[1]", 3),
	    WAKE_ERR_FORMAT);
	assert_int_equal(wake_timeline_cause_json(t, "{\"rank\":2}", 10),
	    WAKE_ERR_FORMAT);
	assert_int_equal(wake_timeline_cause_json(t, "{", 1),
	    WAKE_ERR_FORMAT);
	assert_int_equal(wake_timeline_cause_json(t, "", 0), WAKE_OK);
	assert_int_equal(wake_timeline_finish(t), WAKE_OK);
	out = format_out(t, WAKE_TL_MD);
	assert_non_null(strstr(out, "**change** (score 0.50): s\\|&lt;i&gt;"));
	assert_non_null(strstr(out, "net.log:1: m"));
	free(out);
	wake_timeline_free(t);
	wake_timeline_free(NULL);
}
