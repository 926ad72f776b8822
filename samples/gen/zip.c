/*
 * wake-gen: a small deterministic zip writer (PKWARE APPNOTE 6.3):
 * local headers and data, then the central directory and its end
 * record; no zip64, no data descriptors, no extra fields.  The deflate
 * data and its CRC-32 are taken from gzip_encode() (deflate.c): a gzip
 * member is a 10-byte header, the raw deflate stream, then CRC-32 and
 * size, so the zip needs no compressor of its own.  Every entry has the
 * same DOS time, given by the caller, so the bytes are the same on
 * every run.
 */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define ZIP_LOCAL	0x04034b50U
#define ZIP_CENTRAL	0x02014b50U
#define ZIP_END		0x06054b50U

static void
le16(struct gbuf *b, uint32_t v)
{
	gbuf_putc(b, (int)(v & 0xff));
	gbuf_putc(b, (int)((v >> 8) & 0xff));
}

static void
le32(struct gbuf *b, uint32_t v)
{
	le16(b, v & 0xffff);
	le16(b, v >> 16);
}

static uint32_t
rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

void
zip_init(struct zip *z, int64_t mtime)
{
	memset(z, 0, sizeof(*z));
	z->mtime = mtime;
}

/* DOS date and time (local time by the format; here UTC), 2 s steps. */
static void
dos_time(int64_t ms, uint32_t *date, uint32_t *tim)
{
	struct gtm tm;

	gtm_from_ms(ms, 0, &tm);
	*date = (uint32_t)((tm.year - 1980) << 9 | tm.mon << 5 | tm.day);
	*tim = (uint32_t)(tm.hour << 11 | tm.min << 5 | tm.sec / 2);
}

static void
entry(struct zip *z, const char *name, int method, uint32_t crc,
    const void *data, size_t csize, size_t usize, int dir)
{
	uint32_t date, tim, off = (uint32_t)z->out.n;
	size_t nlen = strlen(name);

	if (z->out.n > 0xffffffffU - csize - 1024 || z->n == 0xffff)
		die("zip: too large for a zip without zip64");
	dos_time(z->mtime, &date, &tim);
	le32(&z->out, ZIP_LOCAL);
	le16(&z->out, 20);		/* version needed: 2.0 */
	le16(&z->out, 0);		/* flags */
	le16(&z->out, (uint32_t)method);
	le16(&z->out, tim);
	le16(&z->out, date);
	le32(&z->out, crc);
	le32(&z->out, (uint32_t)csize);
	le32(&z->out, (uint32_t)usize);
	le16(&z->out, (uint32_t)nlen);
	le16(&z->out, 0);		/* extra */
	gbuf_put(&z->out, name, nlen);
	gbuf_put(&z->out, data, csize);

	le32(&z->cd, ZIP_CENTRAL);
	le16(&z->cd, 3 << 8 | 20);	/* made by: Unix, 2.0 */
	le16(&z->cd, 20);
	le16(&z->cd, 0);
	le16(&z->cd, (uint32_t)method);
	le16(&z->cd, tim);
	le16(&z->cd, date);
	le32(&z->cd, crc);
	le32(&z->cd, (uint32_t)csize);
	le32(&z->cd, (uint32_t)usize);
	le16(&z->cd, (uint32_t)nlen);
	le16(&z->cd, 0);		/* extra */
	le16(&z->cd, 0);		/* comment */
	le16(&z->cd, 0);		/* disk */
	le16(&z->cd, 0);		/* internal attributes */
	/* Unix mode in the high half; MS-DOS directory bit. */
	le32(&z->cd, dir ? (040755U << 16) | 0x10 : 0100644U << 16);
	le32(&z->cd, off);
	gbuf_put(&z->cd, name, nlen);
	z->n++;
}

void
zip_dir(struct zip *z, const char *name)
{
	entry(z, name, 0, 0, "", 0, 0, 1);
}

void
zip_add(struct zip *z, const char *name, const void *p, size_t n)
{
	struct gbuf gz = { NULL, 0, 0 };
	const unsigned char *u;
	uint32_t crc;
	size_t dn;

	gzip_encode(p, n, &gz);
	if (gz.n < 18)
		die("zip: gzip_encode gave %zu bytes", gz.n);
	u = (const unsigned char *)gz.p;
	crc = rd32(u + gz.n - 8);
	dn = gz.n - 18;
	if (dn < n)
		entry(z, name, 8, crc, u + 10, dn, n, 0);
	else
		entry(z, name, 0, crc, p, n, n, 0);
	gbuf_free(&gz);
}

void
zip_finish(struct zip *z, struct gbuf *out)
{
	uint32_t cdoff = (uint32_t)z->out.n;

	gbuf_put(out, z->out.p, z->out.n);
	gbuf_put(out, z->cd.p, z->cd.n);
	le32(out, ZIP_END);
	le16(out, 0);			/* this disk */
	le16(out, 0);			/* disk of the directory */
	le16(out, z->n);
	le16(out, z->n);
	le32(out, (uint32_t)z->cd.n);
	le32(out, cdoff);
	le16(out, 0);			/* comment */
	gbuf_free(&z->out);
	gbuf_free(&z->cd);
}
