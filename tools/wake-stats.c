/*
 * wake-stats: events in, time series out; call-center KPIs per bin.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <wake/input.h>
#include <wake/stats.h>
#include <wake/time.h>

#include "cli.h"

enum { OPT_BIN = 256, OPT_BY, OPT_CALLS, OPT_SUM, OPT_SL, OPT_SHORT,
	OPT_MAXCALL, OPT_LATE, OPT_SPARSE, OPT_MAXSER, OPT_CSV, OPT_CHART,
	OPT_NOHEAD };

static const struct option longopts[] = {
	{ "bin",	   required_argument,	NULL, OPT_BIN },
	{ "by",		   required_argument,	NULL, OPT_BY },
	{ "calls",	   no_argument,		NULL, OPT_CALLS },
	{ "chart",	   optional_argument,	NULL, OPT_CHART },
	{ "count",	   no_argument,		NULL, 'c' },
	{ "csv",	   no_argument,		NULL, OPT_CSV },
	{ "help",	   no_argument,		NULL, 'h' },
	{ "json",	   no_argument,		NULL, 'J' },
	{ "late",	   required_argument,	NULL, OPT_LATE },
	{ "max-call",	   required_argument,	NULL, OPT_MAXCALL },
	{ "max-series",	   required_argument,	NULL, OPT_MAXSER },
	{ "no-header",	   no_argument,		NULL, OPT_NOHEAD },
	{ "output",	   required_argument,	NULL, 'o' },
	{ "short-abandon", required_argument,	NULL, OPT_SHORT },
	{ "sl",		   required_argument,	NULL, OPT_SL },
	{ "sparse",	   no_argument,		NULL, OPT_SPARSE },
	{ "sum",	   required_argument,	NULL, OPT_SUM },
	{ "version",	   no_argument,		NULL, 'V' },
	{ NULL,		   0,			NULL, 0 }
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [-chJV] [--bin DURATION] [--by FIELDS] "
	    "[--calls] [--sum ATTR]\n"
	    "       [--sl DURATION] [--short-abandon DURATION] "
	    "[--max-call DURATION]\n"
	    "       [--late DURATION] [--max-series N] [--sparse] [--csv] "
	    "[--no-header]\n"
	    "       [--chart[=COLUMN]] [-o FILE] [FILE...]\n", cli_progname);
	if (f == stdout)
		fputs("Count events per time bin, or call-center KPIs.\n"
		    "  --bin DURATION    bin width (1m)\n"
		    "  --by FIELDS       series: src,host,sev,kind,tmpl,"
		    "attr:NAME\n"
		    "  -c, --count       events per bin (metric events: "
		    "value=)\n"
		    "  --sum ATTR        sum ATTR instead of counting\n"
		    "  --calls           offered answered abandoned timeout "
		    "abandon_rate asa\n"
		    "                    service_level aht max_wait "
		    "short_abandoned other bot\n"
		    "                    containment open\n"
		    "  --sl D, --short-abandon D, --max-call D   (20s, 5s, "
		    "4h)\n"
		    "  --late DURATION   accept events this far out of order "
		    "(1m)\n"
		    "  --csv, -J, --chart[=COLUMN]   CSV, JSON Lines, a bar "
		    "chart\n", f);
	exit(f == stdout ? cli_finish(status) : status);
}

static int64_t
duration(const char *opt, const char *arg)
{
	int64_t ns;

	if (wake_duration_parse(arg, &ns) != WAKE_OK || ns < 0) {
		cli_info("bad %s '%s': want a duration like 90s, 5m, 1h",
		    opt, arg);
		exit(CLI_FATAL);
	}
	return ns;
}

/* Is the character set UTF-8, by the locale variables' precedence? */
static int
utf8_locale(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	const char *v;
	size_t i;

	for (i = 0; i < 3; i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return strcasestr(v, "utf-8") != NULL ||
			    strcasestr(v, "utf8") != NULL;
	return 0;
}

/* Options other than output and help; 0 when ch is not one of them. */
static int
stats_opt(struct wake_stats_opts *o, int ch, const char *arg)
{
	char *end;

	switch (ch) {
	case OPT_BIN:
		o->bin = duration("--bin", arg);
		break;
	case OPT_BY:
		o->by = arg;
		break;
	case 'c':
		o->mode = WAKE_STATS_COUNT;
		break;
	case OPT_CALLS:
		o->mode = WAKE_STATS_CALLS;
		break;
	case OPT_SUM:
		o->sum = arg;
		break;
	case OPT_SL:
		o->sl = duration("--sl", arg);
		break;
	case OPT_SHORT:
		o->short_abandon = duration("--short-abandon", arg);
		break;
	case OPT_MAXCALL:
		o->max_call = duration("--max-call", arg);
		break;
	case OPT_LATE:
		o->late = duration("--late", arg);
		break;
	case OPT_SPARSE:
		o->sparse = 1;
		break;
	case OPT_MAXSER:
		o->max_series = strtoul(arg, &end, 10);
		if (*arg < '1' || *arg > '9' || *end != '\0') {
			cli_info("bad --max-series '%s'", arg);
			exit(CLI_FATAL);
		}
		break;
	case OPT_CSV:
		o->format = WAKE_STATS_CSV;
		break;
	case 'J':
		o->format = WAKE_STATS_JSON;
		break;
	case OPT_CHART:
		o->format = WAKE_STATS_CHART;
		o->chart_column = arg;
		break;
	case OPT_NOHEAD:
		o->header = 0;
		break;
	default:
		return 0;
	}
	return 1;
}

static int
run_input(void *arg, struct wake_input *in)
{
	return wake_stats_run(arg, in, NULL);
}

static void
run(struct wake_stats *s, int argc, char *argv[])
{
	cli_each_input((const char *const *)argv, (size_t)argc, 0, run_input,
	    s);
	if (wake_stats_finish(s) == WAKE_ERR_NOMEM)
		cli_fatal("%s", wake_stats_error(s));
}

int
main(int argc, char *argv[])
{
	struct wake_stats_opts o;
	struct wake_stats *s;
	const char *output = NULL, *cols = getenv("COLUMNS");
	char *end;
	long w;
	int ch;

	cli_init(argv[0]);
	wake_stats_opts_init(&o);
	o.out = &cli_out;
	o.flush = cli_flush_cb;
	o.diag = cli_diag;
	o.chart_utf8 = utf8_locale();
	if (cols != NULL && (w = strtol(cols, &end, 10)) > 0 && w < 10000 &&
	    *end == '\0')
		o.chart_width = (int)w;
	while ((ch = getopt_long(argc, argv, "chJo:V", longopts, NULL)) !=
	    -1)
		switch (ch) {
		case 'h':
			usage(stdout, CLI_OK);
		case 'o':
			output = optarg;
			break;
		case 'V':
			cli_version();
		default:
			if (!stats_opt(&o, ch, optarg))
				usage(stderr, CLI_FATAL);
		}
	if (wake_stats_new(&s) != WAKE_OK)
		cli_fatal("out of memory");
	if (wake_stats_setup(s, &o) != WAKE_OK)
		cli_fatal("%s", wake_stats_error(s));
	cli_output(output);
	run(s, argc - optind, argv + optind);
	wake_stats_free(s);
	return cli_finish(CLI_OK);
}
