/*
 * wake-cause: events in, ranked root cause candidates out.
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

#include "cli.h"

enum { OPT_INCIDENT = 256, OPT_WINDOW, OPT_LOOKBACK, OPT_BASELINE,
	OPT_MAX, OPT_EVIDENCE, OPT_MD };

static const struct option longopts[] = {
	{ "baseline",	required_argument,	NULL, OPT_BASELINE },
	{ "evidence",	required_argument,	NULL, OPT_EVIDENCE },
	{ "help",	no_argument,		NULL, 'h' },
	{ "incident",	required_argument,	NULL, OPT_INCIDENT },
	{ "json",	no_argument,		NULL, 'J' },
	{ "lookback",	required_argument,	NULL, OPT_LOOKBACK },
	{ "max",	required_argument,	NULL, OPT_MAX },
	{ "md",		no_argument,		NULL, OPT_MD },
	{ "output",	required_argument,	NULL, 'o' },
	{ "version",	no_argument,		NULL, 'V' },
	{ "window",	required_argument,	NULL, OPT_WINDOW },
	{ NULL,		0,			NULL, 0 }
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [-hJV] [--md] [--incident ID] [--window "
	    "START..END]\n"
	    "       [--lookback DURATION] [--baseline DURATION] [--max N] "
	    "[--evidence N]\n"
	    "       [-o FILE] [FILE...]\n", cli_progname);
	if (f == stdout)
		fputs("Rank candidate root causes of an incident.\n"
		    "  --incident ID        the incident's window from its "
		    "phase events\n"
		    "                       (with --window: its name)\n"
		    "  --window START..END  the impact window (default: the "
		    "first incident)\n"
		    "  --lookback D         changes this long before impact "
		    "(6h)\n"
		    "  --baseline D         rates compared with this long "
		    "before (24h)\n"
		    "  --max N, --evidence N   candidates (10), lines each "
		    "(3)\n"
		    "  --md, -J             Markdown section, JSON Lines\n",
		    f);
	exit(f == stdout ? cli_finish(status) : status);
}

static int64_t
duration(const char *opt, const char *arg)
{
	int64_t ns;

	if (wake_duration_parse(arg, &ns) != WAKE_OK || ns <= 0 ||
	    ns > INT64_C(3650) * 86400 * 1000000000) {
		cli_info("bad %s '%s': want a duration like 90m, 6h, 2d "
		    "(at most 3650d)", opt, arg);
		exit(CLI_FATAL);
	}
	return ns;
}

static size_t
count(const char *opt, const char *arg)
{
	char *end;
	unsigned long v;

	v = strtoul(arg, &end, 10);
	if (*arg < '1' || *arg > '9' || *end != '\0' || v > 1000) {
		cli_info("bad %s '%s': want a number from 1 to 1000", opt, arg);
		exit(CLI_FATAL);
	}
	return v;
}

struct pass {
	struct wake_cause	*c;
	int			 which;
};

static int
pass_input(void *arg, struct wake_input *in)
{
	struct pass *a = arg;
	int rc;

	rc = wake_cause_run(a->c, in, a->which, a->which == 2 ? cli_diag :
	    NULL, NULL);
	if (rc == WAKE_ERR_USAGE)
		cli_fatal("%s", wake_cause_error(a->c));
	return rc;
}

/* Pass 1 is quiet: pass 2 reads the same inputs and tells of them. */
static void
pass(struct wake_cause *c, int argc, char *argv[], int which)
{
	struct pass a = { c, which };

	cli_each_input((const char *const *)argv, (size_t)argc, which != 2,
	    pass_input, &a);
}

int
main(int argc, char *argv[])
{
	struct wake_cause_opts o = WAKE_CAUSE_OPTS_INIT;
	struct wake_cause *c;
	const char *output = NULL;
	char spool[64];
	int ch, fmt = 0, i, rc;

	cli_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "hJo:V", longopts, NULL)) != -1)
		switch (ch) {
		case OPT_INCIDENT:
			o.incident = optarg;
			break;
		case OPT_WINDOW:
			if (wake_cause_parse_window(optarg, &o.start,
			    &o.end) != WAKE_OK) {
				cli_info("bad --window '%s': want START..END "
				    "in RFC 3339", optarg);
				exit(CLI_FATAL);
			}
			break;
		case OPT_LOOKBACK:
			o.lookback = duration("--lookback", optarg);
			break;
		case OPT_BASELINE:
			o.baseline = duration("--baseline", optarg);
			break;
		case OPT_MAX:
			o.max = count("--max", optarg);
			break;
		case OPT_EVIDENCE:
			o.evidence = count("--evidence", optarg);
			break;
		case OPT_MD:
			fmt = 1;
			break;
		case 'J':
			fmt = 2;
			break;
		case 'h':
			usage(stdout, CLI_OK);
		case 'o':
			output = optarg;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, CLI_FATAL);
		}
	argc -= optind;
	argv += optind;
	if ((rc = wake_cause_new(&c, &o)) != WAKE_OK)
		cli_fatal("%s", rc == WAKE_ERR_NOMEM ? "out of memory" :
		    "bad options");
	if (wake_cause_need_scan(c)) {
		/* Phase events may come last: read everything twice. */
		for (i = 0; i < argc; i++)
			if (strcmp(argv[i], "-") == 0)
				argv[i] = (char *)(uintptr_t)cli_spool_stdin(spool,
				    sizeof(spool));
		if (argc == 0) {
			static char *one[1];

			one[0] = (char *)(uintptr_t)cli_spool_stdin(spool,
			    sizeof(spool));
			argv = one;
			argc = 1;
		}
		pass(c, argc, argv, 1);
	}
	pass(c, argc, argv, 2);
	if ((rc = wake_cause_finish(c)) != WAKE_OK)
		cli_fatal("%s", rc == WAKE_ERR_NOMEM ? "out of memory" :
		    wake_cause_error(c));
	cli_output(output);
	rc = fmt == 1 ? wake_cause_write_md(c, &cli_out) : fmt == 2 ?
	    wake_cause_write_json(c, &cli_out) :
	    wake_cause_write_text(c, &cli_out);
	if (rc != WAKE_OK)
		cli_fatal("out of memory");
	wake_cause_free(c);
	return cli_finish(CLI_OK);
}
