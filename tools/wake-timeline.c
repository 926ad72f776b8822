/*
 * wake-timeline: events with phases in, the incident's timeline out, as
 * text, Markdown, HTML with charts, JSON Lines or CSV.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wake/cause.h>
#include <wake/input.h>
#include <wake/time.h>
#include <wake/timeline.h>

#include "cli.h"

enum { OPT_INCIDENT = 256, OPT_WINDOW, OPT_LOOKBACK, OPT_MAX, OPT_ALL,
	OPT_TZ, OPT_CAUSE, OPT_NOCAUSE, OPT_MD, OPT_HTML, OPT_CSV, OPT_TEXT,
	OPT_COLOR };

static const struct option longopts[] = {
	{ "all",	no_argument,		NULL, OPT_ALL },
	{ "cause",	required_argument,	NULL, OPT_CAUSE },
	{ "color",	optional_argument,	NULL, OPT_COLOR },
	{ "csv",	no_argument,		NULL, OPT_CSV },
	{ "help",	no_argument,		NULL, 'h' },
	{ "html",	no_argument,		NULL, OPT_HTML },
	{ "incident",	required_argument,	NULL, OPT_INCIDENT },
	{ "json",	no_argument,		NULL, 'J' },
	{ "lookback",	required_argument,	NULL, OPT_LOOKBACK },
	{ "max",	required_argument,	NULL, OPT_MAX },
	{ "md",		no_argument,		NULL, OPT_MD },
	{ "no-cause",	no_argument,		NULL, OPT_NOCAUSE },
	{ "output",	required_argument,	NULL, 'o' },
	{ "text",	no_argument,		NULL, OPT_TEXT },
	{ "tz",		required_argument,	NULL, OPT_TZ },
	{ "version",	no_argument,		NULL, 'V' },
	{ "window",	required_argument,	NULL, OPT_WINDOW },
	{ NULL,		0,			NULL, 0 }
};

#define MAX_TZ	8

struct tl {
	struct wake_timeline_opts o;
	struct wake_tz	*tz[MAX_TZ];
	const char	*cause;		/* --cause FILE */
	int		 nocause;
	int		 format;
	int		 color;		/* -1 auto */
	const char	*output;
	char		 spool[64];
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [-hJV] [--md | --html | --csv | --text] "
	    "[--incident ID]\n"
	    "       [--window START..END] [--lookback DURATION] [--max N] "
	    "[--all]\n"
	    "       [--tz ZONE]... [--cause FILE | --no-cause] "
	    "[--color[=WHEN]] [-o FILE]\n"
	    "       [FILE...]\n", cli_progname);
	if (f == stdout)
		fputs("The timeline of an incident, from events with phase "
		    "events (wake-detect).\n"
		    "  --incident ID       the incident (the first one)\n"
		    "  --window S..E       a window instead, when there are "
		    "no phase events\n"
		    "  --lookback D        changes and baselines before the "
		    "start (6h)\n"
		    "  --max N, --all      entries shown (40), or every event "
		    "in the window\n"
		    "  --tz ZONE           a column of local times "
		    "(repeatable)\n"
		    "  --cause FILE        wake-cause -J output; else run "
		    "in-process\n"
		    "  --md, --html, -J, --csv   Markdown, HTML page, JSON "
		    "Lines, CSV\n"
		    "  --color=auto|always|never   colours in text (auto: "
		    "a terminal, no NO_COLOR)\n", f);
	exit(f == stdout ? cli_finish(status) : status);
}

static void
bad(const char *opt, const char *arg, const char *want)
{
	cli_info("bad %s '%s': want %s", opt, arg, want);
	exit(CLI_FATAL);
}

/* Feed every input to the timeline (pass 1) or to the cause (pass 2). */
struct pass {
	struct wake_timeline	*t;
	struct wake_cause	*c;
};

static int
pass_input(void *arg, struct wake_input *in)
{
	struct pass *a = arg;
	int rc;

	if (a->t == NULL)
		return wake_cause_run(a->c, in, 2, NULL, NULL);
	rc = wake_timeline_run(a->t, in, cli_diag, NULL);
	if (rc == WAKE_ERR_LIMIT)
		cli_fatal("%s", wake_timeline_error(a->t));
	return rc;
}

/* The cause's pass is quiet: the timeline's pass told of the inputs. */
static void
pass(struct wake_timeline *t, struct wake_cause *c, int argc, char **argv)
{
	struct pass a = { t, c };

	cli_each_input((const char *const *)argv, (size_t)argc, t == NULL,
	    pass_input, &a);
}

static void
read_cause(struct wake_timeline *t, const char *path)
{
	struct wake_input *in;
	struct wake_line l;
	int rc;

	if (wake_input_open_path(&in, path, NULL) != WAKE_OK) {
		cli_warn("%s: %s", path, strerror(errno));
		return;
	}
	while ((rc = wake_input_line(in, &l)) == WAKE_OK)
		if ((rc = wake_timeline_cause_json(t, l.p, l.n)) ==
		    WAKE_ERR_NOMEM)
			cli_fatal("out of memory");
		else if (rc != WAKE_OK)
			cli_diag(NULL, path, (unsigned long)l.no,
			    wake_timeline_error(t));
	if (rc != WAKE_EOF)
		cli_warn("%s", wake_input_error(in));
	wake_input_free(in);
}

