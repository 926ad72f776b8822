/*
 * Incidents, their phases and the intervals between them (wake(7),
 * wake-intervals(1)).  Shared by wake-detect, which finds incidents,
 * and by the tools that read them: wake-intervals, wake-cause,
 * wake-timeline, wake-report and wake-postmortem.
 *
 * An incident travels in two forms:
 *  - phase events in the event stream: kind=phase, src=wake, one per
 *    known phase, ts = the phase's time, attrs incident=ID phase=NAME
 *    why="what triggered it" and, for a marker, ref=ORIGIN (the origin
 *    of the event that was the marker).  wake-detect writes an
 *    incident's phase events when the incident closes, so they may
 *    come after later events: readers collect them from anywhere in
 *    the stream.
 *  - the incident table, TSV: a "#wake incidents 1" line, a header
 *    row, then one row per incident with the columns
 *	id start detect ack mitigate recover resolve basis title series
 *    times in the 24-byte UTC form or "-", basis "measured" (a rate
 *    anomaly) or "declared" (markers only), title free text, series a
 *    "; "-separated list of "NAME onset..end peak=VALUE" entries.
 *    Fields are escaped as event fields are (\\ \t \n \r).
 */
#ifndef WAKE_INCIDENT_H
#define WAKE_INCIDENT_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/time.h>
#include <wake/wake.h>

enum wake_phase {
	WAKE_PHASE_START = 0,	/* impact begins (measured) */
	WAKE_PHASE_DETECT,	/* first alert or first human report */
	WAKE_PHASE_ACK,		/* first acknowledgement */
	WAKE_PHASE_MITIGATE,	/* first mitigating action */
	WAKE_PHASE_RECOVER,	/* measured: every series back at baseline */
	WAKE_PHASE_RESOLVE,	/* declared resolution (the last one) */
	WAKE_PHASE_COUNT
};

/* "start", "detect", ...; parse returns -1 when unknown. */
const char *wake_phase_name(int phase);
int wake_phase_parse(const char *s, size_t n);

#define WAKE_INCIDENT_MEASURED	0
#define WAKE_INCIDENT_DECLARED	1

struct wake_incident {
	char		 id[40];		/* INC-YYYYMMDD-N */
	wake_time_t	 t[WAKE_PHASE_COUNT];	/* WAKE_TIME_NONE: unknown */
	char		*why[WAKE_PHASE_COUNT];	/* NULL or text */
	char		*ref[WAKE_PHASE_COUNT];	/* NULL or FILE:LINE */
	int		 basis;			/* WAKE_INCIDENT_* */
	char		*title;			/* NULL or text */
	char		*series;		/* NULL or text, see above */
};

/* A list of incidents, in order of start (then id). */
struct wake_incidents {
	struct wake_incident	*v;
	size_t			 n;
	size_t			 cap;
};
#define WAKE_INCIDENTS_INIT { NULL, 0, 0 }

void wake_incidents_free(struct wake_incidents *l);

/* The incident with this id, added (all phases unknown) when absent;
 * NULL when out of memory. */
struct wake_incident *wake_incidents_get(struct wake_incidents *l,
    const char *id, size_t n);

/*
 * Take one event: a phase event (kind=phase with incident= and phase=)
 * sets that phase of its incident (and why, ref); any other event is
 * ignored.  Returns 1 when the event was a phase event, 0 when not,
 * or WAKE_ERR_NOMEM.
 *
 * (Added:) The same phase seen twice keeps the earliest time, but the
 * latest for recover and resolve, so event order does not matter.  An
 * event with an unknown phase name, or an id that is empty, longer
 * than 39 bytes or holds a NUL, is not a phase event (0).  Optional
 * attrs basis=measured|declared, title= and series= fill in what the
 * table holds beside the times (wake_incident_events writes them on an
 * incident's first phase event); without basis=, an incident is
 * declared until a recover phase makes it measured.
 */
int wake_incidents_add_event(struct wake_incidents *l,
    const struct wake_event *ev);

/* Sort by start (incidents without one last), then id. */
void wake_incidents_sort(struct wake_incidents *l);

/*
 * Read an incident table from in (all of it), or write one (with its
 * "#wake incidents 1" line and header row).  Read errors return
 * WAKE_ERR_FORMAT with line and reason in *why (static text).
 *
 * Reading takes columns by their header name (unknown ones are
 * skipped), "-" as unknown, a row whose id was seen before as more of
 * that incident (its known fields win), and sorts the list at the end.
 * A table wake_incidents_write wrote reads back to the same bytes.  A
 * read error stops at that row: the rows before it are kept.  An input
 * error returns the input's code with *why "read error" (detail from
 * wake_input_error()).
 */
