/*
 * wake-mine: mine log templates (Drain) from events or plain lines; add
 * tmpl=ID to log, raw, alert and change events; write the template
 * table; load, save and merge the miner's state.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/event.h>
#include <wake/input.h>
#include <wake/mine.h>

#include "cli.h"

#define STATE_MAX	((size_t)1 << 30)

enum { OPT_RAW = 256, OPT_TEMPLATES, OPT_STATE, OPT_MERGE, OPT_MASK,
	OPT_NOMASK, OPT_SIM, OPT_DEPTH, OPT_MAXCHILD, OPT_MAXTMPL, OPT_NOSRC };

static const struct option longopts[] = {
	{ "depth",	required_argument,	NULL, OPT_DEPTH },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, 'J' },
	{ "mask",	required_argument,	NULL, OPT_MASK },
	{ "max-children", required_argument,	NULL, OPT_MAXCHILD },
	{ "max-templates", required_argument,	NULL, OPT_MAXTMPL },
	{ "merge",	no_argument,		NULL, OPT_MERGE },
	{ "no-mask",	no_argument,		NULL, OPT_NOMASK },
	{ "no-src",	no_argument,		NULL, OPT_NOSRC },
	{ "output",	required_argument,	NULL, 'o' },
	{ "raw",	no_argument,		NULL, OPT_RAW },
	{ "sim",	required_argument,	NULL, OPT_SIM },
	{ "state",	required_argument,	NULL, OPT_STATE },
	{ "templates",	required_argument,	NULL, OPT_TEMPLATES },
	{ "two-pass",	no_argument,		NULL, '2' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

struct mine {
	struct wake_mine_opts o;
	struct wake_miner *m;
	int		 raw;
	int		 json;
	int		 twopass;
	int		 merge;
	const char	*templates;
	const char	*state;
	const char	*output;
	struct wake_event ev;
	uint64_t	 lastv;		/* id of rawid */
	char		 rawid[17];
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [-2hJV] [--raw] [--templates FILE] "
	    "[--state FILE] [--mask LIST | --no-mask]\n"
	    "       [--sim X] [--depth N] [--max-children N] "
	    "[--max-templates N] [--no-src]\n"
	    "       [-o FILE] [FILE...]\n"
	    "       %s --merge [-o FILE] STATE...\n", cli_progname,
	    cli_progname);
	if (f == stdout)
		fputs("Mine log templates; add tmpl=ID to log, raw, alert "
		    "and change events.\n"
		    "  --raw              plain lines in, \"ID<TAB>line\" out\n"
		    "  -2, --two-pass     learn first, then write final ids "
		    "(files only)\n"
		    "  --templates FILE   write the template table\n"
		    "  --state FILE       load (if there) and save the state\n"
		    "  --merge            merge state files into one (-o)\n"
		    "  --mask LIST        ip,mac,uuid,hex,num,time,path,quote,"
		    "kv,all,none\n"
		    "  --no-mask          mask nothing\n"
		    "  --sim X            similarity threshold (0.75)\n"
		    "  --depth N          leading tokens in the tree (2)\n"
		    "  --max-children N   children of a tree node (100)\n"
		    "  --max-templates N  keep at most N (least recently "
		    "used go)\n"
		    "  --no-src           one tree for all sources\n"
		    "  -J                 write events as JSON Lines\n", f);
	exit(f == stdout ? cli_finish(status) : status);
}

static long long
number(const char *s, long long lo, long long hi)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		cli_warn("bad number: %s", s);
		usage(stderr, CLI_FATAL);
	}
	return v;
}

static void
nomem(void)
{
	cli_fatal("out of memory");
}

/* Read a whole file; NULL (and a warning) when it cannot be read.
 * *missing is set when it does not exist. */
