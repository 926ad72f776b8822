/*
 * wake-redact's engine: finds the personal values of a string (PCRE2
 * --pattern matches first, then the names of --users, then the built-in
 * detectors of redact_scan.c in the gaps left), and writes it again
 * with keyed tokens in their place.  Events get the same treatment in
 * msg, host and attrs, with personal attrs (caller=, user=, ...)
 * replaced whole.
 *
 * A token is "<kind:hex>": the first digits of SipHash-2-4
 * (crypto_shorthash) of "kind" NUL "normalised value" under the run's
 * 128-bit key.  SipHash is a keyed PRF, fast on short inputs (a value
 * costs about 20 ns, so the throughput is that of the scanner); the
 * key comes from the key file through BLAKE2b (crypto_generichash).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sodium.h>

#include <wake/redact.h>

#include "internal.h"

#define FLUSH_AT	((size_t)256 << 10)
#define NAME_MAX_LEN	32
#define MATCH_LIMIT	10000000
#define DEPTH_LIMIT	100000
#define USERS_MAX	((size_t)256 << 20)
#define DEF_DIGITS	8
#define FSLOTS		256	/* hash slots of the personal attr names */
#define FIELDS_MAX	(FSLOTS / 2)

struct kind {
	char		 name[NAME_MAX_LEN + 1];
	size_t		 nlen;
	int		 norm;		/* WK_RK_* normalisation, or -1: none */
	uint64_t	 replaced;
	uint64_t	 kept;
};

struct field {
	char		 name[NAME_MAX_LEN + 1];
	size_t		 nlen;
	int		 kind;
	int		 given;		/* by --field, not built in */
};

struct pat {
	pcre2_code	*re;
	int		 kind;
	int		 group;		/* replace capture group 1 */
};

/* A name of a user: bytes [off, off + len) of ub. */
struct uname {
	size_t		 off;
	uint32_t	 len;
	uint32_t	 user;		/* index in users */
	uint16_t	 pfx;		/* first two bytes */
	uint32_t	 seq;		/* load order: the first wins */
};

struct uid {
	size_t		 off;
	size_t		 len;
};

/* A value to replace: bytes [s, e) by a token of kind from hash h. */
struct span {
	size_t		 s;
	size_t		 e;
	int		 kind;
	uint64_t	 h;
};

struct wake_redact {
	char		 err[512];
	unsigned char	 key[crypto_shorthash_KEYBYTES];
	int		 keep_private;
	int		 digits;
	int		 mark;
	struct kind	*kinds;
	size_t		 nkinds;
	struct field	*fields;
	size_t		 nfields;
	int16_t		 fslot[FSLOTS];	/* index in fields, or -1 */
	int		 host_kind;	/* --field host: its kind, else -1 */
	int		 chat_host;	/* the host of a chat event is a user */
	struct pat	*pats;
	size_t		 npats;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	/* Users of --users. */
	struct wake_buf	 ub;
	struct uid	*users;
	size_t		 nusers;
	struct uname	*names;
	size_t		 nnames;
	uint8_t		*pfxbits;	/* 65536 bits: some name starts so */
	/* Scratch, reused from string to string. */
	struct span	*spans;
	size_t		 nspans;
	size_t		 spancap;
	struct wake_buf	 tmp;
	struct wake_buf	 hbuf;
	struct wake_buf	 nbuf;
};

/* Built-in kinds, in WK_RK_* order. */
static const char *const builtin[WK_RK_NBUILTIN] = {
	"phone", "email", "ipv4", "ipv6", "card", "user", "acct"
};

/*
 * Attrs that hold personal data whole, by the formats that write them:
 * queue_log and Asterisk CDRs (caller, callerid, src, dst, clid), Slack
 * and chat (user), and the usual names of the same things.
 */
static const struct {
	const char	*name;
	int		 kind;
} deffields[] = {
	{ "caller", WK_RK_PHONE },	{ "callerid", WK_RK_PHONE },
	{ "caller_id", WK_RK_PHONE },	{ "calleridnum", WK_RK_PHONE },
	{ "cid", WK_RK_PHONE },		{ "cid_num", WK_RK_PHONE },
	{ "clid", WK_RK_PHONE },	{ "ani", WK_RK_PHONE },
	{ "src", WK_RK_PHONE },		{ "dst", WK_RK_PHONE },
	{ "phone", WK_RK_PHONE },	{ "phone_number", WK_RK_PHONE },
	{ "tel", WK_RK_PHONE },		{ "msisdn", WK_RK_PHONE },
	{ "mobile", WK_RK_PHONE },
	{ "email", WK_RK_EMAIL },	{ "mail", WK_RK_EMAIL },
	{ "e-mail", WK_RK_EMAIL },
	{ "user", WK_RK_USER },		{ "username", WK_RK_USER },
	{ "user_name", WK_RK_USER },	{ "user_id", WK_RK_USER },
	{ "login", WK_RK_USER },	{ "calleridname", WK_RK_USER },
	{ "cid_name", WK_RK_USER },	{ "customer", WK_RK_USER },
	{ "customer_name", WK_RK_USER }, { "real_name", WK_RK_USER },
	{ "display_name", WK_RK_USER },
	{ "account", WK_RK_ACCT },	{ "acct", WK_RK_ACCT },
	{ "account_id", WK_RK_ACCT },	{ "account_no", WK_RK_ACCT },
	{ "customer_id", WK_RK_ACCT },
};


static void seterr(struct wake_redact *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
seterr(struct wake_redact *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
}

const char *
wake_redact_error(const struct wake_redact *r)
{
	return r->err;
}

static int
good_name(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > NAME_MAX_LEN)
		return 0;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' &&
		    p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') ||
		    p[i] == '_' || p[i] == '-' || p[i] == '.'))
			return 0;
	return 1;
}

