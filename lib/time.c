/*
 * Timestamps: scanning the layouts logs use, civil-day arithmetic, the
 * event stream's UTC form, command-line times and durations, and the
 * resolution of a broken-down time to UTC for the format parsers.
 *
 * wake_time_scan() runs once per input line, so it reads digits by hand,
 * dispatches on the first byte and the length of the leading digit run,
 * and checks the length before each fixed-width read instead of testing
 * every byte against n.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define NS		1000000000LL
#define ISDIG(c)	((unsigned)(c) - '0' < 10u)
#define K3(a, b, c)	((uint32_t)(a) << 16 | (uint32_t)(b) << 8 | (c))

/* Epoch stamps found by scanning must lie in [2000-01-01, 2100-01-01). */
#define EPOCH_MIN	946684800LL
#define EPOCH_MAX	4102444800LL

/* UTC seconds whose nanoseconds fit in wake_time_t. */
#define SEC_MIN		(-9223372035LL)
#define SEC_MAX		9223372035LL

static const int64_t pow10s[] = {
	1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
	100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
	1000000000000LL, 10000000000000LL, 100000000000000LL,
	1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
	1000000000000000000LL
};

static const unsigned char mdays[13] = {
	0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
};

static const char *const monnames[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};
static const char *const daynames[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday"
};

static int
isleap(int64_t y)
{
	return (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);
}

/* Days in month m of year y; y < 0 (no year known) allows Feb 29. */
static int
monthdays(int64_t y, int m)
{
	if (m == 2)
		return y < 0 || isleap(y) ? 29 : 28;
	return mdays[m];
}

static int
valid_date(int64_t y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= monthdays(y, m);
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return q - ((a % b) < 0);
}

/* A byte that continues a word: a number running into one is no stamp. */
static int
wordc(unsigned c)
{
	return c >= 0x80 || ISDIG(c) || (c | 0x20) - 'a' < 26u || c == '_';
}

/* Two digits at p, or -1. */
static int
num2(const unsigned char *p)
{
	unsigned a = (unsigned)p[0] - '0', b = (unsigned)p[1] - '0';

	if (a > 9 || b > 9)
		return -1;
	return (int)(a * 10 + b);
}

static int
num4(const unsigned char *p)
{
	int a = num2(p), b = num2(p + 2);

	if (a < 0 || b < 0)
		return -1;
	return a * 100 + b;
}

/* Month from a three-letter name (any case), or 0. */
static int
mon3(const unsigned char *p)
{
	switch (K3(p[0] | 0x20, p[1] | 0x20, p[2] | 0x20)) {
	case K3('j', 'a', 'n'): return 1;
	case K3('f', 'e', 'b'): return 2;
	case K3('m', 'a', 'r'): return 3;
	case K3('a', 'p', 'r'): return 4;
	case K3('m', 'a', 'y'): return 5;
	case K3('j', 'u', 'n'): return 6;
	case K3('j', 'u', 'l'): return 7;
	case K3('a', 'u', 'g'): return 8;
	case K3('s', 'e', 'p'): return 9;
	case K3('o', 'c', 't'): return 10;
	case K3('n', 'o', 'v'): return 11;
	case K3('d', 'e', 'c'): return 12;
	}
	return 0;
}

/* Weekday 1..7 (Sunday first) from a three-letter name, or 0. */
static int
wday3(const unsigned char *p)
{
	switch (K3(p[0] | 0x20, p[1] | 0x20, p[2] | 0x20)) {
	case K3('s', 'u', 'n'): return 1;
	case K3('m', 'o', 'n'): return 2;
	case K3('t', 'u', 'e'): return 3;
	case K3('w', 'e', 'd'): return 4;
	case K3('t', 'h', 'u'): return 5;
	case K3('f', 'r', 'i'): return 6;
	case K3('s', 'a', 't'): return 7;
	}
	return 0;
}

static int
yy2year(int yy)
{
	/* POSIX strptime: 69-99 are 1969-1999, 00-68 are 2000-2068. */
	return yy < 69 ? 2000 + yy : 1900 + yy;
}

static void
tm_init(struct wake_tm *t)
{
	t->year = t->mon = t->day = -1;
	t->hour = t->min = t->sec = -1;
	t->nsec = 0;
	t->has_off = 0;
	t->off = 0;
	t->is_epoch = 0;
	t->epoch_ns = 0;
}

/* Fill the civil fields of an epoch stamp (UTC). */
static void
set_epoch(struct wake_tm *t, int64_t sec, int32_t nsec)
{
	int64_t days = floordiv(sec, 86400), sod = sec - days * 86400;

	wake_civil_from_days(days, &t->year, &t->mon, &t->day);
	t->hour = (int)(sod / 3600);
	t->min = (int)(sod / 60 % 60);
	t->sec = (int)(sod % 60);
	t->nsec = nsec;
	t->has_off = 1;
	t->off = 0;
	t->is_epoch = 1;
	t->epoch_ns = sec * NS + nsec;
}

/* "HH:MM:SS" at p; the caller has checked that 8 bytes are there. */
static int
hms(const unsigned char *p, struct wake_tm *t)
{
	int h = num2(p), m = num2(p + 3), s = num2(p + 6);

	if (p[2] != ':' || p[5] != ':' || h < 0 || h > 23 || m < 0 ||
	    m > 59 || s < 0 || s > 60)
		return 0;
	t->hour = h;
	t->min = m;
	t->sec = s;
	return 1;
}

/* Fraction digits at p[j]: the index after them (j when none); past
 * the ninth they are read and dropped. */
