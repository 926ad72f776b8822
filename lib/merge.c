/*
 * Merging event streams by time: a k-way merge over a binary heap, an
 * external sort (sorted runs spilled to temporary files, merged in
 * passes of WAKE_MERGE_FANIN), and clock skew with a reorder window.
 *
 * The sort key of a line is the 24-byte UTC timestamp its TSV form
 * starts with: byte order is time order, so TSV lines are compared with
 * memcmp and copied through without being parsed.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wake/input.h>
#include <wake/merge.h>
#include <wake/time.h>

#include "internal.h"

#define KEYLEN		24
#define FLUSH_AT	((size_t)256 << 10)
#define RUN_READ	((size_t)128 << 10)
#define RUN_WRITE	((size_t)1 << 20)
#define HEADERS_MAX	16

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define be64(x)		(x)
#else
#define be64(x)		__builtin_bswap64(x)
#endif

/* The current line of a source: its key and the bytes to write. */
struct src {
	const char	*key;		/* KEYLEN bytes */
	const char	*p;		/* output bytes, without LF */
	size_t		 n;
	size_t		 idx;		/* equal keys: lower idx first */
	int		(*next)(struct wake_merge *, struct src *);
};

/* An event held in a reorder window. */
struct item {
	char		 key[KEYLEN];
	wake_time_t	 ts;
	uint64_t	 seq;
	char		*p;
	size_t		 n;
	size_t		 cap;
	struct item	*free;
};

/* One line read from an input, in output form. */
struct rec {
	const char	*key;		/* after skew */
	const char	*p;
	size_t		 n;
	wake_time_t	 ts;		/* after skew; only with skews */
	wake_time_t	 ots;		/* before skew; only with skews */
};

struct stream {
	struct src	 s;		/* first: a stream is a source */
	struct wake_input *in;
	const char	*name;
	char		 last[KEYLEN];	/* greatest key read so far */
	int		 have_last;
	uint64_t	 disorder;
	struct wake_event ev;
	struct wake_buf	 rw;		/* a rewritten line */
	char		 okey[KEYLEN + 1];	/* key before skew */
	char		 kbuf[KEYLEN + 1];	/* key after skew */
	/* The reorder window: a heap by (key, seq). */
	struct item	**win;
	size_t		 nwin;
	size_t		 capwin;
	struct item	*cur;		/* the item being written */
	wake_time_t	 wmark;		/* greatest time read, before skew */
	uint64_t	 seq;
	int		 eof;
};

/* A sorted run in a temporary file. */
struct run {
	struct src	 s;
	int		 fd;
	char		*buf;
	size_t		 cap;
	size_t		 pos;
	size_t		 len;
	int		 eof;
};

/* A record of the sort buffer: its bytes are arena[off, off + n). */
struct srec {
	uint64_t	 k;		/* the key's digits */
	uint64_t	 off;
	size_t		 n;		/* with the key (JSON) and LF */
};

struct skew {
	char		*src;
	size_t		 n;
	int64_t		 ns;
	char		*given;
};

struct wake_merge {
	struct wake_merge_opts o;
	char		 err[512];
	char		 msg[128];
	char		**paths;
	size_t		 npaths;
	struct skew	*skews;
	size_t		 nskews;
	int64_t		 smin;		/* most negative skew, or 0 */
	/* Header lines already written, not repeated. */
	char		*headers[HEADERS_MAX];
	size_t		 nheaders;
	int		 stopped;
	/* Merge */
	struct stream	*streams;
	size_t		 nstreams;
	struct item	*pool;
	/* Sort */
	char		*arena;
	size_t		 alen;
	size_t		 acap;
	struct srec	*recs;
	size_t		 nrecs;
	size_t		 caprecs;
	int		*runs;		/* file descriptors */
	size_t		 nruns;
	size_t		 capruns;
};

static void seterr(struct wake_merge *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
seterr(struct wake_merge *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, sizeof(m->err), fmt, ap);
	va_end(ap);
}

/*
 * Key shape, tested a word at a time: each byte XOR the template must
 * be at most its limit (9 for a digit, 0 for a separator); adding
 * 0x7f - limit sets bit 7 of the bytes over it.  A carry out of a byte
 * only comes from a byte already over its limit.
 */
static const char tmpl[KEYLEN + 1] = "0000-00-00T00:00:00.000Z";
static const char plus[KEYLEN + 1] =
    "\x76\x76\x76\x76\x7f\x76\x76\x7f\x76\x76\x7f\x76"
    "\x76\x7f\x76\x76\x7f\x76\x76\x7f\x76\x76\x76\x7f";

