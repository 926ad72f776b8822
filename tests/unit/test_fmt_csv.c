/* The csv format and the CSV splitter it shares with cdr. */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "internal.h"

#include <wake/parse.h>

struct run {
	struct wk_pctx		 c;
	struct wake_tz		*tz;
	struct wake_event	 ev;
	const char		*why;
	int			 r;
	const char		*map[2];
	const char		*set[2];
};

/* A csv state over zone, with --map and --set when not NULL. */
static void
start(struct run *R, const char *zone, const char *map, const char *set)
{
	const char *why;

	memset(R, 0, sizeof(*R));
	assert_int_equal(wake_tz_open(zone, &R->tz, &why), WAKE_OK);
	R->c.tz = R->tz;
	R->c.year = 2024;
	R->c.state = wk_fmt_csv.init(wk_fmt_csv.data);
	assert_non_null(R->c.state);
	if (map != NULL) {
		R->map[0] = map;
		R->c.map = R->map;
		R->c.nmap = 1;
	}
	if (set != NULL) {
		R->set[0] = set;
		R->c.set = R->set;
		R->c.nset = 1;
	}
	wake_event_init(&R->ev);
}

static int
line(struct run *R, const char *l)
{
	wake_event_reset(&R->ev);
	R->why = NULL;
	R->c.tzflags = 0;
	R->r = wk_fmt_csv.parse(&R->c, l, strlen(l), &R->ev, &R->why);
	if (R->r == WK_NOMATCH)
		assert_non_null(R->why);
	return R->r;
}

static void
done(struct run *R)
{
	wk_fmt_csv.fini(R->c.state);
	wake_event_free(&R->ev);
	wake_tz_free(R->tz);
}

static const char *
tsv(struct run *R)
{
	static char out[8192];
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(wake_event_write_tsv(&R->ev, &b), WAKE_OK);
	assert_true(b.n < sizeof(out));
	memcpy(out, b.p, b.n);
	out[b.n > 0 ? b.n - 1 : 0] = '\0';
	wake_buf_free(&b);
	return out;
}

static void
attr_is(struct run *R, const char *k, const char *v)
{
	const struct wake_str *s = wake_event_attr_get(&R->ev, k);

	if (s == NULL)
		fail_msg("no attr %s", k);
	assert_mem_str(s->p, s->n, v);
}

static void
no_attr(struct run *R, const char *k)
{
	if (wake_event_attr_get(&R->ev, k) != NULL)
		fail_msg("attr %s should be absent", k);
}

/* ---- the splitter ---- */

static void
field_is(const struct wk_csvf *f, const char *v)
{
	struct wake_event ev;
	struct wake_buf tmp = WAKE_BUF_INIT;
	struct wake_str s;

	wake_event_init(&ev);
	assert_int_equal(wk_csv_value(&ev, f, &tmp, &s), WAKE_OK);
	assert_mem_str(s.p, s.n, v);
	wake_buf_free(&tmp);
	wake_event_free(&ev);
}

TEST(split_rfc4180)
{
	struct wk_csvf f[8];
	static const char l[] = "a,\"b,c\",\"say \"\"hi\"\"\",,\"\",  d  ";

	assert_int_equal(wk_csv_split(l, strlen(l), ',', f, 8), 6);
	field_is(&f[0], "a");
	field_is(&f[1], "b,c");
	assert_int_equal(f[1].esc, 0);
	field_is(&f[2], "say \"hi\"");
	assert_int_equal(f[2].esc, 1);
	field_is(&f[3], "");
	field_is(&f[4], "");
	field_is(&f[5], "d");
}

