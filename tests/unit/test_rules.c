/*
 * Classification rules: the rules grammar and its errors, precedence,
 * captures, the literal prefilter, and the default rules on realistic
 * lines (what they must and must not classify).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/event.h>
#include <wake/rules.h>

#include "internal.h"
#include "test.h"

static char out[4096];

/*
 * Apply r to an event of the given kind, sev and msg (attrs: extra
 * attrs, logfmt); return "kind sev | attrs" of the result.
 */
static const char *
classify3(const struct wake_rules *r, const char *kind, const char *sev,
    const char *src, const char *msg, const char *attrs)
{
	struct wake_event ev;
	struct wake_buf line = WAKE_BUF_INIT, tsv = WAKE_BUF_INIT;
	const char *why, *p;
	size_t i, tab;
	int rc;

	wake_event_init(&ev);
	assert_int_equal(wake_buf_put(&line, "2024-02-22T09:19:40.000Z\t", 25),
	    WAKE_OK);
	assert_int_equal(wake_buf_put(&line, src, strlen(src)), WAKE_OK);
	assert_int_equal(wake_buf_put(&line, "\th\t", 3), WAKE_OK);
	assert_int_equal(wake_buf_put(&line, sev, strlen(sev)), WAKE_OK);
	assert_int_equal(wake_buf_putc(&line, '\t'), WAKE_OK);
	assert_int_equal(wake_buf_put(&line, kind, strlen(kind)), WAKE_OK);
	assert_int_equal(wake_buf_putc(&line, '\t'), WAKE_OK);
	assert_int_equal(wake_escape(msg, strlen(msg), &line), WAKE_OK);
	assert_int_equal(wake_buf_putc(&line, '\t'), WAKE_OK);
	assert_int_equal(wake_buf_put(&line, attrs, strlen(attrs)), WAKE_OK);
	assert_int_equal(wake_event_read(&ev, line.p, line.n, &why), WAKE_OK);
	rc = wake_rules_apply(r, &ev);
	assert_true(rc >= 0);
	assert_int_equal(wake_event_write_tsv(&ev, &tsv), WAKE_OK);
	/* Fields 4 (sev), 5 (kind) and 7 (attrs). */
	snprintf(out, sizeof(out), "%s %s |", wake_kind_name(ev.kind),
	    wake_sev_name(ev.sev));
	for (i = 0, tab = 0, p = tsv.p; i < tsv.n; i++)
		if (tsv.p[i] == '\t' && ++tab == 6)
			p = tsv.p + i + 1;
	if (tab == 6 && tsv.n > (size_t)(p - tsv.p) + 1) {
		size_t o = strlen(out);

		snprintf(out + o, sizeof(out) - o, " %.*s",
		    (int)(tsv.n - 1 - (size_t)(p - tsv.p)), p);
	}
	wake_event_free(&ev);
	wake_buf_free(&line);
	wake_buf_free(&tsv);
	return out;
}

static const char *
classify(const struct wake_rules *r, const char *kind, const char *msg)
{
	return classify3(r, kind, "-", "s", msg, "");
}

static struct wake_rules *
rules(const char *text)
{
	struct wake_rules *r;

	assert_int_equal(wake_rules_new(&r), WAKE_OK);
	if (wake_rules_load_mem(r, "t.rules", text, strlen(text)) != WAKE_OK)
		fail_msg("load: %s", wake_rules_error(r));
	return r;
}

/* Loading text fails with exactly this message. */
static void
bad(const char *text, const char *msg)
{
	struct wake_rules *r;

	assert_int_equal(wake_rules_new(&r), WAKE_OK);
	assert_int_equal(wake_rules_load_mem(r, "t.rules", text, strlen(text)),
	    WAKE_ERR_USAGE);
	assert_string_equal(wake_rules_error(r), msg);
	assert_int_equal(wake_rules_count(r), 0);
	wake_rules_free(r);
}

static struct wake_rules *
defaults(void)
{
	struct wake_rules *r;

	assert_int_equal(wake_rules_new(&r), WAKE_OK);
	if (wake_rules_load_default(r) != WAKE_OK)
		fail_msg("default rules: %s", wake_rules_error(r));
	return r;
}

