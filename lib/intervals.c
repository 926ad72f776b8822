/*
 * wake-intervals' output: per incident its phases and intervals, then
 * each interval over all incidents, as aligned text, Markdown tables,
 * TSV or JSON.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/incident.h>
#include <wake/render.h>

#include "internal.h"

#define NS	INT64_C(1000000000)
#define MS	INT64_C(1000000)

static const char *const iv_upper[WAKE_IV_COUNT] = {
	"TTD", "TTA", "TTM", "TTR", "DTR", "DVM"
};

static const char *const iv_what[WAKE_IV_COUNT] = {
	"time to detect: detect - start",
	"time to acknowledge: ack - detect",
	"time to mitigate: mitigate - start",
	"time to recover: recover - start",
	"detection to recovery: recover - detect",
	"declared vs measured: resolve - recover"
};

/* Output with a sticky error: one check at the end. */
static void
put_esc(struct wk_out *o, int (*esc)(const char *, size_t, struct wake_buf *),
    const char *s)
{
	if (o->rc == WAKE_OK)
		o->rc = esc(s, strlen(s), o->b);
}

/* Seconds, to the millisecond, as few digits as it takes: "720", "0.5". */
static void
put_secs(struct wk_out *o, int64_t ns)
{
	char buf[48];
	uint64_t v = ns < 0 ? -(uint64_t)ns : (uint64_t)ns;
	unsigned long long s = v / (uint64_t)NS;
	unsigned ms = (unsigned)(v % (uint64_t)NS / (uint64_t)MS);
	int k;

	k = snprintf(buf, sizeof(buf), "%s%llu", ns < 0 && (s > 0 || ms > 0) ?
	    "-" : "", s);
	if (ms > 0) {
		k += snprintf(buf + k, sizeof(buf) - (size_t)k, ".%03u", ms);
		while (buf[k - 1] == '0')
			k--;
	}
	wk_out_put(o, buf, (size_t)k);
}

/* ---- a table of cells, shown aligned or as Markdown ---- */

/* ---- the three tables ---- */

static int64_t
day_of(wake_time_t t)
{
	int64_t d = t / (86400 * NS);

	return d - (t % (86400 * NS) < 0);
}

/*
 * The phase times of a row: the first known one in full ("2024-02-22
 * 04:00:00"), the rest as a time of day with "+1d" when on a later day.
 */
static void
phase_cells(struct wk_table *t, const struct wake_incident *inc, size_t col)
{
	char ts[25], cell[40];
	int64_t d0 = 0, dd;
	int p, first = 1;

	for (p = 0; p < WAKE_PHASE_COUNT; p++, col++) {
		if (inc->t[p] == WAKE_TIME_NONE)
			continue;
		wake_time_format(inc->t[p], ts);
		if (first) {
			d0 = day_of(inc->t[p]);
			snprintf(cell, sizeof(cell), "%.10s %.8s", ts, ts + 11);
			first = 0;
		} else if ((dd = day_of(inc->t[p]) - d0) != 0)
			snprintf(cell, sizeof(cell), "%.8s%+lldd", ts + 11,
			    (long long)dd);
		else
			snprintf(cell, sizeof(cell), "%.8s", ts + 11);
		wk_table_set(t, col, cell);
	}
}

static int
build_tables(const struct wake_incidents *l, struct wk_table *ph,
    struct wk_table *iv, struct wk_table *sm, int md)
{
	struct wake_interval_stats st;
	char buf[64];
	size_t i;
	int p, k, rc;

