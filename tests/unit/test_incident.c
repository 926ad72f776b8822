/*
 * Incidents: phase events in any order, the incident table both ways,
 * intervals, their summary and the duration format.
 */
#include <stdlib.h>
#include <string.h>

#include "test.h"

#include <wake/incident.h>
#include <wake/input.h>

#include "internal.h"

#define NS	INT64_C(1000000000)

static wake_time_t
T(const char *s)
{
	wake_time_t t;

	if (wake_time_parse_utc(s, strlen(s), &t) != WAKE_OK)
		fail_msg("bad time %s", s);
	return t;
}

/* Feed one event line (TSV or JSON) to the list; returns add's result. */
static int
feed(struct wake_incidents *l, const char *line)
{
	struct wake_event ev;
	const char *why;
	int rc;

	wake_event_init(&ev);
	if (wake_event_read(&ev, line, strlen(line), &why) != WAKE_OK)
		fail_msg("bad event line: %s: %s", line, why);
	rc = wake_incidents_add_event(l, &ev);
	wake_event_free(&ev);
	return rc;
}

static int
read_table(struct wake_incidents *l, const char *text, uint64_t *line,
    const char **why)
{
	struct wake_input *in;
	int rc;

	if (wake_input_open_mem(&in, "t.tsv", text, strlen(text), NULL) !=
	    WAKE_OK)
		fail_msg("open_mem");
	rc = wake_incidents_read(l, in, line, why);
	wake_input_free(in);
	return rc;
}

