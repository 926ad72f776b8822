/*
 * The tokenizer of the template miner, with the masking built in: one
 * pass over the bytes, classes by table lookup, no regular expressions.
 *
 * Words are split at white space (and U+3000).  Inside a word, a value
 * is looked for only where an alphanumeric run starts (the byte before
 * is not [A-Za-z0-9]) and must end at one, so "eth0" and "ssh2" stay
 * words while "blk_-42", "/10.0.0.1:80" and "took 10ms" have their
 * values masked ("blk_<*>", "/<*>", "took <*>").  Japanese text has no
 * spaces: a word is cut where the script changes (kanji, hiragana,
 * katakana, fullwidth forms, the rest) and at each CJK punctuation
 * mark; the pieces are tokens joined without a space.  Invalid UTF-8
 * is taken byte by byte as letters of no script: never an error.
 */
#include <stdlib.h>
#include <string.h>

#include <wake/mine.h>

#include "internal.h"

/* Byte classes. */
#define C_WS	0x01	/* ASCII white space */
#define C_DIG	0x02	/* 0-9 */
#define C_HEX	0x04	/* a-f A-F */
#define C_ALPHA	0x08	/* A-Z a-z */
#define C_HIGH	0x10	/* >= 0x80 */
#define C_SPEC	0x20	/* " ' = / : handled apart */
#define C_VSEP	0x40	/* ends a key=value value */
#define C_NOHEX	0x80	/* a letter that is not a hex digit */

#define C_ALNUM	(C_DIG | C_ALPHA)

/* The table, made by the compiler: no set-up, nothing shared to race on. */
#define CL(c) ((unsigned char)(						\
	((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' ||	\
	    (c) == '\v' || (c) == '\f' ? C_WS : 0) |			\
	((c) >= '0' && (c) <= '9' ? C_DIG : 0) |			\
	(((c) >= 'a' && (c) <= 'f') || ((c) >= 'A' && (c) <= 'F') ?	\
	    C_HEX : 0) |						\
	(((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') ?	\
	    C_ALPHA : 0) |						\
	(((c) >= 'g' && (c) <= 'z') || ((c) >= 'G' && (c) <= 'Z') ?	\
	    C_NOHEX : 0) |						\
	((c) >= 0x80 ? C_HIGH : 0) |					\
	((c) == '"' || (c) == '\'' || (c) == '=' || (c) == '/' ||	\
	    (c) == ':' ? C_SPEC : 0) |					\
	((c) == ',' || (c) == ';' || (c) == '&' || (c) == ')' ||	\
	    (c) == ']' || (c) == '}' ? C_VSEP : 0)))
#define CL4(c)	CL(c), CL((c) + 1), CL((c) + 2), CL((c) + 3)
#define CL16(c)	CL4(c), CL4((c) + 4), CL4((c) + 8), CL4((c) + 12)
#define CL64(c)	CL16(c), CL16((c) + 16), CL16((c) + 32), CL16((c) + 48)

static const unsigned char cls[256] = {
	CL64(0), CL64(64), CL64(128), CL64(192)
};

/* Scripts of a run inside a word. */
#define S_LATIN	0	/* ASCII, other letters, invalid bytes */
#define S_HAN	1
#define S_HIRA	2
#define S_KATA	3
#define S_FULL	4	/* fullwidth letters and digits */
#define S_PUNCT	5	/* CJK punctuation: a token each */
#define S_SPACE	6	/* U+3000 */

/* Length of the UTF-8 sequence starting p[0] (n >= 1), its code point
 * in *cp; 1 with *cp = -1 when invalid. */
static size_t
utf8_dec(const unsigned char *p, size_t n, long *cp)
{
	unsigned c = p[0];
	size_t len, i;
	long v, min;

	if (c < 0xc2 || c > 0xf4) {
		*cp = -1;
		return 1;
	}
	if (c < 0xe0) {
		len = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c < 0xf0) {
		len = 3;
		v = c & 0x0f;
		min = 0x800;
	} else {
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	}
	if (len > n) {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = -1;
			return 1;
		}
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
		*cp = -1;
		return 1;
	}
	*cp = v;
	return len;
}