static size_t
fdigits(const unsigned char *p, size_t n, size_t j, int32_t *nsec)
{
	uint32_t v = 0;
	size_t k;

	for (k = 0; j < n && ISDIG(p[j]); j++, k++)
		if (k < 9)
			v = v * 10 + (p[j] - '0');
	if (k > 0)
		*nsec = (int32_t)(v * (uint32_t)pow10s[9 - WK_MIN(k, 9)]);
	return j;
}

/*
 * A fraction at p[i] ('.', or ',' too when comma): returns the index
 * after it, or i when there is none.
 */
static size_t
frac(const unsigned char *p, size_t n, size_t i, int comma, int32_t *nsec)
{
	if (i + 1 >= n || !(p[i] == '.' || (comma && p[i] == ',')) ||
	    !ISDIG(p[i + 1]))
		return i;
	return fdigits(p, n, i + 1, nsec);
}

/*
 * After the seconds at p[i]: a digit there means this was not a stamp
 * (returns 0); otherwise reads an optional fraction.
 */
static size_t
after_sec(const unsigned char *p, size_t n, size_t i, int comma,
    struct wake_tm *t)
{
	if (i < n && ISDIG(p[i]))
		return 0;
	return frac(p, n, i, comma, &t->nsec);
}

/*
 * A UTC offset at p[i]: Z, +hh:mm, +hhmm, +hh (needmin: not the last
 * nor Z).  Returns the index after it, or 0 when there is none.
 */
static size_t
offset(const unsigned char *p, size_t n, size_t i, int needmin,
    struct wake_tm *t)
{
	int h, m, neg;
	size_t j;

	if (i >= n)
		return 0;
	if (p[i] == 'Z' || p[i] == 'z') {
		if (needmin)
			return 0;
		t->has_off = 1;
		t->off = 0;
		return i + 1;
	}
	if (p[i] != '+' && p[i] != '-')
		return 0;
	neg = p[i] == '-';
	if (i + 3 > n || (h = num2(p + i + 1)) < 0 || h > 23)
		return 0;
	j = i + 3;
	if (j + 3 <= n && p[j] == ':' && (m = num2(p + j + 1)) >= 0)
		j += 3;
	else if (j + 2 <= n && (m = num2(p + j)) >= 0)
		j += 2;
	else if (needmin)
		return 0;
	else
		m = 0;
	if (m > 59 || (j < n && ISDIG(p[j])))
		return 0;
	t->has_off = 1;
	t->off = (neg ? -1 : 1) * (h * 3600 + m * 60);
	return j;
}

static int
is_utcword(const unsigned char *p)
{
	uint32_t k = K3(p[0], p[1], p[2]);

	return k == K3('U', 'T', 'C') || k == K3('G', 'M', 'T');
}

/*
 * A zone after a numeric stamp: attached (Z, +09:00, +0900, +09) or
 * after one space (" +0900", " -05:00", " UTC", " GMT").  Returns the
 * index after it, or i.
 */
static size_t
zone_after(const unsigned char *p, size_t n, size_t i, struct wake_tm *t)
{
	size_t j;

	if (i >= n)
		return i;
	if (p[i] != ' ') {
		j = offset(p, n, i, 0, t);
		return j ? j : i;
	}
	if (i + 4 <= n && is_utcword(p + i + 1) &&
	    (i + 4 == n || !wordc(p[i + 4]))) {
		t->has_off = 1;
		t->off = 0;
		return i + 4;
	}
	j = offset(p, n, i + 1, 1, t);
	return j ? j : i;
}

/* A day as "dd", " d" or "d" at p[i]; returns the index after it or 0. */
static size_t
day12(const unsigned char *p, size_t n, size_t i, int *d)
{
	if (i + 1 >= n)
		return 0;
	if (p[i] == ' ') {
		if (!ISDIG(p[i + 1]))
			return 0;
		*d = p[i + 1] - '0';
		return i + 2;
	}
	if (!ISDIG(p[i]))
		return 0;
	if (ISDIG(p[i + 1])) {
		*d = (p[i] - '0') * 10 + (p[i + 1] - '0');
		return i + 2;
	}
	*d = p[i] - '0';
	return i + 1;
}

/* A plausible year written after a syslog stamp. */
static int
year4(const unsigned char *p, size_t n, size_t i)
{
	int y;

	if (i + 4 > n || (y = num4(p + i)) < 1970 || y > 2099 ||
	    (i + 4 < n && wordc(p[i + 4])))
		return -1;
	return y;
}

/*
 * "Feb 22 03:58:12[.fff]", "Feb  2 ...", "Feb 22 2024 03:58:12" and
 * "Feb 22 03:58:12 2024".
 */
static size_t
scan_3164(const unsigned char *p, size_t n, unsigned mask, int mon,
    struct wake_tm *t, unsigned *lay)
{
	size_t i;
	int d, y;

	if (n < 14 || p[3] != ' ' || (i = day12(p, n, 4, &d)) == 0 ||
	    i >= n || p[i] != ' ')
		return 0;
	i++;
	t->mon = mon;
	t->day = d;
	if ((mask & WAKE_TL_RFC3164Y) && i + 13 <= n && p[i + 4] == ' ' &&
	    (y = num4(p + i)) >= 1970 && y <= 2099 && hms(p + i + 5, t)) {
		if (!valid_date(y, mon, d) ||
		    (i = after_sec(p, n, i + 13, 0, t)) == 0)
			return 0;
		t->year = y;
		*lay = WAKE_TL_RFC3164Y;
		return i;
	}
	if (i + 8 > n || !hms(p + i, t) ||
	    (i = after_sec(p, n, i + 8, 0, t)) == 0)
		return 0;
	if ((mask & WAKE_TL_RFC3164Y) && i < n && p[i] == ' ' &&
	    (y = year4(p, n, i + 1)) >= 0) {
		if (!valid_date(y, mon, d))
			return 0;
		t->year = y;
		*lay = WAKE_TL_RFC3164Y;
		return i + 5;
	}
	if (!(mask & WAKE_TL_RFC3164) || !valid_date(-1, mon, d))
		return 0;
	*lay = WAKE_TL_RFC3164;
	return i;
}

