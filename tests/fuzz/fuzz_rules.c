/*
 * Fuzz the rules reader and wake_rules_apply().  Input: a rules file,
 * then optionally a NUL byte and event lines (TSV or JSON, wake(7)).
 * The rules run over the events and over a few fixed ones, twice: with
 * the literal prefilter and without it; both must give the same bytes
 * (a literal the prefilter wrongly requires would drop a match).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <wake/event.h>
#include <wake/rules.h>

#include "internal.h"

static const char *const fixed[] = {
	"2024-02-22T09:19:40.000Z\tcore\tnms-01\tcrit\tlog\t"
	    "FIRING BGPSessionDown: 6 BGP sessions down\tapp=alertmanager",
	"2024-02-22T09:24:12.318Z\tslack\talice\t-\tchat\t"
	    "ack, looking into it \xe2\x80\x94 \xe7\xa2\xba\xe8\xaa\x8d"
	    "\xe4\xb8\xad\tchannel=incident-42 user=alice",
	"2024-02-22T16:20:05.000Z\tchg\tchg-01\tnotice\tlog\t"
	    "CHG-4711 rolled back: 4 of 4 devices restored by ops-deploy\t"
	    "change=CHG-4711",
	"2024-02-22T10:00:00.000Z\tapp\t-\t-\traw\tbad \\xff\\xfe utf-8 "
	    "\\x00 nul Resolved: x\tk=v",
};

/* Apply r to the event of line and write the result to out. */
static void
run(const struct wake_rules *r, const char *line, size_t n,
    struct wake_buf *out)
{
	struct wake_event ev;
	const char *why;

	wake_event_init(&ev);
	if (wake_event_read(&ev, line, n, &why) == WAKE_OK &&
	    wake_rules_apply(r, &ev) >= 0)
		(void)wake_event_write_tsv(&ev, out);
	wake_event_free(&ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wake_rules *a = NULL, *b = NULL;
	struct wake_buf oa = WAKE_BUF_INIT, ob = WAKE_BUF_INIT;
	const char *text = (const char *)data, *ev, *end, *nl;
	size_t ntext = size, i;

	if ((ev = memchr(text, '\0', size)) != NULL) {
		ntext = (size_t)(ev - text);
		ev++;
	}
	if (wake_rules_new(&a) != WAKE_OK || wake_rules_new(&b) != WAKE_OK)
		goto out;
	if (wake_rules_load_mem(a, "fuzz.rules", text, ntext) != WAKE_OK) {
		if (wake_rules_count(a) != 0)
			abort();
		goto out;
	}
	if (wake_rules_load_mem(b, "fuzz.rules", text, ntext) != WAKE_OK)
		abort();
	wk_rules_set_prefilter(b, 0);
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		run(a, fixed[i], strlen(fixed[i]), &oa);
		run(b, fixed[i], strlen(fixed[i]), &ob);
	}
	for (end = text + size; ev != NULL && ev < end; ev = nl + 1) {
		if ((nl = memchr(ev, '\n', (size_t)(end - ev))) == NULL)
			nl = end;
		run(a, ev, (size_t)(nl - ev), &oa);
		run(b, ev, (size_t)(nl - ev), &ob);
	}
	if (oa.n != ob.n || (oa.n > 0 && memcmp(oa.p, ob.p, oa.n) != 0))
		abort();
out:
	wake_buf_free(&oa);
	wake_buf_free(&ob);
	wake_rules_free(a);
	wake_rules_free(b);
	return 0;
}
