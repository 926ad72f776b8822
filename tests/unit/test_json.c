/*
 * Tests of the JSON tokenizer and its escaping helpers (lib/json.c).
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "internal.h"

static int
parse(const char *s, struct wk_jtok *t, int nt, const char **why)
{
	return wk_json_parse(s, strlen(s), t, nt, why);
}

TEST(json_scalars)
{
	struct wk_jtok t[4];
	const char *why;

	assert_int_equal(parse("0", t, 4, &why), 1);
	assert_int_equal(t[0].type, WK_J_NUM);
	assert_int_equal(parse(" -12.5e+3 \n", t, 4, &why), 1);
	assert_mem_str(t[0].p, t[0].n, "-12.5e+3");
	assert_int_equal(parse("true", t, 4, &why), 1);
	assert_int_equal(t[0].type, WK_J_TRUE);
	assert_int_equal(parse("false", t, 4, &why), 1);
	assert_int_equal(t[0].type, WK_J_FALSE);
	assert_int_equal(parse("null", t, 4, &why), 1);
	assert_int_equal(t[0].type, WK_J_NULL);
	assert_int_equal(parse("\"a\\\"b\"", t, 4, &why), 1);
	assert_int_equal(t[0].type, WK_J_STR);
	assert_mem_str(t[0].p, t[0].n, "a\\\"b");
	assert_int_equal(t[0].esc, 1);
	assert_int_equal(parse("\"plain \xe3\x81\x82\"", t, 4, &why), 1);
	assert_int_equal(t[0].esc, 0);
	/* Numbers are kept as text: any length is fine. */
	assert_int_equal(parse("123456789012345678901234567890123456789e999999",
	    t, 4, &why), 1);
	assert_int_equal(t[0].n, 46);
}

TEST(json_structure)
{
	static const char doc[] = "{\"a\":[1,{\"b\":null},[]],\"c\":{},"
	    "\"d\":\"x\"}";
	struct wk_jtok t[16];
	const char *why;
	int n;

	n = parse(doc, t, 16, &why);
	assert_int_equal(n, 12);
	assert_int_equal(t[0].type, WK_J_OBJ);
	assert_int_equal(t[0].size, 3);
	assert_int_equal(t[0].next, 12);
	assert_int_equal(t[0].n, strlen(doc));
	assert_mem_str(t[1].p, t[1].n, "a");
	assert_int_equal(t[2].type, WK_J_ARR);
	assert_int_equal(t[2].size, 3);
	assert_int_equal(t[2].next, 8);
	assert_mem_str(t[2].p, t[2].n, "[1,{\"b\":null},[]]");
	assert_int_equal(t[4].type, WK_J_OBJ);
	assert_int_equal(t[4].size, 1);
	assert_int_equal(t[4].next, 7);
	assert_int_equal(t[7].type, WK_J_ARR);
	assert_int_equal(t[7].size, 0);
	assert_int_equal(wk_json_get(t, 0, "a"), 2);
	assert_int_equal(wk_json_get(t, 0, "c"), 9);
	assert_int_equal(wk_json_get(t, 0, "d"), 11);
	assert_int_equal(wk_json_get(t, 0, "e"), -1);
	assert_int_equal(wk_json_get(t, 4, "b"), 6);
	assert_int_equal(wk_json_get(t, 2, "b"), -1);
	assert_int_equal(wk_json_get(t, 9, "b"), -1);
}

TEST(json_get_escaped_key)
{
	struct wk_jtok t[8];
	const char *why;

	assert_int_equal(parse("{\"m\\u0073g\":1,\"x\":2}", t, 8, &why), 5);
	assert_int_equal(wk_json_get(t, 0, "msg"), 2);
	assert_int_equal(wk_json_get(t, 0, "x"), 4);
}

