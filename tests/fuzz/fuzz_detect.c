/*
 * Fuzz the event stream -> incident detection path.  Input: two option
 * bytes, then event lines (TSV or JSON Lines) read as wake-detect reads
 * a file.
 *
 *	byte 0: bits 0-1 bin, bits 2-3 sensitivity, bit 4 quiet, bits
 *		5-7 --by
 *	byte 1: bits 0-1 window, bits 2-3 join, bits 4-5 lead and grace,
 *		bit 6 three series at most, bit 7 explain
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/detect.h>
#include <wake/incident.h>
#include <wake/input.h>

#include "internal.h"

#define NS	INT64_C(1000000000)

static int
discard(void *arg)
{
	struct wake_buf *b = arg;

	/* Keep memory small: the bytes were made, that is the test. */
	b->n = 0;
	return 0;
}

static void
ignore(void *arg, const char *origin, unsigned long line, const char *why)
{
	(void)arg;
	(void)origin;
	(void)line;
	(void)why;
}

static void
explain(void *arg, const char *text, size_t n)
{
	size_t *total = arg;

	/* The text must be whole lines. */
	if (n == 0 || text[n - 1] != '\n')
		abort();
	*total += n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Bins of a minute and more: days of 1 s bins are slow, rightly. */
	static const int64_t bins[4] = { 60 * NS, 600 * NS, 300 * NS,
	    3600 * NS };
	static const char *const sens[4] = { "normal", "low", "high",
	    "normal" };
	static const char *const bys[8] = { NULL, "src", "src,host",
	    "sev,kind", "attr:channel", "src,attr:queue", "host,sev",
	    "kind" };
	static const int64_t wins[4] = { 10, 60, 12, 200 };
	static const int64_t joins[4] = { 0, 1, 15, 120 };
	static const int64_t leads[4] = { 0, 30, 5, 600 };
	const struct wake_incidents *l;
	struct wake_detect_opts o;
	struct wake_buf out = WAKE_BUF_INIT, tb = WAKE_BUF_INIT;
	struct wake_detect *d;
	struct wake_input *in;
	size_t total = 0;

	if (size < 2)
		return 0;
	wake_detect_opts_init(&o);
	o.bin = bins[data[0] & 3];
	(void)wake_detect_sensitivity(&o, sens[(data[0] >> 2) & 3]);
	o.quiet = (data[0] >> 4) & 1;
	o.by = bys[data[0] >> 5];
	o.window = wins[data[1] & 3] * o.bin;
	o.smooth = 5 * o.bin;
	o.join = joins[(data[1] >> 2) & 3] * o.bin;
	o.settle = o.join / 2;
	o.lead = leads[(data[1] >> 4) & 3] * o.bin;
	o.grace = 2 * o.lead;
	if ((data[1] >> 6) & 1)
		o.max_series = 3;
	else
		o.max_series = 16;
	if (data[1] >> 7) {
		o.explain = explain;
		o.explain_arg = &total;
	}
	o.out = &out;
	o.flush = discard;
	o.flush_arg = &out;
	o.diag = ignore;
	if (wake_detect_new(&d) != WAKE_OK)
		return 0;
	if (wake_detect_setup(d, &o) == WAKE_OK &&
	    wake_input_open_mem(&in, "fuzz", data + 2, size - 2, NULL) ==
	    WAKE_OK) {
		(void)wake_detect_run(d, in, NULL);
		wake_input_free(in);
		if (wake_detect_finish(d) == WAKE_OK) {
			l = wake_detect_incidents(d);
			(void)wake_incidents_write(l, &tb);
		}
	}
	wake_detect_free(d);
	wake_buf_free(&out);
	wake_buf_free(&tb);
	return 0;
}
