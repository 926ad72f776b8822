/*
 * The generic format: hand-written cases, then the loghub-2k corpus
 * ($CORPUS, default ../shared/corpus; skipped when absent).
 */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "internal.h"

struct run {
	struct wk_pctx		 c;
	struct wake_tz		*tz;
	struct wake_event	 ev;
	const char		*why;
	int			 r;
};

static void
start(struct run *R, const char *zone)
{
	const char *why;

	memset(&R->c, 0, sizeof(R->c));
	assert_int_equal(wake_tz_open(zone, &R->tz, &why), WAKE_OK);
	R->c.tz = R->tz;
	R->c.year = 2024;
	wake_event_init(&R->ev);
}

static int
parse(struct run *R, const char *line, size_t n)
{
	wake_event_reset(&R->ev);
	R->why = NULL;
	R->r = wk_fmt_generic.parse(&R->c, line, n, &R->ev, &R->why);
	return R->r;
}

static int
run(struct run *R, const char *line)
{
	start(R, "UTC");
	return parse(R, line, strlen(line));
}

static void
done(struct run *R)
{
	wake_event_free(&R->ev);
	wake_tz_free(R->tz);
}

static const char *
tsv(struct run *R)
{
	static char out[4096];
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(wake_event_write_tsv(&R->ev, &b), WAKE_OK);
	assert_true(b.n < sizeof(out));
	memcpy(out, b.p, b.n);
	out[b.n > 0 ? b.n - 1 : 0] = '\0';
	wake_buf_free(&b);
	return out;
}

/* line -> whole TSV event, in UTC. */
static void
expect(const char *line, const char *want)
{
	struct run R;

	if (run(&R, line) != WK_EVENT)
		fail_msg("%s: no match: %s", line, R.why);
	if (strcmp(tsv(&R), want) != 0)
		fail_msg("%s:\n got  %s\n want %s", line, tsv(&R), want);
	done(&R);
}

static void
nomatch(const char *line)
{
	struct run R;

	if (run(&R, line) != WK_NOMATCH)
		fail_msg("%s: matched as %s", line, tsv(&R));
	assert_non_null(R.why);
	assert_string_equal(R.why, "no timestamp in the first 6 fields");
	done(&R);
}

TEST(generic_log4j_and_zookeeper)
{
	expect("2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:"
	    "0:0:0:0:2181:FastLeaderElection@774] - Notification time out: "
	    "3200",
	    "2015-07-29T17:41:44.747Z\t-\t-\tinfo\tlog\t[QuorumPeer[myid=1]/"
	    "0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification "
	    "time out: 3200\t");
	expect("2024-02-22 03:58:12,345 [main] ERROR com.acme.Db - "
	    "connection refused",
	    "2024-02-22T03:58:12.345Z\t-\t-\terr\tlog\tcom.acme.Db - "
	    "connection refused\tthread=main");
	expect("2024-02-22 03:58:12.345 WARN 4242 --- [nio-8080-exec-1] "
	    "o.s.w.s.PageNotFound : No mapping",
	    "2024-02-22T03:58:12.345Z\t-\t-\twarn\tlog\t4242 --- "
	    "[nio-8080-exec-1] o.s.w.s.PageNotFound : No mapping\t");
}

TEST(generic_spark_hdfs_openstack)
{
	expect("17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend:"
	    " Registered signal handlers for [TERM, HUP, INT]",
	    "2017-06-09T20:10:40.000Z\t-\t-\tinfo\tlog\texecutor."
	    "CoarseGrainedExecutorBackend: Registered signal handlers for "
	    "[TERM, HUP, INT]\t");
	expect("081109 203615 148 INFO dfs.DataNode$PacketResponder: "
	    "PacketResponder 1 for block blk_38865049064139660 terminating",
	    "2008-11-09T20:36:15.000Z\t-\t-\tinfo\tlog\tdfs.DataNode$"
	    "PacketResponder: PacketResponder 1 for block "
	    "blk_38865049064139660 terminating\tpid=148");
	expect("nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 "
	    "25746 INFO nova.osapi_compute.wsgi.server [req-38101a0b - - -] "
	    "10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200",
	    "2017-05-16T00:00:00.008Z\t-\t-\tinfo\tlog\tnova.osapi_compute."
	    "wsgi.server [req-38101a0b - - -] 10.11.10.1 \"GET /v2/servers/"
	    "detail HTTP/1.1\" status: 200\tprefix=nova-api.log.1.2017-05-16_"
	    "13:53:08 pid=25746");
}

