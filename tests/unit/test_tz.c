/*
 * Time zones: TZif files, POSIX TZ strings, DST gaps and repeated
 * hours, the per-hour cache.  Tests needing tzdata skip when it is
 * absent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "test.h"
#include "internal.h"

#define NS 1000000000LL

static const char *
tzdir(void)
{
	const char *d = getenv("TZDIR");

	return d != NULL && *d != '\0' ? d : "/usr/share/zoneinfo";
}

/* Skip the test unless tzdata holds the zone. */
static void
need(const char *zone)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", tzdir(), zone);
	if (stat(path, &st) != 0)
		skip();
}

static struct wake_tz *
zone(const char *name)
{
	struct wake_tz *tz = NULL;
	const char *why = NULL;

	if (wake_tz_open(name, &tz, &why) != WAKE_OK)
		fail_msg("%s: %s", name, why ? why : "?");
	return tz;
}

/* Local civil time as seconds. */
static int64_t
lt(int y, int mo, int d, int h, int mi)
{
	return wake_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

/* Local time in tz must map to UTC want ("...Z") with flags. */
static void
to_utc_(struct wake_tz *tz, int64_t local, const char *want, int wflags,
    int line)
{
	char buf[25];
	int64_t u;
	int f = -1, f2 = -1;

	u = wake_tz_to_utc(tz, local, &f);
	wake_time_format(u * NS, buf);
	if (strcmp(buf, want) != 0 || f != wflags)
		fail_msg("line %d: %s: got %s flags %d, want %s flags %d",
		    line, wake_tz_name(tz), buf, f, want, wflags);
	/* Again, now perhaps from the cache, and without it. */
	assert_true(wake_tz_to_utc(tz, local, &f) == u);
	assert_int_equal(f, wflags);
	assert_true(wk_tz_to_utc_nocache(tz, local, &f2) == u);
	assert_int_equal(f2, wflags);
}
#define TO_UTC(tz, l, w, f) to_utc_(tz, l, w, f, __LINE__)

TEST(utc_without_files)
{
	static const char *const names[] = { "UTC", "Z", "GMT", "utc" };
	char *old = getenv("TZDIR") ? strdup(getenv("TZDIR")) : NULL;
	struct wake_tz *tz;
	const char *why;
	size_t i;

	setenv("TZDIR", "/nonexistent/zoneinfo", 1);
	for (i = 0; i < WK_NELEM(names); i++) {
		assert_int_equal(wake_tz_open(names[i], &tz, &why), WAKE_OK);
		assert_string_equal(wake_tz_name(tz), names[i]);
		assert_int_equal(wake_tz_offset(tz, 1708595892), 0);
		assert_true(wake_tz_to_utc(tz, 1708595892, NULL) ==
		    1708595892);
		wake_tz_free(tz);
	}
	why = NULL;
	assert_int_equal(wake_tz_open("America/New_York", &tz, &why),
	    WAKE_ERR_USAGE);
	assert_null(tz);
	assert_non_null(why);
	/* POSIX strings need no files either. */
	assert_int_equal(wake_tz_open("JST-9", &tz, &why), WAKE_OK);
	assert_int_equal(wake_tz_offset(tz, 0), 32400);
	wake_tz_free(tz);
	if (old != NULL) {
		setenv("TZDIR", old, 1);
		free(old);
	} else
		unsetenv("TZDIR");
	wake_tz_free(NULL);
	assert_string_equal(wake_tz_name(NULL), "UTC");
}

TEST(bad_names)
{
	static const char *const names[] = {
		"../etc/passwd", "/etc/localtime", "America/../UTC",
		"Mars/Olympus_Mons", "America", "Nonsense", "EST5EDT,M3",
		"<+0330", "A1"
	};
	struct wake_tz *tz;
	const char *why;
	size_t i;

	for (i = 0; i < WK_NELEM(names); i++) {
		why = NULL;
		tz = (struct wake_tz *)1;
		if (wake_tz_open(names[i], &tz, &why) != WAKE_ERR_USAGE)
			fail_msg("\"%s\" opened", names[i]);
		assert_null(tz);
		assert_non_null(why);
	}
	/* why may be NULL. */
	assert_int_equal(wake_tz_open("../x", &tz, NULL), WAKE_ERR_USAGE);
}

TEST(new_york)
{
	struct wake_tz *tz;

	need("America/New_York");
	tz = zone("America/New_York");
	assert_string_equal(wake_tz_name(tz), "America/New_York");
	/* Spring forward 2024-03-10 02:00 -> 03:00. */
	TO_UTC(tz, lt(2024, 3, 10, 1, 59) + 59, "2024-03-10T06:59:59.000Z",
	    0);
	TO_UTC(tz, lt(2024, 3, 10, 2, 30), "2024-03-10T07:30:00.000Z",
	    WAKE_TZ_GAP);
	TO_UTC(tz, lt(2024, 3, 10, 2, 0), "2024-03-10T07:00:00.000Z",
	    WAKE_TZ_GAP);
	TO_UTC(tz, lt(2024, 3, 10, 3, 0), "2024-03-10T07:00:00.000Z", 0);
	/* Fall back 2024-11-03 02:00 -> 01:00: the earlier instant. */
	TO_UTC(tz, lt(2024, 11, 3, 0, 59), "2024-11-03T04:59:00.000Z", 0);
	TO_UTC(tz, lt(2024, 11, 3, 1, 0), "2024-11-03T05:00:00.000Z",
	    WAKE_TZ_AMBIGUOUS);
	TO_UTC(tz, lt(2024, 11, 3, 1, 30), "2024-11-03T05:30:00.000Z",
	    WAKE_TZ_AMBIGUOUS);
	TO_UTC(tz, lt(2024, 11, 3, 2, 0), "2024-11-03T07:00:00.000Z", 0);
	TO_UTC(tz, lt(2024, 7, 4, 12, 0), "2024-07-04T16:00:00.000Z", 0);
	TO_UTC(tz, lt(2024, 1, 4, 12, 0), "2024-01-04T17:00:00.000Z", 0);
	assert_int_equal(wake_tz_offset(tz, 1710053999), -18000);
	assert_int_equal(wake_tz_offset(tz, 1710054000), -14400);
	/* Before 1970: DST of 1960 (Apr 24 - Oct 30). */
	TO_UTC(tz, lt(1960, 7, 1, 12, 0), "1960-07-01T16:00:00.000Z", 0);
	TO_UTC(tz, lt(1960, 12, 1, 12, 0), "1960-12-01T17:00:00.000Z", 0);
	TO_UTC(tz, lt(1960, 4, 24, 2, 30), "1960-04-24T07:30:00.000Z",
	    WAKE_TZ_GAP);
	/* Far ahead, past any table: the footer's rules. */
	TO_UTC(tz, lt(2030, 3, 10, 2, 30), "2030-03-10T07:30:00.000Z",
	    WAKE_TZ_GAP);
	TO_UTC(tz, lt(2030, 11, 3, 1, 30), "2030-11-03T05:30:00.000Z",
	    WAKE_TZ_AMBIGUOUS);
	TO_UTC(tz, lt(2050, 7, 1, 12, 0), "2050-07-01T16:00:00.000Z", 0);
	TO_UTC(tz, lt(2050, 3, 13, 2, 30), "2050-03-13T07:30:00.000Z",
	    WAKE_TZ_GAP);
	wake_tz_free(tz);
}

TEST(london)
{
	struct wake_tz *tz;

	need("Europe/London");
	tz = zone("Europe/London");
	TO_UTC(tz, lt(2024, 3, 31, 0, 59), "2024-03-31T00:59:00.000Z", 0);
	TO_UTC(tz, lt(2024, 3, 31, 1, 30), "2024-03-31T01:30:00.000Z",
	    WAKE_TZ_GAP);
	TO_UTC(tz, lt(2024, 3, 31, 2, 0), "2024-03-31T01:00:00.000Z", 0);
	TO_UTC(tz, lt(2024, 10, 27, 1, 30), "2024-10-27T00:30:00.000Z",
	    WAKE_TZ_AMBIGUOUS);
	TO_UTC(tz, lt(2024, 10, 27, 2, 0), "2024-10-27T02:00:00.000Z", 0);
	TO_UTC(tz, lt(2024, 7, 1, 12, 0), "2024-07-01T11:00:00.000Z", 0);
	/* British Standard Time: +1 all year 1968-10-27 to 1971-10-31. */
	TO_UTC(tz, lt(1969, 12, 25, 12, 0), "1969-12-25T11:00:00.000Z", 0);
	wake_tz_free(tz);
}

TEST(lord_howe)
{
	struct wake_tz *tz;

	need("Australia/Lord_Howe");
	tz = zone("Australia/Lord_Howe");
	/* Half-hour DST: +10:30 standard, +11 summer. */
	TO_UTC(tz, lt(2024, 7, 1, 12, 0), "2024-07-01T01:30:00.000Z", 0);
	TO_UTC(tz, lt(2024, 1, 1, 12, 0), "2024-01-01T01:00:00.000Z", 0);
	/* 2024-10-06 02:00 -> 02:30. */
	TO_UTC(tz, lt(2024, 10, 6, 1, 59), "2024-10-05T15:29:00.000Z", 0);
	TO_UTC(tz, lt(2024, 10, 6, 2, 15), "2024-10-05T15:45:00.000Z",
	    WAKE_TZ_GAP);
	TO_UTC(tz, lt(2024, 10, 6, 2, 30), "2024-10-05T15:30:00.000Z", 0);
	/* 2024-04-07 02:00 -> 01:30. */
	TO_UTC(tz, lt(2024, 4, 7, 1, 29), "2024-04-06T14:29:00.000Z", 0);
	TO_UTC(tz, lt(2024, 4, 7, 1, 45), "2024-04-06T14:45:00.000Z",
	    WAKE_TZ_AMBIGUOUS);
	TO_UTC(tz, lt(2024, 4, 7, 2, 0), "2024-04-06T15:30:00.000Z", 0);
	assert_int_equal(wake_tz_offset(tz, 1712415599), 39600);
	assert_int_equal(wake_tz_offset(tz, 1712415600), 37800);
	wake_tz_free(tz);
}

TEST(tokyo)
{
	struct wake_tz *tz;

	need("Asia/Tokyo");
	tz = zone("Asia/Tokyo");
	TO_UTC(tz, lt(2024, 2, 22, 9, 58), "2024-02-22T00:58:00.000Z", 0);
	TO_UTC(tz, lt(2030, 6, 1, 0, 0), "2030-05-31T15:00:00.000Z", 0);
	TO_UTC(tz, lt(1960, 1, 1, 0, 0), "1959-12-31T15:00:00.000Z", 0);
	/* Japan's DST of 1948-1951. */
	TO_UTC(tz, lt(1950, 7, 1, 12, 0), "1950-07-01T02:00:00.000Z", 0);
	assert_int_equal(wake_tz_offset(tz, 0), 32400);
	wake_tz_free(tz);
}

/*
 * Every quarter hour of 2024 in Chicago, through the cache, against a
 * brute force built only on UTC->local lookups: each offset the zone
 * uses is tried and the earliest that fits is the answer.
 */
static int64_t
brute(struct wake_tz *tz, int64_t l, int *flags)
{
	static const int32_t offs[] = { -18000, -21600 };	/* CDT first */
	int n = 0, i;
	int64_t u = 0;

	for (i = 0; i < 2; i++)
		if (wake_tz_offset(tz, l - offs[i]) == offs[i] && n++ == 0)
			u = l - offs[i];
	*flags = n == 0 ? WAKE_TZ_GAP : n > 1 ? WAKE_TZ_AMBIGUOUS : 0;
	return n == 0 ? l + 21600 : u;
}

static void
chicago_pass(struct wake_tz *tz, struct wake_tz *ref, int order, int *gaps,
    int *amb)
{
	int64_t start = lt(2024, 1, 1, 0, 0), l, u, b;
	int64_t steps = 366 * 96, i, j;
	int f, bf;

	*gaps = *amb = 0;
	for (i = 0; i < steps; i++) {
		j = order == 0 ? i : order == 1 ? steps - 1 - i :
		    (i * 7919) % steps;
		l = start + j * 900;
		u = wake_tz_to_utc(tz, l, &f);
		b = brute(ref, l, &bf);
		if (u != b || f != bf)
			fail_msg("local %lld: cache %lld/%d, brute %lld/%d",
			    (long long)l, (long long)u, f, (long long)b, bf);
		*gaps += f == WAKE_TZ_GAP;
		*amb += f == WAKE_TZ_AMBIGUOUS;
	}
}

TEST(cache_matches_brute_force)
{
	struct wake_tz *tz, *ref;
	int gaps, amb, order;

	need("America/Chicago");
	tz = zone("America/Chicago");
	ref = zone("America/Chicago");
	for (order = 0; order < 3; order++) {
		chicago_pass(tz, ref, order, &gaps, &amb);
		/* 02:00-02:45 on Mar 10, 01:00-01:45 on Nov 3. */
		assert_int_equal(gaps, 4);
		assert_int_equal(amb, 4);
	}
	wake_tz_free(tz);
	wake_tz_free(ref);
}

/* The C library reads the same files: offsets must agree. */
TEST(offsets_match_libc)
{
	static const char *const zones[] = {
		"America/New_York", "Europe/London", "Australia/Lord_Howe",
		"Asia/Tokyo", "America/Sao_Paulo", "Pacific/Chatham",
		"Asia/Tehran"
	};
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	struct wake_tz *tz;
	struct tm tm;
	time_t tt;
	int64_t t;
	size_t z;
	int i;

	for (z = 0; z < WK_NELEM(zones); z++) {
		need(zones[z]);
		tz = zone(zones[z]);
		setenv("TZ", zones[z], 1);
		tzset();
		/* 1900 to 2100 in uneven steps. */
		for (i = 0, t = -2208988800LL; t < 4102444800LL;
		    t += 86400 * 3 + 3607 + i++ % 1800) {
			tt = (time_t)t;
			localtime_r(&tt, &tm);
			if (wake_tz_offset(tz, t) != tm.tm_gmtoff)
				fail_msg("%s at %lld: %d, libc %ld", zones[z],
				    (long long)t, wake_tz_offset(tz, t),
				    (long)tm.tm_gmtoff);
		}
		wake_tz_free(tz);
	}
	if (old != NULL) {
		setenv("TZ", old, 1);
		free(old);
	} else
		unsetenv("TZ");
	tzset();
}

static struct wake_tz *
px(const char *s)
{
	struct wake_tz *tz = NULL;

	if (wk_tz_from_posix(s, strlen(s), &tz) != WAKE_OK)
		fail_msg("\"%s\" refused", s);
	return tz;
}

TEST(posix_strings)
{
	static const char *const bad[] = {
		"", "EST", "E5", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0",
		"EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0",
		"EST5EDT,J0,J100", "EST5EDT,366,100", "EST25", "<>5",
		"<+03", "EST5EDT,M3.2.0/200,M11.1.0", "EST5EDT,M3.2.0,M11.1.0x",
		"EST5:60"
	};
	struct wake_tz *tz, *ny;
	int64_t t;
	size_t i;

	for (i = 0; i < WK_NELEM(bad); i++)
		if (wk_tz_from_posix(bad[i], strlen(bad[i]), &tz) !=
		    WAKE_ERR_FORMAT)
			fail_msg("\"%s\" accepted", bad[i]);
	tz = px("<+0330>-3:30");
	assert_int_equal(wake_tz_offset(tz, 0), 12600);
	TO_UTC(tz, lt(2024, 6, 1, 3, 30), "2024-06-01T00:00:00.000Z", 0);
	wake_tz_free(tz);
	tz = px("<-03>3");
	assert_int_equal(wake_tz_offset(tz, 0), -10800);
	wake_tz_free(tz);

	/* US rules, also when none are written. */
	tz = px("EST5EDT,M3.2.0,M11.1.0");
	TO_UTC(tz, lt(2024, 3, 10, 2, 30), "2024-03-10T07:30:00.000Z",
	    WAKE_TZ_GAP);
	TO_UTC(tz, lt(2024, 11, 3, 1, 30), "2024-11-03T05:30:00.000Z",
	    WAKE_TZ_AMBIGUOUS);
	TO_UTC(tz, lt(2030, 3, 10, 2, 30), "2030-03-10T07:30:00.000Z",
	    WAKE_TZ_GAP);
	wake_tz_free(tz);
	tz = px("EST5EDT");
	TO_UTC(tz, lt(2024, 11, 3, 1, 30), "2024-11-03T05:30:00.000Z",
	    WAKE_TZ_AMBIGUOUS);
	wake_tz_free(tz);

	/* Jn skips Feb 29; n counts it (from 0). */
	tz = px("XXX3YYY,J60/2,300/2");
	assert_int_equal(wake_tz_offset(tz, lt(2024, 3, 1, 4, 59)), -10800);
	assert_int_equal(wake_tz_offset(tz, lt(2024, 3, 1, 5, 0)), -7200);
	assert_int_equal(wake_tz_offset(tz, lt(2023, 3, 1, 5, 0)), -7200);
	assert_int_equal(wake_tz_offset(tz, lt(2023, 2, 28, 5, 0)), -10800);
	/* Day 300 is Oct 27 in a leap year, Oct 28 otherwise. */
	assert_int_equal(wake_tz_offset(tz, lt(2024, 10, 27, 3, 59)), -7200);
	assert_int_equal(wake_tz_offset(tz, lt(2024, 10, 27, 4, 0)), -10800);
	assert_int_equal(wake_tz_offset(tz, lt(2023, 10, 28, 3, 59)), -7200);
	assert_int_equal(wake_tz_offset(tz, lt(2023, 10, 28, 4, 0)), -10800);
	wake_tz_free(tz);

	/* Southern hemisphere, with a /time, and 30-minute DST. */
	tz = px("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
	TO_UTC(tz, lt(2024, 10, 6, 2, 15), "2024-10-05T15:45:00.000Z",
	    WAKE_TZ_GAP);
	TO_UTC(tz, lt(2024, 4, 7, 1, 45), "2024-04-06T14:45:00.000Z",
	    WAKE_TZ_AMBIGUOUS);
	TO_UTC(tz, lt(2025, 1, 1, 0, 30), "2024-12-31T13:30:00.000Z", 0);
	wake_tz_free(tz);

	/* Permanent DST written as a whole-year rule (RFC 8536). */
	tz = px("EST5EDT,0/0,J365/25");
	for (t = lt(2020, 1, 1, 0, 0); t < lt(2026, 1, 1, 0, 0); t += 3599)
		assert_int_equal(wake_tz_offset(tz, t), -14400);
	wake_tz_free(tz);

	/* The footer agrees with New York's table where both exist. */
	need("America/New_York");
	ny = zone("America/New_York");
	tz = px("EST5EDT,M3.2.0,M11.1.0");
	for (t = lt(2008, 1, 1, 0, 0); t < lt(2037, 1, 1, 0, 0); t += 1799)
		assert_int_equal(wake_tz_offset(tz, t), wake_tz_offset(ny, t));
	wake_tz_free(tz);
	wake_tz_free(ny);
}

/* ---- TZif files built by hand ---- */

struct tzb {
	unsigned char	p[4096];
	size_t		n;
};

static void
b32(struct tzb *b, uint32_t v)
{
	b->p[b->n++] = (unsigned char)(v >> 24);
	b->p[b->n++] = (unsigned char)(v >> 16);
	b->p[b->n++] = (unsigned char)(v >> 8);
	b->p[b->n++] = (unsigned char)v;
}

static void
bhead(struct tzb *b, int ver, uint32_t time, uint32_t type, uint32_t chars)
{
	memcpy(b->p + b->n, "TZif", 4);
	b->p[b->n + 4] = (unsigned char)ver;
	memset(b->p + b->n + 5, 0, 15);
	b->n += 20;
	b32(b, 0);
	b32(b, 0);
	b32(b, 0);
	b32(b, time);
	b32(b, type);
	b32(b, chars);
}

/*
 * A version 2 file: a minimal version 1 block, then transitions tt
 * (types ti) among types off/dst, then the footer.
 */
static void
mk_tzif(struct tzb *b, const int64_t *tt, const uint8_t *ti, size_t ntt,
    const int32_t *off, const uint8_t *dst, size_t ntype, const char *footer)
{
	size_t i;

	b->n = 0;
	bhead(b, '2', 0, 1, 1);
	b32(b, 0);
	b->p[b->n++] = 0;
	b->p[b->n++] = 0;
	b->p[b->n++] = 0;
	bhead(b, '2', (uint32_t)ntt, (uint32_t)ntype, 4);
	for (i = 0; i < ntt; i++) {
		b32(b, (uint32_t)((uint64_t)tt[i] >> 32));
		b32(b, (uint32_t)tt[i]);
	}
	for (i = 0; i < ntt; i++)
		b->p[b->n++] = ti[i];
	for (i = 0; i < ntype; i++) {
		b32(b, (uint32_t)off[i]);
		b->p[b->n++] = dst[i];
		b->p[b->n++] = 0;
	}
	memcpy(b->p + b->n, "ABC", 4);
	b->n += 4;
	b->p[b->n++] = '\n';
	memcpy(b->p + b->n, footer, strlen(footer));
	b->n += strlen(footer);
	b->p[b->n++] = '\n';
}

/* A "slim" New York: two 2007 transitions, the rest in the footer. */
static void
mk_slim_ny(struct tzb *b)
{
	static const int64_t tt[] = { 1173596400, 1194156000 };
	static const uint8_t ti[] = { 1, 0 };
	static const int32_t off[] = { -18000, -14400 };
	static const uint8_t dst[] = { 0, 1 };

	mk_tzif(b, tt, ti, 2, off, dst, 2, "EST5EDT,M3.2.0,M11.1.0");
}

static unsigned char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;
	long len;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)len);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return p;
}

