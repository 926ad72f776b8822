/*
 * Tests of the redactor (lib/redact.c, lib/redact_scan.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/redact.h>

#include "internal.h"
#include "test.h"

static const char key1[] = "0123456789abcdef-first-key";
static const char key2[] = "0123456789abcdef-other-key";

static struct wake_redact *
mk(const char *key)
{
	struct wake_redact *r;

	assert_int_equal(wake_redact_new(&r), WAKE_OK);
	if (key != NULL)
		assert_int_equal(wake_redact_set_key(r, key, strlen(key)),
		    WAKE_OK);
	return r;
}

/* Redact s; the result is NUL-terminated in a static buffer. */
static const char *
red(struct wake_redact *r, const char *s)
{
	static char res[4096];
	struct wake_buf b = WAKE_BUF_INIT;
	long n;

	n = wake_redact_text(r, s, strlen(s), &b);
	assert_true(n >= 0);
	assert_true(b.n < sizeof(res));
	if (b.n > 0)
		memcpy(res, b.p, b.n);
	res[b.n] = '\0';
	wake_buf_free(&b);
	return res;
}

/* The marked form: {{kind:value}} where values were found. */
static const char *
mark(struct wake_redact *r, const char *s)
{
	wake_redact_set_mark(r, 1);
	s = red(r, s);
	wake_redact_set_mark(r, 0);
	return s;
}

static void
check_mark(struct wake_redact *r, const char *in, const char *want)
{
	const char *got = mark(r, in);

	if (strcmp(got, want) != 0)
		fail_msg("in:   %s\ngot:  %s\nwant: %s", in, got, want);
}

/* The token of a text that is one value. */
static char *
tok(struct wake_redact *r, const char *s)
{
	return strdup(red(r, s));
}

TEST(english_values)
{
	struct wake_redact *r = mk(key1);

	check_mark(r, "Call from +1 (415) 555-0100, 415-555-0100, "
	    "1-800-555-0199, 415.555.0100 or (212) 555-0175.",
	    "Call from {{phone:+1 (415) 555-0100}}, {{phone:415-555-0100}}, "
	    "{{phone:1-800-555-0199}}, {{phone:415.555.0100}} or "
	    "{{phone:(212) 555-0175}}.");
	check_mark(r, "mail Maria.Lopez+news@Example.ORG, <ops@example.net>.",
	    "mail {{email:Maria.Lopez+news@Example.ORG}}, "
	    "<{{email:ops@example.net}}>.");
	check_mark(r, "from 203.0.113.7 port 22 and [2001:db8::1]:443 "
	    "fe80::1%eth0 ::ffff:198.51.100.9",
	    "from {{ipv4:203.0.113.7}} port 22 and [{{ipv6:2001:db8::1}}]:443 "
	    "{{ipv6:fe80::1}}%eth0 {{ipv4:::ffff:198.51.100.9}}");
	check_mark(r, "card 4111 1111 1111 1111, 5500-0000-0000-0004, "
	    "378282246310005 but not 4111 1111 1111 1112",
	    "card {{card:4111 1111 1111 1111}}, {{card:5500-0000-0000-0004}}, "
	    "{{card:378282246310005}} but not 4111 1111 1111 1112");
	check_mark(r, "sms to +447700900123 and +81 (0)3-5555-6789",
	    "sms to {{phone:+447700900123}} and {{phone:+81 (0)3-5555-6789}}");
	wake_redact_free(r);
}

