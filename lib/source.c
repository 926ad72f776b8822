/*
 * Byte sources under the line reader: a file descriptor, memory, the
 * current member of an archive, gzip over another source (zlib, or
 * ISA-L when built with it), and a thread that runs a source ahead into
 * a small ring of buffers so inflating and parsing overlap.
 */
#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <zlib.h>
#ifdef WAKE_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#include "internal.h"

struct wk_src {
	long		 (*read)(struct wk_src *, void *, size_t);
	int64_t		 (*offset)(const struct wk_src *);
	void		 (*close)(struct wk_src *);
	unsigned char	*back;		/* pushed back, read first */
	size_t		 nback;
	size_t		 offback;
	char		 err[256];
};

static int
src_fail(struct wk_src *s, int code, const char *why)
{
	snprintf(s->err, sizeof(s->err), "%s", why);
	return code;
}

long
wk_src_read(struct wk_src *s, void *buf, size_t n)
{
	size_t k;

	if (n == 0)
		return 0;
	if (s->offback < s->nback) {
		k = WK_MIN(n, s->nback - s->offback);
		memcpy(buf, s->back + s->offback, k);
		s->offback += k;
		if (s->offback == s->nback) {
			free(s->back);
			s->back = NULL;
			s->nback = s->offback = 0;
		}
		return (long)k;
	}
	if (n > LONG_MAX)
		n = LONG_MAX;
	return s->read(s, buf, n);
}

int
wk_src_unread(struct wk_src *s, const void *p, size_t n)
{
	unsigned char *nb;
	size_t left;

	if (n == 0)
		return WAKE_OK;
	left = s->nback - s->offback;
	if ((nb = malloc(n + left)) == NULL)
		return WAKE_ERR_NOMEM;
	memcpy(nb, p, n);
	if (left > 0)
		memcpy(nb + n, s->back + s->offback, left);
	free(s->back);
	s->back = nb;
	s->nback = n + left;
	s->offback = 0;
	return WAKE_OK;
}

int64_t
wk_src_offset(const struct wk_src *s)
{
	return s->offset(s);
}

const char *
wk_src_error(const struct wk_src *s)
{
	return s->err[0] != '\0' ? s->err : "read error";
}

void
wk_src_free(struct wk_src *s)
{
	if (s == NULL)
		return;
	free(s->back);
	s->close(s);
}

/* ---- a file descriptor ---- */

struct fdsrc {
	struct wk_src	 s;
	int		 fd;
	int		 own;
	int64_t		 off;
};

static long
fd_read(struct wk_src *s, void *buf, size_t n)
{
	struct fdsrc *f = (struct fdsrc *)s;
	ssize_t r;

	for (;;) {
		if ((r = read(f->fd, buf, n)) >= 0) {
			f->off += r;
			return (long)r;
		}
		if (errno != EINTR)
			return src_fail(s, WAKE_ERR_IO, strerror(errno));
	}
}

static int64_t
fd_offset(const struct wk_src *s)
{
	return ((const struct fdsrc *)s)->off;
}

static void
fd_close(struct wk_src *s)
{
	struct fdsrc *f = (struct fdsrc *)s;

	if (f->own)
		close(f->fd);
	free(f);
}

struct wk_src *
wk_src_fd(int fd, int own)
{
	struct fdsrc *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	f->s.read = fd_read;
	f->s.offset = fd_offset;
	f->s.close = fd_close;
	f->fd = fd;
	f->own = own;
	return &f->s;
}

/* ---- memory ---- */

struct memsrc {
	struct wk_src	 s;
	const unsigned char *p;
	size_t		 n;
	size_t		 pos;
	size_t		 chunk;
};

static long
mem_read(struct wk_src *s, void *buf, size_t n)
{
	struct memsrc *m = (struct memsrc *)s;
	size_t k;

	k = WK_MIN(n, m->n - m->pos);
	if (m->chunk > 0)
		k = WK_MIN(k, m->chunk);
	if (k > 0)
		memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (long)k;
}

static int64_t
mem_offset(const struct wk_src *s)
{
	return (int64_t)((const struct memsrc *)s)->pos;
}

