/*
 * wake-postmortem: raw inputs in, a post-mortem folder out
 * (wake-postmortem(1)).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/cause.h>
#include <wake/event.h>
#include <wake/postmortem.h>
#include <wake/time.h>

#include "cli.h"

enum {
	OPT_TZ = 256, OPT_YEAR, OPT_RULES, OPT_SKEW, OPT_INCIDENT,
	OPT_WINDOW, OPT_SENS, OPT_REDACT, OPT_REDACT_KEY, OPT_SHOW_TZ
};

static const struct option longopts[] = {
	{ "help",		no_argument,	   NULL, 'h' },
	{ "incident",		required_argument, NULL, OPT_INCIDENT },
	{ "no-rules",		no_argument,	   NULL, 'R' },
	{ "output",		required_argument, NULL, 'o' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "redact",		no_argument,	   NULL, OPT_REDACT },
	{ "redact-key",		required_argument, NULL, OPT_REDACT_KEY },
	{ "rules",		required_argument, NULL, OPT_RULES },
	{ "sensitivity",	required_argument, NULL, OPT_SENS },
	{ "show-tz",		required_argument, NULL, OPT_SHOW_TZ },
	{ "skew",		required_argument, NULL, OPT_SKEW },
	{ "tz",			required_argument, NULL, OPT_TZ },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ "window",		required_argument, NULL, OPT_WINDOW },
	{ "year",		required_argument, NULL, OPT_YEAR },
	{ NULL,			0,		   NULL, 0 }
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [-hqRvV] -o DIR [--tz [GLOB=]ZONE] [--year YEAR] "
	    "[--rules FILE]\n"
	    "       [--skew SRC=DURATION] [--incident ID] "
	    "[--window START..END]\n"
	    "       [--sensitivity low|normal|high] [--redact] "
	    "[--redact-key FILE]\n"
	    "       [--show-tz ZONE] INPUT...\n", cli_progname);
	if (f == stdout)
		fputs("From raw logs to a post-mortem folder: parse, merge, "
		    "detect, mine, cause,\nintervals, timeline.\n"
		    "  -o DIR              the folder to write (made if "
		    "missing)\n"
		    "  --tz [GLOB=]ZONE    zone of stamps without one, for "
		    "inputs matching GLOB\n"
		    "  --year YEAR         year of stamps without one\n"
		    "  --rules FILE, -R    classification rules; none\n"
		    "  --skew SRC=DUR      correct a source's clock "
		    "(pbx=-90s)\n"
		    "  --incident ID       the incident of the timeline "
		    "(the first)\n"
		    "  --window S..E       a window instead of detection\n"
		    "  --sensitivity S     of detection: low, normal, high\n"
		    "  --redact            pseudonymise personal data "
		    "(random key)\n"
		    "  --redact-key FILE   ... with this key\n"
		    "  --show-tz ZONE      a time column in this zone in "
		    "the timeline\n"
		    "  -q                  no summary\n"
		    "  -v                  tell of lines kept as raw events, "
		    "files skipped\n", f);
	exit(f == stdout ? cli_finish(status) : status);
}

/* The parser's notes, with -v. */
static void
note(void *arg, const char *origin, unsigned long line, const char *reason)
{
	(void)arg;
	if (!cli_verbose)
		return;
	if (line > 0)
		cli_info("%s:%lu: %s", origin, line, reason);
	else
		cli_info("%s: %s", origin, reason);
}

/* Append s to a growing list of strings (argv stays alive). */
static void
push(const char ***v, size_t *n, const char *s)
{
	const char **nv;

	if ((nv = realloc(*v, (*n + 1) * sizeof(**v))) == NULL)
		cli_fatal("out of memory");
	nv[(*n)++] = s;
	*v = nv;
}

static void
window(struct wake_pm_opts *o, const char *arg)
{
	if (wake_cause_parse_window(arg, &o->start, &o->end) != WAKE_OK ||
	    o->start == WAKE_TIME_NONE || o->end == WAKE_TIME_NONE)
		cli_fatal("bad --window '%s': want START..END, START "
		    "before END", arg);
}

int
main(int argc, char *argv[])
{
	struct wake_pm_opts o;
	struct wake_pm_result res;
	const char **tz = NULL, **rules = NULL, **skew = NULL, **show = NULL;
	size_t ntz = 0, nrules = 0, nskew = 0, nshow = 0;
	char err[1024], *end;
	long y;
	int ch, quiet = 0, rc;

	cli_init(argv[0]);
	memset(&o, 0, sizeof(o));
	o.start = o.end = WAKE_TIME_NONE;
	o.diag = cli_diag;
	o.note = note;
	while ((ch = getopt_long(argc, argv, "ho:qRvV", longopts, NULL)) != -1)
		switch (ch) {
		case 'h':
			usage(stdout, CLI_OK);
		case 'o':
			o.outdir = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'R':
			o.no_rules = 1;
			break;
		case 'v':
			cli_verbose = 1;
			break;
		case 'V':
			cli_version();
		case OPT_TZ:
			push(&tz, &ntz, optarg);
			break;
		case OPT_YEAR:
			y = strtol(optarg, &end, 10);
			if (*end != '\0' || y < 1970 || y > 9999)
				cli_fatal("bad --year '%s'", optarg);
			o.year = (int)y;
			break;
		case OPT_RULES:
			push(&rules, &nrules, optarg);
			break;
		case OPT_SKEW:
			push(&skew, &nskew, optarg);
			break;
		case OPT_INCIDENT:
			o.incident = optarg;
			break;
		case OPT_WINDOW:
			window(&o, optarg);
			break;
		case OPT_SENS:
			o.sensitivity = optarg;
			break;
		case OPT_REDACT:
			o.redact = 1;
			break;
		case OPT_REDACT_KEY:
			o.redact = 1;
			o.redact_key = optarg;
			break;
		case OPT_SHOW_TZ:
			push(&show, &nshow, optarg);
			break;
		default:
			usage(stderr, CLI_FATAL);
		}
	if (o.outdir == NULL) {
		cli_info("-o DIR is required");
		usage(stderr, CLI_FATAL);
	}
	if (optind == argc) {
		cli_info("no inputs");
		usage(stderr, CLI_FATAL);
	}
	if (o.no_rules && nrules > 0)
		cli_fatal("--rules and -R: choose one");
	o.inputs = (const char *const *)(argv + optind);
	o.ninputs = (size_t)(argc - optind);
	o.tz = tz;
	o.ntz = ntz;
	o.rules = rules;
	o.nrules = nrules;
	o.skew = skew;
	o.nskew = nskew;
	o.tzshow = show;
	o.ntzshow = nshow;
	rc = wake_postmortem_run(&o, &res, &cli_out, err, sizeof(err));
	free(tz);
	free(rules);
	free(skew);
	free(show);
	if (rc != WAKE_OK) {
		cli_out.n = 0;
		cli_fatal("%s", err);
	}
	if (quiet)
		cli_out.n = 0;
	return cli_finish(CLI_OK);
}
