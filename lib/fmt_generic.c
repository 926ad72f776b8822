/*
 * generic: application logs that carry a timestamp near the start of
 * the line and perhaps a level word after it, whatever comes around
 * them.  log4j and logback, Python logging, Spark, Zookeeper, HDFS,
 * OpenStack, glog, Apache and nginx error logs, BGL, "[2024-02-22
 * 03:58:12] ...", ISO with an offset.
 *
 * The timestamp is looked for at the start of each of the first six
 * whitespace-separated fields that begin in the first 80 bytes (and
 * just after a '[' or '(' opening one), in any layout wake_time_scan()
 * knows.  Only fields that can start a timestamp are tried: a digit,
 * a month or weekday name, glog's level letter glued to mmdd.  To keep
 * prose out: a stamp must carry a time of day, end where a field ends,
 * epoch seconds and yymmdd hhmmss only count in the first field (or
 * the second after a label such as BGL's "-" or "APPREAD"), and epoch
 * only with 10, 13, 16 or 19 digits within 2000..2099.
 * Text before the stamp is kept as attr prefix= (a lone "-" is not).
 *
 * The level: in the few fields right after the stamp, skipping pure
 * numbers (a pid, kept as pid=), separators ("-", "|", ":") and
 * bracketed thread names (kept as thread=), an upper-case level word
 * (INFO WARN WARNING ERROR ERR FATAL SEVERE DEBUG TRACE NOTICE CRITICAL
 * CRIT ALERT EMERG PANIC), or one in any case when bracketed or followed
 * by ':' ("[notice]", "[core:error]", "<warn>", "Error:"); then msg is
 * what follows it.  Failing that, an upper-case level word among the
 * first eight fields after the stamp (BGL puts it seventh) gives the
 * severity but leaves msg as the whole text after the stamp.  Lower-case
 * words in prose are never levels.
 */
#include <string.h>

#include "internal.h"

#define SP(ch)		((ch) == ' ' || (ch) == '\t')
#define DIGIT(ch)	((ch) >= '0' && (ch) <= '9')
#define ALNUM(ch)	(DIGIT(ch) || ((ch) >= 'a' && (ch) <= 'z') || \
			    ((ch) >= 'A' && (ch) <= 'Z'))

#define MAX_FIELDS	6	/* fields where a stamp may start */
#define MAX_COLUMN	80	/* ... beginning before this byte */
#define NEAR_LEVEL	8	/* fields after the stamp seen for a level */

/* A stamp found in a line. */
struct stamp {
	size_t		 at;	/* its field's start (a '[', if any) */
	size_t		 end;	/* after it (and its ']' or ')') */
	struct wake_tm	 tm;
	int		 glog;	/* glog's level letter, or 0 */
};

/* Month or weekday name at p? */
static int
is_name3(const char *p, size_t n)
{
	static const char names[] =
	    "JanFebMarAprMayJunJulAugSepOctNovDecMonTueWedThuFriSatSun";
	size_t i;

	if (n < 4 || SP(p[3]) == 0)
		return 0;
	for (i = 0; i < sizeof(names) - 1; i += 3)
		if (p[0] == names[i] && p[1] == names[i + 1] &&
		    p[2] == names[i + 2])
			return 1;
	return 0;
}

/* Is the run of digits at p (an epoch stamp) plausible? */
static int
epoch_ok(const char *p, size_t n, const struct wake_tm *tm)
{
	size_t d;

	for (d = 0; d < n && DIGIT(p[d]); d++)
		continue;
	if (d != 10 && d != 13 && d != 16 && d != 19)
		return 0;
	/* 2000-01-01 .. 2100-01-01 */
	return tm->epoch_ns >= 946684800LL * 1000000000 &&
	    tm->epoch_ns < 4102444800LL * 1000000000;
}

/*
 * Is the text before the second field (ending at line[at]) a label such
 * as BGL's "-" or "KERNDTLB"?  Bare numbers count as times only after
 * one, so that "Processed 1708574292 bytes" is not a timestamp.
 */
static int
label(const char *line, size_t at)
{
	size_t i, n;

	for (n = at; n > 0 && SP(line[n - 1]); n--)
		continue;
	if (n == 1 && line[0] == '-')
		return 1;
	if (n == 0 || n > 16)
		return 0;
	for (i = 0; i < n; i++)
		if (!((line[i] >= 'A' && line[i] <= 'Z') || DIGIT(line[i]) ||
		    line[i] == '_'))
			return 0;
	return 1;
}

/*
 * A stamp in the field at line[at], the fld-th field.  Returns 1 and
 * fills st, or 0.
 */