static void
mem_close(struct wk_src *s)
{
	free(s);
}

struct wk_src *
wk_src_mem(const void *p, size_t n, size_t chunk)
{
	struct memsrc *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->s.read = mem_read;
	m->s.offset = mem_offset;
	m->s.close = mem_close;
	m->p = p;
	m->n = n;
	m->chunk = chunk;
	return &m->s;
}

/* ---- an archive member ---- */

struct arsrc {
	struct wk_src	 s;
	struct archive	*a;
	int64_t		 (*off)(void *);
	void		 (*fini)(void *);
	void		*arg;
	int		 fin;		/* the last result, kept */
	int		 done;
};

static long
ar_read(struct wk_src *s, void *buf, size_t n)
{
	struct arsrc *m = (struct arsrc *)s;
	la_ssize_t r;
	const char *why;

	if (m->done)
		return m->fin;
	if ((r = archive_read_data(m->a, buf, n)) > 0)
		return (long)r;
	m->done = 1;
	if (r == 0)
		return m->fin = 0;
	why = archive_error_string(m->a);
	m->fin = archive_errno(m->a) == EIO ? WAKE_ERR_IO : WAKE_ERR_FORMAT;
	return src_fail(s, m->fin, why != NULL ? why : "damaged member");
}

static int64_t
ar_offset(const struct wk_src *s)
{
	const struct arsrc *m = (const struct arsrc *)s;

	return m->off != NULL ? m->off(m->arg) : -1;
}

static void
ar_close(struct wk_src *s)
{
	struct arsrc *m = (struct arsrc *)s;

	if (m->fini != NULL)
		m->fini(m->arg);
	free(m);
}

struct wk_src *
wk_src_archive(struct archive *a, int64_t (*off)(void *),
    void (*fini)(void *), void *arg)
{
	struct arsrc *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->s.read = ar_read;
	m->s.offset = ar_offset;
	m->s.close = ar_close;
	m->a = a;
	m->off = off;
	m->fini = fini;
	m->arg = arg;
	return &m->s;
}

/* ---- gzip ---- */

#define GZ_INSZ		(256 * 1024)

enum { GZ_MEMBER, GZ_BETWEEN, GZ_DONE, GZ_ERROR };

struct gzsrc {
	struct wk_src	 s;
	struct wk_src	*lower;
	unsigned char	*in;
	const unsigned char *next;	/* input not yet inflated */
	size_t		 avail;
	int		 leof;		/* lower is at its end */
	int		 state;
	int		 code;		/* the error in GZ_ERROR */
	int		 zinit;
	z_stream	 z;
#ifdef WAKE_HAVE_ISAL
	struct inflate_state *st;	/* NULL: zlib */
	struct isal_gzip_header hdr;	/* kept while a header comes in */
	int		 hdrdone;
#endif
};

/* Result of one inflate step. */
enum { STEP_OK, STEP_END, STEP_ERR };

static int
step_zlib(struct gzsrc *g, unsigned char *out, size_t n, size_t *made,
    size_t *used, const char **why)
{
	uInt inn = (uInt)WK_MIN(g->avail, (size_t)UINT_MAX);
	uInt outn = (uInt)WK_MIN(n, (size_t)UINT_MAX);
	int r;

	g->z.next_in = (Bytef *)(uintptr_t)g->next;
	g->z.avail_in = inn;
	g->z.next_out = out;
	g->z.avail_out = outn;
	r = inflate(&g->z, Z_NO_FLUSH);
	*made = outn - g->z.avail_out;
	*used = inn - g->z.avail_in;
	switch (r) {
	case Z_STREAM_END:
		return STEP_END;
	case Z_OK:
	case Z_BUF_ERROR:
		return STEP_OK;
	case Z_NEED_DICT:
		*why = "gzip data needs a preset dictionary";
		return STEP_ERR;
	case Z_MEM_ERROR:
		*why = "out of memory";
		return STEP_ERR;
	default:
		*why = g->z.msg != NULL ? g->z.msg : "invalid gzip data";
		return STEP_ERR;
	}
}

