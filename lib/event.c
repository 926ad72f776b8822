/*
 * The event record and its two text forms.
 *
 * TSV, one line per event, seven columns separated by one TAB, LF at
 * the end:
 *
 *	ts	24 bytes from wake_time_format(); WAKE_TIME_NONE is written
 *		as 1970-01-01T00:00:00.000Z.
 *	src	escaped (below); empty is written "-", and "-" reads back
 *		as empty.
 *	host	likewise.
 *	sev	emerg alert crit err warn notice info debug, or "-".
 *	kind	log call chat change alert report phase metric raw.
 *	msg	escaped.
 *	attrs	key=value pairs separated by one space; empty when none.
 *
 * Escaping of src, host and msg: \\ \t \n \r; every other byte below
 * 0x20, 0x7f, and every byte that is not part of a valid UTF-8 sequence
 * (overlong forms, surrogates and code points past U+10FFFF are invalid)
 * as \xHH with lowercase hex.  Valid UTF-8 passes unchanged.  The reader
 * also takes uppercase hex and \xHH for bytes that need no escape.
 *
 * attrs: a key is written with every byte outside [A-Za-z0-9_.:@/-] as
 * '_' (an empty key as "_").  A value is written bare when it is
 * non-empty and free of space, '"', '=', '\\', control bytes, 0x7f and
 * invalid UTF-8; otherwise quoted: '"', the value with \" \\ \t \n \r
 * and \xHH (as above) escapes, '"'.  The reader takes exactly that, and
 * any number of spaces between pairs.
 *
 * JSON Lines: one object
 *
 *	{"ts":"...","src":"...","host":"...","sev":"...","kind":"...",
 *	 "msg":"...","attrs":{"k":"v",...}}
 *
 * with the same strings as TSV ("-" for an empty src or host or no sev,
 * keys mapped the same way) and JSON escapes: \" \\ \n \r \t, other
 * bytes below 0x20 and 0x7f as \u00XX, each byte not part of valid UTF-8
 * as \udcXX (XX = the byte, 80-ff).  attrs is always an object.  The
 * reader takes the members in any order, ignores unknown ones, and takes
 * attrs values that are numbers, booleans or null as their text.
 *
 * Both forms round-trip exactly: write -> read -> write gives the same
 * bytes, and TSV -> JSON -> TSV gives the TSV back.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

/* ---- the arena: blocks that never move ---- */

struct ablock {
	struct ablock	*next;
	size_t		 cap;
	size_t		 used;
	char		 data[];
};

struct wake_arena {
	struct ablock	*first;
	struct ablock	*cur;
};

#define ARENA_FIRST	4096
#define ARENA_BIG	(256 * 1024)	/* geometric growth stops here */
#define ARENA_KEEP	(4 * 1024 * 1024)	/* most kept over a reset */

static struct ablock *
ablock_new(size_t cap)
{
	struct ablock *b;

	if (cap > SIZE_MAX - sizeof(*b))
		return NULL;
	if ((b = malloc(sizeof(*b) + cap)) == NULL)
		return NULL;
	b->next = NULL;
	b->cap = cap;
	b->used = 0;
	return b;
}

