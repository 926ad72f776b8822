/*
 * Front-end glue shared by the tools.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <wake/input.h>

#include "cli.h"

const char *cli_progname = "wake";
int cli_verbose;
struct wake_buf cli_out = WAKE_BUF_INIT;
static int saw_bad;

void
cli_init(const char *argv0)
{
	const char *s;

	if (argv0 != NULL && *argv0 != '\0') {
		s = strrchr(argv0, '/');
		cli_progname = s != NULL ? s + 1 : argv0;
	}
	/* Default SIGPIPE: "| head" ends us at once and silently. */
	signal(SIGPIPE, SIG_DFL);
}

static void
vsay(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", cli_progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	saw_bad = 1;
}

void
cli_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

void
cli_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	exit(CLI_FATAL);
}

void
cli_diag(void *arg, const char *origin, unsigned long line,
    const char *reason)
{
	(void)arg;
	if (reason == NULL)	/* origin says it all: "name: reason" */
		cli_warn("%s", origin);
	else if (line > 0)
		cli_warn("%s:%lu: %s", origin, line, reason);
	else
		cli_warn("%s: %s", origin, reason);
}

int
cli_flush_cb(void *arg)
{
	(void)arg;
	cli_flush_maybe();
	return 0;
}

void
cli_each_input(const char *const *paths, size_t n, int quiet,
    int (*fn)(void *arg, struct wake_input *in), void *arg)
{
	static const char *const dash[] = { "-" };
	struct wake_input_opts io = { 0, 0, NULL, NULL };
	struct wake_inputs *ip;
	struct wake_input *in;
	int rc;

	io.diag = quiet ? NULL : cli_diag;
	if (wake_inputs_open(&ip, n > 0 ? paths : dash, n > 0 ? n : 1,
	    &io) != WAKE_OK)
		cli_fatal("out of memory");
	while ((rc = wake_inputs_next(ip, &in)) != WAKE_EOF) {
		if (rc != WAKE_OK) {
			if (!quiet)
				cli_warn("%s", wake_inputs_error(ip));
			continue;
		}
		if ((rc = fn(arg, in)) == WAKE_EOF)
			break;
		if (rc == WAKE_ERR_NOMEM)
			cli_fatal("out of memory");
		if (rc < 0 && !quiet)
			cli_warn("%s", wake_input_error(in));
	}
	wake_inputs_free(ip);
}

const char *
cli_spool_stdin(char *path, size_t n)
{
	char tmpl[4096], buf[65536];
	const char *dir = getenv("TMPDIR");
	ssize_t r;
	int fd;

	snprintf(tmpl, sizeof(tmpl), "%s/%s.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp", cli_progname);
	if ((fd = mkstemp(tmpl)) < 0)
		cli_fatal("%s: %s", tmpl, strerror(errno));
	unlink(tmpl);
	while ((r = read(0, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			cli_fatal("-: %s", strerror(errno));
		}
		if (write(fd, buf, (size_t)r) != r)
			cli_fatal("%s: %s", tmpl, strerror(errno));
	}
	snprintf(path, n, "/dev/fd/%d", fd);
	return path;
}

void
cli_set_bad(void)
{
	saw_bad = 1;
}

void
cli_output(const char *path)
{
	if (path == NULL || strcmp(path, "-") == 0)
		return;
	if (freopen(path, "w", stdout) == NULL)
		cli_fatal("%s: %s", path, strerror(errno));
}

static void
write_out(void)
{
	if (cli_out.n == 0)
		return;
	if (fwrite(cli_out.p, 1, cli_out.n, stdout) != cli_out.n) {
		if (errno == EPIPE)
			exit(CLI_OK);
		cli_fatal("write error: %s", strerror(errno));
	}
	cli_out.n = 0;
}

void
cli_flush_maybe(void)
{
	if (cli_out.n >= 1 << 16)
		write_out();
}

void
cli_flush(void)
{
	write_out();
	if (fflush(stdout) != 0) {
		if (errno == EPIPE)
			exit(CLI_OK);
		cli_fatal("write error: %s", strerror(errno));
	}
}

void
cli_version(void)
{
	printf("%s (wake) %s\n", cli_progname, WAKE_VERSION);
	exit(cli_finish(CLI_OK));
}

int
cli_finish(int status)
{
	cli_flush();
	wake_buf_free(&cli_out);
	if (ferror(stdout) || fclose(stdout) != 0) {
		if (errno == EPIPE)
			return CLI_OK;
		fprintf(stderr, "%s: write error: %s\n", cli_progname,
		    strerror(errno));
		return CLI_FATAL;
	}
	if (status == CLI_OK && saw_bad)
		return CLI_BADINPUT;
	return status;
}
