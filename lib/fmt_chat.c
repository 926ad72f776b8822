/*
 * Chat transcripts: irc (irssi, weechat, and the bracketed "[time]
 * <nick> text" of ZNC, mIRC and most bouncers), and the Mattermost bulk
 * export (JSON Lines).  Every message is kind=chat with host and user=
 * the nick, channel= when the file name or the record tells it, and
 * subtype= for what is not a plain message (action, join, part, quit,
 * nick, topic, notice).  Text is kept byte for byte, whatever the
 * language.  Slack exports are bundles: lib/slack.c reads them; the
 * "slack" entry here only names the format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_CHAN	128	/* bytes of a channel name from a file name */
#define MM_TOKS		256	/* first token array of a Mattermost line */
#define MM_TOKS_MAX	(1 << 20)

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/* Two digits at p: their value, or -1. */
static int
d2(const char *p)
{
	if (!isdig((unsigned char)p[0]) || !isdig((unsigned char)p[1]))
		return -1;
	return (p[0] - '0') * 10 + p[1] - '0';
}

static int
has_suffix(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && wk_strcaseeq(s + n - k, k, suf);
}

size_t
wk_chat_channel(const char *name, char *out, size_t outsz)
{
	static const char *const comp[] = { ".gz", ".bz2", ".xz", ".zst" };
	static const char *const ext[] = { ".log", ".txt", ".irc" };
	const char *b, *h, *q;
	size_t n, i, k, digits;
	int weechat = 0;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (name == NULL)
		return 0;
	for (b = name + strlen(name); b > name && b[-1] != '/'; b--)
		;
	n = strlen(b);
	for (i = 0; i < WK_NELEM(comp); i++)
		if (has_suffix(b, n, comp[i]))
			n -= strlen(comp[i]);
	if (has_suffix(b, n, ".weechatlog")) {
		n -= 11;
		weechat = 1;
	}
	for (i = 0; i < WK_NELEM(ext); i++)
		if (has_suffix(b, n, ext[i]))
			n -= strlen(ext[i]);
	/* A date after the name: "#ops.2024-02-22", "#ops_20240222". */
	for (k = n, digits = 0; k > 0; k--) {
		if (isdig((unsigned char)b[k - 1]))
			digits++;
		else if (b[k - 1] != '-')
			break;
	}
	if (digits >= 6 && k > 1 && strchr("._-", b[k - 1]) != NULL)
		n = k - 1;
	if ((h = memchr(b, '#', n)) != NULL) {
		q = h;
	} else if (weechat) {
		/* "irc.libera.ops": the last part names the buffer. */
		for (q = b + n; q > b && q[-1] != '.'; q--)
			;
	} else
		return 0;
	n -= (size_t)(q - b);
	if (n == 0 || n >= outsz || n > MAX_CHAN)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)q[i] <= ' ' || q[i] == 0x7f)
			return 0;
	memcpy(out, q, n);
	out[n] = '\0';
	return n;
}

/* ---- irc ---- */

struct ircstate {
	int		 year, mon, day;	/* the date lines are on */
	int		 last_sec;		/* time of day last seen, -1 */
	int		 chan_done;
	size_t		 chanlen;
	char		 chan[MAX_CHAN + 1];
};

static void *
irc_new(const void *data)
{
	struct ircstate *s;

	(void)data;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->year = -1;
	s->last_sec = -1;
	return s;
}

static void
irc_free(void *state)
{
	free(state);
}

static void
set_date(struct ircstate *s, int year, int mon, int day, int sec)
{
	if (s == NULL)
		return;
	s->year = year;
	s->mon = mon;
	s->day = day;
	s->last_sec = sec;
}