static void
fmt_is(int64_t ns, const char *want)
{
	char buf[32];
	size_t n;

	n = wake_interval_format(ns, buf, sizeof(buf));
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

TEST(durations)
{
	char small[4];

	fmt_is(45 * NS, "45s");
	fmt_is(45 * NS + NS / 2, "45s");
	fmt_is(750 * NS, "12m30s");
	fmt_is(3720 * NS, "1h02m");
	fmt_is(3779 * NS, "1h02m");
	fmt_is((2 * 86400 + 3 * 3600 + 59 * 60) * NS, "2d03h");
	fmt_is(0, "0s");
	fmt_is(NS / 2, "0s");
	fmt_is(-NS / 2, "0s");
	fmt_is(-300 * NS, "-5m00s");
	fmt_is(-3720 * NS, "-1h02m");
	fmt_is(60 * NS, "1m00s");
	fmt_is(3600 * NS, "1h00m");
	fmt_is(86400 * NS, "1d00h");
	fmt_is(WAKE_TIME_NONE, "-");
	fmt_is(INT64_MAX, "106751d23h");
	fmt_is(-INT64_MAX, "-106751d23h");
	assert_int_equal(wake_interval_format(3720 * NS, small,
	    sizeof(small)), 3);
	assert_string_equal(small, "1h0");
	assert_int_equal(wake_interval_format(3720 * NS, small, 0), 0);
}

TEST(names)
{
	int i;

	for (i = 0; i < WAKE_PHASE_COUNT; i++)
		assert_int_equal(wake_phase_parse(wake_phase_name(i),
		    strlen(wake_phase_name(i))), i);
	assert_int_equal(wake_phase_parse("stop", 4), -1);
	assert_int_equal(wake_phase_parse("star", 4), -1);
	assert_int_equal(wake_phase_parse("", 0), -1);
	assert_string_equal(wake_phase_name(99), "?");
	assert_string_equal(wake_interval_name(WAKE_IV_TTD), "ttd");
	assert_string_equal(wake_interval_name(WAKE_IV_DVM), "dvm");
	assert_string_equal(wake_interval_name(-1), "?");
}

TEST(events_any_order)
{
	struct wake_incidents l = WAKE_INCIDENTS_INIT;
	struct wake_incident *a, *b;

	/* Resolve first, the incident's start last, a second one between. */
	assert_int_equal(feed(&l, "2024-02-22T12:10:00.000Z\twake\t-\tnotice\t"
	    "phase\tx\tincident=INC-20240222-1 phase=resolve "
	    "why=\"all clear in #net\" ref=slack.json:12"), 1);
	assert_int_equal(feed(&l, "2024-02-22T09:00:00.000Z\twake\t-\t-\t"
	    "phase\tx\tincident=INC-20240222-2 phase=start"), 1);
	assert_int_equal(feed(&l, "{\"ts\":\"2024-02-22T04:12:00.000Z\","
	    "\"src\":\"wake\",\"host\":\"-\",\"sev\":\"-\",\"kind\":\"phase\","
	    "\"msg\":\"\",\"attrs\":{\"incident\":\"INC-20240222-1\","
	    "\"phase\":\"detect\",\"why\":\"first alert\"}}"), 1);
	assert_int_equal(feed(&l, "2024-02-22T04:00:00.000Z\twake\t-\t-\t"
	    "phase\tx\tincident=INC-20240222-1 phase=start"), 1);
	/* A later detect does not move it; a later resolve does. */
	assert_int_equal(feed(&l, "2024-02-22T05:00:00.000Z\twake\t-\t-\t"
	    "phase\tx\tincident=INC-20240222-1 phase=detect why=late"), 1);
	assert_int_equal(feed(&l, "2024-02-22T12:20:00.000Z\twake\t-\t-\t"
	    "phase\tx\tincident=INC-20240222-1 phase=resolve why=again"), 1);
	assert_int_equal(feed(&l, "2024-02-22T12:05:00.000Z\twake\t-\t-\t"
	    "phase\tx\tincident=INC-20240222-1 phase=resolve why=earlier"), 1);
	/* Not phase events: a marker, an unknown phase, a bad id. */
	assert_int_equal(feed(&l, "2024-02-22T04:30:00.000Z\tchat\tbob\t-\t"
	    "chat\tack\tphase=ack incident=INC-20240222-1"), 0);
	assert_int_equal(feed(&l, "2024-02-22T04:30:00.000Z\twake\t-\t-\t"
	    "phase\tx\tincident=INC-20240222-1 phase=nap"), 0);
	assert_int_equal(feed(&l, "2024-02-22T04:30:00.000Z\twake\t-\t-\t"
	    "phase\tx\tincident=\"\" phase=ack"), 0);
	assert_int_equal(feed(&l, "2024-02-22T04:30:00.000Z\twake\t-\t-\t"
	    "phase\tx\tincident=INC-0123456789012345678901234567890123456789"
	    " phase=ack"), 0);
	assert_int_equal(feed(&l, "2024-02-22T04:30:00.000Z\twake\t-\t-\t"
	    "phase\tx\tphase=ack"), 0);
	assert_int_equal(l.n, 2);
	wake_incidents_sort(&l);
	a = &l.v[0];
	b = &l.v[1];
	assert_string_equal(a->id, "INC-20240222-1");
	assert_string_equal(b->id, "INC-20240222-2");
	assert_true(a->t[WAKE_PHASE_START] == T("2024-02-22T04:00:00.000Z"));
	assert_true(a->t[WAKE_PHASE_DETECT] == T("2024-02-22T04:12:00.000Z"));
	assert_string_equal(a->why[WAKE_PHASE_DETECT], "first alert");
	assert_true(a->t[WAKE_PHASE_RESOLVE] == T("2024-02-22T12:20:00.000Z"));
	assert_string_equal(a->why[WAKE_PHASE_RESOLVE], "again");
	assert_null(a->ref[WAKE_PHASE_RESOLVE]);
	assert_true(a->t[WAKE_PHASE_ACK] == WAKE_TIME_NONE);
	assert_int_equal(a->basis, WAKE_INCIDENT_DECLARED);
	assert_true(wake_incident_interval(a, WAKE_IV_TTD) == 720 * NS);
	assert_true(wake_incident_interval(a, WAKE_IV_TTA) == WAKE_TIME_NONE);
	/* A recover makes it measured. */
	assert_int_equal(feed(&l, "2024-02-22T11:40:00.000Z\twake\t-\t-\t"
	    "phase\tx\tincident=INC-20240222-1 phase=recover"), 1);
	assert_int_equal(l.v[0].basis, WAKE_INCIDENT_MEASURED);
	assert_true(wake_incident_interval(&l.v[0], WAKE_IV_DVM) ==
	    40 * 60 * NS);
	wake_incidents_free(&l);
	wake_incidents_free(&l);
	wake_incidents_free(NULL);
}

static const char table[] =
    "#wake incidents 1\n"
    "id\tstart\tdetect\tack\tmitigate\trecover\tresolve\tbasis\ttitle\t"
    "series\n"
    "INC-20240222-1\t2024-02-22T04:00:00.000Z\t2024-02-22T04:12:00.000Z\t"
    "2024-02-22T04:20:00.500Z\t2024-02-22T08:40:00.000Z\t"
    "2024-02-22T11:58:00.000Z\t2024-02-22T11:50:00.000Z\tmeasured\t"
    "core outage: \\t tab \\\\ and \\n line \\x1b[31m\t"
    "core-syslog/err 04:00..11:58 peak=812; calls 04:10..11:40 peak=96\n"
    "INC-20240222-2\t2024-02-22T13:00:00.000Z\t-\t-\t-\t-\t"
    "2024-02-22T13:30:00.000Z\tdeclared\t\\x2d\t-\n"
    "INC-20240222-3\t-\t2024-02-22T15:00:00.000Z\t-\t-\t-\t-\tdeclared\t"
    "\t-\n";

TEST(table_round_trip)
{
	struct wake_incidents l = WAKE_INCIDENTS_INIT;
	struct wake_buf out = WAKE_BUF_INIT;
	const char *why;
	uint64_t line;

	assert_int_equal(read_table(&l, table, &line, &why), WAKE_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].title,
	    "core outage: \t tab \\ and \n line \x1b[31m");
	assert_int_equal(l.v[0].basis, WAKE_INCIDENT_MEASURED);
	assert_string_equal(l.v[1].title, "-");
	assert_null(l.v[1].series);
	assert_string_equal(l.v[2].title, "");
	assert_true(l.v[2].t[WAKE_PHASE_START] == WAKE_TIME_NONE);
	assert_true(wake_incident_interval(&l.v[0], WAKE_IV_DVM) ==
	    -8 * 60 * NS);
	assert_int_equal(wake_incidents_write(&l, &out), WAKE_OK);
	assert_mem_str(out.p, out.n, table);
	wake_buf_free(&out);
	wake_incidents_free(&l);
}