/* "Sun Dec 04 04:47:44[.ffffff] [UTC ]2005" (also "Dec  4"). */
static size_t
scan_ctime(const unsigned char *p, size_t n, struct wake_tm *t)
{
	size_t i;
	int d, mon;

	if (n < 23 || p[3] != ' ' || (mon = mon3(p + 4)) == 0 ||
	    p[7] != ' ' || (i = day12(p, n, 8, &d)) == 0 || i + 9 > n ||
	    p[i] != ' ' || !hms(p + i + 1, t) ||
	    (i = after_sec(p, n, i + 9, 0, t)) == 0 || i >= n || p[i] != ' ')
		return 0;
	i++;
	if (i + 4 <= n && is_utcword(p + i) && i + 4 < n && p[i + 3] == ' ') {
		t->has_off = 1;
		t->off = 0;
		i += 4;
	}
	if ((t->year = year4(p, n, i)) < 0 || !valid_date(t->year, mon, d))
		return 0;
	t->mon = mon;
	t->day = d;
	return i + 4;
}

/* "2024-02-22[T ]09:58:12[.,fff][zone]" and "2005-06-03-15.42.50.675872". */
static size_t
scan_dash(const unsigned char *p, size_t n, unsigned mask, struct wake_tm *t,
    unsigned *lay)
{
	size_t i;
	int y, m, d, c;

	if (n < 19 || p[7] != '-' || (y = num4(p)) < 0 ||
	    (m = num2(p + 5)) < 0 || (d = num2(p + 8)) < 0 ||
	    !valid_date(y, m, d))
		return 0;
	c = p[10];
	if ((c == 'T' || c == 't' || c == ' ') && (mask & WAKE_TL_ISO8601)) {
		if (!hms(p + 11, t) || (i = after_sec(p, n, 19, 1, t)) == 0)
			return 0;
		i = zone_after(p, n, i, t);
		*lay = WAKE_TL_ISO8601;
	} else if (c == '-' && (mask & WAKE_TL_DOTTED)) {
		/* BGL: dots between the time fields. */
		int h = num2(p + 11), mi = num2(p + 14), s = num2(p + 17);

		if (p[13] != '.' || p[16] != '.' || h < 0 || h > 23 ||
		    mi < 0 || mi > 59 || s < 0 || s > 60 ||
		    (i = after_sec(p, n, 19, 0, t)) == 0)
			return 0;
		t->hour = h;
		t->min = mi;
		t->sec = s;
		*lay = WAKE_TL_DOTTED;
	} else
		return 0;
	t->year = y;
	t->mon = m;
	t->day = d;
	return i;
}

/*
 * "2005.06.03", alone (a date: the time fields stay -1) when followed by
 * a blank or the end, or with " HH:MM:SS[.fff]".
 */
static size_t
scan_dotted(const unsigned char *p, size_t n, struct wake_tm *t)
{
	size_t i = 10;
	int y, m, d;

	if (n < 10 || p[7] != '.' || (y = num4(p)) < 0 ||
	    (m = num2(p + 5)) < 0 || (d = num2(p + 8)) < 0 ||
	    !valid_date(y, m, d))
		return 0;
	if (n >= 19 && p[10] == ' ' && hms(p + 11, t)) {
		if ((i = after_sec(p, n, 19, 0, t)) == 0)
			return 0;
	} else if (n > 10 && p[10] != ' ' && p[10] != '\t')
		return 0;
	t->year = y;
	t->mon = m;
	t->day = d;
	return i;
}

/* "2024/02/22 03:58:12[.fff][zone]" (or 'T'). */
static size_t
scan_slash(const unsigned char *p, size_t n, struct wake_tm *t)
{
	size_t i;
	int y, m, d;

	if (n < 19 || p[7] != '/' || (p[10] != ' ' && p[10] != 'T') ||
	    (y = num4(p)) < 0 || (m = num2(p + 5)) < 0 ||
	    (d = num2(p + 8)) < 0 || !valid_date(y, m, d) ||
	    !hms(p + 11, t) || (i = after_sec(p, n, 19, 1, t)) == 0)
		return 0;
	t->year = y;
	t->mon = m;
	t->day = d;
	return zone_after(p, n, i, t);
}

/* Spark "17/06/09 20:10:40[.fff]" (yy/mm/dd). */
static size_t
scan_spark(const unsigned char *p, size_t n, struct wake_tm *t)
{
	size_t i;
	int y, m, d;

	if (n < 17 || p[5] != '/' || p[8] != ' ' || (y = num2(p)) < 0 ||
	    (m = num2(p + 3)) < 0 || (d = num2(p + 6)) < 0)
		return 0;
	y = yy2year(y);
	if (!valid_date(y, m, d) || !hms(p + 9, t) ||
	    (i = after_sec(p, n, 17, 0, t)) == 0)
		return 0;
	t->year = y;
	t->mon = m;
	t->day = d;
	return i;
}

