/*
 * Time zones: TZif files (RFC 8536, versions 1 to 3) read from $TZDIR or
 * /usr/share/zoneinfo, and the POSIX TZ string of their footer, which
 * "slim" files (Debian's among them) rely on for every time after the
 * last transition they list.
 *
 * Local-to-UTC conversion runs for each log line, so it is cached by
 * local hour: an hour is cached only when no transition falls within it
 * widened by the zone's whole offset spread, which makes a cached hour
 * unambiguous and gap-free for every second in it.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define NCACHE		64		/* hours in the local->UTC cache */
#define MAXFILE		(1 << 20)	/* real TZif files are under 4 KiB */
#define TZDEFAULT	"/usr/share/zoneinfo"
#define LOCALTIME	"/etc/localtime"
#define TLIM		(INT64_C(1) << 50)	/* clamp: about 35 My */

#define ISDIG(c)	((unsigned)(c) - '0' < 10u)
#define ISALPHA(c)	(((unsigned)(c) | 0x20) - 'a' < 26u)

struct rule {
	int	kind;		/* 'J' (1..365, no Feb 29), 'N' (0..365), 'M' */
	int	mon, week, wday, day;
	int32_t	secs;		/* local time of the change, may be < 0 */
};

struct posix {
	int32_t		std, dst;	/* offsets east of UTC */
	int		has_dst;
	struct rule	start, end;
};

struct wake_tz {
	char		*name;
	int64_t		*tt;		/* transition times, UTC s, ascending */
	uint8_t		*ti;		/* type index of each transition */
	int32_t		*off;		/* offset of each type */
	size_t		 ntt, ntype;
	int		 has_px;	/* POSIX rules after the table */
	struct posix	 px;
	int		 fixed;		/* one offset forever */
	int32_t		 fixed_off;
	int64_t		 spread;	/* largest offset minus smallest */
	int64_t		 ckey[NCACHE];	/* local hour cached in each slot */
	int32_t		 coff[NCACHE];
	int64_t		 rlo, rhi;	/* UTC->local: [rlo, rhi) has roff */
	int32_t		 roff;
};

static int
isleap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return q - ((a % b) < 0);
}

static int
year_of(int64_t t)
{
	int y, m, d;

	wake_civil_from_days(floordiv(t, 86400), &y, &m, &d);
	return y;
}

/* ---- POSIX TZ strings ---- */

/* A zone abbreviation: <...> or three or more letters. */
static const char *
px_name(const char *s, const char *e)
{
	const char *q;

	if (s < e && *s == '<') {
		for (q = ++s; s < e && *s != '>'; s++)
			if (!ISALPHA(*s) && !ISDIG(*s) && *s != '+' &&
			    *s != '-')
				return NULL;
		return s < e && s > q ? s + 1 : NULL;
	}
	for (q = s; s < e && ISALPHA(*s); s++)
		;
	return s - q >= 3 ? s : NULL;
}

/* [+-]h[h[h]][:mm[:ss]] up to maxh hours, in seconds. */
static const char *
px_time(const char *s, const char *e, int maxh, int32_t *v)
{
	int32_t h = 0, m = 0, sec = 0, sign = 1;
	int k;

	if (s < e && (*s == '+' || *s == '-'))
		sign = *s++ == '-' ? -1 : 1;
	for (k = 0; s < e && ISDIG(*s) && k < 3; s++, k++)
		h = h * 10 + (*s - '0');
	if (k == 0 || h > maxh)
		return NULL;
	if (s < e && *s == ':') {
		for (s++, k = 0; s < e && ISDIG(*s) && k < 2; s++, k++)
			m = m * 10 + (*s - '0');
		if (k == 0 || m > 59)
			return NULL;
		if (s < e && *s == ':') {
			for (s++, k = 0; s < e && ISDIG(*s) && k < 2; s++, k++)
				sec = sec * 10 + (*s - '0');
			if (k == 0 || sec > 59)
				return NULL;
		}
	}
	*v = sign * (h * 3600 + m * 60 + sec);
	return s;
}

