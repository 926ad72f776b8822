/*
 * The detectors of wake-redact: one pass over a string, a byte-class
 * table finding the bytes a value can start at or turn on (digits, '@',
 * ':', '+', '='), and hand-written checks of each candidate.  Pure
 * functions of the bytes: no key, no state, no allocation.
 *
 * What counts as a value, and what must never count (timestamps,
 * versions, ports, MAC addresses, UUIDs, trace ids), is documented in
 * wake-redact(1); the rules are here.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"

#define C_DIG	0x01	/* 0-9 */
#define C_HEX	0x02	/* 0-9 a-f A-F */
#define C_WORD	0x04	/* 0-9 A-Z a-z _ */
#define C_TRIG	0x08	/* 0-9 @ : + = % */
#define C_LOCAL	0x10	/* e-mail local part: 0-9 A-Z a-z . _ % + - */
#define C_DOM	0x20	/* domain label: 0-9 A-Z a-z - */
#define C_ALPHA	0x40	/* A-Z a-z */
#define C_V6	0x80	/* 0-9 a-f A-F : . */

static const unsigned char cls[256] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 00 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 08 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 10 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 18 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00,	/* 20 */
	0x00, 0x00, 0x00, 0x18, 0x00, 0x30, 0x90, 0x00,	/* 28 */
	0xbf, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf,	/* 30 */
	0xbf, 0xbf, 0x88, 0x00, 0x00, 0x08, 0x00, 0x00,	/* 38 */
	0x08, 0xf6, 0xf6, 0xf6, 0xf6, 0xf6, 0xf6, 0x74,	/* 40 */
	0x74, 0x74, 0x74, 0x74, 0x74, 0x74, 0x74, 0x74,	/* 48 */
	0x74, 0x74, 0x74, 0x74, 0x74, 0x74, 0x74, 0x74,	/* 50 */
	0x74, 0x74, 0x74, 0x00, 0x00, 0x00, 0x00, 0x14,	/* 58 */
	0x00, 0xf6, 0xf6, 0xf6, 0xf6, 0xf6, 0xf6, 0x74,	/* 60 */
	0x74, 0x74, 0x74, 0x74, 0x74, 0x74, 0x74, 0x74,	/* 68 */
	0x74, 0x74, 0x74, 0x74, 0x74, 0x74, 0x74, 0x74,	/* 70 */
	0x74, 0x74, 0x74, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 78 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 80 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 88 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 90 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* 98 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* a0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* a8 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* b0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* b8 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* c0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* c8 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* d0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* d8 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* e0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* e8 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* f0 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* f8 */
};

#define IS(c, m)	((cls[(unsigned char)(c)] & (m)) != 0)
#define DIG(c)		((unsigned)((unsigned char)(c) - '0') < 10u)

#define MAXGRP	8	/* digit groups of one phone or card number */

/* The string being scanned. */
struct scan {
	const unsigned char *p;
	size_t		 n;
	size_t		 lo;		/* candidates start here or later */
	size_t		 hi;		/* and end here or earlier */
	size_t		 v6done;	/* ':' before here were looked at */
	wk_rfield_fn	 field;
	void		*arg;
};

/* The byte at i, or 0 outside the string. */
static unsigned char
at(const struct scan *s, size_t i)
{
	return i < s->n ? s->p[i] : 0;
}

static unsigned char
before(const struct scan *s, size_t i)
{
	return i > 0 ? s->p[i - 1] : 0;
}

/* End of the run of bytes of class m from i. */
static size_t
run(const struct scan *s, size_t i, unsigned m)
{
	while (i < s->n && IS(s->p[i], m))
		i++;
	return i;
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Is p[0..n) the word w, in any case? */
static int
word_is(const unsigned char *p, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n && w[i] != '\0'; i++)
		if (lower(p[i]) != (unsigned char)w[i])
			return 0;
	return i == n && w[i] == '\0';
}

static void
found(struct wk_rfind *f, size_t start, size_t end, int kind)
{
	f->start = start;
	f->end = end;
	f->vstart = start;
	f->vend = end;
	f->kind = kind;
	f->field = 0;
	f->private_ip = 0;
	f->nnorm = 0;
}

/* ---- IPv4 ---- */

/*
 * A dotted quad at i: four decimal octets 0-255 without leading zeros.
 * Returns its end, or 0.
 */
static size_t
quad(const struct scan *s, size_t i, uint8_t oct[4])
{
	unsigned v, d;
	size_t st;
	int k;

	for (k = 0; k < 4; k++) {
		if (k > 0) {
			if (at(s, i) != '.')
				return 0;
			i++;
		}
		st = i;
		for (v = 0, d = 0; i < s->n && DIG(s->p[i]) && d < 4; d++)
			v = v * 10 + (unsigned)(s->p[i++] - '0');
		if (d == 0 || d > 3 || v > 255 || (d > 1 && s->p[st] == '0'))
			return 0;
		oct[k] = (uint8_t)v;
	}
	return i;
}

/*
 * Is the quad o at i a version rather than an address?  It is when it
 * follows the word v, ver, vers, rev, revision, release, build, fw,
 * firmware, bios, one ending in "version" or バージョン (with up to
 * three of  =:"' between, any case), or is the version of a product token
 * ("Chrome/120.0.0.0": a word after a space or '(' and before '/',
 * and a quad ending in .0.0, which no host has; squid's
 * HIER_DIRECT/93.184.216.34 is an address).
 */