TEST(empty_rules_change_nothing)
{
	struct wake_rules *r = rules("# only a comment\n\n   \n");

	assert_int_equal(wake_rules_count(r), 0);
	assert_string_equal(classify(r, "log", "FIRING x: y"), "log - |");
	wake_rules_free(r);
	wake_rules_free(NULL);
}

TEST(pattern_and_actions)
{
	struct wake_rules *r = rules(
	    "/(?i)\\brolled? back\\b/ phase=mitigate note=\"two words\"\n");

	assert_string_equal(classify(r, "chat", "we Rolled back the change"),
	    "chat - | phase=mitigate note=\"two words\" rule=t.rules:1");
	assert_string_equal(classify(r, "chat", "rollback plan"), "chat - |");
	wake_rules_free(r);
}

TEST(conditions)
{
	struct wake_rules *r = rules(
	    "src=slack,irc* kind=chat sev<=warn attr:channel=inc-* "
	    "!attr:phase host~^h$ /x/ hit=1\n");

	assert_string_equal(classify3(r, "chat", "err", "slack", "x",
	    "channel=inc-1"), "chat err | channel=inc-1 hit=1 rule=t.rules:1");
	assert_string_equal(classify3(r, "chat", "err", "irc-libera", "x",
	    "channel=inc-1"), "chat err | channel=inc-1 hit=1 rule=t.rules:1");
	/* Each condition failing once. */
	assert_string_equal(classify3(r, "chat", "err", "mail", "x",
	    "channel=inc-1"), "chat err | channel=inc-1");
	assert_string_equal(classify3(r, "log", "err", "slack", "x",
	    "channel=inc-1"), "log err | channel=inc-1");
	assert_string_equal(classify3(r, "chat", "info", "slack", "x",
	    "channel=inc-1"), "chat info | channel=inc-1");
	assert_string_equal(classify3(r, "chat", "-", "slack", "x",
	    "channel=inc-1"), "chat - | channel=inc-1");
	assert_string_equal(classify3(r, "chat", "err", "slack", "x",
	    "channel=general"), "chat err | channel=general");
	assert_string_equal(classify3(r, "chat", "err", "slack", "x",
	    "channel=inc-1 phase=ack"), "chat err | channel=inc-1 phase=ack");
	assert_string_equal(classify3(r, "chat", "err", "slack", "y",
	    "channel=inc-1"), "chat err | channel=inc-1");
	wake_rules_free(r);
}

TEST(negations_and_arrow)
{
	struct wake_rules *r = rules(
	    "kind!=chat sev!=debug,- attr:x!=a* msg!~^skip -> seen=1\n"
	    "-> all=1\n");

	assert_string_equal(classify3(r, "log", "info", "s", "m", "x=b"),
	    "log info | x=b seen=1 all=1 rule=t.rules:1,t.rules:2");
	assert_string_equal(classify3(r, "log", "info", "s", "skip me", "x=b"),
	    "log info | x=b all=1 rule=t.rules:2");
	assert_string_equal(classify3(r, "log", "-", "s", "m", "x=b"),
	    "log - | x=b all=1 rule=t.rules:2");
	assert_string_equal(classify3(r, "log", "info", "s", "m", "x=abc"),
	    "log info | x=abc all=1 rule=t.rules:2");
	/* An absent attr is "not equal". */
	assert_string_equal(classify3(r, "log", "info", "s", "m", ""),
	    "log info | seen=1 all=1 rule=t.rules:1,t.rules:2");
	wake_rules_free(r);
}

TEST(severity_order)
{
	struct wake_rules *r = rules("sev<warn -> a=1\nsev>=notice -> b=1\n");

	assert_string_equal(classify3(r, "log", "err", "s", "m", ""),
	    "log err | a=1 rule=t.rules:1");
	assert_string_equal(classify3(r, "log", "warn", "s", "m", ""),
	    "log warn |");
	assert_string_equal(classify3(r, "log", "debug", "s", "m", ""),
	    "log debug | b=1 rule=t.rules:2");
	/* No severity: ordered comparisons do not hold. */
	assert_string_equal(classify3(r, "log", "-", "s", "m", ""), "log - |");
	wake_rules_free(r);
}

