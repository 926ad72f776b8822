/*
 * User formats: PCRE2 patterns with named groups, read from format files
 * (wake-parse(1), FORMAT FILES):
 *
 *	# comment
 *	[name]
 *	pattern = ^(?<ts>\d{6} \d{6}) (?<sev>[A-Z]+) (?<msg>.*)$
 *	time = %y%m%d %H%M%S
 *
 * Groups ts, host, sev and msg fill those fields; any other named group
 * becomes an attr.  Patterns match UTF-8 text; as an invalid byte
 * matches nothing in that mode (not even "."), a line holding one that
 * does not match is tried again with the pattern compiled for bytes.  A
 * pathological pattern fails on a line instead of hanging (match, depth
 * and heap limits).
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include <wake/event.h>
#include <wake/time.h>

#include "internal.h"

#define MATCH_LIMIT	1000000		/* backtracking steps per line */
#define DEPTH_LIMIT	10000		/* interpreter only; JIT ignores it */
#define HEAP_LIMIT	(20 * 1024)	/* KiB */
#define JIT_STACK_MIN	(32 * 1024)
#define JIT_STACK_MAX	(1024 * 1024)
#define NAME_MAX_LEN	63		/* fits wake_parse_stats.format */

enum role { G_TS, G_HOST, G_SEV, G_MSG, G_ATTR };

struct ugroup {
	uint32_t	 num;
	enum role	 role;
	const char	*name;		/* in the pattern's name table */
	size_t		 nlen;
};

/* Keys given in a section, so none is given twice. */
#define K_PATTERN	0x01
#define K_TIME		0x02
#define K_TZ		0x04
#define K_KIND		0x08
#define K_HOST		0x10
#define K_FOLD		0x20
#define K_DESC		0x40

struct ufmt {
	struct wk_format	 f;
	char			*name;
	char			*desc;
	pcre2_code		*re;		/* UTF-8 */
	pcre2_code		*re8;		/* bytes; NULL: none */
	struct ugroup		*g;
	size_t			 ng;
	char			*layout;	/* NULL: wake_time_scan */
	struct wake_tz		*tz;		/* NULL: the run's zone */
	int			 kind;
	char			*host;		/* constant; NULL: none */
	size_t			 hostlen;
	unsigned		 keys;
	unsigned long		 line;		/* of "[name]" */
};

struct wk_userfmts {
	struct ufmt	**v;
	size_t		  n;
};

struct ustate {
	pcre2_match_data	*md;
	pcre2_match_data	*md8;
	pcre2_match_context	*mc;
	pcre2_jit_stack		*js;
};

/* ---- matching ---- */

static void
ufini(void *state)
{
	struct ustate *s = state;

	if (s == NULL)
		return;
	pcre2_match_data_free(s->md);
	pcre2_match_data_free(s->md8);
	pcre2_match_context_free(s->mc);
	pcre2_jit_stack_free(s->js);
	free(s);
}

static void *
uinit(const void *data)
{
	const struct ufmt *u = data;
	struct ustate *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->md = pcre2_match_data_create_from_pattern(u->re, NULL);
	s->mc = pcre2_match_context_create(NULL);
	if (u->re8 != NULL)
		s->md8 = pcre2_match_data_create_from_pattern(u->re8, NULL);
	if (s->md == NULL || s->mc == NULL || (u->re8 != NULL &&
	    s->md8 == NULL)) {
		ufini(s);
		return NULL;
	}
	pcre2_set_match_limit(s->mc, MATCH_LIMIT);
	pcre2_set_depth_limit(s->mc, DEPTH_LIMIT);
	pcre2_set_heap_limit(s->mc, HEAP_LIMIT);
	/* Without a JIT stack of its own, PCRE2 uses 32 KiB on the stack. */
	if ((s->js = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX,
	    NULL)) != NULL)
		pcre2_jit_stack_assign(s->mc, NULL, s->js);
	return s;
}

