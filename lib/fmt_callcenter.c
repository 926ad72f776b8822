/*
 * Asterisk call-center logs: queue_log and CDR CSV (Master.csv).
 *
 * queue_log: `epoch|uniqueid|queue|agent|EVENT|data1|data2|...`, one
 * line per queue event.  Each line is a call event (kind call): call=,
 * queue=, agent= (left out when "NONE" or empty), event= normalised
 *
 *	enter		ENTERQUEUE
 *	answer		CONNECT
 *	complete	COMPLETECALLER COMPLETEAGENT
 *	abandon		ABANDON
 *	timeout		EXITWITHTIMEOUT
 *	exit		EXITWITHKEY EXITEMPTY LEAVEEMPTY JOINEMPTY
 *			JOINUNAVAIL LEAVEUNAVAIL AGENTDUMP SYSCOMPAT
 *	ringnoanswer	RINGNOANSWER RINGCANCELED
 *	transfer	TRANSFER BLINDTRANSFER ATTENDEDTRANSFER
 *	agent		AGENTLOGIN AGENTLOGOFF AGENTCALLBACKLOGIN/LOGOFF
 *			ADDMEMBER REMOVEMEMBER PAUSE UNPAUSE PAUSEALL
 *			UNPAUSEALL PAUSECUSTOM
 *	system		QUEUESTART CONFIGRELOAD
 *	other		DID INFO and names this table does not know
 *
 * and qevent= the name as written.  The data fields are named after
 * app_queue.c: wait= (hold time, s), talk= (s), ring= (s; RINGNOANSWER
 * writes ms, turned into s), position=, origposition=, caller= (the
 * caller id of ENTERQUEUE: personal data, for wake-redact), key=,
 * extension=, context=, bridged=, channel=, logintime=, reason=, did=;
 * an ATTENDEDTRANSFER's method= and target= come before its last three
 * fields (hold, talk, position).  Fields a known event does not name,
 * and all fields of an unknown one, are data1=, data2=, ... by place.
 * host is the agent, else the queue.  Severity: notice for the calls
 * the queue lost (abandon, timeout, exit), info for the rest.  msg is
 * short: "ENTERQUEUE support caller 0355501234 position 3".
 *
 * cdr: the CSV records of cdr_csv (Master.csv, no header):
 *
 *	accountcode,src,dst,dcontext,clid,channel,dstchannel,lastapp,
 *	lastdata,start,answer,end,duration,billsec,disposition,amaflags
 *	[,uniqueid][,userfield][,peeraccount,linkedid,sequence]
 *
 * Quoting or not, the columns are found by their shapes: a disposition
 * word (ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION) after two whole
 * numbers (duration, billsec) after three times (start, answer which
 * may be empty, end).  Nine columns before start are the order above;
 * eight are the default Master.csv mapping of cdr_custom (clid,src,dst,
 * dcontext,channel,dstchannel,lastapp,lastdata before, accountcode,
 * uniqueid,userfield,sequence after amaflags); other columns are colN=.
 * A header line naming disposition and start (or calldate) maps the
 * columns by name instead; its other columns keep their names.  One event per call at its start, in c->tz
 * (Asterisk writes local time): kind call, attrs call= (the uniqueid,
 * which queue_log calls the call too), disposition=, src=, dst=,
 * clid=, duration=, billsec=, talk= (billsec when answered), wait=
 * (duration - billsec), then the other non-empty columns.  host is the
 * device of dstchannel ("SIP/1001-0000002a" -> "SIP/1001").  Severity:
 * info ANSWERED, notice NO ANSWER and BUSY, warn FAILED and CONGESTION
 * (the network did not carry the call).
 *
 * Both take '#' lines as comments.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MSG_MAX		512	/* bytes of a made-up msg */

static int
isdig(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
all_digits(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdig((unsigned char)p[i]))
			return 0;
	return n > 0;
}

/* A msg under construction, cut at MSG_MAX. */
struct mbuf {
	char	b[MSG_MAX];
	size_t	n;
};