TEST(continuation_comments_quotes_escapes)
{
	struct wake_rules *r = rules(
	    "# a comment\n"
	    "   # an indented one\n"
	    "kind=log \\\n"
	    "    /a\\/b #not-a-comment/ \\\n"
	    "    k=\"say \\\"hi\\\"\" \\\n"
	    "    rule=slash   # trailing comment\n"
	    "/tab\\tx/ t=1\r\n");

	assert_int_equal(wake_rules_count(r), 2);
	assert_string_equal(classify(r, "log", "see a/b #not-a-comment"),
	    "log - | k=\"say \\\"hi\\\"\" rule=slash");
	assert_string_equal(classify(r, "log", "tab\tx"),
	    "log - | t=1 rule=t.rules:7");
	wake_rules_free(r);
}

TEST(precedence_last_wins_and_stop)
{
	struct wake_rules *r = rules(
	    "kind=chat /down/ phase=detect\n"
	    "kind=chat /looking/ phase=ack\n"
	    "kind=chat /fixed/ phase=resolve stop\n"
	    "-> after=1\n");

	assert_string_equal(classify(r, "chat", "down? looking"),
	    "chat - | phase=ack after=1 rule=t.rules:1,t.rules:2,t.rules:4");
	assert_string_equal(classify(r, "chat", "looking: it was down"),
	    "chat - | phase=ack after=1 rule=t.rules:1,t.rules:2,t.rules:4");
	/* stop ends the evaluation: rule 4 does not run. */
	assert_string_equal(classify(r, "chat", "down, now fixed"),
	    "chat - | phase=resolve rule=t.rules:1,t.rules:3");
	wake_rules_free(r);
}

TEST(conditions_see_earlier_actions)
{
	struct wake_rules *r = rules(
	    "kind=chat /^deploying/ kind=change\n"
	    "kind=change /(v\\d+)/ version=$1\n"
	    "kind=chat /v\\d/ never=1\n"
	    "-> sev=notice -tmp\n");

	assert_string_equal(classify3(r, "chat", "-", "s", "deploying v42",
	    "tmp=1 keep=1"), "change notice | keep=1 version=v42 "
	    "rule=t.rules:1,t.rules:2,t.rules:4");
	wake_rules_free(r);
}

TEST(captures)
{
	struct wake_rules *r = rules(
	    "/(CHG-\\d+)(?: by (?<who>\\S+))?/ change=$1 actor=${who} "
	    "ticket=\"[$1]\" price=$$5 whole=${0}\n");

	assert_string_equal(classify(r, "log", "CHG-4711 by ops"),
	    "log - | change=CHG-4711 actor=ops ticket=[CHG-4711] price=$5 "
	    "whole=\"CHG-4711 by ops\" rule=t.rules:1");
	/* An unset group gives an empty value: the attr is not set. */
	assert_string_equal(classify(r, "log", "CHG-12 done"),
	    "log - | change=CHG-12 ticket=[CHG-12] price=$5 whole=CHG-12 "
	    "rule=t.rules:1");
	wake_rules_free(r);
}

TEST(replace_attr_in_place)
{
	struct wake_rules *r = rules("/x/ phase=ack k=new\n");

	assert_string_equal(classify3(r, "chat", "-", "s", "x",
	    "phase=detect a=1 k=old"),
	    "chat - | phase=ack a=1 k=new rule=t.rules:1");
	/* rule= names are added to those there, once each. */
	assert_string_equal(classify3(r, "chat", "-", "s", "x",
	    "rule=other"), "chat - | rule=other,t.rules:1 phase=ack k=new");
	assert_string_equal(classify3(r, "chat", "-", "s", "x",
	    "rule=t.rules:1,other"), "chat - | rule=t.rules:1,other "
	    "phase=ack k=new");
	wake_rules_free(r);
}

TEST(japanese)
{
	struct wake_rules *r = rules(
	    "kind=chat /確認中|調査中/ phase=ack\n"
	    "kind=chat /(?i)\\bresolved\\b|復旧しました/ phase=resolve\n"
	    "/障害番号(?<no>\\d+)/ incident_no=${no}\n");

	assert_string_equal(classify(r, "chat", "ただいま確認中です"),
	    "chat - | phase=ack rule=t.rules:1");
	assert_string_equal(classify(r, "chat", "全サービス復旧しました。"),
	    "chat - | phase=resolve rule=t.rules:2");
	assert_string_equal(classify(r, "log", "障害番号42を登録"),
	    "log - | incident_no=42 rule=t.rules:3");
	/* Invalid UTF-8 in msg is no error. */
	assert_string_equal(classify(r, "chat", "\xff\xfe 確認中"),
	    "chat - | phase=ack rule=t.rules:1");
	wake_rules_free(r);
}

