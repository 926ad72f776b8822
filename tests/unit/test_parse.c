/*
 * The parse driver with test-only formats, user formats, and source
 * labels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wake/parse.h>

#include "internal.h"
#include "test.h"

/* ---- test-only formats ---- */

/*
 * "tst": "T<epoch> <sev> <msg>" is an event ("!tz" in msg marks the
 * zone as assumed and ambiguous), "N <msg>" an event without time,
 * "+..." a continuation, "#..." a header; indented lines fold.
 */
static int live_states;

static void *
tst_init(const void *data)
{
	(void)data;
	live_states++;
	return &live_states;
}

static void
tst_fini(void *state)
{
	(void)state;
	live_states--;
}

static int
tst_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	size_t i = 1, s;
	int64_t secs = 0;

	assert_ptr_equal(c->state, &live_states);
	if (n > 0 && line[0] == '+')
		return WK_CONT;
	if (n > 0 && line[0] == '#')
		return WK_META;
	if (n > 2 && line[0] == 'N' && line[1] == ' ') {
		ev->msg.p = line + 2;
		ev->msg.n = n - 2;
		return WK_EVENT;
	}
	if (n < 2 || line[0] != 'T' || line[1] < '0' || line[1] > '9') {
		*why = "not a T line";
		return WK_NOMATCH;
	}
	while (i < n && line[i] >= '0' && line[i] <= '9')
		secs = secs * 10 + (line[i++] - '0');
	if (i == n || line[i] != ' ') {
		*why = "no space after the time";
		return WK_NOMATCH;
	}
	s = ++i;
	while (i < n && line[i] != ' ')
		i++;
	ev->ts = secs * 1000000000;
	ev->sev = wake_sev_parse(line + s, i - s);
	if (ev->sev < -1)
		ev->sev = WAKE_SEV_NONE;
	if (i < n)
		i++;
	ev->msg.p = line + i;
	ev->msg.n = n - i;
	if (memmem(line, n, "!tz", 3) != NULL)
		c->tzflags = WK_TZ_ASSUMED | WAKE_TZ_AMBIGUOUS;
	return WK_EVENT;
}

static const struct wk_format fmt_tst = {
	"tst", "test lines", WK_FOLD_INDENT | WK_SNIFF_STRICT, NULL,
	tst_init, tst_fini, tst_parse, NULL, NULL
};

/* "lse": loose, any line starting with T or L; the rest folds. */
static int
lse_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	(void)c;
	if (n == 0 || (line[0] != 'T' && line[0] != 'L')) {
		*why = "not T or L";
		return WK_NOMATCH;
	}
	ev->ts = 5000000000;
	ev->msg.p = line;
	ev->msg.n = n;
	ev->kind = WAKE_KIND_METRIC;
	return WK_EVENT;
}

static const struct wk_format fmt_lse = {
	"lse", "loose lines", WK_FOLD_NOTS, NULL, NULL, NULL, lse_parse,
	NULL, NULL
};

static const struct wk_format *const both[] = { &fmt_tst, &fmt_lse };
static const struct wk_format *const loose_first[] = { &fmt_lse, &fmt_tst };

/* ---- helpers ---- */

struct coll {
	struct wake_buf	out;
	int		n;
	int		stop_after;
};

static int
collect(void *arg, const struct wake_event *ev)
{
	struct coll *c = arg;

	assert_int_equal(wake_event_write_tsv(ev, &c->out), WAKE_OK);
	c->n++;
	return c->stop_after > 0 && c->n >= c->stop_after;
}

static const char *
text(struct coll *c)
{
	if (wake_buf_putc(&c->out, '\0') != WAKE_OK)
		return NULL;
	c->out.n--;
	return c->out.p;
}

static int
run_mem(struct wake_parser *p, const char *name, const char *data,
    size_t n, size_t max_line, struct coll *c, struct wake_parse_stats *st)
{
	struct wake_input_opts io = { max_line, 0, NULL, NULL };
	struct wake_input *in;
	int rc;

	assert_int_equal(wake_input_open_mem(&in, name, data, n, &io),
	    WAKE_OK);
	rc = wake_parser_run(p, in, collect, c, st);
	wake_input_free(in);
	return rc;
}

