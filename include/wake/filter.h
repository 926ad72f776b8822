/*
 * Selecting events (wake-grep(1)): a time window, field conditions and
 * PCRE2 patterns, compiled once into a filter object that any tool can
 * apply to events.
 *
 * An event is selected when it lies in the time window, and its src,
 * host and kind are in their lists (when given), and its sev is at
 * least as severe as the level (when given), and every attr condition
 * holds, and at least one msg pattern matches (when any is given).
 * Inversion turns the whole selection around.
 */
#ifndef WAKE_FILTER_H
#define WAKE_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/input.h>
#include <wake/time.h>
#include <wake/wake.h>

struct wake_filter;

/* Make an empty filter (it selects everything).  WAKE_ERR_NOMEM. */
int wake_filter_new(struct wake_filter **fp);
void wake_filter_free(struct wake_filter *f);

/* Detail of the last failed call ("bad pattern 'x(': ..."); never NULL. */
const char *wake_filter_error(const struct wake_filter *f);

/* Time arguments, for wake_filter_set_time(). */
#define WAKE_FILTER_SINCE	0	/* ts >= TIME */
#define WAKE_FILTER_UNTIL	1	/* ts < TIME */
#define WAKE_FILTER_AROUND	2	/* TIME - window <= ts <= TIME + window */

/*
 * Set a time from a command-line argument (wake_time_parse_arg: RFC
 * 3339, "YYYY-MM-DD HH:MM", epoch, in zone tz when it has none).  A
 * relative time ("-2h", "+30m") counts from the last event of the
 * stream, given later to wake_filter_finish(); a duration without a
 * sign ("2h") means that long before the last event.  Returns WAKE_OK
 * or WAKE_ERR_USAGE.
 */
int wake_filter_set_time(struct wake_filter *f, int which, const char *arg,
    struct wake_tz *tz);
/* The half-width of the --around window ("10m"); default 5m. */
int wake_filter_set_window(struct wake_filter *f, const char *duration);
/* An absolute window [since, until); WAKE_TIME_NONE leaves an end open. */
int wake_filter_set_range(struct wake_filter *f, wake_time_t since,
    wake_time_t until);

/* Select only these src, host or kind values (comma lists; repeatable).
 * A host of "-" selects events without one.  Unknown kinds are
 * WAKE_ERR_USAGE. */
int wake_filter_add_src(struct wake_filter *f, const char *list);
int wake_filter_add_host(struct wake_filter *f, const char *list);
int wake_filter_add_kind(struct wake_filter *f, const char *list);

/* Select sev at least as severe as level ("err": err, crit, alert,
 * emerg).  Events without a sev do not pass.  WAKE_ERR_USAGE. */
int wake_filter_set_sev(struct wake_filter *f, const char *level);

/*
 * An attr condition: "KEY=VALUE" (some attr KEY has exactly VALUE),
 * "KEY~PATTERN" (PCRE2 search in the value), or "KEY" (present).  All
 * conditions must hold.  Returns WAKE_OK, WAKE_ERR_USAGE (bad key, bad
 * pattern) or WAKE_ERR_NOMEM.
 */
int wake_filter_add_attr(struct wake_filter *f, const char *expr);

/* Pattern flags. */
#define WAKE_FILTER_CASELESS	0x1

/*
 * A PCRE2 pattern searched for in msg; with several, any may match.
 * Compiled with UTF and invalid UTF-8 allowed, JIT when available.
 * A bad pattern is WAKE_ERR_USAGE with "bad pattern 'P': reason at
 * offset N" in wake_filter_error().
 */
int wake_filter_add_pattern(struct wake_filter *f, const char *pattern,
    unsigned flags);

/* Invert the whole selection (grep -v). */
void wake_filter_set_invert(struct wake_filter *f, int invert);

/*
 * Limits of one pattern match (PCRE2 match and depth limits); 0 leaves
 * a default.  A match that reaches them fails with WAKE_ERR_LIMIT.
 */
void wake_filter_set_limits(struct wake_filter *f, uint32_t match,
    uint32_t depth);

/* 1 when some time is relative and needs the last event's ts. */
int wake_filter_relative(const struct wake_filter *f);

/*
 * Resolve relative times against last (the ts of the stream's last
 * event, or WAKE_TIME_NONE when there is none) and get ready to match.
 * Call once after the settings and before matching.  Returns WAKE_OK or
 * WAKE_ERR_USAGE ("--window needs --around").
 */
int wake_filter_finish(struct wake_filter *f, wake_time_t last);

/*
 * Decide from a line's bytes alone, without parsing it, when that is
 * possible: a TSV line's first 24 bytes give its time.  Returns 1
 * (selected), 0 (not selected) or 2 (not known: parse the line and call
 * wake_filter_match()).
 */
int wake_filter_match_line(const struct wake_filter *f, const char *line,
    size_t n);

/* The same from a time alone (ns): 1, 0, or 2 (other conditions). */
int wake_filter_match_ts(const struct wake_filter *f, wake_time_t ts);

/*
 * Does the event pass?  Returns 1, 0, or WAKE_ERR_LIMIT when a pattern
 * match reached its limits (the event counts as not selected).
 */
int wake_filter_match(struct wake_filter *f, const struct wake_event *ev);

/* The reason the run gives to diag when a match reached its limits. */
extern const char wake_filter_limit_reason[];

struct wake_filter_run_opts {
	int		 json;		/* write TSV lines as JSON Lines */
	int		 count_only;	/* count, write nothing */
	const char	*name;		/* name in diagnostics; NULL: origin */
	/* Output as in wake_merge_opts: flush at 256 KiB; nonzero stops;
	 * the caller writes what is left at the end. */
	struct wake_buf	*out;
	int		(*flush)(void *arg);
	void		*flush_arg;
	wake_diag_fn	 diag;		/* bad lines, match limits */
	void		*diag_arg;
};

/*
 * Copy the selected events of in to the output, unchanged (or as JSON),
 * adding their number to *count.  Metadata lines pass through unless
 * counting.  Returns WAKE_OK, WAKE_EOF when flush asked to stop, or the
 * input's error (the detail in wake_input_error()).
 */
int wake_filter_run(struct wake_filter *f, struct wake_input *in,
    const struct wake_filter_run_opts *o, uint64_t *count);

/*
 * The ts of the last event in the file at path (a file, a directory or
 * an archive; not "-"), for times relative to the end of a stream.  A
 * regular uncompressed file is read backwards from its end, anything
 * else is read through.  Returns WAKE_OK, WAKE_EOF when there is no
 * event, or a negative error.
 */
int wake_events_last(const char *path, const struct wake_input_opts *o,
    wake_time_t *ts);

/*
 * Copy the (decompressed) bytes of in to the file descriptor fd, so a
 * stream that can be read once (stdin, a pipe) can be read twice.
 * Returns WAKE_OK or WAKE_ERR_IO.
 */
int wake_events_spool(struct wake_input *in, int fd);

#endif /* WAKE_FILTER_H */