TEST(slim_file_uses_footer)
{
	struct tzb b;
	struct wake_tz *tz, *ny;
	int64_t t;

	mk_slim_ny(&b);
	assert_int_equal(wk_tz_from_tzif(b.p, b.n, "slim", &tz), WAKE_OK);
	assert_string_equal(wake_tz_name(tz), "slim");
	TO_UTC(tz, lt(2030, 3, 10, 2, 30), "2030-03-10T07:30:00.000Z",
	    WAKE_TZ_GAP);
	TO_UTC(tz, lt(2030, 11, 3, 1, 30), "2030-11-03T05:30:00.000Z",
	    WAKE_TZ_AMBIGUOUS);
	TO_UTC(tz, lt(2030, 7, 1, 12, 0), "2030-07-01T16:00:00.000Z", 0);
	TO_UTC(tz, lt(2007, 7, 1, 12, 0), "2007-07-01T16:00:00.000Z", 0);
	need("America/New_York");
	ny = zone("America/New_York");
	for (t = lt(2007, 1, 1, 0, 0); t < lt(2040, 1, 1, 0, 0); t += 1799)
		assert_int_equal(wake_tz_offset(tz, t), wake_tz_offset(ny, t));
	wake_tz_free(ny);
	wake_tz_free(tz);
}

