/*
 * Inputs: files, "-", directories (recursive, in stable byte order of
 * names), gzip through zlib (or ISA-L), and archives through libarchive
 * (tar, tar.gz/xz/zst/bz2, zip; a .gz member inside a tar is inflated
 * too).  Each leaf is its own input named by its origin, e.g.
 * "bundle.tar.gz//var/log/syslog".  Lines come out with CRLF and a
 * leading UTF-8 BOM removed and a length cap.
 */
#ifndef WAKE_INPUT_H
#define WAKE_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include <wake/wake.h>

struct wake_inputs;	/* iterator over the leaves of a list of paths */
struct wake_input;	/* one leaf: a byte stream with a name */

struct wake_input_opts {
	size_t		 max_line;	/* line cap in bytes; 0: 1 MiB */
	int		 threads;	/* 1: decompress on a second thread */
	wake_diag_fn	 diag;		/* unreadable members, skipped entries */
	void		*diag_arg;
};

/*
 * Start iterating over paths (n of them; "-" is stdin).  The strings
 * are copied.  Returns WAKE_OK or WAKE_ERR_NOMEM.
 */
int wake_inputs_open(struct wake_inputs **ip, const char *const *paths,
    size_t n, const struct wake_input_opts *opts);

/*
 * The next leaf input, lent until the next call.  Returns WAKE_OK,
 * WAKE_EOF when done, or a negative error for a path or member that
 * could not be opened (a missing file, a directory without permission,
 * a damaged archive): the detail "origin: reason" is in
 * wake_inputs_error(), and iteration may go on with the next call.
 */
int wake_inputs_next(struct wake_inputs *ip, struct wake_input **inp);
const char *wake_inputs_error(const struct wake_inputs *ip);
void wake_inputs_free(struct wake_inputs *ip);
/*
 * With on set, a Slack workspace export among the paths (a folder, or a
 * .zip, with channels.json) is one input, named by its path, which
 * wake_parser_run() reads whole; by default each file in it is a leaf.
 */
void wake_inputs_set_bundles(struct wake_inputs *ip, int on);

/* Open a single input directly (a file, "-", a .gz; not an archive). */
int wake_input_open_path(struct wake_input **inp, const char *path,
    const struct wake_input_opts *opts);
/* An input over a memory buffer (borrowed), named name. */
int wake_input_open_mem(struct wake_input **inp, const char *name,
    const void *p, size_t n, const struct wake_input_opts *opts);
void wake_input_free(struct wake_input *in);

/* The origin: "router.log", "-", "bundle.tar.gz//var/log/syslog". */
const char *wake_input_name(const struct wake_input *in);
/* Path of the file on disk holding it (the archive for a member). */
const char *wake_input_path(const struct wake_input *in);
/* Modification time, UTC seconds (now for stdin). */
int64_t wake_input_mtime(const struct wake_input *in);
/* Bytes on disk (compressed), -1 when unknown; bytes read so far. */
int64_t wake_input_size(const struct wake_input *in);
int64_t wake_input_offset(const struct wake_input *in);
/* Uncompressed bytes delivered so far. */
int64_t wake_input_bytes(const struct wake_input *in);

/*
 * Peek at up to n leading bytes (decompressed) without consuming them,
 * for format sniffing.  Returns the number of bytes available (< n at
 * end of input) and sets *p.  Only before the first line is read.
 */
size_t wake_input_peek(struct wake_input *in, const char **p, size_t n);

struct wake_line {
	const char	*p;		/* lent until the next call */
	size_t		 n;		/* without LF/CRLF; at most max_line */
	uint64_t	 no;		/* 1-based line number */
	size_t		 truncated;	/* bytes cut off (0: none) */
};

/*
 * The next line.  Returns WAKE_OK, WAKE_EOF, or WAKE_ERR_IO /
 * WAKE_ERR_FORMAT (a truncated or corrupt .gz: lines before the damage
 * have been delivered; the detail is in wake_input_error()).
 */
int wake_input_line(struct wake_input *in, struct wake_line *line);
const char *wake_input_error(const struct wake_input *in);

/* Read raw (decompressed) bytes; returns count, 0 at end, <0 on error. */
long wake_input_read(struct wake_input *in, void *buf, size_t n);

#endif /* WAKE_INPUT_H */
