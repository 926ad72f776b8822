/*
 * Fixture shared by the format unit tests: one format context, an
 * event, and the event written as TSV, with EXPECT and NOMATCH checks.
 */
#ifndef WAKE_FMT_TEST_H
#define WAKE_FMT_TEST_H

#include <string.h>

#include "test.h"
#include "internal.h"

struct fx {
	struct wake_tz		*tz;
	struct wk_pctx		 c;
	struct wake_event	 ev;
	struct wake_buf		 out;
	const char		*why;
};

static void
fx_open(struct fx *x, const char *zone)
{
	const char *why;

	memset(x, 0, sizeof(*x));
	assert_int_equal(wake_tz_open(zone, &x->tz, &why), WAKE_OK);
	x->c.tz = x->tz;
	x->c.year = 2024;
	wake_event_init(&x->ev);
}

static void
fx_close(struct fx *x)
{
	wake_event_free(&x->ev);
	wake_buf_free(&x->out);
	wake_tz_free(x->tz);
}

/* Parse line with f; the event as a TSV line (no LF), or NULL. */
static const char *
run(struct fx *x, const struct wk_format *f, const char *line)
{
	int rc;

	wake_event_reset(&x->ev);
	x->c.tzflags = 0;
	x->why = NULL;
	rc = f->parse(&x->c, line, strlen(line), &x->ev, &x->why);
	if (rc != WK_EVENT) {
		assert_int_equal(rc, WK_NOMATCH);
		assert_non_null(x->why);
		return NULL;
	}
	x->out.n = 0;
	assert_int_equal(wake_event_write_tsv(&x->ev, &x->out), WAKE_OK);
	assert_true(x->out.n > 0 && x->out.p[x->out.n - 1] == '\n');
	x->out.p[x->out.n - 1] = '\0';
	return x->out.p;
}

#define EXPECT(x, f, line, want) do {					\
	const char *got_ = run((x), (f), (line));			\
	if (got_ == NULL)						\
		fail_msg("no match: %s\n  line: %s", (x)->why, (line));	\
	assert_string_equal(got_, (want));				\
} while (0)

#define NOMATCH(x, f, line, whysub) do {				\
	const char *got_ = run((x), (f), (line));			\
	if (got_ != NULL)						\
		fail_msg("matched: %s\n  line: %s", got_, (line));	\
	if (strstr((x)->why, (whysub)) == NULL)				\
		fail_msg("why \"%s\" lacks \"%s\"", (x)->why,		\
		    (whysub));						\
} while (0)

#endif
