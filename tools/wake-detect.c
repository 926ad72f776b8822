/*
 * wake-detect: events in; the same events plus the phase events of the
 * incidents found in them out, and an incident table.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/detect.h>
#include <wake/incident.h>
#include <wake/input.h>
#include <wake/rules.h>
#include <wake/time.h>

#include "cli.h"

enum { OPT_BIN = 256, OPT_BY, OPT_WINDOW, OPT_SMOOTH, OPT_THRESHOLD,
	OPT_EXCESS, OPT_MINDUR, OPT_JOIN, OPT_SETTLE, OPT_LEAD, OPT_GRACE,
	OPT_GAP, OPT_SENS, OPT_EXPLAIN, OPT_INCIDENTS, OPT_MAXSER,
	OPT_RULES };

static const struct option longopts[] = {
	{ "bin",	   required_argument,	NULL, OPT_BIN },
	{ "by",		   required_argument,	NULL, OPT_BY },
	{ "explain",	   no_argument,		NULL, OPT_EXPLAIN },
	{ "gap",	   required_argument,	NULL, OPT_GAP },
	{ "grace",	   required_argument,	NULL, OPT_GRACE },
	{ "help",	   no_argument,		NULL, 'h' },
	{ "incidents",	   required_argument,	NULL, OPT_INCIDENTS },
	{ "join",	   required_argument,	NULL, OPT_JOIN },
	{ "lead",	   required_argument,	NULL, OPT_LEAD },
	{ "max-series",	   required_argument,	NULL, OPT_MAXSER },
	{ "min-duration",  required_argument,	NULL, OPT_MINDUR },
	{ "min-excess",	   required_argument,	NULL, OPT_EXCESS },
	{ "output",	   required_argument,	NULL, 'o' },
	{ "no-rules",	   no_argument,		NULL, 'R' },
	{ "quiet",	   no_argument,		NULL, 'q' },
	{ "rules",	   required_argument,	NULL, OPT_RULES },
	{ "sensitivity",   required_argument,	NULL, OPT_SENS },
	{ "settle",	   required_argument,	NULL, OPT_SETTLE },
	{ "smooth",	   required_argument,	NULL, OPT_SMOOTH },
	{ "threshold",	   required_argument,	NULL, OPT_THRESHOLD },
	{ "version",	   no_argument,		NULL, 'V' },
	{ "window",	   required_argument,	NULL, OPT_WINDOW },
	{ NULL,		   0,			NULL, 0 }
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [-hqRV] [--rules FILE]... [--by FIELDS] "
	    "[--bin DURATION]\n"
	    "       [--window DURATION] [--smooth DURATION]\n"
	    "       [--sensitivity low|normal|high] [--threshold N] "
	    "[--min-excess N]\n"
	    "       [--min-duration DURATION] [--join DURATION] "
	    "[--settle DURATION]\n"
	    "       [--lead DURATION] [--grace DURATION] [--gap DURATION] "
	    "[--max-series N]\n"
	    "       [--explain] [--incidents FILE] [-o FILE] [FILE...]\n",
	    cli_progname);
	if (f == stdout)
		fputs("Find incidents in an event stream: rate spikes and "
		    "drops per series,\n"
		    "joined into incidents, with phases from alerts and "
		    "chat markers.\n"
		    "  --by FIELDS         log series: src,host,sev,kind,"
		    "attr:NAME (src,sev)\n"
		    "  --bin D, --window D, --smooth D   (1m, 1h, 5m)\n"
		    "  --sensitivity S     low, normal or high (normal)\n"
		    "  --threshold N       z (Poisson deviations) to open (4)\n"
		    "  --min-excess N      events over baseline to open (5)\n"
		    "  --min-duration D    shorter windows ignored (3m)\n"
		    "  --join D            windows this close: one incident "
		    "(15m)\n"
		    "  --settle D          back at baseline this long (10m)\n"
		    "  --lead D            alerts this early count (30m)\n"
		    "  --grace D           resolve this late counts (2h)\n"
		    "  --gap D             markers this far apart: two "
		    "declared incidents (1h)\n"
		    "  --explain           per incident, the series and "
		    "numbers (stderr)\n"
		    "  --incidents FILE    write the incident table\n"
		    "  --rules FILE        classify with these rules "
		    "(default: built-in)\n"
		    "  -R, --no-rules      no classification here\n"
		    "  -q, --quiet         phase events only\n", f);
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

static double
number(const char *opt, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end != '\0' || !(v >= 0) || v > 1e9) {
		cli_info("bad %s '%s': want a number", opt, arg);
		exit(CLI_FATAL);
	}
	return v;
}

/* Options other than output, help and the table; 0 when not one. */
static int
detect_opt(struct wake_detect_opts *o, int ch, const char *arg)
{
	switch (ch) {
	case OPT_BIN:
		o->bin = duration("--bin", arg);
		break;
	case OPT_BY:
		o->by = arg;
		break;
	case OPT_WINDOW:
		o->window = duration("--window", arg);
		break;
	case OPT_SMOOTH:
		o->smooth = duration("--smooth", arg);
		break;
	case OPT_THRESHOLD:
		o->threshold = number("--threshold", arg);
		break;
	case OPT_EXCESS:
		o->min_excess = number("--min-excess", arg);
		break;
	case OPT_MINDUR:
		o->min_duration = duration("--min-duration", arg);
		break;
	case OPT_JOIN:
		o->join = duration("--join", arg);
		break;
	case OPT_SETTLE:
		o->settle = duration("--settle", arg);
		break;
	case OPT_LEAD:
		o->lead = duration("--lead", arg);
		break;
	case OPT_GRACE:
		o->grace = duration("--grace", arg);
		break;
	case OPT_GAP:
		o->gap = duration("--gap", arg);
		break;
	case OPT_MAXSER:
		o->max_series = (size_t)number("--max-series", arg);
		break;
	case 'q':
		o->quiet = 1;
		break;
	default:
		return 0;
	}
	return 1;
}

