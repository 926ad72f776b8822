/*
 * wake: the front door.  "wake parse ARGS" runs "wake-parse ARGS",
 * looked for next to this program first, then on PATH; "wake help" lists
 * the wake-* tools found (wake(1)).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct {
	const char	*name;
	const char	*desc;
} known[] = {
	{ "parse", "raw logs in, events out: detect formats, time to UTC" },
	{ "merge", "merge event streams by time, per-source clock skew" },
	{ "grep", "select events by time window, fields and patterns" },
	{ "stats", "counts per time bin by any field, call-center KPIs" },
	{ "mine", "mine message templates, adding tmpl=" },
	{ "detect", "find impact windows from rates and markers" },
	{ "intervals", "TTD, TTA, TTM and TTR per incident, and their means" },
	{ "cause", "rank probable causes of an incident" },
	{ "timeline", "the post-mortem timeline: text, Markdown, HTML, ..." },
	{ "report", "periodic summary of incidents, for cron" },
	{ "redact", "keyed pseudonyms for phone numbers, emails, IPs, ids" },
	{ "postmortem", "raw inputs to a post-mortem folder, in one command" },
	{ "gen", "generate the sample logs" },
};

struct names {
	char	**v;
	size_t	  n;
};

static void __attribute__((noreturn))
usage(FILE *f, int status)
{
	fprintf(f, "usage: wake [-hV] [COMMAND [ARG...]]\n"
	    "       wake help [COMMAND]\n");
	exit(f == stdout ? cli_finish(status) : status);
}

/* The directory this program lives in, or "" when unknown. */
static void
self_dir(char *dir, size_t size)
{
	ssize_t n;
	char *slash;

	dir[0] = '\0';
	if ((n = readlink("/proc/self/exe", dir, size - 1)) <= 0)
		return;
	dir[n] = '\0';
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		dir[0] = '\0';
}

static int
has_name(const struct names *ns, const char *name)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		if (strcmp(ns->v[i], name) == 0)
			return 1;
	return 0;
}

/* Add the NAMEs of the executable wake-NAME files in dir. */
static void
scan_dir(struct names *ns, const char *dir)
{
	char path[PATH_MAX], **nv;
	struct dirent *e;
	struct stat sb;
	DIR *d;

	if (*dir == '\0' || (d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "wake-", 5) != 0 ||
		    e->d_name[5] == '\0' || has_name(ns, e->d_name + 5))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(path) || stat(path, &sb) != 0 ||
		    !S_ISREG(sb.st_mode) || access(path, X_OK) != 0)
			continue;
		if ((nv = reallocarray(ns->v, ns->n + 1, sizeof(*nv))) ==
		    NULL || (nv[ns->n] = strdup(e->d_name + 5)) == NULL) {
			if (nv != NULL)
				ns->v = nv;
			closedir(d);
			cli_fatal("out of memory");
		}
		ns->v = nv;
		ns->n++;
	}
	closedir(d);
}

static int
cmpname(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *
describe(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(known[i].name, name) == 0)
			return known[i].desc;
	return "";
}

static int
list_tools(void)
{
	struct names ns = { NULL, 0 };
	char dir[PATH_MAX], *path, *p, *q;
	size_t i;

	self_dir(dir, sizeof(dir));
	scan_dir(&ns, dir);
	if ((path = getenv("PATH")) != NULL && (path = strdup(path)) != NULL) {
		for (p = path; p != NULL; p = q) {
			if ((q = strchr(p, ':')) != NULL)
				*q++ = '\0';
			scan_dir(&ns, *p == '\0' ? "." : p);
		}
		free(path);
	}
	qsort(ns.v, ns.n, sizeof(*ns.v), cmpname);
	printf("usage: wake COMMAND [ARG...]  (runs wake-COMMAND; see "
	    "wake(1))\n\ncommands found:\n");
	for (i = 0; i < ns.n; i++) {
		printf("  %-12s %s\n", ns.v[i], describe(ns.v[i]));
		free(ns.v[i]);
	}
	if (ns.n == 0)
		printf("  (none: no wake-* programs next to wake or on "
		    "PATH)\n");
	free(ns.v);
	return cli_finish(CLI_OK);
}

/* Run wake-NAME with args; returns only on failure. */
static void __attribute__((noreturn))
run_tool(const char *name, char *argv[])
{
	char tool[256], dir[PATH_MAX], path[PATH_MAX];
	int err;

	if (*name == '\0' || strchr(name, '/') != NULL ||
	    snprintf(tool, sizeof(tool), "wake-%s", name) >= (int)sizeof(tool))
		cli_fatal("%s: not a wake command (see 'wake help')", name);
	argv[0] = tool;
	fflush(stdout);
	self_dir(dir, sizeof(dir));
	if (*dir != '\0' && snprintf(path, sizeof(path), "%s/%s", dir, tool) <
	    (int)sizeof(path) && access(path, X_OK) == 0)
		execv(path, argv);
	execvp(tool, argv);
	err = errno;
	if (err == ENOENT)
		cli_fatal("%s: not a wake command (see 'wake help')", name);
	cli_fatal("%s: %s", tool, strerror(err));
}

int
main(int argc, char *argv[])
{
	static char help[] = "--help";
	char *hargv[3];

	cli_init(argv[0]);
	if (argc < 2)
		return list_tools();
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return list_tools();
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)
		cli_version();
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3)
			return list_tools();
		hargv[0] = NULL;
		hargv[1] = help;
		hargv[2] = NULL;
		run_tool(argv[2], hargv);
	}
	if (argv[1][0] == '-') {
		fprintf(stderr, "%s: unknown option %s\n", cli_progname,
		    argv[1]);
		usage(stderr, CLI_FATAL);
	}
	run_tool(argv[1], argv + 1);
}