/* irssi's "--- Log opened ..." and "--- Day changed ...": WK_META. */
static int
irssi_meta(struct ircstate *s, const char *line, size_t n, const char **why)
{
	struct wake_tm tm;

	if (n > 15 && (memcmp(line + 4, "Log opened ", 11) == 0 ||
	    memcmp(line + 4, "Log closed ", 11) == 0)) {
		if (wake_time_scan_layout("%a %b %d %H:%M:%S %Y", line + 15,
		    n - 15, &tm) == 0) {
			*why = "a '--- Log opened' line without its date";
			return WK_NOMATCH;
		}
		set_date(s, tm.year, tm.mon, tm.day, -1);
		return WK_META;
	}
	if (n > 16 && memcmp(line + 4, "Day changed ", 12) == 0) {
		if (wake_time_scan_layout("%a %b %d %Y", line + 16, n - 16,
		    &tm) == 0) {
			*why = "a '--- Day changed' line without its date";
			return WK_NOMATCH;
		}
		set_date(s, tm.year, tm.mon, tm.day, -1);
		return WK_META;
	}
	*why = "a '---' line other than 'Log opened' or 'Day changed'";
	return WK_NOMATCH;
}

/* "YYYY-MM-DD HH:MM:SS" at p (19 bytes): tm, or 0. */
static int
full_stamp(const char *p, size_t n, struct wake_tm *tm)
{
	int y1, y2;

	if (n < 19 || p[4] != '-' || p[7] != '-' || p[10] != ' ' ||
	    p[13] != ':' || p[16] != ':')
		return 0;
	if ((y1 = d2(p)) < 0 || (y2 = d2(p + 2)) < 0 ||
	    (tm->mon = d2(p + 5)) < 1 || tm->mon > 12 ||
	    (tm->day = d2(p + 8)) < 1 || tm->day > 31 ||
	    (tm->hour = d2(p + 11)) < 0 || tm->hour > 23 ||
	    (tm->min = d2(p + 14)) < 0 || tm->min > 59 ||
	    (tm->sec = d2(p + 17)) < 0 || tm->sec > 60)
		return 0;
	tm->year = y1 * 100 + y2;
	return 1;
}

/* "HH:MM" or "HH:MM:SS" at p, ended by end: its length, or 0. */
static size_t
day_stamp(const char *p, size_t n, int end, struct wake_tm *tm)
{
	if (n < 6 || p[2] != ':' || (tm->hour = d2(p)) < 0 ||
	    tm->hour > 23 || (tm->min = d2(p + 3)) < 0 || tm->min > 59)
		return 0;
	if (p[5] == end) {
		tm->sec = 0;
		return 5;
	}
	if (n < 9 || p[5] != ':' || (tm->sec = d2(p + 6)) < 0 ||
	    tm->sec > 60 || p[8] != end)
		return 0;
	return 8;
}

/* A time of day on the date of the state; a new day when it goes back. */
static int
on_date(struct ircstate *s, struct wake_tm *tm, const char **why)
{
	int64_t days;
	int sec = tm->hour * 3600 + tm->min * 60 + tm->sec;

	if (s == NULL || s->year < 0) {
		*why = "a time of day before any date (no '--- Log opened' "
		    "or '--- Day changed' line)";
		return -1;
	}
	/* No "Day changed" line, but the clock went back over midnight. */
	if (s->last_sec >= 0 && sec + 12 * 3600 < s->last_sec) {
		days = wake_days_from_civil(s->year, s->mon, s->day) + 1;
		wake_civil_from_days(days, &s->year, &s->mon, &s->day);
	}
	s->last_sec = sec;
	tm->year = s->year;
	tm->mon = s->mon;
	tm->day = s->day;
	return 0;
}

static const char *
skip_mode(const char *p, const char *end)
{
	while (p < end && (*p == '@' || *p == '+' || *p == '%' ||
	    *p == '&' || *p == '~' || *p == ' '))
		p++;
	return p;
}

