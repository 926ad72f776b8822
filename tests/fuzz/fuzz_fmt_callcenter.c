/*
 * Fuzz the call-center formats, queue_log and cdr: every line of the
 * input, with per-input state and without; every event is written in
 * both forms (so ASan sees every byte it points at), and every refusal
 * must say why.  Not fmt_fuzz.h: these formats answer WK_META for
 * comments and headers, and every event they make must be a call.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct wake_tz *tz;

static void
run(const struct wk_format *f, const char *p, size_t size, int stateless)
{
	const char *end = p + size, *nl, *why;
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_event ev;
	struct wk_pctx c;
	char *line;
	size_t n;
	int r;

	memset(&c, 0, sizeof(c));
	c.tz = tz;
	c.year = 2024;
	c.fmt_data = f->data;
	c.state = !stateless && f->init != NULL ? f->init(f->data) : NULL;
	if (!stateless && f->init != NULL && c.state == NULL)
		abort();
	wake_event_init(&ev);
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		/* An exact-size copy, so reads past the line are caught. */
		if ((line = malloc(n + 1)) == NULL)
			abort();
		memcpy(line, p, n);
		wake_event_reset(&ev);
		why = NULL;
		r = f->parse(&c, line, n, &ev, &why);
		if (r == WK_NOMATCH && why == NULL)
			abort();
		if (r == WK_EVENT) {
			if (ev.ts == WAKE_TIME_NONE ||
			    ev.sev < WAKE_SEV_NONE || ev.sev > WAKE_SEV_DEBUG ||
			    ev.kind != WAKE_KIND_CALL)
				abort();
			out.n = 0;
			if (wake_event_write_tsv(&ev, &out) != WAKE_OK ||
			    wake_event_write_json(&ev, &out) != WAKE_OK)
				abort();
		} else if (r != WK_NOMATCH && r != WK_META)
			abort();
		free(line);
		p = nl + 1;
	}
	wake_event_free(&ev);
	wake_buf_free(&out);
	if (f->fini != NULL)
		f->fini(c.state);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why;

	if (tz == NULL && wake_tz_open("Asia/Tokyo", &tz, &why) != 0 &&
	    wake_tz_open("UTC", &tz, &why) != 0)
		abort();
	run(&wk_fmt_queue_log, (const char *)data, size, 0);
	run(&wk_fmt_cdr, (const char *)data, size, 0);
	run(&wk_fmt_cdr, (const char *)data, size, 1);
	return 0;
}
