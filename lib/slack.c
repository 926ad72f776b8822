/*
 * Slack workspace exports, as Slack writes them (a .zip) or unpacked (a
 * folder): channels.json, users.json, and per channel a folder of day
 * files <channel>/<YYYY-MM-DD>.json, each a JSON array of messages.
 * An export is a bundle, not a line stream: the whole of it is read,
 * every message collected (exports are small: a message costs its text
 * and some 150 bytes), and the messages go out in time order, as
 * kind=chat events with channel= user= user_id= thread= subtype=, their
 * Slack markup turned into plain text.  Names are resolved once all is
 * read, so the order of the members in a zip does not matter.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "internal.h"

#define MAX_MEMBER	(64u << 20)	/* bytes of one JSON file */
#define MAX_STR		((size_t)1 << 31) /* bytes of all kept strings */
#define MAX_MSGS	(16u << 20)
#define MAX_ENTRIES	100000		/* zip entries probed */
#define RAW_KEEP	65536		/* bytes of a bad file kept as raw */

/* A string kept in s->str (at most MAX_STR bytes): offset and length. */
struct sref {
	uint32_t	 off;
	uint32_t	 n;
};

struct smsg {
	wake_time_t	 ts;
	uint64_t	 seq;
	uint64_t	 line;
	struct sref	 member;	/* origin name */
	struct sref	 chan;
	struct sref	 user, username, bot_id, bot_name, subtype;
	struct sref	 text, thread, pname;	/* pname: user_profile's */
	struct sref	 why;		/* raw: what was wrong */
	int		 raw;
	int		 notime;	/* ts borrowed from the file */
};

struct idname {
	struct sref	 id;
	struct sref	 name;
};

struct wk_slack {
	struct wake_buf	 str;		/* every kept string */
	struct smsg	*m;
	size_t		 nm, mcap;
	struct idname	*users, *chans;
	size_t		 nusers, nchans;
	int		 have_users;
	struct wk_jtok	*t;		/* tokens of the file being read */
	int		 tcap;
	struct wake_buf	 tb;		/* the text of the event going out */
	struct wake_buf	 fb;		/* a member's bytes */
	struct wake_event ev;
	wake_time_t	 last;		/* the time of the file so far */
};

/* ---- strings ---- */

static const char *
sp(const struct wk_slack *s, const struct sref *r)
{
	return s->str.p + r->off;
}

static int
keep(struct wk_slack *s, const char *p, size_t n, struct sref *r)
{
	if (s->str.n + n > MAX_STR)
		return WAKE_ERR_LIMIT;
	r->off = (uint32_t)s->str.n;
	r->n = (uint32_t)n;
	return n == 0 ? WAKE_OK : wake_buf_put(&s->str, p, n);
}

/* The string token i (-1: absent) of the file, unescaped, kept. */
static int
keep_tok(struct wk_slack *s, int i, struct sref *r)
{
	const struct wk_jtok *t;
	ptrdiff_t k;
	int rc;

	memset(r, 0, sizeof(*r));
	if (i < 0 || s->t[i].type != WK_J_STR)
		return WAKE_OK;
	t = &s->t[i];
	if (!t->esc)
		return keep(s, t->p, t->n, r);
	if (s->str.n + t->n > MAX_STR)
		return WAKE_ERR_LIMIT;
	if ((rc = wake_buf_reserve(&s->str, t->n + 1)) != WAKE_OK)
		return rc;
	if ((k = wk_json_unescape_to(t->p, t->n, s->str.p + s->str.n)) < 0)
		return WAKE_OK;
	r->off = (uint32_t)s->str.n;
	r->n = (uint32_t)k;
	s->str.n += (size_t)k;
	return WAKE_OK;
}

/* Member key of object o, when it is an object; else -1. */
static int
get_obj(const struct wk_slack *s, int o, const char *key)
{
	int i;

	if (o < 0 || (i = wk_json_get(s->t, o, key)) < 0 ||
	    s->t[i].type != WK_J_OBJ)
		return -1;
	return i;
}

static int
get(const struct wk_slack *s, int o, const char *key)
{
	return o < 0 ? -1 : wk_json_get(s->t, o, key);
}

/* ---- the collection ---- */

int
wk_slack_new(struct wk_slack **sp_)
{
	struct wk_slack *s;

	if ((*sp_ = s = calloc(1, sizeof(*s))) == NULL)
		return WAKE_ERR_NOMEM;
	wake_event_init(&s->ev);
	return WAKE_OK;
}

void
wk_slack_free(struct wk_slack *s)
{
	if (s == NULL)
		return;
	wake_buf_free(&s->str);
	wake_buf_free(&s->tb);
	wake_buf_free(&s->fb);
	wake_event_free(&s->ev);
	free(s->m);
	free(s->users);
	free(s->chans);
	free(s->t);
	free(s);
}

/* Tokenize p[0..n) into s->t, growing it as needed. */
static int
tokens(struct wk_slack *s, const char *p, size_t n, const char **why)
{
	struct wk_jtok *nt;
	size_t want = n / 8 + 64, most = n / 2 + 64;
	int r;

	if (most > (size_t)1 << 28)
		most = (size_t)1 << 28;
	if (want > most)
		want = most;
	for (;;) {
		if ((size_t)s->tcap < want) {
			if ((nt = reallocarray(s->t, want, sizeof(*nt))) ==
			    NULL) {
				*why = "out of memory";
				return WAKE_ERR_NOMEM;
			}
			s->t = nt;
			s->tcap = (int)want;
		}
		r = wk_json_parse(p, n, s->t, s->tcap, why);
		if (r != -2 || (size_t)s->tcap >= most)
			break;
		want = WK_MIN((size_t)s->tcap * 4, most);
	}
	if (r == -2)
		*why = "nested too deep or too many values";
	return r < 1 ? WAKE_ERR_FORMAT : WAKE_OK;
}

