/*
 * wake-postmortem's chain, in-process (include/wake/postmortem.h).
 *
 * One input in time order with no clock to correct (one large log,
 * the common case) goes straight from the parser through every
 * analysis, with no spool.  Should it turn out not to be in order, the
 * run starts again the general way:
 *
 * Stage 1 parses every input into a spool file (events formatted on
 * the writer thread), noting whether the spool came out in time order.
 * Stage 2 merges it (a pass-through when it is in order, an external
 * sort in bounded memory when not), and each event, in time order, is
 * pseudonymised when asked, mined, counted for detection and for the
 * timeline, and written to events.tsv.gz, compressed on the writer
 * thread.  Stage 3 reads events.tsv.gz back once for the causes of every
 * incident, whose windows are only known once detection has seen the
 * whole stream.  Then the tables and documents are written.
 */
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>
#ifdef WAKE_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

#include <wake/cause.h>
#include <wake/detect.h>
#include <wake/event.h>
#include <wake/incident.h>
#include <wake/input.h>
#include <wake/merge.h>
#include <wake/mine.h>
#include <wake/parse.h>
#include <wake/postmortem.h>
#include <wake/redact.h>
#include <wake/rules.h>
#include <wake/time.h>
#include <wake/timeline.h>
#include <wake/writer.h>

#include "internal.h"

/* Incidents whose causes are searched for (the rest are listed). */
#define PM_MAX_CAUSE	8
/* Bytes of events given to deflate at a time. */
#define PM_GZ_CHUNK	(256 * 1024)
/* Line-less messages remembered so a run again does not repeat them. */
#define PM_MAX_SAID	32

/* A zone for the inputs whose name matches glob (NULL: any). */
struct zone {
	const char		*glob;
	size_t			 globlen;
	struct wake_tz		*tz;
	struct wake_parser	*p;
};

/* A file written through a deflate stream on the writer thread. */
struct gzout {
	int		 fd;
#ifdef WAKE_HAVE_ISAL
	struct isal_zstream z;
	unsigned char	*lvl;
#else
	z_stream	 z;
#endif
	int		 zok;
	int		 err;		/* errno of a failed write */
	unsigned char	 buf[1 << 16];
};

struct pm {
	const struct wake_pm_opts *o;
	struct wake_pm_result	*res;
	char			*err;
	size_t			 errsz;

	struct zone		*zones;
	size_t			 nzones;
	struct wake_rules	*rules;
	struct wake_redact	*red;
	struct wake_miner	*miner;
	struct wake_detect	*det;
	struct wake_timeline	*tl;
	struct wake_tz		**show;
	size_t			 nshow;

	/* the direct path, and a run again after it */
	int			 direct;	/* on the direct path */
	int			 replay;	/* hush what was said once */
	unsigned long		 saidline;	/* lines whose diags were said */
	char			*said[PM_MAX_SAID];	/* line-less ones */
	size_t			 nsaid;
	pthread_mutex_t		 saidmu;	/* the pipeline's threads say */

	/* stage 1 */
	char			*spool;
	int			 spoolfd;
	int			 spoolerr;
	wake_time_t		 last;
	int			 unsorted;

	/* stage 2: the caller's thread, then w1's (mining), then w's */
	struct wake_writer	*w1;
	struct wake_event	 ev2;		/* w1's thread's */
	struct wake_writer	*w;
	struct gzout		 gz;
	struct wake_buf		 gzbuf;		/* w's thread's */
	struct wake_buf		 mout;
	struct wake_event	 ev;
	uint64_t		 bad;
	int			 stop;		/* a stage failed: its code */

	struct wake_buf		 path;
};

