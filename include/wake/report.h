/*
 * The periodic summary (wake-report(1)): over the incidents of a period
 * (a week, say) and the events around them, headline numbers against
 * the previous period, one line per incident, what recurs across them,
 * and the call-center and chat load per day.
 *
 * Use: wake_report_new(), then wake_report_add() for each input (event
 * streams and incident tables, in any order: phase events are taken
 * from anywhere) and wake_report_add_causes() for wake-cause -J output,
 * then wake_report_write().  Memory is bounded by what is summarised,
 * not by the events: per day and channel counts, and for each template
 * and host of warn or worse, its counts per minute.
 */
#ifndef WAKE_REPORT_H
#define WAKE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/input.h>
#include <wake/wake.h>

#define WAKE_REPORT_MD		0
#define WAKE_REPORT_TEXT	1
#define WAKE_REPORT_HTML	2
#define WAKE_REPORT_JSON	3

struct wake_tz;

struct wake_report_opts {
	int		 format;	/* WAKE_REPORT_* */
	int64_t		 period;	/* ns; 0: 7 days */
	/* Exclusive end; WAKE_TIME_NONE: the end of the last whole day
	 * of the input (see wake-report(1)). */
	wake_time_t	 end;
	int		 previous;	/* compare with the period before */
	struct wake_tz	*tz;		/* days' zone (borrowed); NULL: UTC */
	/* Shown as "generated at"; WAKE_TIME_NONE: nothing (same input,
	 * same bytes). */
	wake_time_t	 now;
	/*
	 * The time it is, to tell the last day of the input from a day
	 * still going when end is not given: that day counts when it has
	 * ended by then.  WAKE_TIME_NONE: every day of the input has.
	 */
	wake_time_t	 clock;
	int64_t		 sl;		/* service level threshold; 0: 20 s */
	size_t		 top;		/* templates and hosts listed; 0: 10 */
	const char	*title;		/* NULL: "Incident report" */
};

/* Fill o with the defaults above (markdown, 7 days, end, now and clock
 * WAKE_TIME_NONE, ...). */
void wake_report_opts_init(struct wake_report_opts *o);

struct wake_report;

/* Returns WAKE_OK or WAKE_ERR_NOMEM; opts copied (tz borrowed). */
int wake_report_new(struct wake_report **rp,
    const struct wake_report_opts *o);
void wake_report_free(struct wake_report *r);

/*
 * Read one input, whole: an incident table or an event stream (TSV or
 * JSON Lines).  Bad lines and read errors go to diag (origin, line,
 * reason).  Returns WAKE_OK, WAKE_ERR_FORMAT when some line was bad,
 * the input's error, or WAKE_ERR_NOMEM.
 */
int wake_report_add(struct wake_report *r, struct wake_input *in,
    wake_diag_fn diag, void *diag_arg);

/*
 * Read root-cause candidates as wake-cause -J writes them (JSON Lines,
 * one per candidate).  A candidate belongs to the incident named by its
 * "incident" member, else to incident (when not NULL), else to the
 * incident whose id the input's name contains, else to the incident
 * that starts soonest at or after its "ts" (within a day) or whose
 * window holds it.  The best-ranked candidate of an incident is its top
 * cause.  Returns as wake_report_add; a candidate that fits no incident
 * is reported to diag.
 */
int wake_report_add_causes(struct wake_report *r, struct wake_input *in,
    const char *incident, wake_diag_fn diag, void *diag_arg);

/*
 * Append the report to out.  Returns WAKE_OK, WAKE_EOF when the input
 * held no event at all and no end was given (nothing to report on), or
 * WAKE_ERR_NOMEM / WAKE_ERR_LIMIT.
 */
int wake_report_write(struct wake_report *r, struct wake_buf *out);

#endif /* WAKE_REPORT_H */