#ifdef WAKE_HAVE_ISAL
/* ISA-L's errors in zlib's words, so messages do not depend on the build. */
static const char *
isal_why(int r)
{
	switch (r) {
	case ISAL_INVALID_BLOCK:
		return "invalid block type";
	case ISAL_INVALID_SYMBOL:
		return "invalid code";
	case ISAL_INVALID_LOOKBACK:
		return "invalid distance too far back";
	case ISAL_INVALID_WRAPPER:
		return "incorrect header check";
	case ISAL_UNSUPPORTED_METHOD:
		return "unknown compression method";
	case ISAL_INCORRECT_CHECKSUM:
		return "incorrect data check";
	case ISAL_NEED_DICT:
		return "gzip data needs a preset dictionary";
	default:
		return "invalid gzip data";
	}
}

static int
step_isal(struct gzsrc *g, unsigned char *out, size_t n, size_t *made,
    size_t *used, const char **why)
{
	uint32_t inn = (uint32_t)WK_MIN(g->avail, (size_t)1 << 30);
	uint32_t outn = (uint32_t)WK_MIN(n, (size_t)1 << 30);
	int r;

	g->st->next_in = (uint8_t *)(uintptr_t)g->next;
	g->st->avail_in = inn;
	g->st->next_out = out;
	g->st->avail_out = outn;
	/*
	 * The member header is read apart: isal_inflate in ISAL_GZIP mode
	 * forgets the header flags when a header comes in pieces.
	 */
	r = ISAL_DECOMP_OK;
	if (!g->hdrdone) {
		r = isal_read_gzip_header(g->st, &g->hdr);
		if (r == ISAL_DECOMP_OK)
			g->hdrdone = 1;
		else if (r == ISAL_END_INPUT)
			r = ISAL_DECOMP_OK;
	}
	if (r == ISAL_DECOMP_OK && g->hdrdone)
		r = isal_inflate(g->st);
	*made = outn - g->st->avail_out;
	*used = inn - g->st->avail_in;
	if (r != ISAL_DECOMP_OK) {
		*why = isal_why(r);
		return STEP_ERR;
	}
	return g->hdrdone && g->st->block_state == ISAL_BLOCK_FINISH ?
	    STEP_END : STEP_OK;
}

static void
isal_member(struct gzsrc *g)
{
	isal_inflate_reset(g->st);
	/* Raw deflate, then the trailer's CRC and size checked. */
	g->st->crc_flag = ISAL_GZIP_NO_HDR_VER;
	g->st->hist_bits = 0;
	isal_gzip_header_init(&g->hdr);
	g->hdrdone = 0;
}
#endif

static void
gz_reset(struct gzsrc *g)
{
#ifdef WAKE_HAVE_ISAL
	if (g->st != NULL) {
		isal_member(g);
		return;
	}
#endif
	inflateReset(&g->z);
}

static long
gz_fail(struct gzsrc *g, int code, const char *why, size_t got)
{
	if (why != NULL)
		src_fail(&g->s, code, why);
	g->state = GZ_ERROR;
	g->code = code;
	/* What was inflated before the damage goes out first. */
	return got > 0 ? (long)got : code;
}

