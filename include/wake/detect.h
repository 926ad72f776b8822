/*
 * Incident detection (wake-detect(1)): one pass over a time-ordered
 * event stream, in bounded memory (state per series and per open
 * incident only).
 *
 * Events are counted per series and per time bin: by default one series
 * per src and sev; calls (kind=call, event=enter: offered) per src;
 * chat per src and channel; kind=metric per src and metric name, summed
 * from value=.  Each closed bin is compared with its baseline: from
 * the trailing window (a clipped mean, the median absolute deviation
 * as the spread) or, once two days of history are there, from the
 * same time of day on the previous days scaled to the last hour.
 * Counts summed over a short and a long smoothing window that rise
 * well above the baseline (spike) or fall to near zero from a clearly
 * nonzero baseline (drop) open an anomaly window; it closes at a lower
 * threshold (hysteresis), and windows shorter than the minimum
 * duration are dropped.  Windows that overlap or come within the join
 * time of each other form one incident.  Bins close as the stream's
 * time moves on, so a series that falls silent is seen while the
 * others go on.  wake-detect(1) has the method in full.
 *
 * Markers (kind=alert, and events with attr phase=detect|ack|mitigate|
 * resolve) give an incident its detect, ack, mitigate and resolve
 * times; a cluster of markers without a rate anomaly (an alert, an ack,
 * a resolve) is an incident of basis "declared".
 *
 * See include/wake/incident.h for how incidents are written.
 */
#ifndef WAKE_DETECT_H
#define WAKE_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/input.h>
#include <wake/wake.h>

struct wake_incident;
struct wake_incidents;
struct wake_rules;

struct wake_detect_opts {
	/*
	 * Series fields for log events, a comma list of src, host, sev,
	 * kind and attr:NAME; NULL for "src,sev".
	 */
	const char	*by;
	/* Durations, ns. */
	int64_t		 bin;		/* counting bin (1m) */
	int64_t		 window;	/* trailing baseline window (1h) */
	int64_t		 smooth;	/* counts summed over this (5m) */
	int64_t		 min_duration;	/* shorter windows ignored (3m) */
	int64_t		 join;		/* windows this close: one (15m) */
	int64_t		 settle;	/* back at baseline this long (10m) */
	int64_t		 lead;		/* markers this early count (30m) */
	int64_t		 grace;		/* resolve this late counts (2h) */
	int64_t		 gap;		/* markers this far apart: two
					   declared incidents (1h) */
	/*
	 * Thresholds over the smoothing window: a spike opens when the
	 * sum is threshold robust deviations above the baseline, at
	 * least min_excess events above it and ratio times it; it closes
	 * below half of each.  A drop opens when the baseline is at least
	 * drop_min events and the sum falls to drop_ratio of it (and
	 * threshold deviations below), and closes above twice that.
	 */
	double		 threshold;	/* 4 */
	double		 min_excess;	/* 5 */
	double		 ratio;		/* 1.5 */
	double		 drop_ratio;	/* 0.2 */
	double		 drop_min;	/* 10 */
	size_t		 max_series;	/* more go to "(other)" (1000) */
	/* Events are not copied to out: only phase events are written. */
	int		 quiet;
	/*
	 * Classification rules (borrowed) for the lines wake_detect_run
	 * and wake_detect_line read: applied, for detection only (lines
	 * are copied as they came), to events without a rule= attr, of
	 * kind chat, alert or report, or of every kind when rules_all is
	 * set.  NULL: none.
	 */
	const struct wake_rules *rules;
	int		 rules_all;
	/*
	 * Output as in wake_stats_opts: lines appended to out, and
	 * flush(flush_arg) called when out holds 256 KiB or more (nonzero
	 * stops the run); the caller writes what is left at the end.
	 * Phase events are written as the input's first event was (TSV
	 * or JSON Lines; TSV when there was none).
	 */
	struct wake_buf	*out;
	int		(*flush)(void *arg);
	void		*flush_arg;
	/* When set, receives per incident a few lines of text (each
	 * ending in LF) saying which series and numbers made it. */
	void		(*explain)(void *arg, const char *text, size_t n);
	void		*explain_arg;
	/* Bad lines, limits reached. */
	wake_diag_fn	 diag;
	void		*diag_arg;
};

/* Fill o with the defaults above (sensitivity normal). */
void wake_detect_opts_init(struct wake_detect_opts *o);

/*
 * Set the thresholds of a sensitivity: "low" (threshold 6, min_excess
 * 10, ratio 2, drop_ratio 0.1, min_duration 5m), "normal" (the
 * defaults) or "high" (3, 3, 1.3, 0.3, 2m).  Returns WAKE_OK or
 * WAKE_ERR_USAGE for another name.
 */
int wake_detect_sensitivity(struct wake_detect_opts *o, const char *name);

struct wake_detect;

/* Make a detector.  Returns WAKE_OK or WAKE_ERR_NOMEM. */
int wake_detect_new(struct wake_detect **dp);
/* wake_detect_free(NULL) does nothing. */
void wake_detect_free(struct wake_detect *d);

/*
 * Take the options (copied; out, callbacks and their args stay
 * borrowed).  Call once, before any event.  Returns WAKE_OK,
 * WAKE_ERR_USAGE with the reason in wake_detect_error() (a bad --by
 * field, a zero bin, a window shorter than the smoothing), or
 * WAKE_ERR_NOMEM.
 */
int wake_detect_setup(struct wake_detect *d,
    const struct wake_detect_opts *o);

/* Detail of the last failed call; never NULL. */
const char *wake_detect_error(const struct wake_detect *d);

/*
 * Read every line of in (TSV or JSON Lines), named name in diagnostics
 * (NULL: its origin), copy each to out unless quiet (metadata lines
 * too, bytes unchanged) and count its event.  Bad lines are copied and
 * go to the diag callback.  Returns WAKE_OK, WAKE_EOF when the output
 * asked to stop, the input's error (detail in wake_input_error()), or
 * WAKE_ERR_NOMEM.
 */
int wake_detect_run(struct wake_detect *d, struct wake_input *in,
    const char *name);

/*
 * One line (n bytes, without its LF) as wake_detect_run takes it.
 * Returns WAKE_OK, WAKE_EOF (stop) or WAKE_ERR_NOMEM.
 */
int wake_detect_line(struct wake_detect *d, const char *line, size_t n);

/*
 * Count one event (not copied to out).  Events must come in time
 * order; an event older than the current bin is counted in it.
 * Returns WAKE_OK, WAKE_EOF (stop) or WAKE_ERR_NOMEM.
 */
int wake_detect_add(struct wake_detect *d, const struct wake_event *ev);

/*
 * The end of the input: incidents still open are closed (a series
 * still anomalous leaves recover unknown) and their phase events
 * written.  Returns WAKE_OK, WAKE_EOF or WAKE_ERR_NOMEM.  Only
 * wake_detect_incidents and wake_detect_free may follow.
 */
int wake_detect_finish(struct wake_detect *d);

/*
 * The incidents closed so far, in the order they closed (after
 * wake_detect_finish, in order of start); lent.
 */
const struct wake_incidents *wake_detect_incidents(
    const struct wake_detect *d);

#endif /* WAKE_DETECT_H */
