/*
 * Root cause candidates (wake-cause(1)): given an event stream and an
 * incident window, rank what may have caused the incident.  Candidates
 * come in five kinds:
 *
 *	change		a kind=change event (or one with change=) in the
 *			lookback before impact start, grouped by change=
 *	template	a message template new in the window, or surging
 *			against the baseline before it
 *	host		the first host to show the anomaly
 *	source		the first source to show it, with the order in
 *			which it spread to the others and the delays
 *	external	new failures towards one destination (timeouts,
 *			refusals) while nothing internal changed
 *
 * Scores lie in [0,1] and are comparable across kinds (the formula is
 * in wake-cause(1)).  Summaries state likelihood, not certainty.
 *
 * Use: wake_cause_new(), then, when the window comes from an incident
 * (its phase events may come anywhere in the stream), a first pass
 * with wake_cause_scan() over every event; then wake_cause_add() over
 * every event in time order (the second pass, or the only one when the
 * window is known: wake_cause_need_scan() says which); then
 * wake_cause_finish(), and read the candidates or write them out.
 * Memory is bounded: counters per template, host, source and
 * destination (each table capped), the changes in the lookback, and a
 * few evidence lines per entry.
 */
#ifndef WAKE_CAUSE_H
#define WAKE_CAUSE_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/wake.h>

enum wake_cause_kind {
	WAKE_CAUSE_CHANGE = 0,
	WAKE_CAUSE_TEMPLATE,
	WAKE_CAUSE_HOST,
	WAKE_CAUSE_SOURCE,
	WAKE_CAUSE_EXTERNAL,
	WAKE_CAUSE_NKINDS
};

/* "change", "template", "host", "source", "external". */
const char *wake_cause_kind_name(int kind);

struct wake_cause_opts {
	wake_time_t	 start;		/* window; WAKE_TIME_NONE: from the */
	wake_time_t	 end;		/* incident (end NONE: open) */
	const char	*incident;	/* incident id; NULL: the first one;
					   with a window, only its name */
	int64_t		 lookback;	/* ns before start for changes; 0: 6h */
	int64_t		 baseline;	/* ns before start for counts; 0: 24h */
	size_t		 max;		/* candidates kept; 0: 10 */
	size_t		 evidence;	/* evidence lines a candidate; 0: 3,
					   at most 16 */
	int		 final_ids;	/* tmpl= ids are final (wake-mine -2,
					   or mapped): no lookup of a
					   template's words under former ids */
};
#define WAKE_CAUSE_OPTS_INIT { WAKE_TIME_NONE, WAKE_TIME_NONE, NULL, 0, 0, \
	0, 0, 0 }

/* One evidence line: where a claim comes from. */
struct wake_cause_evidence {
	wake_time_t	 ts;
	const char	*origin;	/* FILE:LINE, or "" when the event had
					   none (then src/host say where) */
	const char	*src;
	const char	*host;		/* "" when none */
	const char	*msg;		/* its first line, unescaped, at
					   most 512 bytes */
};

struct wake_cause_cand {
	unsigned	 rank;		/* 1 is the most likely */
	double		 score;		/* in [0,1] */
	int		 kind;		/* enum wake_cause_kind */
	const char	*summary;	/* one sentence, UTF-8 */
	const char	*subject;	/* the change id, template text, host,
					   source or destination */
	wake_time_t	 ts;		/* change time, first occurrence */
	const struct wake_cause_evidence *ev;
	size_t		 nev;
};

struct wake_cause;

/*
 * Make an analyser; opts is copied (incident too).  Returns WAKE_OK,
 * WAKE_ERR_NOMEM, or WAKE_ERR_USAGE (end before start).
 */
int wake_cause_new(struct wake_cause **cp, const struct wake_cause_opts *o);
/* wake_cause_free(NULL) does nothing. */
void wake_cause_free(struct wake_cause *c);

/*
 * Parse "START..END" (either side may be empty: open; each side as
 * wake_time_parse_arg() reads it, in UTC).  Returns WAKE_OK or
 * WAKE_ERR_USAGE.
 */
int wake_cause_parse_window(const char *s, wake_time_t *start,
    wake_time_t *end);

/* 1 when the window comes from an incident, so a first pass is needed. */
int wake_cause_need_scan(const struct wake_cause *c);

/*
 * First pass: take note of phase events (kind=phase with incident= and
 * phase=); other events are ignored.  Returns WAKE_OK or WAKE_ERR_NOMEM.
 */
int wake_cause_scan(struct wake_cause *c, const struct wake_event *ev);

/*
 * Second (or only) pass: one event, in time order.  The event is lent
 * for the call only (what is kept is copied).  Phase events are noted
 * here too, so a stream whose phase events come before impact needs no
 * first pass.  Returns WAKE_OK, WAKE_ERR_NOMEM, or WAKE_ERR_USAGE when
 * the window is still unknown (error text on the handle).
 */
int wake_cause_add(struct wake_cause *c, const struct wake_event *ev);

/*
 * Read the events of one input (TSV or JSON Lines; '#' lines and empty
 * lines skipped): pass 1 gives them to wake_cause_scan(), pass 2 to
 * wake_cause_add().  In pass 2 a line that is not an event goes to diag
 * (when not NULL) with the input's name and line number, and is
 * skipped.  Returns WAKE_OK, WAKE_ERR_NOMEM, WAKE_ERR_USAGE (no window,
 * see wake_cause_error()), or WAKE_ERR_IO / WAKE_ERR_FORMAT from the
 * input (wake_input_error() says what).
 */
struct wake_input;
int wake_cause_run(struct wake_cause *c, struct wake_input *in, int pass,
    wake_diag_fn diag, void *arg);

/*
 * Rank the candidates.  Returns WAKE_OK, WAKE_ERR_NOMEM, or
 * WAKE_ERR_USAGE when no window was given and no incident was found
 * (detail in wake_cause_error()).
 */
int wake_cause_finish(struct wake_cause *c);

/* Detail of the last error, or "" . */
const char *wake_cause_error(const struct wake_cause *c);

/* After finish: the window used and the incident id ("" when none). */
void wake_cause_window(const struct wake_cause *c, wake_time_t *start,
    wake_time_t *end, const char **incident);

/* After finish: the candidates, best first, lent until free. */
size_t wake_cause_count(const struct wake_cause *c);
const struct wake_cause_cand *wake_cause_get(const struct wake_cause *c,
    size_t i);

/*
 * Append the candidates to out: text for people (a header line with
 * the window, then one block per candidate), Markdown (a "Root cause
 * candidates" section, text escaped for Markdown), or JSON Lines (one
 * object per candidate: rank, score, kind, summary, evidence as a list
 * of {ts, origin, msg}).  Returns WAKE_OK or WAKE_ERR_NOMEM /
 * WAKE_ERR_LIMIT.
 */
int wake_cause_write_text(const struct wake_cause *c, struct wake_buf *out);
int wake_cause_write_md(const struct wake_cause *c, struct wake_buf *out);
int wake_cause_write_json(const struct wake_cause *c, struct wake_buf *out);

/*
 * The template key of a message, used when an event has no tmpl=: the
 * first line with variable tokens (those holding digits, hex ids,
 * quoted strings) masked as "<*>".  Writes the masked text to out
 * (when not NULL) and returns a 64-bit hash of it.
 */
uint64_t wake_cause_template_key(const char *msg, size_t n,
    struct wake_buf *out);

#endif /* WAKE_CAUSE_H */