static int
run_str(struct wake_parser *p, const char *name, const char *data,
    struct coll *c, struct wake_parse_stats *st)
{
	return run_mem(p, name, data, strlen(data), 0, c, st);
}

static struct wake_parser *
parser(const struct wake_parse_opts *o, const struct wk_format *const *f,
    size_t n)
{
	struct wake_parser *p;

	assert_int_equal(wk_parser_new_formats(&p, o, f, n), WAKE_OK);
	return p;
}

static void
check_identity(const struct wake_parse_stats *st)
{
	assert_int_equal(st->lines, st->events + st->folded + st->raw +
	    st->rejected + st->skipped);
}

struct notes {
	int	n;
	char	last[256];
};

static void
note(void *arg, const char *origin, unsigned long line, const char *reason)
{
	struct notes *nt = arg;

	nt->n++;
	snprintf(nt->last, sizeof(nt->last), "%s:%lu: %s", origin, line,
	    reason);
}

/* ---- the driver ---- */

TEST(detects_and_emits)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p = parser(&o, both, 2);

	assert_int_equal(run_str(p, "/var/log/app.log.1",
	    "T10 info hello\nT11 err broken\n", &c, &st), WAKE_OK);
	assert_string_equal(text(&c),
	    "1970-01-01T00:00:10.000Z\tapp\t-\tinfo\tlog\thello\t"
	    "origin=/var/log/app.log.1:1\n"
	    "1970-01-01T00:00:11.000Z\tapp\t-\terr\tlog\tbroken\t"
	    "origin=/var/log/app.log.1:2\n");
	assert_string_equal(st.format, "tst");
	assert_int_equal(st.lines, 2);
	assert_int_equal(st.events, 2);
	assert_int_equal(st.bytes, 30);
	check_identity(&st);
	assert_int_equal(live_states, 0);
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

TEST(folds_indent_and_cont)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p;

	o.no_origin = 1;
	p = parser(&o, both, 2);
	assert_int_equal(run_str(p, "x",
	    "#header\nT1 warn a\n\tat b\n+c\n\nT2 info d\n  e\n", &c, &st),
	    WAKE_OK);
	assert_string_equal(text(&c),
	    "1970-01-01T00:00:01.000Z\tx\t-\twarn\tlog\ta\\n\\tat b\\n+c\t\n"
	    "1970-01-01T00:00:02.000Z\tx\t-\tinfo\tlog\td\\n  e\t\n");
	assert_int_equal(st.lines, 7);
	assert_int_equal(st.events, 2);
	assert_int_equal(st.folded, 3);
	assert_int_equal(st.skipped, 2);
	check_identity(&st);
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

TEST(fold_limits_make_raw)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p;

	o.no_origin = 1;
	o.max_fold = 2;
	p = parser(&o, both, 2);
	assert_int_equal(run_str(p, "x", "T1 info a\n b\n c\n d\n e\n", &c,
	    &st), WAKE_OK);
	assert_string_equal(text(&c),
	    "1970-01-01T00:00:01.000Z\tx\t-\tinfo\tlog\ta\\n b\\n c\t\n"
	    "1970-01-01T00:00:01.000Z\tx\t-\t-\traw\t d\tnotime=1\n"
	    "1970-01-01T00:00:01.000Z\tx\t-\t-\traw\t e\tnotime=1\n");
	assert_int_equal(st.folded, 2);
	assert_int_equal(st.raw, 2);
	check_identity(&st);
	wake_buf_free(&c.out);
	wake_parser_free(p);

	/* Bytes: an event's msg stays within max_line. */
	o.max_fold = 0;
	o.max_line = 8;
	p = parser(&o, both, 2);
	c.out.n = 0;
	assert_int_equal(run_str(p, "x", "T1 info abc\n de\n fgh\n", &c,
	    &st), WAKE_OK);
	assert_string_equal(text(&c),
	    "1970-01-01T00:00:01.000Z\tx\t-\tinfo\tlog\tabc\\n de\t\n"
	    "1970-01-01T00:00:01.000Z\tx\t-\t-\traw\t fgh\tnotime=1\n");
	check_identity(&st);
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

