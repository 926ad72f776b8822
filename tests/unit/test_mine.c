/*
 * Template mining: the masking tokenizer (English, Japanese, invalid
 * UTF-8, each mask class), the tree, stable ids, state round trips,
 * merging, and that a sharded run equals one run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/input.h>
#include <wake/mine.h>

#include "internal.h"
#include "test.h"

/* The masked form of s under masks, as a NUL-terminated string. */
static char *
masked(const char *s, unsigned masks)
{
	static char out[4096];
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(wake_mine_mask(s, strlen(s), masks, &b), WAKE_OK);
	assert_true(b.n < sizeof(out));
	if (b.n > 0)
		memcpy(out, b.p, b.n);
	out[b.n] = '\0';
	wake_buf_free(&b);
	return out;
}

#define MASKS(s, m, want)	assert_string_equal(masked(s, m), want)
#define MASK(s, want)		MASKS(s, WAKE_MASK_DEFAULT, want)

TEST(mask_english)
{
	MASK("Accepted publickey for ftpuser from 26.222.223.148 port 41135 "
	    "ssh2", "Accepted publickey for ftpuser from <*> port <*> ssh2");
	MASK("  leading  and   many spaces ", "leading and many spaces");
	MASK("eth0 ssh2 IPv4 utf8", "eth0 ssh2 IPv4 utf8");
	/* '_' parts words: a number after it is a value */
	MASK("x86_64 broadcast_0", "x86_<*> broadcast_<*>");
	MASK("PacketResponder 1 for block blk_-6952295868487656571 "
	    "terminating", "PacketResponder <*> for block blk_<*> terminating");
	MASK("", "");
	MASK("   ", "");
}

TEST(mask_classes)
{
	/* ip */
	MASK("from 10.0.0.1", "from <*>");
	MASK("src: /10.250.19.102:54106", "src: /<*>");
	MASK("peer [2001:db8::1] and fe80::1ff:fe23:4567:890a", 
	    "peer [<*>] and <*>");
	MASK("::1 ::ffff:10.0.0.1", "<*> <*>");
	MASK("1.2.3.4.5", "<*>");
	/* mac */
	MASK("to 3c:22:fb:43:6b:5d via", "to <*> via");
	MASK("MAC=52:54:00:12:34:56:00:1b:21:3a:4f:8c:08:00 x", "MAC=<*> x");
	/* uuid */
	MASK("req-38101a0b-2096-447d-96ea-a692162415ae done",
	    "req-<*> done");
	/* hex */
	MASK("addr 0x7f3a, id d887c9d795cee5bc, deadbeef, facade",
	    "addr <*>, id <*>, deadbeef, facade");
	/* numbers and units */
	MASK("took 10ms, 3.5GB, -42, +7 1h30m 50% 2nd",
	    "took <*>, <*>, <*>, <*> <*> <*> <*>");
	MASK("64bit R23-M0 v1.2.3", "64bit R23-M0 v1.<*>");
	MASK("range 0-1", "range <*>-<*>");
	/* time */
	MASK("at 2024-02-22T09:58:12.345Z and 12:30:01,5 on 2024/02/22",
	    "at <*> and <*> on <*>");
	MASK("at Fri Jul  1 07:57:30 2005 (Monday, May, Junk)",
	    "at <*> <*> <*> <*> <*> (Monday, <*>, Junk)");
	MASKS("Fri Jul", WAKE_MASK_DEFAULT & ~WAKE_MASK_TIME, "Fri Jul");
	/* path */
	MASK("open /home/user1/file.txt ok", "open /home/<*>/file.txt ok");
	MASK("GET http://h/a/b2c/d", "GET http://h/a/<*>/d");
	MASKS("open /home/user1/file.txt ok",
	    WAKE_MASK_DEFAULT & ~WAKE_MASK_PATH,
	    "open /home/user1/file.txt ok");
	/* quote, kv: off by default */
	MASK("said \"hello world\" x=1", "said \"hello world\" x=<*>");
	MASKS("said \"hello world\" to 'a b' don't", WAKE_MASK_QUOTE,
	    "said \"<*>\" to '<*>' don't");
	MASKS("IN=eth0 OUT= user=root msg=\"a b\" k=v,z=w", WAKE_MASK_KV,
	    "IN=<*> OUT= user=<*> msg=<*> k=<*>,z=<*>");
	/* none */
	MASKS("from 10.0.0.1 took 10ms", 0, "from 10.0.0.1 took 10ms");
}