static int
script_of(long cp, int prev)
{
	if (cp < 0x3000)
		return S_LATIN;
	if (cp == 0x3000)
		return S_SPACE;
	if (cp <= 0x303f) {
		if (cp == 0x3005 || cp == 0x3006 || cp == 0x3007)
			return S_HAN;	/* 々 〆 〇 */
		return S_PUNCT;
	}
	if (cp <= 0x309f)
		return S_HIRA;
	if (cp <= 0x30ff) {
		if (cp == 0x30fb)
			return S_PUNCT;	/* ・ */
		if (cp == 0x30fc && (prev == S_HIRA || prev == S_KATA))
			return prev;	/* ー lengthens either kana */
		return S_KATA;
	}
	if (cp >= 0x31f0 && cp <= 0x31ff)
		return S_KATA;
	if ((cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3ffff))
		return S_HAN;
	if (cp >= 0xff01 && cp <= 0xff9f) {
		if ((cp >= 0xff10 && cp <= 0xff19) ||
		    (cp >= 0xff21 && cp <= 0xff3a) ||
		    (cp >= 0xff41 && cp <= 0xff5a))
			return S_FULL;
		if (cp >= 0xff66)
			return S_KATA;	/* halfwidth katakana */
		return S_PUNCT;
	}
	return S_LATIN;
}

/* ---- value matchers: each returns the end of the value, or 0 ---- */

static int
isalnum_at(const unsigned char *p, size_t n, size_t i)
{
	return i < n && (cls[p[i]] & C_ALNUM);
}

static size_t
span(const unsigned char *p, size_t n, size_t i, unsigned char c)
{
	while (i < n && (cls[p[i]] & c))
		i++;
	return i;
}

/* Exactly k hex digits at i, then not a hex digit. */
static int
hexk(const unsigned char *p, size_t n, size_t i, size_t k)
{
	size_t j;

	for (j = 0; j < k; j++)
		if (i + j >= n || !(cls[p[i + j]] & (C_DIG | C_HEX)))
			return 0;
	return !(i + k < n && (cls[p[i + k]] & (C_DIG | C_HEX)));
}

static size_t
m_uuid(const unsigned char *p, size_t n, size_t i)
{
	static const size_t g[5] = { 8, 4, 4, 4, 12 };
	size_t k;

	for (k = 0; k < 5; k++) {
		if (!hexk(p, n, i, g[k]))
			return 0;
		i += g[k];
		if (k < 4) {
			if (i >= n || p[i] != '-')
				return 0;
			i++;
		}
	}
	return isalnum_at(p, n, i) ? 0 : i;
}

static size_t
m_mac(const unsigned char *p, size_t n, size_t i)
{
	unsigned char sep;
	size_t k;

	if (i + 17 > n || (p[i + 2] != ':' && p[i + 2] != '-'))
		return 0;
	sep = p[i + 2];
	for (k = 0; k < 6; k++) {
		if (!hexk(p, n, i, 2))
			return 0;
		i += 2;
		if (k < 5) {
			if (p[i] != sep)
				return 0;
			i++;
		}
	}
	/* Longer chains (a UFW MAC= of 14 bytes) are taken whole. */
	while (i + 2 < n && p[i] == sep && hexk(p, n, i + 1, 2))
		i += 3;
	return isalnum_at(p, n, i) ? 0 : i;
}

static size_t
m_ipv4(const unsigned char *p, size_t n, size_t i)
{
	size_t k, j;

	for (k = 0; k < 4; k++) {
		j = span(p, n, i, C_DIG);
		if (j == i || j - i > 3)
			return 0;
		i = j;
		if (k < 3) {
			if (i >= n || p[i] != '.')
				return 0;
			i++;
		}
	}
	if (i + 1 < n && p[i] == '.' && (cls[p[i + 1]] & C_DIG))
		return 0;
	if (i + 1 < n && p[i] == ':' && (cls[p[i + 1]] & C_DIG)) {
		j = span(p, n, i + 1, C_DIG);
		if (j - i <= 6)
			i = j;
	}
	return isalnum_at(p, n, i) ? 0 : i;
}

