/*
 * The web access log formats, combined and clf: line by line through
 * their parse functions, and over the access-log corpus.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_test.h"

#define FCOMB	(&wk_fmt_combined)
#define FCLF	(&wk_fmt_clf)

#define UA_FF	"Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Firefox/115.0"

TEST(combined_plain)
{
	struct fx x;

	fx_open(&x, "UTC");
	EXPECT(&x, FCOMB, "83.149.9.216 - - [17/May/2015:10:05:03 +0000] "
	    "\"GET /presentations/logstash-monitorama-2013/images/kibana-"
	    "search.png HTTP/1.1\" 200 203023 \"http://semicomplete.com/"
	    "presentations/logstash-monitorama-2013/\" \"" UA_FF "\"",
	    "2015-05-17T10:05:03.000Z\t-\t-\tinfo\tlog\t"
	    "GET /presentations/logstash-monitorama-2013/images/kibana-"
	    "search.png HTTP/1.1 200\tclient=83.149.9.216 method=GET "
	    "path=/presentations/logstash-monitorama-2013/images/kibana-"
	    "search.png proto=HTTP/1.1 status=200 bytes=203023 "
	    "referer=http://semicomplete.com/presentations/logstash-"
	    "monitorama-2013/ ua=\"" UA_FF "\"");
	/* +0330, and nginx's trailing "$http_x_forwarded_for" as "-". */
	EXPECT(&x, FCOMB, "31.56.96.51 - - [22/Jan/2019:03:56:16 +0330] "
	    "\"GET /image/60844/productModel/200x200 HTTP/1.1\" 200 5667 "
	    "\"https://www.zanbil.ir/m/filter/b113\" \"" UA_FF "\" \"-\"",
	    "2019-01-22T00:26:16.000Z\t-\t-\tinfo\tlog\t"
	    "GET /image/60844/productModel/200x200 HTTP/1.1 200\t"
	    "client=31.56.96.51 method=GET path=/image/60844/productModel/"
	    "200x200 proto=HTTP/1.1 status=200 bytes=5667 "
	    "referer=https://www.zanbil.ir/m/filter/b113 ua=\"" UA_FF "\"");
	/* -0700, a user, 5xx, bytes '-'. */
	EXPECT(&x, FCOMB, "10.1.2.3 - alice [09/Jun/2020:12:10:39 -0700] "
	    "\"POST /api/v1/orders HTTP/2.0\" 503 - \"-\" \"curl/8.0\"",
	    "2020-06-09T19:10:39.000Z\t-\t-\terr\tlog\t"
	    "POST /api/v1/orders HTTP/2.0 503\tclient=10.1.2.3 user=alice "
	    "method=POST path=/api/v1/orders proto=HTTP/2.0 status=503 "
	    "ua=curl/8.0");
	/* Extra fields kept whole. */
	EXPECT(&x, FCOMB, "10.1.2.3 - - [22/Feb/2024:03:58:12 +0900] "
	    "\"GET / HTTP/1.1\" 404 12 \"-\" \"-\" rt=0.012 \"1.2.3.4\"",
	    "2024-02-21T18:58:12.000Z\t-\t-\twarn\tlog\tGET / HTTP/1.1 404\t"
	    "client=10.1.2.3 method=GET path=/ proto=HTTP/1.1 status=404 "
	    "bytes=12 extra=\"rt=0.012 \\\"1.2.3.4\\\"\"");
	/* IPv6 client. */
	EXPECT(&x, FCOMB, "2001:db8::1 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"HEAD /x HTTP/1.0\" 301 0 \"-\" \"x\"",
	    "2024-02-22T03:58:12.000Z\t-\t-\tinfo\tlog\tHEAD /x HTTP/1.0 301\t"
	    "client=2001:db8::1 method=HEAD path=/x proto=HTTP/1.0 "
	    "status=301 bytes=0 ua=x");
	fx_close(&x);
}