TEST(table_columns_by_name)
{
	struct wake_incidents l = WAKE_INCIDENTS_INIT;
	const char *why;
	uint64_t line;

	assert_int_equal(read_table(&l,
	    "\xef\xbb\xbf#wake incidents 1\r\n"
	    "# a comment\r\n"
	    "\r\n"
	    "title\tid\textra\tstart\r\n"
	    "B\tINC-2\tzz\t2024-01-01T00:00:00.000Z\r\n"
	    "A\tINC-1\tzz\t2024-01-02T00:00:00Z\r\n"
	    "C\tINC-0\tzz\t-\r\n"
	    "\tINC-2\t\t-\r\n",
	    &line, &why), WAKE_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].id, "INC-2");
	/* The repeated row: known fields win, "-" keeps the old value. */
	assert_string_equal(l.v[0].title, "");
	assert_true(l.v[0].t[WAKE_PHASE_START] ==
	    T("2024-01-01T00:00:00.000Z"));
	assert_string_equal(l.v[1].id, "INC-1");
	assert_string_equal(l.v[2].id, "INC-0");
	wake_incidents_free(&l);
}

static void
bad_table(const char *text, uint64_t want_line, const char *want_why)
{
	struct wake_incidents l = WAKE_INCIDENTS_INIT;
	const char *why;
	uint64_t line;

	assert_int_equal(read_table(&l, text, &line, &why), WAKE_ERR_FORMAT);
	assert_int_equal(line, want_line);
	if (strstr(why, want_why) == NULL)
		fail_msg("reason \"%s\", want \"%s\"", why, want_why);
	wake_incidents_free(&l);
}

