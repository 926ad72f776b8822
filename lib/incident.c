/*
 * Incidents: their phases, the two forms they travel in (phase events
 * and the incident table) and the intervals between the phases.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/incident.h>
#include <wake/input.h>

#include "internal.h"

#define NS		INT64_C(1000000000)
#define MAXCOLS		64

static const char *const phase_names[WAKE_PHASE_COUNT] = {
	"start", "detect", "ack", "mitigate", "recover", "resolve"
};

static const char *const iv_names[WAKE_IV_COUNT] = {
	"ttd", "tta", "ttm", "ttr", "dtr", "dvm"
};

/* Each interval as later phase minus earlier phase. */
static const struct {
	int	to;
	int	from;
} iv_def[WAKE_IV_COUNT] = {
	{ WAKE_PHASE_DETECT, WAKE_PHASE_START },
	{ WAKE_PHASE_ACK, WAKE_PHASE_DETECT },
	{ WAKE_PHASE_MITIGATE, WAKE_PHASE_START },
	{ WAKE_PHASE_RECOVER, WAKE_PHASE_START },
	{ WAKE_PHASE_RECOVER, WAKE_PHASE_DETECT },
	{ WAKE_PHASE_RESOLVE, WAKE_PHASE_RECOVER }
};

static const char table_magic[] = WAKE_INCIDENTS_MAGIC;
static const char table_header[] =
    "id\tstart\tdetect\tack\tmitigate\trecover\tresolve\tbasis\ttitle\t"
    "series\n";

const char *
wake_phase_name(int phase)
{
	if (phase < 0 || phase >= WAKE_PHASE_COUNT)
		return "?";
	return phase_names[phase];
}

int
wake_phase_parse(const char *s, size_t n)
{
	int i;

	for (i = 0; i < WAKE_PHASE_COUNT; i++)
		if (wk_streq(s, n, phase_names[i]))
			return i;
	return -1;
}

const char *
wake_interval_name(int iv)
{
	if (iv < 0 || iv >= WAKE_IV_COUNT)
		return "?";
	return iv_names[iv];
}

/* ---- the list ---- */

static void
incident_clear(struct wake_incident *inc)
{
	int i;

	for (i = 0; i < WAKE_PHASE_COUNT; i++) {
		free(inc->why[i]);
		free(inc->ref[i]);
	}
	free(inc->title);
	free(inc->series);
}

