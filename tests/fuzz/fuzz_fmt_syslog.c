/*
 * Fuzz the syslog formats: each line of the input goes through rfc5424
 * and rfc3164 (one context per format, so yearless stamps roll over as
 * in a file).  A match must give a sane event that the TSV and JSON
 * writers take; a miss must say why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct wake_tz *tz;

/* A sane event, and one both writers take. */
static void
check_event(const struct wake_event *ev, struct wake_buf *out)
{
	size_t i;

	if (ev->sev < WAKE_SEV_NONE || ev->sev > WAKE_SEV_DEBUG ||
	    ev->kind != WAKE_KIND_LOG || ev->ts == WAKE_TIME_NONE)
		abort();
	for (i = 0; i < ev->nattrs; i++)
		if (ev->attrs[i].key.n == 0)
			abort();
	out->n = 0;
	if (wake_event_write_tsv(ev, out) != WAKE_OK)
		abort();
	out->n = 0;
	if (wake_event_write_json(ev, out) != WAKE_OK)
		abort();
}

static void
one(const struct wk_format *f, struct wk_pctx *c, const char *line,
    size_t n, struct wake_event *ev, struct wake_buf *out)
{
	const char *why = NULL;
	int rc;

	wake_event_reset(ev);
	c->tzflags = 0;
	rc = f->parse(c, line, n, ev, &why);
	if (rc == WK_EVENT)
		check_event(ev, out);
	else if (rc != WK_NOMATCH || why == NULL || *why == '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl, *why;
	struct wk_pctx c5, c3;
	struct wake_event ev;
	struct wake_buf out = WAKE_BUF_INIT;
	char *line;
	size_t n;

	if (tz == NULL && wake_tz_open("Asia/Tokyo", &tz, &why) != WAKE_OK &&
	    wake_tz_open("UTC", &tz, &why) != WAKE_OK)
		abort();
	memset(&c5, 0, sizeof(c5));
	c5.tz = tz;
	c5.year = 2024;
	c3 = c5;
	wake_event_init(&ev);
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		/* An exact-size copy, so reads past the line are caught. */
		if ((line = malloc(n != 0 ? n : 1)) == NULL)
			abort();
		if (n != 0)
			memcpy(line, p, n);
		one(&wk_fmt_rfc5424, &c5, line, n, &ev, &out);
		one(&wk_fmt_rfc3164, &c3, line, n, &ev, &out);
		wake_event_reset(&ev);
		free(line);
		p = nl + 1;
	}
	wake_event_free(&ev);
	wake_buf_free(&out);
	return 0;
}