static uint64_t
load64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Does p hold a 24-byte timestamp of the TSV form? */
int
wk_key_ok(const char *p)
{
	const uint64_t hi = UINT64_C(0x8080808080808080);
	uint64_t bad = 0, y;
	size_t i;

	for (i = 0; i < KEYLEN; i += 8) {
		y = load64(p + i) ^ load64(tmpl + i);
		bad |= ((y + load64(plus + i)) | y) & hi;
	}
	return bad == 0;
}

/* memcmp of two keys, as three big-endian words. */
static int
key_cmp(const char *a, const char *b)
{
	uint64_t x, y;
	size_t i;

	for (i = 0; i < KEYLEN; i += 8) {
		x = be64(load64(a + i));
		y = be64(load64(b + i));
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

/* Is the line an event in TSV form we may pass through unparsed? */
static int
tsv_ok(const char *p, size_t n)
{
	return n > KEYLEN && p[KEYLEN] == '\t' && wk_key_ok(p);
}

/* The key's 17 digits as one number: the same order as the bytes. */
static uint64_t
key_pack(const char *k)
{
	static const unsigned char pos[17] = { 0, 1, 2, 3, 5, 6, 8, 9,
	    11, 12, 14, 15, 17, 18, 20, 21, 22 };
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 17; i++)
		v = v * 10 + (uint64_t)(k[pos[i]] - '0');
	return v;
}

static int64_t
days_from_civil(int64_t y, int64_t mo, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= mo <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int64_t
num(const char *p, size_t n)
{
	int64_t v = 0;

	while (n-- > 0)
		v = v * 10 + (*p++ - '0');
	return v;
}

/* Nanoseconds of a valid key. */
wake_time_t
wk_key_time(const char *k)
{
	int64_t d, s;

	d = days_from_civil(num(k, 4), num(k + 5, 2), num(k + 8, 2));
	s = d * 86400 + num(k + 11, 2) * 3600 + num(k + 14, 2) * 60 +
	    num(k + 17, 2);
	return s * 1000000000 + num(k + 20, 3) * 1000000;
}

static wake_time_t
time_add(wake_time_t t, int64_t d)
{
	if (d > 0 && t > INT64_MAX - d)
		return INT64_MAX;
	if (d < 0 && t < INT64_MIN + 1 - d)
		return INT64_MIN + 1;
	return t + d;
}

static int
out_flush(struct wake_merge *m)
{
	if (m->o.out->n >= FLUSH_AT && m->o.flush != NULL &&
	    m->o.flush(m->o.flush_arg) != 0) {
		m->stopped = 1;
		return WAKE_EOF;
	}
	return WAKE_OK;
}

static int
out_line(struct wake_merge *m, const char *p, size_t n)
{
	struct wake_buf *b = m->o.out;

	if (wake_buf_reserve(b, n + 1) != WAKE_OK) {
		seterr(m, "out of memory");
		return WAKE_ERR_NOMEM;
	}
	memcpy(b->p + b->n, p, n);
	b->p[b->n + n] = '\n';
	b->n += n + 1;
	return out_flush(m);
}

/*
 * A metadata line: written where it appears, but a "#wake" header that
 * was written already (each input may start with one) is not repeated.
 */
static int
meta_line(struct wake_merge *m, const char *p, size_t n)
{
	size_t i;
	char *h;

	if (n >= 6 && memcmp(p, "#wake ", 6) == 0 && n < 256) {
		for (i = 0; i < m->nheaders; i++)
			if (strlen(m->headers[i]) == n &&
			    memcmp(m->headers[i], p, n) == 0)
				return WAKE_OK;
		if (m->nheaders < HEADERS_MAX &&
		    (h = strndup(p, n)) != NULL)
			m->headers[m->nheaders++] = h;
	}
	return out_line(m, p, n);
}

static const struct skew *
find_skew(const struct wake_merge *m, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < m->nskews; i++)
		if (m->skews[i].n == n && memcmp(m->skews[i].src, src, n) == 0)
			return &m->skews[i];
	return NULL;
}

static void
diag(struct wake_merge *m, const char *name, unsigned long line,
    const char *why)
{
	if (m->o.diag != NULL)
		m->o.diag(m->o.diag_arg, name, line, why);
}

/*
 * The next event of an input in output form.  TSV lines without a skew
 * to apply are passed through as they are (TSV output); others are
 * parsed and written anew.  Metadata lines go straight to the output.
 * Returns WAKE_OK, WAKE_EOF, or a negative error.
 */
static int
stream_read(struct wake_merge *m, struct stream *st, struct rec *r)
{
	struct wake_line l;
	const struct skew *sk;
	const char *why = NULL, *q, *okey;
	int rc;

	for (;;) {
		if ((rc = wake_input_line(st->in, &l)) == WAKE_EOF)
			return WAKE_EOF;
		if (rc < 0) {
			diag(m, st->name, 0, wake_input_error(st->in));
			return WAKE_EOF;
		}
		if (l.truncated > 0) {
			snprintf(m->msg, sizeof(m->msg),
			    "line too long (%zu bytes cut), skipped",
			    l.truncated);
			diag(m, st->name, (unsigned long)l.no, m->msg);
			continue;
		}
		if (l.n == 0)
			continue;
		if (l.p[0] == '#') {
			if ((rc = meta_line(m, l.p, l.n)) != WAKE_OK)
				return rc;
			continue;
		}
		sk = NULL;
		if (tsv_ok(l.p, l.n)) {
			if (m->nskews > 0) {
				q = memchr(l.p + KEYLEN + 1, '\t',
				    l.n - KEYLEN - 1);
				sk = find_skew(m, l.p + KEYLEN + 1,
				    (size_t)(q - l.p) - KEYLEN - 1);
			}
			if (sk == NULL && !m->o.json) {
				okey = r->key = r->p = l.p;
				r->n = l.n;
				if (m->nskews > 0)
					r->ts = r->ots = wk_key_time(l.p);
				goto check;
			}
		}
		wake_event_reset(&st->ev);
		rc = wake_event_read(&st->ev, l.p, l.n, &why);
		if (rc == WAKE_ERR_NOMEM) {
			seterr(m, "out of memory");
			return rc;
		}
		if (rc != WAKE_OK || st->ev.ts == WAKE_TIME_NONE) {
			diag(m, st->name, (unsigned long)l.no,
			    rc != WAKE_OK && why != NULL ? why :
			    "no timestamp");
			continue;
		}
		wake_time_format(st->ev.ts, st->okey);
		okey = st->okey;
		r->ots = st->ev.ts;
		if (sk == NULL && m->nskews > 0)
			sk = find_skew(m, st->ev.src.p, st->ev.src.n);
		if (sk != NULL) {
			st->ev.ts = time_add(st->ev.ts, sk->ns);
			if (wake_event_attr_set(&st->ev, "skew", sk->given,
			    strlen(sk->given)) != WAKE_OK) {
				seterr(m, "out of memory");
				return WAKE_ERR_NOMEM;
			}
		}
		r->ts = st->ev.ts;
		if (m->o.json && sk == NULL && l.p[0] == '{') {
			/* JSON in, JSON out, nothing changed: as it was. */
			r->p = l.p;
			r->n = l.n;
			r->key = okey;
		} else {
			st->rw.n = 0;
			rc = m->o.json ? wake_event_write_json(&st->ev, &st->rw) :
			    wake_event_write_tsv(&st->ev, &st->rw);
			if (rc != WAKE_OK) {
				diag(m, st->name, (unsigned long)l.no,
				    wake_strerror(rc));
				continue;
			}
			r->p = st->rw.p;
			r->n = st->rw.n - 1;	/* without the LF */
			if (m->o.json) {
				wake_time_format(st->ev.ts, st->kbuf);
				r->key = st->kbuf;
			} else
				r->key = st->rw.p;
		}
check:
		if (m->o.sort)
			return WAKE_OK;
		if (st->have_last && key_cmp(okey, st->last) < 0) {
			if (st->disorder++ == 0)
				diag(m, st->name, (unsigned long)l.no,
				    "out of order (use --sort)");
		} else {
			memcpy(st->last, okey, KEYLEN);
			st->have_last = 1;
		}
		return WAKE_OK;
	}
}

/* A stream without skews: its events as they come. */
static int
stream_next(struct wake_merge *m, struct src *s)
{
	struct stream *st = (struct stream *)s;
	struct rec r;
	int rc;

	if ((rc = stream_read(m, st, &r)) != WAKE_OK)
		return rc;
	s->key = r.key;
	s->p = r.p;
	s->n = r.n;
	return WAKE_OK;
}

static int
item_less(const struct item *a, const struct item *b)
{
	int c = key_cmp(a->key, b->key);

	return c < 0 || (c == 0 && a->seq < b->seq);
}

static void
win_up(struct item **h, size_t i)
{
	struct item *x = h[i];

	while (i > 0 && item_less(x, h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = x;
}

static void
win_down(struct item **h, size_t n, size_t i)
{
	struct item *x = h[i];
	size_t c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && item_less(h[c + 1], h[c]))
			c++;
		if (!item_less(h[c], x))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

static int
win_push(struct wake_merge *m, struct stream *st, const struct rec *r)
{
	struct item *it, **nw;
	char *np;
	size_t nc;

	if (st->nwin == st->capwin) {
		nc = st->capwin ? st->capwin * 2 : 64;
		if ((nw = reallocarray(st->win, nc, sizeof(*nw))) == NULL)
			return WAKE_ERR_NOMEM;
		st->win = nw;
		st->capwin = nc;
	}
	if ((it = m->pool) != NULL)
		m->pool = it->free;
	else if ((it = calloc(1, sizeof(*it))) == NULL)
		return WAKE_ERR_NOMEM;
	if (it->cap < r->n) {
		nc = r->n < 256 ? 256 : r->n;
		if ((np = realloc(it->p, nc)) == NULL) {
			it->free = m->pool;
			m->pool = it;
			return WAKE_ERR_NOMEM;
		}
		it->p = np;
		it->cap = nc;
	}
	memcpy(it->key, r->key, KEYLEN);
	memcpy(it->p, r->p, r->n);
	it->n = r->n;
	it->ts = r->ts;
	it->seq = st->seq++;
	st->win[st->nwin] = it;
	win_up(st->win, st->nwin++);
	return WAKE_OK;
}

/*
 * A stream with skews: shifting one source can move its events before
 * events already read, so events wait in a window until no event still
 * to come can sort before them.  Events to come have times from the
 * watermark on (the input is sorted), shifted by at least smin.
 */
static int
window_next(struct wake_merge *m, struct src *s)
{
	struct stream *st = (struct stream *)s;
	struct item *top;
	struct rec r;
	int rc;

	if (st->cur != NULL) {
		st->cur->free = m->pool;
		m->pool = st->cur;
		st->cur = NULL;
	}
	for (;;) {
		if (st->nwin > 0 && (st->eof ||
		    st->win[0]->ts <= time_add(st->wmark, m->smin))) {
			top = st->win[0];
			st->win[0] = st->win[--st->nwin];
			if (st->nwin > 0)
				win_down(st->win, st->nwin, 0);
			st->cur = top;
			s->key = top->key;
			s->p = top->p;
			s->n = top->n;
			return WAKE_OK;
		}
		if (st->eof)
			return WAKE_EOF;
		rc = stream_read(m, st, &r);
		if (rc == WAKE_EOF) {
			st->eof = 1;
			continue;
		}
		if (rc != WAKE_OK)
			return rc;
		if (r.ots > st->wmark)
			st->wmark = r.ots;
		if ((rc = win_push(m, st, &r)) != WAKE_OK) {
			seterr(m, "out of memory");
			return rc;
		}
	}
}

static int
src_less(const struct src *a, const struct src *b)
{
	int c = key_cmp(a->key, b->key);

	return c < 0 || (c == 0 && a->idx < b->idx);
}

static void
heap_down(struct src **h, size_t n, size_t i)
{
	struct src *x = h[i];
	size_t c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && src_less(h[c + 1], h[c]))
			c++;
		if (!src_less(h[c], x))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

/* A buffered writer of run files. */
struct wbuf {
	int	 fd;
	char	*p;
	size_t	 n;
};

static int
fd_write(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return WAKE_ERR_IO;
		}
		p += w;
		n -= (size_t)w;
	}
	return WAKE_OK;
}

static int
wbuf_flush(struct wake_merge *m, struct wbuf *w)
{
	if (fd_write(w->fd, w->p, w->n) != WAKE_OK) {
		seterr(m, "cannot write a temporary file in %s: %s",
		    m->o.tmpdir, strerror(errno));
		return WAKE_ERR_IO;
	}
	w->n = 0;
	return WAKE_OK;
}

static int
wbuf_put(struct wake_merge *m, struct wbuf *w, const char *p, size_t n)
{
	int rc;

	if (w->n + n > RUN_WRITE) {
		if ((rc = wbuf_flush(m, w)) != WAKE_OK)
			return rc;
		if (n > RUN_WRITE) {
			if (fd_write(w->fd, p, n) != WAKE_OK) {
				seterr(m, "cannot write a temporary file in "
				    "%s: %s", m->o.tmpdir, strerror(errno));
				return WAKE_ERR_IO;
			}
			return WAKE_OK;
		}
	}
	memcpy(w->p + w->n, p, n);
	w->n += n;
	return WAKE_OK;
}

/* A line of a run file: the key first when the line does not start
 * with it (JSON). */
static int
run_line(struct wake_merge *m, struct wbuf *w, const struct src *s)
{
	int rc;

	if (m->o.json && (rc = wbuf_put(m, w, s->key, KEYLEN)) != WAKE_OK)
		return rc;
	if ((rc = wbuf_put(m, w, s->p, s->n)) != WAKE_OK)
		return rc;
	return wbuf_put(m, w, "\n", 1);
}

/*
 * Merge the sources v[0..n) (each sorted) into the output, or into the
 * run file w when not NULL.  Run files hold the key before each JSON
 * line (a TSV line starts with it).
 */
static int
merge_sources(struct wake_merge *m, struct src **v, size_t n,
    struct wbuf *w)
{
	struct src *s;
	size_t i, k = 0;
	int rc;

	for (i = 0; i < n; i++) {
		if ((rc = v[i]->next(m, v[i])) == WAKE_OK)
			v[k++] = v[i];
		else if (rc != WAKE_EOF)
			return rc;
		else if (m->stopped)
			return WAKE_EOF;
	}
	n = k;
	for (i = n / 2; i-- > 0; )
		heap_down(v, n, i);
	while (n > 0) {
		s = v[0];
		if (w == NULL)
			rc = out_line(m, s->p, s->n);
		else
			rc = run_line(m, w, s);
		if (rc != WAKE_OK)
			return rc;
		if ((rc = s->next(m, s)) == WAKE_OK)
			heap_down(v, n, 0);
		else if (rc == WAKE_EOF) {
			if (m->stopped)
				return WAKE_EOF;
			v[0] = v[--n];
			if (n > 0)
				heap_down(v, n, 0);
		} else
			return rc;
	}
	return m->stopped ? WAKE_EOF : WAKE_OK;
}

static int
open_input(struct wake_merge *m, const char *path, struct wake_input **inp)
{
	struct wake_input_opts io;
	int rc;

	memset(&io, 0, sizeof(io));
	io.max_line = m->o.max_line;
	io.diag = m->o.diag;
	io.diag_arg = m->o.diag_arg;
	errno = 0;
	if ((rc = wake_input_open_path(inp, path, &io)) != WAKE_OK) {
		*inp = NULL;
		diag(m, path, 0, errno != 0 ? strerror(errno) :
		    wake_strerror(rc));
		return rc;
	}
	return WAKE_OK;
}

static void
stream_done(struct wake_merge *m, struct stream *st)
{
	char buf[96];

	if (st->disorder > 1) {
		snprintf(buf, sizeof(buf), "%llu lines out of order",
		    (unsigned long long)st->disorder);
		diag(m, st->name, 0, buf);
	}
}

static int
do_merge(struct wake_merge *m)
{
	struct src **v;
	size_t i, n = 0;
	int rc;

	if ((m->streams = calloc(m->npaths ? m->npaths : 1,
	    sizeof(*m->streams))) == NULL ||
	    (v = calloc(m->npaths ? m->npaths : 1, sizeof(*v))) == NULL) {
		seterr(m, "out of memory");
		return WAKE_ERR_NOMEM;
	}
	for (i = 0; i < m->npaths; i++) {
		struct stream *st = &m->streams[m->nstreams];

		wake_event_init(&st->ev);
		m->nstreams++;
		if (open_input(m, m->paths[i], &st->in) != WAKE_OK)
			continue;
		st->name = m->paths[i];
		st->s.idx = i;
		st->s.next = m->nskews > 0 ? window_next : stream_next;
		st->wmark = INT64_MIN + 1;
		v[n++] = &st->s;
	}
	rc = merge_sources(m, v, n, NULL);
	free(v);
	for (i = 0; i < m->nstreams; i++)
		stream_done(m, &m->streams[i]);
	return rc;
}

/* Sort: the buffer of records, spilled to runs when full. */

static int
srec_cmp(const void *a, const void *b)
{
	const struct srec *x = a, *y = b;

	if (x->k != y->k)
		return x->k < y->k ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static int
tmpfile_open(struct wake_merge *m, int *fdp)
{
	char path[4096];
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/wake-merge.XXXXXX",
	    m->o.tmpdir) >= sizeof(path)) {
		seterr(m, "%s: path too long", m->o.tmpdir);
		return WAKE_ERR_IO;
	}
	if ((fd = mkstemp(path)) < 0) {
		seterr(m, "cannot make a temporary file in %s: %s",
		    m->o.tmpdir, strerror(errno));
		return WAKE_ERR_IO;
	}
	/* Nameless from now on: nothing is left behind, however we end. */
	unlink(path);
	*fdp = fd;
	return WAKE_OK;
}

