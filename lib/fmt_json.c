/*
 * JSON formats: JSON Lines (one object per line, field names guessed)
 * and journald's `journalctl -o json` export.
 *
 * jsonl: the time comes from the first of time, timestamp, ts,
 * @timestamp, time_local, datetime, date, t, eventTime (then @t, as
 * CLEF writes it) that holds a timestamp: a string in any layout
 * wake_time_scan() knows, taking the whole string, or a number of epoch
 * seconds, ms, us or ns told apart by magnitude.  The level from level,
 * severity, lvl, loglevel, log.level, levelname, sev, @l: a word, a
 * syslog number 0-7 or a bunyan/pino number 10-60.  The message from
 * msg, message, text, log, event, @m; the host from host, hostname,
 * host.name, _HOSTNAME.  Names match without regard to case.  Every
 * other scalar becomes an attr: strings unescaped, numbers, booleans
 * and null as their text; nested objects are flattened with dots
 * (http.status=503), arrays kept as compact JSON text.  A field that
 * was looked at but not taken (a level word nobody knows, a second time
 * field) stays an attr, so nothing is lost.
 *
 * journald: __REALTIME_TIMESTAMP (microseconds) is the time and must be
 * there; PRIORITY the severity; MESSAGE the message (a string, or an
 * array of byte values for a binary message); _HOSTNAME the host.
 * unit= is _SYSTEMD_UNIT (else _SYSTEMD_USER_UNIT), app= is
 * SYSLOG_IDENTIFIER (else _COMM), pid= is _PID (else SYSLOG_PID).  The
 * other user fields (names not starting with '_': MESSAGE_ID, CODE_FILE,
 * CODE_LINE, CODE_FUNC, UNIT, ERRNO, SYSLOG_FACILITY, ...) are kept as
 * attrs under their own names, except SYSLOG_TIMESTAMP and SYSLOG_RAW,
 * which repeat the time and the message.  Trusted fields (_UID, _COMM,
 * _CMDLINE, _BOOT_ID, _SYSTEMD_CGROUP, ...) and address fields (__CURSOR,
 * __MONOTONIC_TIMESTAMP, ...) are dropped: they repeat on every line and
 * say little in a timeline.  Fields journalctl shows as null (too large)
 * are dropped; multi-valued fields keep their JSON array text.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define JTOK_FIRST	256	/* tokens before the first growth */
#define JTOK_MAX	65536	/* beyond this a line is not taken */

/* Per-input state: a token array that grows, and two scratch buffers. */
struct jstate {
	struct wk_jtok	*toks;
	int		 ntok;
	int		 grows;	/* toks is ours to realloc */
	struct wake_buf	 path;	/* dotted name of the member */
	struct wake_buf	 tmp;	/* unescaped text, bound for the arena */
};

/* A line being turned into an event. */
struct jline {
	struct jstate		*js;
	struct wake_event	*ev;
	const struct wk_jtok	*t;
	int			 skip[8];	/* value tokens used */
	int			 nskip;
};

static void *
jstate_new(const void *data)
{
	struct jstate *js;

	(void)data;
	if ((js = calloc(1, sizeof(*js))) == NULL)
		return NULL;
	if ((js->toks = calloc(JTOK_FIRST, sizeof(*js->toks))) == NULL) {
		free(js);
		return NULL;
	}
	js->ntok = JTOK_FIRST;
	js->grows = 1;
	return js;
}

static void
jstate_free(void *state)
{
	struct jstate *js = state;

	if (js == NULL)
		return;
	if (js->grows)
		free(js->toks);
	wake_buf_free(&js->path);
	wake_buf_free(&js->tmp);
	free(js);
}

/*
 * Tokenize line into js->toks, growing the array when the line needs
 * more tokens.  Returns the token count, or -1 with *why set.
 */
