/*
 * Mining the plain lines of an input (wake-mine --raw) on two threads:
 * a reader thread reads lines and cuts them into masked tokens, in
 * batches; the caller's thread mines them, in order, and hands each
 * line and its id to the caller.  Cutting is most of the work and needs
 * no miner, so the two overlap; the reader cuts 3 lines in 5 and the
 * miner the others, which about evens out the two threads' work.  When
 * the thread cannot be made, all is done on the caller's thread.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <wake/input.h>
#include <wake/mine.h>

#include "internal.h"

#define NBATCH		3
#define BATCH_LINES	2048
#define BATCH_BYTES	(1 << 20)
#define NOCUT		SIZE_MAX

struct bline {
	size_t		 off;		/* in the batch's bytes */
	size_t		 len;
	uint64_t	 no;
	size_t		 tok;		/* first token */
	size_t		 ntok;		/* NOCUT: left to the miner */
	size_t		 text;		/* its tokens' text */
};

struct batch {
	char		*buf;		/* line bytes */
	size_t		 nbuf;
	size_t		 capbuf;
	struct bline	*lines;
	size_t		 nlines;
	struct wk_mtok	*toks;
	size_t		 ntoks;
	size_t		 captoks;
	char		*text;		/* token bytes */
	size_t		 ntext;
	size_t		 captext;
	int		 end;		/* the last batch: rc says why */
	int		 rc;
};

struct run {
	struct wake_input *in;
	unsigned	 masks;
	struct batch	 b[NBATCH];
	size_t		 head;		/* next batch the miner takes */
	size_t		 tail;		/* next batch the reader fills */
	size_t		 full;		/* batches ready for the miner */
	int		 stop;		/* the miner wants no more */
	int		 threaded;	/* the reader runs on its thread */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct wk_mtoks	 tk;
};

/* Room for need bytes in *p (capacity *cap). */
static int
room(char **p, size_t *cap, size_t need)
{
	size_t c = *cap ? *cap : 4096;
	char *q;

	if (need <= *cap)
		return WAKE_OK;
	while (c < need)
		c *= 2;
	if ((q = realloc(*p, c)) == NULL)
		return WAKE_ERR_NOMEM;
	*p = q;
	*cap = c;
	return WAKE_OK;
}

static int
room_toks(struct batch *b, size_t need)
{
	size_t c = b->captoks ? b->captoks : 4096;
	struct wk_mtok *q;

	if (need <= b->captoks)
		return WAKE_OK;
	while (c < need)
		c *= 2;
	if ((q = reallocarray(b->toks, c, sizeof(*q))) == NULL)
		return WAKE_ERR_NOMEM;
	b->toks = q;
	b->captoks = c;
	return WAKE_OK;
}

/* Read and cut lines into b until it is full or the input ends. */
static void
fill(struct run *r, struct batch *b)
{
	struct wake_line l;
	int rc = WAKE_OK;

	b->nbuf = b->nlines = b->ntoks = b->ntext = 0;
	b->end = 0;
	b->rc = WAKE_OK;
	if (b->lines == NULL &&
	    (b->lines = calloc(BATCH_LINES, sizeof(*b->lines))) == NULL) {
		b->end = 1;
		b->rc = WAKE_ERR_NOMEM;
		return;
	}
	while (b->nlines < BATCH_LINES && b->nbuf < BATCH_BYTES) {
		struct bline *bl = &b->lines[b->nlines];

		int cut = r->threaded ? b->nlines % 5 < 3 : 1;

		if ((rc = wake_input_line(r->in, &l)) != WAKE_OK)
			break;
		if (!cut)
			r->tk.n = r->tk.len = 0;
		else if ((rc = wk_mine_tokenize(&r->tk, l.p, l.n, r->masks)) !=
		    WAKE_OK)
			break;
		if ((rc = room(&b->buf, &b->capbuf, b->nbuf + l.n + 1)) !=
		    WAKE_OK || (rc = room_toks(b, b->ntoks + r->tk.n)) !=
		    WAKE_OK || (rc = room(&b->text, &b->captext, b->ntext +
		    r->tk.len + 1)) != WAKE_OK)
			break;
		bl->off = b->nbuf;
		bl->len = l.n;
		bl->no = l.no;
		bl->tok = b->ntoks;
		bl->ntok = cut ? r->tk.n : NOCUT;
		bl->text = b->ntext;
		if (l.n > 0)
			memcpy(b->buf + b->nbuf, l.p, l.n);
		b->nbuf += l.n;
		memcpy(b->toks + b->ntoks, r->tk.t, r->tk.n * sizeof(*b->toks));
		b->ntoks += r->tk.n;
		if (r->tk.len > 0)
			memcpy(b->text + b->ntext, r->tk.text, r->tk.len);
		b->ntext += r->tk.len;
		b->nlines++;
	}
	if (rc != WAKE_OK) {
		b->end = 1;
		b->rc = rc == WAKE_EOF ? WAKE_OK : rc;
	}
}