TEST(errors_name_file_and_line)
{
	bad("\n\n/a(b/ x=1\n",
	    "t.rules:3: bad pattern /a(b/: missing closing parenthesis at "
	    "offset 3");
	bad("/ok/ x=1\n/[z-a]/ x=1\n",
	    "t.rules:2: bad pattern /[z-a]/: range out of order in character "
	    "class at offset 3");
	bad("/never closed x=1\n",
	    "t.rules:1: unterminated pattern (a / inside a pattern is written "
	    "\\/)");
	bad("kind=chatter /x/ a=1\n", "t.rules:1: unknown kind 'chatter'");
	bad("/x/ kind=nope\n", "t.rules:1: unknown kind 'nope'");
	bad("/x/ sev=loud\n", "t.rules:1: unknown severity 'loud'");
	bad("sev<=- /x/ a=1\n", "t.rules:1: unknown severity '-'");
	bad("/x/ phase=done\n",
	    "t.rules:1: unknown phase 'done' (detect ack mitigate resolve)");
	bad("channel=x /x/ a=1\n",
	    "t.rules:1: unknown field 'channel' in a condition (src host sev "
	    "kind msg attr:NAME; conditions come before the /pattern/ or ->)");
	bad("kind=chat phase=ack\n",
	    "t.rules:1: unknown field 'phase' in a condition (src host sev "
	    "kind msg attr:NAME; conditions come before the /pattern/ or ->)");
	bad("kind=chat\n", "t.rules:1: no /pattern/ or -> (conditions, then "
	    "/pattern/ or ->, then actions)");
	bad("/x/\n", "t.rules:1: no action");
	bad("/(a)/ x=$2\n", "t.rules:1: the pattern has no group 2");
	bad("/(a)/ x=${nope}\n", "t.rules:1: no group named 'nope' in the "
	    "pattern");
	bad("-> x=$1\n", "t.rules:1: '$1' refers to a group, but the rule "
	    "has no pattern");
	bad("/x/ a=1 /y/\n", "t.rules:1: a pattern after the actions");
	bad("/x/ /y/ a=1\n", "t.rules:1: a second /pattern/ (one a rule; "
	    "!/pattern/ excludes)");
	bad("/x/ a=\"open\n", "t.rules:1: unterminated quoted value of 'a'");
	bad("/x/ a~b\n", "t.rules:1: 'a~': actions take '=' (conditions "
	    "come before the /pattern/ or ->)");
	bad("/x/ rule=a,b\n", "t.rules:1: bad rule name 'a,b' (letters, "
	    "digits, _ . - : /)");
	bad("host<=a /x/ a=1\n", "t.rules:1: '<=' compares severities only");
	bad("/x/q a=1\n", "t.rules:1: unknown pattern flag 'q' (i m s x)");
	/* The line of a continued rule is its first. */
	bad("/ok/ a=1\n/x/ \\\n  b=1 \\\n  c=$1\n",
	    "t.rules:2: the pattern has no group 1");
}

TEST(failed_load_keeps_earlier_rules)
{
	struct wake_rules *r = rules("/one/ a=1\n");

	assert_int_equal(wake_rules_load_mem(r, "more.rules", "/two/ b=1\n/(/ "
	    "c=1\n", 20), WAKE_ERR_USAGE);
	assert_int_equal(wake_rules_count(r), 1);
	assert_string_equal(classify(r, "log", "one two"),
	    "log - | a=1 rule=t.rules:1");
	assert_int_equal(wake_rules_load_mem(r, "more.rules", "/two/ b=1\n",
	    10), WAKE_OK);
	assert_string_equal(classify(r, "log", "one two"),
	    "log - | a=1 b=1 rule=t.rules:1,more.rules:1");
	wake_rules_free(r);
}