/* Apache "22/Feb/2024:03:58:12 +0900" (the offset is optional). */
static size_t
scan_apache(const unsigned char *p, size_t n, struct wake_tm *t)
{
	size_t i, j;
	int y, m, d;

	if (n < 20 || (m = mon3(p + 3)) == 0 || p[6] != '/' ||
	    p[11] != ':' || (d = num2(p)) < 0 || (y = num4(p + 7)) < 0 ||
	    !valid_date(y, m, d) || !hms(p + 12, t) ||
	    (i = after_sec(p, n, 20, 0, t)) == 0)
		return 0;
	t->year = y;
	t->mon = m;
	t->day = d;
	if (i < n && p[i] == ' ' && (j = offset(p, n, i + 1, 1, t)) != 0)
		i = j;
	return i;
}

/* glog "0514 13:26:47.123456" (no year) and "20240514 13:26:47.123456". */
static size_t
scan_glog(const unsigned char *p, size_t n, size_t k, struct wake_tm *t)
{
	size_t i;
	int y = -1, m, d;

	if (n < k + 9)
		return 0;
	if (k == 8 && (y = num4(p)) < 0)
		return 0;
	m = num2(p + k - 4);
	d = num2(p + k - 2);
	if (!valid_date(y, m, d) || !hms(p + k + 1, t) ||
	    (i = after_sec(p, n, k + 9, 0, t)) == 0)
		return 0;
	t->year = y;
	t->mon = m;
	t->day = d;
	return i;
}

/* HDFS "081109 203615" (yymmdd hhmmss). */
static size_t
scan_compact(const unsigned char *p, size_t n, struct wake_tm *t)
{
	int y, m, d, h, mi, s;

	if (n < 13 || (h = num2(p + 7)) < 0 || (mi = num2(p + 9)) < 0 ||
	    (s = num2(p + 11)) < 0 || (n > 13 && wordc(p[13])))
		return 0;
	y = yy2year(num2(p));
	m = num2(p + 2);
	d = num2(p + 4);
	if (!valid_date(y, m, d) || h > 23 || mi > 59 || s > 60)
		return 0;
	t->year = y;
	t->mon = m;
	t->day = d;
	t->hour = h;
	t->min = mi;
	t->sec = s;
	return 13;
}

/*
 * Epoch: 9 or 10 digits of seconds with an optional fraction, or 13, 16,
 * 19 digits of ms, us, ns; only between 2000 and 2100, and not running
 * into a word, so counters and ids are not taken for times.
 */
static size_t
scan_epoch(const unsigned char *p, size_t n, size_t k, struct wake_tm *t)
{
	uint64_t v = 0, div;
	int64_t sec;
	int32_t ns = 0;
	size_t i;

	for (i = 0; i < k; i++)
		v = v * 10 + (p[i] - '0');
	if (k <= 10) {
		sec = (int64_t)v;
		i = frac(p, n, k, 0, &ns);
	} else {
		div = (uint64_t)pow10s[k - 10];
		sec = (int64_t)(v / div);
		ns = (int32_t)((v % div) * (uint64_t)pow10s[19 - k]);
	}
	if (sec < EPOCH_MIN || sec >= EPOCH_MAX || (i < n && wordc(p[i])))
		return 0;
	set_epoch(t, sec, ns);
	return i;
}

size_t
wake_time_scan(const char *s, size_t n, unsigned mask, struct wake_tm *tm,
    unsigned *layout)
{
	const unsigned char *p = (const unsigned char *)s;
	struct wake_tm t;
	unsigned lay = 0, c;
	size_t k, r = 0;
	int m;

	if (n < 9 || mask == 0)
		return 0;
	tm_init(&t);
	c = p[0];
	if (ISDIG(c)) {
		for (k = 1; k < n && k < 20 && ISDIG(p[k]); k++)
			;
		c = k < n ? p[k] : 0;
		switch (k) {
		case 2:
			if (c != '/')
				break;
			if (ISDIG(p[3])) {
				if ((mask & WAKE_TL_SPARK) &&
				    (r = scan_spark(p, n, &t)) != 0)
					lay = WAKE_TL_SPARK;
			} else if ((mask & WAKE_TL_APACHE) &&
			    (r = scan_apache(p, n, &t)) != 0)
				lay = WAKE_TL_APACHE;
			break;
		case 4:
			if (c == '-')
				r = scan_dash(p, n, mask, &t, &lay);
			else if (c == '/' && (mask & WAKE_TL_SLASH)) {
				if ((r = scan_slash(p, n, &t)) != 0)
					lay = WAKE_TL_SLASH;
			} else if (c == '.' && (mask & WAKE_TL_DOTTED)) {
				if ((r = scan_dotted(p, n, &t)) != 0)
					lay = WAKE_TL_DOTTED;
			} else if (c == ' ' && (mask & WAKE_TL_GLOG)) {
				if ((r = scan_glog(p, n, 4, &t)) != 0)
					lay = WAKE_TL_GLOG;
			}
			break;
		case 6:
			if (c == ' ' && (mask & WAKE_TL_COMPACT) &&
			    (r = scan_compact(p, n, &t)) != 0)
				lay = WAKE_TL_COMPACT;
			break;
		case 8:
			if (c == ' ' && (mask & WAKE_TL_GLOG) &&
			    (r = scan_glog(p, n, 8, &t)) != 0)
				lay = WAKE_TL_GLOG;
			break;
		case 9: case 10: case 13: case 16: case 19:
			if ((mask & WAKE_TL_EPOCH) &&
			    (r = scan_epoch(p, n, k, &t)) != 0)
				lay = WAKE_TL_EPOCH;
			break;
		}
	} else if ((c | 0x20) - 'a' < 26u) {
		if ((m = mon3(p)) != 0) {
			if (mask & (WAKE_TL_RFC3164 | WAKE_TL_RFC3164Y))
				r = scan_3164(p, n, mask, m, &t, &lay);
		} else if ((mask & WAKE_TL_CTIME) && wday3(p) != 0 &&
		    (r = scan_ctime(p, n, &t)) != 0)
			lay = WAKE_TL_CTIME;
	}
	if (r == 0)
		return 0;
	*tm = t;
	if (layout != NULL)
		*layout = lay;
	return r;
}

