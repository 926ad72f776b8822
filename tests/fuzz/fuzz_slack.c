/*
 * Fuzz the Slack export reader: the bytes as users.json, channels.json
 * and a day file of messages, then every message out (markup made
 * plain, names resolved); and, when the input holds a line "=====",
 * what is before it as users.json and what is after as the day file.
 * Every event is written in both forms, so ASan sees every byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
out(void *arg, struct wake_event *ev, const char *member, uint64_t line)
{
	struct wake_buf *b = arg;

	if (member == NULL || line == 0 || (ev->kind != WAKE_KIND_CHAT &&
	    ev->kind != WAKE_KIND_RAW))
		abort();
	b->n = 0;
	if (wake_event_write_tsv(ev, b) != WAKE_OK ||
	    wake_event_write_json(ev, b) != WAKE_OK)
		abort();
	return 0;
}

/* An exact-size copy, so reads past the end are caught. */
static char *
copy(const void *p, size_t n)
{
	char *c = malloc(n + 1);

	if (c == NULL)
		abort();
	memcpy(c, p, n);
	return c;
}

static void
one(const char *users, size_t nu, const char *day, size_t nd, int chans)
{
	struct wake_buf b = WAKE_BUF_INIT;
	struct wk_slack *s;
	const char *why;
	char *u = copy(users, nu), *d = copy(day, nd);
	int rc;

	if (wk_slack_new(&s) != WAKE_OK)
		abort();
	if (users != NULL)
		wk_slack_users(s, u, nu, &why);
	if (chans)
		wk_slack_channels(s, u, nu, &why);
	why = NULL;
	rc = wk_slack_day(s, "general", 7, "x.zip//general/2024-02-22.json",
	    d, nd, &why);
	if (rc == WAKE_ERR_FORMAT && why == NULL)
		abort();
	if (rc == WAKE_OK || rc == WAKE_ERR_FORMAT)
		rc = wk_slack_emit(s, out, &b);
	if (rc != WAKE_OK && rc != WAKE_ERR_NOMEM && rc != WAKE_ERR_LIMIT)
		abort();
	wk_slack_free(s);
	wake_buf_free(&b);
	free(u);
	free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *sep;

	one(p, size, p, size, 1);
	sep = size >= 7 ? memmem(p, size, "\n=====\n", 7) : NULL;
	if (sep != NULL)
		one(p, (size_t)(sep - p), sep + 7, size - (size_t)(sep - p) - 7,
		    0);
	return 0;
}
