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

#include "internal.h"

/*
 * Appends for the writers' hot path: the common case, when the room is
 * there, stays in this file.
 */
static inline int
bput(struct wake_buf *b, const void *p, size_t n)
{
	if (b->p != NULL && b->cap - b->n >= n) {
		if (n != 0)
			memcpy(b->p + b->n, p, n);
		b->n += n;
		return WAKE_OK;
	}
	return wake_buf_put(b, p, n);
}

static inline int
bputc(struct wake_buf *b, int c)
{
	if (b->p != NULL && b->n < b->cap) {
		b->p[b->n++] = (char)c;
		return WAKE_OK;
	}
	return wake_buf_putc(b, c);
}

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

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
/* Nonzero when some byte of x is zero / less than c (bytes < 0x80). */
#define HASZERO(x)	(((x) - ONES) & ~(x) & HIGHS)
#define HASLESS(x, c)	(((x) - ONES * (c)) & ~(x) & HIGHS)

/*
 * plain[c]: byte c is copied as is.  Bit 1: in TSV fields; bit 2: inside
 * quotes and JSON strings (which escape '"' as well).
 */
#define PL_TSV	1
#define PL_QUO	2
static const unsigned char plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	3, 3, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0,
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
static size_t
plain_run(const unsigned char *p, size_t n, int mode)
{
	uint64_t x, bad;
	size_t i = 0;

	while (n - i >= 8) {
		memcpy(&x, p + i, 8);
		if (x & HIGHS)
			break;
		bad = HASLESS(x, 0x20) | HASZERO(x ^ (ONES * '\\')) |
		    HASZERO(x ^ (ONES * 0x7f));
		if (mode == PL_QUO)
			bad |= HASZERO(x ^ (ONES * '"'));
		if (bad)
			break;
		i += 8;
	}
	while (i < n && (plain[p[i]] & mode))
		i++;
	return i;
}

#define ESC_TSV		0	/* src, host, msg */
#define ESC_QUOTED	1	/* a quoted attr value */
#define ESC_JSON	2	/* inside a JSON string */

/*
 * Append p escaped for one of the three contexts: runs of plain bytes
 * and valid UTF-8 are copied whole.
 */
