/*
 * Fuzz the redactor: option lines "NAME VALUE" (k: keep private
 * addresses, m: mark, n: no default fields, d DIGITS, p NAME=PCRE2,
 * f NAME[=KIND], u USERS-JSON, t: text, J: JSON), an empty line, then
 * input lines, run through wake_redact_run; the detectors are also run
 * over the whole rest, checking that what they find lies where it must.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <wake/redact.h>

#include "internal.h"

static int
is(const char *p, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(p, name, n) == 0;
}

static void
option(struct wake_redact *r, struct wake_redact_run_opts *o,
    const char *name, size_t nn, const char *v)
{
	if (is(name, nn, "k"))
		wake_redact_set_keep_private(r, 1);
	else if (is(name, nn, "m"))
		wake_redact_set_mark(r, 1);
	else if (is(name, nn, "n"))
		wake_redact_no_default_fields(r);
	else if (is(name, nn, "d"))
		(void)wake_redact_set_digits(r, (int)strtol(v, NULL, 10));
	else if (is(name, nn, "p"))
		(void)wake_redact_add_pattern(r, v);
	else if (is(name, nn, "f"))
		(void)wake_redact_add_field(r, v);
	else if (is(name, nn, "u"))
		(void)wake_redact_add_users(r, v, strlen(v), "users.json");
	else if (is(name, nn, "t"))
		o->text = 1;
	else if (is(name, nn, "J"))
		o->json = 1;
}

/* Any field name of more than 2 bytes starting with 'c' is personal. */
static int
field(void *arg, const char *key, size_t n)
{
	(void)arg;
	return n > 2 && key[0] == 'c' ? WK_RK_PHONE : -1;
}

/* The detectors over p[0..n): what they find must lie in bounds. */
static void
detect(const char *p, size_t n)
{
	struct wk_rfind f;
	unsigned char norm[64];
	size_t lo = 0, hi = n;

	while (wk_redact_find(p, n, lo, hi, &f, field, NULL)) {
		if (f.start < lo || f.end <= f.start || f.end > hi ||
		    f.vstart < f.start || f.vend > f.end ||
		    f.vstart > f.vend || f.nnorm > WK_RNORM_MAX)
			abort();
		lo = f.end;
	}
	(void)wk_redact_norm_phone(p, n, norm, sizeof(norm));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl, *sp;
	struct wake_redact_run_opts o;
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_redact *r;
	struct wake_input *in;
	char *v;

	memset(&o, 0, sizeof(o));
	o.out = &out;
	if (wake_redact_new(&r) != WAKE_OK)
		return 0;
	(void)wake_redact_set_key(r, "fuzzing key, 16 bytes or more", 29);
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
		option(r, &o, p, (size_t)(sp - p), v);
		free(v);
		p = nl < end ? nl + 1 : end;
	}
	if (p > end)
		p = end;
	detect(p, (size_t)(end - p));
	if (wake_input_open_mem(&in, "fuzz", p, (size_t)(end - p), NULL) ==
	    WAKE_OK) {
		(void)wake_redact_run(r, in, &o);
		wake_input_free(in);
	}
	out.n = 0;
	(void)wake_redact_text(r, p, (size_t)(end - p), &out);
	wake_buf_free(&out);
	wake_redact_free(r);
	return 0;
}