/* The index of kind name (added when new), or WAKE_ERR_NOMEM. */
static int
kind_get(struct wake_redact *r, const char *p, size_t n)
{
	struct kind *nk, *k;
	size_t i;

	for (i = 0; i < r->nkinds; i++)
		if (r->kinds[i].nlen == n && memcmp(r->kinds[i].name, p, n) ==
		    0)
			return (int)i;
	if ((nk = reallocarray(r->kinds, r->nkinds + 1, sizeof(*nk))) == NULL)
		return WAKE_ERR_NOMEM;
	r->kinds = nk;
	k = &nk[r->nkinds];
	memset(k, 0, sizeof(*k));
	memcpy(k->name, p, n);
	k->nlen = n;
	k->norm = -1;
	return (int)r->nkinds++;
}

static uint32_t
khash(const char *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*p++) * 16777619u;
	return h;
}

/* Index the field names in fslot (open addressing). */
static void
index_fields(struct wake_redact *r)
{
	size_t i, k;

	memset(r->fslot, 0xff, sizeof(r->fslot));
	for (i = 0; i < r->nfields; i++) {
		k = khash(r->fields[i].name, r->fields[i].nlen) % FSLOTS;
		while (r->fslot[k] >= 0)
			k = (k + 1) % FSLOTS;
		r->fslot[k] = (int16_t)i;
	}
}

static int
field_put(struct wake_redact *r, const char *name, size_t n, int kind,
    int given)
{
	struct field *nf;
	size_t i;

	for (i = 0; i < r->nfields; i++)
		if (r->fields[i].nlen == n && memcmp(r->fields[i].name, name,
		    n) == 0) {
			r->fields[i].kind = kind;
			r->fields[i].given |= given;
			return WAKE_OK;
		}
	if (r->nfields >= FIELDS_MAX) {
		seterr(r, "more than %d personal attrs", FIELDS_MAX);
		return WAKE_ERR_USAGE;
	}
	if ((nf = reallocarray(r->fields, r->nfields + 1, sizeof(*nf))) ==
	    NULL)
		return WAKE_ERR_NOMEM;
	r->fields = nf;
	memcpy(nf[r->nfields].name, name, n);
	nf[r->nfields].name[n] = '\0';
	nf[r->nfields].nlen = n;
	nf[r->nfields].kind = kind;
	nf[r->nfields].given = given;
	r->nfields++;
	index_fields(r);
	return WAKE_OK;
}

int
wake_redact_new(struct wake_redact **rp)
{
	struct wake_redact *r;
	size_t i;

	*rp = NULL;
	if (sodium_init() < 0)
		return WAKE_ERR_IO;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return WAKE_ERR_NOMEM;
	r->digits = DEF_DIGITS;
	r->host_kind = -1;
	r->chat_host = 1;
	randombytes_buf(r->key, sizeof(r->key));
	for (i = 0; i < WK_RK_NBUILTIN; i++) {
		if (kind_get(r, builtin[i], strlen(builtin[i])) < 0)
			goto nomem;
		r->kinds[i].norm = (int)i;
	}
	for (i = 0; i < WK_NELEM(deffields); i++)
		if (field_put(r, deffields[i].name, strlen(deffields[i].name),
		    deffields[i].kind, 0) != WAKE_OK)
			goto nomem;
	if ((r->md = pcre2_match_data_create(2, NULL)) == NULL ||
	    (r->mctx = pcre2_match_context_create(NULL)) == NULL)
		goto nomem;
	pcre2_set_match_limit(r->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(r->mctx, DEPTH_LIMIT);
	*rp = r;
	return WAKE_OK;
nomem:
	wake_redact_free(r);
	return WAKE_ERR_NOMEM;
}

void
wake_redact_free(struct wake_redact *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->npats; i++)
		pcre2_code_free(r->pats[i].re);
	free(r->pats);
	pcre2_match_data_free(r->md);
	pcre2_match_context_free(r->mctx);
	free(r->kinds);
	free(r->fields);
	wake_buf_free(&r->ub);
	free(r->users);
	free(r->names);
	free(r->pfxbits);
	free(r->spans);
	wake_buf_free(&r->tmp);
	wake_buf_free(&r->hbuf);
	wake_buf_free(&r->nbuf);
	sodium_memzero(r->key, sizeof(r->key));
	free(r);
}

int
wake_redact_set_key(struct wake_redact *r, const void *secret, size_t n)
{
	if (n < 16) {
		seterr(r, "the key must have 16 bytes or more");
		return WAKE_ERR_USAGE;
	}
	crypto_generichash(r->key, sizeof(r->key), secret, n, NULL, 0);
	return WAKE_OK;
}

void
wake_redact_set_keep_private(struct wake_redact *r, int keep)
{
	r->keep_private = keep != 0;
}

int
wake_redact_set_digits(struct wake_redact *r, int digits)
{
	if (digits < 4 || digits > 16) {
		seterr(r, "token digits must be 4 to 16");
		return WAKE_ERR_USAGE;
	}
	r->digits = digits;
	return WAKE_OK;
}

void
wake_redact_set_mark(struct wake_redact *r, int mark)
{
	r->mark = mark != 0;
}

void
wake_redact_no_default_fields(struct wake_redact *r)
{
	size_t i, k;

	for (i = k = 0; i < r->nfields; i++)
		if (r->fields[i].given)
			r->fields[k++] = r->fields[i];
	r->nfields = k;
	r->chat_host = 0;
	index_fields(r);
}