void
wake_incidents_free(struct wake_incidents *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		incident_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Is p[0..n) usable as an id (1..39 bytes, no NUL)? */
static int
id_ok(const char *p, size_t n)
{
	return n > 0 && n < sizeof(((struct wake_incident *)0)->id) &&
	    memchr(p, '\0', n) == NULL;
}

struct wake_incident *
wake_incidents_get(struct wake_incidents *l, const char *id, size_t n)
{
	struct wake_incident *v, *inc;
	size_t i, cap;
	int p;

	if (!id_ok(id, n))
		return NULL;
	/* From the end: the incident asked for is mostly a recent one. */
	for (i = l->n; i > 0; i--) {
		inc = &l->v[i - 1];
		if (strlen(inc->id) == n && memcmp(inc->id, id, n) == 0)
			return inc;
	}
	if (l->n == l->cap) {
		cap = l->cap == 0 ? 8 : l->cap * 2;
		if ((v = reallocarray(l->v, cap, sizeof(*v))) == NULL)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	inc = &l->v[l->n++];
	memset(inc, 0, sizeof(*inc));
	memcpy(inc->id, id, n);
	inc->id[n] = '\0';
	for (p = 0; p < WAKE_PHASE_COUNT; p++)
		inc->t[p] = WAKE_TIME_NONE;
	/* Measured once a recover phase or a basis says so. */
	inc->basis = WAKE_INCIDENT_DECLARED;
	return inc;
}

/* Replace *dst by a copy of p[0..n).  WAKE_OK or WAKE_ERR_NOMEM. */
static int
set_text(char **dst, const char *p, size_t n)
{
	char *s;

	if ((s = malloc(n + 1)) == NULL)
		return WAKE_ERR_NOMEM;
	memcpy(s, p, n);
	s[n] = '\0';
	free(*dst);
	*dst = s;
	return WAKE_OK;
}

static int
set_attr_text(char **dst, const struct wake_str *v)
{
	if (v == NULL)
		return WAKE_OK;
	return set_text(dst, v->p, v->n);
}

int
wake_incidents_add_event(struct wake_incidents *l,
    const struct wake_event *ev)
{
	const struct wake_str *id, *ph, *basis;
	struct wake_incident *inc;
	int p, later;

	if (ev->kind != WAKE_KIND_PHASE || ev->ts == WAKE_TIME_NONE)
		return 0;
	if ((id = wake_event_attr_get(ev, "incident")) == NULL ||
	    (ph = wake_event_attr_get(ev, "phase")) == NULL ||
	    (p = wake_phase_parse(ph->p, ph->n)) < 0 || !id_ok(id->p, id->n))
		return 0;
	if ((inc = wake_incidents_get(l, id->p, id->n)) == NULL)
		return WAKE_ERR_NOMEM;
	/*
	 * The same phase twice (a stream merged with itself, a re-run):
	 * the earliest time counts, but the latest for recover and for
	 * the declared resolution, whatever order the events came in.
	 */
	later = p == WAKE_PHASE_RECOVER || p == WAKE_PHASE_RESOLVE;
	if (inc->t[p] == WAKE_TIME_NONE ||
	    (later ? ev->ts > inc->t[p] : ev->ts < inc->t[p])) {
		inc->t[p] = ev->ts;
		free(inc->why[p]);
		free(inc->ref[p]);
		inc->why[p] = inc->ref[p] = NULL;
		if (set_attr_text(&inc->why[p],
		    wake_event_attr_get(ev, "why")) != WAKE_OK ||
		    set_attr_text(&inc->ref[p],
		    wake_event_attr_get(ev, "ref")) != WAKE_OK)
			return WAKE_ERR_NOMEM;
	}
	if ((basis = wake_event_attr_get(ev, "basis")) != NULL) {
		if (wk_streq(basis->p, basis->n, "measured"))
			inc->basis = WAKE_INCIDENT_MEASURED;
		else if (wk_streq(basis->p, basis->n, "declared"))
			inc->basis = WAKE_INCIDENT_DECLARED;
	} else if (p == WAKE_PHASE_RECOVER)
		inc->basis = WAKE_INCIDENT_MEASURED;
	if ((inc->title == NULL && set_attr_text(&inc->title,
	    wake_event_attr_get(ev, "title")) != WAKE_OK) ||
	    (inc->series == NULL && set_attr_text(&inc->series,
	    wake_event_attr_get(ev, "series")) != WAKE_OK))
		return WAKE_ERR_NOMEM;
	return 1;
}

static int
cmp_incident(const void *a, const void *b)
{
	const struct wake_incident *x = a, *y = b;
	wake_time_t sx = x->t[WAKE_PHASE_START], sy = y->t[WAKE_PHASE_START];

	if (sx != sy) {
		if (sx == WAKE_TIME_NONE)
			return 1;
		if (sy == WAKE_TIME_NONE)
			return -1;
		return sx < sy ? -1 : 1;
	}
	return strcmp(x->id, y->id);
}

void
wake_incidents_sort(struct wake_incidents *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_incident);
}

/* ---- the incident table ---- */

int
wake_incidents_is_table(const char *p, size_t n)
{
	size_t m = sizeof(table_magic) - 1;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		n -= 3;
	}
	return n >= m && memcmp(p, table_magic, m) == 0 &&
	    (n == m || p[m] == '\n' || p[m] == '\r' || p[m] == '\t' ||
	    p[m] == ' ');
}

/* Columns a table may have; COL_OTHER is skipped. */
#define COL_ID		0
#define COL_T0		1	/* COL_T0 + phase */
#define COL_BASIS	(COL_T0 + WAKE_PHASE_COUNT)
#define COL_TITLE	(COL_BASIS + 1)
#define COL_SERIES	(COL_TITLE + 1)
#define COL_NKNOWN	(COL_SERIES + 1)
#define COL_OTHER	(-1)

