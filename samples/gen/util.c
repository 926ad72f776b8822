/*
 * wake-gen: random numbers, buffers, output and time formatting.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

/* ---- random numbers ---- */

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z;

	z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t x = seed;
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t res, t;

	res = rotl(s[1] * 5, 7) * 9;
	t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

void
rng_fill(struct rng *r, uint64_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = rng_next(r);
}

const char *
rng_pick(struct rng *r, const char *const *v, size_t n)
{
	return v[rng_below(r, (uint32_t)n)];
}

/* ---- errors and memory ---- */

void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("wake-gen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		die("out of memory");
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		die("out of memory");
	if ((p = realloc(p, n * size == 0 ? 1 : n * size)) == NULL)
		die("out of memory");
	return p;
}

/* ---- buffers ---- */

void
gbuf_reserve(struct gbuf *b, size_t more)
{
	size_t cap;

	if (b->cap - b->n >= more)
		return;
	cap = b->cap < 4096 ? 4096 : b->cap;
	while (cap - b->n < more) {
		if (cap > SIZE_MAX / 2)
			die("out of memory");
		cap *= 2;
	}
	b->p = xreallocarray(b->p, cap, 1);
	b->cap = cap;
}

void
gbuf_put(struct gbuf *b, const void *p, size_t n)
{
	gbuf_reserve(b, n);
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

void
gbuf_puts(struct gbuf *b, const char *s)
{
	gbuf_put(b, s, strlen(s));
}

void
gbuf_putc(struct gbuf *b, int c)
{
	gbuf_reserve(b, 1);
	b->p[b->n++] = (char)c;
}

void
gbuf_putu(struct gbuf *b, uint64_t v, int width)
{
	char tmp[24];
	int i = (int)sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while ((int)sizeof(tmp) - i < width && i > 0)
		tmp[--i] = '0';
	gbuf_put(b, tmp + i, sizeof(tmp) - (size_t)i);
}

void
gbuf_printf(struct gbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	gbuf_reserve(b, 256);
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("vsnprintf failed");
	if ((size_t)n >= b->cap - b->n) {
		gbuf_reserve(b, (size_t)n + 1);
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
		va_end(ap);
	}
	b->n += (size_t)n;
}

void
gbuf_free(struct gbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

/* ---- output ---- */

void
write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)
				exit(0);
			die("write: %s", strerror(errno));
		}
		s += w;
		n -= (size_t)w;
	}
}

void
write_file(const char *dir, const char *name, const void *p, size_t n)
{
	char path[4096];
	FILE *fp;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		die("%s/%s: path too long", dir, name);
	if ((fp = fopen(path, "wb")) == NULL)
		die("%s: %s", path, strerror(errno));
	if (fwrite(p, 1, n, fp) != n || fclose(fp) != 0)
		die("%s: write failed", path);
}

/* ---- time ---- */

const char *const month_abbr[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};
const char *const wday_abbr[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};

/* Howard Hinnant's civil calendar algorithms. */
int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void
gtm_from_ms(int64_t ms, int off, struct gtm *tm)
{
	int64_t t, days, sod;

	t = ms + (int64_t)off * 1000;
	days = floordiv(t, 86400000);
	sod = t - days * 86400000;
	civil_from_days(days, &tm->year, &tm->mon, &tm->day);
	tm->hour = (int)(sod / 3600000);
	tm->min = (int)(sod / 60000 % 60);
	tm->sec = (int)(sod / 1000 % 60);
	tm->ms = (int)(sod % 1000);
	/* 1970-01-01 was a Thursday. */
	tm->wday = (int)((days % 7 + 11) % 7);
}

static void
put2(struct gbuf *b, int v)
{
	char s[2];

	s[0] = (char)('0' + v / 10);
	s[1] = (char)('0' + v % 10);
	gbuf_put(b, s, 2);
}

static void
put_date_time(struct gbuf *b, const struct gtm *tm, char sep)
{
	gbuf_putu(b, (uint64_t)tm->year, 4);
	gbuf_putc(b, '-');
	put2(b, tm->mon);
	gbuf_putc(b, '-');
	put2(b, tm->day);
	gbuf_putc(b, sep);
	put2(b, tm->hour);
	gbuf_putc(b, ':');
	put2(b, tm->min);
	gbuf_putc(b, ':');
	put2(b, tm->sec);
}

void
put_iso_utc(struct gbuf *b, int64_t ms)
{
	put_iso_off(b, ms, 0, 1);
}

void
put_iso_off(struct gbuf *b, int64_t ms, int off, int z)
{
	struct gtm tm;
	int a;

	gtm_from_ms(ms, off, &tm);
	put_date_time(b, &tm, 'T');
	gbuf_putc(b, '.');
	gbuf_putu(b, (uint64_t)tm.ms, 3);
	if (off == 0 && z) {
		gbuf_putc(b, 'Z');
		return;
	}
	a = off < 0 ? -off : off;
	gbuf_putc(b, off < 0 ? '-' : '+');
	put2(b, a / 3600);
	gbuf_putc(b, ':');
	put2(b, a / 60 % 60);
}

void
put_iso_us(struct gbuf *b, int64_t ms, int us, int off)
{
	struct gtm tm;
	int a;

	gtm_from_ms(ms, off, &tm);
	put_date_time(b, &tm, 'T');
	gbuf_putc(b, '.');
	gbuf_putu(b, (uint64_t)tm.ms * 1000 + (uint64_t)us, 6);
	a = off < 0 ? -off : off;
	gbuf_putc(b, off < 0 ? '-' : '+');
	put2(b, a / 3600);
	gbuf_putc(b, ':');
	put2(b, a / 60 % 60);
}

void
put_rfc3164(struct gbuf *b, int64_t ms, int off)
{
	struct gtm tm;

	gtm_from_ms(ms, off, &tm);
	gbuf_puts(b, month_abbr[tm.mon - 1]);
	gbuf_putc(b, ' ');
	if (tm.day < 10)
		gbuf_putc(b, ' ');
	gbuf_putu(b, (uint64_t)tm.day, 0);
	gbuf_putc(b, ' ');
	put2(b, tm.hour);
	gbuf_putc(b, ':');
	put2(b, tm.min);
	gbuf_putc(b, ':');
	put2(b, tm.sec);
}

void
put_clf(struct gbuf *b, int64_t ms, int off)
{
	struct gtm tm;
	int a;

	gtm_from_ms(ms, off, &tm);
	put2(b, tm.day);
	gbuf_putc(b, '/');
	gbuf_puts(b, month_abbr[tm.mon - 1]);
	gbuf_putc(b, '/');
	gbuf_putu(b, (uint64_t)tm.year, 4);
	gbuf_putc(b, ':');
	put2(b, tm.hour);
	gbuf_putc(b, ':');
	put2(b, tm.min);
	gbuf_putc(b, ':');
	put2(b, tm.sec);
	a = off < 0 ? -off : off;
	gbuf_putc(b, ' ');
	gbuf_putc(b, off < 0 ? '-' : '+');
	put2(b, a / 3600);
	put2(b, a / 60 % 60);
}