TEST(v1_only_file)
{
	char path[4096];
	unsigned char *p;
	struct wake_tz *v1, *full;
	size_t n = 0, len;
	uint32_t c[6];
	int64_t t;
	int i;

	need("America/New_York");
	snprintf(path, sizeof(path), "%s/America/New_York", tzdir());
	assert_non_null(p = slurp(path, &n));
	for (i = 0; i < 6; i++)
		c[i] = (uint32_t)p[20 + 4 * i] << 24 |
		    (uint32_t)p[21 + 4 * i] << 16 |
		    (uint32_t)p[22 + 4 * i] << 8 | p[23 + 4 * i];
	if (c[3] == 0) {
		/* A slim file has no 32-bit data to test. */
		free(p);
		skip();
	}
	len = 44 + c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
	p[4] = 0;
	assert_int_equal(wk_tz_from_tzif(p, len, "v1", &v1), WAKE_OK);
	p[4] = '2';
	assert_int_equal(wk_tz_from_tzif(p, n, "v2", &full), WAKE_OK);
	for (t = -2147483647LL; t < 2147483647LL; t += 86400 * 5 + 3541)
		assert_int_equal(wake_tz_offset(v1, t),
		    wake_tz_offset(full, t));
	wake_tz_free(v1);
	wake_tz_free(full);
	free(p);
}

