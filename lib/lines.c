/*
 * The line reader: one input (a byte source, or memory read in place)
 * cut into lines at LF with memchr.  A CR before the LF and a UTF-8 BOM
 * at the very start are removed; a line longer than max_line comes out
 * cut, and the rest of it is read and dropped without being kept, so
 * memory stays at the buffer (max_line plus one read) whatever the input.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define READ_CHUNK	(1024 * 1024)	/* room for each read */
#define MAX_LINE_DEF	(1024 * 1024)
#define MAX_LINE_MAX	((size_t)1 << 30)

struct wake_input {
	char		*name;
	char		*path;
	int64_t		 mtime;
	int64_t		 size;
	struct wk_src	*src;		/* NULL: memory, in view */
	char		*buf;		/* owned, bufsz bytes */
	size_t		 bufsz;
	const char	*base;		/* buf, or borrowed memory */
	size_t		 start;		/* the window, unread */
	size_t		 end;
	size_t		 scan;		/* no LF in [start, scan) */
	size_t		 max_line;
	uint64_t	 lineno;
	uint64_t	 nread;		/* bytes taken from src */
	int		 eof;		/* src has nothing more */
	int		 err;		/* its error, after the lines */
	int		 bomdone;
	char		*errmsg;
};

static size_t
cap_max_line(const struct wake_input_opts *o)
{
	if (o == NULL || o->max_line == 0)
		return MAX_LINE_DEF;
	return WK_MIN(o->max_line, MAX_LINE_MAX);
}

static size_t
bufsize(size_t max_line)
{
	/* A whole kept line, its CR LF, and a full read after it. */
	return max_line + 2 + READ_CHUNK;
}

static void
set_error(struct wake_input *in, const char *why)
{
	size_t n;

	free(in->errmsg);
	n = strlen(in->name) + strlen(why) + 3;
	if ((in->errmsg = malloc(n)) != NULL)
		snprintf(in->errmsg, n, "%s: %s", in->name, why);
}

static struct wake_input *
input_alloc(const char *name, const char *path, const struct wake_input_opts *o)
{
	struct wake_input *in;

	if ((in = calloc(1, sizeof(*in))) == NULL)
		return NULL;
	if ((in->name = strdup(name)) == NULL ||
	    (in->path = strdup(path)) == NULL) {
		free(in->name);
		free(in);
		return NULL;
	}
	in->max_line = cap_max_line(o);
	in->size = -1;
	return in;
}

struct wake_input *
wk_input_new(const char *name, const char *path, int64_t mtime,
    int64_t size, struct wk_src *src, const struct wake_input_opts *opts,
    char **spare)
{
	struct wake_input *in;

	if (src == NULL)
		return NULL;
	if ((in = input_alloc(name, path, opts)) == NULL) {
		wk_src_free(src);
		return NULL;
	}
	in->bufsz = bufsize(in->max_line);
	if (spare != NULL && *spare != NULL) {
		in->buf = *spare;
		*spare = NULL;
	} else if ((in->buf = malloc(in->bufsz)) == NULL) {
		wk_src_free(src);
		wake_input_free(in);
		return NULL;
	}
	in->base = in->buf;
	in->src = src;
	in->mtime = mtime;
	in->size = size;
	return in;
}

void
wk_input_dispose(struct wake_input *in, char **spare)
{
	if (in == NULL)
		return;
	if (spare != NULL && *spare == NULL && in->buf != NULL) {
		*spare = in->buf;
		in->buf = NULL;
	}
	wake_input_free(in);
}

int
wake_input_open_mem(struct wake_input **inp, const char *name, const void *p,
    size_t n, const struct wake_input_opts *opts)
{
	const unsigned char *u = p;
	struct wake_input *in;

	*inp = NULL;
	if (n >= 2 && u[0] == 0x1f && u[1] == 0x8b)
		return wk_input_open_chunked(inp, name, p, n, 0, opts);
	if ((in = input_alloc(name, name, opts)) == NULL)
		return WAKE_ERR_NOMEM;
	in->base = p;
	in->end = n;
	in->nread = n;
	in->eof = 1;
	in->size = (int64_t)n;
	*inp = in;
	return WAKE_OK;
}