static size_t
m_ipv6(const unsigned char *p, size_t n, size_t i)
{
	size_t start = i, colons = 0, j;
	int dbl = 0, letters = 0;

	for (;;) {
		j = i;
		while (j < n && (cls[p[j]] & (C_DIG | C_HEX))) {
			if (cls[p[j]] & C_HEX)
				letters = 1;
			j++;
		}
		if (j - i > 4)
			return 0;
		if (j < n && p[j] == '.' && colons >= 2) {
			/* an IPv4 tail: ::ffff:10.0.0.1 */
			size_t e = m_ipv4(p, n, i);

			if (e == 0)
				return 0;
			return e;
		}
		i = j;
		if (i < n && p[i] == ':') {
			if (i + 1 < n && p[i + 1] == ':') {
				if (dbl)
					return 0;
				dbl = 1;
				colons += 2;
				i += 2;
				continue;
			}
			colons++;
			i++;
			if (i >= n || !(cls[p[i]] & (C_DIG | C_HEX)))
				return 0;
			continue;
		}
		break;
	}
	if (colons < 2 || (!dbl && colons != 7))
		return 0;
	if (!dbl && !letters && colons < 7)
		return 0;
	if (i == start || isalnum_at(p, n, i))
		return 0;
	return i;
}

/* Clock time d{1,2}:dd(:dd)?([.,]d+)?Z? */
static size_t
m_clock(const unsigned char *p, size_t n, size_t i)
{
	size_t j = span(p, n, i, C_DIG);

	if (j - i < 1 || j - i > 2 || j >= n || p[j] != ':')
		return 0;
	i = j + 1;
	j = span(p, n, i, C_DIG);
	if (j - i != 2)
		return 0;
	i = j;
	if (i + 2 < n && p[i] == ':' && (cls[p[i + 1]] & C_DIG)) {
		j = span(p, n, i + 1, C_DIG);
		if (j - i != 3)
			return 0;
		i = j;
	}
	if (i + 1 < n && (p[i] == '.' || p[i] == ',') &&
	    (cls[p[i + 1]] & C_DIG))
		i = span(p, n, i + 1, C_DIG);
	if (i < n && p[i] == 'Z')
		i++;
	else if (i + 5 <= n && (p[i] == '+' || p[i] == '-') &&
	    (cls[p[i + 1]] & C_DIG) && (cls[p[i + 2]] & C_DIG)) {
		j = i + 3;
		if (j < n && p[j] == ':')
			j++;
		if (j + 2 <= n && (cls[p[j]] & C_DIG) &&
		    (cls[p[j + 1]] & C_DIG))
			i = j + 2;
	}
	return isalnum_at(p, n, i) ? 0 : i;
}

/* Date dddd-dd-dd or dddd/dd/dd, with an optional Thh:mm:ss... */
static size_t
m_date(const unsigned char *p, size_t n, size_t i)
{
	size_t j = span(p, n, i, C_DIG);
	unsigned char sep;

	if (j - i != 4 || j >= n || (p[j] != '-' && p[j] != '/'))
		return 0;
	sep = p[j];
	i = j + 1;
	j = span(p, n, i, C_DIG);
	if (j - i < 1 || j - i > 2 || j >= n || p[j] != sep)
		return 0;
	i = j + 1;
	j = span(p, n, i, C_DIG);
	if (j - i < 1 || j - i > 2)
		return 0;
	i = j;
	if (i + 1 < n && (p[i] == 'T' || p[i] == '_') &&
	    (cls[p[i + 1]] & C_DIG)) {
		j = m_clock(p, n, i + 1);
		if (j != 0)
			return j;
	}
	return isalnum_at(p, n, i) ? 0 : i;
}

/* Units a number may carry (durations, sizes, rates, ordinals). */
static const char *const units[] = {
	"ns", "us", "ms", "s", "m", "h", "d", "w", "y", "sec", "secs", "min",
	"mins", "hr", "hrs", "b", "B", "k", "K", "M", "G", "T", "P", "kB",
	"KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "Kb", "Mb",
	"Gb", "bps", "kbps", "Kbps", "Mbps", "Gbps", "pps", "Hz", "kHz",
	"MHz", "GHz", "x", "px", "st", "nd", "rd", "th", "mV", "V", "W", "C",
	"dB", "dBm"
};

static int
is_unit(const unsigned char *p, size_t n)
{
	size_t k;

	if (n > 4)
		return 0;
	for (k = 0; k < WK_NELEM(units); k++)
		if (strlen(units[k]) == n && memcmp(units[k], p, n) == 0)
			return 1;
	return 0;
}

