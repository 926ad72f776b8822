/*
 * wake-redact: replace phone numbers, e-mail addresses, IP addresses,
 * card numbers, account ids and names by keyed pseudonyms, in events
 * or (--text) in any lines.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wake/input.h>
#include <wake/redact.h>

#include "cli.h"

#define KEY_MAX	(1 << 20)

enum { OPT_TEXT = 256, OPT_KEYFILE, OPT_PRIVATE, OPT_PATTERN, OPT_FIELD,
	OPT_NODEF, OPT_USERS, OPT_REPORT, OPT_MARK, OPT_DIGITS };

static const struct option longopts[] = {
	{ "digits",	required_argument,	NULL, OPT_DIGITS },
	{ "field",	required_argument,	NULL, OPT_FIELD },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, 'J' },
	{ "keep-private-ips", no_argument,	NULL, OPT_PRIVATE },
	{ "key-file",	required_argument,	NULL, OPT_KEYFILE },
	{ "mark",	no_argument,		NULL, OPT_MARK },
	{ "no-default-fields", no_argument,	NULL, OPT_NODEF },
	{ "output",	required_argument,	NULL, 'o' },
	{ "pattern",	required_argument,	NULL, OPT_PATTERN },
	{ "report",	no_argument,		NULL, OPT_REPORT },
	{ "text",	no_argument,		NULL, OPT_TEXT },
	{ "users",	required_argument,	NULL, OPT_USERS },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [-hJV] [--text] [--key-file FILE] "
	    "[--keep-private-ips]\n"
	    "       [--pattern NAME=PCRE2]... [--field NAME[=KIND]]... "
	    "[--no-default-fields]\n"
	    "       [--users FILE] [--report] [--mark] [--digits N] "
	    "[-o FILE] [FILE...]\n", cli_progname);
	if (f == stdout)
		fputs("Replace personal data by keyed pseudonyms "
		    "(<phone:4f1a9c2e>).\n"
		    "  --text              raw lines, not events\n"
		    "  --key-file FILE     the secret (16 bytes or more); "
		    "default: random\n"
		    "  --keep-private-ips  leave RFC 1918, loopback, "
		    "link-local addresses\n"
		    "  --pattern N=RE      PCRE2 matches become <N:...>\n"
		    "  --field N[=KIND]    replace attr N (or host) whole\n"
		    "  --no-default-fields forget caller=, user=, src=, ...\n"
		    "  --users FILE        names in a Slack users.json "
		    "become <user:...>\n"
		    "  --report            counts per kind on stderr\n"
		    "  --mark              {{kind:value}} instead of tokens "
		    "(review only)\n"
		    "  --digits N          token length, 4-16 hex digits\n"
		    "  -J                  write events as JSON Lines\n", f);
	exit(f == stdout ? cli_finish(status) : status);
}

/* A small decimal number, or -1. */
static int
number(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > 1000)
		return -1;
	return (int)v;
}

/* Read the key file (a secret of 16 bytes or more) into r. */
static void
key_file(struct wake_redact *r, const char *path)
{
	unsigned char *b;
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		cli_fatal("%s: %s", path, strerror(errno));
	if ((b = malloc(KEY_MAX)) == NULL)
		cli_fatal("out of memory");
	n = fread(b, 1, KEY_MAX, f);
	if (ferror(f))
		cli_fatal("%s: %s", path, strerror(errno));
	if (n == KEY_MAX && fgetc(f) != EOF)
		cli_fatal("%s: a key file of more than 1 MiB", path);
	fclose(f);
	if (wake_redact_set_key(r, b, n) != WAKE_OK)
		cli_fatal("%s: %s", path, wake_redact_error(r));
	explicit_bzero(b, KEY_MAX);
	free(b);
}

static void
report(const struct wake_redact *r)
{
	const char *kind;
	uint64_t n, kept;
	size_t i;

	for (i = 0; wake_redact_count(r, i, &kind, &n, &kept) == WAKE_OK;
	    i++) {
		cli_info("%s: %llu replaced", kind, (unsigned long long)n);
		if (kept > 0)
			cli_info("%s: %llu private kept", kind,
			    (unsigned long long)kept);
	}
}

struct run {
	struct wake_redact		*r;
	struct wake_redact_run_opts	*ro;
};

static int
run_input(void *arg, struct wake_input *in)
{
	struct run *a = arg;

	return wake_redact_run(a->r, in, a->ro);
}

static void
run(struct wake_redact *r, struct wake_redact_run_opts *ro, char **paths,
    int n)
{
	struct run a = { r, ro };

	cli_each_input((const char *const *)paths, (size_t)n, 0, run_input,
	    &a);
}

int
main(int argc, char *argv[])
{
	struct wake_redact_run_opts ro = { .out = &cli_out, .flush = cli_flush_cb,
	    .diag = cli_diag };
	struct wake_redact *r;
	const char *output = NULL;
	int ch, rc = WAKE_OK, keyed = 0, rep = 0, mark = 0;

	cli_init(argv[0]);
	if ((rc = wake_redact_new(&r)) != WAKE_OK)
		cli_fatal("%s", wake_strerror(rc));
	while ((ch = getopt_long(argc, argv, "hJo:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout, CLI_OK);
		case 'J':
			ro.json = 1;
			break;
		case 'o':
			output = optarg;
			break;
		case 'V':
			cli_version();
		case OPT_TEXT:
			ro.text = 1;
			break;
		case OPT_KEYFILE:
			key_file(r, optarg);
			keyed = 1;
			break;
		case OPT_PRIVATE:
			wake_redact_set_keep_private(r, 1);
			break;
		case OPT_PATTERN:
			rc = wake_redact_add_pattern(r, optarg);
			break;
		case OPT_FIELD:
			rc = wake_redact_add_field(r, optarg);
			break;
		case OPT_NODEF:
			wake_redact_no_default_fields(r);
			break;
		case OPT_USERS:
			rc = wake_redact_load_users(r, optarg);
			break;
		case OPT_REPORT:
			rep = 1;
			break;
		case OPT_MARK:
			wake_redact_set_mark(r, 1);
			mark = 1;
			break;
		case OPT_DIGITS:
			rc = wake_redact_set_digits(r, number(optarg));
			break;
		default:
			usage(stderr, CLI_FATAL);
		}
		if (rc != WAKE_OK)
			cli_fatal("%s", wake_redact_error(r));
	}
	if (!keyed && !mark)
		cli_info("no --key-file: a random key for this run (its tokens "
		    "match no other run)");
	cli_output(output);
	run(r, &ro, argv + optind, argc - optind);
	if (rep)
		report(r);
	wake_redact_free(r);
	return cli_finish(CLI_OK);
}