TEST(mask_names)
{
	unsigned m = 0;

	assert_int_equal(wake_mine_masks_parse("ip,hex", &m), WAKE_OK);
	assert_int_equal(m, WAKE_MASK_IP | WAKE_MASK_HEX);
	assert_int_equal(wake_mine_masks_parse("all", &m), WAKE_OK);
	assert_int_equal(m, WAKE_MASK_ALL);
	assert_int_equal(wake_mine_masks_parse("none", &m), WAKE_OK);
	assert_int_equal(m, 0);
	assert_int_equal(wake_mine_masks_parse("ip,nope", &m),
	    WAKE_ERR_USAGE);
	assert_int_equal(wake_mine_masks_parse("", &m), WAKE_ERR_USAGE);
}

TEST(tok_japanese)
{
	struct wk_mtoks tk;
	const char *s = "接続エラー：ホスト10.0.0.1に到達できません。";
	static const char *const want[] = { "接続", "エラー", "：", "ホスト",
	    "<*>", "に", "到達", "できません", "。" };
	size_t i;

	memset(&tk, 0, sizeof(tk));
	assert_int_equal(wk_mine_tokenize(&tk, s, strlen(s),
	    WAKE_MASK_DEFAULT), WAKE_OK);
	assert_int_equal(tk.n, WK_NELEM(want));
	for (i = 0; i < tk.n; i++) {
		assert_mem_str(tk.text + tk.t[i].off, tk.t[i].len, want[i]);
		assert_int_equal(!!(tk.t[i].flags & WK_MT_JOIN), i > 0);
	}
	assert_true(tk.t[4].flags & WK_MT_WILD);
	wk_mine_toks_free(&tk);
	/* rendered without spaces inside the Japanese run */
	MASK("障害 発生、サーバー「db-1」（東京）で 5件",
	    "障害 発生、サーバー「db-<*>」（東京）で <*>件");
	MASK("ユーザー数ー", "ユーザー数ー");
	MASK("ｶﾀｶﾅ　全角スペース", "ｶﾀｶﾅ 全角スペース");
}

TEST(tok_invalid_utf8)
{
	static const char s[] = "bad \xff\xfe bytes \xe3\x81 cut \xc0\xaf "
	    "\xed\xa0\x80 surrogate \xf4\x90\x80\x80 end \xe3";
	struct wk_mtoks tk;
	size_t i, n;

	memset(&tk, 0, sizeof(tk));
	for (n = 0; n <= sizeof(s) - 1; n++) {
		assert_int_equal(wk_mine_tokenize(&tk, s, n,
		    WAKE_MASK_ALL), WAKE_OK);
		for (i = 0; i < tk.n; i++)
			assert_true(tk.t[i].off + tk.t[i].len <= tk.len);
	}
	assert_mem_str(tk.text + tk.t[0].off, tk.t[0].len, "bad");
	wk_mine_toks_free(&tk);
}