static int
add_run(struct wake_merge *m, int fd)
{
	int *nr;
	size_t nc;

	if (m->nruns == m->capruns) {
		nc = m->capruns ? m->capruns * 2 : 16;
		if ((nr = reallocarray(m->runs, nc, sizeof(*nr))) == NULL) {
			close(fd);
			seterr(m, "out of memory");
			return WAKE_ERR_NOMEM;
		}
		m->runs = nr;
		m->capruns = nc;
	}
	m->runs[m->nruns++] = fd;
	return WAKE_OK;
}

static int
spill(struct wake_merge *m)
{
	struct wbuf w;
	size_t i;
	int rc, fd;

	qsort(m->recs, m->nrecs, sizeof(*m->recs), srec_cmp);
	if ((rc = tmpfile_open(m, &fd)) != WAKE_OK)
		return rc;
	if ((w.p = malloc(RUN_WRITE)) == NULL) {
		close(fd);
		seterr(m, "out of memory");
		return WAKE_ERR_NOMEM;
	}
	w.fd = fd;
	w.n = 0;
	rc = WAKE_OK;
	for (i = 0; i < m->nrecs && rc == WAKE_OK; i++)
		rc = wbuf_put(m, &w, m->arena + m->recs[i].off,
		    m->recs[i].n);
	if (rc == WAKE_OK)
		rc = wbuf_flush(m, &w);
	free(w.p);
	if (rc != WAKE_OK) {
		close(fd);
		return rc;
	}
	m->nrecs = 0;
	m->alen = 0;
	return add_run(m, fd);
}

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t nc = *cap ? *cap : 4096 / size;
	void *np;

	while (nc < need) {
		if (nc > SIZE_MAX / 2 / size)
			return WAKE_ERR_NOMEM;
		nc *= 2;
	}
	if ((np = realloc(*p, nc * size)) == NULL)
		return WAKE_ERR_NOMEM;
	*p = np;
	*cap = nc;
	return WAKE_OK;
}