TEST(japanese_values)
{
	struct wake_redact *r = mk(key1);

	check_mark(r, "日本語の文中の電話番号 090-1234-5678 "
	    "や メール taro@example.co.jp",
	    "日本語の文中の電話番号 {{phone:090-1234-5678}} "
	    "や メール {{email:taro@example.co.jp}}");
	check_mark(r, "お客様（080-5555-1212）より。"
	    "自宅03-1234-5678、会社06(6123)4567、"
	    "携帯09012345678、国際+81 90 1234 5678",
	    "お客様（{{phone:080-5555-1212}}）より。"
	    "自宅{{phone:03-1234-5678}}、"
	    "会社{{phone:06(6123)4567}}、"
	    "携帯{{phone:09012345678}}、"
	    "国際{{phone:+81 90 1234 5678}}");
	check_mark(r, "代表 0120-123-456 横浜 045-123-4567 "
	    "藤沢 0466-12-3456 (03) 1234-5678",
	    "代表 {{phone:0120-123-456}} "
	    "横浜 {{phone:045-123-4567}} "
	    "藤沢 {{phone:0466-12-3456}} {{phone:(03) 1234-5678}}");
	check_mark(r, "カード 3530 1113 3330 0000 "
	    "接続元=203.0.113.140",
	    "カード {{card:3530 1113 3330 0000}} "
	    "接続元={{ipv4:203.0.113.140}}");
	wake_redact_free(r);
}

TEST(not_personal)
{
	static const char *const keep[] = {
		"2024-02-22T09:58:12.345Z 2024-02-22 09:58:12,345 "
		    "22/Feb/2024:09:58:12 +0900 Feb 22 09:58:12",
		"epoch 1708595892 ms 1708595892345 us 1708595892345678 "
		    "ns 1708595892345678901",
		"version=1.2.3.4 ver 10.0.0.1 v1.2.3.4 firmware_version="
		    "172.16.5.4 Chrome/120.0.0.0 バージョン 2.3.1.4",
		"listen 0.0.0.0:8080 netmask 255.255.255.0 192.0.2.0/24 "
		    "2001:db8::/32 fe80:: bcast 255.255.255.255",
		"port 443 took 1234 ms duration 00:05:23 HTTP/1.1 200 "
		    "bytes 10485760 line 77 main.c:123",
		"CHG-1234 INC0012345 order ORD-2024-000123 "
		    "trace 4bf92f3577b34da6a3ce929d0e0e4736 "
		    "span 00f067aa0ba902b7",
		"uuid 123e4567-e89b-12d3-a456-426614174000 "
		    "550e8400-e29b-41d4-a716-446655440000",
		"mac 52:54:00:12:34:56 00-1B-21-3A-4F-8C 0050.56c0.0001 "
		    "02:1b:21:ff:fe:3a:4f:8c",
		"oid 1.3.6.1.4.1.9.9.41 dotted 1.2.3.4.5 std::vector Foo::Bar "
		    "dead::beef 12:34:56",
		"req_id=5396445167052743 trace-id: 4210299985100268 "
		    "masked 411111******1111",
		"sizes 4096 8192 16384 32768 load 1.05 0.98 offset +0900 "
		    "+09:00 y=-1234567890",
		"postal 〒100-0001 date 2024/02/22 22-02-2024 02/22/2024 "
		    "range 10000-20000 AS65001 65000:100",
		"{\"limit\":\"2147483647\"} received 2147483647 bytes",
	};
	struct wake_redact *r = mk(key1);
	size_t i;

	for (i = 0; i < WK_NELEM(keep); i++)
		check_mark(r, keep[i], keep[i]);
	wake_redact_free(r);
}

TEST(normalised_spellings)
{
	static const char *const same[][4] = {
		{ "+1 (415) 555-0100", "415-555-0100", "1-415-555-0100",
		    "(415) 555-0100" },
		{ "+81 90-1234-5678", "090-1234-5678", "09012345678",
		    "+819012345678" },
		{ "03-1234-5678", "03(1234)5678", "+81-3-1234-5678",
		    "0312345678" },
		{ "taro@example.co.jp", "taro@EXAMPLE.CO.JP",
		    "taro%40example.co.jp", "taro@Example.Co.Jp" },
		{ "2001:db8::1", "2001:0DB8:0:0:0:0:0:1",
		    "2001:db8:0::0:1", "2001:DB8::0001" },
		{ "198.51.100.9", "::ffff:198.51.100.9", "::FFFF:198.51.100.9",
		    "198.51.100.9" },
		{ "4111 1111 1111 1111", "4111-1111-1111-1111",
		    "4111111111111111", "4111 1111 1111 1111" },
	};
	struct wake_redact *r = mk(key1);
	char *t0, *t;
	size_t i, j;

	for (i = 0; i < WK_NELEM(same); i++) {
		t0 = tok(r, same[i][0]);
		assert_true(t0[0] == '<');
		for (j = 1; j < 4; j++) {
			t = tok(r, same[i][j]);
			if (strcmp(t, t0) != 0)
				fail_msg("%s -> %s but %s -> %s", same[i][0],
				    t0, same[i][j], t);
			free(t);
		}
		free(t0);
	}
	/* The local part keeps its case. */
	t0 = tok(r, "Taro@example.com");
	t = tok(r, "taro@example.com");
	assert_string_not_equal(t0, t);
	free(t0);
	free(t);
	wake_redact_free(r);
}

