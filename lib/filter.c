/*
 * The event filter of wake-grep: a time window, src/host/kind lists, a
 * severity floor, attr conditions and PCRE2 patterns on msg, compiled
 * once and applied to each event.  The time window is also checked on a
 * TSV line's first 24 bytes before any parsing: byte order is time
 * order, so the bounds are kept as timestamps of that form too.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <wake/filter.h>

#include "internal.h"

#define KEYLEN		24
#define FLUSH_AT	((size_t)256 << 10)
#define NS_PER_MS	INT64_C(1000000)
#define DEF_WINDOW	(INT64_C(300) * 1000000000)
#define DEF_MATCH_LIMIT	10000000
#define DEF_DEPTH_LIMIT	100000
#define BACK_CHUNK	65536

const char wake_filter_limit_reason[] = "pattern hit the match limit";

struct strv {
	char		*p;
	size_t		 n;
};

/* An attr condition. */
struct cond {
	char		*key;
	char		*val;
	size_t		 vlen;
	int		 op;		/* '=', '~', or 0: present */
	pcre2_code	*re;
};

/* A time argument as given: absolute, or relative to the last event. */
struct tval {
	int		 set;
	int		 rel;
	wake_time_t	 v;
};

struct wake_filter {
	char		 err[512];
	struct tval	 t[3];
	int64_t		 window;
	int		 window_set;
	/* The window in force: [since, until). */
	int		 has_since;
	int		 has_until;
	wake_time_t	 since;
	wake_time_t	 until;
	char		 skey[KEYLEN + 1];
	char		 ukey[KEYLEN + 1];
	int		 timeonly;	/* no condition but time */
	struct strv	*src;
	size_t		 nsrc;
	struct strv	*host;
	size_t		 nhost;
	unsigned	 kinds;		/* bit set; 0: any */
	int		 sev;		/* -2: any */
	struct cond	*conds;
	size_t		 nconds;
	pcre2_code	**pats;
	size_t		 npats;
	int		 invert;
	uint32_t	 mlimit;
	uint32_t	 dlimit;
	pcre2_match_context *mctx;
	pcre2_jit_stack	*jstack;
	pcre2_match_data *md;
};

static void seterr(struct wake_filter *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
seterr(struct wake_filter *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->err, sizeof(f->err), fmt, ap);
	va_end(ap);
}

static int
nomem(struct wake_filter *f)
{
	seterr(f, "out of memory");
	return WAKE_ERR_NOMEM;
}

/* A bound as a TSV timestamp: the first millisecond at or after t. */
static void
bound_key(wake_time_t t, char out[KEYLEN + 1])
{
	wake_time_t q;

	if (t > INT64_MAX - NS_PER_MS) {
		memset(out, 0xff, KEYLEN);	/* after every timestamp */
		out[KEYLEN] = '\0';
		return;
	}
	q = t / NS_PER_MS;
	if (q * NS_PER_MS < t)
		q++;
	wake_time_format(q * NS_PER_MS, out);
}

/* Settings changed: what the fast path needs, again. */
static void
update(struct wake_filter *f)
{
	f->timeonly = f->nsrc == 0 && f->nhost == 0 && f->kinds == 0 &&
	    f->sev == -2 && f->nconds == 0 && f->npats == 0;
	if (f->has_since)
		bound_key(f->since, f->skey);
	if (f->has_until)
		bound_key(f->until, f->ukey);
}

int
wake_filter_new(struct wake_filter **fp)
{
	struct wake_filter *f;

	if ((*fp = f = calloc(1, sizeof(*f))) == NULL)
		return WAKE_ERR_NOMEM;
	f->sev = -2;
	f->mlimit = DEF_MATCH_LIMIT;
	f->dlimit = DEF_DEPTH_LIMIT;
	update(f);
	return WAKE_OK;
}