static int
escape_as(const char *sp, size_t n, struct wake_buf *out, int how)
{
	const unsigned char *p = (const unsigned char *)sp;
	int mode = how == ESC_TSV ? PL_TSV : PL_QUO;
	size_t i = 0, start = 0, l;
	char e[6];
	size_t en;
	unsigned c;
	int rc;

	if ((rc = wake_buf_reserve(out, n + 2)) != WAKE_OK)
		return rc;
	for (;;) {
		i += plain_run(p + i, n - i, mode);
		if (i >= n)
			break;
		c = p[i];
		if (c >= 0x80 && (l = utf8_len(p + i, n - i)) != 0) {
			i += l;
			continue;
		}
		e[0] = '\\';
		en = 2;
		switch (c) {
		case '\\':
		case '"':
			e[1] = (char)c;
			break;
		case '\t':
			e[1] = 't';
			break;
		case '\n':
			e[1] = 'n';
			break;
		case '\r':
			e[1] = 'r';
			break;
		default:
			if (how == ESC_JSON) {
				e[1] = 'u';
				e[2] = c >= 0x80 ? 'd' : '0';
				e[3] = c >= 0x80 ? 'c' : '0';
				e[4] = hexd[c >> 4];
				e[5] = hexd[c & 0xf];
				en = 6;
			} else {
				e[1] = 'x';
				e[2] = hexd[c >> 4];
				e[3] = hexd[c & 0xf];
				en = 4;
			}
			break;
		}
		if ((rc = bput(out, p + start, i - start)) != WAKE_OK ||
		    (rc = bput(out, e, en)) != WAKE_OK)
			return rc;
		start = ++i;
	}
	return bput(out, p + start, n - start);
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

/* Append key with every byte outside the key set as '_'. */
static int
put_key(const struct wake_str *k, struct wake_buf *out)
{
	const unsigned char *p = (const unsigned char *)k->p;
	size_t i;
	int rc;

	if (k->n == 0)
		return bputc(out, '_');
	if ((rc = wake_buf_reserve(out, k->n)) != WAKE_OK)
		return rc;
	for (i = 0; i < k->n; i++)
		out->p[out->n++] = keyok[p[i]] ? (char)p[i] : '_';
	return WAKE_OK;
}

/* Can value v be written without quotes? */
static int
bare_ok(const struct wake_str *v)
{
	const unsigned char *p = (const unsigned char *)v->p;
	size_t i = 0, l;

	if (v->n == 0)
		return 0;
	while (i < v->n) {
		if (p[i] < 0x80) {
			if (!(plain[p[i]] & PL_QUO) || p[i] == ' ' ||
			    p[i] == '=')
				return 0;
			i++;
		} else if ((l = utf8_len(p + i, v->n - i)) != 0)
			i += l;
		else
			return 0;
	}
	return 1;
}

static int
put_attrs(const struct wake_event *ev, struct wake_buf *out, int json)
{
	const struct wake_attr *a;
	size_t i;
	int rc;

	for (i = 0; i < ev->nattrs; i++) {
		a = &ev->attrs[i];
		if (json) {
			if ((rc = bput(out, i ? ",\"" : "\"",
			    i ? 2 : 1)) != WAKE_OK ||
			    (rc = put_key(&a->key, out)) != WAKE_OK ||
			    (rc = bput(out, "\":\"", 3)) != WAKE_OK ||
			    (rc = escape_as(a->val.p, a->val.n, out,
			    ESC_JSON)) != WAKE_OK ||
			    (rc = bputc(out, '"')) != WAKE_OK)
				return rc;
			continue;
		}
		if ((i != 0 && (rc = bputc(out, ' ')) != WAKE_OK) ||
		    (rc = put_key(&a->key, out)) != WAKE_OK ||
		    (rc = bputc(out, '=')) != WAKE_OK)
			return rc;
		if (bare_ok(&a->val))
			rc = bput(out, a->val.p, a->val.n);
		else if ((rc = bputc(out, '"')) == WAKE_OK &&
		    (rc = escape_as(a->val.p, a->val.n, out,
		    ESC_QUOTED)) == WAKE_OK)
			rc = bputc(out, '"');
		if (rc != WAKE_OK)
			return rc;
	}
	return WAKE_OK;
}

static void
format_ts(wake_time_t ts, char out[25])
{
	if (ts == WAKE_TIME_NONE)
		memcpy(out, "1970-01-01T00:00:00.000Z", 25);
	else
		wake_time_format(ts, out);
}

/* A src or host: empty is "-". */
static int
put_name(const struct wake_str *s, struct wake_buf *out, int how)
{
	if (s->n == 0)
		return bputc(out, '-');
	return escape_as(s->p, s->n, out, how);
}

int
wake_event_write_tsv(const struct wake_event *ev, struct wake_buf *out)
{
	char ts[25];
	const char *name;
	int rc;

	format_ts(ev->ts, ts);
	ts[24] = '\t';
	if ((rc = wake_buf_reserve(out, 64 + ev->src.n + ev->host.n +
	    ev->msg.n)) != WAKE_OK ||
	    (rc = bput(out, ts, 25)) != WAKE_OK ||
	    (rc = put_name(&ev->src, out, ESC_TSV)) != WAKE_OK ||
	    (rc = bputc(out, '\t')) != WAKE_OK ||
	    (rc = put_name(&ev->host, out, ESC_TSV)) != WAKE_OK ||
	    (rc = bputc(out, '\t')) != WAKE_OK)
		return rc;
	name = wake_sev_name(ev->sev);
	if ((rc = bput(out, name, strlen(name))) != WAKE_OK ||
	    (rc = bputc(out, '\t')) != WAKE_OK)
		return rc;
	name = wake_kind_name(ev->kind);
	if ((rc = bput(out, name, strlen(name))) != WAKE_OK ||
	    (rc = bputc(out, '\t')) != WAKE_OK ||
	    (rc = escape_as(ev->msg.p, ev->msg.n, out, ESC_TSV)) != WAKE_OK ||
	    (rc = bputc(out, '\t')) != WAKE_OK ||
	    (rc = put_attrs(ev, out, 0)) != WAKE_OK)
		return rc;
	return bputc(out, '\n');
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

int
wake_event_write_json(const struct wake_event *ev, struct wake_buf *out)
{
	char ts[25];
	const char *name;
	int rc;

	format_ts(ev->ts, ts);
	if ((rc = wake_buf_reserve(out, 128 + ev->src.n + ev->host.n +
	    ev->msg.n)) != WAKE_OK ||
	    (rc = bput(out, "{\"ts\":\"", 7)) != WAKE_OK ||
	    (rc = bput(out, ts, 24)) != WAKE_OK ||
	    (rc = bput(out, "\",\"src\":\"", 9)) != WAKE_OK ||
	    (rc = put_name(&ev->src, out, ESC_JSON)) != WAKE_OK ||
	    (rc = bput(out, "\",\"host\":\"", 10)) != WAKE_OK ||
	    (rc = put_name(&ev->host, out, ESC_JSON)) != WAKE_OK ||
	    (rc = bput(out, "\",\"sev\":\"", 9)) != WAKE_OK)
		return rc;
	name = wake_sev_name(ev->sev);
	if ((rc = bput(out, name, strlen(name))) != WAKE_OK ||
	    (rc = bput(out, "\",\"kind\":\"", 10)) != WAKE_OK)
		return rc;
	name = wake_kind_name(ev->kind);
	if ((rc = bput(out, name, strlen(name))) != WAKE_OK ||
	    (rc = bput(out, "\",\"msg\":\"", 9)) != WAKE_OK ||
	    (rc = escape_as(ev->msg.p, ev->msg.n, out, ESC_JSON)) != WAKE_OK ||
	    (rc = bput(out, "\",\"attrs\":{", 11)) != WAKE_OK ||
	    (rc = put_attrs(ev, out, 1)) != WAKE_OK)
		return rc;
	return bput(out, "}}\n", 3);
}

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