/* What a server line says of its first word: join, part, ... or NULL. */
static const char *
server_verb(const char *p, size_t n)
{
	static const struct {
		const char	*text;
		const char	*subtype;
	} verbs[] = {
		{ " has joined", "join" },
		{ " has left", "part" },
		{ " has parted", "part" },
		{ " has quit", "quit" },
		{ " is now known as", "nick" },
		{ " changed the topic", "topic" },
		{ " has changed topic", "topic" },
		{ " was kicked", "kick" },
	};
	size_t i, k;

	for (i = 0; i < WK_NELEM(verbs); i++) {
		k = strlen(verbs[i].text);
		if (memmem(p, n, verbs[i].text, k) != NULL)
			return verbs[i].subtype;
	}
	return NULL;
}

/* A log level ("INFO", "warn", "E"), which a log puts where a nick goes. */
static int
level_word(const char *p, size_t n)
{
	/* First letters of the words wk_sev_from_word knows, by length. */
	static const char *const first[14] = { "", "defivw", "", "cdeiw",
	    "ceifw", "adeftp", "cfns", "vw", "c", "e", "", "i", "", "i" };
	int c;

	if (n == 0 || n > 13)
		return 0;
	c = p[0] >= 'A' && p[0] <= 'Z' ? p[0] + 32 : p[0];
	if (c == '\0' || strchr(first[n], c) == NULL)
		return 0;
	return wk_sev_from_word(p, n) >= 0;
}

/* The length of the first word of p. */
static size_t
word(const char *p, size_t n)
{
	const char *sp = memchr(p, ' ', n);

	return sp != NULL ? (size_t)(sp - p) : n;
}

static int
chat_attrs(struct wk_pctx *c, struct wake_event *ev, const char *sub)
{
	struct ircstate *s = c->state;

	if (ev->host.n > 0 && wake_event_attr_ref(ev, "user", 4, ev->host.p,
	    ev->host.n) != WAKE_OK)
		return -1;
	if (s != NULL && !s->chan_done) {
		s->chanlen = wk_chat_channel(c->name, s->chan, sizeof(s->chan));
		s->chan_done = 1;
	}
	if (s != NULL && s->chanlen > 0 && wake_event_attr_ref(ev, "channel",
	    7, s->chan, s->chanlen) != WAKE_OK)
		return -1;
	if (sub != NULL && wake_event_attr_ref(ev, "subtype", 7, sub,
	    strlen(sub)) != WAKE_OK)
		return -1;
	return 0;
}

/* A server line's text (after "-!- ", "*** ", "-->"): event fields. */
static const char *
server_line(const char *p, size_t n, struct wake_event *ev, const char *def)
{
	const char *sub = server_verb(p, n);

	ev->msg.p = p;
	ev->msg.n = n;
	if (sub == NULL)
		return def;
	ev->host.p = p;
	ev->host.n = word(p, n);
	return sub;
}

/*
 * The body after the time, irssi and bracketed forms: "<nick> text",
 * "* nick action", "-!- ..." or "*** ..." server lines.
 */
static int
body(struct wk_pctx *c, const char *p, const char *end,
    struct wake_event *ev, const char **why)
{
	const char *q, *sub = NULL;

	if (p < end && *p == '<') {
		q = skip_mode(p + 1, end);
		p = q;
		while (q < end && *q != '>' && *q != ' ')
			q++;
		if (q == end || *q != '>' || q == p) {
			*why = "no '<nick>' after the time";
			return WK_NOMATCH;
		}
		ev->host.p = p;
		ev->host.n = (size_t)(q - p);
		if (level_word(p, ev->host.n)) {
			*why = "a log level in '<...>', not a nick";
			return WK_NOMATCH;
		}
		q++;
		if (q < end && *q == ' ')
			q++;
		ev->msg.p = q;
		ev->msg.n = (size_t)(end - q);
	} else if (end - p >= 4 && (memcmp(p, "-!- ", 4) == 0 ||
	    memcmp(p, "*** ", 4) == 0)) {
		sub = server_line(p + 4, (size_t)(end - p - 4), ev, "notice");
	} else if ((end - p >= 3 && memcmp(p, " * ", 3) == 0) ||
	    (end - p >= 2 && memcmp(p, "* ", 2) == 0)) {
		p += *p == ' ' ? 3 : 2;
		if (p == end || *p == ' ') {
			*why = "an action without a nick";
			return WK_NOMATCH;
		}
		ev->host.p = p;
		ev->host.n = word(p, (size_t)(end - p));
		ev->msg.p = p;
		ev->msg.n = (size_t)(end - p);
		sub = "action";
	} else {
		*why = "no '<nick>', '* nick' or server line after the time";
		return WK_NOMATCH;
	}
	ev->kind = WAKE_KIND_CHAT;
	if (chat_attrs(c, ev, sub) != 0) {
		*why = "out of memory";
		return WK_NOMATCH;
	}
	return WK_EVENT;
}