TEST(combined_odd_requests)
{
	struct fx x;

	fx_open(&x, "UTC");
	/* "-" (a timeout before any request) and "" (nginx). */
	EXPECT(&x, FCOMB, "127.0.0.1 - - [02/Feb/2019:05:38:45 +0100] \"-\" "
	    "408 152 \"-\" \"-\"",
	    "2019-02-02T04:38:45.000Z\t-\t-\twarn\tlog\t- 408\t"
	    "client=127.0.0.1 status=408 bytes=152");
	EXPECT(&x, FCOMB, "127.0.0.1 - - [12/Apr/2018:09:48:40 +0200] \"\" 400 "
	    "0 \"-\" \"-\"",
	    "2018-04-12T07:48:40.000Z\t-\t-\twarn\tlog\t400\t"
	    "client=127.0.0.1 status=400 bytes=0");
	/* Escaped quotes in the request and the user-agent. */
	EXPECT(&x, FCOMB, "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"GET /a\\\"b HTTP/1.1\" 200 5 \"-\" \"say \\\"hi\\\"\"",
	    "2024-02-22T03:58:12.000Z\t-\t-\tinfo\tlog\t"
	    "GET /a\\\\\"b HTTP/1.1 200\tclient=1.2.3.4 method=GET "
	    "path=\"/a\\\\\\\"b\" proto=HTTP/1.1 status=200 bytes=5 "
	    "ua=\"say \\\\\\\"hi\\\\\\\"\"");
	/* Garbage: TLS on a plain port, as nginx logs it. */
	EXPECT(&x, FCOMB, "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"\\x16\\x03\\x01\\x00\\xA5\\x01\" 400 166 \"-\" \"-\"",
	    "2024-02-22T03:58:12.000Z\t-\t-\twarn\tlog\t"
	    "\\\\x16\\\\x03\\\\x01\\\\x00\\\\xA5\\\\x01 400\t"
	    "client=1.2.3.4 status=400 bytes=166");
	/* A bare quote inside the request (old servers). */
	EXPECT(&x, FCOMB, "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"GET /\"x\" HTTP/1.1\" 400 1 \"-\" \"-\"",
	    "2024-02-22T03:58:12.000Z\t-\t-\twarn\tlog\t"
	    "GET /\"x\" HTTP/1.1 400\tclient=1.2.3.4 method=GET "
	    "path=\"/\\\"x\\\"\" proto=HTTP/1.1 status=400 bytes=1");
	/* HTTP/0.9: no protocol. */
	EXPECT(&x, FCOMB, "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"GET /\" 200 1 \"-\" \"-\"",
	    "2024-02-22T03:58:12.000Z\t-\t-\tinfo\tlog\tGET / 200\t"
	    "client=1.2.3.4 method=GET path=/ status=200 bytes=1");
	/* Status '-'. */
	EXPECT(&x, FCOMB, "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"GET / HTTP/1.1\" - - \"-\" \"-\"",
	    "2024-02-22T03:58:12.000Z\t-\t-\t-\tlog\tGET / HTTP/1.1 -\t"
	    "client=1.2.3.4 method=GET path=/ proto=HTTP/1.1");
	/* A line cut inside the user-agent. */
	EXPECT(&x, FCOMB, "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"GET / HTTP/1.1\" 200 1 \"-\" \"Mozilla/5.0 (compat",
	    "2024-02-22T03:58:12.000Z\t-\t-\tinfo\tlog\tGET / HTTP/1.1 200\t"
	    "client=1.2.3.4 method=GET path=/ proto=HTTP/1.1 status=200 "
	    "bytes=1 ua=\"Mozilla/5.0 (compat\"");
	/* A long request goes past the stack buffer. */
	{
		char line[8192], want[8192];
		int k, w;

		k = snprintf(line, sizeof(line), "1.2.3.4 - - [22/Feb/2024:"
		    "03:58:12 +0000] \"GET /");
		w = snprintf(want, sizeof(want), "GET /");
		memset(line + k, 'a', 5000);
		memset(want + w, 'a', 5000);
		snprintf(line + k + 5000, sizeof(line) - (size_t)k - 5000,
		    " HTTP/1.1\" 200 1 \"-\" \"-\"");
		snprintf(want + w + 5000, sizeof(want) - (size_t)w - 5000,
		    " HTTP/1.1 200");
		assert_non_null(run(&x, FCOMB, line));
		assert_mem_str(x.ev.msg.p, x.ev.msg.n, want);
	}
	fx_close(&x);
}

