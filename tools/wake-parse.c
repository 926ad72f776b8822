/*
 * wake-parse: raw logs in, events out (wake-parse(1)).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <wake/event.h>
#include <wake/input.h>
#include <wake/parse.h>
#include <wake/rules.h>
#include <wake/time.h>
#include <wake/writer.h>

#include "cli.h"

#define EXPLAIN_LINES	10

struct state {
	struct wake_parse_opts	 po;
	struct wake_parser	*p;
	struct wake_writer	*w;		/* events to stdout */
	int			 werr;		/* its error, once seen */
	int			 werrno;	/* errno of a failed write */
	struct wake_tz		*tz;
	const char		*tzname;
	const char		*since;
	const char		*until;
	const char		**ffiles;	/* --format-file, in order */
	size_t			 nffiles;
	const char		**maps;		/* --map, in order */
	size_t			 nmaps;
	const char		**sets;		/* --set, in order */
	size_t			 nsets;
	const char		**rfiles;	/* --rules, in order */
	size_t			 nrfiles;
	int			 norules;	/* -R */
	struct wake_rules	*rules;
	const char		*rejects;
	FILE			*rejf;
	size_t			 max_line;
	int			 json;
	int			 stats;
	int			 explain;
	int			 list;
	/* progress line */
	int			 progress;
	int			 shown;
	unsigned		 tick;
	struct wake_input	*in;
	uint64_t		 done;		/* bytes of finished inputs */
	struct timespec		 t0;
	struct timespec		 last;
	/* --stats over all inputs */
	struct wake_parse_stats	 total;
	size_t			 ninputs;
};

enum {
	OPT_FORMAT_FILE = 256, OPT_TZ, OPT_YEAR, OPT_SINCE, OPT_UNTIL,
	OPT_MAX_LINE, OPT_STATS, OPT_REJECTS, OPT_NO_ORIGIN, OPT_EXPLAIN,
	OPT_LIST, OPT_MAP, OPT_SET, OPT_RULES
};

static const struct option longopts[] = {
	{ "format",		required_argument, NULL, 'f' },
	{ "format-file",	required_argument, NULL, OPT_FORMAT_FILE },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "json",		no_argument,	   NULL, 'J' },
	{ "output",		required_argument, NULL, 'o' },
	{ "source",		required_argument, NULL, 's' },
	{ "tz",			required_argument, NULL, OPT_TZ },
	{ "year",		required_argument, NULL, OPT_YEAR },
	{ "since",		required_argument, NULL, OPT_SINCE },
	{ "until",		required_argument, NULL, OPT_UNTIL },
	{ "max-line",		required_argument, NULL, OPT_MAX_LINE },
	{ "stats",		no_argument,	   NULL, OPT_STATS },
	{ "rejects",		required_argument, NULL, OPT_REJECTS },
	{ "no-origin",		no_argument,	   NULL, OPT_NO_ORIGIN },
	{ "explain-format",	no_argument,	   NULL, OPT_EXPLAIN },
	{ "list-formats",	no_argument,	   NULL, OPT_LIST },
	{ "map",		required_argument, NULL, OPT_MAP },
	{ "set",		required_argument, NULL, OPT_SET },
	{ "rules",		required_argument, NULL, OPT_RULES },
	{ "no-rules",		no_argument,	   NULL, 'R' },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ NULL,			0,		   NULL, 0 }
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fputs("usage: wake-parse [-hJRvV] [-f FORMAT] [--format-file FILE]... "
	    "[-s SOURCE]\n"
	    "                  [--tz ZONE] [--year YEAR] [--since TIME] "
	    "[--until TIME]\n"
	    "                  [--max-line BYTES] [--stats] [--rejects FILE] "
	    "[--no-origin]\n"
	    "                  [--explain-format] [--list-formats] "
	    "[--map KEY=COLUMN,...]\n"
	    "                  [--set KEY=VALUE,...] [--rules FILE]... "
	    "[-o FILE] [FILE...]\n", f);
	if (f == stdout)
		fputs("Turn raw logs (files, directories, archives, .gz; none "
		    "or '-': stdin)\ninto wake events, one per line.  See "
		    "wake-parse(1).\n", f);
	exit(f == stdout ? cli_finish(status) : status);
}

/* ---- progress, on a terminal only ---- */

