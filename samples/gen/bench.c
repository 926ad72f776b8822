/*
 * wake-gen syslog and events: fast generators of benchmark input.
 * Lines are built with memcpy of literals and table lookups into a
 * 1 MiB buffer; no stdio, no printf on the hot path.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

#define OUTSZ	(1 << 20)
#define SLACK	4096	/* room for one line past OUTSZ */

#define LIT(o, s)	(memcpy((o), (s), sizeof(s) - 1), (o) += sizeof(s) - 1)

struct obuf {
	char		*p;
	char		*o;	/* write position */
	uint64_t	 total;
};

static void
obuf_flush(struct obuf *b)
{
	write_all(1, b->p, (size_t)(b->o - b->p));
	b->total += (uint64_t)(b->o - b->p);
	b->o = b->p;
}

static char *
putu(char *o, uint32_t v)
{
	char tmp[10];
	int i = 10;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	memcpy(o, tmp + i, (size_t)(10 - i));
	return o + 10 - i;
}

static char *
putu0(char *o, uint32_t v, int w)
{
	int i;

	for (i = w - 1; i >= 0; i--) {
		o[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return o + w;
}

static char *
puts_(char *o, const char *s, size_t n)
{
	memcpy(o, s, n);
	return o + n;
}

#define PUTS(o, s)	((o) = puts_((o), (s).p, (s).n))

static char *
putip(char *o, uint32_t v)
{
	o = putu(o, 10 + (v >> 24) % 200);
	*o++ = '.';
	o = putu(o, (v >> 16) & 255);
	*o++ = '.';
	o = putu(o, (v >> 8) & 255);
	*o++ = '.';
	return putu(o, 1 + (v & 255) % 254);
}

static char *
puthex(char *o, uint64_t v, int n)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < n; i++, v >>= 4)
		o[i] = hex[v & 15];
	return o + n;
}

struct sstr {
	const char	*p;
	size_t		 n;
};
#define S(x)	{ x, sizeof(x) - 1 }

static const struct sstr users[] = {
	S("root"), S("admin"), S("deploy"), S("oracle"), S("test"),
	S("ubuntu"), S("git"), S("postgres"), S("jenkins"), S("pi"),
	S("netops"), S("backup"), S("nagios"), S("guest"), S("ftpuser"),
	S("support")
};

static const struct sstr domains[] = {
	S("api.example.net"), S("mail.example.com"), S("cdn.example.org"),
	S("www.mobile.example.net"), S("time.example.com"),
	S("updates.example.com"), S("login.example.net"),
	S("push.example.org")
};

static const struct sstr paths[] = {
	S("/v1/balance"), S("/v1/usage"), S("/v1/plans"), S("/v1/sessions"),
	S("/v1/notifications"), S("/healthz"), S("/v1/topup"),
	S("/v2/devices")
};

static const struct sstr cisco[] = {
	S("%LINK-3-UPDOWN: Interface GigabitEthernet0/0/"),
	S("%LINEPROTO-5-UPDOWN: Line protocol on Interface "
	    "GigabitEthernet0/0/"),
	S("%BGP-5-ADJCHANGE: neighbor 10.20.0."),
	S("%SEC-6-IPACCESSLOGP: list EDGE-IN denied tcp 198.51.100."),
	S("%SYS-5-CONFIG_I: Configured from console by netops on vty"),
	S("%SNMP-3-AUTHFAIL: Authentication failure for SNMP request from "
	    "host 10.9.9."),
};

#define NHOST	256
#define NFP	16

struct sgen {
	struct rng	 r;
	struct sstr	 host[NHOST];
	char		 hostbuf[NHOST * 16];
	char		 fp[NFP][44];
	int64_t		 ms;		/* local wall clock, ms */
	int64_t		 sec;		/* second of stamp[] */
	char		 stamp[16];	/* "Feb 22 04:12:07 " */
	char		 iso[20];	/* "2024/02/22 04:12:07" */
	uint32_t	 seq;
};