TEST(generic_apache_glog_bgl)
{
	expect("[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok "
	    "/etc/httpd/conf/workers2.properties",
	    "2005-12-04T04:47:44.000Z\t-\t-\tnotice\tlog\tworkerEnv.init() ok "
	    "/etc/httpd/conf/workers2.properties\t");
	expect("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in "
	    "error state 6",
	    "2005-12-04T04:47:44.000Z\t-\t-\terr\tlog\tmod_jk child workerEnv "
	    "in error state 6\t");
	/* Apache 2.4: module:level */
	expect("[Thu Feb 22 03:58:12.123456 2024] [core:error] [pid 77] "
	    "AH00037: Symbolic link not allowed",
	    "2024-02-22T03:58:12.123Z\t-\t-\terr\tlog\t[pid 77] AH00037: "
	    "Symbolic link not allowed\t");
	/* glog: the year is the context's */
	expect("I0514 13:26:47.123456  1234 file.cc:12] started",
	    "2024-05-14T13:26:47.123Z\t-\t-\tinfo\tlog\t1234 file.cc:12] "
	    "started\t");
	expect("E0514 13:26:47.123456 1234 file.cc:12] failed",
	    "2024-05-14T13:26:47.123Z\t-\t-\terr\tlog\t1234 file.cc:12] "
	    "failed\t");
	/* BGL: epoch seconds, level seventh after it */
	expect("- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42."
	    "50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction "
	    "cache parity error corrected",
	    "2005-06-03T22:42:50.000Z\t-\t-\tinfo\tlog\t2005.06.03 "
	    "R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-"
	    "U11 RAS KERNEL INFO instruction cache parity error corrected\t");
	expect("APPREAD 1117869872 2005.06.04 R04-M1-N4-I:J18-U11 2005-06-04-"
	    "00.24.32.432192 R04-M1-N4-I:J18-U11 RAS APP FATAL ciod: failed",
	    "2005-06-04T07:24:32.000Z\t-\t-\tcrit\tlog\t2005.06.04 "
	    "R04-M1-N4-I:J18-U11 2005-06-04-00.24.32.432192 "
	    "R04-M1-N4-I:J18-U11 RAS APP FATAL ciod: failed\tprefix=APPREAD");
}

TEST(generic_other_stamps)
{
	expect("[2024-02-22 03:58:12] production.ERROR: Undefined index",
	    "2024-02-22T03:58:12.000Z\t-\t-\t-\tlog\tproduction.ERROR: "
	    "Undefined index\t");
	expect("[2024-02-22 03:58:12] [warn] disk almost full",
	    "2024-02-22T03:58:12.000Z\t-\t-\twarn\tlog\tdisk almost full\t");
	expect("2024-02-22T12:58:12.5+09:00 gw1 link down",
	    "2024-02-22T03:58:12.500Z\t-\t-\t-\tlog\tgw1 link down\t");
	expect("2024/02/22 03:58:12 [error] 1234#0: *5 connect() failed",
	    "2024-02-22T03:58:12.000Z\t-\t-\terr\tlog\t1234#0: *5 connect() "
	    "failed\t");
	expect("1708574292 job 17 finished",
	    "2024-02-22T03:58:12.000Z\t-\t-\t-\tlog\tjob 17 finished\t");
	expect("2024-02-22 03:58:12,345 - root - ERROR - boom",
	    "2024-02-22T03:58:12.345Z\t-\t-\terr\tlog\troot - ERROR - boom\t");
	expect("2024-02-22 03:58:12 | Warning: | low memory",
	    "2024-02-22T03:58:12.000Z\t-\t-\twarn\tlog\tlow memory\t");
	expect("2024-02-22 03:58:12 <crit> fan failure",
	    "2024-02-22T03:58:12.000Z\t-\t-\tcrit\tlog\tfan failure\t");
	expect("myhost app[12]: 2024-02-22 03:58:12 DEBUG x",
	    "2024-02-22T03:58:12.000Z\t-\t-\tdebug\tlog\tx\t"
	    "prefix=\"myhost app[12]:\"");
	/* lower-case words in prose are not levels */
	expect("2024-02-22 03:58:12 an error happened in info handling",
	    "2024-02-22T03:58:12.000Z\t-\t-\t-\tlog\tan error happened in "
	    "info handling\t");
	/* the level word alone */
	expect("2024-02-22 03:58:12 FATAL",
	    "2024-02-22T03:58:12.000Z\t-\t-\tcrit\tlog\t\t");
	expect("2024-02-22 03:58:12\r",
	    "2024-02-22T03:58:12.000Z\t-\t-\t-\tlog\t\t");
}