/* ---- strptime-like layouts ---- */

/* 1..w digits at p[*i] into *v; 0 when there are none. */
static int
digits(const unsigned char *p, size_t n, size_t *i, int w, int *v)
{
	size_t j = *i;
	int x = 0;

	while (j < n && j - *i < (size_t)w && ISDIG(p[j]))
		x = x * 10 + (p[j++] - '0');
	if (j == *i)
		return 0;
	*i = j;
	*v = x;
	return 1;
}

/* A name from tab (full, lower case) by its first three letters or whole. */
static int
name_at(const unsigned char *p, size_t n, size_t *i, const char *const *tab,
    int ntab)
{
	size_t j, l;
	int k;

	if (*i + 3 > n)
		return -1;
	for (k = 0; k < ntab; k++) {
		if ((p[*i] | 0x20) != tab[k][0] ||
		    (p[*i + 1] | 0x20) != tab[k][1] ||
		    (p[*i + 2] | 0x20) != tab[k][2])
			continue;
		l = strlen(tab[k]);
		for (j = 3; j < l && *i + j < n &&
		    (p[*i + j] | 0x20) == tab[k][j]; j++)
			;
		*i += j == l ? l : 3;
		return k;
	}
	return -1;
}

size_t
wake_time_scan_layout(const char *layout, const char *s, size_t n,
    struct wake_tm *tm)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *f;
	struct wake_tm t;
	size_t i = 0, j;
	int v, pm = -1, h12 = -1, yday = -1, neg;
	int64_t sec;
	int32_t ns;

	tm_init(&t);
	for (f = layout; *f != '\0'; f++) {
		if (*f == ' ') {
			if (i >= n || p[i] != ' ')
				return 0;
			while (i < n && p[i] == ' ')
				i++;
			continue;
		}
		if (*f != '%') {
			if (i >= n || p[i] != (unsigned char)*f)
				return 0;
			i++;
			continue;
		}
		switch (*++f) {
		case 'Y':
			if (i + 4 > n || (t.year = num4(p + i)) < 0)
				return 0;
			i += 4;
			break;
		case 'y':
			if (i + 2 > n || (v = num2(p + i)) < 0)
				return 0;
			t.year = yy2year(v);
			i += 2;
			break;
		case 'm':
			if (!digits(p, n, &i, 2, &t.mon) || t.mon < 1 ||
			    t.mon > 12)
				return 0;
			break;
		case 'e':
			if (i < n && p[i] == ' ')
				i++;
			/* FALLTHROUGH */
		case 'd':
			if (!digits(p, n, &i, 2, &t.day) || t.day < 1 ||
			    t.day > 31)
				return 0;
			break;
		case 'H':
			if (!digits(p, n, &i, 2, &t.hour) || t.hour > 23)
				return 0;
			break;
		case 'I':
			if (!digits(p, n, &i, 2, &h12) || h12 < 1 || h12 > 12)
				return 0;
			break;
		case 'M':
			if (!digits(p, n, &i, 2, &t.min) || t.min > 59)
				return 0;
			break;
		case 'S':
			if (!digits(p, n, &i, 2, &t.sec) || t.sec > 60)
				return 0;
			break;
		case 'j':
			if (!digits(p, n, &i, 3, &yday) || yday < 1 ||
			    yday > 366)
				return 0;
			break;
		case 'f':
			if ((j = fdigits(p, n, i, &t.nsec)) == i)
				return 0;
			i = j;
			break;
		case 'b':
		case 'h':
			if ((v = name_at(p, n, &i, monnames, 12)) < 0)
				return 0;
			t.mon = v + 1;
			break;
		case 'a':
			if (name_at(p, n, &i, daynames, 7) < 0)
				return 0;
			break;
		case 'p':
			if (i + 2 > n || (p[i + 1] | 0x20) != 'm')
				return 0;
			if ((p[i] | 0x20) == 'a')
				pm = 0;
			else if ((p[i] | 0x20) == 'p')
				pm = 1;
			else
				return 0;
			i += 2;
			break;
		case 'z':
			if ((j = offset(p, n, i, 0, &t)) == 0)
				return 0;
			i = j;
			break;
		case 'Z':
			if (i < n && (p[i] == 'Z' || p[i] == 'z'))
				i++;
			else if (i + 3 <= n && is_utcword(p + i))
				i += 3;
			else
				return 0;
			t.has_off = 1;
			t.off = 0;
			break;
		case 's':
			neg = i < n && p[i] == '-';
			j = i + (size_t)neg;
			sec = 0;
			while (j < n && ISDIG(p[j]) && sec <= SEC_MAX / 10)
				sec = sec * 10 + (p[j++] - '0');
			if (j == i + (size_t)neg || (j < n && ISDIG(p[j])) ||
			    sec > SEC_MAX)
				return 0;
			ns = 0;
			i = frac(p, n, j, 0, &ns);
			if (neg) {
				sec = -sec;
				if (ns != 0) {
					sec--;
					ns = (int32_t)(NS - ns);
				}
			}
			set_epoch(&t, sec, ns);
			break;
		case '%':
			if (i >= n || p[i] != '%')
				return 0;
			i++;
			break;
		default:
			return 0;
		}
	}
	if (t.is_epoch) {
		*tm = t;
		return i;
	}
	if (h12 >= 0)
		t.hour = h12 % 12 + (pm == 1 ? 12 : 0);
	if (yday >= 0) {
		int64_t d0;

		if (t.year < 0 || yday > 365 + isleap(t.year))
			return 0;
		d0 = wake_days_from_civil(t.year, 1, 1) + yday - 1;
		wake_civil_from_days(d0, &v, &t.mon, &t.day);
	}
	if (t.mon >= 0 && t.day >= 0 && !valid_date(t.year, t.mon, t.day))
		return 0;
	if (i == 0)
		return 0;
	*tm = t;
	return i;
}

