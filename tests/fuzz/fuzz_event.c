/*
 * Fuzz the event readers and writers: every line the reader accepts
 * must survive write -> read -> write unchanged in both forms, and the
 * TSV of what the JSON reading gives must equal the TSV written first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_same(const struct wake_buf *a, const struct wake_buf *b)
{
	if (a->n != b->n || memcmp(a->p, b->p, a->n) != 0)
		abort();
}

/* Write ev in one form, read it back into tmp, write again: same? */
static void
roundtrip(const struct wake_event *ev, struct wake_event *tmp, int json,
    struct wake_buf *w1, struct wake_buf *w2)
{
	w1->n = w2->n = 0;
	if ((json ? wake_event_write_json(ev, w1) :
	    wake_event_write_tsv(ev, w1)) != WAKE_OK)
		abort();
	if (w1->n == 0 || w1->p[w1->n - 1] != '\n' ||
	    memchr(w1->p, '\n', w1->n - 1) != NULL)
		abort();
	if (wake_event_read(tmp, w1->p, w1->n - 1, NULL) != WAKE_OK)
		abort();
	if ((json ? wake_event_write_json(tmp, w2) :
	    wake_event_write_tsv(tmp, w2)) != WAKE_OK)
		abort();
	check_same(w1, w2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct wake_event ev, tmp;
	struct wake_buf w1 = WAKE_BUF_INIT, w2 = WAKE_BUF_INIT;
	struct wake_buf t0 = WAKE_BUF_INIT;
	const char *why;
	char *line;
	size_t n;

	wake_event_init(&ev);
	wake_event_init(&tmp);
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		/* An exact-size copy, so reads past the line are caught. */
		if ((line = malloc(n + 1)) == NULL)
			abort();
		memcpy(line, p, n);
		if (wake_event_read(&ev, line, n, &why) == WAKE_OK) {
			t0.n = 0;
			if (wake_event_write_tsv(&ev, &t0) != WAKE_OK)
				abort();
			roundtrip(&ev, &tmp, 0, &w1, &w2);
			roundtrip(&ev, &tmp, 1, &w1, &w2);
			/* tmp now holds the JSON reading: back to TSV. */
			w2.n = 0;
			if (wake_event_write_tsv(&tmp, &w2) != WAKE_OK)
				abort();
			check_same(&t0, &w2);
		} else if (why == NULL)
			abort();
		free(line);
		p = nl + 1;
	}
	wake_event_free(&ev);
	wake_event_free(&tmp);
	wake_buf_free(&w1);
	wake_buf_free(&w2);
	wake_buf_free(&t0);
	return 0;
}
