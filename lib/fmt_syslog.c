/*
 * Syslog as files hold it.
 *
 * rfc5424 is read strictly: <PRI>1, an RFC 3339 stamp with an offset,
 * HOSTNAME APP-NAME PROCID MSGID, STRUCTURED-DATA, MSG.
 *
 * rfc3164 is the loose BSD form that syslogd, rsyslog and syslog-ng
 * write to files: an optional <PRI>, a stamp ("Feb 22 03:58:12", local
 * and yearless; a year or fraction may follow or lead, as NX-OS
 * writes "2024 Feb 22 03:58:12"; or rsyslog's RFC 3339 stamp with its
 * offset), a host, a tag ("sshd[12]:",
 * "sshd(pam_unix)[12]:", "kernel:").  The host is the first word after
 * the stamp unless that word is shaped like a tag (ends in ':' and has
 * no other ':', or ends in "]:") or is a Cisco code: then the line has
 * no host, as some BSD syslogds write it.
 *
 * Cisco IOS messages ("%LINK-3-UPDOWN: ...") are recognised in either
 * form and in a line that is only the device's own output
 * ("*Mar  1 18:46:11.123 UTC: %SYS-5-CONFIG_I: ...", optionally after
 * a sequence number).  Their severity digit overrides the PRI; the code
 * is kept whole in ios= so "grep ios=LINK-3" finds it.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define LIT(s)	(s), (sizeof(s) - 1)

static const struct wake_str facnames[24] = {
	{ LIT("kern") }, { LIT("user") }, { LIT("mail") }, { LIT("daemon") },
	{ LIT("auth") }, { LIT("syslog") }, { LIT("lpr") }, { LIT("news") },
	{ LIT("uucp") }, { LIT("cron") }, { LIT("authpriv") }, { LIT("ftp") },
	{ LIT("ntp") }, { LIT("security") }, { LIT("console") },
	{ LIT("solaris-cron") },
	{ LIT("local0") }, { LIT("local1") }, { LIT("local2") },
	{ LIT("local3") }, { LIT("local4") }, { LIT("local5") },
	{ LIT("local6") }, { LIT("local7") },
};

/* What a line yields before its time is resolved. */
struct sysl {
	int		 pri;		/* -1: none */
	int		 iossev;	/* -1: no Cisco code */
	struct wake_str	 host, app, sub, pid, msgid, seq, devts, ios, msg;
};

static const char why_nomem[] = "out of memory";

static inline int
isdig(int c)
{
	return (unsigned)c - '0' < 10;
}

static inline int
isupper_(int c)
{
	return (unsigned)c - 'A' < 26;
}

/* Bytes of a Cisco code: upper-case letters, digits, '_'. */
static inline int
iscode(int c)
{
	return isupper_(c) || isdig(c) || c == '_';
}

/*
 * "<PRI>" at p, 0..191.  strict (RFC 5424) refuses leading zeros.
 * Returns bytes read, or 0 when malformed.
 */
static size_t
pri_scan(const char *p, const char *e, int strict, int *pri)
{
	const char *q = p + 1;
	int v = 0;

	while (q < e && isdig((unsigned char)*q) && q - p <= 3)
		v = v * 10 + (*q++ - '0');
	if (q == p + 1 || q == e || *q != '>' || v > 191)
		return 0;
	if (strict && p[1] == '0' && q - p > 2)
		return 0;
	*pri = v;
	return (size_t)(q + 1 - p);
}

/*
 * A Cisco message code at p: '%', facility (maybe several '-' parts, as
 * in "C6KPWR-SP"), '-', severity 0-7, '-', mnemonic, then ':' (IOS XR
 * puts a space before it).  Returns the code's length without '%' and
 * the colon, 0 when p holds none; *sev gets the digit, *next where the
 * text after the colon begins.
 */
static size_t
ios_code(const char *p, const char *e, int *sev, const char **next)
{
	const char *q, *d1 = NULL, *d2 = NULL, *end;

	if (e - p < 7 || p[0] != '%' || !isupper_((unsigned char)p[1]))
		return 0;
	for (q = p + 2; q < e && q - p < 96; q++) {
		if (*q == '-') {
			d2 = d1;
			d1 = q;
		} else if (!iscode((unsigned char)*q))
			break;
	}
	end = q;
	if (q < e && *q == ' ')
		q++;
	if (q == e || *q != ':' || d1 == NULL || d2 == NULL)
		return 0;
	/* d2 '-' digit d1 '-' mnemonic */
	if (d1 - d2 != 2 || d2[1] < '0' || d2[1] > '7' || end - d1 < 2)
		return 0;
	*sev = d2[1] - '0';
	*next = q + 1;
	return (size_t)(end - (p + 1));
}