/* Cause candidates in-process: a second pass over the window. */
static void
run_cause(struct tl *s, struct wake_timeline *t, int argc, char **argv)
{
	struct wake_cause_opts co = WAKE_CAUSE_OPTS_INIT;
	struct wake_cause *c;
	const char *id;

	/* The window is known now: the cause needs no phase events. */
	wake_timeline_window(t, &co.start, &co.end, &id);
	co.lookback = s->o.lookback;
	co.max = 5;
	if (wake_cause_new(&c, &co) != WAKE_OK)
		cli_fatal("out of memory");
	pass(NULL, c, argc, argv);
	if (wake_cause_finish(c) == WAKE_OK &&
	    wake_timeline_cause(t, c) == WAKE_ERR_NOMEM)
		cli_fatal("out of memory");
	wake_cause_free(c);
}

static void
option(struct tl *s, int ch, const char *arg)
{
	const char *why;
	char *end;
	unsigned long v;

	switch (ch) {
	case OPT_INCIDENT:
		s->o.incident = arg;
		break;
	case OPT_WINDOW:
		if (wake_cause_parse_window(arg, &s->o.start, &s->o.end) !=
		    WAKE_OK || s->o.start == WAKE_TIME_NONE ||
		    s->o.end == WAKE_TIME_NONE || s->o.end <= s->o.start)
			bad("--window", arg, "START..END in RFC 3339");
		break;
	case OPT_LOOKBACK:
		if (wake_duration_parse(arg, &s->o.lookback) != WAKE_OK ||
		    s->o.lookback <= 0)
			bad("--lookback", arg, "a duration like 6h, 90m");
		break;
	case OPT_MAX:
		v = strtoul(arg, &end, 10);
		if (*arg < '1' || *arg > '9' || *end != '\0' || v > 100000)
			bad("--max", arg, "a number from 1 to 100000");
		s->o.max = v;
		break;
	case OPT_ALL:
		s->o.all = 1;
		break;
	case OPT_TZ:
		if (s->o.ntz == MAX_TZ)
			bad("--tz", arg, "at most 8 zones");
		if (wake_tz_open(arg, &s->tz[s->o.ntz], &why) != WAKE_OK)
			bad("--tz", arg, "an IANA zone like America/Chicago");
		s->o.ntz++;
		break;
	case OPT_CAUSE:
		s->cause = arg;
		break;
	case OPT_NOCAUSE:
		s->nocause = 1;
		break;
	case OPT_MD:
		s->format = WAKE_TL_MD;
		break;
	case OPT_HTML:
		s->format = WAKE_TL_HTML;
		break;
	case OPT_CSV:
		s->format = WAKE_TL_CSV;
		break;
	case 'J':
		s->format = WAKE_TL_JSON;
		break;
	case OPT_TEXT:
		s->format = WAKE_TL_TEXT;
		break;
	case OPT_COLOR:
		if (arg == NULL || strcmp(arg, "always") == 0)
			s->color = 1;
		else if (strcmp(arg, "never") == 0)
			s->color = 0;
		else if (strcmp(arg, "auto") == 0)
			s->color = -1;
		else
			bad("--color", arg, "auto, always or never");
		break;
	default:
		usage(stderr, CLI_FATAL);
	}
}

int
main(int argc, char *argv[])
{
	static char *dash[] = { (char *)(uintptr_t)"-", NULL };
	struct tl s;
	struct wake_timeline *t;
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	int ch, i, rc, twice;
	size_t k;

	cli_init(argv[0]);
	memset(&s, 0, sizeof(s));
	wake_timeline_opts_init(&s.o);
	s.o.tz = s.tz;
	s.o.diag = cli_diag;
	s.color = -1;
	while ((ch = getopt_long(argc, argv, "hJo:V", longopts, NULL)) != -1)
		if (ch == 'h')
			usage(stdout, CLI_OK);
		else if (ch == 'o')
			s.output = optarg;
		else if (ch == 'V')
			cli_version();
		else
			option(&s, ch, optarg);
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		argc = 1;
		argv = dash;
	}
	/* In-process causes read the input again: keep stdin for that. */
	twice = s.cause == NULL && !s.nocause;
	for (i = 0; twice && i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			argv[i] = (char *)(uintptr_t)cli_spool_stdin(s.spool, sizeof(s.spool));
	cli_output(s.output);
	s.o.color = s.format == WAKE_TL_TEXT && (s.color == 1 ||
	    (s.color == -1 && isatty(STDOUT_FILENO) && (nc == NULL ||
	    *nc == '\0') && (term == NULL || strcmp(term, "dumb") != 0)));
	if (wake_timeline_new(&t, &s.o) != WAKE_OK)
		cli_fatal("out of memory");
	pass(t, NULL, argc, argv);
	if (s.cause != NULL)
		read_cause(t, s.cause);
	if ((rc = wake_timeline_finish(t)) != WAKE_OK)
		cli_fatal("%s", wake_timeline_error(t));
	if (twice)
		run_cause(&s, t, argc, argv);
	if ((rc = wake_timeline_write(t, s.format, &cli_out)) != WAKE_OK)
		cli_fatal("out of memory");
	wake_timeline_free(t);
	for (k = 0; k < s.o.ntz; k++)
		wake_tz_free(s.tz[k]);
	return cli_finish(CLI_OK);
}
