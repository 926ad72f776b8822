/*
 * Inputs: the leaves of a list of paths.  Directories are walked in
 * byte order of names, dot-files left out, symlinks followed but not
 * round a loop.  What a file holds is told by its first bytes, never
 * by its name: gzip goes through our inflater (a tar inside it through
 * libarchive), tar, zip, 7z and xz/zstd/bzip2/lz4/compress through
 * libarchive, the rest is text.  Each regular member of an archive is
 * its own input, "archive//member/path"; a gzip member is inflated.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "internal.h"

#define HEAD_SZ		512		/* a tar header */
#define GZHEAD_RAW	(256 * 1024)	/* most gzip bytes to sniff */
#define AR_BLK		(256 * 1024)
#define MEMBER_THREAD	(4 * 1024 * 1024)  /* members worth a thread */
#define MAX_RETRY	1000

/* What the first bytes say. */
enum kind {
	K_TEXT,		/* plain bytes */
	K_GZIP,		/* gzip, not a tar inside */
	K_GZTAR,	/* gzip holding a tar */
	K_ARCHIVE,	/* tar, zip, 7z: libarchive */
	K_PACKED	/* xz, zstd, bzip2, ...: libarchive, maybe a raw file */
};

/* An archive being read through libarchive. */
struct arch {
	struct archive	*a;
	char		*path;
	int64_t		 size;
	int64_t		 mtime;
	struct wk_src	*under;		/* its bytes; owns the fd */
	int		 seekfd;	/* >= 0: read here, seeking */
	int		 gz;		/* under is our inflater */
	int		 nretry;
	int64_t		 pos;
	unsigned char	*blk;
};

struct frame {
	char		*path;
	struct dirent	**ents;
	int		 n;
	int		 i;
	dev_t		 dev;
	ino_t		 ino;
	uint64_t	 given0;	/* inputs given before it */
};

struct wake_inputs {
	char		**paths;
	size_t		 n;
	size_t		 i;
	struct frame	*stack;
	size_t		 depth;
	size_t		 cap;
	struct arch	*ar;
	struct wake_input *cur;		/* lent to the caller */
	char		*spare;		/* a line buffer for reuse */
	char		*err;
	struct wake_input_opts opts;
	int		 bundles;	/* chat: Slack exports are one input */
	uint64_t	 ngiven;	/* inputs given so far */
};

/* ---- sniffing ---- */

/*
 * Could these first bytes still be a tar header?  Not when a LF comes
 * before any NUL in the name field: that is a text line, and waiting
 * for 512 bytes of it would stall a slow pipe.
 */
static int
maybe_tar(const unsigned char *h, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 100; i++) {
		if (h[i] == '\0')
			return 1;
		if (h[i] == '\n')
			return 0;
	}
	return 1;
}

static int
is_tar(const unsigned char *h, size_t n)
{
	unsigned long sum = 0, chk = 0;
	long ssum = 0;
	size_t i;

	if (n < HEAD_SZ)
		return 0;
	if (memcmp(h + 257, "ustar", 5) == 0)
		return 1;
	/* Old tar: no magic, but the header checksum must hold. */
	if (h[0] == '\0')
		return 0;
	for (i = 148; i < 156 && h[i] == ' '; i++)
		;
	if (i == 156 || h[i] < '0' || h[i] > '7')
		return 0;
	for (; i < 156 && h[i] >= '0' && h[i] <= '7'; i++)
		chk = chk * 8 + (unsigned long)(h[i] - '0');
	if (i < 156 && h[i] != ' ' && h[i] != '\0')
		return 0;
	for (i = 0; i < HEAD_SZ; i++) {
		unsigned c = i >= 148 && i < 156 ? ' ' : h[i];
		sum += c;
		ssum += (signed char)c;
	}
	return sum == chk || (ssum >= 0 && (unsigned long)ssum == chk);
}

static int
has(const unsigned char *h, size_t n, const char *magic, size_t m)
{
	return n >= m && memcmp(h, magic, m) == 0;
}