int
wk_input_open_chunked(struct wake_input **inp, const char *name,
    const void *p, size_t n, size_t chunk, const struct wake_input_opts *opts)
{
	const unsigned char *u = p;
	struct wk_src *s;

	*inp = NULL;
	if ((s = wk_src_mem(p, n, chunk)) == NULL)
		return WAKE_ERR_NOMEM;
	if (n >= 2 && u[0] == 0x1f && u[1] == 0x8b &&
	    (s = wk_src_gzip(s, 0)) == NULL)
		return WAKE_ERR_NOMEM;
	if ((*inp = wk_input_new(name, name, 0, (int64_t)n, s, opts,
	    NULL)) == NULL)
		return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

void
wake_input_free(struct wake_input *in)
{
	if (in == NULL)
		return;
	wk_src_free(in->src);
	free(in->buf);
	free(in->errmsg);
	free(in->name);
	free(in->path);
	free(in);
}

const char *
wake_input_name(const struct wake_input *in)
{
	return in->name;
}

const char *
wake_input_path(const struct wake_input *in)
{
	return in->path;
}

int64_t
wake_input_mtime(const struct wake_input *in)
{
	return in->mtime;
}

int64_t
wake_input_size(const struct wake_input *in)
{
	return in->size;
}

int64_t
wake_input_offset(const struct wake_input *in)
{
	if (in->src == NULL)
		return (int64_t)in->start;
	return wk_src_offset(in->src);
}

int64_t
wake_input_bytes(const struct wake_input *in)
{
	return (int64_t)(in->nread - (in->end - in->start));
}

const char *
wake_input_error(const struct wake_input *in)
{
	return in->errmsg != NULL ? in->errmsg : "";
}

/*
 * Read more into the buffer after the window, moving the window to the
 * front first so that a full read fits.  Sets eof (and err) at the end.
 */
static void
fill(struct wake_input *in)
{
	long r;

	if (in->src == NULL) {
		in->eof = 1;
		return;
	}
	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->scan -= in->start;
		in->start = 0;
	}
	r = wk_src_read(in->src, in->buf + in->end, in->bufsz - in->end);
	if (r > 0) {
		in->end += (size_t)r;
		in->nread += (uint64_t)r;
	} else {
		in->eof = 1;
		if (r < 0) {
			in->err = (int)r;
			set_error(in, wk_src_error(in->src));
		}
	}
}

/* Fill the window to want bytes (or the end), the BOM dealt with first. */
static void
head(struct wake_input *in, size_t want)
{
	if (!in->bomdone) {
		while (!in->eof && in->end - in->start < 3)
			fill(in);
		if (in->end - in->start >= 3 &&
		    memcmp(in->base + in->start, "\xef\xbb\xbf", 3) == 0) {
			in->start += 3;
			in->scan = WK_MAX(in->scan, in->start);
		}
		in->bomdone = 1;
	}
	while (!in->eof && in->end - in->start < want)
		fill(in);
}

size_t
wake_input_peek(struct wake_input *in, const char **p, size_t n)
{
	if (in->src != NULL)
		n = WK_MIN(n, in->bufsz - 1);
	head(in, n);
	*p = in->base + in->start;
	return WK_MIN(n, in->end - in->start);
}

/* Hand out the error kept while the lines before it went out. */
static int
take_error(struct wake_input *in)
{
	int r = in->err;

	in->err = 0;
	in->start = in->scan = in->end;
	return r;
}

int
wake_input_line(struct wake_input *in, struct wake_line *l)
{
	const char *b, *lf;
	size_t at, len, keep, skipped = 0;
	int skipping = 0, lastcr = 0, cr;

	if (!in->bomdone)
		head(in, 0);
	for (;;) {
		b = in->base;
		lf = in->end > in->scan ?
		    memchr(b + in->scan, '\n', in->end - in->scan) : NULL;
		if (lf != NULL) {
			at = (size_t)(lf - b);
			l->p = b + in->start;
			if (skipping) {
				/* scan is where the dropped part restarted. */
				len = at - in->scan;
				cr = len > 0 ? b[at - 1] == '\r' : lastcr;
				l->n = in->max_line;
				l->truncated = skipped + len - (size_t)cr;
			} else {
				len = at - in->start;
				if (len > 0 && b[at - 1] == '\r')
					len--;
				l->n = WK_MIN(len, in->max_line);
				l->truncated = len - l->n;
			}
			in->start = in->scan = at + 1;
			l->no = ++in->lineno;
			return WAKE_OK;
		}
		in->scan = in->end;
		/*
		 * No LF yet.  Past max_line plus a possible CR the line is
		 * too long for sure: keep its head and drop the rest as it
		 * comes, counting it.
		 */
		if (!skipping && !in->eof &&
		    in->end - in->start >= in->max_line + 2)
			skipping = 1;
		if (skipping) {
			keep = in->start + in->max_line;
			if (in->end > keep) {
				skipped += in->end - keep;
				lastcr = b[in->end - 1] == '\r';
				in->end = in->scan = keep;
			}
		}
		if (in->eof) {
			if (in->err != 0)
				return take_error(in);
			if (in->end == in->start)
				return WAKE_EOF;
			/* The last line, without LF. */
			len = in->end - in->start;
			l->p = b + in->start;
			l->n = WK_MIN(len, in->max_line);
			l->truncated = skipping ? skipped : len - l->n;
			in->start = in->scan = in->end;
			l->no = ++in->lineno;
			return WAKE_OK;
		}
		fill(in);
	}
}

long
wake_input_read(struct wake_input *in, void *buf, size_t n)
{
	size_t k;
	long r;

	if (!in->bomdone)
		head(in, 0);
	if (n == 0)
		return 0;
	if (in->end > in->start) {
		k = WK_MIN(n, in->end - in->start);
		memcpy(buf, in->base + in->start, k);
		in->start += k;
		in->scan = WK_MAX(in->scan, in->start);
		return (long)k;
	}
	if (in->eof)
		return in->err != 0 ? take_error(in) : 0;
	if ((r = wk_src_read(in->src, buf, n)) > 0) {
		in->nread += (uint64_t)r;
		return r;
	}
	in->eof = 1;
	if (r < 0)
		set_error(in, wk_src_error(in->src));
	return r;
}
