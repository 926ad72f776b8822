/*
 * Fuzz the csv format and the CSV splitter.  A first line "MAP:..." or
 * "SET:..." (one each, in that order) gives --map and --set.  Every
 * line goes through the format with state (records may span lines) and
 * without; every event is written in both forms, every refusal must say
 * why.  The splitter's fields must lie inside the record.  Not
 * fmt_fuzz.h: csv answers WK_META for headers and the lines of records
 * that span lines, and may make events without a time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct wake_tz *tz;

/* A NUL-terminated copy of a leading "TAG:..." line, or NULL. */
static char *
option(const char **p, const char *end, const char *tag)
{
	size_t k = strlen(tag), n;
	const char *nl;
	char *s;

	if ((size_t)(end - *p) < k || memcmp(*p, tag, k) != 0)
		return NULL;
	if ((nl = memchr(*p, '\n', (size_t)(end - *p))) == NULL)
		nl = end;
	n = (size_t)(nl - *p) - k;
	if ((s = malloc(n + 1)) == NULL)
		abort();
	memcpy(s, *p + k, n);
	s[n] = '\0';
	*p = nl < end ? nl + 1 : end;
	return s;
}

static void
split_check(const char *p, size_t n)
{
	static const char delims[] = { ',', '\t', ';' };
	struct wk_csvf f[16];
	long nf;
	size_t i, k;

	for (k = 0; k < sizeof(delims); k++) {
		nf = wk_csv_split(p, n, delims[k], f, 16);
		if (nf == 0 || nf < -1)
			abort();
		for (i = 0; nf > 0 && i < (size_t)nf && i < 16; i++)
			if (f[i].p < p || f[i].p + f[i].n > p + n)
				abort();
	}
}

static void
run(const char *p, const char *end, const char *map, const char *set,
    int stateless)
{
	const struct wk_format *f = &wk_fmt_csv;
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_event ev;
	struct wk_pctx c;
	const char *nl, *why;
	char *line;
	size_t n;
	int r;

	memset(&c, 0, sizeof(c));
	c.tz = tz;
	c.year = 2024;
	c.map = map != NULL ? &map : NULL;
	c.nmap = map != NULL;
	c.set = set != NULL ? &set : NULL;
	c.nset = set != NULL;
	c.state = stateless ? NULL : f->init(f->data);
	if (!stateless && c.state == NULL)
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
		if (!stateless)
			split_check(line, n);
		wake_event_reset(&ev);
		why = NULL;
		r = f->parse(&c, line, n, &ev, &why);
		if (r == WK_NOMATCH && why == NULL)
			abort();
		if (r == WK_EVENT) {
			if (ev.sev < WAKE_SEV_NONE || ev.sev > WAKE_SEV_DEBUG ||
			    ev.kind < 0 || ev.kind >= WAKE_KIND_COUNT)
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
	f->fini(c.state);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *why;
	char *map, *set;

	if (tz == NULL && wake_tz_open("America/New_York", &tz, &why) != 0 &&
	    wake_tz_open("UTC", &tz, &why) != 0)
		abort();
	map = option(&p, end, "MAP:");
	set = option(&p, end, "SET:");
	run(p, end, map, set, 0);
	run(p, end, map, set, 1);
	free(map);
	free(set);
	return 0;
}