/*
 * Look for a Cisco code in msg.  A short prefix before it that ends in
 * ": " is the device's own stamp (or uptime) when the line had no
 * program tag: it goes to devts and msg then starts at '%'.
 */
static void
ios_find(struct sysl *s, int strip)
{
	const char *p = s->msg.p, *e = p + s->msg.n, *q, *next;
	size_t k;
	int sev;

	for (q = p; q < e && (q = memchr(q, '%', (size_t)(e - q))) != NULL;
	    q++) {
		if ((k = ios_code(q, e, &sev, &next)) == 0)
			continue;
		s->ios.p = q + 1;
		s->ios.n = k;
		s->iossev = sev;
		if (strip && q != p && q - p <= 64 && q - p >= 3 &&
		    q[-1] == ' ' && q[-2] == ':' && s->devts.n == 0) {
			s->devts.p = p;
			s->devts.n = (size_t)(q - 2 - p);
			s->msg.p = q;
			s->msg.n = (size_t)(e - q);
		}
		return;
	}
}

/* After a stamp scanned by wake_time_scan, a fraction it left. */
static const char *
frac_scan(const char *p, const char *e, struct wake_tm *tm)
{
	const char *q;
	int32_t ns = 0, mul = 100000000;

	if (p + 1 >= e || *p != '.' || !isdig((unsigned char)p[1]))
		return p;
	for (q = p + 1; q < e && isdig((unsigned char)*q); q++) {
		ns += (*q - '0') * mul;
		mul /= 10;
	}
	if (tm->nsec == 0)
		tm->nsec = ns;
	return q;
}

#define STAMP_MASK	(WAKE_TL_RFC3164 | WAKE_TL_RFC3164Y | WAKE_TL_ISO8601)

/*
 * A stamp at p.  ISO 8601 is taken only as RFC 3339 ('T' and an offset,
 * as rsyslog and syslog-ng write it): a zone-less "2024-02-22 03:58:12"
 * line is an application log, not syslog.  Returns where the stamp
 * ends, or NULL with *why set to the reason.
 */
static const char *
stamp_scan(const char *p, const char *e, struct wake_tm *tm,
    const char **why)
{
	unsigned layout = 0;
	size_t k;

	*why = NULL;
	/* Every layout we take starts with a month name or a year. */
	if (p == e ||
	    !(isupper_((unsigned char)*p) || isdig((unsigned char)*p)))
		return NULL;
	/* NX-OS puts the year first: "2024 Feb 22 03:58:12". */
	if (e - p > 5 && p[4] == ' ' && isupper_((unsigned char)p[5]) &&
	    isdig((unsigned char)p[0]) && isdig((unsigned char)p[1]) &&
	    isdig((unsigned char)p[2]) && isdig((unsigned char)p[3])) {
		k = wake_time_scan(p + 5, (size_t)(e - p - 5), WAKE_TL_RFC3164,
		    tm, &layout);
		if (k == 0) {
			*why = "timestamp is not a valid date and time";
			return NULL;
		}
		tm->year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 +
		    (p[2] - '0') * 10 + (p[3] - '0');
		return frac_scan(p + 5 + k, e, tm);
	}
	k = wake_time_scan(p, (size_t)(e - p), STAMP_MASK, tm, &layout);
	if (k == 0) {
		/* "Feb 30 ..." or "2024-13-01...": say so. */
		if ((e - p >= 4 && p[3] == ' ' && isupper_((unsigned char)*p) &&
		    (unsigned)p[1] - 'a' < 26 && (unsigned)p[2] - 'a' < 26) ||
		    (e - p >= 5 && isdig((unsigned char)p[0]) &&
		    isdig((unsigned char)p[1]) && isdig((unsigned char)p[2]) &&
		    isdig((unsigned char)p[3]) && p[4] == '-'))
			*why = "timestamp is not a valid date and time";
		return NULL;
	}
	if (layout == WAKE_TL_ISO8601 &&
	    (k < 11 || p[10] != 'T' || !tm->has_off)) {
		*why = "ISO timestamp without 'T' and a UTC offset "
		    "(an application log?)";
		return NULL;
	}
	return frac_scan(p + k, e, tm);
}

