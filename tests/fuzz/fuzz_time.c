/*
 * Fuzz the time code: wake_time_scan() at every early offset of the
 * input, a few strptime-like layouts, resolution in a DST zone, the UTC
 * form's round trip, command-line times, durations, POSIX TZ strings
 * and (for inputs starting "TZif") TZif files.  Invariants abort: a scan
 * never claims more than it was given, the cache agrees with the
 * uncached path, a formatted time parses back to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const layouts[] = {
	"%Y-%m-%d %H:%M:%S.%f %z",
	"%b %e %H:%M:%S %Y",
	"%d/%b/%Y:%H:%M:%S %z",
	"%a, %d %b %Y %I:%M:%S %p %Z",
	"%Y%j %s",
	"[%y%m%d-%H%M%S%%]"
};

static void
check_resolved(wake_time_t ts)
{
	char buf[25];
	wake_time_t back;
	int64_t ms;

	wake_time_format(ts, buf);
	if (strlen(buf) != 24)
		abort();
	/* The last seconds of the range do not survive the trip. */
	if (ts < -9223372035000000000LL || ts > 9223372035000000000LL)
		return;
	ms = ts / 1000000 - (ts % 1000000 < 0);
	if (wake_time_parse_utc(buf, 24, &back) != WAKE_OK ||
	    back != ms * 1000000)
		abort();
}

static void
resolve(struct wk_pctx *c, const struct wake_tm *tm)
{
	wake_time_t ts;

	if (wk_resolve(c, tm, &ts) == WAKE_OK)
		check_resolved(ts);
}

/* Poke a zone and compare the cached conversion with the uncached. */
static void
poke_zone(struct wake_tz *tz, const uint8_t *data, size_t size)
{
	int64_t t = 1708595892, u1, u2;
	int f1, f2;
	size_t i;

	for (i = 0; i < 8; i++) {
		if (size >= 8 * (i + 1)) {
			memcpy(&t, data + 8 * i, 8);
			t %= INT64_C(1) << 40;
		} else
			t += 86400 * 97 + 1801;
		(void)wake_tz_offset(tz, t);
		u1 = wake_tz_to_utc(tz, t, &f1);
		u2 = wk_tz_to_utc_nocache(tz, t, &f2);
		if (u1 != u2 || f1 != f2)
			abort();
		if (wake_tz_to_utc(tz, t, &f1) != u2 || f1 != f2)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wake_tz *tz;
	static const char ny[] = "EST5EDT,M3.2.0,M11.1.0";
	const char *s = (const char *)data;
	struct wake_tz *tz2;
	struct wake_tm tm;
	struct wk_pctx c;
	wake_time_t ts;
	int64_t ns;
	unsigned lay;
	size_t i, r;
	char *z, dbuf[32];
	int rel;

	if (tz == NULL && wk_tz_from_posix(ny, sizeof(ny) - 1, &tz) != WAKE_OK)
		abort();
	memset(&c, 0, sizeof(c));
	c.tz = tz;
	c.mtime = 1708595892;

	for (i = 0; i < size && i < 48; i++) {
		r = wake_time_scan(s + i, size - i, WAKE_TL_ALL, &tm, &lay);
		if (r > size - i || (r > 0 && (lay & WAKE_TL_ALL) == 0))
			abort();
		if (r > 0)
			resolve(&c, &tm);
	}
	for (i = 0; i < WK_NELEM(layouts); i++) {
		r = wake_time_scan_layout(layouts[i], s, size, &tm);
		if (r > size)
			abort();
		if (r > 0)
			resolve(&c, &tm);
	}
	if (wake_time_parse_utc(s, size, &ts) == WAKE_OK)
		check_resolved(ts);

	if ((z = malloc(size + 1)) == NULL)
		return 0;
	memcpy(z, data, size);
	z[size] = '\0';
	if (wake_time_parse_arg(z, tz, &ts, &rel) == WAKE_OK && !rel)
		check_resolved(ts);
	if (wake_duration_parse(z, &ns) == WAKE_OK) {
		wake_duration_format(ns, dbuf, sizeof(dbuf));
		if (strlen(dbuf) == 0)
			abort();
	}
	free(z);

	if (wk_tz_from_posix(s, size, &tz2) == WAKE_OK) {
		poke_zone(tz2, data, size);
		wake_tz_free(tz2);
	}
	if (size >= 4 && memcmp(data, "TZif", 4) == 0 &&
	    wk_tz_from_tzif(data, size, "fuzz", &tz2) == WAKE_OK) {
		poke_zone(tz2, data + size / 2, size - size / 2);
		wake_tz_free(tz2);
	}
	return 0;
}