static int
fail(struct pm *pm, int rc, const char *fmt, ...)
{
	va_list ap;

	if (pm->err != NULL && pm->errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(pm->err, pm->errsz, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/*
 * Whether a message was said already, by the direct attempt a run again
 * follows: those of its lines, and the line-less ones it remembered.
 * Outside a run again, remember the line-less ones.
 */
static int
said(struct pm *pm, const char *origin, unsigned long line, const char *why)
{
	size_t i, n;
	char *m;
	int dup;

	if (line > 0)
		return pm->replay && line <= pm->saidline;
	if (!pm->replay && !pm->direct)
		return 0;
	n = strlen(origin != NULL ? origin : "") + strlen(why != NULL ?
	    why : "") + 2;
	if ((m = malloc(n)) == NULL)
		return 0;
	snprintf(m, n, "%s:%s", origin != NULL ? origin : "",
	    why != NULL ? why : "");
	pthread_mutex_lock(&pm->saidmu);
	for (i = 0; pm->replay && i < pm->nsaid; i++)
		if (strcmp(pm->said[i], m) == 0)
			break;
	dup = pm->replay && i < pm->nsaid;
	if (!dup && !pm->replay && pm->nsaid < PM_MAX_SAID) {
		pm->said[pm->nsaid++] = m;
		m = NULL;
	}
	pthread_mutex_unlock(&pm->saidmu);
	free(m);
	return dup;
}

static void
pm_diag(void *arg, const char *origin, unsigned long line, const char *why)
{
	struct pm *pm = arg;

	if (pm->o->diag != NULL && !said(pm, origin, line, why))
		pm->o->diag(pm->o->diag_arg, origin, line, why);
}

static void
pm_note(void *arg, const char *origin, unsigned long line, const char *why)
{
	struct pm *pm = arg;

	if (pm->o->note != NULL && !said(pm, origin, line, why))
		pm->o->note(pm->o->note_arg, origin, line, why);
}

static void
diag(struct pm *pm, const char *origin, unsigned long line, const char *why)
{
	pm_diag(pm, origin, line, why);
}

/* The path of name in the output folder (lent until the next call). */
static const char *
outpath(struct pm *pm, const char *name)
{
	pm->path.n = 0;
	if (wake_buf_put(&pm->path, pm->o->outdir, strlen(pm->o->outdir)) ||
	    wake_buf_putc(&pm->path, '/') ||
	    wake_buf_put(&pm->path, name, strlen(name) + 1))
		return NULL;
	return pm->path.p;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		if ((k = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Write buf to name in the output folder, whole or not at all. */
static int
write_doc(struct pm *pm, const char *name, const struct wake_buf *b)
{
	const char *path;
	char tmp[4096];
	int fd, e;

	if ((path = outpath(pm, name)) == NULL)
		return WAKE_ERR_NOMEM;
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return fail(pm, WAKE_ERR_IO, "%s: path too long", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) < 0)
		return fail(pm, WAKE_ERR_IO, "%s: %s", tmp, strerror(errno));
	if (write_all(fd, b->p == NULL ? "" : b->p, b->n) != 0 ||
	    close(fd) != 0) {
		e = errno;
		unlink(tmp);
		return fail(pm, WAKE_ERR_IO, "%s: %s", path, strerror(e));
	}
	if (rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		return fail(pm, WAKE_ERR_IO, "%s: %s", path, strerror(e));
	}
	return WAKE_OK;
}

/* ---- set-up ---- */

static int
setup_zones(struct pm *pm)
{
	const struct wake_pm_opts *o = pm->o;
	struct wake_parse_opts po = WAKE_PARSE_OPTS_INIT;
	const char *why, *spec, *eq;
	size_t i, n = 0;
	int rc, any = 0;

	if ((pm->zones = calloc(o->ntz + 1, sizeof(*pm->zones))) == NULL)
		return WAKE_ERR_NOMEM;
	for (i = 0; i <= o->ntz; i++) {
		struct zone *z = &pm->zones[n];

		if (i < o->ntz) {
			spec = o->tz[i];
			if ((eq = strrchr(spec, '=')) != NULL) {
				z->glob = spec;
				z->globlen = (size_t)(eq - spec);
				spec = eq + 1;
			} else if (any)
				return fail(pm, WAKE_ERR_USAGE,
				    "--tz %s: a second zone for every input",
				    spec);
			else
				any = 1;
		} else if (any)
			break;
		else
			spec = "UTC";
		if ((rc = wake_tz_open(spec, &z->tz, &why)) != WAKE_OK)
			return fail(pm, WAKE_ERR_USAGE, "--tz %s: %s", spec,
			    why != NULL ? why : wake_strerror(rc));
		pm->nzones = ++n;
	}
	for (i = 0; i < n; i++) {
		po.tz = pm->zones[i].tz;
		po.year = o->year;
		po.diag = pm_note;
		po.diag_arg = pm;
		po.rules = pm->rules;
		if ((rc = wake_parser_new(&pm->zones[i].p, &po)) != WAKE_OK)
			return fail(pm, rc, "parser: %s", wake_strerror(rc));
	}
	return WAKE_OK;
}

/* The parser for an input: the first glob that matches its name or its
 * base name, else the zone given for every input. */
static struct wake_parser *
parser_for(struct pm *pm, const char *name)
{
	const char *base = strrchr(name, '/');
	struct zone *plain = NULL;
	char glob[256];
	size_t i;

	base = base != NULL ? base + 1 : name;
	for (i = 0; i < pm->nzones; i++) {
		struct zone *z = &pm->zones[i];

		if (z->glob == NULL) {
			plain = z;
			continue;
		}
		if (z->globlen >= sizeof(glob))
			continue;
		memcpy(glob, z->glob, z->globlen);
		glob[z->globlen] = '\0';
		if (fnmatch(glob, name, 0) == 0 || fnmatch(glob, base, 0) == 0)
			return z->p;
	}
	return plain != NULL ? plain->p : pm->zones[0].p;
}

/* The analyses' state, new (again, for a run again). */
static int
setup_analysis(struct pm *pm)
{
	const struct wake_pm_opts *o = pm->o;
	struct wake_detect_opts dop;
	struct wake_timeline_opts top;
	int rc;

	wake_miner_free(pm->miner);
	wake_detect_free(pm->det);
	wake_timeline_free(pm->tl);
	pm->miner = NULL;
	pm->det = NULL;
	pm->tl = NULL;
	if ((rc = wake_miner_new(&pm->miner, NULL)) != WAKE_OK)
		return rc;
	wake_detect_opts_init(&dop);
	if (o->sensitivity != NULL &&
	    wake_detect_sensitivity(&dop, o->sensitivity) != WAKE_OK)
		return fail(pm, WAKE_ERR_USAGE, "unknown sensitivity %s",
		    o->sensitivity);
	dop.quiet = 1;
	dop.diag = pm_diag;
	dop.diag_arg = pm;
	if ((rc = wake_detect_new(&pm->det)) != WAKE_OK)
		return rc;
	if ((rc = wake_detect_setup(pm->det, &dop)) != WAKE_OK)
		return fail(pm, rc, "%s", wake_detect_error(pm->det));
	wake_timeline_opts_init(&top);
	top.incident = o->incident;
	top.start = o->start;
	top.end = o->end;
	top.tz = pm->show;
	top.ntz = pm->nshow;
	top.diag = pm_diag;
	top.diag_arg = pm;
	if ((rc = wake_timeline_new(&pm->tl, &top)) != WAKE_OK)
		return rc;
	return WAKE_OK;
}

static int
setup(struct pm *pm)
{
	const struct wake_pm_opts *o = pm->o;
	const char *why;
	size_t i;
	int rc;

	if (mkdir(o->outdir, 0777) != 0 && errno != EEXIST)
		return fail(pm, WAKE_ERR_IO, "%s: %s", o->outdir,
		    strerror(errno));
	if (!o->no_rules) {
		if ((rc = wake_rules_new(&pm->rules)) != WAKE_OK)
			return rc;
		if (o->nrules == 0)
			rc = wake_rules_load_default(pm->rules);
		for (i = 0; rc == WAKE_OK && i < o->nrules; i++)
			rc = wake_rules_load_file(pm->rules, o->rules[i]);
		if (rc != WAKE_OK)
			return fail(pm, rc, "%s", wake_rules_error(pm->rules));
	}
	if ((rc = setup_zones(pm)) != WAKE_OK)
		return rc;
	if (o->redact && o->redact_key == NULL) {
		unsigned char key[32];

		if ((rc = wake_redact_new(&pm->red)) != WAKE_OK)
			return rc;
		/* Pseudonyms agree within this run only. */
		if (getrandom(key, sizeof(key), 0) != (ssize_t)sizeof(key))
			return fail(pm, WAKE_ERR_IO, "no random key: %s",
			    strerror(errno));
		rc = wake_redact_set_key(pm->red, key, sizeof(key));
		explicit_bzero(key, sizeof(key));
		if (rc != WAKE_OK)
			return fail(pm, rc, "%s", wake_redact_error(pm->red));
	} else if (o->redact_key != NULL) {
		struct wake_buf key = WAKE_BUF_INIT;
		char b[4096];
		ssize_t k;
		int fd;

		if ((rc = wake_redact_new(&pm->red)) != WAKE_OK)
			return rc;
		if ((fd = open(o->redact_key, O_RDONLY | O_CLOEXEC)) < 0)
			return fail(pm, WAKE_ERR_USAGE, "%s: %s",
			    o->redact_key, strerror(errno));
		while ((k = read(fd, b, sizeof(b))) > 0 && key.n < (1 << 20))
			if (wake_buf_put(&key, b, (size_t)k) != WAKE_OK)
				break;
		close(fd);
		rc = wake_redact_set_key(pm->red, key.p, key.n);
		if (key.p != NULL)
			explicit_bzero(key.p, key.n);
		wake_buf_free(&key);
		if (rc != WAKE_OK)
			return fail(pm, rc, "%s: %s", o->redact_key,
			    wake_redact_error(pm->red));
	}
	if (o->ntzshow > 0) {
		if ((pm->show = calloc(o->ntzshow, sizeof(*pm->show))) == NULL)
			return WAKE_ERR_NOMEM;
		for (i = 0; i < o->ntzshow; i++, pm->nshow++)
			if ((rc = wake_tz_open(o->tzshow[i], &pm->show[i],
			    &why)) != WAKE_OK)
				return fail(pm, WAKE_ERR_USAGE, "--show-tz %s: %s",
				    o->tzshow[i], why != NULL ? why :
				    wake_strerror(rc));
	}
	if ((rc = setup_analysis(pm)) != WAKE_OK)
		return rc;
	wake_event_init(&pm->ev);
	wake_event_init(&pm->ev2);
	return WAKE_OK;
}

/* ---- stage 1: inputs to the spool ---- */

static int
spool_write(void *arg, const char *p, size_t n)
{
	struct pm *pm = arg;

	if (write_all(pm->spoolfd, p, n) != 0) {
		pm->spoolerr = errno;
		return WAKE_ERR_IO;
	}
	return WAKE_OK;
}

static int
spool_event(void *arg, const struct wake_event *ev)
{
	struct pm *pm = arg;

	if (ev->ts < pm->last)
		pm->unsorted = 1;
	pm->last = ev->ts;
	return wake_writer_put(pm->w, ev) != WAKE_OK;
}

static int
stage_parse(struct pm *pm)
{
	const struct wake_pm_opts *o = pm->o;
	struct wake_input_opts io = { 0, 1, NULL, NULL };
	struct wake_parse_stats st;
	struct wake_inputs *ins = NULL;
	struct wake_input *in;
	const char *path;
	int rc, wrc;

	if ((path = outpath(pm, ".spool.tsv")) == NULL ||
	    (pm->spool = strdup(path)) == NULL)
		return WAKE_ERR_NOMEM;
	if ((pm->spoolfd = open(pm->spool, O_RDWR | O_CREAT | O_TRUNC |
	    O_CLOEXEC, 0600)) < 0)
		return fail(pm, WAKE_ERR_IO, "%s: %s", pm->spool,
		    strerror(errno));
	if ((rc = wake_writer_new(&pm->w, 0, spool_write, pm, 1)) != WAKE_OK)
		return rc;
	io.diag = pm_diag;
	io.diag_arg = pm;
	if ((rc = wake_inputs_open(&ins, o->inputs, o->ninputs, &io)) !=
	    WAKE_OK)
		return rc;
	wake_inputs_set_bundles(ins, 1);
	pm->last = WAKE_TIME_NONE;
	for (;;) {
		rc = wake_inputs_next(ins, &in);
		if (rc == WAKE_EOF)
			break;
		if (rc != WAKE_OK) {
			diag(pm, wake_inputs_error(ins), 0, NULL);
			pm->bad++;
			continue;
		}
		pm->res->inputs++;
		rc = wake_parser_run(parser_for(pm, wake_input_name(in)), in,
		    spool_event, pm, &st);
		pm->res->lines += st.lines;
		pm->res->events += st.events + st.raw;
		pm->res->raw += st.raw;
		if (rc == WAKE_EOF)
			break;	/* the spool failed: said below */
		if (rc != WAKE_OK) {
			/* The parser's message names the input. */
			diag(pm, wake_parser_error(parser_for(pm,
			    wake_input_name(in))), 0, NULL);
			pm->bad++;
		}
	}
	wake_inputs_free(ins);
	wrc = wake_writer_close(pm->w);
	wake_writer_free(pm->w);
	pm->w = NULL;
	if (pm->spoolerr != 0)
		return fail(pm, WAKE_ERR_IO, "%s: %s", pm->spool,
		    strerror(pm->spoolerr));
	if (wrc != WAKE_OK)
		return fail(pm, wrc, "%s: %s", pm->spool, wake_strerror(wrc));
	if (close(pm->spoolfd) != 0) {
		pm->spoolfd = -1;
		return fail(pm, WAKE_ERR_IO, "%s: %s", pm->spool,
		    strerror(errno));
	}
	pm->spoolfd = -1;
	return WAKE_OK;
}

/* ---- stage 2: in time order, through every analysis ---- */

static int
gz_open(struct pm *pm, const char *name)
{
	struct gzout *g = &pm->gz;
	const char *path;

	if ((path = outpath(pm, name)) == NULL)
		return WAKE_ERR_NOMEM;
	/*
	 * Level 1: the events file is for reading back, and its
	 * compression must keep up with parsing (ISA-L does, several
	 * times over; zlib barely).
	 */
#ifdef WAKE_HAVE_ISAL
	isal_deflate_init(&g->z);
	if ((g->lvl = malloc(ISAL_DEF_LVL1_DEFAULT)) == NULL)
		return WAKE_ERR_NOMEM;
	g->z.level = 1;
	g->z.level_buf = g->lvl;
	g->z.level_buf_size = ISAL_DEF_LVL1_DEFAULT;
	g->z.gzip_flag = IGZIP_GZIP;
#else
	memset(&g->z, 0, sizeof(g->z));
	if (deflateInit2(&g->z, 1, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return WAKE_ERR_NOMEM;
#endif
	g->zok = 1;
	if ((g->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0666)) < 0)
		return fail(pm, WAKE_ERR_IO, "%s: %s", path, strerror(errno));
	return WAKE_OK;
}

/* Compress n bytes of p; with last, end the stream. */
static int
gz_put(struct gzout *g, const char *p, size_t n, int last)
{
	int done;

	g->z.next_in = (unsigned char *)(uintptr_t)p;
	g->z.avail_in = (unsigned)n;
#ifdef WAKE_HAVE_ISAL
	g->z.end_of_stream = last != 0;
#endif
	do {
		g->z.next_out = g->buf;
		g->z.avail_out = sizeof(g->buf);
#ifdef WAKE_HAVE_ISAL
		if (isal_deflate(&g->z) != COMP_OK)
			return WAKE_ERR_IO;
		done = g->z.internal_state.state == ZSTATE_END;
#else
		{
			int zr = deflate(&g->z, last ? Z_FINISH : Z_NO_FLUSH);

			if (zr == Z_STREAM_ERROR)
				return WAKE_ERR_IO;
			done = zr == Z_STREAM_END;
		}
#endif
		if (write_all(g->fd, (char *)g->buf,
		    sizeof(g->buf) - g->z.avail_out) != 0) {
			g->err = errno;
			return WAKE_ERR_IO;
		}
	} while (g->z.avail_out == 0 || g->z.avail_in > 0 ||
	    (last && !done));
	return WAKE_OK;
}

/* The third stage, on w's thread: the timeline, and the event out. */
static int
gz_event(void *arg, const struct wake_event *ev)
{
	struct pm *pm = arg;
	struct wake_buf *b = &pm->gzbuf;
	int rc;

	if ((rc = wake_timeline_add(pm->tl, ev)) < 0 ||
	    (rc = wake_event_write_tsv(ev, b)) != WAKE_OK)
		return rc;
	if (b->n < PM_GZ_CHUNK)
		return WAKE_OK;
	rc = gz_put(&pm->gz, b->p, b->n, 0);
	b->n = 0;
	return rc;
}

static int
gz_close(struct pm *pm)
{
	struct gzout *g = &pm->gz;
	int rc = WAKE_OK;

	if (g->zok) {
		if (g->fd >= 0 && g->err == 0)
			rc = gz_put(g, pm->gzbuf.p, pm->gzbuf.n, 1);
		pm->gzbuf.n = 0;
#ifdef WAKE_HAVE_ISAL
		free(g->lvl);
		g->lvl = NULL;
#else
		deflateEnd(&g->z);
#endif
		g->zok = 0;
	}
	if (g->fd >= 0 && close(g->fd) != 0 && rc == WAKE_OK) {
		g->err = errno;
		rc = WAKE_ERR_IO;
	}
	g->fd = -1;
	return rc;
}

static int
mineable(int kind)
{
	return kind == WAKE_KIND_LOG || kind == WAKE_KIND_RAW ||
	    kind == WAKE_KIND_ALERT || kind == WAKE_KIND_CHANGE;
}

/* A copy of src that borrows its bytes, to add attrs to. */
static int
event_lend(struct wake_event *dst, const struct wake_event *src)
{
	const struct wake_attr *a;
	size_t i;
	int rc;

	wake_event_reset(dst);
	dst->ts = src->ts;
	dst->src = src->src;
	dst->host = src->host;
	dst->sev = src->sev;
	dst->kind = src->kind;
	dst->msg = src->msg;
	for (i = 0; i < src->nattrs; i++) {
		a = &src->attrs[i];
		if ((rc = wake_event_attr_ref(dst, a->key.p, a->key.n,
		    a->val.p, a->val.n)) != WAKE_OK)
			return rc;
	}
	return WAKE_OK;
}

/*
 * The analyses are a pipeline of three threads, each event in time
 * order through all: the caller's (pseudonyms, detection), w1's
 * (templates) and w's (the timeline, formatting, compression).
 */
static int
analyse_event(struct pm *pm, struct wake_event *ev)
{
	int rc;

	if (pm->red != NULL && wake_redact_event(pm->red, ev) < 0)
		return WAKE_ERR_NOMEM;
	if ((rc = wake_detect_add(pm->det, ev)) < 0)
		return rc;
	return wake_writer_put(pm->w1, ev);
}

/* The second stage, on w1's thread. */
static int
mine_event(void *arg, const struct wake_event *ev)
{
	struct pm *pm = arg;
	char id[17];
	uint64_t v;
	int rc;

	if (mineable(ev->kind) && wake_event_attr_get(ev, "tmpl") == NULL) {
		if ((rc = event_lend(&pm->ev2, ev)) != WAKE_OK ||
		    (rc = wake_miner_add_event(pm->miner, ev, &v)) != WAKE_OK)
			return rc;
		wake_tmpl_id_format(v, id);
		if ((rc = wake_event_attr_set(&pm->ev2, "tmpl", id, 16)) !=
		    WAKE_OK)
			return rc;
		ev = &pm->ev2;
	}
	return wake_writer_put(pm->w, ev);
}

/* One event line out of the merge. */
static int
take_line(struct pm *pm, const char *p, size_t n)
{
	struct wake_event *ev = &pm->ev;
	const char *why;

	if (n == 0 || p[0] == '#')
		return WAKE_OK;
	wake_event_reset(ev);
	if (wake_event_read(ev, p, n, &why) != WAKE_OK) {
		/* The spool holds only what the writer wrote. */
		diag(pm, ".spool.tsv", 0, why);
		return WAKE_OK;
	}
	return analyse_event(pm, ev);
}

/* Take the whole lines in the merge's output buffer. */
static int
take_lines(struct pm *pm, int all)
{
	struct wake_buf *b = &pm->mout;
	const char *p = b->p, *end = b->p + b->n, *nl;
	int rc;

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			if (!all)
				break;
			nl = end;
		}
		if ((rc = take_line(pm, p, (size_t)(nl - p))) != WAKE_OK)
			return rc;
		p = nl < end ? nl + 1 : end;
	}
	b->n = (size_t)(end - p);
	memmove(b->p, p, b->n);
	return WAKE_OK;
}

static int
merge_flush(void *arg)
{
	struct pm *pm = arg;

	if ((pm->stop = take_lines(pm, 0)) != WAKE_OK)
		return 1;
	return 0;
}

static int
phase_event(void *arg, const struct wake_event *ev)
{
	struct pm *pm = arg;

	return wake_writer_put(pm->w, ev);
}

/* The pipeline's threads, and events.tsv.gz. */
static int
analyse_open(struct pm *pm)
{
	int rc;

	pm->gz.fd = -1;
	if ((rc = gz_open(pm, "events.tsv.gz")) != WAKE_OK ||
	    (rc = wake_writer_new_pass(&pm->w, gz_event, pm)) != WAKE_OK)
		return rc;
	return wake_writer_new_pass(&pm->w1, mine_event, pm);
}

/* Stop the pipeline at once, its work dropped. */
static void
analyse_drop(struct pm *pm)
{
	wake_writer_free(pm->w1);
	pm->w1 = NULL;
	wake_writer_free(pm->w);
	pm->w = NULL;
	gz_close(pm);
}

/* After the last event (rc WAKE_OK) or a failure (rc): the pipeline
 * drained, the incidents' phase events, and events.tsv.gz closed. */
static int
analyse_close(struct pm *pm, int rc)
{
	const struct wake_incidents *l;
	struct wake_event pev;
	size_t i;
	int wrc, grc;

	wrc = wake_writer_close(pm->w1);
	wake_writer_free(pm->w1);
	pm->w1 = NULL;
	if (rc == WAKE_OK)
		rc = wrc;
	if (rc == WAKE_OK && (rc = wake_detect_finish(pm->det)) == WAKE_EOF)
		rc = WAKE_OK;
	if (rc == WAKE_OK) {
		/* Phase events last: wake-detect writes them as incidents
		 * close, and readers collect them from anywhere. */
		l = wake_detect_incidents(pm->det);
		wake_event_init(&pev);
		for (i = 0; rc == WAKE_OK && i < l->n; i++)
			rc = wake_incident_events(&l->v[i], phase_event, pm,
			    &pev);
		wake_event_free(&pev);
	}
	wrc = wake_writer_close(pm->w);
	wake_writer_free(pm->w);
	pm->w = NULL;
	grc = gz_close(pm);
	if ((rc == WAKE_OK || rc == WAKE_ERR_IO) && pm->gz.err != 0)
		rc = fail(pm, WAKE_ERR_IO, "events.tsv.gz: %s",
		    strerror(pm->gz.err));
	if (rc == WAKE_OK && (wrc != WAKE_OK || grc != WAKE_OK))
		rc = fail(pm, WAKE_ERR_IO, "events.tsv.gz: %s",
		    wake_strerror(wrc != WAKE_OK ? wrc : grc));
	return rc;
}

static int
stage_analyse(struct pm *pm)
{
	const struct wake_pm_opts *o = pm->o;
	struct wake_merge_opts mo = WAKE_MERGE_OPTS_INIT;
	struct wake_merge *m = NULL;
	size_t i;
	int rc;

	if ((rc = analyse_open(pm)) != WAKE_OK)
		return rc;
	mo.sort = pm->unsorted;
	mo.tmpdir = o->outdir;
	mo.out = &pm->mout;
	mo.flush = merge_flush;
	mo.flush_arg = pm;
	mo.diag = pm_diag;
	mo.diag_arg = pm;
	if ((rc = wake_merge_new(&m, &mo)) != WAKE_OK)
		goto out;
	for (i = 0; i < o->nskew; i++)
		if ((rc = wake_merge_add_skew(m, o->skew[i])) != WAKE_OK) {
			rc = fail(pm, rc, "%s", wake_merge_error(m));
			goto out;
		}
	if ((rc = wake_merge_add_path(m, pm->spool)) != WAKE_OK)
		goto out;
	rc = wake_merge_run(m);
	if (rc == WAKE_EOF)
		rc = pm->stop;
	else if (rc != WAKE_OK)
		rc = fail(pm, rc, "merge: %s", wake_merge_error(m));
	else
		rc = take_lines(pm, 1);
out:
	wake_merge_free(m);
	unlink(pm->spool);
	return analyse_close(pm, rc);
}

/* ---- the direct path ---- */

static int
direct_event(void *arg, const struct wake_event *ev)
{
	struct pm *pm = arg;
	int rc;

	if (ev->ts < pm->last) {
		pm->unsorted = 1;
		return 1;
	}
	pm->last = ev->ts;
	if (pm->red != NULL) {
		/* Pseudonyms go into a copy. */
		if ((rc = event_lend(&pm->ev, ev)) == WAKE_OK)
			rc = analyse_event(pm, &pm->ev);
	} else if ((rc = wake_detect_add(pm->det, ev)) >= 0)
		rc = wake_writer_put(pm->w1, ev);
	return (pm->stop = rc < 0 ? rc : WAKE_OK) != WAKE_OK;
}

/*
 * The direct path, when the inputs are one file (not a folder, an
 * archive or standard input) and no clock is corrected: its events go
 * from the parser through the analyses as they come, with no spool,
 * while they come in time order.  *done says whether it took the
 * whole run; when an event goes back in time the analyses are started
 * afresh (the caller takes the general way, saying nothing twice).
 */
static int
stage_direct(struct pm *pm, int *done)
{
	const struct wake_pm_opts *o = pm->o;
	struct wake_input_opts io = { 0, 1, NULL, NULL };
	struct wake_parse_stats st;
	struct wake_inputs *ins = NULL;
	struct wake_input *in;
	int rc;

	*done = 0;
	if (o->ninputs != 1 || o->nskew != 0 || strcmp(o->inputs[0], "-") == 0)
		return WAKE_OK;
	pm->direct = 1;
	io.diag = pm_diag;
	io.diag_arg = pm;
	if ((rc = wake_inputs_open(&ins, o->inputs, o->ninputs, &io)) !=
	    WAKE_OK)
		return rc;
	wake_inputs_set_bundles(ins, 1);
	rc = wake_inputs_next(ins, &in);
	if (rc != WAKE_OK || strcmp(wake_input_name(in), o->inputs[0]) != 0) {
		/* Unreadable (said again the general way), or a folder or
		 * an archive. */
		wake_inputs_free(ins);
		pm->direct = 0;
		pm->replay = 1;
		return WAKE_OK;
	}
	if ((rc = analyse_open(pm)) != WAKE_OK) {
		wake_inputs_free(ins);
		return rc;
	}
	pm->last = WAKE_TIME_NONE;
	pm->res->inputs = 1;
	rc = wake_parser_run(parser_for(pm, wake_input_name(in)), in,
	    direct_event, pm, &st);
	pm->res->lines = st.lines;
	pm->res->events = st.events + st.raw;
	pm->res->raw = st.raw;
	if (rc == WAKE_EOF && pm->unsorted) {
		pm_note(pm, wake_input_name(in), 0,
		    "not in time order: sorted by way of a spool");
		wake_inputs_free(ins);
		analyse_drop(pm);
		pm->saidline = st.lines;
		pm->direct = 0;
		pm->replay = 1;
		pm->unsorted = 0;
		memset(pm->res, 0, sizeof(*pm->res));
		return setup_analysis(pm);
	}
	if (rc == WAKE_EOF)
		rc = pm->stop;
	else if (rc != WAKE_OK) {
		diag(pm, wake_parser_error(parser_for(pm,
		    wake_input_name(in))), 0, NULL);
		rc = WAKE_OK;
	}
	wake_inputs_free(ins);
	*done = 1;
	return analyse_close(pm, rc);
}

/* ---- stage 3: causes, tables and documents ---- */

/* The end of an incident's window: measured recovery, else the
 * declaration, else open. */
static wake_time_t
incident_end(const struct wake_incident *inc)
{
	if (inc->t[WAKE_PHASE_RECOVER] != WAKE_TIME_NONE)
		return inc->t[WAKE_PHASE_RECOVER];
	return inc->t[WAKE_PHASE_RESOLVE];
}

/*
 * A template grows wildcards as it learns, and its id changes with its
 * text: the id an event got when it was mined may be a former one.  The
 * causes count by the final ids.
 */
static int
final_tmpl(struct pm *pm, struct wake_event *ev)
{
	const struct wake_str *v = wake_event_attr_get(ev, "tmpl");
	struct wake_tmpl t;
	uint64_t id;
	char hex[17];

	if (v == NULL || wake_tmpl_id_parse(v->p, v->n, &id) != WAKE_OK ||
	    wake_miner_find(pm->miner, id, &t) != WAKE_OK || t.id == id)
		return WAKE_OK;
	wake_tmpl_id_format(t.id, hex);
	return wake_event_attr_set(ev, "tmpl", hex, 16);
}

static int
stage_causes(struct pm *pm, const struct wake_incidents *l,
    struct wake_cause **cv, size_t ncv)
{
	struct wake_input_opts io = { 0, 1, NULL, NULL };
	struct wake_input *in = NULL;
	struct wake_line line;
	const char *path, *why;
	size_t i;
	int rc;

	for (i = 0; i < ncv; i++) {
		struct wake_cause_opts co = WAKE_CAUSE_OPTS_INIT;

		/* final_tmpl below maps every id to its final form. */
		co.final_ids = 1;

		if (l != NULL) {
			co.start = l->v[i].t[WAKE_PHASE_START];
			co.end = incident_end(&l->v[i]);
			co.incident = l->v[i].id;
		} else {
			co.start = pm->o->start;
			co.end = pm->o->end;
		}
		if ((rc = wake_cause_new(&cv[i], &co)) != WAKE_OK)
			return fail(pm, rc, "cause: %s", wake_strerror(rc));
	}
	if ((path = outpath(pm, "events.tsv.gz")) == NULL)
		return WAKE_ERR_NOMEM;
	if ((rc = wake_input_open_path(&in, path, &io)) != WAKE_OK)
		return fail(pm, WAKE_ERR_IO, "%s: %s", path, wake_strerror(rc));
	while ((rc = wake_input_line(in, &line)) == WAKE_OK) {
		if (line.n == 0 || line.p[0] == '#')
			continue;
		wake_event_reset(&pm->ev);
		if (wake_event_read(&pm->ev, line.p, line.n, &why) != WAKE_OK)
			continue;
		/* The phase events at the end are out of time order; the
		 * windows are set already. */
		if (pm->ev.kind == WAKE_KIND_PHASE)
			continue;
		if ((rc = final_tmpl(pm, &pm->ev)) != WAKE_OK)
			break;
		for (i = 0; i < ncv; i++)
			if ((rc = wake_cause_add(cv[i], &pm->ev)) < 0)
				break;
		if (rc < 0)
			break;
	}
	if (rc == WAKE_EOF)
		rc = WAKE_OK;
	else if (rc != WAKE_OK && in != NULL && wake_input_error(in) != NULL)
		rc = fail(pm, rc, "%s: %s", path, wake_input_error(in));
	wake_input_free(in);
	for (i = 0; rc == WAKE_OK && i < ncv; i++)
		if ((rc = wake_cause_finish(cv[i])) != WAKE_OK)
			rc = fail(pm, rc, "cause: %s",
			    wake_cause_error(cv[i]));
	return rc;
}

static int
stage_write(struct pm *pm, struct wake_buf *summary)
{
	const struct wake_pm_opts *o = pm->o;
	struct wake_incidents all = WAKE_INCIDENTS_INIT;
	const struct wake_incidents *dl = wake_detect_incidents(pm->det);
	struct wake_cause *cv[PM_MAX_CAUSE] = { NULL };
	struct wake_buf b = WAKE_BUF_INIT;
	const struct wake_cause *main_cause = NULL;
	const char *mainid;
	size_t i, ncv;
	char t[25], d[32];
	int rc, window = o->start != WAKE_TIME_NONE;

	/* A copy, sorted by start, as the table is written. */
	for (i = 0; i < dl->n; i++) {
		struct wake_incident *inc = wake_incidents_get(&all,
		    dl->v[i].id, strlen(dl->v[i].id));
		size_t k;

		if (inc == NULL) {
			rc = WAKE_ERR_NOMEM;
			goto out;
		}
		memcpy(inc->t, dl->v[i].t, sizeof(inc->t));
		inc->basis = dl->v[i].basis;
		for (k = 0; k < WAKE_PHASE_COUNT; k++) {
			if (dl->v[i].why[k] != NULL)
				inc->why[k] = strdup(dl->v[i].why[k]);
			if (dl->v[i].ref[k] != NULL)
				inc->ref[k] = strdup(dl->v[i].ref[k]);
		}
		if (dl->v[i].title != NULL)
			inc->title = strdup(dl->v[i].title);
		if (dl->v[i].series != NULL)
			inc->series = strdup(dl->v[i].series);
	}
	wake_incidents_sort(&all);
	pm->res->incidents = all.n;

	b.n = 0;
	if ((rc = wake_incidents_write(&all, &b)) != WAKE_OK ||
	    (rc = write_doc(pm, "incidents.tsv", &b)) != WAKE_OK)
		goto out;
	b.n = 0;
	pm->res->templates = wake_miner_count(pm->miner);
	if ((rc = wake_miner_write_table(pm->miner, &b)) != WAKE_OK ||
	    (rc = write_doc(pm, "templates.tsv", &b)) != WAKE_OK)
		goto out;
	b.n = 0;
	if ((rc = all.n == 0 ? wk_buf_puts(&b, "No incident found.\n") :
	    wake_intervals_write(&all, WAKE_IVF_TEXT, &b)) != WAKE_OK ||
	    (rc = write_doc(pm, "intervals.txt", &b)) != WAKE_OK)
		goto out;

	/* Causes: of the window given, or of each incident with a start. */
	ncv = window ? 1 : 0;
	for (i = 0; !window && i < all.n && ncv < PM_MAX_CAUSE; i++) {
		if (all.v[i].t[WAKE_PHASE_START] == WAKE_TIME_NONE)
			break;
		ncv++;
	}
	if (ncv > 0 && (rc = stage_causes(pm, window ? NULL : &all, cv,
	    ncv)) != WAKE_OK)
		goto out;
	b.n = 0;
	if (ncv == 0)
		rc = wk_buf_puts(&b, "# Root cause candidates\n\nNo incident was "
		    "found, so no cause was searched for.\n");
	for (i = 0; rc == WAKE_OK && i < ncv; i++) {
		if (!window)
			rc = wk_buf_printf(&b, "%s# %s\n\n", i > 0 ? "\n" : "",
			    all.v[i].id);
		if (rc == WAKE_OK)
			rc = wake_cause_write_md(cv[i], &b);
	}
	if (rc != WAKE_OK || (rc = write_doc(pm, "cause.md", &b)) != WAKE_OK)
		goto out;
	/* The same for wake-report --cause and wake-timeline --cause. */
	b.n = 0;
	for (i = 0; rc == WAKE_OK && i < ncv; i++)
		rc = wake_cause_write_json(cv[i], &b);
	if (rc != WAKE_OK || (rc = write_doc(pm, "cause.jsonl", &b)) !=
	    WAKE_OK)
		goto out;

	/* The timeline of the main incident, with its causes. */
	mainid = o->incident;
	if (mainid == NULL && !window && all.n > 0)
		mainid = all.v[0].id;
	for (i = 0; i < ncv; i++)
		if (window || (mainid != NULL &&
		    strcmp(all.v[i].id, mainid) == 0))
			main_cause = cv[i];
	if (main_cause != NULL &&
	    (rc = wake_timeline_cause(pm->tl, main_cause)) != WAKE_OK)
		goto out;
	if (all.n > 0 || window) {
		rc = wake_timeline_finish(pm->tl);
		if (rc == WAKE_ERR_USAGE) {
			rc = fail(pm, rc, "%s", wake_timeline_error(pm->tl));
			goto out;
		}
		if (rc != WAKE_OK)
			goto out;
		b.n = 0;
		if ((rc = wake_timeline_write(pm->tl, WAKE_TL_MD, &b)) !=
		    WAKE_OK || (rc = write_doc(pm, "timeline.md", &b)) !=
		    WAKE_OK)
			goto out;
		b.n = 0;
		if ((rc = wake_timeline_write(pm->tl, WAKE_TL_HTML, &b)) !=
		    WAKE_OK || (rc = write_doc(pm, "timeline.html", &b)) !=
		    WAKE_OK)
			goto out;
	} else {
		b.n = 0;
		if ((rc = wk_buf_puts(&b, "# Timeline\n\nNo incident was found in "
		    "the inputs.\n")) != WAKE_OK ||
		    (rc = write_doc(pm, "timeline.md", &b)) != WAKE_OK)
			goto out;
		b.n = 0;
		if ((rc = wk_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
		    "<meta charset=\"utf-8\"/><title>Timeline</title></head>"
		    "<body><p>No incident was found in the inputs.</p>"
		    "</body></html>\n")) != WAKE_OK ||
		    (rc = write_doc(pm, "timeline.html", &b)) != WAKE_OK)
			goto out;
	}

	/* The summary. */
	rc = wk_buf_printf(summary, "read %llu input%s, %llu lines: %llu events "
	    "(%llu raw), %llu templates\n",
	    (unsigned long long)pm->res->inputs,
	    pm->res->inputs == 1 ? "" : "s",
	    (unsigned long long)pm->res->lines,
	    (unsigned long long)pm->res->events,
	    (unsigned long long)pm->res->raw,
	    (unsigned long long)pm->res->templates);
	if (all.n == 0 && !window)
		rc |= wk_buf_puts(summary, "no incident found\n");
	for (i = 0; i < all.n; i++) {
		const struct wake_incident *inc = &all.v[i];
		size_t k;

		if (inc->t[WAKE_PHASE_START] != WAKE_TIME_NONE)
			wake_time_format(inc->t[WAKE_PHASE_START], t);
		else
			memcpy(t, "-", 2);
		rc |= wk_buf_printf(summary, "%s  %s  %s", inc->id, t,
		    inc->basis == WAKE_INCIDENT_DECLARED ? "declared" :
		    "measured");
		for (k = 0; k < WAKE_IV_COUNT; k++) {
			if (k != WAKE_IV_TTD && k != WAKE_IV_TTA &&
			    k != WAKE_IV_TTM && k != WAKE_IV_TTR)
				continue;
			wake_interval_format(wake_incident_interval(inc,
			    (int)k), d, sizeof(d));
			rc |= wk_buf_printf(summary, "  %s %s",
			    wake_interval_name((int)k), d);
		}
		rc |= wk_buf_puts(summary, "\n");
		if (inc->title != NULL)
			rc |= wk_buf_printf(summary, "  %s\n", inc->title);
		if (!window && i < ncv && wake_cause_count(cv[i]) > 0) {
			const struct wake_cause_cand *c = wake_cause_get(cv[i],
			    0);

			rc |= wk_buf_printf(summary, "  likeliest cause (score %.2f): "
			    "%s\n", c->score, c->summary);
		}
	}
	rc |= wk_buf_printf(summary, "wrote %s/timeline.md\nwrote %s/timeline.html\n"
	    "and events.tsv.gz, incidents.tsv, templates.tsv, cause.md, "
	    "cause.jsonl, intervals.txt in %s\n", o->outdir, o->outdir,
	    o->outdir);
	rc = rc == WAKE_OK ? WAKE_OK : WAKE_ERR_NOMEM;
out:
	for (i = 0; i < PM_MAX_CAUSE; i++)
		wake_cause_free(cv[i]);
	wake_incidents_free(&all);
	wake_buf_free(&b);
	return rc;
}

static void
cleanup(struct pm *pm)
{
	size_t i;

	for (i = 0; i < pm->nzones; i++) {
		wake_parser_free(pm->zones[i].p);
		wake_tz_free(pm->zones[i].tz);
	}
	free(pm->zones);
	for (i = 0; i < pm->nshow; i++)
		wake_tz_free(pm->show[i]);
	free(pm->show);
	wake_rules_free(pm->rules);
	wake_redact_free(pm->red);
	wake_miner_free(pm->miner);
	wake_detect_free(pm->det);
	wake_timeline_free(pm->tl);
	wake_writer_free(pm->w1);
	if (pm->w != NULL) {
		wake_writer_close(pm->w);
		wake_writer_free(pm->w);
	}
	if (pm->spoolfd >= 0)
		close(pm->spoolfd);
	if (pm->spool != NULL) {
		unlink(pm->spool);
		free(pm->spool);
	}
	for (i = 0; i < pm->nsaid; i++)
		free(pm->said[i]);
	wake_event_free(&pm->ev);
	wake_event_free(&pm->ev2);
	wake_buf_free(&pm->gzbuf);
	wake_buf_free(&pm->mout);
	wake_buf_free(&pm->path);
}

int
wake_postmortem_run(const struct wake_pm_opts *o, struct wake_pm_result *res,
    struct wake_buf *summary, char *err, size_t errsz)
{
	struct pm pm;
	struct timespec t0, t1;
	int rc, done = 0;

	memset(&pm, 0, sizeof(pm));
	memset(res, 0, sizeof(*res));
	pm.o = o;
	pm.res = res;
	pm.err = err;
	pm.errsz = errsz;
	pm.spoolfd = -1;
	pm.gz.fd = -1;
	pthread_mutex_init(&pm.saidmu, NULL);
	if (err != NULL && errsz > 0)
		err[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = setup(&pm)) == WAKE_OK &&
	    (rc = stage_direct(&pm, &done)) == WAKE_OK &&
	    (done || ((rc = stage_parse(&pm)) == WAKE_OK &&
	    (rc = stage_analyse(&pm)) == WAKE_OK)))
		rc = stage_write(&pm, summary);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	res->seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (rc != WAKE_OK && err != NULL && errsz > 0 && err[0] == '\0')
		snprintf(err, errsz, "%s", wake_strerror(rc));
	cleanup(&pm);
	pthread_mutex_destroy(&pm.saidmu);
	return rc;
}
