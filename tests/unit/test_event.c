/*
 * Tests of the event record, its TSV and JSON forms, struct wake_buf and
 * the small helpers of util.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "internal.h"

/* 2024-02-22T09:58:12.345Z */
#define TS1	((wake_time_t)1708595892345000000LL)

static void
write_tsv(const struct wake_event *ev, struct wake_buf *b)
{
	b->n = 0;
	assert_int_equal(wake_event_write_tsv(ev, b), WAKE_OK);
}

static void
write_json(const struct wake_event *ev, struct wake_buf *b)
{
	b->n = 0;
	assert_int_equal(wake_event_write_json(ev, b), WAKE_OK);
}

/* Read a line with its LF (as the writers give it). */
static int
read_line(struct wake_event *ev, const struct wake_buf *b, const char **why)
{
	size_t n = b->n;

	if (n > 0 && b->p[n - 1] == '\n')
		n--;
	return wake_event_read(ev, b->p, n, why);
}

static int
read_str(struct wake_event *ev, const char *s, const char **why)
{
	return wake_event_read(ev, s, strlen(s), why);
}

/* ---- wake_buf ---- */

TEST(buf_put_grows)
{
	struct wake_buf b = WAKE_BUF_INIT;
	size_t i;

	for (i = 0; i < 10000; i++)
		assert_int_equal(wake_buf_putc(&b, 'a' + (int)(i % 26)),
		    WAKE_OK);
	assert_int_equal(b.n, 10000);
	assert_true(b.cap >= b.n);
	assert_int_equal(b.p[27], 'b');
	assert_int_equal(wake_buf_put(&b, "xyz", 3), WAKE_OK);
	assert_memory_equal(b.p + 10000, "xyz", 3);
	assert_int_equal(wake_buf_put(&b, NULL, 0), WAKE_OK);
	assert_int_equal(b.n, 10003);
	wake_buf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.n, 0);
	wake_buf_free(&b);
}

TEST(buf_ceiling_frees)
{
	struct wake_buf b = WAKE_BUF_INIT;

	b.max = 10;
	assert_int_equal(wake_buf_put(&b, "0123456789", 10), WAKE_OK);
	assert_true(b.cap <= 10);
	assert_int_equal(wake_buf_putc(&b, 'x'), WAKE_ERR_LIMIT);
	assert_null(b.p);
	assert_int_equal(b.n, 0);
	assert_int_equal(b.max, 10);
	/* Reusable after the failure, with the same ceiling. */
	assert_int_equal(wake_buf_put(&b, "abc", 3), WAKE_OK);
	assert_int_equal(wake_buf_reserve(&b, 8), WAKE_ERR_LIMIT);
	assert_null(b.p);
	assert_int_equal(wake_buf_reserve(&b, (size_t)-1), WAKE_ERR_LIMIT);
	wake_buf_free(&b);
}

TEST(buf_putu)
{
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(wk_buf_putu(&b, 0), WAKE_OK);
	assert_int_equal(wake_buf_putc(&b, ' '), WAKE_OK);
	assert_int_equal(wk_buf_putu(&b, 1234567890), WAKE_OK);
	assert_int_equal(wake_buf_putc(&b, ' '), WAKE_OK);
	assert_int_equal(wk_buf_putu(&b, UINT64_MAX), WAKE_OK);
	assert_mem_str(b.p, b.n, "0 1234567890 18446744073709551615");
	wake_buf_free(&b);
}

/* ---- util ---- */

TEST(util_streq)
{
	assert_true(wk_streq("abc", 3, "abc"));
	assert_false(wk_streq("abc", 2, "abc"));
	assert_false(wk_streq("abcd", 4, "abc"));
	assert_false(wk_streq("abC", 3, "abc"));
	assert_true(wk_streq("", 0, ""));
	assert_true(wk_strcaseeq("ErRoR", 5, "error"));
	assert_true(wk_strcaseeq("error", 5, "ERROR"));
	assert_false(wk_strcaseeq("errors", 6, "error"));
	assert_false(wk_strcaseeq("erro", 4, "error"));
	assert_false(wk_strcaseeq("\xc3\xa9", 2, "\xc3\x89"));
}

TEST(util_strerror)
{
	assert_string_equal(wake_strerror(WAKE_OK), "success");
	assert_string_equal(wake_strerror(WAKE_ERR_NOMEM), "out of memory");
	assert_string_equal(wake_strerror(WAKE_ERR_LIMIT), "limit reached");
	assert_non_null(wake_strerror(-99));
	assert_non_null(wake_strerror(WAKE_EOF));
}