static char *
slurp(const char *path, size_t *n, int *missing)
{
	struct wake_buf b = WAKE_BUF_INIT;
	char chunk[65536];
	FILE *f;
	size_t r;

	*missing = 0;
	b.max = STATE_MAX;
	if ((f = fopen(path, "rb")) == NULL) {
		if (errno == ENOENT)
			*missing = 1;
		else
			cli_warn("%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (wake_buf_put(&b, chunk, r) != WAKE_OK) {
			fclose(f);
			cli_fatal("%s: too big or out of memory", path);
		}
	if (ferror(f)) {
		cli_warn("%s: %s", path, strerror(errno));
		fclose(f);
		wake_buf_free(&b);
		return NULL;
	}
	fclose(f);
	if (wake_buf_putc(&b, '\0') != WAKE_OK)
		nomem();
	*n = b.n - 1;
	return b.p;
}

static int
load(struct mine *s, const char *path)
{
	size_t n;
	int missing, rc;
	char *p = slurp(path, &n, &missing);

	if (p == NULL)
		return missing ? WAKE_EOF : WAKE_ERR_IO;
	rc = wake_miner_load(s->m, p, n, path);
	free(p);
	if (rc == WAKE_ERR_NOMEM)
		nomem();
	if (rc != WAKE_OK)
		cli_warn("%s", wake_miner_error(s->m));
	return rc;
}

/* Write buf to path through a temporary file and a rename. */
static void
save_file(const char *path, const struct wake_buf *b)
{
	char tmp[4096];
	FILE *f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		cli_fatal("%s: name too long", path);
	if ((f = fopen(tmp, "wb")) == NULL)
		cli_fatal("%s: %s", tmp, strerror(errno));
	if ((b->n > 0 && fwrite(b->p, 1, b->n, f) != b->n) ||
	    fclose(f) != 0) {
		remove(tmp);
		cli_fatal("%s: %s", tmp, strerror(errno));
	}
	if (rename(tmp, path) != 0)
		cli_fatal("%s: %s", path, strerror(errno));
}

static int
mineable(int kind)
{
	return kind == WAKE_KIND_LOG || kind == WAKE_KIND_RAW ||
	    kind == WAKE_KIND_ALERT || kind == WAKE_KIND_CHANGE;
}

/* Write an event line with tmpl=ID: the input bytes and the attr when
 * they allow it, else the event written again. */
static void
put_event(struct mine *s, const struct wake_line *l, const char *id)
{
	int rc;

	if (!s->json && l->p[0] != '{' &&
	    wake_event_attr_get(&s->ev, "tmpl") == NULL) {
		if (cli_out.n + l->n + 24 > cli_out.cap &&
		    wake_buf_reserve(&cli_out, l->n + 24) != WAKE_OK)
			nomem();
		memcpy(cli_out.p + cli_out.n, l->p, l->n);
		cli_out.n += l->n;
		if (l->p[l->n - 1] != '\t')
			cli_out.p[cli_out.n++] = ' ';
		memcpy(cli_out.p + cli_out.n, "tmpl=", 5);
		memcpy(cli_out.p + cli_out.n + 5, id, 16);
		cli_out.p[cli_out.n + 21] = '\n';
		cli_out.n += 22;
		return;
	}
	if (wake_event_attr_set(&s->ev, "tmpl", id, 16) != WAKE_OK)
		nomem();
	rc = s->json ? wake_event_write_json(&s->ev, &cli_out) :
	    wake_event_write_tsv(&s->ev, &cli_out);
	if (rc != WAKE_OK)
		nomem();
}

static void
put_line(const struct wake_line *l)
{
	if (wake_buf_put(&cli_out, l->p, l->n) != WAKE_OK ||
	    wake_buf_putc(&cli_out, '\n') != WAKE_OK)
		nomem();
}

/* One line of --raw output: "ID<TAB>line". */
static int
raw_line(void *arg, const char *p, size_t n, uint64_t no, uint64_t id)
{
	struct mine *s = arg;

	(void)no;
	if (id != s->lastv || s->rawid[0] == '\0') {
		wake_tmpl_id_format(id, s->rawid);
		s->lastv = id;
	}
	if (cli_out.n + n + 18 > cli_out.cap &&
	    wake_buf_reserve(&cli_out, n + 18) != WAKE_OK)
		nomem();
	memcpy(cli_out.p + cli_out.n, s->rawid, 16);
	cli_out.p[cli_out.n + 16] = '\t';
	if (n > 0)
		memcpy(cli_out.p + cli_out.n + 17, p, n);
	cli_out.n += 17 + n;
	cli_out.p[cli_out.n++] = '\n';
	cli_flush_maybe();
	return 0;
}

/*
 * One input.  pass 0: learn and write (one pass); 1: learn only;
 * 2: match and write.
 */
static void
run_input(struct mine *s, struct wake_input *in, int pass)
{
	const char *name = wake_input_name(in), *why;
	struct wake_line l;
	char id[17];
	uint64_t v;
	int rc;

	if (s->raw && pass != 2) {
		/* learning plain lines: cut on a second thread */
		rc = wake_miner_add_lines(s->m, in, pass == 0 ? raw_line :
		    NULL, s);
		if (rc == WAKE_ERR_NOMEM)
			nomem();
		if (rc != WAKE_OK)
			cli_warn("%s", wake_input_error(in));
		return;
	}
	while ((rc = wake_input_line(in, &l)) == WAKE_OK) {
		if (s->raw) {
			/* the second pass over plain lines */
			rc = wake_miner_match(s->m, "", 0, l.p, l.n, &v);
			if (rc == WAKE_ERR_NOMEM)
				nomem();
			if (rc == WAKE_OK)
				raw_line(s, l.p, l.n, l.no, v);
			else {
				put_line(&l);	/* never: it was mined */
				cli_flush_maybe();
			}
			continue;
		}
		if (l.n == 0)
			continue;
		if (l.p[0] == '#') {
			if (pass != 1)
				put_line(&l);
			continue;
		}
		wake_event_reset(&s->ev);
		if (wake_event_read(&s->ev, l.p, l.n, &why) != WAKE_OK) {
			if (pass != 2)
				cli_diag(NULL, name, (unsigned long)l.no, why);
			continue;
		}
		if (!mineable(s->ev.kind)) {
			if (pass == 1)
				continue;
			if (s->json || l.p[0] == '{') {
				if ((s->json ? wake_event_write_json(&s->ev,
				    &cli_out) : wake_event_write_tsv(&s->ev,
				    &cli_out)) != WAKE_OK)
					nomem();
			} else
				put_line(&l);
			cli_flush_maybe();
			continue;
		}
		if (pass == 2)
			rc = wake_miner_match(s->m, s->ev.src.p, s->ev.src.n,
			    s->ev.msg.p, s->ev.msg.n, &v);
		else
			rc = wake_miner_add_event(s->m, &s->ev, &v);
		if (rc == WAKE_ERR_NOMEM)
			nomem();
		if (pass == 1)
			continue;
		if (rc != WAKE_OK) {
			put_line(&l);
			continue;
		}
		wake_tmpl_id_format(v, id);
		put_event(s, &l, id);
		cli_flush_maybe();
	}
	if (rc != WAKE_EOF)
		cli_warn("%s", wake_input_error(in));
}

static void
run(struct mine *s, char **paths, int n, int pass)
{
	static const char *const dash[] = { "-" };
	struct wake_input_opts io = { .diag = cli_diag };
	struct wake_inputs *ip;
	struct wake_input *in;
	int rc;

	if (wake_inputs_open(&ip, n > 0 ? (const char *const *)paths : dash,
	    n > 0 ? (size_t)n : 1, &io) != WAKE_OK)
		nomem();
	while ((rc = wake_inputs_next(ip, &in)) != WAKE_EOF) {
		if (rc != WAKE_OK) {
			if (pass != 2)
				cli_warn("%s", wake_inputs_error(ip));
			continue;
		}
		run_input(s, in, pass);
	}
	wake_inputs_free(ip);
}

static void
finish(struct mine *s)
{
	struct wake_buf b = WAKE_BUF_INIT;

	if (s->templates != NULL) {
		if (wake_miner_write_table(s->m, &b) != WAKE_OK)
			nomem();
		if (strcmp(s->templates, "-") == 0) {
			if (wake_buf_put(&cli_out, b.p, b.n) != WAKE_OK)
				nomem();
		} else
			save_file(s->templates, &b);
		b.n = 0;
	}
	if (s->state != NULL) {
		if (wake_miner_canon(s->m) != WAKE_OK ||
		    wake_miner_save(s->m, &b) != WAKE_OK)
			nomem();
		save_file(s->state, &b);
	}
	wake_buf_free(&b);
}

static void
merge(struct mine *s, char **paths, int n)
{
	struct wake_buf b = WAKE_BUF_INIT;
	int i;

	if (n == 0)
		usage(stderr, CLI_FATAL);
	for (i = 0; i < n; i++)
		if (load(s, paths[i]) == WAKE_EOF)
			cli_warn("%s: %s", paths[i], strerror(ENOENT));
	if (wake_miner_canon(s->m) != WAKE_OK ||
	    wake_miner_save(s->m, &b) != WAKE_OK ||
	    wake_buf_put(&cli_out, b.p, b.n) != WAKE_OK)
		nomem();
	wake_buf_free(&b);
}

int
main(int argc, char *argv[])
{
	static const struct wake_mine_opts def = WAKE_MINE_OPTS_INIT;
	struct mine s;
	int ch, rc, i;

	memset(&s, 0, sizeof(s));
	s.o = def;
	cli_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "2hJo:V", longopts, NULL)) != -1)
		switch (ch) {
		case '2':
			s.twopass = 1;
			break;
		case 'h':
			usage(stdout, CLI_OK);
		case 'J':
			s.json = 1;
			break;
		case 'o':
			s.output = optarg;
			break;
		case 'V':
			cli_version();
		case OPT_RAW:
			s.raw = 1;
			break;
		case OPT_TEMPLATES:
			s.templates = optarg;
			break;
		case OPT_STATE:
			s.state = optarg;
			break;
		case OPT_MERGE:
			s.merge = 1;
			break;
		case OPT_MASK:
			if (wake_mine_masks_parse(optarg, &s.o.masks) !=
			    WAKE_OK) {
				cli_warn("bad --mask: %s", optarg);
				usage(stderr, CLI_FATAL);
			}
			break;
		case OPT_NOMASK:
			s.o.masks = 0;
			break;
		case OPT_SIM: {
			char *end;

			errno = 0;
			s.o.sim = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    !(s.o.sim > 0 && s.o.sim <= 1)) {
				cli_warn("bad --sim: %s", optarg);
				usage(stderr, CLI_FATAL);
			}
			break;
		}
		case OPT_DEPTH:
			s.o.depth = (int)number(optarg, 0, 8);
			break;
		case OPT_MAXCHILD:
			s.o.max_children = (int)number(optarg, 2, 1000000);
			break;
		case OPT_MAXTMPL:
			s.o.max_templates = (size_t)number(optarg, 1,
			    1000000000);
			break;
		case OPT_NOSRC:
			s.o.by_src = 0;
			break;
		default:
			usage(stderr, CLI_FATAL);
		}
	argc -= optind;
	argv += optind;
	if (s.raw)
		s.o.by_src = 0;
	if ((rc = wake_miner_new(&s.m, &s.o)) != WAKE_OK)
		cli_fatal("%s", wake_strerror(rc));
	for (i = 0; s.twopass && i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			cli_fatal("--two-pass reads its inputs twice: "
			    "not stdin");
	if (s.twopass && argc == 0)
		cli_fatal("--two-pass reads its inputs twice: not stdin");
	cli_output(s.output);
	wake_event_init(&s.ev);
	if (s.merge)
		merge(&s, argv, argc);
	else {
		if (s.state != NULL && (rc = load(&s, s.state)) != WAKE_OK &&
		    rc != WAKE_EOF)
			cli_fatal("cannot use --state %s", s.state);
		if (s.twopass) {
			run(&s, argv, argc, 1);
			run(&s, argv, argc, 2);
		} else
			run(&s, argv, argc, 0);
		finish(&s);
	}
	wake_event_free(&s.ev);
	wake_miner_free(s.m);
	return cli_finish(CLI_OK);
}