static int
blanks(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

static int
utime(struct wk_pctx *c, const struct ufmt *u, const char *p, size_t n,
    struct wake_event *ev, const char **why)
{
	struct wake_tm tm;
	size_t k;

	if (u->layout != NULL)
		k = wake_time_scan_layout(u->layout, p, n, &tm);
	else
		k = wake_time_scan(p, n, WAKE_TL_ALL, &tm, NULL);
	if (k == 0 || !blanks(p + k, n - k)) {
		*why = u->layout != NULL ? "ts group does not fit the time "
		    "layout" : "ts group holds no time wake knows";
		return WK_NOMATCH;
	}
	if (u->tz != NULL)
		c->tz = u->tz;
	if (wk_resolve(c, &tm, &ev->ts) != WAKE_OK) {
		*why = "time out of range";
		return WK_NOMATCH;
	}
	return WK_EVENT;
}

static int
has_high(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0x80)
			return 1;
	return 0;
}

static int
uparse(struct wk_pctx *c, const char *line, size_t n, struct wake_event *ev,
    const char **why)
{
	const struct ufmt *u = c->fmt_data;
	struct ustate *s = c->state;
	pcre2_match_data *md = s->md;
	const struct ugroup *g;
	PCRE2_SIZE *ov, b, e;
	size_t i;
	int rc, sev;

	rc = pcre2_match(u->re, (PCRE2_SPTR)line, n, 0, 0, md, s->mc);
	if (rc == PCRE2_ERROR_NOMATCH && u->re8 != NULL && has_high(line, n)) {
		md = s->md8;
		rc = pcre2_match(u->re8, (PCRE2_SPTR)line, n, 0, 0, md, s->mc);
	}
	if (rc < 0) {
		switch (rc) {
		case PCRE2_ERROR_NOMATCH:
			*why = "pattern does not match";
			break;
		case PCRE2_ERROR_MATCHLIMIT:
		case PCRE2_ERROR_DEPTHLIMIT:
		case PCRE2_ERROR_HEAPLIMIT:
		case PCRE2_ERROR_JIT_STACKLIMIT:
			*why = "pattern hit the match limit";
			break;
		default:
			*why = "pattern match failed";
			break;
		}
		return WK_NOMATCH;
	}
	ov = pcre2_get_ovector_pointer(md);
	ev->msg.p = line;
	ev->msg.n = n;
	ev->kind = u->kind;
	if (u->host != NULL) {
		ev->host.p = u->host;
		ev->host.n = u->hostlen;
	}
	for (i = 0; i < u->ng; i++) {
		g = &u->g[i];
		if (g->num >= (uint32_t)rc)
			continue;
		b = ov[2 * g->num];
		e = ov[2 * g->num + 1];
		if (b == PCRE2_UNSET || e < b)
			continue;
		switch (g->role) {
		case G_TS:
			if (utime(c, u, line + b, e - b, ev, why) != WK_EVENT)
				return WK_NOMATCH;
			break;
		case G_HOST:
			ev->host.p = line + b;
			ev->host.n = e - b;
			break;
		case G_SEV:
			if ((sev = wk_sev_from_word(line + b, e - b)) >= 0)
				ev->sev = sev;
			break;
		case G_MSG:
			ev->msg.p = line + b;
			ev->msg.n = e - b;
			break;
		case G_ATTR:
			if (wake_event_attr_ref(ev, g->name, g->nlen, line + b,
			    e - b) != WAKE_OK) {
				*why = "out of memory";
				return WK_NOMATCH;
			}
			break;
		}
	}
	return WK_EVENT;
}

/* ---- loading ---- */

struct loader {
	const char		 *file;
	unsigned long		  line;
	char			 *err;
	size_t			  errsz;
	const char *const	 *taken;
	size_t			  ntaken;
	struct wk_userfmts	 *u;
	struct ufmt		 *cur;
};