static void
sgen_init(struct sgen *g, uint64_t seed)
{
	static const char *const pre[] = {
		"web", "db", "app", "cache", "lb", "mq", "k8s-node", "core-rtr",
		"agg-sw", "fw", "mail", "dns", "ntp", "vpn", "edge", "bastion"
	};
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *o = g->hostbuf;
	int i, j;

	rng_seed(&g->r, seed);
	for (i = 0; i < NHOST; i++) {
		g->host[i].p = o;
		o = puts_(o, pre[i % 16], strlen(pre[i % 16]));
		*o++ = '-';
		o = putu0(o, (uint32_t)(i / 16 + 1), 2);
		g->host[i].n = (size_t)(o - g->host[i].p);
	}
	for (i = 0; i < NFP; i++)
		for (j = 0; j < 43; j++)
			g->fp[i][j] = b64[rng_below(&g->r, 64)];
	g->ms = days_from_civil(2024, 2, 22) * 86400000LL;
	g->sec = -1;
	g->seq = 100000;
}

static void
sgen_stamp(struct sgen *g)
{
	struct gtm tm;
	char *o;

	g->sec = g->ms / 1000;
	gtm_from_ms(g->ms, 0, &tm);
	o = puts_(g->stamp, month_abbr[tm.mon - 1], 3);
	*o++ = ' ';
	*o++ = tm.day < 10 ? ' ' : (char)('0' + tm.day / 10);
	*o++ = (char)('0' + tm.day % 10);
	*o++ = ' ';
	o = putu0(o, (uint32_t)tm.hour, 2);
	*o++ = ':';
	o = putu0(o, (uint32_t)tm.min, 2);
	*o++ = ':';
	o = putu0(o, (uint32_t)tm.sec, 2);
	*o = ' ';
	o = putu0(g->iso, (uint32_t)tm.year, 4);
	*o++ = '/';
	o = putu0(o, (uint32_t)tm.mon, 2);
	*o++ = '/';
	o = putu0(o, (uint32_t)tm.day, 2);
	*o++ = ' ';
	memcpy(o, g->stamp + 7, 8);
}

static char *
pid(char *o, const char *prog, size_t n, uint32_t h)
{
	o = puts_(o, prog, n);
	*o++ = '[';
	o = putu(o, 300 + (h * 7919 + (uint32_t)n * 104729) % 60000);
	*o++ = ']';
	*o++ = ':';
	*o++ = ' ';
	return o;
}
#define PID(o, lit, h)	((o) = pid((o), (lit), sizeof(lit) - 1, (h)))