TEST(table_errors)
{
	struct wake_incidents l = WAKE_INCIDENTS_INIT;
	const char *why;
	uint64_t line;

	bad_table("", 0, "empty");
	bad_table("id\tstart\n", 1, "not an incident table");
	bad_table("#wake incidents 10\n", 1, "not an incident table");
	bad_table("#wake incidents 1\nstart\ttitle\n", 2, "no id column");
	bad_table("#wake incidents 1\nid\tid\n", 2, "twice");
	bad_table("#wake incidents 1\nid\tstart\nX\t2024-13-01T00:00:00Z\n",
	    3, "bad time");
	bad_table("#wake incidents 1\nid\tstart\nX\n", 3, "too few");
	bad_table("#wake incidents 1\nid\tstart\nX\t-\t-\n", 3, "too many");
	bad_table("#wake incidents 1\nid\tbasis\nX\tguessed\n", 3, "basis");
	bad_table("#wake incidents 1\nid\ttitle\nX\tbad \\q\n", 3, "escape");
	bad_table("#wake incidents 1\nid\ttitle\n\tt\n", 3, "empty id");
	bad_table("#wake incidents 1\nid\ttitle\n"
	    "0123456789012345678901234567890123456789\tt\n", 3, "too long");
	bad_table("#wake incidents 1\nid\ttitle\nA\\x00\tt\n", 3, "too long");
	/* Only the header: no incidents, fine. */
	assert_int_equal(read_table(&l, "#wake incidents 1\n", &line, &why),
	    WAKE_OK);
	assert_int_equal(l.n, 0);
}

static int
collect(void *arg, const struct wake_event *ev)
{
	struct wake_buf *b = arg;

	return wake_event_write_tsv(ev, b);
}

TEST(events_round_trip)
{
	struct wake_incidents l = WAKE_INCIDENTS_INIT;
	struct wake_incidents m = WAKE_INCIDENTS_INIT;
	struct wake_buf evs = WAKE_BUF_INIT, t1 = WAKE_BUF_INIT;
	struct wake_buf t2 = WAKE_BUF_INIT;
	struct wake_event ev;
	const char *why, *p, *nl;
	uint64_t line;
	size_t i;

	assert_int_equal(read_table(&l, table, &line, &why), WAKE_OK);
	l.v[0].why[WAKE_PHASE_DETECT] = strdup("alert LINK-3-UPDOWN x=\"1\"");
	l.v[0].ref[WAKE_PHASE_DETECT] = strdup("router.log:1234");
	wake_event_init(&ev);
	for (i = 0; i < l.n; i++)
		assert_int_equal(wake_incident_events(&l.v[i], collect, &evs,
		    &ev), WAKE_OK);
	wake_event_free(&ev);
	assert_non_null(strstr(evs.p, "2024-02-22T04:12:00.000Z\twake\t-\t"
	    "notice\tphase\tINC-20240222-1 detect: alert LINK-3-UPDOWN "
	    "x=\"1\"\tincident=INC-20240222-1 phase=detect "
	    "why=\"alert LINK-3-UPDOWN x=\\\"1\\\"\" ref=router.log:1234\n"));
	/* Back from the events, in reverse order: the same table. */
	assert_int_equal(wake_buf_putc(&evs, '\0'), WAKE_OK);
	for (p = evs.p + evs.n - 1; p > evs.p; p = nl) {
		for (nl = p - 1; nl > evs.p && nl[-1] != '\n'; nl--)
			;
		wake_event_init(&ev);
		assert_int_equal(wake_event_read(&ev, nl, (size_t)(p - nl - 1),
		    &why), WAKE_OK);
		assert_int_equal(wake_incidents_add_event(&m, &ev), 1);
		wake_event_free(&ev);
	}
	wake_incidents_sort(&m);
	assert_int_equal(wake_incidents_write(&l, &t1), WAKE_OK);
	assert_int_equal(wake_incidents_write(&m, &t2), WAKE_OK);
	assert_mem_str(t2.p, t2.n, table);
	assert_string_equal(m.v[0].why[WAKE_PHASE_DETECT],
	    "alert LINK-3-UPDOWN x=\"1\"");
	wake_buf_free(&evs);
	wake_buf_free(&t1);
	wake_buf_free(&t2);
	wake_incidents_free(&l);
	wake_incidents_free(&m);
}

/* An incident with start at 0 and the given phase offsets (s, -1: none). */
static void
add_inc(struct wake_incidents *l, const char *id, long det, long ack,
    long rec, long res)
{
	struct wake_incident *inc;
	wake_time_t t0 = T("2024-03-04T00:00:00Z");

	inc = wake_incidents_get(l, id, strlen(id));
	assert_non_null(inc);
	inc->t[WAKE_PHASE_START] = t0;
	if (det >= 0)
		inc->t[WAKE_PHASE_DETECT] = t0 + det * NS;
	if (ack >= 0)
		inc->t[WAKE_PHASE_ACK] = t0 + ack * NS;
	if (rec >= 0)
		inc->t[WAKE_PHASE_RECOVER] = t0 + rec * NS;
	if (res >= 0)
		inc->t[WAKE_PHASE_RESOLVE] = t0 + res * NS;
}