static int
col_parse(const char *p, size_t n)
{
	int ph;

	if (wk_streq(p, n, "id"))
		return COL_ID;
	if ((ph = wake_phase_parse(p, n)) >= 0)
		return COL_T0 + ph;
	if (wk_streq(p, n, "basis"))
		return COL_BASIS;
	if (wk_streq(p, n, "title"))
		return COL_TITLE;
	if (wk_streq(p, n, "series"))
		return COL_SERIES;
	return COL_OTHER;
}

/* Split line at tabs into f (at most max); returns the count or -1. */
static int
split_tabs(const char *p, size_t n, struct wake_str *f, int max)
{
	const char *e = p + n, *t;
	int k = 0;

	for (;;) {
		if (k == max)
			return -1;
		t = memchr(p, '\t', (size_t)(e - p));
		f[k].p = p;
		f[k].n = (size_t)((t != NULL ? t : e) - p);
		k++;
		if (t == NULL)
			return k;
		p = t + 1;
	}
}

static int
read_header(const struct wake_str *f, int nf, int *map, const char **why)
{
	int seen[COL_NKNOWN] = { 0 };
	int i;

	for (i = 0; i < nf; i++) {
		map[i] = col_parse(f[i].p, f[i].n);
		if (map[i] == COL_OTHER)
			continue;
		if (seen[map[i]]++) {
			*why = "column named twice in the header";
			return WAKE_ERR_FORMAT;
		}
	}
	if (!seen[COL_ID]) {
		*why = "header has no id column";
		return WAKE_ERR_FORMAT;
	}
	return WAKE_OK;
}

static int
is_dash(const struct wake_str *f)
{
	return f->n == 1 && f->p[0] == '-';
}

/* Unescape field f into tmp (emptied first). */
static int
unesc(const struct wake_str *f, struct wake_buf *tmp, const char **why)
{
	int rc;

	tmp->n = 0;
	if (f->n == 0)
		return wake_buf_reserve(tmp, 1);
	if ((rc = wake_unescape(f->p, f->n, tmp)) == WAKE_ERR_FORMAT)
		*why = "bad escape";
	return rc;
}

/* Check a row's fields before any is taken: a bad row changes nothing. */
static int
check_row(const struct wake_str *f, int nf, const int *map,
    struct wake_buf *tmp, const char **why)
{
	wake_time_t ts;
	int i, c, rc;

	for (i = 0; i < nf; i++) {
		c = map[i];
		if (c == COL_OTHER || (c != COL_ID && is_dash(&f[i])))
			continue;
		if (c >= COL_T0 && c < COL_T0 + WAKE_PHASE_COUNT) {
			if (wake_time_parse_utc(f[i].p, f[i].n, &ts) !=
			    WAKE_OK) {
				*why = "bad time";
				return WAKE_ERR_FORMAT;
			}
		} else if (c == COL_BASIS) {
			if (!wk_streq(f[i].p, f[i].n, "measured") &&
			    !wk_streq(f[i].p, f[i].n, "declared")) {
				*why = "basis is neither measured nor declared";
				return WAKE_ERR_FORMAT;
			}
		} else if ((rc = unesc(&f[i], tmp, why)) != WAKE_OK)
			return rc;
		else if (c == COL_ID && !id_ok(tmp->p, tmp->n)) {
			*why = tmp->n == 0 ? "empty id" : "id too long";
			return WAKE_ERR_FORMAT;
		}
	}
	return WAKE_OK;
}