static void
explain(void *arg, const char *text, size_t n)
{
	(void)arg;
	fwrite(text, 1, n, stderr);
}

static int
run_input(void *arg, struct wake_input *in)
{
	return wake_detect_run(arg, in, NULL);
}

static void
run(struct wake_detect *d, int argc, char *argv[])
{
	cli_each_input((const char *const *)argv, (size_t)argc, 0, run_input,
	    d);
	if (wake_detect_finish(d) == WAKE_ERR_NOMEM)
		cli_fatal("%s", wake_detect_error(d));
}

/* The incident table to path ("-": standard output). */
static void
write_table(struct wake_detect *d, const char *path)
{
	struct wake_buf b = WAKE_BUF_INIT;
	FILE *f;

	if (wake_incidents_write(wake_detect_incidents(d), &b) != WAKE_OK)
		cli_fatal("out of memory");
	/* "-": after the events, on standard output. */
	if (strcmp(path, "-") == 0) {
		if (b.n > 0 && wake_buf_put(&cli_out, b.p, b.n) != WAKE_OK)
			cli_fatal("out of memory");
		wake_buf_free(&b);
		return;
	}
	if ((f = fopen(path, "w")) == NULL)
		cli_fatal("%s: cannot write", path);
	if ((b.n > 0 && fwrite(b.p, 1, b.n, f) != b.n) | (fclose(f) != 0))
		cli_fatal("%s: write failed", path);
	wake_buf_free(&b);
}

/*
 * The rules: --rules FILE... in order (applied to every event that has
 * none yet), else the built-in ones (to chat, alerts and reports); -R
 * none.
 */
static struct wake_rules *
setup_rules(struct wake_detect_opts *o, char **files, int n, int none)
{
	struct wake_rules *r;
	int i;

	if (none)
		return NULL;
	if (wake_rules_new(&r) != WAKE_OK)
		cli_fatal("out of memory");
	for (i = 0; i < n; i++)
		if (wake_rules_load_file(r, files[i]) != WAKE_OK)
			cli_fatal("%s", wake_rules_error(r));
	if (n == 0 && wake_rules_load_default(r) != WAKE_OK)
		cli_fatal("%s", wake_rules_error(r));
	o->rules = r;
	o->rules_all = n > 0;
	return r;
}

int
main(int argc, char *argv[])
{
	struct wake_detect_opts o;
	struct wake_detect *d;
	struct wake_rules *rules;
	const char *output = NULL, *table = NULL;
	char **rfiles;
	int ch, nrfiles = 0, norules = 0;

	cli_init(argv[0]);
	wake_detect_opts_init(&o);
	o.out = &cli_out;
	o.flush = cli_flush_cb;
	o.diag = cli_diag;
	if ((rfiles = calloc((size_t)argc + 1, sizeof(*rfiles))) == NULL)
		cli_fatal("out of memory");
	while ((ch = getopt_long(argc, argv, "ho:qRV", longopts, NULL)) != -1)
		switch (ch) {
		case OPT_RULES:
			rfiles[nrfiles++] = optarg;
			break;
		case 'R':
			norules = 1;
			break;
		case 'h':
			usage(stdout, CLI_OK);
		case 'o':
			output = optarg;
			break;
		case 'V':
			cli_version();
		case OPT_SENS:
			if (wake_detect_sensitivity(&o, optarg) != WAKE_OK) {
				cli_info("bad --sensitivity '%s': want low, "
				    "normal or high", optarg);
				exit(CLI_FATAL);
			}
			break;
		case OPT_EXPLAIN:
			o.explain = explain;
			break;
		case OPT_INCIDENTS:
			table = optarg;
			break;
		default:
			if (!detect_opt(&o, ch, optarg))
				usage(stderr, CLI_FATAL);
		}
	rules = setup_rules(&o, rfiles, nrfiles, norules);
	if (wake_detect_new(&d) != WAKE_OK)
		cli_fatal("out of memory");
	if (wake_detect_setup(d, &o) != WAKE_OK)
		cli_fatal("%s", wake_detect_error(d));
	cli_output(output);
	run(d, argc - optind, argv + optind);
	if (table != NULL)
		write_table(d, table);
	wake_detect_free(d);
	wake_rules_free(rules);
	free(rfiles);
	return cli_finish(CLI_OK);
}