/* n bytes of stable storage, or NULL. */
static char *
arena_alloc(struct wake_event *ev, size_t n)
{
	struct wake_arena *a = ev->arena;
	struct ablock *b;
	size_t cap;

	if (a == NULL) {
		if ((a = malloc(sizeof(*a))) == NULL)
			return NULL;
		cap = n > ARENA_FIRST ? n : ARENA_FIRST;
		if ((a->first = ablock_new(cap)) == NULL) {
			free(a);
			return NULL;
		}
		a->cur = a->first;
		ev->arena = a;
	}
	b = a->cur;
	if (b->cap - b->used < n) {
		/* Grow geometrically; a large request gets its own block. */
		cap = b->cap * 2;
		if (cap > ARENA_BIG)
			cap = ARENA_BIG;
		if (cap < n)
			cap = n;
		if ((b = ablock_new(cap)) == NULL)
			return NULL;
		a->cur->next = b;
		a->cur = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

/* Give back the tail of the last allocation (p, had n, keeps m). */
static void
arena_trim(struct wake_event *ev, const char *p, size_t n, size_t m)
{
	struct ablock *b = ev->arena->cur;

	if (p + n == b->data + b->used)
		b->used -= n - m;
}

/*
 * Empty the arena.  When one block was not enough, the first block is
 * regrown to the size of them all, so a stream of similar events
 * settles into one allocation; one huge event does not pin its memory.
 */
static void
arena_reset(struct wake_arena *a)
{
	struct ablock *b, *nb;
	size_t total;

	if (a == NULL)
		return;
	total = a->first->cap;
	for (b = a->first->next; b != NULL; b = nb) {
		nb = b->next;
		if (total < ARENA_KEEP)
			total += b->cap;
		free(b);
	}
	a->first->next = NULL;
	a->first->used = 0;
	a->cur = a->first;
	if (total > ARENA_KEEP)
		total = a->first->cap > ARENA_KEEP ? ARENA_FIRST : ARENA_KEEP;
	if (total != a->first->cap) {
		if ((b = realloc(a->first, sizeof(*b) + total)) != NULL) {
			b->cap = total;
			a->first = a->cur = b;
		}
	}
}

static void
arena_free(struct wake_arena *a)
{
	struct ablock *b, *nb;

	if (a == NULL)
		return;
	for (b = a->first; b != NULL; b = nb) {
		nb = b->next;
		free(b);
	}
	free(a);
}

static int
arena_has(const struct wake_arena *a, const char *p)
{
	const struct ablock *b;
	uintptr_t u = (uintptr_t)p, lo;

	if (a == NULL)
		return 0;
	for (b = a->first; b != NULL; b = b->next) {
		lo = (uintptr_t)b->data;
		if (u >= lo && u < lo + b->used)
			return 1;
	}
	return 0;
}

/* ---- the event ---- */

void
wake_event_init(struct wake_event *ev)
{
	ev->ts = WAKE_TIME_NONE;
	ev->src.p = ev->host.p = ev->msg.p = "";
	ev->src.n = ev->host.n = ev->msg.n = 0;
	ev->sev = WAKE_SEV_NONE;
	ev->kind = WAKE_KIND_LOG;
	ev->attrs = NULL;
	ev->nattrs = 0;
	ev->attrcap = 0;
	ev->arena = NULL;
}

void
wake_event_reset(struct wake_event *ev)
{
	ev->ts = WAKE_TIME_NONE;
	ev->src.p = ev->host.p = ev->msg.p = "";
	ev->src.n = ev->host.n = ev->msg.n = 0;
	ev->sev = WAKE_SEV_NONE;
	ev->kind = WAKE_KIND_LOG;
	ev->nattrs = 0;
	arena_reset(ev->arena);
}

void
wake_event_free(struct wake_event *ev)
{
	if (ev == NULL)
		return;
	free(ev->attrs);
	arena_free(ev->arena);
	wake_event_init(ev);
}

const char *
wake_event_store(struct wake_event *ev, const char *p, size_t n)
{
	char *q;

	if (n == 0)
		return "";
	if ((q = arena_alloc(ev, n)) == NULL)
		return NULL;
	memcpy(q, p, n);
	return q;
}

int
wake_event_attr_ref(struct wake_event *ev, const char *key, size_t klen,
    const char *val, size_t vlen)
{
	struct wake_attr *na, *a;
	size_t ncap;

	if (ev->nattrs == ev->attrcap) {
		ncap = ev->attrcap == 0 ? 8 : ev->attrcap * 2;
		na = reallocarray(ev->attrs, ncap, sizeof(*na));
		if (na == NULL)
			return WAKE_ERR_NOMEM;
		ev->attrs = na;
		ev->attrcap = ncap;
	}
	a = &ev->attrs[ev->nattrs++];
	a->key.p = klen == 0 ? "" : key;
	a->key.n = klen;
	a->val.p = vlen == 0 ? "" : val;
	a->val.n = vlen;
	return WAKE_OK;
}

int
wake_event_attr(struct wake_event *ev, const char *key, size_t klen,
    const char *val, size_t vlen)
{
	const char *k, *v;

	if ((k = wake_event_store(ev, key, klen)) == NULL ||
	    (v = wake_event_store(ev, val, vlen)) == NULL)
		return WAKE_ERR_NOMEM;
	return wake_event_attr_ref(ev, k, klen, v, vlen);
}

int
wake_event_attrz(struct wake_event *ev, const char *key, const char *val)
{
	return wake_event_attr(ev, key, strlen(key), val, strlen(val));
}

int
wake_event_attr_set(struct wake_event *ev, const char *key,
    const char *val, size_t vlen)
{
	size_t i, klen = strlen(key);
	const char *v;

	for (i = 0; i < ev->nattrs; i++)
		if (ev->attrs[i].key.n == klen &&
		    memcmp(ev->attrs[i].key.p, key, klen) == 0) {
			if ((v = wake_event_store(ev, val, vlen)) == NULL)
				return WAKE_ERR_NOMEM;
			ev->attrs[i].val.p = v;
			ev->attrs[i].val.n = vlen;
			return WAKE_OK;
		}
	return wake_event_attr(ev, key, klen, val, vlen);
}

const struct wake_str *
wake_event_attr_get(const struct wake_event *ev, const char *key)
{
	size_t i, klen = strlen(key);

	for (i = 0; i < ev->nattrs; i++)
		if (ev->attrs[i].key.n == klen &&
		    memcmp(ev->attrs[i].key.p, key, klen) == 0)
			return &ev->attrs[i].val;
	return NULL;
}

static int
own_str(struct wake_event *ev, struct wake_str *s)
{
	const char *q;

	if (s->n == 0 || arena_has(ev->arena, s->p))
		return WAKE_OK;
	if ((q = wake_event_store(ev, s->p, s->n)) == NULL)
		return WAKE_ERR_NOMEM;
	s->p = q;
	return WAKE_OK;
}

int
wake_event_own(struct wake_event *ev)
{
	size_t i;

	if (own_str(ev, &ev->src) != WAKE_OK ||
	    own_str(ev, &ev->host) != WAKE_OK ||
	    own_str(ev, &ev->msg) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < ev->nattrs; i++)
		if (own_str(ev, &ev->attrs[i].key) != WAKE_OK ||
		    own_str(ev, &ev->attrs[i].val) != WAKE_OK)
			return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

static int
copy_str(struct wake_event *dst, struct wake_str *d, const struct wake_str *s)
{
	const char *q;

	if ((q = wake_event_store(dst, s->p, s->n)) == NULL)
		return WAKE_ERR_NOMEM;
	d->p = q;
	d->n = s->n;
	return WAKE_OK;
}

int
wake_event_copy(struct wake_event *dst, const struct wake_event *src)
{
	size_t i;
	int rc;

	if (dst == src)
		return WAKE_OK;
	wake_event_reset(dst);
	dst->ts = src->ts;
	dst->sev = src->sev;
	dst->kind = src->kind;
	if (copy_str(dst, &dst->src, &src->src) != WAKE_OK ||
	    copy_str(dst, &dst->host, &src->host) != WAKE_OK ||
	    copy_str(dst, &dst->msg, &src->msg) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < src->nattrs; i++)
		if ((rc = wake_event_attr(dst, src->attrs[i].key.p,
		    src->attrs[i].key.n, src->attrs[i].val.p,
		    src->attrs[i].val.n)) != WAKE_OK)
			return rc;
	return WAKE_OK;
}

/* ---- names ---- */

static const char *const sevnames[] = {
	"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"
};

static const char *const kindnames[] = {
	"log", "call", "chat", "change", "alert", "report", "phase",
	"metric", "raw"
};

const char *
wake_sev_name(int sev)
{
	if (sev < 0 || (size_t)sev >= WK_NELEM(sevnames))
		return "-";
	return sevnames[sev];
}

/* An unknown kind is written as raw: it is what a reader makes of it. */
const char *
wake_kind_name(int kind)
{
	if (kind < 0 || kind >= WAKE_KIND_COUNT)
		return "raw";
	return kindnames[kind];
}

int
wake_sev_parse(const char *s, size_t n)
{
	size_t i;

	if (n == 1 && s[0] == '-')
		return WAKE_SEV_NONE;
	for (i = 0; i < WK_NELEM(sevnames); i++)
		if (wk_streq(s, n, sevnames[i]))
			return (int)i;
	return -2;
}

int
wake_kind_parse(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < WK_NELEM(kindnames); i++)
		if (wk_streq(s, n, kindnames[i]))
			return (int)i;
	return -1;
}

/* ---- escaping ---- */

/* The writers' helpers take their mode as a constant, to fold it away. */
#ifdef __GNUC__
#define ALWAYS_INLINE	inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE	inline
#endif

static const char hexd[] = "0123456789abcdef";

/*
 * Length of the valid UTF-8 sequence starting at p (p[0] >= 0x80), or 0
 * when p[0] does not begin one (Unicode Table 3-7).
 */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	unsigned lo = 0x80, hi = 0xbf;

	if (c < 0xc2)
		return 0;
	if (c < 0xe0) {
		if (n < 2 || p[1] < 0x80 || p[1] > 0xbf)
			return 0;
		return 2;
	}
	if (c < 0xf0) {
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		if (n < 3 || p[1] < lo || p[1] > hi ||
		    p[2] < 0x80 || p[2] > 0xbf)
			return 0;
		return 3;
	}
	if (c > 0xf4)
		return 0;
	if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < 4 || p[1] < lo || p[1] > hi || p[2] < 0x80 || p[2] > 0xbf ||
	    p[3] < 0x80 || p[3] > 0xbf)
		return 0;
	return 4;
}