TEST(summary)
{
	struct wake_incidents l = WAKE_INCIDENTS_INIT;
	struct wake_interval_stats st;
	size_t i;

	assert_int_equal(wake_intervals_summarise(&l, WAKE_IV_TTD, &st),
	    WAKE_OK);
	assert_int_equal(st.n, 0);
	assert_int_equal(st.missing, 0);
	add_inc(&l, "A", 60, 120, 3600, 3000);
	add_inc(&l, "B", 120, -1, 7200, 7300);
	add_inc(&l, "C", 30, 40, -1, 900);
	add_inc(&l, "D", 600, 660, 1800, -1);
	assert_non_null(wake_incidents_get(&l, "A", 1));
	assert_int_equal(l.n, 4);
	assert_null(wake_incidents_get(&l, "", 0));
	assert_int_equal(wake_intervals_summarise(&l, WAKE_IV_TTD, &st),
	    WAKE_OK);
	assert_int_equal(st.n, 4);
	assert_int_equal(st.missing, 0);
	assert_true(st.mean == (60 + 120 + 30 + 600) * NS / 4);
	assert_true(st.median == 90 * NS);
	assert_true(st.p90 == 600 * NS);
	assert_true(st.max == 600 * NS);
	assert_int_equal(wake_intervals_summarise(&l, WAKE_IV_TTA, &st),
	    WAKE_OK);
	assert_int_equal(st.n, 3);
	assert_int_equal(st.missing, 1);
	assert_true(st.median == 60 * NS);
	assert_true(st.mean == (60 + 10 + 60) * NS / 3);
	assert_int_equal(wake_intervals_summarise(&l, WAKE_IV_DVM, &st),
	    WAKE_OK);
	assert_int_equal(st.n, 2);
	assert_true(st.mean == (-600 + 100) * NS / 2);
	assert_true(st.median == -250 * NS);
	assert_true(st.max == 100 * NS);
	/* Nearest-rank p90 of 1..10 is 9, of 1..11 is 10. */
	wake_incidents_free(&l);
	for (i = 1; i <= 11; i++) {
		char id[8];

		id[0] = 'I';
		id[1] = (char)('a' + i);
		id[2] = '\0';
		add_inc(&l, id, (long)i, -1, -1, -1);
		if (i == 10) {
			wake_intervals_summarise(&l, WAKE_IV_TTD, &st);
			assert_true(st.p90 == 9 * NS);
			assert_true(st.median == 5 * NS + NS / 2);
		}
	}
	wake_intervals_summarise(&l, WAKE_IV_TTD, &st);
	assert_true(st.p90 == 10 * NS);
	assert_true(st.median == 6 * NS);
	/* Negative means round down, and extremes do not overflow. */
	l.v[0].t[WAKE_PHASE_START] = T("2262-01-01T00:00:00Z");
	l.v[0].t[WAKE_PHASE_DETECT] = T("1678-01-01T00:00:00Z");
	l.v[1].t[WAKE_PHASE_START] = T("1678-01-01T00:00:00Z");
	l.v[1].t[WAKE_PHASE_DETECT] = T("2262-01-01T00:00:00Z");
	assert_true(wake_incident_interval(&l.v[0], WAKE_IV_TTD) ==
	    -INT64_MAX);
	assert_true(wake_incident_interval(&l.v[1], WAKE_IV_TTD) ==
	    INT64_MAX);
	assert_int_equal(wake_intervals_summarise(&l, WAKE_IV_TTD, &st),
	    WAKE_OK);
	assert_true(st.max == INT64_MAX);
	wake_incidents_free(&l);
}

TEST(sniff)
{
	assert_true(wake_incidents_is_table("#wake incidents 1\n", 18));
	assert_true(wake_incidents_is_table("#wake incidents 1", 17));
	assert_true(wake_incidents_is_table("\xef\xbb\xbf#wake incidents 1\r",
	    21));
	assert_false(wake_incidents_is_table("#wake incidents 12\n", 19));
	assert_false(wake_incidents_is_table("#wake events 1\n", 15));
	assert_false(wake_incidents_is_table("#wake", 5));
}