/* ---- civil days (Howard Hinnant's algorithms) ---- */

/* Days from March 1 to the first of each month (the year starts in March). */
static const uint16_t mar_days[12] = {
	306, 337, 0, 31, 61, 92, 122, 153, 184, 214, 245, 275
};

int64_t
wake_days_from_civil(int year, int mon, int day)
{
	int64_t y, era, yoe, mp, doy, doe;
	uint32_t uy, uyoe;

	if (year >= 1 && year <= 1000000 && mon >= 1 && mon <= 12) {
		/* Common case: unsigned 32-bit arithmetic is cheaper. */
		uy = (uint32_t)year - (mon <= 2);
		uyoe = uy % 400;
		return (int64_t)(uy / 400) * 146097 + uyoe * 365 + uyoe / 4 -
		    uyoe / 100 + mar_days[mon - 1] + (int64_t)day - 1 - 719468;
	}
	y = (int64_t)year - (mon <= 2);
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	mp = (mon + 9) % 12;
	doy = (153 * mp + 2) / 5 + day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
wake_civil_from_days(int64_t days, int *year, int *mon, int *day)
{
	int64_t z, era, doe, yoe, doy, mp, y;
	uint32_t uz, uera, udoe, uyoe, udoy, ump;
	int m;

	if (days >= -719468 && days < INT64_C(1) << 30) {
		/* From 0000-03-01 on: unsigned 32-bit arithmetic. */
		uz = (uint32_t)(days + 719468);
		uera = uz / 146097;
		udoe = uz - uera * 146097;
		uyoe = (udoe - udoe / 1460 + udoe / 36524 - udoe / 146096) /
		    365;
		udoy = udoe - (365 * uyoe + uyoe / 4 - uyoe / 100);
		ump = (5 * udoy + 2) / 153;
		*day = (int)(udoy - (153 * ump + 2) / 5 + 1);
		m = (int)(ump < 10 ? ump + 3 : ump - 9);
		*mon = m;
		*year = (int)(uyoe + uera * 400) + (m <= 2);
		return;
	}
	/* Keep the year within an int. */
	if (days > (INT64_C(1) << 36))
		days = INT64_C(1) << 36;
	else if (days < -(INT64_C(1) << 36))
		days = -(INT64_C(1) << 36);
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*mon = m;
	*year = (int)(y + (m <= 2));
}

/* ---- resolution ---- */

int
wake_tm_resolve(const struct wake_tm *tm, struct wake_tz *tz, int year,
    wake_time_t *ts, int *flags)
{
	int64_t secs;
	int y, h, mi, s, f = 0;

	if (flags != NULL)
		*flags = 0;
	if (tm->is_epoch) {
		if (tm->epoch_ns == WAKE_TIME_NONE)
			return WAKE_ERR_FORMAT;
		*ts = tm->epoch_ns;
		return WAKE_OK;
	}
	y = tm->year >= 0 ? tm->year : year;
	h = tm->hour < 0 ? 0 : tm->hour;
	mi = tm->min < 0 ? 0 : tm->min;
	s = tm->sec < 0 ? 0 : tm->sec;
	if (y < 0 || !valid_date(y, tm->mon, tm->day) || h > 23 || mi > 59 ||
	    s > 60 || tm->nsec < 0 || tm->nsec >= NS)
		return WAKE_ERR_FORMAT;
	if (s == 60)
		s = 59;
	secs = wake_days_from_civil(y, tm->mon, tm->day) * 86400 +
	    h * 3600 + mi * 60 + s;
	if (tm->has_off) {
		if (tm->off <= -86400 || tm->off >= 86400)
			return WAKE_ERR_FORMAT;
		secs -= tm->off;
	} else if (tz != NULL)
		secs = wake_tz_to_utc(tz, secs, &f);
	if (secs < SEC_MIN || secs > SEC_MAX)
		return WAKE_ERR_FORMAT;
	*ts = secs * NS + tm->nsec;
	if (flags != NULL)
		*flags = f;
	return WAKE_OK;
}

int
wake_year_guess(int mon, int64_t ref)
{
	int y, m, d;

	wake_civil_from_days(floordiv(ref, 86400), &y, &m, &d);
	return mon > m ? y - 1 : y;
}

int
wk_resolve(struct wk_pctx *c, const struct wake_tm *tm, wake_time_t *ts)
{
	int f, r, year = tm->year;

	c->tzflags = 0;
	if (tm->is_epoch)
		return wake_tm_resolve(tm, NULL, 0, ts, NULL);
	if (year < 0) {
		if (tm->mon < 1 || tm->mon > 12)
			return WAKE_ERR_FORMAT;
		if (c->year == 0)
			c->year = wake_year_guess(tm->mon, c->mtime);
		else if (c->last_mon > 0 && tm->mon + 6 < c->last_mon)
			c->year++;	/* Dec -> Jan: a new year */
		c->last_mon = tm->mon;
		year = c->year;
	}
	if (tm->has_off)
		return wake_tm_resolve(tm, NULL, year, ts, NULL);
	r = wake_tm_resolve(tm, c->tz, year, ts, &f);
	if (r == WAKE_OK && c->tz != NULL)
		c->tzflags = WK_TZ_ASSUMED | f;
	return r;
}

/* ---- the event stream's form ---- */

static void
put2(char *o, unsigned v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
}

void
wake_time_format(wake_time_t ts, char out[25])
{
	/*
	 * Streams run in time order, so a call mostly formats the second
	 * of the call before: keep that "YYYY-MM-DDTHH:MM:SS".  Per thread,
	 * so that formatting on several threads at once (a writer thread
	 * beside the parser, say) needs no lock.  No second is INT64_MIN.
	 */
	static _Thread_local struct {
		int64_t	sec;
		char	s[19];
	} last = { INT64_MIN, "" };
	int64_t r = ts % NS, s = ts / NS - (r < 0), days;
	unsigned sod, ms;
	int y, m, d;

	if (r < 0)
		r += NS;
	if (s != last.sec) {
		days = floordiv(s, 86400);
		sod = (unsigned)(s - days * 86400);
		wake_civil_from_days(days, &y, &m, &d);
		/* Always in 1677..2262 for a 64-bit nanosecond count. */
		put2(last.s, (unsigned)y / 100 % 100);
		put2(last.s + 2, (unsigned)y % 100);
		last.s[4] = '-';
		put2(last.s + 5, (unsigned)m);
		last.s[7] = '-';
		put2(last.s + 8, (unsigned)d);
		last.s[10] = 'T';
		put2(last.s + 11, sod / 3600);
		last.s[13] = ':';
		put2(last.s + 14, sod / 60 % 60);
		last.s[16] = ':';
		put2(last.s + 17, sod % 60);
		last.sec = s;
	}
	memcpy(out, last.s, 19);
	ms = (unsigned)(r / 1000000);
	out[19] = '.';
	out[20] = (char)('0' + ms / 100);
	put2(out + 21, ms % 100);
	out[23] = 'Z';
	out[24] = '\0';
}

int
wake_time_parse_utc(const char *s, size_t n, wake_time_t *ts)
{
	const unsigned char *p = (const unsigned char *)s;
	int y, m, d, h, mi, sec;
	int64_t secs;
	uint32_t ns = 0;
	size_t i, k;

	if (n < 20 || n > 30 || p[4] != '-' || p[7] != '-' || p[10] != 'T' ||
	    p[13] != ':' || p[16] != ':' || p[n - 1] != 'Z' ||
	    (y = num4(p)) < 0 || (m = num2(p + 5)) < 0 ||
	    (d = num2(p + 8)) < 0 || (h = num2(p + 11)) < 0 ||
	    (mi = num2(p + 14)) < 0 || (sec = num2(p + 17)) < 0 ||
	    !valid_date(y, m, d) || h > 23 || mi > 59 || sec > 59)
		return WAKE_ERR_FORMAT;
	if (n > 20) {
		if (p[19] != '.' || n == 21)
			return WAKE_ERR_FORMAT;
		for (i = 20, k = 0; i < n - 1; i++, k++) {
			if (!ISDIG(p[i]))
				return WAKE_ERR_FORMAT;
			ns = ns * 10 + (p[i] - '0');
		}
		ns *= (uint32_t)pow10s[9 - k];
	}
	secs = wake_days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 +
	    sec;
	if (secs < SEC_MIN || secs > SEC_MAX)
		return WAKE_ERR_FORMAT;
	*ts = secs * NS + ns;
	return WAKE_OK;
}

/* ---- command-line times and durations ---- */

/* "YYYY-MM-DD[( |T)HH:MM[:SS[.f]]][zone]", all n bytes. */
static int
arg_date(const unsigned char *p, size_t n, struct wake_tm *t)
{
	size_t i;
	int y, m, d;

	if (n < 10 || p[4] != '-' || p[7] != '-' || (y = num4(p)) < 0 ||
	    (m = num2(p + 5)) < 0 || (d = num2(p + 8)) < 0 ||
	    !valid_date(y, m, d))
		return 0;
	t->year = y;
	t->mon = m;
	t->day = d;
	t->hour = t->min = t->sec = 0;
	if (n == 10)
		return 1;
	if ((p[10] != 'T' && p[10] != 't' && p[10] != ' ') || n < 16 ||
	    p[13] != ':' || (t->hour = num2(p + 11)) < 0 || t->hour > 23 ||
	    (t->min = num2(p + 14)) < 0 || t->min > 59)
		return 0;
	i = 16;
	if (i < n && p[i] == ':') {
		if (n < 19 || (t->sec = num2(p + 17)) < 0 || t->sec > 60)
			return 0;
		i = frac(p, n, 19, 1, &t->nsec);
	}
	return zone_after(p, n, i, t) == n;
}

/* Epoch seconds with optional sign and fraction, all of s. */
static int
arg_epoch(const char *s, wake_time_t *ts)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;
	int64_t sec = 0;
	int32_t ns = 0;
	int neg = 0;

	if (i < n && (p[i] == '-' || p[i] == '+'))
		neg = p[i++] == '-';
	if (i >= n || !ISDIG(p[i]))
		return WAKE_ERR_USAGE;
	for (; i < n && ISDIG(p[i]); i++) {
		if (sec > SEC_MAX / 10)
			return WAKE_ERR_USAGE;
		sec = sec * 10 + (p[i] - '0');
	}
	if (frac(p, n, i, 0, &ns) != n || sec > SEC_MAX)
		return WAKE_ERR_USAGE;
	*ts = neg ? -(sec * NS + ns) : sec * NS + ns;
	return WAKE_OK;
}

