/*
 * wake-gen: shared declarations.  The generator uses only the C library
 * and its own code (no libwake, no zlib, no libm), so that its output is
 * the same bytes on every machine and it builds whatever state libwake
 * is in.
 */
#ifndef WAKE_GEN_H
#define WAKE_GEN_H

#include <stddef.h>
#include <stdint.h>

#define GEN_NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- util.c: random numbers ---- */

/* xoshiro256** seeded through splitmix64: fast, and the same everywhere. */
struct rng {
	uint64_t	s[4];
};

void	 rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n) (n > 0); multiply-shift, no modulo bias to speak of. */
uint32_t rng_below(struct rng *r, uint32_t n);
/*
 * Uniform in [0, n) from a word drawn beforehand.  C leaves the order in
 * which a call's arguments are evaluated open, so a call that needs two
 * random values takes them from words drawn before it (rng_fill), never
 * from two rng_below() in its argument list.
 */
static inline uint32_t
below(uint64_t x, uint32_t n)
{
	return (uint32_t)(((x >> 32) * (uint64_t)n) >> 32);
}
void	 rng_fill(struct rng *r, uint64_t *v, size_t n);
/* One of the n strings. */
const char *rng_pick(struct rng *r, const char *const *v, size_t n);
#define RNG_PICK(r, v)	rng_pick((r), (v), GEN_NELEM(v))

/* ---- util.c: a growable byte buffer; allocation failure exits ---- */

struct gbuf {
	char	*p;
	size_t	 n;
	size_t	 cap;
};