static enum kind
classify(const unsigned char *h, size_t n)
{
	if (has(h, n, "\x1f\x8b", 2))
		return K_GZIP;
	if (has(h, n, "PK\3\4", 4) || has(h, n, "PK\5\6", 4) ||
	    has(h, n, "PK\7\x08", 4) || has(h, n, "7z\xbc\xaf\x27\x1c", 6))
		return K_ARCHIVE;
	if (has(h, n, "\xfd" "7zXZ\0", 6) ||
	    has(h, n, "\x28\xb5\x2f\xfd", 4) ||
	    has(h, n, "\x04\x22\x4d\x18", 4) ||
	    has(h, n, "\x1f\x9d", 2))
		return K_PACKED;
	if (n >= 10 && has(h, n, "BZh", 3) && h[3] >= '1' && h[3] <= '9' &&
	    (memcmp(h + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0 ||
	    memcmp(h + 4, "\x17\x72\x45\x38\x50\x90", 6) == 0))
		return K_PACKED;
	if (is_tar(h, n))
		return K_ARCHIVE;
	return K_TEXT;
}

/*
 * Inflate the start of a gzip stream into out (cap bytes).  Returns
 * the count, or -1 when the data is damaged.
 */
static long
gz_head(const unsigned char *raw, size_t n, unsigned char *out, size_t cap)
{
	z_stream z;
	int r;
	long got;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return -1;
	z.next_in = (Bytef *)(uintptr_t)raw;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	r = inflate(&z, Z_SYNC_FLUSH);
	got = (long)(cap - z.avail_out);
	inflateEnd(&z);
	return r == Z_OK || r == Z_STREAM_END || r == Z_BUF_ERROR ? got : -1;
}

/*
 * Read the first bytes of s and push them back; tell what they are.
 * Returns WAKE_OK or an error (reason in *why).
 */
static int
sniff(struct wk_src *s, enum kind *kp, const char **why)
{
	unsigned char h[HEAD_SZ], dec[HEAD_SZ], *raw;
	size_t n = 0, nraw;
	long r, k;
	int eof = 0, rc;

	while (n < HEAD_SZ && maybe_tar(h, n)) {
		if ((r = wk_src_read(s, h + n, HEAD_SZ - n)) < 0) {
			*why = wk_src_error(s);
			return (int)r;
		}
		if (r == 0) {
			eof = 1;
			break;
		}
		n += (size_t)r;
	}
	*kp = classify(h, n);
	if (*kp != K_GZIP)
		return wk_src_unread(s, h, n);
	/* Is it a tar once inflated?  Read on until that is clear. */
	if ((raw = malloc(GZHEAD_RAW)) == NULL)
		return WAKE_ERR_NOMEM;
	memcpy(raw, h, n);
	nraw = n;
	for (;;) {
		k = gz_head(raw, nraw, dec, HEAD_SZ);
		if (k < 0 || k == HEAD_SZ || !maybe_tar(dec, (size_t)k) ||
		    eof || nraw == GZHEAD_RAW)
			break;
		if ((r = wk_src_read(s, raw + nraw, GZHEAD_RAW - nraw)) < 0) {
			*why = wk_src_error(s);
			free(raw);
			return (int)r;
		}
		if (r == 0)
			eof = 1;
		nraw += (size_t)r;
	}
	if (k == HEAD_SZ && is_tar(dec, (size_t)k))
		*kp = K_GZTAR;
	rc = wk_src_unread(s, raw, nraw);
	free(raw);
	return rc;
}

/* ---- archives ---- */

static la_ssize_t
cb_read(struct archive *a, void *arg, const void **buf)
{
	struct arch *ar = arg;
	ssize_t r;
	long k;

	*buf = ar->blk;
	if (ar->seekfd >= 0) {
		while ((r = read(ar->seekfd, ar->blk, AR_BLK)) < 0)
			if (errno != EINTR) {
				archive_set_error(a, errno, "%s",
				    strerror(errno));
				return -1;
			}
		ar->pos += r;
		return r;
	}
	if ((k = wk_src_read(ar->under, ar->blk, AR_BLK)) < 0) {
		archive_set_error(a, k == WAKE_ERR_IO ? EIO : EILSEQ, "%s",
		    wk_src_error(ar->under));
		return -1;
	}
	ar->pos += k;
	return k;
}

static la_int64_t
cb_skip(struct archive *a, void *arg, la_int64_t req)
{
	struct arch *ar = arg;
	off_t r;

	(void)a;
	if ((r = lseek(ar->seekfd, (off_t)req, SEEK_CUR)) < 0)
		return 0;
	ar->pos = r;
	return req;
}

static la_int64_t
cb_seek(struct archive *a, void *arg, la_int64_t off, int whence)
{
	struct arch *ar = arg;
	off_t r;

	if ((r = lseek(ar->seekfd, (off_t)off, whence)) < 0) {
		archive_set_error(a, errno, "%s", strerror(errno));
		return ARCHIVE_FATAL;
	}
	ar->pos = r;
	return r;
}

static int64_t
arch_offset(void *arg)
{
	struct arch *ar = arg;

	return ar->under != NULL && ar->seekfd < 0 ?
	    wk_src_offset(ar->under) : ar->pos;
}

static void
arch_free(void *arg)
{
	struct arch *ar = arg;

	if (ar == NULL)
		return;
	if (ar->a != NULL)
		archive_read_free(ar->a);
	wk_src_free(ar->under);
	free(ar->blk);
	free(ar->path);
	free(ar);
}

/*
 * Start reading an archive from under (taken).  seekfd >= 0 is under's
 * descriptor, rewound, for formats that seek (a zip's directory).  On
 * failure the reason is copied to errbuf.
 */
static int
arch_open(struct arch **arp, struct wk_src *under, int seekfd, enum kind k,
    const char *path, int64_t mtime, int64_t size, char *errbuf,
    size_t errsz)
{
	struct arch *ar;
	struct archive *a;
	const char *why;

	*arp = NULL;
	if ((ar = calloc(1, sizeof(*ar))) == NULL) {
		wk_src_free(under);
		return WAKE_ERR_NOMEM;
	}
	ar->under = under;
	ar->seekfd = seekfd;
	ar->gz = k == K_GZTAR;
	ar->mtime = mtime;
	ar->size = size;
	if ((ar->path = strdup(path)) == NULL ||
	    (ar->blk = malloc(AR_BLK)) == NULL ||
	    (ar->a = a = archive_read_new()) == NULL) {
		arch_free(ar);
		return WAKE_ERR_NOMEM;
	}
	if (k == K_GZTAR) {
		archive_read_support_format_tar(a);
	} else {
		/* The filters for the magics sniffed above, and no more. */
		archive_read_support_filter_gzip(a);
		archive_read_support_filter_bzip2(a);
		archive_read_support_filter_xz(a);
		archive_read_support_filter_lzma(a);
		archive_read_support_filter_zstd(a);
		archive_read_support_filter_lz4(a);
		archive_read_support_filter_compress(a);
		archive_read_support_format_tar(a);
		archive_read_support_format_zip(a);
		archive_read_support_format_7zip(a);
		archive_read_support_format_cpio(a);
		/* A packed single file is read as it is. */
		if (k == K_PACKED)
			archive_read_support_format_raw(a);
	}
	archive_read_set_read_callback(a, cb_read);
	if (seekfd >= 0) {
		archive_read_set_skip_callback(a, cb_skip);
		archive_read_set_seek_callback(a, cb_seek);
	}
	archive_read_set_callback_data(a, ar);
	if (archive_read_open1(a) != ARCHIVE_OK) {
		why = archive_error_string(a);
		snprintf(errbuf, errsz, "%s", why != NULL ? why :
		    "unreadable archive");
		arch_free(ar);
		return WAKE_ERR_FORMAT;
	}
	*arp = ar;
	return WAKE_OK;
}

/* A member name as shown: no leading "./" or "/". */
static const char *
member_name(const char *p)
{
	for (;;) {
		if (p[0] == '/')
			p++;
		else if (p[0] == '.' && p[1] == '/')
			p += 2;
		else
			return p;
	}
}

/* Any path component a dot-file? */
static int
has_dot(const char *p)
{
	if (*p == '.')
		return 1;
	for (; *p != '\0'; p++)
		if (p[0] == '/' && p[1] == '.')
			return 1;
	return 0;
}

static char *
concat3(const char *a, const char *b, const char *c)
{
	size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
	char *s;

	if ((s = malloc(na + nb + nc + 1)) == NULL)
		return NULL;
	memcpy(s, a, na);
	memcpy(s + na, b, nb);
	memcpy(s + na + nb, c, nc + 1);
	return s;
}

/*
 * The source of the current member, a gzip member inflated.  When
 * owned, the source frees ar with itself, also on failure here.
 */
static int
member_src(struct arch *ar, struct archive_entry *e,
    const struct wake_input_opts *o, unsigned flags, int owned,
    struct wk_src **sp, const char **why)
{
	struct wk_src *s;
	unsigned char h[2];
	size_t n = 0;
	long r;
	int big;

	*sp = NULL;
	if ((s = wk_src_archive(ar->a, arch_offset, owned ? arch_free : NULL,
	    ar)) == NULL) {
		if (owned)
			arch_free(ar);
		return WAKE_ERR_NOMEM;
	}
	while (n < 2) {
		if ((r = wk_src_read(s, h + n, 2 - n)) < 0) {
			*why = wk_src_error(s);
			/* Not freed: *why points into it; the caller frees. */
			*sp = s;
			return (int)r;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (wk_src_unread(s, h, n) != WAKE_OK) {
		wk_src_free(s);
		return WAKE_ERR_NOMEM;
	}
	if (n == 2 && h[0] == 0x1f && h[1] == 0x8b &&
	    (s = wk_src_gzip(s, flags)) == NULL)
		return WAKE_ERR_NOMEM;
	/* Over our own inflater the thread is below libarchive already. */
	big = !archive_entry_size_is_set(e) ||
	    archive_entry_size(e) >= MEMBER_THREAD;
	if (o->threads > 0 && !ar->gz && big)
		s = wk_src_thread(s);
	*sp = s;
	return WAKE_OK;
}

/* ---- opening one file ---- */

/*
 * What open_file found: an input (*inp) or an archive to iterate
 * (*arp).  On failure errbuf holds the reason.
 */
static int
open_file(int fd, int own, const char *path, int64_t mtime, int64_t size,
    const struct wake_input_opts *o, unsigned flags, char **spare,
    struct wake_input **inp, struct arch **arp, char *errbuf, size_t errsz)
{
	struct wk_src *s;
	enum kind k;
	const char *why = NULL;
	int r, seekfd = -1;

	*inp = NULL;
	*arp = NULL;
	if ((s = wk_src_fd(fd, own)) == NULL) {
		if (own)
			close(fd);
		return WAKE_ERR_NOMEM;
	}
	if ((r = sniff(s, &k, &why)) != WAKE_OK) {
		snprintf(errbuf, errsz, "%s", why != NULL ? why :
		    wake_strerror(r));
		wk_src_free(s);
		return r;
	}
	switch (k) {
	case K_TEXT:
		break;
	case K_GZIP:
	case K_GZTAR:
		if ((s = wk_src_gzip(s, flags)) == NULL)
			return WAKE_ERR_NOMEM;
		if (o->threads > 0)
			s = wk_src_thread(s);
		if (k == K_GZTAR)
			return arch_open(arp, s, -1, k, path, mtime, size,
			    errbuf, errsz);
		break;
	case K_ARCHIVE:
		/* chat: a Slack export zip is one input (lib/slack.c). */
		if ((flags & WK_IN_SLACK) && wk_slack_probe(path, 0))
			break;
		/* FALLTHROUGH */
	case K_PACKED:
		/* From a file libarchive may seek (a zip's directory). */
		if (lseek(fd, 0, SEEK_SET) == 0)
			seekfd = fd;
		return arch_open(arp, s, seekfd, k, path, mtime, size, errbuf,
		    errsz);
	}
	if ((*inp = wk_input_new(path, path, mtime, size, s, o,
	    spare)) == NULL)
		return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

static void
file_times(int fd, int64_t *mtime, int64_t *size)
{
	struct stat st;

	*mtime = (int64_t)time(NULL);
	*size = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		*mtime = (int64_t)st.st_mtime;
		*size = (int64_t)st.st_size;
		posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	}
}

int
wk_input_open_path_ex(struct wake_input **inp, const char *path,
    const struct wake_input_opts *opts, unsigned flags)
{
	static const struct wake_input_opts defopts;
	struct archive_entry *e;
	struct arch *ar;
	struct wk_src *s;
	struct stat st;
	const char *why;
	char errbuf[256];
	int64_t mtime, size;
	int fd, own, r;

	*inp = NULL;
	if (opts == NULL)
		opts = &defopts;
	if (strcmp(path, "-") == 0) {
		fd = 0;
		own = 0;
		file_times(fd, &mtime, &size);
	} else {
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			return WAKE_ERR_IO;
		own = 1;
		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			close(fd);
			errno = EISDIR;
			return WAKE_ERR_IO;
		}
		file_times(fd, &mtime, &size);
	}
	r = open_file(fd, own, path, mtime, size, opts, flags, NULL, inp, &ar,
	    errbuf, sizeof(errbuf));
	if (r != WAKE_OK || ar == NULL)
		return r;
	/* Only a single packed file, which the input then owns. */
	if (archive_read_next_header(ar->a, &e) < ARCHIVE_WARN ||
	    archive_format(ar->a) != ARCHIVE_FORMAT_RAW) {
		arch_free(ar);
		return WAKE_ERR_FORMAT;
	}
	if ((r = member_src(ar, e, opts, flags, 1, &s, &why)) != WAKE_OK) {
		wk_src_free(s);
		return r;
	}
	if ((*inp = wk_input_new(path, path, mtime, size, s, opts,
	    NULL)) == NULL)
		return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

int
wake_input_open_path(struct wake_input **inp, const char *path,
    const struct wake_input_opts *opts)
{
	return wk_input_open_path_ex(inp, path, opts, 0);
}

/* ---- the iterator ---- */

static int
fail(struct wake_inputs *ip, int code, const char *origin, const char *why)
{
	free(ip->err);
	ip->err = concat3(origin, ": ", why);
	return code;
}

static void
diag(struct wake_inputs *ip, const char *origin, const char *why)
{
	if (ip->opts.diag != NULL)
		ip->opts.diag(ip->opts.diag_arg, origin, 0, why);
}

int
wake_inputs_open(struct wake_inputs **ipp, const char *const *paths,
    size_t n, const struct wake_input_opts *opts)
{
	struct wake_inputs *ip;
	size_t i;

	*ipp = NULL;
	if ((ip = calloc(1, sizeof(*ip))) == NULL)
		return WAKE_ERR_NOMEM;
	if (opts != NULL)
		ip->opts = *opts;
	if (n > 0 && (ip->paths = calloc(n, sizeof(*ip->paths))) == NULL) {
		free(ip);
		return WAKE_ERR_NOMEM;
	}
	ip->n = n;
	for (i = 0; i < n; i++)
		if ((ip->paths[i] = strdup(paths[i])) == NULL) {
			wake_inputs_free(ip);
			return WAKE_ERR_NOMEM;
		}
	*ipp = ip;
	return WAKE_OK;
}

void
wake_inputs_set_bundles(struct wake_inputs *ip, int on)
{
	ip->bundles = on;
}

const char *
wake_inputs_error(const struct wake_inputs *ip)
{
	return ip->err != NULL ? ip->err : "";
}

/* Leave the folder on top; done: it was read through. */
static void
pop(struct wake_inputs *ip, int done)
{
	struct frame *f = &ip->stack[--ip->depth];

	/* A folder named on the command line that held no file: say so,
	 * a run over nothing is no run over a quiet week. */
	if (done && ip->depth == 0 && ip->ngiven == f->given0)
		diag(ip, f->path, "no file in the folder");

	while (f->i < f->n)
		free(f->ents[f->i++]);
	free(f->ents);
	free(f->path);
}

void
wake_inputs_free(struct wake_inputs *ip)
{
	size_t i;

	if (ip == NULL)
		return;
	wake_input_free(ip->cur);
	arch_free(ip->ar);
	while (ip->depth > 0)
		pop(ip, 0);
	free(ip->stack);
	for (i = 0; i < ip->n; i++)
		free(ip->paths[i]);
	free(ip->paths);
	free(ip->spare);
	free(ip->err);
	free(ip);
}

static int
skip_dot(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* Byte order, whatever the locale. */
static int
byte_order(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
push_dir(struct wake_inputs *ip, const char *path, const struct stat *st)
{
	struct frame *f;
	size_t i;
	int n;

	for (i = 0; i < ip->depth; i++)
		if (ip->stack[i].dev == st->st_dev &&
		    ip->stack[i].ino == st->st_ino) {
			diag(ip, path, "directory loop, skipped");
			return WAKE_EOF;
		}
	if (ip->depth == ip->cap) {
		size_t nc = ip->cap > 0 ? ip->cap * 2 : 8;
		if ((f = reallocarray(ip->stack, nc, sizeof(*f))) == NULL)
			return fail(ip, WAKE_ERR_NOMEM, path, "out of memory");
		ip->stack = f;
		ip->cap = nc;
	}
	f = &ip->stack[ip->depth];
	memset(f, 0, sizeof(*f));
	if ((n = scandir(path, &f->ents, skip_dot, byte_order)) < 0)
		return fail(ip, WAKE_ERR_IO, path, strerror(errno));
	if ((f->path = strdup(path)) == NULL) {
		while (n > 0)
			free(f->ents[--n]);
		free(f->ents);
		return fail(ip, WAKE_ERR_NOMEM, path, "out of memory");
	}
	f->n = n;
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	f->given0 = ip->ngiven;
	ip->depth++;
	return WAKE_EOF;
}

/* chat: an input standing for a whole Slack export at path. */
static int
bundle(struct wake_inputs *ip, const char *path, int64_t mtime,
    struct wake_input **inp)
{
	if ((*inp = wk_input_new(path, path, mtime, -1, wk_src_mem("", 0, 0),
	    &ip->opts, &ip->spare)) == NULL)
		return fail(ip, WAKE_ERR_NOMEM, path, "out of memory");
	return WAKE_OK;
}

/*
 * One path: a directory is pushed, a file opened.  WAKE_OK with *inp,
 * WAKE_EOF when there is nothing to hand out yet, or an error.
 */
static int
visit(struct wake_inputs *ip, const char *path, int indir,
    struct wake_input **inp)
{
	struct stat st;
	char errbuf[256];
	int64_t mtime, size;
	int fd, own = 1, r;

	if (!indir && strcmp(path, "-") == 0) {
		fd = 0;
		own = 0;
		file_times(fd, &mtime, &size);
	} else {
		if (stat(path, &st) == -1)
			return fail(ip, WAKE_ERR_IO, path, strerror(errno));
		/* chat: a Slack export folder is one input (lib/slack.c). */
		if (ip->bundles && S_ISDIR(st.st_mode) &&
		    wk_slack_probe(path, 1))
			return bundle(ip, path, (int64_t)st.st_mtime, inp);
		if (S_ISDIR(st.st_mode))
			return push_dir(ip, path, &st);
		if (indir && !S_ISREG(st.st_mode)) {
			diag(ip, path, "not a regular file, skipped");
			return WAKE_EOF;
		}
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			return fail(ip, WAKE_ERR_IO, path, strerror(errno));
		file_times(fd, &mtime, &size);
	}
	r = open_file(fd, own, path, mtime, size, &ip->opts,
	    ip->bundles ? WK_IN_SLACK : 0, &ip->spare, inp, &ip->ar, errbuf,
	    sizeof(errbuf));
	if (r == WAKE_ERR_NOMEM)
		return fail(ip, r, path, "out of memory");
	if (r != WAKE_OK)
		return fail(ip, r, path, errbuf);
	return *inp != NULL ? WAKE_OK : WAKE_EOF;
}

static void
arch_done(struct wake_inputs *ip)
{
	arch_free(ip->ar);
	ip->ar = NULL;
}

/* The next member of the open archive; WAKE_EOF when it is done. */
static int
next_member(struct wake_inputs *ip, struct wake_input **inp)
{
	struct arch *ar = ip->ar;
	struct archive_entry *e;
	struct wk_src *s;
	const char *why, *mname;
	char *name;
	int64_t mtime;
	int r;

	for (;;) {
		r = archive_read_next_header(ar->a, &e);
		if (r == ARCHIVE_EOF) {
			arch_done(ip);
			return WAKE_EOF;
		}
		why = archive_error_string(ar->a);
		if (why == NULL)
			why = "damaged archive";
		if (r == ARCHIVE_FATAL || (r == ARCHIVE_RETRY &&
		    ++ar->nretry > MAX_RETRY)) {
			r = fail(ip, WAKE_ERR_FORMAT, ar->path, why);
			arch_done(ip);
			return r;
		}
		/* libarchive skips damage a block at a time: say it once. */
		if (r == ARCHIVE_RETRY) {
			if (ar->nretry == 1)
				return fail(ip, WAKE_ERR_FORMAT, ar->path, why);
			continue;
		}
		ar->nretry = 0;
		if (r == ARCHIVE_WARN)
			diag(ip, ar->path, why);
		if (archive_entry_filetype(e) != AE_IFREG ||
		    archive_entry_hardlink(e) != NULL)
			continue;
		if (archive_format(ar->a) == ARCHIVE_FORMAT_RAW) {
			name = strdup(ar->path);
		} else {
			mname = archive_entry_pathname(e);
			if (mname == NULL) {
				diag(ip, ar->path, "member without a name, "
				    "skipped");
				continue;
			}
			mname = member_name(mname);
			if (*mname == '\0' || has_dot(mname))
				continue;
			name = concat3(ar->path, "//", mname);
		}
		if (name == NULL)
			return fail(ip, WAKE_ERR_NOMEM, ar->path,
			    "out of memory");
		if (archive_entry_is_encrypted(e)) {
			r = fail(ip, WAKE_ERR_FORMAT, name,
			    "encrypted member, skipped");
			free(name);
			return r;
		}
		if ((r = member_src(ar, e, &ip->opts, 0, 0, &s, &why)) !=
		    WAKE_OK) {
			r = fail(ip, r, name, r == WAKE_ERR_NOMEM ?
			    "out of memory" : why);
			wk_src_free(s);
			free(name);
			return r;
		}
		mtime = archive_entry_mtime_is_set(e) ?
		    (int64_t)archive_entry_mtime(e) : ar->mtime;
		*inp = wk_input_new(name, ar->path, mtime, ar->size, s,
		    &ip->opts, &ip->spare);
		r = *inp != NULL ? WAKE_OK : fail(ip, WAKE_ERR_NOMEM, name,
		    "out of memory");
		free(name);
		return r;
	}
}

static char *
join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	return concat3(dir, n > 0 && dir[n - 1] == '/' ? "" : "/", name);
}

int
wake_inputs_next(struct wake_inputs *ip, struct wake_input **inp)
{
	struct frame *f;
	struct dirent *d;
	char *path;
	int r;

	*inp = NULL;
	/* The member's reader must be gone before libarchive moves on. */
	wk_input_dispose(ip->cur, &ip->spare);
	ip->cur = NULL;
	for (;;) {
		if (ip->ar != NULL) {
			r = next_member(ip, inp);
		} else if (ip->depth > 0) {
			f = &ip->stack[ip->depth - 1];
			if (f->i == f->n) {
				pop(ip, 1);
				continue;
			}
			d = f->ents[f->i++];
			path = join(f->path, d->d_name);
			free(d);
			if (path == NULL)
				return fail(ip, WAKE_ERR_NOMEM, f->path,
				    "out of memory");
			r = visit(ip, path, 1, inp);
			free(path);
		} else if (ip->i < ip->n) {
			r = visit(ip, ip->paths[ip->i++], 0, inp);
		} else
			return WAKE_EOF;
		if (r == WAKE_EOF)
			continue;
		if (r == WAKE_OK) {
			ip->cur = *inp;
			ip->ngiven++;
		}
		return r;
	}
}