int
wake_time_parse_arg(const char *s, struct wake_tz *tz, wake_time_t *ts,
    int *relative)
{
	const unsigned char *p = (const unsigned char *)s;
	struct wake_tm t;
	size_t n = strlen(s), k;
	uint64_t v = 0;
	int64_t ns;

	*relative = 0;
	if (n == 0)
		return WAKE_ERR_USAGE;
	if (p[0] == '@')
		return arg_epoch(s + 1, ts);
	if (p[0] == '+' || p[0] == '-') {
		if (wake_duration_parse(s, &ns) != WAKE_OK)
			return WAKE_ERR_USAGE;
		*relative = 1;
		*ts = ns;
		return WAKE_OK;
	}
	for (k = 0; k < n && ISDIG(p[k]); k++)
		;
	if (k == n) {
		/* Bare digits: epoch seconds, or ms/us/ns by their length. */
		if (k < 10 || (k > 13 && k != 16 && k != 19))
			return WAKE_ERR_USAGE;
		for (k = 0; k < n; k++)
			v = v * 10 + (p[k] - '0');
		if (n <= 12) {
			if (v > (uint64_t)SEC_MAX)
				return WAKE_ERR_USAGE;
			*ts = (int64_t)v * NS;
		}
		else if (v > INT64_MAX / (uint64_t)pow10s[19 - n])
			return WAKE_ERR_USAGE;
		else
			*ts = (int64_t)(v * (uint64_t)pow10s[19 - n]);
		return WAKE_OK;
	}
	if (k == 4 && p[4] == '-') {
		tm_init(&t);
		if (!arg_date(p, n, &t) ||
		    wake_tm_resolve(&t, tz, 0, ts, NULL) != WAKE_OK)
			return WAKE_ERR_USAGE;
		return WAKE_OK;
	}
	if (k > 0 && (p[k] == '.' || ((unsigned)p[k] | 0x20) - 'a' < 26u) &&
	    wake_duration_parse(s, &ns) == WAKE_OK) {
		*relative = 1;
		*ts = ns;
		return WAKE_OK;
	}
	return WAKE_ERR_USAGE;
}

