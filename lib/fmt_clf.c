/*
 * Web server access logs: the Common Log Format and Apache/nginx
 * "combined"
 *
 *	client ident user [22/Feb/2024:03:58:12 +0900] "request" status bytes
 *	... "referer" "user-agent" [extra fields]
 *
 * The line is read from its timestamp outwards, since the front varies:
 * a virtual host may lead ("example.com:80 client ..."), and nginx
 * setups log forwarded-for lists there ("10.0.0.2, 10.0.0.1 - - [",
 * '"1.2.3.4, 5.6.7.8" 10.2.1.185 - - [').  The words before the
 * timestamp are, from the right: user, ident, then the client (the
 * first address of a comma list); of the groups before the client the
 * first is the vhost unless it is quoted or a list, and the rest is kept
 * as xff=.
 *
 * clf takes only lines that end after bytes, so a combined line is never
 * read as clf.  combined also takes such lines (a combined log may hold
 * a few, written by another vhost or a proxy) when their referer and
 * user-agent are both missing; clf is marked WK_SNIFF_STRICT so that a
 * file of common lines is still detected as clf.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define LIT(s)	(s), (sizeof(s) - 1)

#define MODE_CLF	0
#define MODE_COMBINED	1

static const char why_nomem[] = "out of memory";
static const struct wake_str none = { NULL, 0 };

static inline int
isdig(int c)
{
	return (unsigned)c - '0' < 10;
}

static int
isdash(const struct wake_str *s)
{
	return s->n == 1 && s->p[0] == '-';
}

/*
 * The closing quote of a string that starts at p (after its opening
 * quote), skipping backslash escapes, and accepted only where ok()
 * holds after it: garbage requests may hold bare quotes.  NULL when
 * there is none.
 */
static const char *
qend(const char *p, const char *e, int (*ok)(const char *, const char *))
{
	const char *q, *b;

	for (q = p; q < e && (q = memchr(q, '"', (size_t)(e - q))) != NULL;
	    q++) {
		for (b = q; b > p && b[-1] == '\\'; b--)
			;
		if ((q - b) % 2 == 0 && ok(q + 1, e))
			return q;
	}
	return NULL;
}

/* After the request: " status". */
static int
after_req(const char *p, const char *e)
{
	return e - p >= 2 && p[0] == ' ' && (isdig((unsigned char)p[1]) ||
	    p[1] == '-');
}

/* After the referer: ' "'. */
static int
after_ref(const char *p, const char *e)
{
	return e - p >= 2 && p[0] == ' ' && p[1] == '"';
}

/* After the user-agent: the end or a space. */
static int
after_ua(const char *p, const char *e)
{
	return p == e || *p == ' ';
}

/* The next word at p: up to a space.  Returns its end. */
static const char *
word(const char *p, const char *e)
{
	const char *q = memchr(p, ' ', (size_t)(e - p));

	return q != NULL ? q : e;
}

/* The same for short words, where a call to memchr costs more. */
static inline const char *
sword(const char *p, const char *e)
{
	while (p < e && *p != ' ')
		p++;
	return p;
}

/*
 * The timestamp's '[': followed by "dd/" and after a space.  Returns a
 * pointer to it, or NULL.
 */
static const char *
find_stamp(const char *p, const char *e)
{
	const char *q;

	for (q = p; q < e && (q = memchr(q, '[', (size_t)(e - q))) != NULL;
	    q++)
		if (q > p && q[-1] == ' ' && e - q > 4 &&
		    isdig((unsigned char)q[1]) && isdig((unsigned char)q[2]) &&
		    q[3] == '/')
			return q;
	return NULL;
}

struct front {
	struct wake_str	 vhost, client, xff;
};

/*
 * Split [p, e) (everything before ident) into groups: a quoted string,
 * or words joined while a word ends in ',' ("10.0.0.2, 10.0.0.1").
 */
static int
read_front(const char *p, const char *e, struct front *f)
{
	struct wake_str g[16];
	const char *q, *w;
	size_t ng = 0, i, first;
	int list[16];

	memset(f, 0, sizeof(*f));
	for (q = p; q < e; ) {
		if (*q == ' ') {
			q++;
			continue;
		}
		if (ng == WK_NELEM(g))
			return -1;
		g[ng].p = q;
		list[ng] = 0;
		if (*q == '"') {
			if ((w = memchr(q + 1, '"', (size_t)(e - q - 1))) ==
			    NULL)
				return -1;
			q = w + 1;
			list[ng] = 2;
		} else {
			for (;;) {
				q = sword(q, e);
				if (q[-1] != ',' || q == e)
					break;
				list[ng] = 1;
				while (q < e && *q == ' ')
					q++;
			}
		}
		g[ng].n = (size_t)(q - g[ng].p);
		ng++;
	}
	if (ng == 0)
		return -1;
	/* The client: the last group, its first address if a list. */
	f->client = g[ng - 1];
	if (list[ng - 1] == 2) {
		f->client.p++;
		f->client.n -= 2;
	}
	if ((q = memchr(f->client.p, ',', f->client.n)) != NULL) {
		f->xff = f->client;
		f->client.n = (size_t)(q - f->client.p);
		while (f->client.n > 0 && f->client.p[0] == ' ') {
			f->client.p++;
			f->client.n--;
		}
		while (f->client.n > 0 &&
		    f->client.p[f->client.n - 1] == ' ')
			f->client.n--;
	}
	if (f->client.n == 0)
		return -1;
	first = 0;
	if (ng >= 2 && list[0] == 0) {
		f->vhost = g[0];
		first = 1;
	}
	if (first < ng - 1) {
		/* The groups between vhost and client, as one slice. */
		i = ng - 2;
		f->xff.p = g[first].p;
		f->xff.n = (size_t)(g[i].p + g[i].n - g[first].p);
		if (first == i && list[i] == 2) {
			f->xff.p++;
			f->xff.n -= 2;
		}
	}
	return 0;
}