static int
sort_add(struct wake_merge *m, const struct rec *r)
{
	size_t need = r->n + 1 + (m->o.json ? KEYLEN : 0);
	struct srec *sr;
	char *p;
	int rc;

	/* Records cost their bytes and twice their index (qsort's copy). */
	if (m->nrecs > 0 && m->alen + need + (m->nrecs + 1) * 2 *
	    sizeof(struct srec) > m->o.buffer_size &&
	    (rc = spill(m)) != WAKE_OK)
		return rc;
	if ((m->alen + need > m->acap &&
	    grow((void **)&m->arena, &m->acap, m->alen + need, 1) !=
	    WAKE_OK) || (m->nrecs == m->caprecs &&
	    grow((void **)&m->recs, &m->caprecs, m->nrecs + 1,
	    sizeof(*m->recs)) != WAKE_OK)) {
		seterr(m, "out of memory");
		return WAKE_ERR_NOMEM;
	}
	sr = &m->recs[m->nrecs++];
	sr->k = key_pack(r->key);
	sr->off = m->alen;
	sr->n = need;
	p = m->arena + m->alen;
	if (m->o.json) {
		memcpy(p, r->key, KEYLEN);
		p += KEYLEN;
	}
	memcpy(p, r->p, r->n);
	p[r->n] = '\n';
	m->alen += need;
	return WAKE_OK;
}