TEST(raw_lines_take_times)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	const char *want;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p;

	o.format = "tst";
	p = parser(&o, both, 2);
	/* Held until the first time; then the last time seen. */
	assert_int_equal(run_str(p, "x",
	    "junk 1\nN early\nT7 info a\njunk 2\nT9 info b\nT10 info c\n"
	    "T11 info d\nT12 info e\nT13 info f\nT14 info g\nT15 info h\n"
	    "T16 info i\nT17 info j\n", &c, &st), WAKE_OK);
	want = "1970-01-01T00:00:07.000Z\tx\t-\t-\traw\tjunk 1\tnotime=1 "
	    "origin=x:1\n"
	    "1970-01-01T00:00:07.000Z\tx\t-\t-\tlog\tearly\tnotime=1 "
	    "origin=x:2\n"
	    "1970-01-01T00:00:07.000Z\tx\t-\tinfo\tlog\ta\torigin=x:3\n"
	    "1970-01-01T00:00:07.000Z\tx\t-\t-\traw\tjunk 2\tnotime=1 "
	    "origin=x:4\n"
	    "1970-01-01T00:00:09.000Z\tx\t-\tinfo\tlog\tb\torigin=x:5\n";
	assert_mem_str(text(&c), strlen(want), want);
	assert_int_equal(st.raw, 2);
	assert_int_equal(st.events, 11);
	check_identity(&st);
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

TEST(unrecognised_is_raw_at_mtime)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct notes nt = { 0, "" };
	struct wake_parser *p;

	o.diag = note;
	o.diag_arg = &nt;
	o.source = "mine";
	p = parser(&o, both, 2);
	assert_int_equal(run_str(p, "-", "hello\nworld\n", &c, &st), WAKE_OK);
	assert_string_equal(text(&c),
	    "1970-01-01T00:00:00.000Z\tmine\t-\t-\traw\thello\tnotime=1 "
	    "origin=stdin:1\n"
	    "1970-01-01T00:00:00.000Z\tmine\t-\t-\traw\tworld\tnotime=1 "
	    "origin=stdin:2\n");
	assert_string_equal(st.format, "raw");
	assert_int_equal(nt.n, 1);
	assert_string_equal(nt.last, "stdin:0: format not recognised; lines "
	    "kept as raw events (see --explain-format)");
	check_identity(&st);
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

TEST(many_lines_without_time)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_buf in = WAKE_BUF_INIT;
	struct wake_parser *p;
	int i;

	o.no_origin = 1;
	p = parser(&o, both, 2);
	for (i = 0; i < 2500; i++)
		assert_int_equal(wake_buf_put(&in, "zz\n", 3), WAKE_OK);
	assert_int_equal(run_mem(p, "x", in.p, in.n, 0, &c, &st), WAKE_OK);
	assert_int_equal(c.n, 2500);
	assert_int_equal(st.raw, 2500);
	check_identity(&st);
	wake_buf_free(&in);
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

static int
test_reject(void *arg, const char *origin, uint64_t line, const char *p,
    size_t n)
{
	struct coll *r = arg;
	char head[64];

	snprintf(head, sizeof(head), "%s:%llu ", origin,
	    (unsigned long long)line);
	assert_int_equal(wake_buf_put(&r->out, head, strlen(head)), WAKE_OK);
	assert_int_equal(wake_buf_put(&r->out, p, n), WAKE_OK);
	assert_int_equal(wake_buf_putc(&r->out, '\n'), WAKE_OK);
	return 0;
}

TEST(rejects_go_to_the_callback)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct coll r = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p;

	o.no_origin = 1;
	o.format = "tst";
	o.reject = test_reject;
	o.reject_arg = &r;
	p = parser(&o, both, 2);
	assert_int_equal(run_str(p, "a.log", "T1 info a\nbad line\nT2 info "
	    "b\n", &c, &st), WAKE_OK);
	assert_int_equal(c.n, 2);
	assert_string_equal(text(&r), "a.log:2 bad line\n");
	assert_int_equal(st.rejected, 1);
	check_identity(&st);
	wake_buf_free(&c.out);
	wake_buf_free(&r.out);
	wake_parser_free(p);
}