static int
versionish(const struct scan *s, size_t i, const uint8_t o[4])
{
	static const char ver[] = "version";
	static const char jver[] = "\xe3\x83\x90\xe3\x83\xbc\xe3\x82\xb8"
	    "\xe3\x83\xa7\xe3\x83\xb3";
	static const char *const words[] = { "v", "ver", "vers", "rev",
	    "revision", "release", "build", "fw", "firmware", "bios" };
	size_t k = i, e, len, m;

	if (k >= 2 && s->p[k - 1] == '/' && IS(s->p[k - 2], C_WORD)) {
		if (o[2] != 0 || o[3] != 0)
			return 0;
		for (k -= 2; k > 0 && IS(s->p[k - 1], C_WORD | C_DOM); k--)
			;
		return k == 0 || s->p[k - 1] == ' ' || s->p[k - 1] == '(' ||
		    s->p[k - 1] == ';';
	}
	for (m = 0; k > 0 && m < 3 && (s->p[k - 1] == ' ' ||
	    s->p[k - 1] == '=' || s->p[k - 1] == ':' || s->p[k - 1] == '"' ||
	    s->p[k - 1] == '\''); m++)
		k--;
	/* "バージョン", Japanese for version. */
	if (k >= sizeof(jver) - 1 && memcmp(s->p + k - (sizeof(jver) - 1),
	    jver, sizeof(jver) - 1) == 0)
		return 1;
	/* The word, or its last part after '_' (sw_release, app_ver). */
	for (e = k; k > 0 && IS(s->p[k - 1], C_ALPHA); k--)
		;
	len = e - k;
	for (m = 0; m < WK_NELEM(words); m++)
		if (word_is(s->p + k, len, words[m]))
			return 1;
	if (len < 7)
		return 0;
	for (m = 0; m < 7; m++)
		if (lower(s->p[e - 7 + m]) != (unsigned char)ver[m])
			return 0;
	return 1;
}

/*
 * Is the address a (nbytes of it) followed at e by "/LEN" with all
 * bits after the first LEN zero: a network (203.0.113.0/24), not a
 * host (192.168.1.10/24 as ip(8) writes an interface's)?
 */
static int
prefix(const struct scan *s, size_t e, const uint8_t *a, unsigned nbytes)
{
	unsigned v = 0, b;
	size_t k = e + 1;

	if (at(s, e) != '/' || !DIG(at(s, k)))
		return 0;
	for (; k < s->n && DIG(s->p[k]) && v <= nbytes * 8; k++)
		v = v * 10 + (unsigned)(s->p[k] - '0');
	if (v >= nbytes * 8 || IS(at(s, k), C_WORD) || at(s, k) == '.')
		return 0;
	for (b = v; b < nbytes * 8; b++)
		if (a[b / 8] & (0x80 >> (b % 8)))
			return 0;
	return 1;
}

static int
private4(const uint8_t o[4])
{
	return o[0] == 10 || o[0] == 127 || (o[0] == 172 &&
	    (o[1] & 0xf0) == 16) || (o[0] == 192 && o[1] == 168) ||
	    (o[0] == 169 && o[1] == 254);
}

/*
 * An IPv4 address at digit i?  Returns 1 (f set), or 0 with *next past
 * what was looked at.
 */
static int
ipv4(struct scan *s, size_t i, struct wk_rfind *f, size_t *next)
{
	uint8_t o[4];
	uint32_t v, inv;
	size_t e;

	if ((e = quad(s, i, o)) == 0)
		return 0;
	*next = e;
	/* Part of something longer: an OID, a 5-part version, a word
	 * (but "...198.51.100.23" is an address after an ellipsis). */
	if ((before(s, i) == '.' && i >= 2 && IS(s->p[i - 2], C_WORD)) ||
	    IS(at(s, e), C_WORD) ||
	    ((at(s, e) == '.') && DIG(at(s, e + 1))) || e > s->hi)
		return 0;
	v = (uint32_t)o[0] << 24 | (uint32_t)o[1] << 16 |
	    (uint32_t)o[2] << 8 | o[3];
	inv = ~v;
	/* 0.0.0.0 and netmasks (255.255.255.0) name no one. */
	if (v == 0 || (o[0] == 255 && (inv & (inv + 1)) == 0))
		return 0;
	if (versionish(s, i, o) || prefix(s, e, o, 4))
		return 0;
	found(f, i, e, WK_RK_IPV4);
	memcpy(f->norm, o, 4);
	f->nnorm = 4;
	f->private_ip = private4(o);
	return 1;
}

/* ---- IPv6 ---- */

/*
 * Parse p[s..e) as an IPv6 address (RFC 4291 text forms, with a dotted
 * quad at the end allowed).  Returns 1 with the 16 bytes in a, else 0.
 * *pairs is set when all eight groups are written out with exactly two
 * digits each: the shape of an EUI-64 or a MAC, not of an address.
 */
