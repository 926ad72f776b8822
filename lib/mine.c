/*
 * The template miner (include/wake/mine.h): a Drain parse tree over
 * masked tokens (lib/mine_tok.c), its templates, and their state.
 *
 * The tree: the root's children are keyed by source and token count;
 * below, one level per leading token (depth levels), keyed by the
 * token's hash, tokens holding a digit or "<*>" going to the "<*>"
 * child; a node with max_children children sends new tokens to "<*>"
 * too.  All children of all nodes live in one open-addressing table
 * keyed by (parent, key).  Leaves hold their templates in order of
 * creation, which breaks ties.
 *
 * Matching is Drain's: similarity is the share of positions where the
 * template has the message's token (its wildcards not counted), the
 * best template wins, ties going to the one with more wildcards; at or
 * above the threshold the message joins it, otherwise it starts a new
 * template.  Nothing is allocated per message except for new templates
 * (and a template's text when it changes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/mine.h>

#include "internal.h"

#define EX_MAX		512	/* bytes of an example kept */
#define ORIGIN_MAX	256	/* bytes of its origin kept */
#define WILDKEY		0x5bd1e9955bd1e995ULL	/* tree key of <*> */

struct clu {
	uint64_t	 id;
	uint64_t	 count;
	wake_time_t	 first;
	wake_time_t	 last;
	uint32_t	 ntok;
	uint32_t	 nwild;
	uint32_t	 src;		/* index in srcs */
	uint32_t	 leaf;		/* node index */
	struct clu	*prev;		/* LRU list, most recent first */
	struct clu	*next;
	size_t		 idx;		/* in m->clus */
	uint64_t	*alias;		/* former ids */
	size_t		 nalias;
	char		*text;		/* the template, rendered */
	size_t		 textlen;
	char		*ex;		/* example, then origin, one block */
	size_t		 exlen;
	size_t		 orlen;
	struct wk_mtok	*tok;		/* ntok tokens, then their bytes */
	char		*ttext;
};

struct node {
	uint32_t	 nchild;
	uint32_t	 wild;		/* the <*> child, 0: none */
	struct clu	**clu;		/* templates of a leaf */
	size_t		 nclu;
	size_t		 capclu;
};

struct edge {
	uint64_t	 key;
	uint32_t	 parent;
	uint32_t	 child;		/* 0: empty slot */
};

struct srcname {
	char		*p;
	size_t		 n;
};

struct idslot {
	uint64_t	 id;
	struct clu	*c;
};

struct wake_miner {
	struct wake_mine_opts o;
	struct node	*nodes;		/* [0] is the root */
	size_t		 nnodes;
	size_t		 capnodes;
	struct edge	*edges;
	size_t		 nedges;
	size_t		 capedges;	/* a power of 2 */
	struct clu	**clus;
	size_t		 nclus;
	size_t		 capclus;
	struct clu	*lru_head;
	struct clu	*lru_tail;
	struct srcname	*srcs;
	size_t		 nsrcs;
	size_t		 capsrcs;
	size_t		 lastsrc;
	struct clu	**order;	/* canonical order, when !dirty */
	int		 dirty;
	struct idslot	*ids;		/* id and alias -> template */
	size_t		 capids;
	int		 idsdirty;
	struct wk_mtoks	 tk;
	struct wake_buf	 tmp;
	char		 err[256];
};

/* ---- small helpers ---- */

static uint64_t
mix(uint64_t a, uint64_t b)
{
	uint64_t h = (a ^ (b * 0x9e3779b97f4a7c15ULL)) * 0xff51afd7ed558ccdULL;

	h ^= h >> 32;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return h;
}

uint64_t
wake_tmpl_id(const char *text, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)text[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void
wake_tmpl_id_format(uint64_t id, char out[17])
{
	static const char hx[] = "0123456789abcdef";
	int i;

	for (i = 15; i >= 0; i--) {
		out[i] = hx[id & 0xf];
		id >>= 4;
	}
	out[16] = '\0';
}

int
wake_tmpl_id_parse(const char *p, size_t n, uint64_t *id)
{
	uint64_t v = 0;
	size_t i;

	if (n != 16)
		return WAKE_ERR_FORMAT;
	for (i = 0; i < 16; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= '0' && c <= '9')
			v = v << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (uint64_t)(c - 'a' + 10);
		else
			return WAKE_ERR_FORMAT;
	}
	*id = v;
	return WAKE_OK;
}

static uint64_t
treekey(const struct wk_mtok *t)
{
	return (t->flags & (WK_MT_WILD | WK_MT_DIGIT)) ? WILDKEY : t->hash;
}

static void
seterr(struct wake_miner *m, const char *name, size_t line,
    const char *why)
{
	struct wake_buf b = WAKE_BUF_INIT;

	if (name != NULL) {
		(void)wake_buf_put(&b, name, strlen(name));
		(void)wake_buf_putc(&b, ':');
		(void)wk_buf_putu(&b, line);
		(void)wake_buf_put(&b, ": ", 2);
	}
	(void)wake_buf_put(&b, why, strlen(why));
	if (b.p != NULL) {
		size_t n = WK_MIN(b.n, sizeof(m->err) - 1);

		memcpy(m->err, b.p, n);
		m->err[n] = '\0';
	} else
		snprintf(m->err, sizeof(m->err), "%s", why);
	wake_buf_free(&b);
}

const char *
wake_miner_error(const struct wake_miner *m)
{
	return m == NULL || m->err[0] == '\0' ? "no error" : m->err;
}

/* ---- set-up ---- */

static int
node_new(struct wake_miner *m, uint32_t *idx)
{
	if (m->nnodes == m->capnodes) {
		size_t cap = m->capnodes ? m->capnodes * 2 : 256;
		struct node *n = reallocarray(m->nodes, cap, sizeof(*n));

		if (n == NULL)
			return WAKE_ERR_NOMEM;
		m->nodes = n;
		m->capnodes = cap;
	}
	if (m->nnodes >= UINT32_MAX)
		return WAKE_ERR_NOMEM;
	memset(&m->nodes[m->nnodes], 0, sizeof(m->nodes[0]));
	*idx = (uint32_t)m->nnodes++;
	return WAKE_OK;
}

int
wake_miner_new(struct wake_miner **mp, const struct wake_mine_opts *o)
{
	static const struct wake_mine_opts def = WAKE_MINE_OPTS_INIT;
	struct wake_miner *m;
	uint32_t root;

	*mp = NULL;
	if (o == NULL)
		o = &def;
	if (!(o->sim > 0 && o->sim <= 1) || o->depth < 0 || o->depth > 8 ||
	    o->max_children < 2 || (o->masks & ~(unsigned)WAKE_MASK_ALL))
		return WAKE_ERR_USAGE;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return WAKE_ERR_NOMEM;
	m->o = *o;
	if (node_new(m, &root) != WAKE_OK) {
		free(m);
		return WAKE_ERR_NOMEM;
	}
	m->dirty = 1;
	m->idsdirty = 1;
	*mp = m;
	return WAKE_OK;
}

static void
clu_free(struct clu *c)
{
	if (c == NULL)
		return;
	free(c->alias);
	free(c->text);
	free(c->ex);
	free(c->tok);
	free(c);
}

/* Forget the tree (keeping the templates in m->clus). */
static void
tree_clear(struct wake_miner *m)
{
	size_t i;

	for (i = 0; i < m->nnodes; i++)
		free(m->nodes[i].clu);
	m->nnodes = 1;
	memset(&m->nodes[0], 0, sizeof(m->nodes[0]));
	if (m->edges != NULL)
		memset(m->edges, 0, m->capedges * sizeof(*m->edges));
	m->nedges = 0;
}

