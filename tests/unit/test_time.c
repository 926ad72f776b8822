/*
 * Timestamp scanning, layouts, civil days, the UTC form, command-line
 * times, durations and the resolution of yearless stamps.
 */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "internal.h"

#define NS 1000000000LL

/* Scan an exact-size heap copy, so ASan catches a read past n. */
static size_t
scan(const char *s, unsigned mask, struct wake_tm *tm, unsigned *lay)
{
	size_t n = strlen(s), r;
	char *p = malloc(n ? n : 1);

	assert_non_null(p);
	memcpy(p, s, n);
	r = wake_time_scan(p, n, mask, tm, lay);
	free(p);
	return r;
}

/* Stamp s must scan as layout lay, consuming used bytes, and resolve
 * (in UTC, yearless stamps in 2024) to utc; NULL: must not resolve. */
static void
ok_(const char *s, unsigned mask, size_t used, unsigned lay, const char *utc,
    int line)
{
	struct wake_tm tm;
	unsigned got = 0;
	size_t r;
	wake_time_t ts;
	char buf[25];
	int rc;

	r = scan(s, mask, &tm, &got);
	if (r != used || got != lay)
		fail_msg("line %d: \"%s\": consumed %zu layout %#x, want %zu "
		    "%#x", line, s, r, got, used, lay);
	rc = wake_tm_resolve(&tm, NULL, 2024, &ts, NULL);
	if (utc == NULL) {
		if (rc == WAKE_OK)
			fail_msg("line %d: \"%s\" resolved", line, s);
		return;
	}
	if (rc != WAKE_OK)
		fail_msg("line %d: \"%s\": resolve %d", line, s, rc);
	wake_time_format(ts, buf);
	if (strcmp(buf, utc) != 0)
		fail_msg("line %d: \"%s\": got %s want %s", line, s, buf, utc);
}
#define OK(s, used, lay, utc) ok_(s, WAKE_TL_ALL, used, lay, utc, __LINE__)
#define OKM(s, mask, used, lay, utc) ok_(s, mask, used, lay, utc, __LINE__)

static void
no_(const char *s, unsigned mask, int line)
{
	struct wake_tm tm;
	size_t r;

	if ((r = scan(s, mask, &tm, NULL)) != 0)
		fail_msg("line %d: \"%s\" scanned (%zu bytes)", line, s, r);
}
#define NO(s) no_(s, WAKE_TL_ALL, __LINE__)
#define NOM(s, mask) no_(s, mask, __LINE__)

TEST(scan_iso8601)
{
	struct wake_tm tm;

	OK("2024-02-22T09:58:12.345+09:00 x", 29, WAKE_TL_ISO8601,
	    "2024-02-22T00:58:12.345Z");
	OK("2015-07-29 17:41:44,747 - INFO", 23, WAKE_TL_ISO8601,
	    "2015-07-29T17:41:44.747Z");
	OK("2024-02-22T09:58:12Z", 20, WAKE_TL_ISO8601,
	    "2024-02-22T09:58:12.000Z");
	OK("2024-02-22t09:58:12z", 20, WAKE_TL_ISO8601,
	    "2024-02-22T09:58:12.000Z");
	OK("2024-02-22T09:58:12+0900", 24, WAKE_TL_ISO8601,
	    "2024-02-22T00:58:12.000Z");
	OK("2024-02-22T09:58:12+09 x", 22, WAKE_TL_ISO8601,
	    "2024-02-22T00:58:12.000Z");
	OK("2024-02-22T09:58:12-05:30", 25, WAKE_TL_ISO8601,
	    "2024-02-22T15:28:12.000Z");
	OK("2024-02-22 09:58:12 +0900 x", 25, WAKE_TL_ISO8601,
	    "2024-02-22T00:58:12.000Z");
	OK("2024-02-22 09:58:12 -05:00", 26, WAKE_TL_ISO8601,
	    "2024-02-22T14:58:12.000Z");
	OK("2024-02-22 09:58:12.345 UTC", 27, WAKE_TL_ISO8601,
	    "2024-02-22T09:58:12.345Z");
	/* Other zone names stay for the caller; so does a dash. */
	OK("2024-02-22 09:58:12 JST", 19, WAKE_TL_ISO8601,
	    "2024-02-22T09:58:12.000Z");
	OK("2024-02-22 09:58:12 - x", 19, WAKE_TL_ISO8601,
	    "2024-02-22T09:58:12.000Z");
	OK("2024-02-22T09:58:12+9", 19, WAKE_TL_ISO8601,
	    "2024-02-22T09:58:12.000Z");
	OK("2024-02-22T09:58:12.", 19, WAKE_TL_ISO8601,
	    "2024-02-22T09:58:12.000Z");
	OK("2024-02-22T09:58:12.5Z", 22, WAKE_TL_ISO8601,
	    "2024-02-22T09:58:12.500Z");
	assert_int_equal(scan("2024-02-22T09:58:12.123456789Z", WAKE_TL_ALL,
	    &tm, NULL), 30);
	assert_int_equal(tm.nsec, 123456789);
	assert_int_equal(tm.has_off, 1);
	assert_int_equal(tm.off, 0);
	/* Past nine digits: read and dropped. */
	assert_int_equal(scan("2024-02-22T09:58:12.123456789999 x",
	    WAKE_TL_ALL, &tm, NULL), 32);
	assert_int_equal(tm.nsec, 123456789);
	assert_int_equal(scan("2024-02-22 09:58:12,1", WAKE_TL_ALL, &tm,
	    NULL), 21);
	assert_int_equal(tm.nsec, 100000000);
	assert_int_equal(tm.has_off, 0);
	assert_int_equal(tm.year, 2024);
	assert_int_equal(tm.mon, 2);
	assert_int_equal(tm.day, 22);
	assert_int_equal(tm.hour, 9);
	assert_int_equal(tm.min, 58);
	assert_int_equal(tm.sec, 12);
	/* A leap second is kept as 59. */
	OK("2016-12-31T23:59:60Z", 20, WAKE_TL_ISO8601,
	    "2016-12-31T23:59:59.000Z");
	/* Before 1970. */
	OK("1969-12-31T23:59:59.999Z", 24, WAKE_TL_ISO8601,
	    "1969-12-31T23:59:59.999Z");
	OK("1960-03-01 00:00:00", 19, WAKE_TL_ISO8601,
	    "1960-03-01T00:00:00.000Z");
	NOM("2024-02-22T09:58:12Z", WAKE_TL_ALL & ~WAKE_TL_ISO8601);
}

