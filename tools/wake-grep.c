/*
 * wake-grep: select events by time window, fields, attrs and PCRE2
 * patterns on msg.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <wake/filter.h>
#include <wake/input.h>
#include <wake/time.h>

#include "cli.h"

enum { OPT_SINCE = 256, OPT_UNTIL, OPT_AROUND, OPT_WINDOW, OPT_SRC,
	OPT_HOST, OPT_SEV, OPT_KIND, OPT_ATTR, OPT_TZ };

static const struct option longopts[] = {
	{ "around",	required_argument,	NULL, OPT_AROUND },
	{ "attr",	required_argument,	NULL, OPT_ATTR },
	{ "count",	no_argument,		NULL, 'c' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "host",	required_argument,	NULL, OPT_HOST },
	{ "ignore-case", no_argument,		NULL, 'i' },
	{ "invert-match", no_argument,		NULL, 'v' },
	{ "json",	no_argument,		NULL, 'J' },
	{ "kind",	required_argument,	NULL, OPT_KIND },
	{ "output",	required_argument,	NULL, 'o' },
	{ "regexp",	required_argument,	NULL, 'e' },
	{ "sev",	required_argument,	NULL, OPT_SEV },
	{ "since",	required_argument,	NULL, OPT_SINCE },
	{ "src",	required_argument,	NULL, OPT_SRC },
	{ "tz",		required_argument,	NULL, OPT_TZ },
	{ "until",	required_argument,	NULL, OPT_UNTIL },
	{ "version",	no_argument,		NULL, 'V' },
	{ "window",	required_argument,	NULL, OPT_WINDOW },
	{ NULL,		0,			NULL, 0 }
};

struct grep {
	struct wake_filter *f;
	struct wake_tz	*tz;
	const char	*tzname;
	const char	*times[3];	/* WAKE_FILTER_SINCE ... */
	const char	*window;
	const char	**pats;
	int		 npats;
	unsigned	 patflags;
	const char	**paths;	/* "-" may become "/dev/fd/N" */
	const char	**names;	/* as given */
	char		**copies;	/* "/dev/fd/N" of copies made */
	size_t		 npaths;
	int		 spooled;	/* stdin was copied */
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [-chivJV] [-e PATTERN]... [--since TIME] "
	    "[--until TIME]\n"
	    "       [--around TIME] [--window DURATION] [--src LIST] "
	    "[--host LIST]\n"
	    "       [--sev LEVEL] [--kind LIST] [--attr KEY=VALUE]... "
	    "[--attr KEY~PATTERN]...\n"
	    "       [--tz ZONE] [-o FILE] [FILE...]\n", cli_progname);
	if (f == stdout)
		fputs("Select events by time, fields and patterns.\n"
		    "  -e PATTERN        PCRE2 pattern on msg (any of them)\n"
		    "  -i, -v, -c        caseless, invert, count only\n"
		    "  --since/--until   RFC 3339, 'YYYY-MM-DD HH:MM', epoch, "
		    "or -2h (from the last event)\n"
		    "  --around T --window D   [T-D, T+D] (D: 5m)\n"
		    "  --src/--host/--kind LIST  comma lists\n"
		    "  --sev LEVEL       LEVEL or worse\n"
		    "  --attr K=V, K~RE, K      attr tests (all must hold)\n"
		    "  -J                write JSON Lines\n", f);
	exit(f == stdout ? cli_finish(status) : status);
}

static void
bad(struct grep *g)
{
	cli_info("%s", wake_filter_error(g->f));
	exit(CLI_FATAL);
}

static void
diag(void *arg, const char *origin, unsigned long line, const char *reason)
{
	if (reason == wake_filter_limit_reason)
		cli_warn("%s on %s:%lu", reason, origin, line);
	else
		cli_diag(arg, origin, line, reason);
}

/*
 * The ts of the last event over all inputs, for relative times.  Stdin
 * and pipes can be read only once: they are copied to a nameless
 * temporary file, read from there afterwards.
 */