TEST(window_filters)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p;

	o.since = 2000000000;
	o.until = 4000000000;
	o.no_origin = 1;
	p = parser(&o, both, 2);
	assert_int_equal(run_str(p, "x", "T1 info a\nT2 info b\nT3 info c\n"
	    "T4 info d\n", &c, &st), WAKE_OK);
	assert_string_equal(text(&c),
	    "1970-01-01T00:00:02.000Z\tx\t-\tinfo\tlog\tb\t\n"
	    "1970-01-01T00:00:03.000Z\tx\t-\tinfo\tlog\tc\t\n");
	assert_int_equal(st.filtered, 2);
	assert_int_equal(st.events, 4);
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

TEST(driver_attrs_in_order)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	const char *why;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p;
	char line[200];

	memset(line, 'x', sizeof(line));
	memcpy(line, "T3 info !tz ", 12);
	line[sizeof(line) - 1] = '\n';
	assert_int_equal(wake_tz_open("UTC", &o.tz, &why), WAKE_OK);
	p = parser(&o, both, 2);
	assert_int_equal(run_mem(p, "x", line, sizeof(line), 64, &c, &st),
	    WAKE_OK);
	assert_non_null(strstr(text(&c), "\ttz=UTC tz_ambiguous=1 "
	    "truncated=135 origin=x:1\n"));
	assert_int_equal(st.truncated, 1);
	wake_buf_free(&c.out);
	wake_parser_free(p);
	wake_tz_free(o.tz);
}

TEST(strict_beats_loose)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_buf in = WAKE_BUF_INIT;
	struct wake_parser *p;
	int i;

	/* 19 of 20 lines tst, all 20 lse: tst, strict, still wins. */
	for (i = 0; i < 19; i++)
		assert_int_equal(wake_buf_put(&in, "T1 info a\n", 10), WAKE_OK);
	assert_int_equal(wake_buf_put(&in, "L1\n", 3), WAKE_OK);
	p = parser(&o, loose_first, 2);
	assert_int_equal(run_mem(p, "x", in.p, in.n, 0, &c, &st), WAKE_OK);
	assert_string_equal(st.format, "tst");
	/* 17 of 20: below tst's 90%, lse it is. */
	in.n = 0;
	for (i = 0; i < 17; i++)
		assert_int_equal(wake_buf_put(&in, "T1 info a\n", 10), WAKE_OK);
	for (i = 0; i < 3; i++)
		assert_int_equal(wake_buf_put(&in, "L1\n", 3), WAKE_OK);
	assert_int_equal(run_mem(p, "x", in.p, in.n, 0, &c, &st), WAKE_OK);
	assert_string_equal(st.format, "lse");
	check_identity(&st);
	wake_buf_free(&in);
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

TEST(ties_go_to_table_order)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	static const struct wk_format *const two[] = { &fmt_lse, &fmt_lse };
	struct wake_parser *p = parser(&o, two, 2);

	assert_int_equal(run_str(p, "x", "L\nL\n", &c, &st), WAKE_OK);
	assert_string_equal(st.format, "lse");
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

TEST(binary_is_raw_and_an_error)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p = parser(&o, both, 2);

	assert_int_equal(run_mem(p, "b.bin", "T1 info \0x\nabc\n", 15, 0, &c,
	    &st), WAKE_ERR_FORMAT);
	assert_string_equal(wake_parser_error(p), "b.bin: binary data; lines "
	    "kept as raw events");
	assert_string_equal(st.format, "binary");
	assert_int_equal(st.raw, 2);
	assert_non_null(strstr(text(&c), "raw\tT1 info \\x00x\t"));
	/* Mostly control bytes. */
	c.out.n = 0;
	assert_int_equal(run_str(p, "c", "\x01\x02\x03\x04x\n", &c, &st),
	    WAKE_ERR_FORMAT);
	/* Escape sequences and tabs are text. */
	assert_int_equal(run_str(p, "d", "T1 info \x1b[1mbold\x1b[0m\tx\n",
	    &c, &st), WAKE_OK);
	assert_string_equal(st.format, "tst");
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