int
wake_redact_add_field(struct wake_redact *r, const char *spec)
{
	const char *eq = strchr(spec, '=');
	size_t n = eq != NULL ? (size_t)(eq - spec) : strlen(spec);
	const char *kn;
	size_t i, kl;
	int kind = -1;

	if (!good_name(spec, n) || (eq != NULL && !good_name(eq + 1,
	    strlen(eq + 1)))) {
		seterr(r, "bad --field '%s': want NAME or NAME=KIND "
		    "([A-Za-z0-9_.-], 32 at most)", spec);
		return WAKE_ERR_USAGE;
	}
	if (eq != NULL) {
		kn = eq + 1;
		kl = strlen(kn);
	} else {
		/* The kind of a known name, else the name itself. */
		kn = spec;
		kl = n;
		for (i = 0; i < WK_NELEM(deffields); i++)
			if (strlen(deffields[i].name) == n &&
			    memcmp(deffields[i].name, spec, n) == 0)
				kind = deffields[i].kind;
	}
	if (kind < 0 && (kind = kind_get(r, kn, kl)) < 0)
		return WAKE_ERR_NOMEM;
	if (n == 4 && memcmp(spec, "host", 4) == 0) {
		r->host_kind = kind;
		return WAKE_OK;
	}
	return field_put(r, spec, n, kind, 1);
}

int
wake_redact_add_pattern(struct wake_redact *r, const char *spec)
{
	const char *eq = strchr(spec, '=');
	struct pat *np;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	uint32_t ncap = 0;
	pcre2_code *re;
	char where[64];
	int kind, ec;

	if (eq == NULL || !good_name(spec, (size_t)(eq - spec)) ||
	    eq[1] == '\0') {
		seterr(r, "bad --pattern '%s': want NAME=PCRE2", spec);
		return WAKE_ERR_USAGE;
	}
	re = pcre2_compile((PCRE2_SPTR)(eq + 1), PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &off, NULL);
	if (re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		snprintf(where, sizeof(where), " at offset %zu", (size_t)off);
		snprintf(r->err, sizeof(r->err), "bad pattern '%s': %s%s",
		    eq + 1, (const char *)msg, where);
		return WAKE_ERR_USAGE;
	}
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	(void)pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &ncap);
	if ((kind = kind_get(r, spec, (size_t)(eq - spec))) < 0 ||
	    (np = reallocarray(r->pats, r->npats + 1, sizeof(*np))) == NULL) {
		pcre2_code_free(re);
		return WAKE_ERR_NOMEM;
	}
	r->pats = np;
	np[r->npats].re = re;
	np[r->npats].kind = kind;
	np[r->npats].group = ncap > 0;
	r->npats++;
	return WAKE_OK;
}

/* ---- users ---- */