/* Nanoseconds in a unit at s; *len gets its length; 0 when none. */
static int64_t
unit_ns(const char *s, size_t *len)
{
	*len = 2;
	if (s[0] != '\0' && s[1] == 's') {
		switch (s[0]) {
		case 'n': return 1;
		case 'u': return 1000;
		case 'm': return 1000000;
		}
	}
	*len = 1;
	switch (s[0]) {
	case 's': return NS;
	case 'm': return 60 * NS;
	case 'h': return 3600 * NS;
	case 'd': return 86400 * NS;
	case 'w': return 7 * 86400 * NS;
	}
	return 0;
}

int
wake_duration_parse(const char *s, int64_t *ns)
{
	int64_t total = 0, ip, unit, scale, v;
	int neg = 0, parts = 0;
	const char *fs;
	size_t ulen, nf;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (*s == '\0')
		return WAKE_ERR_USAGE;
	while (*s != '\0') {
		if (!ISDIG(*s) && !(*s == '.' && ISDIG(s[1])))
			return WAKE_ERR_USAGE;
		for (ip = 0; ISDIG(*s); s++) {
			if (ip > INT64_MAX / 10)
				return WAKE_ERR_USAGE;
			ip = ip * 10 + (*s - '0');
		}
		fs = NULL;
		nf = 0;
		if (*s == '.') {
			if (!ISDIG(s[1]))
				return WAKE_ERR_USAGE;
			for (fs = ++s; ISDIG(*s); s++)
				nf++;
		}
		if (*s == '\0' && parts == 0)
			unit = NS;	/* plain seconds */
		else if ((unit = unit_ns(s, &ulen)) == 0)
			return WAKE_ERR_USAGE;
		else
			s += ulen;
		if (ip > INT64_MAX / unit)
			return WAKE_ERR_USAGE;
		v = ip * unit;
		/* Each fraction digit weighs a tenth of the one before. */
		for (scale = unit; fs != NULL && nf > 0; fs++, nf--) {
			scale /= 10;
			v += (*fs - '0') * scale;
		}
		if (v < 0 || v > INT64_MAX - total)
			return WAKE_ERR_USAGE;
		total += v;
		parts++;
	}
	*ns = neg ? -total : total;
	return WAKE_OK;
}

void
wake_duration_format(int64_t ns, char *out, size_t outsz)
{
	uint64_t v = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
	unsigned long long s = v / (uint64_t)NS;
	const char *sg = ns < 0 ? "-" : "";

	if (outsz == 0)
		return;
	if (s >= 86400)
		snprintf(out, outsz, "%s%llud%02lluh", sg, s / 86400,
		    s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(out, outsz, "%s%lluh%02llum", sg, s / 3600,
		    s % 3600 / 60);
	else if (s >= 60)
		snprintf(out, outsz, "%s%llum%02llus", sg, s / 60, s % 60);
	else if (s >= 1)
		snprintf(out, outsz, "%s%llus", sg, s);
	else if (v >= 1000000)
		snprintf(out, outsz, "%s%llums", sg,
		    (unsigned long long)(v / 1000000));
	else if (v >= 1000)
		snprintf(out, outsz, "%s%lluus", sg,
		    (unsigned long long)(v / 1000));
	else if (v > 0)
		snprintf(out, outsz, "%s%lluns", sg, (unsigned long long)v);
	else
		snprintf(out, outsz, "0s");
}
