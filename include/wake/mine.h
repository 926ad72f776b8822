/*
 * Log template mining (wake-mine(1)): an online miner in the manner of
 * Drain (He et al., ICWS 2017).  Each message is cut into tokens, the
 * variable parts masked to "<*>" by the tokenizer itself (addresses,
 * numbers with units, hex ids, UUIDs, ...), and routed through a tree
 * of fixed depth: first by source and token count, then by the first
 * `depth` tokens.  At the leaf the message joins the most similar
 * template when its similarity (the share of positions that agree; a
 * template's "<*>" agrees with a masked value) reaches the threshold,
 * positions that differ becoming "<*>"; else it starts a template of
 * its own.
 *
 * A template's id is FNV-1a 64 of its text, written as 16 lowercase hex
 * digits: the same text has the same id on every run and machine.  When
 * a template grows a wildcard its text, and so its id, changes; the old
 * ids are kept as aliases (wake_miner_find resolves them).
 *
 * State (templates with their counts, times, example and aliases) can
 * be saved, loaded and merged; loading is merging into what is there.
 * Memory is the tree and the templates: with max_templates set, the
 * least recently used template is dropped to make room.
 *
 * A miner is not thread-safe: one thread at a time, also for lookups.
 */
#ifndef WAKE_MINE_H
#define WAKE_MINE_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/wake.h>

/* Mask classes: what the tokenizer turns into "<*>". */
#define WAKE_MASK_IP	0x001	/* IPv4 and IPv6 addresses, with :port */
#define WAKE_MASK_MAC	0x002	/* 00:1b:21:3a:4f:8c, 00-1B-... */
#define WAKE_MASK_UUID	0x004	/* 8-4-4-4-12 hex */
#define WAKE_MASK_HEX	0x008	/* 0x1f, and hex ids of 8+ digits */
#define WAKE_MASK_NUM	0x010	/* numbers, with units: 42 -3.5 10ms 3.5GB */
#define WAKE_MASK_TIME	0x020	/* 12:30:01.5, 2024-02-22, Jul, Fri */
#define WAKE_MASK_PATH	0x040	/* path components holding digits */
#define WAKE_MASK_QUOTE	0x080	/* "quoted strings" (may hold spaces) */
#define WAKE_MASK_KV	0x100	/* the value of key=value */
#define WAKE_MASK_ALL	0x1ff
#define WAKE_MASK_DEFAULT	(WAKE_MASK_IP | WAKE_MASK_MAC | \
	WAKE_MASK_UUID | WAKE_MASK_HEX | WAKE_MASK_NUM | WAKE_MASK_TIME | \
	WAKE_MASK_PATH)

/*
 * Parse a comma list of mask class names (ip mac uuid hex num time path
 * quote kv, or all, none, default) into *masks.  Returns WAKE_OK or
 * WAKE_ERR_USAGE (an unknown name).
 */
int wake_mine_masks_parse(const char *list, unsigned *masks);

/*
 * Append msg's masked form to out: its tokens, masked parts as "<*>",
 * joined as a template is (one space between words, none inside a run
 * of Japanese text).  Returns WAKE_OK or WAKE_ERR_NOMEM.
 */
int wake_mine_mask(const char *msg, size_t n, unsigned masks,
    struct wake_buf *out);

/* Settings; WAKE_MINE_OPTS_INIT gives the defaults. */
struct wake_mine_opts {
	double		 sim;		/* similarity threshold, (0, 1] */
	int		 depth;		/* leading tokens in the tree, 0-8 */
	int		 max_children;	/* children of a tree node, >= 2 */
	size_t		 max_templates;	/* 0: no cap (else LRU) */
	unsigned	 masks;		/* WAKE_MASK_* */
	int		 by_src;	/* a tree per source (src) */
};
#define WAKE_MINE_OPTS_INIT { 0.75, 2, 100, 0, WAKE_MASK_DEFAULT, 1 }

struct wake_miner;

/*
 * Make a miner (o NULL: defaults).  Returns WAKE_OK, WAKE_ERR_USAGE (a
 * setting out of range) or WAKE_ERR_NOMEM.
 */
int wake_miner_new(struct wake_miner **mp, const struct wake_mine_opts *o);
/* wake_miner_free(NULL) does nothing. */
void wake_miner_free(struct wake_miner *m);
/* Detail of the last failed call ("file:line: reason"); never NULL. */
const char *wake_miner_error(const struct wake_miner *m);

/* One message to mine.  Strings are borrowed for the call only. */
struct wake_mine_rec {
	struct wake_str	 src;		/* source; ignored unless by_src */
	struct wake_str	 msg;
	wake_time_t	 ts;		/* WAKE_TIME_NONE when unknown */
	struct wake_str	 origin;	/* "FILE:LINE" of the example */
};

/*
 * Mine one message: it joins a template (maybe changing it) or starts
 * one.  *id gets the template's id as it is after this message.
 * Returns WAKE_OK or WAKE_ERR_NOMEM.
 */