static int
read_row(struct wake_incidents *l, const struct wake_str *f, int nf,
    const int *map, struct wake_buf *tmp, const char **why)
{
	struct wake_incident *inc = NULL;
	wake_time_t ts;
	char **dst;
	int i, c, rc;

	if ((rc = check_row(f, nf, map, tmp, why)) != WAKE_OK)
		return rc;
	for (i = 0; i < nf && inc == NULL; i++) {
		if (map[i] != COL_ID)
			continue;
		if ((rc = unesc(&f[i], tmp, why)) != WAKE_OK)
			return rc;
		if ((inc = wake_incidents_get(l, tmp->p, tmp->n)) == NULL)
			return WAKE_ERR_NOMEM;
	}
	for (i = 0; i < nf; i++) {
		c = map[i];
		if (c == COL_OTHER || c == COL_ID || is_dash(&f[i]))
			continue;
		if (c >= COL_T0 && c < COL_T0 + WAKE_PHASE_COUNT) {
			if (wake_time_parse_utc(f[i].p, f[i].n, &ts) == WAKE_OK)
				inc->t[c - COL_T0] = ts;
		} else if (c == COL_BASIS) {
			inc->basis = wk_streq(f[i].p, f[i].n, "measured") ?
			    WAKE_INCIDENT_MEASURED : WAKE_INCIDENT_DECLARED;
		} else {
			dst = c == COL_TITLE ? &inc->title : &inc->series;
			if ((rc = unesc(&f[i], tmp, why)) != WAKE_OK ||
			    (rc = set_text(dst, tmp->p, tmp->n)) != WAKE_OK)
				return rc;
		}
	}
	return WAKE_OK;
}

int
wake_incidents_read(struct wake_incidents *l, struct wake_input *in,
    uint64_t *line, const char **why)
{
	struct wake_str f[MAXCOLS];
	struct wake_buf tmp = WAKE_BUF_INIT;
	struct wake_line ln;
	int map[MAXCOLS];
	int rc, nf, ncols = 0, first = 1;

	*line = 0;
	*why = NULL;
	while ((rc = wake_input_line(in, &ln)) == WAKE_OK) {
		*line = ln.no;
		if (first) {
			first = 0;
			if (!wake_incidents_is_table(ln.p, ln.n)) {
				*why = "not an incident table (no \""
				    WAKE_INCIDENTS_MAGIC "\" line)";
				rc = WAKE_ERR_FORMAT;
				break;
			}
			continue;
		}
		if (ln.n == 0 || ln.p[0] == '#')
			continue;
		if (ln.truncated > 0) {
			*why = "line too long";
			rc = WAKE_ERR_FORMAT;
			break;
		}
		if ((nf = split_tabs(ln.p, ln.n, f, MAXCOLS)) < 0) {
			*why = "too many columns";
			rc = WAKE_ERR_FORMAT;
			break;
		}
		if (ncols == 0) {
			if ((rc = read_header(f, nf, map, why)) != WAKE_OK)
				break;
			ncols = nf;
			continue;
		}
		if (nf != ncols) {
			*why = nf < ncols ? "too few columns" :
			    "too many columns";
			rc = WAKE_ERR_FORMAT;
			break;
		}
		if ((rc = read_row(l, f, nf, map, &tmp, why)) != WAKE_OK)
			break;
	}
	wake_buf_free(&tmp);
	wake_incidents_sort(l);
	if (rc == WAKE_EOF) {
		if (first) {
			*why = "empty input, not an incident table";
			return WAKE_ERR_FORMAT;
		}
		return WAKE_OK;
	}
	if (rc == WAKE_ERR_NOMEM)
		*why = "out of memory";
	else if (*why == NULL)
		*why = "read error";
	return rc;
}

/* A text field: "-" for none, escaped, a text "-" as "\x2d". */
static int
put_text(struct wake_buf *out, const char *s, size_t n, int none)
{
	if (none)
		return wake_buf_putc(out, '-');
	if (n == 1 && s[0] == '-')
		return wake_buf_put(out, "\\x2d", 4);
	return wake_escape(s, n, out);
}

static int
put_time(struct wake_buf *out, wake_time_t t)
{
	char ts[25];

	if (t == WAKE_TIME_NONE)
		return wake_buf_putc(out, '-');
	wake_time_format(t, ts);
	return wake_buf_put(out, ts, 24);
}