TEST(load_file)
{
	struct wake_rules *r;
	char path[] = "/tmp/wake-test-rules-XXXXXX";
	FILE *f;
	int fd;

	assert_int_equal(wake_rules_new(&r), WAKE_OK);
	assert_int_equal(wake_rules_load_file(r, "/nonexistent/x.rules"),
	    WAKE_ERR_IO);
	assert_string_equal(wake_rules_error(r),
	    "/nonexistent/x.rules: No such file or directory");
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fputs("/x/ a=1\n/(/ b=1\n", f);
	fclose(f);
	assert_int_equal(wake_rules_load_file(r, path), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_rules_error(r), ":2: bad pattern"));
	assert_true(strncmp(wake_rules_error(r), path, strlen(path)) == 0);
	remove(path);
	wake_rules_free(r);
}

TEST(literal_extraction)
{
	static const struct {
		const char	*pat;
		int		 ci;
		const char	*want;	/* NULL: none */
	} t[] = {
		{ "FIRING", 0, "FIRING" },
		{ "\\[FIRING:\\d+\\]|^RESOLVED ", 0, "[FIRING:|^RESOLVED " },
		/* At the start: any length from 3, not after other atoms. */
		{ "^abc|^(?:xyzw)", 0, "^abc|xyzw" },
		{ "^abc|^xyz", 0, "^abc|^xyz" },
		{ "^a?bcdef", 0, "bcdef" },
		{ "^\\[FIRING:\\d", 0, "^[FIRING:" },
		{ "x|^abc", 0, NULL },
		{ "(?:^abc)", 0, NULL },
		{ "\\b(?:rolled|rolling) back\\b", 0, "rolled|rolling" },
		{ "\\b(?:rolled back|rolling back)\\b", 1,
		    "rolled bac|rolling bac" },
		{ "\\b(?:rolled back|rolling back)\\b", 0,
		    "rolled back|rolling back" },
		{ "abcd?e", 0, NULL },
		{ "abcd?efgh", 0, "efgh" },
		{ "abcde?", 0, "abcd" },
		{ "abcde*", 0, "abcd" },
		{ "ab(?:cdef)?gh", 0, NULL },
		{ "xy(?:cdef)+gh", 0, "cdef" },
		{ "xy(?:cdef){0,2}gh", 0, NULL },
		{ "abcde{2}", 0, "abcd" },
		{ "a\\.b\\-cd", 0, "a.b-cd" },
		{ "\\x41bcd", 0, NULL },
		{ "\\p{Han}abcd", 0, "abcd" },
		{ "[abcd]efgh", 0, "efgh" },
		{ "(?i)resolved", 1, "olved" },
		{ "(?i)token", 1, NULL },
		{ "確認中|調査中", 1, "確認中|調査中" },
		{ "élan vital", 1, "lan vital" },
		{ "Ééé", 1, NULL },
		{ "élan vital", 0, "élan vital" },
		{ "abcd|", 0, NULL },
		{ "(?=abcd)x", 0, NULL },
		{ "(?#abcd)efgh", 0, "efgh" },
		{ "abcd(*ACCEPT)", 0, NULL },
		{ "\\Qabcd\\E", 0, NULL },
		{ "(?<name>abcd)", 0, "abcd" },
		{ "(?i:ABCD)x", 1, "ABCD" },
	};
	char buf[512];
	size_t i;
	int ok;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ok = wk_rules_literals(t[i].pat, t[i].ci, buf, sizeof(buf));
		if (t[i].want == NULL && ok)
			fail_msg("%s: got \"%s\", want none", t[i].pat, buf);
		if (t[i].want != NULL && (!ok || strcmp(buf, t[i].want) != 0))
			fail_msg("%s: got \"%s\", want \"%s\"", t[i].pat,
			    ok ? buf : "(none)", t[i].want);
	}
}