TEST(split_edges)
{
	struct wk_csvf f[4];

	assert_int_equal(wk_csv_split("", 0, ',', f, 4), 1);
	assert_int_equal(f[0].n, 0);
	assert_int_equal(wk_csv_split("a,", 2, ',', f, 4), 2);
	assert_int_equal(f[1].n, 0);
	assert_int_equal(wk_csv_split(",,,,,", 5, ',', f, 4), 6);
	/* A quote open at the end: the record goes on. */
	assert_int_equal(wk_csv_split("a,\"b", 4, ',', f, 4), -1);
	assert_int_equal(wk_csv_split("a,\"b\"\"", 6, ',', f, 4), -1);
	/* Multi-line: the newline is data. */
	assert_int_equal(wk_csv_split("a,\"b\nc\",d", 9, ',', f, 4), 3);
	field_is(&f[1], "b\nc");
	/* Blanks before a quote; bytes after a closing quote: as written. */
	assert_int_equal(wk_csv_split("a, \"b\" ,\"c\"d,e", 14, ',', f, 4),
	    4);
	field_is(&f[1], "b");
	field_is(&f[2], "\"c\"d");
	field_is(&f[3], "e");
	/* A quote inside an unquoted field is a quote. */
	assert_int_equal(wk_csv_split("5\" screen,x", 11, ',', f, 4), 2);
	field_is(&f[0], "5\" screen");
	/* TSV. */
	assert_int_equal(wk_csv_split("a\tb c\t\"d\te\"", 11, '\t', f, 4), 3);
	field_is(&f[1], "b c");
	field_is(&f[2], "d\te");
}

/* ---- header and records ---- */

TEST(csv_header_then_records)
{
	struct run R;

	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "Time,Host,Level,Message,Queue Depth,"
	    "Queue Depth"), WK_META);
	assert_int_equal(line(&R, "2024-02-22T09:58:12Z,db1,ERROR,"
	    "\"conn refused, retrying\",120,3"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T09:58:12.000Z\t-\tdb1\terr\t"
	    "log\tconn refused, retrying\tqueue_depth=120 queue_depth_6=3");
	/* A line equal to the header again (files put together): skipped. */
	assert_int_equal(line(&R, "Time,Host,Level,Message,Queue Depth,"
	    "Queue Depth"), WK_META);
	/* A level nobody knows stays an attr. */
	assert_int_equal(line(&R, "2024-02-22T09:58:13Z,db1,P2,x,,"),
	    WK_EVENT);
	attr_is(&R, "level", "P2");
	assert_int_equal(R.ev.sev, WAKE_SEV_NONE);
	no_attr(&R, "queue_depth");
	done(&R);
}

TEST(csv_keys_are_sanitised)
{
	struct run R;

	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "when,\"Agent Name (full)\",Wrap-up Code,"
	    "origin,TZ,開始,,x.y"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 09:58:12,Dana,Reset,a,b,c,d,e"),
	    WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T09:58:12.000Z\t-\t-\t-\tlog"
	    "\t\tagent_name_full=Dana wrap-up_code=Reset csv_origin=a csv_tz=b "
	    "col6=c col7=d x.y=e");
	assert_true(R.c.tzflags & WK_TZ_ASSUMED);
	done(&R);
}