static long
gz_read(struct wk_src *s, void *buf, size_t n)
{
	struct gzsrc *g = (struct gzsrc *)s;
	unsigned char *out = buf;
	size_t got = 0, made, used;
	const char *why = NULL;
	long r;
	int st;

	if (g->state == GZ_DONE)
		return 0;
	if (g->state == GZ_ERROR)
		return g->code;
	while (got < n) {
		if (g->avail == 0 && !g->leof) {
			/* Hand out what there is before waiting for more. */
			if (got > 0)
				break;
			if ((r = wk_src_read(g->lower, g->in, GZ_INSZ)) < 0)
				return gz_fail(g, (int)r,
				    wk_src_error(g->lower), got);
			if (r == 0)
				g->leof = 1;
			g->next = g->in;
			g->avail = (size_t)r;
		}
		if (g->state == GZ_BETWEEN) {
			if (g->avail == 0) {
				if (g->leof) {
					g->state = GZ_DONE;
					break;
				}
				continue;
			}
			if (g->next[0] == 0x1f) {
				gz_reset(g);
				g->state = GZ_MEMBER;
			} else {
				/* Zero padding after the end is common. */
				if (g->next[0] != 0)
					return gz_fail(g, WAKE_ERR_FORMAT,
					    "trailing garbage after gzip data",
					    got);
				/* Whatever follows is looked at again. */
				while (g->avail > 0 && g->next[0] == 0) {
					g->next++;
					g->avail--;
				}
				continue;
			}
		}
		/*
		 * At the end of the input the inflater may still hold
		 * output or the trailer's bits: step once more before
		 * calling the data short.
		 */
#ifdef WAKE_HAVE_ISAL
		if (g->st != NULL)
			st = step_isal(g, out + got, n - got, &made, &used,
			    &why);
		else
#endif
			st = step_zlib(g, out + got, n - got, &made, &used,
			    &why);
		got += made;
		g->next += used;
		g->avail -= used;
		if (st == STEP_ERR)
			return gz_fail(g, WAKE_ERR_FORMAT, why, got);
		if (st == STEP_END)
			g->state = GZ_BETWEEN;
		else if (made == 0 && used == 0 && g->leof && g->avail == 0)
			return gz_fail(g, WAKE_ERR_FORMAT, "truncated gzip "
			    "data (unexpected end of file)", got);
		else if (made == 0 && used == 0 && g->avail > 0)
			return gz_fail(g, WAKE_ERR_FORMAT,
			    "invalid gzip data", got);
	}
	return (long)got;
}

static int64_t
gz_offset(const struct wk_src *s)
{
	const struct gzsrc *g = (const struct gzsrc *)s;

	return wk_src_offset(g->lower);
}

static void
gz_close(struct wk_src *s)
{
	struct gzsrc *g = (struct gzsrc *)s;

	if (g->zinit)
		inflateEnd(&g->z);
#ifdef WAKE_HAVE_ISAL
	free(g->st);
#endif
	wk_src_free(g->lower);
	free(g->in);
	free(g);
}

struct wk_src *
wk_src_gzip(struct wk_src *lower, unsigned flags)
{
	struct gzsrc *g;

	if ((g = calloc(1, sizeof(*g))) == NULL ||
	    (g->in = malloc(GZ_INSZ)) == NULL)
		goto fail;
	g->s.read = gz_read;
	g->s.offset = gz_offset;
	g->s.close = gz_close;
	g->lower = lower;
	g->state = GZ_MEMBER;
#ifdef WAKE_HAVE_ISAL
	if (!(flags & WK_IN_ZLIB)) {
		/* Zeroed: isal_inflate_init leaves some fields (hist_bits). */
		if ((g->st = calloc(1, sizeof(*g->st))) == NULL)
			goto fail;
		isal_inflate_init(g->st);
		isal_member(g);
		return &g->s;
	}
#else
	(void)flags;
#endif
	/* 15 + 16: a gzip wrapper, 32 KiB window. */
	if (inflateInit2(&g->z, 15 + 16) != Z_OK)
		goto fail;
	g->zinit = 1;
	return &g->s;
fail:
	if (g != NULL) {
#ifdef WAKE_HAVE_ISAL
		free(g->st);
#endif
		free(g->in);
		free(g);
	}
	wk_src_free(lower);
	return NULL;
}

/* ---- a thread reading ahead ---- */

#define RING_N		4
#define RING_SZ		(1024 * 1024)

struct slot {
	unsigned char	*p;
	size_t		 n;
	int		 last;		/* the end or an error next */
	int		 code;		/* 0 (end) or the error */
	int64_t		 off;
};

struct thrsrc {
	struct wk_src	 s;
	struct wk_src	*lower;
	pthread_t	 tid;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv_put;	/* a slot is free */
	pthread_cond_t	 cv_get;	/* a slot is full */
	struct slot	 ring[RING_N];
	unsigned	 head;		/* the consumer's slot */
	unsigned	 count;		/* full, the consumer's too */
	int		 stop;
	int		 have;		/* consumer holds ring[head] */
	size_t		 pos;
	int		 finished;
	int		 fin;
	int64_t		 off;
};