/* Lines the default rules must classify, and how. */
static const struct {
	const char	*kind;
	const char	*msg;
	const char	*want;	/* "kind | attrs" substring of the result */
} positive[] = {
	{ "log", "FIRING BGPSessionDown: 6 BGP sessions down",
	    "alert - | alert=firing alertname=BGPSessionDown" },
	{ "chat", "[FIRING:2] HighLatency (api prod)",
	    "alert - | alert=firing alertname=HighLatency" },
	{ "log", "RESOLVED DiskSpaceLow: /var 64% full",
	    "alert - | alert=resolved alertname=DiskSpaceLow" },
	{ "chat", "[RESOLVED] HighLatency (api prod)",
	    "alert - | alert=resolved alertname=HighLatency" },
	{ "chat", "[Alerting] High CPU on web-01", "alert - | alert=firing" },
	{ "chat", "[OK] High CPU on web-01", "alert - | alert=resolved" },
	{ "chat", "Triggered #1234: Checkout API error rate",
	    "alert - | alert=firing page=1234" },
	{ "chat", "Acknowledged #1234 by Jane Doe",
	    "alert - | alert=acked page=1234 phase=ack" },
	{ "chat", "Resolved #1234: Checkout API error rate",
	    "alert - | alert=resolved page=1234" },
	{ "log", "Triggered: [P1] Disk usage high on db-02",
	    "alert - | alert=firing" },
	{ "log", "Recovered: [P1] Disk usage high on db-02",
	    "alert - | alert=resolved" },
	{ "chat", "[Opsgenie] Alert created: api latency",
	    "alert - | alert=firing" },
	{ "log", "** PROBLEM Service Alert: web01/HTTP is CRITICAL **",
	    "alert - | alert=firing" },
	{ "log", "SERVICE ALERT: web01;HTTP;CRITICAL;HARD;3;Connection "
	    "refused", "alert - | alert=firing" },
	{ "log", "SERVICE ALERT: web01;HTTP;OK;HARD;3;HTTP OK",
	    "alert - | alert=resolved" },
	{ "log", "Problem started at 10:00:00 on 2024.02.22",
	    "alert - | alert=firing" },
	{ "log", "Problem: High CPU utilization on web-01",
	    "alert - | alert=firing" },
	{ "log", "Resolved: High CPU utilization on web-01",
	    "alert - | alert=resolved" },
	{ "chat", "【障害】APIサーバ応答なし", "alert - | alert=firing" },
	{ "chat", "【復旧】APIサーバ応答なし", "alert - | alert=resolved" },
	{ "log", "%SYS-5-CONFIG_I: Configured from console by ops-deploy on "
	    "vty0 (10.9.8.14)", "change - | actor=ops-deploy" },
	{ "log", "UI_COMMIT: User 'jdoe' requested 'commit' operation",
	    "change - | actor=jdoe" },
	{ "log", "CHG-4711 started: route-map policy pushed to core-rtr-* by "
	    "ops-deploy", "change - | change=CHG-4711 actor=ops-deploy" },
	{ "log", "CHG0012345 implemented successfully",
	    "change - | change=CHG0012345" },
	{ "log", "Deploying api version 2.3.1 to prod", "change - |" },
	{ "log", "deployment web-7d9f finished", "change - |" },
	{ "log", "config pushed to core-rtr-01", "change - |" },
	{ "log", "Scheduled maintenance started on db cluster",
	    "change - | change_type=maintenance" },
	{ "chat", "メンテナンス開始します", "change - | change_type=maintenance" },
	{ "chat", "starting CHG-4711 now", "change - | change=CHG-4711" },
	{ "log", "CHG-4711 rolled back: 4 of 4 devices restored",
	    "change - | change=CHG-4711 phase=mitigate" },
	{ "log", "CHG-4711 rollback started by ops-deploy",
	    "change - | change=CHG-4711 actor=ops-deploy mitigation=started" },
	{ "chat", "is the api down?", "chat - | phase=detect" },
	{ "chat", "can't connect to the VPN", "chat - | phase=detect" },
	{ "report", "app not working since 9am", "report - | phase=detect" },
	{ "chat", "ネットに繋がらない", "chat - | phase=detect" },
	{ "chat", "つながりにくいです", "chat - | phase=detect" },
	{ "chat", "サイト落ちてる", "chat - | phase=detect" },
	{ "chat", "ack", "chat - | phase=ack" },
	{ "chat", "acked, looking into it", "chat - | phase=ack" },
	{ "chat", "I'm on it", "chat - | phase=ack" },
	{ "chat", "we're investigating the 502s", "chat - | phase=ack" },
	{ "chat", "確認中です", "chat - | phase=ack" },
	{ "chat", "調査します", "chat - | phase=ack" },
	{ "chat", "rolling back CHG-4711 now", "chat - | change=CHG-4711 "
	    "mitigation=started" },
	{ "chat", "rollback done: CHG-4711 reverted on all four / 切り戻し完了",
	    "chat - | change=CHG-4711 phase=mitigate" },
	{ "chat", "rolling back now / 切り戻し開始", "chat - | "
	    "mitigation=started" },
	{ "chat", "rolled back", "chat - | phase=mitigate" },
	{ "chat", "failed over to the standby", "chat - | phase=mitigate" },
	{ "chat", "traffic drained from az-1", "chat - | phase=mitigate" },
	{ "chat", "workaround applied on the LB", "chat - | phase=mitigate" },
	{ "chat", "切り戻しを実施します", "chat - | mitigation=started" },
	{ "chat", "暫定対応として回避策を適用しました",
	    "chat - | phase=mitigate" },
	{ "chat", "resolved", "chat - | phase=resolve" },
	{ "chat", "all clear, back to normal", "chat - | phase=resolve" },
	{ "chat", "the issue is fixed now", "chat - | phase=resolve" },
	{ "chat", "rolled back, all clear now", "chat - | phase=resolve" },
	{ "chat", "全面的に復旧しました", "chat - | phase=resolve" },
	{ "chat", "事象は解消しました", "chat - | phase=resolve" },
};