TEST(later_rules)
{
	struct wake_redact *r = mk(key1);

	/* Ids that hold a host name are not addresses. */
	check_mark(r, "message-id=<20240303.8C1D@mail-4.example.org> "
	    "Call-ID: a84b4c76e66710@pc33.example.com",
	    "message-id=<20240303.8C1D@mail-4.example.org> "
	    "Call-ID: a84b4c76e66710@pc33.example.com");
	/* Asterisk's number@context; a number that is a local part. */
	check_mark(r, "Executing [+14085550123@from-trunk:1] "
	    "09012345678@docomo.ne.jp sip:0312345678@pbx.example.jp",
	    "Executing [{{phone:+14085550123}}@from-trunk:1] "
	    "{{email:09012345678@docomo.ne.jp}} "
	    "sip:{{phone:0312345678}}@pbx.example.jp");
	check_mark(r, "mail for O'Brien.Sean@example.ie, 'a@example.com'",
	    "mail for {{email:O'Brien.Sean@example.ie}}, "
	    "'{{email:a@example.com}}'");
	/* Slack mentions; CSV, <> and queue_log fields of 10 digits. */
	check_mark(r, "<@U024BE7LH> <@W0123|bob> <@here> <@u1>",
	    "<@{{user:U024BE7LH}}> <@{{user:W0123}}|bob> <@here> <@u1>");
	check_mark(r, "\"\",\"4155550100\",\"100\" <6505550177> "
	    "|2125550199| 4155550100 \"2147483647\"",
	    "\"\",\"{{phone:4155550100}}\",\"100\" <{{phone:6505550177}}> "
	    "|{{phone:2125550199}}| 4155550100 \"2147483647\"");
	/* Networks and prefixes; host addresses with a length. */
	check_mark(r, "203.0.113.0/24 inet 192.168.1.10/24 fe80::1/64 "
	    "2001:db8::/32 2001:db8::",
	    "203.0.113.0/24 inet {{ipv4:192.168.1.10}}/24 {{ipv6:fe80::1}}/64 "
	    "2001:db8::/32 2001:db8::");
	wake_redact_free(r);
}

TEST(keys)
{
	struct wake_redact *a = mk(key1), *b = mk(key1), *c = mk(key2);
	struct wake_redact *d = mk(NULL), *e = mk(NULL);
	const char *line = "caller 090-1234-5678 from 203.0.113.7 mail "
	    "a@example.com";
	char *ta, *tb, *tc, *td, *te;

	ta = strdup(red(a, line));
	assert_string_equal(red(a, line), ta);	/* again: the same */
	tb = strdup(red(b, line));
	tc = strdup(red(c, line));
	td = strdup(red(d, line));
	te = strdup(red(e, line));
	assert_string_equal(ta, tb);
	assert_string_not_equal(ta, tc);
	assert_string_not_equal(td, te);	/* two random keys */
	assert_null(strstr(ta, "1234"));
	assert_null(strstr(ta, "203.0"));
	assert_non_null(strstr(ta, "<phone:"));
	/* Key files shorter than 16 bytes are refused. */
	assert_int_equal(wake_redact_set_key(a, "short", 5), WAKE_ERR_USAGE);
	free(ta);
	free(tb);
	free(tc);
	free(td);
	free(te);
	wake_redact_free(a);
	wake_redact_free(b);
	wake_redact_free(c);
	wake_redact_free(d);
	wake_redact_free(e);
}

