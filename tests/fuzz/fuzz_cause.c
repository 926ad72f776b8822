/*
 * Fuzz the event stream -> root cause path.  Input: two option bytes,
 * then event lines (TSV or JSON Lines) read as wake-cause reads a
 * file, in two passes when the window comes from phase events.
 *
 *	byte 0: bits 0-1 window (0: from the first incident, 1: the
 *		incident "INC-20240222-1", 2: 2024-02-22T09:00Z..10:00Z,
 *		3: 09:00Z.. open), bits 2-3 lookback, bits 4-5 baseline,
 *		bits 6-7 output (text, md, json, all three)
 *	byte 1: bits 0-3 max candidates (0: default), bits 4-7 evidence
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/cause.h>
#include <wake/input.h>

#include "internal.h"

#define NS	INT64_C(1000000000)

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
	static const int64_t spans[4] = { 0, 60 * NS, 3600 * NS,
	    40 * 86400 * NS };
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_cause *c;
	struct wake_input *in;
	wake_time_t s, e;
	int pass, rc = WAKE_OK, fmt;

	if (size < 2)
		return 0;
	switch (data[0] & 3) {
	case 1:
		o.incident = "INC-20240222-1";
		break;
	case 2:
		(void)wake_cause_parse_window(
		    "2024-02-22T09:00:00Z..2024-02-22T10:00:00Z", &s, &e);
		o.start = s;
		o.end = e;
		break;
	case 3:
		(void)wake_cause_parse_window("2024-02-22T09:00:00Z..", &s,
		    &e);
		o.start = s;
		break;
	}
	o.lookback = spans[(data[0] >> 2) & 3];
	o.baseline = spans[(data[0] >> 4) & 3];
	fmt = data[0] >> 6;
	o.max = data[1] & 15;
	o.evidence = data[1] >> 4;
	if (wake_cause_new(&c, &o) != WAKE_OK)
		return 0;
	for (pass = wake_cause_need_scan(c) ? 1 : 2; pass <= 2 &&
	    rc == WAKE_OK; pass++) {
		if (wake_input_open_mem(&in, "fuzz", data + 2, size - 2,
		    NULL) != WAKE_OK)
			break;
		rc = wake_cause_run(c, in, pass, ignore, NULL);
		wake_input_free(in);
	}
	if (rc == WAKE_OK && wake_cause_finish(c) == WAKE_OK) {
		if (fmt == 0 || fmt == 3)
			(void)wake_cause_write_text(c, &out);
		if (fmt == 1 || fmt == 3)
			(void)wake_cause_write_md(c, &out);
		if (fmt == 2 || fmt == 3)
			(void)wake_cause_write_json(c, &out);
	}
	wake_cause_free(c);
	wake_buf_free(&out);
	return 0;
}
