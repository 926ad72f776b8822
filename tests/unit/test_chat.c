/*
 * The chat formats (lib/fmt_chat.c): irc in its three forms, the
 * Mattermost bulk export with replies, channel names from file names;
 * and the csv format's end-of-input hook.
 */
#include <stdlib.h>

#include <wake/parse.h>

#include "fmt_test.h"

/* A fixture with the format's state and an input name. */
static void
open_fmt(struct fx *x, const char *zone, const struct wk_format *f,
    const char *name)
{
	fx_open(x, zone);
	x->c.year = 0;
	x->c.name = name;
	x->c.fmt_data = f->data;
	x->c.state = f->init != NULL ? f->init(f->data) : NULL;
}

static void
close_fmt(struct fx *x, const struct wk_format *f)
{
	if (f->fini != NULL)
		f->fini(x->c.state);
	fx_close(x);
}

static int
meta(struct fx *x, const struct wk_format *f, const char *line)
{
	wake_event_reset(&x->ev);
	x->why = NULL;
	return f->parse(&x->c, line, strlen(line), &x->ev, &x->why);
}

TEST(channel_from_name)
{
	char out[64];

	assert_int_equal(wk_chat_channel("logs/#ops.log", out, sizeof(out)),
	    4);
	assert_string_equal(out, "#ops");
	wk_chat_channel("irc.libera.#ops.weechatlog", out, sizeof(out));
	assert_string_equal(out, "#ops");
	wk_chat_channel("ops.weechatlog", out, sizeof(out));
	assert_string_equal(out, "ops");
	wk_chat_channel("irc.libera.ops.weechatlog.gz", out, sizeof(out));
	assert_string_equal(out, "ops");
	wk_chat_channel("/x/#incident.2024-02-22.log", out, sizeof(out));
	assert_string_equal(out, "#incident");
	wk_chat_channel("#noc_20240222.log", out, sizeof(out));
	assert_string_equal(out, "#noc");
	assert_int_equal(wk_chat_channel("router.log", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(wk_chat_channel(NULL, out, sizeof(out)), 0);
	assert_int_equal(wk_chat_channel("#a b.log", out, sizeof(out)), 0);
	assert_int_equal(wk_chat_channel("#toolong.log", out, 4), 0);
}

TEST(irc_bracketed)
{
	struct fx x;

	open_fmt(&x, "UTC", &wk_fmt_irc, "#ops.log");
	EXPECT(&x, &wk_fmt_irc, "[2024-02-22 09:01:02] <alice> is it down?",
	    "2024-02-22T09:01:02.000Z\t-\talice\t-\tchat\tis it down?\t"
	    "user=alice channel=#ops");
	/* The date of the line before; modes go; Japanese as it is. */
	EXPECT(&x, &wk_fmt_irc, "[09:02:03] <@bob> 確認中です",
	    "2024-02-22T09:02:03.000Z\t-\tbob\t-\tchat\t確認中です\t"
	    "user=bob channel=#ops");
	EXPECT(&x, &wk_fmt_irc, "[09:03] * carol rolls back",
	    "2024-02-22T09:03:00.000Z\t-\tcarol\t-\tchat\tcarol rolls back\t"
	    "user=carol channel=#ops subtype=action");
	EXPECT(&x, &wk_fmt_irc, "[09:04:00] *** dave has quit (bye)",
	    "2024-02-22T09:04:00.000Z\t-\tdave\t-\tchat\tdave has quit (bye)\t"
	    "user=dave channel=#ops subtype=quit");
	/* An empty message is a message. */
	EXPECT(&x, &wk_fmt_irc, "[09:05:00] <eve>",
	    "2024-02-22T09:05:00.000Z\t-\teve\t-\tchat\t\tuser=eve "
	    "channel=#ops");
	/* Over midnight without a date line. */
	EXPECT(&x, &wk_fmt_irc, "[23:59:00] <eve> x",
	    "2024-02-22T23:59:00.000Z\t-\teve\t-\tchat\tx\tuser=eve "
	    "channel=#ops");
	EXPECT(&x, &wk_fmt_irc, "[00:00:01] <eve> late",
	    "2024-02-23T00:00:01.000Z\t-\teve\t-\tchat\tlate\tuser=eve "
	    "channel=#ops");
	NOMATCH(&x, &wk_fmt_irc, "[2024-02-22 09:01:02] alice: hi",
	    "no '<nick>'");
	NOMATCH(&x, &wk_fmt_irc, "[2024-02-22 09:01:02] <alice hi",
	    "no '<nick>'");
	NOMATCH(&x, &wk_fmt_irc, "[25:00:00] <a> x", "at column 1");
	NOMATCH(&x, &wk_fmt_irc, "[2024-02-30 09:00:00] <a> x",
	    "does not exist");
	NOMATCH(&x, &wk_fmt_irc, "[09:00:00] * ", "without a nick");
	close_fmt(&x, &wk_fmt_irc);
}

TEST(irc_irssi)
{
	struct fx x;

	open_fmt(&x, "Asia/Tokyo", &wk_fmt_irc, "x/#ops.log");
	NOMATCH(&x, &wk_fmt_irc, "09:00 <bob> before any date",
	    "before any date");
	assert_int_equal(meta(&x, &wk_fmt_irc,
	    "--- Log opened Thu Feb 22 09:00:00 2024"), WK_META);
	EXPECT(&x, &wk_fmt_irc, "09:01 < bob> hello",
	    "2024-02-22T00:01:00.000Z\t-\tbob\t-\tchat\thello\tuser=bob "
	    "channel=#ops");
	EXPECT(&x, &wk_fmt_irc, "09:02  * bob waves",
	    "2024-02-22T00:02:00.000Z\t-\tbob\t-\tchat\tbob waves\tuser=bob "
	    "channel=#ops subtype=action");
	EXPECT(&x, &wk_fmt_irc, "09:03 -!- ServerMode/#ops [+o bob] by x",
	    "2024-02-22T00:03:00.000Z\t-\t-\t-\tchat\tServerMode/#ops "
	    "[+o bob] by x\tchannel=#ops subtype=notice");
	assert_int_equal(meta(&x, &wk_fmt_irc,
	    "--- Day changed Sat Feb 24 2024"), WK_META);
	EXPECT(&x, &wk_fmt_irc, "10:00 <alice> 復旧しました",
	    "2024-02-24T01:00:00.000Z\t-\talice\t-\tchat\t復旧しました\t"
	    "user=alice channel=#ops");
	assert_int_equal(meta(&x, &wk_fmt_irc, "--- Day changed soon"),
	    WK_NOMATCH);
	assert_non_null(strstr(x.why, "without its date"));
	assert_int_equal(meta(&x, &wk_fmt_irc, "--- something else"),
	    WK_NOMATCH);
	close_fmt(&x, &wk_fmt_irc);
}

TEST(irc_weechat)
{
	struct fx x;

	open_fmt(&x, "UTC", &wk_fmt_irc, "irc.libera.#ops.weechatlog");
	EXPECT(&x, &wk_fmt_irc, "2024-02-22 09:00:00\t-->\talice (~a@h) "
	    "has joined #ops",
	    "2024-02-22T09:00:00.000Z\t-\talice\t-\tchat\talice (~a@h) has "
	    "joined #ops\tuser=alice channel=#ops subtype=join");
	EXPECT(&x, &wk_fmt_irc, "2024-02-22 09:00:01\t@alice\ta\tb",
	    "2024-02-22T09:00:01.000Z\t-\talice\t-\tchat\ta\\tb\tuser=alice "
	    "channel=#ops");
	EXPECT(&x, &wk_fmt_irc, "2024-02-22 09:00:02\t *\tbob sighs",
	    "2024-02-22T09:00:02.000Z\t-\tbob\t-\tchat\tbob sighs\tuser=bob "
	    "channel=#ops subtype=action");
	EXPECT(&x, &wk_fmt_irc, "2024-02-22 09:00:03\t<--\tbob (~b@h) has "
	    "left #ops",
	    "2024-02-22T09:00:03.000Z\t-\tbob\t-\tchat\tbob (~b@h) has left "
	    "#ops\tuser=bob channel=#ops subtype=part");
	EXPECT(&x, &wk_fmt_irc, "2024-02-22 09:00:04\t--\tMode #ops [+t]",
	    "2024-02-22T09:00:04.000Z\t-\t-\t-\tchat\tMode #ops [+t]\t"
	    "channel=#ops subtype=notice");
	NOMATCH(&x, &wk_fmt_irc, "2024-02-22 09:00:05\tno second tab",
	    "no TAB");
	NOMATCH(&x, &wk_fmt_irc, "2024-02-22 09:00:05\ta b\ttext",
	    "no nick");
	/* Logs with a level where the nick goes are not chat. */
	NOMATCH(&x, &wk_fmt_irc, "2024-02-22 09:00:05\tINFO\tstarted",
	    "log level");
	NOMATCH(&x, &wk_fmt_irc, "[2024-02-22 09:00:05] <error> x",
	    "log level");
	/* Syslog and ISO lines are not chat. */
	NOMATCH(&x, &wk_fmt_irc, "Feb 22 09:00:00 host app: x", "column 1");
	NOMATCH(&x, &wk_fmt_irc, "2024-02-22 09:00:00 INFO started",
	    "column 1");
	close_fmt(&x, &wk_fmt_irc);
}

TEST(irc_without_state)
{
	struct fx x;

	fx_open(&x, "UTC");
	EXPECT(&x, &wk_fmt_irc, "[2024-02-22 09:01:02] <a> x",
	    "2024-02-22T09:01:02.000Z\t-\ta\t-\tchat\tx\tuser=a");
	NOMATCH(&x, &wk_fmt_irc, "09:01 <a> x", "before any date");
	assert_int_equal(meta(&x, &wk_fmt_irc,
	    "--- Day changed Thu Feb 22 2024"), WK_META);
	fx_close(&x);
}

/* The replies of the post just parsed, as TSV lines. */
static void
more_is(struct fx *x, const char *want)
{
	assert_non_null(wk_fmt_mattermost.more);
	wake_event_reset(&x->ev);
	if (want == NULL) {
		assert_int_equal(wk_fmt_mattermost.more(&x->c, &x->ev),
		    WK_META);
		return;
	}
	assert_int_equal(wk_fmt_mattermost.more(&x->c, &x->ev), WK_EVENT);
	x->out.n = 0;
	assert_int_equal(wake_event_write_tsv(&x->ev, &x->out), WAKE_OK);
	x->out.p[x->out.n - 1] = '\0';
	assert_string_equal(x->out.p, want);
}

TEST(mattermost_posts)
{
	struct fx x;

	open_fmt(&x, "UTC", &wk_fmt_mattermost, "mm.jsonl");
	assert_int_equal(meta(&x, &wk_fmt_mattermost,
	    "{\"type\":\"version\",\"version\":1}"), WK_META);
	assert_int_equal(meta(&x, &wk_fmt_mattermost,
	    "{\"type\":\"direct_post\",\"direct_post\":{\"user\":\"a\","
	    "\"message\":\"x\",\"create_at\":1}}"), WK_META);
	EXPECT(&x, &wk_fmt_mattermost, "{\"type\":\"post\",\"post\":{"
	    "\"team\":\"ops\",\"channel\":\"incident\",\"user\":\"alice\","
	    "\"message\":\"down? \\u78ba\\u8a8d \\\"x\\\"\","
	    "\"create_at\":1708595892123,\"replies\":[{\"user\":\"bob\","
	    "\"message\":\"ack\",\"create_at\":1708595900000},7,"
	    "{\"user\":\"carol\",\"message\":\"no time\"},{\"user\":\"dave\","
	    "\"message\":\"復旧\",\"create_at\":1708596000001}]}}",
	    "2024-02-22T09:58:12.123Z\t-\talice\t-\tchat\tdown? 確認 \"x\"\t"
	    "user=alice channel=incident team=ops");
	more_is(&x, "2024-02-22T09:58:20.000Z\t-\tbob\t-\tchat\tack\t"
	    "user=bob channel=incident team=ops thread=1708595892123");
	/* A reply that is no object or has no time is passed over. */
	more_is(&x, "2024-02-22T10:00:00.001Z\t-\tdave\t-\tchat\t復旧\t"
	    "user=dave channel=incident team=ops thread=1708595892123");
	more_is(&x, NULL);
	/* A post without replies has no more. */
	EXPECT(&x, &wk_fmt_mattermost, "{\"type\":\"post\",\"post\":{"
	    "\"user\":\"a\",\"message\":\"\",\"create_at\":0,\"type\":"
	    "\"system_join_channel\"}}",
	    "1970-01-01T00:00:00.000Z\t-\ta\t-\tchat\t\tuser=a "
	    "subtype=system_join_channel");
	more_is(&x, NULL);
	NOMATCH(&x, &wk_fmt_mattermost, "not json", "not a JSON object");
	NOMATCH(&x, &wk_fmt_mattermost, "{\"type\":", "");
	NOMATCH(&x, &wk_fmt_mattermost, "{\"time\":\"x\"}", "no \"type\"");
	NOMATCH(&x, &wk_fmt_mattermost, "{\"type\":\"wiki\"}", "do not have");
	NOMATCH(&x, &wk_fmt_mattermost, "{\"type\":\"post\"}",
	    "without its \"post\"");
	NOMATCH(&x, &wk_fmt_mattermost, "{\"type\":\"post\",\"post\":{"
	    "\"create_at\":-5}}", "create_at");
	close_fmt(&x, &wk_fmt_mattermost);
}

TEST(mattermost_many_tokens)
{
	struct fx x;
	struct wake_buf b = WAKE_BUF_INIT;
	int i;
	static const char head[] = "{\"type\":\"post\",\"post\":{"
	    "\"user\":\"a\",\"message\":\"m\",\"create_at\":1000,"
	    "\"props\":[";

	open_fmt(&x, "UTC", &wk_fmt_mattermost, "mm.jsonl");
	assert_int_equal(wake_buf_put(&b, head, sizeof(head) - 1), WAKE_OK);
	for (i = 0; i < 2000; i++)
		assert_int_equal(wake_buf_put(&b, "1,", 2), WAKE_OK);
	assert_int_equal(wake_buf_put(&b, "1]}}", 5), WAKE_OK);
	EXPECT(&x, &wk_fmt_mattermost, b.p,
	    "1970-01-01T00:00:01.000Z\t-\ta\t-\tchat\tm\tuser=a");
	wake_buf_free(&b);
	close_fmt(&x, &wk_fmt_mattermost);
}

TEST(slack_format_names_only)
{
	struct fx x;

	fx_open(&x, "UTC");
	NOMATCH(&x, &wk_fmt_slack, "[", "read whole");
	fx_close(&x);
}

TEST(csv_finish_open_quote)
{
	struct fx x;
	const char *why = NULL;

	open_fmt(&x, "UTC", &wk_fmt_csv, "a.csv");
	assert_non_null(wk_fmt_csv.finish);
	/* Nothing pending: nothing to say. */
	assert_int_equal(wk_fmt_csv.finish(&x.c, &x.ev, &why), WK_META);
	assert_int_equal(meta(&x, &wk_fmt_csv, "time,agent,note"), WK_META);
	EXPECT(&x, &wk_fmt_csv, "2024-02-22 10:00:00,a,ok",
	    "2024-02-22T10:00:00.000Z\t-\ta\t-\tlog\tok\t");
	assert_int_equal(meta(&x, &wk_fmt_csv, "2024-02-22 10:00:01,b,\"open"),
	    WK_META);
	assert_int_equal(meta(&x, &wk_fmt_csv, "still open"), WK_META);
	wake_event_reset(&x.ev);
	assert_int_equal(wk_fmt_csv.finish(&x.c, &x.ev, &why), WK_EVENT);
	assert_string_equal(why, "unterminated quoted field");
	assert_int_equal(x.ev.kind, WAKE_KIND_RAW);
	assert_mem_str(x.ev.msg.p, x.ev.msg.n,
	    "2024-02-22 10:00:01,b,\"open\nstill open");
	assert_non_null(wake_event_attr_get(&x.ev, "csv_error"));
	/* Said once. */
	why = NULL;
	assert_int_equal(wk_fmt_csv.finish(&x.c, &x.ev, &why), WK_META);
	close_fmt(&x, &wk_fmt_csv);
}

/* The driver: an open quote at the end is a raw event and an error. */
static int
count_ev(void *arg, const struct wake_event *ev)
{
	int *n = arg;

	n[0]++;
	if (ev->kind == WAKE_KIND_RAW)
		n[1]++;
	return 0;
}

TEST(driver_calls_finish)
{
	static const char text[] = "time,who,note\n"
	    "2024-02-22 10:00:00,a,ok\n2024-02-22 10:00:01,b,\"open\nmore\n";
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct wake_parser *p;
	struct wake_input *in;
	int n[2] = { 0, 0 };

	o.format = "csv";
	assert_int_equal(wake_parser_new(&p, &o), WAKE_OK);
	assert_int_equal(wake_input_open_mem(&in, "t.csv", text,
	    sizeof(text) - 1, NULL), WAKE_OK);
	assert_int_equal(wake_parser_run(p, in, count_ev, n, &st),
	    WAKE_ERR_FORMAT);
	assert_string_equal(wake_parser_error(p),
	    "t.csv:4: unterminated quoted field");
	assert_int_equal(n[0], 2);
	assert_int_equal(n[1], 1);
	assert_int_equal(st.lines, st.events + st.raw + st.skipped);
	wake_input_free(in);
	wake_parser_free(p);
}

TEST(driver_mattermost_replies)
{
	static const char text[] =
	    "{\"type\":\"version\",\"version\":1}\n"
	    "{\"type\":\"post\",\"post\":{\"user\":\"a\",\"message\":\"m\","
	    "\"create_at\":1000,\"replies\":[{\"user\":\"b\",\"message\":"
	    "\"r\",\"create_at\":2000}]}}\n";
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct wake_parser *p;
	struct wake_input *in;
	int n[2] = { 0, 0 };

	assert_int_equal(wake_parser_new(&p, &o), WAKE_OK);
	assert_int_equal(wake_input_open_mem(&in, "mm.jsonl", text,
	    sizeof(text) - 1, NULL), WAKE_OK);
	assert_int_equal(wake_parser_run(p, in, count_ev, n, &st), WAKE_OK);
	assert_string_equal(st.format, "mattermost");
	assert_int_equal(n[0], 2);
	assert_int_equal(n[1], 0);
	assert_int_equal(st.lines, st.events + st.raw + st.skipped);
	wake_input_free(in);
	wake_parser_free(p);
}