TEST(tok_limits)
{
	struct wk_mtoks tk;
	char *s;
	size_t i, n = 3000;

	memset(&tk, 0, sizeof(tk));
	/* more than WK_MTOK_MAX words: the rest is one <*> */
	s = malloc(n * 2);
	assert_non_null(s);
	for (i = 0; i < n; i++) {
		s[2 * i] = 'a';
		s[2 * i + 1] = ' ';
	}
	assert_int_equal(wk_mine_tokenize(&tk, s, 2 * n, 0), WAKE_OK);
	assert_int_equal(tk.n, WK_MTOK_MAX);
	assert_true(tk.t[WK_MTOK_MAX - 1].flags & WK_MT_WILD);
	/* a word longer than WK_MTOK_LEN is <*> */
	memset(s, 'x', n);
	assert_int_equal(wk_mine_tokenize(&tk, s, n, 0), WAKE_OK);
	assert_int_equal(tk.n, 1);
	assert_true(tk.t[0].flags & WK_MT_WILD);
	free(s);
	wk_mine_toks_free(&tk);
}

TEST(ids_stable)
{
	char s[17];
	uint64_t id;

	assert_true(wake_tmpl_id("", 0) == 0xcbf29ce484222325ULL);
	assert_true(wake_tmpl_id("a", 1) == 0xaf63dc4c8601ec8cULL);
	wake_tmpl_id_format(0xaf63dc4c8601ec8cULL, s);
	assert_string_equal(s, "af63dc4c8601ec8c");
	assert_int_equal(wake_tmpl_id_parse(s, 16, &id), WAKE_OK);
	assert_true(id == 0xaf63dc4c8601ec8cULL);
	assert_int_equal(wake_tmpl_id_parse("AF63dc4c8601ec8c", 16, &id),
	    WAKE_ERR_FORMAT);
	assert_int_equal(wake_tmpl_id_parse(s, 15, &id), WAKE_ERR_FORMAT);
}

static uint64_t
add(struct wake_miner *m, const char *src, const char *msg, int64_t t)
{
	struct wake_mine_rec r;
	uint64_t id = 0;

	memset(&r, 0, sizeof(r));
	r.src.p = src;
	r.src.n = strlen(src);
	r.msg.p = msg;
	r.msg.n = strlen(msg);
	r.ts = t;
	r.origin.p = "f.log:1";
	r.origin.n = 7;
	assert_int_equal(wake_miner_add(m, &r, &id), WAKE_OK);
	return id;
}

TEST(tree_groups)
{
	struct wake_miner *m;
	struct wake_tmpl t;
	uint64_t a, b, c;
	const char *want = "upstream connect error: no route to host <*>";

	assert_int_equal(wake_miner_new(&m, NULL), WAKE_OK);
	a = add(m, "app", "login ok for user alice from web", 10);
	b = add(m, "app", "login ok for user bob from web", 20);
	assert_true(a != b);	/* the template grew a wildcard */
	assert_int_equal(wake_miner_count(m), 1);
	assert_int_equal(wake_miner_find(m, a, &t), WAKE_OK);
	assert_mem_str(t.text.p, t.text.n,
	    "login ok for user <*> from web");
	assert_int_equal(wake_miner_find(m, b, &t), WAKE_OK);
	assert_mem_str(t.text.p, t.text.n, "login ok for user <*> from web");
	assert_true(t.count == 2);
	assert_true(t.first == 10 && t.last == 20);
	assert_mem_str(t.example.p, t.example.n,
	    "login ok for user alice from web");
	/* the old id is an alias of the template */
	assert_int_equal(wake_miner_find(m, a, &t), WAKE_OK);
	assert_true(t.id == b);
	/* other lengths, other words: other templates */
	add(m, "app", "cache refresh done", 30);
	add(m, "app", "disk full on /dev/sda1", 40);
	assert_int_equal(wake_miner_count(m), 3);
	/* the same text from another source: its own template, same id */
	c = add(m, "worker", "cache refresh done", 50);
	assert_int_equal(wake_miner_count(m), 4);
	assert_true(c == wake_tmpl_id("cache refresh done", 18));
	/* the outage sample's planted template */
	a = add(m, "app", "upstream connect error: no route to host 10.20.3.5",
	    60);
	assert_true(a == wake_tmpl_id(want, strlen(want)));
	/* match without learning */
	assert_int_equal(wake_miner_match(m, "app", 3,
	    "login ok for user carol from web", 32, &c), WAKE_OK);
	assert_true(c == b);
	assert_int_equal(wake_miner_match(m, "app", 3, "nothing like it", 15,
	    &c), WAKE_EOF);
	assert_int_equal(wake_miner_match(m, "nosrc", 5, "cache refresh done",
	    18, &c), WAKE_EOF);
	/* canonical order: by source, then text */
	assert_int_equal(wake_miner_get(m, 0, &t), WAKE_OK);
	assert_mem_str(t.src.p, t.src.n, "app");
	assert_mem_str(t.text.p, t.text.n, "cache refresh done");
	assert_int_equal(wake_miner_get(m, 4, &t), WAKE_OK);
	assert_mem_str(t.src.p, t.src.n, "worker");
	assert_int_equal(wake_miner_get(m, 5, &t), WAKE_EOF);
	wake_miner_free(m);
	wake_miner_free(NULL);
}

