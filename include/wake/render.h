/*
 * Rendering for people (wake-timeline(1), wake-report(1)): text from
 * logs escaped for the medium it is shown in, times and counts written
 * the way a post-mortem reads, and inline SVG charts on a shared time
 * axis, with the CSS of the HTML pages they sit in.
 *
 * Log text is hostile: a chat message may hold "<script>", a Markdown
 * table pipe, a terminal escape sequence or a spreadsheet formula.
 * Every escaper below makes any byte string inert in its medium:
 *  - bytes that are not valid UTF-8 are shown as the visible text \xHH;
 *  - control characters (C0 but where the medium allows TAB and LF, DEL,
 *    C1), Unicode noncharacters and the bidirectional overrides are
 *    shown as \xHH or \uHHHH, never written raw;
 *  - the characters the medium gives meaning to are escaped as it asks.
 * Escapers append to out and return WAKE_OK, or WAKE_ERR_NOMEM /
 * WAKE_ERR_LIMIT from the buffer (which has then been freed).
 */
#ifndef WAKE_RENDER_H
#define WAKE_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include <wake/event.h>
#include <wake/wake.h>

/*
 * HTML text and attribute values (in double or single quotes): & < > "
 * ' as character references; LF and TAB kept.  Also safe in XHTML and
 * SVG, so a polyglot page parses as XML too.
 */
int wake_escape_html(const char *p, size_t n, struct wake_buf *out);

/*
 * A Markdown table cell (CommonMark and GitHub tables), also safe as a
 * line of text: | and the inline markup characters \ ` * _ [ ] ~ $ are
 * backslash-escaped, < > & become character references (no raw HTML),
 * a leading # > - + = or "1." is escaped so it starts no block, and a
 * line break is written as <br> (a table row is one line).
 */
int wake_escape_md(const char *p, size_t n, struct wake_buf *out);

/*
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR, LF
 * or an outer space, quotes doubled.  A field that a spreadsheet would
 * read as a formula (its first character = + - @ TAB CR, or their
 * full-width forms) gets a leading ' (OWASP's CSV injection advice);
 * write numbers you mean as numbers without this function.
 */
int wake_escape_csv(const char *p, size_t n, struct wake_buf *out);

/*
 * Text for a terminal, on one line: every control character (ESC, CR,
 * LF, TAB, BEL, ...) and \ itself are shown as escapes (\x1b, \r, \n, \t,
 * \\), so no escape sequence reaches the terminal from log text.
 */
int wake_escape_term(const char *p, size_t n, struct wake_buf *out);

/*
 * A JSON string with its quotes; invalid UTF-8 bytes as \udc80-\udcff
 * as the event writer does (wake(7)).
 */
int wake_escape_json(const char *p, size_t n, struct wake_buf *out);

/* NUL-terminated conveniences. */
int wake_escape_htmlz(const char *s, struct wake_buf *out);

/* ---- numbers and times for people ---- */

/* A count with thousands separators: "1,284". */
int wake_render_count(uint64_t v, struct wake_buf *out);

/*
 * An offset from the impact start, to the minute, towards zero:
 * "T+00:12", "T-00:05", "T+27:03".  WAKE_TIME_NONE gives "T?".
 */
int wake_render_offset(int64_t ns, struct wake_buf *out);

struct wake_tz;

#define WAKE_CLOCK_DATE	0x1	/* "2024-02-22 " before the time */
#define WAKE_CLOCK_SEC	0x2	/* ":12" seconds */
#define WAKE_CLOCK_OFF	0x4	/* " -05:00" the zone's offset then */

/*
 * ts as a wall clock in zone tz (NULL: UTC): "09:58", with the flags
 * above "2024-02-22 09:58:12 -05:00".
 */
int wake_render_clock(wake_time_t ts, struct wake_tz *tz, unsigned flags,
    struct wake_buf *out);

/*
 * A short label for a zone: the part after the last '/' with '_' as a
 * space ("America/New_York" -> "New York"), "UTC" for UTC.  Lent.
 */
const char *wake_render_zone_label(const char *name, char *buf,
    size_t bufsz);

/* ---- HTML page parts ---- */

/*
 * The CSS of wake's HTML pages (static text, no '<' or '&', so it sits
 * in a <style> element of a polyglot page): readable widths, tables that
 * scroll sideways on a phone, dark mode by prefers-color-scheme, and
 * print rules (no backgrounds, rows not split, charts kept whole).
 * Classes: .wk-chart (figure of a chart), .wk-tl (timeline table),
 * .wk-iv (intervals), .wk-muted, .wk-sev-err .wk-sev-warn (rows),
 * .wk-phase (phase rows), .wk-scroll (a wrapper that scrolls).
 */
const char *wake_render_css(void);

/* ---- SVG charts ---- */

#define WAKE_CHART_BAR	0	/* bars per bin (stacked when asked) */
#define WAKE_CHART_LINE	1	/* a line through the bins */

struct wake_chart_series {
	const char	*name;		/* legend text (escaped on output) */
	const double	*v;		/* nbins values; NaN: no data */
	int		 style;		/* WAKE_CHART_BAR or _LINE */
	int		 right;		/* 1: on the right axis (lines) */
};

/* A labelled vertical line, e.g. a phase. */
struct wake_chart_mark {
	wake_time_t	 t;
	const char	*label;		/* escaped on output */
	int		 strong;	/* 1: solid line, else dashed */
};

/*
 * A chart of series over bins of equal width starting at t0.  Charts
 * given the same t0, bin, nbins and width share their time axis, so
 * stacked one above the other on a page their times line up.
 */
struct wake_chart {
	const char			*title;	/* caption and <title> */
	const char			*unit;	/* left axis label, or NULL */
	const char			*runit;	/* right axis label, or NULL */
	wake_time_t			 t0;
	int64_t				 bin;	/* ns, > 0 */
	size_t				 nbins;
	const struct wake_chart_series	*series;
	size_t				 nseries;
	int				 stacked; /* bars stack */
	const struct wake_chart_mark	*marks;
	size_t				 nmarks;
	/* A shaded span (the impact), or WAKE_TIME_NONE. */
	wake_time_t			 shade0, shade1;
	/* Zones for extra rows of tick labels under the UTC row. */
	struct wake_tz *const		*tz;
	size_t				 ntz;
	/* viewBox size; 0: 960 by 220 (plus the tick rows). */
	int				 width, height;
};

/*
 * Append the chart as one <svg> element (viewBox sized, so it scales
 * to the page; no script, no external reference), with a legend.
 * Returns WAKE_OK, WAKE_ERR_USAGE (bin <= 0 or no bins) or a buffer
 * error.
 */
int wake_chart_svg(const struct wake_chart *c, struct wake_buf *out);

#endif /* WAKE_RENDER_H */
