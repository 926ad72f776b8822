/*
 * The event writer (writer.h).  Inline, put() formats into the output
 * buffer.  Threaded, put() copies the event into the batch being filled
 * (one stream of bytes: a small record, then the strings); a full batch
 * goes to the writer thread through a ring of NBATCH, and the thread
 * rebuilds each event over the batch's bytes and formats it with the
 * very same code.  The caller blocks when the ring is full, so memory
 * stays bounded when out() is slower than the parser.
 *
 * The copy is what the caller pays for the thread, so it is kept to
 * one sequential stream written mostly without calls, and the ring
 * (NBATCH x BATCH_BYTES) small enough to stay in the shared cache.
 * Measured on 1 GB of syslog: batches of 256 KiB to 4 MiB do alike.
 */
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <wake/writer.h>

#include "internal.h"

#define CHUNK		(64 * 1024)	/* least bytes of a call of out */
#define OBUF_KEEP	(1024 * 1024)	/* output buffer kept between chunks */
#define BATCH_EVENTS	65536
#define BATCH_BYTES	(1024 * 1024)
#define NBATCH		4		/* filled, queued, being formatted */

/*
 * One event of a batch, as its bytes hold it: this record, then 2 *
 * nattrs uint32_t lengths (key, value, ...), then the strings one after
 * the other: src, host, msg, then key and value of each attr.  Read and
 * written with memcpy: nothing in the stream is aligned.
 */
struct rec {
	int64_t		ts;
	uint32_t	srcn;
	uint32_t	hostn;
	uint32_t	msgn;
	uint32_t	nattrs;
	int32_t		sev;
	int32_t		kind;
};

struct batch {
	/* Its own cache lines: the caller fills one, the thread reads one. */
	_Alignas(64) char *bytes;
	size_t		 n;
	size_t		 cap;
	size_t		 nrec;
	int		 flush;		/* out the short chunk after it */
};

/*
 * The caller's fields, the formatting side's and the shared ones lie on
 * cache lines of their own: a line written by one thread for every
 * event and read by the other costs more than the formatting saves.
 */
struct wake_writer {
	/* The caller's side. */
	int		 threaded;	/* a thread is running */
	int		 closed;
	int		 err;		/* first error, as the caller saw it */
	unsigned	 tail;		/* the batch being filled */
	/* The formatting side: the caller's inline, the thread's else. */
	_Alignas(64) int json;
	wake_write_fn	 out;
	wake_pass_fn	 pass;		/* events, not bytes, to pass() */
	void		*arg;
	struct wake_buf	 obuf;		/* formatted, not yet given to out */
	struct wake_attr *av;		/* attrs of the event rebuilt */
	size_t		 avcap;
	unsigned	 head;		/* the batch being formatted */
	/* Shared, under mu. */
	_Alignas(64) pthread_mutex_t mu;
	pthread_cond_t	 cv_full;	/* a batch was queued, or stop */
	pthread_cond_t	 cv_free;	/* a batch is done, or an error */
	unsigned	 count;		/* batches queued or being formatted */
	int		 stop;		/* STOP_DRAIN or STOP_NOW */
	int		 terr;		/* first error of the thread */
	pthread_t	 tid;
	struct batch	 ring[NBATCH];
};

#define STOP_DRAIN	1		/* format what is queued, then end */
#define STOP_NOW	2		/* end after the batch under way */

/* ---- formatting: both modes ---- */

/* Give the buffered bytes to out. */
static int
out_chunk(struct wake_writer *w)
{
	int rc;

	if (w->obuf.n == 0)
		return WAKE_OK;
	rc = w->out(w->arg, w->obuf.p, w->obuf.n);
	w->obuf.n = 0;
	/* One huge event must not pin its memory for the rest of the run. */
	if (w->obuf.cap > OBUF_KEEP)
		wake_buf_free(&w->obuf);
	return rc;
}

static int
emit(struct wake_writer *w, const struct wake_event *ev)
{
	int rc;

	if (w->pass != NULL)
		return w->pass(w->arg, ev);
	rc = w->json ? wake_event_write_json(ev, &w->obuf) :
	    wake_event_write_tsv(ev, &w->obuf);
	if (rc != WAKE_OK)
		return rc;
	if (w->obuf.n >= CHUNK)
		return out_chunk(w);
	return WAKE_OK;
}