/* weechat: "YYYY-MM-DD HH:MM:SS<TAB>prefix<TAB>text". */
static int
weechat(struct wk_pctx *c, const char *p, const char *end,
    struct wake_event *ev, const char **why)
{
	const char *tab, *sub = NULL;
	size_t pn;

	if ((tab = memchr(p, '\t', (size_t)(end - p))) == NULL) {
		*why = "weechat: no TAB after the nick";
		return WK_NOMATCH;
	}
	pn = (size_t)(tab - p);
	ev->msg.p = tab + 1;
	ev->msg.n = (size_t)(end - tab - 1);
	if (pn == 3 && memcmp(p, "-->", 3) == 0)
		sub = server_line(ev->msg.p, ev->msg.n, ev, "join");
	else if (pn == 3 && memcmp(p, "<--", 3) == 0)
		sub = server_line(ev->msg.p, ev->msg.n, ev, "part");
	else if ((pn == 2 && memcmp(p, "--", 2) == 0) ||
	    (pn == 3 && memcmp(p, "=!=", 3) == 0) || pn == 0)
		sub = server_line(ev->msg.p, ev->msg.n, ev, "notice");
	else if ((pn == 2 && memcmp(p, " *", 2) == 0) ||
	    (pn == 1 && *p == '*')) {
		ev->host.p = ev->msg.p;
		ev->host.n = word(ev->msg.p, ev->msg.n);
		sub = "action";
	} else {
		ev->host.p = skip_mode(p, tab);
		ev->host.n = (size_t)(tab - ev->host.p);
		if (ev->host.n == 0 || memchr(ev->host.p, ' ',
		    ev->host.n) != NULL) {
			*why = "weechat: no nick before the text";
			return WK_NOMATCH;
		}
		/* "time<TAB>INFO<TAB>text" is a log, not a chat. */
		if (level_word(ev->host.p, ev->host.n)) {
			*why = "weechat: a log level where the nick goes";
			return WK_NOMATCH;
		}
	}
	ev->kind = WAKE_KIND_CHAT;
	if (chat_attrs(c, ev, sub) != 0) {
		*why = "out of memory";
		return WK_NOMATCH;
	}
	return WK_EVENT;
}

static int
irc_time(struct wk_pctx *c, struct wake_tm *tm, struct wake_event *ev,
    const char **why)
{
	tm->nsec = 0;
	tm->has_off = 0;
	tm->off = 0;
	tm->is_epoch = 0;
	if (wk_resolve(c, tm, &ev->ts) != WAKE_OK) {
		*why = "a date that does not exist";
		return -1;
	}
	return 0;
}

