/*
 * Fuzz the JSON tokenizer: no crash, consistent token tree, and every
 * string token unescapes, and escaping that reads back the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NTOK	128

/* Check the subtree at i; returns the index after it. */
static int
walk(const struct wk_jtok *t, int i, int nt)
{
	int j = i + 1, m;

	if (i >= nt)
		abort();
	if (t[i].type == WK_J_OBJ || t[i].type == WK_J_ARR) {
		for (m = 0; m < t[i].size; m++) {
			if (t[i].type == WK_J_OBJ) {
				if (t[j].type != WK_J_STR)
					abort();
				if (wk_json_get(t, i, "ts") < -1)
					abort();
				j = walk(t, j, nt);
			}
			j = walk(t, j, nt);
		}
	} else if (t[i].size != 0)
		abort();
	if (t[i].next != j)
		abort();
	return j;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wk_jtok toks[NTOK];
	struct wake_buf u = WAKE_BUF_INIT, e = WAKE_BUF_INIT;
	struct wake_buf q = WAKE_BUF_INIT, u2 = WAKE_BUF_INIT;
	struct wk_jtok t1;
	const char *why, *doc;
	char *copy;
	int nt, i;

	/* An exact-size heap copy: reads past the end are caught. */
	if ((copy = malloc(size + 1)) == NULL)
		abort();
	memcpy(copy, data, size);
	doc = copy;
	nt = wk_json_parse(doc, size, toks, NTOK, &why);
	if (nt < -2 || nt == 0 || (nt < 0 && why == NULL))
		abort();
	if (nt > 0) {
		if (walk(toks, 0, nt) != nt)
			abort();
		for (i = 0; i < nt; i++) {
			if (toks[i].type != WK_J_STR)
				continue;
			u.n = e.n = q.n = u2.n = 0;
			if (wk_json_unescape(toks[i].p, toks[i].n, &u) !=
			    WAKE_OK)
				abort();
			if (u.n > toks[i].n)
				abort();
			if (wk_json_escape(u.p, u.n, &e) != WAKE_OK ||
			    wake_buf_putc(&q, '"') != WAKE_OK ||
			    wake_buf_put(&q, e.p, e.n) != WAKE_OK ||
			    wake_buf_putc(&q, '"') != WAKE_OK)
				abort();
			if (wk_json_parse(q.p, q.n, &t1, 1, &why) != 1 ||
			    wk_json_unescape(t1.p, t1.n, &u2) != WAKE_OK)
				abort();
			if (u.n != u2.n || memcmp(u.p, u2.p, u.n) != 0)
				abort();
		}
	}
	free(copy);
	wake_buf_free(&u);
	wake_buf_free(&e);
	wake_buf_free(&q);
	wake_buf_free(&u2);
	return 0;
}
