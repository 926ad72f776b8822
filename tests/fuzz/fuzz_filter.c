/*
 * Fuzz the filter's argument parsing and pattern handling, then run the
 * filter over event lines.  Input: option lines "NAME VALUE" (e, i, v,
 * J, c, src, host, kind, sev, attr, since, until, around, window, last,
 * skew, size), an empty line, then event lines.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <wake/filter.h>
#include <wake/merge.h>

#include "internal.h"

static int
is(const char *p, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(p, name, n) == 0;
}

/* Apply one option line; its value is NUL-terminated. */
static void
option(struct wake_filter *f, struct wake_merge *m, const char *name,
    size_t nn, const char *v, unsigned *flags, wake_time_t *last,
    struct wake_filter_run_opts *ro)
{
	size_t size;
	int rel;

	if (is(name, nn, "e"))
		(void)wake_filter_add_pattern(f, v, *flags);
	else if (is(name, nn, "i"))
		*flags |= WAKE_FILTER_CASELESS;
	else if (is(name, nn, "v"))
		wake_filter_set_invert(f, 1);
	else if (is(name, nn, "J"))
		ro->json = 1;
	else if (is(name, nn, "c"))
		ro->count_only = 1;
	else if (is(name, nn, "src"))
		(void)wake_filter_add_src(f, v);
	else if (is(name, nn, "host"))
		(void)wake_filter_add_host(f, v);
	else if (is(name, nn, "kind"))
		(void)wake_filter_add_kind(f, v);
	else if (is(name, nn, "sev"))
		(void)wake_filter_set_sev(f, v);
	else if (is(name, nn, "attr"))
		(void)wake_filter_add_attr(f, v);
	else if (is(name, nn, "since"))
		(void)wake_filter_set_time(f, WAKE_FILTER_SINCE, v, NULL);
	else if (is(name, nn, "until"))
		(void)wake_filter_set_time(f, WAKE_FILTER_UNTIL, v, NULL);
	else if (is(name, nn, "around"))
		(void)wake_filter_set_time(f, WAKE_FILTER_AROUND, v, NULL);
	else if (is(name, nn, "window"))
		(void)wake_filter_set_window(f, v);
	else if (is(name, nn, "last")) {
		if (wake_time_parse_arg(v, NULL, last, &rel) != WAKE_OK || rel)
			*last = WAKE_TIME_NONE;
	} else if (is(name, nn, "skew"))
		(void)wake_merge_add_skew(m, v);
	else if (is(name, nn, "size"))
		(void)wake_size_parse(v, &size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl, *sp;
	struct wake_merge_opts mo = WAKE_MERGE_OPTS_INIT;
	struct wake_filter_run_opts ro;
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_filter *f;
	struct wake_merge *m;
	struct wake_input *in;
	wake_time_t last = WAKE_TIME_NONE;
	unsigned flags = 0;
	uint64_t count = 0;
	char *v;

	memset(&ro, 0, sizeof(ro));
	ro.out = &out;
	mo.out = &out;
	if (wake_filter_new(&f) != WAKE_OK)
		return 0;
	if (wake_merge_new(&m, &mo) != WAKE_OK) {
		wake_filter_free(f);
		return 0;
	}
	/* Low limits: a pathological pattern must not slow the fuzzer. */
	wake_filter_set_limits(f, 20000, 2000);
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl == p) {
			p++;
			break;
		}
		if ((sp = memchr(p, ' ', (size_t)(nl - p))) == NULL)
			sp = nl;
		if ((v = malloc((size_t)(nl - sp) + 1)) == NULL)
			break;
		if (sp < nl) {
			memcpy(v, sp + 1, (size_t)(nl - sp) - 1);
			v[nl - sp - 1] = '\0';
		} else
			v[0] = '\0';
		option(f, m, p, (size_t)(sp - p), v, &flags, &last, &ro);
		free(v);
		p = nl + 1;
	}
	if (p > end)
		p = end;
	if (wake_filter_finish(f, last) == WAKE_OK &&
	    wake_input_open_mem(&in, "fuzz", p, (size_t)(end - p), NULL) ==
	    WAKE_OK) {
		(void)wake_filter_run(f, in, &ro, &count);
		(void)wake_filter_match_line(f, p, (size_t)(end - p));
		wake_input_free(in);
	}
	wake_buf_free(&out);
	wake_merge_free(m);
	wake_filter_free(f);
	return 0;
}