/* Realistic lines that must stay as they are (kind, no attrs). */
static const struct {
	const char	*kind;
	const char	*msg;
} negative[] = {
	/* "resolved" that is no resolution. */
	{ "chat", "DNS resolved to 10.0.0.1, so that's not it" },
	{ "chat", "not resolved yet" },
	{ "chat", "is it resolved?" },
	{ "chat", "still unresolved on our side" },
	{ "chat", "the hostname resolved fine from the bastion" },
	{ "chat", "should be resolved once the cache expires" },
	{ "chat", "Once I get the query resolved, I will post it" },
	{ "chat", "we use a fixed IP for that box" },
	{ "chat", "まだ復旧していません" },
	{ "chat", "復旧の見込みは未定です" },
	/* "outage" that is the outage's own communication. */
	{ "chat", "IVR outage message and a callback option are live" },
	{ "chat", "outage banner is up on the status page" },
	/* "ack" that is no acknowledgement. */
	{ "chat", "seeing lots of dup ACK packets on the uplink" },
	{ "chat", "SYN-ACK never comes back" },
	{ "chat", "is anyone investigating?" },
	{ "chat", "Looking great! one tweak I'd suggest" },
	{ "chat", "looking forward to the demo" },
	/* "rollback" that is no mitigation. */
	{ "chat", "should we roll back?" },
	{ "chat", "we don't need to roll back" },
	{ "chat", "let's write a rollback plan first" },
	{ "log", "ORA-01555: snapshot too old: rollback segment number 12 "
	    "with name \"_SYSSMU12$\" too small" },
	{ "log", "InnoDB: Rollback of non-prepared transactions completed" },
	/* Log lines near the alert and change words. */
	{ "log", "Resolved [org.springframework.web.HttpRequestMethodNotSuppo"
	    "rtedException: Request method 'POST' not supported]" },
	{ "log", "[  OK  ] Started Session 42 of User deploy." },
	{ "log", "Failed password for invalid user deploy from 10.0.0.9 port "
	    "22 ssh2" },
	{ "log", "%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state "
	    "to down" },
	{ "log", "%BGP-5-ADJCHANGE: neighbor 10.0.0.2 Down BGP Notification "
	    "sent" },
	{ "log", "level=info msg=\"request completed\" method=GET status=200" },
	{ "log", "pam_unix(sshd:session): session closed for user root" },
	{ "log", "systemd-resolved[512]: Using degraded feature set UDP for "
	    "DNS server 10.0.0.53" },
	{ "log", "kernel: TCP: request_sock_TCP: Possible SYN flooding on "
	    "port 443. Sending cookies." },
	{ "log", "CHG-4711 mentioned in passing" },
	{ "log", "nginx: [alert] could not open error log file" },
	{ "log", "The problem is the config file" },
	/* Human markers are for chat and reports only. */
	{ "log", "is the api down?" },
	{ "log", "investigating" },
	{ "log", "resolved" },
	{ "call", "rolled back" },
};