struct wake_input;

/* (Added.) The first line of an incident table. */
#define WAKE_INCIDENTS_MAGIC	"#wake incidents 1"

/*
 * (Added.) Do the n leading bytes p of an input (wake_input_peek) start
 * an incident table?  1 or 0.
 */
int wake_incidents_is_table(const char *p, size_t n);

int wake_incidents_read(struct wake_incidents *l, struct wake_input *in,
    uint64_t *line, const char **why);
int wake_incidents_write(const struct wake_incidents *l,
    struct wake_buf *out);

/* Forms an input may take, for wake_incidents_load. */
#define WAKE_INCIDENTS_AUTO	0	/* sniffed from the first line */
#define WAKE_INCIDENTS_TABLE	1
#define WAKE_INCIDENTS_EVENTS	2	/* TSV or JSON Lines events */

/*
 * (Added.) Collect the incidents of one input, whole: an incident table,
 * or an event stream whose phase events are taken from anywhere (and
 * whose every event, phase or not, is lent to fn when fn is not NULL;
 * a nonzero return stops the read).  Bad lines of a stream are skipped
 * and the table's first bad row ends the read; each goes to diag (when
 * not NULL) as origin, line, reason, and so does an input error.
 * Returns WAKE_OK, WAKE_ERR_FORMAT when something was bad, WAKE_EOF
 * when fn stopped it, an input error, or WAKE_ERR_NOMEM.  The list is
 * sorted after a table; after events call wake_incidents_sort().
 */
int wake_incidents_load(struct wake_incidents *l, struct wake_input *in,
    int form, int (*fn)(void *arg, const struct wake_event *ev), void *arg,
    wake_diag_fn diag, void *diag_arg);

/*
 * The phase events of one incident, in phase order, each built in ev
 * (which the caller has initialised) and handed to fn.
 */
int wake_incident_events(const struct wake_incident *inc,
    int (*fn)(void *arg, const struct wake_event *ev), void *arg,
    struct wake_event *ev);

/* ---- intervals (DESIGN.md "Phases and intervals") ---- */

enum wake_interval {
	WAKE_IV_TTD = 0,	/* detect - start */
	WAKE_IV_TTA,		/* ack - detect */
	WAKE_IV_TTM,		/* mitigate - start */
	WAKE_IV_TTR,		/* recover - start */
	WAKE_IV_DTR,		/* recover - detect */
	WAKE_IV_DVM,		/* resolve - recover (declared vs measured) */
	WAKE_IV_COUNT
};

/* "ttd", "tta", ... */
const char *wake_interval_name(int iv);

/* The interval in ns, or WAKE_TIME_NONE when a phase is missing. */
int64_t wake_incident_interval(const struct wake_incident *inc, int iv);

/* Over many incidents: the ones that have the interval, and the rest. */
struct wake_interval_stats {
	size_t	n;		/* incidents with the interval */
	size_t	missing;	/* incidents without it */
	int64_t	mean;		/* ns; all four 0 when n is 0 */
	int64_t	median;
	int64_t	p90;		/* nearest rank */
	int64_t	max;
};
int wake_intervals_summarise(const struct wake_incidents *l, int iv,
    struct wake_interval_stats *st);

/* (Added.) Formats of wake_intervals_write. */
#define WAKE_IVF_TEXT	0	/* aligned tables, durations as 1h02m */
#define WAKE_IVF_MD	1	/* Markdown tables, durations as 1h02m */
#define WAKE_IVF_TSV	2	/* TSV, times in full, intervals in seconds */
#define WAKE_IVF_JSON	3	/* one JSON document, intervals in seconds */

/*
 * (Added.) What wake-intervals(1) prints for the incidents of l (in
 * their order): per incident its phases and intervals, then each
 * interval over them all (n of N, mean, median, p90, max).  Text from
 * the incidents is escaped for the format.  Returns WAKE_OK,
 * WAKE_ERR_USAGE for an unknown format, or a buffer error.
 */
int wake_intervals_write(const struct wake_incidents *l, int format,
    struct wake_buf *out);

/*
 * A duration for people: "45s", "12m30s", "1h02m", "2d03h" (the two
 * largest units), "-" for WAKE_TIME_NONE, a leading '-' when negative;
 * whole seconds (a part second is dropped, "0s" under one second).
 * Returns the length written (always NUL-terminated, n >= 16 enough).
 * (wake_duration_format() of <wake/time.h>, which this header once
 * declared again with another return type, is the general form: it
 * shows "500ms" and has no "-".)
 */
size_t wake_interval_format(int64_t ns, char *buf, size_t n);

#endif /* WAKE_INCIDENT_H */