/* A number: [-+]?d+(.d+)*(e[-+]?d+)? with units, durations chained. */
static size_t
m_num(const unsigned char *p, size_t n, size_t i)
{
	size_t j;

	if (i < n && (p[i] == '-' || p[i] == '+'))
		i++;
	for (;;) {
		j = span(p, n, i, C_DIG);
		if (j == i)
			return 0;
		i = j;
		while (i + 1 < n && p[i] == '.' && (cls[p[i + 1]] & C_DIG))
			i = span(p, n, i + 1, C_DIG);
		if (i + 1 < n && (p[i] == 'e' || p[i] == 'E')) {
			j = i + 1;
			if (j < n && (p[j] == '-' || p[j] == '+'))
				j++;
			if (j < n && (cls[p[j]] & C_DIG) &&
			    !isalnum_at(p, n, span(p, n, j, C_DIG)))
				i = span(p, n, j, C_DIG);
		}
		if (i < n && p[i] == '%')
			return i + 1;
		j = span(p, n, i, C_ALPHA);
		if (j == i)
			break;
		if (!is_unit(p + i, j - i))
			return 0;
		i = j;
		/* 1h30m, 2m5.5s: go on while a digit follows a unit */
		if (!(i < n && (cls[p[i]] & C_DIG)))
			break;
	}
	return isalnum_at(p, n, i) ? 0 : i;
}

/* 0x1f, or a hex id of 8+ digits with a digit and a letter in it. */
static size_t
m_hex(const unsigned char *p, size_t i, size_t runend)
{
	size_t j, d = 0, l = 0;

	if (runend - i > 2 && p[i] == '0' && (p[i + 1] == 'x' ||
	    p[i + 1] == 'X')) {
		for (j = i + 2; j < runend; j++)
			if (!(cls[p[j]] & (C_DIG | C_HEX)))
				return 0;
		return runend;
	}
	if (runend - i < 8)
		return 0;
	for (j = i; j < runend; j++) {
		if (cls[p[j]] & C_DIG)
			d++;
		else if (cls[p[j]] & C_HEX)
			l++;
		else
			return 0;
	}
	return d > 0 && l > 0 ? runend : 0;
}

/* Month and weekday names: a time's parts ("Fri Jul  1 07:57:30"). */
static int
m_calword(const unsigned char *p, size_t i, size_t runend)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec"
	    "MonTueWedThuFriSatSun";
	size_t k;

	if (runend - i != 3)
		return 0;
	for (k = 0; k + 3 <= sizeof(names) - 1; k += 3)
		if (memcmp(names + k, p + i, 3) == 0)
			return 1;
	return 0;
}

/*
 * The value starting at i (a run start), or 0.  runend: end of the
 * alphanumeric run at i; bits: classes seen in it.
 */
static size_t
value_at(const unsigned char *p, size_t n, size_t i, size_t runend,
    unsigned bits, unsigned masks)
{
	unsigned char next = runend < n ? p[runend] : 0;
	int allhex = !(bits & C_NOHEX), digits = !(bits & C_ALPHA);
	size_t e;

	if (allhex && (next == '-' || next == ':')) {
		if ((masks & WAKE_MASK_UUID) && runend - i == 8 &&
		    (e = m_uuid(p, n, i)) != 0)
			return e;
		if ((masks & WAKE_MASK_MAC) && runend - i == 2 &&
		    (e = m_mac(p, n, i)) != 0)
			return e;
	}
	if (digits) {
		if ((masks & WAKE_MASK_IP) && next == '.' &&
		    (e = m_ipv4(p, n, i)) != 0)
			return e;
		if ((masks & WAKE_MASK_TIME) && (next == '-' || next == '/') &&
		    (e = m_date(p, n, i)) != 0)
			return e;
		if ((masks & WAKE_MASK_TIME) && next == ':' &&
		    (e = m_clock(p, n, i)) != 0)
			return e;
	}
	if ((masks & WAKE_MASK_IP) && allhex && next == ':' &&
	    (e = m_ipv6(p, n, i)) != 0)
		return e;
	if ((masks & WAKE_MASK_HEX) && (e = m_hex(p, i, runend)) != 0)
		return e;
	if ((masks & WAKE_MASK_NUM) && (cls[p[i]] & C_DIG) &&
	    (e = m_num(p, n, i)) != 0)
		return e;
	if ((masks & WAKE_MASK_TIME) && !digits && m_calword(p, i, runend))
		return runend;
	return 0;
}