static int
irc_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	struct ircstate *s = c->state;
	const char *end = line + n, *p;
	struct wake_tm tm;
	size_t k;
	int r;

	memset(&tm, 0, sizeof(tm));
	if (n >= 4 && memcmp(line, "--- ", 4) == 0)
		return irssi_meta(s, line, n, why);
	if (n > 0 && line[0] == '[') {
		/* "[YYYY-MM-DD HH:MM:SS] " or "[HH:MM:SS] ", "[HH:MM] " */
		if (full_stamp(line + 1, n - 1, &tm) && n > 21 &&
		    line[20] == ']' && line[21] == ' ') {
			p = line + 22;
			set_date(s, tm.year, tm.mon, tm.day,
			    tm.hour * 3600 + tm.min * 60 + tm.sec);
		} else if ((k = day_stamp(line + 1, n - 1, ']', &tm)) > 0 &&
		    n > k + 2 && line[k + 2] == ' ') {
			p = line + k + 3;
			if (on_date(s, &tm, why) != 0)
				return WK_NOMATCH;
		} else {
			*why = "no '[YYYY-MM-DD HH:MM:SS]' or '[HH:MM:SS]' "
			    "at column 1";
			return WK_NOMATCH;
		}
		r = body(c, p, end, ev, why);
	} else if (full_stamp(line, n, &tm) && n > 19 && line[19] == '\t') {
		set_date(s, tm.year, tm.mon, tm.day,
		    tm.hour * 3600 + tm.min * 60 + tm.sec);
		r = weechat(c, line + 20, end, ev, why);
	} else if ((k = day_stamp(line, n, ' ', &tm)) > 0) {
		if (on_date(s, &tm, why) != 0)
			return WK_NOMATCH;
		r = body(c, line + k + 1, end, ev, why);
	} else {
		*why = "no chat time ('[YYYY-MM-DD HH:MM:SS]', 'HH:MM', "
		    "weechat's 'YYYY-MM-DD HH:MM:SS<TAB>') at column 1";
		return WK_NOMATCH;
	}
	if (r == WK_EVENT && irc_time(c, &tm, ev, why) != 0)
		return WK_NOMATCH;
	return r;
}

const struct wk_format wk_fmt_irc = {
	"irc",
	"IRC transcripts: irssi, weechat, \"[time] <nick> text\" (--tz)",
	WK_SNIFF_STRICT,
	NULL,
	irc_new,
	irc_free,
	irc_parse,
	NULL,
	NULL
};

/* ---- mattermost ---- */

struct mmstate {
	struct wk_jtok	*t;
	int		 ntok;
	int		 cap;
	/* The post whose replies more() hands out. */
	int		 post;		/* its token, -1: none */
	int		 reply;		/* next reply's token, -1: none */
	int		 nleft;		/* replies not yet given */
	size_t		 linelen;
	struct wake_str	 channel, team;
	char		 thread[24];
	size_t		 threadlen;
	struct wake_buf	 sb;		/* the post's unescaped strings */
	struct wake_buf	 rb;		/* a reply's */
};

static void *
mm_new(const void *data)
{
	struct mmstate *s;

	(void)data;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->cap = MM_TOKS;
	if ((s->t = calloc((size_t)s->cap, sizeof(*s->t))) == NULL) {
		free(s);
		return NULL;
	}
	s->post = -1;
	return s;
}

static void
mm_free(void *state)
{
	struct mmstate *s = state;

	if (s == NULL)
		return;
	free(s->t);
	wake_buf_free(&s->sb);
	wake_buf_free(&s->rb);
	free(s);
}

/* Tokenize the line, growing the token array as it needs. */
static int
mm_tokens(struct mmstate *s, const char *line, size_t n, const char **why)
{
	struct wk_jtok *nt;
	int r;

	for (;;) {
		r = wk_json_parse(line, n, s->t, s->cap, why);
		if (r != -2 || s->cap >= MM_TOKS_MAX)
			break;
		if ((nt = reallocarray(s->t, (size_t)s->cap * 4,
		    sizeof(*nt))) == NULL) {
			*why = "out of memory";
			return -1;
		}
		s->t = nt;
		s->cap *= 4;
	}
	if (r == -2)
		*why = "too many JSON values on the line";
	s->ntok = r;
	return r;
}

