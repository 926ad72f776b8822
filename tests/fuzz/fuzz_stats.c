/*
 * Fuzz the event stream -> stats path.  Input: four option bytes, then
 * event lines (TSV or JSON Lines) read as wake-stats reads a file.
 *
 *	byte 0: bit 0 calls, bits 1-2 format, bit 3 sparse, bit 4 UTF-8
 *		chart, bit 5 no header, bit 6 --sum, bit 7 three series
 *	byte 1: bits 0-2 bin, bits 3-4 late, bits 5-7 max call
 *	byte 2: --by fields, one bit each
 *	byte 3: bits 0-1 service level, bits 2-3 short abandon, bits 4-5
 *		chart column, bits 6-7 chart width
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/input.h>
#include <wake/stats.h>

#include "internal.h"

#define NS	INT64_C(1000000000)
#define MS	INT64_C(1000000)

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t bins[8] = { MS, 250 * MS, NS, 7 * NS, 60 * NS,
	    3600 * NS, 86400 * NS, 13 * MS };
	static const int64_t lates[4] = { 0, NS, 60 * NS, 3600 * NS };
	static const int64_t calls[8] = { NS, 30 * NS, 60 * NS, 600 * NS,
	    3600 * NS, 4 * 3600 * NS, 86400 * NS, 5 * NS };
	static const int64_t secs[4] = { 0, 5 * NS, 20 * NS, 60 * NS };
	static const char *const fields[8] = { "src", "host", "sev", "kind",
	    "tmpl", "attr:queue", "attr:agent", "attr:call" };
	static const char *const ccols[4] = { NULL, "open", "asa", "count" };
	static const int widths[4] = { 0, 20, 80, 200 };
	struct wake_stats_opts o;
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_stats *s;
	struct wake_input *in;
	char by[128];
	size_t i, n;

	if (size < 4)
		return 0;
	wake_stats_opts_init(&o);
	o.mode = data[0] & 1 ? WAKE_STATS_CALLS : WAKE_STATS_COUNT;
	o.format = (data[0] >> 1) & 3;
	o.sparse = (data[0] >> 3) & 1;
	o.chart_utf8 = (data[0] >> 4) & 1;
	o.header = !((data[0] >> 5) & 1);
	if ((data[0] >> 6) & 1 && o.mode == WAKE_STATS_COUNT)
		o.sum = "value";
	if (data[0] >> 7)
		o.max_series = 3;
	o.bin = bins[data[1] & 7];
	o.late = lates[(data[1] >> 3) & 3];
	o.max_call = calls[data[1] >> 5];
	by[0] = '\0';
	for (i = n = 0; i < 8; i++)
		if (data[2] & (1u << i))
			n += (size_t)snprintf(by + n, sizeof(by) - n, "%s%s",
			    n > 0 ? "," : "", fields[i]);
	o.by = by;
	o.sl = secs[data[3] & 3];
	o.short_abandon = secs[(data[3] >> 2) & 3];
	if (o.format == WAKE_STATS_CHART)
		o.chart_column = ccols[(data[3] >> 4) & 3];
	o.chart_width = widths[data[3] >> 6];
	/* A long gap fills a million rows: right, but slow for fuzzing. */
	o.max_gap = 50;
	o.out = &out;
	o.flush = discard;
	o.flush_arg = &out;
	o.diag = ignore;
	if (wake_stats_new(&s) != WAKE_OK)
		return 0;
	if (wake_stats_setup(s, &o) == WAKE_OK &&
	    wake_input_open_mem(&in, "fuzz", data + 4, size - 4, NULL) ==
	    WAKE_OK) {
		(void)wake_stats_run(s, in, NULL);
		wake_input_free(in);
		(void)wake_stats_finish(s);
	}
	wake_stats_free(s);
	wake_buf_free(&out);
	return 0;
}