/* Rebuild each event of b over its bytes and format it. */
static int
format_batch(struct wake_writer *w, const struct batch *b)
{
	struct wake_event ev;
	struct wake_attr *nav;
	struct rec r;
	const char *p = b->bytes, *lens;
	size_t i, j, nrec = b->nrec;
	uint32_t kv[2];
	int rc;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < nrec; i++) {
		memcpy(&r, p, sizeof(r));
		p += sizeof(r);
		lens = p;
		p += (size_t)r.nattrs * sizeof(kv);
		ev.ts = r.ts;
		ev.sev = r.sev;
		ev.kind = r.kind;
		ev.src.p = p;
		ev.src.n = r.srcn;
		p += r.srcn;
		ev.host.p = p;
		ev.host.n = r.hostn;
		p += r.hostn;
		ev.msg.p = p;
		ev.msg.n = r.msgn;
		p += r.msgn;
		if (r.nattrs > w->avcap) {
			nav = reallocarray(w->av, r.nattrs, sizeof(*nav));
			if (nav == NULL)
				return WAKE_ERR_NOMEM;
			w->av = nav;
			w->avcap = r.nattrs;
		}
		for (j = 0; j < r.nattrs; j++) {
			memcpy(kv, lens + j * sizeof(kv), sizeof(kv));
			w->av[j].key.p = p;
			w->av[j].key.n = kv[0];
			p += kv[0];
			w->av[j].val.p = p;
			w->av[j].val.n = kv[1];
			p += kv[1];
		}
		ev.attrs = w->av;
		ev.nattrs = r.nattrs;
		ev.attrcap = w->avcap;
		if ((rc = emit(w, &ev)) != WAKE_OK)
			return rc;
	}
	return b->flush ? out_chunk(w) : WAKE_OK;
}

/* ---- the writer thread ---- */

static void *
writer_main(void *arg)
{
	struct wake_writer *w = arg;
	int ok, rc;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->count == 0 && w->stop == 0)
			pthread_cond_wait(&w->cv_full, &w->mu);
		if (w->stop == STOP_NOW || w->count == 0)
			break;
		/* After an error, batches are only counted off. */
		ok = w->terr == WAKE_OK;
		pthread_mutex_unlock(&w->mu);
		rc = ok ? format_batch(w, &w->ring[w->head]) : WAKE_OK;
		pthread_mutex_lock(&w->mu);
		if (rc != WAKE_OK && w->terr == WAKE_OK)
			w->terr = rc;
		w->head = (w->head + 1) % NBATCH;
		w->count--;
		pthread_cond_signal(&w->cv_free);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Empty ring[tail] for filling; give back what a huge event grew. */
static void
batch_reset(struct batch *b)
{
	b->n = 0;
	b->nrec = 0;
	b->flush = 0;
	if (b->cap > BATCH_BYTES) {
		free(b->bytes);
		b->bytes = NULL;
		b->cap = 0;
	}
}

/*
 * Queue ring[tail] and move on to the next batch, waiting for it to be
 * free.  On an error of the thread the caller stops filling at once:
 * the next batch may still be queued.
 */
static int
hand_off(struct wake_writer *w, int flush)
{
	int rc;

	w->ring[w->tail].flush = flush;
	pthread_mutex_lock(&w->mu);
	w->count++;
	pthread_cond_signal(&w->cv_full);
	while (w->count == NBATCH && w->terr == WAKE_OK)
		pthread_cond_wait(&w->cv_free, &w->mu);
	rc = w->terr;
	pthread_mutex_unlock(&w->mu);
	if (rc != WAKE_OK)
		return rc;
	w->tail = (w->tail + 1) % NBATCH;
	batch_reset(&w->ring[w->tail]);
	return WAKE_OK;
}

/* Room for need more bytes. */
static int
batch_room(struct batch *b, size_t need)
{
	size_t ncap;
	char *nb;

	if (b->bytes != NULL && need <= b->cap - b->n)
		return WAKE_OK;
	ncap = WK_MAX((size_t)BATCH_BYTES, b->n + need);
	if ((nb = realloc(b->bytes, ncap)) == NULL)
		return WAKE_ERR_NOMEM;
	b->bytes = nb;
	b->cap = ncap;
	return WAKE_OK;
}

/*
 * Copy n bytes to d and return the end.  Most strings of an event are
 * a few bytes long (keys, pids, zones): two overlapping fixed-size
 * moves each, which the compiler inlines, beat a call of memcpy.
 */
