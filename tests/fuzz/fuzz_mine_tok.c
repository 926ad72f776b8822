/*
 * Fuzz the template miner's tokenizer and tree: the first byte picks
 * the masks (its low bits, and bit 7 for the kv and quote classes), the
 * rest is lines of text.  Each line is tokenized (checking the tokens
 * lie in the output, within the limits), masked, mined and matched; then
 * all of it is mined again as an input, on two threads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <wake/input.h>
#include <wake/mine.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines come in order, each with a template that can be found. */
static int
each(void *arg, const char *p, size_t n, uint64_t no, uint64_t id)
{
	uint64_t *last = arg;

	(void)p;
	(void)n;
	(void)id;
	if (no != *last + 1)
		abort();
	*last = no;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end, *nl;
	struct wake_mine_opts o = WAKE_MINE_OPTS_INIT;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wk_mtoks *tk;
	struct wake_miner *m;
	struct wake_mine_rec r;
	uint64_t id;
	size_t i, n;

	if (size == 0)
		return 0;
	o.masks = data[0] & 0x7f;
	if (data[0] & 0x80)
		o.masks |= WAKE_MASK_KV | WAKE_MASK_QUOTE;
	o.max_templates = 50;
	o.depth = data[0] & 3;
	p++;
	end = (const char *)data + size;
	if ((tk = calloc(1, sizeof(*tk))) == NULL)
		return 0;
	if (wake_miner_new(&m, &o) != WAKE_OK) {
		free(tk);
		return 0;
	}
	memset(&r, 0, sizeof(r));
	r.ts = WAKE_TIME_NONE;
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (wk_mine_tokenize(tk, p, n, o.masks) != WAKE_OK)
			break;
		if (tk->n > WK_MTOK_MAX || tk->len > 3 * n + 16)
			abort();
		for (i = 0; i < tk->n; i++) {
			const struct wk_mtok *t = &tk->t[i];

			if (t->len == 0 || t->len > WK_MTOK_LEN ||
			    (size_t)t->off + t->len > tk->len)
				abort();
			if ((t->flags & WK_MT_WILD) && (t->len != 3 ||
			    memcmp(tk->text + t->off, "<*>", 3) != 0))
				abort();
			if (i == 0 && (t->flags & WK_MT_JOIN))
				abort();
			if (memchr(tk->text + t->off, ' ', t->len) != NULL)
				abort();
		}
		b.n = 0;
		(void)wake_mine_mask(p, n, o.masks, &b);
		r.src.p = p;
		r.src.n = n > 0 ? 1 : 0;
		r.msg.p = p;
		r.msg.n = n;
		if (wake_miner_add(m, &r, &id) != WAKE_OK)
			break;
		if (wake_miner_match(m, p, r.src.n, p, n, &id) != WAKE_OK)
			abort();	/* what was just mined must match */
		p = nl + 1;
	}
	{
		struct wake_input *in;
		uint64_t last = 0;

		if (wake_input_open_mem(&in, "fuzz", data + 1, size - 1,
		    NULL) == WAKE_OK) {
			(void)wake_miner_add_lines(m, in, each, &last);
			wake_input_free(in);
		}
	}
	b.n = 0;
	(void)wake_miner_write_table(m, &b);
	b.n = 0;
	(void)wake_miner_canon(m);
	(void)wake_miner_save(m, &b);
	wake_buf_free(&b);
	wake_miner_free(m);
	wk_mine_toks_free(tk);
	free(tk);
	return 0;
}