/* "412: " at p: a Cisco sequence number.  Returns where it ends. */
static const char *
seq_scan(const char *p, const char *e, struct wake_str *seq)
{
	const char *q = p;

	while (q < e && isdig((unsigned char)*q) && q - p < 20)
		q++;
	if (q == p || q + 1 >= e || q[0] != ':' || q[1] != ' ')
		return p;
	seq->p = p;
	seq->n = (size_t)(q - p);
	return q + 2;
}

/*
 * The tag at p: "name:", "name[pid]:", "name(sub)[pid]:", ":" (none,
 * as Cisco ASA writes it), or "412:" (a Cisco sequence number).  The
 * colon must end the word.  Returns where the message starts: p itself
 * when p holds no tag.
 */
static const char *
tag_scan(const char *p, const char *e, struct sysl *s)
{
	static const unsigned char stop[256] = {
		[' '] = 1, [':'] = 1, ['['] = 1, ['('] = 1
	};
	const char *q = p, *ne, *ss = NULL, *se = NULL, *ps = NULL, *pe = NULL;
	const char *lim = e - p > 128 ? p + 128 : e;
	int alldig;

	while (q < lim && !stop[(unsigned char)*q])
		q++;
	ne = q;
	for (alldig = 1, q = p; q < ne && alldig; q++)
		alldig = isdig((unsigned char)*q);
	q = ne;
	if (q < e && *q == '(' && q != p) {
		ss = ++q;
		while (q < e && *q != ')' && *q != ' ' && q - ss < 64)
			q++;
		if (q == e || *q != ')')
			return p;
		se = q++;
	}
	if (q < e && *q == '[' && q != p) {
		ps = ++q;
		while (q < e && *q != ']' && *q != ' ' && q - ps < 64)
			q++;
		if (q == e || *q != ']')
			return p;
		pe = q++;
	}
	if (q == e || *q != ':' || (q + 1 < e && q[1] != ' '))
		return p;
	q++;
	if (ne == p) {
		/* A bare ':' is an empty tag. */
	} else if (alldig && ss == NULL && ps == NULL) {
		s->seq.p = p;
		s->seq.n = (size_t)(ne - p);
	} else {
		s->app.p = p;
		s->app.n = (size_t)(ne - p);
		if (ss != NULL) {
			s->sub.p = ss;
			s->sub.n = (size_t)(se - ss);
		}
		if (ps != NULL) {
			s->pid.p = ps;
			s->pid.n = (size_t)(pe - ps);
		}
	}
	if (q < e && *q == ' ')
		q++;
	return q;
}

/* Is the word [p, we) a tag rather than a host? */
static int
tag_shaped(const char *p, const char *we)
{
	if (we == p || we[-1] != ':')
		return 0;
	if (we - p >= 2 && we[-2] == ']')
		return 1;
	return memchr(p, ':', (size_t)(we - 1 - p)) == NULL;
}

static int
put(struct wake_event *ev, const char *k, size_t kn, struct wake_str v)
{
	return wake_event_attr_ref(ev, k, kn, v.p, v.n);
}

/* Fill ev from s and tm.  Returns WK_EVENT or WK_NOMATCH. */
static int
emit(struct wk_pctx *c, const struct sysl *s, const struct wake_tm *tm,
    struct wake_event *ev, const char **why)
{
	wake_time_t ts;
	int rc = WAKE_OK;