static int
fail(struct loader *L, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct loader *L, unsigned long line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(L->err, L->errsz, "%s:%lu: %s", L->file, line, msg);
	return WAKE_ERR_USAGE;
}

static void
ufmt_free(struct ufmt *u)
{
	if (u == NULL)
		return;
	free(u->name);
	free(u->desc);
	pcre2_code_free(u->re);
	pcre2_code_free(u->re8);
	free(u->g);
	free(u->layout);
	wake_tz_free(u->tz);
	free(u->host);
	free(u);
}

void
wk_userfmt_free(struct wk_userfmts *u)
{
	size_t i;

	if (u == NULL)
		return;
	for (i = 0; i < u->n; i++)
		ufmt_free(u->v[i]);
	free(u->v);
	free(u);
}

size_t
wk_userfmt_count(const struct wk_userfmts *u)
{
	return u->n;
}

const struct wk_format *
wk_userfmt_get(const struct wk_userfmts *u, size_t i)
{
	return i < u->n ? &u->v[i]->f : NULL;
}

static char *
dupn(const char *p, size_t n)
{
	char *s;

	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static int
name_ok(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > NAME_MAX_LEN)
		return 0;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9') ||
		    p[i] == '.' || p[i] == '_' || p[i] == '-'))
			return 0;
	return 1;
}

static int
name_taken(const struct loader *L, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < L->ntaken; i++)
		if (wk_streq(p, n, L->taken[i]))
			return 1;
	for (i = 0; i < L->u->n; i++)
		if (wk_streq(p, n, L->u->v[i]->name))
			return 1;
	return 0;
}

/* The section is complete: check it and add it. */
static int
close_section(struct loader *L)
{
	struct ufmt *u = L->cur, **nv;
	char desc[256];

	if (u == NULL)
		return WAKE_OK;
	L->cur = NULL;
	if (u->re == NULL) {
		fail(L, u->line, "[%s] has no pattern", u->name);
		ufmt_free(u);
		return WAKE_ERR_USAGE;
	}
	if (u->desc == NULL) {
		snprintf(desc, sizeof(desc), "user format from %s", L->file);
		if ((u->desc = dupn(desc, strlen(desc))) == NULL) {
			ufmt_free(u);
			return WAKE_ERR_NOMEM;
		}
	}
	u->f.name = u->name;
	u->f.desc = u->desc;
	u->f.data = u;
	u->f.init = uinit;
	u->f.fini = ufini;
	u->f.parse = uparse;
	/* Formats that absorb unmatched lines cannot ask for 90%. */
	if (!(u->f.flags & WK_FOLD_NOTS))
		u->f.flags |= WK_SNIFF_STRICT;
	if ((nv = reallocarray(L->u->v, L->u->n + 1, sizeof(*nv))) == NULL) {
		ufmt_free(u);
		return WAKE_ERR_NOMEM;
	}
	L->u->v = nv;
	L->u->v[L->u->n++] = u;
	return WAKE_OK;
}

static int
open_section(struct loader *L, const char *p, size_t n)
{
	struct ufmt *u;
	int rc;

	if ((rc = close_section(L)) != WAKE_OK)
		return rc;
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (!name_ok(p, n))
		return fail(L, L->line, "bad format name '%.*s' (1 to %d "
		    "letters, digits, '.', '_', '-')", (int)WK_MIN(n, 80), p,
		    NAME_MAX_LEN);
	if (name_taken(L, p, n))
		return fail(L, L->line, "format '%.*s' is already defined",
		    (int)n, p);
	if ((u = calloc(1, sizeof(*u))) == NULL ||
	    (u->name = dupn(p, n)) == NULL) {
		free(u);
		return WAKE_ERR_NOMEM;
	}
	u->kind = WAKE_KIND_LOG;
	u->f.flags = WK_FOLD_INDENT;
	u->line = L->line;
	L->cur = u;
	return WAKE_OK;
}