TEST(malformed_files)
{
	static const int64_t tt[] = { 100, 50 };
	static const uint8_t ti[] = { 0, 0 }, ti_bad[] = { 0, 2 };
	static const int32_t off[] = { 0, 3600 }, huge[] = { 0, 90000 };
	static const uint8_t dst[] = { 0, 1 };
	static const int64_t ok_tt[] = { 50, 100 };
	struct tzb b;
	struct wake_tz *tz;
	size_t k;

	/* Unsorted transitions, a type out of range, a wild offset. */
	mk_tzif(&b, tt, ti, 2, off, dst, 2, "");
	assert_int_equal(wk_tz_from_tzif(b.p, b.n, "x", &tz),
	    WAKE_ERR_FORMAT);
	mk_tzif(&b, ok_tt, ti_bad, 2, off, dst, 2, "");
	assert_int_equal(wk_tz_from_tzif(b.p, b.n, "x", &tz),
	    WAKE_ERR_FORMAT);
	mk_tzif(&b, ok_tt, ti, 2, huge, dst, 2, "");
	assert_int_equal(wk_tz_from_tzif(b.p, b.n, "x", &tz),
	    WAKE_ERR_FORMAT);
	/* No types at all. */
	mk_tzif(&b, NULL, NULL, 0, off, dst, 0, "");
	assert_int_equal(wk_tz_from_tzif(b.p, b.n, "x", &tz),
	    WAKE_ERR_FORMAT);
	/* A bad footer is ignored; the table still holds. */
	mk_tzif(&b, ok_tt, ti, 2, off, dst, 2, "junk,,");
	assert_int_equal(wk_tz_from_tzif(b.p, b.n, "x", &tz), WAKE_OK);
	assert_int_equal(wake_tz_offset(tz, 1000), 0);
	wake_tz_free(tz);
	/* Every truncation of a good file fails cleanly or holds. */
	mk_slim_ny(&b);
	for (k = 0; k < b.n; k++) {
		unsigned char *p = malloc(k ? k : 1);

		assert_non_null(p);
		memcpy(p, b.p, k);
		if (wk_tz_from_tzif(p, k, "t", &tz) == WAKE_OK) {
			(void)wake_tz_offset(tz, 1900000000);
			(void)wake_tz_to_utc(tz, 1900000000, NULL);
			wake_tz_free(tz);
		}
		free(p);
	}
	b.p[0] = 'X';
	assert_int_equal(wk_tz_from_tzif(b.p, b.n, "x", &tz),
	    WAKE_ERR_FORMAT);
}