/* The vhost without a ":port" (and "[v6]" brackets). */
static struct wake_str
vhost_name(struct wake_str v)
{
	const char *q;
	size_t i;

	if (v.n > 2 && v.p[0] == '[' &&
	    (q = memchr(v.p, ']', v.n)) != NULL) {
		v.n = (size_t)(q - v.p - 1);
		v.p++;
		return v;
	}
	for (i = v.n; i > 0 && isdig((unsigned char)v.p[i - 1]); i--)
		;
	if (i > 1 && i < v.n && v.p[i - 1] == ':' &&
	    memchr(v.p, ':', i - 1) == NULL)
		v.n = i - 1;
	return v;
}

/* "METHOD path [HTTP/x]": method, path, proto; 0 when not so shaped. */
static int
read_request(struct wake_str r, struct wake_str *m, struct wake_str *path,
    struct wake_str *proto)
{
	const char *p = r.p, *e = r.p + r.n, *q;

	for (q = p; q < e && ((*q >= 'A' && *q <= 'Z') || *q == '-' ||
	    *q == '_'); q++)
		;
	if (q == p || q == e || *q != ' ' || q - p > 32)
		return 0;
	m->p = p;
	m->n = (size_t)(q - p);
	path->p = ++q;
	q = word(q, e);
	path->n = (size_t)(q - path->p);
	if (path->n == 0)
		return 0;
	*proto = none;
	if (q == e)
		return 1;
	proto->p = ++q;
	q = word(q, e);
	proto->n = (size_t)(q - proto->p);
	return q == e && proto->n > 5 && memcmp(proto->p, "HTTP/", 5) == 0;
}

/* msg: the request as logged, a space, the status. */
static int
set_msg(struct wake_event *ev, struct wake_str req, struct wake_str st)
{
	char buf[2048], *b;
	const char *m;
	size_t n;

	if (req.n == 0) {
		ev->msg = st;
		return WAKE_OK;
	}
	n = req.n + 1 + st.n;
	if ((b = n <= sizeof(buf) ? buf : malloc(n)) == NULL)
		return WAKE_ERR_NOMEM;
	memcpy(b, req.p, req.n);
	b[req.n] = ' ';
	memcpy(b + req.n + 1, st.p, st.n);
	m = wake_event_store(ev, b, n);
	if (b != buf)
		free(b);
	if (m == NULL)
		return WAKE_ERR_NOMEM;
	ev->msg.p = m;
	ev->msg.n = n;
	return WAKE_OK;
}

static int
put(struct wake_event *ev, const char *k, size_t kn, struct wake_str v)
{
	return wake_event_attr_ref(ev, k, kn, v.p, v.n);
}

