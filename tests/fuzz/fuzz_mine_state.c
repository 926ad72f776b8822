/*
 * Fuzz the template miner's state loader: the input is a state file.
 * Whatever loads must save, and what is saved must load again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <wake/mine.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wake_miner *m, *m2;
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_tmpl t;
	size_t i;
	int rc;

	if (wake_miner_new(&m, NULL) != WAKE_OK)
		return 0;
	rc = wake_miner_load(m, (const char *)data, size, "fuzz");
	if (rc != WAKE_OK && rc != WAKE_ERR_FORMAT)
		abort();
	for (i = 0; wake_miner_get(m, i, &t) == WAKE_OK; i++)
		if (wake_miner_find(m, t.id, &t) != WAKE_OK)
			abort();
	(void)wake_miner_match(m, "", 0, "a b c", 5, &t.id);
	if (wake_miner_canon(m) == WAKE_OK &&
	    wake_miner_save(m, &b) == WAKE_OK) {
		if (wake_miner_new(&m2, NULL) == WAKE_OK) {
			if (wake_miner_load(m2, b.p, b.n, "saved") != WAKE_OK)
				abort();
			if (wake_miner_count(m2) > wake_miner_count(m))
				abort();
			wake_miner_free(m2);
		}
	}
	b.n = 0;
	(void)wake_miner_write_table(m, &b);
	wake_buf_free(&b);
	wake_miner_free(m);
	return 0;
}