/*
 * The bytes copied as they are (plain) in each mode: PL_TSV, in src,
 * host and msg, all ASCII but control bytes, 0x7f and '\\'; PL_QUO,
 * inside quotes and JSON strings, those but '"' too; PL_BARE, in a bare
 * attr value, those but space and '=' too.
 */
#define PL_TSV	1
#define PL_QUO	2
#define PL_BARE	4

/*
 * The writers work in two steps: make room for the worst case of the
 * whole line (or string) once, then write through a plain pointer with
 * no checks.  Each input byte takes at most ESC_MAX bytes out (\xHH, or
 * \udcXX in JSON); the copies below may store past what they keep, but
 * never past that worst case.
 */
#define ESC_TSV		0	/* src, host, msg */
#define ESC_QUOTED	1	/* a quoted attr value */
#define ESC_JSON	2	/* inside a JSON string */
#define ESC_MAX(how)	((how) == ESC_JSON ? 6 : 4)

#ifdef __SSE2__
/* Bit i is set when byte i of v ends a plain run in mode. */
static ALWAYS_INLINE unsigned
stops16(__m128i v, int mode)
{
	__m128i m;

	/* A signed compare: bytes from 0x80 on are negative, so below. */
	m = _mm_cmplt_epi8(v, _mm_set1_epi8(mode == PL_BARE ? 0x21 : 0x20));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)));
	if (mode != PL_TSV)
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
	if (mode == PL_BARE)
		m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('=')));
	return (unsigned)_mm_movemask_epi8(m);
}

/*
 * Copy the plain bytes at the start of p (for mode) to d and return
 * their count.  May store up to n bytes at d.
 */
static ALWAYS_INLINE size_t
plain_copy(char *d, const unsigned char *p, size_t n, int mode)
{
	__m128i v, w;
	uint32_t lo, hi;
	unsigned m;
	size_t i;

	if (n >= 16) {
		for (i = 0; n - i >= 16; i += 16) {
			v = _mm_loadu_si128((const void *)(p + i));
			_mm_storeu_si128((void *)(d + i), v);
			if ((m = stops16(v, mode)) != 0)
				return i + (size_t)__builtin_ctz(m);
		}
		if (i == n)
			return n;
		/* The last 16 bytes, some of them again. */
		v = _mm_loadu_si128((const void *)(p + n - 16));
		_mm_storeu_si128((void *)(d + n - 16), v);
		m = stops16(v, mode) >> (16 - (n - i));
		return m != 0 ? i + (size_t)__builtin_ctz(m) : n;
	}
	/* Shorter: the bytes as one vector, the same byte maybe twice. */
	if (n >= 8) {
		v = _mm_loadl_epi64((const void *)p);
		w = _mm_loadl_epi64((const void *)(p + n - 8));
		_mm_storel_epi64((void *)d, v);
		_mm_storel_epi64((void *)(d + n - 8), w);
		if ((m = stops16(_mm_unpacklo_epi64(v, w), mode)) == 0)
			return n;
		i = (size_t)__builtin_ctz(m);
		return i < 8 ? i : n - 16 + i;
	}
	if (n >= 4) {
		memcpy(&lo, p, 4);
		memcpy(&hi, p + n - 4, 4);
		memcpy(d, &lo, 4);
		memcpy(d + n - 4, &hi, 4);
		v = _mm_unpacklo_epi32(_mm_cvtsi32_si128((int)lo),
		    _mm_cvtsi32_si128((int)hi));
		if ((m = stops16(v, mode) & 0xff) == 0)
			return n;
		i = (size_t)__builtin_ctz(m);
		return i < 4 ? i : n - 8 + i;
	}
	if (n == 0)
		return 0;
	/* Bytes 0, n/2 and n-1 are all of them. */
	d[0] = (char)p[0];
	d[n / 2] = (char)p[n / 2];
	d[n - 1] = (char)p[n - 1];
	v = _mm_cvtsi32_si128((int)(p[0] | (unsigned)p[n / 2] << 8 |
	    (unsigned)p[n - 1] << 16));
	if ((m = stops16(v, mode) & 7) == 0)
		return n;
	return m & 1 ? 0 : m & 2 ? n / 2 : n - 1;
}
#else /* !__SSE2__ */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
/* Nonzero when some byte of x is zero / less than c (bytes < 0x80). */
#define HASZERO(x)	(((x) - ONES) & ~(x) & HIGHS)
#define HASLESS(x, c)	(((x) - ONES * (c)) & ~(x) & HIGHS)

/* plain[c] & mode: byte c is plain in mode. */
static const unsigned char plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	3, 7, 1, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 3, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