static int
tokenize(struct jstate *js, const char *line, size_t n, const char **why)
{
	struct wk_jtok *nt;
	const char *jwhy;
	size_t i;
	int r, cap;

	for (i = 0; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
		continue;
	if (i == n || line[i] != '{') {
		*why = "not a JSON object";
		return -1;
	}
	for (;;) {
		jwhy = NULL;
		r = wk_json_parse(line, n, js->toks, js->ntok, &jwhy);
		if (r >= 0)
			break;
		if (r == -1) {
			*why = jwhy != NULL ? jwhy : "malformed JSON";
			return -1;
		}
		/* More tokens than we have, or nesting too deep. */
		if (!js->grows || js->ntok >= JTOK_MAX ||
		    (size_t)js->ntok > n) {
			*why = "JSON too large or nested too deep";
			return -1;
		}
		cap = js->ntok * 4 > JTOK_MAX ? JTOK_MAX : js->ntok * 4;
		if ((nt = reallocarray(js->toks, (size_t)cap,
		    sizeof(*nt))) == NULL) {
			*why = "out of memory";
			return -1;
		}
		js->toks = nt;
		js->ntok = cap;
	}
	if (r == 0 || js->toks[0].type != WK_J_OBJ) {
		*why = "not a JSON object";
		return -1;
	}
	return r;
}

/*
 * The text of scalar token t: strings unescaped (into js->tmp when they
 * hold escapes, *stable = 0), other scalars as written.  Returns 0, or
 * -1 when out of memory.
 */
static int
scalar_text(struct jstate *js, const struct wk_jtok *t, const char **p,
    size_t *n, int *stable)
{
	*stable = 1;
	switch (t->type) {
	case WK_J_STR:
		if (!t->esc)
			break;
		js->tmp.n = 0;
		if (wk_json_unescape(t->p, t->n, &js->tmp) != WAKE_OK)
			return -1;
		*p = js->tmp.n > 0 ? js->tmp.p : "";
		*n = js->tmp.n;
		*stable = 0;
		return 0;
	case WK_J_TRUE:
		*p = "true";
		*n = 4;
		return 0;
	case WK_J_FALSE:
		*p = "false";
		*n = 5;
		return 0;
	case WK_J_NULL:
		*p = "null";
		*n = 4;
		return 0;
	default:
		break;
	}
	*p = t->p;
	*n = t->n;
	return 0;
}

/* Append token i and its subtree as compact JSON.  Returns the next index. */
static int
put_compact(const struct wk_jtok *t, int i, struct wake_buf *b)
{
	int j, k, err = 0;

	switch (t[i].type) {
	case WK_J_STR:
		err |= wake_buf_putc(b, '"');
		err |= wake_buf_put(b, t[i].p, t[i].n);
		err |= wake_buf_putc(b, '"');
		return err ? -1 : i + 1;
	case WK_J_ARR:
	case WK_J_OBJ:
		err |= wake_buf_putc(b, t[i].type == WK_J_ARR ? '[' : '{');
		for (j = i + 1, k = 0; k < t[i].size && j >= 0; k++) {
			if (k > 0)
				err |= wake_buf_putc(b, ',');
			if (t[i].type == WK_J_OBJ) {
				if ((j = put_compact(t, j, b)) < 0)
					return -1;
				err |= wake_buf_putc(b, ':');
			}
			j = put_compact(t, j, b);
		}
		err |= wake_buf_putc(b, t[i].type == WK_J_ARR ? ']' : '}');
		return err || j < 0 ? -1 : j;
	case WK_J_TRUE:
		return wake_buf_put(b, "true", 4) ? -1 : i + 1;
	case WK_J_FALSE:
		return wake_buf_put(b, "false", 5) ? -1 : i + 1;
	case WK_J_NULL:
		return wake_buf_put(b, "null", 4) ? -1 : i + 1;
	default:
		return wake_buf_put(b, t[i].p, t[i].n) ? -1 : i + 1;
	}
}

/*
 * An array of numbers 0-255 (journald's form of a binary field) decoded
 * into js->tmp.  Returns 1 when it was one, 0 when not, -1 on no memory.
 */
static int
byte_array(struct jstate *js, const struct wk_jtok *t, int i)
{
	const struct wk_jtok *e;
	unsigned v;
	size_t d;
	int k;

	if (t[i].type != WK_J_ARR)
		return 0;
	for (k = 0; k < t[i].size; k++) {
		e = &t[i + 1 + k];
		if (e->type != WK_J_NUM || e->n == 0 || e->n > 3)
			return 0;
		for (v = 0, d = 0; d < e->n; d++) {
			if (e->p[d] < '0' || e->p[d] > '9')
				return 0;
			v = v * 10 + (unsigned)(e->p[d] - '0');
		}
		if (v > 255)
			return 0;
	}
	js->tmp.n = 0;
	if (wake_buf_reserve(&js->tmp, (size_t)t[i].size + 1) != WAKE_OK)
		return -1;
	for (k = 0; k < t[i].size; k++) {
		e = &t[i + 1 + k];
		for (v = 0, d = 0; d < e->n; d++)
			v = v * 10 + (unsigned)(e->p[d] - '0');
		js->tmp.p[js->tmp.n++] = (char)v;
	}
	return 1;
}

/* Add an attr, copying what is not stable (borrowed from the line). */
static int
emit(struct wake_event *ev, const char *k, size_t kn, int kstable,
    const char *v, size_t vn, int vstable)
{
	if (!kstable && (k = wake_event_store(ev, k, kn)) == NULL)
		return -1;
	if (!vstable && (v = wake_event_store(ev, v, vn)) == NULL)
		return -1;
	return wake_event_attr_ref(ev, k, kn, v, vn) == WAKE_OK ? 0 : -1;
}

static int
skipped(const struct jline *L, int i)
{
	int k;

	for (k = 0; k < L->nskip; k++)
		if (L->skip[k] == i)
			return 1;
	return 0;
}

/* Append the member name of key token t to the path. */
static int
path_push(struct jstate *js, const struct wk_jtok *t)
{
	if (js->path.n > 0 && wake_buf_putc(&js->path, '.') != WAKE_OK)
		return -1;
	if (t->esc)
		return wk_json_unescape(t->p, t->n, &js->path) == WAKE_OK ?
		    0 : -1;
	return wake_buf_put(&js->path, t->p, t->n) == WAKE_OK ? 0 : -1;
}

/*
 * Value token i under the name in js->path (or k/kn when not NULL, a
 * name borrowed from the line): scalars and arrays become attrs,
 * objects are walked.  Returns 0 or -1 (no memory).
 */
static int
flatten(struct jline *L, int i, const char *k, size_t kn)
{
	struct jstate *js = L->js;
	const struct wk_jtok *t = L->t;
	const char *v;
	size_t vn, save;
	int j, m, vstable, kstable = k != NULL;

	if (k == NULL) {
		k = js->path.n > 0 ? js->path.p : "";
		kn = js->path.n;
	}
	if (t[i].type == WK_J_OBJ && t[i].size > 0) {
		save = js->path.n;
		if (kstable) {
			/* a name from the line starts the path afresh */
			js->path.n = 0;
			if (wake_buf_put(&js->path, k, kn) != WAKE_OK)
				return -1;
		}
		for (j = i + 1, m = 0; m < t[i].size; m++) {
			if (path_push(js, &t[j]) < 0 ||
			    flatten(L, j + 1, NULL, 0) < 0)
				return -1;
			js->path.n = kstable ? kn : save;
			j = t[j + 1].next;
		}
		js->path.n = save;
		return 0;
	}
	if (skipped(L, i))
		return 0;
	if (t[i].type == WK_J_OBJ || t[i].type == WK_J_ARR) {
		js->tmp.n = 0;
		if (put_compact(t, i, &js->tmp) < 0)
			return -1;
		return emit(L->ev, k, kn, kstable, js->tmp.p, js->tmp.n, 0);
	}
	if (scalar_text(js, &t[i], &v, &vn, &vstable) < 0)
		return -1;
	return emit(L->ev, k, kn, kstable, v, vn, vstable);
}

/* Walk every member of the top object into attrs. */
static int
flatten_top(struct jline *L)
{
	const struct wk_jtok *t = L->t;
	int j, m;

	L->js->path.n = 0;
	for (j = 1, m = 0; m < t[0].size; m++) {
		if (t[j].esc) {
			L->js->path.n = 0;
			if (path_push(L->js, &t[j]) < 0 ||
			    flatten(L, j + 1, NULL, 0) < 0)
				return -1;
		} else if (flatten(L, j + 1, t[j].p, t[j].n) < 0)
			return -1;
		L->js->path.n = 0;
		j = t[j + 1].next;
	}
	return 0;
}

/* ---- time and level values ---- */

/* Value of decimal digits d[0..upto) (0 past nd).  -1 on overflow. */
static int64_t
digits_value(const unsigned char *d, int nd, int upto)
{
	int64_t v = 0;
	int i;

	for (i = 0; i < upto; i++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (i < nd ? d[i] : 0);
	}
	return v;
}

/*
 * A JSON number as epoch time: seconds, ms, us or ns told apart by the
 * size of its integer part (below 1e11 seconds, i.e. until year 5138;
 * below 1e14 ms; below 1e17 us).  Returns 0 and *ns, or -1.
 */
static int
num_epoch(const char *p, size_t n, int64_t *ns)
{
	unsigned char d[40];
	int64_t ip;
	size_t i = 0;
	int nd = 0, dp, e = 0, esign = 1, scale;

	while (i < n && p[i] == '0')	/* leading zeros carry nothing */
		i++;
	while (i < n && p[i] >= '0' && p[i] <= '9') {
		if (nd == (int)sizeof(d))
			return -1;
		d[nd++] = (unsigned char)(p[i++] - '0');
	}
	dp = nd;
	if (i < n && p[i] == '.')
		for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			if (nd < (int)sizeof(d))
				d[nd++] = (unsigned char)(p[i] - '0');
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			esign = p[i++] == '-' ? -1 : 1;
		for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			if ((e = e * 10 + (p[i] - '0')) > 60)
				return -1;
	}
	if (i != n || n == 0)
		return -1;
	dp += esign * e;
	if (dp > 19)
		return -1;
	ip = dp > 0 ? digits_value(d, nd, dp) : 0;
	if (ip < 0)
		return -1;
	if (ip < 100000000000LL)
		scale = 9;
	else if (ip < 100000000000000LL)
		scale = 6;
	else if (ip < 100000000000000000LL)
		scale = 3;
	else
		scale = 0;
	if (dp + scale <= 0) {
		*ns = 0;
		return 0;
	}
	*ns = digits_value(d, nd, dp + scale);
	return *ns < 0 ? -1 : 0;
}