TEST(util_sev_words)
{
	static const struct {
		const char *w;
		int sev;
	} t[] = {
		{ "ERROR", WAKE_SEV_ERR }, { "err", WAKE_SEV_ERR },
		{ "E", WAKE_SEV_ERR }, { "Severe", WAKE_SEV_ERR },
		{ "WARN", WAKE_SEV_WARN }, { "warning", WAKE_SEV_WARN },
		{ "w", WAKE_SEV_WARN }, { "FATAL", WAKE_SEV_CRIT },
		{ "F", WAKE_SEV_CRIT }, { "CRITICAL", WAKE_SEV_CRIT },
		{ "crit", WAKE_SEV_CRIT }, { "notice", WAKE_SEV_NOTICE },
		{ "INFO", WAKE_SEV_INFO }, { "Information", WAKE_SEV_INFO },
		{ "I", WAKE_SEV_INFO }, { "DEBUG", WAKE_SEV_DEBUG },
		{ "D", WAKE_SEV_DEBUG }, { "TRACE", WAKE_SEV_DEBUG },
		{ "finest", WAKE_SEV_DEBUG }, { "Verbose", WAKE_SEV_DEBUG },
		{ "emerg", WAKE_SEV_EMERG }, { "PANIC", WAKE_SEV_EMERG },
		{ "alert", WAKE_SEV_ALERT },
		{ "", -2 }, { "X", -2 }, { "C", -2 }, { "errors", -2 },
		{ "inform", -2 }, { "informationalx", -2 },
	};
	size_t i;

	for (i = 0; i < WK_NELEM(t); i++)
		if (wk_sev_from_word(t[i].w, strlen(t[i].w)) != t[i].sev)
			fail_msg("%s: got %d, want %d", t[i].w,
			    wk_sev_from_word(t[i].w, strlen(t[i].w)),
			    t[i].sev);
}

/* ---- the event and its arena ---- */

TEST(event_init_free)
{
	struct wake_event ev;

	wake_event_init(&ev);
	assert_true(ev.ts == WAKE_TIME_NONE);
	assert_int_equal(ev.sev, WAKE_SEV_NONE);
	assert_int_equal(ev.kind, WAKE_KIND_LOG);
	assert_int_equal(ev.src.n, 0);
	assert_int_equal(ev.nattrs, 0);
	wake_event_free(&ev);
	wake_event_free(NULL);
	/* Freed events can be used again. */
	assert_non_null(wake_event_store(&ev, "x", 1));
	wake_event_free(&ev);
}

TEST(event_store_stable)
{
	struct wake_event ev;
	const char *p[2000];
	char tmp[64];
	size_t i, n;

	wake_event_init(&ev);
	for (i = 0; i < WK_NELEM(p); i++) {
		n = (size_t)snprintf(tmp, sizeof(tmp), "s%zu-%0*d", i,
		    (int)(i % 40), 0);
		assert_non_null(p[i] = wake_event_store(&ev, tmp, n + 1));
	}
	/* A large one gets its own block. */
	{
		char *big = malloc(1 << 20);

		assert_non_null(big);
		memset(big, 'B', 1 << 20);
		assert_non_null(wake_event_store(&ev, big, 1 << 20));
		free(big);
	}
	for (i = 0; i < WK_NELEM(p); i++) {
		snprintf(tmp, sizeof(tmp), "s%zu-%0*d", i, (int)(i % 40), 0);
		assert_string_equal(p[i], tmp);
	}
	assert_string_equal(wake_event_store(&ev, NULL, 0), "");
	/* Reset keeps storage; the arena works again. */
	for (n = 0; n < 3; n++) {
		wake_event_reset(&ev);
		for (i = 0; i < 500; i++) {
			snprintf(tmp, sizeof(tmp), "r%zu", i);
			assert_non_null(p[i] = wake_event_store(&ev, tmp,
			    strlen(tmp) + 1));
		}
		for (i = 0; i < 500; i++) {
			snprintf(tmp, sizeof(tmp), "r%zu", i);
			assert_string_equal(p[i], tmp);
		}
	}
	wake_event_free(&ev);
}

