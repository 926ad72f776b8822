/*
 * Slack exports (lib/slack.c): users and channels, day files, markup to
 * plain text, threads, bots, time order, damaged files, and the reader
 * over tests/data/chat/ ($TESTDATA).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "internal.h"

struct got {
	struct wake_buf	 out;		/* events as TSV, one a line */
	wake_time_t	 ts[64];
	size_t		 n;
	char		 origin[64][96];
	char		 msg[512];	/* the last event's msg */
};

static int
collect(void *arg, struct wake_event *ev, const char *member, uint64_t line)
{
	struct got *g = arg;

	if (g->n < 64) {
		g->ts[g->n] = ev->ts;
		snprintf(g->origin[g->n], sizeof(g->origin[0]), "%s:%llu",
		    member, (unsigned long long)line);
	}
	g->n++;
	snprintf(g->msg, sizeof(g->msg), "%.*s", (int)ev->msg.n, ev->msg.p);
	return wake_event_write_tsv(ev, &g->out) != WAKE_OK;
}

static const char users[] = "[\n"
    "  {\"id\": \"U1\", \"name\": \"alice\", \"real_name\": \"Alice A\","
    "   \"profile\": {\"display_name\": \"ali\", \"real_name\": \"Alice\"}},\n"
    "  {\"id\": \"U2\", \"name\": \"taro\","
    "   \"profile\": {\"display_name\": \"\", \"real_name\": \"山田 太郎\"}},\n"
    "  {\"id\": \"U3\", \"name\": \"bob\", \"profile\": {}},\n"
    "  {\"id\": \"U4\", \"name\": \"carol\", \"real_name\": \"Carol C\"},\n"
    "  \"junk\", {\"name\": \"no id\"}\n"
    "]\n";

static const char channels[] = "[{\"id\": \"C1\", \"name\": \"general\"},"
    "{\"id\": \"C2\", \"name\": \"noc\"}]";

/* One message with text t from U1 at ts 100; its plain text. */
static const char *
plain_of(struct wk_slack *s, struct got *g, const char *t)
{
	static const char head[] = "[{\"user\": \"U1\", \"ts\": "
	    "\"100.000001\", \"text\": \"";
	struct wake_buf day = WAKE_BUF_INIT;
	const char *why;

	assert_int_equal(wake_buf_put(&day, head, sizeof(head) - 1), WAKE_OK);
	assert_int_equal(wake_buf_put(&day, t, strlen(t)), WAKE_OK);
	assert_int_equal(wake_buf_put(&day, "\"}]", 3), WAKE_OK);
	assert_int_equal(wk_slack_day(s, "noc", 3, "noc/x.json", day.p, day.n,
	    &why), WAKE_OK);
	wake_buf_free(&day);
	g->out.n = 0;
	g->n = 0;
	assert_int_equal(wk_slack_emit(s, collect, g), WAKE_OK);
	assert_int_equal(g->n, 1);
	return g->msg;
}