static void *
producer(void *arg)
{
	struct thrsrc *t = arg;
	struct slot *sl;
	unsigned tail = 0;
	long r;

	for (;;) {
		pthread_mutex_lock(&t->mu);
		while (t->count == RING_N && !t->stop)
			pthread_cond_wait(&t->cv_put, &t->mu);
		if (t->stop) {
			pthread_mutex_unlock(&t->mu);
			break;
		}
		pthread_mutex_unlock(&t->mu);
		sl = &t->ring[tail];
		r = wk_src_read(t->lower, sl->p, RING_SZ);
		sl->n = r > 0 ? (size_t)r : 0;
		sl->last = r <= 0;
		sl->code = r < 0 ? (int)r : 0;
		sl->off = wk_src_offset(t->lower);
		pthread_mutex_lock(&t->mu);
		if (r < 0)
			snprintf(t->s.err, sizeof(t->s.err), "%s",
			    wk_src_error(t->lower));
		t->count++;
		pthread_cond_signal(&t->cv_get);
		pthread_mutex_unlock(&t->mu);
		if (r <= 0)
			break;
		tail = (tail + 1) % RING_N;
	}
	return NULL;
}

static long
thr_read(struct wk_src *s, void *buf, size_t n)
{
	struct thrsrc *t = (struct thrsrc *)s;
	struct slot *sl;
	size_t k;

	for (;;) {
		if (t->finished)
			return t->fin;
		if (t->have) {
			sl = &t->ring[t->head];
			if (t->pos < sl->n) {
				k = WK_MIN(n, sl->n - t->pos);
				memcpy(buf, sl->p + t->pos, k);
				t->pos += k;
				return (long)k;
			}
			if (sl->last) {
				t->finished = 1;
				t->fin = sl->code;
				continue;
			}
			pthread_mutex_lock(&t->mu);
			t->count--;
			t->head = (t->head + 1) % RING_N;
			pthread_cond_signal(&t->cv_put);
			pthread_mutex_unlock(&t->mu);
			t->have = 0;
		}
		pthread_mutex_lock(&t->mu);
		while (t->count == 0)
			pthread_cond_wait(&t->cv_get, &t->mu);
		pthread_mutex_unlock(&t->mu);
		t->have = 1;
		t->pos = 0;
		t->off = t->ring[t->head].off;
	}
}

static int64_t
thr_offset(const struct wk_src *s)
{
	return ((const struct thrsrc *)s)->off;
}

static void
thr_free_ring(struct thrsrc *t)
{
	int i;

	for (i = 0; i < RING_N; i++)
		free(t->ring[i].p);
}

static void
thr_close(struct wk_src *s)
{
	struct thrsrc *t = (struct thrsrc *)s;

	pthread_mutex_lock(&t->mu);
	t->stop = 1;
	pthread_cond_broadcast(&t->cv_put);
	pthread_mutex_unlock(&t->mu);
	pthread_join(t->tid, NULL);
	pthread_cond_destroy(&t->cv_put);
	pthread_cond_destroy(&t->cv_get);
	pthread_mutex_destroy(&t->mu);
	thr_free_ring(t);
	wk_src_free(t->lower);
	free(t);
}

struct wk_src *
wk_src_thread(struct wk_src *lower)
{
	struct thrsrc *t;
	sigset_t all, old;
	int i, r;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return lower;
	for (i = 0; i < RING_N; i++)
		if ((t->ring[i].p = malloc(RING_SZ)) == NULL) {
			thr_free_ring(t);
			free(t);
			return lower;
		}
	t->s.read = thr_read;
	t->s.offset = thr_offset;
	t->s.close = thr_close;
	t->lower = lower;
	t->off = wk_src_offset(lower);
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->cv_put, NULL);
	pthread_cond_init(&t->cv_get, NULL);
	/* Signals stay with the program's own thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&t->tid, NULL, producer, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r != 0) {
		pthread_cond_destroy(&t->cv_put);
		pthread_cond_destroy(&t->cv_get);
		pthread_mutex_destroy(&t->mu);
		thr_free_ring(t);
		free(t);
		return lower;
	}
	return &t->s;
}
