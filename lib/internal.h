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
/* Append a string, or printf output (cut at 1 KiB), to b. */
int wk_buf_puts(struct wake_buf *b, const char *s);
int wk_buf_printf(struct wake_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Appending with a sticky error, for writers of long documents: after
 * the first failure the calls do nothing, and rc keeps the failure.
 */
struct wk_out {
	struct wake_buf	*b;
	int		 rc;
};
void wk_out_put(struct wk_out *o, const void *p, size_t n);
void wk_out_puts(struct wk_out *o, const char *s);
void wk_out_putc(struct wk_out *o, int c);
void wk_out_printf(struct wk_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- table.c: tables of cells for text and Markdown documents ---- */

#define WK_TABLE_COLS	16
struct wk_table {
	const char	*head[WK_TABLE_COLS];
	size_t		 ncol;
	int		 right[WK_TABLE_COLS];	/* right-aligned (numbers) */
	int		 text[WK_TABLE_COLS];	/* text from the input */
	char		**cell;			/* nrow * ncol; NULL: "-" */
	size_t		 nrow;
	size_t		 cap;
	int		 rc;			/* sticky error */
};
void wk_table_free(struct wk_table *t);
/* Start a row; wk_table_set fills its cells (copies s). */
void wk_table_row(struct wk_table *t);
void wk_table_set(struct wk_table *t, size_t col, const char *s);
void wk_table_setf(struct wk_table *t, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Aligned, escaped for a terminal, each line after indent. */
void wk_table_text(struct wk_out *o, const struct wk_table *t,
    const char *indent);
/* A Markdown table; the head and the text columns escaped. */
void wk_table_md(struct wk_out *o, const struct wk_table *t);
/* Columns a terminal gives s: code points, roughly. */
size_t wk_text_width(const char *s);

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

/* ---- event/json helpers (lib/event.c, lib/json.c) ---- */
/*
 * Unescape a JSON string's inside into dst, which has room for n bytes
 * (the result is never longer).  Returns the length, or -1 on a bad
 * escape (never for a string wk_json_parse accepted).
 */
ptrdiff_t wk_json_unescape_to(const char *p, size_t n, char *dst);
/* ---- end event/json helpers ---- */

/* ---- the format interface (lib/fmt_*.c, driven by lib/parse.c) ---- */

/* Per-input context a format's parse function reads and updates. */
struct wk_pctx {
	struct wake_tz	*tz;		/* zone for zone-less stamps */
	int		 year;		/* current year for yearless stamps */
	int		 last_mon;	/* month of the last yearless stamp */
	int64_t		 mtime;		/* input mtime, UTC s */
	int		 tzflags;	/* out: WK_TZ_* of the last resolve */
	const void	*fmt_data;	/* the format's static data */
	void		*state;		/* the format's per-input state */
	/* csv: --map KEY=COLUMN,... and --set KEY=VALUE,... (borrowed) */
	const char *const *map;
	size_t		 nmap;
	const char *const *set;
	size_t		 nset;
	const char	*name;		/* the input's name (chat: channel) */
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
	/*
	 * Optional.  After parse gave WK_EVENT, the further events of the
	 * same line (a post's replies), one a call, until it answers
	 * WK_META; strings may borrow from the line or the state.
	 */
	int		 (*more)(struct wk_pctx *c, struct wake_event *ev);
	/*
	 * Optional.  Called once at the end of the input: WK_META, nothing
	 * was pending; WK_EVENT, ev holds what was (a record left open),
	 * and when *why is set the input ended badly: ev is delivered and
	 * the run reports "name:line: why".
	 */
	int		 (*finish)(struct wk_pctx *c, struct wake_event *ev,
			    const char **why);
};

extern const struct wk_format wk_fmt_rfc5424;
extern const struct wk_format wk_fmt_rfc3164;
extern const struct wk_format wk_fmt_combined;
extern const struct wk_format wk_fmt_clf;
extern const struct wk_format wk_fmt_journald;
extern const struct wk_format wk_fmt_jsonl;
extern const struct wk_format wk_fmt_logfmt;
extern const struct wk_format wk_fmt_generic;

/* ---- call center and CSV (lib/fmt_callcenter.c, lib/fmt_csv.c) ---- */

extern const struct wk_format wk_fmt_queue_log;
extern const struct wk_format wk_fmt_cdr;
extern const struct wk_format wk_fmt_csv;

/*
 * One field of a CSV record: its bytes without the quotes around it.
 * esc: it holds "" pairs standing for quotes (wk_csv_value unescapes).
 */
struct wk_csvf {
	const char	*p;
	size_t		 n;
	int		 esc;
};

/*
 * Split the CSV record p[0..n) at delim (RFC 4180, leniently): a field
 * starting with '"' (blanks before it allowed) is quoted and may hold
 * delim, newlines and "" for a quote; a quoted field with bytes after
 * its closing quote is kept as written, quotes and all; unquoted fields
 * lose their blanks at both ends.  The first max fields go to f.
 * Returns the field count (which may pass max), or -1 when a quote is
 * still open at the end (the record goes on on the next line).
 */
long wk_csv_split(const char *p, size_t n, int delim, struct wk_csvf *f,
    size_t max);
/*
 * The value of field f in *out: borrowed from the record, or unescaped
 * through tmp into ev's arena.  WAKE_OK or WAKE_ERR_NOMEM.
 */
int wk_csv_value(struct wake_event *ev, const struct wk_csvf *f,
    struct wake_buf *tmp, struct wake_str *out);

/* ---- end of call center and CSV ---- */

/* ---- parse driver (lib/parse.c) and user formats (lib/userfmt.c) ---- */

struct wake_parser;
struct wake_parse_opts;

/*
 * wake_parser_new() over the formats fmts[0..n) (borrowed, in detection
 * order) instead of the built-in table, so tests can inject formats.
 */
int wk_parser_new_formats(struct wake_parser **pp,
    const struct wake_parse_opts *o, const struct wk_format *const *fmts,
    size_t n);

/* The formats of one format file (see wake-parse(1) FORMAT FILES). */
struct wk_userfmts;

/*
 * Read a format file's text (n bytes, named name in messages).  Names in
 * taken[0..ntaken) may not be defined again.  Returns WAKE_OK, or
 * WAKE_ERR_USAGE with "name:line: reason" in err, or WAKE_ERR_NOMEM.
 */
int wk_userfmt_load(struct wk_userfmts **up, const char *name,
    const char *text, size_t n, const char *const *taken, size_t ntaken,
    char *err, size_t errsz);
size_t wk_userfmt_count(const struct wk_userfmts *u);
const struct wk_format *wk_userfmt_get(const struct wk_userfmts *u,
    size_t i);
void wk_userfmt_free(struct wk_userfmts *u);

/* ---- end of parse driver ---- */

/* ---- input (lib/source.c, lib/lines.c, lib/input.c) ---- */

#include <wake/input.h>

struct archive;

/*
 * A byte source under the line reader.  wk_src_read returns the count
 * (> 0), 0 at the end, or a negative WAKE_ERR_* with the reason in
 * wk_src_error.  Wrappers take ownership of the source they wrap.
 */
struct wk_src;

#define WK_IN_ZLIB	0x1	/* inflate with zlib even when ISA-L is there */

struct wk_src *wk_src_fd(int fd, int own);
/* Memory (borrowed); chunk > 0 hands out at most chunk bytes a read. */
struct wk_src *wk_src_mem(const void *p, size_t n, size_t chunk);
/*
 * The current member of an archive.  off(arg) gives the compressed
 * bytes read so far; fini(arg), when not NULL, runs when the source is
 * freed (a source that owns its archive).
 */
struct wk_src *wk_src_archive(struct archive *a, int64_t (*off)(void *),
    void (*fini)(void *), void *arg);
/* Gzip (one or more members) over lower; flags WK_IN_*. */
struct wk_src *wk_src_gzip(struct wk_src *lower, unsigned flags);
/* Run lower on a second thread, a ring of buffers ahead; lower on error. */
struct wk_src *wk_src_thread(struct wk_src *lower);
long wk_src_read(struct wk_src *s, void *buf, size_t n);
/* Push n bytes back to be read again first.  WAKE_OK or WAKE_ERR_NOMEM. */
int wk_src_unread(struct wk_src *s, const void *p, size_t n);
int64_t wk_src_offset(const struct wk_src *s);
const char *wk_src_error(const struct wk_src *s);
void wk_src_free(struct wk_src *s);

/*
 * A line-reading input over src (taken, freed on failure).  *spare, when
 * not NULL, is a line buffer left by wk_input_dispose to use again.
 */
struct wake_input *wk_input_new(const char *name, const char *path,
    int64_t mtime, int64_t size, struct wk_src *src,
    const struct wake_input_opts *opts, char **spare);
/* Free in, keeping its line buffer in *spare when that is NULL. */
void wk_input_dispose(struct wake_input *in, char **spare);
/* wake_input_open_path with WK_IN_* flags. */
int wk_input_open_path_ex(struct wake_input **inp, const char *path,
    const struct wake_input_opts *opts, unsigned flags);
/* An input over memory read chunk bytes at a time (tests, fuzzing). */
int wk_input_open_chunked(struct wake_input **inp, const char *name,
    const void *p, size_t n, size_t chunk,
    const struct wake_input_opts *opts);

/* ---- end of input ---- */

/* ---- merge and filter (lib/merge.c, lib/filter.c) ---- */

/* Is p (24 bytes) shaped as a TSV timestamp "dddd-dd-ddTdd:dd:dd.dddZ"? */
int wk_key_ok(const char *p);
/* Nanoseconds of such a timestamp (digits are not range-checked). */
wake_time_t wk_key_time(const char *p);

/* ---- end of merge and filter ---- */

/* ---- time zones (lib/tz.c): hooks for tests and fuzzing ---- */

/* A zone from TZif bytes (name copied); WAKE_ERR_FORMAT when malformed. */
int wk_tz_from_tzif(const void *p, size_t n, const char *name,
    struct wake_tz **tzp);
/* A zone from a POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0", "JST-9"). */
int wk_tz_from_posix(const char *s, size_t n, struct wake_tz **tzp);
/* wake_tz_to_utc() without its cache (flags must not be NULL). */
int64_t wk_tz_to_utc_nocache(struct wake_tz *tz, int64_t local, int *flags);
/* For the earlier instant utc of a local time in a repeated hour of
 * tz, the later one (utc itself otherwise). */
int64_t wk_tz_later(struct wake_tz *tz, int64_t utc);

/* ---- end of time zones ---- */

/* ---- redact (lib/redact.c, lib/redact_scan.c) ---- */

/* Kinds of value the built-in detectors know (their token names). */
#define WK_RK_PHONE	0
#define WK_RK_EMAIL	1
#define WK_RK_IPV4	2
#define WK_RK_IPV6	3
#define WK_RK_CARD	4
#define WK_RK_USER	5
#define WK_RK_ACCT	6
#define WK_RK_NBUILTIN	7

#define WK_RNORM_MAX	336	/* longest normalised value found in text */

/*
 * A value found in a string: bytes [start, end) are replaced.  For a
 * personal KEY=VALUE (field set) kind is the key's and the value is
 * [vstart, vend) (without quotes), to be normalised by the caller;
 * otherwise norm holds the normalised value the token is made from.
 */
struct wk_rfind {
	size_t		 start;
	size_t		 end;
	size_t		 vstart;
	size_t		 vend;
	int		 kind;
	int		 field;
	int		 private_ip;	/* RFC 1918, loopback, link-local, ULA */
	size_t		 nnorm;
	unsigned char	 norm[WK_RNORM_MAX];
};

/* The kind of a personal attr named key, or -1 when it is not one. */
typedef int (*wk_rfield_fn)(void *arg, const char *key, size_t klen);

/*
 * Find the first value that starts in p[lo..hi) and ends by hi (bytes
 * outside give context only).  field (may be NULL) says which KEY=
 * start a personal value.  Returns 1 with f filled in, or 0.
 */
int wk_redact_find(const char *p, size_t n, size_t lo, size_t hi,
    struct wk_rfind *f, wk_rfield_fn field, void *arg);

/*
 * Normalise a phone number however written ("+1 (415) 555-0100",
 * "0312345678", "\"Taro\" <090-1234-5678>") to its digits with the
 * country code (see wake-redact(1)).  Returns the length written to out
 * (at most cap), 0 when p holds no digit.
 */
size_t wk_redact_norm_phone(const char *p, size_t n, unsigned char *out,
    size_t cap);

/* ---- end of redact ---- */

/* ---- chat (lib/fmt_chat.c, lib/slack.c) ---- */

#define WK_IN_SLACK	0x2	/* input flag: a Slack export zip is one input */

extern const struct wk_format wk_fmt_irc;
extern const struct wk_format wk_fmt_mattermost;
/* Only names the format: a Slack export is read whole (wk_slack_*). */
extern const struct wk_format wk_fmt_slack;

/*
 * The channel a chat log's file name tells ("logs/#ops.log",
 * "irc.libera.#ops.weechatlog", "ops.weechatlog"), into out (NUL
 * terminated); 0 when it tells none.
 */
size_t wk_chat_channel(const char *name, char *out, size_t outsz);

struct wk_slack;	/* the messages of one export, collected */

/* Receives each message as an event; member:line is its origin. */
typedef int (*wk_slack_fn)(void *arg, struct wake_event *ev,
    const char *member, uint64_t line);

/* Is in a Slack export (a folder or .zip with channels.json)? */
int wk_slack_is_bundle(struct wake_input *in);
/*
 * The folder or zip at path: is it a Slack export?  1 or 0.  A zip is
 * one when channels.json is at its root, or in the one folder that
 * holds all its members.
 */
int wk_slack_probe(const char *path, int isdir);

int wk_slack_new(struct wk_slack **sp);
void wk_slack_free(struct wk_slack *s);
/* users.json, channels.json (n bytes); WAKE_OK or WAKE_ERR_FORMAT. */
int wk_slack_users(struct wk_slack *s, const char *p, size_t n,
    const char **why);
int wk_slack_channels(struct wk_slack *s, const char *p, size_t n,
    const char **why);
/*
 * Collect the messages of one day file of channel (its folder name),
 * named member in origins.  WAKE_OK, WAKE_ERR_FORMAT (the file is kept
 * as one raw event, *why says why) or WAKE_ERR_NOMEM / _LIMIT.
 */
int wk_slack_day(struct wk_slack *s, const char *channel, size_t chlen,
    const char *member, const char *p, size_t n, const char **why);
/* Every message collected, in time order, to fn; fn's nonzero stops. */
int wk_slack_emit(struct wk_slack *s, wk_slack_fn fn, void *arg);

struct wk_slack_result {
	uint64_t	 skipped;	/* members not day files */
	uint64_t	 bytes;		/* bytes read */
	int		 no_users;	/* users.json missing */
	char		 err[512];	/* first problem, "member: why" */
};

/*
 * Read the export at path (a folder or a zip, named name in origins)
 * and give its messages to fn in time order.  WAKE_OK; WAKE_EOF when
 * fn stopped; WAKE_ERR_FORMAT when a member was bad (its messages are
 * raw events; res->err says which); WAKE_ERR_IO, WAKE_ERR_NOMEM.
 */
int wk_slack_read(const char *path, const char *name, wk_slack_fn fn,
    void *arg, wake_diag_fn diag, void *diag_arg,
    struct wk_slack_result *res);

/* ---- end of chat ---- */

/* ---- template mining (lib/mine.c, lib/mine_tok.c, lib/mine_run.c) ---- */

#define WK_MTOK_MAX	256	/* tokens of a message; the rest is one <*> */
#define WK_MTOK_LEN	256	/* longer tokens become <*> */

#define WK_MT_WILD	0x1	/* the token is "<*>" */
#define WK_MT_DIGIT	0x2	/* holds a digit (routed to <*> in the tree) */
#define WK_MT_JOIN	0x4	/* no space before it (Japanese text) */

struct wk_mtok {
	uint32_t	 off;	/* in the tokens' text */
	uint32_t	 len;
	uint64_t	 hash;	/* of the text and WK_MT_JOIN */
	unsigned	 flags;
};

struct wk_mtoks {
	struct wk_mtok	 t[WK_MTOK_MAX];
	size_t		 n;
	char		*text;	/* masked bytes of the tokens */
	size_t		 len;
	size_t		 cap;
};

/*
 * Cut p[0..n) into masked tokens (tk keeps its buffer between calls;
 * zero it before the first).  Returns WAKE_OK or WAKE_ERR_NOMEM.
 */
int wk_mine_tokenize(struct wk_mtoks *tk, const char *p, size_t n,
    unsigned masks);
void wk_mine_toks_free(struct wk_mtoks *tk);
/* The hash of a token's bytes and its WK_MT_JOIN flag. */
uint64_t wk_mine_tokhash(const char *p, size_t n, unsigned flags);

struct wake_miner;
struct wake_mine_rec;
/* wake_miner_add with the message cut already (t[0..ntok), bytes in
 * text), and the masks the miner cuts with. */
int wk_miner_add_toks(struct wake_miner *m, const struct wake_mine_rec *r,
    const struct wk_mtok *t, size_t ntok, const char *text, uint64_t *id);
unsigned wk_miner_masks(const struct wake_miner *m);

/* ---- end of template mining ---- */

/* ---- rules (lib/rules.c): hooks for tests ---- */

struct wake_rules;

/*
 * The prefilter of r for events of kind (kind < 0: out of range): its
 * stride in bytes, the rules it searches literals for, and the rules
 * without literals it always evaluates.
 */
void wk_rules_info(const struct wake_rules *r, int kind, size_t *stride,
    size_t *nlitrules, size_t *nalways);
/*
 * The literals wk_rules finds in pattern p (NUL-terminated), joined by
 * '|' into out (outsz bytes); 0 when it finds none.
 */
int wk_rules_literals(const char *p, int caseless, char *out, size_t outsz);
/* Turn the prefilter off (on = 0): every rule is evaluated (tests). */
void wk_rules_set_prefilter(struct wake_rules *r, int on);

/* ---- end of rules ---- */

#endif /* WAKE_INTERNAL_H */