static int
parse6(const unsigned char *p, size_t s, size_t e, uint8_t a[16], int *pairs)
{
	struct scan q;
	uint8_t o[4];
	unsigned v;
	size_t i = s, st, d;
	int ng = 0, gap = -1, two = 1, k;

	*pairs = 0;
	memset(a, 0, 16);
	if (e - s >= 2 && p[s] == ':' && p[s + 1] == ':') {
		gap = 0;
		i += 2;
		if (i == e)
			return 0;
	} else if (p[s] == ':')
		return 0;
	while (i < e) {
		st = i;
		for (v = 0, d = 0; i < e && IS(p[i], C_HEX); i++, d++)
			v = v * 16 + (unsigned)(DIG(p[i]) ? p[i] - '0' :
			    lower(p[i]) - 'a' + 10);
		if (i < e && p[i] == '.') {
			/* A dotted quad ends the address. */
			q.p = p;
			q.n = e;
			if (ng > 6 || quad(&q, st, o) != e)
				return 0;
			memcpy(a + 2 * ng, o, 4);
			ng += 2;
			two = 0;
			i = e;
			break;
		}
		if (d == 0 || d > 4 || ng == 8)
			return 0;
		if (d != 2)
			two = 0;
		a[2 * ng] = (uint8_t)(v >> 8);
		a[2 * ng + 1] = (uint8_t)v;
		ng++;
		if (i == e)
			break;
		/* p[i] is ':' here: the run holds only hex, ':' and '.'. */
		if (p[i] != ':' || ++i == e)
			return 0;
		if (p[i] == ':') {
			if (gap >= 0)
				return 0;
			gap = ng;
			if (++i == e)
				break;
		}
	}
	if (gap < 0) {
		if (ng != 8)
			return 0;
		*pairs = two;
		return 1;
	}
	if (ng > 7)
		return 0;
	/* Move the groups after "::" to the end. */
	k = 16 - 2 * (ng - gap);
	memmove(a + k, a + 2 * gap, (size_t)(2 * (ng - gap)));
	memset(a + 2 * gap, 0, (size_t)(k - 2 * gap));
	return 1;
}

/*
 * An IPv6 address starting at s (a hex digit or ':')?  Returns 1 (f
 * set) or 0; s->v6done moves past the run either way.
 */
static int
ipv6(struct scan *s, size_t st, struct wk_rfind *f)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	uint8_t a[16];
	size_t e, i;
	int pairs, digit = 0, colons = 0, dbl = 0;

	/* One pass: the run, its digits and colons; "::" somewhere. */
	for (e = st; e < s->n && IS(s->p[e], C_V6); e++)
		if (s->p[e] == ':') {
			colons++;
			dbl |= e > st && s->p[e - 1] == ':';
		} else
			digit |= DIG(s->p[e]);
	s->v6done = e;
	/* Sentence ends and a lone ':' after the address are not in it. */
	while (e > st && s->p[e - 1] == '.')
		e--;
	if (e - st >= 2 && s->p[e - 1] == ':' && s->p[e - 2] != ':') {
		e--;
		colons--;
	}
	/* Times (12:34:56) and MACs have too few groups and no "::";
	 * "Abc::Def", "dead::beef" are words. */
	if (colons < 2 || (!dbl && colons != 7) || !digit)
		return 0;
	if (e > s->hi || IS(at(s, e), C_WORD) || IS(before(s, st),
	    C_WORD) || before(s, st) == '.' || before(s, st) == ':')
		return 0;
	if (!parse6(s->p, st, e, a, &pairs) || pairs || prefix(s, e, a, 16))
		return 0;
	/* "2001:db8::", "fe80::": a prefix, not a host. */
	if (s->p[e - 1] == ':')
		return 0;
	for (i = 0; i < 16 && a[i] == 0; i++)
		;
	if (i == 16)
		return 0;	/* "::", the unspecified address */
	found(f, st, e, WK_RK_IPV6);
	if (memcmp(a, mapped, 12) == 0) {
		/* ::ffff:10.0.0.1 is the IPv4 host, with its token. */
		if (memcmp(a + 12, "\0\0\0\0", 4) == 0)
			return 0;
		f->kind = WK_RK_IPV4;
		memcpy(f->norm, a + 12, 4);
		f->nnorm = 4;
		f->private_ip = private4(a + 12);
		return 1;
	}
	memcpy(f->norm, a, 16);
	f->nnorm = 16;
	f->private_ip = (i == 15 && a[15] == 1) ||		/* ::1 */
	    (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||		/* fe80::/10 */
	    (a[0] & 0xfe) == 0xfc;				/* fc00::/7 */
	return 1;
}

/* ---- phone and card numbers ---- */

/* Digit groups read from a number as written. */
struct groups {
	int		 n;
	int		 open;		/* a '(' before group 0 */
	size_t		 st[MAXGRP];
	size_t		 end[MAXGRP];	/* after the group (and its ')') */
	uint8_t		 len[MAXGRP];
	unsigned char	 sep[MAXGRP];	/* what follows: - . ' ' ( ) or 0 */
	uint8_t		 closed[MAXGRP];	/* group followed by ')' */
};

/*
 * Read digit groups from i (after a '(' when open): separated by one
 * '-', '.' or ' ', or by parentheses ("(415) 555-0100", "03(1234)5678").
 * A ')' that closes no '(' of the number ends it.  A group of more than
 * 19 digits stops the reading.
 */
static void
read_groups(const struct scan *s, size_t i, int open, struct groups *g)
{
	size_t j, q;
	unsigned char c;
	int pending;

	g->n = 0;
	g->open = open;
	while (g->n < MAXGRP) {
		pending = g->n == 0 ? open : g->sep[g->n - 1] == '(';
		j = run(s, i, C_DIG);
		if (j - i > 19) {
			g->n = 0;
			return;
		}
		g->st[g->n] = i;
		g->len[g->n] = (uint8_t)(j - i);
		g->closed[g->n] = 0;
		g->sep[g->n] = 0;
		g->end[g->n] = j;
		q = j;
		c = at(s, q);
		if (c == ')' && pending) {
			g->closed[g->n] = 1;
			g->end[g->n] = ++q;
			c = at(s, q);
			if (DIG(c)) {
				g->sep[g->n++] = ')';
				i = q;
				continue;
			}
			if ((c == ' ' || c == '-') && DIG(at(s, q + 1))) {
				g->sep[g->n++] = ')';
				i = q + 1;
				continue;
			}
			g->n++;
			return;
		}
		if ((c == '-' || c == '.' || c == ' ') && DIG(at(s, q + 1))) {
			g->sep[g->n++] = c;
			i = q + 1;
			continue;
		}
		if (c == '(' && DIG(at(s, q + 1))) {
			g->sep[g->n++] = '(';
			i = q + 1;
			continue;
		}
		if ((c == ' ' || c == '-') && at(s, q + 1) == '(' &&
		    DIG(at(s, q + 2))) {
			g->sep[g->n++] = '(';
			i = q + 2;
			continue;
		}
		g->n++;
		return;
	}
}

