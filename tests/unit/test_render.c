/*
 * Tests of the escapers, number and time formatting, and the SVG chart
 * (lib/render.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "internal.h"
#include <wake/render.h>

typedef int (*escfn)(const char *, size_t, struct wake_buf *);

static void
check(escfn f, const char *in, size_t n, const char *want)
{
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(f(in, n, &b), WAKE_OK);
	if (*want == '\0')
		assert_int_equal(b.n, 0);
	else
		assert_mem_str(b.p, b.n, want);
	wake_buf_free(&b);
}

#define CHECK(f, in, want) check(f, in, sizeof(in) - 1, want)

TEST(render_html)
{
	CHECK(wake_escape_html, "<script>alert(1)</script>",
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK(wake_escape_html, "a&b \"q\" 'x'",
	    "a&amp;b &quot;q&quot; &#39;x&#39;");
	CHECK(wake_escape_html, "\x1b[31mred\x07", "\\x1b[31mred\\x07");
	CHECK(wake_escape_html, "tab\tlf\ncr\r", "tab\tlf\ncr\\x0d");
	/* Japanese text stays; bad UTF-8 and C1 and RLO become visible. */
	CHECK(wake_escape_html, "\xe5\xbe\xa9\xe6\x97\xa7", "\xe5\xbe\xa9\xe6"
	    "\x97\xa7");
	CHECK(wake_escape_html, "a\xff\xc0\x80z", "a\\xff\\xc0\\x80z");
	CHECK(wake_escape_html, "\xc2\x9b" "2J", "\\u009b2J");
	CHECK(wake_escape_html, "\xe2\x80\xae" "evil", "\\u202eevil");
	CHECK(wake_escape_html, "\xef\xbf\xbe", "\\ufffe");
	CHECK(wake_escape_html, "\xf0\x9f\xbf\xbf", "\\U0001ffff");
	CHECK(wake_escape_html, "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
	CHECK(wake_escape_html, "", "");
}

TEST(render_md)
{
	CHECK(wake_escape_md, "a|b", "a\\|b");
	CHECK(wake_escape_md, "`rm -rf` *x* _y_ [l](u)",
	    "\\`rm -rf\\` \\*x\\* \\_y\\_ \\[l\\](u)");
	CHECK(wake_escape_md, "<b>x</b> & y", "&lt;b&gt;x&lt;/b&gt; &amp; y");
	CHECK(wake_escape_md, "# head", "\\# head");
	CHECK(wake_escape_md, "> quote", "\\&gt; quote");
	CHECK(wake_escape_md, "- item", "\\- item");
	CHECK(wake_escape_md, "  + item", "  \\+ item");
	CHECK(wake_escape_md, "12. x 3.5", "12\\. x 3.5");
	CHECK(wake_escape_md, "a-b #3 =x", "a-b #3 =x");
	CHECK(wake_escape_md, "one\ntwo\n# three", "one<br>two<br>\\# three");
	CHECK(wake_escape_md, "\x1b[31m", "\\x1b\\[31m");
	CHECK(wake_escape_md, "c:\\dir $5", "c:\\\\dir \\$5");
}