TEST(json_malformed)
{
	static const char *bad[] = {
		"", "   ", "{", "}", "[", "]", "[1,]", "[,1]", "{,}", "{\"a\"}",
		"{\"a\":}", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}",
		"[1 2]", "\"open", "\"bad \\q escape\"", "\"\\u12\"",
		"\"\\u12g4\"", "\"\\", "\"tab\there\"", "01", "-", "1.", ".5",
		"1e", "1e+", "+1", "tru", "nul", "falsey", "[1]x", "{} {}",
		"NaN", "Infinity", "[\"a\",]", "{\"a\":1 \"b\":2}", "\x01",
		"{\"a\":[}", "[{]}",
	};
	struct wk_jtok t[16];
	const char *why;
	size_t i;
	int rc;

	for (i = 0; i < WK_NELEM(bad); i++) {
		why = NULL;
		rc = parse(bad[i], t, 16, &why);
		if (rc != -1)
			fail_msg("[%zu] \"%s\": got %d", i, bad[i], rc);
		assert_non_null(why);
	}
	/* NUL inside the input is not JSON white space. */
	assert_int_equal(wk_json_parse("1\0", 2, t, 16, &why), -1);
}

TEST(json_limits)
{
	struct wk_jtok *t;
	char *deep;
	const char *why;
	int i, d;

	t = calloc(512, sizeof(*t));
	deep = malloc(1000);
	assert_non_null(t);
	assert_non_null(deep);
	/* 64 levels are fine, 65 are not; 10000 do not crash. */
	for (d = 64; d <= 65; d++) {
		for (i = 0; i < d; i++) {
			deep[i] = '[';
			deep[2 * d - 1 - i] = ']';
		}
		deep[2 * d] = '\0';
		assert_int_equal(parse(deep, t, 512, &why), d == 64 ? 64 : -2);
	}
	free(deep);
	deep = malloc(50001);
	assert_non_null(deep);
	for (i = 0; i < 10000; i++)
		memcpy(deep + 5 * i, "{\"a\":", 5);
	deep[50000] = '\0';
	assert_int_equal(parse(deep, t, 512, &why), -2);
	memset(deep, '[', 50000);
	assert_int_equal(parse(deep, t, 512, &why), -2);
	/* Malformed before the limit: -1. */
	memset(deep, '{', 50000);
	assert_int_equal(parse(deep, t, 512, &why), -1);
	free(deep);
	/* Token limit. */
	assert_int_equal(parse("[1,2,3]", t, 4, &why), 4);
	assert_int_equal(parse("[1,2,3]", t, 3, &why), -2);
	assert_non_null(why);
	assert_int_equal(parse("{\"a\":1}", t, 2, &why), -2);
	assert_int_equal(parse("1", t, 0, &why), -2);
	free(t);
}

static void
check_unescape(const char *in, const char *want, size_t wn)
{
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(wk_json_unescape(in, strlen(in), &b), WAKE_OK);
	if (b.n != wn || memcmp(b.p, want, wn) != 0)
		fail_msg("\"%s\": got \"%.*s\"", in, (int)b.n, b.p);
	wake_buf_free(&b);
}

#define CHECK_UNESC(in, want) check_unescape(in, want, sizeof(want) - 1)

TEST(json_unescape)
{
	CHECK_UNESC("", "");
	CHECK_UNESC("plain", "plain");
	CHECK_UNESC("\\\"\\\\\\/\\b\\f\\n\\r\\t", "\"\\/\b\f\n\r\t");
	CHECK_UNESC("\\u0041\\u00e9\\u3042\\u0000z",
	    "A\xc3\xa9\xe3\x81\x82\0z");
	CHECK_UNESC("\\uD83D\\uDD25", "\xf0\x9f\x94\xa5");
	CHECK_UNESC("\\ud83d\\udd25", "\xf0\x9f\x94\xa5");
	CHECK_UNESC("\\udbff\\udfff", "\xf4\x8f\xbf\xbf");
	/* The raw-byte convention for \udc80-\udcff. */
	CHECK_UNESC("\\udc80\\udcff\\udCfe", "\x80\xff\xfe");
	/* Other lone surrogates become U+FFFD. */
	CHECK_UNESC("\\ud800", "\xef\xbf\xbd");
	CHECK_UNESC("\\ud800x", "\xef\xbf\xbdx");
	CHECK_UNESC("\\ud800\\u0041", "\xef\xbf\xbd" "A");
	CHECK_UNESC("\\udc00", "\xef\xbf\xbd");
	CHECK_UNESC("\\udfff", "\xef\xbf\xbd");
	CHECK_UNESC("\\ud800\\ud800\\udc00", "\xef\xbf\xbd\xf0\x90\x80\x80");
	/* A high surrogate then a raw-byte escape is still a pair. */
	CHECK_UNESC("\\ud800\\udc80", "\xf0\x90\x82\x80");
	CHECK_UNESC("a\\udc80b", "a\x80" "b");
}