TEST(opts_checked)
{
	struct wake_mine_opts o = WAKE_MINE_OPTS_INIT;
	struct wake_miner *m;

	o.sim = 0;
	assert_int_equal(wake_miner_new(&m, &o), WAKE_ERR_USAGE);
	o.sim = 0.5;
	o.depth = 9;
	assert_int_equal(wake_miner_new(&m, &o), WAKE_ERR_USAGE);
	o.depth = 2;
	o.max_children = 1;
	assert_int_equal(wake_miner_new(&m, &o), WAKE_ERR_USAGE);
}

TEST(max_templates_lru)
{
	struct wake_mine_opts o = WAKE_MINE_OPTS_INIT;
	struct wake_miner *m;
	struct wake_tmpl t;
	char msg[64];
	int i;

	o.max_templates = 3;
	assert_int_equal(wake_miner_new(&m, &o), WAKE_OK);
	add(m, "", "alpha one", 1);
	add(m, "", "beta two three", 2);
	add(m, "", "gamma four five six", 3);
	add(m, "", "alpha one", 4);	/* alpha is fresh again */
	add(m, "", "delta seven eight nine ten", 5);	/* beta goes */
	assert_int_equal(wake_miner_count(m), 3);
	assert_int_equal(wake_miner_find(m, wake_tmpl_id("beta two three",
	    14), &t), WAKE_EOF);
	assert_int_equal(wake_miner_find(m, wake_tmpl_id("alpha one", 9), &t),
	    WAKE_OK);
	for (i = 0; i < 100; i++) {
		snprintf(msg, sizeof(msg), "w%d %.*s", i, i % 20 + 1,
		    "a b c d e f g h i j k l m n o p q r s t u");
		add(m, "", msg, i);
		assert_true(wake_miner_count(m) <= 3);
	}
	wake_miner_free(m);
}

/* A deterministic corpus of n lines from a few templates. */
static char **
corpus(size_t n)
{
	static const char *const words[] = { "alice", "bob", "carol", "dave",
	    "eve", "mallory" };
	char **v = calloc(n, sizeof(*v));
	uint32_t x = 12345;
	size_t i;

	assert_non_null(v);
	for (i = 0; i < n; i++) {
		char b[256];

		x = x * 1103515245u + 12345u;
		switch ((x >> 16) % 7) {
		case 0:
			snprintf(b, sizeof(b), "Accepted password for %s from "
			    "10.%u.%u.%u port %u ssh2", words[(x >> 8) % 6],
			    x % 256, (x >> 3) % 256, (x >> 5) % 256, x % 60000);
			break;
		case 1:
			snprintf(b, sizeof(b), "session opened for user %s by "
			    "(uid=%u)", words[(x >> 9) % 6], x % 3);
			break;
		case 2:
			snprintf(b, sizeof(b), "request completed in %ums "
			    "status %u", x % 900, 200 + x % 5);
			break;
		case 3:
			snprintf(b, sizeof(b), "connection from %s (%s.example."
			    "com) at stage %s", words[(x >> 7) % 6],
			    words[(x >> 11) % 6], words[(x >> 4) % 6]);
			break;
		case 4:
			snprintf(b, sizeof(b), "接続エラー：ホスト10.0.0.%u"
			    "に到達できません", x % 200);
			break;
		case 5:
			snprintf(b, sizeof(b), "disk %s is %u%% full",
			    words[(x >> 6) % 6], x % 100);
			break;
		default:
			snprintf(b, sizeof(b), "kernel: eth%u link %s",
			    x % 4, (x >> 3) % 2 ? "up" : "down");
			break;
		}
		v[i] = strdup(b);
		assert_non_null(v[i]);
	}
	return v;
}