TEST(combined_front)
{
	struct fx x;

	fx_open(&x, "UTC");
	/* Virtual host, with and without a port. */
	EXPECT(&x, FCOMB, "vhost1.domaine.fr 123.123.123.123 - - "
	    "[04/Jul/2019:09:20:46 +0200] \"GET / HTTP/1.1\" 200 32953 \"-\" "
	    "\"x\"",
	    "2019-07-04T07:20:46.000Z\t-\tvhost1.domaine.fr\tinfo\tlog\t"
	    "GET / HTTP/1.1 200\tvhost=vhost1.domaine.fr "
	    "client=123.123.123.123 method=GET path=/ proto=HTTP/1.1 "
	    "status=200 bytes=32953 ua=x");
	EXPECT(&x, FCOMB, "example.com:80 81.2.69.143 - - "
	    "[07/Dec/2016:11:05:07 +0100] \"GET /ocelot HTTP/1.1\" 200 571 "
	    "\"-\" \"x\"",
	    "2016-12-07T10:05:07.000Z\t-\texample.com\tinfo\tlog\t"
	    "GET /ocelot HTTP/1.1 200\tvhost=example.com:80 "
	    "client=81.2.69.143 method=GET path=/ocelot proto=HTTP/1.1 "
	    "status=200 bytes=571 ua=x");
	EXPECT(&x, FCOMB, "[2001:db8::2]:443 10.0.0.1 - - "
	    "[07/Dec/2016:11:05:07 +0100] \"GET / HTTP/1.1\" 200 1 \"-\" "
	    "\"x\"",
	    "2016-12-07T10:05:07.000Z\t-\t2001:db8::2\tinfo\tlog\t"
	    "GET / HTTP/1.1 200\tvhost=[2001:db8::2]:443 client=10.0.0.1 "
	    "method=GET path=/ proto=HTTP/1.1 status=200 bytes=1 ua=x");
	/* Forwarded-for lists: the client is the first address. */
	EXPECT(&x, FCOMB, "10.0.0.2, 10.0.0.1, 127.0.0.1 - - "
	    "[07/Dec/2016:11:05:07 +0100] \"GET /ocelot HTTP/1.1\" 200 571 "
	    "\"-\" \"x\"",
	    "2016-12-07T10:05:07.000Z\t-\t-\tinfo\tlog\t"
	    "GET /ocelot HTTP/1.1 200\tclient=10.0.0.2 "
	    "xff=\"10.0.0.2, 10.0.0.1, 127.0.0.1\" method=GET path=/ocelot "
	    "proto=HTTP/1.1 status=200 bytes=571 ua=x");
	EXPECT(&x, FCOMB, "example.com:80 \"10.5.102.222, 175.16.199.1, "
	    "204.246.1.1\" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "
	    "\"GET /assets/xxxx?q=100 HTTP/1.1\" 200 25507 \"-\" "
	    "\"Amazon CloudFront\"",
	    "2016-01-22T13:18:29.000Z\t-\texample.com\tinfo\tlog\t"
	    "GET /assets/xxxx?q=100 HTTP/1.1 200\tvhost=example.com:80 "
	    "client=10.2.1.185 xff=\"10.5.102.222, 175.16.199.1, "
	    "204.246.1.1\" method=GET path=\"/assets/xxxx?q=100\" "
	    "proto=HTTP/1.1 status=200 bytes=25507 ua=\"Amazon CloudFront\"");
	EXPECT(&x, FCOMB, "\"10.5.102.222, 199.96.1.1\" 10.2.1.185 - - "
	    "[22/Jan/2016:13:18:29 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" "
	    "\"x\"",
	    "2016-01-22T13:18:29.000Z\t-\t-\tinfo\tlog\tGET / HTTP/1.1 200\t"
	    "client=10.2.1.185 xff=\"10.5.102.222, 199.96.1.1\" method=GET "
	    "path=/ proto=HTTP/1.1 status=200 bytes=1 ua=x");
	/* A unix socket peer. */
	EXPECT(&x, FCOMB, "example.com:80 unix: - - [26/Feb/2019:15:39:42 "
	    "+0100] \"hello\" 400 173 \"-\" \"-\"",
	    "2019-02-26T14:39:42.000Z\t-\texample.com\twarn\tlog\thello 400\t"
	    "vhost=example.com:80 client=unix: status=400 bytes=173");
	fx_close(&x);
}