TEST(token_shape)
{
	struct wake_redact *r = mk(key1);
	const char *t;
	size_t i;

	t = red(r, "8.8.8.8");
	assert_int_equal(strlen(t), strlen("<ipv4:>") + 8);
	assert_memory_equal(t, "<ipv4:", 6);
	for (i = 6; i < 14; i++)
		assert_non_null(strchr("0123456789abcdef", t[i]));
	assert_int_equal(wake_redact_set_digits(r, 16), WAKE_OK);
	assert_int_equal(strlen(red(r, "8.8.8.8")), strlen("<ipv4:>") + 16);
	assert_int_equal(wake_redact_set_digits(r, 3), WAKE_ERR_USAGE);
	assert_int_equal(wake_redact_set_digits(r, 17), WAKE_ERR_USAGE);
	wake_redact_free(r);
}

TEST(keep_private)
{
	struct wake_redact *r = mk(key1);
	const char *in = "10.1.2.3 172.16.0.1 172.32.0.1 192.168.1.1 "
	    "127.0.0.1 169.254.1.1 100.64.0.1 ::1 fe80::1 fd00::5 2001:db8::5";
	const char *kind;
	uint64_t n, kept, tot = 0;
	size_t i;

	wake_redact_set_keep_private(r, 1);
	check_mark(r, in, "10.1.2.3 172.16.0.1 {{ipv4:172.32.0.1}} "
	    "192.168.1.1 127.0.0.1 169.254.1.1 {{ipv4:100.64.0.1}} ::1 "
	    "fe80::1 fd00::5 {{ipv6:2001:db8::5}}");
	for (i = 0; wake_redact_count(r, i, &kind, &n, &kept) == WAKE_OK; i++)
		tot += kept;
	assert_int_equal(tot, 8);
	wake_redact_set_keep_private(r, 0);
	assert_null(strstr(red(r, in), "10.1.2.3"));
	wake_redact_free(r);
}

TEST(text_fields)
{
	struct wake_redact *r = mk(key1);

	check_mark(r, "caller=0312345678 user=alice user=\"Taro Yamada\" "
	    "src=4155550100 email=Bob@Example.COM x=1",
	    "caller={{phone:0312345678}} user={{user:alice}} "
	    "user={{user:\"Taro Yamada\"}} src={{phone:4155550100}} "
	    "email={{email:Bob@Example.COM}} x=1");
	check_mark(r, "caller=(646) 555-0183 queue=billing src=10.0.0.1 "
	    "caller=scrape.go:1349",
	    "caller={{phone:(646) 555-0183}} queue=billing "
	    "src={{ipv4:10.0.0.1}} caller=scrape.go:1349");
	check_mark(r, "GET /a?user=bob&email=a%40b.example.com&page=2",
	    "GET /a?user={{user:bob}}&email={{email:a%40b.example.com}}"
	    "&page=2");
	check_mark(r, "{\"caller\":\"+81 90-1234-5678\",\"user\":\"U0123\","
	    "\"id\":\"x\"}",
	    "{\"caller\":\"{{phone:+81 90-1234-5678}}\",\"user\":"
	    "\"{{user:U0123}}\",\"id\":\"x\"}");
	/* Without the defaults: only what the detectors find. */
	wake_redact_no_default_fields(r);
	check_mark(r, "user=alice caller=0312345678",
	    "user=alice caller={{phone:0312345678}}");
	assert_int_equal(wake_redact_add_field(r, "customer=acct"), WAKE_OK);
	check_mark(r, "customer=Z-77 user=alice",
	    "customer={{acct:Z-77}} user=alice");
	assert_int_equal(wake_redact_add_field(r, "bad name"), WAKE_ERR_USAGE);
	wake_redact_free(r);
}

/* An event from its TSV line. */
static void
ev_of(struct wake_event *ev, const char *line)
{
	const char *why;

	wake_event_reset(ev);
	assert_int_equal(wake_event_read(ev, line, strlen(line), &why),
	    WAKE_OK);
}

static const char *
ev_tsv(const struct wake_event *ev)
{
	static char res[4096];
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(wake_event_write_tsv(ev, &b), WAKE_OK);
	assert_true(b.n < sizeof(res));
	memcpy(res, b.p, b.n);
	res[b.n - 1] = '\0';	/* no LF */
	wake_buf_free(&b);
	return res;
}