TEST(event_attrs)
{
	struct wake_event ev;
	const struct wake_str *v;
	char key[16], val[16];
	int i;

	wake_event_init(&ev);
	assert_null(wake_event_attr_get(&ev, "a"));
	assert_int_equal(wake_event_attr_ref(&ev, "a", 1, "1", 1), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "origin", "x.log:1"), WAKE_OK);
	assert_int_equal(wake_event_attr(&ev, "k\0y", 3, "v\0w", 3), WAKE_OK);
	for (i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(val, sizeof(val), "v%d", i);
		assert_int_equal(wake_event_attrz(&ev, key, val), WAKE_OK);
	}
	assert_int_equal(ev.nattrs, 43);
	v = wake_event_attr_get(&ev, "origin");
	assert_non_null(v);
	assert_mem_str(v->p, v->n, "x.log:1");
	v = wake_event_attr_get(&ev, "k39");
	assert_non_null(v);
	assert_mem_str(v->p, v->n, "v39");
	assert_int_equal(ev.attrs[2].key.n, 3);
	assert_memory_equal(ev.attrs[2].val.p, "v\0w", 3);
	/* attr_set replaces in place, or appends. */
	assert_int_equal(wake_event_attr_set(&ev, "origin", "y.log:2", 7),
	    WAKE_OK);
	assert_int_equal(ev.nattrs, 43);
	assert_mem_str(ev.attrs[1].val.p, ev.attrs[1].val.n, "y.log:2");
	assert_int_equal(wake_event_attr_set(&ev, "tz", "UTC", 3), WAKE_OK);
	assert_int_equal(ev.nattrs, 44);
	assert_mem_str(ev.attrs[43].key.p, ev.attrs[43].key.n, "tz");
	wake_event_reset(&ev);
	assert_int_equal(ev.nattrs, 0);
	assert_null(wake_event_attr_get(&ev, "origin"));
	wake_event_free(&ev);
}

TEST(event_own_copy)
{
	struct wake_event ev, cp;
	struct wake_buf a = WAKE_BUF_INIT, b = WAKE_BUF_INIT;
	char src[8] = "net", msg[32] = "link down", key[8] = "if";
	char val[9] = "ge-0/0/1";

	wake_event_init(&ev);
	wake_event_init(&cp);
	ev.ts = TS1;
	ev.src.p = src;
	ev.src.n = 3;
	ev.msg.p = msg;
	ev.msg.n = strlen(msg);
	ev.sev = WAKE_SEV_ERR;
	assert_int_equal(wake_event_attr_ref(&ev, key, 2, val, 8), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "n", "1"), WAKE_OK);
	write_tsv(&ev, &a);
	assert_int_equal(wake_event_copy(&cp, &ev), WAKE_OK);
	assert_int_equal(wake_event_own(&ev), WAKE_OK);
	assert_int_equal(wake_event_own(&ev), WAKE_OK);
	memset(src, 'X', sizeof(src));
	memset(msg, 'X', sizeof(msg));
	memset(key, 'X', sizeof(key));
	memset(val, 'X', sizeof(val));
	write_tsv(&ev, &b);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.p, b.p, a.n);
	write_tsv(&cp, &b);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.p, b.p, a.n);
	wake_event_free(&ev);
	wake_event_free(&cp);
	wake_buf_free(&a);
	wake_buf_free(&b);
}

TEST(event_names)
{
	int i;

	assert_string_equal(wake_sev_name(WAKE_SEV_NONE), "-");
	assert_string_equal(wake_sev_name(WAKE_SEV_ERR), "err");
	assert_string_equal(wake_sev_name(WAKE_SEV_DEBUG), "debug");
	assert_string_equal(wake_sev_name(99), "-");
	assert_string_equal(wake_kind_name(WAKE_KIND_LOG), "log");
	assert_string_equal(wake_kind_name(WAKE_KIND_RAW), "raw");
	assert_string_equal(wake_kind_name(-3), "raw");
	for (i = -1; i <= WAKE_SEV_DEBUG; i++)
		assert_int_equal(wake_sev_parse(wake_sev_name(i),
		    strlen(wake_sev_name(i))), i);
	for (i = 0; i < WAKE_KIND_COUNT; i++)
		assert_int_equal(wake_kind_parse(wake_kind_name(i),
		    strlen(wake_kind_name(i))), i);
	assert_int_equal(wake_sev_parse("ERR", 3), -2);
	assert_int_equal(wake_sev_parse("", 0), -2);
	assert_int_equal(wake_kind_parse("logs", 4), -1);
	assert_int_equal(wake_kind_parse("lo", 2), -1);
}

/* ---- escaping ---- */

static void
check_escape(const char *in, size_t n, const char *want)
{
	struct wake_buf b = WAKE_BUF_INIT, u = WAKE_BUF_INIT;

	assert_int_equal(wake_escape(in, n, &b), WAKE_OK);
	assert_mem_str(b.p, b.n, want);
	assert_int_equal(wake_unescape(b.p, b.n, &u), WAKE_OK);
	assert_int_equal(u.n, n);
	if (n > 0)
		assert_memory_equal(u.p, in, n);
	wake_buf_free(&b);
	wake_buf_free(&u);
}