static const char *
px_num(const char *s, const char *e, int lo, int hi, int *v)
{
	int x = 0, k;

	for (k = 0; s < e && ISDIG(*s) && k < 3; s++, k++)
		x = x * 10 + (*s - '0');
	if (k == 0 || x < lo || x > hi)
		return NULL;
	*v = x;
	return s;
}

/* Jn, n or Mm.w.d, then an optional /time (default 02:00). */
static const char *
px_rule(const char *s, const char *e, struct rule *r)
{
	if (s >= e)
		return NULL;
	if (*s == 'J') {
		r->kind = 'J';
		s = px_num(s + 1, e, 1, 365, &r->day);
	} else if (*s == 'M') {
		r->kind = 'M';
		if ((s = px_num(s + 1, e, 1, 12, &r->mon)) == NULL ||
		    s >= e || *s != '.' ||
		    (s = px_num(s + 1, e, 1, 5, &r->week)) == NULL ||
		    s >= e || *s != '.')
			return NULL;
		s = px_num(s + 1, e, 0, 6, &r->wday);
	} else {
		r->kind = 'N';
		s = px_num(s, e, 0, 365, &r->day);
	}
	if (s == NULL)
		return NULL;
	r->secs = 7200;
	if (s < e && *s == '/')
		s = px_time(s + 1, e, 167, &r->secs);
	return s;
}

static int
px_parse(const char *s, size_t n, struct posix *px)
{
	const char *e = s + n;
	int32_t v;

	memset(px, 0, sizeof(*px));
	if ((s = px_name(s, e)) == NULL ||
	    (s = px_time(s, e, 24, &v)) == NULL)
		return -1;
	px->std = px->dst = -v;
	if (s == e)
		return 0;
	if ((s = px_name(s, e)) == NULL)
		return -1;
	px->dst = px->std + 3600;
	if (s < e && *s != ',') {
		if ((s = px_time(s, e, 24, &v)) == NULL)
			return -1;
		px->dst = -v;
	}
	px->has_dst = 1;
	if (s == e) {
		/* No rules: the US ones, as most systems assume. */
		px->start = (struct rule){ 'M', 3, 2, 0, 0, 7200 };
		px->end = (struct rule){ 'M', 11, 1, 0, 0, 7200 };
		return 0;
	}
	if (*s != ',' || (s = px_rule(s + 1, e, &px->start)) == NULL ||
	    s >= e || *s != ',' || (s = px_rule(s + 1, e, &px->end)) == NULL)
		return -1;
	return s == e ? 0 : -1;
}

/* Day (since the epoch) a rule falls on in year y. */
static int64_t
rule_day(const struct rule *r, int y)
{
	int64_t first, d;
	int wd, dim;

	switch (r->kind) {
	case 'J':
		return wake_days_from_civil(y, 1, 1) + r->day - 1 +
		    (isleap(y) && r->day >= 60);
	case 'N':
		return wake_days_from_civil(y, 1, 1) + r->day;
	}
	first = wake_days_from_civil(y, r->mon, 1);
	wd = (int)((first % 7 + 11) % 7);	/* 1970-01-01 was a Thursday */
	d = first + (r->wday - wd + 7) % 7 + (r->week - 1) * 7;
	dim = r->mon == 2 ? 28 + isleap(y) :
	    30 + ((r->mon + (r->mon > 7)) & 1);
	while (d >= first + dim)
		d -= 7;
	return d;
}

/* UTC instants DST starts and ends in year y. */
static void
px_year(const struct posix *px, int y, int64_t *s, int64_t *e)
{
	*s = rule_day(&px->start, y) * 86400 + px->start.secs - px->std;
	*e = rule_day(&px->end, y) * 86400 + px->end.secs - px->dst;
}

static int32_t
px_offset(const struct posix *px, int64_t t)
{
	int64_t s, e;

	if (!px->has_dst)
		return px->std;
	px_year(px, year_of(t + px->std), &s, &e);
	if (s < e)
		return t >= s && t < e ? px->dst : px->std;
	/* Southern hemisphere: DST spans the new year. */
	return t >= e && t < s ? px->std : px->dst;
}

