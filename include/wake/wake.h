/*
 * wake: post-incident log toolkit.  Common definitions: return codes,
 * version, diagnostics callback.
 */
#ifndef WAKE_WAKE_H
#define WAKE_WAKE_H

#include <stddef.h>

#define WAKE_VERSION "0.1.0"

/* Return codes of library calls. */
#define WAKE_OK		 0	/* success */
#define WAKE_EOF	 1	/* no more items */
#define WAKE_ERR_NOMEM	-1	/* allocation failed */
#define WAKE_ERR_IO	-2	/* read or write failed */
#define WAKE_ERR_FORMAT	-3	/* malformed input */
#define WAKE_ERR_LIMIT	-4	/* a configured limit was reached */
#define WAKE_ERR_USAGE	-5	/* bad argument, option or pattern */

/* A short English text for a return code; never NULL. */
const char *wake_strerror(int code);

/*
 * Receives one diagnostic about input that was read but not understood:
 * where (origin, e.g. "bundle.tar.gz//var/log/syslog") and line number
 * (0 when not tied to a line), and the reason.  The library never prints;
 * tools print these as "tool: origin:line: reason".
 */
typedef void (*wake_diag_fn)(void *arg, const char *origin,
    unsigned long line, const char *reason);

#endif /* WAKE_WAKE_H */