/* One syslog line at o; returns the end. */
static char *
sgen_line(struct sgen *g, char *o)
{
	uint64_t a = rng_next(&g->r), b = rng_next(&g->r);
	uint32_t h = (uint32_t)(a & 255), k = (uint32_t)(a >> 8) & 255;
	uint32_t ip = (uint32_t)(b >> 32), port = 1024 + (uint32_t)(b >> 16) %
	    64000;

	g->ms += (int64_t)((a >> 16) & 15);
	if (g->ms / 1000 != g->sec)
		sgen_stamp(g);
	memcpy(o, g->stamp, 16);
	o += 16;
	PUTS(o, g->host[h]);
	*o++ = ' ';
	if (k < 20) {
		PID(o, "sshd", h);
		LIT(o, "Accepted publickey for ");
		PUTS(o, users[(a >> 20) & 15]);
		LIT(o, " from ");
		o = putip(o, ip);
		LIT(o, " port ");
		o = putu(o, port);
		LIT(o, " ssh2: RSA SHA256:");
		o = puts_(o, g->fp[(a >> 24) & 15], 43);
	} else if (k < 46) {
		PID(o, "sshd", h);
		LIT(o, "Failed password for invalid user ");
		PUTS(o, users[(a >> 20) & 15]);
		LIT(o, " from ");
		o = putip(o, ip);
		LIT(o, " port ");
		o = putu(o, port);
		LIT(o, " ssh2");
	} else if (k < 58) {
		PID(o, "sshd", h);
		LIT(o, "Received disconnect from ");
		o = putip(o, ip);
		LIT(o, " port ");
		o = putu(o, port);
		LIT(o, ":11: Bye Bye [preauth]");
	} else if (k < 72) {
		PID(o, "CRON", h);
		LIT(o, "(root) CMD (   cd / && run-parts --report "
		    "/etc/cron.hourly)");
	} else if (k < 92) {
		LIT(o, "systemd[1]: ");
		if (a & (1ULL << 40)) {
			LIT(o, "Started Session ");
			o = putu(o, (uint32_t)(b & 0xfffff));
			LIT(o, " of User ");
			PUTS(o, users[(a >> 20) & 15]);
			*o++ = '.';
		} else {
			LIT(o, "session-");
			o = putu(o, (uint32_t)(b & 0xfffff));
			LIT(o, ".scope: Succeeded.");
		}
	} else if (k < 112) {
		LIT(o, "kernel: [");
		o = putu(o, (uint32_t)(g->ms / 1000 % 9000000));
		*o++ = '.';
		o = putu0(o, (uint32_t)(b & 0xfffff) % 1000000, 6);
		LIT(o, "] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:"
		    "00:1b:21:3a:4f:8c:08:00 SRC=");
		o = putip(o, ip);
		LIT(o, " DST=10.0.");
		o = putu(o, h);
		LIT(o, ".5 LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=");
		o = putu(o, (uint32_t)(b & 0xffff));
		LIT(o, " DF PROTO=TCP SPT=");
		o = putu(o, port);
		LIT(o, " DPT=");
		o = putu(o, (a >> 32) & 1 ? 22 : 3389);
		LIT(o, " WINDOW=64240 RES=0x00 SYN URGP=0");
	} else if (k < 132) {
		PID(o, "postfix/smtpd", h);
		if (a & (1ULL << 41)) {
			LIT(o, "connect from unknown[");
			o = putip(o, ip);
			*o++ = ']';
		} else {
			LIT(o, "disconnect from unknown[");
			o = putip(o, ip);
			LIT(o, "] ehlo=1 auth=0/1 quit=1 commands=2/3");
		}
	} else if (k < 146) {
		PID(o, "dhcpd", h);
		LIT(o, "DHCPACK on ");
		o = putip(o, ip);
		LIT(o, " to 3c:22:fb:");
		o = puthex(o, b >> 8, 2);
		*o++ = ':';
		o = puthex(o, b >> 16, 2);
		*o++ = ':';
		o = puthex(o, b >> 24, 2);
		LIT(o, " (android-");
		o = puthex(o, a ^ (a << 21), 16);
		LIT(o, ") via eth1");
	} else if (k < 166) {
		PID(o, "named", h);
		LIT(o, "client @0x7f3a");
		o = puthex(o, b, 8);
		*o++ = ' ';
		o = putip(o, ip);
		*o++ = '#';
		o = putu(o, port);
		LIT(o, " (");
		PUTS(o, domains[(a >> 44) & 7]);
		LIT(o, "): query: ");
		PUTS(o, domains[(a >> 44) & 7]);
		LIT(o, " IN A +E(0)K (10.0.0.53)");
	} else if (k < 196) {
		/* Cisco with sequence number and device stamp. */
		o = putu0(o, ++g->seq % 1000000, 6);
		LIT(o, ": ");
		o = puts_(o, g->stamp, 15);
		*o++ = '.';
		o = putu0(o, (uint32_t)(g->ms % 1000), 3);
		LIT(o, " EST: ");
		goto cisco;
	} else if (k < 210) {
		o = putu(o, ++g->seq % 100000);
		LIT(o, ": ");
cisco:
		k = (uint32_t)(b % 6);
		PUTS(o, cisco[k]);
		switch (k) {
		case 0:
		case 1:
			o = putu(o, (uint32_t)(a >> 36) % 48);
			if ((a >> 42) & 1)
				LIT(o, ", changed state to down");
			else
				LIT(o, ", changed state to up");
			break;
		case 2:
			o = putu(o, (uint32_t)(a >> 36) % 250 + 2);
			if ((a >> 42) & 1)
				LIT(o, " Down BGP Notification sent");
			else
				LIT(o, " Up");
			break;
		case 3:
			o = putu(o, 1 + (uint32_t)(a >> 36) % 254);
			*o++ = '(';
			o = putu(o, port);
			LIT(o, ") -> 10.1.1.1(22), 1 packet");
			break;
		case 4:
			o = putu(o, (uint32_t)(a >> 36) % 5);
			LIT(o, " (10.9.8.14)");
			break;
		default:
			o = putu(o, 1 + (uint32_t)(a >> 36) % 254);
			break;
		}
	} else if (k < 236) {
		PID(o, "api", h);
		LIT(o, "level=info msg=\"request completed\" method=GET path=");
		PUTS(o, paths[(a >> 44) & 7]);
		LIT(o, " status=");
		o = putu(o, (a >> 47) & 31 ? 200 : 503);
		LIT(o, " duration_ms=");
		o = putu(o, (uint32_t)(b & 1023));
		LIT(o, " req_id=");
		o = puthex(o, b ^ (b >> 29), 16);
	} else if (k < 246) {
		LIT(o, "nginx: ");
		o = puts_(o, g->iso, 19);
		LIT(o, " [error] 1187#1187: *");
		o = putu(o, (uint32_t)(b & 0xffffff));
		LIT(o, " connect() failed (111: Connection refused) while "
		    "connecting to upstream, client: ");
		o = putip(o, ip);
		LIT(o, ", server: api.example.net, request: \"GET ");
		PUTS(o, paths[(a >> 44) & 7]);
		LIT(o, " HTTP/1.1\", upstream: \"http://10.0.3.7:8080");
		PUTS(o, paths[(a >> 44) & 7]);
		LIT(o, "\", host: \"api.example.net\"");
	} else {
		PID(o, "chronyd", h);
		LIT(o, "Selected source ");
		o = putip(o, ip);
		LIT(o, " (time.example.com)");
	}
	*o++ = '\n';
	return o;
}