static int
run_next(struct wake_merge *m, struct src *s)
{
	struct run *ru = (struct run *)s;
	char *nl, *nb;
	size_t nc;
	ssize_t got;

	for (;;) {
		nl = memchr(ru->buf + ru->pos, '\n', ru->len - ru->pos);
		if (nl != NULL) {
			s->key = ru->buf + ru->pos;
			s->p = s->key + (m->o.json ? KEYLEN : 0);
			s->n = (size_t)(nl - s->p);
			ru->pos = (size_t)(nl - ru->buf) + 1;
			return WAKE_OK;
		}
		if (ru->eof)
			return WAKE_EOF;
		memmove(ru->buf, ru->buf + ru->pos, ru->len - ru->pos);
		ru->len -= ru->pos;
		ru->pos = 0;
		if (ru->len == ru->cap) {
			nc = ru->cap * 2;
			if ((nb = realloc(ru->buf, nc)) == NULL) {
				seterr(m, "out of memory");
				return WAKE_ERR_NOMEM;
			}
			ru->buf = nb;
			ru->cap = nc;
		}
		got = read(ru->fd, ru->buf + ru->len, ru->cap - ru->len);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			seterr(m, "cannot read a temporary file: %s",
			    strerror(errno));
			return WAKE_ERR_IO;
		}
		if (got == 0)
			ru->eof = 1;
		ru->len += (size_t)got;
	}
}