void
wake_filter_free(struct wake_filter *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nsrc; i++)
		free(f->src[i].p);
	free(f->src);
	for (i = 0; i < f->nhost; i++)
		free(f->host[i].p);
	free(f->host);
	for (i = 0; i < f->nconds; i++) {
		free(f->conds[i].key);
		free(f->conds[i].val);
		pcre2_code_free(f->conds[i].re);
	}
	free(f->conds);
	for (i = 0; i < f->npats; i++)
		pcre2_code_free(f->pats[i]);
	free(f->pats);
	pcre2_match_data_free(f->md);
	pcre2_match_context_free(f->mctx);
	pcre2_jit_stack_free(f->jstack);
	free(f);
}

const char *
wake_filter_error(const struct wake_filter *f)
{
	return f != NULL ? f->err : "out of memory";
}

/* ---- settings ---- */

int
wake_filter_set_time(struct wake_filter *f, int which, const char *arg,
    struct wake_tz *tz)
{
	wake_time_t t;
	int rel = 0;

	if (which < WAKE_FILTER_SINCE || which > WAKE_FILTER_AROUND)
		return WAKE_ERR_USAGE;
	if (wake_time_parse_arg(arg, tz, &t, &rel) != WAKE_OK) {
		seterr(f, "bad time '%.200s'", arg);
		return WAKE_ERR_USAGE;
	}
	/* "2h" means two hours before the end, as "-2h" does. */
	if (rel && arg[0] != '+' && arg[0] != '-' && t > 0)
		t = -t;
	f->t[which].set = 1;
	f->t[which].rel = rel;
	f->t[which].v = t;
	return WAKE_OK;
}

int
wake_filter_set_window(struct wake_filter *f, const char *duration)
{
	int64_t d;

	if (wake_duration_parse(duration, &d) != WAKE_OK || d < 0) {
		seterr(f, "bad window '%.200s'", duration);
		return WAKE_ERR_USAGE;
	}
	f->window = d;
	f->window_set = 1;
	return WAKE_OK;
}

int
wake_filter_set_range(struct wake_filter *f, wake_time_t since,
    wake_time_t until)
{
	f->has_since = since != WAKE_TIME_NONE;
	f->since = since;
	f->has_until = until != WAKE_TIME_NONE;
	f->until = until;
	update(f);
	return WAKE_OK;
}

/* Split a comma list, calling add for each non-empty item. */
static int
each_item(struct wake_filter *f, const char *list,
    int (*add)(struct wake_filter *, const char *, size_t, void *), void *arg)
{
	const char *p = list, *c;
	size_t n;
	int rc, any = 0;

	for (;;) {
		c = strchr(p, ',');
		n = c != NULL ? (size_t)(c - p) : strlen(p);
		if (n > 0) {
			if ((rc = add(f, p, n, arg)) != WAKE_OK)
				return rc;
			any = 1;
		}
		if (c == NULL)
			break;
		p = c + 1;
	}
	if (!any) {
		seterr(f, "empty list '%.200s'", list);
		return WAKE_ERR_USAGE;
	}
	return WAKE_OK;
}

struct strlist {
	struct strv	**v;
	size_t		 *n;
};

static int
add_str(struct wake_filter *f, const char *p, size_t n, void *arg)
{
	struct strlist *l = arg;
	struct strv *nv;
	char *s;

	/* "-" stands for an empty field, as in the event stream. */
	if (n == 1 && p[0] == '-')
		n = 0;
	if ((s = strndup(p, n)) == NULL)
		return nomem(f);
	if ((nv = reallocarray(*l->v, *l->n + 1, sizeof(*nv))) == NULL) {
		free(s);
		return nomem(f);
	}
	*l->v = nv;
	nv[*l->n].p = s;
	nv[*l->n].n = n;
	(*l->n)++;
	return WAKE_OK;
}

int
wake_filter_add_src(struct wake_filter *f, const char *list)
{
	struct strlist l = { &f->src, &f->nsrc };
	int rc = each_item(f, list, add_str, &l);

	update(f);
	return rc;
}

int
wake_filter_add_host(struct wake_filter *f, const char *list)
{
	struct strlist l = { &f->host, &f->nhost };
	int rc = each_item(f, list, add_str, &l);

	update(f);
	return rc;
}