static int
put_row(struct wake_buf *out, const struct wake_incident *inc)
{
	int p, rc;

	/* A row may not start with '#': it would read as a comment. */
	if (inc->id[0] == '#') {
		if ((rc = wake_buf_put(out, "\\x23", 4)) != WAKE_OK ||
		    (rc = put_text(out, inc->id + 1, strlen(inc->id + 1), 0)) !=
		    WAKE_OK)
			return rc;
	} else if ((rc = put_text(out, inc->id, strlen(inc->id), 0)) !=
	    WAKE_OK)
		return rc;
	for (p = 0; p < WAKE_PHASE_COUNT; p++)
		if ((rc = wake_buf_putc(out, '\t')) != WAKE_OK ||
		    (rc = put_time(out, inc->t[p])) != WAKE_OK)
			return rc;
	if ((rc = wake_buf_putc(out, '\t')) != WAKE_OK ||
	    (rc = wake_buf_put(out, inc->basis == WAKE_INCIDENT_MEASURED ?
	    "measured" : "declared", 8)) != WAKE_OK ||
	    (rc = wake_buf_putc(out, '\t')) != WAKE_OK ||
	    (rc = put_text(out, inc->title, inc->title == NULL ? 0 :
	    strlen(inc->title), inc->title == NULL)) != WAKE_OK ||
	    (rc = wake_buf_putc(out, '\t')) != WAKE_OK ||
	    (rc = put_text(out, inc->series, inc->series == NULL ? 0 :
	    strlen(inc->series), inc->series == NULL)) != WAKE_OK)
		return rc;
	return wake_buf_putc(out, '\n');
}

int
wake_incidents_write(const struct wake_incidents *l, struct wake_buf *out)
{
	size_t i;
	int rc;

	if ((rc = wake_buf_put(out, table_magic, sizeof(table_magic) - 1)) !=
	    WAKE_OK || (rc = wake_buf_putc(out, '\n')) != WAKE_OK ||
	    (rc = wake_buf_put(out, table_header, sizeof(table_header) - 1)) !=
	    WAKE_OK)
		return rc;
	for (i = 0; i < l->n; i++)
		if ((rc = put_row(out, &l->v[i])) != WAKE_OK)
			return rc;
	return WAKE_OK;
}

/* ---- phase events ---- */

static int
attr_z(struct wake_event *ev, const char *key, const char *val)
{
	if (val == NULL)
		return WAKE_OK;
	return wake_event_attr_ref(ev, key, strlen(key), val, strlen(val));
}

/* msg: "INC-20240222-1 detect: why". */
static int
phase_msg(struct wake_event *ev, const struct wake_incident *inc, int p)
{
	struct wake_buf b = WAKE_BUF_INIT;
	const char *s;
	int rc;

	if ((rc = wake_buf_put(&b, inc->id, strlen(inc->id))) != WAKE_OK ||
	    (rc = wake_buf_putc(&b, ' ')) != WAKE_OK ||
	    (rc = wake_buf_put(&b, phase_names[p], strlen(phase_names[p]))) !=
	    WAKE_OK)
		return rc;
	if (inc->why[p] != NULL &&
	    ((rc = wake_buf_put(&b, ": ", 2)) != WAKE_OK ||
	    (rc = wake_buf_put(&b, inc->why[p], strlen(inc->why[p]))) !=
	    WAKE_OK))
		return rc;
	s = wake_event_store(ev, b.p, b.n);
	if (s != NULL) {
		ev->msg.p = s;
		ev->msg.n = b.n;
	}
	wake_buf_free(&b);
	return s == NULL ? WAKE_ERR_NOMEM : WAKE_OK;
}

int
wake_incident_events(const struct wake_incident *inc,
    int (*fn)(void *arg, const struct wake_event *ev), void *arg,
    struct wake_event *ev)
{
	int p, rc, first = 1;

	for (p = 0; p < WAKE_PHASE_COUNT; p++) {
		if (inc->t[p] == WAKE_TIME_NONE)
			continue;
		wake_event_reset(ev);
		ev->ts = inc->t[p];
		ev->src.p = "wake";
		ev->src.n = 4;
		ev->host.p = "";
		ev->host.n = 0;
		ev->sev = WAKE_SEV_NOTICE;
		ev->kind = WAKE_KIND_PHASE;
		if ((rc = phase_msg(ev, inc, p)) != WAKE_OK ||
		    (rc = attr_z(ev, "incident", inc->id)) != WAKE_OK ||
		    (rc = attr_z(ev, "phase", phase_names[p])) != WAKE_OK ||
		    (rc = attr_z(ev, "why", inc->why[p])) != WAKE_OK ||
		    (rc = attr_z(ev, "ref", inc->ref[p])) != WAKE_OK)
			return rc;
		/* What the table holds beside the times rides on the first. */
		if (first && ((rc = attr_z(ev, "basis",
		    inc->basis == WAKE_INCIDENT_MEASURED ? "measured" :
		    "declared")) != WAKE_OK ||
		    (rc = attr_z(ev, "title", inc->title)) != WAKE_OK ||
		    (rc = attr_z(ev, "series", inc->series)) != WAKE_OK))
			return rc;
		first = 0;
		if ((rc = fn(arg, ev)) != 0)
			return rc;
	}
	return WAKE_OK;
}