/* Bytes at the start of p that are plain ASCII for mode. */
static ALWAYS_INLINE size_t
plain_run(const unsigned char *p, size_t n, int mode)
{
	uint64_t x, bad;
	size_t i = 0;

	while (n - i >= 8) {
		memcpy(&x, p + i, 8);
		if (x & HIGHS)
			break;
		bad = HASLESS(x, mode == PL_BARE ? 0x21 : 0x20) |
		    HASZERO(x ^ (ONES * '\\')) | HASZERO(x ^ (ONES * 0x7f));
		if (mode != PL_TSV)
			bad |= HASZERO(x ^ (ONES * '"'));
		if (mode == PL_BARE)
			bad |= HASZERO(x ^ (ONES * '='));
		if (bad)
			break;
		i += 8;
	}
	while (i < n && (plain[p[i]] & mode))
		i++;
	return i;
}

static ALWAYS_INLINE size_t
plain_copy(char *d, const unsigned char *p, size_t n, int mode)
{
	size_t i = plain_run(p, n, mode);

	if (i != 0)
		memcpy(d, p, i);
	return i;
}
#endif /* __SSE2__ */

/* Write the escape of byte c at d; return the end. */
static inline char *
esc_byte(char *d, unsigned c, int how)
{
	d[0] = '\\';
	switch (c) {
	case '\\':
	case '"':
		d[1] = (char)c;
		return d + 2;
	case '\t':
		d[1] = 't';
		return d + 2;
	case '\n':
		d[1] = 'n';
		return d + 2;
	case '\r':
		d[1] = 'r';
		return d + 2;
	}
	if (how == ESC_JSON) {
		d[1] = 'u';
		d[2] = c >= 0x80 ? 'd' : '0';
		d[3] = c >= 0x80 ? 'c' : '0';
		d[4] = hexd[c >> 4];
		d[5] = hexd[c & 0xf];
		return d + 6;
	}
	d[1] = 'x';
	d[2] = hexd[c >> 4];
	d[3] = hexd[c & 0xf];
	return d + 4;
}

/* Copy the l-byte UTF-8 sequence at p (2 <= l <= 4) to d. */
static inline char *
utf8_copy(char *d, const unsigned char *p, size_t l)
{
	d[0] = (char)p[0];
	d[1] = (char)p[1];
	if (l > 2)
		d[2] = (char)p[2];
	if (l > 3)
		d[3] = (char)p[3];
	return d + l;
}

/*
 * Write p escaped for one of the three contexts at d, which has room
 * for ESC_MAX(how) * n bytes; return the end.  Runs of plain bytes and
 * valid UTF-8 are copied whole.  Made once for each context by esc_to.
 */
static ALWAYS_INLINE char *
esc_as(char *d, const unsigned char *p, size_t n, int how)
{
	int mode = how == ESC_TSV ? PL_TSV : PL_QUO;
	size_t i = 0, l;
	unsigned c;

	for (;;) {
		l = plain_copy(d, p + i, n - i, mode);
		d += l;
		if ((i += l) >= n)
			return d;
		c = p[i];
		if (c < 0x80 || (l = utf8_len(p + i, n - i)) == 0) {
			d = esc_byte(d, c, how);
			i++;
			continue;
		}
		/* Text in other scripts: stay here while it lasts. */
		do {
			d = utf8_copy(d, p + i, l);
			if ((i += l) >= n)
				return d;
		} while (p[i] >= 0x80 && (l = utf8_len(p + i, n - i)) != 0);
	}
}

static char *
esc_tsv(char *d, const unsigned char *p, size_t n)
{
	return esc_as(d, p, n, ESC_TSV);
}

static char *
esc_quoted(char *d, const unsigned char *p, size_t n)
{
	return esc_as(d, p, n, ESC_QUOTED);
}

static char *
esc_json(char *d, const unsigned char *p, size_t n)
{
	return esc_as(d, p, n, ESC_JSON);
}

static inline char *
esc_to(char *d, const unsigned char *p, size_t n, int how)
{
	if (how == ESC_TSV)
		return esc_tsv(d, p, n);
	if (how == ESC_QUOTED)
		return esc_quoted(d, p, n);
	return esc_json(d, p, n);
}

/* esc_to with the common case, nothing to escape, made inline. */
static ALWAYS_INLINE char *
esc_fast(char *d, const unsigned char *p, size_t n, int how)
{
	size_t l = plain_copy(d, p, n, how == ESC_TSV ? PL_TSV : PL_QUO);

	return l == n ? d + n : esc_to(d + l, p + l, n - l, how);
}

/* Saturating: a worst case past SIZE_MAX stays SIZE_MAX. */
static inline size_t
sadd(size_t a, size_t b)
{
	return b > SIZE_MAX - a ? SIZE_MAX : a + b;
}

static inline size_t
smul(size_t a, size_t k)
{
	return a > SIZE_MAX / k ? SIZE_MAX : a * k;
}

/*
 * Make room for worst bytes and set *bp to the buffer to write them to:
 * out, or, when out has a ceiling the worst case might pass, tmp (no
 * ceiling), which finish() appends to out.  Either way a write fails
 * with WAKE_ERR_LIMIT (freeing out) just when the bytes written would
 * pass the ceiling, or when first does: the room the writers have
 * always asked for up front, kept so the same writes fail.  worst is
 * never less than first.
 */
static inline int
start(struct wake_buf *out, struct wake_buf *tmp, size_t first,
    size_t worst, struct wake_buf **bp)
{
	struct wake_buf *b = out;
	int rc;

	if (worst == SIZE_MAX || (out->max != 0 &&
	    (out->n > out->max || worst > out->max - out->n))) {
		if ((rc = wake_buf_reserve(out, first)) != WAKE_OK)
			return rc;
		b = tmp;
	}
	*bp = b;
	if (b->p != NULL && b->cap - b->n >= worst)
		return WAKE_OK;
	if ((rc = wake_buf_reserve(b, worst)) != WAKE_OK && b == tmp)
		wake_buf_free(out);
	return rc;
}

/* The bytes written to b end at e. */
static inline int
finish(struct wake_buf *out, struct wake_buf *b, const char *e)
{
	int rc;

	b->n = (size_t)(e - b->p);
	if (b == out)
		return WAKE_OK;
	rc = wake_buf_put(out, b->p, b->n);
	wake_buf_free(b);
	return rc;
}