	ph->head[0] = md ? "Incident" : "id";
	ph->head[1] = md ? "Basis" : "basis";
	for (p = 0; p < WAKE_PHASE_COUNT; p++)
		ph->head[2 + p] = md ? (const char *[]){ "Start (UTC)",
		    "Detect", "Ack", "Mitigate", "Recover", "Resolve" }[p] :
		    wake_phase_name(p);
	ph->ncol = 2 + WAKE_PHASE_COUNT;
	ph->text[0] = 1;
	iv->head[0] = ph->head[0];
	iv->text[0] = iv->text[1 + WAKE_IV_COUNT] = 1;
	for (k = 0; k < WAKE_IV_COUNT; k++) {
		iv->head[1 + k] = iv_upper[k];
		iv->right[1 + k] = 1;
	}
	iv->head[1 + WAKE_IV_COUNT] = md ? "Title" : "title";
	iv->ncol = 2 + WAKE_IV_COUNT;
	for (i = 0; i < l->n; i++) {
		wk_table_row(ph);
		wk_table_row(iv);
		if (ph->rc != WAKE_OK || iv->rc != WAKE_OK)
			break;
		wk_table_set(ph, 0, l->v[i].id);
		wk_table_set(ph, 1, l->v[i].basis == WAKE_INCIDENT_MEASURED ?
		    "measured" : "declared");
		phase_cells(ph, &l->v[i], 2);
		wk_table_set(iv, 0, l->v[i].id);
		for (k = 0; k < WAKE_IV_COUNT; k++) {
			wake_interval_format(wake_incident_interval(&l->v[i],
			    k), buf, sizeof(buf));
			wk_table_set(iv, 1 + (size_t)k, buf);
		}
		wk_table_set(iv, 1 + WAKE_IV_COUNT, l->v[i].title);
	}
	sm->head[0] = md ? "Interval" : "interval";
	sm->head[1] = md ? "Incidents" : "n";
	sm->head[2] = md ? "Mean" : "mean";
	sm->head[3] = md ? "Median" : "median";
	sm->head[4] = md ? "p90" : "p90";
	sm->head[5] = md ? "Max" : "max";
	sm->head[6] = md ? "Definition" : "definition";
	sm->ncol = 7;
	for (k = 1; k < 6; k++)
		sm->right[k] = 1;
	for (k = 0; k < WAKE_IV_COUNT; k++) {
		if ((rc = wake_intervals_summarise(l, k, &st)) != WAKE_OK)
			return rc;
		wk_table_row(sm);
		if (sm->rc != WAKE_OK)
			break;
		snprintf(buf, sizeof(buf), "%s%s", k < WAKE_IV_DTR ? "M" : "",
		    iv_upper[k]);
		wk_table_set(sm, 0, buf);
		snprintf(buf, sizeof(buf), "%zu of %zu", st.n, l->n);
		wk_table_set(sm, 1, buf);
		if (st.n > 0) {
			wake_interval_format(st.mean, buf, sizeof(buf));
			wk_table_set(sm, 2, buf);
			wake_interval_format(st.median, buf, sizeof(buf));
			wk_table_set(sm, 3, buf);
			wake_interval_format(st.p90, buf, sizeof(buf));
			wk_table_set(sm, 4, buf);
			wake_interval_format(st.max, buf, sizeof(buf));
			wk_table_set(sm, 5, buf);
		}
		wk_table_set(sm, 6, iv_what[k]);
	}
	return ph->rc != WAKE_OK ? ph->rc : iv->rc != WAKE_OK ? iv->rc :
	    sm->rc;
}

static int
write_people(const struct wake_incidents *l, int md, struct wk_out *o)
{
	struct wk_table ph, iv, sm;
	char head[64];
	int rc;

	memset(&ph, 0, sizeof(ph));
	memset(&iv, 0, sizeof(iv));
	memset(&sm, 0, sizeof(sm));
	if ((rc = build_tables(l, &ph, &iv, &sm, md)) == WAKE_OK) {
		if (md) {
			wk_out_puts(o, "## Phases\n\n");
			wk_table_md(o, &ph);
			wk_out_puts(o, "\n## Intervals\n\n");
			wk_table_md(o, &iv);
			snprintf(head, sizeof(head), "\n## Over %zu incident%s"
			    "\n\n", l->n, l->n == 1 ? "" : "s");
			wk_out_puts(o, head);
			wk_table_md(o, &sm);
		} else {
			wk_out_puts(o, "Phases (UTC)\n");
			wk_table_text(o, &ph, "");
			wk_out_puts(o, "\nIntervals\n");
			wk_table_text(o, &iv, "");
			snprintf(head, sizeof(head), "\nOver %zu incident%s\n",
			    l->n, l->n == 1 ? "" : "s");
			wk_out_puts(o, head);
			wk_table_text(o, &sm, "");
		}
	}
	wk_table_free(&ph);
	wk_table_free(&iv);
	wk_table_free(&sm);
	return rc != WAKE_OK ? rc : o->rc;
}

