/*
 * The event writer: threaded and inline give the bytes of
 * wake_event_write_tsv/_json, in order; errors of out stop put; free
 * without close neither leaks nor hangs.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <wake/writer.h>

#include "test.h"

#define CHUNK_MIN	(64 * 1024)

/* What out() saw. */
struct sink {
	struct wake_buf	 b;
	size_t		 calls;
	size_t		 short_calls;	/* chunks under CHUNK_MIN */
	size_t		 fail_at;	/* first call to fail; 0: none */
	int		 other_thread;	/* a call came from another thread */
	pthread_t	 self;
	unsigned	 delay_us;	/* sleep in each call */
};

static int
sink_out(void *arg, const char *p, size_t n)
{
	struct sink *k = arg;
	struct timespec ts;

	assert_true(n > 0);
	if (!pthread_equal(pthread_self(), k->self))
		k->other_thread = 1;
	if (k->delay_us > 0) {
		ts.tv_sec = 0;
		ts.tv_nsec = (long)k->delay_us * 1000;
		nanosleep(&ts, NULL);
	}
	k->calls++;
	if (k->fail_at > 0 && k->calls >= k->fail_at)
		return WAKE_ERR_IO;
	if (n < CHUNK_MIN)
		k->short_calls++;
	assert_int_equal(wake_buf_put(&k->b, p, n), WAKE_OK);
	return WAKE_OK;
}

static void
sink_init(struct sink *k)
{
	memset(k, 0, sizeof(*k));
	k->self = pthread_self();
}

/* A small deterministic generator (xorshift64). */
static uint64_t rnd_state = 88172645463325252ULL;

static uint64_t
rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

#define BIG	(5 * 1024 * 1024)	/* more than a batch */

/*
 * Event i of a varied stream: empty and odd src/host, control bytes,
 * invalid UTF-8, quotes in attrs, no attrs or many, and now and then a
 * message bigger than a batch.
 */
struct gen {
	struct wake_event	 ev;
	struct wake_attr	 attrs[40];
	char			 msg[300];
	char			*big;
};

static void
gen_event(struct gen *g, size_t i)
{
	static const char *const hosts[] = { "", "r1", "web-07", "h\tx",
	    "caf\xc3\xa9", "bad\xff" };
	static const char *const vals[] = { "", "1", "two words", "q\"uote",
	    "a=b", "x\\y", "\xe2\x82\xac", "\x80", "line\nbreak" };
	size_t j, n;
	uint64_t r = rnd();

	wake_event_init(&g->ev);
	g->ev.ts = (wake_time_t)(r % 4000000000000000000ULL) -
	    (i % 7 == 0 ? 2000000000000000000LL : 0);
	if (i % 13 == 0)
		g->ev.ts = WAKE_TIME_NONE;
	g->ev.src.p = i % 5 == 0 ? "" : "syslog";
	g->ev.src.n = strlen(g->ev.src.p);
	g->ev.host.p = hosts[i % 6];
	g->ev.host.n = strlen(g->ev.host.p);
	g->ev.sev = (int)(r >> 8) % 9 - 1;
	g->ev.kind = (int)((r >> 16) % WAKE_KIND_COUNT);
	n = (size_t)(r >> 24) % sizeof(g->msg);
	for (j = 0; j < n; j++)
		g->msg[j] = (char)(rnd() & 0xff);
	if (i % 3 == 0)
		for (j = 0; j < n; j++)
			g->msg[j] = (char)('a' + j % 26);
	g->ev.msg.p = g->msg;
	g->ev.msg.n = n;
	if (i % 40000 == 17) {
		g->ev.msg.p = g->big;
		g->ev.msg.n = BIG;
	}
	n = (size_t)(r >> 40) % 6;
	if (i % 1000 == 3)
		n = sizeof(g->attrs) / sizeof(g->attrs[0]);
	for (j = 0; j < n; j++) {
		g->attrs[j].key.p = j % 2 ? "origin" : "k";
		g->attrs[j].key.n = strlen(g->attrs[j].key.p);
		g->attrs[j].val.p = vals[(i + j) % 9];
		g->attrs[j].val.n = strlen(g->attrs[j].val.p);
	}
	g->ev.attrs = n > 0 ? g->attrs : NULL;
	g->ev.nattrs = n;
}