#define CHECK_ESC(in, want) check_escape(in, sizeof(in) - 1, want)

TEST(escape_forms)
{
	CHECK_ESC("", "");
	CHECK_ESC("plain ascii text, 40 bytes long........",
	    "plain ascii text, 40 bytes long........");
	CHECK_ESC("a\tb\nc\rd\\e", "a\\tb\\nc\\rd\\\\e");
	CHECK_ESC("\"quoted\" = ok", "\"quoted\" = ok");
	CHECK_ESC("nul\0x\x01\x1f\x7f", "nul\\x00x\\x01\\x1f\\x7f");
	/* Valid UTF-8 passes: Japanese, 4-byte, the edges. */
	CHECK_ESC("\xe5\x9b\x9e\xe7\xb7\x9a\xe9\x9a\x9c\xe5\xae\xb3",
	    "\xe5\x9b\x9e\xe7\xb7\x9a\xe9\x9a\x9c\xe5\xae\xb3");
	CHECK_ESC("\xf0\x9f\x94\xa5 \xc2\x80 \xdf\xbf \xef\xbf\xbf "
	    "\xf4\x8f\xbf\xbf \xed\x9f\xbf \xee\x80\x80",
	    "\xf0\x9f\x94\xa5 \xc2\x80 \xdf\xbf \xef\xbf\xbf "
	    "\xf4\x8f\xbf\xbf \xed\x9f\xbf \xee\x80\x80");
	/* Invalid: stray continuation, bad leads, overlongs, surrogates,
	 * past U+10FFFF, truncated sequences. */
	CHECK_ESC("\x80", "\\x80");
	CHECK_ESC("a\xff" "b", "a\\xffb");
	CHECK_ESC("\xc0\x80", "\\xc0\\x80");
	CHECK_ESC("\xc1\xbf", "\\xc1\\xbf");
	CHECK_ESC("\xe0\x80\xaf", "\\xe0\\x80\\xaf");
	CHECK_ESC("\xe0\x9f\xbf", "\\xe0\\x9f\\xbf");
	CHECK_ESC("\xed\xa0\x80", "\\xed\\xa0\\x80");
	CHECK_ESC("\xed\xbf\xbf", "\\xed\\xbf\\xbf");
	CHECK_ESC("\xf0\x8f\xbf\xbf", "\\xf0\\x8f\\xbf\\xbf");
	CHECK_ESC("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	CHECK_ESC("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
	CHECK_ESC("\xe3\x81", "\\xe3\\x81");
	CHECK_ESC("x\xe3\x81\xe3\x81\x82", "x\\xe3\\x81\xe3\x81\x82");
	CHECK_ESC("\xf0\x9f\x94", "\\xf0\\x9f\\x94");
	/* The 8-byte fast path must stop at the right byte. */
	CHECK_ESC("0123456789abcdef\\0123456789abcdef",
	    "0123456789abcdef\\\\0123456789abcdef");
	CHECK_ESC("01234567\x7f", "01234567\\x7f");
	CHECK_ESC("0123456\x1f" "89", "0123456\\x1f89");
}

TEST(unescape_errors)
{
	struct wake_buf b = WAKE_BUF_INIT;
	static const char *bad[] = {
		"\\", "abc\\", "\\q", "\\x", "\\x4", "\\xg0", "\\x0g", "\\\"",
		"\\u0041",
	};
	size_t i;

	for (i = 0; i < WK_NELEM(bad); i++) {
		b.n = 0;
		if (wake_unescape(bad[i], strlen(bad[i]), &b) !=
		    WAKE_ERR_FORMAT)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	b.n = 0;
	assert_int_equal(wake_unescape("\\x41\\xFf", 8, &b), WAKE_OK);
	assert_mem_str(b.p, b.n, "A\xff");
	wake_buf_free(&b);
}

/* ---- TSV ---- */

static void
sample_event(struct wake_event *ev)
{
	wake_event_init(ev);
	ev->ts = TS1;
	ev->src.p = "net";
	ev->src.n = 3;
	ev->host.p = "rtr1";
	ev->host.n = 4;
	ev->sev = WAKE_SEV_ERR;
	ev->kind = WAKE_KIND_LOG;
	ev->msg.p = "%LINK-3-UPDOWN: Interface Gi0/1, changed state to down";
	ev->msg.n = strlen(ev->msg.p);
}

TEST(tsv_write_basic)
{
	struct wake_event ev;
	struct wake_buf b = WAKE_BUF_INIT;

	sample_event(&ev);
	write_tsv(&ev, &b);
	assert_mem_str(b.p, b.n, "2024-02-22T09:58:12.345Z\tnet\trtr1\terr\t"
	    "log\t%LINK-3-UPDOWN: Interface Gi0/1, changed state to down\t\n");
	assert_int_equal(wake_event_attrz(&ev, "origin", "router.log:12"),
	    WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "tz", "Asia/Tokyo"), WAKE_OK);
	write_tsv(&ev, &b);
	assert_mem_str(b.p, b.n, "2024-02-22T09:58:12.345Z\tnet\trtr1\terr\t"
	    "log\t%LINK-3-UPDOWN: Interface Gi0/1, changed state to down\t"
	    "origin=router.log:12 tz=Asia/Tokyo\n");
	wake_event_free(&ev);

	/* Defaults: no time, empty src and host, no sev. */
	wake_event_init(&ev);
	write_tsv(&ev, &b);
	assert_mem_str(b.p, b.n,
	    "1970-01-01T00:00:00.000Z\t-\t-\t-\tlog\t\t\n");
	ev.kind = WAKE_KIND_PHASE;
	ev.msg.p = "a\tb\\c\nd";
	ev.msg.n = 7;
	ev.host.p = "agent 7\t";
	ev.host.n = 8;
	write_tsv(&ev, &b);
	assert_mem_str(b.p, b.n, "1970-01-01T00:00:00.000Z\t-\tagent 7\\t\t-\t"
	    "phase\ta\\tb\\\\c\\nd\t\n");
	wake_event_free(&ev);
	wake_buf_free(&b);
}

TEST(tsv_write_attrs)
{
	struct wake_event ev;
	struct wake_buf b = WAKE_BUF_INIT;

	wake_event_init(&ev);
	ev.ts = TS1;
	assert_int_equal(wake_event_attrz(&ev, "a", "plain"), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "empty", ""), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "sp", "two words"), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "q", "say \"hi\""), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "eq", "a=b"), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "bs", "c:\\tmp"), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "ctl", "x\ty\nz\r\x01\x7f"),
	    WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "ja",
	    "\xe9\x9a\x9c\xe5\xae\xb3"), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "bad", "\xff"), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "k e\"y=\xe3\x81\x82", "v"),
	    WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "", "v"), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "Ok_.:@/-9", "'"), WAKE_OK);
	write_tsv(&ev, &b);
	assert_mem_str(b.p, b.n, "2024-02-22T09:58:12.345Z\t-\t-\t-\tlog\t\t"
	    "a=plain empty=\"\" sp=\"two words\" q=\"say \\\"hi\\\"\" "
	    "eq=\"a=b\" bs=\"c:\\\\tmp\" ctl=\"x\\ty\\nz\\r\\x01\\x7f\" "
	    "ja=\xe9\x9a\x9c\xe5\xae\xb3 bad=\"\\xff\" k_e_y____=v _=v "
	    "Ok_.:@/-9='\n");
	wake_event_free(&ev);
	wake_buf_free(&b);
}