/* The first change after t, or INT64_MAX. */
static int64_t
px_next(const struct posix *px, int64_t t)
{
	int64_t s, e, best = INT64_MAX;
	int y, yy;

	if (!px->has_dst)
		return INT64_MAX;
	y = year_of(t + px->std);
	for (yy = y - 1; yy <= y + 2; yy++) {
		px_year(px, yy, &s, &e);
		if (s > t && s < best)
			best = s;
		if (e > t && e < best)
			best = e;
	}
	return best;
}

/* ---- lookups ---- */

/* Index of the last transition at or before t; the caller knows one is. */
static size_t
find(const struct wake_tz *tz, int64_t t)
{
	size_t lo = 0, hi = tz->ntt, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (tz->tt[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int32_t
offset_at(const struct wake_tz *tz, int64_t t)
{
	if (tz->fixed)
		return tz->fixed_off;
	if (tz->ntt == 0)
		return tz->has_px ? px_offset(&tz->px, t) : tz->off[0];
	if (t < tz->tt[0])
		return tz->off[0];
	if (t >= tz->tt[tz->ntt - 1] && tz->has_px)
		return px_offset(&tz->px, t);
	return tz->off[tz->ti[find(tz, t)]];
}

/* The first transition after t, or INT64_MAX. */
static int64_t
next_change(const struct wake_tz *tz, int64_t t)
{
	if (tz->fixed)
		return INT64_MAX;
	if (tz->ntt > 0 && t < tz->tt[0])
		return tz->tt[0];
	if (tz->ntt > 0 && t < tz->tt[tz->ntt - 1])
		return tz->tt[find(tz, t) + 1];
	return tz->has_px ? px_next(&tz->px, t) : INT64_MAX;
}

static int64_t
clamp(int64_t t)
{
	return t > TLIM ? TLIM : t < -TLIM ? -TLIM : t;
}

int
wake_tz_offset(struct wake_tz *tz, int64_t t)
{
	if (tz == NULL)
		return 0;
	if (tz->fixed)
		return tz->fixed_off;
	t = clamp(t);
	if (t < tz->rlo || t >= tz->rhi) {
		tz->roff = offset_at(tz, t);
		tz->rlo = t;
		tz->rhi = next_change(tz, t);
	}
	return tz->roff;
}

/* The instant of local in tz: the earlier of two in a repeated hour,
 * or with late, the later. */
static int64_t
to_utc(struct wake_tz *tz, int64_t local, int *flags, int late)
{
	int32_t c[4], o, best = 0, lo;
	int nc = 0, nvalid = 0, i, j;

	*flags = 0;
	if (tz == NULL)
		return local;
	if (tz->fixed)
		return local - tz->fixed_off;
	local = clamp(local);
	/*
	 * Every offset that may apply: those a day either side (offsets
	 * stay within a day), and those at the instants they point to.
	 */
	c[0] = offset_at(tz, local - 86400);
	c[1] = offset_at(tz, local + 86400);
	c[2] = offset_at(tz, local - c[0]);
	c[3] = offset_at(tz, local - c[1]);
	for (i = 0; i < 4; i++) {
		for (j = 0; j < nc && c[j] != c[i]; j++)
			;
		if (j == nc)
			c[nc++] = c[i];
	}
	lo = c[0];
	for (i = 0; i < nc; i++) {
		o = c[i];
		if (o < lo)
			lo = o;
		if (offset_at(tz, local - o) != o)
			continue;
		/* The larger offset is the earlier instant. */
		if (nvalid++ == 0 || (late ? o < best : o > best))
			best = o;
	}
	if (nvalid == 0) {
		/* In a gap: read with the offset before it, which moves
		 * the time forward by the gap's length. */
		*flags = WAKE_TZ_GAP;
		return local - lo;
	}
	if (nvalid > 1)
		*flags = WAKE_TZ_AMBIGUOUS;
	return local - best;
}

int64_t
wk_tz_to_utc_nocache(struct wake_tz *tz, int64_t local, int *flags)
{
	return to_utc(tz, local, flags, 0);
}

int64_t
wk_tz_later(struct wake_tz *tz, int64_t utc)
{
	int f;

	if (tz == NULL || tz->fixed)
		return utc;
	return to_utc(tz, utc + offset_at(tz, utc), &f, 1);
}

int64_t
wake_tz_to_utc(struct wake_tz *tz, int64_t local, int *flags)
{
	int64_t h, hs, u;
	unsigned i;
	int f;

	if (flags != NULL)
		*flags = 0;
	if (tz == NULL)
		return local;
	if (tz->fixed)
		return local - tz->fixed_off;
	local = clamp(local);
	h = floordiv(local, 3600);
	i = (unsigned)h & (NCACHE - 1);
	if (tz->ckey[i] == h)
		return local - tz->coff[i];
	u = wk_tz_to_utc_nocache(tz, local, &f);
	if (f == 0) {
		/* Every candidate instant for this hour lies within the
		 * spread of the one found: no change there, no doubt. */
		hs = h * 3600 - (local - u);
		if (next_change(tz, hs - tz->spread - 1) >
		    hs + 3599 + tz->spread) {
			tz->ckey[i] = h;
			tz->coff[i] = (int32_t)(local - u);
		}
	}
	if (flags != NULL)
		*flags = f;
	return u;
}

/* ---- building zones ---- */

static struct wake_tz *
tz_new(const char *name, size_t ntt, size_t ntype)
{
	struct wake_tz *tz;
	size_t i;

	if ((tz = calloc(1, sizeof(*tz))) == NULL)
		return NULL;
	tz->name = strdup(name);
	tz->tt = calloc(ntt ? ntt : 1, sizeof(*tz->tt));
	tz->ti = calloc(ntt ? ntt : 1, 1);
	tz->off = calloc(ntype ? ntype : 1, sizeof(*tz->off));
	if (tz->name == NULL || tz->tt == NULL || tz->ti == NULL ||
	    tz->off == NULL) {
		wake_tz_free(tz);
		return NULL;
	}
	tz->ntt = ntt;
	tz->ntype = ntype ? ntype : 1;
	for (i = 0; i < NCACHE; i++)
		tz->ckey[i] = INT64_MIN;
	tz->rlo = 1;
	tz->rhi = 0;
	return tz;
}

/* Work out the fast paths and the offset spread once built. */
static void
tz_finish(struct wake_tz *tz)
{
	int32_t lo, hi;
	size_t i;

	if (tz->has_px && tz->ntt == 0)
		tz->off[0] = tz->px.std;
	lo = hi = tz->off[0];
	for (i = 1; i < tz->ntype; i++) {
		lo = WK_MIN(lo, tz->off[i]);
		hi = WK_MAX(hi, tz->off[i]);
	}
	if (tz->has_px) {
		lo = WK_MIN(lo, WK_MIN(tz->px.std, tz->px.dst));
		hi = WK_MAX(hi, WK_MAX(tz->px.std, tz->px.dst));
	}
	tz->spread = (int64_t)hi - lo;
	if (tz->ntt == 0 && (!tz->has_px || !tz->px.has_dst)) {
		tz->fixed = 1;
		tz->fixed_off = tz->has_px ? tz->px.std : tz->off[0];
	}
}

int
wk_tz_from_posix(const char *s, size_t n, struct wake_tz **tzp)
{
	struct posix px;
	struct wake_tz *tz;
	char name[64];

	*tzp = NULL;
	if (px_parse(s, n, &px) != 0)
		return WAKE_ERR_FORMAT;
	n = WK_MIN(n, sizeof(name) - 1);
	memcpy(name, s, n);
	name[n] = '\0';
	if ((tz = tz_new(name, 0, 1)) == NULL)
		return WAKE_ERR_NOMEM;
	tz->has_px = 1;
	tz->px = px;
	tz_finish(tz);
	*tzp = tz;
	return WAKE_OK;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct tzhead {
	uint32_t isut, isstd, leap, time, type, chars;
};

/* Read a header at p; returns the size of the data block after it. */
static int
head(const unsigned char *p, size_t avail, size_t tsize, struct tzhead *h,
    size_t *datalen)
{
	if (avail < 44 || memcmp(p, "TZif", 4) != 0)
		return -1;
	h->isut = be32(p + 20);
	h->isstd = be32(p + 24);
	h->leap = be32(p + 28);
	h->time = be32(p + 32);
	h->type = be32(p + 36);
	h->chars = be32(p + 40);
	/* Each count is bounded by the file, so the sum cannot wrap. */
	if (h->isut > avail || h->isstd > avail || h->leap > avail ||
	    h->time > avail || h->type > avail || h->chars > avail)
		return -1;
	*datalen = (size_t)h->time * (tsize + 1) + (size_t)h->type * 6 +
	    h->chars + (size_t)h->leap * (tsize + 4) + h->isstd + h->isut;
	return *datalen <= avail - 44 ? 0 : -1;
}

int
wk_tz_from_tzif(const void *buf, size_t n, const char *name,
    struct wake_tz **tzp)
{
	const unsigned char *p = buf, *d, *end = p + n, *f, *fe;
	struct tzhead h;
	struct wake_tz *tz;
	size_t len, tsize = 4, i;
	int32_t o;

	*tzp = NULL;
	if (head(p, n, 4, &h, &len) != 0 || (p[4] != 0 && p[4] < '1'))
		return WAKE_ERR_FORMAT;
	if (p[4] >= '2') {
		/* Skip the 32-bit data to the 64-bit header and data. */
		p += 44 + len;
		tsize = 8;
		if (head(p, (size_t)(end - p), 8, &h, &len) != 0)
			return WAKE_ERR_FORMAT;
	}
	if (h.type == 0 || h.type > 256)
		return WAKE_ERR_FORMAT;
	if ((tz = tz_new(name, h.time, h.type)) == NULL)
		return WAKE_ERR_NOMEM;
	d = p + 44;
	for (i = 0; i < h.time; i++) {
		tz->tt[i] = tsize == 8 ? be64(d + i * 8) :
		    (int32_t)be32(d + i * 4);
		if (i > 0 && tz->tt[i] <= tz->tt[i - 1])
			goto bad;
	}
	d += (size_t)h.time * tsize;
	for (i = 0; i < h.time; i++)
		if ((tz->ti[i] = d[i]) >= h.type)
			goto bad;
	d += h.time;
	for (i = 0; i < h.type; i++, d += 6) {
		o = (int32_t)be32(d);
		if (o <= -86400 || o >= 86400 || d[4] > 1)
			goto bad;
		tz->off[i] = o;
	}
	/* The footer: "\n" TZ-string "\n" after the 64-bit data. */
	f = p + 44 + len;
	if (tsize == 8 && f < end && *f == '\n') {
		for (fe = ++f; fe < end && *fe != '\n'; fe++)
			;
		if (fe < end && fe > f &&
		    px_parse((const char *)f, (size_t)(fe - f), &tz->px) == 0)
			tz->has_px = 1;
	}
	tz_finish(tz);
	*tzp = tz;
	return WAKE_OK;
bad:
	wake_tz_free(tz);
	return WAKE_ERR_FORMAT;
}

/* ---- opening ---- */

static int
read_file(const char *path, unsigned char **bufp, size_t *np)
{
	struct stat st;
	unsigned char *buf;
	size_t n = 0;
	ssize_t r;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return WAKE_ERR_IO;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > MAXFILE || st.st_size < 44) {
		close(fd);
		return WAKE_ERR_FORMAT;
	}
	if ((buf = malloc((size_t)st.st_size)) == NULL) {
		close(fd);
		return WAKE_ERR_NOMEM;
	}
	while (n < (size_t)st.st_size) {
		r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*bufp = buf;
	*np = n;
	return WAKE_OK;
}

static int
load_file(const char *path, const char *name, struct wake_tz **tzp)
{
	unsigned char *buf;
	size_t n;
	int r;

	if ((r = read_file(path, &buf, &n)) != WAKE_OK)
		return r;
	r = wk_tz_from_tzif(buf, n, name, tzp);
	free(buf);
	return r;
}

static int
utc_name(const char *s)
{
	return strcasecmp(s, "UTC") == 0 || strcasecmp(s, "GMT") == 0 ||
	    strcasecmp(s, "Z") == 0;
}

static int
open_utc(const char *name, struct wake_tz **tzp)
{
	if ((*tzp = tz_new(name, 0, 1)) == NULL)
		return WAKE_ERR_NOMEM;
	tz_finish(*tzp);
	return WAKE_OK;
}

/* The zone name in a path ".../zoneinfo/Asia/Tokyo", else def. */
static const char *
path_name(const char *path, const char *def)
{
	const char *z = strstr(path, "zoneinfo/");

	return z != NULL && z[9] != '\0' ? z + 9 : def;
}

/* A name from the caller, or a path too when it came from $TZ. */
static int
open_named(const char *name, int path_ok, struct wake_tz **tzp,
    const char **why)
{
	char path[PATH_MAX];
	const char *dir;
	int r, n;

	if (utc_name(name))
		return open_utc(name, tzp);
	if (strstr(name, "..") != NULL || (name[0] == '/' && !path_ok)) {
		*why = "time zone name must not be a path";
		return WAKE_ERR_USAGE;
	}
	if (name[0] == '/')
		r = load_file(name, path_name(name, name), tzp);
	else {
		if ((dir = getenv("TZDIR")) == NULL || *dir == '\0')
			dir = TZDEFAULT;
		n = snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (n < 0 || (size_t)n >= sizeof(path)) {
			*why = "time zone name too long";
			return WAKE_ERR_USAGE;
		}
		r = load_file(path, name, tzp);
	}
	if (r == WAKE_OK || r == WAKE_ERR_NOMEM)
		return r;
	/* Not a zone file: perhaps a POSIX TZ string ("JST-9"). */
	if (wk_tz_from_posix(name, strlen(name), tzp) == WAKE_OK)
		return WAKE_OK;
	*why = r == WAKE_ERR_FORMAT ? "not a time zone file" :
	    "unknown time zone";
	return WAKE_ERR_USAGE;
}

/* A name for /etc/localtime: its link's target, else /etc/timezone. */
static const char *
local_name(char *buf, size_t size)
{
	ssize_t k;
	size_t i;
	int fd;

	if ((k = readlink(LOCALTIME, buf, size - 1)) > 0) {
		buf[k] = '\0';
		return path_name(buf, "localtime");
	}
	if ((fd = open("/etc/timezone", O_RDONLY | O_CLOEXEC)) < 0)
		return "localtime";
	k = read(fd, buf, size - 1);
	close(fd);
	for (i = 0; k > 0 && i < (size_t)k && buf[i] != '\n'; i++)
		if (!ISALPHA(buf[i]) && !ISDIG(buf[i]) &&
		    strchr("/_+-", buf[i]) == NULL)
			return "localtime";
	if (i == 0)
		return "localtime";
	buf[i] = '\0';
	return buf;
}

int
wake_tz_open(const char *name, struct wake_tz **tzp, const char **why)
{
	const char *dummy, *e;
	char buf[PATH_MAX];
	int r;

	*tzp = NULL;
	if (why == NULL)
		why = &dummy;
	*why = NULL;
	if (name != NULL && *name != '\0')
		return open_named(name, 0, tzp, why);
	if ((e = getenv("TZ")) != NULL) {
		if (*e == ':')
			e++;
		/* POSIX: an empty TZ means UTC. */
		return *e == '\0' ? open_utc("UTC", tzp) :
		    open_named(e, 1, tzp, why);
	}
	r = load_file(LOCALTIME, local_name(buf, sizeof(buf)), tzp);
	if (r == WAKE_OK || r == WAKE_ERR_NOMEM)
		return r;
	return open_utc("UTC", tzp);
}

void
wake_tz_free(struct wake_tz *tz)
{
	if (tz == NULL)
		return;
	free(tz->name);
	free(tz->tt);
	free(tz->ti);
	free(tz->off);
	free(tz);
}

const char *
wake_tz_name(const struct wake_tz *tz)
{
	return tz != NULL ? tz->name : "UTC";
}