static int
try_stamp(const char *line, size_t n, size_t at, int fld, struct stamp *st)
{
	unsigned mask, layout = 0;
	size_t s = at, len;
	char open = 0, b;

	if (line[s] == '[' || line[s] == '(')
		open = line[s++];
	if (s + 4 >= n)
		return 0;
	b = line[s];
	st->glog = 0;
	if (DIGIT(b)) {
		mask = WAKE_TL_ISO8601 | WAKE_TL_APACHE | WAKE_TL_SLASH |
		    WAKE_TL_SPARK | WAKE_TL_DOTTED;
		if (fld == 0 || (fld == 1 && label(line, at)))
			mask |= WAKE_TL_EPOCH | WAKE_TL_COMPACT;
	} else if ((b == 'I' || b == 'W' || b == 'E' || b == 'F') &&
	    s + 5 < n && DIGIT(line[s + 1]) && DIGIT(line[s + 2]) &&
	    DIGIT(line[s + 3]) && DIGIT(line[s + 4]) && SP(line[s + 5])) {
		st->glog = b;
		mask = WAKE_TL_GLOG;
		s++;
	} else if (b >= 'A' && b <= 'Z' && is_name3(line + s, n - s))
		mask = WAKE_TL_RFC3164 | WAKE_TL_CTIME | WAKE_TL_RFC3164Y;
	else
		return 0;
	if ((len = wake_time_scan(line + s, n - s, mask, &st->tm,
	    &layout)) == 0)
		return 0;
	if (s + len < n && ALNUM(line[s + len]))
		return 0;	/* "2024-02-22T03:58:12x": not a field end */
	if (st->tm.is_epoch) {
		if (!epoch_ok(line + s, n - s, &st->tm))
			return 0;
	} else if (st->tm.hour < 0)
		return 0;	/* a date alone is too weak */
	st->at = at;
	st->end = s + len;
	if (open != 0 && st->end < n &&
	    line[st->end] == (open == '[' ? ']' : ')'))
		st->end++;
	return 1;
}

/* ---- level words ---- */

static const struct {
	char		 w[9];
	unsigned char	 n;
	signed char	 sev;
} levels[] = {
	{ "INFO", 4, WAKE_SEV_INFO },
	{ "WARN", 4, WAKE_SEV_WARN },
	{ "WARNING", 7, WAKE_SEV_WARN },
	{ "ERROR", 5, WAKE_SEV_ERR },
	{ "ERR", 3, WAKE_SEV_ERR },
	{ "FATAL", 5, WAKE_SEV_CRIT },
	{ "SEVERE", 6, WAKE_SEV_ERR },
	{ "DEBUG", 5, WAKE_SEV_DEBUG },
	{ "TRACE", 5, WAKE_SEV_DEBUG },
	{ "NOTICE", 6, WAKE_SEV_NOTICE },
	{ "CRITICAL", 8, WAKE_SEV_CRIT },
	{ "CRIT", 4, WAKE_SEV_CRIT },
	{ "ALERT", 5, WAKE_SEV_ALERT },
	{ "EMERG", 5, WAKE_SEV_EMERG },
	{ "PANIC", 5, WAKE_SEV_EMERG },
};

/*
 * Severity of a level word (upper case only, or any case), or -2.  The
 * severities are wk_sev_from_word()'s (a unit test checks), looked up
 * here without it: this runs on several fields of every line.
 */
static int
level_word(const char *p, size_t n, int anycase)
{
	char w[8];
	size_t i;
	int ch;

	if (n < 3 || n > 8)
		return -2;
	switch (p[0] & ~0x20) {	/* the initials of the words below */
	case 'A': case 'C': case 'D': case 'E': case 'F': case 'I':
	case 'N': case 'P': case 'S': case 'T': case 'W':
		break;
	default:
		return -2;
	}
	for (i = 0; i < n; i++) {
		ch = (unsigned char)p[i];
		if (anycase && ch >= 'a' && ch <= 'z')
			ch -= 'a' - 'A';
		if (ch < 'A' || ch > 'Z')
			return -2;
		w[i] = (char)ch;
	}
	for (i = 0; i < WK_NELEM(levels); i++)
		if (levels[i].n == n && levels[i].w[0] == w[0] &&
		    memcmp(levels[i].w, w, n) == 0)
			return levels[i].sev;
	return -2;
}

/* Severity of "[error]", "[core:error]", "[INFO ]", "<warn>", or -2. */
static int
level_inside(const char *p, size_t n)
{
	size_t i;

	while (n > 0 && SP(*p))
		p++, n--;
	while (n > 0 && SP(p[n - 1]))
		n--;
	for (i = n; i > 0; i--)
		if (p[i - 1] == ':') {
			p += i;
			n -= i;
			break;
		}
	return level_word(p, n, 1);
}

/* The end of a field starting at line[i]: a bracketed one may hold spaces. */
static size_t
field_end(const char *line, size_t n, size_t i)
{
	size_t j, lim;
	int depth;
	char open = line[i], close;

	if (open == '[' || open == '<') {
		close = open == '[' ? ']' : '>';
		lim = WK_MIN(n, i + 256);
		for (j = i + 1, depth = 1; j < lim; j++) {
			if (line[j] == open)
				depth++;
			else if (line[j] == close && --depth == 0)
				return j + 1;
		}
	}
	for (j = i; j < n && !SP(line[j]); j++)
		continue;
	return j;
}