TEST(tsv_read_basic)
{
	static const char line[] = "2024-02-22T09:58:12.345Z\tnet\trtr1\t"
	    "err\tlog\tInterface Gi0/1 down\torigin=router.log:12 "
	    "tz=Asia/Tokyo note=\"a b\"";
	struct wake_event ev;
	const struct wake_str *v;
	const char *why;

	wake_event_init(&ev);
	assert_int_equal(read_str(&ev, line, &why), WAKE_OK);
	assert_true(ev.ts == TS1);
	assert_mem_str(ev.src.p, ev.src.n, "net");
	assert_mem_str(ev.host.p, ev.host.n, "rtr1");
	assert_int_equal(ev.sev, WAKE_SEV_ERR);
	assert_int_equal(ev.kind, WAKE_KIND_LOG);
	assert_mem_str(ev.msg.p, ev.msg.n, "Interface Gi0/1 down");
	/* Nothing to unescape: the fields borrow from the line. */
	assert_true(ev.msg.p > line && ev.msg.p < line + sizeof(line));
	assert_int_equal(ev.nattrs, 3);
	v = wake_event_attr_get(&ev, "note");
	assert_non_null(v);
	assert_mem_str(v->p, v->n, "a b");
	assert_true(v->p > line && v->p < line + sizeof(line));
	assert_true(ev.arena == NULL);

	/* "-" is empty; escapes are undone; spaces between attrs. */
	assert_int_equal(read_str(&ev, "2024-02-22T09:58:12Z\t-\t-\t-\tchat\t"
	    "a\\tb\\x00\\\\\t  x=\"q\\\"\\x41\"   y=\xe3\x81\x82  ", &why),
	    WAKE_OK);
	assert_true(ev.ts == 1708595892000000000LL);
	assert_int_equal(ev.src.n, 0);
	assert_int_equal(ev.host.n, 0);
	assert_int_equal(ev.sev, WAKE_SEV_NONE);
	assert_int_equal(ev.kind, WAKE_KIND_CHAT);
	assert_int_equal(ev.msg.n, 5);
	assert_memory_equal(ev.msg.p, "a\tb\0\\", 5);
	assert_int_equal(ev.nattrs, 2);
	assert_mem_str(ev.attrs[0].val.p, ev.attrs[0].val.n, "q\"A");
	assert_mem_str(ev.attrs[1].val.p, ev.attrs[1].val.n,
	    "\xe3\x81\x82");

	/* CRLF; a level word in the sev column. */
	assert_int_equal(read_str(&ev, "2024-02-22T09:58:12.345Z\tnet\t-\t"
	    "WARNING\tlog\tm\ta=1\r", &why), WAKE_OK);
	assert_int_equal(ev.sev, WAKE_SEV_WARN);
	assert_mem_str(ev.attrs[0].val.p, ev.attrs[0].val.n, "1");
	wake_event_free(&ev);
}

