/*
 * The event record and its two text forms (wake(7)): TSV, seven columns
 *
 *	ts src host sev kind msg attrs
 *
 * and JSON Lines with the same fields.  Both directions are exact:
 * write -> read -> write gives the same bytes.
 */
#ifndef WAKE_EVENT_H
#define WAKE_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include <wake/wake.h>

/* Nanoseconds since 1970-01-01T00:00:00Z. */
typedef int64_t wake_time_t;
#define WAKE_TIME_NONE INT64_MIN

enum wake_sev {
	WAKE_SEV_NONE = -1,	/* written as "-" */
	WAKE_SEV_EMERG = 0,
	WAKE_SEV_ALERT,
	WAKE_SEV_CRIT,
	WAKE_SEV_ERR,
	WAKE_SEV_WARN,
	WAKE_SEV_NOTICE,
	WAKE_SEV_INFO,
	WAKE_SEV_DEBUG
};

enum wake_kind {
	WAKE_KIND_LOG = 0,
	WAKE_KIND_CALL,
	WAKE_KIND_CHAT,
	WAKE_KIND_CHANGE,
	WAKE_KIND_ALERT,
	WAKE_KIND_REPORT,
	WAKE_KIND_PHASE,
	WAKE_KIND_METRIC,
	WAKE_KIND_RAW,
	WAKE_KIND_COUNT
};

/* A byte string; not NUL-terminated unless said so. */
struct wake_str {
	const char	*p;
	size_t		 n;
};

struct wake_attr {
	struct wake_str	key;
	struct wake_str	val;	/* unescaped bytes */
};

struct wake_arena;

/*
 * One event.  String fields hold unescaped bytes (msg may hold tabs,
 * newlines, NULs, invalid UTF-8: the writers escape them).  They point
 * either into the event's own arena or into a buffer the caller lends
 * for as long as the event is used.  An empty host or src is written
 * as "-".
 */
struct wake_event {
	wake_time_t		 ts;
	struct wake_str		 src;
	struct wake_str		 host;
	int			 sev;	/* enum wake_sev */
	int			 kind;	/* enum wake_kind */
	struct wake_str		 msg;
	struct wake_attr	*attrs;
	size_t			 nattrs;
	size_t			 attrcap;
	struct wake_arena	*arena;	/* owned storage */
};

/* Set up an empty event (ts none, src/host empty, sev none, kind log). */
void wake_event_init(struct wake_event *ev);

/* Empty the event for reuse, keeping its storage. */
void wake_event_reset(struct wake_event *ev);

/* Release the event's storage.  wake_event_free(NULL) does nothing. */
void wake_event_free(struct wake_event *ev);

/*
 * Copy n bytes into the event's arena and return the stable copy, or
 * NULL when out of memory.  Copies stay valid until the next reset.
 */
const char *wake_event_store(struct wake_event *ev, const char *p, size_t n);

/*
 * Append an attr.  The _ref form borrows key and value (the caller keeps
 * them alive); the other copies both into the arena.  Returns WAKE_OK or
 * WAKE_ERR_NOMEM.
 */
int wake_event_attr_ref(struct wake_event *ev, const char *key, size_t klen,
    const char *val, size_t vlen);
int wake_event_attr(struct wake_event *ev, const char *key, size_t klen,
    const char *val, size_t vlen);
/* Copy a NUL-terminated key and value (convenience). */
int wake_event_attrz(struct wake_event *ev, const char *key, const char *val);
/* Add or replace: when key exists its value is replaced in place. */
int wake_event_attr_set(struct wake_event *ev, const char *key,
    const char *val, size_t vlen);

/* The value of the first attr named key, or NULL when absent. */
const struct wake_str *wake_event_attr_get(const struct wake_event *ev,
    const char *key);

/* Make every field own its bytes (copy borrowed strings into the arena). */
int wake_event_own(struct wake_event *ev);

/* Copy src into dst (dst initialised); dst owns all its bytes. */
int wake_event_copy(struct wake_event *dst, const struct wake_event *src);

/* Names: "err", "log", ...; sev NONE gives "-".  Lookups return -1 / -2
 * when the name is unknown (WAKE_SEV_NONE for "-"). */
const char *wake_sev_name(int sev);
const char *wake_kind_name(int kind);
int wake_sev_parse(const char *s, size_t n);	/* -2 unknown */
int wake_kind_parse(const char *s, size_t n);	/* -1 unknown */

/*
 * A growable output buffer with a ceiling (0: none).  Appends that would
 * pass the ceiling or fail to allocate free the buffer and fail.
 */
struct wake_buf {
	char	*p;
	size_t	 n;
	size_t	 cap;
	size_t	 max;
};
#define WAKE_BUF_INIT { NULL, 0, 0, 0 }
int  wake_buf_put(struct wake_buf *b, const void *p, size_t n);
int  wake_buf_putc(struct wake_buf *b, int c);
int  wake_buf_reserve(struct wake_buf *b, size_t more);
void wake_buf_free(struct wake_buf *b);

/*
 * Append the event as one TSV line (with its LF) or one JSON Lines
 * line.  Returns WAKE_OK or WAKE_ERR_NOMEM / WAKE_ERR_LIMIT.
 */
int wake_event_write_tsv(const struct wake_event *ev, struct wake_buf *out);
int wake_event_write_json(const struct wake_event *ev, struct wake_buf *out);

/*
 * Parse one line (without its LF) in either form, sniffed from its first
 * byte ('{' is JSON).  The event's fields borrow from line where they
 * need no unescaping and otherwise live in the event's arena.  Returns
 * WAKE_OK, or WAKE_ERR_FORMAT with a reason in *why (static text).
 * Lines starting with '#' are metadata: the caller passes them through.
 */
int wake_event_read(struct wake_event *ev, const char *line, size_t n,
    const char **why);

/* Format ts as the 24-byte "2024-02-22T09:58:12.345Z" (plus NUL). */
void wake_time_format(wake_time_t ts, char out[25]);
/* Parse exactly that form (and "...Z" with 0-9 fraction digits). */
int wake_time_parse_utc(const char *s, size_t n, wake_time_t *ts);

/*
 * Escaping used by the TSV writer for msg and fields: \\ \t \n \r, other
 * control bytes and bytes not part of valid UTF-8 as \xHH.  Appends to
 * out.  wake_unescape reverses it, returning WAKE_ERR_FORMAT on a bad
 * escape.
 */
int wake_escape(const char *p, size_t n, struct wake_buf *out);
int wake_unescape(const char *p, size_t n, struct wake_buf *out);

#endif /* WAKE_EVENT_H */