void	gbuf_reserve(struct gbuf *b, size_t more);
void	gbuf_put(struct gbuf *b, const void *p, size_t n);
void	gbuf_puts(struct gbuf *b, const char *s);
void	gbuf_putc(struct gbuf *b, int c);
/* Decimal, zero-padded to width digits (0: no padding). */
void	gbuf_putu(struct gbuf *b, uint64_t v, int width);
void	gbuf_printf(struct gbuf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	gbuf_free(struct gbuf *b);

/* Write all of p to fd; exits on error (a closed pipe ends quietly). */
void	write_all(int fd, const void *p, size_t n);
/* Write a whole file; exits on error. */
void	write_file(const char *dir, const char *name, const void *p,
	    size_t n);

/* Print "wake-gen: message" and exit 2. */
void	die(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	*xmalloc(size_t n);
void	*xreallocarray(void *p, size_t n, size_t size);

/* ---- util.c: time, in milliseconds since 1970 (UTC) ---- */

int64_t	days_from_civil(int y, int m, int d);
void	civil_from_days(int64_t z, int *y, int *m, int *d);

/* Broken-down wall-clock time of ms shifted by off (seconds east). */
struct gtm {
	int	year, mon, day, hour, min, sec, ms, wday;
};
void	gtm_from_ms(int64_t ms, int off, struct gtm *tm);

extern const char *const month_abbr[12];
extern const char *const wday_abbr[7];

/* 2024-02-22T09:58:12.345Z (24 bytes). */
void	put_iso_utc(struct gbuf *b, int64_t ms);
/* 2024-02-22T18:58:12.345+09:00, or ...Z when off is 0 and z is set. */
void	put_iso_off(struct gbuf *b, int64_t ms, int off, int z);
/* 2024-02-22T18:58:12.345678+09:00: ms plus us (0..999) microseconds. */
void	put_iso_us(struct gbuf *b, int64_t ms, int us, int off);
/* Feb 22 04:58:12 (RFC 3164; day space-padded). */
void	put_rfc3164(struct gbuf *b, int64_t ms, int off);
/* 22/Feb/2024:03:58:12 -0600 */
void	put_clf(struct gbuf *b, int64_t ms, int off);

/* ---- deflate.c: deterministic gzip, independent of zlib's version ---- */

/* Append the gzip member (mtime 0, no name, OS 3) of p to out. */
void	gzip_encode(const void *p, size_t n, struct gbuf *out);

/* ---- outage*.c ---- */

/*
 * The planted scenario: every time in ms since 1970, UTC.  One struct,
 * shared by every file's writer, so that adding a file (call center,
 * chat) means writing one more function that reads these.
 */
struct scenario {
	int64_t	 day0;		/* 2024-02-22T00:00:00Z */
	int64_t	 end;		/* day0 + 24h */
	int64_t	 chg_approved;	/* change ticket approved */
	int64_t	 chg_start;	/* change push starts (first CONFIG_I) */
	int64_t	 chg_done;	/* push reported complete */
	int64_t	 impact;	/* impact begins: first BGP session down */
	int64_t	 detect;	/* first alert fires */
	int64_t	 peak;		/* customer impact at its highest */
	int64_t	 rollback;	/* rollback starts */
	int64_t	 mitigate;	/* rollback applied: mitigation */
	int64_t	 recover;	/* every series back at baseline */
	int64_t	 rotate;	/* router.log rotation (06:25:01 New York) */
	const char *chg_id;
	const char *chg_text;
	const char *chg_actor;
	const char *new_tmpl;	/* the error template first seen at impact */
	int	 ny_off;	/* America/New_York on that day (EST) */
	int	 chi_off;	/* America/Chicago (CST) */
	int	 tyo_off;	/* Asia/Tokyo (JST) */
	int64_t	 ack;		/* first human acknowledgement (chat) */
	int64_t	 resolve;	/* declared resolved (chat), after recover */
};

void	scenario_init(struct scenario *sc);

/*
 * Expected events per minute, in thousandths, at UTC time t: the
 * background follows the diurnal curve of the subscribers' local
 * (New York) time of day; base is the rate at the daily maximum.
 */
uint32_t diurnal_rate(const struct scenario *sc, int64_t t, uint32_t base);
/* Customer impact at t, per mille (0 outside the incident). */
uint32_t impact_level(const struct scenario *sc, int64_t t);

/*
 * Arrival times of a point process over [t0, t1): the minute's rate
 * (thousandths per minute) comes from fn; each 100 ms slot fires with
 * that probability (integer arithmetic only).  Returns the count; the
 * times (sorted) are in *out, which the caller frees.
 */
typedef uint32_t (*rate_fn)(const struct scenario *sc, int64_t t,
    const void *arg);
size_t	arrivals(struct rng *r, const struct scenario *sc, int64_t t0,
	    int64_t t1, rate_fn fn, const void *arg, int64_t **out);
/* rate_fn for a diurnal background; arg points to the uint32_t base. */
uint32_t rate_bg(const struct scenario *sc, int64_t t, const void *arg);
/* rate_fn following the impact; arg points to the uint32_t rate at
 * full impact (thousandths per minute). */
uint32_t rate_impact(const struct scenario *sc, int64_t t, const void *arg);

/*
 * A file being built: records with a time, gathered in any order,
 * sorted, then rendered.  text holds the record's body; the renderer
 * adds the per-format prefix.
 */
struct rec {
	int64_t		 ts;
	uint32_t	 seq;	/* insertion order: ties keep it */
	int		 host;	/* index into the file's host table */
	int		 sev;	/* syslog severity 0..7 */
	size_t		 off;	/* body in recs.text */
	size_t		 len;
	int		 lines;	/* physical lines (multi-line records) */
};

struct recs {
	struct rec	*v;
	size_t		 n;
	size_t		 cap;
	struct gbuf	 text;
};

void	recs_add(struct recs *rs, int64_t ts, int host, int sev,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Append more body to the last record (for multi-line records). */
void	recs_more(struct recs *rs, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	recs_sort(struct recs *rs);
void	recs_free(struct recs *rs);
#define REC_BODY(rs, r)	((rs)->text.p + (r)->off)

/* What a file writer reports for TRUTH. */
struct filefacts {
	char		 name[64];
	char		 format[32];	/* the format wake-parse should see */
	char		 zone[160];	/* how its times are written */
	char		 tz[48];	/* --tz for its zone-less stamps */
	uint64_t	 lines;		/* physical lines */
	uint64_t	 records;	/* events (a multi-line record: 1) */
	uint64_t	 folded;	/* continuation lines */
	uint64_t	 errors;	/* records at err or worse */
	int64_t		 first, last;	/* UTC ms of first and last record */
	int64_t		 new_first;	/* first line of the new template */
	uint64_t	 new_count;
	char		 extra[512];	/* more "key: value" lines */
};

void	facts_init(struct filefacts *ff, const char *name);
/* "key: 2024-02-22T09:58:12.345Z\n" ('-' for INT64_MIN). */
void	put_fact_time(struct gbuf *b, const char *key, int64_t t);
/* Account one record of nlines physical lines at severity sev. */
void	facts_add(struct filefacts *ff, int64_t ts, int sev, int nlines);

/* One function per file: build it into out, fill in facts. */
typedef void (*file_fn)(const struct scenario *sc, struct gbuf *out,
    struct filefacts *ff);
void	gen_core_syslog(const struct scenario *sc, struct gbuf *out,
	    struct filefacts *ff);
/* router.log and router.log.1.gz come from one day of messages. */
void	gen_router(const struct scenario *sc, struct gbuf *cur,
	    struct gbuf *prev, struct filefacts *fcur,
	    struct filefacts *fprev);
void	gen_app_jsonl(const struct scenario *sc, struct gbuf *out,
	    struct filefacts *ff);
void	gen_app_worker(const struct scenario *sc, struct gbuf *out,
	    struct filefacts *ff);
void	gen_access(const struct scenario *sc, struct gbuf *out,
	    struct filefacts *ff);

/* queue_log and the calls.truth it plants (outage_calls.c). */
void	gen_queue_log(const struct scenario *sc, struct gbuf *out,
	    struct gbuf *truth, struct filefacts *ff);
void	gen_reports(const struct scenario *sc, struct gbuf *out,
	    struct filefacts *ff);
/* The Slack export zip (outage_chat.c). */
void	gen_slack(const struct scenario *sc, struct gbuf *out,
	    struct filefacts *ff);

/* ---- zip.c: a deterministic zip writer ---- */

struct zip {
	struct gbuf	 out;	/* local headers and data */
	struct gbuf	 cd;	/* central directory */
	uint32_t	 n;
	int64_t		 mtime;	/* UTC ms, for every entry */
};

void	zip_init(struct zip *z, int64_t mtime);
/* A folder entry ("name/") or a file, deflated when that is smaller. */
void	zip_dir(struct zip *z, const char *name);
void	zip_add(struct zip *z, const char *name, const void *p, size_t n);
/* The whole archive into out; z is freed. */
void	zip_finish(struct zip *z, struct gbuf *out);

int	cmd_outage(int argc, char *argv[]);
int	cmd_queue_log(int argc, char *argv[]);
int	cmd_syslog(int argc, char *argv[]);
int	cmd_events(int argc, char *argv[]);

#endif /* WAKE_GEN_H */