/* ---- TSV and JSON, in seconds ---- */

/* A TSV text cell: escaped as event fields are, no formula. */
static void
tsv_text(struct wk_out *o, const char *s)
{
	if (s == NULL || (s[0] == '-' && s[1] == '\0')) {
		wk_out_putc(o, '-');
		return;
	}
	if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')
		wk_out_putc(o, '\'');
	if (o->rc == WAKE_OK)
		o->rc = wake_escape(s, strlen(s), o->b);
}

static void
put_ts(struct wk_out *o, wake_time_t t, int json)
{
	char ts[25];

	if (t == WAKE_TIME_NONE) {
		wk_out_puts(o, json ? "null" : "-");
		return;
	}
	wake_time_format(t, ts);
	if (json)
		wk_out_putc(o, '"');
	wk_out_put(o, ts, 24);
	if (json)
		wk_out_putc(o, '"');
}

static void
put_iv(struct wk_out *o, int64_t ns, int json)
{
	if (ns == WAKE_TIME_NONE)
		wk_out_puts(o, json ? "null" : "-");
	else
		put_secs(o, ns);
}

static int
write_tsv(const struct wake_incidents *l, struct wk_out *o)
{
	struct wake_interval_stats st;
	size_t i;
	int p, k, rc;

	wk_out_puts(o, "id\tbasis");
	for (p = 0; p < WAKE_PHASE_COUNT; p++) {
		wk_out_putc(o, '\t');
		wk_out_puts(o, wake_phase_name(p));
	}
	for (k = 0; k < WAKE_IV_COUNT; k++) {
		wk_out_putc(o, '\t');
		wk_out_puts(o, wake_interval_name(k));
	}
	wk_out_puts(o, "\ttitle\n");
	for (i = 0; i < l->n; i++) {
		tsv_text(o, l->v[i].id);
		wk_out_puts(o, l->v[i].basis == WAKE_INCIDENT_MEASURED ?
		    "\tmeasured" : "\tdeclared");
		for (p = 0; p < WAKE_PHASE_COUNT; p++) {
			wk_out_putc(o, '\t');
			put_ts(o, l->v[i].t[p], 0);
		}
		for (k = 0; k < WAKE_IV_COUNT; k++) {
			wk_out_putc(o, '\t');
			put_iv(o, wake_incident_interval(&l->v[i], k), 0);
		}
		wk_out_putc(o, '\t');
		tsv_text(o, l->v[i].title);
		wk_out_putc(o, '\n');
	}
	wk_out_puts(o, "\ninterval\tn\tmissing\tmean\tmedian\tp90\tmax\n");
	for (k = 0; k < WAKE_IV_COUNT; k++) {
		if ((rc = wake_intervals_summarise(l, k, &st)) != WAKE_OK)
			return rc;
		wk_out_puts(o, wake_interval_name(k));
		wk_out_putc(o, '\t');
		if (o->rc == WAKE_OK)
			o->rc = wk_buf_putu(o->b, st.n);
		wk_out_putc(o, '\t');
		if (o->rc == WAKE_OK)
			o->rc = wk_buf_putu(o->b, st.missing);
		wk_out_putc(o, '\t');
		put_iv(o, st.n > 0 ? st.mean : WAKE_TIME_NONE, 0);
		wk_out_putc(o, '\t');
		put_iv(o, st.n > 0 ? st.median : WAKE_TIME_NONE, 0);
		wk_out_putc(o, '\t');
		put_iv(o, st.n > 0 ? st.p90 : WAKE_TIME_NONE, 0);
		wk_out_putc(o, '\t');
		put_iv(o, st.n > 0 ? st.max : WAKE_TIME_NONE, 0);
		wk_out_putc(o, '\n');
	}
	return o->rc;
}