static int
set_pattern(struct loader *L, const char *v, size_t vn)
{
	struct ufmt *u = L->cur;
	PCRE2_UCHAR msg[256];
	PCRE2_SPTR tab;
	PCRE2_SIZE eo;
	uint32_t cnt = 0, esz = 0, i;
	int ec;

	u->re = pcre2_compile((PCRE2_SPTR)v, vn, PCRE2_MATCH_INVALID_UTF |
	    PCRE2_NEVER_BACKSLASH_C, &ec, &eo, NULL);
	if (u->re == NULL) {
		if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", ec);
		return fail(L, L->line, "pattern: %s at offset %zu",
		    (char *)msg, (size_t)eo);
	}
	/* Without JIT (unsupported CPU) the interpreter does the work. */
	(void)pcre2_jit_compile(u->re, PCRE2_JIT_COMPLETE);
	/* The same groups for bytes, unless the pattern needs UTF-8. */
	u->re8 = pcre2_compile((PCRE2_SPTR)v, vn, PCRE2_NEVER_UTF |
	    PCRE2_NEVER_BACKSLASH_C, &ec, &eo, NULL);
	if (u->re8 != NULL)
		(void)pcre2_jit_compile(u->re8, PCRE2_JIT_COMPLETE);
	pcre2_pattern_info(u->re, PCRE2_INFO_NAMECOUNT, &cnt);
	pcre2_pattern_info(u->re, PCRE2_INFO_NAMEENTRYSIZE, &esz);
	pcre2_pattern_info(u->re, PCRE2_INFO_NAMETABLE, &tab);
	if (cnt == 0)
		return WAKE_OK;
	if ((u->g = calloc(cnt, sizeof(*u->g))) == NULL)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < cnt; i++, tab += esz) {
		struct ugroup *g = &u->g[u->ng++];

		g->num = (uint32_t)tab[0] << 8 | tab[1];
		g->name = (const char *)tab + 2;
		g->nlen = strlen(g->name);
		if (strcmp(g->name, "ts") == 0)
			g->role = G_TS;
		else if (strcmp(g->name, "host") == 0)
			g->role = G_HOST;
		else if (strcmp(g->name, "sev") == 0)
			g->role = G_SEV;
		else if (strcmp(g->name, "msg") == 0)
			g->role = G_MSG;
		else
			g->role = G_ATTR;
	}
	return WAKE_OK;
}

static int
set_key(struct loader *L, const char *k, size_t kn, const char *v,
    size_t vn)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} keys[] = {
		{ "pattern", K_PATTERN }, { "time", K_TIME }, { "tz", K_TZ },
		{ "kind", K_KIND }, { "host", K_HOST }, { "fold", K_FOLD },
		{ "desc", K_DESC },
	};
	struct ufmt *u = L->cur;
	const char *why;
	char *s;
	unsigned bit = 0;
	size_t i;
	int rc;

	for (i = 0; i < WK_NELEM(keys); i++)
		if (wk_streq(k, kn, keys[i].name))
			bit = keys[i].bit;
	if (bit == 0)
		return fail(L, L->line, "unknown key '%.*s' (pattern, time, "
		    "tz, kind, host, fold, desc)", (int)WK_MIN(kn, 80), k);
	if (u == NULL)
		return fail(L, L->line, "'%.*s' before any [name]", (int)kn,
		    k);
	if (u->keys & bit)
		return fail(L, L->line, "'%.*s' given twice", (int)kn, k);
	u->keys |= bit;
	if (bit == K_PATTERN)
		return set_pattern(L, v, vn);
	if (bit == K_KIND) {
		if ((u->kind = wake_kind_parse(v, vn)) < 0)
			return fail(L, L->line, "unknown kind '%.*s' (log, "
			    "call, chat, change, alert, report, phase, metric, "
			    "raw)", (int)WK_MIN(vn, 80), v);
		return WAKE_OK;
	}
	if (bit == K_FOLD) {
		u->f.flags &= ~(unsigned)(WK_FOLD_INDENT | WK_FOLD_NOTS);
		if (wk_streq(v, vn, "indent"))
			u->f.flags |= WK_FOLD_INDENT;
		else if (wk_streq(v, vn, "notime"))
			u->f.flags |= WK_FOLD_NOTS;
		else if (!wk_streq(v, vn, "none"))
			return fail(L, L->line, "fold must be indent, notime "
			    "or none");
		return WAKE_OK;
	}
	if ((s = dupn(v, vn)) == NULL)
		return WAKE_ERR_NOMEM;
	switch (bit) {
	case K_TIME:
		if (vn == 0) {
			free(s);
			return fail(L, L->line, "empty time layout");
		}
		u->layout = s;
		break;
	case K_TZ:
		rc = wake_tz_open(s, &u->tz, &why);
		if (rc != WAKE_OK) {
			u->tz = NULL;
			if (rc != WAKE_ERR_NOMEM)
				rc = fail(L, L->line, "tz: %s: %s", s,
				    why != NULL ? why : "unknown zone");
			free(s);
			return rc;
		}
		free(s);
		break;
	case K_HOST:
		if (vn == 0) {
			free(s);
			break;
		}
		u->host = s;
		u->hostlen = vn;
		break;
	default:
		u->desc = s;
		break;
	}
	return WAKE_OK;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* One line of a format file, without its LF. */