static int
escape_as(const char *p, size_t n, struct wake_buf *out, int how)
{
	struct wake_buf tmp = WAKE_BUF_INIT, *b;
	int rc;

	if ((rc = start(out, &tmp, n + 2, sadd(smul(n, ESC_MAX(how)), 2),
	    &b)) != WAKE_OK)
		return rc;
	return finish(out, b, esc_to(b->p + b->n,
	    (const unsigned char *)p, n, how));
}

int
wake_escape(const char *p, size_t n, struct wake_buf *out)
{
	return escape_as(p, n, out, ESC_TSV);
}

/* Exported to json.c through internal.h. */
int
wk_json_escape(const char *p, size_t n, struct wake_buf *out)
{
	return escape_as(p, n, out, ESC_JSON);
}

/* ---- writing ---- */

/* keyok[c]: byte c may appear in a written attr key. */
static const unsigned char keyok[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
};

/*
 * keymap[c]: byte c as written in a key: c itself when keyok[c], else
 * '_' (one lookup a byte instead of a test).
 */
static const char keymap[257] =
	"________________" "________________"
	"_____________-./" "0123456789:_____"
	"@ABCDEFGHIJKLMNO" "PQRSTUVWXYZ_____"
	"_abcdefghijklmno" "pqrstuvwxyz_____"
	"________________" "________________"
	"________________" "________________"
	"________________" "________________"
	"________________" "________________";

/*
 * The names of sevnames and kindnames again, padded so that one fixed
 * 8-byte copy writes any of them.  sev8 is indexed by sev + 1.
 */
struct name8 {
	char	p[8];
	size_t	n;
};
#define NAME8(s)	{ s, sizeof(s) - 1 }
static const struct name8 sev8[] = {
	NAME8("-"), NAME8("emerg"), NAME8("alert"), NAME8("crit"),
	NAME8("err"), NAME8("warn"), NAME8("notice"), NAME8("info"),
	NAME8("debug")
};
static const struct name8 kind8[] = {
	NAME8("log"), NAME8("call"), NAME8("chat"), NAME8("change"),
	NAME8("alert"), NAME8("report"), NAME8("phase"), NAME8("metric"),
	NAME8("raw")
};

/*
 * Fixed bytes of a line, besides ESC_MAX bytes for each byte of src,
 * host, msg and the attrs' keys and values: TSV 45 or so, JSON about
 * 105; ATTR_FIXED for each attr (space or comma, '=', quotes, "_" for
 * an empty key).  Both with room for the 8-byte name copies.
 */
#define TSV_FIXED	64
#define JSON_FIXED	128
#define ATTR_FIXED	8

/* The most bytes a line of ev can take; SIZE_MAX when past counting. */
static size_t
line_worst(const struct wake_event *ev, int how, size_t fixed)
{
	const struct wake_attr *a;
	size_t s, m, i;

	s = ev->src.n + ev->host.n + ev->msg.n;
	m = ev->src.n | ev->host.n | ev->msg.n;
	for (i = 0; i < ev->nattrs; i++) {
		a = &ev->attrs[i];
		s += a->key.n + a->val.n;
		m |= a->key.n | a->val.n;
	}
	/*
	 * With at most 2^16 - 1 attrs and every length at most SIZE_MAX >> 24
	 * (m is at least the largest), nothing can wrap: the common case.
	 * Else count again, with care.
	 */
	if (m <= SIZE_MAX >> 24 && ev->nattrs <= 0xffff)
		return s * ESC_MAX(how) + fixed + ev->nattrs * ATTR_FIXED;
	s = sadd(sadd(ev->src.n, ev->host.n), ev->msg.n);
	for (i = 0; i < ev->nattrs; i++)
		s = sadd(s, sadd(ev->attrs[i].key.n, ev->attrs[i].val.n));
	return sadd(sadd(smul(s, ESC_MAX(how)), fixed),
	    smul(ev->nattrs, ATTR_FIXED));
}

/* Write ts (24 bytes) and then c at d. */
static inline char *
ts_to(char *d, wake_time_t ts, char c)
{
	if (ts == WAKE_TIME_NONE)
		memcpy(d, "1970-01-01T00:00:00.000Z", 24);
	else
		wake_time_format(ts, d);
	d[24] = c;
	return d + 25;
}

/* A src or host: empty is "-". */
static ALWAYS_INLINE char *
name_to(char *d, const struct wake_str *s, int how)
{
	if (s->n == 0) {
		*d = '-';
		return d + 1;
	}
	return esc_fast(d, (const unsigned char *)s->p, s->n, how);
}

static inline char *
sev_to(char *d, int sev)
{
	const struct name8 *nm;

	nm = &sev8[sev < 0 || sev >= (int)WK_NELEM(sev8) - 1 ? 0 : sev + 1];
	memcpy(d, nm->p, 8);
	return d + nm->n;
}

/* An unknown kind is written as raw, as in wake_kind_name(). */
static inline char *
kind_to(char *d, int kind)
{
	const struct name8 *nm;

	nm = &kind8[kind < 0 || kind >= WAKE_KIND_COUNT ? WAKE_KIND_RAW :
	    kind];
	memcpy(d, nm->p, 8);
	return d + nm->n;
}

/* Write key with every byte outside the key set as '_'. */
static inline char *
key_to(char *d, const struct wake_str *k)
{
	const unsigned char *p = (const unsigned char *)k->p;
	size_t n = k->n, i;

	if (n == 0) {
		*d = '_';
		return d + 1;
	}
	for (i = 0; i < n; i++)
		d[i] = keymap[p[i]];
	return d + n;
}

/*
 * Write a TSV attr value: bare when it is non-empty and holds no byte
 * that needs quotes (space, '"', '=', '\\', control bytes, 0x7f, invalid
 * UTF-8), else quoted.  One pass: the bare prefix copied so far moves
 * one byte right when a quote turns out to be needed.
 */