TEST(render_csv)
{
	CHECK(wake_escape_csv, "plain", "plain");
	CHECK(wake_escape_csv, "a,b", "\"a,b\"");
	CHECK(wake_escape_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
	CHECK(wake_escape_csv, "=HYPERLINK(\"http://x\",\"y\")",
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	CHECK(wake_escape_csv, "+1", "'+1");
	CHECK(wake_escape_csv, "-2", "'-2");
	CHECK(wake_escape_csv, "@SUM(A1)", "'@SUM(A1)");
	CHECK(wake_escape_csv, "\t=1", "\"'\t=1\"");
	CHECK(wake_escape_csv, "\r=1", "\"'\r=1\"");
	CHECK(wake_escape_csv, "  =1", "\"'  =1\"");
	CHECK(wake_escape_csv, "\xef\xbc\x9d" "1", "'\xef\xbc\x9d" "1");
	CHECK(wake_escape_csv, "two\nlines", "\"two\nlines\"");
	CHECK(wake_escape_csv, "esc\x1b[0m", "esc\\x1b[0m");
	CHECK(wake_escape_csv, "a-b", "a-b");
	CHECK(wake_escape_csv, "", "");
}

TEST(render_term)
{
	CHECK(wake_escape_term, "\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m");
	CHECK(wake_escape_term, "a\tb\nc\rd\\e", "a\\tb\\nc\\rd\\\\e");
	CHECK(wake_escape_term, "\x7f\x00", "\\x7f\\x00");
	CHECK(wake_escape_term, "\xc2\x9b" "31m", "\\u009b31m");
	CHECK(wake_escape_term, "<b>|=x", "<b>|=x");
	CHECK(wake_escape_term, "\xe3\x81\x82", "\xe3\x81\x82");
}

TEST(render_json)
{
	CHECK(wake_escape_json, "a\"b\\c\n", "\"a\\\"b\\\\c\\n\"");
	CHECK(wake_escape_json, "</script>", "\"</script>\"");
}

TEST(render_numbers)
{
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(wake_render_count(0, &b), WAKE_OK);
	assert_int_equal(wake_render_count(1284, &b), WAKE_OK);
	assert_int_equal(wake_render_count(1234567, &b), WAKE_OK);
	assert_int_equal(wake_render_count(999, &b), WAKE_OK);
	assert_mem_str(b.p, b.n, "01,2841,234,567999");
	b.n = 0;
	wake_render_offset(12 * 60000000000LL + 59000000000LL, &b);
	wake_render_offset(-5 * 60000000000LL, &b);
	wake_render_offset(-30000000000LL, &b);
	wake_render_offset(0, &b);
	wake_render_offset(125 * 3600000000000LL, &b);
	wake_render_offset(WAKE_TIME_NONE, &b);
	assert_mem_str(b.p, b.n, "T+00:12T-00:05T-00:00T+00:00T+125:00T?");
	wake_buf_free(&b);
}

TEST(render_clock)
{
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_tz *ny;
	const char *why;
	wake_time_t t;
	char zb[32];

	assert_int_equal(wake_time_parse_utc("2024-02-22T09:58:12.345Z", 24,
	    &t), WAKE_OK);
	wake_render_clock(t, NULL, 0, &b);
	assert_mem_str(b.p, b.n, "09:58");
	b.n = 0;
	wake_render_clock(t, NULL, WAKE_CLOCK_DATE | WAKE_CLOCK_SEC, &b);
	assert_mem_str(b.p, b.n, "2024-02-22 09:58:12");
	if (wake_tz_open("America/New_York", &ny, &why) != WAKE_OK) {
		wake_buf_free(&b);
		skip();
	}
	b.n = 0;
	wake_render_clock(t, ny, WAKE_CLOCK_DATE | WAKE_CLOCK_OFF, &b);
	assert_mem_str(b.p, b.n, "2024-02-22 04:58 -05:00");
	/* Before 1970: floor, not truncation. */
	b.n = 0;
	wake_render_clock(-1000000000LL, NULL, WAKE_CLOCK_DATE |
	    WAKE_CLOCK_SEC, &b);
	assert_mem_str(b.p, b.n, "1969-12-31 23:59:59");
	assert_string_equal(wake_render_zone_label("America/New_York", zb,
	    sizeof(zb)), "New York");
	assert_string_equal(wake_render_zone_label(NULL, zb, sizeof(zb)),
	    "UTC");
	wake_tz_free(ny);
	wake_buf_free(&b);
}

TEST(render_css)
{
	const char *c = wake_render_css();

	/* It sits in <style> of a page that also parses as XML. */
	assert_null(strchr(c, '<'));
	assert_null(strchr(c, '&'));
	assert_non_null(strstr(c, "@media print"));
	assert_non_null(strstr(c, "prefers-color-scheme:dark"));
}

TEST(render_chart)
{
	struct wake_buf b = WAKE_BUF_INIT;
	double v1[6] = { 1, 2, 30, 4, NAN, 0 }, v2[6] = { 0, 1, 2, 3, 4, 5 };
	struct wake_chart_series s[2] = {
		{ "router <a>", v1, WAKE_CHART_BAR, 0 },
		{ "asa", v2, WAKE_CHART_LINE, 1 },
	};
	struct wake_chart_mark m[1] = { { 0, "start & \"go\"", 1 } };
	struct wake_chart c;

	memset(&c, 0, sizeof(c));
	c.title = "t<1>";
	c.t0 = 1708595880LL * 1000000000LL;
	c.bin = 60000000000LL;
	c.nbins = 6;
	c.series = s;
	c.nseries = 2;
	c.stacked = 1;
	m[0].t = c.t0 + 2 * c.bin;
	c.marks = m;
	c.nmarks = 1;
	c.shade0 = c.shade1 = WAKE_TIME_NONE;
	assert_int_equal(wake_chart_svg(&c, &b), WAKE_OK);
	assert_int_equal(wake_buf_putc(&b, '\0'), WAKE_OK);
	assert_non_null(strstr(b.p, "viewBox=\"0 0 960 "));
	assert_non_null(strstr(b.p, "<title>t&lt;1&gt;</title>"));
	assert_non_null(strstr(b.p, "router &lt;a&gt;"));
	assert_non_null(strstr(b.p, "start &amp; &quot;go&quot;"));
	assert_non_null(strstr(b.p, ">10:00<"));
	assert_non_null(strstr(b.p, "<polyline"));
	assert_null(strstr(b.p, "<script"));
	assert_null(strstr(b.p, "nan"));
	c.nbins = 0;
	assert_int_equal(wake_chart_svg(&c, &b), WAKE_ERR_USAGE);
	wake_buf_free(&b);
}