TEST(tsv_read_errors)
{
	static const char *bad[] = {
		"",
		"2024-02-22T09:58:12.345Z",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tmsg",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tmsg\t\textra",
		"2024-02-22 09:58:12\tnet\t-\terr\tlog\tmsg\t",
		"2024-02-22T09:58:12.345Z\tnet\t-\tbogus\tlog\tmsg\t",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tLOG\tmsg\t",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tm\\q\t",
		"2024-02-22T09:58:12.345Z\tn\\\t-\terr\tlog\tm\t",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tm\\x4\t",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tm\tnovalue",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tm\t=v",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tm\tk\"=v",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tm\tk=\"open",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tm\tk=\"a\"b",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tm\tk=\"\\q\"",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tm\tk=\"\\\"",
		"2024-02-22T09:58:12.345Z\tnet\t-\terr\tlog\tm\tk \"a\"",
		"# wake events 1",
	};
	struct wake_event ev;
	const char *why;
	size_t i;

	wake_event_init(&ev);
	for (i = 0; i < WK_NELEM(bad); i++) {
		why = NULL;
		if (read_str(&ev, bad[i], &why) != WAKE_ERR_FORMAT)
			fail_msg("accepted [%zu] \"%s\"", i, bad[i]);
		assert_non_null(why);
	}
	assert_int_equal(wake_event_read(&ev, "x", 1, NULL), WAKE_ERR_FORMAT);
	wake_event_free(&ev);
}

/* ---- JSON ---- */

TEST(json_write_basic)
{
	struct wake_event ev;
	struct wake_buf b = WAKE_BUF_INIT;

	sample_event(&ev);
	write_json(&ev, &b);
	assert_mem_str(b.p, b.n, "{\"ts\":\"2024-02-22T09:58:12.345Z\","
	    "\"src\":\"net\",\"host\":\"rtr1\",\"sev\":\"err\","
	    "\"kind\":\"log\","
	    "\"msg\":\"%LINK-3-UPDOWN: Interface Gi0/1, changed state to "
	    "down\",\"attrs\":{}}\n");
	wake_event_free(&ev);

	wake_event_init(&ev);
	ev.msg.p = "q\"b\\t\tn\nr\rz\0\x08\x7f\xe3\x81\x82\xff\xc0";
	ev.msg.n = 19;
	assert_int_equal(wake_event_attrz(&ev, "origin", "a.log:1"), WAKE_OK);
	assert_int_equal(wake_event_attrz(&ev, "k y", "\"\xfe"), WAKE_OK);
	write_json(&ev, &b);
	assert_mem_str(b.p, b.n, "{\"ts\":\"1970-01-01T00:00:00.000Z\","
	    "\"src\":\"-\",\"host\":\"-\",\"sev\":\"-\",\"kind\":\"log\","
	    "\"msg\":\"q\\\"b\\\\t\\tn\\nr\\rz\\u0000\\u0008\\u007f"
	    "\xe3\x81\x82\\udcff\\udcc0\",\"attrs\":{\"origin\":\"a.log:1\","
	    "\"k_y\":\"\\\"\\udcfe\"}}\n");
	wake_event_free(&ev);
	wake_buf_free(&b);
}

