/*
 * Classification rules (wake-rules(5)): a rules file says, one rule a
 * line, which events are alerts, changes or incident markers.  A rule is
 *
 *	CONDITION... [/PATTERN/] ACTION...
 *
 * conditions on fields (src=chat kind=chat,report sev<=warn
 * attr:channel=incident-* host~REGEX), at most one PCRE2 pattern on msg
 * (UTF, UCP, JIT) whose groups $1 ${name} feed the actions, and actions
 * that set kind=, sev=, attrs (phase=ack change=$1 ...), name the rule
 * (rule=NAME) or end the evaluation (stop).  Every rule whose conditions
 * hold fires, in file order; later actions override earlier ones; a
 * rule with stop ends the evaluation.  Conditions see the event as the
 * rules before them left it.  Each event that a rule fired on gets
 * rule=NAME[,NAME...] naming the rules, in order, after any names it
 * had (each once): applying the same rules twice changes nothing.
 *
 * The default rules (rules/default.rules) are built into libwake.
 */
#ifndef WAKE_RULES_H
#define WAKE_RULES_H

#include <stddef.h>

#include <wake/event.h>
#include <wake/wake.h>

struct wake_rules;

/*
 * Make an empty rule set in *rp (applying it changes nothing).  Returns
 * WAKE_OK or WAKE_ERR_NOMEM.  Free with wake_rules_free().
 */
int wake_rules_new(struct wake_rules **rp);

/*
 * Add the rules of a rules file (path) or of text (n bytes, called name
 * in messages) after those already loaded.  On a broken rule nothing of
 * that file is added, and the call returns WAKE_ERR_USAGE with
 * "name:line: reason" in wake_rules_error() (for a bad pattern the
 * PCRE2 message and the offset in the pattern); WAKE_ERR_IO when the
 * file cannot be read; WAKE_ERR_NOMEM.
 */
int wake_rules_load_file(struct wake_rules *r, const char *path);
int wake_rules_load_mem(struct wake_rules *r, const char *name,
    const char *text, size_t n);

/* Add the built-in default rules (named "default.rules" in messages). */
int wake_rules_load_default(struct wake_rules *r);

/* The text of the built-in default rules (static, n bytes, no NUL). */
const char *wake_rules_default_text(size_t *n);

/* The number of rules loaded. */
size_t wake_rules_count(const struct wake_rules *r);

/* The detail of the last failed load ("" when none); lent. */
const char *wake_rules_error(const struct wake_rules *r);

/*
 * Classify ev: run the rules over it, changing its kind, sev and attrs.
 * Attr values are either borrowed from r (constants written in the
 * rules: keep r alive while ev is used, or wake_event_own() it) or
 * copied into ev's arena.  Returns the number of rules that fired (0:
 * ev unchanged), or WAKE_ERR_NOMEM (ev may be partly changed).
 *
 * r keeps one set of match buffers: wake_rules_apply() on one rule set
 * from two threads at once is not safe; give each thread its own rule
 * set (loading is cheap).  A pattern that runs past its match limit
 * counts as not matching.
 */
int wake_rules_apply(const struct wake_rules *r, struct wake_event *ev);

/* Free r.  wake_rules_free(NULL) does nothing. */
void wake_rules_free(struct wake_rules *r);

#endif /* WAKE_RULES_H */