static void
madd(struct mbuf *m, const char *p, size_t n)
{
	n = WK_MIN(n, sizeof(m->b) - m->n);
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void
maddz(struct mbuf *m, const char *s)
{
	madd(m, s, strlen(s));
}

/* " word value" (with "s" after a number of seconds). */
static void
mword(struct mbuf *m, const char *word, const char *v, size_t vn, int secs)
{
	maddz(m, " ");
	maddz(m, word);
	maddz(m, " ");
	madd(m, v, vn);
	if (secs && all_digits(v, vn))
		maddz(m, "s");
}

static int
set_msg(struct wake_event *ev, const struct mbuf *m)
{
	const char *q;

	if ((q = wake_event_store(ev, m->b, m->n)) == NULL)
		return WAKE_ERR_NOMEM;
	ev->msg.p = q;
	ev->msg.n = m->n;
	return WAKE_OK;
}

static int
attr(struct wake_event *ev, const char *k, const char *v, size_t vn)
{
	if (vn == 0)
		return WAKE_OK;
	return wake_event_attr_ref(ev, k, strlen(k), v, vn);
}

/* ---- queue_log ---- */

#define QL_FIELDS	32	/* '|' fields a line may have */

enum {
	Q_ENTER, Q_ANSWER, Q_COMPLETE, Q_ABANDON, Q_TIMEOUT, Q_EXIT, Q_RNA,
	Q_TRANSFER, Q_AGENT, Q_SYSTEM, Q_OTHER
};

static const char *const qnorm[] = {
	"enter", "answer", "complete", "abandon", "timeout", "exit",
	"ringnoanswer", "transfer", "agent", "system", "other"
};

/* What a data field holds. */
enum {
	D_DATA, D_URL, D_CALLER, D_POS, D_ORIGPOS, D_WAIT, D_TALK, D_RING,
	D_RINGMS, D_BRIDGED, D_KEY, D_EXTEN, D_CONTEXT, D_CHANNEL, D_LOGIN,
	D_REASON, D_DID, D_XFER	/* ATTENDEDTRANSFER: see ql_xfer() */
};

static const struct {
	const char	*key;	/* attr */
	const char	*word;	/* in msg; NULL: not there */
	int		 secs;
} dfield[] = {
	[D_DATA] = { NULL, NULL, 0 },
	[D_URL] = { "url", NULL, 0 },
	[D_CALLER] = { "caller", "caller", 0 },
	[D_POS] = { "position", "position", 0 },
	[D_ORIGPOS] = { "origposition", NULL, 0 },
	[D_WAIT] = { "wait", "wait", 1 },
	[D_TALK] = { "talk", "talk", 1 },
	[D_RING] = { "ring", "ring", 1 },
	[D_RINGMS] = { "ring", "ring", 0 },
	[D_BRIDGED] = { "bridged", NULL, 0 },
	[D_KEY] = { "key", "key", 0 },
	[D_EXTEN] = { "extension", "to", 0 },
	[D_CONTEXT] = { "context", NULL, 0 },
	[D_CHANNEL] = { "channel", "channel", 0 },
	[D_LOGIN] = { "logintime", "after", 1 },
	[D_REASON] = { "reason", "reason", 0 },
	[D_DID] = { "did", "did", 0 },
	[D_XFER] = { NULL, NULL, 0 },
};

#define QD	5	/* data fields a table entry names */

static const struct qev {
	const char	*name;
	unsigned char	 norm;
	unsigned char	 d[QD];
} qevs[] = {
	{ "ABANDON", Q_ABANDON, { D_POS, D_ORIGPOS, D_WAIT } },
	{ "ADDMEMBER", Q_AGENT, { 0 } },
	{ "AGENTCALLBACKLOGIN", Q_AGENT, { D_EXTEN } },
	{ "AGENTCALLBACKLOGOFF", Q_AGENT, { D_EXTEN, D_LOGIN, D_REASON } },
	{ "AGENTDUMP", Q_EXIT, { 0 } },
	{ "AGENTLOGIN", Q_AGENT, { D_CHANNEL } },
	{ "AGENTLOGOFF", Q_AGENT, { D_CHANNEL, D_LOGIN } },
	{ "ATTENDEDTRANSFER", Q_TRANSFER, { D_XFER } },
	{ "BLINDTRANSFER", Q_TRANSFER,
	    { D_EXTEN, D_CONTEXT, D_WAIT, D_TALK, D_ORIGPOS } },
	{ "COMPLETEAGENT", Q_COMPLETE, { D_WAIT, D_TALK, D_ORIGPOS } },
	{ "COMPLETECALLER", Q_COMPLETE, { D_WAIT, D_TALK, D_ORIGPOS } },
	{ "CONFIGRELOAD", Q_SYSTEM, { 0 } },
	{ "CONNECT", Q_ANSWER, { D_WAIT, D_BRIDGED, D_RING } },
	{ "DID", Q_OTHER, { D_DID } },
	{ "ENTERQUEUE", Q_ENTER, { D_URL, D_CALLER, D_POS } },
	{ "EXITEMPTY", Q_EXIT, { D_POS, D_ORIGPOS, D_WAIT } },
	{ "EXITWITHKEY", Q_EXIT, { D_KEY, D_POS, D_ORIGPOS, D_WAIT } },
	{ "EXITWITHTIMEOUT", Q_TIMEOUT, { D_POS, D_ORIGPOS, D_WAIT } },
	{ "INFO", Q_OTHER, { 0 } },
	{ "JOINEMPTY", Q_EXIT, { 0 } },
	{ "JOINUNAVAIL", Q_EXIT, { 0 } },
	{ "LEAVEEMPTY", Q_EXIT, { D_POS, D_ORIGPOS, D_WAIT } },
	{ "LEAVEUNAVAIL", Q_EXIT, { D_POS, D_ORIGPOS, D_WAIT } },
	{ "PAUSE", Q_AGENT, { D_REASON } },
	{ "PAUSEALL", Q_AGENT, { D_REASON } },
	{ "PAUSECUSTOM", Q_AGENT, { D_REASON } },
	{ "QUEUESTART", Q_SYSTEM, { 0 } },
	{ "REMOVEMEMBER", Q_AGENT, { 0 } },
	{ "RINGCANCELED", Q_RNA, { D_RINGMS } },
	{ "RINGNOANSWER", Q_RNA, { D_RINGMS } },
	{ "SYSCOMPAT", Q_EXIT, { 0 } },
	{ "TRANSFER", Q_TRANSFER,
	    { D_EXTEN, D_CONTEXT, D_WAIT, D_TALK, D_ORIGPOS } },
	{ "UNPAUSE", Q_AGENT, { D_REASON } },
	{ "UNPAUSEALL", Q_AGENT, { D_REASON } },
};

static const struct qev *
ql_lookup(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < WK_NELEM(qevs); i++)
		if (qevs[i].name[0] == p[0] && wk_streq(p, n, qevs[i].name))
			return &qevs[i];
	return NULL;
}

