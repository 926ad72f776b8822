/*
 * Small helpers shared by the library: return code texts, length-aware
 * string comparison, decimal output, and level words to severities.
 */
#include <string.h>

#include "internal.h"

const char *
wake_strerror(int code)
{
	switch (code) {
	case WAKE_OK:
		return "success";
	case WAKE_EOF:
		return "end of input";
	case WAKE_ERR_NOMEM:
		return "out of memory";
	case WAKE_ERR_IO:
		return "input/output error";
	case WAKE_ERR_FORMAT:
		return "malformed input";
	case WAKE_ERR_LIMIT:
		return "limit reached";
	case WAKE_ERR_USAGE:
		return "bad usage";
	default:
		return "unknown error";
	}
}

int
wk_streq(const char *p, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lit[i] == '\0' || p[i] != lit[i])
			return 0;
	return lit[n] == '\0';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int
wk_strcaseeq(const char *p, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lit[i] == '\0' ||
		    lower((unsigned char)p[i]) != lower((unsigned char)lit[i]))
			return 0;
	return lit[n] == '\0';
}

int
wk_buf_putu(struct wake_buf *b, uint64_t v)
{
	char tmp[20];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	return wake_buf_put(b, tmp + i, sizeof(tmp) - i);
}

/*
 * Level words as logs write them.  Single letters are those of glog and
 * Android logcat (V D I W E F); F is glog's FATAL, taken as crit like
 * FATAL itself.  "C" and "N" are left out: too ambiguous in free text.
 * java.util.logging's SEVERE is err, its CONFIG info, FINE* debug.
 */
static const struct {
	const char	*word;
	int		 sev;
} sevwords[] = {
	{ "emerg", WAKE_SEV_EMERG },
	{ "emergency", WAKE_SEV_EMERG },
	{ "panic", WAKE_SEV_EMERG },
	{ "alert", WAKE_SEV_ALERT },
	{ "crit", WAKE_SEV_CRIT },
	{ "critical", WAKE_SEV_CRIT },
	{ "crt", WAKE_SEV_CRIT },
	{ "fatal", WAKE_SEV_CRIT },
	{ "f", WAKE_SEV_CRIT },
	{ "err", WAKE_SEV_ERR },
	{ "error", WAKE_SEV_ERR },
	{ "erro", WAKE_SEV_ERR },
	{ "e", WAKE_SEV_ERR },
	{ "severe", WAKE_SEV_ERR },
	{ "warn", WAKE_SEV_WARN },
	{ "warning", WAKE_SEV_WARN },
	{ "wrn", WAKE_SEV_WARN },
	{ "w", WAKE_SEV_WARN },
	{ "notice", WAKE_SEV_NOTICE },
	{ "info", WAKE_SEV_INFO },
	{ "inf", WAKE_SEV_INFO },
	{ "information", WAKE_SEV_INFO },
	{ "informational", WAKE_SEV_INFO },
	{ "i", WAKE_SEV_INFO },
	{ "config", WAKE_SEV_INFO },
	{ "debug", WAKE_SEV_DEBUG },
	{ "dbg", WAKE_SEV_DEBUG },
	{ "d", WAKE_SEV_DEBUG },
	{ "trace", WAKE_SEV_DEBUG },
	{ "fine", WAKE_SEV_DEBUG },
	{ "finer", WAKE_SEV_DEBUG },
	{ "finest", WAKE_SEV_DEBUG },
	{ "verbose", WAKE_SEV_DEBUG },
	{ "v", WAKE_SEV_DEBUG },
};

int
wk_sev_from_word(const char *p, size_t n)
{
	size_t i;

	if (n == 0 || n > 13)
		return -2;
	for (i = 0; i < WK_NELEM(sevwords); i++)
		if (wk_strcaseeq(p, n, sevwords[i].word))
			return sevwords[i].sev;
	return -2;
}