/* Resolve an exact UTC instant through wk_resolve (which sets tzflags). */
static int
set_epoch(struct wk_pctx *c, int64_t ns, wake_time_t *ts)
{
	struct wake_tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.year = tm.mon = tm.day = tm.hour = tm.min = tm.sec = -1;
	tm.is_epoch = 1;
	tm.epoch_ns = ns;
	return wk_resolve(c, &tm, ts);
}

/* A timestamp string, taken whole, to UTC.  0 or -1. */
static int
str_time(struct wk_pctx *c, const char *p, size_t n, wake_time_t *ts)
{
	struct wake_tm tm;

	if (n == 0 || wake_time_scan(p, n, WAKE_TL_ALL, &tm, NULL) != n)
		return -1;
	return wk_resolve(c, &tm, ts) == WAKE_OK ? 0 : -1;
}

/* Level numbers: syslog 0-7, bunyan/pino 10 20 30 40 50 60. */
static int
sev_from_num(const char *p, size_t n)
{
	size_t i;
	int v = 0;

	if (n == 0 || n > 2)
		return -2;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -2;
		v = v * 10 + (p[i] - '0');
	}
	if (v <= 7)
		return v;
	switch (v) {
	case 10:
	case 20:
		return WAKE_SEV_DEBUG;
	case 30:
		return WAKE_SEV_INFO;
	case 40:
		return WAKE_SEV_WARN;
	case 50:
		return WAKE_SEV_ERR;
	case 60:
		return wk_sev_from_word("fatal", 5);
	default:
		return -2;
	}
}

