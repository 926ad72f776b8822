/*
 * Fuzz the chat formats: every line through irc and mattermost, each
 * with state (dates carried, replies handed out by more()) and without;
 * the first line is also the input's name (channel from it).  Every
 * event is written in both forms (so ASan sees every byte it points
 * at), every refusal must say why.  Not fmt_fuzz.h: these formats answer
 * WK_META for their header lines, and mattermost makes more events of a
 * line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct wake_tz *tz;

static void
check(const struct wake_event *ev, struct wake_buf *out)
{
	if (ev->ts == WAKE_TIME_NONE || ev->sev < WAKE_SEV_NONE ||
	    ev->sev > WAKE_SEV_DEBUG || ev->kind != WAKE_KIND_CHAT)
		abort();
	out->n = 0;
	if (wake_event_write_tsv(ev, out) != WAKE_OK ||
	    wake_event_write_json(ev, out) != WAKE_OK)
		abort();
}

static void
run(const struct wk_format *f, const char *p, const char *end,
    const char *name, int stateless)
{
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_event ev;
	struct wk_pctx c;
	const char *nl, *why;
	char *line;
	size_t n, k;
	int r;

	memset(&c, 0, sizeof(c));
	c.tz = tz;
	c.mtime = 1708595892;
	c.name = name;
	c.fmt_data = f->data;
	c.state = stateless ? NULL : f->init(f->data);
	if (!stateless && c.state == NULL)
		abort();
	wake_event_init(&ev);
	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		/* An exact-size copy, so reads past the line are caught. */
		if ((line = malloc(n + 1)) == NULL)
			abort();
		memcpy(line, p, n);
		wake_event_reset(&ev);
		why = NULL;
		c.tzflags = 0;
		r = f->parse(&c, line, n, &ev, &why);
		if (r == WK_NOMATCH && why == NULL)
			abort();
		if (r == WK_EVENT) {
			check(&ev, &out);
			for (k = 0; f->more != NULL; k++) {
				if (k > 1000000)
					abort();
				wake_event_reset(&ev);
				if (f->more(&c, &ev) != WK_EVENT)
					break;
				check(&ev, &out);
			}
		} else if (r != WK_NOMATCH && r != WK_META)
			abort();
		free(line);
		p = nl + 1;
	}
	wake_event_free(&ev);
	wake_buf_free(&out);
	if (f->fini != NULL)
		f->fini(c.state);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl, *why;
	char name[256], chan[160];
	size_t n;

	if (tz == NULL && wake_tz_open("America/New_York", &tz, &why) != 0 &&
	    wake_tz_open("UTC", &tz, &why) != 0)
		abort();
	nl = memchr(p, '\n', size);
	n = WK_MIN(nl != NULL ? (size_t)(nl - p) : size, sizeof(name) - 1);
	memcpy(name, p, n);
	name[n] = '\0';
	if (wk_chat_channel(name, chan, sizeof(chan)) >= sizeof(chan) ||
	    strlen(chan) >= sizeof(chan))
		abort();
	run(&wk_fmt_irc, p, end, name, 0);
	run(&wk_fmt_irc, p, end, name, 1);
	run(&wk_fmt_mattermost, p, end, name, 0);
	run(&wk_fmt_mattermost, p, end, name, 1);
	return 0;
}