static void
gen_init(struct gen *g)
{
	size_t j;

	memset(g, 0, sizeof(*g));
	g->big = malloc(BIG);
	assert_non_null(g->big);
	for (j = 0; j < BIG; j++)
		g->big[j] = (char)(j % 97 == 0 ? '\t' : 'A' + j % 23);
	rnd_state = 88172645463325252ULL;
}

/* Write n events through a writer; the sink gets the bytes. */
static void
run_writer(struct sink *k, int json, int threaded, size_t n)
{
	struct wake_writer *w;
	struct gen g;
	size_t i;

	gen_init(&g);
	assert_int_equal(wake_writer_new(&w, json, sink_out, k, threaded),
	    WAKE_OK);
	for (i = 0; i < n; i++) {
		gen_event(&g, i);
		assert_int_equal(wake_writer_put(w, &g.ev), WAKE_OK);
	}
	assert_int_equal(wake_writer_close(w), WAKE_OK);
	/* Closed: no more events. */
	assert_int_equal(wake_writer_put(w, &g.ev), WAKE_ERR_USAGE);
	wake_writer_free(w);
	free(g.big);
}

/* The same n events written directly. */
static void
run_direct(struct wake_buf *b, int json, size_t n)
{
	struct gen g;
	size_t i;

	gen_init(&g);
	for (i = 0; i < n; i++) {
		gen_event(&g, i);
		assert_int_equal(json ? wake_event_write_json(&g.ev, b) :
		    wake_event_write_tsv(&g.ev, b), WAKE_OK);
	}
	free(g.big);
}

static void
same_bytes(int json, size_t n)
{
	struct wake_buf want = WAKE_BUF_INIT;
	struct sink inl, thr;

	run_direct(&want, json, n);
	sink_init(&inl);
	run_writer(&inl, json, 0, n);
	sink_init(&thr);
	run_writer(&thr, json, 1, n);
	assert_int_equal(inl.b.n, want.n);
	assert_true(memcmp(inl.b.p, want.p, want.n) == 0);
	assert_int_equal(thr.b.n, want.n);
	assert_true(memcmp(thr.b.p, want.p, want.n) == 0);
	/* Chunks of 64 KiB at least, but the last. */
	assert_true(inl.short_calls <= 1);
	assert_true(thr.short_calls <= 1);
	assert_false(inl.other_thread);
	assert_true(thr.other_thread);
	wake_buf_free(&want);
	wake_buf_free(&inl.b);
	wake_buf_free(&thr.b);
}

TEST(writer_tsv_same_bytes)
{
	same_bytes(0, 200000);
}

TEST(writer_json_same_bytes)
{
	same_bytes(1, 90000);
}

TEST(writer_no_events)
{
	struct wake_writer *w;
	struct sink k;
	int t;

	for (t = 0; t < 2; t++) {
		sink_init(&k);
		assert_int_equal(wake_writer_new(&w, 0, sink_out, &k, t),
		    WAKE_OK);
		assert_int_equal(wake_writer_flush(w), WAKE_OK);
		assert_int_equal(wake_writer_close(w), WAKE_OK);
		assert_int_equal(wake_writer_close(w), WAKE_OK);
		wake_writer_free(w);
		assert_int_equal(k.calls, 0);
	}
	wake_writer_free(NULL);
	assert_int_equal(wake_writer_new(&w, 0, NULL, NULL, 1),
	    WAKE_ERR_USAGE);
	assert_null(w);
}

