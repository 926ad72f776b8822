/*
 * Fuzz the incident table reader.  Whatever it reads must write out as
 * a table that reads back to the same bytes, and as phase events that
 * collect (in reverse order) into the same table; the intervals and
 * their summary must hold up on whatever times came in.  The loader
 * takes the same bytes as a table and as an event stream.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <wake/incident.h>
#include <wake/input.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
to_tsv(void *arg, const struct wake_event *ev)
{
	return wake_event_write_tsv(ev, arg);
}

static void
read_mem(struct wake_incidents *l, const void *p, size_t n, int *rc)
{
	struct wake_input *in;
	const char *why;
	uint64_t line;

	if (wake_input_open_mem(&in, "fuzz", p, n, NULL) != WAKE_OK)
		abort();
	*rc = wake_incidents_read(l, in, &line, &why);
	if (*rc != WAKE_OK && why == NULL)
		abort();
	wake_input_free(in);
}

/* Phase events of every incident, collected again from the last up. */
static void
via_events(const struct wake_incidents *l, struct wake_incidents *m)
{
	struct wake_buf evs = WAKE_BUF_INIT;
	struct wake_event ev;
	const char *why, *p, *nl;
	size_t i;

	wake_event_init(&ev);
	for (i = 0; i < l->n; i++)
		if (wake_incident_events(&l->v[i], to_tsv, &evs, &ev) !=
		    WAKE_OK)
			abort();
	wake_event_free(&ev);
	for (p = evs.n > 0 ? evs.p + evs.n : NULL; p != NULL && p > evs.p;
	    p = nl) {
		for (nl = p - 1; nl > evs.p && nl[-1] != '\n'; nl--)
			;
		wake_event_init(&ev);
		if (wake_event_read(&ev, nl, (size_t)(p - nl - 1), &why) !=
		    WAKE_OK || wake_incidents_add_event(m, &ev) != 1)
			abort();
		wake_event_free(&ev);
	}
	wake_buf_free(&evs);
	wake_incidents_sort(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wake_incidents l = WAKE_INCIDENTS_INIT;
	struct wake_incidents l2 = WAKE_INCIDENTS_INIT;
	struct wake_incidents m = WAKE_INCIDENTS_INIT;
	struct wake_buf y = WAKE_BUF_INIT, y2 = WAKE_BUF_INIT;
	struct wake_buf y3 = WAKE_BUF_INIT;
	struct wake_interval_stats st;
	char dur[32];
	size_t i, timed = 0;
	int rc, iv, p;

	read_mem(&l, data, size, &rc);
	if (wake_incidents_write(&l, &y) != WAKE_OK)
		abort();
	read_mem(&l2, y.p, y.n, &rc);
	if (rc != WAKE_OK || wake_incidents_write(&l2, &y2) != WAKE_OK ||
	    y.n != y2.n || memcmp(y.p, y2.p, y.n) != 0)
		abort();
	/* Incidents with no time at all have no phase events. */
	for (i = 0; i < l.n; i++) {
		for (p = 0; p < WAKE_PHASE_COUNT; p++)
			if (l.v[i].t[p] != WAKE_TIME_NONE)
				break;
		timed += p < WAKE_PHASE_COUNT;
	}
	if (timed == l.n) {
		via_events(&l, &m);
		if (wake_incidents_write(&m, &y3) != WAKE_OK ||
		    y.n != y3.n || memcmp(y.p, y3.p, y.n) != 0)
			abort();
	}
	for (iv = 0; iv < WAKE_IV_COUNT; iv++) {
		if (wake_intervals_summarise(&l, iv, &st) != WAKE_OK ||
		    st.n + st.missing != l.n || st.median > st.max ||
		    st.p90 > st.max || st.mean > st.max)
			abort();
		for (i = 0; i < l.n; i++)
			if (wake_interval_format(wake_incident_interval(&l.v[i],
			    iv), dur, sizeof(dur)) != strlen(dur))
				abort();
	}
	/* The same bytes through the loader, in both forms. */
	for (p = WAKE_INCIDENTS_AUTO; p <= WAKE_INCIDENTS_EVENTS; p++) {
		struct wake_incidents e = WAKE_INCIDENTS_INIT;
		struct wake_input *in;

		if (wake_input_open_mem(&in, "fuzz", data, size, NULL) !=
		    WAKE_OK)
			abort();
		rc = wake_incidents_load(&e, in, p, NULL, NULL, NULL, NULL);
		if (rc == WAKE_ERR_NOMEM || rc == WAKE_EOF)
			abort();
		wake_incidents_sort(&e);
		y3.n = 0;
		if (wake_incidents_write(&e, &y3) != WAKE_OK)
			abort();
		wake_input_free(in);
		wake_incidents_free(&e);
	}
	wake_buf_free(&y);
	wake_buf_free(&y2);
	wake_buf_free(&y3);
	wake_incidents_free(&l);
	wake_incidents_free(&l2);
	wake_incidents_free(&m);
	return 0;
}
