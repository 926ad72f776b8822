/*
 * lib/merge.c: key checks, sizes, the k-way merge, the external sort
 * and skew.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wake/merge.h>

#include "internal.h"
#include "test.h"

struct diags {
	int	 n;
	char	 last[256];
};

static void
on_diag(void *arg, const char *origin, unsigned long line, const char *why)
{
	struct diags *d = arg;

	d->n++;
	snprintf(d->last, sizeof(d->last), "%s:%lu: %s", origin, line, why);
}

/* Write text to a new temporary file; returns its path (static slots). */
static const char *
tmp_with(const char *text)
{
	static char paths[8][64];
	static int next;
	char *p = paths[next++ % 8];
	FILE *f;
	int fd;

	snprintf(p, 64, "/tmp/test_merge.XXXXXX");
	fd = mkstemp(p);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

struct run {
	struct wake_buf	out;
	struct diags	d;
	int		rc;
};

/* Merge paths with opts tweaked by the caller; output in r->out. */
static void
run_merge(struct run *r, struct wake_merge_opts *o, const char **paths,
    int n, const char **skews)
{
	struct wake_merge *m;
	int i;

	memset(r, 0, sizeof(*r));
	o->out = &r->out;
	o->diag = on_diag;
	o->diag_arg = &r->d;
	assert_int_equal(wake_merge_new(&m, o), WAKE_OK);
	for (i = 0; skews != NULL && skews[i] != NULL; i++)
		assert_int_equal(wake_merge_add_skew(m, skews[i]), WAKE_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(wake_merge_add_path(m, paths[i]), WAKE_OK);
	r->rc = wake_merge_run(m);
	wake_merge_free(m);
	/* NUL-terminate for string compares. */
	assert_int_equal(wake_buf_putc(&r->out, '\0'), WAKE_OK);
}

#define EV(ts, src, msg) ts "\t" src "\th\tinfo\tlog\t" msg "\t\n"

TEST(key_shape)
{
	char k[25] = "2024-02-22T09:58:12.345Z";
	static const char bytes[] = "0/:9-TZ.\x80\xff a";
	size_t i, j;

	assert_true(wk_key_ok(k));
	assert_true(wk_key_ok("0000-00-00T00:00:00.000Z"));
	assert_true(wk_key_ok("9999-99-99T99:99:99.999Z"));
	/* Every position: a byte of the wrong kind is caught. */
	for (i = 0; i < 24; i++)
		for (j = 0; j < sizeof(bytes) - 1; j++) {
			char save = k[i];
			int digit = strchr("-T:.Z", save) == NULL;
			int want;

			k[i] = bytes[j];
			want = digit ? (bytes[j] >= '0' && bytes[j] <= '9') :
			    bytes[j] == save;
			assert_int_equal(wk_key_ok(k), want);
			k[i] = save;
		}
	assert_int_equal(wk_key_time("1970-01-01T00:00:01.500Z"),
	    INT64_C(1500000000));
	assert_int_equal(wk_key_time("2024-02-22T09:58:12.345Z"),
	    INT64_C(1708595892345000000));
}

TEST(size_parse)
{
	size_t s;

	assert_int_equal(wake_size_parse("4096", &s), WAKE_OK);
	assert_int_equal(s, 4096);
	assert_int_equal(wake_size_parse("64k", &s), WAKE_OK);
	assert_int_equal(s, 65536);
	assert_int_equal(wake_size_parse("256M", &s), WAKE_OK);
	assert_int_equal(s, (size_t)256 << 20);
	assert_int_equal(wake_size_parse("1GiB", &s), WAKE_OK);
	assert_int_equal(s, (size_t)1 << 30);
	assert_int_equal(wake_size_parse("2G", &s), WAKE_OK);
	assert_int_equal(wake_size_parse("", &s), WAKE_ERR_USAGE);
	assert_int_equal(wake_size_parse("0", &s), WAKE_ERR_USAGE);
	assert_int_equal(wake_size_parse("12Q", &s), WAKE_ERR_USAGE);
	assert_int_equal(wake_size_parse("-1", &s), WAKE_ERR_USAGE);
	assert_int_equal(wake_size_parse("M", &s), WAKE_ERR_USAGE);
	assert_int_equal(wake_size_parse("99999999999999999999999", &s),
	    WAKE_ERR_USAGE);
	assert_int_equal(wake_size_parse("99999999999T", &s),
	    WAKE_ERR_USAGE);
}

TEST(merge_stable)
{
	struct wake_merge_opts o = WAKE_MERGE_OPTS_INIT;
	struct run r;
	const char *p[3];

	p[0] = tmp_with("#wake events 1\n"
	    EV("2024-02-22T10:00:00.000Z", "a", "a1")
	    EV("2024-02-22T10:00:01.000Z", "a", "a2")
	    EV("2024-02-22T10:00:01.000Z", "a", "a3"));
	p[1] = tmp_with("#wake events 1\n"
	    EV("2024-02-22T10:00:01.000Z", "b", "b1")
	    "#note\n"
	    EV("2024-02-22T10:00:02.000Z", "b", "b2"));
	p[2] = tmp_with(EV("2024-02-22T09:59:59.000Z", "c", "c1")
	    EV("2024-02-22T10:00:01.000Z", "c", "c2"));
	run_merge(&r, &o, p, 3, NULL);
	assert_int_equal(r.rc, WAKE_OK);
	assert_int_equal(r.d.n, 0);
	assert_string_equal(r.out.p, "#wake events 1\n"
	    EV("2024-02-22T09:59:59.000Z", "c", "c1")
	    EV("2024-02-22T10:00:00.000Z", "a", "a1")
	    EV("2024-02-22T10:00:01.000Z", "a", "a2")
	    EV("2024-02-22T10:00:01.000Z", "a", "a3")
	    EV("2024-02-22T10:00:01.000Z", "b", "b1")
	    "#note\n"
	    EV("2024-02-22T10:00:01.000Z", "c", "c2")
	    EV("2024-02-22T10:00:02.000Z", "b", "b2"));
	wake_buf_free(&r.out);
	unlink(p[0]);
	unlink(p[1]);
	unlink(p[2]);
}

TEST(merge_disorder_and_bad_lines)
{
	struct wake_merge_opts o = WAKE_MERGE_OPTS_INIT;
	struct run r;
	const char *p[2];

	p[0] = tmp_with(EV("2024-02-22T10:00:05.000Z", "a", "late")
	    EV("2024-02-22T10:00:01.000Z", "a", "early")
	    "garbage\n"
	    EV("2024-02-22T10:00:06.000Z", "a", "last"));
	p[1] = "/nonexistent/wake-test";
	run_merge(&r, &o, p, 2, NULL);
	assert_int_equal(r.rc, WAKE_OK);
	/* Out of order, the bad line, the missing file. */
	assert_int_equal(r.d.n, 3);
	assert_string_equal(r.out.p,
	    EV("2024-02-22T10:00:05.000Z", "a", "late")
	    EV("2024-02-22T10:00:01.000Z", "a", "early")
	    EV("2024-02-22T10:00:06.000Z", "a", "last"));
	wake_buf_free(&r.out);
	unlink(p[0]);
}

/* A shuffled stream of n events with many equal times. */
static char *
shuffled(int n)
{
	struct wake_buf b = WAKE_BUF_INIT;
	char line[128];
	int i;

	srand(42);
	for (i = 0; i < n; i++) {
		int s = rand() % 120;
		snprintf(line, sizeof(line),
		    "2024-02-22T10:%02d:%02d.000Z\ts%d\th\tinfo\tlog\t"
		    "event %d\tn=%d\n", s / 60, s % 60, i % 3, i, i);
		assert_int_equal(wake_buf_put(&b, line, strlen(line)),
		    WAKE_OK);
	}
	assert_int_equal(wake_buf_putc(&b, '\0'), WAKE_OK);
	return b.p;
}

TEST(sort_spills_equal_memory)
{
	struct wake_merge_opts o = WAKE_MERGE_OPTS_INIT;
	struct run mem, spill, js, jm;
	char *text = shuffled(2000);
	const char *p[1];

	p[0] = tmp_with(text);
	o.sort = 1;
	run_merge(&mem, &o, p, 1, NULL);
	assert_int_equal(mem.rc, WAKE_OK);
	assert_int_equal(mem.d.n, 0);
	/* 2000 lines of ~60 bytes in 1 KiB runs: over 100 runs, passes. */
	o.buffer_size = 1024;
	run_merge(&spill, &o, p, 1, NULL);
	assert_int_equal(spill.rc, WAKE_OK);
	assert_string_equal(spill.out.p, mem.out.p);
	assert_int_equal(strlen(mem.out.p), strlen(text));
	/* Sorted and stable: equal times keep the input order. */
	{
		const char *a = mem.out.p, *nl;
		long prev_n = -1;
		char prev[25] = "";

		while ((nl = strchr(a, '\n')) != NULL) {
			long nn = strtol(strstr(a, "n=") + 2, NULL, 10);
			int c = strncmp(prev, a, 24);

			assert_true(c <= 0);
			if (c == 0)
				assert_true(nn > prev_n);
			memcpy(prev, a, 24);
			prev_n = nn;
			a = nl + 1;
		}
	}
	/* JSON output: runs carry the key in front. */
	o.json = 1;
	run_merge(&js, &o, p, 1, NULL);
	o.buffer_size = 0;
	run_merge(&jm, &o, p, 1, NULL);
	assert_string_equal(js.out.p, jm.out.p);
	assert_true(strncmp(jm.out.p, "{\"ts\":\"2024-02-22T10:00:00.000Z\"",
	    32) == 0);
	wake_buf_free(&mem.out);
	wake_buf_free(&spill.out);
	wake_buf_free(&js.out);
	wake_buf_free(&jm.out);
	free(text);
	unlink(p[0]);
}

TEST(skew_window)
{
	struct wake_merge_opts o = WAKE_MERGE_OPTS_INIT;
	struct run r, s;
	const char *p[1], *sk[] = { "b=+90s", "c=-1m", NULL };

	/* One mixed, sorted stream: shifting breaks its order. */
	p[0] = tmp_with(EV("2024-02-22T10:00:00.000Z", "a", "a1")
	    EV("2024-02-22T10:00:10.000Z", "b", "b1")
	    EV("2024-02-22T10:00:20.000Z", "a", "a2")
	    EV("2024-02-22T10:01:30.000Z", "c", "c1")
	    EV("2024-02-22T10:02:00.000Z", "a", "a3"));
	run_merge(&r, &o, p, 1, sk);
	assert_int_equal(r.rc, WAKE_OK);
	assert_int_equal(r.d.n, 0);
	assert_string_equal(r.out.p,
	    EV("2024-02-22T10:00:00.000Z", "a", "a1")
	    EV("2024-02-22T10:00:20.000Z", "a", "a2")
	    "2024-02-22T10:00:30.000Z\tc\th\tinfo\tlog\tc1\tskew=-1m\n"
	    "2024-02-22T10:01:40.000Z\tb\th\tinfo\tlog\tb1\tskew=+90s\n"
	    EV("2024-02-22T10:02:00.000Z", "a", "a3"));
	o.sort = 1;
	run_merge(&s, &o, p, 1, sk);
	assert_string_equal(s.out.p, r.out.p);
	wake_buf_free(&r.out);
	wake_buf_free(&s.out);
	unlink(p[0]);
}

TEST(skew_specs)
{
	struct wake_merge_opts o = WAKE_MERGE_OPTS_INIT;
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_merge *m;

	o.out = &out;
	assert_int_equal(wake_merge_new(&m, &o), WAKE_OK);
	assert_int_equal(wake_merge_add_skew(m, "pbx=-90s"), WAKE_OK);
	assert_int_equal(wake_merge_add_skew(m, "pbx=1s"), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_merge_error(m), "twice"));
	assert_int_equal(wake_merge_add_skew(m, "pbx"), WAKE_ERR_USAGE);
	assert_int_equal(wake_merge_add_skew(m, "=1s"), WAKE_ERR_USAGE);
	assert_int_equal(wake_merge_add_skew(m, "a b=1s"), WAKE_ERR_USAGE);
	assert_int_equal(wake_merge_add_skew(m, "x=later"), WAKE_ERR_USAGE);
	assert_non_null(strstr(wake_merge_error(m), "bad duration"));
	wake_merge_free(m);
	wake_merge_free(NULL);
	assert_int_equal(wake_merge_new(&m, NULL), WAKE_ERR_USAGE);
}

static int
stop_now(void *arg)
{
	(*(int *)arg)++;
	return 1;
}

TEST(flush_stops)
{
	struct wake_merge_opts o = WAKE_MERGE_OPTS_INIT;
	struct wake_buf out = WAKE_BUF_INIT;
	struct wake_merge *m;
	char *text = shuffled(8000);
	const char *p = tmp_with(text);
	int calls = 0;

	o.out = &out;
	o.flush = stop_now;
	o.flush_arg = &calls;
	o.sort = 1;
	assert_int_equal(wake_merge_new(&m, &o), WAKE_OK);
	assert_int_equal(wake_merge_add_path(m, p), WAKE_OK);
	assert_int_equal(wake_merge_run(m), WAKE_EOF);
	assert_int_equal(calls, 1);
	wake_merge_free(m);
	wake_buf_free(&out);
	free(text);
	unlink(p);
}