static int
load_line(struct loader *L, const char *p, size_t n)
{
	const char *eq, *k;
	size_t kn;

	while (n > 0 && (is_blank(p[n - 1]) || p[n - 1] == '\r'))
		n--;
	while (n > 0 && is_blank(*p)) {
		p++;
		n--;
	}
	if (n == 0 || *p == '#')
		return WAKE_OK;
	if (*p == '[') {
		if (p[n - 1] != ']')
			return fail(L, L->line, "expected ']' at the end of "
			    "the line");
		return open_section(L, p + 1, n - 2);
	}
	if ((eq = memchr(p, '=', n)) == NULL)
		return fail(L, L->line, "expected 'key = value' or '[name]'");
	k = p;
	kn = (size_t)(eq - p);
	while (kn > 0 && is_blank(k[kn - 1]))
		kn--;
	n -= (size_t)(eq + 1 - p);
	p = eq + 1;
	while (n > 0 && is_blank(*p)) {
		p++;
		n--;
	}
	return set_key(L, k, kn, p, n);
}

int
wk_userfmt_load(struct wk_userfmts **up, const char *name, const char *text,
    size_t n, const char *const *taken, size_t ntaken, char *err,
    size_t errsz)
{
	struct loader L;
	const char *p = text, *end = text + n, *nl;
	int rc = WAKE_OK;

	*up = NULL;
	memset(&L, 0, sizeof(L));
	L.file = name;
	L.err = err;
	L.errsz = errsz;
	L.taken = taken;
	L.ntaken = ntaken;
	if (errsz > 0)
		err[0] = '\0';
	if ((L.u = calloc(1, sizeof(*L.u))) == NULL)
		return WAKE_ERR_NOMEM;
	while (p < end && rc == WAKE_OK) {
		L.line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (memchr(p, '\0', (size_t)(nl - p)) != NULL)
			rc = fail(&L, L.line, "NUL byte in a format file");
		else
			rc = load_line(&L, p, (size_t)(nl - p));
		p = nl < end ? nl + 1 : end;
	}
	if (rc == WAKE_OK)
		rc = close_section(&L);
	if (rc == WAKE_OK && L.u->n == 0)
		rc = fail(&L, L.line > 0 ? L.line : 1, "no formats defined "
		    "(expected '[name]' and 'pattern = ...')");
	if (rc != WAKE_OK) {
		if (rc == WAKE_ERR_NOMEM && errsz > 0)
			snprintf(err, errsz, "%s: out of memory", name);
		ufmt_free(L.cur);
		wk_userfmt_free(L.u);
		return rc;
	}
	*up = L.u;
	return WAKE_OK;
}