static inline char *
put_bytes(char *d, const char *s, size_t n)
{
	if (n > 32)
		memcpy(d, s, n);
	else if (n >= 16) {
		memcpy(d, s, 16);
		memcpy(d + n - 16, s + n - 16, 16);
	} else if (n >= 8) {
		memcpy(d, s, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(d, s, 4);
		memcpy(d + n - 4, s + n - 4, 4);
	} else if (n > 0) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
	return d + n;
}

static inline void
put_u32(char *d, uint32_t v)
{
	memcpy(d, &v, sizeof(v));
}

static inline void
put_i32(char *d, int32_t v)
{
	memcpy(d, &v, sizeof(v));
}

static inline void
put_i64(char *d, int64_t v)
{
	memcpy(d, &v, sizeof(v));
}

/* Add a length to a sum: each must fit a record, the sum a size_t. */
static int
add_len(size_t *sum, size_t n)
{
	if (n > UINT32_MAX || n > SIZE_MAX - *sum)
		return WAKE_ERR_LIMIT;
	*sum += n;
	return WAKE_OK;
}

/* Copy ev into the batch being filled, queueing it first when full. */
static int
batch_put(struct wake_writer *w, const struct wake_event *ev)
{
	const struct wake_attr *a;
	struct batch *b;
	size_t need, i;
	uint32_t kv[2];
	char *d, *lens;
	int rc;

	if (ev->nattrs > (SIZE_MAX - sizeof(struct rec)) / sizeof(kv) / 2 ||
	    ev->nattrs > UINT32_MAX)
		return WAKE_ERR_LIMIT;
	need = sizeof(struct rec) + ev->nattrs * sizeof(kv);
	if (add_len(&need, ev->src.n) != WAKE_OK ||
	    add_len(&need, ev->host.n) != WAKE_OK ||
	    add_len(&need, ev->msg.n) != WAKE_OK)
		return WAKE_ERR_LIMIT;
	for (i = 0; i < ev->nattrs; i++)
		if (add_len(&need, ev->attrs[i].key.n) != WAKE_OK ||
		    add_len(&need, ev->attrs[i].val.n) != WAKE_OK)
			return WAKE_ERR_LIMIT;
	b = &w->ring[w->tail];
	if (b->nrec > 0 && (b->nrec == BATCH_EVENTS ||
	    need > b->cap - b->n)) {
		if ((rc = hand_off(w, 0)) != WAKE_OK)
			return rc;
		b = &w->ring[w->tail];
	}
	if ((rc = batch_room(b, need)) != WAKE_OK)
		return rc;
	/*
	 * Field by field: a record built on the stack and copied whole
	 * stalls on store forwarding, a fifth of the cost of put.
	 */
	d = b->bytes + b->n;
	put_i64(d + offsetof(struct rec, ts), ev->ts);
	put_u32(d + offsetof(struct rec, srcn), (uint32_t)ev->src.n);
	put_u32(d + offsetof(struct rec, hostn), (uint32_t)ev->host.n);
	put_u32(d + offsetof(struct rec, msgn), (uint32_t)ev->msg.n);
	put_u32(d + offsetof(struct rec, nattrs), (uint32_t)ev->nattrs);
	put_i32(d + offsetof(struct rec, sev), ev->sev);
	put_i32(d + offsetof(struct rec, kind), ev->kind);
	lens = d + sizeof(struct rec);
	d = lens + ev->nattrs * sizeof(kv);
	d = put_bytes(d, ev->src.p, ev->src.n);
	d = put_bytes(d, ev->host.p, ev->host.n);
	d = put_bytes(d, ev->msg.p, ev->msg.n);
	for (i = 0; i < ev->nattrs; i++) {
		a = &ev->attrs[i];
		put_u32(lens + i * sizeof(kv), (uint32_t)a->key.n);
		put_u32(lens + i * sizeof(kv) + 4, (uint32_t)a->val.n);
		d = put_bytes(d, a->key.p, a->key.n);
		d = put_bytes(d, a->val.p, a->val.n);
	}
	b->n = (size_t)(d - b->bytes);
	b->nrec++;
	return WAKE_OK;
}

/* ---- the interface ---- */

static int writer_new(struct wake_writer **, int, wake_write_fn,
    wake_pass_fn, void *, int);

static int
start_thread(struct wake_writer *w)
{
	sigset_t set, old;
	int r;

	if (pthread_mutex_init(&w->mu, NULL) != 0)
		return 0;
	if (pthread_cond_init(&w->cv_full, NULL) != 0) {
		pthread_mutex_destroy(&w->mu);
		return 0;
	}
	if (pthread_cond_init(&w->cv_free, NULL) != 0) {
		pthread_cond_destroy(&w->cv_full);
		pthread_mutex_destroy(&w->mu);
		return 0;
	}
	/*
	 * Signals stay with the caller's thread, but those a write raises
	 * go to the thread that wrote: SIGPIPE with its default action
	 * must still end the program quietly on a closed pipe.
	 */
	sigfillset(&set);
	sigdelset(&set, SIGPIPE);
	sigdelset(&set, SIGXFSZ);
	pthread_sigmask(SIG_SETMASK, &set, &old);
	r = pthread_create(&w->tid, NULL, writer_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r != 0) {
		pthread_cond_destroy(&w->cv_free);
		pthread_cond_destroy(&w->cv_full);
		pthread_mutex_destroy(&w->mu);
		return 0;
	}
	return 1;
}

int
wake_writer_new(struct wake_writer **wp, int json, wake_write_fn out,
    void *arg, int threaded)
{
	*wp = NULL;
	if (out == NULL)
		return WAKE_ERR_USAGE;
	return writer_new(wp, json, out, NULL, arg, threaded);
}

int
wake_writer_new_pass(struct wake_writer **wp, wake_pass_fn pass, void *arg)
{
	*wp = NULL;
	if (pass == NULL)
		return WAKE_ERR_USAGE;
	return writer_new(wp, 0, NULL, pass, arg, 1);
}

static int
writer_new(struct wake_writer **wp, int json, wake_write_fn out,
    wake_pass_fn pass, void *arg, int threaded)
{
	struct wake_writer *w;

	if ((w = aligned_alloc(_Alignof(struct wake_writer),
	    sizeof(*w))) == NULL)
		return WAKE_ERR_NOMEM;
	memset(w, 0, sizeof(*w));
	w->json = json != 0;
	w->out = out;
	w->pass = pass;
	w->arg = arg;
	/* No thread: the same formatting, inline. */
	if (threaded)
		w->threaded = start_thread(w);
	*wp = w;
	return WAKE_OK;
}

int
wake_writer_put(struct wake_writer *w, const struct wake_event *ev)
{
	int rc;

	if (w->err != WAKE_OK)
		return w->err;
	if (w->closed)
		return WAKE_ERR_USAGE;
	/* w->err is written only on an error: it is read for every event. */
	if ((rc = w->threaded ? batch_put(w, ev) : emit(w, ev)) != WAKE_OK)
		w->err = rc;
	return rc;
}

int
wake_writer_flush(struct wake_writer *w)
{
	int rc;

	if (w->err != WAKE_OK || w->closed)
		return w->err;
	if (!w->threaded) {
		w->err = out_chunk(w);
		return w->err;
	}
	/* An empty batch too: it carries the flush of the short chunk. */
	if ((rc = hand_off(w, 1)) == WAKE_OK) {
		pthread_mutex_lock(&w->mu);
		while (w->count > 0 && w->terr == WAKE_OK)
			pthread_cond_wait(&w->cv_free, &w->mu);
		rc = w->terr;
		pthread_mutex_unlock(&w->mu);
	}
	w->err = rc;
	return rc;
}

/* End the thread: after what is queued (drain) or at once. */
static void
stop_thread(struct wake_writer *w, int how)
{
	if (!w->threaded)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = how;
	pthread_cond_broadcast(&w->cv_full);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->tid, NULL);
	pthread_cond_destroy(&w->cv_free);
	pthread_cond_destroy(&w->cv_full);
	pthread_mutex_destroy(&w->mu);
	w->threaded = 0;
}

int
wake_writer_close(struct wake_writer *w)
{
	int rc;

	if (w->closed)
		return w->err;
	rc = wake_writer_flush(w);
	stop_thread(w, STOP_DRAIN);
	w->closed = 1;
	return rc;
}

void
wake_writer_free(struct wake_writer *w)
{
	size_t i;

	if (w == NULL)
		return;
	stop_thread(w, STOP_NOW);
	for (i = 0; i < NBATCH; i++)
		free(w->ring[i].bytes);
	wake_buf_free(&w->obuf);
	free(w->av);
	free(w);
}