/* Merge the runs fds[0..n) into the output, or into the run file w. */
static int
merge_runs(struct wake_merge *m, const int *fds, size_t n, struct wbuf *w)
{
	struct run *rs;
	struct src **v;
	size_t i;
	int rc = WAKE_OK;

	rs = calloc(n, sizeof(*rs));
	v = calloc(n, sizeof(*v));
	if (rs == NULL || v == NULL) {
		free(rs);
		free(v);
		seterr(m, "out of memory");
		return WAKE_ERR_NOMEM;
	}
	for (i = 0; i < n; i++) {
		rs[i].fd = fds[i];
		rs[i].s.idx = i;
		rs[i].s.next = run_next;
		rs[i].cap = RUN_READ;
		v[i] = &rs[i].s;
		if (lseek(fds[i], 0, SEEK_SET) < 0 ||
		    (rs[i].buf = malloc(rs[i].cap)) == NULL) {
			seterr(m, "cannot read a temporary file: %s", strerror(errno));
			rc = WAKE_ERR_IO;
		}
	}
	if (rc == WAKE_OK)
		rc = merge_sources(m, v, n, w);
	for (i = 0; i < n; i++)
		free(rs[i].buf);
	free(rs);
	free(v);
	return rc;
}

/* Merge runs in passes of WAKE_MERGE_FANIN until few enough are left. */
static int
merge_passes(struct wake_merge *m)
{
	struct wbuf w;
	size_t i, j, k, g;
	int rc, fd;

	while (m->nruns > WAKE_MERGE_FANIN) {
		for (i = 0, k = 0; i < m->nruns; i += g, k++) {
			g = WK_MIN(WAKE_MERGE_FANIN, m->nruns - i);
			if (g == 1) {
				m->runs[k] = m->runs[i];
				continue;
			}
			if ((rc = tmpfile_open(m, &fd)) != WAKE_OK)
				return rc;
			if ((w.p = malloc(RUN_WRITE)) == NULL) {
				close(fd);
				seterr(m, "out of memory");
				return WAKE_ERR_NOMEM;
			}
			w.fd = fd;
			w.n = 0;
			rc = merge_runs(m, m->runs + i, g, &w);
			if (rc == WAKE_OK)
				rc = wbuf_flush(m, &w);
			free(w.p);
			if (rc != WAKE_OK) {
				close(fd);
				return rc;
			}
			for (j = i; j < i + g; j++) {
				close(m->runs[j]);
				m->runs[j] = -1;
			}
			/* Runs stay in input order: stability. */
			m->runs[k] = fd;
		}
		m->nruns = k;
	}
	return merge_runs(m, m->runs, m->nruns, NULL);
}

