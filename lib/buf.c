/*
 * struct wake_buf: a growable byte buffer with a ceiling, in the manner
 * of curl's dynbuf.  An append that would pass the ceiling, or that
 * fails to allocate, frees the buffer so a caller that forgets to check
 * one call cannot go on writing half a record.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BUF_MINCAP	64

/*
 * Make room for more bytes past b->n.  The ceiling counts bytes held
 * (b->n), not capacity, so a buffer may hold exactly max bytes.
 */
int
wake_buf_reserve(struct wake_buf *b, size_t more)
{
	size_t need, ncap;
	char *np;

	if (more > SIZE_MAX - b->n) {
		wake_buf_free(b);
		return WAKE_ERR_LIMIT;
	}
	need = b->n + more;
	if (b->max != 0 && need > b->max) {
		wake_buf_free(b);
		return WAKE_ERR_LIMIT;
	}
	if (need <= b->cap && b->p != NULL)
		return WAKE_OK;
	ncap = b->cap < BUF_MINCAP ? BUF_MINCAP : b->cap;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2) {
			ncap = need;
			break;
		}
		ncap *= 2;
	}
	/* Never allocate much past the ceiling: it is a memory bound. */
	if (b->max != 0 && ncap > b->max)
		ncap = b->max > need ? b->max : need;
	if ((np = realloc(b->p, ncap)) == NULL) {
		wake_buf_free(b);
		return WAKE_ERR_NOMEM;
	}
	b->p = np;
	b->cap = ncap;
	return WAKE_OK;
}

int
wake_buf_put(struct wake_buf *b, const void *p, size_t n)
{
	int rc;

	if (n == 0)
		return WAKE_OK;
	if (b->cap - b->n < n || b->p == NULL)
		if ((rc = wake_buf_reserve(b, n)) != WAKE_OK)
			return rc;
	memcpy(b->p + b->n, p, n);
	b->n += n;
	return WAKE_OK;
}

int
wake_buf_putc(struct wake_buf *b, int c)
{
	int rc;

	if (b->n == b->cap || b->p == NULL)
		if ((rc = wake_buf_reserve(b, 1)) != WAKE_OK)
			return rc;
	b->p[b->n++] = (char)c;
	return WAKE_OK;
}

/* Release the bytes; the ceiling stays, so the buffer can be reused. */
void
wake_buf_free(struct wake_buf *b)
{
	if (b == NULL)
		return;
	free(b->p);
	b->p = NULL;
	b->n = 0;
	b->cap = 0;
}

int
wk_buf_puts(struct wake_buf *b, const char *s)
{
	return wake_buf_put(b, s, strlen(s));
}

static int
vprint(struct wake_buf *b, const char *fmt, va_list ap)
{
	char tmp[1024];
	int n;

	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	if (n < 0)
		return WAKE_ERR_FORMAT;
	return wake_buf_put(b, tmp, WK_MIN((size_t)n, sizeof(tmp) - 1));
}

int
wk_buf_printf(struct wake_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vprint(b, fmt, ap);
	va_end(ap);
	return rc;
}

void
wk_out_put(struct wk_out *o, const void *p, size_t n)
{
	if (o->rc == WAKE_OK)
		o->rc = wake_buf_put(o->b, p, n);
}

void
wk_out_puts(struct wk_out *o, const char *s)
{
	wk_out_put(o, s, strlen(s));
}

void
wk_out_putc(struct wk_out *o, int c)
{
	if (o->rc == WAKE_OK)
		o->rc = wake_buf_putc(o->b, c);
}

void
wk_out_printf(struct wk_out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->rc != WAKE_OK)
		return;
	va_start(ap, fmt);
	o->rc = vprint(o->b, fmt, ap);
	va_end(ap);
}