	if (wk_resolve(c, tm, &ts) != WAKE_OK) {
		*why = "timestamp out of range";
		return WK_NOMATCH;
	}
	ev->ts = ts;
	ev->host = s->host;
	ev->kind = WAKE_KIND_LOG;
	ev->msg = s->msg;
	if (s->iossev >= 0)
		ev->sev = s->iossev;
	else if (s->pri >= 0)
		ev->sev = s->pri & 7;
	else
		ev->sev = WAKE_SEV_NONE;
	if (s->pri >= 0)
		rc |= put(ev, LIT("facility"), facnames[s->pri >> 3]);
	if (s->app.n != 0)
		rc |= put(ev, LIT("app"), s->app);
	if (s->sub.n != 0)
		rc |= put(ev, LIT("sub"), s->sub);
	if (s->pid.n != 0)
		rc |= put(ev, LIT("pid"), s->pid);
	if (s->msgid.n != 0)
		rc |= put(ev, LIT("msgid"), s->msgid);
	if (s->seq.n != 0)
		rc |= put(ev, LIT("seq"), s->seq);
	if (s->devts.n != 0)
		rc |= put(ev, LIT("device_ts"), s->devts);
	if (s->ios.n != 0)
		rc |= put(ev, LIT("ios"), s->ios);
	if (rc != WAKE_OK) {
		*why = why_nomem;
		return WK_NOMATCH;
	}
	return WK_EVENT;
}

/*
 * Only what is read unconditionally is set: a field's p is read when
 * its n is not 0.  (A memset of the whole struct was a tenth of the
 * time of a line.)
 */
static inline void
sysl_init(struct sysl *s)
{
	s->pri = -1;
	s->iossev = -1;
	s->host.p = NULL;
	s->host.n = 0;
	s->app.n = 0;
	s->sub.n = 0;
	s->pid.n = 0;
	s->msgid.n = 0;
	s->seq.n = 0;
	s->devts.n = 0;
	s->ios.n = 0;
	s->msg.p = NULL;
	s->msg.n = 0;
}

/*
 * After a stamp at r: does the line go on as the device-only Cisco form,
 * "stamp: msg" or "stamp ZONE: msg"?  A zone word is taken only when
 * the stamp was marked (by a sequence number, '*' or '.') or a Cisco
 * code follows, so "Feb 22 03:58:12 CRON: ..." stays a tagged line
 * without host.  Returns where the message starts, or NULL.
 */
static const char *
dev_tail(const char *r, const char *e, struct wake_tm *tm, int marked)
{
	const char *z, *next;
	int sev;

	if (r == e)
		return NULL;
	if (*r == ' ') {
		for (z = r + 1; z < e && isupper_((unsigned char)*z) &&
		    z - r <= 6; z++)
			;
		if (z - r < 3 || z == e || *z != ':')
			return NULL;
		if (!marked && (z + 2 >= e || z[1] != ' ' ||
		    ios_code(z + 2, e, &sev, &next) == 0))
			return NULL;
		if (!tm->has_off && (wk_streq(r + 1, (size_t)(z - r - 1),
		    "UTC") || wk_streq(r + 1, (size_t)(z - r - 1), "GMT") ||
		    wk_streq(r + 1, (size_t)(z - r - 1), "UT"))) {
			tm->has_off = 1;
			tm->off = 0;
		}
		r = z;
	} else if (*r != ':')
		return NULL;
	r++;
	if (r < e && *r == ' ')
		r++;
	return r;
}

static int
parse_rfc3164(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	const char *p = line, *e = line + n, *q, *we;
	struct wake_str seq2;
	struct wake_tm tm;
	struct sysl s;
	size_t k;
	int marked;

	sysl_init(&s);
	if (p < e && *p == '<') {
		if ((k = pri_scan(p, e, 0, &s.pri)) == 0) {
			*why = "bad '<PRI>' (want <0> to <191>)";
			return WK_NOMATCH;
		}
		p += k;
	}
	/* Cisco: "412: 000023: *Mar  1 18:46:11.123 UTC: %SYS-5-..." */
	q = p;
	if (q < e && isdig((unsigned char)*q)) {
		q = seq_scan(q, e, &s.seq);
		q = seq_scan(q, e, &seq2);
	}
	marked = q != p;
	if (q < e && (*q == '*' || *q == '.')) {
		q++;
		marked = 1;
	}
	if ((q = stamp_scan(q, e, &tm, why)) == NULL) {
		if (*why == NULL)
			*why = marked ? "Cisco sequence number or '*' without "
			    "a stamp" : s.pri < 0 ? "no '<PRI>' and no "
			    "timestamp at column 1" : "no timestamp after "
			    "'<PRI>'";
		return WK_NOMATCH;
	}
	if ((we = dev_tail(q, e, &tm, marked)) != NULL) {
		s.msg.p = we;
		s.msg.n = (size_t)(e - we);
		ios_find(&s, 0);
		return emit(c, &s, &tm, ev, why);
	}
	if (marked) {
		*why = "Cisco device stamp not followed by ':'";
		return WK_NOMATCH;
	}
	if (q < e && *q != ' ') {
		*why = "no space after the timestamp";
		return WK_NOMATCH;
	}
	while (q < e && *q == ' ')
		q++;
	/* The first word: host, or tag / Cisco code when shaped so. */
	if ((we = memchr(q, ' ', (size_t)(e - q))) == NULL)
		we = e;
	if (q < e && *q == '%') {
		/* No host, no tag: the code itself. */
	} else if (tag_shaped(q, we)) {
		q = tag_scan(q, e, &s);
	} else {
		s.host.p = q;
		s.host.n = (size_t)(we - q);
		q = we;
		while (q < e && *q == ' ')
			q++;
		if (q < e && *q != '%')
			q = tag_scan(q, e, &s);
	}
	/* Cisco "service sequence-numbers" after the syslog counter. */
	if (s.seq.n != 0)
		q = seq_scan(q, e, &seq2);
	s.msg.p = q;
	s.msg.n = (size_t)(e - q);
	ios_find(&s, s.app.n == 0);
	return emit(c, &s, &tm, ev, why);
}

