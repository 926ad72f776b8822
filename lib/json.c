/*
 * A JSON tokenizer in the manner of jsmn: one pass, no allocation, the
 * tokens point into the input.  Recursive descent, bounded by the
 * nesting limit, so deep input cannot exhaust the stack.  Strings are
 * checked here (escapes, control bytes) so that unescaping later cannot
 * fail on a token this accepted.  wk_json_escape lives in event.c with
 * the other escapers.
 */
#include <string.h>

#include "internal.h"

#define JSON_DEPTH	64

struct jp {
	const char	*p;
	size_t		 n;
	size_t		 i;
	struct wk_jtok	*t;
	int		 nt;
	int		 cap;
	const char	*why;
};

static void
skip_ws(struct jp *j)
{
	while (j->i < j->n && (j->p[j->i] == ' ' || j->p[j->i] == '\t' ||
	    j->p[j->i] == '\n' || j->p[j->i] == '\r'))
		j->i++;
}

/* A new token, or -1 when the array is full. */
static int
tok_new(struct jp *j, int type, const char *p)
{
	struct wk_jtok *t;

	if (j->nt >= j->cap) {
		j->why = "too many tokens";
		return -1;
	}
	t = &j->t[j->nt];
	t->type = type;
	t->p = p;
	t->n = 0;
	t->size = 0;
	t->next = j->nt + 1;
	t->esc = 0;
	return j->nt++;
}

static int
ishex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
isdig(int c)
{
	return c >= '0' && c <= '9';
}

/* At the opening quote. */
static int
parse_string(struct jp *j)
{
	const unsigned char *p = (const unsigned char *)j->p;
	size_t i = j->i + 1, k;
	int ti, esc = 0;

	for (;;) {
		if (i >= j->n) {
			j->why = "unterminated string";
			return -1;
		}
		if (p[i] == '"')
			break;
		if (p[i] < 0x20) {
			j->why = "control character in string";
			return -1;
		}
		if (p[i] == '\\') {
			esc = 1;
			if (++i >= j->n) {
				j->why = "unterminated string";
				return -1;
			}
			switch (p[i]) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				break;
			case 'u':
				for (k = 1; k <= 4; k++)
					if (i + k >= j->n || !ishex(p[i + k])) {
						j->why = "bad \\u escape";
						return -1;
					}
				i += 4;
				break;
			default:
				j->why = "bad escape in string";
				return -1;
			}
		}
		i++;
	}
	if ((ti = tok_new(j, WK_J_STR, j->p + j->i + 1)) < 0)
		return -2;
	j->t[ti].n = i - j->i - 1;
	j->t[ti].esc = esc;
	j->i = i + 1;
	return 0;
}

static int
parse_number(struct jp *j)
{
	const char *p = j->p;
	size_t i = j->i, s = j->i;
	int ti;

	if (i < j->n && p[i] == '-')
		i++;
	if (i >= j->n || !isdig((unsigned char)p[i]))
		goto bad;
	if (p[i] == '0')
		i++;
	else
		while (i < j->n && isdig((unsigned char)p[i]))
			i++;
	if (i < j->n && p[i] == '.') {
		if (++i >= j->n || !isdig((unsigned char)p[i]))
			goto bad;
		while (i < j->n && isdig((unsigned char)p[i]))
			i++;
	}
	if (i < j->n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < j->n && (p[i] == '+' || p[i] == '-'))
			i++;
		if (i >= j->n || !isdig((unsigned char)p[i]))
			goto bad;
		while (i < j->n && isdig((unsigned char)p[i]))
			i++;
	}
	if ((ti = tok_new(j, WK_J_NUM, p + s)) < 0)
		return -2;
	j->t[ti].n = i - s;
	j->i = i;
	return 0;
bad:
	j->why = "bad number";
	return -1;
}

static int
parse_word(struct jp *j, const char *w, int type)
{
	size_t l = strlen(w);
	int ti;

	if (j->n - j->i < l || memcmp(j->p + j->i, w, l) != 0) {
		j->why = "unexpected character";
		return -1;
	}
	if ((ti = tok_new(j, type, j->p + j->i)) < 0)
		return -2;
	j->t[ti].n = l;
	j->i += l;
	return 0;
}

static int parse_value(struct jp *, int);

/* At '{' or '['. */
static int
parse_container(struct jp *j, int depth)
{
	int obj = j->p[j->i] == '{';
	char close = obj ? '}' : ']';
	size_t s = j->i;
	int ti, rc;

	if (depth >= JSON_DEPTH) {
		j->why = "nesting deeper than 64";
		return -2;
	}
	if ((ti = tok_new(j, obj ? WK_J_OBJ : WK_J_ARR, j->p + s)) < 0)
		return -2;
	j->i++;
	skip_ws(j);
	if (j->i < j->n && j->p[j->i] == close)
		goto done;
	for (;;) {
		skip_ws(j);
		if (obj) {
			if (j->i >= j->n || j->p[j->i] != '"') {
				j->why = "expected a member name";
				return -1;
			}
			if ((rc = parse_string(j)) != 0)
				return rc;
			skip_ws(j);
			if (j->i >= j->n || j->p[j->i] != ':') {
				j->why = "expected ':'";
				return -1;
			}
			j->i++;
		}
		if ((rc = parse_value(j, depth + 1)) != 0)
			return rc;
		j->t[ti].size++;
		skip_ws(j);
		if (j->i >= j->n) {
			j->why = obj ? "unterminated object" :
			    "unterminated array";
			return -1;
		}
		if (j->p[j->i] == close)
			break;
		if (j->p[j->i] != ',') {
			j->why = obj ? "expected ',' or '}'" :
			    "expected ',' or ']'";
			return -1;
		}
		j->i++;
	}
done:
	j->i++;
	j->t[ti].n = j->i - s;
	j->t[ti].next = j->nt;
	return 0;
}