void
wake_miner_free(struct wake_miner *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nclus; i++)
		clu_free(m->clus[i]);
	free(m->clus);
	for (i = 0; i < m->nnodes; i++)
		free(m->nodes[i].clu);
	free(m->nodes);
	free(m->edges);
	for (i = 0; i < m->nsrcs; i++)
		free(m->srcs[i].p);
	free(m->srcs);
	free(m->order);
	free(m->ids);
	wk_mine_toks_free(&m->tk);
	wake_buf_free(&m->tmp);
	free(m);
}

/* ---- sources ---- */

static int
src_index(struct wake_miner *m, const char *p, size_t n, uint32_t *idx)
{
	size_t i;

	if (!m->o.by_src)
		n = 0;
	if (m->lastsrc < m->nsrcs && m->srcs[m->lastsrc].n == n &&
	    (n == 0 || memcmp(m->srcs[m->lastsrc].p, p, n) == 0)) {
		*idx = (uint32_t)m->lastsrc;
		return WAKE_OK;
	}
	for (i = 0; i < m->nsrcs; i++)
		if (m->srcs[i].n == n && (n == 0 ||
		    memcmp(m->srcs[i].p, p, n) == 0))
			break;
	if (i == m->nsrcs) {
		if (m->nsrcs == m->capsrcs) {
			size_t cap = m->capsrcs ? m->capsrcs * 2 : 8;
			struct srcname *s = reallocarray(m->srcs, cap,
			    sizeof(*s));

			if (s == NULL)
				return WAKE_ERR_NOMEM;
			m->srcs = s;
			m->capsrcs = cap;
		}
		if ((m->srcs[i].p = malloc(n + 1)) == NULL)
			return WAKE_ERR_NOMEM;
		if (n > 0)
			memcpy(m->srcs[i].p, p, n);
		m->srcs[i].p[n] = '\0';
		m->srcs[i].n = n;
		m->nsrcs++;
	}
	m->lastsrc = i;
	*idx = (uint32_t)i;
	return WAKE_OK;
}

/* ---- the tree ---- */

static size_t
edge_slot(const struct wake_miner *m, uint32_t parent, uint64_t key)
{
	size_t mask = m->capedges - 1;
	size_t i = (size_t)mix(key, parent) & mask;

	while (m->edges[i].child != 0 && (m->edges[i].key != key ||
	    m->edges[i].parent != parent))
		i = (i + 1) & mask;
	return i;
}

static uint32_t
child(const struct wake_miner *m, uint32_t parent, uint64_t key)
{
	if (m->capedges == 0)
		return 0;
	return m->edges[edge_slot(m, parent, key)].child;
}

static int
edges_grow(struct wake_miner *m)
{
	struct edge *old = m->edges;
	size_t oldcap = m->capedges, i;
	size_t cap = oldcap ? oldcap * 2 : 1024;

	if ((m->edges = calloc(cap, sizeof(*m->edges))) == NULL) {
		m->edges = old;
		return WAKE_ERR_NOMEM;
	}
	m->capedges = cap;
	for (i = 0; i < oldcap; i++)
		if (old[i].child != 0)
			m->edges[edge_slot(m, old[i].parent, old[i].key)] =
			    old[i];
	free(old);
	return WAKE_OK;
}

