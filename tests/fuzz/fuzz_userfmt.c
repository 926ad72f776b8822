/*
 * Fuzz user formats and the parse driver: the input is a format file, a
 * line "%%", then log lines.  The formats are loaded, and the lines run
 * through the driver with them (detection, folding, raw lines, the
 * explanation).  Every line must be accounted for, and every event must
 * be one the writers take.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <wake/parse.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct wake_tz *tz;

static int
check_event(void *arg, const struct wake_event *ev)
{
	struct wake_buf *out = arg;

	if (ev->ts == WAKE_TIME_NONE || ev->sev < WAKE_SEV_NONE ||
	    ev->sev > WAKE_SEV_DEBUG || ev->kind < 0 ||
	    ev->kind >= WAKE_KIND_COUNT || ev->src.n == 0)
		abort();
	out->n = 0;
	if (wake_event_write_tsv(ev, out) != WAKE_OK)
		abort();
	out->n = 0;
	if (wake_event_write_json(ev, out) != WAKE_OK)
		abort();
	return 0;
}

static int
count_reject(void *arg, const char *origin, uint64_t line, const char *p,
    size_t n)
{
	(void)arg;
	(void)p;
	(void)n;
	if (origin == NULL || line == 0)
		abort();
	return 0;
}

static void
run(const struct wk_format *const *fmts, size_t nf, const char *text,
    size_t n, int rejects)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_input_opts io = { 512, 0, NULL, NULL };
	struct wake_parse_stats st;
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_parser *p;
	struct wake_input *in;
	int rc;

	o.tz = tz;
	o.max_fold = 3;
	o.max_line = 300;
	if (rejects)
		o.reject = count_reject;
	if (wk_parser_new_formats(&p, &o, fmts, nf) != WAKE_OK)
		abort();
	if (wake_input_open_mem(&in, "fuzz.log", text, n, &io) != WAKE_OK)
		abort();
	rc = wake_parser_run(p, in, check_event, &out, &st);
	if (rc != WAKE_OK && rc != WAKE_ERR_FORMAT)
		abort();
	if (st.lines != st.events + st.folded + st.raw + st.rejected +
	    st.skipped)
		abort();
	wake_input_free(in);
	if (!rejects) {
		if (wake_input_open_mem(&in, "fuzz.log", text, n, &io) !=
		    WAKE_OK)
			abort();
		out.n = 0;
		if (wake_parser_explain(p, in, 4, &out) != WAKE_OK)
			abort();
		wake_input_free(in);
	}
	wake_buf_free(&out);
	wake_parser_free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *sep, *lines = "";
	const struct wk_format *fmts[8];
	struct wk_userfmts *u;
	char err[256];
	size_t fn = size, ln = 0, i, nf;
	const char *why;

	if (tz == NULL && wake_tz_open("UTC", &tz, &why) != WAKE_OK)
		abort();
	if ((sep = memmem(text, size, "\n%%\n", 4)) != NULL) {
		fn = (size_t)(sep - text) + 1;
		lines = sep + 4;
		ln = size - fn - 3;
	}
	if (wk_userfmt_load(&u, "fuzz.format", text, fn, NULL, 0, err,
	    sizeof(err)) != WAKE_OK) {
		if (strncmp(err, "fuzz.format:", 12) != 0)
			abort();
		return 0;
	}
	nf = WK_MIN(wk_userfmt_count(u), WK_NELEM(fmts));
	for (i = 0; i < nf; i++)
		fmts[i] = wk_userfmt_get(u, i);
	run(fmts, nf, lines, ln, 0);
	run(fmts, nf, lines, ln, 1);
	wk_userfmt_free(u);
	return 0;
}