/* A queue, agent or call field that holds something. */
static int
present(const struct wake_str *s)
{
	return s->n > 0 && !wk_streq(s->p, s->n, "NONE");
}

/* Decimal digits of v at the end of out[0..*i). */
static void
putnum(char *out, size_t *i, uint64_t v)
{
	do {
		out[--*i] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
}

/* Milliseconds as seconds: "1500" -> "1.5"; out has room for 24. */
static size_t
ms_to_s(const char *p, size_t n, char *out)
{
	char tmp[24];
	uint64_t v = 0, frac;
	size_t i, k = sizeof(tmp), o;

	if (!all_digits(p, n) || n > 15)
		return 0;
	for (i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(p[i] - '0');
	putnum(tmp, &k, v / 1000);
	o = sizeof(tmp) - k;
	memcpy(out, tmp + k, o);
	if ((frac = v % 1000) != 0) {
		out[o++] = '.';
		out[o++] = (char)('0' + frac / 100);
		out[o++] = (char)('0' + frac / 10 % 10);
		out[o++] = (char)('0' + frac % 10);
		while (out[o - 1] == '0')
			o--;
	}
	return o;
}

/* data<k>= for a field no name is known for. */
static int
ql_data(struct wake_event *ev, size_t k, const struct wake_str *v)
{
	char key[32];
	size_t i = sizeof(key);

	if (v->n == 0)
		return WAKE_OK;
	putnum(key, &i, k);
	i -= 4;
	memcpy(key + i, "data", 4);
	return wake_event_attr(ev, key + i, sizeof(key) - i, v->p, v->n);
}

static int
ql_field(struct wake_event *ev, struct mbuf *m, int what,
    const struct wake_str *v)
{
	char num[24];
	size_t k;

	if (v->n == 0)
		return WAKE_OK;
	if (what == D_RINGMS) {
		if ((k = ms_to_s(v->p, v->n, num)) > 0) {
			if (wake_event_attr(ev, "ring", 4, num, k) != WAKE_OK)
				return WAKE_ERR_NOMEM;
			mword(m, "ring", num, k, 0);
			maddz(m, "s");
			return WAKE_OK;
		}
		what = D_RING;
	}
	if (dfield[what].word != NULL)
		mword(m, dfield[what].word, v->p, v->n, dfield[what].secs);
	return attr(ev, dfield[what].key, v->p, v->n);
}

/*
 * ATTENDEDTRANSFER: method|target...|hold|talk|position, the target
 * being one or two fields (BRIDGE|id, APP|app|data, LINK|a|b).
 */
static int
ql_xfer(struct wake_event *ev, struct mbuf *m, const struct wake_str *d,
    size_t nd)
{
	static const unsigned char tail[3] = { D_WAIT, D_TALK, D_ORIGPOS };
	const char *t;
	size_t i, tn;
	int rc;

	if (nd < 4) {
		for (i = 0; i < nd; i++)
			if ((rc = ql_data(ev, i + 1, &d[i])) != WAKE_OK)
				return rc;
		return WAKE_OK;
	}
	if ((rc = attr(ev, "method", d[0].p, d[0].n)) != WAKE_OK)
		return rc;
	if (d[0].n > 0)
		mword(m, "by", d[0].p, d[0].n, 0);
	if (nd > 4) {
		/* The target's fields are adjacent in the line. */
		t = d[1].p;
		tn = (size_t)(d[nd - 4].p + d[nd - 4].n - t);
		if ((rc = attr(ev, "target", t, tn)) != WAKE_OK)
			return rc;
	}
	for (i = 0; i < 3; i++)
		if ((rc = ql_field(ev, m, tail[i], &d[nd - 3 + i])) !=
		    WAKE_OK)
			return rc;
	return WAKE_OK;
}

static int
ql_name_ok(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > 40)
		return 0;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') ||
		    isdig((unsigned char)p[i]) || p[i] == '_'))
			return 0;
	return p[0] >= 'A' && p[0] <= 'Z';
}