int wake_miner_add(struct wake_miner *m, const struct wake_mine_rec *r,
    uint64_t *id);

/* wake_miner_add on an event: its src, msg, ts and origin= attr. */
int wake_miner_add_event(struct wake_miner *m, const struct wake_event *ev,
    uint64_t *id);

struct wake_input;

/*
 * Receives each line that wake_miner_add_lines mined, in order: its
 * bytes (lent for the call), its line number, and its template's id as
 * it is after the line.  A nonzero return stops the run.
 */
typedef int (*wake_mine_line_fn)(void *arg, const char *p, size_t n,
    uint64_t no, uint64_t id);

/*
 * Mine every line of in as a message of no source, its origin
 * "NAME:LINE", calling each (may be NULL) for each line.  A second
 * thread reads and cuts the lines while this one mines them.  Returns
 * WAKE_OK at the end of the input, the input's error (detail in
 * wake_input_error), WAKE_ERR_NOMEM, or what each returned to stop.
 */
int wake_miner_add_lines(struct wake_miner *m, struct wake_input *in,
    wake_mine_line_fn each, void *arg);

/*
 * The template msg (from source src) belongs to, without learning:
 * the most specific template that covers it (wildcards match
 * anything) with similarity at or above the threshold.  Returns WAKE_OK
 * with *id set, or WAKE_EOF when no template fits.
 */
int wake_miner_match(struct wake_miner *m, const char *src, size_t srclen,
    const char *msg, size_t n, uint64_t *id);

/* A template as the miner holds it; strings lent until the next call
 * that changes the miner. */
struct wake_tmpl {
	uint64_t	 id;
	struct wake_str	 text;		/* "upstream connect error: <*>" */
	struct wake_str	 src;		/* "" unless by_src */
	uint64_t	 count;		/* messages it took */
	wake_time_t	 first;		/* WAKE_TIME_NONE when unknown */
	wake_time_t	 last;
	struct wake_str	 example;	/* the first message (capped) */
	struct wake_str	 origin;	/* its origin, "" when unknown */
	size_t		 ntokens;
	size_t		 nwild;		/* "<*>" tokens */
};

/* Number of templates. */
size_t wake_miner_count(const struct wake_miner *m);
/*
 * Template i (0 <= i < count) in canonical order: by source, then text.
 * The order and the indices hold until the miner changes.  Returns
 * WAKE_OK or WAKE_EOF (i out of range).
 */
int wake_miner_get(struct wake_miner *m, size_t i, struct wake_tmpl *t);
/* The template whose id, or one of whose former ids, is id: WAKE_OK or
 * WAKE_EOF. */
int wake_miner_find(struct wake_miner *m, uint64_t id, struct wake_tmpl *t);

/*
 * Append the template table (wake-mine(1)): "#wake templates 1", a
 * header row, then one TSV row per id, "id count first last template
 * example origin", most frequent first (then by id).  Templates of
 * several sources with the same text share an id and one row (counts
 * added, the earliest example).  Fields are escaped as event fields are.
 * Returns WAKE_OK or WAKE_ERR_NOMEM.
 */
int wake_miner_write_table(struct wake_miner *m, struct wake_buf *out);

/*
 * Append the state, a versioned text form ("#wake mine-state 1"; see
 * wake-mine(1)), in canonical order.  Returns WAKE_OK or
 * WAKE_ERR_NOMEM.
 */
int wake_miner_save(struct wake_miner *m, struct wake_buf *out);

/*
 * Read a state (n bytes, called name in messages) and merge it into m:
 * each template is put through the miner as a message is, in canonical
 * order, keeping its id, counts, times and example.  A miner with no
 * templates yet takes the state's settings (sim, depth, max_children,
 * masks, by_src; not max_templates).  Returns WAKE_OK,
 * WAKE_ERR_FORMAT (detail in wake_miner_error; templates read before
 * the bad line stay) or WAKE_ERR_NOMEM.
 */
int wake_miner_load(struct wake_miner *m, const char *p, size_t n,
    const char *name);

/*
 * Merge the templates of src into dst (as wake_miner_load does).
 * Returns WAKE_OK or WAKE_ERR_NOMEM.
 */
int wake_miner_merge(struct wake_miner *dst, struct wake_miner *src);

/*
 * Put m's templates through an empty tree again in canonical order, so
 * that templates one of which now covers another become one.  A saved
 * state is canonical already.  Returns WAKE_OK or WAKE_ERR_NOMEM.
 */
int wake_miner_canon(struct wake_miner *m);

/* The id of a template text: FNV-1a 64. */
uint64_t wake_tmpl_id(const char *text, size_t n);
/* Write id as 16 lowercase hex digits and a NUL. */
void wake_tmpl_id_format(uint64_t id, char out[17]);
/* Parse 16 hex digits: WAKE_OK or WAKE_ERR_FORMAT. */
int wake_tmpl_id_parse(const char *p, size_t n, uint64_t *id);

#endif /* WAKE_MINE_H */