/*
 * Are the parentheses of groups [0, m) paired, each around one group?
 * Returns the number of groups in parentheses, or -1.
 */
static int
parens(const struct groups *g, int m)
{
	int k, in, np = 0;

	for (k = 0; k < m; k++) {
		in = k == 0 ? g->open : g->sep[k - 1] == '(';
		if (in != g->closed[k])
			return -1;
		np += in;
	}
	return np;
}

/* Copy the digits of groups [from, m) to out (room for 20 per group). */
static size_t
digits(const struct scan *s, const struct groups *g, int from, int m,
    unsigned char *out)
{
	size_t n = 0;
	int k;

	for (k = from; k < m; k++) {
		memcpy(out + n, s->p + g->st[k], g->len[k]);
		n += g->len[k];
	}
	return n;
}

static int
luhn(const unsigned char *d, size_t n)
{
	unsigned sum = 0, x;
	size_t i;
	int dbl = 0;

	for (i = n; i-- > 0; dbl = !dbl) {
		x = (unsigned)(d[i] - '0');
		if (dbl && (x *= 2) > 9)
			x -= 9;
		sum += x;
	}
	return sum % 10 == 0;
}

/* Does a card number of n digits begin as some card network's do? */
static int
iin(const unsigned char *d, size_t n)
{
	int p2 = (d[0] - '0') * 10 + (d[1] - '0');
	int p3 = p2 * 10 + (d[2] - '0'), p4 = p3 * 10 + (d[3] - '0');

	switch (d[0]) {
	case '4':					/* Visa */
		return n == 13 || n == 16 || n == 19;
	case '5':					/* Mastercard */
		return p2 >= 51 && p2 <= 55 && n == 16;
	case '2':
		return p4 >= 2221 && p4 <= 2720 && n == 16;
	case '3':
		if (p2 == 34 || p2 == 37)		/* American Express */
			return n == 15;
		if (p4 >= 3528 && p4 <= 3589)		/* JCB */
			return n >= 16;
		if (p2 == 36 || p2 == 38 || p2 == 39 ||	/* Diners Club */
		    (p3 >= 300 && p3 <= 305))
			return n >= 14;
		return 0;
	case '6':				/* Discover, UnionPay */
		return (p4 == 6011 || p2 == 65 || p2 == 62 ||
		    (p3 >= 644 && p3 <= 649)) && n >= 16;
	default:
		return 0;
	}
}

/* All separators of groups [0, m) are c. */
static int
seps_are(const struct groups *g, int m, unsigned char c)
{
	int k;

	for (k = 0; k + 1 < m; k++)
		if (g->sep[k] != c)
			return 0;
	return 1;
}

/*
 * Does i follow a key ending in "id" (req_id=, trace-id: , "id":)?  A
 * bare run of digits there is an id written in hex that happens to
 * hold no letter, not a card number.
 */
static int
after_id(const struct scan *s, size_t i)
{
	size_t k = i, m;

	for (m = 0; k > 0 && m < 3 && (s->p[k - 1] == '=' ||
	    s->p[k - 1] == ':' || s->p[k - 1] == ' ' || s->p[k - 1] == '"');
	    m++)
		k--;
	return m > 0 && k >= 2 && lower(s->p[k - 1]) == 'd' &&
	    lower(s->p[k - 2]) == 'i';
}

/* Card numbers: 13-19 digits, bare or in groups split by ' ' or '-'. */
static int
card(const struct scan *s, const struct groups *g, int m, struct wk_rfind *f)
{
	unsigned char d[20 * MAXGRP];
	size_t n;
	int k;

	if (g->open || (m > 1 && !seps_are(g, m, ' ') &&
	    !seps_are(g, m, '-')) || parens(g, m) != 0)
		return 0;
	if (m > 1) {
		/* 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4. */
		if (g->len[0] != 4)
			return 0;
		if (m == 3 && g->len[1] == 6 && (g->len[2] == 5 ||
		    g->len[2] == 4))
			;
		else
			for (k = 1; k < m; k++)
				if (g->len[k] != 4 && !(k == m - 1 &&
				    g->len[k] >= 1 && g->len[k] <= 4))
					return 0;
	}
	n = digits(s, g, 0, m, d);
	if (n < 13 || n > 19 || !iin(d, n) || !luhn(d, n) ||
	    (m == 1 && after_id(s, g->st[0])))
		return 0;
	found(f, g->st[0], g->end[m - 1], WK_RK_CARD);
	memcpy(f->norm, d, n);
	f->nnorm = n;
	return 1;
}

/* Does st follow "sip:", "sips:" or "tel:" (any case)? */
static int
uri_user(const struct scan *s, size_t st)
{
	static const char *const sch[] = { "sip:", "sips:", "tel:" };
	size_t k, j, l;

	for (k = 0; k < WK_NELEM(sch); k++) {
		l = strlen(sch[k]);
		if (st < l)
			continue;
		for (j = 0; j < l && lower(s->p[st - l + j]) ==
		    (unsigned char)sch[k][j]; j++)
			;
		if (j == l)
			return 1;
	}
	return 0;
}

/*
 * Is p[st..e) a field where numbers are kept: in quotes in CSV, in <>,
 * between pipes (queue_log), or the user of a SIP URI?
 */