static int
parse_num(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (*s < '0' || *s > '9')
		return -1;
	x = strtoull(s, &end, 10);
	switch (*end) {
	case 'k':
	case 'K':
		x <<= 10;
		end++;
		break;
	case 'm':
	case 'M':
		x <<= 20;
		end++;
		break;
	case 'g':
	case 'G':
		x <<= 30;
		end++;
		break;
	}
	if (*end != '\0')
		return -1;
	*v = x;
	return 0;
}

int
cmd_syslog(int argc, char *argv[])
{
	uint64_t bytes = 0, seed = 1;
	struct sgen *g;
	struct obuf b;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--bytes") == 0 && i + 1 < argc) {
			if (parse_num(argv[++i], &bytes) != 0)
				die("bad --bytes: %s", argv[i]);
		} else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			if (parse_num(argv[++i], &seed) != 0)
				die("bad --seed: %s", argv[i]);
		} else
			die("usage: wake-gen syslog --bytes N [--seed S]");
	}
	g = xmalloc(sizeof(*g));
	memset(g, 0, sizeof(*g));
	sgen_init(g, seed);
	b.p = b.o = xmalloc(OUTSZ + SLACK);
	b.total = 0;
	while (b.total + (uint64_t)(b.o - b.p) < bytes) {
		b.o = sgen_line(g, b.o);
		if (b.o - b.p >= OUTSZ)
			obuf_flush(&b);
	}
	obuf_flush(&b);
	free(b.p);
	free(g);
	return 0;
}

/* ---- events ---- */


static char *
ev_stamp(char *o, int64_t ms, int64_t *csec, char *cache)
{
	struct gtm tm;
	char *c;

	if (ms / 1000 != *csec) {
		*csec = ms / 1000;
		gtm_from_ms(ms, 0, &tm);
		c = putu0(cache, (uint32_t)tm.year, 4);
		*c++ = '-';
		c = putu0(c, (uint32_t)tm.mon, 2);
		*c++ = '-';
		c = putu0(c, (uint32_t)tm.day, 2);
		*c++ = 'T';
		c = putu0(c, (uint32_t)tm.hour, 2);
		*c++ = ':';
		c = putu0(c, (uint32_t)tm.min, 2);
		*c++ = ':';
		c = putu0(c, (uint32_t)tm.sec, 2);
		*c = '.';
	}
	memcpy(o, cache, 20);
	o = putu0(o + 20, (uint32_t)(ms % 1000), 3);
	*o++ = 'Z';
	return o;
}