TEST(scan_iso8601_rejects)
{
	NO("2024-02-22");
	NO("2024-02-22 is a date");
	NO("2024-02-22T09:58");
	NO("2024-02-22T09:58 x y z w");
	NO("2024-13-01 00:00:00");
	NO("2024-00-10 00:00:00");
	NO("2024-01-00 00:00:00");
	NO("2024-02-30 00:00:00");
	NO("2024-04-31 00:00:00");
	NO("2024-02-22T24:00:00");
	NO("2024-02-22T23:60:00");
	NO("2024-02-22T23:59:61");
	NO("2024-02-22T9:58:12 xx");
	NO("2024-02-22T09:58:123");
	NO("2024-02-22X09:58:12");
	NO("2024-2-22 09:58:12 x");
	NO("20a4-02-22 09:58:12");
}

TEST(scan_leap_years)
{
	OK("2024-02-29 12:00:00", 19, WAKE_TL_ISO8601,
	    "2024-02-29T12:00:00.000Z");
	OK("2000-02-29 12:00:00", 19, WAKE_TL_ISO8601,
	    "2000-02-29T12:00:00.000Z");
	NO("2023-02-29 12:00:00");
	NO("1900-02-29 12:00:00");
	NO("2100-02-29 12:00:00");
	OK("2024/02/29 12:00:00", 19, WAKE_TL_SLASH,
	    "2024-02-29T12:00:00.000Z");
	NO("2023/02/29 12:00:00");
	NO("29/Feb/2023:12:00:00 +0000");
	OK("29/Feb/2024:12:00:00 +0000", 26, WAKE_TL_APACHE,
	    "2024-02-29T12:00:00.000Z");
	/* Yearless Feb 29 scans; its year decides when resolved. */
	OK("Feb 29 12:00:00", 15, WAKE_TL_RFC3164,
	    "2024-02-29T12:00:00.000Z");
	NO("Feb 29 12:00:00 2023");
	NO("Feb 30 12:00:00");
}

TEST(scan_rfc3164)
{
	struct wake_tm tm;
	wake_time_t ts;

	OK("Feb 22 03:58:12 host sshd[1]: x", 15, WAKE_TL_RFC3164,
	    "2024-02-22T03:58:12.000Z");
	OK("Feb  2 03:58:12 host", 15, WAKE_TL_RFC3164,
	    "2024-02-02T03:58:12.000Z");
	OK("Feb 2 03:58:12 host", 14, WAKE_TL_RFC3164,
	    "2024-02-02T03:58:12.000Z");
	OK("Mar  1 18:46:11.123: %LINK-3-UPDOWN", 19, WAKE_TL_RFC3164,
	    "2024-03-01T18:46:11.123Z");
	OK("dec 31 23:59:59", 15, WAKE_TL_RFC3164,
	    "2024-12-31T23:59:59.000Z");
	assert_int_equal(scan("Jun 14 15:16:01 combo", WAKE_TL_RFC3164, &tm,
	    NULL), 15);
	assert_int_equal(tm.year, -1);
	assert_int_equal(tm.mon, 6);
	assert_int_equal(tm.day, 14);
	assert_int_equal(wake_tm_resolve(&tm, NULL, 2005, &ts, NULL),
	    WAKE_OK);
	NOM("Feb 22 03:58:12 host", WAKE_TL_RFC3164Y);
	NO("Feb 22 24:58:12");
	NO("Feb 22 03:58");
	NO("Feb 22 03:58:120");
	NO("Feb 32 03:58:12");
	NO("Feb 00 03:58:12");
	NO("Apr 31 03:58:12");
	NO("Fob 22 03:58:12");
	NO("Feb22 03:58:12 x");
	NO("Feb 22  03:58:12");
	NO("Feb x2 03:58:12");
}