static int
add_kind(struct wake_filter *f, const char *p, size_t n, void *arg)
{
	int k = wake_kind_parse(p, n);

	(void)arg;
	if (k < 0 || k >= WAKE_KIND_COUNT) {
		seterr(f, "unknown kind '%.*s'", (int)WK_MIN(n, 64), p);
		return WAKE_ERR_USAGE;
	}
	f->kinds |= 1u << k;
	return WAKE_OK;
}

int
wake_filter_add_kind(struct wake_filter *f, const char *list)
{
	int rc = each_item(f, list, add_kind, NULL);

	update(f);
	return rc;
}

int
wake_filter_set_sev(struct wake_filter *f, const char *level)
{
	size_t n = strlen(level);
	int s;

	if ((s = wake_sev_parse(level, n)) == -2)
		s = wk_sev_from_word(level, n);
	if (s < WAKE_SEV_EMERG || s > WAKE_SEV_DEBUG) {
		seterr(f, "unknown severity '%.64s'", level);
		return WAKE_ERR_USAGE;
	}
	f->sev = s;
	update(f);
	return WAKE_OK;
}

/* Compile pattern p (n bytes) into *rep; the match state comes too. */
static int
compile(struct wake_filter *f, const char *p, size_t n, unsigned flags,
    pcre2_code **rep)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	uint32_t opt = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	int ec;

	if (flags & WAKE_FILTER_CASELESS)
		opt |= PCRE2_CASELESS;
	*rep = pcre2_compile((PCRE2_SPTR)p, n, opt, &ec, &off, NULL);
	if (*rep == NULL) {
		if (ec == PCRE2_ERROR_NOMEMORY)
			return nomem(f);
		if (pcre2_get_error_message(ec, msg, sizeof(msg)) < 0)
			msg[0] = '\0';
		seterr(f, "bad pattern '%.*s': %s at offset %zu",
		    (int)WK_MIN(n, 200), p, (const char *)msg, (size_t)off);
		return WAKE_ERR_USAGE;
	}
	/* The JIT is faster; without it the interpreter does the work. */
	(void)pcre2_jit_compile(*rep, PCRE2_JIT_COMPLETE);
	if (f->mctx == NULL) {
		if ((f->mctx = pcre2_match_context_create(NULL)) == NULL ||
		    (f->md = pcre2_match_data_create(1, NULL)) == NULL)
			goto fail;
		pcre2_set_match_limit(f->mctx, f->mlimit);
		pcre2_set_depth_limit(f->mctx, f->dlimit);
		if ((f->jstack = pcre2_jit_stack_create(32 << 10, 1 << 20,
		    NULL)) != NULL)
			pcre2_jit_stack_assign(f->mctx, NULL, f->jstack);
	}
	return WAKE_OK;
fail:
	pcre2_code_free(*rep);
	*rep = NULL;
	return nomem(f);
}

int
wake_filter_add_attr(struct wake_filter *f, const char *expr)
{
	struct cond c, *nc;
	size_t k = strcspn(expr, "=~"), i;
	int rc;

	memset(&c, 0, sizeof(c));
	c.op = (unsigned char)expr[k];
	for (i = 0; i < k; i++)
		if ((unsigned char)expr[i] <= ' ' || expr[i] == '"')
			break;
	if (k == 0 || i < k) {
		seterr(f, "bad attr condition '%.200s': want KEY=VALUE, "
		    "KEY~PATTERN or KEY", expr);
		return WAKE_ERR_USAGE;
	}
	if ((c.key = strndup(expr, k)) == NULL)
		return nomem(f);
	if (c.op != 0) {
		c.vlen = strlen(expr + k + 1);
		if ((c.val = strdup(expr + k + 1)) == NULL) {
			free(c.key);
			return nomem(f);
		}
	}
	if (c.op == '~' && (rc = compile(f, c.val, c.vlen, 0, &c.re)) !=
	    WAKE_OK) {
		free(c.key);
		free(c.val);
		return rc;
	}
	if ((nc = reallocarray(f->conds, f->nconds + 1, sizeof(*nc))) ==
	    NULL) {
		free(c.key);
		free(c.val);
		pcre2_code_free(c.re);
		return nomem(f);
	}
	f->conds = nc;
	nc[f->nconds++] = c;
	update(f);
	return WAKE_OK;
}

