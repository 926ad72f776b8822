/*
 * Pseudonymising personal data (wake-redact(1)): phone numbers, e-mail
 * addresses, IPv4 and IPv6 addresses, payment card numbers, user names
 * and whatever --pattern describes are replaced by keyed tokens such as
 * "<phone:4f1a9c2e>".  A token is the start of SipHash-2-4 (libsodium's
 * crypto_shorthash) over the kind and the normalised value, under a
 * 128-bit key: the same value gives the same token under the same key,
 * and nobody without the key can tell which value a token stands for.
 *
 * Works on events (msg, host and attrs; personal attrs such as caller=
 * or user= are replaced whole) or on raw lines of text.
 */
#ifndef WAKE_REDACT_H
#define WAKE_REDACT_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/input.h>
#include <wake/wake.h>

struct wake_redact;

/*
 * Make a redactor with a random key (see wake_redact_set_key), the
 * built-in detectors and the built-in list of personal attrs.  Returns
 * WAKE_OK, WAKE_ERR_NOMEM, or WAKE_ERR_IO when libsodium cannot start.
 */
int wake_redact_new(struct wake_redact **rp);
/* wake_redact_free(NULL) does nothing. */
void wake_redact_free(struct wake_redact *r);

/* Detail of the last failed call; never NULL. */
const char *wake_redact_error(const struct wake_redact *r);

/*
 * Derive the key from a secret of at least 16 bytes (a key file's whole
 * contents, byte for byte): key = BLAKE2b-128 (crypto_generichash) of
 * the secret.  Returns WAKE_OK or WAKE_ERR_USAGE (too short).
 */
int wake_redact_set_key(struct wake_redact *r, const void *secret,
    size_t n);

/* Leave RFC 1918, loopback, link-local (and fc00::/7) addresses. */
void wake_redact_set_keep_private(struct wake_redact *r, int keep);

/* Hex digits of a token: 4 to 16 (default 8).  WAKE_ERR_USAGE. */
int wake_redact_set_digits(struct wake_redact *r, int digits);

/*
 * Write "{{kind:original}}" instead of a token, to review what would
 * be replaced (the output then holds the personal data).
 */
void wake_redact_set_mark(struct wake_redact *r, int mark);

/* Forget the built-in personal attrs (caller=, user=, ...) and that the
 * host of a chat event is a user. */
void wake_redact_no_default_fields(struct wake_redact *r);

/*
 * Replace every value of the attr NAME whole ("NAME" or "NAME=KIND";
 * KIND names the token, by default the built-in kind of NAME or NAME
 * itself).  The name "host" means the host column of events.  Returns
 * WAKE_OK, WAKE_ERR_USAGE (bad name) or WAKE_ERR_NOMEM.
 */
int wake_redact_add_field(struct wake_redact *r, const char *spec);

/*
 * A PCRE2 pattern for values of kind NAME: "NAME=PATTERN".  Each match
 * is replaced by "<NAME:...>" (its first capture group when it has
 * one).  Returns WAKE_OK, WAKE_ERR_USAGE (bad name or pattern, detail
 * in wake_redact_error) or WAKE_ERR_NOMEM.
 */
int wake_redact_add_pattern(struct wake_redact *r, const char *spec);

/*
 * Learn the people of a Slack export's users.json (n bytes, named name
 * in messages): their id, name, real_name, profile.display_name and
 * profile.real_name are replaced by "<user:...>", the same token for
 * every name of one user.  Returns WAKE_OK, WAKE_ERR_FORMAT (detail in
 * wake_redact_error) or WAKE_ERR_NOMEM.
 */
int wake_redact_add_users(struct wake_redact *r, const char *json, size_t n,
    const char *name);
/*
 * The same from a path: a users.json file (.gz too), or a directory or
 * archive holding one (its first member named users.json).  Returns as
 * above, or WAKE_ERR_IO.
 */
int wake_redact_load_users(struct wake_redact *r, const char *path);

/*
 * Append p[0..n) with its personal data replaced to out.  Returns the
 * number of values replaced (>= 0), or WAKE_ERR_NOMEM / WAKE_ERR_LIMIT
 * (out's ceiling).
 */
long wake_redact_text(struct wake_redact *r, const char *p, size_t n,
    struct wake_buf *out);

/*
 * Replace personal data in an event's msg, host and attrs.  Changed
 * fields are stored in the event's arena.  Returns the number of
 * values replaced, or WAKE_ERR_NOMEM.
 */
long wake_redact_event(struct wake_redact *r, struct wake_event *ev);

/*
 * Counts so far, one kind at a time (i from 0): its name, values
 * replaced, and addresses left because they are private.  Returns
 * WAKE_OK, or WAKE_EOF past the last kind.
 */
int wake_redact_count(const struct wake_redact *r, size_t i,
    const char **kind, uint64_t *replaced, uint64_t *kept);

struct wake_redact_run_opts {
	int		 text;		/* raw lines, not events */
	int		 json;		/* write events as JSON Lines */
	const char	*name;		/* name in diagnostics; NULL: origin */
	/* Output: flush at 256 KiB; nonzero stops; the caller writes what
	 * is left at the end. */
	struct wake_buf	*out;
	int		(*flush)(void *arg);
	void		*flush_arg;
	wake_diag_fn	 diag;		/* bad and over-long lines */
	void		*diag_arg;
};

/*
 * Redact every line of in to the output.  Events keep their form (TSV
 * or JSON, or JSON with o->json); metadata lines are redacted as text;
 * lines that are not events are reported and left out, and an input
 * whose first line is not an event is reported once and skipped.
 * Over-long lines are reported and left out (a cut value could leak).
 * Returns WAKE_OK, WAKE_EOF when flush asked to stop, WAKE_ERR_NOMEM,
 * or the input's error (detail in wake_input_error()).
 */
int wake_redact_run(struct wake_redact *r, struct wake_input *in,
    const struct wake_redact_run_opts *o);

#endif /* WAKE_REDACT_H */