TEST(scan_rfc3164_year)
{
	OK("Feb 22 2024 03:58:12 x", 20, WAKE_TL_RFC3164Y,
	    "2024-02-22T03:58:12.000Z");
	OK("Feb 22 03:58:12 2023 x", 20, WAKE_TL_RFC3164Y,
	    "2023-02-22T03:58:12.000Z");
	OK("Mar  1 2023 18:46:11.123: %SYS", 24, WAKE_TL_RFC3164Y,
	    "2023-03-01T18:46:11.123Z");
	OK("Feb 22 03:58:12.5 2023", 22, WAKE_TL_RFC3164Y,
	    "2023-02-22T03:58:12.500Z");
	/* Without the Y layout, the trailing year is left. */
	OKM("Feb 22 03:58:12 2023 x", WAKE_TL_RFC3164, 15, WAKE_TL_RFC3164,
	    "2024-02-22T03:58:12.000Z");
	NOM("Feb 22 2024 03:58:12 x", WAKE_TL_RFC3164);
	/* Not a year: a longer number, an implausible one. */
	OK("Feb 22 03:58:12 20234 x", 15, WAKE_TL_RFC3164,
	    "2024-02-22T03:58:12.000Z");
	OK("Feb 22 03:58:12 1234 x", 15, WAKE_TL_RFC3164,
	    "2024-02-22T03:58:12.000Z");
}

TEST(scan_apache)
{
	OK("22/Feb/2024:03:58:12 +0900] \"GET", 26, WAKE_TL_APACHE,
	    "2024-02-21T18:58:12.000Z");
	OK("22/Feb/2024:03:58:12 -0700", 26, WAKE_TL_APACHE,
	    "2024-02-22T10:58:12.000Z");
	OK("22/Feb/2024:03:58:12] x", 20, WAKE_TL_APACHE,
	    "2024-02-22T03:58:12.000Z");
	OK("01/Jan/1970:00:00:00 +0000", 26, WAKE_TL_APACHE,
	    "1970-01-01T00:00:00.000Z");
	NO("30/Feb/2024:03:58:12 +0900");
	NO("22/Fob/2024:03:58:12 +0900");
	NO("22/Feb/2024 03:58:12 +0900");
	NO("22/Feb/2024:03:58:99 +0900");
	NOM("22/Feb/2024:03:58:12 +0900", WAKE_TL_ALL & ~WAKE_TL_APACHE);
}

TEST(scan_epoch)
{
	struct wake_tm tm;

	OK("1708595892 x", 10, WAKE_TL_EPOCH, "2024-02-22T09:58:12.000Z");
	OK("1708595892.123 x", 14, WAKE_TL_EPOCH,
	    "2024-02-22T09:58:12.123Z");
	OK("1708595892123", 13, WAKE_TL_EPOCH, "2024-02-22T09:58:12.123Z");
	OK("1708595892123456,x", 16, WAKE_TL_EPOCH,
	    "2024-02-22T09:58:12.123Z");
	OK("1708595892123456789", 19, WAKE_TL_EPOCH,
	    "2024-02-22T09:58:12.123Z");
	OK("946684800", 9, WAKE_TL_EPOCH, "2000-01-01T00:00:00.000Z");
	OK("999999999:", 9, WAKE_TL_EPOCH, "2001-09-09T01:46:39.000Z");
	OK("4102444799", 10, WAKE_TL_EPOCH, "2099-12-31T23:59:59.000Z");
	OK("1708595892.x", 10, WAKE_TL_EPOCH, "2024-02-22T09:58:12.000Z");
	assert_int_equal(scan("1708595892123456789", WAKE_TL_EPOCH, &tm,
	    NULL), 19);
	assert_int_equal(tm.is_epoch, 1);
	assert_true(tm.epoch_ns == 1708595892123456789LL);
	assert_int_equal(tm.nsec, 123456789);
	assert_int_equal(tm.year, 2024);
	assert_int_equal(tm.hour, 9);
	assert_int_equal(scan("1708595892.123456789999", WAKE_TL_EPOCH, &tm,
	    NULL), 23);
	assert_true(tm.epoch_ns == 1708595892123456789LL);
	/* Ordinary numbers are not times. */
	NO("946684799");
	NO("123456789");
	NO("4102444800");
	NO("9999999999");
	NO("17085958921");
	NO("170859589212");
	NO("17085958921234");
	NO("170859589212345");
	NO("17085958921234567");
	NO("170859589212345678");
	NO("17085958921234567890");
	NO("1708595892abc");
	NO("1708595892_x");
	NO("1708595892.5s");
	NO("0000000000");
	NO("12345");
	NOM("1708595892", WAKE_TL_ALL & ~WAKE_TL_EPOCH);
}

