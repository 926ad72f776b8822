/*
 * Tests of the input layer: line splitting, gzip, archives, directory
 * walking.  Fixtures are written at run time into a temporary directory
 * with zlib and libarchive.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "test.h"
#include "internal.h"

/* ---- helpers ---- */

static char tmpdir[256];

static const char *
tmp(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/wake-input-XXXXXX",
	    t != NULL ? t : "/tmp");
	assert_non_null(mkdtemp(tmpdir));
	return tmpdir;
}

static int
rm1(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	if (flag == FTW_DP)
		chmod(p, 0700);
	return remove(p);
}

static void
cleanup(void)
{
	/* Directories made unreadable by a test must open again first. */
	nftw(tmpdir, rm1, 16, FTW_DEPTH | FTW_PHYS);
}

static char *
path_in(const char *name)
{
	static char p[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", tmpdir, name);
	return p[k];
}

static void
write_file(const char *name, const void *p, size_t n)
{
	FILE *f = fopen(path_in(name), "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void
write_str(const char *name, const char *s)
{
	write_file(name, s, strlen(s));
}

/* Gzip p in memory (one member); *outn gets the size. */
static unsigned char *
gz_bytes(const void *p, size_t n, int level, size_t *outn)
{
	z_stream z;
	unsigned char *out;
	size_t cap = n + n / 100 + 1024;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	out = malloc(cap);
	assert_non_null(out);
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*outn = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static void
write_gz(const char *name, const char *s, int level)
{
	unsigned char *g;
	size_t n;

	g = gz_bytes(s, strlen(s), level, &n);
	write_file(name, g, n);
	free(g);
}

/*
 * All lines of an input joined with '|', each "[+N]" when truncated;
 * binary safe (NUL bytes kept), its length in lines_len.
 */
static size_t lines_len;

static char *
lines_of(struct wake_input *in, int *rc)
{
	struct wake_line l;
	char *s = NULL;
	size_t n = 0;
	uint64_t no = 0;
	FILE *f = open_memstream(&s, &n);
	int r, first = 1;

	assert_non_null(f);
	while ((r = wake_input_line(in, &l)) == WAKE_OK) {
		assert_int_equal(l.no, ++no);
		assert_null(memchr(l.p, '\n', l.n));
		fputs(first ? "" : "|", f);
		fwrite(l.p, 1, l.n, f);
		if (l.truncated > 0)
			fprintf(f, "[+%zu]", l.truncated);
		first = 0;
	}
	fclose(f);
	lines_len = n;
	*rc = r;
	return s;
}

static char *
lines_of_path(const char *name, const struct wake_input_opts *o, int *rc)
{
	struct wake_input *in;
	char *s;

	assert_int_equal(wake_input_open_path(&in, path_in(name), o), WAKE_OK);
	s = lines_of(in, rc);
	wake_input_free(in);
	return s;
}

static void
expect_path(const char *name, const struct wake_input_opts *o,
    const char *want)
{
	char *s;
	int rc;

	s = lines_of_path(name, o, &rc);
	assert_int_equal(rc, WAKE_EOF);
	assert_string_equal(s, want);
	free(s);
}

/* The same bytes through memory, and through the buffered reader. */
static void
expect_mem_n(const char *p, size_t n, size_t max_line, const char *want,
    size_t wn)
{
	static const size_t chunks[] = { 0, 1, 2, 3, 7, 64 };
	struct wake_input_opts o = { .max_line = max_line };
	struct wake_input *in;
	size_t i;
	char *s;
	int rc;

	assert_int_equal(wake_input_open_mem(&in, "mem", p, n, &o), WAKE_OK);
	s = lines_of(in, &rc);
	assert_int_equal(rc, WAKE_EOF);
	assert_string_equal(s, want);
	assert_int_equal(lines_len, wn);
	assert_memory_equal(s, want, wn);
	free(s);
	wake_input_free(in);
	for (i = 0; i < WK_NELEM(chunks); i++) {
		assert_int_equal(wk_input_open_chunked(&in, "mem", p, n,
		    chunks[i], &o), WAKE_OK);
		s = lines_of(in, &rc);
		assert_int_equal(rc, WAKE_EOF);
		assert_int_equal(lines_len, wn);
		assert_memory_equal(s, want, wn);
		free(s);
		wake_input_free(in);
	}
}

static void
expect_mem(const char *p, size_t n, size_t max_line, const char *want)
{
	expect_mem_n(p, n, max_line, want, strlen(want));
}

#define EXPECT_MEM(lit, max, want) expect_mem(lit, sizeof(lit) - 1, max, want)

struct member {
	const char	*name;
	const char	*data;		/* NULL: a directory */
	size_t		 n;		/* 0: strlen(data) */
};

#define V7TAR	(-1)

/* Write an archive; returns 0 when this libarchive cannot write it. */
static int
write_archive(const char *name, int format, int filter,
    const struct member *m, size_t nm)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	size_t i, n;

	assert_non_null(a);
	if (format == V7TAR)
		assert_int_equal(archive_write_set_format_v7tar(a), ARCHIVE_OK);
	else
		assert_int_equal(archive_write_set_format(a, format),
		    ARCHIVE_OK);
	if (filter != ARCHIVE_FILTER_NONE &&
	    archive_write_add_filter(a, filter) != ARCHIVE_OK) {
		archive_write_free(a);
		return 0;
	}
	assert_int_equal(archive_write_open_filename(a, path_in(name)),
	    ARCHIVE_OK);
	for (i = 0; i < nm; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_mtime(e, 1700000000 + (time_t)i, 0);
		if (m[i].data == NULL) {
			archive_entry_set_filetype(e, AE_IFDIR);
			archive_entry_set_perm(e, 0755);
			n = 0;
		} else {
			n = m[i].n > 0 ? m[i].n : strlen(m[i].data);
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_size(e, (la_int64_t)n);
		}
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (n > 0)
			assert_int_equal(archive_write_data(a, m[i].data, n),
			    (la_ssize_t)n);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	return 1;
}

struct diags {
	int	 n;
	char	 last[512];
};

static void
on_diag(void *arg, const char *origin, unsigned long line, const char *why)
{
	struct diags *d = arg;

	(void)line;
	d->n++;
	snprintf(d->last, sizeof(d->last), "%s: %s", origin, why);
}

/*
 * Walk paths (relative to tmpdir unless "-"), describing every leaf as
 * "name=lines" and every error as "!error", joined with ' '.
 */
static char *
walk(const char *const *rel, size_t n, struct wake_input_opts *o)
{
	struct wake_inputs *ip;
	struct wake_input *in;
	const char *paths[16];
	char *s = NULL, *ls;
	size_t sn = 0, i, skip = strlen(tmpdir) + 1;
	FILE *f = open_memstream(&s, &sn);
	int r, rc, first = 1;

	for (i = 0; i < n; i++)
		paths[i] = strcmp(rel[i], "-") == 0 ? "-" :
		    strdup(path_in(rel[i]));
	assert_int_equal(wake_inputs_open(&ip, paths, n, o), WAKE_OK);
	while ((r = wake_inputs_next(ip, &in)) != WAKE_EOF) {
		fputs(first ? "" : " ", f);
		first = 0;
		if (r < 0) {
			const char *e = wake_inputs_error(ip);
			fprintf(f, "!%s", strncmp(e, tmpdir, skip - 1) == 0 ?
			    e + skip : e);
			continue;
		}
		ls = lines_of(in, &rc);
		fprintf(f, "%s=%s", strncmp(wake_input_name(in), tmpdir,
		    skip - 1) == 0 ? wake_input_name(in) + skip :
		    wake_input_name(in), ls);
		if (rc < 0)
			fprintf(f, "!%s", wake_input_error(in));
		free(ls);
	}
	wake_inputs_free(ip);
	for (i = 0; i < n; i++)
		if (paths[i][0] != '-')
			free((char *)(uintptr_t)paths[i]);
	fclose(f);
	return s;
}

#define WALK(o, want, ...) do {						\
	const char *w_p_[] = { __VA_ARGS__ };				\
	char *w_s_ = walk(w_p_, WK_NELEM(w_p_), (o));			\
	assert_string_equal(w_s_, (want));				\
	free(w_s_);							\
} while (0)

/* A line generator with varied lengths and content, for big files. */
static size_t
gen_lines(char *buf, size_t cap, unsigned seed)
{
	size_t n = 0;
	unsigned x = seed, i = 0;
	int k;

	while (n + 200 < cap) {
		x = x * 1103515245u + 12345u;
		k = snprintf(buf + n, cap - n,
		    "Feb 22 03:58:%02u host-%u proc[%u]: event %u value %u%s\n",
		    i % 60, x % 97, x % 9973, i, (x >> 8) % 100000,
		    (x & 3) == 0 ? " \xe3\x81\x82\xff tail" : "");
		n += (size_t)k;
		i++;
	}
	return n;
}

/* ---- the line reader ---- */

TEST(test_plain)
{
	tmp();
	write_str("a.log", "one\ntwo\nthree\n");
	expect_path("a.log", NULL, "one|two|three");
	cleanup();
}

TEST(test_crlf)
{
	EXPECT_MEM("a\r\nb\r\n\r\nc\rd\r\n", 0, "a|b||c\rd");
	/* Only the CR right before LF goes; a last CR without LF stays. */
	EXPECT_MEM("a\r\r\nb\r", 0, "a\r|b\r");
}

TEST(test_bom)
{
	EXPECT_MEM("\xef\xbb\xbf" "first\n\xef\xbb\xbf" "second\n", 0,
	    "first|\xef\xbb\xbf" "second");
	EXPECT_MEM("\xef\xbb\xbf", 0, "");
	EXPECT_MEM("\xef\xbb", 0, "\xef\xbb");
	tmp();
	write_str("bom.log", "\xef\xbb\xbfx\r\ny");
	expect_path("bom.log", NULL, "x|y");
	cleanup();
}

TEST(test_no_final_lf)
{
	EXPECT_MEM("a\nb", 0, "a|b");
	EXPECT_MEM("\n", 0, "");
	EXPECT_MEM("\n\n", 0, "|");
	EXPECT_MEM("x", 0, "x");
}

TEST(test_empty)
{
	struct wake_input *in;
	struct wake_line l;
	const char *p;

	tmp();
	write_file("empty.log", "", 0);
	assert_int_equal(wake_input_open_path(&in, path_in("empty.log"), NULL),
	    WAKE_OK);
	assert_int_equal(wake_input_peek(in, &p, 10), 0);
	assert_int_equal(wake_input_line(in, &l), WAKE_EOF);
	assert_int_equal(wake_input_line(in, &l), WAKE_EOF);
	assert_int_equal(wake_input_bytes(in), 0);
	wake_input_free(in);
	cleanup();
	EXPECT_MEM("", 0, "");
}

TEST(test_binary_passes)
{
	static const char d[] = "a\0b\xff\xfe\n\x80\n";
	struct wake_input *in;
	struct wake_line l;

	assert_int_equal(wake_input_open_mem(&in, "m", d, sizeof(d) - 1,
	    NULL), WAKE_OK);
	assert_int_equal(wake_input_line(in, &l), WAKE_OK);
	assert_int_equal(l.n, 5);
	assert_memory_equal(l.p, "a\0b\xff\xfe", 5);
	assert_int_equal(wake_input_line(in, &l), WAKE_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(wake_input_line(in, &l), WAKE_EOF);
	wake_input_free(in);
}

TEST(test_long_lines)
{
	EXPECT_MEM("0123456789abcdef\nshort\n", 8, "01234567[+8]|short");
	/* CR LF after exactly max_line bytes is no truncation. */
	EXPECT_MEM("01234567\r\nx\n", 8, "01234567|x");
	EXPECT_MEM("012345678\r\nx\n", 8, "01234567[+1]|x");
	EXPECT_MEM("012345678\n", 8, "01234567[+1]");
	EXPECT_MEM("0123456789\r\r\n", 8, "01234567[+3]");
	EXPECT_MEM("0123456789", 8, "01234567[+2]");
	EXPECT_MEM("012345678\r", 8, "01234567[+2]");
	EXPECT_MEM("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nb", 4,
	    "aaaa[+34]|b");
	EXPECT_MEM("\xef\xbb\xbf" "abcdefgh\n", 8, "abcdefgh");
	EXPECT_MEM("x\n\n\nyyyyyyyyyy\n", 1, "x|||y[+9]");
}

/* Lines checked against a plain reference splitter, random data. */
TEST(test_lines_reference)
{
	static const char alpha[] = "ab\r\n\n\n\xef\xbb\xbf\0x";
	char data[600], *want;
	size_t n, i, max, len, wn;
	unsigned x = 7;
	int round;
	FILE *f;

	for (round = 0; round < 400; round++) {
		x = x * 1103515245u + 12345u;
		n = (x >> 4) % sizeof(data);
		max = 1 + (x >> 16) % 40;
		for (i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			data[i] = (x >> 24) % 5 == 0 ? 'z' :
			    alpha[(x >> 16) % (sizeof(alpha) - 1)];
		}
		want = NULL;
		wn = 0;
		f = open_memstream(&want, &wn);
		i = n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
		for (int first = 1; i < n; first = 0) {
			char *lf = memchr(data + i, '\n', n - i);
			len = lf != NULL ? (size_t)(lf - (data + i)) : n - i;
			size_t raw = len;
			if (lf != NULL && len > 0 && data[i + len - 1] == '\r')
				len--;
			fprintf(f, "%s", first ? "" : "|");
			fwrite(data + i, 1, WK_MIN(len, max), f);
			if (len > max)
				fprintf(f, "[+%zu]", len - max);
			i += raw + 1;
		}
		fclose(f);
		expect_mem_n(data, n, max, want, wn);
		free(want);
	}
}

TEST(test_huge_line_bounded)
{
	static char chunk[1 << 20];
	struct wake_input_opts o = { .max_line = 1024 };
	struct wake_input *in;
	struct wake_line l;
	long pages0, pages1;
	FILE *f, *st;
	int i;

	tmp();
	memset(chunk, 'x', sizeof(chunk));
	f = fopen(path_in("huge.log"), "wb");
	assert_non_null(f);
	fputs("before\n", f);
	for (i = 0; i < 50; i++)
		fwrite(chunk, 1, sizeof(chunk), f);
	fputs("\r\nafter\n", f);
	assert_int_equal(fclose(f), 0);

	st = fopen("/proc/self/statm", "r");
	assert_non_null(st);
	assert_int_equal(fscanf(st, "%*d %ld", &pages0), 1);
	fclose(st);

	assert_int_equal(wake_input_open_path(&in, path_in("huge.log"), &o),
	    WAKE_OK);
	assert_int_equal(wake_input_line(in, &l), WAKE_OK);
	assert_mem_str(l.p, l.n, "before");
	assert_int_equal(wake_input_line(in, &l), WAKE_OK);
	assert_int_equal(l.n, 1024);
	assert_int_equal(l.truncated, 50 * sizeof(chunk) - 1024);
	assert_int_equal(l.p[0], 'x');
	st = fopen("/proc/self/statm", "r");
	assert_non_null(st);
	assert_int_equal(fscanf(st, "%*d %ld", &pages1), 1);
	fclose(st);
	/* Far below the 50 MiB the line would take. */
	assert_true((pages1 - pages0) * sysconf(_SC_PAGESIZE) <
	    16 * 1024 * 1024);
	assert_int_equal(wake_input_line(in, &l), WAKE_OK);
	assert_mem_str(l.p, l.n, "after");
	assert_int_equal(l.no, 3);
	assert_int_equal(wake_input_line(in, &l), WAKE_EOF);
	assert_int_equal(wake_input_bytes(in), 7 + 50 * sizeof(chunk) + 8);
	assert_int_equal(wake_input_offset(in), wake_input_size(in));
	wake_input_free(in);

	/* The default cap, and through gzip on a thread. */
	{
		struct wake_input_opts o2 = { .threads = 1 };
		char *g = malloc(60 << 20);
		size_t n = 0, gn;
		unsigned char *gz;

		assert_non_null(g);
		memcpy(g, "a\n", 2);
		n = 2;
		memset(g + n, 'y', 50 << 20);
		n += 50 << 20;
		memcpy(g + n, "\nb\n", 3);
		n += 3;
		gz = gz_bytes(g, n, 1, &gn);
		free(g);
		write_file("huge.gz", gz, gn);
		free(gz);
		assert_int_equal(wake_input_open_path(&in, path_in("huge.gz"),
		    &o2), WAKE_OK);
		assert_int_equal(wake_input_line(in, &l), WAKE_OK);
		assert_int_equal(wake_input_line(in, &l), WAKE_OK);
		assert_int_equal(l.n, 1024 * 1024);
		assert_int_equal(l.truncated, (50 << 20) - 1024 * 1024);
		assert_int_equal(wake_input_line(in, &l), WAKE_OK);
		assert_mem_str(l.p, l.n, "b");
		assert_int_equal(wake_input_line(in, &l), WAKE_EOF);
		wake_input_free(in);
	}
	cleanup();
}

TEST(test_peek_and_read)
{
	struct wake_input *in;
	struct wake_line l;
	const char *p;
	char buf[8];

	tmp();
	write_gz("p.gz", "\xef\xbb\xbfhello world\nsecond\n", 6);
	assert_int_equal(wake_input_open_path(&in, path_in("p.gz"), NULL),
	    WAKE_OK);
	assert_int_equal(wake_input_peek(in, &p, 5), 5);
	assert_memory_equal(p, "hello", 5);
	assert_int_equal(wake_input_peek(in, &p, 100), 19);
	assert_int_equal(wake_input_line(in, &l), WAKE_OK);
	assert_mem_str(l.p, l.n, "hello world");
	assert_int_equal(wake_input_read(in, buf, 3), 3);
	assert_memory_equal(buf, "sec", 3);
	assert_int_equal(wake_input_line(in, &l), WAKE_OK);
	assert_mem_str(l.p, l.n, "ond");
	assert_int_equal(wake_input_read(in, buf, sizeof(buf)), 0);
	assert_int_equal(wake_input_bytes(in), 22);
	assert_int_equal(wake_input_offset(in), wake_input_size(in));
	wake_input_free(in);
	cleanup();
}

/* ---- gzip ---- */

TEST(test_gzip)
{
	struct wake_input *in;
	unsigned char *g;
	size_t n;
	char *s;
	int rc;

	tmp();
	write_gz("a.gz", "x 1\r\ny 2\nz", 9);
	expect_path("a.gz", NULL, "x 1|y 2|z");
	/* The name does not matter, the bytes do. */
	write_gz("gzip-without-suffix", "q\n", 1);
	expect_path("gzip-without-suffix", NULL, "q");
	write_str("text.gz", "not gzip\n");
	expect_path("text.gz", NULL, "not gzip");
	/* Memory with the gzip magic is inflated too. */
	g = gz_bytes("m1\nm2\n", 6, 6, &n);
	assert_int_equal(wake_input_open_mem(&in, "m", g, n, NULL), WAKE_OK);
	s = lines_of(in, &rc);
	assert_int_equal(rc, WAKE_EOF);
	assert_string_equal(s, "m1|m2");
	free(s);
	wake_input_free(in);
	free(g);
	cleanup();
}

TEST(test_gzip_multi_member)
{
	unsigned char *a, *b, *c;
	size_t na, nb, nc;
	FILE *f;

	tmp();
	a = gz_bytes("one\ntw", 6, 6, &na);
	b = gz_bytes("o\nthree\n", 8, 1, &nb);
	c = gz_bytes("", 0, 6, &nc);
	f = fopen(path_in("m.gz"), "wb");
	assert_non_null(f);
	fwrite(a, 1, na, f);
	fwrite(c, 1, nc, f);
	fwrite(b, 1, nb, f);
	/* Zero padding after the last member is ignored. */
	fwrite("\0\0\0\0", 1, 4, f);
	fclose(f);
	expect_path("m.gz", NULL, "one|two|three");
	struct wake_input_opts o = { .threads = 1 };
	expect_path("m.gz", &o, "one|two|three");
	/* A member after padding is read too, however the bytes come. */
	f = fopen(path_in("m.gz"), "ab");
	fwrite(a, 1, na, f);
	fclose(f);
	expect_path("m.gz", NULL, "one|two|three|one|tw");
	{
		unsigned char buf[512];
		struct wake_input *in;
		size_t k, chunk;
		char *s;
		int rc;

		f = fopen(path_in("m.gz"), "rb");
		k = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		for (chunk = 1; chunk < 8; chunk++) {
			assert_int_equal(wk_input_open_chunked(&in, "m", buf, k,
			    chunk, NULL), WAKE_OK);
			s = lines_of(in, &rc);
			assert_int_equal(rc, WAKE_EOF);
			assert_string_equal(s, "one|two|three|one|tw");
			free(s);
			wake_input_free(in);
		}
	}
	free(a);
	free(b);
	free(c);
	cleanup();
}

/* A header with every optional field, read in pieces of every size. */
TEST(test_gzip_header_fields)
{
	static const size_t chunks[] = { 0, 1, 2, 3, 5, 11, 64 };
	static const char text[] = "h1\nh2\n";
	static Bytef extra[] = "xtra", name[] = "name.log",
	    comment[] = "a comment";
	unsigned char out[512], both[1024];
	gz_header h;
	z_stream z;
	struct wake_input *in;
	size_t n, i;
	char *s;
	int rc;

	memset(&z, 0, sizeof(z));
	memset(&h, 0, sizeof(h));
	h.extra = extra;
	h.extra_len = 4;
	h.name = name;
	h.comment = comment;
	h.hcrc = 1;
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	assert_int_equal(deflateSetHeader(&z, &h), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)text;
	z.avail_in = sizeof(text) - 1;
	z.next_out = out;
	z.avail_out = sizeof(out);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	n = sizeof(out) - z.avail_out;
	deflateEnd(&z);
	/* Twice over: the second member's header comes in pieces too. */
	memcpy(both, out, n);
	memcpy(both + n, out, n);
	for (i = 0; i < WK_NELEM(chunks); i++) {
		assert_int_equal(wk_input_open_chunked(&in, "h.gz", both, 2 * n,
		    chunks[i], NULL), WAKE_OK);
		s = lines_of(in, &rc);
		assert_int_equal(rc, WAKE_EOF);
		assert_string_equal(s, "h1|h2|h1|h2");
		free(s);
		wake_input_free(in);
	}
	/* A bad header CRC is caught. */
	out[10 + 2 + 4 + 9 + 10] ^= 1;
	assert_int_equal(wk_input_open_chunked(&in, "h.gz", out, n, 1, NULL),
	    WAKE_OK);
	s = lines_of(in, &rc);
	assert_int_equal(rc, WAKE_ERR_FORMAT);
	free(s);
	wake_input_free(in);
}

TEST(test_gzip_truncated)
{
	struct wake_input_opts o = { .threads = 0 };
	struct wake_input *in;
	char *text, *s, *p, *cut;
	unsigned char *g;
	size_t n, gn, k;
	int rc, t, zl;

	tmp();
	text = malloc(4 << 20);
	assert_non_null(text);
	n = gen_lines(text, 4 << 20, 3);
	g = gz_bytes(text, n, 6, &gn);
	write_file("cut.gz", g, gn / 2);
	for (zl = 0; zl < 2; zl++)
		for (t = 0; t < 2; t++) {
			o.threads = t;
			assert_int_equal(wk_input_open_path_ex(&in,
			    path_in("cut.gz"), &o, zl ? WK_IN_ZLIB : 0),
			    WAKE_OK);
			s = lines_of(in, &rc);
			assert_int_equal(rc, WAKE_ERR_FORMAT);
			cut = strstr(wake_input_error(in), ": ");
			assert_non_null(cut);
			assert_string_equal(cut, ": truncated gzip data "
			    "(unexpected end of file)");
			assert_int_equal(wake_input_line(in,
			    &(struct wake_line){ 0 }), WAKE_EOF);
			/* Whole lines, the same as the start of the text. */
			k = strlen(s);
			assert_true(k > n / 4);
			for (p = s; (p = strchr(p, '|')) != NULL; p++)
				*p = '\n';
			assert_memory_equal(s, text, k);
			assert_int_equal(text[k], '\n');
			free(s);
			wake_input_free(in);
		}
	/* Damage in the middle: the zlib message. */
	memset(g + gn / 2, 0x55, 64);
	write_file("bad.gz", g, gn);
	assert_int_equal(wake_input_open_path(&in, path_in("bad.gz"), NULL),
	    WAKE_OK);
	s = lines_of(in, &rc);
	assert_int_equal(rc, WAKE_ERR_FORMAT);
	assert_non_null(strstr(wake_input_error(in), "bad.gz: "));
	free(s);
	wake_input_free(in);
	/* Garbage after the data. */
	free(g);
	g = gz_bytes("ok\n", 3, 6, &gn);
	memcpy(text, g, gn);
	memcpy(text + gn, "junk", 4);
	write_file("junk.gz", text, gn + 4);
	s = lines_of_path("junk.gz", NULL, &rc);
	assert_string_equal(s, "ok");
	assert_int_equal(rc, WAKE_ERR_FORMAT);
	free(s);
	free(g);
	free(text);
	cleanup();
}

static uint64_t
hash_lines(const char *name, int threads, unsigned flags, uint64_t *count)
{
	struct wake_input_opts o = { .threads = threads, .max_line = 300 };
	struct wake_input *in;
	struct wake_line l;
	uint64_t h = 1469598103934665603ull;
	size_t i;
	int r;

	assert_int_equal(wk_input_open_path_ex(&in, path_in(name), &o, flags),
	    WAKE_OK);
	*count = 0;
	while ((r = wake_input_line(in, &l)) == WAKE_OK) {
		for (i = 0; i < l.n; i++)
			h = (h ^ (unsigned char)l.p[i]) * 1099511628211ull;
		h = (h ^ l.truncated ^ 0x100) * 1099511628211ull;
		(*count)++;
	}
	assert_int_equal(r, WAKE_EOF);
	wake_input_free(in);
	return h;
}

TEST(test_gzip_threads_same)
{
	char *text;
	unsigned char *g;
	size_t n, gn;
	uint64_t h0, h1, h2, h3, c0, c1, c2, c3;
	FILE *f;
	int i;

	tmp();
	text = malloc(8 << 20);
	assert_non_null(text);
	n = gen_lines(text, 8 << 20, 11);
	/* A few over-long lines across buffer edges. */
	memset(text + 1000000, 'L', 5000);
	memset(text + 3000000, 'M', 2000000);
	g = gz_bytes(text, n, 6, &gn);
	f = fopen(path_in("t.gz"), "wb");
	for (i = 0; i < 3; i++)
		fwrite(g, 1, gn, f);
	fclose(f);
	h0 = hash_lines("t.gz", 0, 0, &c0);
	h1 = hash_lines("t.gz", 1, 0, &c1);
	h2 = hash_lines("t.gz", 0, WK_IN_ZLIB, &c2);
	h3 = hash_lines("t.gz", 1, WK_IN_ZLIB, &c3);
	assert_true(c0 > 100000);
	assert_int_equal(c0, c1);
	assert_int_equal(c0, c2);
	assert_int_equal(c0, c3);
	assert_true(h0 == h1 && h0 == h2 && h0 == h3);
	/* And the same as the text itself, uncompressed. */
	f = fopen(path_in("t.log"), "wb");
	for (i = 0; i < 3; i++)
		fwrite(text, 1, n, f);
	fclose(f);
	assert_true(hash_lines("t.log", 0, 0, &c1) == h0);
	assert_int_equal(c1, c0);
	free(g);
	free(text);
	cleanup();
}

TEST(test_gzip_thread_early_free)
{
	struct wake_input_opts o = { .threads = 1 };
	struct wake_inputs *ip;
	struct wake_input *in;
	struct wake_line l;
	const char *paths[1];
	char *text;
	unsigned char *g;
	size_t n, gn;
	int i;

	tmp();
	text = malloc(24 << 20);
	assert_non_null(text);
	n = gen_lines(text, 24 << 20, 5);
	g = gz_bytes(text, n, 1, &gn);
	write_file("big.gz", g, gn);
	free(g);
	free(text);
	for (i = 0; i < 3; i++) {
		assert_int_equal(wake_input_open_path(&in, path_in("big.gz"),
		    &o), WAKE_OK);
		assert_int_equal(wake_input_line(in, &l), WAKE_OK);
		wake_input_free(in);
	}
	paths[0] = path_in("big.gz");
	assert_int_equal(wake_inputs_open(&ip, paths, 1, &o), WAKE_OK);
	assert_int_equal(wake_inputs_next(ip, &in), WAKE_OK);
	assert_int_equal(wake_input_line(in, &l), WAKE_OK);
	assert_int_equal(l.no, 1);
	assert_true(wake_input_offset(in) > 0);
	assert_true(wake_input_offset(in) <= wake_input_size(in));
	wake_inputs_free(ip);
	cleanup();
}

/* ---- archives ---- */

TEST(test_tar)
{
	static const struct member m[] = {
		{ "logs", NULL, 0 },
		{ "logs/b.log", "b1\nb2\n", 0 },
		{ "./logs/a.log", "a1\r\na2", 0 },
		{ "logs/.hidden", "h\n", 0 },
		{ "empty.log", "", 0 },
	};

	tmp();
	write_archive("x.tar", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE,
	    m, WK_NELEM(m));
	WALK(NULL, "x.tar//logs/b.log=b1|b2 x.tar//logs/a.log=a1|a2 "
	    "x.tar//empty.log=", "x.tar");
	/* Old tar, no magic: told by the header checksum. */
	write_archive("v7.tar", V7TAR, ARCHIVE_FILTER_NONE,
	    m + 1, 1);
	WALK(NULL, "v7.tar//logs/b.log=b1|b2", "v7.tar");
	cleanup();
}

TEST(test_tar_gz_with_gz_member)
{
	struct member m[3] = {
		{ "var/log/syslog", "s1\ns2\n", 0 },
		{ "var/log/syslog.1.gz", NULL, 0 },
		{ "var/log/after", "z\n", 0 },
	};
	struct wake_input_opts o = { .threads = 1 };
	unsigned char *g;
	size_t n;

	tmp();
	g = gz_bytes("old1\nold2\n", 10, 6, &n);
	m[1].data = (const char *)g;
	m[1].n = n;
	write_archive("b.tar.gz", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
	    ARCHIVE_FILTER_GZIP, m, WK_NELEM(m));
	WALK(NULL, "b.tar.gz//var/log/syslog=s1|s2 "
	    "b.tar.gz//var/log/syslog.1.gz=old1|old2 "
	    "b.tar.gz//var/log/after=z", "b.tar.gz");
	WALK(&o, "b.tar.gz//var/log/syslog=s1|s2 "
	    "b.tar.gz//var/log/syslog.1.gz=old1|old2 "
	    "b.tar.gz//var/log/after=z", "b.tar.gz");
	/* A tar.gz is an archive, not a file for wake_input_open_path. */
	{
		struct wake_input *in;
		assert_int_equal(wake_input_open_path(&in, path_in("b.tar.gz"),
		    NULL), WAKE_ERR_FORMAT);
		assert_null(in);
	}
	free(g);
	cleanup();
}

TEST(test_zip)
{
	static const struct member m[] = {
		{ "general/2024-02-22.json", "[{\"text\":\"hi\"}]\n", 0 },
		{ "users.json", "[]", 0 },
		{ "__MACOSX/._users.json", "junk", 0 },
	};

	tmp();
	write_archive("s.zip", ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE, m,
	    WK_NELEM(m));
	WALK(NULL, "s.zip//general/2024-02-22.json=[{\"text\":\"hi\"}] "
	    "s.zip//users.json=[]", "s.zip");
	cleanup();
}

TEST(test_tar_xz_and_packed)
{
	static const struct member m[] = {
		{ "a.log", "x1\nx2\n", 0 },
	};
	struct wake_input *in;
	struct archive *a;
	char *s;
	size_t used;
	int rc;
	static char buf[4096];

	tmp();
	if (!write_archive("a.tar.xz", ARCHIVE_FORMAT_TAR_USTAR,
	    ARCHIVE_FILTER_XZ, m, 1))
		skip();
	WALK(NULL, "a.tar.xz//a.log=x1|x2", "a.tar.xz");
	/* A single xz file is one input named by its path. */
	a = archive_write_new();
	archive_write_set_format_raw(a);
	archive_write_add_filter_xz(a);
	assert_int_equal(archive_write_open_memory(a, buf, sizeof(buf),
	    &used), ARCHIVE_OK);
	{
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_filetype(e, AE_IFREG);
		archive_write_header(a, e);
		archive_write_data(a, "p1\np2\n", 6);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	write_file("p.log.xz", buf, used);
	WALK(NULL, "p.log.xz=p1|p2", "p.log.xz");
	assert_int_equal(wake_input_open_path(&in, path_in("p.log.xz"), NULL),
	    WAKE_OK);
	s = lines_of(in, &rc);
	assert_int_equal(rc, WAKE_EOF);
	assert_string_equal(s, "p1|p2");
	free(s);
	wake_input_free(in);
	cleanup();
}

TEST(test_archive_damaged)
{
	static const struct member m[] = {
		{ "1.log", "one\n", 0 },
		{ "2.log", "two\n", 0 },
		{ "3.log", "three\n", 0 },
	};
	struct stat st;
	char *buf;
	FILE *f;

	tmp();
	write_archive("d.tar", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE,
	    m, WK_NELEM(m));
	assert_int_equal(stat(path_in("d.tar"), &st), 0);
	buf = malloc((size_t)st.st_size);
	f = fopen(path_in("d.tar"), "rb");
	assert_int_equal(fread(buf, 1, (size_t)st.st_size, f),
	    (size_t)st.st_size);
	fclose(f);
	/* Spoil the second header's checksum. */
	buf[1024 + 148] = '7';
	buf[1024 + 149] = '7';
	write_file("d.tar", buf, (size_t)st.st_size);
	WALK(NULL, "d.tar//1.log=one !d.tar: Damaged tar archive "
	    "d.tar//3.log=three", "d.tar");
	/* Cut short: the member before the cut, then the error. */
	write_file("short.tar", buf, 1024 + 512 + 100);
	free(buf);
	{
		char *s;
		const char *p[] = { "short.tar" };
		s = walk(p, 1, NULL);
		assert_non_null(strstr(s, "short.tar//1.log=one !short.tar: "));
		free(s);
	}
	/* Garbage with a zip magic. */
	write_str("bad.zip", "PK\3\4 this is not a zip\n");
	{
		char *s;
		const char *p[] = { "bad.zip", "ok.log" };
		write_str("ok.log", "fine\n");
		s = walk(p, 2, NULL);
		assert_true(strncmp(s, "!bad.zip: ", 10) == 0);
		assert_non_null(strstr(s, " ok.log=fine"));
		free(s);
	}
	cleanup();
}

/* ---- paths and directories ---- */

TEST(test_dir_order)
{
	struct diags d = { 0, "" };
	struct wake_input_opts o = { .diag = on_diag, .diag_arg = &d };
	char target[600];

	tmp();
	assert_int_equal(mkdir(path_in("d"), 0755), 0);
	assert_int_equal(mkdir(path_in("d/sub"), 0755), 0);
	assert_int_equal(mkdir(path_in("d/.git"), 0755), 0);
	write_str("d/b", "b\n");
	write_str("d/a", "a\n");
	write_str("d/B", "B\n");
	write_str("d/a0", "a0\n");
	write_str("d/\xc3\xa9", "e\n");
	write_str("d/.hidden", "h\n");
	write_str("d/.git/config", "g\n");
	write_str("d/sub/c", "c\n");
	write_gz("d/sub/c.gz", "cz\n", 6);
	/* A loop back up, and a link to a file. */
	assert_int_equal(symlink("..", path_in("d/sub/up")), 0);
	snprintf(target, sizeof(target), "%s", path_in("d/a"));
	assert_int_equal(symlink(target, path_in("d/sub/link")), 0);
	WALK(&o, "d/B=B d/a=a d/a0=a0 d/b=b d/sub/c=c d/sub/c.gz=cz "
	    "d/sub/link=a d/\xc3\xa9=e", "d");
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.last, "d/sub/up: directory loop"));
	/*
	 * A trailing slash does not double.  From d/sub, "up" leads to d,
	 * not an ancestor here, so it is walked, all but d/sub again.
	 */
	WALK(NULL, "d/sub/c=c d/sub/c.gz=cz d/sub/link=a d/sub/up/B=B "
	    "d/sub/up/a=a d/sub/up/a0=a0 d/sub/up/b=b d/sub/up/\xc3\xa9=e",
	    "d/sub/");
	cleanup();
}

TEST(test_missing_between)
{
	tmp();
	write_str("one.log", "1\n");
	write_str("two.log", "2\n");
	WALK(NULL, "one.log=1 !missing.log: No such file or directory "
	    "two.log=2", "one.log", "missing.log", "two.log");
	/* A dangling symlink inside a directory is an error too. */
	assert_int_equal(mkdir(path_in("d"), 0755), 0);
	write_str("d/x", "x\n");
	assert_int_equal(symlink("nowhere", path_in("d/dead")), 0);
	WALK(NULL, "!d/dead: No such file or directory d/x=x", "d");
	cleanup();
}

TEST(test_unreadable)
{
	tmp();
	write_str("file", "f\n");
	write_str("ok", "k\n");
	/* Not a directory: the path cannot be reached. */
	WALK(NULL, "!file/sub: Not a directory ok=k", "file/sub", "ok");
	if (geteuid() == 0)
		return;	/* root reads anything: the rest cannot fail */
	assert_int_equal(mkdir(path_in("locked"), 0755), 0);
	write_str("locked/x", "x\n");
	assert_int_equal(chmod(path_in("locked"), 0), 0);
	WALK(NULL, "!locked: Permission denied ok=k", "locked", "ok");
	chmod(path_in("locked"), 0755);
	assert_int_equal(chmod(path_in("file"), 0), 0);
	WALK(NULL, "!file: Permission denied ok=k", "file", "ok");
	cleanup();
}

TEST(test_stdin)
{
	int save, fd;

	tmp();
	write_gz("in.gz", "s1\ns2\n", 6);
	save = dup(0);
	fd = open(path_in("in.gz"), O_RDONLY);
	assert_true(save >= 0 && fd >= 0);
	dup2(fd, 0);
	close(fd);
	WALK(NULL, "-=s1|s2", "-");
	dup2(save, 0);
	close(save);
	cleanup();
}

TEST(test_fifo)
{
	pid_t pid;
	int fd;

	tmp();
	assert_int_equal(mkfifo(path_in("fifo"), 0600), 0);
	if ((pid = fork()) == 0) {
		fd = open(path_in("fifo"), O_WRONLY);
		if (write(fd, "f1\nf2\n", 6) != 6)
			_exit(1);
		_exit(0);
	}
	assert_true(pid > 0);
	WALK(NULL, "fifo=f1|f2", "fifo");
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	cleanup();
}

TEST(test_progress)
{
	struct wake_input *in;
	struct wake_line l;
	char *text;
	size_t n;
	int64_t last = 0;

	tmp();
	text = malloc(6 << 20);
	n = gen_lines(text, 6 << 20, 9);
	write_file("p.log", text, n);
	free(text);
	assert_int_equal(wake_input_open_path(&in, path_in("p.log"), NULL),
	    WAKE_OK);
	assert_int_equal(wake_input_size(in), (int64_t)n);
	assert_true(wake_input_mtime(in) > 1600000000);
	assert_string_equal(wake_input_path(in), path_in("p.log"));
	while (wake_input_line(in, &l) == WAKE_OK) {
		assert_true(wake_input_offset(in) >= last);
		last = wake_input_offset(in);
	}
	assert_int_equal(last, (int64_t)n);
	assert_int_equal(wake_input_bytes(in), (int64_t)n);
	wake_input_free(in);
	cleanup();
}