TEST(events)
{
	struct wake_redact *r = mk(key1);
	struct wake_event ev;
	char *phone;

	phone = tok(r, "090-1234-5678");
	wake_event_init(&ev);
	wake_redact_set_mark(r, 1);
	ev_of(&ev, "2024-02-22T10:00:00.000Z\tcalls\tq1\tinfo\tcall\t"
	    "caller 090-1234-5678 waited\tcaller=09012345678 "
	    "clid=\"\\\"Taro\\\" <0312345678>\" queue=support wait=27 "
	    "version=1.2.3.4 tz=UTC origin=calls.log:3");
	assert_int_equal(wake_redact_event(r, &ev), 3);
	assert_string_equal(ev_tsv(&ev), "2024-02-22T10:00:00.000Z\tcalls\t"
	    "q1\tinfo\tcall\tcaller {{phone:090-1234-5678}} waited\t"
	    "caller={{phone:09012345678}} clid=\"{{phone:\\\"Taro\\\" "
	    "<0312345678>}}\" queue=support wait=27 version=1.2.3.4 tz=UTC "
	    "origin=calls.log:3");
	wake_redact_set_mark(r, 0);
	/* The same number in msg and in caller= has one token. */
	ev_of(&ev, "2024-02-22T10:00:00.000Z\tcalls\tq1\tinfo\tcall\t"
	    "090-1234-5678\tcaller=+819012345678");
	assert_int_equal(wake_redact_event(r, &ev), 2);
	assert_memory_equal(ev.msg.p, phone, strlen(phone));
	assert_memory_equal(wake_event_attr_get(&ev, "caller")->p, phone,
	    strlen(phone));
	/* A field's value quoted in msg goes too, though the text alone
	 * (ten bare digits) would not be taken for a number. */
	ev_of(&ev, "2024-02-22T10:00:00.000Z\tqueue_log\tq1\tinfo\tcall\t"
	    "ENTERQUEUE q1 caller 7185550181 position 1\tcaller=7185550181");
	assert_int_equal(wake_redact_event(r, &ev), 2);
	assert_null(memmem(ev.msg.p, ev.msg.n, "7185550181", 10));
	assert_non_null(memmem(ev.msg.p, ev.msg.n,
	    wake_event_attr_get(&ev, "caller")->p,
	    wake_event_attr_get(&ev, "caller")->n));
	/* --field host; nothing else changes when nothing is found. */
	assert_int_equal(wake_redact_add_field(r, "host=user"), WAKE_OK);
	ev_of(&ev, "2024-02-22T10:00:00.000Z\tchat\talice\tinfo\tchat\t"
	    "hello\tchannel=noc");
	assert_int_equal(wake_redact_event(r, &ev), 1);
	assert_memory_equal(ev.host.p, "<user:", 6);
	assert_memory_equal(ev.msg.p, "hello", 5);
	wake_redact_free(r);
	/* The host of a chat event is its user: one token with user=. */
	r = mk(key1);
	ev_of(&ev, "2024-02-22T10:00:00.000Z\tchat\tU01\t-\tchat\t"
	    "<@U01> hi\tuser=U01");
	assert_int_equal(wake_redact_event(r, &ev), 3);
	assert_memory_equal(ev.host.p, wake_event_attr_get(&ev, "user")->p,
	    ev.host.n);
	assert_memory_equal(ev.msg.p + 2, ev.host.p, ev.host.n);
	ev_of(&ev, "2024-02-22T10:00:00.000Z\tnet\tr1\t-\tlog\thi\t");
	assert_int_equal(wake_redact_event(r, &ev), 0);
	wake_event_free(&ev);
	free(phone);
	wake_redact_free(r);
}

static const char usersjson[] =
    "[{\"id\":\"U01\",\"name\":\"taro.yamada\",\"real_name\":\"Taro Yamada\","
    "\"profile\":{\"display_name\":\"\\u3084\\u307e\\u3060\","
    "\"real_name\":\"\\u5c71\\u7530\\u592a\\u90ce\"}},"
    "{\"id\":\"U02\",\"name\":\"al\",\"is_bot\":false,\"profile\":{}},"
    "{\"id\":\"B01\",\"name\":\"deploy\",\"is_bot\":true},"
    "{\"name\":\"noid\"}, 3, \"x\"]";