static int
do_sort(struct wake_merge *m)
{
	struct stream st;
	struct rec r;
	size_t i;
	int rc = WAKE_OK;

	memset(&st, 0, sizeof(st));
	wake_event_init(&st.ev);
	for (i = 0; i < m->npaths && rc == WAKE_OK; i++) {
		if (open_input(m, m->paths[i], &st.in) != WAKE_OK)
			continue;
		st.name = m->paths[i];
		while ((rc = stream_read(m, &st, &r)) == WAKE_OK)
			if ((rc = sort_add(m, &r)) != WAKE_OK)
				break;
		if (rc == WAKE_EOF)
			rc = m->stopped ? WAKE_EOF : WAKE_OK;
		wake_input_free(st.in);
		st.in = NULL;
	}
	wake_event_free(&st.ev);
	wake_buf_free(&st.rw);
	if (rc != WAKE_OK)
		return rc;
	if (m->nruns == 0) {
		/* It all fitted: no temporary files. */
		if (m->nrecs > 0)
			qsort(m->recs, m->nrecs, sizeof(*m->recs), srec_cmp);
		for (i = 0; i < m->nrecs && rc == WAKE_OK; i++) {
			const struct srec *sr = &m->recs[i];
			size_t skip = m->o.json ? KEYLEN : 0;

			rc = out_line(m, m->arena + sr->off + skip,
			    sr->n - skip - 1);
		}
		return rc;
	}
	if (m->nrecs > 0 && (rc = spill(m)) != WAKE_OK)
		return rc;
	free(m->arena);
	m->arena = NULL;
	m->acap = m->alen = 0;
	free(m->recs);
	m->recs = NULL;
	m->caprecs = 0;
	return merge_passes(m);
}

int
wake_merge_run(struct wake_merge *m)
{
	return m->o.sort ? do_sort(m) : do_merge(m);
}

int
wake_merge_new(struct wake_merge **mp, const struct wake_merge_opts *o)
{
	struct wake_merge *m;
	const char *t;

	*mp = NULL;
	if (o == NULL || o->out == NULL)
		return WAKE_ERR_USAGE;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return WAKE_ERR_NOMEM;
	m->o = *o;
	if (m->o.buffer_size == 0)
		m->o.buffer_size = WAKE_MERGE_BUFFER_SIZE;
	if (m->o.tmpdir == NULL || *m->o.tmpdir == '\0') {
		t = getenv("TMPDIR");
		m->o.tmpdir = t != NULL && *t != '\0' ? t : "/tmp";
	}
	*mp = m;
	return WAKE_OK;
}