TEST(json_read_basic)
{
	struct wake_event ev;
	const char *why;

	wake_event_init(&ev);
	assert_int_equal(read_str(&ev, "  {\"extra\":[1,{\"a\":null}],"
	    "\"attrs\":{\"n\":42,\"t\":true,\"f\":false,\"z\":null,"
	    "\"s\":\"x\\u00e9\"},\"msg\":\"hi\\ud83d\\udd25\\udc80\","
	    "\"kind\":\"call\",\"sev\":\"warn\",\"host\":\"-\","
	    "\"src\":\"calls\",\"ts\":\"2024-02-22T09:58:12.345Z\"} \r",
	    &why), WAKE_OK);
	assert_true(ev.ts == TS1);
	assert_mem_str(ev.src.p, ev.src.n, "calls");
	assert_int_equal(ev.host.n, 0);
	assert_int_equal(ev.sev, WAKE_SEV_WARN);
	assert_int_equal(ev.kind, WAKE_KIND_CALL);
	assert_mem_str(ev.msg.p, ev.msg.n, "hi\xf0\x9f\x94\xa5\x80");
	assert_int_equal(ev.nattrs, 5);
	assert_mem_str(ev.attrs[0].val.p, ev.attrs[0].val.n, "42");
	assert_mem_str(ev.attrs[1].val.p, ev.attrs[1].val.n, "true");
	assert_mem_str(ev.attrs[2].val.p, ev.attrs[2].val.n, "false");
	assert_mem_str(ev.attrs[3].val.p, ev.attrs[3].val.n, "null");
	assert_mem_str(ev.attrs[4].val.p, ev.attrs[4].val.n, "x\xc3\xa9");

	/* Minimal: only ts. */
	assert_int_equal(read_str(&ev, "{\"ts\":\"2024-02-22T09:58:12.345Z\"}",
	    &why), WAKE_OK);
	assert_int_equal(ev.kind, WAKE_KIND_LOG);
	assert_int_equal(ev.sev, WAKE_SEV_NONE);
	assert_int_equal(ev.nattrs, 0);
	wake_event_free(&ev);
}

TEST(json_read_errors)
{
	static const char *bad[] = {
		"{",
		"{}",
		"{\"ts\":\"2024-02-22T09:58:12.345Z\"",
		"{\"ts\":\"2024-02-22T09:58:12.345Z\"} x",
		"{\"ts\":\"yesterday\"}",
		"{\"ts\":1708595892}",
		"{\"ts\":\"2024-02-22T09:58:12.345Z\",\"kind\":\"bogus\"}",
		"{\"ts\":\"2024-02-22T09:58:12.345Z\",\"sev\":\"bogus\"}",
		"{\"ts\":\"2024-02-22T09:58:12.345Z\",\"msg\":5}",
		"{\"ts\":\"2024-02-22T09:58:12.345Z\",\"attrs\":[]}",
		"{\"ts\":\"2024-02-22T09:58:12.345Z\",\"attrs\":{\"a\":[1]}}",
		"{\"ts\":\"2024-02-22T09:58:12.345Z\",\"msg\":\"\\x41\"}",
		"{\"ts\":\"2024-02-22T09:58:12.345Z\",\"msg\":\"a\tb\"}",
	};
	struct wake_event ev;
	const char *why;
	size_t i;

	wake_event_init(&ev);
	for (i = 0; i < WK_NELEM(bad); i++) {
		why = NULL;
		if (read_str(&ev, bad[i], &why) == WAKE_OK)
			fail_msg("accepted [%zu] %s", i, bad[i]);
		assert_non_null(why);
	}
	wake_event_free(&ev);
}

TEST(json_read_many_attrs)
{
	struct wake_event ev;
	struct wake_buf b = WAKE_BUF_INIT, c = WAKE_BUF_INIT;
	char key[16];
	int i;

	wake_event_init(&ev);
	ev.ts = TS1;
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		assert_int_equal(wake_event_attrz(&ev, key, "v"), WAKE_OK);
	}
	write_json(&ev, &b);
	wake_event_reset(&ev);
	assert_int_equal(read_line(&ev, &b, NULL), WAKE_OK);
	assert_int_equal(ev.nattrs, 1000);
	write_json(&ev, &c);
	assert_int_equal(b.n, c.n);
	assert_memory_equal(b.p, c.p, b.n);
	wake_event_free(&ev);
	wake_buf_free(&b);
	wake_buf_free(&c);
}