TEST(empty_input)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p = parser(&o, both, 2);

	assert_int_equal(run_str(p, "e", "", &c, &st), WAKE_OK);
	assert_int_equal(c.n, 0);
	assert_int_equal(st.lines, 0);
	assert_string_equal(st.format, "-");
	assert_int_equal(run_str(p, "e", "\n\n", &c, &st), WAKE_OK);
	assert_int_equal(st.skipped, 2);
	check_identity(&st);
	wake_parser_free(p);
}

TEST(callback_stops)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 1 };
	struct wake_parser *p = parser(&o, both, 2);

	assert_int_equal(run_str(p, "x", "T1 info a\nT2 info b\nT3 info c\n",
	    &c, &st), WAKE_EOF);
	assert_int_equal(c.n, 1);
	assert_int_equal(live_states, 0);
	/* The parser is fine for the next input. */
	c.stop_after = 0;
	assert_int_equal(run_str(p, "x", "T1 info a\nT2 info b\n", &c, &st),
	    WAKE_OK);
	assert_int_equal(c.n, 3);
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

TEST(forced_format)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p;

	o.format = "lse";
	p = parser(&o, both, 2);
	assert_true(wake_parser_has_format(p, "lse"));
	assert_false(wake_parser_has_format(p, "nope"));
	assert_int_equal(run_str(p, "x", "T1 info a\nzzz\n", &c, &st),
	    WAKE_OK);
	assert_string_equal(st.format, "lse");
	assert_int_equal(st.folded, 1);
	wake_parser_free(p);
	o.format = "nope";
	p = parser(&o, both, 2);
	assert_int_equal(run_str(p, "x", "T1 info a\n", &c, &st),
	    WAKE_ERR_USAGE);
	assert_string_equal(wake_parser_error(p), "unknown format 'nope'");
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

TEST(explains)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_input_opts io = { 0, 0, NULL, NULL };
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_input *in;
	struct wake_parser *p = parser(&o, both, 2);
	const char *data = "T1 info a\nLx\n";

	assert_int_equal(wake_input_open_mem(&in, "f", data, strlen(data),
	    &io), WAKE_OK);
	assert_int_equal(wake_parser_explain(p, in, 1, &out), WAKE_OK);
	assert_int_equal(wake_buf_putc(&out, '\0'), WAKE_OK);
	assert_string_equal(out.p,
	    "f:1: T1 info a\n"
	    "    tst        event\n"
	    "    lse        event\n"
	    "f: tst        1 of 2 lines (50%), 1 events; needs 90%\n"
	    "f: lse        2 of 2 lines (100%), 2 events; needs 30%: "
	    "qualifies\n"
	    "f: format: lse\n");
	wake_input_free(in);
	wake_buf_free(&out);
	wake_parser_free(p);
}

TEST(format_info)
{
	const char *name, *desc;
	size_t i;

	for (i = 0; wake_format_info(i, &name, &desc) == WAKE_OK; i++)
		assert_non_null(desc);
	assert_int_equal(i, 14);
	assert_int_equal(wake_format_info(0, &name, &desc), WAKE_OK);
	assert_string_equal(name, "rfc5424");
	assert_int_equal(wake_format_info(13, &name, &desc), WAKE_OK);
	assert_string_equal(name, "generic");
}

/* ---- source labels ---- */

static void
src_is(const char *name, const char *want)
{
	char out[64];

	wake_source_from_name(name, out, sizeof(out));
	if (strcmp(out, want) != 0)
		fail_msg("%s: got %s, want %s", name, out, want);
}

TEST(source_labels)
{
	char small[4];

	src_is("/var/log/router.log.1.gz", "router");
	src_is("syslog-20240222", "syslog");
	src_is("syslog.2.gz", "syslog");
	src_is("app.log-20240222.gz", "app");
	src_is("app_2024-02-22_03-00-00.log", "app");
	src_is("messages.2024-02-22", "messages");
	src_is("events.jsonl.zst", "events");
	src_is("a.json.xz", "a");
	src_is("old.log.Z", "old");
	src_is("notes.txt.bz2", "notes");
	src_is("-", "stdin");
	src_is("bundle.tar.gz//var/log/syslog", "syslog");
	src_is("logs/", "logs");
	src_is("queue log!.csv", "queue_log_");
	src_is("Master.csv", "Master");
	src_is("export.tsv.gz", "export");
	src_is("2024-02-22.log", "2024-02-22");
	src_is(".log", ".log");
	src_is("router-7", "router-7");
	src_is("v1.2.3", "v1.2.3");
	src_is("10.0.0.1.log", "10.0.0.1");
	wake_source_from_name("abcdef", small, sizeof(small));
	assert_string_equal(small, "abc");
}