/* ---- intervals ---- */

int64_t
wake_incident_interval(const struct wake_incident *inc, int iv)
{
	wake_time_t a, b;
	int64_t d;

	if (iv < 0 || iv >= WAKE_IV_COUNT)
		return WAKE_TIME_NONE;
	a = inc->t[iv_def[iv].to];
	b = inc->t[iv_def[iv].from];
	if (a == WAKE_TIME_NONE || b == WAKE_TIME_NONE)
		return WAKE_TIME_NONE;
	/* Times six centuries apart do not fit: clamp, keep NONE apart. */
	if (__builtin_sub_overflow(a, b, &d) || d == INT64_MIN)
		d = a > b ? INT64_MAX : -INT64_MAX;
	return d;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return q - (a % b != 0 && (a < 0) != (b < 0));
}

/*
 * Mean of v[0..n), rounded down, without overflow: whole seconds and
 * the nanoseconds left over are summed apart.
 */
static int64_t
mean_of(const int64_t *v, size_t n)
{
	int64_t qs = 0, rs = 0, r, a, b, m;
	size_t i;

	for (i = 0; i < n; i++) {
		qs += floordiv(v[i], NS);
		r = v[i] % NS;
		rs += r < 0 ? r + NS : r;
	}
	a = floordiv(qs, (int64_t)n);
	b = qs - a * (int64_t)n;
	if (__builtin_mul_overflow(a, NS, &m) ||
	    __builtin_add_overflow(m, (b * NS + rs) / (int64_t)n, &m))
		return a < 0 ? -INT64_MAX : INT64_MAX;
	return m;
}

int
wake_intervals_summarise(const struct wake_incidents *l, int iv,
    struct wake_interval_stats *st)
{
	int64_t *v, d;
	size_t i, k = 0, r;

	memset(st, 0, sizeof(*st));
	if (l->n == 0)
		return WAKE_OK;
	if ((v = reallocarray(NULL, l->n, sizeof(*v))) == NULL)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < l->n; i++)
		if ((d = wake_incident_interval(&l->v[i], iv)) !=
		    WAKE_TIME_NONE)
			v[k++] = d;
	st->n = k;
	st->missing = l->n - k;
	if (k > 0) {
		qsort(v, k, sizeof(*v), cmp_i64);
		st->mean = mean_of(v, k);
		/* Median: the middle one, or halfway between the two. */
		st->median = k % 2 ? v[k / 2] :
		    v[k / 2 - 1] / 2 + v[k / 2] / 2 +
		    (v[k / 2 - 1] % 2 + v[k / 2] % 2) / 2;
		/* p90 by nearest rank: the ceil(0.9 k)-th smallest. */
		r = (9 * k + 9) / 10;
		st->p90 = v[r - 1];
		st->max = v[k - 1];
	}
	free(v);
	return WAKE_OK;
}

size_t
wake_interval_format(int64_t ns, char *buf, size_t n)
{
	uint64_t v, s;
	const char *sg;
	int k;

	if (n == 0)
		return 0;
	if (ns == WAKE_TIME_NONE) {
		k = snprintf(buf, n, "-");
	} else {
		v = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
		s = v / (uint64_t)NS;
		sg = ns < 0 && s > 0 ? "-" : "";
		if (s >= 86400)
			k = snprintf(buf, n, "%s%llud%02lluh", sg,
			    (unsigned long long)(s / 86400),
			    (unsigned long long)(s % 86400 / 3600));
		else if (s >= 3600)
			k = snprintf(buf, n, "%s%lluh%02llum", sg,
			    (unsigned long long)(s / 3600),
			    (unsigned long long)(s % 3600 / 60));
		else if (s >= 60)
			k = snprintf(buf, n, "%s%llum%02llus", sg,
			    (unsigned long long)(s / 60),
			    (unsigned long long)(s % 60));
		else
			k = snprintf(buf, n, "%s%llus", sg,
			    (unsigned long long)s);
	}
	if (k < 0)
		k = 0;
	return (size_t)k < n ? (size_t)k : n - 1;
}