/* ---- round trips ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Random bytes leaning on what is hard to escape. */
static size_t
rnd_bytes(char *p, size_t max)
{
	static const char *pieces[] = {
		"\t", "\n", "\r", "\\", "\"", "=", " ", "-", "\0", "\x7f",
		"\x01", "\xff", "\x80", "\xc3\xa9", "\xe3\x81\x82",
		"\xe9\x9a\x9c\xe5\xae\xb3", "\xf0\x9f\x94\xa5", "\xed\xa0\x80",
		"\xc0\x80", "\xe3\x81", "\\x41", "\\udc80", "a", "link down",
		"x=1", "#", "{", "}", "\xf4\x90\x80\x80", "\xdf",
	};
	size_t n = 0, l;
	unsigned k, cnt = rnd(8);

	while (cnt-- > 0) {
		k = rnd(WK_NELEM(pieces) + 1);
		if (k == WK_NELEM(pieces)) {
			if (n < max)
				p[n++] = (char)rnd(256);
			continue;
		}
		l = k == 8 ? 1 : strlen(pieces[k]);
		if (n + l > max)
			break;
		memcpy(p + n, pieces[k], l);
		n += l;
	}
	return n;
}

static void
same(const struct wake_buf *a, const struct wake_buf *b)
{
	if (a->n != b->n || memcmp(a->p, b->p, a->n) != 0)
		fail_msg("differ:\n%.*s\n%.*s", (int)a->n, a->p, (int)b->n,
		    b->p);
}

TEST(roundtrip_random)
{
	struct wake_event ev, rd;
	struct wake_buf t1 = WAKE_BUF_INIT, t2 = WAKE_BUF_INIT;
	struct wake_buf j1 = WAKE_BUF_INIT, j2 = WAKE_BUF_INIT;
	char src[64], host[64], msg[256], keys[8][32], vals[8][64];
	const char *why;
	size_t kl[8], vl[8];
	int i, k, na;

	wake_event_init(&ev);
	wake_event_init(&rd);
	for (i = 0; i < 20000; i++) {
		wake_event_reset(&ev);
		ev.ts = (wake_time_t)rnd(2000000000) * 1000000000 +
		    (wake_time_t)rnd(1000) * 1000000;
		if (rnd(10) == 0)
			ev.ts = WAKE_TIME_NONE;
		ev.src.p = src;
		ev.src.n = rnd_bytes(src, sizeof(src));
		ev.host.p = host;
		ev.host.n = rnd_bytes(host, sizeof(host));
		ev.sev = (int)rnd(9) - 1;
		ev.kind = (int)rnd(WAKE_KIND_COUNT);
		ev.msg.p = msg;
		ev.msg.n = rnd_bytes(msg, sizeof(msg));
		na = (int)rnd(5);
		for (k = 0; k < na; k++) {
			kl[k] = rnd_bytes(keys[k], sizeof(keys[k]));
			vl[k] = rnd_bytes(vals[k], sizeof(vals[k]));
			assert_int_equal(wake_event_attr_ref(&ev, keys[k],
			    kl[k], vals[k], vl[k]), WAKE_OK);
		}
		/* TSV: write -> read -> write. */
		write_tsv(&ev, &t1);
		if (read_line(&rd, &t1, &why) != WAKE_OK)
			fail_msg("%s: %.*s", why, (int)t1.n, t1.p);
		write_tsv(&rd, &t2);
		same(&t1, &t2);
		/* The TSV reading gives the JSON of the original. */
		write_json(&ev, &j1);
		write_json(&rd, &j2);
		same(&j1, &j2);
		/* JSON: write -> read -> write, then back to TSV. */
		if (read_line(&rd, &j1, &why) != WAKE_OK)
			fail_msg("%s: %.*s", why, (int)j1.n, j1.p);
		write_json(&rd, &j2);
		same(&j1, &j2);
		write_tsv(&rd, &t2);
		same(&t1, &t2);
	}
	wake_event_free(&ev);
	wake_event_free(&rd);
	wake_buf_free(&t1);
	wake_buf_free(&t2);
	wake_buf_free(&j1);
	wake_buf_free(&j2);
}

TEST(write_limit)
{
	struct wake_event ev;
	struct wake_buf b = WAKE_BUF_INIT;

	sample_event(&ev);
	b.max = 40;
	assert_int_equal(wake_event_write_tsv(&ev, &b), WAKE_ERR_LIMIT);
	assert_null(b.p);
	assert_int_equal(wake_event_write_json(&ev, &b), WAKE_ERR_LIMIT);
	assert_null(b.p);
	b.max = 0;
	assert_int_equal(wake_event_write_tsv(&ev, &b), WAKE_OK);
	wake_event_free(&ev);
	wake_buf_free(&b);
}
