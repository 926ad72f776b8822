/*
 * Fuzz the line reader: the data read in place, and through the
 * buffered reader in chunks of every size, must give the same lines
 * as a plain reference splitter, with a small line cap.  Data with the
 * gzip magic goes through the inflater: the runs must agree, and the
 * line invariants hold, whatever the damage.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_LINE	64
#define MAX_OUT		(1u << 20)	/* lines kept to compare */

struct run {
	unsigned char	*p;
	size_t		 n;
	uint64_t	 lines;
	int		 rc;
};

static void
put(struct run *r, const void *p, size_t n)
{
	if (r->n + n > MAX_OUT)
		return;
	memcpy(r->p + r->n, p, n);
	r->n += n;
}

/* One line as the runs record it: length, cut count, bytes. */
static void
put_line(struct run *r, const char *p, size_t n, size_t truncated)
{
	uint64_t h[2] = { n, truncated };

	put(r, h, sizeof(h));
	put(r, p, n);
	r->lines++;
}

static void
reference(const uint8_t *d, size_t n, struct run *r)
{
	size_t i = 0, len, raw;
	const uint8_t *lf;

	if (n >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n) {
		lf = memchr(d + i, '\n', n - i);
		raw = len = lf != NULL ? (size_t)(lf - (d + i)) : n - i;
		if (lf != NULL && len > 0 && d[i + len - 1] == '\r')
			len--;
		put_line(r, (const char *)d + i, WK_MIN(len, MAX_LINE),
		    len > MAX_LINE ? len - MAX_LINE : 0);
		i += raw + 1;
	}
	r->rc = WAKE_EOF;
}

static void
read_all(struct wake_input *in, struct run *r)
{
	struct wake_line l;
	int rc;

	while ((rc = wake_input_line(in, &l)) == WAKE_OK) {
		if (l.n > MAX_LINE || memchr(l.p, '\n', l.n) != NULL ||
		    l.no != r->lines + 1 ||
		    (l.truncated > 0 && l.n != MAX_LINE))
			abort();
		put_line(r, l.p, l.n, l.truncated);
	}
	if (rc != WAKE_EOF && rc >= 0)
		abort();
	if (rc < 0 && wake_input_error(in)[0] == '\0')
		abort();
	/* After the end, the end again. */
	if (wake_input_line(in, &l) != WAKE_EOF)
		abort();
	r->rc = rc;
}

/*
 * Runs over the same bytes agree.  Damaged gzip is the exception: where
 * the inflater notices the damage depends on how the input came in
 * (ISA-L looks further ahead with more input), so there the lines of
 * one run need only begin those of the other.
 */
static void
same(const struct run *a, const struct run *b)
{
	if (a->rc != b->rc)
		abort();
	if (a->rc < 0) {
		if (memcmp(a->p, b->p, WK_MIN(a->n, b->n)) != 0)
			abort();
		return;
	}
	if (a->lines != b->lines || a->n != b->n ||
	    memcmp(a->p, b->p, a->n) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = { 1, 2, 3, 5, 64, 4096 };
	struct wake_input_opts o = { .max_line = MAX_LINE };
	struct wake_input *in;
	struct run ref = { 0 }, r = { 0 };
	const char *p;
	size_t i, k, bom;
	int gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;

	if ((ref.p = malloc(MAX_OUT)) == NULL ||
	    (r.p = malloc(MAX_OUT)) == NULL)
		abort();
	bom = size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	if (!gz)
		reference(data, size, &ref);
	else {
		/* Inflated in one go: what every chunking must match. */
		if (wake_input_open_mem(&in, "fuzz", data, size, &o) != WAKE_OK)
			abort();
		read_all(in, &ref);
		wake_input_free(in);
	}
	for (i = 0; i <= WK_NELEM(chunks); i++) {
		r.n = 0;
		r.lines = 0;
		if (i == 0) {
			if (wake_input_open_mem(&in, "fuzz", data, size, &o) !=
			    WAKE_OK)
				abort();
		} else if (wk_input_open_chunked(&in, "fuzz", data, size,
		    chunks[i - 1], &o) != WAKE_OK)
			abort();
		/* A peek shows what the lines will start with. */
		k = wake_input_peek(in, &p, 16);
		if (!gz && (k != WK_MIN(16, size - bom) ||
		    memcmp(p, data + bom, k) != 0))
			abort();
		read_all(in, &r);
		wake_input_free(in);
		same(&ref, &r);
	}
	free(ref.p);
	free(r.p);
	return 0;
}