/* ---- user formats ---- */

static struct wk_userfmts *
load(const char *text, char *err, size_t errsz)
{
	static const char *const taken[] = { "rfc3164", "generic" };
	struct wk_userfmts *u;

	if (wk_userfmt_load(&u, "t.format", text, strlen(text), taken, 2,
	    err, errsz) != WAKE_OK)
		return NULL;
	return u;
}

static void
load_fails(const char *text, const char *want)
{
	char err[512];

	if (load(text, err, sizeof(err)) != NULL)
		fail_msg("loaded: %s", text);
	if (strcmp(err, want) != 0)
		fail_msg("got \"%s\", want \"%s\"", err, want);
}

TEST(userfmt_errors)
{
	load_fails("", "t.format:1: no formats defined (expected '[name]' "
	    "and 'pattern = ...')");
	load_fails("pattern = x\n", "t.format:1: 'pattern' before any [name]");
	load_fails("# c\n[a]\nbogus = 1\n", "t.format:3: unknown key 'bogus' "
	    "(pattern, time, tz, kind, host, fold, desc)");
	load_fails("[a]\npattern = (x\n", "t.format:2: pattern: missing "
	    "closing parenthesis at offset 2");
	load_fails("[a]\ntime = %H\n[b]\npattern = x\n",
	    "t.format:1: [a] has no pattern");
	load_fails("[rfc3164]\n", "t.format:1: format 'rfc3164' is already "
	    "defined");
	load_fails("[a]\npattern = x\n[a]\n", "t.format:3: format 'a' is "
	    "already defined");
	load_fails("[a b]\n", "t.format:1: bad format name 'a b' (1 to 63 "
	    "letters, digits, '.', '_', '-')");
	load_fails("[a]\npattern = x\npattern = y\n",
	    "t.format:3: 'pattern' given twice");
	load_fails("[a]\nkind = blog\n", "t.format:2: unknown kind 'blog' "
	    "(log, call, chat, change, alert, report, phase, metric, raw)");
	load_fails("[a]\nfold = maybe\n", "t.format:2: fold must be indent, "
	    "notime or none");
	load_fails("[a\n", "t.format:1: expected ']' at the end of the line");
	load_fails("[a]\nwhat\n", "t.format:2: expected 'key = value' or "
	    "'[name]'");
}

struct urun {
	struct wk_pctx		 c;
	const struct wk_format	*f;
	struct wake_event	 ev;
};

static int
uparse(struct urun *r, const char *line, const char **why)
{
	wake_event_reset(&r->ev);
	*why = NULL;
	return r->f->parse(&r->c, line, strlen(line), &r->ev, why);
}