TEST(generic_zone_less_takes_tz)
{
	struct run R;
	const char *line = "2024-02-22 12:58:12 x";

	start(&R, "Asia/Tokyo");
	assert_int_equal(parse(&R, line, strlen(line)), WK_EVENT);
	assert_int_equal(R.ev.ts, 1708574292000000000LL);
	assert_true(R.c.tzflags & WK_TZ_ASSUMED);
	line = "2024-02-22T12:58:12Z x";
	assert_int_equal(parse(&R, line, strlen(line)), WK_EVENT);
	assert_false(R.c.tzflags & WK_TZ_ASSUMED);
	done(&R);
}

TEST(generic_stack_trace_lines_do_not_match)
{
	nomatch("java.lang.IllegalStateException: pool exhausted");
	nomatch("\tat com.acme.db.Pool.get(Pool.java:212)");
	nomatch("    at org.apache.catalina.core.StandardWrapperValve."
	    "invoke(StandardWrapperValve.java:198)");
	nomatch("Caused by: java.net.ConnectException: Connection refused "
	    "(Connection refused)");
	nomatch("\t... 42 more");
	nomatch("Traceback (most recent call last):");
	nomatch("  File \"/srv/app.py\", line 12, in <module>");
	nomatch("ValueError: invalid literal for int() with base 10: 'x'");
}

TEST(generic_prose_does_not_match)
{
	nomatch("The quick brown fox jumps over the lazy dog");
	nomatch("Upgraded nginx to 1.2.3 on all frontends");
	nomatch("Listening on port 8080 for incoming connections");
	nomatch("connect to 10.0.0.1:5432 failed");
	nomatch("Error: 12345 items could not be processed");
	nomatch("Released on 2024-02-22 with many fixes");
	nomatch("build 20240222 passed");
	nomatch("id 1708574292x and more");
	nomatch("order 12345678901 shipped");
	/* epoch: first field, or after a label */
	nomatch("total 1708574292");
	nomatch("Processed 1708574292 bytes");
	nomatch("- - 1708574292 x");
	nomatch("081109 2036150 x");
	nomatch("");
	nomatch("   ");
	nomatch("[");
	nomatch("I0514");
	nomatch("Mon");
	nomatch("one two three four five six 2024-02-22 03:58:12");
	nomatch("a-very-long-first-field-that-goes-on-and-on-and-on-and-on-"
	    "and-on-and-on-and-on-beyond 2024-02-22 03:58:12 x");
}

/* ---- loghub-2k ---- */

struct dataset {
	const char	*name;
	const char	*from, *until;	/* UTC range of the data */
	int		 level_col;	/* the CSV's Level column */
};

static const struct dataset sets[] = {
	{ "Apache", "2005-12-04T00:00:00Z", "2005-12-06T00:00:00Z", 2 },
	{ "BGL", "2005-06-03T00:00:00Z", "2006-01-05T00:00:00Z", 9 },
	{ "HDFS", "2008-11-09T00:00:00Z", "2008-11-12T00:00:00Z", 4 },
	{ "OpenStack", "2017-05-16T00:00:00Z", "2017-05-17T00:00:00Z", 5 },
	{ "Spark", "2017-06-09T00:00:00Z", "2017-06-10T00:00:00Z", 3 },
	{ "Zookeeper", "2015-07-29T00:00:00Z", "2015-08-26T00:00:00Z", 3 },
};

/* The f-th field of a CSV row (quotes honoured), into out. */
static int
csv_field(const char *row, int f, char *out, size_t outsz)
{
	const char *p = row;
	size_t o = 0;
	int i = 0, q = 0;

	for (; *p != '\0' && *p != '\n'; p++) {
		if (q) {
			if (*p == '"' && p[1] == '"')
				p++;
			else if (*p == '"') {
				q = 0;
				continue;
			}
		} else if (*p == '"') {
			q = 1;
			continue;
		} else if (*p == ',') {
			if (i++ == f)
				break;
			continue;
		}
		if (i == f && o + 1 < outsz)
			out[o++] = *p;
	}
	out[o] = '\0';
	return i >= f ? 0 : -1;
}