static int
parse_access(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why, int mode)
{
	const char *p = line, *e = line + n, *b, *q, *r;
	struct wake_str ident, user, req, st, by, ref, ua, extra, meth, path,
	    proto;
	struct front f;
	struct wake_tm tm;
	wake_time_t ts;
	size_t k;
	int rc, status, wellformed;

	if ((b = find_stamp(p, e)) == NULL) {
		*why = "no '[dd/Mmm/yyyy:hh:mm:ss +zzzz]' timestamp";
		return WK_NOMATCH;
	}
	/* From the right: user, ident, then the front. */
	for (q = b - 1; q > p && q[-1] != ' '; q--)
		;
	user.p = q;
	user.n = (size_t)(b - 1 - q);
	if (q == p || user.n == 0) {
		*why = "expected 'client ident user' before the timestamp";
		return WK_NOMATCH;
	}
	for (r = q - 1; r > p && r[-1] != ' '; r--)
		;
	ident.p = r;
	ident.n = (size_t)(q - 1 - r);
	if (r == p || ident.n == 0 || read_front(p, r - 1, &f) != 0) {
		*why = "expected 'client ident user' before the timestamp";
		return WK_NOMATCH;
	}
	k = wake_time_scan(b + 1, (size_t)(e - b - 1), WAKE_TL_APACHE, &tm,
	    NULL);
	q = b + 1 + k;
	if (k == 0 || q == e || *q != ']' || !tm.has_off) {
		*why = "bad timestamp (want [dd/Mmm/yyyy:hh:mm:ss +zzzz])";
		return WK_NOMATCH;
	}
	q++;
	if (e - q < 3 || q[0] != ' ' || q[1] != '"') {
		*why = "no quoted request after the timestamp";
		return WK_NOMATCH;
	}
	req.p = q + 2;
	if ((q = qend(req.p, e, after_req)) == NULL) {
		*why = "request string not closed before the status";
		return WK_NOMATCH;
	}
	req.n = (size_t)(q - req.p);
	st.p = q + 2;
	q = sword(st.p, e);
	st.n = (size_t)(q - st.p);
	status = -1;
	if (st.n == 3 && isdig((unsigned char)st.p[0]) &&
	    isdig((unsigned char)st.p[1]) && isdig((unsigned char)st.p[2]))
		status = (st.p[0] - '0') * 100 + (st.p[1] - '0') * 10 +
		    (st.p[2] - '0');
	else if (!isdash(&st)) {
		*why = "status is not a 3-digit number";
		return WK_NOMATCH;
	}
	if (q == e || *q != ' ') {
		*why = "no bytes field after the status";
		return WK_NOMATCH;
	}
	by.p = q + 1;
	q = sword(by.p, e);
	by.n = (size_t)(q - by.p);
	for (k = 0; k < by.n && isdig((unsigned char)by.p[k]); k++)
		;
	if (by.n == 0 || (k != by.n && !isdash(&by))) {
		*why = "bytes is not a number";
		return WK_NOMATCH;
	}
	ref = ua = extra = none;
	for (r = q; r < e && *r == ' '; r++)
		;
	if (mode == MODE_CLF && r != e) {
		*why = "fields after bytes (a combined log?)";
		return WK_NOMATCH;
	}
	if (r != e) {
		r = after_ref(q, e) ? qend(q + 2, e, after_ref) : NULL;
		if (r != NULL) {
			ref.p = q + 2;
			ref.n = (size_t)(r - ref.p);
			ua.p = r + 3;
			/* A line cut inside the user-agent keeps the rest. */
			if ((q = qend(ua.p, e, after_ua)) == NULL)
				q = e;
		}
		if (r == NULL) {
			*why = "no quoted referer and user-agent after bytes";
			return WK_NOMATCH;
		}
		ua.n = (size_t)(q - ua.p);
		for (q += q < e; q < e && *q == ' '; q++)
			;
		for (r = e; r > q && r[-1] == ' '; r--)
			;
		extra.p = q;
		extra.n = (size_t)(r - q);
		if (extra.n == 3 && memcmp(q, "\"-\"", 3) == 0)
			extra.n = 0;
	}
	if (wk_resolve(c, &tm, &ts) != WAKE_OK) {
		*why = "timestamp out of range";
		return WK_NOMATCH;
	}
	ev->ts = ts;
	ev->kind = WAKE_KIND_LOG;
	ev->sev = status >= 500 ? WAKE_SEV_ERR : status >= 400 ?
	    WAKE_SEV_WARN : status >= 0 ? WAKE_SEV_INFO : WAKE_SEV_NONE;
	if (f.vhost.n != 0)
		ev->host = vhost_name(f.vhost);
	wellformed = read_request(req, &meth, &path, &proto);
	rc = set_msg(ev, req, st);
	if (f.vhost.n != 0)
		rc |= put(ev, LIT("vhost"), f.vhost);
	rc |= put(ev, LIT("client"), f.client);
	if (f.xff.n != 0)
		rc |= put(ev, LIT("xff"), f.xff);
	if (!isdash(&ident))
		rc |= put(ev, LIT("ident"), ident);
	if (!isdash(&user))
		rc |= put(ev, LIT("user"), user);
	if (wellformed) {
		rc |= put(ev, LIT("method"), meth);
		rc |= put(ev, LIT("path"), path);
		if (proto.n != 0)
			rc |= put(ev, LIT("proto"), proto);
	}
	if (status >= 0)
		rc |= put(ev, LIT("status"), st);
	if (!isdash(&by))
		rc |= put(ev, LIT("bytes"), by);
	if (ref.n != 0 && !isdash(&ref))
		rc |= put(ev, LIT("referer"), ref);
	if (ua.n != 0 && !isdash(&ua))
		rc |= put(ev, LIT("ua"), ua);
	if (extra.n != 0)
		rc |= put(ev, LIT("extra"), extra);
	if (rc != WAKE_OK) {
		*why = why_nomem;
		return WK_NOMATCH;
	}
	return WK_EVENT;
}

static int
parse_combined(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	return parse_access(c, line, n, ev, why, MODE_COMBINED);
}

static int
parse_clf(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	return parse_access(c, line, n, ev, why, MODE_CLF);
}

const struct wk_format wk_fmt_combined = {
	"combined",
	"Apache/nginx combined access log (referer, user-agent, extras)",
	0, NULL, NULL, NULL, parse_combined, NULL, NULL
};

const struct wk_format wk_fmt_clf = {
	"clf",
	"Apache common log format (no referer, no user-agent)",
	WK_SNIFF_STRICT, NULL, NULL, NULL, parse_clf, NULL, NULL
};
