/*
 * Private declarations of libwake.  Not installed.
 */
#ifndef WAKE_INTERNAL_H
#define WAKE_INTERNAL_H

#ifndef WAKE_BUILDING_LIB
#error "lib/internal.h is private to libwake"
#endif

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/time.h>

#define WK_MIN(a, b)	((a) < (b) ? (a) : (b))
#define WK_MAX(a, b)	((a) > (b) ? (a) : (b))
#define WK_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Equal to a NUL-terminated literal? */
int wk_streq(const char *p, size_t n, const char *lit);
/* Case-insensitive (ASCII) form. */
int wk_strcaseeq(const char *p, size_t n, const char *lit);

/* Append a decimal number to b. */
int wk_buf_putu(struct wake_buf *b, uint64_t v);

/*
 * Severity from a level word as logs write it: "ERROR", "err", "E",
 * "WARNING", "W", "FATAL", "CRITICAL", "notice", "INFO", "I", "DEBUG",
 * "TRACE", "emerg", "panic", ... (case-insensitive).  -2 when unknown.
 */
int wk_sev_from_word(const char *p, size_t n);

/* ---- JSON (lib/json.c): a tokenizer in the manner of jsmn ---- */

#define WK_J_OBJ	1
#define WK_J_ARR	2
#define WK_J_STR	3
#define WK_J_NUM	4
#define WK_J_TRUE	5
#define WK_J_FALSE	6
#define WK_J_NULL	7

struct wk_jtok {
	int		 type;
	const char	*p;	/* strings: between the quotes, still escaped */
	size_t		 n;
	int		 size;	/* objects: members; arrays: elements */
	int		 next;	/* index of the token after this subtree */
	int		 esc;	/* a string holding backslash escapes */
};

/*
 * Tokenize one JSON value (n bytes; trailing white space allowed) into
 * toks, in document order: an object's members as key, value, key, ...
 * Returns the token count, or -1 (malformed; *why says what) or -2 (more
 * than ntok tokens, or nesting deeper than 64).
 */
int wk_json_parse(const char *p, size_t n, struct wk_jtok *toks, int ntok,
    const char **why);
/*
 * Append a string token's value, unescaped, to out.  \udc80-\udcff
 * unpaired become the raw bytes 0x80-0xff (how the JSON writer keeps
 * invalid UTF-8); other lone surrogates become U+FFFD.
 */
int wk_json_unescape(const char *p, size_t n, struct wake_buf *out);
/* Append p as the inside of a JSON string (no quotes). */
int wk_json_escape(const char *p, size_t n, struct wake_buf *out);
/* Index of the value of member key in object token obj, or -1. */
int wk_json_get(const struct wk_jtok *toks, int obj, const char *key);

/* ---- the format interface (lib/fmt_*.c, driven by lib/parse.c) ---- */

/* Per-input context a format's parse function reads and updates. */
struct wk_pctx {
	struct wake_tz	*tz;		/* zone for zone-less stamps */
	int		 year;		/* current year for yearless stamps */
	int		 year_fixed;	/* --year given: no rollover */
	int		 last_mon;	/* month of the last yearless stamp */
	int64_t		 mtime;		/* input mtime, UTC s */
	int		 tzflags;	/* out: WK_TZ_* of the last resolve */
	const void	*fmt_data;	/* the format's static data */
	void		*state;		/* the format's per-input state */
};
#define WK_TZ_ASSUMED	0x100	/* zone tz was applied (add tz=) */

/*
 * Resolve tm to UTC for the line being parsed: epoch/offset stamps are
 * exact; otherwise c->tz applies (c->tzflags gets WK_TZ_ASSUMED and
 * WAKE_TZ_AMBIGUOUS/GAP).  Yearless stamps take c->year, which moves on
 * by one when the month goes back (Dec -> Jan) unless the year was
 * fixed.  Returns WAKE_OK or WAKE_ERR_FORMAT.
 */
int wk_resolve(struct wk_pctx *c, const struct wake_tm *tm, wake_time_t *ts);

/* Results of a format's parse function. */
#define WK_NOMATCH	0	/* not this format (why says what failed) */
#define WK_EVENT	1	/* ev filled in */
#define WK_CONT		2	/* a continuation of the previous event */
#define WK_META		3	/* understood, no event (header, comment) */

/* Format flags. */
#define WK_FOLD_INDENT	0x1	/* indented lines continue the previous event */
#define WK_FOLD_NOTS	0x2	/* unmatched lines continue it (stack traces) */
#define WK_SNIFF_STRICT	0x4	/* chosen only when (nearly) every line matches */

struct wk_format {
	const char	*name;
	const char	*desc;
	unsigned	 flags;
	const void	*data;		/* given as c->fmt_data */
	/* Per-input state; NULL when stateless. */
	void		*(*init)(const void *data);
	void		 (*fini)(void *state);
	/*
	 * Parse one line (n bytes, no LF).  On WK_EVENT, ev (reset by the
	 * caller) has ts, host, sev, kind, msg and attrs; strings may
	 * borrow from line.  On WK_NOMATCH, *why is a short static reason
	 * ("no timestamp at column 1", "expected '<PRI>'").  Pure apart
	 * from c: no globals, no I/O.
	 */
	int		 (*parse)(struct wk_pctx *c, const char *line, size_t n,
			    struct wake_event *ev, const char **why);
};

extern const struct wk_format wk_fmt_rfc5424;
extern const struct wk_format wk_fmt_rfc3164;
extern const struct wk_format wk_fmt_combined;
extern const struct wk_format wk_fmt_clf;
extern const struct wk_format wk_fmt_journald;
extern const struct wk_format wk_fmt_jsonl;
extern const struct wk_format wk_fmt_logfmt;
extern const struct wk_format wk_fmt_generic;

#endif /* WAKE_INTERNAL_H */