static double
since_ts(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
progress_clear(struct state *s)
{
	if (s->shown) {
		fputs("\r\033[K", stderr);
		s->shown = 0;
	}
}

static void
progress(struct state *s)
{
	struct timespec now;
	int64_t size, off;
	double secs, mb;

	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = since_ts(&s->t0, &now);
	if (secs < 1.0 || since_ts(&s->last, &now) < 0.25)
		return;
	s->last = now;
	size = wake_input_size(s->in);
	off = wake_input_offset(s->in);
	mb = (double)(s->done + (uint64_t)wake_input_bytes(s->in)) / 1e6;
	if (size > 0)
		fprintf(stderr, "\r%s: %s: %.0f%% of %.1f MB, %.0f MB/s\033[K",
		    cli_progname, wake_input_name(s->in),
		    100.0 * (double)off / (double)size, (double)size / 1e6,
		    mb / secs);
	else
		fprintf(stderr, "\r%s: %s: %.1f MB, %.0f MB/s\033[K",
		    cli_progname, wake_input_name(s->in), mb, mb / secs);
	s->shown = 1;
}

/* ---- output ---- */

/* The writer's output; on the writer thread when there is one. */
static int
out_stdout(void *arg, const char *p, size_t n)
{
	struct state *s = arg;

	if (fwrite(p, 1, n, stdout) != n) {
		s->werrno = errno;
		return WAKE_ERR_IO;
	}
	return WAKE_OK;
}

/* A closed pipe ends quietly (SIGPIPE ignored); other errors exit 2. */
static void __attribute__((noreturn))
write_failed(struct state *s, int rc)
{
	wake_writer_free(s->w);
	s->w = NULL;
	if (rc != WAKE_ERR_IO)
		cli_fatal("%s", wake_strerror(rc));
	if (s->werrno == EPIPE)
		exit(CLI_OK);
	cli_fatal("write error: %s", strerror(s->werrno));
}

/* CPUs we may run on: those online, or fewer under taskset(1). */
static long
ncpus(void)
{
#ifdef CPU_COUNT
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set);
#endif
	return sysconf(_SC_NPROCESSORS_ONLN);
}

/*
 * Formatting and writing take a good part of the time, so with two or
 * more CPUs they run on a thread of their own, for every kind of input.
 * Measured on 1 GB of syslog (plain and .gz, where the input has its
 * own inflating thread): the thread gains 10-40% writing to a pipe or
 * a file; .gz to /dev/null, three busy threads on two CPUs, comes out
 * even (within +-10%).  On one CPU it would lose 10%.
 */
static void
writer_open(struct state *s)
{
	int rc;

	rc = wake_writer_new(&s->w, s->json, out_stdout, s, ncpus() >= 2);
	if (rc != WAKE_OK)
		cli_fatal("%s", wake_strerror(rc));
}

/* ---- callbacks ---- */

static int
on_event(void *arg, const struct wake_event *ev)
{
	struct state *s = arg;
	int rc;

	if ((rc = wake_writer_put(s->w, ev)) != WAKE_OK) {
		s->werr = rc;
		return 1;
	}
	if (s->progress && (++s->tick & 1023) == 0)
		progress(s);
	return 0;
}

static int
on_reject(void *arg, const char *origin, uint64_t line, const char *p,
    size_t n)
{
	struct state *s = arg;

	fprintf(s->rejf, "%s:%llu\t", origin, (unsigned long long)line);
	fwrite(p, 1, n, s->rejf);
	putc('\n', s->rejf);
	if (s->progress && (++s->tick & 1023) == 0)
		progress(s);
	return 0;
}

/* Notes of the parser (format not recognised, ...): -v only. */
static void
on_note(void *arg, const char *origin, unsigned long line,
    const char *reason)
{
	struct state *s = arg;

	if (!cli_verbose)
		return;
	progress_clear(s);
	if (line > 0)
		cli_info("%s:%lu: %s", origin, line, reason);
	else
		cli_info("%s: %s", origin, reason);
}

/* Unreadable archive members and the like: bad input. */
static void
on_input_diag(void *arg, const char *origin, unsigned long line,
    const char *reason)
{
	progress_clear(arg);
	cli_diag(NULL, origin, line, reason);
}

/* ---- options ---- */

static uint64_t
number(const char *opt, const char *arg, uint64_t lo, uint64_t hi)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (end != arg && (*end == 'k' || *end == 'K') && v <= hi / 1024) {
		v *= 1024;
		end++;
	} else if (end != arg && (*end == 'm' || *end == 'M') &&
	    v <= hi / (1024 * 1024)) {
		v *= 1024 * 1024;
		end++;
	}
	if (end == arg || *end != '\0' || errno != 0 || *arg == '-' ||
	    v < lo || v > hi) {
		fprintf(stderr, "%s: %s: bad value '%s' (%llu to %llu)\n",
		    cli_progname, opt, arg, (unsigned long long)lo,
		    (unsigned long long)hi);
		exit(CLI_FATAL);
	}
	return v;
}