static int
ql_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	struct wake_str f[QL_FIELDS];
	struct wake_tm tm;
	struct mbuf m;
	const struct qev *q;
	const char *bar;
	size_t nf = 0, i, s = 0, e;
	int norm, rc;

	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (n > 0 && line[0] == '#')
		return WK_META;
	for (;;) {
		bar = memchr(line + s, '|', n - s);
		e = bar != NULL ? (size_t)(bar - line) : n;
		if (nf == QL_FIELDS) {
			*why = "more than 32 '|' fields";
			return WK_NOMATCH;
		}
		f[nf].p = line + s;
		f[nf++].n = e - s;
		if (bar == NULL)
			break;
		s = e + 1;
	}
	if (nf < 5) {
		*why = "expected TIME|CALL|QUEUE|AGENT|EVENT|...";
		return WK_NOMATCH;
	}
	if (wake_time_scan(f[0].p, f[0].n, WAKE_TL_EPOCH | WAKE_TL_ISO8601,
	    &tm, NULL) != f[0].n || wk_resolve(c, &tm, &ev->ts) != WAKE_OK) {
		*why = "field 1 is not epoch seconds";
		return WK_NOMATCH;
	}
	if (!ql_name_ok(f[4].p, f[4].n)) {
		*why = "field 5 is not an event name (ENTERQUEUE, ...)";
		return WK_NOMATCH;
	}
	q = ql_lookup(f[4].p, f[4].n);
	norm = q != NULL ? q->norm : Q_OTHER;
	ev->kind = WAKE_KIND_CALL;
	ev->sev = norm == Q_ABANDON || norm == Q_TIMEOUT || norm == Q_EXIT ?
	    WAKE_SEV_NOTICE : WAKE_SEV_INFO;
	if (present(&f[3]))
		ev->host = f[3];
	else if (present(&f[2]))
		ev->host = f[2];
	m.n = 0;
	madd(&m, f[4].p, f[4].n);
	if (present(&f[2])) {
		maddz(&m, " ");
		madd(&m, f[2].p, f[2].n);
	}
	if (present(&f[3]))
		mword(&m, "agent", f[3].p, f[3].n, 0);
	if ((present(&f[1]) && attr(ev, "call", f[1].p, f[1].n) != WAKE_OK) ||
	    (present(&f[2]) && attr(ev, "queue", f[2].p, f[2].n) != WAKE_OK) ||
	    (present(&f[3]) && attr(ev, "agent", f[3].p, f[3].n) != WAKE_OK) ||
	    attr(ev, "event", qnorm[norm], strlen(qnorm[norm])) != WAKE_OK ||
	    attr(ev, "qevent", f[4].p, f[4].n) != WAKE_OK)
		goto nomem;
	rc = WAKE_OK;
	if (q != NULL && q->d[0] == D_XFER)
		rc = ql_xfer(ev, &m, f + 5, nf - 5);
	else
		for (i = 5; i < nf && rc == WAKE_OK; i++)
			rc = q != NULL && i - 5 < QD && q->d[i - 5] != D_DATA ?
			    ql_field(ev, &m, q->d[i - 5], &f[i]) :
			    ql_data(ev, i - 4, &f[i]);
	if (rc != WAKE_OK || set_msg(ev, &m) != WAKE_OK)
		goto nomem;
	return WK_EVENT;