static int
enclosed(const struct scan *s, size_t st, size_t e)
{
	unsigned char a = before(s, st), b = at(s, e);

	/* A CSV field: ,"4155550100", (not "limit":"2147483647"). */
	if (a == '"' && b == '"')
		return (st < 2 || s->p[st - 2] == ',') && (e + 1 >= s->n ||
		    s->p[e + 1] == ',');
	return (a == '<' && b == '>') || (a == '|' && b == '|') ||
	    (uri_user(s, st) && (b == '@' || b == '>' || b == ';' || b == 0));
}

/* Japanese groupings: length of the first, second, third group. */
static int
jp_shape(const unsigned char *d, size_t n, const struct groups *g, int m)
{
	static const char mobile[][4] = { "020", "050", "060", "070", "080",
	    "090" };
	size_t k;

	if (m == 1) {
		if (n == 10)
			return 1;
		for (k = 0; k < WK_NELEM(mobile); k++)
			if (n == 11 && memcmp(d, mobile[k], 3) == 0)
				return 1;
		return 0;
	}
	if (m != 3)
		return 0;
	if (n == 10)
		return (g->len[0] == 2 && g->len[1] == 4) ||
		    (g->len[0] == 3 && g->len[1] == 3) ||
		    (g->len[0] == 4 && g->len[1] == 2) ||
		    (g->len[0] == 5 && g->len[1] == 1) ||
		    (g->len[0] == 4 && g->len[1] == 3 &&
		    (memcmp(d, "0120", 4) == 0 || memcmp(d, "0570", 4) == 0 ||
		    memcmp(d, "0800", 4) == 0 || memcmp(d, "0990", 4) == 0));
	if (n != 11)
		return 0;
	if (g->len[0] == 4 && g->len[1] == 3)
		return memcmp(d, "0800", 4) == 0;
	if (g->len[0] != 3 || g->len[1] != 4)
		return 0;
	for (k = 0; k < WK_NELEM(mobile); k++)
		if (memcmp(d, mobile[k], 3) == 0)
			return 1;
	return 0;
}

/*
 * National numbers: North American (NXX) NXX-XXXX, NXX-NXX-XXXX,
 * NXX.NXX.XXXX, 1-NXX-NXX-XXXX; Japanese 0X-XXXX-XXXX and the other
 * 10- and 11-digit groupings, with '-', ' ' or parentheses, or bare
 * (0312345678, 09012345678).
 */
static int
national(const struct scan *s, const struct groups *g, int m,
    struct wk_rfind *f)
{
	unsigned char d[20 * MAXGRP];
	size_t n;
	int np, a;

	if ((np = parens(g, m)) < 0 || np > 1)
		return 0;
	/* Every national number has 10 or 11 digits. */
	if ((n = digits(s, g, 0, m, d)) < 10 || n > 11)
		return 0;
	if (d[0] == '0') {
		if (d[1] == '0' || !jp_shape(d, n, g, m))
			return 0;
		/* One kind of separator, or parentheses: 03(1234)5678. */
		if (m == 3 && np == 0 && !(seps_are(g, m, '-') ||
		    seps_are(g, m, ' ')))
			return 0;
		if (np == 1 && (m != 3 || (g->sep[1] != '-' &&
		    g->sep[1] != ')')))
			return 0;
		found(f, g->st[0] - (size_t)g->open, g->end[m - 1],
		    WK_RK_PHONE);
		f->norm[0] = '8';
		f->norm[1] = '1';
		memcpy(f->norm + 2, d + 1, n - 1);
		f->nnorm = n + 1;
		return 1;
	}
	/* North America: [1] NPA NXX XXXX; bare only where a number
	 * field is: "4155550100", <4155550100>, |4155550100|, sip:1415...@. */
	if (m == 1 && (n == 10 || (n == 11 && d[0] == '1')) &&
	    d[n - 10] >= '2' && d[n - 7] >= '2' && enclosed(s, g->st[0],
	    g->end[0])) {
		found(f, g->st[0], g->end[0], WK_RK_PHONE);
		f->norm[0] = '1';
		memcpy(f->norm + 1, d + n - 10, 10);
		f->nnorm = 11;
		return 1;
	}
	a = (m == 4 && g->len[0] == 1 && d[0] == '1');
	if (m - a != 3 || g->len[a] != 3 || g->len[a + 1] != 3 ||
	    g->len[a + 2] != 4 || d[a] < '2' || d[a + 3] < '2')
		return 0;
	if (np == 1) {
		/* The area code in parentheses, the rest split by one
		 * of - . ' ' after it. */
		if (!g->closed[a] || (g->sep[a + 1] != '-' &&
		    g->sep[a + 1] != '.' && g->sep[a + 1] != ' ') ||
		    (a && g->sep[0] != '(' && g->sep[0] != ' '))
			return 0;
	} else if (!(seps_are(g, m, '-') || seps_are(g, m, '.')))
		return 0;
	found(f, g->st[0] - (size_t)g->open, g->end[m - 1], WK_RK_PHONE);
	f->norm[0] = '1';
	memcpy(f->norm + 1, d + a, 10);
	f->nnorm = 11;
	return 1;
}

/* Does a mail domain (labels, a dot, letters last) start at k? */
static int
domain_at(const struct scan *s, size_t k)
{
	size_t e, lab, dots = 0;

	for (e = k;; dots++) {
		lab = e;
		e = run(s, e, C_DOM);
		if (e == lab)
			return 0;
		if (at(s, e) != '.' || !IS(at(s, e + 1), C_DOM))
			break;
		e++;
	}
	return dots > 0 && e - lab >= 2 && IS(s->p[lab], C_ALPHA) &&
	    IS(s->p[e - 1], C_ALPHA);
}