static void *
reader(void *arg)
{
	struct run *r = arg;
	struct batch *b;
	int end = 0;

	while (!end) {
		pthread_mutex_lock(&r->mu);
		while (r->full == NBATCH && !r->stop)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->stop) {
			pthread_mutex_unlock(&r->mu);
			break;
		}
		b = &r->b[r->tail];
		pthread_mutex_unlock(&r->mu);
		fill(r, b);
		end = b->end;
		pthread_mutex_lock(&r->mu);
		r->tail = (r->tail + 1) % NBATCH;
		r->full++;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
	return NULL;
}

/* Mine the lines of b, in order.  WAKE_OK, an error, or each's stop. */
static int
mine(struct wake_miner *m, const struct batch *b, struct wake_buf *org,
    size_t nlen, wake_mine_line_fn each, void *arg)
{
	struct wake_mine_rec rec;
	size_t i;
	uint64_t id;
	int rc;

	memset(&rec, 0, sizeof(rec));
	rec.ts = WAKE_TIME_NONE;
	for (i = 0; i < b->nlines; i++) {
		const struct bline *bl = &b->lines[i];
		char d[20];
		size_t k = sizeof(d);
		uint64_t no = bl->no;

		do {
			d[--k] = (char)('0' + no % 10);
			no /= 10;
		} while (no != 0);
		org->n = nlen;
		if (wake_buf_put(org, d + k, sizeof(d) - k) != WAKE_OK)
			return WAKE_ERR_NOMEM;
		rec.msg.p = b->buf + bl->off;
		rec.msg.n = bl->len;
		rec.origin.p = org->p;
		rec.origin.n = org->n;
		if (bl->ntok == NOCUT)
			rc = wake_miner_add(m, &rec, &id);
		else
			rc = wk_miner_add_toks(m, &rec, b->toks + bl->tok,
			    bl->ntok, b->text + bl->text, &id);
		if (rc != WAKE_OK)
			return rc;
		if (each != NULL && (rc = each(arg, rec.msg.p, rec.msg.n,
		    bl->no, id)) != 0)
			return rc;
	}
	return WAKE_OK;
}

int
wake_miner_add_lines(struct wake_miner *m, struct wake_input *in,
    wake_mine_line_fn each, void *arg)
{
	struct wake_buf org = WAKE_BUF_INIT;
	const char *name = wake_input_name(in);
	struct run *r;
	pthread_t th;
	size_t nlen = strlen(name) + 1, i;
	int rc = WAKE_OK, threaded, end = 0;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return WAKE_ERR_NOMEM;
	r->in = in;
	r->masks = wk_miner_masks(m);
	if (wake_buf_put(&org, name, nlen - 1) != WAKE_OK ||
	    wake_buf_putc(&org, ':') != WAKE_OK) {
		free(r);
		return WAKE_ERR_NOMEM;
	}
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	/* set before the thread starts, and changed only if it does not */
	r->threaded = 1;
	if (pthread_create(&th, NULL, reader, r) != 0)
		r->threaded = 0;
	threaded = r->threaded;
	while (!end) {
		struct batch *b;

		if (threaded) {
			pthread_mutex_lock(&r->mu);
			while (r->full == 0)
				pthread_cond_wait(&r->cv, &r->mu);
			b = &r->b[r->head];
			pthread_mutex_unlock(&r->mu);
		} else {
			b = &r->b[0];
			fill(r, b);
		}
		rc = mine(m, b, &org, nlen, each, arg);
		end = b->end || rc != WAKE_OK;
		if (rc == WAKE_OK)
			rc = b->rc;
		if (threaded) {
			pthread_mutex_lock(&r->mu);
			r->head = (r->head + 1) % NBATCH;
			r->full--;
			if (end)
				r->stop = 1;
			pthread_cond_broadcast(&r->cv);
			pthread_mutex_unlock(&r->mu);
		}
	}
	if (threaded)
		pthread_join(th, NULL);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	for (i = 0; i < NBATCH; i++) {
		free(r->b[i].buf);
		free(r->b[i].lines);
		free(r->b[i].toks);
		free(r->b[i].text);
	}
	wk_mine_toks_free(&r->tk);
	wake_buf_free(&org);
	free(r);
	return rc;
}