TEST(scan_other_layouts)
{
	struct wake_tm tm;

	OK("2024/02/22 03:58:12.123 x", 23, WAKE_TL_SLASH,
	    "2024-02-22T03:58:12.123Z");
	OK("2024/02/22T03:58:12+01:00", 25, WAKE_TL_SLASH,
	    "2024-02-22T02:58:12.000Z");
	NO("2024/02/22 x");
	OK("17/06/09 20:10:40 INFO executor", 17, WAKE_TL_SPARK,
	    "2017-06-09T20:10:40.000Z");
	OK("70/01/01 00:00:00", 17, WAKE_TL_SPARK,
	    "1970-01-01T00:00:00.000Z");
	NO("17/13/09 20:10:40");
	NO("17/06/09 20:10");
	OK("Sun Dec 04 04:47:44 2005] [notice] x", 24, WAKE_TL_CTIME,
	    "2005-12-04T04:47:44.000Z");
	OK("Sun Dec  4 04:47:44 2005", 24, WAKE_TL_CTIME,
	    "2005-12-04T04:47:44.000Z");
	OK("Sun Dec 4 04:47:44 2005", 23, WAKE_TL_CTIME,
	    "2005-12-04T04:47:44.000Z");
	OK("Wed Oct 11 14:32:52.123456 2000] [core:error]", 31,
	    WAKE_TL_CTIME, "2000-10-11T14:32:52.123Z");
	OK("Thu Feb 22 09:58:12 UTC 2024", 28, WAKE_TL_CTIME,
	    "2024-02-22T09:58:12.000Z");
	NO("Sun Dec 04 04:47:44 host x");
	NO("Sun Dec 04 04:47:44 05 x y z");
	NO("Thu Feb 29 00:00:00 2023");
	NO("Thu Feb 22 09:58:12 JST 2024");
	NO("Sun Dex 04 04:47:44 2005");
	OK("0514 13:26:47.123456  1234 file.cc:12] x", 20, WAKE_TL_GLOG,
	    "2024-05-14T13:26:47.123Z");
	assert_int_equal(scan("0514 13:26:47.123456 x", WAKE_TL_GLOG, &tm,
	    NULL), 20);
	assert_int_equal(tm.year, -1);
	assert_int_equal(tm.nsec, 123456000);
	OK("20240514 13:26:47.123456 x", 24, WAKE_TL_GLOG,
	    "2024-05-14T13:26:47.123Z");
	NO("1314 13:26:47.123456");
	NO("0230 13:26:47.123456");
	OK("081109 203615 148 INFO dfs", 13, WAKE_TL_COMPACT,
	    "2008-11-09T20:36:15.000Z");
	OK("081109 203615", 13, WAKE_TL_COMPACT, "2008-11-09T20:36:15.000Z");
	NO("081109 2036150");
	NO("081109 203615x");
	NO("081109 246000 x");
	NO("081309 203615 x");
}

TEST(scan_dotted)
{
	struct wake_tm tm;

	/* BGL: a date alone, then a full stamp with dots in the time. */
	OK("2005.06.03 R02-M1-N0-C:J12-U11", 10, WAKE_TL_DOTTED,
	    "2005-06-03T00:00:00.000Z");
	assert_int_equal(scan("2005.06.03", WAKE_TL_DOTTED, &tm, NULL), 10);
	assert_int_equal(tm.hour, -1);
	assert_int_equal(tm.day, 3);
	OK("2005.06.03 15:42:50 x", 19, WAKE_TL_DOTTED,
	    "2005-06-03T15:42:50.000Z");
	OK("2005-06-03-15.42.50.675872 R02-M1-N0", 26, WAKE_TL_DOTTED,
	    "2005-06-03T15:42:50.675Z");
	assert_int_equal(scan("2005-06-03-15.42.50.675872 R", WAKE_TL_ALL, &tm,
	    NULL), 26);
	assert_int_equal(tm.nsec, 675872000);
	OK("2005-06-03-15.42.50 x", 19, WAKE_TL_DOTTED,
	    "2005-06-03T15:42:50.000Z");
	NOM("2005-06-03-15.42.50.675872", WAKE_TL_ISO8601);
	NOM("2005.06.03", WAKE_TL_ISO8601);
	NO("2005.06.03.1");
	NO("2005.06.031");
	NO("2005.06.31 x");
	NO("2005-06-03-25.42.50.675872");
	NO("2005-06-03-15:42:50.675872");
}

/* Every prefix of every sample, copied to an exact-size buffer. */
TEST(scan_never_reads_past_n)
{
	static const char *const samples[] = {
		"2024-02-22T09:58:12.345+09:00", "2024-02-22 09:58:12 +0900",
		"2024-02-22 09:58:12 UTC", "2024-02-22 09:58:12,123456789123",
		"Feb 22 03:58:12.123 2024", "Feb  2 2024 03:58:12",
		"22/Feb/2024:03:58:12 +0900", "1708595892.123456",
		"1708595892123456789", "2024/02/22 03:58:12.5-05:00",
		"17/06/09 20:10:40.5", "Thu Feb 22 09:58:12.25 UTC 2024",
		"0514 13:26:47.123456", "20240514 13:26:47.1",
		"081109 203615", "2005.06.03 15:42:50.1",
		"2005-06-03-15.42.50.675872"
	};
	struct wake_tm tm;
	size_t i, k, r, n;
	char *p;

	for (i = 0; i < WK_NELEM(samples); i++) {
		n = strlen(samples[i]);
		for (k = 0; k <= n; k++) {
			p = malloc(k ? k : 1);
			assert_non_null(p);
			memcpy(p, samples[i], k);
			r = wake_time_scan(p, k, WAKE_TL_ALL, &tm, NULL);
			assert_true(r <= k);
			r = wake_time_scan_layout("%Y-%m-%d %H:%M:%S.%f %z",
			    p, k, &tm);
			assert_true(r <= k);
			r = wake_time_scan_layout("%b %e %Y %H:%M:%S", p, k,
			    &tm);
			assert_true(r <= k);
			free(p);
		}
		/* The whole sample scans. */
		assert_true(scan(samples[i], WAKE_TL_ALL, &tm, NULL) > 0);
	}
}