TEST(csv_map_and_set)
{
	struct run R;

	start(&R, "America/New_York", "ts=Start Time, host=Agent,msg=Subject,"
	    "ticket=Ticket #", "kind=call,sev=notice,site=nyc");
	assert_int_equal(line(&R, "Ticket #,Created,Start Time,Agent,Subject"),
	    WK_META);
	assert_int_equal(line(&R, "T-1,2/22/2024 7:00:00 AM,2/22/2024 "
	    "9:05:12 AM,Dana Whitfield,Mail down"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T14:05:12.000Z\t-\t"
	    "Dana Whitfield\tnotice\tcall\tMail down\tticket=T-1 "
	    "created=\"2/22/2024 7:00:00 AM\" site=nyc");
	assert_true(R.c.tzflags & WK_TZ_ASSUMED);
	done(&R);
}

TEST(csv_map_column_missing)
{
	struct run R;

	start(&R, "UTC", "ts=Begin", NULL);
	assert_int_equal(line(&R, "Start,Agent"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 09:58:12,a"), WK_NOMATCH);
	assert_string_equal(R.why, "--map names a column the header lacks");
	done(&R);
	start(&R, "UTC", "ts=Agent", NULL);
	assert_int_equal(line(&R, "Start,Agent"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 09:58:12,a"), WK_NOMATCH);
	assert_string_equal(R.why, "no time in the --map ts column");
	done(&R);
	start(&R, "UTC", "ts", NULL);
	assert_int_equal(line(&R, "Start,Agent"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 09:58:12,a"), WK_NOMATCH);
	done(&R);
	start(&R, "UTC", NULL, "kind=nonsense");
	assert_int_equal(line(&R, "Start,Agent"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 09:58:12,a"), WK_NOMATCH);
	assert_string_equal(R.why, "--set kind= is not a kind");
	done(&R);
}

TEST(csv_time_layouts)
{
	static const struct {
		const char	*cell;
		const char	*ts;
	} t[] = {
		{ "2024-02-22 09:58:12", "2024-02-22T09:58:12.000Z" },
		{ "2024-02-22T09:58:12.5+09:00", "2024-02-22T00:58:12.500Z" },
		{ "2024-02-22 09:58", "2024-02-22T09:58:00.000Z" },
		{ "2/22/2024 9:58:12 PM", "2024-02-22T21:58:12.000Z" },
		{ "02/22/2024 09:58", "2024-02-22T09:58:00.000Z" },
		{ "2/22/24 9:58 AM", "2024-02-22T09:58:00.000Z" },
		{ "22.02.2024 09:58:12", "2024-02-22T09:58:12.000Z" },
		{ "Thu, 22 Feb 2024 09:58:12", "2024-02-22T09:58:12.000Z" },
		{ "2024/02/22 09:58:12", "2024-02-22T09:58:12.000Z" },
		{ "1708595892", "2024-02-22T09:58:12.000Z" },
		{ "1708595892123", "2024-02-22T09:58:12.123Z" },
		{ "2024-02-22", "2024-02-22T00:00:00.000Z" },
	};
	char l[128];
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(t); i++) {
		start(&R, "UTC", NULL, NULL);
		assert_int_equal(line(&R, "time,n"), WK_META);
		snprintf(l, sizeof(l), "\"%s\",1", t[i].cell);
		if (line(&R, l) != WK_EVENT)
			fail_msg("%s: %s", t[i].cell, R.why);
		assert_memory_equal(tsv(&R), t[i].ts, 24);
		done(&R);
	}
}

TEST(csv_day_first_dates)
{
	struct run R;

	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "date,n"), WK_META);
	assert_int_equal(line(&R, "22/02/2024 09:58,1"), WK_EVENT);
	assert_memory_equal(tsv(&R), "2024-02-22T09:58", 16);
	/* Day first from then on. */
	assert_int_equal(line(&R, "03/02/2024 09:58,1"), WK_EVENT);
	assert_memory_equal(tsv(&R), "2024-02-03T09:58", 16);
	done(&R);
}

TEST(csv_date_and_time_columns)
{
	struct run R;

	start(&R, "Asia/Tokyo", NULL, NULL);
	assert_int_equal(line(&R, "Date,Time,Calls"), WK_META);
	assert_int_equal(line(&R, "2024/02/22,09:58:12,3"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T00:58:12.000Z\t-\t-\t-\t"
	    "metric\tcalls 3\tmetric=calls value=3");
	done(&R);
}

TEST(csv_time_found_by_value)
{
	struct run R;

	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "id,opened by,at,what"), WK_META);
	/* "id" holds a number that is no time; "at" has no time name. */
	assert_int_equal(line(&R, "1708595892,ops,2024-02-22 09:58:12,x"),
	    WK_EVENT);
	assert_memory_equal(tsv(&R), "2024-02-22T09:58:12", 19);
	attr_is(&R, "id", "1708595892");
	attr_is(&R, "what", "x");
	done(&R);
}

TEST(csv_no_time_column)
{
	struct run R;

	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "name,team"), WK_META);
	assert_int_equal(line(&R, "dana,mail"), WK_NOMATCH);
	assert_string_equal(R.why,
	    "no column holds a time (see --map ts=COLUMN)");
	done(&R);
	/* Asked for: events without a time. */
	start(&R, "UTC", NULL, "kind=report");
	assert_int_equal(line(&R, "name,team"), WK_META);
	assert_int_equal(line(&R, "dana,mail"), WK_EVENT);
	assert_true(R.ev.ts == WAKE_TIME_NONE);
	assert_int_equal(R.ev.kind, WAKE_KIND_REPORT);
	done(&R);
}

TEST(csv_metric_series)
{
	struct run R;

	start(&R, "Asia/Tokyo", NULL, NULL);
	assert_int_equal(line(&R, "minute,reports"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 04:00,12"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-21T19:00:00.000Z\t-\t-\t-\t"
	    "metric\treports 12\tmetric=reports value=12");
	assert_int_equal(line(&R, "2024-02-22 04:01,"), WK_EVENT);
	no_attr(&R, "value");
	done(&R);
	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "time;errors;calls"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 04:00;3;-1.5"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T04:00:00.000Z\t-\t-\t-\t"
	    "metric\terrors 3, calls -1.5\terrors=3 calls=-1.5");
	done(&R);
	/* A text column: not a series. */
	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "time,count,who"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 04:00,3,x"), WK_EVENT);
	assert_int_equal(R.ev.kind, WAKE_KIND_LOG);
	done(&R);
}

TEST(csv_multiline_record)
{
	struct run R;

	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "Contact ID,Initiation timestamp,Agent,"
	    "Notes,Reason"), WK_META);
	assert_int_equal(line(&R, "c1,2024-02-22T00:05:12Z,suzuki.a,\"No "
	    "signal since 04:00."), WK_META);
	assert_int_equal(line(&R, "Said: \"\"is it down?\"\", on hold,"),
	    WK_META);
	assert_int_equal(line(&R, "then resolved.\",DONE\r"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T00:05:12.000Z\t-\tsuzuki.a"
	    "\t-\tlog\tNo signal since 04:00.\\nSaid: \"is it down?\", on "
	    "hold,\\nthen resolved.\tcontact_id=c1 reason=DONE");
	assert_int_equal(line(&R, "c2,2024-02-22T00:06:12Z,,,X"), WK_EVENT);
	attr_is(&R, "contact_id", "c2");
	done(&R);
}

TEST(csv_open_quote_before_a_record)
{
	struct run R;

	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "time,host,note"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 10:00:00,a,ok"), WK_EVENT);
	assert_int_equal(line(&R, "2024-02-22 10:00:01,b,\"open"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 10:00:02,c,next"), WK_EVENT);
	assert_int_equal(R.ev.kind, WAKE_KIND_RAW);
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "2024-02-22 10:00:01,b,\"open"
	    "\n2024-02-22 10:00:02,c,next");
	attr_is(&R, "csv_error",
	    "a quote left open (the line after it is a record)");
	assert_int_equal(line(&R, "2024-02-22 10:00:03,d,fine"), WK_EVENT);
	assert_int_equal(R.ev.kind, WAKE_KIND_LOG);
	done(&R);
}

TEST(csv_open_quote_too_long)
{
	struct run R;
	int i;

	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "time,note"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 10:00:01,\"open"), WK_META);
	for (i = 2; i < 200; i++)
		assert_int_equal(line(&R, "more text"), WK_META);
	assert_int_equal(line(&R, "the end"), WK_EVENT);
	assert_int_equal(R.ev.kind, WAKE_KIND_RAW);
	attr_is(&R, "csv_error", "a quote left open too long");
	assert_int_equal(line(&R, "2024-02-22 10:00:03,fine"), WK_EVENT);
	assert_int_equal(R.ev.kind, WAKE_KIND_LOG);
	done(&R);
}

TEST(csv_spanning_record_refused_is_raw)
{
	struct run R;

	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "time,note"), WK_META);
	assert_int_equal(line(&R, "soon,\"a"), WK_META);
	assert_int_equal(line(&R, "b\""), WK_EVENT);
	assert_int_equal(R.ev.kind, WAKE_KIND_RAW);
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "soon,\"a\nb\"");
	done(&R);
}