/* ---- the tokenizer ---- */

/* Word-at-a-time; hash_words wants 8 readable bytes past the end, zero. */
static uint64_t
hash_words(const char *p, size_t n, unsigned flags)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)n << 8) ^
	    (flags & WK_MT_JOIN);
	uint64_t w;

	for (;;) {
		memcpy(&w, p, 8);
		if (n < 8) {
			w &= n == 0 ? 0 : ~0ULL >> (64 - 8 * n);
			h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
			break;
		}
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		p += 8;
		n -= 8;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 29;
	return h;
}

uint64_t
wk_mine_tokhash(const char *p, size_t n, unsigned flags)
{
	char tmp[WK_MTOK_LEN + 8];

	/* the same value as hash_words, from a padded copy */
	if (n > WK_MTOK_LEN) {
		uint64_t h = wk_mine_tokhash(p, WK_MTOK_LEN, flags);

		return h ^ wk_mine_tokhash(p + WK_MTOK_LEN, n - WK_MTOK_LEN,
		    flags) * 31;
	}
	memcpy(tmp, p, n);
	memset(tmp + n, 0, 8);
	return hash_words(tmp, n, flags);
}

void
wk_mine_toks_free(struct wk_mtoks *tk)
{
	free(tk->text);
	tk->text = NULL;
	tk->cap = 0;
	tk->n = 0;
	tk->len = 0;
}

/* The state of one call. */
struct tz {
	struct wk_mtoks	*tk;
	char		*o;		/* tk->text */
	size_t		 ol;		/* bytes in o */
	size_t		 ts;		/* start of the token in o */
	size_t		 slash;		/* o after the token's last '/' */
	unsigned	 flags;		/* of the token being made */
	int		 path;		/* the token is a path or URL */
	int		 script;	/* S_* of the token's last piece */
	int		 full;		/* no more tokens: rest is <*> */
};

static void
put(struct tz *z, const void *p, size_t n)
{
	memcpy(z->o + z->ol, p, n);
	z->ol += n;
}

static void
put_wild(struct tz *z)
{
	memcpy(z->o + z->ol, "<*>", 3);
	z->ol += 3;
}

/* Close the token being made (if any bytes); the next one joins it
 * when join. */
static void
tok_end(struct tz *z, int join)
{
	struct wk_mtoks *tk = z->tk;
	struct wk_mtok *t;
	size_t len = z->ol - z->ts;

	if (len > 0) {
		if (len > WK_MTOK_LEN) {
			z->ol = z->ts;
			put_wild(z);
			len = 3;
			z->flags &= ~WK_MT_DIGIT;
		}
		t = &tk->t[tk->n++];
		t->off = (uint32_t)z->ts;
		t->len = (uint32_t)len;
		if (len == 3 && memcmp(z->o + z->ts, "<*>", 3) == 0)
			z->flags = (z->flags | WK_MT_WILD) & ~WK_MT_DIGIT;
		else if (z->flags & WK_MT_DIGIT) {
			/* a digit may have gone with a masked path part */
			size_t j;

			for (j = z->ts; j < z->ol; j++)
				if (cls[(unsigned char)z->o[j]] & C_DIG)
					break;
			if (j == z->ol)
				z->flags &= ~WK_MT_DIGIT;
		}
		t->flags = z->flags;
		/* the output has 16 bytes of room past its end */
		t->hash = hash_words(z->o + z->ts, len, z->flags);
		if (tk->n == WK_MTOK_MAX - 1)
			z->full = 1;
	}
	z->ts = z->ol;
	z->slash = z->ol;
	z->flags = join ? WK_MT_JOIN : 0;
	z->path = 0;
	z->script = S_LATIN;
}

/* Is o[from..ol) a key: [A-Za-z_][A-Za-z0-9_.-]*? */
static int
is_key(const struct tz *z)
{
	size_t i = z->ol, k;

	while (i > z->ts) {
		unsigned char c = (unsigned char)z->o[i - 1];

		if (c == ',' || c == ';' || c == '&' || c == '?' ||
		    c == '(' || c == '[' || c == '{')
			break;
		i--;
	}
	if (i == z->ol)
		return 0;
	if (!(cls[(unsigned char)z->o[i]] & C_ALPHA) && z->o[i] != '_')
		return 0;
	for (k = i; k < z->ol; k++) {
		unsigned char c = (unsigned char)z->o[k];

		if (!(cls[c] & C_ALNUM) && c != '_' && c != '.' && c != '-')
			return 0;
	}
	return 1;
}