/* ---- loading an input of either form ---- */

/*
 * Could line be a phase event?  A TSV line whose kind column (the
 * fifth) is not "phase" is not; JSON and anything that does not start
 * with a timestamp is read in full.
 */
static int
maybe_phase(const char *p, size_t n)
{
	const char *e = p + n, *t = p, *k;
	int i;

	/* JSON, or not led by a timestamp: parse it, to say what is wrong. */
	if (n < 25 || p[0] == '{' || !wk_key_ok(p))
		return 1;
	for (i = 0; i < 4; i++) {
		if ((t = memchr(t, '\t', (size_t)(e - t))) == NULL)
			return 1;
		t++;
	}
	if ((k = memchr(t, '\t', (size_t)(e - t))) == NULL)
		return 1;
	return k - t == 5 && memcmp(t, "phase", 5) == 0;
}

/* The input's error without the "name: " it starts with. */
static const char *
input_why(const struct wake_input *in)
{
	const char *e = wake_input_error(in), *name = wake_input_name(in);
	size_t n = strlen(name);

	if (strncmp(e, name, n) == 0 && e[n] == ':' && e[n + 1] == ' ')
		e += n + 2;
	return *e != '\0' ? e : "read error";
}

int
wake_incidents_load(struct wake_incidents *l, struct wake_input *in,
    int form, int (*fn)(void *arg, const struct wake_event *ev), void *arg,
    wake_diag_fn diag, void *diag_arg)
{
	struct wake_event ev;
	struct wake_line ln;
	const char *p, *why;
	uint64_t line;
	size_t n;
	int rc, bad = 0, stop = 0;

	if (form == WAKE_INCIDENTS_AUTO) {
		n = wake_input_peek(in, &p, sizeof(table_magic) + 3);
		form = wake_incidents_is_table(p, n) ? WAKE_INCIDENTS_TABLE :
		    WAKE_INCIDENTS_EVENTS;
	}
	if (form == WAKE_INCIDENTS_TABLE) {
		rc = wake_incidents_read(l, in, &line, &why);
		if (rc == WAKE_ERR_FORMAT && diag != NULL)
			diag(diag_arg, wake_input_name(in),
			    (unsigned long)line, why);
		else if (rc != WAKE_OK && rc != WAKE_ERR_NOMEM && diag != NULL)
			diag(diag_arg, wake_input_name(in), 0, input_why(in));
		return rc;
	}
	wake_event_init(&ev);
	while (!stop && (rc = wake_input_line(in, &ln)) == WAKE_OK) {
		if (ln.n == 0 || ln.p[0] == '#')
			continue;
		if (ln.truncated > 0) {
			if (diag != NULL)
				diag(diag_arg, wake_input_name(in),
				    (unsigned long)ln.no,
				    "line longer than the cap, skipped");
			bad = 1;
			continue;
		}
		/* Only phase events are wanted: skip others unparsed. */
		if (fn == NULL && !maybe_phase(ln.p, ln.n))
			continue;
		wake_event_reset(&ev);
		if (wake_event_read(&ev, ln.p, ln.n, &why) != WAKE_OK) {
			if (diag != NULL)
				diag(diag_arg, wake_input_name(in),
				    (unsigned long)ln.no, why);
			bad = 1;
			continue;
		}
		if ((rc = wake_incidents_add_event(l, &ev)) < 0)
			break;
		stop = fn != NULL && fn(arg, &ev) != 0;
	}
	wake_event_free(&ev);
	if (stop)
		return WAKE_EOF;
	if (rc == WAKE_EOF)
		return bad ? WAKE_ERR_FORMAT : WAKE_OK;
	if (rc != WAKE_ERR_NOMEM && diag != NULL)
		diag(diag_arg, wake_input_name(in), 0, input_why(in));
	return rc;
}