int
wake_filter_add_pattern(struct wake_filter *f, const char *pattern,
    unsigned flags)
{
	pcre2_code *re, **np;
	int rc;

	if ((rc = compile(f, pattern, strlen(pattern), flags, &re)) !=
	    WAKE_OK)
		return rc;
	if ((np = reallocarray(f->pats, f->npats + 1, sizeof(*np))) == NULL) {
		pcre2_code_free(re);
		return nomem(f);
	}
	f->pats = np;
	np[f->npats++] = re;
	update(f);
	return WAKE_OK;
}

void
wake_filter_set_invert(struct wake_filter *f, int invert)
{
	f->invert = invert != 0;
}

void
wake_filter_set_limits(struct wake_filter *f, uint32_t match,
    uint32_t depth)
{
	if (match != 0)
		f->mlimit = match;
	if (depth != 0)
		f->dlimit = depth;
	if (f->mctx != NULL) {
		pcre2_set_match_limit(f->mctx, f->mlimit);
		pcre2_set_depth_limit(f->mctx, f->dlimit);
	}
}

int
wake_filter_relative(const struct wake_filter *f)
{
	int i;

	for (i = 0; i < 3; i++)
		if (f->t[i].set && f->t[i].rel)
			return 1;
	return 0;
}

static wake_time_t
time_add(wake_time_t t, int64_t d)
{
	if (d > 0 && t > INT64_MAX - d)
		return INT64_MAX;
	if (d < 0 && t < INT64_MIN + 1 - d)
		return INT64_MIN + 1;
	return t + d;
}

/* A time argument's value; 0 when it has none (relative, no events). */
static int
resolve(const struct tval *t, wake_time_t last, wake_time_t *v)
{
	if (!t->set)
		return 0;
	if (!t->rel) {
		*v = t->v;
		return 1;
	}
	if (last == WAKE_TIME_NONE)
		return 0;
	*v = time_add(last, t->v);
	return 1;
}

int
wake_filter_finish(struct wake_filter *f, wake_time_t last)
{
	wake_time_t a, lo, hi, w;

	if (f->window_set && !f->t[WAKE_FILTER_AROUND].set) {
		seterr(f, "--window needs --around");
		return WAKE_ERR_USAGE;
	}
	f->has_since = resolve(&f->t[WAKE_FILTER_SINCE], last, &f->since);
	f->has_until = resolve(&f->t[WAKE_FILTER_UNTIL], last, &f->until);
	if (resolve(&f->t[WAKE_FILTER_AROUND], last, &a)) {
		w = f->window_set ? f->window : DEF_WINDOW;
		lo = time_add(a, -w);
		hi = time_add(time_add(a, w), 1);	/* inclusive */
		if (!f->has_since || lo > f->since)
			f->since = lo;
		if (!f->has_until || hi < f->until)
			f->until = hi;
		f->has_since = f->has_until = 1;
	}
	update(f);
	return WAKE_OK;
}

/* ---- matching ---- */

int
wake_filter_match_ts(const struct wake_filter *f, wake_time_t ts)
{
	int in = (!f->has_since || ts >= f->since) &&
	    (!f->has_until || ts < f->until);

	if (!in)
		return f->invert;
	if (f->timeonly)
		return !f->invert;
	return 2;
}

int
wake_filter_match_line(const struct wake_filter *f, const char *line,
    size_t n)
{
	int in;

	if (!f->has_since && !f->has_until)
		return f->timeonly ? !f->invert : 2;
	if (n < KEYLEN + 1 || line[KEYLEN] != '\t' || !wk_key_ok(line))
		return 2;
	in = (!f->has_since || memcmp(line, f->skey, KEYLEN) >= 0) &&
	    (!f->has_until || memcmp(line, f->ukey, KEYLEN) < 0);
	if (!in)
		return f->invert;
	if (f->timeonly)
		return !f->invert;
	return 2;
}