static int
name_cmp(const void *a, const void *b)
{
	const struct uname *x = a, *y = b;

	if (x->pfx != y->pfx)
		return x->pfx < y->pfx ? -1 : 1;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;	/* longest first */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static uint16_t
pfx(const char *p)
{
	return (uint16_t)((unsigned char)p[0] << 8 | (unsigned char)p[1]);
}

/* Add the string token t (a name of user u), unescaped and trimmed. */
static int
add_name(struct wake_redact *r, const struct wk_jtok *t, size_t u)
{
	struct uname *nn;
	size_t off = r->ub.n, len;
	const char *p;

	if (t->type != WK_J_STR)
		return WAKE_OK;
	if (wk_json_unescape(t->p, t->n, &r->ub) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	p = r->ub.p + off;
	len = r->ub.n - off;
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	while (len > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		len--;
	}
	/* One letter would match everywhere. */
	if (len < 2 || len > UINT32_MAX)
		return WAKE_OK;
	if ((nn = reallocarray(r->names, r->nnames + 1, sizeof(*nn))) == NULL)
		return WAKE_ERR_NOMEM;
	r->names = nn;
	nn[r->nnames].off = (size_t)(p - r->ub.p);
	nn[r->nnames].len = (uint32_t)len;
	nn[r->nnames].user = (uint32_t)u;
	nn[r->nnames].pfx = pfx(p);
	nn[r->nnames].seq = (uint32_t)r->nnames;
	r->nnames++;
	return WAKE_OK;
}

static int
add_user(struct wake_redact *r, const struct wk_jtok *t, int obj)
{
	static const char *const top[] = { "name", "real_name" };
	static const char *const prof[] = { "display_name", "real_name",
	    "display_name_normalized", "real_name_normalized" };
	struct uid *nu;
	const struct wk_jtok *id;
	size_t u, off, i;
	int k, pr;

	if ((k = wk_json_get(t, obj, "id")) < 0 || t[k].type != WK_J_STR)
		return WAKE_OK;
	id = &t[k];
	/* Bots are not people. */
	if (((k = wk_json_get(t, obj, "is_bot")) >= 0 &&
	    t[k].type == WK_J_TRUE) || (id->n == 9 &&
	    memcmp(id->p, "USLACKBOT", 9) == 0))
		return WAKE_OK;
	off = r->ub.n;
	if (wk_json_unescape(id->p, id->n, &r->ub) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	if ((nu = reallocarray(r->users, r->nusers + 1, sizeof(*nu))) == NULL)
		return WAKE_ERR_NOMEM;
	r->users = nu;
	u = r->nusers++;
	nu[u].off = off;
	nu[u].len = r->ub.n - off;
	/* The id itself: mentions are written <@U024BE7LH>. */
	if (add_name(r, id, u) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < WK_NELEM(top); i++)
		if ((k = wk_json_get(t, obj, top[i])) >= 0 &&
		    add_name(r, &t[k], u) != WAKE_OK)
			return WAKE_ERR_NOMEM;
	if ((pr = wk_json_get(t, obj, "profile")) < 0 ||
	    t[pr].type != WK_J_OBJ)
		return WAKE_OK;
	for (i = 0; i < WK_NELEM(prof); i++)
		if ((k = wk_json_get(t, pr, prof[i])) >= 0 &&
		    add_name(r, &t[k], u) != WAKE_OK)
			return WAKE_ERR_NOMEM;
	return WAKE_OK;
}

/* Sort the names and mark their first two bytes. */
static int
index_names(struct wake_redact *r)
{
	size_t i;

	if (r->pfxbits == NULL && (r->pfxbits = calloc(65536 / 8, 1)) == NULL)
		return WAKE_ERR_NOMEM;
	if (r->nnames > 1)
		qsort(r->names, r->nnames, sizeof(*r->names), name_cmp);
	for (i = 0; i < r->nnames; i++)
		r->pfxbits[r->names[i].pfx >> 3] |= (uint8_t)(1 <<
		    (r->names[i].pfx & 7));
	return WAKE_OK;
}

int
wake_redact_add_users(struct wake_redact *r, const char *json, size_t n,
    const char *name)
{
	struct wk_jtok *t = NULL;
	const char *why = NULL;
	size_t ntok = 1024, e;
	int nt, i, rc = WAKE_OK;

	for (;;) {
		free(t);
		if ((t = reallocarray(NULL, ntok, sizeof(*t))) == NULL)
			return WAKE_ERR_NOMEM;
		nt = wk_json_parse(json, n, t, ntok > INT32_MAX ? INT32_MAX :
		    (int)ntok, &why);
		if (nt != -2 || ntok > n / 2 + 16)
			break;
		ntok *= 2;
	}
	if (nt < 0 || t[0].type != WK_J_ARR) {
		seterr(r, "%s: %s", name, nt == -2 ?
		    "nested too deeply" : nt < 0 && why != NULL ? why :
		    "not a JSON array of users");
		free(t);
		return WAKE_ERR_FORMAT;
	}
	for (i = 1, e = 0; e < (size_t)t[0].size && i < nt; e++) {
		if (t[i].type == WK_J_OBJ && (rc = add_user(r, t, i)) !=
		    WAKE_OK)
			break;
		i = t[i].next;
	}
	free(t);
	if (rc == WAKE_OK)
		rc = index_names(r);
	return rc;
}

int
wake_redact_load_users(struct wake_redact *r, const char *path)
{
	struct wake_buf b = WAKE_BUF_INIT;
	struct wake_inputs *ip;
	struct wake_input *in;
	const char *nm;
	char chunk[65536];
	size_t ln;
	long k;
	int rc, got = 0;

	if (wake_inputs_open(&ip, &path, 1, NULL) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	b.max = USERS_MAX;
	while (!got && (rc = wake_inputs_next(ip, &in)) != WAKE_EOF) {
		if (rc != WAKE_OK) {
			seterr(r, "%s", wake_inputs_error(ip));
			wake_inputs_free(ip);
			return WAKE_ERR_IO;
		}
		nm = wake_input_name(in);
		ln = strlen(nm);
		if (strcmp(nm, path) != 0 && (ln < 11 ||
		    strcmp(nm + ln - 11, "/users.json") != 0))
			continue;
		got = 1;
		while ((k = wake_input_read(in, chunk, sizeof(chunk))) > 0)
			if (wake_buf_put(&b, chunk, (size_t)k) != WAKE_OK) {
				seterr(r, "%s: %s", nm, "more than 256 MiB, "
				    "or out of memory");
				wake_inputs_free(ip);
				return WAKE_ERR_LIMIT;
			}
		if (k < 0) {
			seterr(r, "%s", wake_input_error(in));
			wake_buf_free(&b);
			wake_inputs_free(ip);
			return WAKE_ERR_IO;
		}
		rc = wake_redact_add_users(r, b.p != NULL ? b.p : "", b.n, nm);
	}
	wake_inputs_free(ip);
	wake_buf_free(&b);
	if (!got) {
		seterr(r, "%s: %s", path, "no users.json in it");
		return WAKE_ERR_IO;
	}
	return rc;
}

/* The first name at or after index i with prefix x. */
static size_t
names_from(const struct wake_redact *r, uint16_t x)
{
	size_t lo = 0, hi = r->nnames, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->names[mid].pfx < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The user some name is exactly, or -1. */
static long
user_of(const struct wake_redact *r, const char *p, size_t n)
{
	size_t i;

	if (r->nnames == 0 || n < 2)
		return -1;
	for (i = names_from(r, pfx(p)); i < r->nnames &&
	    r->names[i].pfx == pfx(p); i++)
		if (r->names[i].len == n && memcmp(r->ub.p + r->names[i].off,
		    p, n) == 0)
			return (long)r->names[i].user;
	return -1;
}

/* ---- tokens ---- */

static int
wordc(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '_';
}

/* SipHash of kind NUL value under the key. */
static int
hash(struct wake_redact *r, int kind, const void *v, size_t n, uint64_t *h)
{
	const struct kind *k = &r->kinds[kind];
	unsigned char out[crypto_shorthash_BYTES];
	unsigned char small[NAME_MAX_LEN + 1 + WK_RNORM_MAX];
	unsigned char *in = small;
	size_t len = k->nlen + 1 + n, i;

	if (len > sizeof(small)) {
		r->hbuf.n = 0;
		if (wake_buf_reserve(&r->hbuf, len) != WAKE_OK)
			return WAKE_ERR_NOMEM;
		in = (unsigned char *)r->hbuf.p;
	}
	memcpy(in, k->name, k->nlen);
	in[k->nlen] = '\0';
	if (n > 0)
		memcpy(in + k->nlen + 1, v, n);
	crypto_shorthash(out, in, len, r->key);
	for (*h = 0, i = 0; i < sizeof(out); i++)
		*h = *h << 8 | out[i];
	return WAKE_OK;
}

static int
add_span(struct wake_redact *r, size_t s, size_t e, int kind, uint64_t h)
{
	struct span *ns;
	size_t cap;

	if (r->nspans == r->spancap) {
		cap = r->spancap == 0 ? 16 : r->spancap * 2;
		if ((ns = reallocarray(r->spans, cap, sizeof(*ns))) == NULL)
			return WAKE_ERR_NOMEM;
		r->spans = ns;
		r->spancap = cap;
	}
	ns = &r->spans[r->nspans++];
	ns->s = s;
	ns->e = e;
	ns->kind = kind;
	ns->h = h;
	r->kinds[kind].replaced++;
	return WAKE_OK;
}

/* Does [s, e) overlap a span among the first n? */
static int
overlaps(const struct wake_redact *r, size_t n, size_t s, size_t e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s < r->spans[i].e && r->spans[i].s < e)
			return 1;
	return 0;
}

/*
 * The token of a value of kind, normalised as its kind says: phone
 * numbers to digits with country code, e-mail with the domain in lower
 * case, user names to the user's id.
 */
static int
norm_hash(struct wake_redact *r, int kind, const char *p, size_t n,
    uint64_t *h)
{
	size_t k, at;
	long u;

	switch (r->kinds[kind].norm) {
	case WK_RK_PHONE:
		r->nbuf.n = 0;
		if (wake_buf_reserve(&r->nbuf, n + 2) != WAKE_OK)
			return WAKE_ERR_NOMEM;
		if ((k = wk_redact_norm_phone(p, n, (unsigned char *)r->nbuf.p,
		    n + 2)) > 0)
			return hash(r, kind, r->nbuf.p, k, h);
		break;
	case WK_RK_EMAIL:
		for (at = n; at > 0 && p[at - 1] != '@'; at--)
			;
		r->nbuf.n = 0;
		if (at == 0 || wake_buf_put(&r->nbuf, p, n) != WAKE_OK)
			break;
		for (k = at; k < n; k++)
			if (r->nbuf.p[k] >= 'A' && r->nbuf.p[k] <= 'Z')
				r->nbuf.p[k] += 'a' - 'A';
		return hash(r, kind, r->nbuf.p, n, h);
	case WK_RK_USER:
		if ((u = user_of(r, p, n)) >= 0)
			return hash(r, kind, r->ub.p + r->users[u].off,
			    r->users[u].len, h);
		break;
	}
	return hash(r, kind, p, n, h);
}

/* Is p[0..n) a source location, FILE.EXT:LINE? */
static int
srcloc(const char *p, size_t n)
{
	size_t c = n, d;

	while (c > 0 && p[c - 1] >= '0' && p[c - 1] <= '9')
		c--;
	if (c == n || c < 4 || p[c - 1] != ':')
		return 0;
	for (d = c - 1; d > 0 && ((p[d - 1] >= 'a' && p[d - 1] <= 'z') ||
	    (p[d - 1] >= 'A' && p[d - 1] <= 'Z')); d--)
		;
	return d > 1 && d < c - 1 && p[d - 1] == '.';
}

/* Is p[0..n) 1 to 4 digits? */
static int
extension(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > 4)
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return 1;
}

/*
 * A personal field's value p[0..n) replaced whole as [s, e): by the
 * token of the one value it is when it is one ("10.0.0.1" in src=),
 * else by a token of the field's kind.
 */
static int
field_span(struct wake_redact *r, int kind, const char *p, size_t n,
    size_t s, size_t e)
{
	struct wk_rfind f;
	uint64_t h;
	size_t a = 0;
	int rc;

	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	while (a < n && (p[a] == ' ' || p[a] == '\t'))
		a++;
	if (a == n || (n - a == 1 && p[a] == '-'))
		return WAKE_OK;		/* empty, or "-" for none */
	/* <taro@example.com>, "0312345678": the value inside. */
	if (n - a >= 2 && ((p[a] == '<' && p[n - 1] == '>') ||
	    (p[a] == '"' && p[n - 1] == '"') || (p[a] == '\'' &&
	    p[n - 1] == '\''))) {
		a++;
		n--;
	}
	/* caller=scrape.go:1349 is go-kit's source location; dst=100 an
	 * extension of the PBX, no one's number. */
	if (r->kinds[kind].norm == WK_RK_PHONE && (srcloc(p + a, n - a) ||
	    extension(p + a, n - a)))
		return WAKE_OK;
	if (wk_redact_find(p + a, n - a, 0, n - a, &f, NULL, NULL) &&
	    f.start == 0 && f.end == n - a) {
		if (f.private_ip && r->keep_private) {
			r->kinds[f.kind].kept++;
			return WAKE_OK;
		}
		if ((rc = hash(r, f.kind, f.norm, f.nnorm, &h)) != WAKE_OK)
			return rc;
		return add_span(r, s, e, f.kind, h);
	}
	if ((rc = norm_hash(r, kind, p + a, n - a, &h)) != WAKE_OK)
		return rc;
	return add_span(r, s, e, kind, h);
}

/* ---- finding the values of a string ---- */

static int
field_kind(void *arg, const char *key, size_t n)
{
	const struct wake_redact *r = arg;
	const struct field *f;
	size_t k;

	if (n > NAME_MAX_LEN)
		return -1;
	for (k = khash(key, n) % FSLOTS; r->fslot[k] >= 0;
	    k = (k + 1) % FSLOTS) {
		f = &r->fields[r->fslot[k]];
		if (f->nlen == n && memcmp(f->name, key, n) == 0)
			return f->kind;
	}
	return -1;
}

/* The built-in detectors over p[lo..hi). */
static int
scan(struct wake_redact *r, const char *p, size_t n, size_t lo, size_t hi)
{
	struct wk_rfind f;
	uint64_t h;
	int rc;

	while (lo < hi && wk_redact_find(p, n, lo, hi, &f, field_kind, r)) {
		lo = f.end;
		if (f.field)
			rc = field_span(r, f.kind, p + f.vstart,
			    f.vend - f.vstart, f.start, f.end);
		else if (f.private_ip && r->keep_private) {
			r->kinds[f.kind].kept++;
			continue;
		} else if ((rc = hash(r, f.kind, f.norm, f.nnorm, &h)) ==
		    WAKE_OK)
			rc = add_span(r, f.start, f.end, f.kind, h);
		if (rc != WAKE_OK)
			return rc;
	}
	return WAKE_OK;
}

/* Matches of the --pattern expressions. */
static int
patterns(struct wake_redact *r, const char *p, size_t n)
{
	PCRE2_SIZE *ov, off, s, e;
	struct pat *pt;
	uint64_t h;
	size_t i;
	int rc;

	for (i = 0; i < r->npats; i++) {
		pt = &r->pats[i];
		for (off = 0; off <= n;) {
			rc = pcre2_match(pt->re, (PCRE2_SPTR)p, n, off, 0,
			    r->md, r->mctx);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0)
				return rc == PCRE2_ERROR_NOMEMORY ?
				    WAKE_ERR_NOMEM : WAKE_ERR_LIMIT;
			ov = pcre2_get_ovector_pointer(r->md);
			s = ov[0];
			e = ov[1];
			if (pt->group && ov[2] != PCRE2_UNSET) {
				s = ov[2];
				e = ov[3];
			}
			if (e > s && e <= n && !overlaps(r, r->nspans, s, e)) {
				if ((rc = norm_hash(r, pt->kind, p + s, e - s,
				    &h)) != WAKE_OK || (rc = add_span(r, s, e,
				    pt->kind, h)) != WAKE_OK)
					return rc;
			}
			if (ov[1] > ov[0])
				off = ov[1];
			else {
				/* An empty match: on to the next character. */
				off = ov[0] + 1;
				while (off < n && ((unsigned char)p[off] &
				    0xc0) == 0x80)
					off++;
			}
		}
	}
	return WAKE_OK;
}

/*
 * Whole-word, case-sensitive matches of the names of --users, outside
 * the values found so far (r->spans, sorted): an e-mail address holding
 * a name is the address's.
 */
static int
names(struct wake_redact *r, const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	const struct uname *nm;
	size_t i, k, e, j = 0, fixed = r->nspans, lim;
	uint16_t x;
	uint64_t h;
	int rc;

	if (r->pfxbits == NULL)
		return WAKE_OK;
	for (i = 0; i + 1 < n; i++) {
		while (j < fixed && r->spans[j].e <= i)
			j++;
		if (j < fixed && r->spans[j].s <= i) {
			i = r->spans[j].e - 1;
			continue;
		}
		lim = j < fixed ? r->spans[j].s : n;
		x = (uint16_t)(u[i] << 8 | u[i + 1]);
		if (!(r->pfxbits[x >> 3] & (1 << (x & 7))) ||
		    (i > 0 && wordc(u[i]) && wordc(u[i - 1])))
			continue;
		for (k = names_from(r, x); k < r->nnames &&
		    r->names[k].pfx == x; k++) {
			nm = &r->names[k];
			e = i + nm->len;
			if (e > lim || memcmp(r->ub.p + nm->off, p + i,
			    nm->len) != 0 || (e < n && wordc(u[e - 1]) &&
			    wordc(u[e])))
				continue;
			/* The local part of an e-mail address is the
			 * address's, not a name. */
			if (e < n && (u[e] == '@' || (u[e] == '%' &&
			    e + 2 < n && u[e + 1] == '4' && u[e + 2] == '0')))
				continue;
			if ((rc = hash(r, WK_RK_USER, r->ub.p +
			    r->users[nm->user].off, r->users[nm->user].len,
			    &h)) != WAKE_OK || (rc = add_span(r, i, e,
			    WK_RK_USER, h)) != WAKE_OK)
				return rc;
			i = e - 1;
			break;
		}
	}
	return WAKE_OK;
}

static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->s < y->s ? -1 : x->s > y->s;
}

/*
 * Find the values of p[0..n) into r->spans, in order: the matches of
 * --pattern first, then the built-in detectors in the gaps, then the
 * names of --users in what is left.
 */
static int
find(struct wake_redact *r, const char *p, size_t n)
{
	size_t i, fixed, lo;
	int rc;

	r->nspans = 0;
	if (n == 0)
		return WAKE_OK;
	if (r->npats == 0) {
		if ((rc = scan(r, p, n, 0, n)) != WAKE_OK)
			return rc;
	} else {
		if ((rc = patterns(r, p, n)) != WAKE_OK)
			return rc;
		if (r->nspans > 1)
			qsort(r->spans, r->nspans, sizeof(*r->spans),
			    span_cmp);
		/* The detectors in the gaps the patterns left. */
		fixed = r->nspans;
		for (i = 0, lo = 0; i <= fixed; i++) {
			if ((rc = scan(r, p, n, lo, i < fixed ?
			    r->spans[i].s : n)) != WAKE_OK)
				return rc;
			if (i < fixed)
				lo = r->spans[i].e;
		}
		if (r->nspans > fixed && r->nspans > 1)
			qsort(r->spans, r->nspans, sizeof(*r->spans),
			    span_cmp);
	}
	if (r->nnames > 0) {
		fixed = r->nspans;
		if ((rc = names(r, p, n)) != WAKE_OK)
			return rc;
		if (r->nspans > fixed && r->nspans > 1)
			qsort(r->spans, r->nspans, sizeof(*r->spans),
			    span_cmp);
	}
	return WAKE_OK;
}

/* Append p[0..n) with the spans found replaced. */
static int
emit(struct wake_redact *r, const char *p, size_t n, struct wake_buf *out)
{
	static const char hx[] = "0123456789abcdef";
	const struct span *sp;
	const struct kind *k;
	char tok[NAME_MAX_LEN + 24];
	size_t i, pos = 0, t;
	int d;

	if (n == 0)
		return WAKE_OK;

	for (i = 0; i < r->nspans; i++) {
		sp = &r->spans[i];
		k = &r->kinds[sp->kind];
		if (wake_buf_put(out, p + pos, sp->s - pos) != WAKE_OK)
			return WAKE_ERR_NOMEM;
		pos = sp->e;
		t = 0;
		tok[t++] = r->mark ? '{' : '<';
		if (r->mark)
			tok[t++] = '{';
		memcpy(tok + t, k->name, k->nlen);
		t += k->nlen;
		tok[t++] = ':';
		if (r->mark) {
			if (wake_buf_put(out, tok, t) != WAKE_OK ||
			    wake_buf_put(out, p + sp->s, sp->e - sp->s) !=
			    WAKE_OK || wake_buf_put(out, "}}", 2) != WAKE_OK)
				return WAKE_ERR_NOMEM;
			continue;
		}
		for (d = 0; d < r->digits; d++)
			tok[t++] = hx[(sp->h >> (60 - 4 * d)) & 15];
		tok[t++] = '>';
		if (wake_buf_put(out, tok, t) != WAKE_OK)
			return WAKE_ERR_NOMEM;
	}
	return wake_buf_put(out, p + pos, n - pos) != WAKE_OK ?
	    WAKE_ERR_NOMEM : WAKE_OK;
}

long
wake_redact_text(struct wake_redact *r, const char *p, size_t n,
    struct wake_buf *out)
{
	int rc;

	if ((rc = find(r, p, n)) != WAKE_OK || (rc = emit(r, p, n, out)) !=
	    WAKE_OK)
		return rc;
	return (long)r->nspans;
}

/* ---- events ---- */

/* Put the spans found in s into the event's arena. */
static int
replace(struct wake_redact *r, struct wake_event *ev, struct wake_str *s)
{
	const char *q;

	r->tmp.n = 0;
	if (emit(r, s->p, s->n, &r->tmp) != WAKE_OK ||
	    (q = wake_event_store(ev, r->tmp.p, r->tmp.n)) == NULL)
		return WAKE_ERR_NOMEM;
	s->p = q;
	s->n = r->tmp.n;
	return WAKE_OK;
}

/*
 * Replace every occurrence of from (4 bytes or more) in s by to.
 * Returns the number replaced or WAKE_ERR_NOMEM.
 */
static long
replace_literal(struct wake_redact *r, struct wake_event *ev,
    struct wake_str *s, const struct wake_str *from,
    const struct wake_str *to)
{
	const char *p = s->p, *end = s->p + s->n, *hit, *q;
	long n = 0;

	if (from->n < 4 || s->n < from->n)
		return 0;
	r->tmp.n = 0;
	while ((hit = memmem(p, (size_t)(end - p), from->p, from->n)) !=
	    NULL) {
		if (wake_buf_put(&r->tmp, p, (size_t)(hit - p)) != WAKE_OK ||
		    wake_buf_put(&r->tmp, to->p, to->n) != WAKE_OK)
			return WAKE_ERR_NOMEM;
		p = hit + from->n;
		n++;
	}
	if (n == 0)
		return 0;
	if (wake_buf_put(&r->tmp, p, (size_t)(end - p)) != WAKE_OK ||
	    (q = wake_event_store(ev, r->tmp.p, r->tmp.n)) == NULL)
		return WAKE_ERR_NOMEM;
	s->p = q;
	s->n = r->tmp.n;
	return n;
}

/* Redact s: its values, or whole as kind when kind >= 0. */
static long
redact_str(struct wake_redact *r, struct wake_event *ev, struct wake_str *s,
    int kind)
{
	int rc;

	r->nspans = 0;
	if (s->n == 0)
		return 0;
	if (kind >= 0)
		rc = field_span(r, kind, s->p, s->n, 0, s->n);
	else
		rc = find(r, s->p, s->n);
	if (rc == WAKE_OK && r->nspans > 0)
		rc = replace(r, ev, s);
	return rc != WAKE_OK ? rc : (long)r->nspans;
}

/*
 * Attrs not looked into: wake's own bookkeeping (tz, skew, tmpl,
 * truncated, incident, phase), and versions, whose dotted quads are
 * not addresses (v, ver, vers, any name holding "version").
 */
static int
skipped_attr(const char *k, size_t n)
{
	size_t i, j;

	switch (n) {
	case 1:
		return (k[0] | 0x20) == 'v';
	case 2:
		return memcmp(k, "tz", 2) == 0;
	case 3:
		return wk_strcaseeq(k, n, "ver");
	case 4:
		return memcmp(k, "skew", 4) == 0 ||
		    memcmp(k, "tmpl", 4) == 0 || wk_strcaseeq(k, n, "vers");
	case 5:
		return memcmp(k, "phase", 5) == 0;
	case 8:
		if (memcmp(k, "incident", 8) == 0)
			return 1;
		break;
	case 9:
		if (memcmp(k, "truncated", 9) == 0)
			return 1;
		break;
	}
	for (i = 0; i + 7 <= n; i++) {
		for (j = 0; j < 7 && (k[i + j] | 0x20) == "version"[j]; j++)
			;
		if (j == 7)
			return 1;
	}
	return 0;
}

long
wake_redact_event(struct wake_redact *r, struct wake_event *ev)
{
	struct wake_attr *a;
	long total = 0, c;
	size_t i;
	int kind;

	if ((c = redact_str(r, ev, &ev->msg, -1)) < 0)
		return c;
	total += c;
	/* The host of a chat event is who wrote it, as in user=. */
	kind = r->host_kind;
	if (kind < 0 && ((r->chat_host && ev->kind == WAKE_KIND_CHAT) ||
	    user_of(r, ev->host.p, ev->host.n) >= 0))
		kind = WK_RK_USER;
	if ((c = redact_str(r, ev, &ev->host, kind)) < 0)
		return c;
	total += c;
	for (i = 0; i < ev->nattrs; i++) {
		struct wake_str orig;

		a = &ev->attrs[i];
		if (a->key.n == 0 || skipped_attr(a->key.p, a->key.n))
			continue;
		kind = field_kind(r, a->key.p, a->key.n);
		orig = a->val;
		if ((c = redact_str(r, ev, &a->val, kind)) < 0)
			return c;
		total += c;
		/*
		 * A personal field's value quoted in the message (a parser
		 * writing "caller 7185550181") goes too, even where the
		 * text alone would not show it as personal data.
		 */
		if (kind >= 0 && c > 0 && (c = replace_literal(r, ev,
		    &ev->msg, &orig, &a->val)) < 0)
			return c;
		total += c;
	}
	return total;
}

int
wake_redact_count(const struct wake_redact *r, size_t i, const char **kind,
    uint64_t *replaced, uint64_t *kept)
{
	if (i >= r->nkinds)
		return WAKE_EOF;
	*kind = r->kinds[i].name;
	*replaced = r->kinds[i].replaced;
	*kept = r->kinds[i].kept;
	return WAKE_OK;
}

/* ---- a whole input ---- */

static void
rdiag(const struct wake_redact_run_opts *o, const char *name,
    unsigned long line, const char *why)
{
	if (o->diag != NULL)
		o->diag(o->diag_arg, name, line, why);
}

static int
put_line(struct wake_buf *out, const char *p, size_t n)
{
	if (wake_buf_reserve(out, n + 1) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	memcpy(out->p + out->n, p, n);
	out->p[out->n + n] = '\n';
	out->n += n + 1;
	return WAKE_OK;
}

/* One event line: 1 written, 0 not an event, or an error. */
static int
event_line(struct wake_redact *r, struct wake_event *ev, const char *p,
    size_t n, const struct wake_redact_run_opts *o, const char **why)
{
	long c;
	int json = p[0] == '{';

	wake_event_reset(ev);
	if ((c = wake_event_read(ev, p, n, why)) != WAKE_OK)
		return c == WAKE_ERR_NOMEM ? WAKE_ERR_NOMEM : 0;
	if ((c = wake_redact_event(r, ev)) < 0)
		return (int)c;
	if (c == 0 && (json || !o->json))
		c = put_line(o->out, p, n);
	else if (json || o->json)
		c = wake_event_write_json(ev, o->out);
	else
		c = wake_event_write_tsv(ev, o->out);
	return c == WAKE_OK ? 1 : (int)c;
}

int
wake_redact_run(struct wake_redact *r, struct wake_input *in,
    const struct wake_redact_run_opts *o)
{
	struct wake_event ev;
	struct wake_line l;
	const char *name = o->name != NULL ? o->name : wake_input_name(in);
	const char *why;
	char msg[96];
	int rc, first = 1, stopped = 0;
	long c;

	wake_event_init(&ev);
	while ((rc = wake_input_line(in, &l)) == WAKE_OK) {
		if (l.truncated > 0) {
			/* A value cut in two would pass undetected. */
			snprintf(msg, sizeof(msg),
			    "line too long (%zu bytes cut), left out",
			    l.truncated);
			rdiag(o, name, (unsigned long)l.no, msg);
			continue;
		}
		if (o->text || (l.n > 0 && l.p[0] == '#')) {
			c = wake_redact_text(r, l.p, l.n, o->out);
			if (c >= 0 && wake_buf_putc(o->out, '\n') != WAKE_OK)
				c = WAKE_ERR_NOMEM;
			rc = c < 0 ? (int)c : WAKE_OK;
		} else if (l.n == 0)
			continue;
		else {
			rc = event_line(r, &ev, l.p, l.n, o, &why);
			if (rc == 0 && first) {
				rdiag(o, name, (unsigned long)l.no,
				    "not an event stream (use --text for raw "
				    "lines); input skipped");
				break;
			}
			if (rc == 0)
				rdiag(o, name, (unsigned long)l.no, why);
			first = 0;
			rc = rc < 0 ? rc : WAKE_OK;
		}
		if (rc == WAKE_ERR_LIMIT) {
			/* Nothing leaves half-redacted. */
			rdiag(o, name, (unsigned long)l.no, "a --pattern hit "
			    "the match limit; line left out");
			rc = WAKE_OK;
			continue;
		}
		if (rc != WAKE_OK)
			break;
		if (o->out->n >= FLUSH_AT && o->flush != NULL &&
		    o->flush(o->flush_arg) != 0) {
			stopped = 1;
			break;
		}
	}
	wake_event_free(&ev);
	if (stopped)
		return WAKE_EOF;
	return rc == WAKE_EOF ? WAKE_OK : rc;
}