static void
mine_range(struct wake_miner *m, char **v, size_t lo, size_t hi)
{
	size_t i;

	for (i = lo; i < hi; i++)
		add(m, i % 3 ? "auth" : "app", v[i], (int64_t)i * 1000000);
}

/* "src template count" lines of a state, sorted, in one string. */
static char *
summary(struct wake_miner *m)
{
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_tmpl t;
	size_t i;
	char num[32];

	for (i = 0; wake_miner_get(m, i, &t) == WAKE_OK; i++) {
		assert_int_equal(wake_buf_put(&b, t.src.p, t.src.n), WAKE_OK);
		assert_int_equal(wake_buf_putc(&b, '\t'), WAKE_OK);
		assert_int_equal(wake_buf_put(&b, t.text.p, t.text.n),
		    WAKE_OK);
		snprintf(num, sizeof(num), "\t%llu\n",
		    (unsigned long long)t.count);
		assert_int_equal(wake_buf_put(&b, num, strlen(num)), WAKE_OK);
	}
	assert_int_equal(wake_buf_putc(&b, '\0'), WAKE_OK);
	return b.p;
}

TEST(save_load_round_trip)
{
	struct wake_miner *m, *m2;
	struct wake_buf a = WAKE_BUF_INIT, b = WAKE_BUF_INIT;
	struct wake_tmpl t, t2;
	char **v = corpus(500);
	size_t i;

	assert_int_equal(wake_miner_new(&m, NULL), WAKE_OK);
	mine_range(m, v, 0, 500);
	assert_int_equal(wake_miner_canon(m), WAKE_OK);
	assert_int_equal(wake_miner_save(m, &a), WAKE_OK);
	assert_int_equal(wake_miner_new(&m2, NULL), WAKE_OK);
	assert_int_equal(wake_miner_load(m2, a.p, a.n, "a.state"), WAKE_OK);
	assert_int_equal(wake_miner_save(m2, &b), WAKE_OK);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.p, b.p, a.n);
	/* ids, counts and examples kept */
	assert_int_equal(wake_miner_count(m), wake_miner_count(m2));
	for (i = 0; wake_miner_get(m, i, &t) == WAKE_OK; i++) {
		assert_int_equal(wake_miner_get(m2, i, &t2), WAKE_OK);
		assert_true(t.id == t2.id && t.count == t2.count);
		assert_true(t.first == t2.first && t.last == t2.last);
		assert_int_equal(t.example.n, t2.example.n);
	}
	/* a loaded miner goes on mining with the same templates */
	add(m2, "app", "disk alice is 12% full", 9999);
	assert_int_equal(wake_miner_count(m), wake_miner_count(m2));
	/* loading twice doubles the counts */
	assert_int_equal(wake_miner_load(m2, a.p, a.n, "a.state"), WAKE_OK);
	assert_int_equal(wake_miner_count(m), wake_miner_count(m2));
	for (i = 0; i < 500; i++)
		free(v[i]);
	free(v);
	wake_buf_free(&a);
	wake_buf_free(&b);
	wake_miner_free(m);
	wake_miner_free(m2);
}