/* The closing quote q of the quote at i, or 0. */
static size_t
close_quote(const unsigned char *p, size_t n, size_t i)
{
	const unsigned char *q;
	unsigned char c = p[i];
	size_t j = i + 1;

	while (j < n && (q = memchr(p + j, c, n - j)) != NULL) {
		j = (size_t)(q - p);
		if (p[j - 1] != '\\' && (c == '"' || !isalnum_at(p, n,
		    j + 1)))
			return j;
		j++;
	}
	return 0;
}

int
wk_mine_tokenize(struct wk_mtoks *tk, const char *s, size_t n,
    unsigned masks)
{
	const unsigned char *p = (const unsigned char *)s;
	struct tz z;
	size_t i = 0, need;

	/* A value of 1 byte becomes 3: the output is at most 3n. */
	need = 3 * n + 16;
	if (need > tk->cap) {
		char *t = realloc(tk->text, need);

		if (t == NULL)
			return WAKE_ERR_NOMEM;
		tk->text = t;
		tk->cap = need;
	}
	tk->n = 0;
	memset(&z, 0, sizeof(z));
	z.tk = tk;
	z.o = tk->text;

	while (i < n) {
		unsigned char c = p[i], k = cls[c];

		if (k & C_WS) {
			tok_end(&z, 0);
			i++;
			while (i < n && (cls[p[i]] & C_WS))
				i++;
			if (z.full)
				break;
			continue;
		}
		if (z.full)
			break;
		if (k & C_HIGH) {
			long cp;
			size_t len = utf8_dec(p + i, n - i, &cp);
			int sc = script_of(cp, z.script);

			if (sc == S_SPACE) {
				tok_end(&z, 0);
				i += len;
				continue;
			}
			if (z.ol > z.ts && (sc != z.script || sc == S_PUNCT)) {
				tok_end(&z, 1);
				if (z.full)
					break;
			}
			z.script = sc;
			put(&z, p + i, len);
			i += len;
			continue;
		}
		if (z.script != S_LATIN) {
			if (z.ol > z.ts) {
				tok_end(&z, 1);
				if (z.full)
					break;
			}
			z.script = S_LATIN;
		}
		if (k & C_ALNUM) {
			size_t runend = i, e = 0;
			unsigned bits = 0;

			while (runend < n && (cls[p[runend]] & C_ALNUM))
				bits |= cls[p[runend++]];
			/* a word with no digit and a letter past 'f' is no
			 * value: most words, so skip the matchers */
			if ((i == 0 || !(cls[p[i - 1]] & C_ALNUM)) &&
			    ((bits & C_DIG) || !(bits & C_NOHEX) ||
			    runend - i == 3))
				e = value_at(p, n, i, runend, bits, masks);
			if (e != 0) {
				put_wild(&z);
				i = e;
				continue;
			}
			if ((bits & C_DIG) && z.path &&
			    (masks & WAKE_MASK_PATH)) {
				/* a path component holding digits */
				z.ol = z.slash;
				put_wild(&z);
				while (i < n && p[i] != '/' && p[i] != '?' &&
				    !(cls[p[i]] & (C_WS | C_HIGH)))
					i++;
				continue;
			}
			if (bits & C_DIG)
				z.flags |= WK_MT_DIGIT;
			put(&z, p + i, runend - i);
			i = runend;
			continue;
		}
		if ((c == '-' || c == '+') && (masks & WAKE_MASK_NUM) &&
		    i + 1 < n && (cls[p[i + 1]] & C_DIG) &&
		    (i == 0 || !(cls[p[i - 1]] & C_ALNUM))) {
			size_t e = m_num(p, n, i);

			if (e != 0) {
				put_wild(&z);
				i = e;
				continue;
			}
		}
		if (k & C_SPEC) {
			if (c == '/') {
				if (z.ol == z.ts || (z.ol - z.ts >= 1 &&
				    z.o[z.ol - 1] == ':') ||
				    ((z.ol - z.ts == 1 || z.ol - z.ts == 2) &&
				    (z.o[z.ts] == '.' || z.o[z.ts] == '~')))
					z.path = 1;
				put(&z, p + i, 1);
				i++;
				z.slash = z.ol;
				continue;
			}
			if (c == ':' && i + 1 < n && p[i + 1] == ':' &&
			    (masks & WAKE_MASK_IP) &&
			    (i == 0 || !(cls[p[i - 1]] & C_ALNUM))) {
				size_t e = m_ipv6(p, n, i);

				if (e != 0) {
					put_wild(&z);
					i = e;
					continue;
				}
			}
			if (c == '=' && (masks & WAKE_MASK_KV) && is_key(&z)) {
				size_t e = i + 1;

				put(&z, "=", 1);
				if (e < n && (p[e] == '"' || p[e] == '\'')) {
					size_t q = close_quote(p, n, e);

					if (q != 0) {
						put_wild(&z);
						i = q + 1;
						continue;
					}
				}
				while (e < n && !(cls[p[e]] & (C_WS | C_VSEP)))
					e++;
				if (e > i + 1)
					put_wild(&z);
				i = e;
				continue;
			}
			if ((c == '"' || c == '\'') &&
			    (masks & WAKE_MASK_QUOTE) && (z.ol == z.ts ||
			    memchr("=([{:,", z.o[z.ol - 1], 6) != NULL)) {
				size_t q = close_quote(p, n, i);

				if (q != 0) {
					put(&z, p + i, 1);
					put_wild(&z);
					put(&z, p + i, 1);
					i = q + 1;
					continue;
				}
			}
		}
		put(&z, p + i, 1);
		i++;
	}
	if (z.full && i < n) {
		/* the rest of a long message: one wildcard */
		size_t j = i;

		while (j < n && (cls[p[j]] & C_WS))
			j++;
		if (j < n) {
			z.ol = z.ts;
			z.flags = 0;
			put_wild(&z);
		}
		z.full = 0;
	}
	tok_end(&z, 0);
	tk->len = z.ol;
	return WAKE_OK;
}

