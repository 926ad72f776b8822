/*
 * Time series from events (wake-stats(1)): events counted, or a value
 * summed, in fixed time bins per series, a series being one combination
 * of the values of some fields; or, from call events, call-center KPIs
 * per bin and series.
 *
 * Input is read in time order (as wake-merge writes it).  Only the bins
 * still open and the calls still open are held: a bin is written once
 * the stream has moved on past its end (plus a lateness allowance) and,
 * for KPIs, once every call that entered the queue in it has an outcome
 * or has been open too long.  Rows come out in time order, and within a
 * bin in byte order of the series values.  From the first bin in which
 * a series has data to the last bin of the input, every bin has a row
 * for it, zeros when it is empty, so series line up.
 */
#ifndef WAKE_STATS_H
#define WAKE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/input.h>
#include <wake/wake.h>

/* What is measured. */
#define WAKE_STATS_COUNT	0	/* events per bin (metric: value=) */
#define WAKE_STATS_CALLS	1	/* call-center KPIs per bin */

/* How rows are written to out (when no row callback is set). */
#define WAKE_STATS_TSV		0	/* header row, TAB-separated */
#define WAKE_STATS_CSV		1	/* RFC 4180, header row */
#define WAKE_STATS_JSON		2	/* JSON Lines */
#define WAKE_STATS_CHART	3	/* a bar chart, at the end */

/* One row: a bin of one series. */
struct wake_stats_row {
	wake_time_t		 ts;	/* bin start */
	const struct wake_str	*keys;	/* --by values ("-": none) */
	size_t			 nkeys;
	const double		*vals;	/* the value columns */
	size_t			 nvals;
};

/* Receives each row in order; a nonzero return stops the run. */
typedef int (*wake_stats_row_fn)(void *arg, const struct wake_stats_row *row);

struct wake_stats_opts {
	int		 mode;	/* WAKE_STATS_COUNT or _CALLS */
	int64_t		 bin;	/* bin width, ns (whole ms) */
	/*
	 * Series fields, a comma list of src, host, sev, kind, tmpl and
	 * attr:NAME; NULL or "" for one series.
	 */
	const char	*by;
	/* Sum this attr's numbers instead of counting events (COUNT). */
	const char	*sum;
	/*
	 * Durations, ns: the service level threshold; abandons shorter
	 * than short_abandon are set apart (0: none); a call open longer
	 * than max_call is given up; an event may come late behind the
	 * newest and still count.
	 */
	int64_t		 sl;
	int64_t		 short_abandon;
	int64_t		 max_call;
	int64_t		 late;
	int		 sparse;	/* no rows for empty bins */
	/* More series than max_series go to one named "(other)". */
	size_t		 max_series;
	/* Empty bins written for one gap at most: a longer jump in time is
	 * reported and not filled. */
	int64_t		 max_gap;
	int		 format;	/* WAKE_STATS_TSV ... */
	int		 header;	/* TSV and CSV: a header row first */
	/* Chart: the column (NULL: the first value column), the width of
	 * the terminal in cells, and whether Unicode blocks may be used. */
	const char	*chart_column;
	int		 chart_width;
	int		 chart_utf8;
	/*
	 * Output as in wake_merge_opts: formatted rows are appended to
	 * out, and flush(flush_arg) is called when out holds 256 KiB or
	 * more (nonzero stops the run); the caller writes what is left at
	 * the end.  When row is set, rows go to it instead and out is not
	 * used.
	 */
	struct wake_buf	*out;
	int		(*flush)(void *arg);
	void		*flush_arg;
	wake_stats_row_fn row;
	void		*row_arg;
	/* Bad lines, events out of order, limits reached. */
	wake_diag_fn	 diag;
	void		*diag_arg;
};

/*
 * Fill o with the defaults: counts in 1 minute bins, one series, TSV
 * with a header, service level 20 s, short abandons under 5 s, calls
 * given up after 4 h, events up to 1 minute late, 100000 series, gaps
 * of up to 1000000 empty bins filled, a chart 80 cells wide in ASCII.
 */
void wake_stats_opts_init(struct wake_stats_opts *o);

struct wake_stats;

/* Make an aggregator.  Returns WAKE_OK or WAKE_ERR_NOMEM. */
int wake_stats_new(struct wake_stats **sp);
void wake_stats_free(struct wake_stats *s);

/*
 * Take the options (copied; out, callbacks and their args stay
 * borrowed).  Call once, before any event.  Returns WAKE_OK,
 * WAKE_ERR_USAGE with the reason in wake_stats_error() (a bad --by
 * field, a bin of zero, an unknown chart column), or WAKE_ERR_NOMEM.
 */
int wake_stats_setup(struct wake_stats *s, const struct wake_stats_opts *o);

/* Detail of the last failed call; never NULL. */
const char *wake_stats_error(const struct wake_stats *s);

/*
 * The value column names ("count", or "offered", "answered", ...) and
 * their number; the series columns are named by the --by fields (an
 * attr:NAME field by NAME).  Lent for the life of s.
 */
size_t wake_stats_columns(const struct wake_stats *s,
    const char *const **names);

/*
 * Read every event line of in (TSV or JSON Lines; metadata lines are
 * skipped), named name in diagnostics (NULL: its origin).  Bad lines and
 * events that come after their bin was written go to the diag callback.
 * Returns WAKE_OK, WAKE_EOF when the output asked to stop, the input's
 * error (detail in wake_input_error()), or WAKE_ERR_NOMEM.
 */
int wake_stats_run(struct wake_stats *s, struct wake_input *in,
    const char *name);

/* Add one event.  Returns WAKE_OK, WAKE_EOF (stop) or WAKE_ERR_NOMEM. */
int wake_stats_add(struct wake_stats *s, const struct wake_event *ev);

/*
 * The end of the input: calls still open are counted as open, every
 * bin held is written (and the chart drawn).  Returns WAKE_OK, WAKE_EOF
 * or WAKE_ERR_NOMEM.  Only wake_stats_free may follow.
 */
int wake_stats_finish(struct wake_stats *s);

#endif /* WAKE_STATS_H */