/* Through wake_tz_open() with a private TZDIR. */
TEST(tzdir_files)
{
	char dir[] = "/tmp/wake-tzdir-XXXXXX", path[4096];
	char *old = getenv("TZDIR") ? strdup(getenv("TZDIR")) : NULL;
	struct wake_tz *tz;
	const char *why;
	struct tzb b;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	mk_slim_ny(&b);
	snprintf(path, sizeof(path), "%s/Slim", dir);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(b.p, 1, b.n, f), b.n);
	fclose(f);
	snprintf(path, sizeof(path), "%s/Junk", dir);
	assert_non_null(f = fopen(path, "wb"));
	fputs("this is not a zone file, not at all, no, not even close\n", f);
	fclose(f);
	setenv("TZDIR", dir, 1);
	assert_int_equal(wake_tz_open("Slim", &tz, &why), WAKE_OK);
	assert_int_equal(wake_tz_offset(tz, 1900000000), -14400);
	wake_tz_free(tz);
	why = NULL;
	assert_int_equal(wake_tz_open("Junk", &tz, &why), WAKE_ERR_USAGE);
	assert_string_equal(why, "not a time zone file");
	assert_int_equal(wake_tz_open("Missing", &tz, &why), WAKE_ERR_USAGE);
	assert_string_equal(why, "unknown time zone");
	unlink(path);
	snprintf(path, sizeof(path), "%s/Slim", dir);
	unlink(path);
	rmdir(dir);
	if (old != NULL) {
		setenv("TZDIR", old, 1);
		free(old);
	} else
		unsetenv("TZDIR");
}