static void
check_source(const char *src)
{
	const char *q;

	for (q = src; *q != '\0'; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		    (*q >= '0' && *q <= '9') || *q == '.' || *q == '_' ||
		    *q == '-'))
			break;
	if (*src == '\0' || *q != '\0' || strlen(src) > 100) {
		fprintf(stderr, "%s: -s: bad source label '%s' "
		    "(A-Z a-z 0-9 . _ -)\n", cli_progname, src);
		exit(CLI_FATAL);
	}
}

/*
 * --map KEY=COLUMN,... and --set KEY=VALUE,... (a kind and a sev set
 * must be ones wake knows): checked, then added to *v for the parser.
 */
static int
assign_ok(const char *p, const char *comma, int set)
{
	const char *eq = memchr(p, '=', (size_t)(comma - p)), *end;

	if (eq == NULL)
		return 0;
	for (end = eq; end > p && end[-1] == ' '; end--)
		;
	while (p < end && *p == ' ')
		p++;
	if (end == p || (!set && eq + 1 == comma))
		return 0;
	if (set && end - p == 4 && strncmp(p, "kind", 4) == 0)
		return wake_kind_parse(eq + 1, (size_t)(comma - eq - 1)) >= 0;
	if (set && end - p == 3 && strncmp(p, "sev", 3) == 0)
		return wake_sev_parse(eq + 1, (size_t)(comma - eq - 1)) >=
		    WAKE_SEV_NONE;
	return 1;
}

static void
add_assign(const char *opt, const char *arg, const char ***v, size_t *n)
{
	const char *p, *comma, **nv;
	int set = strcmp(opt, "--set") == 0;

	for (p = arg;; p = comma + 1) {
		if ((comma = strchr(p, ',')) == NULL)
			comma = p + strlen(p);
		if (!assign_ok(p, comma, set)) {
			fprintf(stderr, "%s: %s: bad '%s' (%s)\n", cli_progname,
			    opt, arg, set ? "KEY=VALUE,...; kind and sev as "
			    "in wake(7)" : "KEY=COLUMN,...");
			exit(CLI_FATAL);
		}
		if (*comma == '\0')
			break;
	}
	if ((nv = reallocarray(*v, *n + 1, sizeof(*nv))) == NULL)
		cli_fatal("out of memory");
	*v = nv;
	nv[(*n)++] = arg;
}

static void
option(struct state *s, int ch, const char *arg)
{
	const char **nf;

	switch (ch) {
	case 'f':
		s->po.format = arg;
		break;
	case OPT_FORMAT_FILE:
		nf = reallocarray(s->ffiles, s->nffiles + 1, sizeof(*nf));
		if (nf == NULL)
			cli_fatal("out of memory");
		s->ffiles = nf;
		s->ffiles[s->nffiles++] = arg;
		break;
	case 'J':
		s->json = 1;
		break;
	case 'o':
		cli_output(arg);
		break;
	case 's':
		check_source(arg);
		s->po.source = arg;
		break;
	case OPT_TZ:
		s->tzname = arg;
		break;
	case OPT_YEAR:
		s->po.year = (int)number("--year", arg, 1, 9999);
		break;
	case OPT_SINCE:
		s->since = arg;
		break;
	case OPT_UNTIL:
		s->until = arg;
		break;
	case OPT_MAX_LINE:
		s->max_line = number("--max-line", arg, 16, 1u << 30);
		break;
	case OPT_STATS:
		s->stats = 1;
		break;
	case OPT_REJECTS:
		s->rejects = arg;
		break;
	case OPT_NO_ORIGIN:
		s->po.no_origin = 1;
		break;
	case OPT_EXPLAIN:
		s->explain = 1;
		break;
	case OPT_LIST:
		s->list = 1;
		break;
	case OPT_MAP:
		add_assign("--map", arg, &s->maps, &s->nmaps);
		s->po.map = s->maps;
		s->po.nmap = s->nmaps;
		break;
	case OPT_SET:
		add_assign("--set", arg, &s->sets, &s->nsets);
		s->po.set = s->sets;
		s->po.nset = s->nsets;
		break;
	case OPT_RULES:
		nf = reallocarray(s->rfiles, s->nrfiles + 1, sizeof(*nf));
		if (nf == NULL)
			cli_fatal("out of memory");
		s->rfiles = nf;
		s->rfiles[s->nrfiles++] = arg;
		break;
	case 'R':
		s->norules = 1;
		break;
	case 'v':
		cli_verbose = 1;
		break;
	case 'V':
		cli_version();
	case 'h':
		usage(stdout, CLI_OK);
	default:
		usage(stderr, CLI_FATAL);
	}
}