static void
json_str(struct wk_out *o, const char *s)
{
	if (s == NULL)
		wk_out_puts(o, "null");
	else
		put_esc(o, wake_escape_json, s);
}

static int
write_json(const struct wake_incidents *l, struct wk_out *o)
{
	struct wake_interval_stats st;
	size_t i;
	int p, k, rc;

	wk_out_puts(o, "{\"incidents\":[");
	for (i = 0; i < l->n; i++) {
		wk_out_puts(o, i > 0 ? ",\n{\"id\":" : "\n{\"id\":");
		json_str(o, l->v[i].id);
		wk_out_puts(o, l->v[i].basis == WAKE_INCIDENT_MEASURED ?
		    ",\"basis\":\"measured\"" : ",\"basis\":\"declared\"");
		wk_out_puts(o, ",\"title\":");
		json_str(o, l->v[i].title);
		for (p = 0; p < WAKE_PHASE_COUNT; p++) {
			wk_out_puts(o, ",\"");
			wk_out_puts(o, wake_phase_name(p));
			wk_out_puts(o, "\":");
			put_ts(o, l->v[i].t[p], 1);
		}
		for (k = 0; k < WAKE_IV_COUNT; k++) {
			wk_out_puts(o, ",\"");
			wk_out_puts(o, wake_interval_name(k));
			wk_out_puts(o, "\":");
			put_iv(o, wake_incident_interval(&l->v[i], k), 1);
		}
		wk_out_putc(o, '}');
	}
	wk_out_puts(o, l->n > 0 ? "\n],\n\"summary\":{\"incidents\":" :
	    "],\n\"summary\":{\"incidents\":");
	if (o->rc == WAKE_OK)
		o->rc = wk_buf_putu(o->b, l->n);
	for (k = 0; k < WAKE_IV_COUNT; k++) {
		if ((rc = wake_intervals_summarise(l, k, &st)) != WAKE_OK)
			return rc;
		wk_out_puts(o, ",\n\"");
		wk_out_puts(o, wake_interval_name(k));
		wk_out_puts(o, "\":{\"n\":");
		if (o->rc == WAKE_OK)
			o->rc = wk_buf_putu(o->b, st.n);
		wk_out_puts(o, ",\"missing\":");
		if (o->rc == WAKE_OK)
			o->rc = wk_buf_putu(o->b, st.missing);
		wk_out_puts(o, ",\"mean\":");
		put_iv(o, st.n > 0 ? st.mean : WAKE_TIME_NONE, 1);
		wk_out_puts(o, ",\"median\":");
		put_iv(o, st.n > 0 ? st.median : WAKE_TIME_NONE, 1);
		wk_out_puts(o, ",\"p90\":");
		put_iv(o, st.n > 0 ? st.p90 : WAKE_TIME_NONE, 1);
		wk_out_puts(o, ",\"max\":");
		put_iv(o, st.n > 0 ? st.max : WAKE_TIME_NONE, 1);
		wk_out_putc(o, '}');
	}
	wk_out_puts(o, "}}\n");
	return o->rc;
}

int
wake_intervals_write(const struct wake_incidents *l, int format,
    struct wake_buf *out)
{
	struct wk_out o = { out, WAKE_OK };

	switch (format) {
	case WAKE_IVF_TEXT:
		return write_people(l, 0, &o);
	case WAKE_IVF_MD:
		return write_people(l, 1, &o);
	case WAKE_IVF_TSV:
		return write_tsv(l, &o);
	case WAKE_IVF_JSON:
		return write_json(l, &o);
	}
	return WAKE_ERR_USAGE;
}