TEST(users)
{
	struct wake_redact *r = mk(key1);
	char *a, *b, *c, *d;

	assert_int_equal(wake_redact_add_users(r, usersjson, strlen(usersjson),
	    "users.json"), WAKE_OK);
	check_mark(r, "Taro Yamada (taro.yamada, <@U01>) and "
	    "山田太郎さん; al, Al, alpha, deploy, "
	    "taro.yamada@example.com",
	    "{{user:Taro Yamada}} ({{user:taro.yamada}}, <@{{user:U01}}>) "
	    "and {{user:山田太郎}}さん; {{user:al}}, Al, alpha, deploy, "
	    "{{email:taro.yamada@example.com}}");
	a = tok(r, "Taro Yamada");
	b = tok(r, "U01");
	c = tok(r, "やまだ");
	d = tok(r, "user=taro.yamada");
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	assert_string_equal(d + 5, a);
	free(a);
	free(b);
	free(c);
	free(d);
	assert_int_equal(wake_redact_add_users(r, "{\"a\":1}", 7, "u.json"),
	    WAKE_ERR_FORMAT);
	assert_non_null(strstr(wake_redact_error(r), "u.json"));
	assert_int_equal(wake_redact_add_users(r, "[1,", 3, "u.json"),
	    WAKE_ERR_FORMAT);
	wake_redact_free(r);
}

TEST(patterns)
{
	struct wake_redact *r = mk(key1);

	assert_int_equal(wake_redact_add_pattern(r,
	    "acct=\\bACC-\\d{8}\\b"), WAKE_OK);
	assert_int_equal(wake_redact_add_pattern(r,
	    "member=会員番号(\\d+)"), WAKE_OK);
	check_mark(r, "acct ACC-12345678 and 会員番号00012345, "
	    "tel 090-1234-5678, ACC-123",
	    "acct {{acct:ACC-12345678}} and "
	    "会員番号{{member:00012345}}, "
	    "tel {{phone:090-1234-5678}}, ACC-123");
	/* A pattern named after a kind normalises as that kind. */
	assert_int_equal(wake_redact_add_pattern(r,
	    "phone=\\bext\\.? ?\\d{4}\\b"), WAKE_OK);
	assert_int_equal(wake_redact_add_pattern(r, "x=("), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_redact_error(r), "bad pattern"));
	assert_int_equal(wake_redact_add_pattern(r, "nameonly"),
	    WAKE_ERR_USAGE);
	assert_int_equal(wake_redact_add_pattern(r, "a b=x"), WAKE_ERR_USAGE);
	/* Empty matches do not loop. */
	assert_int_equal(wake_redact_add_pattern(r, "e=x*"), WAKE_OK);
	assert_non_null(red(r, "ab xx 日本"));
	wake_redact_free(r);
}

TEST(counts)
{
	struct wake_redact *r = mk(key1);
	const char *kind;
	uint64_t n, kept;
	size_t i;
	int phone = 0, email = 0;

	(void)red(r, "090-1234-5678 a@example.com b@example.com");
	for (i = 0; wake_redact_count(r, i, &kind, &n, &kept) == WAKE_OK;
	    i++) {
		if (strcmp(kind, "phone") == 0)
			phone = (int)n;
		if (strcmp(kind, "email") == 0)
			email = (int)n;
	}
	assert_int_equal(i, WK_RK_NBUILTIN);
	assert_int_equal(phone, 1);
	assert_int_equal(email, 2);
	wake_redact_free(r);
	wake_redact_free(NULL);
}