/* Search: 1 found, 0 not, WAKE_ERR_LIMIT. */
static int
search(struct wake_filter *f, const pcre2_code *re, const char *p, size_t n)
{
	int rc;

	rc = pcre2_match(re, (PCRE2_SPTR)(n > 0 ? p : ""), n, 0, 0, f->md,
	    f->mctx);
	if (rc >= 0)
		return 1;
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
	case PCRE2_ERROR_NOMEMORY:
		return WAKE_ERR_LIMIT;
	default:
		return 0;
	}
}

static int
in_list(const struct strv *v, size_t nv, const struct wake_str *s)
{
	size_t i;

	for (i = 0; i < nv; i++)
		if (v[i].n == s->n && (s->n == 0 ||
		    memcmp(v[i].p, s->p, s->n) == 0))
			return 1;
	return 0;
}

/* Does some attr named c->key satisfy c?  1, 0, WAKE_ERR_LIMIT. */
static int
cond_match(struct wake_filter *f, const struct cond *c,
    const struct wake_event *ev)
{
	const struct wake_attr *a;
	size_t i, kl = strlen(c->key);
	int r, lim = 0;

	for (i = 0; i < ev->nattrs; i++) {
		a = &ev->attrs[i];
		if (a->key.n != kl || memcmp(a->key.p, c->key, kl) != 0)
			continue;
		switch (c->op) {
		case 0:
			return 1;
		case '=':
			if (a->val.n == c->vlen && (c->vlen == 0 ||
			    memcmp(a->val.p, c->val, c->vlen) == 0))
				return 1;
			break;
		default:
			if ((r = search(f, c->re, a->val.p, a->val.n)) == 1)
				return 1;
			if (r < 0)
				lim = 1;
			break;
		}
	}
	return lim ? WAKE_ERR_LIMIT : 0;
}

/* The selection before inversion: 1, 0, WAKE_ERR_LIMIT. */
static int
select_event(struct wake_filter *f, const struct wake_event *ev)
{
	size_t i;
	int r, lim = 0;

	if ((f->has_since && ev->ts < f->since) ||
	    (f->has_until && ev->ts >= f->until))
		return 0;
	if (f->sev != -2 && (ev->sev < 0 || ev->sev > f->sev))
		return 0;
	if (f->kinds != 0 && (ev->kind < 0 || ev->kind >= WAKE_KIND_COUNT ||
	    (f->kinds & (1u << ev->kind)) == 0))
		return 0;
	if (f->nsrc > 0 && !in_list(f->src, f->nsrc, &ev->src))
		return 0;
	if (f->nhost > 0 && !in_list(f->host, f->nhost, &ev->host))
		return 0;
	/* Exact tests before patterns: they are cheaper. */
	for (i = 0; i < f->nconds; i++)
		if (f->conds[i].op != '~' &&
		    cond_match(f, &f->conds[i], ev) == 0)
			return 0;
	for (i = 0; i < f->nconds; i++)
		if (f->conds[i].op == '~' &&
		    (r = cond_match(f, &f->conds[i], ev)) != 1)
			return r;
	if (f->npats == 0)
		return 1;
	for (i = 0; i < f->npats; i++) {
		if ((r = search(f, f->pats[i], ev->msg.p, ev->msg.n)) == 1)
			return 1;
		if (r < 0)
			lim = 1;
	}
	return lim ? WAKE_ERR_LIMIT : 0;
}

int
wake_filter_match(struct wake_filter *f, const struct wake_event *ev)
{
	int r = select_event(f, ev);

	if (r < 0)
		return r;
	return f->invert ? !r : r;
}

/* ---- running over an input ---- */

static void
rdiag(const struct wake_filter_run_opts *o, const char *name,
    unsigned long line, const char *why)
{
	if (o->diag != NULL)
		o->diag(o->diag_arg, name, line, why);
}