/* ---- RFC 5424 ---- */

/* SD-NAME bytes: printable US-ASCII but '=', ' ', ']', '"'. */
static inline int
issdname(int c)
{
	return c > 32 && c < 127 && c != '=' && c != ']' && c != '"';
}

#define SDNAME_MAX	32

/*
 * Add one SD-PARAM: key "SDID.PARAM", value with \" \\ \] unescaped
 * (other backslashes stay, as the RFC says).
 */
static int
sd_attr(struct wake_event *ev, const char *id, size_t idn, const char *nm,
    size_t nmn, const char *v, size_t vn, int esc)
{
	char kbuf[2 * SDNAME_MAX + 1], vbuf[512], *vb;
	const char *key;
	size_t i, m;
	int rc;

	memcpy(kbuf, id, idn);
	kbuf[idn] = '.';
	memcpy(kbuf + idn + 1, nm, nmn);
	if ((key = wake_event_store(ev, kbuf, idn + 1 + nmn)) == NULL)
		return WAKE_ERR_NOMEM;
	if (!esc)
		return wake_event_attr_ref(ev, key, idn + 1 + nmn, v, vn);
	vb = vn <= sizeof(vbuf) ? vbuf : malloc(vn);
	if (vb == NULL)
		return WAKE_ERR_NOMEM;
	for (i = m = 0; i < vn; i++) {
		if (v[i] == '\\' && i + 1 < vn &&
		    (v[i + 1] == '"' || v[i + 1] == '\\' || v[i + 1] == ']'))
			i++;
		vb[m++] = v[i];
	}
	rc = wake_event_attr(ev, key, idn + 1 + nmn, vb, m);
	if (vb != vbuf)
		free(vb);
	return rc;
}

/*
 * STRUCTURED-DATA at p ('[' ...).  With ev NULL only checks it.
 * Returns where it ends, or NULL when malformed (*why set).
 */
static const char *
sd_scan(const char *p, const char *e, struct wake_event *ev,
    const char **why)
{
	const char *id, *nm, *v, *q;
	size_t idn, nmn;
	int esc;

	while (p < e && *p == '[') {
		for (id = q = p + 1; q < e && issdname((unsigned char)*q); q++)
			;
		idn = (size_t)(q - id);
		if (idn == 0 || idn > SDNAME_MAX) {
			*why = "bad SD-ID in STRUCTURED-DATA";
			return NULL;
		}
		while (q < e && *q == ' ') {
			for (nm = ++q; q < e && issdname((unsigned char)*q);
			    q++)
				;
			nmn = (size_t)(q - nm);
			if (nmn == 0 || nmn > SDNAME_MAX || e - q < 2 ||
			    q[0] != '=' || q[1] != '"') {
				*why = "bad SD-PARAM (want name=\"value\")";
				return NULL;
			}
			v = q += 2;
			esc = 0;
			while (q < e && *q != '"') {
				if (*q == '\\' && q + 1 < e) {
					esc = 1;
					q++;
				}
				q++;
			}
			if (q >= e) {
				*why = "unterminated SD-PARAM value";
				return NULL;
			}
			if (ev != NULL && sd_attr(ev, id, idn, nm, nmn, v,
			    (size_t)(q - v), esc) != WAKE_OK) {
				*why = why_nomem;
				return NULL;
			}
			q++;
		}
		if (q == e || *q != ']') {
			*why = "SD-ELEMENT not closed by ']'";
			return NULL;
		}
		p = q + 1;
	}
	return p;
}