TEST(userfmt_matches)
{
	char err[512];
	struct wk_userfmts *u;
	struct urun r;
	const char *why;
	struct wake_buf out = WAKE_BUF_INIT;

	u = load("# a comment\r\n"
	    "[hdfs]\n"
	    "desc = HDFS datanode\n"
	    "pattern = ^(?<ts>\\d{6} \\d{6}) (?<pid>\\d+) (?<sev>[A-Z]+) "
	    "(?<msg>.*)$\n"
	    "time = %y%m%d %H%M%S\n"
	    "host = dn1\n"
	    "kind = metric\n"
	    "\n"
	    "[other]\n"
	    "pattern = ^x(?<opt>y)?\n"
	    "fold = notime\n", err, sizeof(err));
	if (u == NULL)
		fail_msg("%s", err);
	assert_int_equal(wk_userfmt_count(u), 2);
	memset(&r, 0, sizeof(r));
	wake_event_init(&r.ev);
	r.f = wk_userfmt_get(u, 0);
	assert_string_equal(r.f->name, "hdfs");
	assert_string_equal(r.f->desc, "HDFS datanode");
	assert_int_equal(r.f->flags, WK_FOLD_INDENT | WK_SNIFF_STRICT);
	assert_int_equal(wake_tz_open("UTC", &r.c.tz, &why), WAKE_OK);
	r.c.fmt_data = r.f->data;
	r.c.state = r.f->init(r.f->data);
	assert_non_null(r.c.state);
	assert_int_equal(uparse(&r, "081109 203615 148 INFO dfs.DataNode: "
	    "got \xff block", &why), WK_EVENT);
	r.ev.src.p = "s";
	r.ev.src.n = 1;
	assert_int_equal(wake_event_write_tsv(&r.ev, &out), WAKE_OK);
	assert_mem_str(out.p, out.n, "2008-11-09T20:36:15.000Z\ts\tdn1\tinfo\t"
	    "metric\tdfs.DataNode: got \\xff block\tpid=148\n");
	assert_int_equal(uparse(&r, "nope", &why), WK_NOMATCH);
	assert_string_equal(why, "pattern does not match");
	assert_int_equal(uparse(&r, "089909 203615 1 INFO x", &why),
	    WK_NOMATCH);
	assert_string_equal(why, "ts group does not fit the time layout");
	r.f->fini(r.c.state);

	r.f = wk_userfmt_get(u, 1);
	assert_int_equal(r.f->flags, WK_FOLD_NOTS);
	r.c.fmt_data = r.f->data;
	r.c.state = r.f->init(r.f->data);
	assert_int_equal(uparse(&r, "xz", &why), WK_EVENT);
	assert_int_equal(r.ev.ts, WAKE_TIME_NONE);
	assert_int_equal(r.ev.nattrs, 0);
	assert_mem_str(r.ev.msg.p, r.ev.msg.n, "xz");
	assert_int_equal(uparse(&r, "xy", &why), WK_EVENT);
	assert_int_equal(r.ev.nattrs, 1);
	r.f->fini(r.c.state);
	assert_null(wk_userfmt_get(u, 2));
	wake_tz_free(r.c.tz);
	wake_event_free(&r.ev);
	wake_buf_free(&out);
	wk_userfmt_free(u);
}

TEST(userfmt_match_limit)
{
	char err[512], line[64];
	struct wk_userfmts *u;
	struct urun r;
	const char *why;

	u = load("[slow]\npattern = ^(a+)+$\n", err, sizeof(err));
	if (u == NULL)
		fail_msg("%s", err);
	memset(&r, 0, sizeof(r));
	wake_event_init(&r.ev);
	r.f = wk_userfmt_get(u, 0);
	r.c.fmt_data = r.f->data;
	r.c.state = r.f->init(r.f->data);
	memset(line, 'a', sizeof(line) - 2);
	line[sizeof(line) - 2] = 'b';
	line[sizeof(line) - 1] = '\0';
	assert_int_equal(uparse(&r, line, &why), WK_NOMATCH);
	assert_string_equal(why, "pattern hit the match limit");
	r.f->fini(r.c.state);
	wake_event_free(&r.ev);
	wk_userfmt_free(u);
}

