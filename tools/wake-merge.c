/*
 * wake-merge: merge event streams by time; sort unsorted ones in
 * bounded memory; correct per-source clock skew.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <wake/merge.h>

#include "cli.h"

enum { OPT_SORT = 256, OPT_BUFFER, OPT_SKEW };

static const struct option longopts[] = {
	{ "buffer-size",	required_argument,	NULL, OPT_BUFFER },
	{ "help",		no_argument,		NULL, 'h' },
	{ "json",		no_argument,		NULL, 'J' },
	{ "output",		required_argument,	NULL, 'o' },
	{ "skew",		required_argument,	NULL, OPT_SKEW },
	{ "sort",		no_argument,		NULL, OPT_SORT },
	{ "temporary-directory", required_argument,	NULL, 'T' },
	{ "version",		no_argument,		NULL, 'V' },
	{ NULL,			0,			NULL, 0 }
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [-hJV] [--sort] [--buffer-size SIZE] "
	    "[--skew SRC=+-DURATION]...\n"
	    "       [-T DIR] [-o FILE] [FILE...]\n", cli_progname);
	if (f == stdout)
		fputs("Merge event streams sorted by time into one.\n"
		    "  -J, --json             write JSON Lines\n"
		    "      --sort             inputs need not be sorted\n"
		    "      --buffer-size SIZE memory for --sort (256M)\n"
		    "      --skew SRC=DUR     shift src SRC by DUR "
		    "(e.g. pbx=-90s)\n"
		    "  -T DIR                 temporary files for --sort\n"
		    "  -o FILE                write to FILE\n"
		    "  -h, --help             this help\n"
		    "  -V, --version          the version\n", f);
	exit(f == stdout ? cli_finish(status) : status);
}

int
main(int argc, char *argv[])
{
	struct wake_merge_opts o = WAKE_MERGE_OPTS_INIT;
	struct wake_merge *m;
	const char *output = NULL, **skews;
	int ch, i, rc, nskews = 0;

	cli_init(argv[0]);
	if ((skews = calloc((size_t)argc + 1, sizeof(*skews))) == NULL)
		cli_fatal("out of memory");
	while ((ch = getopt_long(argc, argv, "hJo:T:V", longopts, NULL)) != -1)
		switch (ch) {
		case 'h':
			usage(stdout, CLI_OK);
		case 'J':
			o.json = 1;
			break;
		case 'o':
			output = optarg;
			break;
		case 'T':
			o.tmpdir = optarg;
			break;
		case 'V':
			cli_version();
		case OPT_SORT:
			o.sort = 1;
			break;
		case OPT_BUFFER:
			if (wake_size_parse(optarg, &o.buffer_size) != WAKE_OK) {
				cli_info("bad --buffer-size '%s'", optarg);
				usage(stderr, CLI_FATAL);
			}
			break;
		case OPT_SKEW:
			skews[nskews++] = optarg;
			break;
		default:
			usage(stderr, CLI_FATAL);
		}
	argc -= optind;
	argv += optind;
	o.out = &cli_out;
	o.flush = cli_flush_cb;
	o.diag = cli_diag;
	if (wake_merge_new(&m, &o) != WAKE_OK)
		cli_fatal("out of memory");
	for (i = 0; i < nskews; i++) {
		if ((rc = wake_merge_add_skew(m, skews[i])) == WAKE_ERR_NOMEM)
			cli_fatal("out of memory");
		if (rc != WAKE_OK) {
			cli_info("%s", wake_merge_error(m));
			usage(stderr, CLI_FATAL);
		}
	}
	free(skews);
	for (i = 0; i < argc || (i == 0 && argc == 0); i++)
		if (wake_merge_add_path(m, argc > 0 ? argv[i] : "-") !=
		    WAKE_OK)
			cli_fatal("out of memory");
	cli_output(output);
	if ((rc = wake_merge_run(m)) < 0)
		cli_fatal("%s", wake_merge_error(m));
	wake_merge_free(m);
	return cli_finish(CLI_OK);
}
