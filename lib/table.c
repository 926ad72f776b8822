/*
 * Tables of cells for the text and Markdown documents (wake-intervals,
 * wake-report): filled row by row, then shown aligned for a terminal or
 * as a Markdown table.  Errors are sticky, as in struct wk_out.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/render.h>

#include "internal.h"

void
wk_table_free(struct wk_table *t)
{
	size_t i;

	for (i = 0; i < t->nrow * t->ncol; i++)
		free(t->cell[i]);
	free(t->cell);
	t->cell = NULL;
	t->nrow = t->cap = 0;
}

void
wk_table_row(struct wk_table *t)
{
	char **c;
	size_t cap;

	if (t->rc != WAKE_OK)
		return;
	if (t->nrow == t->cap) {
		cap = t->cap == 0 ? 8 : t->cap * 2;
		if ((c = reallocarray(t->cell, cap * t->ncol, sizeof(*c))) ==
		    NULL) {
			t->rc = WAKE_ERR_NOMEM;
			return;
		}
		t->cell = c;
		t->cap = cap;
	}
	memset(t->cell + t->nrow * t->ncol, 0, t->ncol * sizeof(*t->cell));
	t->nrow++;
}

void
wk_table_set(struct wk_table *t, size_t col, const char *s)
{
	char **c;

	if (t->rc != WAKE_OK || s == NULL)
		return;
	c = &t->cell[(t->nrow - 1) * t->ncol + col];
	free(*c);
	if ((*c = strdup(s)) == NULL)
		t->rc = WAKE_ERR_NOMEM;
}

void
wk_table_setf(struct wk_table *t, size_t col, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	wk_table_set(t, col, buf);
}

size_t
wk_text_width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void
pad(struct wk_out *o, size_t n)
{
	static const char sp[] = "                                ";

	while (n > 0) {
		wk_out_put(o, sp, WK_MIN(n, sizeof(sp) - 1));
		n -= WK_MIN(n, sizeof(sp) - 1);
	}
}

void
wk_table_text(struct wk_out *o, const struct wk_table *t, const char *indent)
{
	struct wake_buf e = WAKE_BUF_INIT;
	size_t w[WK_TABLE_COLS], *off, i, c, cw, n = (t->nrow + 1) * t->ncol;
	const char *s;

	if (t->rc != WAKE_OK) {
		o->rc = t->rc;
		return;
	}
	if (o->rc != WAKE_OK)
		return;
	if ((off = reallocarray(NULL, n, sizeof(*off))) == NULL) {
		o->rc = WAKE_ERR_NOMEM;
		return;
	}
	/* The head row first, then the cells, all escaped as shown. */
	for (i = 0; i < n && o->rc == WAKE_OK; i++) {
		off[i] = e.n;
		s = i < t->ncol ? t->head[i] : t->cell[i - t->ncol];
		if (s == NULL)
			s = "-";
		if ((o->rc = wake_escape_term(s, strlen(s), &e)) == WAKE_OK)
			o->rc = wake_buf_putc(&e, '\0');
	}
	for (c = 0; c < t->ncol; c++)
		w[c] = 0;
	for (i = 0; o->rc == WAKE_OK && i < n; i++)
		w[i % t->ncol] = WK_MAX(w[i % t->ncol],
		    wk_text_width(e.p + off[i]));
	for (i = 0; o->rc == WAKE_OK && i <= t->nrow; i++) {
		wk_out_puts(o, indent);
		for (c = 0; c < t->ncol; c++) {
			s = e.p + off[i * t->ncol + c];
			cw = wk_text_width(s);
			if (t->right[c])
				pad(o, w[c] - cw);
			wk_out_puts(o, s);
			/* The last column is not padded: no trailing blanks. */
			if (c + 1 < t->ncol)
				pad(o, (t->right[c] ? 0 : w[c] - cw) + 2);
		}
		wk_out_putc(o, '\n');
	}
	free(off);
	wake_buf_free(&e);
}

static void
put_md(struct wk_out *o, const char *s)
{
	if (o->rc == WAKE_OK)
		o->rc = wake_escape_md(s, strlen(s), o->b);
}

void
wk_table_md(struct wk_out *o, const struct wk_table *t)
{
	size_t i, c;
	const char *s;

	if (t->rc != WAKE_OK) {
		o->rc = t->rc;
		return;
	}
	for (c = 0; c < t->ncol; c++) {
		wk_out_puts(o, "| ");
		put_md(o, t->head[c]);
		wk_out_putc(o, ' ');
	}
	wk_out_puts(o, "|\n");
	for (c = 0; c < t->ncol; c++)
		wk_out_puts(o, t->right[c] ? "|---:" : "|---");
	wk_out_puts(o, "|\n");
	for (i = 0; i < t->nrow; i++) {
		for (c = 0; c < t->ncol; c++) {
			s = t->cell[i * t->ncol + c];
			wk_out_puts(o, "| ");
			/* Our own cells (times, durations) need no escape. */
			if (s != NULL && t->text[c])
				put_md(o, s);
			else
				wk_out_puts(o, s != NULL ? s : "-");
			wk_out_putc(o, ' ');
		}
		wk_out_puts(o, "|\n");
	}
}