/*
 * The string of token i (which may be -1) into *out: borrowed when it
 * has no escapes, else unescaped into b, which has room reserved.
 */
static void
mm_str(const struct mmstate *s, int i, struct wake_buf *b,
    struct wake_str *out)
{
	const struct wk_jtok *t;
	ptrdiff_t k;

	out->p = NULL;
	out->n = 0;
	if (i < 0 || s->t[i].type != WK_J_STR)
		return;
	t = &s->t[i];
	if (!t->esc) {
		out->p = t->p;
		out->n = t->n;
		return;
	}
	if ((k = wk_json_unescape_to(t->p, t->n, b->p + b->n)) < 0)
		return;
	out->p = b->p + b->n;
	out->n = (size_t)k;
	b->n += (size_t)k;
}

/* Milliseconds since the epoch of a number token: 0, or -1. */
static int
mm_ms(const struct mmstate *s, int i, int64_t *ms)
{
	const struct wk_jtok *t;
	int64_t v = 0;
	size_t j;

	if (i < 0 || s->t[i].type != WK_J_NUM)
		return -1;
	t = &s->t[i];
	if (t->n == 0 || t->n > 15)
		return -1;
	for (j = 0; j < t->n; j++) {
		if (!isdig((unsigned char)t->p[j]))
			return -1;
		v = v * 10 + (t->p[j] - '0');
	}
	*ms = v;
	return 0;
}

/* One post or reply (object token o) into ev. */
static int
mm_event(struct wk_pctx *c, struct mmstate *s, int o, struct wake_buf *b,
    int reply, struct wake_event *ev, const char **why)
{
	struct wake_str user, msg, sub;
	struct wake_tm tm;
	int64_t ms;

	if (mm_ms(s, wk_json_get(s->t, o, "create_at"), &ms) != 0) {
		*why = "a post without a create_at time";
		return WK_NOMATCH;
	}
	memset(&tm, 0, sizeof(tm));
	tm.year = tm.mon = tm.day = tm.hour = tm.min = tm.sec = -1;
	tm.is_epoch = 1;
	tm.epoch_ns = ms * 1000000;
	if (wk_resolve(c, &tm, &ev->ts) != WAKE_OK) {
		*why = "a create_at out of range";
		return WK_NOMATCH;
	}
	mm_str(s, wk_json_get(s->t, o, "user"), b, &user);
	mm_str(s, wk_json_get(s->t, o, "message"), b, &msg);
	mm_str(s, wk_json_get(s->t, o, "type"), b, &sub);
	ev->kind = WAKE_KIND_CHAT;
	ev->host = user;
	ev->msg = msg;
	if ((user.n > 0 && wake_event_attr_ref(ev, "user", 4, user.p,
	    user.n) != WAKE_OK) ||
	    (s->channel.n > 0 && wake_event_attr_ref(ev, "channel", 7,
	    s->channel.p, s->channel.n) != WAKE_OK) ||
	    (s->team.n > 0 && wake_event_attr_ref(ev, "team", 4, s->team.p,
	    s->team.n) != WAKE_OK) ||
	    (reply && wake_event_attr_ref(ev, "thread", 6, s->thread,
	    s->threadlen) != WAKE_OK) ||
	    (sub.n > 0 && wake_event_attr_ref(ev, "subtype", 7, sub.p,
	    sub.n) != WAKE_OK)) {
		*why = "out of memory";
		return WK_NOMATCH;
	}
	return WK_EVENT;
}

/* Lines that are understood but are no messages. */
static int
mm_meta_type(const char *p, size_t n)
{
	static const char *const meta[] = { "version", "team", "channel",
	    "user", "direct_channel", "direct_post", "emoji", "scheme",
	    "bot", "role" };
	size_t i;

	for (i = 0; i < WK_NELEM(meta); i++)
		if (wk_streq(p, n, meta[i]))
			return 1;
	return 0;
}