TEST(markup_to_plain)
{
	struct wk_slack *s;
	struct got g;
	const char *why;
	static const char *const cases[][2] = {
		{ "hi <@U1>", "hi @ali" },
		{ "<@U2> and <@U3>", "@山田 太郎 and @bob" },
		{ "<@U4>: x", "@Carol C: x" },
		{ "<@U9> unknown", "@U9 unknown" },
		{ "<@U9|zed> named", "@zed named" },
		{ "see <#C2> or <#C1|general> or <#C7>",
		    "see #noc or #general or #C7" },
		{ "<!here> <!channel> <!everyone>", "@here @channel @everyone" },
		{ "<!subteam^S1|@oncall> up", "@oncall up" },
		{ "<!date^1708595892^{date}|Feb 22nd>", "Feb 22nd" },
		{ "<https://x.example/a|the page>", "the page (https://x.example/a)" },
		{ "<https://x.example/a>", "https://x.example/a" },
		{ "<https://x.example|https://x.example>", "https://x.example" },
		{ "<mailto:a@b.example|a@b.example>", "a@b.example" },
		{ "a &amp; b &lt;c&gt; &amp;amp; &quot; &", "a & b <c> &amp; &quot; &" },
		{ "<https://x.example/?a=1&amp;b=2|q &amp; a>",
		    "q & a (https://x.example/?a=1&b=2)" },
		{ "open < bracket", "open < bracket" },
		{ "<>", "" },
		{ "確認中 <@U1> 復旧しました", "確認中 @ali 復旧しました" },
	};
	size_t i;

	memset(&g, 0, sizeof(g));
	for (i = 0; i < WK_NELEM(cases); i++) {
		assert_int_equal(wk_slack_new(&s), WAKE_OK);
		assert_int_equal(wk_slack_users(s, users, sizeof(users) - 1,
		    &why), WAKE_OK);
		assert_int_equal(wk_slack_channels(s, channels,
		    sizeof(channels) - 1, &why), WAKE_OK);
		assert_string_equal(plain_of(s, &g, cases[i][0]), cases[i][1]);
		wk_slack_free(s);
	}
	wake_buf_free(&g.out);
}

static const char day1[] = "[\n"
    "    {\n"
    "        \"type\": \"message\",\n"
    "        \"user\": \"U1\",\n"
    "        \"text\": \"root\",\n"
    "        \"ts\": \"1708595892.123456\",\n"
    "        \"thread_ts\": \"1708595892.123456\"\n"
    "    },\n"
    "    {\"type\": \"message\", \"user\": \"U2\", \"text\": \"reply\","
    " \"ts\": \"1708595900.000001\", \"thread_ts\": \"1708595892.123456\"},\n"
    "    {\"type\": \"message\", \"subtype\": \"bot_message\","
    " \"bot_id\": \"B1\", \"username\": \"PagerDuty\", \"text\": \"\","
    " \"attachments\": [{\"fallback\": \"[Triggered] x\"}],"
    " \"ts\": \"1708595800.000000\"},\n"
    "    {\"type\": \"message\", \"subtype\": \"bot_message\","
    " \"bot_id\": \"B2\", \"bot_profile\": {\"name\": \"grafana\"},"
    " \"text\": \"alert\", \"ts\": \"1708595800.000000\"},\n"
    "    {\"type\": \"message\", \"user\": \"U7\", \"text\": \"p\","
    " \"user_profile\": {\"display_name\": \"\", \"real_name\": \"Pat\"},"
    " \"ts\": \"1708595950\"}\n"
    "]\n";

static const char day0[] = "[{\"type\": \"message\", \"user\": \"U3\","
    " \"subtype\": \"channel_join\", \"text\": \"<@U3> has joined\","
    " \"ts\": \"1708500000.5\"}]";