TEST(csv_field_counts)
{
	struct run R;

	start(&R, "UTC", NULL, NULL);
	assert_int_equal(line(&R, "time,a,b"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 10:00:00,1"), WK_NOMATCH);
	assert_string_equal(R.why, "fewer fields than the header");
	assert_int_equal(line(&R, "2024-02-22 10:00:00,1,2,3"), WK_NOMATCH);
	assert_string_equal(R.why, "more fields than the header");
	/* Empty ones past the last are fine. */
	assert_int_equal(line(&R, "2024-02-22 10:00:00,x,2,,"), WK_EVENT);
	assert_int_equal(line(&R, "no time,x,2"), WK_NOMATCH);
	assert_string_equal(R.why, "no time in the time column");
	done(&R);
}

TEST(csv_header_rules)
{
	static const char *const notheader[] = {
		"Feb 22 09:58:13 host sshd[1]: a, b",
		"2024-02-22 10:00:00,a,b",
		"a,12,b",
		"just one field",
		"a,,,b",
		",x",
		"{\"a\":1,\"b\":2}x,\"y",
	};
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(notheader); i++) {
		start(&R, "UTC", NULL, NULL);
		if (line(&R, notheader[i]) != WK_NOMATCH)
			fail_msg("taken as a header: %s", notheader[i]);
		done(&R);
	}
	start(&R, "UTC", NULL, NULL);
	/* A BOM and comments before the header. */
	assert_int_equal(line(&R, "\xef\xbb\xbf# exported"), WK_META);
	assert_int_equal(line(&R, "# by hand"), WK_META);
	assert_int_equal(line(&R, "title line"), WK_NOMATCH);
	assert_int_equal(line(&R, "x,12"), WK_NOMATCH);
	assert_int_equal(line(&R, "\"\",time,x"), WK_META);
	assert_int_equal(line(&R, "0,2024-02-22 10:00:00,y"), WK_EVENT);
	attr_is(&R, "col1", "0");
	attr_is(&R, "x", "y");
	done(&R);
}

TEST(csv_kind_and_sev_columns)
{
	struct run R;

	start(&R, "UTC", "kind=Type,sev=Prio", NULL);
	assert_int_equal(line(&R, "time,Type,Prio"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 10:00:00,chat,crit"), WK_EVENT);
	assert_int_equal(R.ev.kind, WAKE_KIND_CHAT);
	assert_int_equal(R.ev.sev, WAKE_SEV_CRIT);
	assert_int_equal(R.ev.nattrs, 0);
	assert_int_equal(line(&R, "2024-02-22 10:00:00,fax,P1"), WK_EVENT);
	assert_int_equal(R.ev.kind, WAKE_KIND_LOG);
	attr_is(&R, "type", "fax");
	attr_is(&R, "prio", "P1");
	done(&R);
}

TEST(csv_without_state)
{
	struct wk_pctx c;
	struct wake_event ev;
	const char *why = NULL;

	memset(&c, 0, sizeof(c));
	wake_event_init(&ev);
	assert_int_equal(wk_fmt_csv.parse(&c, "time,x", 6, &ev, &why),
	    WK_META);
	assert_int_equal(wk_fmt_csv.parse(&c, "2024-02-22 10:00:00,1", 21, &ev,
	    &why), WK_NOMATCH);
	assert_non_null(why);
	wake_event_free(&ev);
}

/* ---- through the driver ---- */

struct collect {
	struct wake_buf	out;
};

static int
collect(void *arg, const struct wake_event *ev)
{
	struct collect *k = arg;

	assert_int_equal(wake_event_write_tsv(ev, &k->out), WAKE_OK);
	return 0;
}

static void
drive(const char *text, const char *const *map, size_t nmap,
    const char *want, const char *format)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct wake_parser *p;
	struct wake_input *in;
	struct wake_tz *tz;
	struct collect k;
	const char *why;

	assert_int_equal(wake_tz_open("UTC", &tz, &why), WAKE_OK);
	o.tz = tz;
	o.map = map;
	o.nmap = nmap;
	o.source = "t";
	assert_int_equal(wake_parser_new(&p, &o), WAKE_OK);
	assert_int_equal(wake_input_open_mem(&in, "t.csv", text, strlen(text),
	    NULL), WAKE_OK);
	memset(&k, 0, sizeof(k));
	assert_int_equal(wake_parser_run(p, in, collect, &k, &st), WAKE_OK);
	assert_string_equal(st.format, format);
	assert_int_equal(st.lines, st.events + st.folded + st.raw +
	    st.rejected + st.skipped);
	assert_mem_str(k.out.p, k.out.n, want);
	wake_buf_free(&k.out);
	wake_input_free(in);
	wake_parser_free(p);
	wake_tz_free(tz);
}

TEST(driver_detects_csv)
{
	static const char *const map[] = { "msg=Notes" };

	drive("\xef\xbb\xbf" "Start,Agent,Notes\r\n"
	    "2024-02-22 10:00:00,a,\"one\r\ntwo\"\r\n"
	    "2024-02-22 10:00:05,b,three\r\n", map, 1,
	    "2024-02-22T10:00:00.000Z\tt\ta\t-\tlog\tone\\ntwo\t"
	    "tz=UTC origin=t.csv:3\n"
	    "2024-02-22T10:00:05.000Z\tt\tb\t-\tlog\tthree\ttz=UTC "
	    "origin=t.csv:4\n",
	    "csv");
}

TEST(driver_detects_queue_log_and_cdr)
{
	drive("1708556580|1.1|support|NONE|ENTERQUEUE||0355501234|1\n"
	    "1708556622|1.1|support|PJSIP/1001|CONNECT|42|1.2|8\n", NULL, 0,
	    "2024-02-21T23:03:00.000Z\tt\tsupport\tinfo\tcall\tENTERQUEUE "
	    "support caller 0355501234 position 1\tcall=1.1 queue=support "
	    "event=enter qevent=ENTERQUEUE caller=0355501234 position=1 "
	    "origin=t.csv:1\n"
	    "2024-02-21T23:03:42.000Z\tt\tPJSIP/1001\tinfo\tcall\tCONNECT "
	    "support agent PJSIP/1001 wait 42s ring 8s\tcall=1.1 "
	    "queue=support agent=PJSIP/1001 event=answer qevent=CONNECT "
	    "wait=42 bridged=1.2 ring=8 origin=t.csv:2\n", "queue_log");
	drive("\"\",\"1\",\"2\",\"d\",\"\",\"C/1\",\"\",\"Dial\",\"\","
	    "\"2024-02-22 09:25:00\",\"\",\"2024-02-22 09:25:04\",4,0,"
	    "\"BUSY\",\"DOCUMENTATION\"\n", NULL, 0,
	    "2024-02-22T09:25:00.000Z\tt\t-\tnotice\tcall\tBUSY 1 -> 2 "
	    "duration 4s billsec 0s\tdisposition=BUSY src=1 dst=2 duration=4 "
	    "billsec=0 wait=4 channel=C/1 dcontext=d lastapp=Dial "
	    "end=\"2024-02-22 09:25:04\" amaflags=DOCUMENTATION tz=UTC "
	    "origin=t.csv:1\n", "cdr");
}

TEST(csv_wide_header)
{
	struct wake_buf h = WAKE_BUF_INIT, r = WAKE_BUF_INIT;
	struct run R;
	char name[64];
	int i;

	/* Enough names and keys to move the header's buffer many times. */
	assert_int_equal(wake_buf_put(&h, "time", 4), WAKE_OK);
	assert_int_equal(wake_buf_put(&r, "2024-02-22 10:00:00", 19), WAKE_OK);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), ",\"Column \"\"%d\"\" of the "
		    "export\"", i % 150);
		assert_int_equal(wake_buf_put(&h, name, strlen(name)), WAKE_OK);
		assert_int_equal(wake_buf_put(&r, ",x", 2), WAKE_OK);
	}
	assert_int_equal(wake_buf_putc(&h, '\0'), WAKE_OK);
	assert_int_equal(wake_buf_putc(&r, '\0'), WAKE_OK);
	start(&R, "UTC", "ts=time,last=Column \"149\" of the export", NULL);
	assert_int_equal(line(&R, h.p), WK_META);
	assert_int_equal(line(&R, r.p), WK_EVENT);
	assert_int_equal(R.ev.nattrs, 300);
	attr_is(&R, "column_0_of_the_export", "x");
	attr_is(&R, "column_0_of_the_export_152", "x");
	attr_is(&R, "last", "x");
	done(&R);
	wake_buf_free(&h);
	wake_buf_free(&r);
}
