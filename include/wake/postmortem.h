/*
 * The whole chain in one call (wake-postmortem(1)): raw inputs are
 * parsed, merged by time, classified, mined for templates, searched
 * for incidents, and each incident's causes, intervals and timeline
 * written to a folder.  The stages are the library's own, run
 * in-process as a pipeline of three threads: parsing and detection,
 * template mining, then the timeline and events.tsv.gz's formatting
 * and compression.  One input file in time order goes straight from
 * the parser into the pipeline; others go through a spool file that
 * is merged by time first.
 *
 * Files written to the folder:
 *	events.tsv.gz	every event, sorted, with tmpl= and the phase
 *			events of the incidents at the end
 *	incidents.tsv	the incident table (include/wake/incident.h)
 *	templates.tsv	the template table (wake-mine(1))
 *	intervals.txt	per incident TTD TTA TTM TTR and their summary
 *	cause.md	root-cause candidates of each incident
 *	cause.jsonl	the same as wake-cause -J writes them
 *	timeline.md	the post-mortem skeleton of the main incident
 *	timeline.html	the same, one self-contained page with charts
 */
#ifndef WAKE_POSTMORTEM_H
#define WAKE_POSTMORTEM_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/wake.h>

struct wake_pm_opts {
	const char	*outdir;
	const char *const *inputs;	/* files, folders, archives, "-" */
	size_t		 ninputs;
	/*
	 * Zones for stamps without one: "ZONE" for every input, or
	 * "GLOB=ZONE" for the inputs whose name (or base name) matches
	 * the fnmatch(3) pattern GLOB; the first match wins, then the
	 * plain ZONE, then UTC.
	 */
	const char *const *tz;
	size_t		 ntz;
	int		 year;		/* yearless stamps; 0: from mtime */
	const char *const *rules;	/* rules files; none: the default */
	size_t		 nrules;
	int		 no_rules;	/* no classification at all */
	const char *const *skew;	/* "SRC=DURATION" clock corrections */
	size_t		 nskew;
	const char	*incident;	/* the timeline's incident; NULL:
					   the first one */
	wake_time_t	 start;		/* a window instead of detection */
	wake_time_t	 end;
	const char	*sensitivity;	/* wake-detect's; NULL: normal */
	/* Pseudonymise personal data (wake-redact(1)) with this key file
	 * before anything is written; NULL: no redaction. */
	const char	*redact_key;
	int		 redact;	/* with no key file: a random key */
	const char *const *tzshow;	/* extra time columns in timelines */
	size_t		 ntzshow;
	wake_diag_fn	 diag;		/* unreadable inputs, bad lines */
	void		*diag_arg;
	wake_diag_fn	 note;		/* the parser's notes: lines kept as
					   raw events, files skipped */
	void		*note_arg;
};

/* What a run found, for the summary. */
struct wake_pm_result {
	uint64_t	inputs;
	uint64_t	lines;
	uint64_t	events;
	uint64_t	raw;
	uint64_t	templates;
	size_t		incidents;
	double		seconds;
};

/*
 * Run the chain.  The summary for people (a few lines: what was read,
 * each incident with its intervals and likeliest cause, the files
 * written) is appended to summary.  Returns WAKE_OK, WAKE_ERR_USAGE
 * (a bad option: a zone, a rules file, a skew), WAKE_ERR_IO (the folder
 * or a file in it could not be written) or WAKE_ERR_NOMEM, with the
 * detail in err.  Unreadable inputs and bad lines go to diag and do
 * not stop the run.
 */
int wake_postmortem_run(const struct wake_pm_opts *o,
    struct wake_pm_result *res, struct wake_buf *summary,
    char *err, size_t errsz);

#endif /* WAKE_POSTMORTEM_H */