TEST(clf_plain)
{
	struct fx x;

	fx_open(&x, "UTC");
	EXPECT(&x, FCLF, "::1 - - [26/Dec/2016:16:16:29 +0200] \"GET "
	    "/favicon.ico HTTP/1.1\" 404 209",
	    "2016-12-26T14:16:29.000Z\t-\t-\twarn\tlog\t"
	    "GET /favicon.ico HTTP/1.1 404\tclient=::1 method=GET "
	    "path=/favicon.ico proto=HTTP/1.1 status=404 bytes=209");
	EXPECT(&x, FCLF, "::1 - - [26/Dec/2016:16:16:48 +0200] \"-\" 408 -",
	    "2016-12-26T14:16:48.000Z\t-\t-\twarn\tlog\t- 408\t"
	    "client=::1 status=408");
	EXPECT(&x, FCLF, "host.example.org - frank [10/Oct/2000:13:55:36 "
	    "-0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326",
	    "2000-10-10T20:55:36.000Z\t-\t-\tinfo\tlog\t"
	    "GET /apache_pb.gif HTTP/1.0 200\tclient=host.example.org "
	    "user=frank method=GET path=/apache_pb.gif proto=HTTP/1.0 "
	    "status=200 bytes=2326");
	/* Trailing spaces are fine. */
	assert_non_null(run(&x, FCLF, "::1 - - [26/Dec/2016:16:16:48 +0200] "
	    "\"-\" 408 -  "));
	fx_close(&x);
}

TEST(clf_vs_combined)
{
	struct fx x;
	const char *comb = "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"GET / HTTP/1.1\" 200 1 \"-\" \"x\"";
	const char *clf = "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"GET / HTTP/1.1\" 200 1";

	fx_open(&x, "UTC");
	/* clf never takes a combined line... */
	NOMATCH(&x, FCLF, comb, "fields after bytes");
	NOMATCH(&x, FCLF, "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"GET / HTTP/1.1\" 200 1 \"-\"", "fields after bytes");
	/* ...combined takes a common line found in a combined log. */
	EXPECT(&x, FCOMB, clf,
	    "2024-02-22T03:58:12.000Z\t-\t-\tinfo\tlog\tGET / HTTP/1.1 200\t"
	    "client=1.2.3.4 method=GET path=/ proto=HTTP/1.1 status=200 "
	    "bytes=1");
	assert_true(wk_fmt_clf.flags & WK_SNIFF_STRICT);
	assert_false(wk_fmt_combined.flags & WK_SNIFF_STRICT);
	/* But not a referer without a user-agent. */
	NOMATCH(&x, FCOMB, "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"GET / HTTP/1.1\" 200 1 \"-\"", "referer and user-agent");
	NOMATCH(&x, FCOMB, "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
	    "\"GET / HTTP/1.1\" 200 1 x", "referer and user-agent");
	fx_close(&x);
}

