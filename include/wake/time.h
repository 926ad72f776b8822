/*
 * Time: parsing the timestamps logs carry, and turning local times into
 * UTC with an IANA zone read from the system's tzdata.
 */
#ifndef WAKE_TIME_H
#define WAKE_TIME_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>

/* Broken-down time as read from a log line; fields not present are -1. */
struct wake_tm {
	int	year;		/* e.g. 2024; -1 when the stamp has none */
	int	mon;		/* 1..12 */
	int	day;		/* 1..31; -1 when no date (time of day only) */
	int	hour, min, sec;	/* sec may be 60 (leap second, kept as 59) */
	int32_t	nsec;		/* 0..999999999 */
	int	has_off;	/* 1 when the stamp carried a UTC offset */
	int	off;		/* offset east of UTC, seconds */
	int	is_epoch;	/* 1 when the stamp was epoch (always UTC) */
	int64_t	epoch_ns;	/* valid when is_epoch */
};

/* Timestamp layouts, as a bit set for wake_time_scan(). */
#define WAKE_TL_ISO8601	0x0001	/* 2024-02-22T09:58:12.345+09:00, space or T,
				   Z/offset optional, ',' or '.' fraction */
#define WAKE_TL_RFC3164	0x0002	/* Feb 22 03:58:12 (no year), "Feb  2" */
#define WAKE_TL_APACHE	0x0004	/* 22/Feb/2024:03:58:12 +0900 (no brackets) */
#define WAKE_TL_EPOCH	0x0008	/* 1708595892, .123, 13/16/19 digits=ms/us/ns */
#define WAKE_TL_SLASH	0x0010	/* 2024/02/22 03:58:12[.fff] */
#define WAKE_TL_SPARK	0x0020	/* 17/06/09 20:10:40 (yy/mm/dd) */
#define WAKE_TL_CTIME	0x0040	/* Sun Dec 04 04:47:44 2005 */
#define WAKE_TL_GLOG	0x0080	/* 0514 13:26:47.123456 (after the level char) */
#define WAKE_TL_COMPACT	0x0100	/* 081109 203615 (yymmdd hhmmss) */
#define WAKE_TL_DOTTED	0x0200	/* 2005.06.03 and 2005-06-03-15.42.50.675872 */
#define WAKE_TL_RFC3164Y 0x0400	/* Feb 22 2024 03:58:12, Feb 22 03:58:12 2024 */
#define WAKE_TL_ALL	0x07ff

/*
 * Read a timestamp at the start of s (n bytes) in one of the layouts in
 * mask, trying the most specific first.  Returns the number of bytes
 * consumed (0: none matched) and fills tm and, when layout is not NULL,
 * the bit of the layout that matched.  Pure: no allocation, no state.
 */
size_t wake_time_scan(const char *s, size_t n, unsigned mask,
    struct wake_tm *tm, unsigned *layout);

/*
 * Read a timestamp with a strptime-like layout: %Y %y %m %d %e %H %M %S
 * %b (month name) %a (weekday name, ignored) %p %I %j, %f (fraction, 1-9
 * digits), %z (+0900, +09:00, Z), %Z (zone abbreviation: UTC/GMT/Z only),
 * %s (epoch seconds, optional fraction), %% and literal bytes; a space in
 * the layout matches one or more spaces.  Returns bytes consumed or 0.
 */
size_t wake_time_scan_layout(const char *layout, const char *s, size_t n,
    struct wake_tm *tm);

/* A time zone from tzdata.  Opaque. */
struct wake_tz;

/*
 * Open a zone by IANA name ("America/Chicago", "UTC", "Asia/Tokyo").
 * NULL or "" means the TZ environment variable, else /etc/localtime,
 * else UTC.  Reads TZif files under $TZDIR or /usr/share/zoneinfo.
 * Returns WAKE_OK, WAKE_ERR_USAGE for an unknown zone (detail in
 * *why, static text), WAKE_ERR_NOMEM.
 */
int wake_tz_open(const char *name, struct wake_tz **tzp, const char **why);
void wake_tz_free(struct wake_tz *tz);
/* The name it was opened with ("UTC" for the fallback). */
const char *wake_tz_name(const struct wake_tz *tz);

#define WAKE_TZ_AMBIGUOUS 0x1	/* in a repeated hour: earlier instant taken */
#define WAKE_TZ_GAP	  0x2	/* in a skipped hour: shifted forward */

/*
 * Local civil time (seconds since 1970 as if the local time were UTC)
 * to UTC seconds in zone tz.  *flags gets WAKE_TZ_AMBIGUOUS/GAP.  Cached
 * per zone and hour, so repeated calls in the same hour are cheap; the
 * cache makes tz not thread-safe.
 */
int64_t wake_tz_to_utc(struct wake_tz *tz, int64_t local, int *flags);
/* Offset east of UTC, seconds, in effect at UTC second t. */
int wake_tz_offset(struct wake_tz *tz, int64_t t);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t wake_days_from_civil(int year, int mon, int day);
/* The inverse. */
void wake_civil_from_days(int64_t days, int *year, int *mon, int *day);

/*
 * Resolve a broken-down time to UTC.  A stamp with an offset or epoch is
 * exact.  Otherwise the zone tz is applied (flags as above).  A stamp
 * without a year takes *year_hint (which must be set, e.g. from the
 * file's mtime); see wake_year_guess().  Returns WAKE_OK or
 * WAKE_ERR_FORMAT (out of range, day 31 of a 30-day month, ...).
 */
int wake_tm_resolve(const struct wake_tm *tm, struct wake_tz *tz, int year,
    wake_time_t *ts, int *flags);

/*
 * Year for a yearless month: the year of reference time ref (UTC s,
 * usually a file's mtime), minus one when the month lies after ref's
 * month (a December line in a file written in January).
 */
int wake_year_guess(int mon, int64_t ref);

/*
 * Parse a time given on a command line: RFC 3339, "YYYY-MM-DD HH:MM[:SS]"
 * and "YYYY-MM-DD" (in zone tz), epoch seconds ("@1708595892" or ten or
 * more digits), or a relative duration ("-2h", "+30m", "7d") which sets
 * *relative to 1 and *ts to the signed offset in ns (the caller picks
 * the base).  Returns WAKE_OK or WAKE_ERR_USAGE.
 */
int wake_time_parse_arg(const char *s, struct wake_tz *tz, wake_time_t *ts,
    int *relative);

/*
 * Parse a duration: "90s", "10m", "1h30m", "2d", "500ms", "1.5h", plain
 * seconds "90"; with an optional sign.  Returns WAKE_OK or WAKE_ERR_USAGE.
 */
int wake_duration_parse(const char *s, int64_t *ns);
/* Format a duration compactly ("1h02m", "45s", "3d04h"). */
void wake_duration_format(int64_t ns, char *out, size_t outsz);

#endif /* WAKE_TIME_H */