static int
is_number(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!DIGIT(p[i]))
			return 0;
	return n > 0;
}

/* "-", "|", ":", "--", "=>" and the like between header fields. */
static int
is_sep(const char *p, size_t n)
{
	size_t i;

	if (n > 2)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr("-|:=>*", p[i]) == NULL)
			return 0;
	return n > 0;
}

/* Skip blanks and separator fields. */
static size_t
skip_seps(const char *line, size_t n, size_t i)
{
	size_t e;

	for (;;) {
		while (i < n && SP(line[i]))
			i++;
		for (e = i; e < n && e < i + 3 && !SP(line[e]); e++)
			continue;
		if (e == i || (e < n && !SP(line[e])) ||
		    !is_sep(line + i, e - i))
			return i;
		i = e;
	}
}

static int
generic_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	struct stamp st;
	const char *pid = NULL, *thr = NULL;
	size_t i, e, pidn = 0, thrn = 0, msg, pn;
	int fld, k, near, sev, found;
	char ch;

	if (n > 0 && line[n - 1] == '\r')
		n--;
	found = 0;
	for (i = 0, fld = 0; fld < MAX_FIELDS; fld++) {
		while (i < n && SP(line[i]))
			i++;
		if (i >= n || i >= MAX_COLUMN)
			break;
		ch = line[i];
		if ((DIGIT(ch) || (ch >= 'A' && ch <= 'Z') || ch == '[' ||
		    ch == '(') && try_stamp(line, n, i, fld, &st)) {
			found = 1;
			break;
		}
		while (i < n && !SP(line[i]))
			i++;
	}
	if (!found) {
		*why = "no timestamp in the first 6 fields";
		return WK_NOMATCH;
	}
	if (wk_resolve(c, &st.tm, &ev->ts) != WAKE_OK) {
		*why = "timestamp out of range";
		return WK_NOMATCH;
	}

	/* Text before the stamp. */
	for (pn = st.at; pn > 0 && SP(line[pn - 1]); pn--)
		continue;
	if (pn > 0 && !(pn == 1 && line[0] == '-') &&
	    wake_event_attr_ref(ev, "prefix", 6, line, pn) != WAKE_OK)
		goto nomem;

	msg = skip_seps(line, n, st.end);
	if (st.glog) {
		ch = (char)st.glog;
		ev->sev = wk_sev_from_word(&ch, 1);
		goto done;
	}
	near = 1;
	for (i = st.end, k = 0; k < NEAR_LEVEL; k++) {
		while (i < n && SP(line[i]))
			i++;
		if (i >= n)
			break;
		e = field_end(line, n, i);
		if ((line[i] == '[' && line[e - 1] == ']') ||
		    (line[i] == '<' && line[e - 1] == '>')) {
			if (near && e - i >= 2 &&
			    (sev = level_inside(line + i + 1, e - i - 2)) >= 0)
				goto level;
			if (near && line[i] == '[' && thr == NULL &&
			    e - i > 2) {
				thr = line + i + 1;
				thrn = e - i - 2;
			} else
				near = 0;
		} else if ((sev = level_word(line + i, e - i, 0)) >= 0) {
			goto level;
		} else if (near && e - i > 1 && line[e - 1] == ':' &&
		    (sev = level_word(line + i, e - i - 1, 1)) >= 0) {
			goto level;
		} else if (near && is_number(line + i, e - i) && pid == NULL) {
			pid = line + i;
			pidn = e - i;
		} else if (!is_sep(line + i, e - i))
			near = 0;
		i = e;
	}
	goto done;
level:
	ev->sev = sev;
	if (!near)
		goto done;	/* far from the stamp: msg keeps it all */
	msg = skip_seps(line, n, e);
	if (pid != NULL &&
	    wake_event_attr_ref(ev, "pid", 3, pid, pidn) != WAKE_OK)
		goto nomem;
	if (thr != NULL &&
	    wake_event_attr_ref(ev, "thread", 6, thr, thrn) != WAKE_OK)
		goto nomem;
done:
	ev->msg.p = msg < n ? line + msg : "";
	ev->msg.n = msg < n ? n - msg : 0;
	return WK_EVENT;
nomem:
	*why = "out of memory";
	return WK_NOMATCH;
}

const struct wk_format wk_fmt_generic = {
	"generic",
	"application logs with a timestamp in the first fields (log4j, "
	    "glog, Spark, ...)",
	WK_FOLD_NOTS | WK_FOLD_INDENT,
	NULL,
	NULL,
	NULL,
	generic_parse,
	NULL,
	NULL
};