static wake_time_t
utc(const char *s)
{
	wake_time_t t;
	int rel;

	assert_int_equal(wake_time_parse_arg(s, NULL, &t, &rel), WAKE_OK);
	return t;
}

TEST(generic_loghub_2k)
{
	const char *corpus = getenv("CORPUS");
	char path[1024], line[8192], row[16384], lev[64];
	size_t d, lines, matched, inrange, cmp, agree, n;
	FILE *f, *g;
	struct run R;
	int s, missing = 0;

	if (corpus == NULL || *corpus == '\0')
		corpus = "../shared/corpus";
	for (d = 0; d < WK_NELEM(sets); d++) {
		wake_time_t lo = utc(sets[d].from), hi = utc(sets[d].until);

		snprintf(path, sizeof(path), "%s/loghub-2k/%s/%s_2k.log",
		    corpus, sets[d].name, sets[d].name);
		if ((f = fopen(path, "r")) == NULL) {
			missing++;
			continue;
		}
		snprintf(path, sizeof(path),
		    "%s/loghub-2k/%s/%s_2k.log_structured.csv", corpus,
		    sets[d].name, sets[d].name);
		g = fopen(path, "r");
		if (g != NULL && fgets(row, sizeof(row), g) == NULL) {
			fclose(g);
			g = NULL;	/* the header row */
		}
		start(&R, "UTC");
		R.c.year = 2005;
		lines = matched = inrange = cmp = agree = 0;
		while (fgets(line, sizeof(line), f) != NULL) {
			n = strcspn(line, "\n");
			lines++;
			if (parse(&R, line, n) == WK_EVENT) {
				matched++;
				if (R.ev.ts >= lo && R.ev.ts < hi)
					inrange++;
			}
			if (g == NULL || fgets(row, sizeof(row), g) == NULL)
				continue;
			/* level agreement with the ground truth */
			if (csv_field(row, sets[d].level_col, lev,
			    sizeof(lev)) < 0)
				continue;
			cmp++;
			s = wk_sev_from_word(lev, strlen(lev));
			if (R.r == WK_EVENT && R.ev.sev == s)
				agree++;
			else if (cmp - agree <= 3)
				print_message("# %s: level %s, got sev %d: "
				    "%.*s\n", sets[d].name, lev, R.ev.sev,
				    (int)WK_MIN(n, 100), line);
		}
		fclose(f);
		if (g != NULL)
			fclose(g);
		done(&R);
		print_message("# %s: %zu lines, %zu matched, %zu in range, "
		    "level agrees on %zu of %zu\n", sets[d].name, lines,
		    matched, inrange, agree, cmp);
		assert_int_equal(lines, 2000);
		assert_true(matched * 100 >= lines * 99);
		assert_true(inrange * 100 >= lines * 99);
		if (cmp > 0)
			assert_true(agree * 100 >= cmp * 99);
	}
	if (missing == (int)WK_NELEM(sets))
		skip();
}

TEST(generic_levels_agree_with_sev_words)
{
	static const char *const w[] = { "INFO", "WARN", "WARNING", "ERROR",
		"ERR", "FATAL", "SEVERE", "DEBUG", "TRACE", "NOTICE",
		"CRITICAL", "CRIT", "ALERT", "EMERG", "PANIC" };
	char line[64];
	struct run R;
	size_t i, j;

	start(&R, "UTC");
	for (i = 0; i < WK_NELEM(w); i++) {
		snprintf(line, sizeof(line), "2024-02-22 03:58:12 %s x", w[i]);
		assert_int_equal(parse(&R, line, strlen(line)), WK_EVENT);
		if (R.ev.sev != wk_sev_from_word(w[i], strlen(w[i])))
			fail_msg("%s: sev %d", w[i], R.ev.sev);
		assert_mem_str(R.ev.msg.p, R.ev.msg.n, "x");
		/* any case when bracketed */
		snprintf(line, sizeof(line), "2024-02-22 03:58:12 [%c%s] x",
		    w[i][0], w[i] + 1);
		for (j = 22; line[j] != ']'; j++)
			line[j] = (char)(line[j] | 0x20);
		assert_int_equal(parse(&R, line, strlen(line)), WK_EVENT);
		assert_int_equal(R.ev.sev, wk_sev_from_word(w[i],
		    strlen(w[i])));
	}
	done(&R);
}
