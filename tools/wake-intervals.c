/*
 * wake-intervals: incidents in (phase events or incident tables); per
 * incident its phases and intervals, and each interval over them all.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/incident.h>
#include <wake/input.h>

#include "cli.h"

enum { OPT_MD = 256, OPT_TSV, OPT_TEXT, OPT_TABLE, OPT_EVENTS };

static const struct option longopts[] = {
	{ "events",	no_argument,		NULL, OPT_EVENTS },
	{ "help",	no_argument,		NULL, 'h' },
	{ "incident",	required_argument,	NULL, 'i' },
	{ "json",	no_argument,		NULL, 'J' },
	{ "md",		no_argument,		NULL, OPT_MD },
	{ "output",	required_argument,	NULL, 'o' },
	{ "table",	no_argument,		NULL, OPT_TABLE },
	{ "text",	no_argument,		NULL, OPT_TEXT },
	{ "tsv",	no_argument,		NULL, OPT_TSV },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [-hJV] [--md | --tsv | --text] "
	    "[--table | --events] [-i ID]\n"
	    "       [-o FILE] [FILE...]\n", cli_progname);
	if (f == stdout)
		fputs("Phases and intervals of incidents, and over all of "
		    "them.\n"
		    "  --table, --events  the input form (default: sniffed "
		    "per input)\n"
		    "  -i, --incident ID  only this incident\n"
		    "  --md, --tsv, -J    Markdown, TSV or JSON "
		    "(default: aligned text)\n"
		    "TTD=detect-start TTA=ack-detect TTM=mitigate-start "
		    "TTR=recover-start\n"
		    "DTR=recover-detect DVM=resolve-recover\n", f);
	exit(f == stdout ? cli_finish(status) : status);
}

static void
load(struct wake_incidents *l, int form, int argc, char *argv[])
{
	struct wake_input_opts io = { .diag = cli_diag };
	const char *dash = "-";
	struct wake_inputs *ip;
	struct wake_input *in;
	int rc;

	if (wake_inputs_open(&ip, argc > 0 ? (const char *const *)argv :
	    &dash, argc > 0 ? (size_t)argc : 1, &io) != WAKE_OK)
		cli_fatal("out of memory");
	while ((rc = wake_inputs_next(ip, &in)) != WAKE_EOF) {
		if (rc != WAKE_OK) {
			cli_warn("%s", wake_inputs_error(ip));
			continue;
		}
		/* Bad lines and read errors were reported through cli_diag. */
		if (wake_incidents_load(l, in, form, NULL, NULL, cli_diag,
		    NULL) == WAKE_ERR_NOMEM)
			cli_fatal("out of memory");
	}
	wake_inputs_free(ip);
	wake_incidents_sort(l);
}

/* Keep only the incident named id. */
static void
only(struct wake_incidents *l, const char *id)
{
	struct wake_incidents keep = WAKE_INCIDENTS_INIT;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].id, id) != 0)
			continue;
		keep.v = malloc(sizeof(*keep.v));
		if (keep.v == NULL)
			cli_fatal("out of memory");
		keep.v[0] = l->v[i];
		keep.n = keep.cap = 1;
		l->v[i] = l->v[--l->n];
		break;
	}
	wake_incidents_free(l);
	*l = keep;
	if (l->n == 0)
		cli_warn("no incident %s in the input", id);
}

int
main(int argc, char *argv[])
{
	struct wake_incidents l = WAKE_INCIDENTS_INIT;
	const char *output = NULL, *id = NULL;
	int ch, form = WAKE_INCIDENTS_AUTO, fmt = WAKE_IVF_TEXT;

	cli_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "hi:Jo:V", longopts, NULL)) !=
	    -1)
		switch (ch) {
		case 'h':
			usage(stdout, CLI_OK);
		case 'i':
			id = optarg;
			break;
		case 'J':
			fmt = WAKE_IVF_JSON;
			break;
		case OPT_MD:
			fmt = WAKE_IVF_MD;
			break;
		case OPT_TSV:
			fmt = WAKE_IVF_TSV;
			break;
		case OPT_TEXT:
			fmt = WAKE_IVF_TEXT;
			break;
		case OPT_TABLE:
			form = WAKE_INCIDENTS_TABLE;
			break;
		case OPT_EVENTS:
			form = WAKE_INCIDENTS_EVENTS;
			break;
		case 'o':
			output = optarg;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, CLI_FATAL);
		}
	cli_output(output);
	load(&l, form, argc - optind, argv + optind);
	if (id != NULL)
		only(&l, id);
	if (wake_intervals_write(&l, fmt, &cli_out) != WAKE_OK)
		cli_fatal("out of memory");
	wake_incidents_free(&l);
	return cli_finish(CLI_OK);
}
