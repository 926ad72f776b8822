/*
 * wake-report: the periodic (weekly) incident summary, for cron.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <wake/input.h>
#include <wake/report.h>
#include <wake/time.h>

#include "cli.h"

enum { OPT_PERIOD = 256, OPT_END, OPT_PREV, OPT_TZ, OPT_MD, OPT_TEXT,
	OPT_HTML, OPT_CAUSE, OPT_NOW, OPT_SL, OPT_TOP, OPT_TITLE };

static const struct option longopts[] = {
	{ "cause",		required_argument,	NULL, OPT_CAUSE },
	{ "end",		required_argument,	NULL, OPT_END },
	{ "help",		no_argument,		NULL, 'h' },
	{ "html",		no_argument,		NULL, OPT_HTML },
	{ "json",		no_argument,		NULL, 'J' },
	{ "md",			no_argument,		NULL, OPT_MD },
	{ "now",		required_argument,	NULL, OPT_NOW },
	{ "output",		required_argument,	NULL, 'o' },
	{ "period",		required_argument,	NULL, OPT_PERIOD },
	{ "previous-period",	no_argument,		NULL, OPT_PREV },
	{ "sl",			required_argument,	NULL, OPT_SL },
	{ "text",		no_argument,		NULL, OPT_TEXT },
	{ "title",		required_argument,	NULL, OPT_TITLE },
	{ "top",		required_argument,	NULL, OPT_TOP },
	{ "tz",			required_argument,	NULL, OPT_TZ },
	{ "version",		no_argument,		NULL, 'V' },
	{ NULL,			0,			NULL, 0 }
};

struct opts {
	struct wake_report_opts	 ro;
	const char		*end;
	const char		*now;
	const char		*tz;
	const char		*output;
	char			**cause;
	size_t			 ncause;
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [-hJV] [--md | --text | --html] "
	    "[--period DURATION] [--end DATE]\n"
	    "       [--previous-period] [--tz ZONE] [--cause [ID=]FILE] "
	    "[--sl DURATION]\n"
	    "       [--top N] [--title TEXT] [--now TIME] [-o FILE] "
	    "[FILE...]\n", cli_progname);
	if (f == stdout)
		fputs("The incident summary of a period, from events or "
		    "incident tables.\n"
		    "  --period D          7d (also 1w, 24h)\n"
		    "  --end DATE          exclusive end (default: the end "
		    "of the last whole day)\n"
		    "  --previous-period   compare with the period before\n"
		    "  --tz ZONE           day boundaries (UTC)\n"
		    "  --cause [ID=]FILE   wake-cause -J output: top cause "
		    "per incident\n"
		    "  --md, --text, --html, -J   the format (Markdown)\n",
		    f);
	exit(f == stdout ? cli_finish(status) : status);
}

static int64_t
duration(const char *opt, const char *arg)
{
	int64_t ns;

	if (wake_duration_parse(arg, &ns) != WAKE_OK || ns <= 0) {
		cli_info("bad %s '%s': want a duration like 7d, 1w, 24h", opt,
		    arg);
		exit(CLI_FATAL);
	}
	return ns;
}

static wake_time_t
when(const char *opt, const char *arg, struct wake_tz *tz)
{
	wake_time_t t;
	int rel;

	if (wake_time_parse_arg(arg, tz, &t, &rel) != WAKE_OK || rel) {
		cli_info("bad %s '%s': want RFC 3339 or YYYY-MM-DD", opt, arg);
		exit(CLI_FATAL);
	}
	return t;
}

static void
opt(struct opts *o, int ch, char *arg)
{
	char *end;
	long n;

	switch (ch) {
	case OPT_PERIOD:
		o->ro.period = duration("--period", arg);
		break;
	case OPT_END:
		o->end = arg;
		break;
	case OPT_PREV:
		o->ro.previous = 1;
		break;
	case OPT_TZ:
		o->tz = arg;
		break;
	case OPT_MD:
		o->ro.format = WAKE_REPORT_MD;
		break;
	case OPT_TEXT:
		o->ro.format = WAKE_REPORT_TEXT;
		break;
	case OPT_HTML:
		o->ro.format = WAKE_REPORT_HTML;
		break;
	case 'J':
		o->ro.format = WAKE_REPORT_JSON;
		break;
	case OPT_CAUSE:
		o->cause = reallocarray(o->cause, o->ncause + 1,
		    sizeof(*o->cause));
		if (o->cause == NULL)
			cli_fatal("out of memory");
		o->cause[o->ncause++] = arg;
		break;
	case OPT_NOW:
		o->now = arg;
		break;
	case OPT_SL:
		o->ro.sl = duration("--sl", arg);
		break;
	case OPT_TOP:
		n = strtol(arg, &end, 10);
		if (*arg < '1' || *arg > '9' || *end != '\0' || n > 1000) {
			cli_info("bad --top '%s'", arg);
			exit(CLI_FATAL);
		}
		o->ro.top = (size_t)n;
		break;
	case OPT_TITLE:
		o->ro.title = arg;
		break;
	case 'o':
		o->output = arg;
		break;
	default:
		usage(stderr, CLI_FATAL);
	}
}

/* Read the inputs; returns how many could be read. */
static size_t
inputs(struct wake_report *r, int argc, char *argv[])
{
	struct wake_input_opts io = { .diag = cli_diag };
	const char *dash = "-";
	struct wake_inputs *ip;
	struct wake_input *in;
	size_t nread = 0;
	int rc;

	if (wake_inputs_open(&ip, argc > 0 ? (const char *const *)argv :
	    &dash, argc > 0 ? (size_t)argc : 1, &io) != WAKE_OK)
		cli_fatal("out of memory");
	while ((rc = wake_inputs_next(ip, &in)) != WAKE_EOF) {
		if (rc != WAKE_OK) {
			cli_warn("%s", wake_inputs_error(ip));
			continue;
		}
		nread++;
		if (wake_report_add(r, in, cli_diag, NULL) == WAKE_ERR_NOMEM)
			cli_fatal("out of memory");
	}
	wake_inputs_free(ip);
	return nread;
}