TEST(messages_in_time_order)
{
	struct wk_slack *s;
	struct got g;
	const char *why;
	static const char want[] =
	    "2024-02-21T07:20:00.500Z\t-\tbob\t-\tchat\t@bob has joined\t"
	    "channel=general user=bob user_id=U3 subtype=channel_join\n"
	    "2024-02-22T09:56:40.000Z\t-\tPagerDuty\t-\tchat\t[Triggered] x\t"
	    "channel=noc user=PagerDuty user_id=B1 subtype=bot_message\n"
	    "2024-02-22T09:56:40.000Z\t-\tgrafana\t-\tchat\talert\t"
	    "channel=noc user=grafana user_id=B2 subtype=bot_message\n"
	    "2024-02-22T09:58:12.123Z\t-\tali\t-\tchat\troot\t"
	    "channel=noc user=ali user_id=U1\n"
	    "2024-02-22T09:58:20.000Z\t-\t山田 太郎\t-\tchat\treply\t"
	    "channel=noc user=\"山田 太郎\" user_id=U2 "
	    "thread=1708595892.123456\n"
	    "2024-02-22T09:59:10.000Z\t-\tPat\t-\tchat\tp\t"
	    "channel=noc user=Pat user_id=U7\n";

	memset(&g, 0, sizeof(g));
	assert_int_equal(wk_slack_new(&s), WAKE_OK);
	/* Day files before users.json, as a zip may hold them. */
	assert_int_equal(wk_slack_day(s, "noc", 3, "e.zip//noc/2024-02-22.json",
	    day1, sizeof(day1) - 1, &why), WAKE_OK);
	assert_int_equal(wk_slack_day(s, "general", 7,
	    "e.zip//general/2024-02-21.json", day0, sizeof(day0) - 1, &why),
	    WAKE_OK);
	assert_int_equal(wk_slack_users(s, users, sizeof(users) - 1, &why),
	    WAKE_OK);
	assert_int_equal(wk_slack_emit(s, collect, &g), WAKE_OK);
	assert_int_equal(wake_buf_putc(&g.out, '\0'), WAKE_OK);
	assert_string_equal(g.out.p, want);
	/* Microseconds kept; origins name the line a message starts on. */
	assert_true(g.ts[3] == (wake_time_t)1708595892123456000);
	assert_string_equal(g.origin[0], "e.zip//general/2024-02-21.json:1");
	assert_string_equal(g.origin[1], "e.zip//noc/2024-02-22.json:10");
	assert_string_equal(g.origin[3], "e.zip//noc/2024-02-22.json:2");
	assert_string_equal(g.origin[4], "e.zip//noc/2024-02-22.json:9");
	wk_slack_free(s);
	wake_buf_free(&g.out);
}

TEST(damaged_files)
{
	struct wk_slack *s;
	struct got g;
	const char *why;
	static const char mixed[] = "[\n  {\"text\": \"no ts\", \"user\": \"U1\"},"
	    "\n  42,\n  {\"text\": \"ok\", \"user\": \"U1\", \"ts\": \"5\"},\n"
	    "  {\"text\": \"bad ts\", \"ts\": \"12x\"}\n]";

	memset(&g, 0, sizeof(g));
	assert_int_equal(wk_slack_new(&s), WAKE_OK);
	assert_int_equal(wk_slack_day(s, "c", 1, "c/2024-02-22.json",
	    "[{\"ts\": \"1\"", 11, &why), WAKE_ERR_FORMAT);
	assert_non_null(why);
	assert_int_equal(wk_slack_day(s, "c", 1, "c/2024-02-23.json", "{}", 2,
	    &why), WAKE_ERR_FORMAT);
	assert_string_equal(why, "not a JSON array of messages");
	assert_int_equal(wk_slack_day(s, "c", 1, "c/x.json", mixed,
	    sizeof(mixed) - 1, &why), WAKE_ERR_FORMAT);
	assert_int_equal(wk_slack_users(s, "nope", 4, &why), WAKE_ERR_FORMAT);
	assert_int_equal(wk_slack_channels(s, "{}", 2, &why),
	    WAKE_ERR_FORMAT);
	assert_int_equal(wk_slack_emit(s, collect, &g), WAKE_OK);
	/* Two whole files, and four of the mixed one: nothing lost. */
	assert_int_equal(g.n, 6);
	assert_int_equal(wake_buf_putc(&g.out, '\0'), WAKE_OK);
	assert_non_null(strstr(g.out.p, "\traw\t[{\"ts\": \"1\"\tchannel=c "
	    "slack_error="));
	assert_non_null(strstr(g.out.p, "2024-02-22T00:00:00.000Z"));
	assert_non_null(strstr(g.out.p, "\traw\tno ts\tchannel=c "
	    "slack_error=\"a message without a ts\" notime=1"));
	assert_non_null(strstr(g.out.p, "\traw\t42\tchannel=c"));
	assert_non_null(strstr(g.out.p, "\tchat\tok\tchannel=c user=U1"));
	assert_non_null(strstr(g.out.p, "\traw\tbad ts\t"));
	wk_slack_free(s);
	wake_buf_free(&g.out);
}