TEST(access_bad)
{
	struct fx x;
	const struct wk_format *fs[] = { FCOMB, FCLF };
	size_t i;

	fx_open(&x, "UTC");
	for (i = 0; i < WK_NELEM(fs); i++) {
		NOMATCH(&x, fs[i], "", "timestamp");
		NOMATCH(&x, fs[i], "Feb 22 03:58:12 host a: b", "timestamp");
		NOMATCH(&x, fs[i], "[22/Feb/2024:03:58:12 +0000] \"GET /\" "
		    "200 1", "timestamp");
		NOMATCH(&x, fs[i], "- - [22/Feb/2024:03:58:12 +0000] \"GET /\" "
		    "200 1", "client ident user");
		NOMATCH(&x, fs[i], "1.2.3.4 - - [22/Feb/2024:03:58:12] "
		    "\"GET /\" 200 1", "bad timestamp");
		NOMATCH(&x, fs[i], "1.2.3.4 - - [30/Feb/2024:03:58:12 +0000] "
		    "\"GET /\" 200 1", "bad timestamp");
		NOMATCH(&x, fs[i], "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
		    "GET / 200 1", "no quoted request");
		NOMATCH(&x, fs[i], "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
		    "\"GET / HTTP/1.1\" abc 1", "request string not closed");
		NOMATCH(&x, fs[i], "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
		    "\"GET / HTTP/1.1\" 20x 1", "status is not");
		NOMATCH(&x, fs[i], "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
		    "\"GET / HTTP/1.1\" 2000 1", "status is not");
		NOMATCH(&x, fs[i], "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
		    "\"GET / HTTP/1.1\" 200", "no bytes");
		NOMATCH(&x, fs[i], "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
		    "\"GET / HTTP/1.1\" 200 12k", "bytes is not");
		/* Truncated. */
		NOMATCH(&x, fs[i], "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000] "
		    "\"GET / HT", "request");
		NOMATCH(&x, fs[i], "1.2.3.4 - - [22/Feb/2024:03:5",
		    "timestamp");
		NOMATCH(&x, fs[i], "1.2.3.4 - - [22/Feb/2024:03:58:12 +0000]",
		    "no quoted request");
	}
	fx_close(&x);
}

/* ---- the corpus ---- */

static const char *
corpus(void)
{
	const char *c = getenv("CORPUS");

	return c != NULL && *c != '\0' ? c : "../shared/corpus";
}

/* Lines of file that f parses, out of *total; -1 when absent. */
static long
corpus_count(const struct wk_format *f, const char *rel, long *total,
    int verbose)
{
	char path[4096], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long ok = 0;
	FILE *fp;
	struct fx x;

	snprintf(path, sizeof(path), "%s/%s", corpus(), rel);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	fx_open(&x, "UTC");
	*total = 0;
	while ((n = getline(&line, &cap, fp)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		++*total;
		if (run(&x, f, line) != NULL)
			ok++;
		else if (verbose)
			print_message("no match (%s): %s\n", x.why, line);
	}
	free(line);
	fclose(fp);
	fx_close(&x);
	return ok;
}

static void
corpus_check(const struct wk_format *f, const char *rel)
{
	long ok, total;

	if ((ok = corpus_count(f, rel, &total, 1)) < 0)
		skip();
	assert_true(total > 0);
	if (ok * 1000 < total * 999)
		fail_msg("%s: %ld of %ld lines", rel, ok, total);
}

TEST(corpus_combined)
{
	corpus_check(FCOMB, "access-log/elastic-examples/apache_logs");
	corpus_check(FCOMB, "access-log/lnav/logfile_shop_access_log.0");
	corpus_check(FCOMB, "access-log/beats/nginx-access-test.log");
	corpus_check(FCOMB, "access-log/beats/nginx-access-access.log");
	corpus_check(FCOMB, "access-log/beats/nginx-access-test-with-host.log");
	/* Mixed common and combined lines. */
	corpus_check(FCOMB, "access-log/beats/apache-access-test.log");
}

TEST(corpus_clf)
{
	long ok, total;

	corpus_check(FCLF, "access-log/beats/apache-access-darwin-2.4.23.log");
	/* Not one combined line is taken as clf. */
	if ((ok = corpus_count(FCLF, "access-log/elastic-examples/apache_logs",
	    &total, 0)) < 0)
		skip();
	assert_int_equal(ok, 0);
	ok = corpus_count(FCLF, "access-log/lnav/logfile_shop_access_log.0",
	    &total, 0);
	assert_int_equal(ok, 0);
}

TEST(corpus_not_access)
{
	long ok, total;

	if ((ok = corpus_count(FCOMB, "loghub-2k/Apache/Apache_2k.log", &total,
	    0)) < 0)
		skip();
	assert_int_equal(ok, 0);
	ok = corpus_count(FCLF, "loghub-2k/Linux/Linux_2k.log", &total, 0);
	assert_int_equal(ok, 0);
}