void
wake_merge_free(struct wake_merge *m)
{
	struct item *it;
	size_t i, j;

	if (m == NULL)
		return;
	for (i = 0; i < m->npaths; i++)
		free(m->paths[i]);
	free(m->paths);
	for (i = 0; i < m->nskews; i++) {
		free(m->skews[i].src);
		free(m->skews[i].given);
	}
	free(m->skews);
	for (i = 0; i < m->nheaders; i++)
		free(m->headers[i]);
	for (i = 0; i < m->nstreams; i++) {
		struct stream *st = &m->streams[i];

		wake_input_free(st->in);
		wake_event_free(&st->ev);
		wake_buf_free(&st->rw);
		for (j = 0; j < st->nwin; j++) {
			free(st->win[j]->p);
			free(st->win[j]);
		}
		free(st->win);
		if (st->cur != NULL) {
			free(st->cur->p);
			free(st->cur);
		}
	}
	free(m->streams);
	while ((it = m->pool) != NULL) {
		m->pool = it->free;
		free(it->p);
		free(it);
	}
	free(m->arena);
	free(m->recs);
	for (i = 0; i < m->nruns; i++)
		if (m->runs[i] >= 0)
			close(m->runs[i]);
	free(m->runs);
	free(m);
}

const char *
wake_merge_error(const struct wake_merge *m)
{
	return m != NULL ? m->err : "out of memory";
}

int
wake_merge_add_path(struct wake_merge *m, const char *path)
{
	char **np;
	char *p;

	if ((p = strdup(path)) == NULL)
		return WAKE_ERR_NOMEM;
	if ((np = reallocarray(m->paths, m->npaths + 1, sizeof(*np))) ==
	    NULL) {
		free(p);
		return WAKE_ERR_NOMEM;
	}
	m->paths = np;
	m->paths[m->npaths++] = p;
	return WAKE_OK;
}

static int
src_ok(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-'))
			return 0;
	}
	return 1;
}

int
wake_merge_add_skew(struct wake_merge *m, const char *spec)
{
	const char *eq = strchr(spec, '=');
	struct skew *ns, *sk;
	int64_t d;

	if (eq == NULL || !src_ok(spec, (size_t)(eq - spec))) {
		seterr(m, "bad skew '%s': want SRC=DURATION, e.g. pbx=-90s",
		    spec);
		return WAKE_ERR_USAGE;
	}
	if (wake_duration_parse(eq + 1, &d) != WAKE_OK) {
		seterr(m, "bad skew '%s': bad duration '%s'", spec, eq + 1);
		return WAKE_ERR_USAGE;
	}
	if (find_skew(m, spec, (size_t)(eq - spec)) != NULL) {
		seterr(m, "bad skew '%s': source given twice", spec);
		return WAKE_ERR_USAGE;
	}
	if ((ns = reallocarray(m->skews, m->nskews + 1, sizeof(*ns))) ==
	    NULL)
		return WAKE_ERR_NOMEM;
	m->skews = ns;
	sk = &ns[m->nskews];
	sk->n = (size_t)(eq - spec);
	sk->ns = d;
	sk->src = strndup(spec, sk->n);
	sk->given = strdup(eq + 1);
	if (sk->src == NULL || sk->given == NULL) {
		free(sk->src);
		free(sk->given);
		return WAKE_ERR_NOMEM;
	}
	m->nskews++;
	if (d < m->smin)
		m->smin = d;
	return WAKE_OK;
}

int
wake_size_parse(const char *s, size_t *size)
{
	unsigned long long v = 0, mul = 1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return WAKE_ERR_USAGE;
	while (*p >= '0' && *p <= '9') {
		if (v > (ULLONG_MAX - 9) / 10)
			return WAKE_ERR_USAGE;
		v = v * 10 + (unsigned long long)(*p++ - '0');
	}
	switch (*p) {
	case 'k': case 'K':
		mul = 1ULL << 10;
		p++;
		break;
	case 'm': case 'M':
		mul = 1ULL << 20;
		p++;
		break;
	case 'g': case 'G':
		mul = 1ULL << 30;
		p++;
		break;
	case 't': case 'T':
		mul = 1ULL << 40;
		p++;
		break;
	}
	if (mul > 1 && p[0] == 'i' && p[1] == 'B')
		p += 2;
	else if (*p == 'B' || *p == 'b')
		p++;
	if (*p != '\0' || v == 0 || v > SIZE_MAX / mul)
		return WAKE_ERR_USAGE;
	*size = (size_t)(v * mul);
	return WAKE_OK;
}