nomem:
	*why = "out of memory";
	return WK_NOMATCH;
}

const struct wk_format wk_fmt_queue_log = {
	"queue_log",
	"Asterisk queue_log (epoch|call|queue|agent|EVENT|data...)",
	WK_SNIFF_STRICT,
	NULL,
	NULL,
	NULL,
	ql_parse,
	NULL,
	NULL
};

/* ---- cdr ---- */

#define CDR_FIELDS	64

enum {
	C_ACCT, C_SRC, C_DST, C_DCTX, C_CLID, C_CHAN, C_DCHAN, C_LASTAPP,
	C_LASTDATA, C_START, C_ANSWER, C_END, C_DUR, C_BILL, C_DISP, C_AMA,
	C_UID, C_USERF, C_PEERACCT, C_LINKEDID, C_SEQ, C_N
};

static const char *const cname[C_N] = {
	"accountcode", "src", "dst", "dcontext", "clid", "channel",
	"dstchannel", "lastapp", "lastdata", "start", "answer", "end",
	"duration", "billsec", "disposition", "amaflags", "uniqueid",
	"userfield", "peeraccount", "linkedid", "sequence"
};

/* Order of the attrs (start is the time; uniqueid is call=). */
static const unsigned char corder[] = {
	C_DISP, C_SRC, C_DST, C_CLID, C_DUR, C_BILL, C_CHAN, C_DCHAN,
	C_DCTX, C_LASTAPP, C_LASTDATA, C_ANSWER, C_END, C_ACCT, C_AMA,
	C_USERF, C_PEERACCT, C_LINKEDID, C_SEQ
};

static const struct {
	const char	*word;
	int		 sev;
} dispos[] = {
	{ "ANSWERED", WAKE_SEV_INFO },
	{ "NO ANSWER", WAKE_SEV_NOTICE },
	{ "BUSY", WAKE_SEV_NOTICE },
	{ "FAILED", WAKE_SEV_WARN },
	{ "CONGESTION", WAKE_SEV_WARN },
};

/* Columns of the input: from a header, else from each line's shape. */
struct cdrstate {
	int		 have;
	int		 col[C_N];	/* -1: absent */
	struct wake_buf	 tmp;		/* unescaped values */
	struct wake_buf	 names;		/* other header names, as keys */
	size_t		 noff[CDR_FIELDS];
	unsigned char	 nlen[CDR_FIELDS];	/* 0: colN */
};

