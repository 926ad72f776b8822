/*
 * The event writer (writer.h).  Inline, put() formats into the output
 * buffer.  Threaded, put() copies the event into the batch being filled
 * (one byte buffer for all the strings plus an array of small records);
 * a full batch goes to the writer thread through a ring of NBATCH, and
 * the thread rebuilds each event over the batch's bytes and formats it
 * with the very same code.  The caller blocks when the ring is full, so
 * memory stays bounded when out() is slower than the parser.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <wake/writer.h>

#include "internal.h"

#define CHUNK		(64 * 1024)	/* least bytes of a call of out */
#define OBUF_KEEP	(1024 * 1024)	/* output buffer kept between chunks */
#define BATCH_EVENTS	65536
#define BATCH_BYTES	(4 * 1024 * 1024)
#define NBATCH		3		/* filled, queued, being formatted */
#define RECS_MIN	1024
#define ALEN_KEEP	(2 * BATCH_EVENTS * 8)

/*
 * One event of a batch.  Its strings lie one after the other in the
 * batch's bytes: src, host, msg, then key and value of each attr, whose
 * lengths are the next 2 * nattrs entries of the batch's alen.
 */
struct rec {
	int64_t		ts;
	uint32_t	srcn;
	uint32_t	hostn;
	uint32_t	msgn;
	uint32_t	nattrs;
	int		sev;
	int		kind;
};

struct batch {
	/* Its own cache lines: the caller fills one, the thread reads one. */
	_Alignas(64) char *bytes;
	size_t		 n;
	size_t		 cap;
	struct rec	*recs;
	size_t		 nrec;
	size_t		 reccap;
	uint32_t	*alen;
	size_t		 nalen;
	size_t		 alencap;
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
	const struct rec *r;
	const struct rec *recs = b->recs;
	const uint32_t *al = b->alen;
	const char *p = b->bytes;
	size_t i, j, nrec = b->nrec;
	int rc;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < nrec; i++) {
		r = &recs[i];
		ev.ts = r->ts;
		ev.sev = r->sev;
		ev.kind = r->kind;
		ev.src.p = p;
		ev.src.n = r->srcn;
		p += r->srcn;
		ev.host.p = p;
		ev.host.n = r->hostn;
		p += r->hostn;
		ev.msg.p = p;
		ev.msg.n = r->msgn;
		p += r->msgn;
		if (r->nattrs > w->avcap) {
			nav = reallocarray(w->av, r->nattrs, sizeof(*nav));
			if (nav == NULL)
				return WAKE_ERR_NOMEM;
			w->av = nav;
			w->avcap = r->nattrs;
		}
		for (j = 0; j < r->nattrs; j++) {
			w->av[j].key.p = p;
			w->av[j].key.n = *al;
			p += *al++;
			w->av[j].val.p = p;
			w->av[j].val.n = *al;
			p += *al++;
		}
		ev.attrs = w->av;
		ev.nattrs = r->nattrs;
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
	b->nalen = 0;
	b->flush = 0;
	if (b->cap > BATCH_BYTES) {
		free(b->bytes);
		b->bytes = NULL;
		b->cap = 0;
	}
	if (b->alencap > ALEN_KEEP) {
		free(b->alen);
		b->alen = NULL;
		b->alencap = 0;
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

/* Room for need more bytes, nrec one more record, na more lengths. */
static int
batch_room(struct batch *b, size_t need, size_t na)
{
	struct rec *nr;
	uint32_t *nl;
	size_t ncap;
	char *nb;

	if (b->bytes == NULL || need > b->cap - b->n) {
		ncap = WK_MAX((size_t)BATCH_BYTES, b->n + need);
		if ((nb = realloc(b->bytes, ncap)) == NULL)
			return WAKE_ERR_NOMEM;
		b->bytes = nb;
		b->cap = ncap;
	}
	if (b->nrec == b->reccap) {
		ncap = b->reccap == 0 ? RECS_MIN : b->reccap * 2;
		if ((nr = reallocarray(b->recs, ncap, sizeof(*nr))) == NULL)
			return WAKE_ERR_NOMEM;
		b->recs = nr;
		b->reccap = ncap;
	}
	if (na > b->alencap - b->nalen) {
		ncap = WK_MAX(b->alencap * 2, b->nalen + na);
		ncap = WK_MAX(ncap, (size_t)RECS_MIN);
		if ((nl = reallocarray(b->alen, ncap, sizeof(*nl))) == NULL)
			return WAKE_ERR_NOMEM;
		b->alen = nl;
		b->alencap = ncap;
	}
	return WAKE_OK;
}

static void
copy_str(struct batch *b, const struct wake_str *s)
{
	if (s->n > 0) {
		memcpy(b->bytes + b->n, s->p, s->n);
		b->n += s->n;
	}
}

/* Add a sum of lengths, each to fit a record, the sum a size_t. */
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
	struct rec *r;
	size_t need = 0, i;
	int rc;

	if (ev->nattrs > UINT32_MAX / 2)
		return WAKE_ERR_LIMIT;
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
	if ((rc = batch_room(b, need, 2 * ev->nattrs)) != WAKE_OK)
		return rc;
	r = &b->recs[b->nrec++];
	r->ts = ev->ts;
	r->srcn = (uint32_t)ev->src.n;
	r->hostn = (uint32_t)ev->host.n;
	r->msgn = (uint32_t)ev->msg.n;
	r->nattrs = (uint32_t)ev->nattrs;
	r->sev = ev->sev;
	r->kind = ev->kind;
	copy_str(b, &ev->src);
	copy_str(b, &ev->host);
	copy_str(b, &ev->msg);
	for (i = 0; i < ev->nattrs; i++) {
		a = &ev->attrs[i];
		copy_str(b, &a->key);
		copy_str(b, &a->val);
		b->alen[b->nalen++] = (uint32_t)a->key.n;
		b->alen[b->nalen++] = (uint32_t)a->val.n;
	}
	return WAKE_OK;
}

/* ---- the interface ---- */

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
	struct wake_writer *w;

	*wp = NULL;
	if (out == NULL)
		return WAKE_ERR_USAGE;
	if ((w = aligned_alloc(_Alignof(struct wake_writer),
	    sizeof(*w))) == NULL)
		return WAKE_ERR_NOMEM;
	memset(w, 0, sizeof(*w));
	w->json = json != 0;
	w->out = out;
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
	for (i = 0; i < NBATCH; i++) {
		free(w->ring[i].bytes);
		free(w->ring[i].recs);
		free(w->ring[i].alen);
	}
	wake_buf_free(&w->obuf);
	free(w->av);
	free(w);
}