static int
child_add(struct wake_miner *m, uint32_t parent, uint64_t key,
    uint32_t *out)
{
	uint32_t c;
	size_t s;

	if ((m->nedges + 1) * 2 > m->capedges && edges_grow(m) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	if (node_new(m, &c) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	s = edge_slot(m, parent, key);
	m->edges[s].key = key;
	m->edges[s].parent = parent;
	m->edges[s].child = c;
	m->nedges++;
	m->nodes[parent].nchild++;
	if (key == WILDKEY)
		m->nodes[parent].wild = c;
	*out = c;
	return WAKE_OK;
}

static uint64_t
rootkey(uint32_t src, size_t ntok)
{
	return mix((uint64_t)src << 32 | ntok, 0x6a09e667f3bcc908ULL);
}

static size_t
levels(const struct wake_miner *m, size_t ntok)
{
	return WK_MIN((size_t)m->o.depth, ntok);
}

/* The leaf a message would be looked up in (Drain's tree search): the
 * token's child, else the <*> child; 0 when there is none. */
static uint32_t
leaf_find(const struct wake_miner *m, uint32_t src,
    const struct wk_mtok *t, size_t ntok)
{
	uint32_t nd = child(m, 0, rootkey(src, ntok)), c;
	size_t d, lv = levels(m, ntok);

	for (d = 0; nd != 0 && d < lv; d++) {
		c = child(m, nd, treekey(&t[d]));
		nd = c != 0 ? c : m->nodes[nd].wild;
	}
	return nd;
}

/* The leaf a new template goes to, made as needed (Drain's rules for
 * a full node). */
static int
leaf_make(struct wake_miner *m, uint32_t src, const struct wk_mtok *t,
    size_t ntok, uint32_t *leaf)
{
	uint64_t key = rootkey(src, ntok);
	uint32_t nd = child(m, 0, key), c;
	size_t d, lv = levels(m, ntok);
	uint32_t maxc = (uint32_t)m->o.max_children;

	if (nd == 0 && child_add(m, 0, key, &nd) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	for (d = 0; d < lv; d++) {
		key = treekey(&t[d]);
		if ((c = child(m, nd, key)) != 0) {
			nd = c;
			continue;
		}
		if (key != WILDKEY) {
			struct node *n = &m->nodes[nd];

			if (n->wild != 0 ? n->nchild < maxc :
			    n->nchild + 1 < maxc) {
				if (child_add(m, nd, key, &c) != WAKE_OK)
					return WAKE_ERR_NOMEM;
				nd = c;
				continue;
			}
			if (n->wild != 0) {
				nd = n->wild;
				continue;
			}
		}
		if (child_add(m, nd, WILDKEY, &c) != WAKE_OK)
			return WAKE_ERR_NOMEM;
		nd = c;
	}
	*leaf = nd;
	return WAKE_OK;
}

static int
leaf_push(struct wake_miner *m, uint32_t leaf, struct clu *c)
{
	struct node *n = &m->nodes[leaf];

	if (n->nclu == n->capclu) {
		size_t cap = n->capclu ? n->capclu * 2 : 4;
		struct clu **v = reallocarray(n->clu, cap, sizeof(*v));

		if (v == NULL)
			return WAKE_ERR_NOMEM;
		n->clu = v;
		n->capclu = cap;
	}
	n->clu[n->nclu++] = c;
	c->leaf = leaf;
	return WAKE_OK;
}

static void
leaf_remove(struct wake_miner *m, struct clu *c)
{
	struct node *n = &m->nodes[c->leaf];
	size_t i;

	for (i = 0; i < n->nclu; i++)
		if (n->clu[i] == c) {
			memmove(&n->clu[i], &n->clu[i + 1],
			    (n->nclu - i - 1) * sizeof(n->clu[0]));
			n->nclu--;
			return;
		}
}

/* ---- templates ---- */

static void
lru_unlink(struct wake_miner *m, struct clu *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		m->lru_head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		m->lru_tail = c->prev;
	c->prev = c->next = NULL;
}

static void
lru_front(struct wake_miner *m, struct clu *c)
{
	c->next = m->lru_head;
	c->prev = NULL;
	if (m->lru_head != NULL)
		m->lru_head->prev = c;
	m->lru_head = c;
	if (m->lru_tail == NULL)
		m->lru_tail = c;
}

static void
lru_touch(struct wake_miner *m, struct clu *c)
{
	if (m->lru_head != c) {
		lru_unlink(m, c);
		lru_front(m, c);
	}
}

/* Render the template's text from its tokens and set its id. */
static int
clu_render(struct clu *c)
{
	size_t i, n = 0;
	char *t, *q;

	for (i = 0; i < c->ntok; i++)
		n += c->tok[i].len + (i > 0 && !(c->tok[i].flags & WK_MT_JOIN));
	if ((t = malloc(n + 1)) == NULL)
		return WAKE_ERR_NOMEM;
	q = t;
	for (i = 0; i < c->ntok; i++) {
		if (i > 0 && !(c->tok[i].flags & WK_MT_JOIN))
			*q++ = ' ';
		memcpy(q, c->ttext + c->tok[i].off, c->tok[i].len);
		q += c->tok[i].len;
	}
	*q = '\0';
	free(c->text);
	c->text = t;
	c->textlen = n;
	c->id = wake_tmpl_id(t, n);
	return WAKE_OK;
}

static int
alias_add(struct clu *c, uint64_t id)
{
	uint64_t *a;
	size_t i;

	if (id == c->id)
		return WAKE_OK;
	for (i = 0; i < c->nalias; i++)
		if (c->alias[i] == id)
			return WAKE_OK;
	/* A template changes at most once per token: few aliases. */
	if ((a = reallocarray(c->alias, c->nalias + 1, sizeof(*a))) == NULL)
		return WAKE_ERR_NOMEM;
	c->alias = a;
	c->alias[c->nalias++] = id;
	return WAKE_OK;
}

/*
 * A template from tokens t[0..ntok) with bytes in text (the wildcard
 * tokens of the result are "<*>").
 */
static struct clu *
clu_new(const struct wk_mtok *t, size_t ntok, const char *text)
{
	struct clu *c;
	size_t i, bytes = 0;
	char *q;

	for (i = 0; i < ntok; i++)
		bytes += t[i].len;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->tok = malloc(ntok * sizeof(*c->tok) + bytes + 1);
	if (c->tok == NULL) {
		free(c);
		return NULL;
	}
	c->ttext = (char *)(c->tok + ntok);
	q = c->ttext;
	for (i = 0; i < ntok; i++) {
		c->tok[i] = t[i];
		c->tok[i].off = (uint32_t)(q - c->ttext);
		memcpy(q, text + t[i].off, t[i].len);
		q += t[i].len;
		if (t[i].flags & WK_MT_WILD)
			c->nwild++;
	}
	c->ntok = (uint32_t)ntok;
	c->first = c->last = WAKE_TIME_NONE;
	if (clu_render(c) != WAKE_OK) {
		free(c->tok);
		free(c);
		return NULL;
	}
	return c;
}

static int
clu_set_example(struct clu *c, const char *ex, size_t exlen,
    const char *or, size_t orlen)
{
	char *b;

	exlen = WK_MIN(exlen, EX_MAX);
	orlen = WK_MIN(orlen, ORIGIN_MAX);
	if ((b = malloc(exlen + orlen + 2)) == NULL)
		return WAKE_ERR_NOMEM;
	if (exlen > 0)
		memcpy(b, ex, exlen);
	b[exlen] = '\0';
	if (orlen > 0)
		memcpy(b + exlen + 1, or, orlen);
	b[exlen + 1 + orlen] = '\0';
	free(c->ex);
	c->ex = b;
	c->exlen = exlen;
	c->orlen = orlen;
	return WAKE_OK;
}

static void
clu_time(struct clu *c, wake_time_t first, wake_time_t last)
{
	if (first != WAKE_TIME_NONE && (c->first == WAKE_TIME_NONE ||
	    first < c->first))
		c->first = first;
	if (last != WAKE_TIME_NONE && (c->last == WAKE_TIME_NONE ||
	    last > c->last))
		c->last = last;
}

/* Turn position i into a wildcard (the caller re-renders). */
static void
clu_wild(struct clu *c, size_t i)
{
	struct wk_mtok *t = &c->tok[i];

	/* "<*>" is at most as long as any token it replaces? Not always:
	 * a 1-byte token becomes 3 bytes; so point at a shared literal. */
	t->flags = (t->flags & WK_MT_JOIN) | WK_MT_WILD;
	t->hash = wk_mine_tokhash("<*>", 3, t->flags);
	t->len = 3;
	t->off = UINT32_MAX;	/* see clu_tokbytes */
	c->nwild++;
}

/* Make ttext hold "<*>" for wildcard tokens marked by clu_wild. */
static int
clu_tokbytes(struct clu *c)
{
	size_t i, bytes = 0;
	struct wk_mtok *nt;
	char *q;

	for (i = 0; i < c->ntok; i++)
		bytes += c->tok[i].len;
	nt = malloc(c->ntok * sizeof(*nt) + bytes + 1);
	if (nt == NULL)
		return WAKE_ERR_NOMEM;
	q = (char *)(nt + c->ntok);
	for (i = 0; i < c->ntok; i++) {
		nt[i] = c->tok[i];
		nt[i].off = (uint32_t)(q - (char *)(nt + c->ntok));
		if (c->tok[i].off == UINT32_MAX)
			memcpy(q, "<*>", 3);
		else
			memcpy(q, c->ttext + c->tok[i].off, c->tok[i].len);
		q += nt[i].len;
	}
	free(c->tok);
	c->tok = nt;
	c->ttext = (char *)(nt + c->ntok);
	return WAKE_OK;
}

/*
 * Generalise c to cover tokens t: positions that differ become <*>.
 * Returns WAKE_OK (changed or not) or WAKE_ERR_NOMEM.
 */
static int
clu_generalise(struct wake_miner *m, struct clu *c, const struct wk_mtok *t)
{
	uint64_t old = c->id;
	size_t i;
	int changed = 0;

	for (i = 0; i < c->ntok; i++)
		if (!(c->tok[i].flags & WK_MT_WILD) &&
		    c->tok[i].hash != t[i].hash) {
			clu_wild(c, i);
			changed = 1;
		}
	if (!changed)
		return WAKE_OK;
	if (clu_tokbytes(c) != WAKE_OK || clu_render(c) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	m->dirty = 1;
	m->idsdirty = 1;
	return alias_add(c, old);
}

static int
clus_push(struct wake_miner *m, struct clu *c)
{
	if (m->nclus == m->capclus) {
		size_t cap = m->capclus ? m->capclus * 2 : 64;
		struct clu **v = reallocarray(m->clus, cap, sizeof(*v));

		if (v == NULL)
			return WAKE_ERR_NOMEM;
		m->clus = v;
		m->capclus = cap;
	}
	c->idx = m->nclus;
	m->clus[m->nclus++] = c;
	m->dirty = 1;
	m->idsdirty = 1;
	return WAKE_OK;
}

static void
clus_remove(struct wake_miner *m, struct clu *c)
{
	size_t i = c->idx;

	m->clus[i] = m->clus[--m->nclus];
	m->clus[i]->idx = i;
	m->dirty = 1;
	m->idsdirty = 1;
}

/* Drop the least recently used template. */
static void
evict(struct wake_miner *m)
{
	struct clu *c = m->lru_tail;

	if (c == NULL)
		return;
	lru_unlink(m, c);
	leaf_remove(m, c);
	clus_remove(m, c);
	clu_free(c);
}

/*
 * The best template of a leaf for tokens t (Drain's fast match):
 * similarity counts equal positions, wildcards too when params; ties go
 * to more wildcards.  *score gets the count.
 */
static struct clu *
leaf_best(const struct wake_miner *m, uint32_t leaf, const struct wk_mtok *t,
    size_t ntok, int params, size_t *score)
{
	const struct node *n = &m->nodes[leaf];
	struct clu *best = NULL;
	size_t k, i, j, bs = 0, bw = 0;

	for (k = 0; k < n->nclu; k++) {
		struct clu *c = n->clu[k];
		size_t s = 0;

		for (i = 0; i < ntok; i++) {
			if (c->tok[i].flags & WK_MT_WILD)
				s += params || (t[i].flags & WK_MT_WILD);
			else
				s += c->tok[i].hash == t[i].hash;
		}
		j = c->nwild;
		if (best == NULL || s > bs || (s == bs && j > bw)) {
			best = c;
			bs = s;
			bw = j;
		}
	}
	*score = bs;
	return best;
}

static int
reaches(const struct wake_miner *m, size_t score, size_t ntok)
{
	if (ntok == 0)
		return 1;
	return (double)score >= m->o.sim * (double)ntok - 1e-9;
}

unsigned
wk_miner_masks(const struct wake_miner *m)
{
	return m->o.masks;
}

int
wk_miner_add_toks(struct wake_miner *m, const struct wake_mine_rec *r,
    const struct wk_mtok *t, size_t ntok, const char *text, uint64_t *id)
{
	struct clu *c = NULL;
	uint32_t src, leaf;
	size_t score;
	int rc;

	if ((rc = src_index(m, r->src.p, r->src.n, &src)) != WAKE_OK)
		return rc;
	leaf = leaf_find(m, src, t, ntok);
	if (leaf != 0 && (c = leaf_best(m, leaf, t, ntok, 0, &score)) !=
	    NULL && !reaches(m, score, ntok))
		c = NULL;
	if (c != NULL) {
		if ((rc = clu_generalise(m, c, t)) != WAKE_OK)
			return rc;
		lru_touch(m, c);
	} else {
		if (m->o.max_templates > 0 && m->nclus >= m->o.max_templates)
			evict(m);
		if ((c = clu_new(t, ntok, text)) == NULL)
			return WAKE_ERR_NOMEM;
		c->src = src;
		if (clu_set_example(c, r->msg.p, r->msg.n, r->origin.p,
		    r->origin.n) != WAKE_OK ||
		    leaf_make(m, src, t, ntok, &leaf) != WAKE_OK ||
		    leaf_push(m, leaf, c) != WAKE_OK) {
			clu_free(c);
			return WAKE_ERR_NOMEM;
		}
		if (clus_push(m, c) != WAKE_OK) {
			leaf_remove(m, c);
			clu_free(c);
			return WAKE_ERR_NOMEM;
		}
		lru_front(m, c);
	}
	c->count++;
	clu_time(c, r->ts, r->ts);
	if (id != NULL)
		*id = c->id;
	return WAKE_OK;
}

int
wake_miner_add(struct wake_miner *m, const struct wake_mine_rec *r,
    uint64_t *id)
{
	struct wk_mtoks *tk = &m->tk;
	int rc;

	if ((rc = wk_mine_tokenize(tk, r->msg.p, r->msg.n, m->o.masks)) !=
	    WAKE_OK)
		return rc;
	return wk_miner_add_toks(m, r, tk->t, tk->n, tk->text, id);
}

int
wake_miner_add_event(struct wake_miner *m, const struct wake_event *ev,
    uint64_t *id)
{
	struct wake_mine_rec r;
	const struct wake_str *o = wake_event_attr_get(ev, "origin");

	r.src = ev->src;
	r.msg = ev->msg;
	r.ts = ev->ts;
	r.origin.p = o != NULL ? o->p : NULL;
	r.origin.n = o != NULL ? o->n : 0;
	return wake_miner_add(m, &r, id);
}

/* Best covering template over every path the tokens may take (literal
 * child and <*> child at each level). */
static void
match_walk(const struct wake_miner *m, uint32_t nd, size_t d, size_t lv,
    const struct wk_mtok *t, size_t ntok, struct clu **best, size_t *bs)
{
	uint32_t c;

	if (d == lv) {
		const struct node *n = &m->nodes[nd];
		size_t k, i, s;

		for (k = 0; k < n->nclu; k++) {
			struct clu *x = n->clu[k];

			for (i = 0, s = 0; i < ntok; i++)
				s += (x->tok[i].flags & WK_MT_WILD) ||
				    x->tok[i].hash == t[i].hash;
			if (!reaches(m, s, ntok))
				continue;
			if (*best == NULL || s > *bs || (s == *bs &&
			    x->nwild < (*best)->nwild)) {
				*best = x;
				*bs = s;
			}
		}
		return;
	}
	if (treekey(&t[d]) != WILDKEY &&
	    (c = child(m, nd, treekey(&t[d]))) != 0)
		match_walk(m, c, d + 1, lv, t, ntok, best, bs);
	if ((c = m->nodes[nd].wild) != 0)
		match_walk(m, c, d + 1, lv, t, ntok, best, bs);
}

int
wake_miner_match(struct wake_miner *m, const char *src, size_t srclen,
    const char *msg, size_t n, uint64_t *id)
{
	struct wk_mtoks *tk = &m->tk;
	struct clu *best = NULL;
	uint32_t s, nd;
	size_t bs = 0, i;
	int rc;

	if ((rc = wk_mine_tokenize(tk, msg, n, m->o.masks)) != WAKE_OK)
		return rc;
	if (!m->o.by_src)
		srclen = 0;
	for (i = 0; i < m->nsrcs; i++)
		if (m->srcs[i].n == srclen && (srclen == 0 ||
		    memcmp(m->srcs[i].p, src, srclen) == 0))
			break;
	if (i == m->nsrcs)
		return WAKE_EOF;
	s = (uint32_t)i;
	if ((nd = child(m, 0, rootkey(s, tk->n))) == 0)
		return WAKE_EOF;
	match_walk(m, nd, 0, levels(m, tk->n), tk->t, tk->n, &best, &bs);
	if (best == NULL)
		return WAKE_EOF;
	*id = best->id;
	return WAKE_OK;
}

/* ---- merging templates (state, merge, canon) ---- */

/* A template to merge in, with what it carries. */
struct mrec {
	const struct wk_mtok *t;
	size_t		 ntok;
	const char	*text;		/* token bytes */
	const char	*tmpl;		/* rendered, for ordering */
	size_t		 tmpllen;
	uint32_t	 src;
	size_t		 nwild;
	uint64_t	 id;
	uint64_t	 count;
	wake_time_t	 first;
	wake_time_t	 last;
	const char	*ex;
	size_t		 exlen;
	const char	*or;
	size_t		 orlen;
	const uint64_t	*alias;
	size_t		 nalias;
};

static int
srccmp(const struct wake_miner *m, uint32_t a, uint32_t b)
{
	const struct srcname *x = &m->srcs[a], *y = &m->srcs[b];
	int r = memcmp(x->p, y->p, WK_MIN(x->n, y->n));

	if (r != 0)
		return r;
	return x->n < y->n ? -1 : x->n > y->n;
}

static int
bytecmp(const char *a, size_t an, const char *b, size_t bn)
{
	int r = memcmp(a, b, WK_MIN(an, bn));

	if (r != 0)
		return r;
	return an < bn ? -1 : an > bn;
}

/* Canonical order of merging: source, token count, more wildcards
 * first (so specific templates fold into general ones), text. */
static int
mrec_cmp(const struct wake_miner *m, const struct mrec *a,
    const struct mrec *b)
{
	int r;

	if (a->src != b->src && (r = srccmp(m, a->src, b->src)) != 0)
		return r;
	if (a->ntok != b->ntok)
		return a->ntok < b->ntok ? -1 : 1;
	if (a->nwild != b->nwild)
		return a->nwild > b->nwild ? -1 : 1;
	if ((r = bytecmp(a->tmpl, a->tmpllen, b->tmpl, b->tmpllen)) != 0)
		return r;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->count > b->count ? -1 : a->count < b->count;
}

/* Sort without a global: a plain merge sort over n records. */
static void
mrec_sort(const struct wake_miner *m, struct mrec *v, struct mrec *tmp,
    size_t n)
{
	size_t h, i, j, k;

	if (n < 2)
		return;
	h = n / 2;
	mrec_sort(m, v, tmp, h);
	mrec_sort(m, v + h, tmp, n - h);
	for (i = 0, j = h, k = 0; i < h && j < n; )
		tmp[k++] = mrec_cmp(m, &v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

/* Merge one template record into m (as a message with its weight). */
static int
merge_one(struct wake_miner *m, const struct mrec *r)
{
	struct clu *c = NULL;
	uint32_t leaf;
	size_t score, i;
	int rc;

	leaf = leaf_find(m, r->src, r->t, r->ntok);
	if (leaf != 0) {
		/* wildcards on either side agree with anything */
		const struct node *n = &m->nodes[leaf];
		size_t k, bs = 0, s;

		for (k = 0; k < n->nclu; k++) {
			struct clu *x = n->clu[k];

			for (i = 0, s = 0; i < r->ntok; i++)
				s += ((x->tok[i].flags | r->t[i].flags) &
				    WK_MT_WILD) || x->tok[i].hash ==
				    r->t[i].hash;
			if (c == NULL || s > bs || (s == bs &&
			    x->nwild > c->nwild)) {
				c = x;
				bs = s;
			}
		}
		score = bs;
		if (c != NULL && !reaches(m, score, r->ntok))
			c = NULL;
	}
	if (c != NULL) {
		if ((rc = clu_generalise(m, c, r->t)) != WAKE_OK)
			return rc;
		if (c->id != r->id && (rc = alias_add(c, r->id)) != WAKE_OK)
			return rc;
		lru_touch(m, c);
	} else {
		if (m->o.max_templates > 0 && m->nclus >= m->o.max_templates)
			evict(m);
		if ((c = clu_new(r->t, r->ntok, r->text)) == NULL)
			return WAKE_ERR_NOMEM;
		c->src = r->src;
		if (leaf_make(m, r->src, r->t, r->ntok, &leaf) != WAKE_OK ||
		    leaf_push(m, leaf, c) != WAKE_OK) {
			clu_free(c);
			return WAKE_ERR_NOMEM;
		}
		if (clus_push(m, c) != WAKE_OK) {
			leaf_remove(m, c);
			clu_free(c);
			return WAKE_ERR_NOMEM;
		}
		lru_front(m, c);
		if (c->id != r->id && (rc = alias_add(c, r->id)) != WAKE_OK)
			return rc;
	}
	/* the example of the earliest, or the one there first */
	if (c->ex == NULL || (r->first != WAKE_TIME_NONE &&
	    (c->first == WAKE_TIME_NONE || r->first < c->first))) {
		if ((rc = clu_set_example(c, r->ex, r->exlen, r->or,
		    r->orlen)) != WAKE_OK)
			return rc;
	}
	c->count += r->count;
	clu_time(c, r->first, r->last);
	for (i = 0; i < r->nalias; i++)
		if ((rc = alias_add(c, r->alias[i])) != WAKE_OK)
			return rc;
	m->dirty = 1;
	m->idsdirty = 1;
	return WAKE_OK;
}

static void
mrec_of(struct mrec *r, const struct clu *c, uint32_t src)
{
	r->t = c->tok;
	r->ntok = c->ntok;
	r->text = c->ttext;
	r->tmpl = c->text;
	r->tmpllen = c->textlen;
	r->src = src;
	r->nwild = c->nwild;
	r->id = c->id;
	r->count = c->count;
	r->first = c->first;
	r->last = c->last;
	r->ex = c->ex;
	r->exlen = c->exlen;
	r->or = c->ex != NULL ? c->ex + c->exlen + 1 : NULL;
	r->orlen = c->orlen;
	r->alias = c->alias;
	r->nalias = c->nalias;
}

/* Merge records v[0..n) (sorted here) into m. */
static int
merge_recs(struct wake_miner *m, struct mrec *v, size_t n)
{
	struct mrec *tmp;
	size_t i;
	int rc = WAKE_OK;

	if (n == 0)
		return WAKE_OK;
	if ((tmp = reallocarray(NULL, n, sizeof(*tmp))) == NULL)
		return WAKE_ERR_NOMEM;
	mrec_sort(m, v, tmp, n);
	free(tmp);
	for (i = 0; i < n && rc == WAKE_OK; i++)
		rc = merge_one(m, &v[i]);
	return rc;
}

/* One pass of canon: every template through an empty tree again. */
static int
canon_pass(struct wake_miner *m)
{
	struct clu **old;
	struct mrec *v;
	size_t n = m->nclus, i;
	int rc;

	if (n == 0)
		return WAKE_OK;
	if ((v = reallocarray(NULL, n, sizeof(*v))) == NULL)
		return WAKE_ERR_NOMEM;
	old = m->clus;
	m->clus = NULL;
	m->nclus = m->capclus = 0;
	m->lru_head = m->lru_tail = NULL;
	tree_clear(m);
	for (i = 0; i < n; i++)
		mrec_of(&v[i], old[i], old[i]->src);
	rc = merge_recs(m, v, n);
	for (i = 0; i < n; i++)
		clu_free(old[i]);
	free(old);
	free(v);
	m->dirty = 1;
	m->idsdirty = 1;
	return rc;
}

/*
 * Passes until nothing changes: a template that grew wildcards in one
 * pass may cover, in the next, one that came before it.  Each pass only
 * joins templates, so this ends; the cap is a guard.
 */
int
wake_miner_canon(struct wake_miner *m)
{
	uint64_t sum, prev = 0;
	size_t n, k, i;
	int rc;

	for (k = 0; k < 16; k++) {
		n = m->nclus;
		if ((rc = canon_pass(m)) != WAKE_OK)
			return rc;
		for (i = 0, sum = 0; i < m->nclus; i++)
			sum += mix(m->clus[i]->id, m->clus[i]->count);
		if (k > 0 && m->nclus == n && sum == prev)
			break;
		prev = sum;
	}
	return WAKE_OK;
}

int
wake_miner_merge(struct wake_miner *dst, struct wake_miner *src)
{
	struct mrec *v;
	size_t i;
	int rc = WAKE_OK;

	if (src->nclus == 0)
		return WAKE_OK;
	if ((v = reallocarray(NULL, src->nclus, sizeof(*v))) == NULL)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < src->nclus && rc == WAKE_OK; i++) {
		const struct clu *c = src->clus[i];
		uint32_t s;

		rc = src_index(dst, src->srcs[c->src].p, src->srcs[c->src].n,
		    &s);
		mrec_of(&v[i], c, s);
	}
	if (rc == WAKE_OK)
		rc = merge_recs(dst, v, src->nclus);
	free(v);
	return rc;
}

/* ---- reading templates out ---- */

static int
clu_cmp(const struct wake_miner *m, const struct clu *a, const struct clu *b)
{
	int r;

	if (a->src != b->src && (r = srccmp(m, a->src, b->src)) != 0)
		return r;
	if ((r = bytecmp(a->text, a->textlen, b->text, b->textlen)) != 0)
		return r;
	return a->first < b->first ? -1 : a->first > b->first;
}

static void
clu_sort(const struct wake_miner *m, struct clu **v, struct clu **tmp,
    size_t n)
{
	size_t h, i, j, k;

	if (n < 2)
		return;
	h = n / 2;
	clu_sort(m, v, tmp, h);
	clu_sort(m, v + h, tmp, n - h);
	for (i = 0, j = h, k = 0; i < h && j < n; )
		tmp[k++] = clu_cmp(m, v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static int
ordered(struct wake_miner *m)
{
	struct clu **v, **tmp;

	if (!m->dirty)
		return WAKE_OK;
	v = reallocarray(NULL, m->nclus ? m->nclus : 1, sizeof(*v));
	tmp = reallocarray(NULL, m->nclus ? m->nclus : 1, sizeof(*tmp));
	if (v == NULL || tmp == NULL) {
		free(v);
		free(tmp);
		return WAKE_ERR_NOMEM;
	}
	if (m->nclus > 0)
		memcpy(v, m->clus, m->nclus * sizeof(*v));
	clu_sort(m, v, tmp, m->nclus);
	free(tmp);
	free(m->order);
	m->order = v;
	m->dirty = 0;
	return WAKE_OK;
}

size_t
wake_miner_count(const struct wake_miner *m)
{
	return m->nclus;
}

static void
tmpl_of(const struct wake_miner *m, const struct clu *c, struct wake_tmpl *t)
{
	t->id = c->id;
	t->text.p = c->text;
	t->text.n = c->textlen;
	t->src.p = m->srcs[c->src].p;
	t->src.n = m->srcs[c->src].n;
	t->count = c->count;
	t->first = c->first;
	t->last = c->last;
	t->example.p = c->ex != NULL ? c->ex : "";
	t->example.n = c->exlen;
	t->origin.p = c->ex != NULL ? c->ex + c->exlen + 1 : "";
	t->origin.n = c->orlen;
	t->ntokens = c->ntok;
	t->nwild = c->nwild;
}

int
wake_miner_get(struct wake_miner *m, size_t i, struct wake_tmpl *t)
{
	if (i >= m->nclus)
		return WAKE_EOF;
	if (ordered(m) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	tmpl_of(m, m->order[i], t);
	return WAKE_OK;
}

static int
ids_put(struct idslot *v, size_t cap, uint64_t id, struct clu *c)
{
	size_t i = (size_t)mix(id, 1) & (cap - 1);

	while (v[i].c != NULL) {
		if (v[i].id == id)
			return WAKE_OK;	/* the first (canonical) wins */
		i = (i + 1) & (cap - 1);
	}
	v[i].id = id;
	v[i].c = c;
	return WAKE_OK;
}

int
wake_miner_find(struct wake_miner *m, uint64_t id, struct wake_tmpl *t)
{
	size_t i, k, need = 16, cap;

	if (ordered(m) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	if (m->idsdirty) {
		for (i = 0; i < m->nclus; i++)
			need += 1 + m->clus[i]->nalias;
		for (cap = 16; cap < need * 2; cap *= 2)
			;
		free(m->ids);
		if ((m->ids = calloc(cap, sizeof(*m->ids))) == NULL) {
			m->capids = 0;
			return WAKE_ERR_NOMEM;
		}
		m->capids = cap;
		/* current ids first, so an alias never hides a template */
		for (i = 0; i < m->nclus; i++)
			ids_put(m->ids, cap, m->order[i]->id, m->order[i]);
		for (i = 0; i < m->nclus; i++)
			for (k = 0; k < m->order[i]->nalias; k++)
				ids_put(m->ids, cap, m->order[i]->alias[k],
				    m->order[i]);
		m->idsdirty = 0;
	}
	i = (size_t)mix(id, 1) & (m->capids - 1);
	while (m->ids[i].c != NULL) {
		if (m->ids[i].id == id) {
			tmpl_of(m, m->ids[i].c, t);
			return WAKE_OK;
		}
		i = (i + 1) & (m->capids - 1);
	}
	return WAKE_EOF;
}

/* ---- the table and the state ---- */

static int
put_time(struct wake_buf *b, wake_time_t ts)
{
	char s[25];

	if (ts == WAKE_TIME_NONE)
		return wake_buf_putc(b, '-');
	wake_time_format(ts, s);
	return wake_buf_put(b, s, 24);
}

static int
put_field(struct wake_buf *b, const char *p, size_t n)
{
	if (n == 0)
		return wake_buf_putc(b, '-');
	return wake_escape(p, n, b);
}

static int
put_id(struct wake_buf *b, uint64_t id)
{
	char s[17];

	wake_tmpl_id_format(id, s);
	return wake_buf_put(b, s, 16);
}

/* Table rows: templates grouped by id. */
struct row {
	uint64_t	 id;
	uint64_t	 count;
	wake_time_t	 first;
	wake_time_t	 last;
	const struct clu *c;	/* text and example */
};

static int
row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
id_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return 0;
}

static const char table_head[] = "#wake templates 1\n"
    "id\tcount\tfirst\tlast\ttemplate\texample\torigin\n";

int
wake_miner_write_table(struct wake_miner *m, struct wake_buf *out)
{
	struct row *v;
	size_t i, n = 0;
	int rc = WAKE_OK;

	if (ordered(m) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	if ((v = reallocarray(NULL, m->nclus ? m->nclus : 1,
	    sizeof(*v))) == NULL)
		return WAKE_ERR_NOMEM;
	for (i = 0; i < m->nclus; i++) {
		const struct clu *c = m->order[i];

		v[i].id = c->id;
		v[i].count = c->count;
		v[i].first = c->first;
		v[i].last = c->last;
		v[i].c = c;
	}
	/* one row per id: stable order (canonical) within an id */
	qsort(v, m->nclus, sizeof(*v), id_cmp);
	for (i = 0; i < m->nclus; i++) {
		if (n > 0 && v[n - 1].id == v[i].id) {
			struct row *r = &v[n - 1];

			r->count += v[i].count;
			if (v[i].first != WAKE_TIME_NONE &&
			    (r->first == WAKE_TIME_NONE ||
			    v[i].first < r->first)) {
				r->first = v[i].first;
				r->c = v[i].c;
			}
			if (v[i].last != WAKE_TIME_NONE &&
			    (r->last == WAKE_TIME_NONE || v[i].last > r->last))
				r->last = v[i].last;
			continue;
		}
		v[n++] = v[i];
	}
	qsort(v, n, sizeof(*v), row_cmp);
	rc = wake_buf_put(out, table_head, sizeof(table_head) - 1);
	for (i = 0; i < n && rc == WAKE_OK; i++) {
		const struct clu *c = v[i].c;

		if ((rc = put_id(out, v[i].id)) == WAKE_OK &&
		    (rc = wake_buf_putc(out, '\t')) == WAKE_OK &&
		    (rc = wk_buf_putu(out, v[i].count)) == WAKE_OK &&
		    (rc = wake_buf_putc(out, '\t')) == WAKE_OK &&
		    (rc = put_time(out, v[i].first)) == WAKE_OK &&
		    (rc = wake_buf_putc(out, '\t')) == WAKE_OK &&
		    (rc = put_time(out, v[i].last)) == WAKE_OK &&
		    (rc = wake_buf_putc(out, '\t')) == WAKE_OK &&
		    (rc = put_field(out, c->text, c->textlen)) == WAKE_OK &&
		    (rc = wake_buf_putc(out, '\t')) == WAKE_OK &&
		    (rc = put_field(out, c->ex, c->exlen)) == WAKE_OK &&
		    (rc = wake_buf_putc(out, '\t')) == WAKE_OK &&
		    (rc = put_field(out, c->ex != NULL ? c->ex + c->exlen + 1 :
		    "", c->orlen)) == WAKE_OK)
			rc = wake_buf_putc(out, '\n');
	}
	free(v);
	return rc;
}

static const char *const mask_names[] = {
	"ip", "mac", "uuid", "hex", "num", "time", "path", "quote", "kv"
};

/*
 * The state, version 1:
 *
 *	#wake mine-state 1
 *	#sim=0.5 depth=2 max_children=100 masks=ip,... by_src=1
 *	src count first last id tokens template example origin aliases
 *
 * one template per line, TAB-separated, fields escaped as event fields
 * ("-" for empty).  tokens: the byte length of each token, comma
 * separated, "+" before those joined to the one before without a space
 * (so the template splits back into the same tokens).  aliases: former
 * ids, comma separated, or "-".
 */
int
wake_miner_save(struct wake_miner *m, struct wake_buf *out)
{
	size_t i, k;
	int rc, first = 1;
	char num[64];

	if (ordered(m) != WAKE_OK)
		return WAKE_ERR_NOMEM;
	rc = wake_buf_put(out, "#wake mine-state 1\n", 19);
	snprintf(num, sizeof(num), "#sim=%.6g depth=%d max_children=%d ",
	    m->o.sim, m->o.depth, m->o.max_children);
	if (rc == WAKE_OK)
		rc = wake_buf_put(out, num, strlen(num));
	if (rc == WAKE_OK)
		rc = wake_buf_put(out, "masks=", 6);
	for (k = 0; rc == WAKE_OK && k < WK_NELEM(mask_names); k++)
		if (m->o.masks & (1u << k)) {
			if (!first)
				rc = wake_buf_putc(out, ',');
			first = 0;
			if (rc == WAKE_OK)
				rc = wake_buf_put(out, mask_names[k],
				    strlen(mask_names[k]));
		}
	if (rc == WAKE_OK && first)
		rc = wake_buf_put(out, "none", 4);
	if (rc == WAKE_OK)
		rc = wake_buf_put(out, m->o.by_src ? " by_src=1\n" :
		    " by_src=0\n", 10);
	for (i = 0; i < m->nclus && rc == WAKE_OK; i++) {
		const struct clu *c = m->order[i];

		rc = put_field(out, m->srcs[c->src].p, m->srcs[c->src].n);
		if (rc == WAKE_OK && (rc = wake_buf_putc(out, '\t')) ==
		    WAKE_OK && (rc = wk_buf_putu(out, c->count)) == WAKE_OK &&
		    (rc = wake_buf_putc(out, '\t')) == WAKE_OK &&
		    (rc = put_time(out, c->first)) == WAKE_OK &&
		    (rc = wake_buf_putc(out, '\t')) == WAKE_OK &&
		    (rc = put_time(out, c->last)) == WAKE_OK &&
		    (rc = wake_buf_putc(out, '\t')) == WAKE_OK)
			rc = put_id(out, c->id);
		if (rc == WAKE_OK)
			rc = wake_buf_putc(out, '\t');
		for (k = 0; k < c->ntok && rc == WAKE_OK; k++) {
			if (k > 0)
				rc = wake_buf_putc(out, ',');
			if (rc == WAKE_OK && (c->tok[k].flags & WK_MT_JOIN))
				rc = wake_buf_putc(out, '+');
			if (rc == WAKE_OK)
				rc = wk_buf_putu(out, c->tok[k].len);
		}
		if (rc == WAKE_OK && c->ntok == 0)
			rc = wake_buf_putc(out, '-');
		if (rc == WAKE_OK && (rc = wake_buf_putc(out, '\t')) ==
		    WAKE_OK && (rc = put_field(out, c->text, c->textlen)) ==
		    WAKE_OK && (rc = wake_buf_putc(out, '\t')) == WAKE_OK &&
		    (rc = put_field(out, c->ex, c->exlen)) == WAKE_OK &&
		    (rc = wake_buf_putc(out, '\t')) == WAKE_OK &&
		    (rc = put_field(out, c->ex != NULL ? c->ex + c->exlen + 1 :
		    "", c->orlen)) == WAKE_OK)
			rc = wake_buf_putc(out, '\t');
		for (k = 0; k < c->nalias && rc == WAKE_OK; k++) {
			if (k > 0)
				rc = wake_buf_putc(out, ',');
			if (rc == WAKE_OK)
				rc = put_id(out, c->alias[k]);
		}
		if (rc == WAKE_OK && c->nalias == 0)
			rc = wake_buf_putc(out, '-');
		if (rc == WAKE_OK)
			rc = wake_buf_putc(out, '\n');
	}
	return rc;
}

/* One loaded template: its fields unescaped into owned storage. */
struct lrec {
	struct mrec	 r;
	struct wk_mtok	*tok;
	char		*buf;	/* template, example, origin */
	uint64_t	*alias;
};

static void
lrec_free(struct lrec *l)
{
	free(l->tok);
	free(l->buf);
	free(l->alias);
}

static int
parse_u64(const char *p, size_t n, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0 || n > 19)
		return -1;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		x = x * 10 + (uint64_t)(p[i] - '0');
	}
	*v = x;
	return 0;
}

static int
parse_time(const char *p, size_t n, wake_time_t *ts)
{
	if (n == 1 && p[0] == '-') {
		*ts = WAKE_TIME_NONE;
		return 0;
	}
	return wake_time_parse_utc(p, n, ts) == WAKE_OK ? 0 : -1;
}

/* Unescape field f ("-" is empty) onto the end of b. */
static int
unesc(struct wake_buf *b, const struct wake_str *f)
{
	if (f->n == 0 || (f->n == 1 && f->p[0] == '-'))
		return WAKE_OK;
	return wake_unescape(f->p, f->n, b);
}

/* Parse one state line into l; a reason, or NULL when good. */
static const char *
parse_line(struct wake_miner *m, const char *p, size_t n, struct lrec *l,
    int *nomem)
{
	struct wake_str f[10];
	struct wake_buf b = WAKE_BUF_INIT;
	size_t nf = 0, i, k, ntok, pos, tl, el, ol;
	const char *q = p, *e = p + n, *t;
	uint64_t v;
	uint32_t src;
	int rc;

	memset(l, 0, sizeof(*l));
	*nomem = 0;
	while (nf < 10) {
		t = memchr(q, '\t', (size_t)(e - q));
		f[nf].p = q;
		f[nf].n = (size_t)((t != NULL ? t : e) - q);
		nf++;
		if (t == NULL)
			break;
		q = t + 1;
	}
	if (nf != 10 || memchr(f[9].p, '\t', f[9].n) != NULL)
		return "expected 10 TAB-separated fields";
	if (parse_u64(f[1].p, f[1].n, &l->r.count) != 0)
		return "bad count";
	if (parse_time(f[2].p, f[2].n, &l->r.first) != 0 ||
	    parse_time(f[3].p, f[3].n, &l->r.last) != 0)
		return "bad time";
	if (wake_tmpl_id_parse(f[4].p, f[4].n, &l->r.id) != WAKE_OK)
		return "bad id";
	/* template, example, origin: one buffer, NUL after each */
	if ((rc = unesc(&b, &f[6])) != WAKE_OK)
		goto bad_esc;
	tl = b.n;
	if ((rc = wake_buf_putc(&b, '\0')) != WAKE_OK ||
	    (rc = unesc(&b, &f[7])) != WAKE_OK)
		goto bad_esc;
	el = b.n - tl - 1;
	if ((rc = wake_buf_putc(&b, '\0')) != WAKE_OK ||
	    (rc = unesc(&b, &f[8])) != WAKE_OK)
		goto bad_esc;
	ol = b.n - tl - el - 2;
	if ((rc = wake_buf_putc(&b, '\0')) != WAKE_OK)
		goto bad_esc;
	l->buf = b.p;
	if (wake_tmpl_id(b.p, tl) != l->r.id)
		return "id is not the hash of the template";
	/* tokens */
	ntok = 0;
	if (!(f[5].n == 1 && f[5].p[0] == '-'))
		for (i = 0, ntok = 1; i < f[5].n; i++)
			ntok += f[5].p[i] == ',';
	if (ntok > WK_MTOK_MAX)
		return "too many tokens";
	if ((ntok == 0) != (tl == 0))
		return "tokens do not add up to the template";
	if ((l->tok = calloc(ntok ? ntok : 1, sizeof(*l->tok))) == NULL) {
		*nomem = 1;
		return "out of memory";
	}
	q = f[5].p;
	pos = 0;
	for (k = 0; k < ntok; k++) {
		struct wk_mtok *tk = &l->tok[k];
		const char *ce = memchr(q, ',', (size_t)(f[5].p + f[5].n - q));
		size_t j;

		if (ce == NULL)
			ce = f[5].p + f[5].n;
		if (q < ce && *q == '+') {
			if (k == 0)
				return "first token joined";
			tk->flags |= WK_MT_JOIN;
			q++;
		}
		if (parse_u64(q, (size_t)(ce - q), &v) != 0 || v == 0 ||
		    v > WK_MTOK_LEN)
			return "bad token length";
		if (k > 0 && !(tk->flags & WK_MT_JOIN)) {
			if (pos >= tl || b.p[pos] != ' ')
				return "tokens do not add up to the template";
			pos++;
		}
		if (v > tl - pos)
			return "tokens do not add up to the template";
		tk->off = (uint32_t)pos;
		tk->len = (uint32_t)v;
		for (j = pos; j < pos + v; j++) {
			unsigned char c = (unsigned char)b.p[j];

			if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
				return "white space in a token";
			if (c >= '0' && c <= '9')
				tk->flags |= WK_MT_DIGIT;
		}
		if (v == 3 && memcmp(b.p + pos, "<*>", 3) == 0) {
			tk->flags |= WK_MT_WILD;
			tk->flags &= ~WK_MT_DIGIT;
			l->r.nwild++;
		}
		tk->hash = wk_mine_tokhash(b.p + pos, v, tk->flags);
		pos += v;
		q = ce + 1;
	}
	if (pos != tl)
		return "tokens do not add up to the template";
	/* aliases */
	if (!(f[9].n == 1 && f[9].p[0] == '-')) {
		size_t na = (f[9].n + 1) / 17;

		if (f[9].n != na * 17 - 1)
			return "bad aliases";
		if ((l->alias = calloc(na, sizeof(*l->alias))) == NULL) {
			*nomem = 1;
			return "out of memory";
		}
		for (k = 0; k < na; k++) {
			if (k > 0 && f[9].p[k * 17 - 1] != ',')
				return "bad aliases";
			if (wake_tmpl_id_parse(f[9].p + k * 17, 16,
			    &l->alias[k]) != WAKE_OK)
				return "bad aliases";
		}
		l->r.nalias = na;
		l->r.alias = l->alias;
	}
	/* source */
	m->tmp.n = 0;
	if ((rc = unesc(&m->tmp, &f[0])) != WAKE_OK) {
		*nomem = rc == WAKE_ERR_NOMEM;
		return "bad escape";
	}
	if (src_index(m, m->tmp.p, m->tmp.n, &src) != WAKE_OK) {
		*nomem = 1;
		return "out of memory";
	}
	m->tmp.n = 0;
	l->r.src = src;
	l->r.t = l->tok;
	l->r.ntok = ntok;
	l->r.text = l->buf;
	l->r.tmpl = l->buf;
	l->r.tmpllen = tl;
	l->r.ex = l->buf + tl + 1;
	l->r.exlen = el;
	l->r.or = l->buf + tl + el + 2;
	l->r.orlen = ol;
	return NULL;
bad_esc:
	*nomem = rc == WAKE_ERR_NOMEM;
	wake_buf_free(&b);
	return "bad escape";
}

/*
 * The settings line of a state ("sim=0.7 depth=2 ..."), taken by an
 * empty miner so that templates go on being mined as they were made.
 * Values out of range, and unknown names, are left alone.
 */
static void
adopt(struct wake_miner *m, const char *p, size_t n)
{
	struct wake_mine_opts o = m->o;
	char buf[256], *w, *v, *end, *sp;

	if (n >= sizeof(buf))
		return;
	memcpy(buf, p, n);
	buf[n] = '\0';
	for (w = buf; *w != '\0'; w = sp) {
		if ((sp = strchr(w, ' ')) != NULL)
			*sp++ = '\0';
		else
			sp = w + strlen(w);
		if ((v = strchr(w, '=')) == NULL)
			continue;
		*v++ = '\0';
		if (strcmp(w, "sim") == 0) {
			double d = strtod(v, &end);

			if (*end == '\0' && d > 0 && d <= 1)
				o.sim = d;
		} else if (strcmp(w, "depth") == 0) {
			long k = strtol(v, &end, 10);

			if (*end == '\0' && k >= 0 && k <= 8)
				o.depth = (int)k;
		} else if (strcmp(w, "max_children") == 0) {
			long k = strtol(v, &end, 10);

			if (*end == '\0' && k >= 2 && k <= 1000000)
				o.max_children = (int)k;
		} else if (strcmp(w, "masks") == 0) {
			unsigned mk;

			if (wake_mine_masks_parse(v, &mk) == WAKE_OK)
				o.masks = mk;
		} else if (strcmp(w, "by_src") == 0) {
			if (strcmp(v, "0") == 0 || strcmp(v, "1") == 0)
				o.by_src = v[0] == '1';
		}
	}
	if (o.depth != m->o.depth || o.by_src != m->o.by_src ||
	    o.max_children != m->o.max_children)
		tree_clear(m);
	m->o = o;
}

int
wake_miner_load(struct wake_miner *m, const char *p, size_t n,
    const char *name)
{
	struct lrec *v = NULL;
	struct mrec *r = NULL;
	size_t nv = 0, cap = 0, line = 0, i;
	const char *e = p + n, *nl, *why;
	int rc = WAKE_OK, nomem;

	if (name == NULL)
		name = "state";
	if (n == 0)
		return WAKE_OK;		/* an empty file: no templates yet */
	if (n < 19 || memcmp(p, "#wake mine-state ", 17) != 0) {
		seterr(m, name, 1, "not a wake-mine state");
		return WAKE_ERR_FORMAT;
	}
	while (p < e) {
		size_t len;

		line++;
		nl = memchr(p, '\n', (size_t)(e - p));
		len = (size_t)((nl != NULL ? nl : e) - p);
		if (line == 1 && !wk_streq(p, len, "#wake mine-state 1")) {
			seterr(m, name, line, "unknown state version");
			rc = WAKE_ERR_FORMAT;
			break;
		}
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (line == 2 && len > 5 && memcmp(p, "#sim=", 5) == 0 &&
		    m->nclus == 0 && nv == 0)
			adopt(m, p + 1, len - 1);
		if (len > 0 && p[0] != '#') {
			if (nv == cap) {
				size_t nc = cap ? cap * 2 : 64;
				struct lrec *t = reallocarray(v, nc,
				    sizeof(*t));

				if (t == NULL) {
					rc = WAKE_ERR_NOMEM;
					break;
				}
				v = t;
				cap = nc;
			}
			why = parse_line(m, p, len, &v[nv], &nomem);
			if (why != NULL) {
				lrec_free(&v[nv]);
				seterr(m, name, line, why);
				rc = nomem ? WAKE_ERR_NOMEM : WAKE_ERR_FORMAT;
				break;
			}
			nv++;
		}
		p = nl != NULL ? nl + 1 : e;
	}
	if (nv > 0) {
		if ((r = reallocarray(NULL, nv, sizeof(*r))) == NULL)
			rc = WAKE_ERR_NOMEM;
		else {
			int mrc;

			for (i = 0; i < nv; i++)
				r[i] = v[i].r;
			mrc = merge_recs(m, r, nv);
			if (mrc != WAKE_OK)
				rc = mrc;
		}
	}
	for (i = 0; i < nv; i++)
		lrec_free(&v[i]);
	free(v);
	free(r);
	return rc;
}