static char *
val_to(char *d, const struct wake_str *v)
{
	const unsigned char *p = (const unsigned char *)v->p;
	size_t n = v->n, i = 0, l;

	if (n == 0) {
		memcpy(d, "\"\"", 2);
		return d + 2;
	}
	for (;;) {
		i += plain_copy(d + i, p + i, n - i, PL_BARE);
		if (i >= n)
			return d + n;
		if (p[i] < 0x80 || (l = utf8_len(p + i, n - i)) == 0)
			break;
		do {
			utf8_copy(d + i, p + i, l);
			if ((i += l) >= n)
				return d + n;
		} while (p[i] >= 0x80 && (l = utf8_len(p + i, n - i)) != 0);
	}
	memmove(d + 1, d, i);
	d[0] = '"';
	d = esc_to(d + 1 + i, p + i, n - i, ESC_QUOTED);
	*d = '"';
	return d + 1;
}

static char *
tsv_to(char *d, const struct wake_event *ev)
{
	const struct wake_attr *a;
	size_t i;

	d = ts_to(d, ev->ts, '\t');
	d = name_to(d, &ev->src, ESC_TSV);
	*d++ = '\t';
	d = name_to(d, &ev->host, ESC_TSV);
	*d++ = '\t';
	d = sev_to(d, ev->sev);
	*d++ = '\t';
	d = kind_to(d, ev->kind);
	*d++ = '\t';
	d = esc_fast(d, (const unsigned char *)ev->msg.p, ev->msg.n, ESC_TSV);
	*d++ = '\t';
	for (i = 0; i < ev->nattrs; i++) {
		a = &ev->attrs[i];
		if (i != 0)
			*d++ = ' ';
		d = key_to(d, &a->key);
		*d++ = '=';
		d = val_to(d, &a->val);
	}
	*d++ = '\n';
	return d;
}

int
wake_event_write_tsv(const struct wake_event *ev, struct wake_buf *out)
{
	struct wake_buf tmp = WAKE_BUF_INIT, *b;
	int rc;

	if ((rc = start(out, &tmp, 64 + ev->src.n + ev->host.n + ev->msg.n,
	    line_worst(ev, ESC_TSV, TSV_FIXED), &b)) != WAKE_OK)
		return rc;
	return finish(out, b, tsv_to(b->p + b->n, ev));
}

/* Write the constant string s (a literal) at d. */
#define LIT(d, s)	(memcpy((d), (s), sizeof(s) - 1), (d) + sizeof(s) - 1)

static char *
json_to(char *d, const struct wake_event *ev)
{
	const struct wake_attr *a;
	size_t i;

	d = LIT(d, "{\"ts\":\"");
	d = ts_to(d, ev->ts, '"');
	d = LIT(d, ",\"src\":\"");
	d = name_to(d, &ev->src, ESC_JSON);
	d = LIT(d, "\",\"host\":\"");
	d = name_to(d, &ev->host, ESC_JSON);
	d = LIT(d, "\",\"sev\":\"");
	d = sev_to(d, ev->sev);
	d = LIT(d, "\",\"kind\":\"");
	d = kind_to(d, ev->kind);
	d = LIT(d, "\",\"msg\":\"");
	d = esc_fast(d, (const unsigned char *)ev->msg.p, ev->msg.n,
	    ESC_JSON);
	d = LIT(d, "\",\"attrs\":{");
	for (i = 0; i < ev->nattrs; i++) {
		a = &ev->attrs[i];
		if (i != 0)
			*d++ = ',';
		*d++ = '"';
		d = key_to(d, &a->key);
		d = LIT(d, "\":\"");
		d = esc_fast(d, (const unsigned char *)a->val.p, a->val.n,
		    ESC_JSON);
		*d++ = '"';
	}
	return LIT(d, "}}\n");
}

int
wake_event_write_json(const struct wake_event *ev, struct wake_buf *out)
{
	struct wake_buf tmp = WAKE_BUF_INIT, *b;
	int rc;

	if ((rc = start(out, &tmp, 128 + ev->src.n + ev->host.n + ev->msg.n,
	    line_worst(ev, ESC_JSON, JSON_FIXED), &b)) != WAKE_OK)
		return rc;
	return finish(out, b, json_to(b->p + b->n, ev));
}

/* ---- reading TSV ---- */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Undo escape_as(ESC_TSV or ESC_QUOTED) from p into dst (room for n
 * bytes: the result is never longer).  Returns the length, or -1 on a
 * bad escape.  \" is taken only inside quotes.
 */
static ptrdiff_t
unescape_to(const char *p, size_t n, char *dst, int quoted)
{
	const char *bs;
	size_t i = 0, o = 0, l;
	int h, lo;

	while (i < n) {
		if ((bs = memchr(p + i, '\\', n - i)) == NULL) {
			memcpy(dst + o, p + i, n - i);
			o += n - i;
			break;
		}
		l = (size_t)(bs - (p + i));
		memcpy(dst + o, p + i, l);
		o += l;
		i += l + 1;
		if (i >= n)
			return -1;
		switch (p[i++]) {
		case '\\':
			dst[o++] = '\\';
			break;
		case 't':
			dst[o++] = '\t';
			break;
		case 'n':
			dst[o++] = '\n';
			break;
		case 'r':
			dst[o++] = '\r';
			break;
		case '"':
			if (!quoted)
				return -1;
			dst[o++] = '"';
			break;
		case 'x':
			if (n - i < 2 ||
			    (h = hexval((unsigned char)p[i])) < 0 ||
			    (lo = hexval((unsigned char)p[i + 1])) < 0)
				return -1;
			dst[o++] = (char)(h << 4 | lo);
			i += 2;
			break;
		default:
			return -1;
		}
	}
	return (ptrdiff_t)o;
}

int
wake_unescape(const char *p, size_t n, struct wake_buf *out)
{
	ptrdiff_t m;
	int rc;

	if ((rc = wake_buf_reserve(out, n)) != WAKE_OK)
		return rc;
	if ((m = unescape_to(p, n, out->p + out->n, 0)) < 0)
		return WAKE_ERR_FORMAT;
	out->n += (size_t)m;
	return WAKE_OK;
}

/*
 * Set s to the field p (n bytes): borrowed when it holds no escape,
 * else unescaped into the arena.
 */