/* ---- mask names and the public masker ---- */

static const struct {
	const char	*name;
	unsigned	 bits;
} masknames[] = {
	{ "ip", WAKE_MASK_IP }, { "mac", WAKE_MASK_MAC },
	{ "uuid", WAKE_MASK_UUID }, { "hex", WAKE_MASK_HEX },
	{ "num", WAKE_MASK_NUM }, { "time", WAKE_MASK_TIME },
	{ "path", WAKE_MASK_PATH }, { "quote", WAKE_MASK_QUOTE },
	{ "kv", WAKE_MASK_KV }, { "all", WAKE_MASK_ALL },
	{ "none", 0 }, { "default", WAKE_MASK_DEFAULT }
};

int
wake_mine_masks_parse(const char *list, unsigned *masks)
{
	unsigned m = 0;
	const char *p = list, *e;
	size_t k;

	if (list == NULL)
		return WAKE_ERR_USAGE;
	for (;;) {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		for (k = 0; k < WK_NELEM(masknames); k++)
			if (wk_streq(p, (size_t)(e - p), masknames[k].name))
				break;
		if (k == WK_NELEM(masknames))
			return WAKE_ERR_USAGE;
		m |= masknames[k].bits;
		if (*e == '\0')
			break;
		p = e + 1;
	}
	*masks = m;
	return WAKE_OK;
}

int
wake_mine_mask(const char *msg, size_t n, unsigned masks,
    struct wake_buf *out)
{
	struct wk_mtoks *tk;
	size_t i;
	int rc;

	if ((tk = calloc(1, sizeof(*tk))) == NULL)
		return WAKE_ERR_NOMEM;
	rc = wk_mine_tokenize(tk, msg, n, masks);
	for (i = 0; rc == WAKE_OK && i < tk->n; i++) {
		if (i > 0 && !(tk->t[i].flags & WK_MT_JOIN))
			rc = wake_buf_putc(out, ' ');
		if (rc == WAKE_OK)
			rc = wake_buf_put(out, tk->text + tk->t[i].off,
			    tk->t[i].len);
	}
	wk_mine_toks_free(tk);
	free(tk);
	return rc;
}