static int
parse_value(struct jp *j, int depth)
{
	skip_ws(j);
	if (j->i >= j->n) {
		j->why = "unexpected end of input";
		return -1;
	}
	switch (j->p[j->i]) {
	case '{':
	case '[':
		return parse_container(j, depth);
	case '"':
		return parse_string(j);
	case 't':
		return parse_word(j, "true", WK_J_TRUE);
	case 'f':
		return parse_word(j, "false", WK_J_FALSE);
	case 'n':
		return parse_word(j, "null", WK_J_NULL);
	default:
		if (j->p[j->i] == '-' || isdig((unsigned char)j->p[j->i]))
			return parse_number(j);
		j->why = "unexpected character";
		return -1;
	}
}

int
wk_json_parse(const char *p, size_t n, struct wk_jtok *toks, int ntok,
    const char **why)
{
	struct jp j;
	const char *dummy;
	int rc;

	if (why == NULL)
		why = &dummy;
	j.p = p;
	j.n = n;
	j.i = 0;
	j.t = toks;
	j.nt = 0;
	j.cap = ntok < 0 ? 0 : ntok;
	j.why = NULL;
	if ((rc = parse_value(&j, 0)) != 0) {
		*why = j.why;
		return rc;
	}
	skip_ws(&j);
	if (j.i != n) {
		*why = "trailing garbage after JSON value";
		return -1;
	}
	*why = NULL;
	return j.nt;
}

static unsigned
hex4(const unsigned char *p)
{
	unsigned v = 0;
	int k, c;

	for (k = 0; k < 4; k++) {
		c = p[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else
			v |= (unsigned)(c - 'A' + 10);
	}
	return v;
}

static size_t
put_utf8(char *d, unsigned cp)
{
	if (cp < 0x80) {
		d[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		d[0] = (char)(0xc0 | cp >> 6);
		d[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		d[0] = (char)(0xe0 | cp >> 12);
		d[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		d[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	d[0] = (char)(0xf0 | cp >> 18);
	d[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	d[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	d[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* "\uXXXX" at p (n bytes left)? */
static int
is_uesc(const unsigned char *p, size_t n)
{
	return n >= 6 && p[0] == '\\' && p[1] == 'u' && ishex(p[2]) &&
	    ishex(p[3]) && ishex(p[4]) && ishex(p[5]);
}

ptrdiff_t
wk_json_unescape_to(const char *sp, size_t n, char *dst)
{
	const unsigned char *p = (const unsigned char *)sp;
	const char *bs;
	size_t i = 0, o = 0, l;
	unsigned cp, lo;

	while (i < n) {
		if ((bs = memchr(sp + i, '\\', n - i)) == NULL) {
			memcpy(dst + o, sp + i, n - i);
			o += n - i;
			break;
		}
		l = (size_t)(bs - (sp + i));
		memcpy(dst + o, sp + i, l);
		o += l;
		i += l;
		if (n - i < 2)
			return -1;
		switch (p[i + 1]) {
		case '"': case '\\': case '/':
			dst[o++] = (char)p[i + 1];
			break;
		case 'b':
			dst[o++] = '\b';
			break;
		case 'f':
			dst[o++] = '\f';
			break;
		case 'n':
			dst[o++] = '\n';
			break;
		case 'r':
			dst[o++] = '\r';
			break;
		case 't':
			dst[o++] = '\t';
			break;
		case 'u':
			if (!is_uesc(p + i, n - i))
				return -1;
			cp = hex4(p + i + 2);
			i += 6;
			if (cp >= 0xd800 && cp <= 0xdbff &&
			    is_uesc(p + i, n - i) &&
			    (lo = hex4(p + i + 2)) >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 6;
			} else if (cp >= 0xdc80 && cp <= 0xdcff) {
				/* A byte the writer found not to be UTF-8. */
				dst[o++] = (char)(cp - 0xdc00);
				continue;
			} else if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;
			o += put_utf8(dst + o, cp);
			continue;
		default:
			return -1;
		}
		i += 2;
	}
	return (ptrdiff_t)o;
}

int
wk_json_unescape(const char *p, size_t n, struct wake_buf *out)
{
	ptrdiff_t m;
	int rc;

	/* The result is never longer than the escaped form. */
	if ((rc = wake_buf_reserve(out, n)) != WAKE_OK)
		return rc;
	if ((m = wk_json_unescape_to(p, n, out->p + out->n)) < 0)
		return WAKE_ERR_FORMAT;
	out->n += (size_t)m;
	return WAKE_OK;
}

/* Does string token t equal key? */
static int
key_is(const struct wk_jtok *t, const char *key)
{
	char tmp[256];
	ptrdiff_t m;

	if (!t->esc)
		return wk_streq(t->p, t->n, key);
	if (t->n > sizeof(tmp) ||
	    (m = wk_json_unescape_to(t->p, t->n, tmp)) < 0)
		return 0;
	return wk_streq(tmp, (size_t)m, key);
}

int
wk_json_get(const struct wk_jtok *toks, int obj, const char *key)
{
	int i, m;

	if (toks[obj].type != WK_J_OBJ)
		return -1;
	i = obj + 1;
	for (m = 0; m < toks[obj].size; m++) {
		if (key_is(&toks[i], key))
			return i + 1;
		i = toks[i + 1].next;
	}
	return -1;
}