int
cmd_events(int argc, char *argv[])
{
	uint64_t lines = 0, seed = 1, n, a, b;
	const char *src = "net";
	char cache[20], hosts[64][16];
	size_t srclen, hl[64];
	int64_t ms, csec = -1;
	struct obuf ob;
	struct rng r;
	uint32_t k;
	char *o;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--lines") == 0 && i + 1 < argc) {
			if (parse_num(argv[++i], &lines) != 0)
				die("bad --lines: %s", argv[i]);
		} else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			if (parse_num(argv[++i], &seed) != 0)
				die("bad --seed: %s", argv[i]);
		} else if (strcmp(argv[i], "--src") == 0 && i + 1 < argc)
			src = argv[++i];
		else
			die("usage: wake-gen events --lines N [--seed S] "
			    "[--src NAME]");
	}
	srclen = strlen(src);
	if (srclen > 64)
		die("--src too long");
	rng_seed(&r, seed);
	for (i = 0; i < 64; i++) {
		o = hosts[i];
		o = puts_(o, i < 32 ? "core-rtr-" : "gw-", i < 32 ? 9 : 3);
		o = putu0(o, (uint32_t)(i % 32 + 1), 2);
		hl[i] = (size_t)(o - hosts[i]);
	}
	ms = days_from_civil(2024, 2, 22) * 86400000LL;
	ob.p = ob.o = xmalloc(OUTSZ + SLACK);
	ob.total = 0;
	for (n = 0; n < lines; n++) {
		a = rng_next(&r);
		b = rng_next(&r);
		/* Strictly increasing: the stream is sorted as bytes too. */
		ms += 1 + (int64_t)(a & 31);
		o = ev_stamp(ob.o, ms, &csec, cache);
		*o++ = '\t';
		o = puts_(o, src, srclen);
		*o++ = '\t';
		o = puts_(o, hosts[(a >> 8) & 63], hl[(a >> 8) & 63]);
		*o++ = '\t';
		k = (uint32_t)(a >> 16) & 255;
		if (k < 100) {
			LIT(o, "err\tlog\t%LINK-3-UPDOWN: Interface "
			    "TenGigabitEthernet0/1/");
			o = putu(o, (uint32_t)(b & 3));
			LIT(o, ", changed state to down\torigin=router.log:");
			o = putu(o, (uint32_t)n + 1);
			LIT(o, " seq=");
			o = putu0(o, (uint32_t)(n % 1000000), 6);
			LIT(o, " tz=America/New_York");
		} else if (k < 160) {
			LIT(o, "info\tlog\trequest completed\t"
			    "origin=app.jsonl:");
			o = putu(o, (uint32_t)n + 1);
			LIT(o, " req_id=");
			o = puthex(o, b, 16);
			LIT(o, " method=GET path=/v1/balance status=200 "
			    "latency_ms=");
			o = putu(o, (uint32_t)(b & 255));
		} else if (k < 200) {
			LIT(o, "err\tlog\tupstream connect error: no route to "
			    "host 10.20.3.");
			o = putu(o, 5 + (uint32_t)(b & 7));
			LIT(o, "\torigin=app.jsonl:");
			o = putu(o, (uint32_t)n + 1);
			LIT(o, " req_id=");
			o = puthex(o, b, 16);
			LIT(o, " status=503 ua=\"CarrierApp/5.12.1 "
			    "(Android 14; Pixel 7)\"");
		} else if (k < 230) {
			LIT(o, "notice\tlog\t%BGP-5-ADJCHANGE: neighbor "
			    "10.20.0.");
			o = putu(o, 2 + (uint32_t)(b & 127));
			LIT(o, " Down BGP Notification sent\t"
			    "origin=router.log:");
			o = putu(o, (uint32_t)n + 1);
			LIT(o, " tz=America/New_York");
		} else if (k < 250) {
			LIT(o, "err\tlog\tupstream connect error\\n\\tat "
			    "com.example.gw.UpstreamPool.acquire("
			    "UpstreamPool.java:140)\torigin=app-worker.log:");
			o = putu(o, (uint32_t)n + 1);
			LIT(o, " tz=Asia/Tokyo");
		} else {
			LIT(o, "notice\tchange\tCHG-4711 started: route-map "
			    "policy pushed to core-rtr-*\t"
			    "origin=core-syslog.log:");
			o = putu(o, (uint32_t)n + 1);
			LIT(o, " change=CHG-4711 actor=ops-deploy");
		}
		*o++ = '\n';
		ob.o = o;
		if (ob.o - ob.p >= OUTSZ)
			obuf_flush(&ob);
	}
	obuf_flush(&ob);
	free(ob.p);
	return 0;
}