TEST(load_errors)
{
	struct wake_miner *m;
	static const char *const bad[] = {
		"not a state\n",
		"#wake mine-state 2\n",
		"#wake mine-state 1\nx\n",
		"#wake mine-state 1\n-\t1\t-\t-\t0000000000000000\t1\ta\t-\t-"
		    "\t-\n",
		"#wake mine-state 1\n-\tx\t-\t-\taf63dc4c8601ec8c\t1\ta\t-\t-"
		    "\t-\n",
		"#wake mine-state 1\n-\t1\t-\t-\taf63dc4c8601ec8c\t2\ta\t-\t-"
		    "\t-\n",
		"#wake mine-state 1\n-\t1\t-\t-\taf63dc4c8601ec8c\t1\ta\t-\t-"
		    "\tzz\n",
		"#wake mine-state 1\n-\t1\tyesterday\t-\taf63dc4c8601ec8c\t1\t"
		    "a\t-\t-\t-\n",
	};
	size_t i;

	for (i = 0; i < WK_NELEM(bad); i++) {
		assert_int_equal(wake_miner_new(&m, NULL), WAKE_OK);
		assert_int_equal(wake_miner_load(m, bad[i], strlen(bad[i]),
		    "s"), WAKE_ERR_FORMAT);
		assert_non_null(strstr(wake_miner_error(m), "s:"));
		wake_miner_free(m);
	}
	assert_int_equal(wake_miner_new(&m, NULL), WAKE_OK);
	assert_int_equal(wake_miner_load(m, "", 0, "s"), WAKE_OK);
	assert_int_equal(wake_miner_count(m), 0);
	{
		const char *ok = "#wake mine-state 1\n-\t1\t-\t-\t"
		    "af63dc4c8601ec8c\t1\ta\t-\t-\t-\n";

		assert_int_equal(wake_miner_load(m, ok, strlen(ok), "s"),
		    WAKE_OK);
	}
	assert_int_equal(wake_miner_count(m), 1);
	wake_miner_free(m);
}

TEST(sharded_equals_whole)
{
	struct wake_miner *whole, *part, *merged;
	struct wake_buf st = WAKE_BUF_INIT;
	size_t n = 4000, k;
	char **v = corpus(n), *a, *b;

	assert_int_equal(wake_miner_new(&whole, NULL), WAKE_OK);
	mine_range(whole, v, 0, n);
	assert_int_equal(wake_miner_canon(whole), WAKE_OK);
	/* shards through saved states, as wake-mine --merge does */
	assert_int_equal(wake_miner_new(&merged, NULL), WAKE_OK);
	for (k = 0; k < 4; k++) {
		assert_int_equal(wake_miner_new(&part, NULL), WAKE_OK);
		mine_range(part, v, k * n / 4, (k + 1) * n / 4);
		assert_int_equal(wake_miner_canon(part), WAKE_OK);
		st.n = 0;
		assert_int_equal(wake_miner_save(part, &st), WAKE_OK);
		assert_int_equal(wake_miner_load(merged, st.p, st.n, "p"),
		    WAKE_OK);
		wake_miner_free(part);
	}
	assert_int_equal(wake_miner_canon(merged), WAKE_OK);
	a = summary(whole);
	b = summary(merged);
	assert_string_equal(a, b);
	assert_true(wake_miner_count(whole) >= 7);
	free(a);
	free(b);
	/* and by wake_miner_merge directly */
	assert_int_equal(wake_miner_new(&part, NULL), WAKE_OK);
	assert_int_equal(wake_miner_merge(part, merged), WAKE_OK);
	a = summary(part);
	b = summary(merged);
	assert_string_equal(a, b);
	free(a);
	free(b);
	wake_miner_free(part);
	for (k = 0; k < n; k++)
		free(v[k]);
	free(v);
	wake_buf_free(&st);
	wake_miner_free(whole);
	wake_miner_free(merged);
}