static void *
cdr_new(const void *data)
{
	(void)data;
	return calloc(1, sizeof(struct cdrstate));
}

static void
cdr_free(void *state)
{
	struct cdrstate *s = state;

	if (s == NULL)
		return;
	wake_buf_free(&s->tmp);
	wake_buf_free(&s->names);
	free(s);
}

static int
disposition(const struct wk_csvf *f)
{
	size_t i;

	for (i = 0; i < WK_NELEM(dispos); i++)
		if (!f->esc && wk_strcaseeq(f->p, f->n, dispos[i].word))
			return (int)i;
	return -1;
}

static int
is_stamp(const struct wk_csvf *f)
{
	struct wake_tm tm;

	return f->n == 19 && wake_time_scan(f->p, f->n, WAKE_TL_ISO8601, &tm,
	    NULL) == 19;
}

/* Place the columns of a line by its shape; -1 when it has none. */
static int
cdr_shape(const struct wk_csvf *f, size_t nf, int col[C_N])
{
	static const unsigned char std[] = { C_ACCT, C_SRC, C_DST, C_DCTX,
	    C_CLID, C_CHAN, C_DCHAN, C_LASTAPP, C_LASTDATA };
	static const unsigned char custom[] = { C_CLID, C_SRC, C_DST, C_DCTX,
	    C_CHAN, C_DCHAN, C_LASTAPP, C_LASTDATA };
	static const unsigned char ctail[] = { C_ACCT, C_UID, C_USERF, C_SEQ };
	size_t d, s, i, k;

	for (d = 5; d < nf; d++)
		if (disposition(&f[d]) >= 0 && all_digits(f[d - 1].p,
		    f[d - 1].n) && all_digits(f[d - 2].p, f[d - 2].n) &&
		    is_stamp(&f[d - 3]) && is_stamp(&f[d - 5]) &&
		    (f[d - 4].n == 0 || is_stamp(&f[d - 4])))
			break;
	if (d >= nf)
		return -1;
	for (i = 0; i < C_N; i++)
		col[i] = -1;
	s = d - 5;
	for (i = 0; i < 7; i++)
		col[C_START + i] = (int)(s + i);
	if (s == WK_NELEM(std)) {
		for (i = 0; i < s; i++)
			col[std[i]] = (int)i;
		/* uniqueid and userfield are each optional. */
		k = d + 2;
		if (k < nf && f[k].n > 0 && memchr(f[k].p, '.', f[k].n) !=
		    NULL && isdig((unsigned char)f[k].p[0]))
			col[C_UID] = (int)k++;
		if (k < nf)
			col[C_USERF] = (int)k++;
		for (i = 0; i < 3 && k < nf; i++)
			col[C_PEERACCT + i] = (int)k++;
	} else if (s == WK_NELEM(custom)) {
		for (i = 0; i < s; i++)
			col[custom[i]] = (int)i;
		for (i = 0, k = d + 2; i < WK_NELEM(ctail) && k < nf; i++)
			col[ctail[i]] = (int)k++;
	}
	return 0;
}

/* A header line: columns by name.  0 when the line is not one. */
static int
cdr_header(const struct wk_csvf *f, size_t nf, int col[C_N])
{
	size_t i, k;
	int named = 0;

	for (i = 0; i < C_N; i++)
		col[i] = -1;
	for (k = 0; k < nf; k++) {
		if (is_stamp(&f[k]))
			return 0;
		for (i = 0; i < C_N; i++)
			if (wk_strcaseeq(f[k].p, f[k].n, cname[i]))
				break;
		if (i == C_N && wk_strcaseeq(f[k].p, f[k].n, "calldate"))
			i = C_START;
		if (i < C_N && col[i] < 0) {
			col[i] = (int)k;
			named++;
		}
	}
	return col[C_DISP] >= 0 && col[C_START] >= 0 && named >= 3;
}