static int
mm_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	struct mmstate *s = c->state;
	const struct wk_jtok *ty;
	const char *p = line, *end = line + n;
	int i, post, rep;
	int64_t ms;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p != '{') {
		*why = "not a JSON object";
		return WK_NOMATCH;
	}
	if (s == NULL) {
		*why = "mattermost needs its state";
		return WK_NOMATCH;
	}
	s->post = -1;
	s->nleft = 0;
	s->linelen = n;
	if (mm_tokens(s, line, n, why) < 1)
		return WK_NOMATCH;
	if (s->t[0].type != WK_J_OBJ ||
	    (i = wk_json_get(s->t, 0, "type")) < 0 ||
	    s->t[i].type != WK_J_STR) {
		*why = "no \"type\" member (not a Mattermost export line)";
		return WK_NOMATCH;
	}
	ty = &s->t[i];
	if (!wk_streq(ty->p, ty->n, "post")) {
		if (mm_meta_type(ty->p, ty->n))
			return WK_META;
		*why = "a \"type\" Mattermost exports do not have";
		return WK_NOMATCH;
	}
	if ((post = wk_json_get(s->t, 0, "post")) < 0 ||
	    s->t[post].type != WK_J_OBJ) {
		*why = "a post line without its \"post\" object";
		return WK_NOMATCH;
	}
	/* Unescaped strings are never longer: no realloc while lent. */
	s->sb.n = 0;
	if (wake_buf_reserve(&s->sb, n + 1) != WAKE_OK) {
		*why = "out of memory";
		return WK_NOMATCH;
	}
	mm_str(s, wk_json_get(s->t, post, "channel"), &s->sb, &s->channel);
	mm_str(s, wk_json_get(s->t, post, "team"), &s->sb, &s->team);
	if (mm_event(c, s, post, &s->sb, 0, ev, why) != WK_EVENT)
		return WK_NOMATCH;
	/* The replies follow through more(), in the thread of this one. */
	if (mm_ms(s, wk_json_get(s->t, post, "create_at"), &ms) == 0 &&
	    (rep = wk_json_get(s->t, post, "replies")) >= 0 &&
	    s->t[rep].type == WK_J_ARR && s->t[rep].size > 0) {
		s->threadlen = (size_t)snprintf(s->thread, sizeof(s->thread),
		    "%lld", (long long)ms);
		s->post = post;
		s->reply = rep + 1;
		s->nleft = s->t[rep].size;
	}
	return WK_EVENT;
}

static int
mm_more(struct wk_pctx *c, struct wake_event *ev)
{
	struct mmstate *s = c->state;
	const char *why;
	int o;

	while (s != NULL && s->nleft > 0) {
		o = s->reply;
		s->reply = s->t[o].next;
		s->nleft--;
		if (s->t[o].type != WK_J_OBJ)
			continue;
		s->rb.n = 0;
		if (wake_buf_reserve(&s->rb, s->linelen + 1) != WAKE_OK)
			return WK_META;
		wake_event_reset(ev);
		if (mm_event(c, s, o, &s->rb, 1, ev, &why) == WK_EVENT)
			return WK_EVENT;
	}
	return WK_META;
}

const struct wk_format wk_fmt_mattermost = {
	"mattermost",
	"Mattermost bulk export, JSON Lines (posts and their replies)",
	WK_SNIFF_STRICT,
	NULL,
	mm_new,
	mm_free,
	mm_parse,
	mm_more,
	NULL
};

/* ---- slack ---- */

static int
slack_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	(void)c;
	(void)line;
	(void)n;
	(void)ev;
	*why = "a Slack export is read whole: give its folder or .zip";
	return WK_NOMATCH;
}

const struct wk_format wk_fmt_slack = {
	"slack",
	"Slack workspace export, its folder or .zip (channels.json)",
	WK_SNIFF_STRICT,
	NULL,
	NULL,
	NULL,
	slack_parse,
	NULL,
	NULL
};