static int
cmp_idname(const void *a, const void *b, const struct wk_slack *s)
{
	const struct idname *x = a, *y = b;
	int c = memcmp(sp(s, &x->id), sp(s, &y->id), WK_MIN(x->id.n,
	    y->id.n));

	return c != 0 ? c : (x->id.n > y->id.n) - (x->id.n < y->id.n);
}

/* Insertion sort: a few hundred users, sorted once. */
static void
sort_ids(const struct wk_slack *s, struct idname *v, size_t n)
{
	struct idname tmp;
	size_t i, j;

	for (i = 1; i < n; i++) {
		tmp = v[i];
		for (j = i; j > 0 && cmp_idname(&v[j - 1], &tmp, s) > 0; j--)
			v[j] = v[j - 1];
		v[j] = tmp;
	}
}

static const struct idname *
find_id(const struct wk_slack *s, const struct idname *v, size_t n,
    const char *id, size_t idn)
{
	size_t lo = 0, hi = n, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = memcmp(sp(s, &v[mid].id), id, WK_MIN(v[mid].id.n, idn));
		if (c == 0)
			c = (v[mid].id.n > idn) - (v[mid].id.n < idn);
		if (c == 0)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* An array of objects with "id" and a name: users or channels. */
static int
load_ids(struct wk_slack *s, const char *p, size_t n, int users,
    struct idname **vp, size_t *np, const char **why)
{
	struct idname *v, *nv;
	struct sref r;
	size_t cap = 0, k = 0;
	int i, j, e, rc, prof;
	static const char *const unames[] = { "display_name", "real_name" };

	if ((rc = tokens(s, p, n, why)) != WAKE_OK)
		return rc;
	if (s->t[0].type != WK_J_ARR) {
		*why = "not a JSON array";
		return WAKE_ERR_FORMAT;
	}
	v = *vp;
	k = *np;
	cap = k;
	for (e = 0, i = 1; e < s->t[0].size; e++, i = s->t[i].next) {
		if (s->t[i].type != WK_J_OBJ)
			continue;
		if (k == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			if ((nv = reallocarray(v, cap, sizeof(*nv))) == NULL) {
				*vp = v;
				*np = k;
				return WAKE_ERR_NOMEM;
			}
			v = nv;
		}
		if ((rc = keep_tok(s, get(s, i, "id"), &v[k].id)) != WAKE_OK)
			break;
		if (v[k].id.n == 0)
			continue;
		memset(&v[k].name, 0, sizeof(v[k].name));
		/* A person: display_name, else real_name, else name. */
		prof = users ? get_obj(s, i, "profile") : -1;
		for (j = 0; users && j < 2 && v[k].name.n == 0; j++) {
			if ((rc = keep_tok(s, get(s, prof, unames[j]), &r)) !=
			    WAKE_OK)
				break;
			if (r.n == 0 && j == 1 && (rc = keep_tok(s, get(s, i,
			    "real_name"), &r)) != WAKE_OK)
				break;
			v[k].name = r;
		}
		if (rc == WAKE_OK && v[k].name.n == 0)
			rc = keep_tok(s, get(s, i, "name"), &v[k].name);
		if (rc != WAKE_OK)
			break;
		k++;
	}
	*vp = v;
	*np = k;
	sort_ids(s, v, k);
	return rc;
}

int
wk_slack_users(struct wk_slack *s, const char *p, size_t n,
    const char **why)
{
	s->have_users = 1;
	return load_ids(s, p, n, 1, &s->users, &s->nusers, why);
}

int
wk_slack_channels(struct wk_slack *s, const char *p, size_t n,
    const char **why)
{
	return load_ids(s, p, n, 0, &s->chans, &s->nchans, why);
}

static struct smsg *
new_msg(struct wk_slack *s)
{
	struct smsg *nm;
	size_t ncap;

	if (s->nm == s->mcap) {
		if (s->nm >= MAX_MSGS)
			return NULL;
		ncap = s->mcap == 0 ? 256 : s->mcap * 2;
		if ((nm = reallocarray(s->m, ncap, sizeof(*nm))) == NULL)
			return NULL;
		s->m = nm;
		s->mcap = ncap;
	}
	nm = &s->m[s->nm];
	memset(nm, 0, sizeof(*nm));
	nm->seq = s->nm++;
	nm->ts = WAKE_TIME_NONE;
	return nm;
}

/* "1708595892.123456": ns since the epoch, or WAKE_TIME_NONE. */
static wake_time_t
slack_ts(const char *p, size_t n)
{
	int64_t sec = 0, frac = 0, scale = 1000000000;
	size_t i = 0, nd = 0;

	for (; i < n && p[i] >= '0' && p[i] <= '9'; i++, nd++) {
		if (nd >= 11)
			return WAKE_TIME_NONE;
		sec = sec * 10 + (p[i] - '0');
	}
	if (nd == 0)
		return WAKE_TIME_NONE;
	if (i < n && p[i] == '.') {
		for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			if (scale > 1) {
				scale /= 10;
				frac += (p[i] - '0') * scale;
			}
	}
	if (i != n || sec > 9000000000)
		return WAKE_TIME_NONE;
	return sec * 1000000000 + frac;
}

/* A file (or an element) that could not be read: one raw event. */
static int
raw_msg(struct wk_slack *s, const struct sref *chan,
    const struct sref *member, uint64_t line, const char *p, size_t n,
    const char *why)
{
	struct smsg *m;
	int rc;

	if ((m = new_msg(s)) == NULL)
		return WAKE_ERR_NOMEM;
	m->raw = 1;
	m->notime = 1;
	m->ts = s->last;
	m->line = line;
	m->member = *member;
	m->chan = *chan;
	if ((rc = keep(s, p, WK_MIN(n, RAW_KEEP), &m->text)) != WAKE_OK)
		return rc;
	return keep(s, why, strlen(why), &m->why);
}

/* The first string of key in the objects of array a: fallback texts. */
static int
first_of(struct wk_slack *s, int a, const char *key, const char *key2,
    struct sref *r)
{
	int e, i, rc;

	if (a < 0 || s->t[a].type != WK_J_ARR)
		return WAKE_OK;
	for (e = 0, i = a + 1; e < s->t[a].size; e++, i = s->t[i].next) {
		if (s->t[i].type != WK_J_OBJ)
			continue;
		if ((rc = keep_tok(s, get(s, i, key), r)) != WAKE_OK)
			return rc;
		if (r->n == 0 && key2 != NULL &&
		    (rc = keep_tok(s, get(s, i, key2), r)) != WAKE_OK)
			return rc;
		if (r->n > 0)
			return WAKE_OK;
	}
	return WAKE_OK;
}

/* One message object (token o) at line. */
static int
one_msg(struct wk_slack *s, int o, const struct sref *chan,
    const struct sref *member, uint64_t line)
{
	struct smsg *m;
	struct sref tsr, thr;
	int rc, prof, bot;

	if ((m = new_msg(s)) == NULL)
		return WAKE_ERR_NOMEM;
	m->line = line;
	m->member = *member;
	m->chan = *chan;
	if ((rc = keep_tok(s, get(s, o, "ts"), &tsr)) != WAKE_OK)
		return rc;
	if ((m->ts = slack_ts(sp(s, &tsr), tsr.n)) == WAKE_TIME_NONE) {
		/* Kept, as a raw event at the time of the one before. */
		m->raw = 1;
		m->notime = 1;
		m->ts = s->last;
		if ((rc = keep(s, "a message without a ts", 22, &m->why)) !=
		    WAKE_OK)
			return rc;
	} else
		s->last = m->ts;
	prof = get_obj(s, o, "user_profile");
	bot = get_obj(s, o, "bot_profile");
	if ((rc = keep_tok(s, get(s, o, "user"), &m->user)) != WAKE_OK ||
	    (rc = keep_tok(s, get(s, o, "username"), &m->username)) !=
	    WAKE_OK ||
	    (rc = keep_tok(s, get(s, o, "bot_id"), &m->bot_id)) != WAKE_OK ||
	    (rc = keep_tok(s, get(s, bot, "name"), &m->bot_name)) !=
	    WAKE_OK ||
	    (rc = keep_tok(s, get(s, o, "subtype"), &m->subtype)) !=
	    WAKE_OK ||
	    (rc = keep_tok(s, get(s, o, "text"), &m->text)) != WAKE_OK ||
	    (rc = keep_tok(s, get(s, o, "thread_ts"), &thr)) != WAKE_OK ||
	    (rc = keep_tok(s, get(s, prof, "display_name"), &m->pname)) !=
	    WAKE_OK)
		return rc;
	if (m->pname.n == 0 && (rc = keep_tok(s, get(s, prof, "real_name"),
	    &m->pname)) != WAKE_OK)
		return rc;
	if (m->pname.n == 0 && (rc = keep_tok(s, get(s, prof, "name"),
	    &m->pname)) != WAKE_OK)
		return rc;
	/* A reply: its thread_ts is the root's ts, not its own. */
	if (thr.n > 0 && (thr.n != tsr.n || memcmp(sp(s, &thr),
	    sp(s, &tsr), thr.n) != 0))
		m->thread = thr;
	/* No text: what attachments or files say instead. */
	if (m->text.n == 0 && (rc = first_of(s, get(s, o, "attachments"),
	    "fallback", "text", &m->text)) != WAKE_OK)
		return rc;
	if (m->text.n == 0 && (rc = first_of(s, get(s, o, "files"),
	    "title", "name", &m->text)) != WAKE_OK)
		return rc;
	return WAKE_OK;
}

/* Midnight UTC of the day a member "…/YYYY-MM-DD.json" is for, or 0. */
static wake_time_t
day_time(const char *member)
{
	const char *b = strrchr(member, '/');
	int y, m, d;

	b = b != NULL ? b + 1 : member;
	if (strlen(b) != 15 || sscanf(b, "%4d-%2d-%2d.json", &y, &m, &d) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	return wake_days_from_civil(y, m, d) * 86400 * 1000000000;
}

int
wk_slack_day(struct wk_slack *s, const char *channel, size_t chlen,
    const char *member, const char *p, size_t n, const char **why)
{
	struct sref chan, mem;
	const char *at = p;
	uint64_t line = 1;
	int e, i, rc;

	*why = NULL;
	s->last = day_time(member);
	if ((rc = keep(s, channel, chlen, &chan)) != WAKE_OK ||
	    (rc = keep(s, member, strlen(member), &mem)) != WAKE_OK)
		return rc;
	rc = tokens(s, p, n, why);
	if (rc == WAKE_OK && s->t[0].type != WK_J_ARR) {
		*why = "not a JSON array of messages";
		rc = WAKE_ERR_FORMAT;
	}
	if (rc != WAKE_OK) {
		if (rc == WAKE_ERR_FORMAT && (rc = raw_msg(s, &chan, &mem, 1,
		    p, n, *why)) == WAKE_OK)
			rc = WAKE_ERR_FORMAT;
		return rc;
	}
	for (e = 0, i = 1; e < s->t[0].size; e++, i = s->t[i].next) {
		/* Lines are counted on from the message before. */
		for (; at < s->t[i].p; at++)
			line += *at == '\n';
		if (s->t[i].type != WK_J_OBJ) {
			*why = "an element that is not a message object";
			rc = raw_msg(s, &chan, &mem, line, s->t[i].p,
			    s->t[i].n, *why);
		} else
			rc = one_msg(s, i, &chan, &mem, line);
		if (rc != WAKE_OK)
			return rc;
	}
	return *why != NULL ? WAKE_ERR_FORMAT : WAKE_OK;
}

/* ---- from a message to an event ---- */

static int
put(struct wake_buf *b, const char *p, size_t n)
{
	return n == 0 ? WAKE_OK : wake_buf_put(b, p, n);
}

/* Text with &amp; &lt; &gt; decoded. */
static int
put_ent(struct wake_buf *b, const char *p, size_t n)
{
	const char *amp, *end = p + n;
	int rc;

	while (p < end && (amp = memchr(p, '&', (size_t)(end - p))) != NULL) {
		if ((rc = put(b, p, (size_t)(amp - p))) != WAKE_OK)
			return rc;
		p = amp;
		if (end - p >= 5 && memcmp(p, "&amp;", 5) == 0) {
			rc = wake_buf_putc(b, '&');
			p += 5;
		} else if (end - p >= 4 && memcmp(p, "&lt;", 4) == 0) {
			rc = wake_buf_putc(b, '<');
			p += 4;
		} else if (end - p >= 4 && memcmp(p, "&gt;", 4) == 0) {
			rc = wake_buf_putc(b, '>');
			p += 4;
		} else {
			rc = wake_buf_putc(b, '&');
			p++;
		}
		if (rc != WAKE_OK)
			return rc;
	}
	return put(b, p, (size_t)(end - p));
}

/* A name for a user id: users.json's, else the id. */
static void
user_name(const struct wk_slack *s, const char *id, size_t idn,
    const char **np, size_t *nn)
{
	const struct idname *u = find_id(s, s->users, s->nusers, id, idn);

	if (u != NULL && u->name.n > 0) {
		*np = sp(s, &u->name);
		*nn = u->name.n;
	} else {
		*np = id;
		*nn = idn;
	}
}

/* One <...> of Slack markup, inside the brackets. */
static int
markup(const struct wk_slack *s, const char *p, size_t n, struct wake_buf *b)
{
	const char *bar = memchr(p, '|', n), *lab = NULL, *nm;
	size_t idn = bar != NULL ? (size_t)(bar - p) : n, ln = 0, nn;
	const struct idname *c;
	int rc;

	if (bar != NULL) {
		lab = bar + 1;
		ln = n - idn - 1;
	}
	if (n > 0 && p[0] == '@') {
		if ((rc = wake_buf_putc(b, '@')) != WAKE_OK)
			return rc;
		if (lab != NULL)
			return put_ent(b, lab, ln);
		user_name(s, p + 1, idn - 1, &nm, &nn);
		return put(b, nm, nn);
	}
	if (n > 0 && p[0] == '#') {
		if ((rc = wake_buf_putc(b, '#')) != WAKE_OK)
			return rc;
		if (lab != NULL)
			return put_ent(b, lab, ln);
		c = find_id(s, s->chans, s->nchans, p + 1, idn - 1);
		return c != NULL && c->name.n > 0 ? put(b, sp(s, &c->name),
		    c->name.n) : put(b, p + 1, idn - 1);
	}
	if (n > 0 && p[0] == '!') {
		/* <!here>, <!channel>, <!subteam^S1|@team>, <!date^..|x> */
		if (lab != NULL)
			return put_ent(b, lab, ln);
		if ((rc = wake_buf_putc(b, '@')) != WAKE_OK)
			return rc;
		return put(b, p + 1, idn - 1);
	}
	/* A link: "label (url)", or the url alone. */
	if (lab == NULL || (ln == idn && memcmp(lab, p, ln) == 0) ||
	    (idn == ln + 7 && memcmp(p, "mailto:", 7) == 0 &&
	    memcmp(p + 7, lab, ln) == 0))
		return lab == NULL ? put_ent(b, p, idn) : put_ent(b, lab, ln);
	if ((rc = put_ent(b, lab, ln)) != WAKE_OK ||
	    (rc = put(b, " (", 2)) != WAKE_OK ||
	    (rc = put_ent(b, p, idn)) != WAKE_OK)
		return rc;
	return wake_buf_putc(b, ')');
}

/* Slack's markup to plain text, into b. */
static int
plain(const struct wk_slack *s, const char *p, size_t n, struct wake_buf *b)
{
	const char *end = p + n, *lt, *gt;
	int rc;

	while (p < end && (lt = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((rc = put_ent(b, p, (size_t)(lt - p))) != WAKE_OK)
			return rc;
		if ((gt = memchr(lt, '>', (size_t)(end - lt))) == NULL) {
			p = lt;
			break;
		}
		if ((rc = markup(s, lt + 1, (size_t)(gt - lt - 1), b)) !=
		    WAKE_OK)
			return rc;
		p = gt + 1;
	}
	return put_ent(b, p, (size_t)(end - p));
}

static int
attr(struct wake_event *ev, const char *k, const char *p, size_t n)
{
	return n == 0 ? WAKE_OK : wake_event_attr_ref(ev, k, strlen(k), p, n);
}

static int
to_event(struct wk_slack *s, const struct smsg *m, struct wake_event *ev)
{
	const char *name = NULL, *uid = NULL;
	size_t namen = 0, uidn = 0;
	int rc;

	wake_event_reset(ev);
	s->tb.n = 0;
	ev->ts = m->ts;
	if (m->raw) {
		ev->kind = WAKE_KIND_RAW;
		ev->msg.p = sp(s, &m->text);
		ev->msg.n = m->text.n;
		if ((rc = attr(ev, "channel", sp(s, &m->chan), m->chan.n)) !=
		    WAKE_OK ||
		    (rc = attr(ev, "slack_error", sp(s, &m->why), m->why.n)) !=
		    WAKE_OK)
			return rc;
		return m->notime ? attr(ev, "notime", "1", 1) : WAKE_OK;
	}
	ev->kind = WAKE_KIND_CHAT;
	if (m->user.n > 0) {
		uid = sp(s, &m->user);
		uidn = m->user.n;
		user_name(s, uid, uidn, &name, &namen);
		/* Not in users.json: the message's own profile. */
		if (name == uid && m->pname.n > 0) {
			name = sp(s, &m->pname);
			namen = m->pname.n;
		}
	} else if (m->bot_id.n > 0) {
		uid = sp(s, &m->bot_id);
		uidn = m->bot_id.n;
	}
	if (m->user.n == 0 || name == uid) {
		/* Bots: the name they posted under. */
		if (m->username.n > 0) {
			name = sp(s, &m->username);
			namen = m->username.n;
		} else if (m->bot_name.n > 0) {
			name = sp(s, &m->bot_name);
			namen = m->bot_name.n;
		} else if (name == NULL) {
			name = uid;
			namen = uidn;
		}
	}
	if ((rc = plain(s, sp(s, &m->text), m->text.n, &s->tb)) != WAKE_OK)
		return rc;
	ev->msg.p = s->tb.p;
	ev->msg.n = s->tb.n;
	ev->host.p = name;
	ev->host.n = namen;
	if ((rc = attr(ev, "channel", sp(s, &m->chan), m->chan.n)) !=
	    WAKE_OK ||
	    (rc = attr(ev, "user", name, namen)) != WAKE_OK ||
	    (rc = attr(ev, "user_id", uid, uidn)) != WAKE_OK ||
	    (rc = attr(ev, "thread", sp(s, &m->thread), m->thread.n)) !=
	    WAKE_OK)
		return rc;
	return attr(ev, "subtype", sp(s, &m->subtype), m->subtype.n);
}

static int
cmp_msg(const void *a, const void *b)
{
	const struct smsg *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Add id -> name unless the id is known; v stays sorted. */
static int
learn(struct wk_slack *s, size_t *cap, const struct sref *id,
    const struct sref *name)
{
	struct idname *nv;
	size_t lo = 0, hi = s->nusers, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = memcmp(sp(s, &s->users[mid].id), sp(s, id),
		    WK_MIN(s->users[mid].id.n, id->n));
		if (c == 0)
			c = (s->users[mid].id.n > id->n) -
			    (s->users[mid].id.n < id->n);
		if (c == 0)
			return WAKE_OK;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (s->nusers == *cap) {
		*cap = WK_MAX(*cap * 2, 64);
		if ((nv = reallocarray(s->users, *cap, sizeof(*nv))) == NULL)
			return WAKE_ERR_NOMEM;
		s->users = nv;
	}
	memmove(&s->users[lo + 1], &s->users[lo],
	    (s->nusers - lo) * sizeof(*s->users));
	s->users[lo].id = *id;
	s->users[lo].name = *name;
	s->nusers++;
	return WAKE_OK;
}

/*
 * Users missing from users.json (or all, without it): the names that
 * mentions carry, "<@U064KUGRJ|timabram>", as join messages write them.
 */
static int
learn_mentions(struct wk_slack *s)
{
	struct sref id, name;
	const char *p, *end, *lt, *bar, *gt, *base;
	size_t i, cap = s->nusers;
	int rc;

	for (i = 0; i < s->nm; i++) {
		if (s->m[i].raw)
			continue;
		p = sp(s, &s->m[i].text);
		end = p + s->m[i].text.n;
		while ((lt = memchr(p, '<', (size_t)(end - p))) != NULL) {
			if ((gt = memchr(lt, '>', (size_t)(end - lt))) == NULL)
				break;
			p = gt + 1;
			bar = memchr(lt, '|', (size_t)(gt - lt));
			if (gt - lt < 4 || lt[1] != '@' || bar == NULL ||
			    bar == lt + 2 || bar + 1 == gt)
				continue;
			base = s->str.p;
			id.off = (uint32_t)(lt + 2 - base);
			id.n = (uint32_t)(bar - lt - 2);
			name.off = (uint32_t)(bar + 1 - base);
			name.n = (uint32_t)(gt - bar - 1);
			if ((rc = learn(s, &cap, &id, &name)) != WAKE_OK)
				return rc;
		}
	}
	return WAKE_OK;
}

int
wk_slack_emit(struct wk_slack *s, wk_slack_fn fn, void *arg)
{
	size_t i;
	int rc;

	qsort(s->m, s->nm, sizeof(*s->m), cmp_msg);
	if ((rc = learn_mentions(s)) != WAKE_OK)
		return rc;
	for (i = 0; i < s->nm; i++) {
		if ((rc = to_event(s, &s->m[i], &s->ev)) != WAKE_OK)
			return rc;
		/* NUL-terminated for the callback. */
		s->fb.n = 0;
		if ((rc = put(&s->fb, sp(s, &s->m[i].member),
		    s->m[i].member.n)) != WAKE_OK ||
		    (rc = wake_buf_putc(&s->fb, '\0')) != WAKE_OK)
			return rc;
		if (fn(arg, &s->ev, s->fb.p, s->m[i].line) != 0)
			return WAKE_EOF;
	}
	return WAKE_OK;
}

/* ---- reading an export: a folder or a zip ---- */

struct reader {
	struct wk_slack		*s;
	const char		*name;		/* in origins */
	wake_diag_fn		 diag;
	void			*diag_arg;
	struct wk_slack_result	*res;
	struct wake_buf		 path;
	struct wake_buf		 oname;		/* a member's origin name */
	int			 bad;		/* a member was bad */
};

static void
note(struct reader *r, const char *member, const char *why)
{
	if (r->diag != NULL)
		r->diag(r->diag_arg, member, 0, why);
}

static void
bad(struct reader *r, const char *member, const char *why)
{
	/* The first is the run's error; the others are told with -v. */
	if (!r->bad)
		snprintf(r->res->err, sizeof(r->res->err), "%s: %s", member,
		    why);
	else
		note(r, member, why);
	r->bad = 1;
}

/* "YYYY-MM-DD.json" */
static int
is_day(const char *p, size_t n)
{
	static const char shape[] = "dddd-dd-dd.json";
	size_t i;

	if (n != sizeof(shape) - 1)
		return 0;
	for (i = 0; i < n; i++)
		if (shape[i] == 'd' ? p[i] < '0' || p[i] > '9' :
		    p[i] != shape[i])
			return 0;
	return 1;
}

static int
is_meta(const char *p, size_t n)
{
	static const char *const meta[] = { "channels.json", "users.json",
	    "dms.json", "groups.json", "mpims.json", "org_users.json" };
	size_t i;

	for (i = 0; i < WK_NELEM(meta); i++)
		if (wk_streq(p, n, meta[i]))
			return 1;
	return 0;
}

/*
 * One member: rel is its path inside the export, member its origin
 * name, p[0..n) its bytes.
 */
static int
member(struct reader *r, const char *rel, const char *mname, const char *p,
    size_t n)
{
	const char *slash = strchr(rel, '/'), *why = NULL;
	size_t rn = strlen(rel);
	int rc;

	r->res->bytes += n;
	if (slash == NULL && (wk_streq(rel, rn, "users.json") ||
	    wk_streq(rel, rn, "channels.json"))) {
		r->res->skipped++;
		rc = rel[0] == 'u' ? wk_slack_users(r->s, p, n, &why) :
		    wk_slack_channels(r->s, p, n, &why);
		if (rc == WAKE_ERR_FORMAT)
			bad(r, mname, why != NULL ? why : "malformed JSON");
		return rc == WAKE_ERR_FORMAT ? WAKE_OK : rc;
	}
	if (slash != NULL && strchr(slash + 1, '/') == NULL &&
	    is_day(slash + 1, strlen(slash + 1))) {
		rc = wk_slack_day(r->s, rel, (size_t)(slash - rel), mname, p,
		    n, &why);
		if (rc == WAKE_ERR_FORMAT)
			bad(r, mname, why != NULL ? why : "malformed JSON");
		return rc == WAKE_ERR_FORMAT ? WAKE_OK : rc;
	}
	r->res->skipped++;
	if (!(slash == NULL && is_meta(rel, rn)))
		note(r, mname, "not a day file of a channel, skipped");
	return WAKE_OK;
}

static int
read_fd(int fd, struct wake_buf *b, const char **why)
{
	char chunk[65536];
	ssize_t k;
	int rc;

	b->n = 0;
	for (;;) {
		if ((k = read(fd, chunk, sizeof(chunk))) < 0) {
			if (errno == EINTR)
				continue;
			*why = strerror(errno);
			return WAKE_ERR_IO;
		}
		if (k == 0)
			return WAKE_OK;
		if (b->n + (size_t)k > MAX_MEMBER) {
			*why = "too big for a Slack export file";
			return WAKE_ERR_LIMIT;
		}
		if ((rc = wake_buf_put(b, chunk, (size_t)k)) != WAKE_OK)
			return rc;
	}
}

static int
set_path(struct reader *r, const char *a, const char *sep, const char *b,
    const char *c)
{
	struct wake_buf *p = &r->path;

	p->n = 0;
	if (put(p, a, strlen(a)) != WAKE_OK ||
	    put(p, sep, strlen(sep)) != WAKE_OK ||
	    put(p, b, strlen(b)) != WAKE_OK ||
	    (c != NULL && (wake_buf_putc(p, '/') != WAKE_OK ||
	    put(p, c, strlen(c)) != WAKE_OK)) ||
	    wake_buf_putc(p, '\0') != WAKE_OK)
		return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

/* A file of the folder: dir/rel read whole, given to member(). */
static int
dir_file(struct reader *r, const char *dir, const char *rel)
{
	struct wk_slack *s = r->s;
	struct wake_buf *on = &r->oname;
	const char *why = NULL;
	size_t nn = strlen(r->name);
	int fd, rc;

	if ((rc = set_path(r, dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
	    rel, NULL)) != WAKE_OK)
		return rc;
	/* Origins name the export as given, then the member. */
	on->n = 0;
	if (put(on, r->name, nn) != WAKE_OK || ((nn == 0 ||
	    r->name[nn - 1] != '/') && wake_buf_putc(on, '/') != WAKE_OK) ||
	    wake_buf_put(on, rel, strlen(rel) + 1) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	if ((fd = open(r->path.p, O_RDONLY | O_CLOEXEC)) < 0) {
		r->res->skipped++;
		bad(r, on->p, strerror(errno));
		return WAKE_OK;
	}
	rc = read_fd(fd, &s->fb, &why);
	close(fd);
	if (rc == WAKE_ERR_IO || rc == WAKE_ERR_LIMIT) {
		r->res->skipped++;
		bad(r, on->p, why);
		return WAKE_OK;
	}
	if (rc != WAKE_OK)
		return rc;
	return member(r, rel, on->p, s->fb.p != NULL ? s->fb.p : "",
	    s->fb.n);
}

static int
skip_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int
byte_order(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
read_dir(struct reader *r, const char *dir)
{
	struct dirent **top = NULL, **sub = NULL;
	char *rel = NULL, *chdir_ = NULL;
	int ntop, nsub, i, j, rc = WAKE_OK;

	if ((ntop = scandir(dir, &top, skip_dot, byte_order)) < 0) {
		snprintf(r->res->err, sizeof(r->res->err), "%s: %s", r->name,
		    strerror(errno));
		return WAKE_ERR_IO;
	}
	for (i = 0; i < ntop; i++) {
		if (rc != WAKE_OK)
			goto next;
		if ((rc = set_path(r, dir, "/", top[i]->d_name, NULL)) !=
		    WAKE_OK)
			goto next;
		if (!is_dir(r->path.p)) {
			rc = dir_file(r, dir, top[i]->d_name);
			goto next;
		}
		free(chdir_);
		if ((chdir_ = strdup(r->path.p)) == NULL) {
			rc = WAKE_ERR_NOMEM;
			goto next;
		}
		if ((nsub = scandir(chdir_, &sub, skip_dot, byte_order)) < 0) {
			bad(r, chdir_, strerror(errno));
			goto next;
		}
		for (j = 0; j < nsub; j++) {
			free(rel);
			rel = NULL;
			if (rc == WAKE_OK && (set_path(r, top[i]->d_name, "/",
			    sub[j]->d_name, NULL) != WAKE_OK ||
			    (rel = strdup(r->path.p)) == NULL))
				rc = WAKE_ERR_NOMEM;
			if (rc == WAKE_OK && (set_path(r, chdir_, "/",
			    sub[j]->d_name, NULL) != WAKE_OK))
				rc = WAKE_ERR_NOMEM;
			if (rc == WAKE_OK && is_dir(r->path.p)) {
				r->res->skipped++;
				note(r, r->path.p, "a folder inside a channel "
				    "folder, skipped");
			} else if (rc == WAKE_OK)
				rc = dir_file(r, dir, rel);
			free(sub[j]);
		}
		free(sub);
		sub = NULL;
next:
		free(top[i]);
	}
	free(top);
	free(rel);
	free(chdir_);
	return rc;
}

/*
 * The folder of a zip the export lies in: "" (at the root) or "top/"
 * into prefix; 1 when the zip is an export, 0 when not, <0 on error.
 */
static int
zip_prefix(const char *path, char *prefix, size_t psz)
{
	struct archive *a;
	struct archive_entry *e;
	const char *nm, *sl;
	char top[256] = "";
	int found_root = 0, found_top = 0, one_top = 1, n = 0, r;

	prefix[0] = '\0';
	if ((a = archive_read_new()) == NULL)
		return WAKE_ERR_NOMEM;
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		archive_read_free(a);
		return 0;
	}
	while (n++ < MAX_ENTRIES &&
	    (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		if ((nm = archive_entry_pathname(e)) == NULL)
			continue;
		while (nm[0] == '/' || (nm[0] == '.' && nm[1] == '/'))
			nm += nm[0] == '/' ? 1 : 2;
		/* What macOS's Archive Utility adds does not count. */
		if (strncmp(nm, "__MACOSX/", 9) == 0)
			continue;
		if (strcmp(nm, "channels.json") == 0)
			found_root = 1;
		if ((sl = strchr(nm, '/')) == NULL) {
			if (archive_entry_filetype(e) != AE_IFDIR)
				one_top = 0;
			else if (top[0] == '\0')
				snprintf(top, sizeof(top), "%s/", nm);
			continue;
		}
		if (top[0] == '\0' && (size_t)(sl - nm) + 2 < sizeof(top))
			snprintf(top, sizeof(top), "%.*s", (int)(sl - nm + 1),
			    nm);
		if (strncmp(nm, top, strlen(top)) != 0)
			one_top = 0;
		else if (strcmp(nm + strlen(top), "channels.json") == 0)
			found_top = 1;
	}
	archive_read_free(a);
	if (found_root)
		return 1;
	if (found_top && one_top && strlen(top) < psz) {
		snprintf(prefix, psz, "%s", top);
		return 1;
	}
	return 0;
}

static int
read_zip(struct reader *r, const char *path)
{
	struct wk_slack *s = r->s;
	struct archive *a;
	struct archive_entry *e;
	const char *nm, *why;
	char prefix[256];
	la_ssize_t k;
	size_t pl;
	int rc = WAKE_OK, ar;

	if ((rc = zip_prefix(path, prefix, sizeof(prefix))) < 0)
		return rc;
	pl = strlen(prefix);
	if ((a = archive_read_new()) == NULL)
		return WAKE_ERR_NOMEM;
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		why = archive_error_string(a);
		snprintf(r->res->err, sizeof(r->res->err), "%s: %s", r->name,
		    why != NULL ? why : "unreadable zip");
		archive_read_free(a);
		return WAKE_ERR_FORMAT;
	}
	rc = WAKE_OK;
	while (rc == WAKE_OK && (ar = archive_read_next_header(a, &e)) !=
	    ARCHIVE_EOF) {
		if (ar < ARCHIVE_WARN) {
			why = archive_error_string(a);
			bad(r, r->name, why != NULL ? why : "damaged zip");
			break;
		}
		if (archive_entry_filetype(e) != AE_IFREG ||
		    (nm = archive_entry_pathname(e)) == NULL)
			continue;
		while (nm[0] == '/' || (nm[0] == '.' && nm[1] == '/'))
			nm += nm[0] == '/' ? 1 : 2;
		if ((rc = set_path(r, r->name, "//", nm, NULL)) != WAKE_OK)
			break;
		if (strncmp(nm, prefix, pl) != 0 || nm[pl] == '\0') {
			r->res->skipped++;
			note(r, r->path.p, "outside the export, skipped");
			continue;
		}
		s->fb.n = 0;
		s->fb.max = MAX_MEMBER;
		k = 0;
		for (;;) {
			if ((rc = wake_buf_reserve(&s->fb, 65536)) != WAKE_OK)
				break;
			k = archive_read_data(a, s->fb.p + s->fb.n, 65536);
			if (k <= 0)
				break;
			s->fb.n += (size_t)k;
		}
		s->fb.max = 0;
		if (rc == WAKE_ERR_LIMIT) {
			r->res->skipped++;
			bad(r, r->path.p, "too big for a Slack export file");
			rc = WAKE_OK;
			continue;
		}
		if (rc != WAKE_OK)
			break;
		if (k < 0) {
			why = archive_error_string(a);
			r->res->skipped++;
			bad(r, r->path.p, why != NULL ? why : "unreadable");
			continue;
		}
		rc = member(r, nm + pl, r->path.p, s->fb.p, s->fb.n);
	}
	archive_read_free(a);
	return rc;
}

int
wk_slack_probe(const char *path, int isdir)
{
	struct stat st;
	char prefix[256], head[4], full[4096];
	size_t n;
	int fd;
	ssize_t k;

	if (strcmp(path, "-") == 0)
		return 0;
	if (isdir) {
		/* Only channels.json at the top: anything else is walked. */
		n = strlen(path);
		if (n + 16 > sizeof(full))
			return 0;
		snprintf(full, sizeof(full), "%s%schannels.json", path,
		    n > 0 && path[n - 1] == '/' ? "" : "/");
		return stat(full, &st) == 0 && S_ISREG(st.st_mode);
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	k = read(fd, head, sizeof(head));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		k = 0;
	close(fd);
	if (k != 4 || memcmp(head, "PK\3\4", 4) != 0)
		return 0;
	return zip_prefix(path, prefix, sizeof(prefix)) == 1;
}

int
wk_slack_is_bundle(struct wake_input *in)
{
	const char *name = wake_input_name(in), *path = wake_input_path(in);
	const char *p;
	struct stat st;

	/* Made so by the input layer: a leaf named by its own path. */
	if (strcmp(name, "-") == 0 || strcmp(name, path) != 0 ||
	    stat(path, &st) != 0)
		return 0;
	if (S_ISDIR(st.st_mode))
		return 1;
	return wake_input_peek(in, &p, 4) == 4 && memcmp(p, "PK\3\4", 4) == 0;
}

int
wk_slack_read(const char *path, const char *name, wk_slack_fn fn,
    void *arg, wake_diag_fn diag, void *diag_arg,
    struct wk_slack_result *res)
{
	struct reader r;
	struct stat st;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(res, 0, sizeof(*res));
	r.name = name;
	r.diag = diag;
	r.diag_arg = diag_arg;
	r.res = res;
	if ((rc = wk_slack_new(&r.s)) != WAKE_OK)
		return rc;
	if (stat(path, &st) != 0) {
		snprintf(res->err, sizeof(res->err), "%s: %s", name,
		    strerror(errno));
		rc = WAKE_ERR_IO;
	} else if (S_ISDIR(st.st_mode))
		rc = read_dir(&r, path);
	else
		rc = read_zip(&r, path);
	if (rc == WAKE_OK) {
		res->no_users = !r.s->have_users;
		rc = wk_slack_emit(r.s, fn, arg);
	}
	if (rc == WAKE_OK && r.bad)
		rc = WAKE_ERR_FORMAT;
	if (rc == WAKE_ERR_NOMEM || rc == WAKE_ERR_LIMIT)
		snprintf(res->err, sizeof(res->err), "%s: %s", name,
		    wake_strerror(rc));
	wk_slack_free(r.s);
	wake_buf_free(&r.path);
	wake_buf_free(&r.oname);
	return rc;
}