TEST(default_rules_classify)
{
	struct wake_rules *r = defaults();
	const char *got;
	size_t i;

	for (i = 0; i < sizeof(positive) / sizeof(positive[0]); i++) {
		got = classify(r, positive[i].kind, positive[i].msg);
		if (strstr(got, positive[i].want) == NULL ||
		    strstr(got, " rule=") == NULL)
			fail_msg("\"%s\": got \"%s\", want \"%s\"",
			    positive[i].msg, got, positive[i].want);
	}
	wake_rules_free(r);
}

TEST(default_rules_false_positives)
{
	struct wake_rules *r = defaults();
	char want[64];
	const char *got;
	size_t i;

	for (i = 0; i < sizeof(negative) / sizeof(negative[0]); i++) {
		got = classify(r, negative[i].kind, negative[i].msg);
		snprintf(want, sizeof(want), "%s - |", negative[i].kind);
		if (strcmp(got, want) != 0)
			fail_msg("\"%s\": got \"%s\", want \"%s\"",
			    negative[i].msg, got, want);
	}
	wake_rules_free(r);
}

/* The prefilter never changes a result, and applying twice is stable. */
TEST(default_rules_prefilter_and_idempotence)
{
	struct wake_rules *a = defaults(), *b = defaults();
	char got[4096], twice[4096];
	size_t i;
	struct wake_event ev;
	struct wake_buf tsv = WAKE_BUF_INIT;
	const char *why;

	wk_rules_set_prefilter(b, 0);
	for (i = 0; i < sizeof(positive) / sizeof(positive[0]) +
	    sizeof(negative) / sizeof(negative[0]); i++) {
		const char *k = i < sizeof(positive) / sizeof(positive[0]) ?
		    positive[i].kind : negative[i - sizeof(positive) /
		    sizeof(positive[0])].kind;
		const char *m = i < sizeof(positive) / sizeof(positive[0]) ?
		    positive[i].msg : negative[i - sizeof(positive) /
		    sizeof(positive[0])].msg;

		snprintf(got, sizeof(got), "%s", classify(a, k, m));
		assert_string_equal(classify(b, k, m), got);
	}
	/* Idempotence: once more over an already classified event. */
	wake_event_init(&ev);
	for (i = 0; i < sizeof(positive) / sizeof(positive[0]); i++) {
		char line[1024];

		snprintf(line, sizeof(line), "2024-02-22T09:19:40.000Z\ts\th\t-"
		    "\t%s\t%s\t", positive[i].kind, positive[i].msg);
		wake_event_reset(&ev);
		assert_int_equal(wake_event_read(&ev, line, strlen(line), &why),
		    WAKE_OK);
		if (wake_rules_apply(a, &ev) <= 0)
			fail_msg("no rule fired on \"%s\"", line);
		tsv.n = 0;
		assert_int_equal(wake_event_write_tsv(&ev, &tsv), WAKE_OK);
		snprintf(twice, sizeof(twice), "%.*s", (int)tsv.n, tsv.p);
		assert_true(wake_rules_apply(a, &ev) >= 0);
		tsv.n = 0;
		assert_int_equal(wake_event_write_tsv(&ev, &tsv), WAKE_OK);
		if (strlen(twice) != tsv.n || memcmp(twice, tsv.p, tsv.n) != 0)
			fail_msg("twice: %s\nthen: %.*s", twice, (int)tsv.n,
			    tsv.p);
	}
	wake_event_free(&ev);
	wake_buf_free(&tsv);
	wake_rules_free(a);
	wake_rules_free(b);
}

/* Log lines cost one probe every few bytes and no pattern of their own. */
TEST(default_rules_log_prefilter)
{
	struct wake_rules *r = defaults();
	size_t stride, nlit, nalways, n;
	const char *text = wake_rules_default_text(&n);

	assert_true(n > 1000);
	assert_non_null(memchr(text, '\n', n));
	wk_rules_info(r, WAKE_KIND_LOG, &stride, &nlit, &nalways);
	assert_int_equal(nalways, 0);
	assert_true(stride >= 4);
	assert_true(nlit >= 10);
	wake_rules_free(r);
}