TEST(default_zone_from_env)
{
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	char path[4096];
	struct wake_tz *tz;
	const char *why;

	setenv("TZ", "", 1);
	assert_int_equal(wake_tz_open(NULL, &tz, &why), WAKE_OK);
	assert_string_equal(wake_tz_name(tz), "UTC");
	wake_tz_free(tz);
	setenv("TZ", "<+0545>-5:45", 1);
	assert_int_equal(wake_tz_open("", &tz, &why), WAKE_OK);
	assert_int_equal(wake_tz_offset(tz, 0), 20700);
	wake_tz_free(tz);
	setenv("TZ", "../x", 1);
	assert_int_equal(wake_tz_open(NULL, &tz, &why), WAKE_ERR_USAGE);
	unsetenv("TZ");
	/* /etc/localtime, or UTC without it: either way a zone. */
	assert_int_equal(wake_tz_open(NULL, &tz, &why), WAKE_OK);
	assert_non_null(wake_tz_name(tz));
	wake_tz_free(tz);
	if (access("/usr/share/zoneinfo/Asia/Tokyo", R_OK) == 0 &&
	    getenv("TZDIR") == NULL) {
		setenv("TZ", ":Asia/Tokyo", 1);
		assert_int_equal(wake_tz_open(NULL, &tz, &why), WAKE_OK);
		assert_string_equal(wake_tz_name(tz), "Asia/Tokyo");
		assert_int_equal(wake_tz_offset(tz, 1708595892), 32400);
		wake_tz_free(tz);
		snprintf(path, sizeof(path),
		    ":/usr/share/zoneinfo/Asia/Tokyo");
		setenv("TZ", path, 1);
		assert_int_equal(wake_tz_open(NULL, &tz, &why), WAKE_OK);
		assert_string_equal(wake_tz_name(tz), "Asia/Tokyo");
		wake_tz_free(tz);
	}
	if (old != NULL) {
		setenv("TZ", old, 1);
		free(old);
	} else
		unsetenv("TZ");
}