TEST(json_unescape_errors)
{
	static const char *bad[] = {
		"\\", "\\x41", "\\u", "\\u12", "\\u12g4", "\\U0041", "a\\",
	};
	struct wake_buf b = WAKE_BUF_INIT;
	size_t i;

	for (i = 0; i < WK_NELEM(bad); i++) {
		b.n = 0;
		if (wk_json_unescape(bad[i], strlen(bad[i]), &b) !=
		    WAKE_ERR_FORMAT)
			fail_msg("accepted \"%s\"", bad[i]);
	}
	wake_buf_free(&b);
}

static void
check_escape(const char *in, size_t n, const char *want)
{
	struct wake_buf b = WAKE_BUF_INIT, u = WAKE_BUF_INIT;
	struct wk_jtok t[1];
	const char *why;

	assert_int_equal(wk_json_escape(in, n, &b), WAKE_OK);
	assert_mem_str(b.p, b.n, want);
	/* The result is a valid JSON string inside that reads back. */
	assert_int_equal(wake_buf_putc(&u, '"'), WAKE_OK);
	assert_int_equal(wake_buf_put(&u, b.p, b.n), WAKE_OK);
	assert_int_equal(wake_buf_putc(&u, '"'), WAKE_OK);
	assert_int_equal(wk_json_parse(u.p, u.n, t, 1, &why), 1);
	b.n = 0;
	assert_int_equal(wk_json_unescape(t[0].p, t[0].n, &b), WAKE_OK);
	assert_int_equal(b.n, n);
	if (n > 0)
		assert_memory_equal(b.p, in, n);
	wake_buf_free(&b);
	wake_buf_free(&u);
}

#define CHECK_ESC(in, want) check_escape(in, sizeof(in) - 1, want)

TEST(json_escape)
{
	CHECK_ESC("", "");
	CHECK_ESC("plain / text", "plain / text");
	CHECK_ESC("\"\\\n\r\t", "\\\"\\\\\\n\\r\\t");
	CHECK_ESC("\0\x01\x08\x0c\x1f\x7f", "\\u0000\\u0001\\u0008\\u000c"
	    "\\u001f\\u007f");
	CHECK_ESC("\xe9\x9a\x9c\xe5\xae\xb3 \xf0\x9f\x94\xa5",
	    "\xe9\x9a\x9c\xe5\xae\xb3 \xf0\x9f\x94\xa5");
	CHECK_ESC("\x80\xff\xc0\x80\xed\xa0\x80",
	    "\\udc80\\udcff\\udcc0\\udc80\\udced\\udca0\\udc80");
	CHECK_ESC("0123456789abcdef\"", "0123456789abcdef\\\"");
}

/* Random bytes must never crash the tokenizer. */
TEST(json_random_input)
{
	static const char alpha[] = "{}[]\":,\\u0123456789abcdefnulltrue"
	    "false -+.eE \t\n\x80\xff";
	struct wk_jtok t[64];
	char doc[128];
	uint64_t r = 88172645463325252ULL;
	const char *why;
	size_t i, n;
	int k, rc;

	for (k = 0; k < 200000; k++) {
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		n = r % sizeof(doc);
		for (i = 0; i < n; i++) {
			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			doc[i] = alpha[r % (sizeof(alpha) - 1)];
		}
		rc = wk_json_parse(doc, n, t, 64, &why);
		assert_true(rc >= -2);
		if (rc > 0)
			assert_int_equal(t[0].next, rc);
	}
}
