/*
 * wake-gen: a small deterministic gzip writer.  zlib's output differs
 * between versions and forks (zlib-ng), and the committed sample must be
 * the same bytes everywhere, so the rotated router log is compressed
 * here: one deflate block with the fixed Huffman codes (RFC 1951
 * 3.2.6) and a greedy hash-chain LZ77 matcher, in a gzip member with
 * mtime 0, no name and OS 3 (RFC 1952).
 */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define WSIZE		32768
#define HBITS		15
#define MAXCHAIN	128
#define MINMATCH	3
#define MAXMATCH	258

struct bits {
	struct gbuf	*out;
	uint64_t	 acc;
	int		 n;
};

static void
putbits(struct bits *bw, uint32_t v, int n)
{
	bw->acc |= (uint64_t)v << bw->n;
	bw->n += n;
	while (bw->n >= 8) {
		gbuf_putc(bw->out, (int)(bw->acc & 0xff));
		bw->acc >>= 8;
		bw->n -= 8;
	}
}

static void
flushbits(struct bits *bw)
{
	if (bw->n > 0)
		gbuf_putc(bw->out, (int)(bw->acc & 0xff));
	bw->acc = 0;
	bw->n = 0;
}

static uint32_t
reverse(uint32_t code, int len)
{
	uint32_t r = 0;
	int i;

	for (i = 0; i < len; i++) {
		r = (r << 1) | (code & 1);
		code >>= 1;
	}
	return r;
}

/* Huffman codes are sent most significant bit first. */
static void
put_lit(struct bits *bw, int sym)
{
	uint32_t code;
	int len;

	if (sym < 144) {
		code = 0x30 + (uint32_t)sym;
		len = 8;
	} else if (sym < 256) {
		code = 0x190 + (uint32_t)(sym - 144);
		len = 9;
	} else if (sym < 280) {
		code = (uint32_t)(sym - 256);
		len = 7;
	} else {
		code = 0xc0 + (uint32_t)(sym - 280);
		len = 8;
	}
	putbits(bw, reverse(code, len), len);
}

static const uint16_t lbase[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51,
	59, 67, 83, 99, 115, 131, 163, 195, 227, 258
};
static const uint8_t lext[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4,
	4, 5, 5, 5, 5, 0
};
static const uint16_t dbase[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
	513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
	24577
};
static const uint8_t dext[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
	10, 11, 11, 12, 12, 13, 13
};

static void
put_match(struct bits *bw, int len, int dist)
{
	int i;

	for (i = 28; lbase[i] > len; i--)
		;
	put_lit(bw, 257 + i);
	if (lext[i] > 0)
		putbits(bw, (uint32_t)(len - lbase[i]), lext[i]);
	for (i = 29; dbase[i] > dist; i--)
		;
	putbits(bw, reverse((uint32_t)i, 5), 5);
	if (dext[i] > 0)
		putbits(bw, (uint32_t)(dist - dbase[i]), dext[i]);
}

static uint32_t
hash3(const unsigned char *p)
{
	uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];

	return (v * 2654435761U) >> (32 - HBITS);
}

static void
deflate_fixed(const unsigned char *s, size_t n, struct gbuf *out)
{
	struct bits bw = { out, 0, 0 };
	int32_t *head, *prev;
	size_t i, k;
	int32_t cand;
	int best, bdist, chain, l, maxl;

	head = xmalloc(sizeof(*head) << HBITS);
	prev = xmalloc(sizeof(*prev) * WSIZE);
	for (k = 0; k < (1U << HBITS); k++)
		head[k] = -1;
	putbits(&bw, 1, 1);	/* BFINAL */
	putbits(&bw, 1, 2);	/* BTYPE 01: fixed Huffman */
	i = 0;
	while (i < n) {
		best = 0;
		bdist = 0;
		if (n - i >= MINMATCH) {
			maxl = n - i < MAXMATCH ? (int)(n - i) : MAXMATCH;
			cand = head[hash3(s + i)];
			for (chain = 0; cand >= 0 && chain < MAXCHAIN &&
			    i - (size_t)cand <= WSIZE - 1; chain++) {
				for (l = 0; l < maxl && s[cand + l] == s[i + l];
				    l++)
					;
				if (l > best) {
					best = l;
					bdist = (int)(i - (size_t)cand);
					if (l == maxl)
						break;
				}
				cand = prev[cand & (WSIZE - 1)];
			}
		}
		if (best < MINMATCH)
			best = 1;
		/* Index every position we pass over. */
		for (k = 0; k < (size_t)best; k++) {
			if (n - (i + k) >= MINMATCH) {
				uint32_t h = hash3(s + i + k);

				prev[(i + k) & (WSIZE - 1)] = head[h];
				head[h] = (int32_t)(i + k);
			}
		}
		if (best >= MINMATCH)
			put_match(&bw, best, bdist);
		else
			put_lit(&bw, s[i]);
		i += (size_t)best;
	}
	put_lit(&bw, 256);
	flushbits(&bw);
	free(head);
	free(prev);
}

static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	static int ready;
	uint32_t c;
	size_t i;
	int k;

	if (!ready) {
		for (i = 0; i < 256; i++) {
			c = (uint32_t)i;
			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320U ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
		ready = 1;
	}
	c = 0xffffffffU;
	for (i = 0; i < n; i++)
		c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffU;
}

static void
put_le32(struct gbuf *b, uint32_t v)
{
	unsigned char s[4];

	s[0] = (unsigned char)v;
	s[1] = (unsigned char)(v >> 8);
	s[2] = (unsigned char)(v >> 16);
	s[3] = (unsigned char)(v >> 24);
	gbuf_put(b, s, 4);
}

void
gzip_encode(const void *p, size_t n, struct gbuf *out)
{
	/* ID1 ID2 CM=8 FLG=0 MTIME=0 XFL=0 OS=3 (Unix). */
	static const unsigned char hdr[10] = {
		0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3
	};

	gbuf_put(out, hdr, sizeof(hdr));
	deflate_fixed(p, n, out);
	put_le32(out, crc32_of(p, n));
	put_le32(out, (uint32_t)n);
}