static wake_time_t
time_arg(struct state *s, const char *opt, const char *arg)
{
	struct timespec now;
	wake_time_t ts;
	int rel = 0;

	if (arg == NULL)
		return WAKE_TIME_NONE;
	if (wake_time_parse_arg(arg, s->tz, &ts, &rel) != WAKE_OK)
		cli_fatal("%s: bad time '%s' (RFC 3339, 'YYYY-MM-DD HH:MM', "
		    "@EPOCH or -2h)", opt, arg);
	if (rel) {
		clock_gettime(CLOCK_REALTIME, &now);
		ts += (wake_time_t)now.tv_sec * 1000000000 + now.tv_nsec;
	}
	return ts;
}

/* The rules: --rules FILE... in order, else the built-in ones; -R none. */
static void
setup_rules(struct state *s)
{
	size_t i;
	int rc;

	if (s->norules || s->list)
		return;
	if ((rc = wake_rules_new(&s->rules)) != WAKE_OK)
		cli_fatal("%s", wake_strerror(rc));
	for (i = 0; i < s->nrfiles; i++)
		if (wake_rules_load_file(s->rules, s->rfiles[i]) != WAKE_OK)
			cli_fatal("%s", wake_rules_error(s->rules));
	if (s->nrfiles == 0 && wake_rules_load_default(s->rules) != WAKE_OK)
		cli_fatal("%s", wake_rules_error(s->rules));
	s->po.rules = s->rules;
}

/* Zone, window, parser, format files: everything before the inputs. */
static void
setup(struct state *s)
{
	const char *why = NULL, *name, *desc;
	size_t i;
	int rc;

	if (wake_tz_open(s->tzname, &s->tz, &why) != WAKE_OK)
		cli_fatal("--tz: %s: %s", s->tzname != NULL ? s->tzname : "",
		    why != NULL ? why : "unknown zone");
	s->po.tz = s->tz;
	s->po.since = time_arg(s, "--since", s->since);
	s->po.until = time_arg(s, "--until", s->until);
	s->po.max_line = s->max_line;
	s->po.diag = on_note;
	s->po.diag_arg = s;
	if (s->rejects != NULL && !s->list) {
		if ((s->rejf = fopen(s->rejects, "w")) == NULL)
			cli_fatal("%s: %s", s->rejects, strerror(errno));
		s->po.reject = on_reject;
		s->po.reject_arg = s;
	}
	setup_rules(s);
	if ((rc = wake_parser_new(&s->p, &s->po)) != WAKE_OK)
		cli_fatal("%s", wake_strerror(rc));
	for (i = 0; i < s->nffiles; i++)
		if (wake_parser_add_formats(s->p, s->ffiles[i]) != WAKE_OK)
			cli_fatal("%s", wake_parser_error(s->p));
	if (s->list) {
		for (i = 0; wake_parser_format_info(s->p, i, &name, &desc) ==
		    WAKE_OK; i++)
			printf("%-10s %s\n", name, desc);
		return;
	}
	if (s->po.format != NULL &&
	    !wake_parser_has_format(s->p, s->po.format))
		cli_fatal("unknown format '%s' (see --list-formats)",
		    s->po.format);
	/* Not over events shown on the same terminal. */
	s->progress = !cli_verbose && isatty(STDERR_FILENO) &&
	    !isatty(STDOUT_FILENO);
}

/* ---- inputs ---- */

static void
print_stats(const char *name, const struct wake_parse_stats *st,
    const char *extra)
{
	cli_info("stats: %s: %s lines=%llu events=%llu folded=%llu raw=%llu "
	    "rejected=%llu skipped=%llu filtered=%llu truncated=%llu "
	    "bytes=%llu seconds=%.3f", name, extra,
	    (unsigned long long)st->lines, (unsigned long long)st->events,
	    (unsigned long long)st->folded, (unsigned long long)st->raw,
	    (unsigned long long)st->rejected, (unsigned long long)st->skipped,
	    (unsigned long long)st->filtered,
	    (unsigned long long)st->truncated, (unsigned long long)st->bytes,
	    st->seconds);
}

static void
add_stats(struct wake_parse_stats *t, const struct wake_parse_stats *st)
{
	t->lines += st->lines;
	t->events += st->events;
	t->folded += st->folded;
	t->raw += st->raw;
	t->rejected += st->rejected;
	t->skipped += st->skipped;
	t->filtered += st->filtered;
	t->truncated += st->truncated;
	t->bytes += st->bytes;
	t->seconds += st->seconds;
}