static int
take_field(struct wake_event *ev, struct wake_str *s, const char *p,
    size_t n, int quoted, const char **why)
{
	ptrdiff_t m;
	char *q;

	if (n == 0 || memchr(p, '\\', n) == NULL) {
		s->p = n == 0 ? "" : p;
		s->n = n;
		return WAKE_OK;
	}
	if ((q = arena_alloc(ev, n)) == NULL) {
		*why = "out of memory";
		return WAKE_ERR_NOMEM;
	}
	if ((m = unescape_to(p, n, q, quoted)) < 0) {
		*why = "bad escape";
		return WAKE_ERR_FORMAT;
	}
	arena_trim(ev, q, n, (size_t)m);
	s->p = q;
	s->n = (size_t)m;
	return WAKE_OK;
}

static int
read_attrs(struct wake_event *ev, const char *p, size_t n, const char **why)
{
	struct wake_str v;
	size_t i = 0, ks, kl, vs;
	int esc, rc;

	for (;;) {
		while (i < n && p[i] == ' ')
			i++;
		if (i >= n)
			return WAKE_OK;
		ks = i;
		while (i < n && keyok[(unsigned char)p[i]])
			i++;
		if (i == ks) {
			*why = "bad attr key";
			return WAKE_ERR_FORMAT;
		}
		if (i >= n || p[i] != '=') {
			*why = "expected '=' after attr key";
			return WAKE_ERR_FORMAT;
		}
		kl = i - ks;
		i++;
		if (i < n && p[i] == '"') {
			vs = ++i;
			esc = 0;
			while (i < n && p[i] != '"') {
				if (p[i] == '\\') {
					esc = 1;
					i++;
				}
				i++;
			}
			if (i >= n) {
				*why = "unterminated quoted attr value";
				return WAKE_ERR_FORMAT;
			}
			if (esc) {
				if ((rc = take_field(ev, &v, p + vs, i - vs, 1,
				    why)) != WAKE_OK)
					return rc;
			} else {
				v.p = p + vs;
				v.n = i - vs;
			}
			if (++i < n && p[i] != ' ') {
				*why = "expected space after quoted attr value";
				return WAKE_ERR_FORMAT;
			}
		} else {
			vs = i;
			while (i < n && p[i] != ' ')
				i++;
			v.p = p + vs;
			v.n = i - vs;
		}
		if (wake_event_attr_ref(ev, p + ks, kl, v.p, v.n) != WAKE_OK) {
			*why = "out of memory";
			return WAKE_ERR_NOMEM;
		}
	}
}

/* src or host: "-" is empty. */
static int
take_name(struct wake_event *ev, struct wake_str *s, const char *p,
    size_t n, const char **why)
{
	if (n == 1 && p[0] == '-')
		n = 0;
	return take_field(ev, s, p, n, 0, why);
}

static int
read_tsv(struct wake_event *ev, const char *line, size_t n, const char **why)
{
	const char *f[7], *p = line, *end = line + n, *t;
	size_t fl[7];
	int k, rc;

	for (k = 0; k < 6; k++) {
		if ((t = memchr(p, '\t', (size_t)(end - p))) == NULL) {
			*why = "expected 7 TAB-separated columns";
			return WAKE_ERR_FORMAT;
		}
		f[k] = p;
		fl[k] = (size_t)(t - p);
		p = t + 1;
	}
	f[6] = p;
	fl[6] = (size_t)(end - p);
	if (memchr(f[6], '\t', fl[6]) != NULL) {
		*why = "more than 7 columns";
		return WAKE_ERR_FORMAT;
	}
	if (wake_time_parse_utc(f[0], fl[0], &ev->ts) != WAKE_OK) {
		*why = "bad timestamp";
		return WAKE_ERR_FORMAT;
	}
	if ((rc = take_name(ev, &ev->src, f[1], fl[1], why)) != WAKE_OK ||
	    (rc = take_name(ev, &ev->host, f[2], fl[2], why)) != WAKE_OK)
		return rc;
	/* Lenient: a level word such as "ERROR", or nothing. */
	if ((ev->sev = wake_sev_parse(f[3], fl[3])) == -2 &&
	    (ev->sev = wk_sev_from_word(f[3], fl[3])) == -2) {
		if (fl[3] != 0) {
			*why = "unknown severity";
			return WAKE_ERR_FORMAT;
		}
		ev->sev = WAKE_SEV_NONE;
	}
	if ((ev->kind = wake_kind_parse(f[4], fl[4])) < 0) {
		*why = "unknown kind";
		return WAKE_ERR_FORMAT;
	}
	if ((rc = take_field(ev, &ev->msg, f[5], fl[5], 0, why)) != WAKE_OK)
		return rc;
	return read_attrs(ev, f[6], fl[6], why);
}

static int read_json(struct wake_event *, const char *, size_t,
    const char **);