static int
sev_from_text(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n > 0 && p[0] >= '0' && p[0] <= '9')
		return sev_from_num(p, n);
	return wk_sev_from_word(p, n);
}

/* ---- jsonl ---- */

enum { C_TS, C_SEV, C_MSG, C_HOST, C_N };
#define RANKS	10

/* The names looked for, by class, best first within a class. */
static const struct {
	const char	*name;
	unsigned char	 len;
	unsigned char	 cls;
	unsigned char	 rank;
} names[] = {
	{ "time", 4, C_TS, 0 },
	{ "timestamp", 9, C_TS, 1 },
	{ "ts", 2, C_TS, 2 },
	{ "@timestamp", 10, C_TS, 3 },
	{ "time_local", 10, C_TS, 4 },
	{ "datetime", 8, C_TS, 5 },
	{ "date", 4, C_TS, 6 },
	{ "t", 1, C_TS, 7 },
	{ "eventtime", 9, C_TS, 8 },
	{ "@t", 2, C_TS, 9 },
	{ "level", 5, C_SEV, 0 },
	{ "severity", 8, C_SEV, 1 },
	{ "lvl", 3, C_SEV, 2 },
	{ "loglevel", 8, C_SEV, 3 },
	{ "log.level", 9, C_SEV, 4 },
	{ "levelname", 9, C_SEV, 5 },
	{ "sev", 3, C_SEV, 6 },
	{ "@l", 2, C_SEV, 7 },
	{ "msg", 3, C_MSG, 0 },
	{ "message", 7, C_MSG, 1 },
	{ "text", 4, C_MSG, 2 },
	{ "log", 3, C_MSG, 3 },
	{ "event", 5, C_MSG, 4 },
	{ "@m", 2, C_MSG, 5 },
	{ "host", 4, C_HOST, 0 },
	{ "hostname", 8, C_HOST, 1 },
	{ "host.name", 9, C_HOST, 2 },
	{ "_hostname", 9, C_HOST, 3 },
};