/*
 * May a number from st end at e (nothing that would make it longer
 * follows)?  Not before '@' and a mail domain (the local part of an
 * e-mail address) unless it is the user of a SIP URI; Asterisk's
 * +14085550123@from-trunk is a number in a context.
 */
static int
ends_ok(const struct scan *s, size_t st, size_t e)
{
	unsigned char c = at(s, e);

	if (e > s->hi || IS(c, C_WORD) || (c == '@' && !uri_user(s, st) &&
	    domain_at(s, e + 1)) ||
	    (c == '%' && at(s, e + 1) == '4' && at(s, e + 2) == '0'))
		return 0;
	return !((c == '-' || c == '.' || c == '/' || c == ':') &&
	    DIG(at(s, e + 1)));
}

/*
 * A phone or card number from digit i (after a '(' when open)?  The
 * longest reading wins; a shorter one only when a space follows it
 * ("415-555-0100 (3 calls)").
 */
static int
number(struct scan *s, size_t i, int open, struct wk_rfind *f)
{
	struct groups g;
	int m;

	read_groups(s, i, open, &g);
	for (m = g.n; m > 0; m--) {
		if (m < g.n && at(s, g.end[m - 1]) != ' ')
			continue;
		if (!ends_ok(s, i - (size_t)open, g.end[m - 1]))
			continue;
		if (card(s, &g, m, f) || national(s, &g, m, f))
			return 1;
	}
	return 0;
}

/*
 * E.164 after '+' at i (or "%2B", w == 3, in a query string): a
 * country code and 8 to 15 digits in all, in
 * groups ("+81 90-1234-5678", "+1 (415) 555-0100", "+44 (0)20 7946
 * 0958": a "(0)" is dropped).  +1 numbers have 11 digits, +81 numbers
 * 11 or 12; otherwise the last group has 2 digits or more.
 */
static int
e164(struct scan *s, size_t i, size_t w, struct wk_rfind *f)
{
	struct groups g;
	unsigned char d[20 * MAXGRP];
	size_t n;
	int m, k;

	if (DIG(at(s, i + w)))
		read_groups(s, i + w, 0, &g);
	else if (at(s, i + w) == '(' && DIG(at(s, i + w + 1)))
		read_groups(s, i + w + 1, 1, &g);
	else
		return 0;
	for (m = g.n; m > 0; m--) {
		if (m < g.n && at(s, g.end[m - 1]) != ' ')
			continue;
		if (!ends_ok(s, i, g.end[m - 1]) || parens(&g, m) < 0)
			continue;
		for (n = 0, k = 0; k < m; k++)
			if (!(k > 0 && g.len[k] == 1 &&
			    s->p[g.st[k]] == '0' && g.closed[k])) {
				memcpy(d + n, s->p + g.st[k], g.len[k]);
				n += g.len[k];
			}
		if (n < 8 || n > 15 || d[0] == '0')
			continue;
		if (d[0] == '1') {
			if (n != 11)
				continue;
		} else if (d[0] == '8' && d[1] == '1') {
			if (n != 11 && n != 12)
				continue;
		} else if (m > 1 && g.len[m - 1] < 2)
			continue;
		found(f, i, g.end[m - 1], WK_RK_PHONE);
		memcpy(f->norm, d, n);
		f->nnorm = n;
		return 1;
	}
	return 0;
}

/*
 * Is the run of digits from i (d of them, then c) worth reading as a
 * phone or card number?  Cheap, to pass over most numbers in logs.
 */
static int
maybe_number(const unsigned char *p, size_t i, size_t d, unsigned char c)
{
	if (d == 10 || d == 11 || (d >= 13 && d <= 19))
		return 1;
	if (c == '-' || c == ' ' || c == '.' || c == '(' || c == ')')
		return p[i] == '0' ? d <= 5 : d == 3 || d == 4 ||
		    (d == 1 && p[i] == '1');
	return 0;
}

/* ---- the candidates ---- */

/* A candidate at digit i.  Sets *next when nothing is found. */
static int
at_digit(struct scan *s, size_t i, struct wk_rfind *f, size_t *next)
{
	const unsigned char *p = s->p;
	unsigned char pc = before(s, i), c;
	size_t j, d, h;

	if (IS(pc, C_WORD)) {
		/* Inside a word: an id, a name, eth0, a hex string. */
		*next = run(s, i, C_WORD);
		return 0;
	}
	j = run(s, i, C_DIG);
	d = j - i;
	c = at(s, j);
	*next = j;
	if (c == ':' || IS(c, C_ALPHA)) {
		h = run(s, j, C_HEX);
		if (at(s, h) == ':' && i >= s->v6done && pc != '.' &&
		    pc != ':' && ipv6(s, i, f))
			return 1;
		if (c != ':')
			*next = run(s, j, C_WORD);
		return 0;
	}
	if (c == '.' && d <= 3) {
		if (ipv4(s, i, f, next))
			return 1;
		if (*next > j)
			return 0;	/* a quad, but not an address */
	}
	if (pc == '.' || pc == '-' || pc == '/' || pc == '+' ||
	    !maybe_number(p, i, d, c))
		return 0;
	/* "(415) 555-0100", else a number inside parentheses. */
	if (pc == '(' && i - 1 >= s->lo && (i < 2 || !IS(p[i - 2], C_WORD)) &&
	    number(s, i, 1, f))
		return 1;
	return number(s, i, 0, f);
}

/*
 * Is st the value of a Message-ID, In-Reply-To, References or SIP
 * Call-ID (key, then up to three of  =:"<)?  Those are ids made of a
 * host name, not anyone's address.
 */