TEST(user_formats_in_the_parser)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p;
	char dir[] = "/tmp/test_parse.XXXXXX", path[256];
	const char *name, *desc;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/b.format", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("[bee]\npattern = ^B (?<msg>.*)\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/a.format", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("[ay]\npattern = ^T(?<ts>\\d+) (?<msg>.*)\ntime = %s\n"
	    "tz = UTC\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/c.txt", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("not a format file\n", f);
	fclose(f);

	o.no_origin = 1;
	p = parser(&o, both, 2);
	assert_int_equal(wake_parser_add_formats(p, dir), WAKE_OK);
	assert_int_equal(wake_parser_format_info(p, 0, &name, &desc), WAKE_OK);
	assert_string_equal(name, "ay");
	assert_int_equal(wake_parser_format_info(p, 1, &name, &desc), WAKE_OK);
	assert_string_equal(name, "bee");
	assert_int_equal(wake_parser_format_info(p, 2, &name, &desc), WAKE_OK);
	assert_string_equal(name, "tst");
	assert_int_equal(wake_parser_format_info(p, 4, &name, &desc),
	    WAKE_EOF);
	/* Ties go to user formats first. */
	assert_int_equal(run_str(p, "x", "T1 info a\n", &c, &st), WAKE_OK);
	assert_string_equal(st.format, "ay");
	assert_string_equal(text(&c),
	    "1970-01-01T00:00:01.000Z\tx\t-\t-\tlog\tinfo a\t\n");
	/* Loading again clashes with the names now taken. */
	assert_int_equal(wake_parser_add_formats(p, path), WAKE_ERR_USAGE);
	snprintf(path, sizeof(path), "%s/a.format", dir);
	assert_int_equal(wake_parser_add_formats(p, path), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_parser_error(p), "a.format:1: format "
	    "'ay' is already defined"));
	assert_int_equal(wake_parser_add_formats(p, "/nonexistent/x"),
	    WAKE_ERR_USAGE);
	assert_string_equal(wake_parser_error(p), "/nonexistent/x: No such "
	    "file or directory");
	unlink(path);
	snprintf(path, sizeof(path), "%s/b.format", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/c.txt", dir);
	unlink(path);
	rmdir(dir);
	wake_buf_free(&c.out);
	wake_parser_free(p);
}

/*
 * "sta": the host lives in the format's state, overwritten by the next
 * line; an attr value in the event's arena; the msg in the line.  The
 * pending event must keep them all.
 */
struct sta_state {
	char	buf[64];
};

static void *
sta_init(const void *data)
{
	(void)data;
	return calloc(1, sizeof(struct sta_state));
}

static void
sta_fini(void *state)
{
	free(state);
}

static int
sta_parse(struct wk_pctx *c, const char *line, size_t n,
    struct wake_event *ev, const char **why)
{
	struct sta_state *s = c->state;

	if (n < 2 || n > sizeof(s->buf) || line[0] != 'S') {
		*why = "not S";
		return WK_NOMATCH;
	}
	memcpy(s->buf, line, n);
	ev->ts = 1000000000;
	ev->host.p = s->buf;
	ev->host.n = n;
	ev->msg.p = line + 1;
	ev->msg.n = n - 1;
	assert_int_equal(wake_event_attr(ev, "k", 1, line, n), WAKE_OK);
	assert_int_equal(wake_event_attr_ref(ev, "r", 1, line + 1, 1),
	    WAKE_OK);
	return WK_EVENT;
}

static const struct wk_format fmt_sta = {
	"sta", "state strings", WK_FOLD_INDENT, NULL, sta_init, sta_fini,
	sta_parse, NULL, NULL
};

TEST(strings_outlive_the_line)
{
	static const struct wk_format *const one[] = { &fmt_sta };
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_input_opts io = { 0, 0, NULL, NULL };
	struct wake_parse_stats st;
	struct coll c = { WAKE_BUF_INIT, 0, 0 };
	struct wake_parser *p;
	struct wake_input *in;
	char path[] = "/tmp/test_parse_sta.XXXXXX";
	FILE *f;
	int fd;

	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fputs("Sab\n x\nScd\nSef\n", f);
	fclose(f);
	o.no_origin = 1;
	o.source = "s";
	p = parser(&o, one, 1);
	assert_int_equal(wake_input_open_path(&in, path, &io), WAKE_OK);
	assert_int_equal(wake_parser_run(p, in, collect, &c, &st), WAKE_OK);
	assert_string_equal(text(&c),
	    "1970-01-01T00:00:01.000Z\ts\tSab\t-\tlog\tab\\n x\t"
	    "k=Sab r=a\n"
	    "1970-01-01T00:00:01.000Z\ts\tScd\t-\tlog\tcd\t"
	    "k=Scd r=c\n"
	    "1970-01-01T00:00:01.000Z\ts\tSef\t-\tlog\tef\t"
	    "k=Sef r=e\n");
	wake_input_free(in);
	unlink(path);
	wake_buf_free(&c.out);
	wake_parser_free(p);
}