/* --cause FILE or ID=FILE (when FILE is not there as given). */
static void
causes(struct wake_report *r, char **cause, size_t n)
{
	struct wake_input *in;
	char *path, *eq, *id;
	size_t i;

	for (i = 0; i < n; i++) {
		path = cause[i];
		id = NULL;
		if ((eq = strchr(path, '=')) != NULL &&
		    access(path, R_OK) != 0) {
			*eq = '\0';
			id = path;
			path = eq + 1;
		}
		if (wake_input_open_path(&in, path, NULL) != WAKE_OK) {
			cli_warn("%s: cannot read", path);
			continue;
		}
		if (wake_report_add_causes(r, in, id, cli_diag, NULL) ==
		    WAKE_ERR_NOMEM)
			cli_fatal("out of memory");
		wake_input_free(in);
	}
}

int
main(int argc, char *argv[])
{
	struct opts o;
	struct wake_report *r;
	struct wake_tz *tz = NULL;
	const char *why;
	int ch, rc;

	cli_init(argv[0]);
	memset(&o, 0, sizeof(o));
	wake_report_opts_init(&o.ro);
	while ((ch = getopt_long(argc, argv, "hJo:V", longopts, NULL)) != -1)
		if (ch == 'h')
			usage(stdout, CLI_OK);
		else if (ch == 'V')
			cli_version();
		else
			opt(&o, ch, optarg);
	if (o.tz != NULL && wake_tz_open(o.tz, &tz, &why) != WAKE_OK)
		cli_fatal("bad --tz '%s': %s", o.tz, why);
	o.ro.tz = tz;
	if (o.end != NULL)
		o.ro.end = when("--end", o.end, tz);
	/* Without --now the clock only tells whether the input's last
	 * day is over; it is never printed. */
	if (o.now != NULL)
		o.ro.now = o.ro.clock = when("--now", o.now, tz);
	else
		o.ro.clock = (wake_time_t)time(NULL) * 1000000000;
	cli_output(o.output);
	if (wake_report_new(&r, &o.ro) != WAKE_OK)
		cli_fatal("out of memory");
	if (inputs(r, argc - optind, argv + optind) == 0)
		cli_warn("no input could be read: no report");
	else {
		causes(r, o.cause, o.ncause);
		if ((rc = wake_report_write(r, &cli_out)) == WAKE_EOF)
			cli_warn("no events in the input: no report (give "
			    "--end for an empty one)");
		else if (rc != WAKE_OK)
			cli_fatal("out of memory");
	}
	wake_report_free(r);
	wake_tz_free(tz);
	free(o.cause);
	return cli_finish(CLI_OK);
}