static int
put_line(struct wake_buf *out, const char *p, size_t n)
{
	if (wake_buf_reserve(out, n + 1) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	memcpy(out->p + out->n, p, n);
	out->p[out->n + n] = '\n';
	out->n += n + 1;
	return WAKE_OK;
}

int
wake_filter_run(struct wake_filter *f, struct wake_input *in,
    const struct wake_filter_run_opts *o, uint64_t *count)
{
	struct wake_event ev;
	struct wake_line l;
	const char *name = o->name != NULL ? o->name : wake_input_name(in);
	const char *why;
	char msg[96];
	int rc, m, tsv, stopped = 0;

	wake_event_init(&ev);
	while ((rc = wake_input_line(in, &l)) == WAKE_OK) {
		if (l.truncated > 0) {
			snprintf(msg, sizeof(msg),
			    "line too long (%zu bytes cut), skipped",
			    l.truncated);
			rdiag(o, name, (unsigned long)l.no, msg);
			continue;
		}
		if (l.n == 0)
			continue;
		if (l.p[0] == '#') {
			if (!o->count_only && (rc = put_line(o->out, l.p,
			    l.n)) != WAKE_OK)
				break;
			continue;
		}
		m = wake_filter_match_line(f, l.p, l.n);
		tsv = l.p[0] != '{' && l.p[0] != ' ' && l.p[0] != '\t';
		if (m == 2 || (m == 1 && o->json && tsv && !o->count_only)) {
			if ((rc = wake_event_read(&ev, l.p, l.n, &why)) !=
			    WAKE_OK) {
				if (rc == WAKE_ERR_NOMEM)
					break;
				rdiag(o, name, (unsigned long)l.no, why);
				rc = WAKE_OK;
				continue;
			}
			if (m == 2 && (m = wake_filter_match(f, &ev)) < 0) {
				rdiag(o, name, (unsigned long)l.no,
				    wake_filter_limit_reason);
				m = 0;
			}
		}
		if (m != 1)
			continue;
		(*count)++;
		if (o->count_only)
			continue;
		if (o->json && tsv)
			rc = wake_event_write_json(&ev, o->out);
		else
			rc = put_line(o->out, l.p, l.n);
		if (rc != WAKE_OK)
			break;
		if (o->out->n >= FLUSH_AT && o->flush != NULL &&
		    o->flush(o->flush_arg) != 0) {
			stopped = 1;
			break;
		}
	}
	wake_event_free(&ev);
	if (stopped)
		return WAKE_EOF;
	return rc == WAKE_EOF ? WAKE_OK : rc;
}

/* ---- the last event of a file ---- */

/* Is the file compressed or an archive (so not read backwards)? */
static int
packed(int fd)
{
	unsigned char b[264];
	ssize_t n = pread(fd, b, sizeof(b), 0);

	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return 1;
	if (n >= 4 && ((b[0] == 0xfd && b[1] == '7' && b[2] == 'z' &&
	    b[3] == 'X') || (b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f &&
	    b[3] == 0xfd) || (b[0] == 'P' && b[1] == 'K' && b[2] == 3 &&
	    b[3] == 4) || (b[0] == 'B' && b[1] == 'Z' && b[2] == 'h')))
		return 1;
	return n >= 262 && memcmp(b + 257, "ustar", 5) == 0;
}

/* The ts of an event line, or WAKE_TIME_NONE. */
static wake_time_t
line_time(struct wake_event *ev, const char *p, size_t n)
{
	const char *why;

	if (n == 0 || p[0] == '#')
		return WAKE_TIME_NONE;
	if (wake_event_read(ev, p, n, &why) != WAKE_OK)
		return WAKE_TIME_NONE;
	return ev->ts;
}

/* Read backwards from the end: the last line that is an event. */
static int
last_backwards(int fd, off_t size, size_t max_line, wake_time_t *ts)
{
	struct wake_event ev;
	char *chunk, *line = NULL;
	off_t end = size, pos, start;
	size_t c, len;
	const char *q;
	wake_time_t t;
	int rc = WAKE_EOF;

	if ((chunk = malloc(BACK_CHUNK)) == NULL)
		return WAKE_ERR_NOMEM;
	wake_event_init(&ev);
	while (end >= 0) {
		/* Find the start of the line that ends at end. */
		start = 0;
		for (pos = end; pos > 0; pos -= (off_t)c) {
			c = (size_t)WK_MIN((off_t)BACK_CHUNK, pos);
			if (pread(fd, chunk, c, pos - (off_t)c) != (ssize_t)c) {
				rc = WAKE_ERR_IO;
				goto done;
			}
			if ((q = memrchr(chunk, '\n', c)) != NULL) {
				start = pos - (off_t)c + (q - chunk) + 1;
				break;
			}
		}
		len = (size_t)(end - start);
		if (len > 0 && len <= max_line) {
			char *nl = realloc(line, len);

			if (nl == NULL) {
				rc = WAKE_ERR_NOMEM;
				goto done;
			}
			line = nl;
			if (pread(fd, line, len, start) != (ssize_t)len) {
				rc = WAKE_ERR_IO;
				goto done;
			}
			q = line;
			if (start == 0 && len >= 3 &&
			    memcmp(line, "\xef\xbb\xbf", 3) == 0) {
				q += 3;
				len -= 3;
			}
			if (len > 0 && q[len - 1] == '\r')
				len--;
			if ((t = line_time(&ev, q, len)) != WAKE_TIME_NONE) {
				*ts = t;
				rc = WAKE_OK;
				goto done;
			}
		}
		if (start == 0)
			break;
		end = start - 1;
	}
done:
	wake_event_free(&ev);
	free(line);
	free(chunk);
	return rc;
}

/* Read through every leaf of path: the latest of their last events. */
static int
last_through(const char *path, const struct wake_input_opts *o,
    wake_time_t *ts)
{
	struct wake_inputs *ip;
	struct wake_input *in;
	struct wake_event ev;
	struct wake_line l;
	char key[KEYLEN];
	wake_time_t t, best = WAKE_TIME_NONE, lt;
	int rc, have;

	if ((rc = wake_inputs_open(&ip, &path, 1, o)) != WAKE_OK)
		return rc;
	wake_event_init(&ev);
	while ((rc = wake_inputs_next(ip, &in)) != WAKE_EOF) {
		if (rc != WAKE_OK)
			continue;
		have = 0;
		lt = WAKE_TIME_NONE;
		while (wake_input_line(in, &l) == WAKE_OK) {
			if (l.truncated > 0 || l.n == 0 || l.p[0] == '#')
				continue;
			if (l.n > KEYLEN && l.p[KEYLEN] == '\t' &&
			    wk_key_ok(l.p)) {
				/* Parse only the last one, at the end. */
				memcpy(key, l.p, KEYLEN);
				have = 1;
			} else if ((t = line_time(&ev, l.p, l.n)) !=
			    WAKE_TIME_NONE) {
				lt = t;
				have = 0;
			}
		}
		if (have)
			lt = wk_key_time(key);
		if (lt != WAKE_TIME_NONE && (best == WAKE_TIME_NONE ||
		    lt > best))
			best = lt;
	}
	wake_event_free(&ev);
	wake_inputs_free(ip);
	if (best == WAKE_TIME_NONE)
		return WAKE_EOF;
	*ts = best;
	return WAKE_OK;
}

int
wake_events_last(const char *path, const struct wake_input_opts *o,
    wake_time_t *ts)
{
	struct wake_input_opts def;
	struct stat st;
	size_t max_line;
	int fd, rc;

	if (o == NULL) {
		memset(&def, 0, sizeof(def));
		o = &def;
	}
	max_line = o->max_line != 0 ? o->max_line : (size_t)1 << 20;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && !packed(fd)) {
			rc = last_backwards(fd, st.st_size, max_line, ts);
			close(fd);
			return rc;
		}
		close(fd);
	}
	return last_through(path, o, ts);
}

int
wake_events_spool(struct wake_input *in, int fd)
{
	char *buf;
	long n;
	ssize_t w;
	size_t off;
	int rc = WAKE_OK;

	if ((buf = malloc((size_t)1 << 20)) == NULL)
		return WAKE_ERR_NOMEM;
	while ((n = wake_input_read(in, buf, (size_t)1 << 20)) > 0) {
		for (off = 0; off < (size_t)n; off += (size_t)w) {
			w = write(fd, buf + off, (size_t)n - off);
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w < 0) {
				rc = WAKE_ERR_IO;
				goto done;
			}
		}
	}
	if (n < 0)
		rc = WAKE_ERR_IO;
done:
	free(buf);
	return rc;
}