TEST(stop_when_asked)
{
	struct wk_slack *s;
	const char *why;

	assert_int_equal(wk_slack_new(&s), WAKE_OK);
	assert_int_equal(wk_slack_day(s, "noc", 3, "n/2024-02-22.json", day1,
	    sizeof(day1) - 1, &why), WAKE_OK);
	wk_slack_free(s);
	wk_slack_free(NULL);
}

static const char *
data(const char *rel, char *buf, size_t n)
{
	const char *d = getenv("TESTDATA");

	if (d == NULL)
		return NULL;
	snprintf(buf, n, "%s/%s", d, rel);
	return buf;
}

TEST(read_folder)
{
	struct wk_slack_result res;
	struct got g;
	char path[1024];

	if (data("chat/slack-export", path, sizeof(path)) == NULL)
		skip();
	memset(&g, 0, sizeof(g));
	assert_true(wk_slack_probe(path, 1));
	assert_int_equal(wk_slack_read(path, "exp", collect, &g, NULL, NULL,
	    &res), WAKE_OK);
	assert_int_equal(g.n, 8);
	assert_int_equal(res.skipped, 4);
	assert_int_equal(res.no_users, 0);
	assert_string_equal(g.origin[0], "exp/noc-incident/2024-02-22.json:2");
	wake_buf_free(&g.out);
	/* Not an export: a folder without channels.json, a text file. */
	assert_false(wk_slack_probe(data("chat", path, sizeof(path)), 1));
	assert_false(wk_slack_probe(data("chat/mattermost.jsonl", path,
	    sizeof(path)), 0));
	assert_false(wk_slack_probe("-", 0));
	assert_false(wk_slack_probe("/nonexistent/x.zip", 0));
}

TEST(read_without_users)
{
	struct wk_slack_result res;
	struct got g;
	char path[1024];

	if (data("chat/slack-nousers", path, sizeof(path)) == NULL)
		skip();
	memset(&g, 0, sizeof(g));
	assert_int_equal(wk_slack_read(path, "nu", collect, &g, NULL, NULL,
	    &res), WAKE_OK);
	assert_int_equal(res.no_users, 1);
	assert_int_equal(g.n, 4);
	assert_int_equal(wake_buf_putc(&g.out, '\0'), WAKE_OK);
	/* The name a join message gave, for its other messages too. */
	assert_non_null(strstr(g.out.p, "\tdave\t-\tchat\tmitigated by "
	    "failover\tchannel=ops user=dave user_id=U0DAVE001"));
	wake_buf_free(&g.out);
	memset(&g, 0, sizeof(g));
	assert_int_equal(wk_slack_read("/nonexistent", "nx", collect, &g,
	    NULL, NULL, &res), WAKE_ERR_IO);
	assert_non_null(strstr(res.err, "nx: "));
}

/* The input layer: an export is one input only when asked for. */
TEST(inputs_bundle_exports)
{
	struct wake_inputs *ip;
	struct wake_input *in;
	const char *paths[1];
	char path[1024];
	size_t n;
	int rc, on;

	if ((paths[0] = data("chat/slack-export", path, sizeof(path))) ==
	    NULL)
		skip();
	for (on = 0; on <= 1; on++) {
		assert_int_equal(wake_inputs_open(&ip, paths, 1, NULL),
		    WAKE_OK);
		wake_inputs_set_bundles(ip, on);
		n = 0;
		while ((rc = wake_inputs_next(ip, &in)) == WAKE_OK) {
			n++;
			assert_int_equal(wk_slack_is_bundle(in), on);
			if (on)
				assert_string_equal(wake_input_name(in), path);
		}
		assert_int_equal(rc, WAKE_EOF);
		/* Off: each of its seven files is a leaf. */
		assert_int_equal(n, on ? 1 : 7);
		wake_inputs_free(ip);
	}
}