static int
msgid(const struct scan *s, size_t st)
{
	static const char *const keys[] = { "message-id", "message_id",
	    "messageid", "msgid", "msg-id", "in-reply-to", "references",
	    "call-id", "callid", "call_id" };
	size_t k = st, e, m;

	for (m = 0; k > 0 && m < 3 && (s->p[k - 1] == ' ' ||
	    s->p[k - 1] == '=' || s->p[k - 1] == ':' || s->p[k - 1] == '<' ||
	    s->p[k - 1] == '"'); m++)
		k--;
	for (e = k; k > 0 && (IS(s->p[k - 1], C_ALPHA) || s->p[k - 1] == '-' ||
	    s->p[k - 1] == '_'); k--)
		;
	for (m = 0; m < WK_NELEM(keys); m++)
		if (word_is(s->p + k, e - k, keys[m]))
			return 1;
	return 0;
}

static int
hexval(unsigned char c)
{
	return DIG(c) ? c - '0' : IS(c, C_HEX) ? lower(c) - 'a' + 10 : -1;
}

/*
 * An e-mail address around the '@' at i (RFC 5322, practical), or
 * around "%40" (w == 3), as query strings write it; its local part is
 * then percent-decoded for the token.
 */
static int
at_sign(struct scan *s, size_t i, size_t w, struct wk_rfind *f)
{
	const unsigned char *p = s->p;
	size_t k = i, st, e, lab, tld = 0, nl, j, o;

	/* A Slack mention, <@U024BE7LH> or <@U024BE7LH|name>: the id. */
	if (w == 1 && before(s, i) == '<' && (at(s, i + 1) == 'U' ||
	    at(s, i + 1) == 'W')) {
		for (e = i + 2; e < s->hi && ((p[e] >= 'A' && p[e] <= 'Z') ||
		    DIG(p[e])); e++)
			;
		if (e - i >= 4 && e - i <= 24 && (at(s, e) == '>' ||
		    at(s, e) == '|')) {
			found(f, i + 1, e, WK_RK_USER);
			memcpy(f->norm, p + i + 1, e - i - 1);
			f->nnorm = e - i - 1;
			return 1;
		}
	}

	/* O'Brien.Sean@: an apostrophe between letters is in it. */
	while (k > s->lo && i - k <= 64 && (IS(p[k - 1], C_LOCAL) ||
	    (p[k - 1] == '\'' && k - 1 > s->lo && k < i &&
	    IS(p[k - 2], C_ALPHA) && IS(p[k], C_ALPHA))))
		k--;
	if (i - k > 64)
		return 0;
	for (st = k; st < i && p[st] == '.'; st++)
		;
	if (st == i || p[i - 1] == '.' || msgid(s, st))
		return 0;
	/* Labels of letters, digits and '-', two or more, the last of
	 * letters only. */
	for (e = i + w, nl = 0;; nl++) {
		lab = e;
		e = run(s, e, C_DOM);
		if (e == lab || e - lab > 63 || p[lab] == '-' ||
		    p[e - 1] == '-')
			return 0;
		tld = lab;
		if (at(s, e) != '.' || !IS(at(s, e + 1), C_DOM))
			break;
		e++;
	}
	if (nl == 0 || e - tld < 2 || e - (i + w) > 253 || e > s->hi)
		return 0;
	for (j = tld; j < e; j++)
		if (!IS(p[j], C_ALPHA))
			return 0;
	if (IS(at(s, e), C_WORD) || e - st > WK_RNORM_MAX)
		return 0;
	found(f, st, e, WK_RK_EMAIL);
	for (o = 0, j = st; j < i; j++)
		if (w == 3 && p[j] == '%' && j + 2 < i &&
		    hexval(p[j + 1]) >= 0 && hexval(p[j + 2]) >= 0) {
			f->norm[o++] = (unsigned char)(hexval(p[j + 1]) << 4 |
			    hexval(p[j + 2]));
			j += 2;
		} else
			f->norm[o++] = p[j];
	f->norm[o++] = '@';
	for (j = i + w; j < e; j++)
		f->norm[o++] = lower(p[j]);
	f->nnorm = o;
	return 1;
}

/* The end of a JSON string from its opening quote at v, or 0. */
static size_t
json_str_end(const struct scan *s, size_t v)
{
	size_t e;

	for (e = v + 1; e < s->hi && s->p[e] != '"'; e++)
		if (s->p[e] == '\\')
			e++;
	return e < s->hi ? e : 0;
}

/*
 * A personal "KEY": VALUE of JSON in text at the ':' at i.  Only the
 * inside of a string value is replaced, so the JSON stays valid.
 */
static int
json_field(struct scan *s, size_t i, struct wk_rfind *f)
{
	const unsigned char *p = s->p;
	size_t k = i - 1, v = i + 1, e;
	int kind;

	while (k > s->lo && i - k < 34 && (IS(p[k - 1], C_WORD) ||
	    p[k - 1] == '.' || p[k - 1] == '-'))
		k--;
	if (k == i - 1 || k == s->lo || p[k - 1] != '"' ||
	    (kind = s->field(s->arg, (const char *)p + k, i - 1 - k)) < 0)
		return 0;
	while (at(s, v) == ' ')
		v++;
	if (at(s, v) == '"') {
		if ((e = json_str_end(s, v)) == 0 || e == v + 1)
			return 0;
		found(f, v + 1, e, kind);
	} else {
		for (e = v; e < s->hi && DIG(p[e]); e++)
			;
		if (e == v || !(e == s->n || p[e] == ',' || p[e] == '}' ||
		    p[e] == ' '))
			return 0;
		found(f, v, e, kind);
	}
	f->field = 1;
	return 1;
}