static wake_time_t
last_event(struct grep *g, const struct wake_input_opts *io)
{
	struct wake_input *in;
	struct stat st;
	wake_time_t t, last = WAKE_TIME_NONE;
	const char *tmp = getenv("TMPDIR");
	char tpl[4096];
	size_t i;
	int fd;

	for (i = 0; i < g->npaths; i++) {
		if (strcmp(g->paths[i], "-") == 0 ? g->spooled++ > 0 :
		    stat(g->paths[i], &st) != 0 || S_ISREG(st.st_mode) ||
		    S_ISDIR(st.st_mode))
			goto look;
		snprintf(tpl, sizeof(tpl), "%s/wake-grep.XXXXXX",
		    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
		if ((fd = mkstemp(tpl)) < 0)
			cli_fatal("%s: cannot make a temporary file", tpl);
		/* Nameless: read back through /dev/fd, nothing left over. */
		unlink(tpl);
		if (wake_input_open_path(&in, g->paths[i], io) != WAKE_OK) {
			close(fd);
			continue;
		}
		if (wake_events_spool(in, fd) != WAKE_OK)
			cli_fatal("%s: cannot copy to a temporary file",
			    g->names[i]);
		wake_input_free(in);
		if ((g->copies[i] = malloc(32)) == NULL)
			cli_fatal("out of memory");
		snprintf(g->copies[i], 32, "/dev/fd/%d", fd);
		g->paths[i] = g->copies[i];
look:
		if (wake_events_last(g->paths[i], io, &t) == WAKE_OK &&
		    (last == WAKE_TIME_NONE || t > last))
			last = t;
	}
	return last;
}

static void
setup(struct grep *g, int argc, char *argv[], const struct wake_input_opts *io)
{
	const char *why;
	int i;

	if (wake_tz_open(g->tzname, &g->tz, &why) != WAKE_OK) {
		cli_info("bad --tz '%s': %s", g->tzname, why);
		exit(CLI_FATAL);
	}
	for (i = 0; i < 3; i++)
		if (g->times[i] != NULL &&
		    wake_filter_set_time(g->f, i, g->times[i], g->tz) != WAKE_OK)
			bad(g);
	if (g->window != NULL && wake_filter_set_window(g->f, g->window) !=
	    WAKE_OK)
		bad(g);
	for (i = 0; i < g->npats; i++)
		if (wake_filter_add_pattern(g->f, g->pats[i], g->patflags) !=
		    WAKE_OK)
			bad(g);
	g->npaths = argc > 0 ? (size_t)argc : 1;
	g->paths = calloc(g->npaths, sizeof(*g->paths));
	g->names = calloc(g->npaths, sizeof(*g->names));
	g->copies = calloc(g->npaths, sizeof(*g->copies));
	if (g->paths == NULL || g->names == NULL || g->copies == NULL)
		cli_fatal("out of memory");
	for (i = 0; i < (int)g->npaths; i++)
		g->paths[i] = g->names[i] = argc > 0 ? argv[i] : "-";
	if (wake_filter_finish(g->f, wake_filter_relative(g->f) ?
	    last_event(g, io) : WAKE_TIME_NONE) != WAKE_OK)
		bad(g);
}

static void
run(struct grep *g, struct wake_filter_run_opts *ro,
    const struct wake_input_opts *io, uint64_t *count)
{
	struct wake_inputs *ip;
	struct wake_input *in;
	size_t i;
	int rc;

	if (wake_inputs_open(&ip, g->paths, g->npaths, io) != WAKE_OK)
		cli_fatal("out of memory");
	while ((rc = wake_inputs_next(ip, &in)) != WAKE_EOF) {
		if (rc != WAKE_OK) {
			cli_warn("%s", wake_inputs_error(ip));
			continue;
		}
		ro->name = NULL;
		for (i = 0; i < g->npaths; i++)
			if (g->paths[i] != g->names[i] &&
			    strcmp(wake_input_name(in), g->paths[i]) == 0)
				ro->name = g->names[i];
		rc = wake_filter_run(g->f, in, ro, count);
		if (rc == WAKE_ERR_NOMEM)
			cli_fatal("out of memory");
		if (rc < 0)
			cli_warn("%s", wake_input_error(in));
	}
	wake_inputs_free(ip);
}

/* Options that take effect at once; 0 when ch is not one of them. */
static int
filter_opt(struct grep *g, int ch, const char *arg)
{
	int rc;

	switch (ch) {
	case OPT_SRC:
		rc = wake_filter_add_src(g->f, arg);
		break;
	case OPT_HOST:
		rc = wake_filter_add_host(g->f, arg);
		break;
	case OPT_KIND:
		rc = wake_filter_add_kind(g->f, arg);
		break;
	case OPT_SEV:
		rc = wake_filter_set_sev(g->f, arg);
		break;
	case OPT_ATTR:
		rc = wake_filter_add_attr(g->f, arg);
		break;
	case OPT_SINCE:
	case OPT_UNTIL:
	case OPT_AROUND:
		/* After the options: --tz may come later. */
		g->times[ch - OPT_SINCE] = arg;
		return 1;
	case OPT_WINDOW:
		g->window = arg;
		return 1;
	case OPT_TZ:
		g->tzname = arg;
		return 1;
	default:
		return 0;
	}
	if (rc != WAKE_OK)
		bad(g);
	return 1;
}

int
main(int argc, char *argv[])
{
	struct grep g = { .f = NULL };
	struct wake_input_opts io = { .diag = cli_diag };
	struct wake_filter_run_opts ro = { .out = &cli_out, .flush = cli_flush_cb,
	    .diag = diag };
	const char *output = NULL;
	char num[32];
	uint64_t count = 0;
	size_t i;
	int ch;

	cli_init(argv[0]);
	if (wake_filter_new(&g.f) != WAKE_OK ||
	    (g.pats = calloc((size_t)argc + 1, sizeof(*g.pats))) == NULL)
		cli_fatal("out of memory");
	while ((ch = getopt_long(argc, argv, "ce:hiJo:vV", longopts,
	    NULL)) != -1)
		switch (ch) {
		case 'c':
			ro.count_only = 1;
			break;
		case 'e':
			g.pats[g.npats++] = optarg;
			break;
		case 'h':
			usage(stdout, CLI_OK);
		case 'i':
			g.patflags |= WAKE_FILTER_CASELESS;
			break;
		case 'J':
			ro.json = 1;
			break;
		case 'o':
			output = optarg;
			break;
		case 'v':
			wake_filter_set_invert(g.f, 1);
			break;
		case 'V':
			cli_version();
		default:
			if (!filter_opt(&g, ch, optarg))
				usage(stderr, CLI_FATAL);
		}
	setup(&g, argc - optind, argv + optind, &io);
	cli_output(output);
	run(&g, &ro, &io, &count);
	if (ro.count_only) {
		snprintf(num, sizeof(num), "%llu\n", (unsigned long long)count);
		if (wake_buf_put(&cli_out, num, strlen(num)) != WAKE_OK)
			cli_fatal("out of memory");
	}
	for (i = 0; i < g.npaths; i++)
		free(g.copies[i]);
	free(g.copies);
	wake_filter_free(g.f);
	wake_tz_free(g.tz);
	free(g.pats);
	free(g.paths);
	free(g.names);
	return cli_finish(CLI_OK);
}