TEST(resolve_in_zone)
{
	struct wk_pctx c;
	struct wake_tm tm;
	struct wake_tz *tz;
	wake_time_t ts;
	int rel, f;
	char buf[25];

	need("America/New_York");
	tz = zone("America/New_York");
	memset(&c, 0, sizeof(c));
	c.tz = tz;
	c.year = 2024;
	assert_int_equal(wake_time_scan("Mar 10 02:30:00 host x", 22,
	    WAKE_TL_ALL, &tm, NULL), 15);
	assert_int_equal(wk_resolve(&c, &tm, &ts), WAKE_OK);
	assert_int_equal(c.tzflags, WK_TZ_ASSUMED | WAKE_TZ_GAP);
	wake_time_format(ts, buf);
	assert_string_equal(buf, "2024-03-10T07:30:00.000Z");
	assert_int_equal(wake_time_scan("2024-11-03 01:30:00.250", 23,
	    WAKE_TL_ALL, &tm, NULL), 23);
	assert_int_equal(wk_resolve(&c, &tm, &ts), WAKE_OK);
	assert_int_equal(c.tzflags, WK_TZ_ASSUMED | WAKE_TZ_AMBIGUOUS);
	wake_time_format(ts, buf);
	assert_string_equal(buf, "2024-11-03T05:30:00.250Z");
	assert_int_equal(wake_tm_resolve(&tm, tz, 0, &ts, &f), WAKE_OK);
	assert_int_equal(f, WAKE_TZ_AMBIGUOUS);
	/* Command-line times are in the zone too, unless they say. */
	assert_int_equal(wake_time_parse_arg("2024-07-04 12:00", tz, &ts,
	    &rel), WAKE_OK);
	assert_int_equal(rel, 0);
	wake_time_format(ts, buf);
	assert_string_equal(buf, "2024-07-04T16:00:00.000Z");
	assert_int_equal(wake_time_parse_arg("2024-07-04T12:00:00Z", tz, &ts,
	    &rel), WAKE_OK);
	wake_time_format(ts, buf);
	assert_string_equal(buf, "2024-07-04T12:00:00.000Z");
	assert_int_equal(wake_time_parse_arg("2024-12-24", tz, &ts, &rel),
	    WAKE_OK);
	wake_time_format(ts, buf);
	assert_string_equal(buf, "2024-12-24T05:00:00.000Z");
	wake_tz_free(tz);
}

TEST(extreme_inputs)
{
	struct wake_tz *tz;
	int f;

	need("America/New_York");
	tz = zone("America/New_York");
	(void)wake_tz_offset(tz, INT64_MAX);
	(void)wake_tz_offset(tz, INT64_MIN);
	(void)wake_tz_to_utc(tz, INT64_MAX, &f);
	(void)wake_tz_to_utc(tz, INT64_MIN, &f);
	(void)wake_tz_to_utc(tz, 0, NULL);
	wake_tz_free(tz);
	tz = px("EST5EDT,M3.2.0,M11.1.0");
	(void)wake_tz_offset(tz, INT64_MAX);
	(void)wake_tz_to_utc(tz, INT64_MIN, &f);
	wake_tz_free(tz);
}