/* Flush hands over everything so far, the short last chunk too. */
TEST(writer_flush)
{
	struct wake_buf want = WAKE_BUF_INIT;
	struct wake_writer *w;
	struct sink k;
	struct gen g;
	size_t i;
	int t;

	for (t = 0; t < 2; t++) {
		sink_init(&k);
		gen_init(&g);
		want.n = 0;
		assert_int_equal(wake_writer_new(&w, 0, sink_out, &k, t),
		    WAKE_OK);
		for (i = 0; i < 1000; i++) {
			gen_event(&g, i);
			assert_int_equal(wake_writer_put(w, &g.ev), WAKE_OK);
			assert_int_equal(wake_event_write_tsv(&g.ev, &want),
			    WAKE_OK);
			if (i % 300 == 0) {
				assert_int_equal(wake_writer_flush(w),
				    WAKE_OK);
				assert_int_equal(k.b.n, want.n);
				assert_true(memcmp(k.b.p, want.p,
				    want.n) == 0);
			}
		}
		assert_int_equal(wake_writer_close(w), WAKE_OK);
		assert_int_equal(k.b.n, want.n);
		assert_true(memcmp(k.b.p, want.p, want.n) == 0);
		wake_writer_free(w);
		wake_buf_free(&k.b);
		free(g.big);
	}
	wake_buf_free(&want);
}

/*
 * out fails (a full disk, a closed pipe): put returns the error soon,
 * every later call returns it, and out is not called again.
 */
TEST(writer_out_error_stops_put)
{
	struct wake_writer *w;
	struct sink k;
	struct gen g;
	size_t i, calls;
	int t, rc = WAKE_OK;

	for (t = 0; t < 2; t++) {
		sink_init(&k);
		k.fail_at = 3;
		gen_init(&g);
		assert_int_equal(wake_writer_new(&w, 0, sink_out, &k, t),
		    WAKE_OK);
		for (i = 0; i < 2000000; i++) {
			gen_event(&g, i);
			if ((rc = wake_writer_put(w, &g.ev)) != WAKE_OK)
				break;
		}
		assert_int_equal(rc, WAKE_ERR_IO);
		/* Within a few batches of the failed chunk. */
		assert_true(i < 400000);
		calls = k.calls;
		assert_int_equal(calls, 3);
		assert_int_equal(wake_writer_put(w, &g.ev), WAKE_ERR_IO);
		assert_int_equal(wake_writer_flush(w), WAKE_ERR_IO);
		assert_int_equal(wake_writer_close(w), WAKE_ERR_IO);
		assert_int_equal(k.calls, calls);
		wake_writer_free(w);
		wake_buf_free(&k.b);
		free(g.big);
	}
}

/* A few events to a full disk: the error comes from close. */
TEST(writer_out_error_at_close)
{
	struct wake_writer *w;
	struct sink k;
	struct gen g;
	size_t i;
	int t;

	for (t = 0; t < 2; t++) {
		sink_init(&k);
		k.fail_at = 1;
		gen_init(&g);
		assert_int_equal(wake_writer_new(&w, 1, sink_out, &k, t),
		    WAKE_OK);
		for (i = 0; i < 10; i++) {
			gen_event(&g, i + 1);
			assert_int_equal(wake_writer_put(w, &g.ev), WAKE_OK);
		}
		assert_int_equal(k.calls, 0);
		assert_int_equal(wake_writer_close(w), WAKE_ERR_IO);
		wake_writer_free(w);
		wake_buf_free(&k.b);
		free(g.big);
	}
}

/* Free without close drops what is queued, without a hang or a leak. */
TEST(writer_free_without_close)
{
	struct wake_writer *w;
	struct sink k;
	struct gen g;
	size_t i, n;
	int t;

	for (n = 0; n < 300000; n = n * 10 + 7)
		for (t = 0; t < 2; t++) {
			sink_init(&k);
			k.delay_us = t ? 2000 : 0;
			gen_init(&g);
			assert_int_equal(wake_writer_new(&w, 0, sink_out, &k,
			    t), WAKE_OK);
			for (i = 0; i < n; i++) {
				gen_event(&g, i);
				assert_int_equal(wake_writer_put(w, &g.ev),
				    WAKE_OK);
			}
			wake_writer_free(w);
			wake_buf_free(&k.b);
			free(g.big);
		}
}