/* The device of a channel name: "SIP/1001-0000002a" -> "SIP/1001". */
static size_t
device(const char *p, size_t n)
{
	size_t i, j, hex = 0;

	for (i = n; i > 0 && p[i - 1] != '-'; i--)
		;
	if (i < 2)
		return n;
	for (j = i; j < n && p[j] != ';'; j++, hex++)
		if (!isdig((unsigned char)p[j]) &&
		    !(p[j] >= 'a' && p[j] <= 'f') &&
		    !(p[j] >= 'A' && p[j] <= 'F'))
			return n;
	if (j < n && !all_digits(p + j + 1, n - j - 1))
		return n;
	return hex >= 4 ? i - 1 : n;
}

/*
 * Keep the names of a header's other columns that make good keys
 * (letters, digits, '_'; lower case): FreePBX adds did, cnum, ...
 */
static void
cdr_names(struct cdrstate *s, const struct wk_csvf *f, size_t nf)
{
	size_t k, i;
	int ok, ch;

	s->names.n = 0;
	for (k = 0; k < nf; k++) {
		s->nlen[k] = 0;
		ok = f[k].n > 0 && f[k].n <= 32 && !f[k].esc;
		for (i = 0; ok && i < f[k].n; i++) {
			ch = (unsigned char)f[k].p[i];
			ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' &&
			    ch <= 'Z') || isdig(ch) || ch == '_';
		}
		if (!ok)
			continue;
		s->noff[k] = s->names.n;
		for (i = 0; i < f[k].n; i++) {
			ch = (unsigned char)f[k].p[i];
			if (wake_buf_putc(&s->names, ch >= 'A' && ch <= 'Z' ?
			    ch + 'a' - 'A' : ch) != WAKE_OK)
				return;
		}
		s->nlen[k] = (unsigned char)f[k].n;
	}
}

/* An attr for a column none of the known names is for. */
static int
cdr_col(struct cdrstate *s, struct wake_event *ev, size_t k,
    const struct wake_str *v)
{
	char key[32];
	size_t i = sizeof(key);

	if (s->have && s->nlen[k] > 0 && s->names.p != NULL)
		return wake_event_attr_ref(ev, s->names.p + s->noff[k],
		    s->nlen[k], v->p, v->n);
	putnum(key, &i, k + 1);
	i -= 3;
	memcpy(key + i, "col", 3);
	return wake_event_attr(ev, key + i, sizeof(key) - i, v->p, v->n);
}