static size_t
lay(const char *layout, const char *s, struct wake_tm *tm)
{
	size_t n = strlen(s), r;
	char *p = malloc(n ? n : 1);

	assert_non_null(p);
	memcpy(p, s, n);
	r = wake_time_scan_layout(layout, p, n, tm);
	free(p);
	return r;
}

static void
lay_utc(const char *layout, const char *s, size_t used, const char *utc)
{
	struct wake_tm tm;
	wake_time_t ts;
	char buf[25];
	size_t r;

	if ((r = lay(layout, s, &tm)) != used)
		fail_msg("\"%s\" with \"%s\": %zu bytes, want %zu", s, layout,
		    r, used);
	assert_int_equal(wake_tm_resolve(&tm, NULL, 2024, &ts, NULL),
	    WAKE_OK);
	wake_time_format(ts, buf);
	if (strcmp(buf, utc) != 0)
		fail_msg("\"%s\": got %s want %s", s, buf, utc);
}

TEST(scan_layout)
{
	struct wake_tm tm;

	lay_utc("%Y-%m-%d %H:%M:%S", "2024-02-22 09:58:12 x", 19,
	    "2024-02-22T09:58:12.000Z");
	lay_utc("%d/%b/%Y:%H:%M:%S %z", "22/Feb/2024:03:58:12 +0900", 26,
	    "2024-02-21T18:58:12.000Z");
	lay_utc("%b %e %H:%M:%S", "Feb  2 03:58:12 host", 15,
	    "2024-02-02T03:58:12.000Z");
	lay_utc("%b %e %H:%M:%S", "Feb 12 03:58:12 host", 15,
	    "2024-02-12T03:58:12.000Z");
	lay_utc("%a %b %d %H:%M:%S %Y", "Sun Dec 04 04:47:44 2005", 24,
	    "2005-12-04T04:47:44.000Z");
	lay_utc("%a, %d %b %Y %H:%M:%S %Z", "Thursday, 22 February 2024 "
	    "09:58:12 GMT", 39, "2024-02-22T09:58:12.000Z");
	lay_utc("%b %d, %Y %I:%M %p", "February 22, 2024 9:58 PM", 25,
	    "2024-02-22T21:58:00.000Z");
	lay_utc("%m/%d/%Y %I:%M:%S %p", "02/22/2024 12:30:00 am", 22,
	    "2024-02-22T00:30:00.000Z");
	lay_utc("%m/%d/%Y %I:%M:%S %p", "02/22/2024 12:30:00 PM", 22,
	    "2024-02-22T12:30:00.000Z");
	lay_utc("%Y%j %H%M", "2024060 0101", 12, "2024-02-29T01:01:00.000Z");
	lay_utc("%y%m%d %H%M%S", "081109 203615 148", 13,
	    "2008-11-09T20:36:15.000Z");
	lay_utc("%H:%M:%S.%f %d.%m.%Y", "09:58:12.5 22.02.2024", 21,
	    "2024-02-22T09:58:12.500Z");
	lay_utc("%s", "1708595892.25 x", 13, "2024-02-22T09:58:12.250Z");
	lay_utc("[%s]", "[-1.5]", 6, "1969-12-31T23:59:58.500Z");
	lay_utc("%%%Y-%m-%dT%H:%M:%S%z", "%2024-02-22T09:58:12Z", 21,
	    "2024-02-22T09:58:12.000Z");
	lay_utc("%Y-%m-%dT%H:%M:%S%z", "2024-02-22T09:58:12-05:30", 25,
	    "2024-02-22T15:28:12.000Z");
	/* Time only: no date, so it cannot resolve. */
	assert_int_equal(lay("%H:%M:%S", "09:58:12", &tm), 8);
	assert_int_equal(tm.day, -1);
	assert_int_equal(tm.hour, 9);
	assert_int_not_equal(wake_tm_resolve(&tm, NULL, 2024, &(wake_time_t){0},
	    NULL), WAKE_OK);
	/* Rejections. */
	assert_int_equal(lay("%Y-%m-%d", "2024-02-30", &tm), 0);
	assert_int_equal(lay("%Y-%m-%d", "2023-02-29", &tm), 0);
	assert_int_equal(lay("%Y %j", "2023 366", &tm), 0);
	assert_int_equal(lay("%j", "100", &tm), 0);
	assert_int_equal(lay("%H:%M", "24:00", &tm), 0);
	assert_int_equal(lay("%I", "13", &tm), 0);
	assert_int_equal(lay("%Z", "JST", &tm), 0);
	assert_int_equal(lay("%z", "+9", &tm), 0);
	assert_int_equal(lay("%b", "Fe", &tm), 0);
	assert_int_equal(lay("%Y", "202", &tm), 0);
	assert_int_equal(lay("x%Y", "y2024", &tm), 0);
	assert_int_equal(lay("%Y%", "2024%", &tm), 0);
	assert_int_equal(lay("%Q", "x", &tm), 0);
	assert_int_equal(lay("%Y %m", "2024", &tm), 0);
	assert_int_equal(lay("%f", "x", &tm), 0);
	assert_int_equal(lay("%s", "99999999999999", &tm), 0);
	assert_int_equal(lay("", "x", &tm), 0);
}