/* Note value token v under name k as a candidate for its class. */
static void
note(int cand[C_N][RANKS], const struct wk_jtok *t, int v, const char *k,
    size_t kn)
{
	size_t i;
	int c0;

	if (t[v].type == WK_J_OBJ || t[v].type == WK_J_ARR ||
	    kn == 0 || kn > 10)	/* longer than any name looked for */
		return;
	c0 = (unsigned char)k[0];
	if (c0 >= 'A' && c0 <= 'Z')
		c0 += 'a' - 'A';
	for (i = 0; i < WK_NELEM(names); i++)
		if (names[i].len == kn && names[i].name[0] == c0 &&
		    wk_strcaseeq(k, kn, names[i].name)) {
			if (cand[names[i].cls][names[i].rank] < 0)
				cand[names[i].cls][names[i].rank] = v;
			return;
		}
}

/* Strip a trailing newline, as docker's json-file "log" has. */
static size_t
chomp(const char *p, size_t n)
{
	if (n > 0 && p[n - 1] == '\n')
		n--;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

static int
jsonl_line(struct wk_pctx *c, struct jstate *js, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	struct jline L;
	const struct wk_jtok *t;
	const char *v;
	size_t vn;
	int cand[C_N][RANKS], r, j, m, i, s, stable, have_ts;

	if (tokenize(js, line, n, why) < 0)
		return WK_NOMATCH;
	t = js->toks;
	memset(cand, -1, sizeof(cand));
	for (j = 1, m = 0; m < t[0].size; m++) {
		note(cand, t, j + 1, t[j].p, t[j].n);
		/* log.level and host.name written as nested objects */
		if (t[j + 1].type == WK_J_OBJ &&
		    (wk_strcaseeq(t[j].p, t[j].n, "log") ||
		    wk_strcaseeq(t[j].p, t[j].n, "host"))) {
			int k2 = j + 2, mm;
			for (mm = 0; mm < t[j + 1].size; mm++) {
				if (t[j].n == 3 && wk_strcaseeq(t[k2].p,
				    t[k2].n, "level"))
					note(cand, t, k2 + 1, "log.level", 9);
				else if (t[j].n == 4 && wk_strcaseeq(t[k2].p,
				    t[k2].n, "name"))
					note(cand, t, k2 + 1, "host.name", 9);
				k2 = t[k2 + 1].next;
			}
		}
		j = t[j + 1].next;
	}
	L.js = js;
	L.ev = ev;
	L.t = t;
	L.nskip = 0;

	have_ts = 0;
	for (r = 0; r < RANKS; r++) {
		if ((i = cand[C_TS][r]) < 0)
			continue;
		have_ts = 1;
		if (t[i].type == WK_J_NUM) {
			int64_t ns;
			if (num_epoch(t[i].p, t[i].n, &ns) == 0 &&
			    set_epoch(c, ns, &ev->ts) == WAKE_OK)
				break;
		} else if (t[i].type == WK_J_STR) {
			if (scalar_text(js, &t[i], &v, &vn, &stable) < 0)
				goto nomem;
			if (str_time(c, v, vn, &ev->ts) == 0)
				break;
		}
	}
	if (r == RANKS) {
		*why = have_ts ? "time field holds no timestamp" :
		    "no time field (time, timestamp, ts, @timestamp, ...)";
		return WK_NOMATCH;
	}
	L.skip[L.nskip++] = i;

	for (r = 0; r < RANKS; r++) {
		if ((i = cand[C_SEV][r]) < 0)
			continue;
		if (t[i].type != WK_J_STR && t[i].type != WK_J_NUM)
			continue;
		if (scalar_text(js, &t[i], &v, &vn, &stable) < 0)
			goto nomem;
		if ((s = sev_from_text(v, vn)) >= 0) {
			ev->sev = s;
			L.skip[L.nskip++] = i;
			break;
		}
	}
	for (r = 0; r < RANKS; r++) {
		if ((i = cand[C_MSG][r]) < 0 || t[i].type == WK_J_NULL)
			continue;
		if (scalar_text(js, &t[i], &v, &vn, &stable) < 0)
			goto nomem;
		vn = chomp(v, vn);
		if (!stable && (v = wake_event_store(ev, v, vn)) == NULL)
			goto nomem;
		ev->msg.p = v;
		ev->msg.n = vn;
		L.skip[L.nskip++] = i;
		break;
	}
	for (r = 0; r < RANKS; r++) {
		if ((i = cand[C_HOST][r]) < 0 || t[i].type != WK_J_STR)
			continue;
		if (scalar_text(js, &t[i], &v, &vn, &stable) < 0)
			goto nomem;
		if (vn == 1 && v[0] == '-')
			vn = 0;		/* our own stream's "no host" */
		if (!stable && (v = wake_event_store(ev, v, vn)) == NULL)
			goto nomem;
		ev->host.p = v;
		ev->host.n = vn;
		L.skip[L.nskip++] = i;
		break;
	}
	if (flatten_top(&L) < 0)
		goto nomem;
	return WK_EVENT;
nomem:
	*why = "out of memory";
	return WK_NOMATCH;
}

/* ---- journald ---- */

/* Fields looked at by name. */
enum { J_RT, J_PRI, J_MSG, J_HOST, J_UNIT, J_UUNIT, J_IDENT, J_COMM,
	J_PID, J_SPID, J_N };
static const char *const jnames[J_N] = { "__REALTIME_TIMESTAMP",
	"PRIORITY", "MESSAGE", "_HOSTNAME", "_SYSTEMD_UNIT",
	"_SYSTEMD_USER_UNIT", "SYSLOG_IDENTIFIER", "_COMM", "_PID",
	"SYSLOG_PID" };

/*
 * The text of a journald field value: a string, a binary (byte array)
 * value, or the first of a multi-valued field.  Returns 1 and the text
 * (*stable when it borrows from the line), 0 when there is none (null),
 * -1 when out of memory.
 */
static int
jfield(struct jstate *js, const struct wk_jtok *t, int i, const char **p,
    size_t *n, int *stable)
{
	int r;

	if (t[i].type == WK_J_NULL)
		return 0;
	if (t[i].type == WK_J_ARR) {
		if ((r = byte_array(js, t, i)) != 0) {
			if (r < 0)
				return -1;
			*p = js->tmp.n > 0 ? js->tmp.p : "";
			*n = js->tmp.n;
			*stable = 0;
			return 1;
		}
		if (t[i].size == 0)
			return 0;
		i++;	/* multi-valued: the first value */
		if (t[i].type == WK_J_ARR || t[i].type == WK_J_OBJ)
			return jfield(js, t, i, p, n, stable);
	}
	if (t[i].type == WK_J_OBJ)
		return 0;
	return scalar_text(js, &t[i], p, n, stable) < 0 ? -1 : 1;
}

/* Add attr key = the field at value token i, if it has a value. */
static int
jattr(struct jstate *js, struct wake_event *ev, const struct wk_jtok *t,
    int i, const char *key, size_t kn, int kstable)
{
	const char *v;
	size_t vn;
	int r, stable;

	if ((r = jfield(js, t, i, &v, &vn, &stable)) <= 0)
		return r;
	return emit(ev, key, kn, kstable, v, vn, stable);
}

static int
journald_line(struct wk_pctx *c, struct jstate *js, const char *line,
    size_t n, struct wake_event *ev, const char **why)
{
	const struct wk_jtok *t;
	const char *v, *kp;
	size_t vn, kn, d;
	int64_t us;
	int f[J_N], j, m, k, stable, r;

	if (tokenize(js, line, n, why) < 0)
		return WK_NOMATCH;
	t = js->toks;
	for (k = 0; k < J_N; k++)
		f[k] = -1;
	for (j = 1, m = 0; m < t[0].size; m++) {
		if (t[j].n >= 3 && !t[j].esc)
			for (k = 0; k < J_N; k++)
				if (f[k] < 0 && wk_streq(t[j].p, t[j].n,
				    jnames[k])) {
					f[k] = j + 1;
					break;
				}
		j = t[j + 1].next;
	}
	if (f[J_RT] < 0) {
		*why = "no __REALTIME_TIMESTAMP field";
		return WK_NOMATCH;
	}
	v = t[f[J_RT]].p;
	vn = t[f[J_RT]].n;
	us = 0;
	if ((t[f[J_RT]].type != WK_J_STR && t[f[J_RT]].type != WK_J_NUM) ||
	    vn == 0 || vn > 17)
		goto badrt;
	for (d = 0; d < vn; d++) {
		if (v[d] < '0' || v[d] > '9')
			goto badrt;
		us = us * 10 + (v[d] - '0');
	}
	if (set_epoch(c, us * 1000, &ev->ts) != WAKE_OK)
		goto badrt;

	if (f[J_PRI] >= 0 && t[f[J_PRI]].type == WK_J_STR &&
	    t[f[J_PRI]].n == 1 && t[f[J_PRI]].p[0] >= '0' &&
	    t[f[J_PRI]].p[0] <= '7')
		ev->sev = t[f[J_PRI]].p[0] - '0';
	if (f[J_MSG] >= 0) {
		if ((r = jfield(js, t, f[J_MSG], &v, &vn, &stable)) < 0)
			goto nomem;
		if (r > 0) {
			if (!stable &&
			    (v = wake_event_store(ev, v, vn)) == NULL)
				goto nomem;
			ev->msg.p = v;
			ev->msg.n = vn;
		}
	}
	if (f[J_HOST] >= 0) {
		if ((r = jfield(js, t, f[J_HOST], &v, &vn, &stable)) < 0)
			goto nomem;
		if (r > 0) {
			if (!stable &&
			    (v = wake_event_store(ev, v, vn)) == NULL)
				goto nomem;
			ev->host.p = v;
			ev->host.n = vn;
		}
	}
	k = f[J_UNIT] >= 0 ? f[J_UNIT] : f[J_UUNIT];
	if (k >= 0 && jattr(js, ev, t, k, "unit", 4, 1) < 0)
		goto nomem;
	k = f[J_IDENT] >= 0 ? f[J_IDENT] : f[J_COMM];
	if (k >= 0 && jattr(js, ev, t, k, "app", 3, 1) < 0)
		goto nomem;
	k = f[J_PID] >= 0 ? f[J_PID] : f[J_SPID];
	if (k >= 0 && jattr(js, ev, t, k, "pid", 3, 1) < 0)
		goto nomem;

	/* The user fields, in the order given. */
	for (j = 1, m = 0; m < t[0].size; m++) {
		const struct wk_jtok *kt = &t[j];
		int vi = j + 1;

		j = t[vi].next;
		if (kt->n == 0 || kt->p[0] == '_' || vi == f[J_PRI] ||
		    vi == f[J_MSG] || vi == f[J_IDENT] || vi == f[J_SPID] ||
		    wk_streq(kt->p, kt->n, "SYSLOG_TIMESTAMP") ||
		    wk_streq(kt->p, kt->n, "SYSLOG_RAW"))
			continue;
		kp = kt->p;
		kn = kt->n;
		if (kt->esc) {
			js->path.n = 0;
			if (path_push(js, kt) < 0)
				goto nomem;
			if (js->path.n == 0 || js->path.p[0] == '_')
				continue;
			kp = js->path.p;
			kn = js->path.n;
		}
		if (t[vi].type == WK_J_ARR && t[vi].size > 1 &&
		    (r = byte_array(js, t, vi)) == 0) {
			/* multi-valued: keep them all, as JSON text */
			js->tmp.n = 0;
			if (put_compact(t, vi, &js->tmp) < 0 ||
			    emit(ev, kp, kn, !kt->esc, js->tmp.p, js->tmp.n,
			    0) < 0)
				goto nomem;
			continue;
		}
		if (jattr(js, ev, t, vi, kp, kn, !kt->esc) < 0)
			goto nomem;
	}
	return WK_EVENT;
badrt:
	*why = "__REALTIME_TIMESTAMP is not microseconds";
	return WK_NOMATCH;
nomem:
	*why = "out of memory";
	return WK_NOMATCH;
}

/* ---- the format entry points ---- */

/*
 * Run fn with the per-input state, or with a short-lived one when the
 * caller gave none (a one-off parse).
 */
static int
with_state(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why,
    int (*fn)(struct wk_pctx *, struct jstate *, const char *, size_t,
    struct wake_event *, const char **))
{
	struct wk_jtok toks[JTOK_FIRST];
	struct jstate tmp;
	int r;

	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (c->state != NULL)
		return fn(c, c->state, line, n, ev, why);
	memset(&tmp, 0, sizeof(tmp));
	tmp.toks = toks;
	tmp.ntok = JTOK_FIRST;
	r = fn(c, &tmp, line, n, ev, why);
	wake_buf_free(&tmp.path);
	wake_buf_free(&tmp.tmp);
	return r;
}

static int
jsonl_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	return with_state(c, line, n, ev, why, jsonl_line);
}

static int
journald_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	return with_state(c, line, n, ev, why, journald_line);
}

const struct wk_format wk_fmt_jsonl = {
	"jsonl",
	"JSON Lines: one object per line, time/level/msg fields guessed",
	0,
	NULL,
	jstate_new,
	jstate_free,
	jsonl_parse,
	NULL,
	NULL
};

const struct wk_format wk_fmt_journald = {
	"journald",
	"journalctl -o json export (__REALTIME_TIMESTAMP, MESSAGE, ...)",
	WK_SNIFF_STRICT,
	NULL,
	jstate_new,
	jstate_free,
	journald_parse,
	NULL,
	NULL
};