static int
cdr_event(struct wk_pctx *c, struct cdrstate *s, const struct wk_csvf *f,
    size_t nf, const int col[C_N], struct wake_event *ev, const char **why)
{
	struct wake_buf *tmp = &s->tmp;
	struct wake_str v[C_N], w;
	struct wake_tm tm;
	struct mbuf m;
	unsigned char used[CDR_FIELDS];
	char num[24];
	size_t i, k;
	uint64_t dur, bill;
	int d, rc = WAKE_OK;

	memset(used, 0, sizeof(used));
	for (i = 0; i < C_N; i++) {
		v[i].p = "";
		v[i].n = 0;
		if (col[i] < 0 || (size_t)col[i] >= nf)
			continue;
		used[col[i]] = 1;
		if (rc == WAKE_OK)
			rc = wk_csv_value(ev, &f[col[i]], tmp, &v[i]);
	}
	if (rc != WAKE_OK) {
		*why = "out of memory";
		return WK_NOMATCH;
	}
	if (wake_time_scan(v[C_START].p, v[C_START].n, WAKE_TL_ISO8601, &tm,
	    NULL) != v[C_START].n || v[C_START].n == 0 ||
	    wk_resolve(c, &tm, &ev->ts) != WAKE_OK) {
		*why = "no start time (YYYY-MM-DD HH:MM:SS)";
		return WK_NOMATCH;
	}
	ev->kind = WAKE_KIND_CALL;
	ev->sev = WAKE_SEV_INFO;
	for (i = 0; i < WK_NELEM(dispos); i++)
		if (wk_strcaseeq(v[C_DISP].p, v[C_DISP].n, dispos[i].word))
			ev->sev = dispos[i].sev;
	ev->host.p = v[C_DCHAN].p;
	ev->host.n = device(v[C_DCHAN].p, v[C_DCHAN].n);
	m.n = 0;
	madd(&m, v[C_DISP].p, v[C_DISP].n);
	if (v[C_SRC].n > 0) {
		maddz(&m, " ");
		madd(&m, v[C_SRC].p, v[C_SRC].n);
	}
	if (v[C_DST].n > 0) {
		maddz(&m, " -> ");
		madd(&m, v[C_DST].p, v[C_DST].n);
	}
	if (v[C_DUR].n > 0)
		mword(&m, "duration", v[C_DUR].p, v[C_DUR].n, 1);
	if (v[C_BILL].n > 0)
		mword(&m, "billsec", v[C_BILL].p, v[C_BILL].n, 1);
	if (set_msg(ev, &m) != WAKE_OK ||
	    attr(ev, "call", v[C_UID].p, v[C_UID].n) != WAKE_OK)
		goto nomem;
	for (i = 0; i < WK_NELEM(corder); i++) {
		d = corder[i];
		if (attr(ev, cname[d], v[d].p, v[d].n) != WAKE_OK)
			goto nomem;
		if (d != C_BILL || !all_digits(v[C_DUR].p, v[C_DUR].n) ||
		    !all_digits(v[C_BILL].p, v[C_BILL].n) ||
		    v[C_DUR].n > 12 || v[C_BILL].n > 12)
			continue;
		/* talk= and wait= after billsec. */
		for (dur = 0, k = 0; k < v[C_DUR].n; k++)
			dur = dur * 10 + (uint64_t)(v[C_DUR].p[k] - '0');
		for (bill = 0, k = 0; k < v[C_BILL].n; k++)
			bill = bill * 10 + (uint64_t)(v[C_BILL].p[k] - '0');
		if (bill > 0 && attr(ev, "talk", v[C_BILL].p, v[C_BILL].n) !=
		    WAKE_OK)
			goto nomem;
		if (dur >= bill) {
			k = sizeof(num);
			putnum(num, &k, dur - bill);
			if (wake_event_attr(ev, "wait", 4, num + k,
			    sizeof(num) - k) != WAKE_OK)
				goto nomem;
		}
	}
	for (k = 0; k < nf && k < CDR_FIELDS; k++) {
		if (used[k] || f[k].n == 0)
			continue;
		if (wk_csv_value(ev, &f[k], tmp, &w) != WAKE_OK ||
		    cdr_col(s, ev, k, &w) != WAKE_OK)
			goto nomem;
	}
	return WK_EVENT;
nomem:
	*why = "out of memory";
	return WK_NOMATCH;
}

static int
cdr_line(struct wk_pctx *c, struct cdrstate *s, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	struct wk_csvf f[CDR_FIELDS];
	int col[C_N];
	long nf;

	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (n > 0 && line[0] == '#')
		return WK_META;
	if ((nf = wk_csv_split(line, n, ',', f, CDR_FIELDS)) < 0) {
		*why = "a quote left open";
		return WK_NOMATCH;
	}
	if (nf > CDR_FIELDS) {
		*why = "more than 64 fields";
		return WK_NOMATCH;
	}
	if (s->have)
		return cdr_event(c, s, f, (size_t)nf, s->col, ev, why);
	if (cdr_shape(f, (size_t)nf, col) == 0)
		return cdr_event(c, s, f, (size_t)nf, col, ev, why);
	if (cdr_header(f, (size_t)nf, col)) {
		memcpy(s->col, col, sizeof(col));
		cdr_names(s, f, (size_t)nf);
		s->have = 1;
		return WK_META;
	}
	*why = "no disposition after start,answer,end,duration,billsec";
	return WK_NOMATCH;
}

static int
cdr_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	struct cdrstate tmp;
	int r;

	if (c->state != NULL)
		return cdr_line(c, c->state, line, n, ev, why);
	memset(&tmp, 0, sizeof(tmp));
	r = cdr_line(c, &tmp, line, n, ev, why);
	wake_buf_free(&tmp.tmp);
	wake_buf_free(&tmp.names);
	return r;
}

const struct wk_format wk_fmt_cdr = {
	"cdr",
	"Asterisk CDR CSV (Master.csv)",
	WK_SNIFF_STRICT,
	NULL,
	cdr_new,
	cdr_free,
	cdr_parse,
	NULL,
	NULL
};