/* The next header field: a non-empty word then one space. */
static const char *
field(const char *p, const char *e, struct wake_str *f)
{
	const char *q;

	if ((q = memchr(p, ' ', (size_t)(e - p))) == NULL || q == p)
		return NULL;
	f->p = p;
	f->n = (size_t)(q - p);
	return q + 1;
}

static int
nil(const struct wake_str *f)
{
	return f->n == 1 && f->p[0] == '-';
}

static int
parse_rfc5424(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	const char *p = line, *e = line + n, *sd;
	struct wake_str tsf, hf, af, pf, mf;
	struct wake_tm tm;
	struct sysl s;
	unsigned layout = 0;
	size_t k;
	int rc;

	sysl_init(&s);
	if (p == e || *p != '<') {
		*why = "expected '<PRI>' at column 1";
		return WK_NOMATCH;
	}
	if ((k = pri_scan(p, e, 1, &s.pri)) == 0) {
		*why = "bad '<PRI>' (want <0> to <191>)";
		return WK_NOMATCH;
	}
	p += k;
	if (e - p < 2 || p[0] != '1' || p[1] != ' ') {
		*why = "VERSION after '<PRI>' is not 1";
		return WK_NOMATCH;
	}
	p += 2;
	if ((p = field(p, e, &tsf)) == NULL) {
		*why = "no TIMESTAMP field";
		return WK_NOMATCH;
	}
	if (nil(&tsf)) {
		*why = "TIMESTAMP is '-': no time for the event";
		return WK_NOMATCH;
	}
	k = wake_time_scan(tsf.p, tsf.n, WAKE_TL_ISO8601, &tm, &layout);
	if (k != tsf.n || tsf.n < 20 || tsf.p[10] != 'T' || !tm.has_off) {
		*why = "TIMESTAMP is not a valid RFC 3339 time with 'T' and "
		    "an offset";
		return WK_NOMATCH;
	}
	if ((p = field(p, e, &hf)) == NULL ||
	    (p = field(p, e, &af)) == NULL ||
	    (p = field(p, e, &pf)) == NULL ||
	    (p = field(p, e, &mf)) == NULL || p == e) {
		*why = "HOSTNAME APP-NAME PROCID MSGID not all there";
		return WK_NOMATCH;
	}
	if (*p == '-')
		sd = p + 1;
	else if (*p != '[' || (sd = sd_scan(p, e, NULL, why)) == NULL) {
		if (*p != '[')
			*why = "STRUCTURED-DATA is neither '-' nor '['";
		return WK_NOMATCH;
	}
	if (sd < e && *sd != ' ') {
		*why = "no space after STRUCTURED-DATA";
		return WK_NOMATCH;
	}
	if (!nil(&hf))
		s.host = hf;
	if (!nil(&af))
		s.app = af;
	if (!nil(&pf))
		s.pid = pf;
	if (!nil(&mf))
		s.msgid = mf;
	s.msg.p = sd < e ? sd + 1 : e;
	s.msg.n = (size_t)(e - s.msg.p);
	if (s.msg.n >= 3 && memcmp(s.msg.p, "\xef\xbb\xbf", 3) == 0) {
		s.msg.p += 3;
		s.msg.n -= 3;
	}
	ios_find(&s, 0);
	if ((rc = emit(c, &s, &tm, ev, why)) != WK_EVENT)
		return rc;
	if (*p == '[' && sd_scan(p, e, ev, why) == NULL)
		return WK_NOMATCH;
	return WK_EVENT;
}

const struct wk_format wk_fmt_rfc5424 = {
	"rfc5424",
	"syslog RFC 5424: <PRI>1 RFC 3339 stamp, host, app, structured data",
	0, NULL, NULL, NULL, parse_rfc5424, NULL, NULL
};

const struct wk_format wk_fmt_rfc3164 = {
	"rfc3164",
	"BSD syslog as syslogd/rsyslog/syslog-ng files hold it, Cisco IOS",
	0, NULL, NULL, NULL, parse_rfc3164, NULL, NULL
};