TEST(civil_days)
{
	int64_t d;
	int y, m, dd;

	assert_int_equal(wake_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(wake_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(wake_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(wake_days_from_civil(2024, 2, 29), 19782);
	assert_int_equal(wake_days_from_civil(1, 1, 1), -719162);
	assert_int_equal(wake_days_from_civil(1900, 3, 1), -25508);
	for (d = -800000; d <= 800000; d += 7) {
		wake_civil_from_days(d, &y, &m, &dd);
		assert_true(m >= 1 && m <= 12 && dd >= 1 && dd <= 31);
		assert_int_equal(wake_days_from_civil(y, m, dd), d);
	}
	wake_civil_from_days(19782, &y, &m, &dd);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(dd, 29);
}

static void
fmt_is(wake_time_t ts, const char *want)
{
	char buf[25];

	wake_time_format(ts, buf);
	assert_string_equal(buf, want);
}

TEST(time_format)
{
	fmt_is(0, "1970-01-01T00:00:00.000Z");
	fmt_is(1708595892345000000LL, "2024-02-22T09:58:12.345Z");
	fmt_is(1708595892345999999LL, "2024-02-22T09:58:12.345Z");
	/* Before 1970 the milliseconds truncate toward the past. */
	fmt_is(-1, "1969-12-31T23:59:59.999Z");
	fmt_is(-1000000, "1969-12-31T23:59:59.999Z");
	fmt_is(-1000001, "1969-12-31T23:59:59.998Z");
	fmt_is(-NS, "1969-12-31T23:59:59.000Z");
	fmt_is(-86400 * NS, "1969-12-31T00:00:00.000Z");
	fmt_is(-2208988800LL * NS, "1900-01-01T00:00:00.000Z");
	fmt_is(INT64_MAX, "2262-04-11T23:47:16.854Z");
	fmt_is(INT64_MIN, "1677-09-21T00:12:43.145Z");
	fmt_is(951782400LL * NS, "2000-02-29T00:00:00.000Z");
}

static wake_time_t
putc_(const char *s)
{
	wake_time_t ts = 0;

	assert_int_equal(wake_time_parse_utc(s, strlen(s), &ts), WAKE_OK);
	return ts;
}

static void
putc_bad(const char *s)
{
	wake_time_t ts;

	if (wake_time_parse_utc(s, strlen(s), &ts) == WAKE_OK)
		fail_msg("\"%s\" parsed", s);
}

TEST(time_parse_utc)
{
	char buf[25];
	wake_time_t t;
	int64_t i;

	assert_true(putc_("2024-02-22T09:58:12.345Z") ==
	    1708595892345000000LL);
	assert_true(putc_("2024-02-22T09:58:12Z") == 1708595892000000000LL);
	assert_true(putc_("2024-02-22T09:58:12.3Z") ==
	    1708595892300000000LL);
	assert_true(putc_("2024-02-22T09:58:12.123456789Z") ==
	    1708595892123456789LL);
	assert_true(putc_("1969-12-31T23:59:59.999Z") == -1000000);
	assert_true(putc_("1678-01-01T00:00:00Z") == -9214560000LL * NS);
	assert_true(putc_("2262-01-01T00:00:00.999999999Z") ==
	    9214646400LL * NS + 999999999);
	putc_bad("2024-02-22T09:58:12.Z");
	putc_bad("2024-02-22T09:58:12.1234567890Z");
	putc_bad("2024-02-22T09:58:12.345");
	putc_bad("2024-02-22 09:58:12.345Z");
	putc_bad("2024-02-22T09:58:12+00:00");
	putc_bad("2024-02-30T09:58:12.345Z");
	putc_bad("2024-02-22T24:58:12.345Z");
	putc_bad("2024-02-22T09:58:60.345Z");
	putc_bad("2024-02-22T09:58:1x.345Z");
	putc_bad("2024-02-22T09:58:12.3x5Z");
	putc_bad("9999-12-31T23:59:59.999Z");
	putc_bad("1000-01-01T00:00:00.000Z");
	putc_bad("-");
	putc_bad("");
	/* Round trip at millisecond precision, both sides of 1970. */
	for (i = -3000000000LL; i < 5000000000LL; i += 7777777) {
		t = i * 1000000;
		wake_time_format(t, buf);
		assert_true(putc_(buf) == t);
	}
}

TEST(resolve)
{
	struct wake_tm tm;
	wake_time_t ts;
	int f = -1;

	assert_int_equal(scan("2024-02-22T09:58:12+09:00", WAKE_TL_ALL, &tm,
	    NULL), 25);
	assert_int_equal(wake_tm_resolve(&tm, NULL, 0, &ts, &f), WAKE_OK);
	assert_int_equal(f, 0);
	assert_true(ts == 1708563492000000000LL);
	/* A yearless stamp without a year hint is malformed. */
	assert_int_equal(scan("Feb 22 03:58:12", WAKE_TL_ALL, &tm, NULL), 15);
	assert_int_equal(wake_tm_resolve(&tm, NULL, -1, &ts, NULL),
	    WAKE_ERR_FORMAT);
	assert_int_equal(wake_tm_resolve(&tm, NULL, 2023, &ts, NULL),
	    WAKE_OK);
	tm.day = 31;
	tm.mon = 4;
	assert_int_equal(wake_tm_resolve(&tm, NULL, 2023, &ts, NULL),
	    WAKE_ERR_FORMAT);
	tm.mon = 13;
	assert_int_equal(wake_tm_resolve(&tm, NULL, 2023, &ts, NULL),
	    WAKE_ERR_FORMAT);
	/* Out of the 64-bit nanosecond range. */
	assert_int_equal(scan("2300-01-01T00:00:00Z", WAKE_TL_ALL, &tm, NULL),
	    20);
	assert_int_equal(wake_tm_resolve(&tm, NULL, 0, &ts, NULL),
	    WAKE_ERR_FORMAT);
}

TEST(year_guess)
{
	int64_t jan15 = wake_days_from_civil(2025, 1, 15) * 86400;
	int64_t jun15 = wake_days_from_civil(2025, 6, 15) * 86400;

	assert_int_equal(wake_year_guess(12, jan15), 2024);
	assert_int_equal(wake_year_guess(1, jan15), 2025);
	assert_int_equal(wake_year_guess(2, jan15), 2024);
	assert_int_equal(wake_year_guess(6, jun15), 2025);
	assert_int_equal(wake_year_guess(7, jun15), 2024);
	assert_int_equal(wake_year_guess(12, -1), 1969);
}

static wake_time_t
res(struct wk_pctx *c, const char *s)
{
	struct wake_tm tm;
	wake_time_t ts = 0;

	assert_true(scan(s, WAKE_TL_ALL, &tm, NULL) > 0);
	assert_int_equal(wk_resolve(c, &tm, &ts), WAKE_OK);
	return ts;
}

static void
res_is(struct wk_pctx *c, const char *s, const char *want)
{
	char buf[25];

	wake_time_format(res(c, s), buf);
	if (strcmp(buf, want) != 0)
		fail_msg("\"%s\": got %s want %s", s, buf, want);
}

TEST(wk_resolve_rollover)
{
	struct wk_pctx c;
	struct wake_tm tm;
	wake_time_t ts;

	memset(&c, 0, sizeof(c));
	c.year = 2024;
	res_is(&c, "Nov 30 23:00:00", "2024-11-30T23:00:00.000Z");
	res_is(&c, "Dec 31 23:59:59", "2024-12-31T23:59:59.000Z");
	res_is(&c, "Jan  1 00:00:01", "2025-01-01T00:00:01.000Z");
	assert_int_equal(c.year, 2025);
	assert_int_equal(c.last_mon, 1);
	/* A stamp with its own year neither moves nor uses it. */
	res_is(&c, "2020-06-01T00:00:00Z", "2020-06-01T00:00:00.000Z");
	res_is(&c, "Jan  2 00:00:00", "2025-01-02T00:00:00.000Z");
	/* Going back six months or less is disorder, not a new year. */
	res_is(&c, "Jul  1 00:00:00", "2025-07-01T00:00:00.000Z");
	res_is(&c, "Jan  1 00:00:00", "2025-01-01T00:00:00.000Z");
	assert_int_equal(c.year, 2025);

	/* --year given: the first stamp's year, rolled over all the same. */
	memset(&c, 0, sizeof(c));
	c.year = 2024;
	res_is(&c, "Dec 31 23:59:59", "2024-12-31T23:59:59.000Z");
	res_is(&c, "Jan  1 00:00:01", "2025-01-01T00:00:01.000Z");

	/* No year: guessed from the mtime, then rolled over. */
	memset(&c, 0, sizeof(c));
	c.mtime = wake_days_from_civil(2025, 1, 15) * 86400;
	res_is(&c, "Dec 30 10:00:00", "2024-12-30T10:00:00.000Z");
	assert_int_equal(c.year, 2024);
	res_is(&c, "Jan 14 10:00:00", "2025-01-14T10:00:00.000Z");

	/* Yearless with an offset still takes the context's year. */
	memset(&c, 0, sizeof(c));
	c.year = 2024;
	assert_int_equal(wake_time_scan_layout("%b %d %H:%M:%S %z",
	    "Feb 22 03:58:12 +0100", 21, &tm), 21);
	assert_int_equal(wk_resolve(&c, &tm, &ts), WAKE_OK);
	assert_true(ts == 1708570692 * NS);
	assert_int_equal(c.tzflags, 0);
	assert_int_equal(c.last_mon, 2);
}

TEST(wk_resolve_tzflags)
{
	struct wk_pctx c;
	struct wake_tz *tz;
	const char *why;

	assert_int_equal(wake_tz_open("UTC", &tz, &why), WAKE_OK);
	memset(&c, 0, sizeof(c));
	c.year = 2024;
	c.tz = tz;
	c.tzflags = -1;
	res(&c, "1708595892");
	assert_int_equal(c.tzflags, 0);
	res(&c, "2024-02-22T09:58:12+09:00");
	assert_int_equal(c.tzflags, 0);
	res(&c, "Feb 22 03:58:12");
	assert_int_equal(c.tzflags, WK_TZ_ASSUMED);
	res(&c, "2024-02-22 09:58:12");
	assert_int_equal(c.tzflags, WK_TZ_ASSUMED);
	c.tz = NULL;
	res(&c, "2024-02-22 09:58:12");
	assert_int_equal(c.tzflags, 0);
	wake_tz_free(tz);
}

static void
arg_is(const char *s, wake_time_t want, int rel)
{
	wake_time_t ts = 0;
	int r = -1;

	if (wake_time_parse_arg(s, NULL, &ts, &r) != WAKE_OK)
		fail_msg("\"%s\" refused", s);
	if (ts != want || r != rel)
		fail_msg("\"%s\": got %lld rel %d", s, (long long)ts, r);
}

static void
arg_bad(const char *s)
{
	wake_time_t ts;
	int r;

	if (wake_time_parse_arg(s, NULL, &ts, &r) != WAKE_ERR_USAGE)
		fail_msg("\"%s\" accepted", s);
}

TEST(time_parse_arg)
{
	arg_is("2024-02-22T09:58:12Z", 1708595892 * NS, 0);
	arg_is("2024-02-22T09:58:12+09:00", (1708595892 - 32400) * NS, 0);
	arg_is("2024-02-22T09:58:12.5Z", 1708595892 * NS + NS / 2, 0);
	arg_is("2024-02-22 09:58:12", 1708595892 * NS, 0);
	arg_is("2024-02-22 09:58", 1708595880 * NS, 0);
	arg_is("2024-02-22T09:58", 1708595880 * NS, 0);
	arg_is("2024-02-22 09:58 +0100", (1708595880 - 3600) * NS, 0);
	arg_is("2024-02-22", 1708560000 * NS, 0);
	arg_is("@1708595892", 1708595892 * NS, 0);
	arg_is("@1708595892.25", 1708595892 * NS + NS / 4, 0);
	arg_is("@0", 0, 0);
	arg_is("@-86400", -86400 * NS, 0);
	arg_is("1708595892", 1708595892 * NS, 0);
	arg_is("1708595892123", 1708595892123000000LL, 0);
	arg_is("1708595892123456789", 1708595892123456789LL, 0);
	arg_is("-2h", -7200 * NS, 1);
	arg_is("+30m", 1800 * NS, 1);
	arg_is("7d", 7 * 86400 * NS, 1);
	arg_is("1h30m", 5400 * NS, 1);
	arg_is("-90", -90 * NS, 1);
	arg_bad("");
	arg_bad("yesterday");
	arg_bad("2024");
	arg_bad("90");
	arg_bad("2024-02-30");
	arg_bad("2024-02-22T25:00");
	arg_bad("2024-02-22 09:58:12 junk");
	arg_bad("2024-02-22T09:5");
	arg_bad("-");
	arg_bad("@");
	arg_bad("@x");
	arg_bad("@12x");
	arg_bad("17085958921234");
	arg_bad("99999999999999999999");
	arg_bad("999999999999");
}

static void
dur_is(const char *s, int64_t want)
{
	int64_t ns = 0;

	if (wake_duration_parse(s, &ns) != WAKE_OK)
		fail_msg("\"%s\" refused", s);
	if (ns != want)
		fail_msg("\"%s\": got %lld want %lld", s, (long long)ns,
		    (long long)want);
}

static void
dur_bad(const char *s)
{
	int64_t ns;

	if (wake_duration_parse(s, &ns) != WAKE_ERR_USAGE)
		fail_msg("\"%s\" accepted", s);
}

static void
dfmt_is(int64_t ns, const char *want)
{
	char buf[32];

	wake_duration_format(ns, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

TEST(durations)
{
	char small[4];

	dur_is("90s", 90 * NS);
	dur_is("10m", 600 * NS);
	dur_is("1h30m", 5400 * NS);
	dur_is("2d", 2 * 86400 * NS);
	dur_is("1w", 7 * 86400 * NS);
	dur_is("500ms", NS / 2);
	dur_is("250us", 250000);
	dur_is("10ns", 10);
	dur_is("1.5h", 5400 * NS);
	dur_is("0.5s", NS / 2);
	dur_is(".5s", NS / 2);
	dur_is("90", 90 * NS);
	dur_is("1.25", NS + NS / 4);
	dur_is("-90s", -90 * NS);
	dur_is("+1h", 3600 * NS);
	dur_is("1d2h3m4s5ms", (86400 + 7200 + 180 + 4) * NS + 5000000);
	dur_is("0", 0);
	dur_bad("");
	dur_bad("-");
	dur_bad("h");
	dur_bad("1x");
	dur_bad("1h30");
	dur_bad("1.h");
	dur_bad("1..5s");
	dur_bad("1e3s");
	dur_bad("1 h");
	dur_bad("99999999999999999999s");
	dur_bad("100000000000d");
	dur_bad("5000000000000000000ns5000000000000000000ns");

	dfmt_is(0, "0s");
	dfmt_is(45 * NS + 700000000, "45s");
	dfmt_is(90 * NS, "1m30s");
	dfmt_is(3720 * NS, "1h02m");
	dfmt_is((3 * 86400 + 4 * 3600 + 59) * NS, "3d04h");
	dfmt_is(NS / 2, "500ms");
	dfmt_is(1500, "1us");
	dfmt_is(7, "7ns");
	dfmt_is(-3720 * NS, "-1h02m");
	dfmt_is(INT64_MIN, "-106751d23h");
	wake_duration_format(3720 * NS, small, sizeof(small));
	assert_string_equal(small, "1h0");
	wake_duration_format(3720 * NS, small, 0);
}