static void
one_input(struct state *s, struct wake_input *in)
{
	struct wake_parse_stats st;
	char fmt[80];
	int rc;

	s->in = in;
	if (s->explain) {
		rc = wake_parser_explain(s->p, in, EXPLAIN_LINES, &cli_out);
		if (rc < 0 && rc != WAKE_ERR_NOMEM)
			cli_warn("%s", wake_parser_error(s->p));
		else if (rc < 0)
			cli_fatal("%s", wake_strerror(rc));
		cli_flush();
		return;
	}
	rc = wake_parser_run(s->p, in, on_event, s, &st);
	s->done += st.bytes;
	progress_clear(s);
	if (s->werr != WAKE_OK)
		write_failed(s, s->werr);
	if (rc == WAKE_ERR_NOMEM)
		cli_fatal("%s", wake_parser_error(s->p));
	if (rc < 0)
		cli_warn("%s", wake_parser_error(s->p));
	/* Cut lines lose data: said once per input, and exit 1. */
	if (st.truncated > 0)
		cli_warn("%s:%llu: line longer than --max-line (%zu bytes), "
		    "cut; %llu such line%s, see truncated= attrs",
		    strcmp(wake_input_name(in), "-") == 0 ? "stdin" :
		    wake_input_name(in),
		    (unsigned long long)st.first_truncated,
		    s->max_line > 0 ? s->max_line : (size_t)1 << 20,
		    (unsigned long long)st.truncated,
		    st.truncated == 1 ? "" : "s");
	if (s->stats) {
		/* The data of this input first, when both go to one place. */
		if ((rc = wake_writer_flush(s->w)) != WAKE_OK)
			write_failed(s, rc);
		cli_flush();
		snprintf(fmt, sizeof(fmt), "format=%s", st.format);
		print_stats(strcmp(wake_input_name(in), "-") == 0 ? "stdin" :
		    wake_input_name(in), &st, fmt);
		add_stats(&s->total, &st);
		s->ninputs++;
	}
}

static int
parse_inputs(struct state *s, int argc, char *argv[])
{
	static const char *const stdin_only[] = { "-" };
	struct wake_input_opts io = { 0, 1, on_input_diag, NULL };
	struct wake_inputs *ip;
	struct wake_input *in;
	char n[32];
	int rc;

	if (s->list)
		return CLI_OK;
	io.max_line = s->max_line;
	io.diag_arg = s;
	if (!s->explain)
		writer_open(s);
	clock_gettime(CLOCK_MONOTONIC, &s->t0);
	if (wake_inputs_open(&ip, argc > 0 ? (const char *const *)argv :
	    stdin_only, argc > 0 ? (size_t)argc : 1, &io) != WAKE_OK)
		cli_fatal("out of memory");
	wake_inputs_set_bundles(ip, 1);	/* Slack exports: read whole */
	while ((rc = wake_inputs_next(ip, &in)) != WAKE_EOF) {
		if (rc == WAKE_ERR_NOMEM)
			cli_fatal("%s", wake_strerror(rc));
		if (rc < 0) {
			progress_clear(s);
			cli_warn("%s", wake_inputs_error(ip));
			continue;
		}
		one_input(s, in);
	}
	wake_inputs_free(ip);
	if (s->w != NULL && (rc = wake_writer_close(s->w)) != WAKE_OK)
		write_failed(s, rc);
	wake_writer_free(s->w);
	s->w = NULL;
	if (s->stats && s->ninputs > 1) {
		snprintf(n, sizeof(n), "inputs=%zu", s->ninputs);
		print_stats("total", &s->total, n);
	}
	if (s->rejf != NULL && (ferror(s->rejf) | fclose(s->rejf)) != 0)
		cli_fatal("%s: write error", s->rejects);
	s->rejf = NULL;
	return CLI_OK;
}

int
main(int argc, char *argv[])
{
	struct state s;
	int ch, status;

	memset(&s, 0, sizeof(s));
	s.po = (struct wake_parse_opts)WAKE_PARSE_OPTS_INIT;
	cli_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "f:hJo:Rs:vV", longopts, NULL)) !=
	    -1)
		option(&s, ch, optarg);
	argc -= optind;
	argv += optind;
	setup(&s);
	status = parse_inputs(&s, argc, argv);
	wake_parser_free(s.p);
	wake_tz_free(s.tz);
	free(s.ffiles);
	free(s.maps);
	free(s.sets);
	wake_rules_free(s.rules);
	free(s.rfiles);
	return cli_finish(status);
}
