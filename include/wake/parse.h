/*
 * wake-parse's engine: detect an input's format, turn its lines into
 * events with UTC times, fold multi-line records, and account for every
 * line (lines = events + folded + raw + rejected + skipped).
 */
#ifndef WAKE_PARSE_H
#define WAKE_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/input.h>
#include <wake/time.h>

struct wake_rules;

/* Receives each event, lent for the call only; nonzero stops the run. */
typedef int (*wake_event_fn)(void *arg, const struct wake_event *ev);
/* Receives each line no format understood, when rejects are taken. */
typedef int (*wake_reject_fn)(void *arg, const char *origin, uint64_t line,
    const char *p, size_t n);

struct wake_parse_opts {
	const char	*format;	/* NULL: detect per input */
	struct wake_tz	*tz;		/* for zone-less stamps (borrowed) */
	int		 year;		/* yearless stamps; 0: from mtime */
	wake_time_t	 since;		/* WAKE_TIME_NONE: no bound */
	wake_time_t	 until;		/* exclusive; WAKE_TIME_NONE: none */
	const char	*source;	/* src label; NULL: from the name */
	int		 no_origin;	/* leave out origin= */
	size_t		 max_fold;	/* lines one event may absorb; 0: 1000 */
	wake_reject_fn	 reject;	/* NULL: unknown lines become raw */
	void		*reject_arg;
	wake_diag_fn	 diag;		/* notes: format not recognised, ... */
	void		*diag_arg;
	size_t		 max_line;	/* bytes one event's msg may grow to by
					   folding; 0: 1 MiB */
	/*
	 * The csv format: map[0..nmap) are "KEY=COLUMN,..." (event field
	 * or attr KEY from the column named COLUMN), set[0..nset) are
	 * "KEY=VALUE,..." (constants).  Borrowed for the parser's life.
	 */
	const char *const *map;
	size_t		 nmap;
	const char *const *set;
	size_t		 nset;
	/*
	 * Classification rules (wake-rules(5)) applied to every event
	 * before the time window; NULL: none.  Borrowed for the parser's
	 * life; events may borrow attr values from it.
	 */
	const struct wake_rules *rules;
};
#define WAKE_PARSE_OPTS_INIT { NULL, NULL, 0, WAKE_TIME_NONE, \
	WAKE_TIME_NONE, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, NULL, 0, \
	NULL, 0, NULL }

struct wake_parse_stats {
	uint64_t	lines;		/* lines read */
	uint64_t	events;		/* events made from lines (not raw) */
	uint64_t	folded;		/* lines joined to a previous event */
	uint64_t	raw;		/* raw events */
	uint64_t	rejected;	/* lines given to the reject callback */
	uint64_t	filtered;	/* events outside --since/--until */
	uint64_t	truncated;	/* lines cut at the length cap */
	uint64_t	bytes;		/* uncompressed bytes */
	double		seconds;	/* wall time */
	char		format[64];	/* format used; "raw" when none was
					   recognised, "binary", "-" when empty */
	uint64_t	skipped;	/* empty lines, headers, comments */
	uint64_t	first_truncated; /* line number of the first cut line */
};

struct wake_parser;

/*
 * Make a parser; opts is copied (tz stays borrowed; NULL: the zone of
 * wake_tz_open(NULL)).  Returns WAKE_OK, WAKE_ERR_NOMEM, or the error of
 * opening the default zone.
 */
int wake_parser_new(struct wake_parser **pp, const struct wake_parse_opts *o);
void wake_parser_free(struct wake_parser *p);

/*
 * Add user formats from a format file, or from every *.format file in a
 * directory (see wake-parse(1)).  They take part in detection before the
 * generic format.  Returns WAKE_OK, or WAKE_ERR_USAGE with
 * "file:line: reason" in wake_parser_error().
 */
int wake_parser_add_formats(struct wake_parser *p, const char *path);
const char *wake_parser_error(const struct wake_parser *p);

/* Is name a known format (built-in or added)? */
int wake_parser_has_format(const struct wake_parser *p, const char *name);

/*
 * The formats of p in detection order (added ones first): name and
 * description, i from 0 until it returns WAKE_EOF.
 */
int wake_parser_format_info(const struct wake_parser *p, size_t i,
    const char **name, const char **desc);

/*
 * Parse one input, calling fn for every event in input order.  Returns
 * WAKE_OK, WAKE_EOF when fn asked to stop, or a negative error when the
 * input failed part-way (the lines before it were parsed; detail in
 * wake_parser_error(), "name: reason").  Binary data is parsed as raw
 * events and then reported as WAKE_ERR_FORMAT; an unknown opts->format
 * is WAKE_ERR_USAGE.  st, when not NULL, is filled in (not added to).
 */
int wake_parser_run(struct wake_parser *p, struct wake_input *in,
    wake_event_fn fn, void *arg, struct wake_parse_stats *st);

/*
 * Explain detection: for the first nlines lines of in, append to out
 * which formats were tried on each line and why each did or did not
 * match, and which format would be chosen.
 */
int wake_parser_explain(struct wake_parser *p, struct wake_input *in,
    size_t nlines, struct wake_buf *out);

/*
 * The built-in formats: name and one-line description, i from 0 until
 * it returns WAKE_EOF.
 */
int wake_format_info(size_t i, const char **name, const char **desc);

/*
 * The default src label for a file name: directory, compression and
 * rotation suffixes removed ("/var/log/router.log.1.gz" -> "router",
 * "syslog-20240222" -> "syslog"), bytes outside [A-Za-z0-9._-] as '_'.
 * Writes at most outsz-1 bytes plus NUL.
 */
void wake_source_from_name(const char *name, char *out, size_t outsz);

#endif /* WAKE_PARSE_H */
