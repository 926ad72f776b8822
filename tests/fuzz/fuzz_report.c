/*
 * Fuzz the periodic report: events (or an incident table) and cause
 * lines in, every format out.  Input: one option byte, then the text,
 * read both as the events and as wake-cause -J lines.
 *
 *	byte 0: bits 0-1 format, bit 2 previous period, bit 3 end from
 *		the input, bit 4 period of a day, bit 5 a cause id
 *
 * Whatever the text holds, no raw ESC reaches the output, and no
 * "<script" either in HTML and Markdown.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <wake/input.h>
#include <wake/report.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wake_report_opts o;
	struct wake_report *r;
	struct wake_input *in;
	struct wake_buf out = WAKE_BUF_INIT;
	int rc;

	if (size < 1)
		return 0;
	wake_report_opts_init(&o);
	o.format = data[0] & 3;
	o.previous = (data[0] >> 2) & 1;
	if (!(data[0] & 8))
		o.end = INT64_C(1710115200000000000);	/* 2024-03-11 */
	if (data[0] & 16)
		o.period = INT64_C(86400000000000);
	if (wake_report_new(&r, &o) != WAKE_OK)
		abort();
	if (wake_input_open_mem(&in, "fuzz", data + 1, size - 1, NULL) !=
	    WAKE_OK)
		abort();
	if (wake_report_add(r, in, NULL, NULL) == WAKE_ERR_NOMEM)
		abort();
	wake_input_free(in);
	if (wake_input_open_mem(&in, "fuzz", data + 1, size - 1, NULL) !=
	    WAKE_OK)
		abort();
	if (wake_report_add_causes(r, in, data[0] & 32 ? "INC-1" : NULL,
	    NULL, NULL) == WAKE_ERR_NOMEM)
		abort();
	wake_input_free(in);
	rc = wake_report_write(r, &out);
	if (rc != WAKE_OK && rc != WAKE_EOF)
		abort();
	if (out.n > 0 && memchr(out.p, 0x1b, out.n) != NULL)
		abort();
	if (out.n > 0 && (o.format == WAKE_REPORT_HTML ||
	    o.format == WAKE_REPORT_MD) &&
	    memmem(out.p, out.n, "<script", 7) != NULL)
		abort();
	wake_buf_free(&out);
	wake_report_free(r);
	return 0;
}
