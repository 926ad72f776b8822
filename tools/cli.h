/*
 * Front-end glue shared by the tools: program name, diagnostics, output,
 * exit status.  No parsing or analysis here.
 */
#ifndef WAKE_CLI_H
#define WAKE_CLI_H

#include <stdio.h>

#include <wake/event.h>
#include <wake/wake.h>

/* Exit statuses (wake(7)). */
#define CLI_OK		0
#define CLI_BADINPUT	1
#define CLI_FATAL	2

extern const char *cli_progname;
extern int cli_verbose;

/* Record the program name and make SIGPIPE end the program quietly. */
void cli_init(const char *argv0);

/* "prog: message" on stderr; cli_warn marks the run as status 1. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: message" and exit 2. */
void cli_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* A wake_diag_fn that prints "prog: origin:line: reason" and marks 1. */
void cli_diag(void *arg, const char *origin, unsigned long line,
    const char *reason);

/* Mark the run as having seen bad input (exit 1). */
void cli_set_bad(void);

/* Redirect stdout to path (for -o); "-" keeps stdout. */
void cli_output(const char *path);

/*
 * Buffered writing of data to stdout: tools append to cli_out and call
 * cli_flush_maybe() after each record, cli_flush() at the end.  A write
 * error other than a closed pipe is fatal (exit 2); a closed pipe exits
 * 0 quietly.
 */
extern struct wake_buf cli_out;
void cli_flush_maybe(void);
void cli_flush(void);

/* A flush callback for library outputs appending to cli_out. */
int cli_flush_cb(void *arg);

/*
 * Give each input of paths (standard input when n is 0), in order, to
 * fn.  An input that cannot be opened is reported as bad input unless
 * quiet.  fn returns WAKE_OK to go on or WAKE_EOF to stop; out of
 * memory is fatal, and another error is reported with the input's
 * detail (unless quiet).
 */
struct wake_input;
void cli_each_input(const char *const *paths, size_t n, int quiet,
    int (*fn)(void *arg, struct wake_input *in), void *arg);

/*
 * Copy standard input to an unlinked temporary file (in $TMPDIR, else
 * /tmp), so that it can be read more than once; path gets its
 * "/dev/fd/N" name, which is returned.  Failures are fatal.
 */
const char *cli_spool_stdin(char *path, size_t n);

/* Print --version ("prog (wake) X.Y.Z") and exit 0. */
void cli_version(void) __attribute__((noreturn));

/*
 * Finish: flush and check stdout, return the exit status to give
 * (2 on a failed write, 1 when bad input was seen, else status).
 */
int cli_finish(int status);

#endif /* WAKE_CLI_H */