int
wake_event_read(struct wake_event *ev, const char *line, size_t n,
    const char **why)
{
	const char *dummy;
	size_t i;
	int rc;

	if (why == NULL)
		why = &dummy;
	*why = NULL;
	wake_event_reset(ev);
	for (i = 0; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	if (i < n && line[i] == '{')
		rc = read_json(ev, line + i, n - i, why);
	else {
		/* CRLF input: the writers never leave a raw CR. */
		if (n > 0 && line[n - 1] == '\r')
			n--;
		rc = read_tsv(ev, line, n, why);
	}
	if (rc != WAKE_OK && *why == NULL)
		*why = wake_strerror(rc);
	return rc;
}

/* ---- JSON ---- */

/* Set s to string token t: borrowed, or unescaped into the arena. */
static int
take_jstr(struct wake_event *ev, struct wake_str *s, const struct wk_jtok *t,
    const char **why)
{
	ptrdiff_t m;
	char *q;

	if (!t->esc) {
		s->p = t->n == 0 ? "" : t->p;
		s->n = t->n;
		return WAKE_OK;
	}
	if ((q = arena_alloc(ev, t->n)) == NULL) {
		*why = "out of memory";
		return WAKE_ERR_NOMEM;
	}
	if ((m = wk_json_unescape_to(t->p, t->n, q)) < 0) {
		*why = "bad escape";
		return WAKE_ERR_FORMAT;
	}
	arena_trim(ev, q, t->n, (size_t)m);
	s->p = q;
	s->n = (size_t)m;
	return WAKE_OK;
}

/* A member that must be a string (null reads as empty). */
static int
take_jfield(struct wake_event *ev, struct wake_str *s,
    const struct wk_jtok *t, const char *what, const char **why)
{
	if (t->type == WK_J_NULL) {
		s->p = "";
		s->n = 0;
		return WAKE_OK;
	}
	if (t->type != WK_J_STR) {
		*why = what;
		return WAKE_ERR_FORMAT;
	}
	return take_jstr(ev, s, t, why);
}

static int
read_jattrs(struct wake_event *ev, const struct wk_jtok *toks, int obj,
    const char **why)
{
	struct wake_str k, v;
	int i, m, rc;

	if (toks[obj].type != WK_J_OBJ) {
		*why = "attrs is not an object";
		return WAKE_ERR_FORMAT;
	}
	i = obj + 1;
	for (m = 0; m < toks[obj].size; m++, i = toks[i + 1].next) {
		if ((rc = take_jstr(ev, &k, &toks[i], why)) != WAKE_OK)
			return rc;
		switch (toks[i + 1].type) {
		case WK_J_STR:
			if ((rc = take_jstr(ev, &v, &toks[i + 1], why)) !=
			    WAKE_OK)
				return rc;
			break;
		case WK_J_NUM:
		case WK_J_TRUE:
		case WK_J_FALSE:
		case WK_J_NULL:
			v.p = toks[i + 1].p;
			v.n = toks[i + 1].n;
			break;
		default:
			*why = "attrs value is an object or array";
			return WAKE_ERR_FORMAT;
		}
		if (wake_event_attr_ref(ev, k.p, k.n, v.p, v.n) != WAKE_OK) {
			*why = "out of memory";
			return WAKE_ERR_NOMEM;
		}
	}
	return WAKE_OK;
}

static int
read_jmembers(struct wake_event *ev, const struct wk_jtok *toks,
    const char **why)
{
	const struct wk_jtok *v;
	struct wake_str k, s;
	int i, m, rc, have_ts = 0;

	if (toks[0].type != WK_J_OBJ) {
		*why = "JSON event is not an object";
		return WAKE_ERR_FORMAT;
	}
	i = 1;
	for (m = 0; m < toks[0].size; m++, i = toks[i + 1].next) {
		if ((rc = take_jstr(ev, &k, &toks[i], why)) != WAKE_OK)
			return rc;
		v = &toks[i + 1];
		rc = WAKE_OK;
		if (wk_streq(k.p, k.n, "ts")) {
			if ((rc = take_jfield(ev, &s, v, "ts is not a string",
			    why)) == WAKE_OK &&
			    wake_time_parse_utc(s.p, s.n, &ev->ts) != WAKE_OK) {
				*why = "bad timestamp";
				rc = WAKE_ERR_FORMAT;
			}
			have_ts = 1;
		} else if (wk_streq(k.p, k.n, "src")) {
			if ((rc = take_jfield(ev, &ev->src, v,
			    "src is not a string", why)) == WAKE_OK &&
			    wk_streq(ev->src.p, ev->src.n, "-"))
				ev->src.n = 0;
		} else if (wk_streq(k.p, k.n, "host")) {
			if ((rc = take_jfield(ev, &ev->host, v,
			    "host is not a string", why)) == WAKE_OK &&
			    wk_streq(ev->host.p, ev->host.n, "-"))
				ev->host.n = 0;
		} else if (wk_streq(k.p, k.n, "sev")) {
			if ((rc = take_jfield(ev, &s, v, "sev is not a string",
			    why)) != WAKE_OK)
				return rc;
			if ((ev->sev = wake_sev_parse(s.p, s.n)) == -2 &&
			    (ev->sev = wk_sev_from_word(s.p, s.n)) == -2) {
				if (s.n != 0) {
					*why = "unknown severity";
					return WAKE_ERR_FORMAT;
				}
				ev->sev = WAKE_SEV_NONE;
			}
		} else if (wk_streq(k.p, k.n, "kind")) {
			if ((rc = take_jfield(ev, &s, v, "kind is not a string",
			    why)) == WAKE_OK &&
			    (ev->kind = wake_kind_parse(s.p, s.n)) < 0) {
				*why = "unknown kind";
				rc = WAKE_ERR_FORMAT;
			}
		} else if (wk_streq(k.p, k.n, "msg")) {
			rc = take_jfield(ev, &ev->msg, v, "msg is not a string",
			    why);
		} else if (wk_streq(k.p, k.n, "attrs")) {
			/* The last attrs member wins, like other members. */
			ev->nattrs = 0;
			if (v->type != WK_J_NULL)
				rc = read_jattrs(ev, toks, i + 1, why);
		}
		if (rc != WAKE_OK)
			return rc;
	}
	if (!have_ts) {
		*why = "no ts member";
		return WAKE_ERR_FORMAT;
	}
	return WAKE_OK;
}

#define JTOKS_STACK	256
#define JTOKS_MAX	(1 << 17)

static int
read_json(struct wake_event *ev, const char *line, size_t n,
    const char **why)
{
	struct wk_jtok stoks[JTOKS_STACK], *toks = stoks;
	size_t cap;
	int nt, rc;

	nt = wk_json_parse(line, n, toks, JTOKS_STACK, why);
	if (nt == -2 && *why != NULL && strcmp(*why, "too many tokens") == 0) {
		/* A token takes at least two bytes, bar the last. */
		cap = n / 2 + 2;
		if (cap > JTOKS_MAX)
			cap = JTOKS_MAX;
		if ((toks = reallocarray(NULL, cap, sizeof(*toks))) == NULL) {
			*why = "out of memory";
			return WAKE_ERR_NOMEM;
		}
		nt = wk_json_parse(line, n, toks, (int)cap, why);
	}
	if (nt < 0)
		rc = nt == -2 ? WAKE_ERR_LIMIT : WAKE_ERR_FORMAT;
	else
		rc = read_jmembers(ev, toks, why);
	if (toks != stoks)
		free(toks);
	return rc;
}