TEST(table_format)
{
	struct wake_miner *m;
	struct wake_buf b = WAKE_BUF_INIT;
	const char *want = "#wake templates 1\n"
	    "id\tcount\tfirst\tlast\ttemplate\texample\torigin\n";

	assert_int_equal(wake_miner_new(&m, NULL), WAKE_OK);
	add(m, "a", "tab\there", 1000000000);
	add(m, "b", "tab\there", 2000000000);
	assert_int_equal(wake_miner_write_table(m, &b), WAKE_OK);
	assert_true(b.n > strlen(want));
	assert_memory_equal(b.p, want, strlen(want));
	/* one row for both sources; the tab became a token break */
	assert_non_null(memmem(b.p, b.n, "\t2\t1970-01-01T00:00:01.000Z\t"
	    "1970-01-01T00:00:02.000Z\ttab here\ttab\\there\tf.log:1\n", 69));
	wake_buf_free(&b);
	wake_miner_free(m);
}

struct seen {
	struct wake_miner *m;	/* mined line by line, to compare */
	uint64_t	 lines;
	uint64_t	 stop;	/* line to stop at, 0: none */
};

static int
each_line(void *arg, const char *p, size_t n, uint64_t no, uint64_t id)
{
	struct seen *s = arg;
	struct wake_mine_rec r;
	uint64_t want;
	char org[64];

	memset(&r, 0, sizeof(r));
	r.msg.p = p;
	r.msg.n = n;
	r.ts = WAKE_TIME_NONE;
	snprintf(org, sizeof(org), "c.log:%llu", (unsigned long long)no);
	r.origin.p = org;
	r.origin.n = strlen(org);
	assert_int_equal(wake_miner_add(s->m, &r, &want), WAKE_OK);
	assert_true(id == want);
	assert_true(no == ++s->lines);
	return no == s->stop ? 42 : 0;
}

TEST(add_lines_threaded)
{
	struct wake_mine_opts o = WAKE_MINE_OPTS_INIT;
	struct wake_buf text = WAKE_BUF_INIT, a = WAKE_BUF_INIT,
	    b = WAKE_BUF_INIT;
	struct wake_miner *m;
	struct wake_input *in;
	struct seen s;
	char **v = corpus(5000);
	size_t i;

	for (i = 0; i < 5000; i++) {
		assert_int_equal(wake_buf_put(&text, v[i], strlen(v[i])),
		    WAKE_OK);
		assert_int_equal(wake_buf_putc(&text, '\n'), WAKE_OK);
		free(v[i]);
	}
	free(v);
	o.by_src = 0;
	assert_int_equal(wake_miner_new(&m, &o), WAKE_OK);
	assert_int_equal(wake_miner_new(&s.m, &o), WAKE_OK);
	s.lines = 0;
	s.stop = 0;
	/* every line, in order, with the id one-by-one mining gives */
	assert_int_equal(wake_input_open_mem(&in, "c.log", text.p, text.n,
	    NULL), WAKE_OK);
	assert_int_equal(wake_miner_add_lines(m, in, each_line, &s), WAKE_OK);
	assert_true(s.lines == 5000);
	wake_input_free(in);
	assert_int_equal(wake_miner_save(m, &a), WAKE_OK);
	assert_int_equal(wake_miner_save(s.m, &b), WAKE_OK);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.p, b.p, a.n);
	/* a nonzero return stops the run and is returned */
	s.lines = 0;
	s.stop = 3000;
	wake_miner_free(s.m);
	assert_int_equal(wake_miner_new(&s.m, &o), WAKE_OK);
	wake_miner_free(m);
	assert_int_equal(wake_miner_new(&m, &o), WAKE_OK);
	assert_int_equal(wake_input_open_mem(&in, "c.log", text.p, text.n,
	    NULL), WAKE_OK);
	assert_int_equal(wake_miner_add_lines(m, in, each_line, &s), 42);
	assert_true(s.lines == 3000);
	wake_input_free(in);
	wake_buf_free(&text);
	wake_buf_free(&a);
	wake_buf_free(&b);
	wake_miner_free(m);
	wake_miner_free(s.m);
}
