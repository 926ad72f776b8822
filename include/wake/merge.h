/*
 * Merging event streams by time (wake-merge(1)): a k-way merge of inputs
 * that are each sorted by ts, an external sort in bounded memory for
 * inputs that are not, and per-source clock skew corrections.
 *
 * Output order is stable: events with equal times come out in argument
 * order, then input order.  TSV lines are compared by their first 24
 * bytes and copied through untouched; JSON lines are parsed for ts and
 * rewritten in the output form.  Metadata lines ('#') pass through.
 */
#ifndef WAKE_MERGE_H
#define WAKE_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/wake.h>

/* Default memory for sorting, bytes. */
#define WAKE_MERGE_BUFFER_SIZE	((size_t)256 << 20)
/* Runs merged at once; more are merged in passes. */
#define WAKE_MERGE_FANIN	64

struct wake_merge_opts {
	int		 json;		/* write JSON Lines (else TSV) */
	int		 sort;		/* inputs need not be sorted */
	size_t		 buffer_size;	/* memory for sorting; 0: default */
	const char	*tmpdir;	/* NULL: $TMPDIR, else /tmp */
	size_t		 max_line;	/* line cap; 0: 1 MiB */
	/*
	 * Output: lines are appended to out, and flush(flush_arg) is
	 * called whenever out holds 256 KiB or more (a nonzero return
	 * stops the run); the caller writes what is left at the end.
	 * flush may be NULL.
	 */
	struct wake_buf	*out;
	int		(*flush)(void *arg);
	void		*flush_arg;
	/* Bad lines, unreadable inputs, lines out of order. */
	wake_diag_fn	 diag;
	void		*diag_arg;
};
#define WAKE_MERGE_OPTS_INIT { 0, 0, 0, NULL, 0, NULL, NULL, NULL, NULL, \
	NULL }

struct wake_merge;

/* Make a merger; opts is copied (out stays borrowed). */
int wake_merge_new(struct wake_merge **mp, const struct wake_merge_opts *o);
void wake_merge_free(struct wake_merge *m);

/*
 * Add a clock correction "SRC=DURATION" (e.g. "pbx=-90s"): events whose
 * src is SRC get ts shifted by the duration and the attr skew=DURATION,
 * as given.  Returns WAKE_OK, or WAKE_ERR_USAGE with the reason in
 * wake_merge_error().
 */
int wake_merge_add_skew(struct wake_merge *m, const char *spec);

/* Add an input by path ("-" is stdin; .gz is read through). Copied. */
int wake_merge_add_path(struct wake_merge *m, const char *path);

/*
 * Merge (or sort) every input added into the output.  Inputs that
 * cannot be opened, bad lines and lines out of order go to the diag
 * callback and do not stop the run.  Returns WAKE_OK, WAKE_EOF when
 * flush asked to stop, or a negative error (temporary files could not
 * be written, out of memory) with the detail in wake_merge_error().
 */
int wake_merge_run(struct wake_merge *m);

/* Detail of the last error; never NULL. */
const char *wake_merge_error(const struct wake_merge *m);

/*
 * Read a size with an optional K, M, G or T suffix (powers of 1024; a
 * trailing 'B' or "iB" is allowed): "256M", "64k", "1G", "4096".
 * Returns WAKE_OK or WAKE_ERR_USAGE.
 */
int wake_size_parse(const char *s, size_t *size);

#endif /* WAKE_MERGE_H */