/* An IPv6 address through the ':' at i ("fe80::1", "::1"), or the
 * value of a personal JSON member. */
static int
at_colon(struct scan *s, size_t i, struct wk_rfind *f)
{
	size_t k = i;

	if (before(s, i) == '"' && s->field != NULL && json_field(s, i, f))
		return 1;
	if (i < s->v6done)
		return 0;
	while (k > s->lo && IS(s->p[k - 1], C_HEX))
		k--;
	return ipv6(s, k, f);
}

/* The end of a value at v that ends at e, or later when a phone or
 * card number starting at v goes on past a space. */
static size_t
number_end(struct scan *s, size_t v, size_t e)
{
	struct wk_rfind g;
	unsigned char c = at(s, v);
	int ok = 0;

	if (c == '+')
		ok = e164(s, v, 1, &g);
	else if (c == '(' && DIG(at(s, v + 1)))
		ok = number(s, v + 1, 1, &g);
	else if (DIG(c))
		ok = number(s, v, 0, &g);
	return ok && g.start == v && g.end > e ? g.end : e;
}

/* Value ends of KEY=VALUE in text. */
static int
value_end(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '&' ||
	    c == ',' || c == ';' || c == '"' || c == '\'' || c == ')' ||
	    c == ']' || c == '}' || c == '|';
}

/* A personal KEY=VALUE at the '=' at i (caller=..., user="..."). */
static int
at_equals(struct scan *s, size_t i, struct wk_rfind *f, size_t *next)
{
	const unsigned char *p = s->p;
	size_t k = i, v = i + 1, e;
	int kind;

	*next = i + 1;
	if (s->field == NULL)
		return 0;
	while (k > s->lo && i - k < 32 && (IS(p[k - 1], C_WORD) ||
	    p[k - 1] == '.' || p[k - 1] == '-'))
		k--;
	if (k == i || IS(before(s, k), C_WORD) ||
	    (kind = s->field(s->arg, (const char *)p + k, i - k)) < 0)
		return 0;
	if (at(s, v) == '"') {
		for (e = v + 1; e < s->hi && p[e] != '"'; e++)
			if (p[e] == '\\' && e + 1 < s->hi)
				e++;
		if (e >= s->hi || e == v + 1)
			return 0;
		found(f, v, e + 1, kind);
		f->vstart = v + 1;
		f->vend = e;
	} else {
		for (e = v; e < s->hi && !value_end(p[e]); e++)
			;
		if (e == v)
			return 0;
		/* caller=(646) 555-0183: a number written with spaces. */
		e = number_end(s, v, e);
		found(f, v, e, kind);
	}
	f->field = 1;
	return 1;
}

int
wk_redact_find(const char *sp, size_t n, size_t lo, size_t hi,
    struct wk_rfind *f, wk_rfield_fn field, void *arg)
{
	struct scan s;
	const unsigned char *p = (const unsigned char *)sp;
	size_t i = lo, next;
	unsigned char c;

	s.p = p;
	s.n = n;
	s.lo = lo;
	s.hi = hi < n ? hi : n;
	s.v6done = lo;
	s.field = field;
	s.arg = arg;
	hi = s.hi;
	for (;;) {
		while (i < hi && !IS(p[i], C_TRIG))
			i++;
		if (i >= hi)
			return 0;
		c = p[i];
		next = i + 1;
		if (DIG(c)) {
			if (at_digit(&s, i, f, &next))
				return 1;
		} else if (c == '@') {
			if (at_sign(&s, i, 1, f))
				return 1;
		} else if (c == '%') {
			if (at(&s, i + 1) == '4' && at(&s, i + 2) == '0' &&
			    at_sign(&s, i, 3, f))
				return 1;
			if (at(&s, i + 1) == '2' &&
			    lower(at(&s, i + 2)) == 'b' &&
			    !IS(before(&s, i), C_WORD) && e164(&s, i, 3, f))
				return 1;
		} else if (c == ':') {
			if (at_colon(&s, i, f))
				return 1;
		} else if (c == '+') {
			if (!IS(before(&s, i), C_WORD) &&
			    before(&s, i) != '+' && e164(&s, i, 1, f))
				return 1;
		} else if (at_equals(&s, i, f, &next))
			return 1;
		i = next > i ? next : i + 1;
	}
}

size_t
wk_redact_norm_phone(const char *sp, size_t n, unsigned char *out,
    size_t cap)
{
	const unsigned char *p = (const unsigned char *)sp;
	size_t i, k = 0, j;
	int plus = 0, seen = 0;

	for (i = 0; i < n; i++) {
		if (DIG(p[i])) {
			if (k < cap)
				out[k++] = p[i];
			seen = 1;
		} else if (p[i] == '+' && !seen)
			plus = 1;
	}
	if (k == 0)
		return 0;
	if (plus)
		return k;
	if (k > 2 && out[0] == '0' && out[1] == '0') {
		/* 00 CC ...: the international prefix. */
		memmove(out, out + 2, k - 2);
		return k - 2;
	}
	if (out[0] == '0' && (k == 10 || k == 11) && out[1] != '0' &&
	    k + 1 <= cap) {
		/* A Japanese national number: 81 and no trunk 0. */
		memmove(out + 2, out + 1, k - 1);
		out[0] = '8';
		out[1] = '1';
		return k + 1;
	}
	if (k == 10 && out[0] >= '2' && k + 1 <= cap) {
		/* A North American number without its 1. */
		for (j = k; j > 0; j--)
			out[j] = out[j - 1];
		out[0] = '1';
		return k + 1;
	}
	return k;
}