TEST(norm_phone)
{
	static const struct {
		const char	*in;
		const char	*out;
	} t[] = {
		{ "+1 (415) 555-0100", "14155550100" },
		{ "4155550100", "14155550100" },
		{ "14155550100", "14155550100" },
		{ "0312345678", "81312345678" },
		{ "090-1234-5678", "819012345678" },
		{ "0081312345678", "81312345678" },
		{ "\"Taro\" <0312345678>", "81312345678" },
		{ "1001", "1001" },
		{ "anonymous", "" },
	};
	unsigned char out[64];
	size_t i, n;

	for (i = 0; i < WK_NELEM(t); i++) {
		n = wk_redact_norm_phone(t[i].in, strlen(t[i].in), out,
		    sizeof(out));
		assert_mem_str(out, n, t[i].out);
	}
}

/* Run over an input held in memory. */
static const char *
run(struct wake_redact *r, const char *in, int text, int json)
{
	static char res[8192];
	struct wake_redact_run_opts o;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_input *inp;

	memset(&o, 0, sizeof(o));
	o.text = text;
	o.json = json;
	o.out = &b;
	assert_int_equal(wake_input_open_mem(&inp, "mem", in, strlen(in),
	    NULL), WAKE_OK);
	assert_int_equal(wake_redact_run(r, inp, &o), WAKE_OK);
	wake_input_free(inp);
	assert_true(b.n < sizeof(res));
	if (b.n > 0)
		memcpy(res, b.p, b.n);
	res[b.n] = '\0';
	wake_buf_free(&b);
	return res;
}

static int ndiags;

static void
count_diag(void *arg, const char *origin, unsigned long line,
    const char *reason)
{
	(void)arg;
	(void)origin;
	(void)line;
	(void)reason;
	ndiags++;
}

TEST(run_text_and_events)
{
	struct wake_redact *r = mk(key1);
	struct wake_redact_run_opts o;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_input *inp;
	const char *out;
	static const char evs[] =
	    "#wake events 1\n"
	    "2024-02-22T10:00:00.000Z\tnet\tr1\terr\tlog\tdown 10.0.0.1\t\n"
	    "2024-02-22T10:00:01.000Z\tnet\tr1\terr\tlog\tnothing here\t\n"
	    "not an event\n"
	    "{\"ts\":\"2024-02-22T10:00:02.000Z\",\"src\":\"n\",\"host\":\"-\","
	    "\"sev\":\"-\",\"kind\":\"log\",\"msg\":\"a@example.com\","
	    "\"attrs\":{}}\n";

	wake_redact_set_mark(r, 1);
	out = run(r, "a 10.0.0.1\r\n\nb\n", 1, 0);
	assert_string_equal(out, "a {{ipv4:10.0.0.1}}\n\nb\n");
	memset(&o, 0, sizeof(o));
	o.out = &b;
	o.diag = count_diag;
	ndiags = 0;
	assert_int_equal(wake_input_open_mem(&inp, "mem", evs, strlen(evs),
	    NULL), WAKE_OK);
	assert_int_equal(wake_redact_run(r, inp, &o), WAKE_OK);
	wake_input_free(inp);
	assert_int_equal(ndiags, 1);
	assert_int_equal(wake_buf_putc(&b, '\0'), WAKE_OK);
	assert_string_equal(b.p, "#wake events 1\n"
	    "2024-02-22T10:00:00.000Z\tnet\tr1\terr\tlog\t"
	    "down {{ipv4:10.0.0.1}}\t\n"
	    "2024-02-22T10:00:01.000Z\tnet\tr1\terr\tlog\tnothing here\t\n"
	    "{\"ts\":\"2024-02-22T10:00:02.000Z\",\"src\":\"n\",\"host\":\"-\","
	    "\"sev\":\"-\",\"kind\":\"log\",\"msg\":"
	    "\"{{email:a@example.com}}\",\"attrs\":{}}\n");
	wake_buf_free(&b);
	/* An input that is not events is reported once and skipped. */
	ndiags = 0;
	assert_int_equal(wake_input_open_mem(&inp, "raw", "a\nb\nc\n", 6,
	    NULL), WAKE_OK);
	assert_int_equal(wake_redact_run(r, inp, &o), WAKE_OK);
	wake_input_free(inp);
	assert_int_equal(ndiags, 1);
	assert_int_equal(b.n, 0);
	wake_buf_free(&b);
	wake_redact_free(r);
}
