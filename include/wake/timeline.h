/*
 * The incident timeline (wake-timeline(1)): from an event stream with
 * phase events, the entries that tell an incident's story, picked
 * rather than listed:
 *
 *	phase		the incident's phases (start, detect, ... resolve)
 *	marker		every event with attr phase=detect|ack|mitigate|
 *			resolve (a chat "rolled back", an alert)
 *	change		kind=change (or change=) in the lookback or window
 *	alert		the first of each distinct alert in the window
 *	template	the first occurrence in the window of each top
 *			template (tmpl=, else the masked message), ranked by
 *			its rate in the window against the lookback
 *	host		the first error of each newly failing host
 *	chat		the first chat messages of the incident
 *	calls		call-center surge onset, peak, return to normal
 *	reports		customer-report onset and peak (kind=metric value=)
 *	recovery	each affected source back at its baseline
 *	event		with all: every other event in the window
 *
 * One pass over the events in time order; phase events may come
 * anywhere (wake-detect writes them when an incident closes).  Memory:
 * per-minute counts per source over the input's span, per-template and
 * per-host counts in the minutes they occur, and the candidate entries
 * of each category (each capped); the selection is made at the end.
 */
#ifndef WAKE_TIMELINE_H
#define WAKE_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/wake.h>

struct wake_tz;
struct wake_cause;

/* Output formats. */
#define WAKE_TL_TEXT	0	/* aligned text, colours when asked */
#define WAKE_TL_MD	1	/* a post-mortem skeleton in Markdown */
#define WAKE_TL_HTML	2	/* one self-contained page with charts */
#define WAKE_TL_JSON	3	/* JSON Lines, an entry a line */
#define WAKE_TL_CSV	4	/* RFC 4180 with a header row */

struct wake_timeline_opts {
	const char	 *incident;	/* id; NULL: the first incident */
	wake_time_t	  start;	/* window (both or neither); */
	wake_time_t	  end;		/*   NONE: from the incident */
	int64_t		  lookback;	/* ns before start for changes and
					   baselines; 0: 6h */
	size_t		  max;		/* entries shown; 0: 40 */
	int		  all;		/* every event in the window */
	/* Extra time columns: zones (borrowed for the life of the
	 * timeline). */
	struct wake_tz	*const *tz;
	size_t		  ntz;
	int		  color;	/* text: ANSI colours */
	wake_diag_fn	  diag;		/* limits reached, bad cause lines */
	void		 *diag_arg;
};

/* Fill o with the defaults (no incident, no window, no zones). */
void wake_timeline_opts_init(struct wake_timeline_opts *o);

struct wake_timeline;

/* Make a timeline; opts copied (strings too).  WAKE_OK or _NOMEM. */
int wake_timeline_new(struct wake_timeline **tp,
    const struct wake_timeline_opts *o);
/* wake_timeline_free(NULL) does nothing. */
void wake_timeline_free(struct wake_timeline *t);

/*
 * Take one event (lent for the call), in time order.  Returns WAKE_OK,
 * WAKE_ERR_NOMEM, or WAKE_ERR_LIMIT when all is set and the events in
 * the window passed the cap (detail in wake_timeline_error()).
 */
int wake_timeline_add(struct wake_timeline *t, const struct wake_event *ev);

/*
 * Read the events of one input (TSV or JSON Lines; '#' lines and empty
 * lines skipped) into wake_timeline_add().  A line that is not an event
 * goes to diag (when not NULL) with the input's name and line number,
 * and is skipped.  Returns WAKE_OK, WAKE_ERR_NOMEM, WAKE_ERR_LIMIT, or
 * WAKE_ERR_IO / WAKE_ERR_FORMAT from the input (wake_input_error()).
 */
struct wake_input;
int wake_timeline_run(struct wake_timeline *t, struct wake_input *in,
    wake_diag_fn diag, void *arg);

/*
 * Take one line of cause candidates as wake-cause -J writes them
 * ({"rank":..,"score":..,"kind":..,"summary":..,"evidence":[..]}).
 * Returns WAKE_OK, or WAKE_ERR_FORMAT with the reason in
 * wake_timeline_error() (the line is skipped).
 */
int wake_timeline_cause_json(struct wake_timeline *t, const char *line,
    size_t n);

/* Take the candidates of a finished wake_cause (copied). */
int wake_timeline_cause(struct wake_timeline *t, const struct wake_cause *c);

/*
 * The end of the events: find the incident, select the entries.
 * Returns WAKE_OK, WAKE_ERR_USAGE when there is no such incident (and
 * no window), or WAKE_ERR_NOMEM; detail in wake_timeline_error().
 */
int wake_timeline_finish(struct wake_timeline *t);

/*
 * After finish: the window in use and the incident id ("" when the
 * window was given), so a caller can run wake-cause on it.
 */
void wake_timeline_window(const struct wake_timeline *t, wake_time_t *start,
    wake_time_t *end, const char **incident);

/* After finish: the number of entries selected. */
size_t wake_timeline_count(const struct wake_timeline *t);

/*
 * After finish: append the timeline to out in one of the WAKE_TL_*
 * formats.  Returns WAKE_OK, WAKE_ERR_USAGE (unknown format) or a
 * buffer error.
 */
int wake_timeline_write(const struct wake_timeline *t, int format,
    struct wake_buf *out);

/* Detail of the last error; never NULL. */
const char *wake_timeline_error(const struct wake_timeline *t);

#endif /* WAKE_TIMELINE_H */
