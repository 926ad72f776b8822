/*
 * wake-gen outage: the network side.  core-syslog.log is RFC 5424 from
 * the packet core (vendor boxes stamping +09:00, the rest Z);
 * router.log and router.log.1.gz are what the log host's rsyslog
 * wrote for the routers and switches: RFC 3164 in New York time, Cisco
 * IOS messages, rotated by logrotate at 06:25 local.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define SEC	1000LL
#define MINUTE	60000LL

/* ---- core-syslog.log ---- */

struct c5host {
	const char	*name;
	int		 jst;	/* stamps in +09:00 (vendor default) */
	const char	*app;
	const char	*procid;
	int		 fac;
	int		 seqid;	/* adds [meta sequenceId="N"] */
};

enum { MME1, MME2, SGW1, PGW1, PGW2, HSS1, PCRF1, DNS1, NMS1, CHG1,
    NC5HOST };

static const struct c5host c5hosts[NC5HOST] = {
	{ "mme-01.core.example.net", 1, "mmed", "2211", 16, 0 },
	{ "mme-02.core.example.net", 1, "mmed", "2187", 16, 0 },
	{ "sgw-01.core.example.net", 1, "sgwd", "1904", 16, 0 },
	{ "pgw-01.core.example.net", 1, "pgwd", "1877", 16, 0 },
	{ "pgw-02.core.example.net", 1, "pgwd", "1869", 16, 0 },
	{ "hss-01.core.example.net", 0, "hssd", "3310", 16, 1 },
	{ "pcrf-01.core.example.net", 0, "pcrfd", "2890", 16, 1 },
	{ "dns-01.core.example.net", 0, "named", "712", 3, 0 },
	{ "nms-01.core.example.net", 0, "alertmanager", "1451", 17, 0 },
	{ "chg-01.core.example.net", 0, "changectl", "-", 18, 0 },
};

static uint32_t
imsi(uint64_t x)
{
	return 100000000U + below(x, 899999999U);
}

static void
core_bg(struct rng *r, struct recs *rs, int h, int64_t t)
{
	uint32_t k = rng_below(r, 100);
	uint64_t x[4];

	rng_fill(r, x, 4);
	switch (h) {
	case MME1:
	case MME2:
		if (k < 45)
			recs_add(rs, t, h, 6, "ATTACH - Attach accept "
			    "imsi=310410%09u guti=310-410-8001-%02X-%08X "
			    "enb=0x%05X", imsi(x[0]), below(x[1], 256),
			    (unsigned)x[2], below(x[3], 0xfffff));
		else if (k < 70)
			recs_add(rs, t, h, 6, "TAU - Tracking area update "
			    "accept imsi=310410%09u tac=%u", imsi(x[0]),
			    4500 + below(x[1], 60));
		else if (k < 90)
			recs_add(rs, t, h, 5, "S1AP - S1 Setup accepted from "
			    "eNB 0x%05X (tac %u)", below(x[0], 0xfffff),
			    4500 + below(x[1], 60));
		else
			recs_add(rs, t, h, 4, "ATTACH - Attach reject "
			    "imsi=310410%09u cause=#7 EPS services not "
			    "allowed", imsi(x[0]));
		break;
	case SGW1:
	case PGW1:
	case PGW2:
		if (k < 40)
			recs_add(rs, t, h, 6, "GTPC - Create Session Response "
			    "cause=16 (Request accepted) apn=internet "
			    "teid=0x%08X", (unsigned)rng_next(r));
		else if (k < 65)
			recs_add(rs, t, h, 7, "GTPC - Echo Response from peer "
			    "10.20.%u.%u rtt=%ums", 1 + below(x[0], 3),
			    10 + below(x[1], 20), 1 + below(x[2], 6));
		else if (k < 85)
			recs_add(rs, t, h, 6, "GTPC - Delete Session Request "
			    "teid=0x%08X cause=Regular deactivation",
			    (unsigned)rng_next(r));
		else if (h == SGW1)
			recs_add(rs, t, h, 6, "S11 - Modify Bearer Response "
			    "cause=16 ebi=%u", 5 + rng_below(r, 4));
		else
			recs_add(rs, t, h, 6, "GX - CCA-I from "
			    "pcrf-01 result=2001 session=%s;%u;%u",
			    c5hosts[h].name, 1708000000U + below(x[0],
			    900000), below(x[1], 1000000));
		break;
	case HSS1:
		if (k < 50)
			recs_add(rs, t, h, 6, "S6A - ULR from mme-0%u answered "
			    "2001 in %ums", 1 + below(x[0], 2),
			    2 + below(x[1], 9));
		else if (k < 85)
			recs_add(rs, t, h, 6, "S6A - AIR from mme-0%u answered "
			    "2001 in %ums (vectors=%u)", 1 + below(x[0], 2),
			    3 + below(x[1], 12), 1 + below(x[2], 5));
		else
			recs_add(rs, t, h, 7, "DIAM - DWR/DWA with mme-0%u ok",
			    1 + rng_below(r, 2));
		break;
	case PCRF1:
		if (k < 45)
			recs_add(rs, t, h, 6, "GX [origin ip=\"10.20.2.21\"] "
			    "CCR-I from pgw-0%u answered 2001",
			    1 + rng_below(r, 2));
		else if (k < 80)
			recs_add(rs, t, h, 6, "GX - CCR-T from pgw-0%u "
			    "answered 2001", 1 + rng_below(r, 2));
		else
			recs_add(rs, t, h, 6, "RX - AAR from pcscf-01 answered "
			    "2001 (media=audio)");
		break;
	case DNS1:
		if (k < 85)
			recs_add(rs, t, h, 6, "STATS - queries %u/s, cache hit "
			    "%u%%, recursion %ums avg", 2800 + below(x[0],
			    1400), 88 + below(x[1], 8), 9 + below(x[2], 12));
		else
			recs_add(rs, t, h, 4, "CLIENT - client "
			    "100.64.%u.%u#%u: query (cache) "
			    "'wpad.mobile.example.net/A/IN' denied",
			    below(x[0], 256), 1 + below(x[1], 254),
			    1024 + below(x[2], 60000));
		break;
	}
}

static void
core_incident(struct rng *r, struct recs *rs, int h, int64_t t)
{
	uint32_t k = rng_below(r, 100);
	uint64_t x[4];

	rng_fill(r, x, 4);
	switch (h) {
	case MME1:
	case MME2:
		if (k < 60)
			recs_add(rs, t, h, 3, "ATTACH - Attach reject "
			    "imsi=310410%09u cause=#19 ESM failure (S11 "
			    "timeout towards sgw-01)", imsi(x[0]));
		else
			recs_add(rs, t, h, 3, "S6A [origin ip=\"10.20.1.%u\"] "
			    "S6a peer hss-01 unreachable (No route to host), "
			    "%u requests queued", h == MME1 ? 11 : 12,
			    20 + rng_below(r, 400));
		break;
	case SGW1:
	case PGW1:
	case PGW2:
		if (k < 45)
			recs_add(rs, t, h, 3, "GTPC - Path failure: peer "
			    "10.20.%u.%u no Echo Response after 3 attempts",
			    1 + below(x[0], 3), 10 + below(x[1], 20));
		else if (k < 85 || h == SGW1)
			recs_add(rs, t, h, 3, "GTPC - Create Session Request "
			    "rejected cause=72 (System failure) apn=internet");
		else
			recs_add(rs, t, h, 2, "GX - Diameter peer pcrf-01 "
			    "down: transport error (No route to host)");
		break;
	case HSS1:
		recs_add(rs, t, h, 3, "S6A - peer mme-0%u watchdog timeout "
		    "(DWR unanswered 30s), state SUSPECT", 1 + rng_below(r, 2));
		break;
	case PCRF1:
		recs_add(rs, t, h, 3, "GX - peer pgw-0%u connection lost (No "
		    "route to host), %u sessions orphaned", 1 + below(x[0], 2),
		    100 + below(x[1], 3000));
		break;
	case DNS1:
		recs_add(rs, t, h, 4, "STATS - SERVFAIL %u%% of queries for "
		    "zone mobile.example.net", 5 + rng_below(r, 30));
		break;
	}
}

/* Attach success per mille: 99.5% normally, pulled down by impact. */
static void
core_stats(struct rng *r, const struct scenario *sc, struct recs *rs)
{
	uint32_t att, ok, lvl, sess;
	int64_t t;
	int h;

	for (t = sc->day0; t < sc->end; t += 15 * MINUTE) {
		for (h = MME1; h <= MME2; h++) {
			lvl = impact_level(sc, t);
			att = diurnal_rate(sc, t, 42000) + rng_below(r, 900);
			ok = (uint32_t)((uint64_t)att * (995 - lvl * 9 / 10 -
			    rng_below(r, 4)) / 1000);
			recs_add(rs, t + 1200 + rng_below(r, 900), h,
			    lvl > 100 ? 4 : 6, "STATS [stats@32473 "
			    "window=\"900\" attempts=\"%u\" success=\"%u\"] "
			    "attach success rate %u.%u%%", att, ok,
			    ok * 100 / att, ok * 1000 / att % 10);
		}
		if ((t - sc->day0) % (30 * MINUTE) != 0)
			continue;
		for (h = PGW1; h <= PGW2; h++) {
			lvl = impact_level(sc, t);
			sess = diurnal_rate(sc, t, 210000) *
			    (1000 - lvl * 7 / 10) / 1000 + rng_below(r, 2000);
			recs_add(rs, t + 2100 + rng_below(r, 900), h, 6,
			    "STATS [stats@32473 window=\"1800\" "
			    "sessions=\"%u\"] active PDN sessions %u", sess,
			    sess);
		}
	}
}

static void
core_alert(struct recs *rs, int64_t t, int firing, const char *name,
    const char *sev, const char *inst, const char *summary)
{
	recs_add(rs, t, NMS1, firing ? (sev[0] == 'c' ? 2 : 4) : 5,
	    "ALERT [alert@32473 name=\"%s\" state=\"%s\" severity=\"%s\" "
	    "instance=\"%s\"] %s %s: %s", name, firing ? "firing" :
	    "resolved", sev, inst, firing ? "FIRING" : "RESOLVED", name,
	    summary);
}

static void
core_alerts(struct rng *r, const struct scenario *sc, struct recs *rs)
{
	int64_t t, d = sc->day0;

	for (t = d; t < sc->end; t += 60 * MINUTE)
		recs_add(rs, t + 5000 + rng_below(r, 4000), NMS1, 6,
		    "HEARTBEAT - Watchdog: alerting pipeline ok");
	core_alert(rs, d + 3 * 3600 * SEC + 15 * MINUTE + 12345, 1,
	    "DiskSpaceLow", "warning", "dns-02", "/var 91% full");
	core_alert(rs, d + 3 * 3600 * SEC + 47 * MINUTE + 2210, 0,
	    "DiskSpaceLow", "warning", "dns-02", "/var 64% full");
	core_alert(rs, sc->detect, 1, "BGPSessionDown", "critical",
	    "core-rtr-01", "6 BGP sessions down");
	core_alert(rs, sc->detect + 85 * SEC, 1, "AttachSuccessRateLow",
	    "critical", "mme-01", "attach success 72% < 95%");
	core_alert(rs, sc->detect + 290 * SEC, 1, "GTPPathFailure",
	    "critical", "pgw-01", "GTP-C path to 10.20.1.12 down");
	core_alert(rs, sc->detect + 690 * SEC, 1, "HTTP5xxRatioHigh",
	    "warning", "subscriber-gw", "5xx ratio 31% > 2%");
	core_alert(rs, sc->mitigate + 21 * MINUTE, 0, "BGPSessionDown",
	    "critical", "core-rtr-01", "0 BGP sessions down");
	core_alert(rs, sc->mitigate + 35 * MINUTE, 0, "GTPPathFailure",
	    "critical", "pgw-01", "GTP-C path to 10.20.1.12 up");
	core_alert(rs, sc->recover + 6 * MINUTE, 0, "AttachSuccessRateLow",
	    "critical", "mme-01", "attach success 99% >= 95%");
	core_alert(rs, sc->recover + 9 * MINUTE, 0, "HTTP5xxRatioHigh",
	    "warning", "subscriber-gw", "5xx ratio 0.3% <= 2%");
}

static void
core_change(struct recs *rs, int64_t t, int sev, const char *id,
    const char *actor, const char *state, const char *text)
{
	recs_add(rs, t, CHG1, sev, "CHANGE [chg@32473 id=\"%s\" actor=\"%s\" "
	    "state=\"%s\"] %s %s", id, actor, state, id, text);
}

static void
core_changes(const struct scenario *sc, struct recs *rs)
{
	int64_t d = sc->day0;
	char txt[160];

	core_change(rs, d + 2 * 3600 * SEC + 30 * MINUTE + 4100, 6,
	    "CHG-4702", "cab-chair", "approved",
	    "approved: TLS certificate rotation on lb-*");
	core_change(rs, d + 2 * 3600 * SEC + 41 * MINUTE + 17800, 5,
	    "CHG-4702", "cert-bot", "started",
	    "started: TLS certificate rotation on lb-* by cert-bot");
	core_change(rs, d + 2 * 3600 * SEC + 58 * MINUTE + 3020, 5,
	    "CHG-4702", "cert-bot", "completed",
	    "completed: 6 of 6 devices updated");
	snprintf(txt, sizeof(txt), "approved: %s", sc->chg_text);
	core_change(rs, sc->chg_approved, 6, sc->chg_id, "cab-chair",
	    "approved", txt);
	snprintf(txt, sizeof(txt), "started: %s by %s", sc->chg_text,
	    sc->chg_actor);
	core_change(rs, sc->chg_start, 5, sc->chg_id, sc->chg_actor,
	    "started", txt);
	core_change(rs, sc->chg_done, 5, sc->chg_id, sc->chg_actor,
	    "completed", "completed: 4 of 4 devices updated");
	snprintf(txt, sizeof(txt), "rollback started by %s", sc->chg_actor);
	core_change(rs, sc->rollback, 4, sc->chg_id, sc->chg_actor,
	    "rollback", txt);
	core_change(rs, sc->mitigate, 5, sc->chg_id, sc->chg_actor,
	    "rolled-back", "rolled back: 4 of 4 devices restored");
	core_change(rs, d + 20 * 3600 * SEC + 10 * MINUTE + 45000, 6,
	    "CHG-4715", "cab-chair", "approved",
	    "approved: route-map lint in the config pipeline");
}

/* <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG */
static void
core_render(struct recs *rs, struct rng *r, struct gbuf *out,
    struct filefacts *ff)
{
	uint32_t seqid[NC5HOST] = { 0 };
	const struct c5host *h;
	const struct rec *rc;
	const char *body, *sp;
	size_t i;

	for (i = 0; i < NC5HOST; i++)
		seqid[i] = 10000 + rng_below(r, 80000);
	for (i = 0; i < rs->n; i++) {
		rc = &rs->v[i];
		h = &c5hosts[rc->host];
		body = REC_BODY(rs, rc);
		gbuf_putc(out, '<');
		gbuf_putu(out, (uint64_t)(h->fac * 8 + rc->sev), 0);
		gbuf_puts(out, ">1 ");
		if (h->jst)
			put_iso_us(out, rc->ts, (int)rng_below(r, 1000),
			    9 * 3600);
		else
			put_iso_utc(out, rc->ts);
		gbuf_printf(out, " %s %s %s ", h->name, h->app, h->procid);
		sp = memchr(body, ' ', rc->len);
		if (h->seqid && sp != NULL) {
			gbuf_put(out, body, (size_t)(sp - body + 1));
			gbuf_printf(out, "[meta sequenceId=\"%u\"]",
			    ++seqid[rc->host]);
			if (sp[1] == '-' && sp[2] == ' ')
				sp += 2;
			else
				sp++;
			gbuf_put(out, sp, rc->len - (size_t)(sp - body));
		} else
			gbuf_put(out, body, rc->len);
		gbuf_putc(out, '\n');
		facts_add(ff, rc->ts, rc->sev, 1);
	}
}

void
gen_core_syslog(const struct scenario *sc, struct gbuf *out,
    struct filefacts *ff)
{
	static const uint32_t bg[NC5HOST] = {
		250, 250, 150, 150, 150, 150, 150, 60, 0, 0
	};
	static const uint32_t inc[NC5HOST] = {
		400, 400, 300, 300, 300, 200, 200, 100, 0, 0
	};
	struct recs rs = { 0 };
	struct rng r;
	int64_t *tv;
	size_t i, n;
	int h;

	rng_seed(&r, 0x5ca1ab1e0001ULL);
	for (h = 0; h < NC5HOST; h++) {
		if (bg[h] == 0)
			continue;
		n = arrivals(&r, sc, sc->day0, sc->end, rate_bg,
		    &bg[h], &tv);
		for (i = 0; i < n; i++)
			core_bg(&r, &rs, h, tv[i]);
		free(tv);
		n = arrivals(&r, sc, sc->impact, sc->recover, rate_impact,
		    &inc[h], &tv);
		for (i = 0; i < n; i++)
			core_incident(&r, &rs, h, tv[i]);
		free(tv);
	}
	core_stats(&r, sc, &rs);
	core_alerts(&r, sc, &rs);
	core_changes(sc, &rs);
	recs_sort(&rs);
	core_render(&rs, &r, out, ff);
	recs_free(&rs);
	snprintf(ff->format, sizeof(ff->format), "rfc5424");
	snprintf(ff->zone, sizeof(ff->zone), "per-line offsets: +09:00 on "
	    "mme-*, sgw-*, pgw-* (microseconds), Z on the others");
}

/* ---- router.log, router.log.1.gz ---- */

enum { RTR1, RTR2, RTR3, RTR4, AGG1, AGG2, AGG3, AGG4, AGG5, AGG6,
    LOGHOST, NRHOST };

static const char *const rhosts[NRHOST] = {
	"core-rtr-01", "core-rtr-02", "core-rtr-03", "core-rtr-04",
	"agg-sw-01", "agg-sw-02", "agg-sw-03", "agg-sw-04", "agg-sw-05",
	"agg-sw-06", "loghost"
};

#define NNEIGH	6

static unsigned
neigh_octet(int rtr, int k)
{
	return (unsigned)(4 * (rtr * NNEIGH + k) + 2);
}

/* A link flap: LINK and LINEPROTO down, then both up again. */
static void
router_flap(struct rng *r, struct recs *rs, int h, int64_t t,
    const char *ifname, int64_t downfor)
{
	int64_t t2 = t + downfor;

	recs_add(rs, t, h, 3, "%%LINK-3-UPDOWN: Interface %s, changed state "
	    "to down", ifname);
	recs_add(rs, t + 1000 + rng_below(r, 200), h, 5,
	    "%%LINEPROTO-5-UPDOWN: Line protocol on Interface %s, changed "
	    "state to down", ifname);
	recs_add(rs, t2, h, 3, "%%LINK-3-UPDOWN: Interface %s, changed state "
	    "to up", ifname);
	recs_add(rs, t2 + 1000 + rng_below(r, 200), h, 5,
	    "%%LINEPROTO-5-UPDOWN: Line protocol on Interface %s, changed "
	    "state to up", ifname);
}

static void
router_bg(struct rng *r, struct recs *rs, int h, int64_t t)
{
	char ifname[48];
	uint32_t k = rng_below(r, 100);
	uint64_t x[4];

	rng_fill(r, x, 4);
	if (h >= AGG1) {
		if (k < 70) {
			snprintf(ifname, sizeof(ifname),
			    "GigabitEthernet1/0/%u", 1 + rng_below(r, 48));
			router_flap(r, rs, h, t, ifname,
			    (int64_t)(3 + rng_below(r, 600)) * SEC);
		} else
			recs_add(rs, t, h, 4, "%%DOT1X-5-FAIL: Authentication "
			    "failed for client (%04x.%04x.%04x) on Interface "
			    "Gi1/0/%u", below(x[0], 65536),
			    below(x[1], 65536), below(x[2], 65536),
			    1 + below(x[3], 48));
		return;
	}
	if (k < 75)
		recs_add(rs, t, h, 6, "%%SEC-6-IPACCESSLOGP: list EDGE-IN "
		    "denied tcp 198.51.100.%u(%u) -> 10.1.%u.%u(22), 1 "
		    "packet", 1 + below(x[0], 254), 1024 + below(x[1], 64000),
		    h + 1, 1 + below(x[2], 4));
	else
		recs_add(rs, t, h, 3, "%%SNMP-3-AUTHFAIL: Authentication "
		    "failure for SNMP request from host 10.9.9.%u",
		    1 + rng_below(r, 254));
}

static void
router_logins(struct rng *r, const struct scenario *sc, struct recs *rs)
{
	static const char *const users[] = { "netops", "jlee", "mgarcia" };
	const char *u;
	struct gtm tm;
	uint64_t x[2];
	int64_t t;
	int i, h;

	for (i = 0; i < 10; i++) {
		rng_fill(r, x, 2);
		t = sc->day0 + (int64_t)rng_below(r, 86400) * SEC;
		h = (int)rng_below(r, AGG6 + 1);
		u = RNG_PICK(r, users);
		gtm_from_ms(t, sc->ny_off, &tm);
		recs_add(rs, t, h, 5, "%%SEC_LOGIN-5-LOGIN_SUCCESS: Login "
		    "Success [user: %s] [Source: 10.9.8.%u] [localport: 22] "
		    "at %02d:%02d:%02d EST %s %s %d %d", u, 10 + i, tm.hour,
		    tm.min, tm.sec, wday_abbr[tm.wday], month_abbr[tm.mon - 1],
		    tm.day, tm.year);
		recs_add(rs, t + (int64_t)(30 + below(x[0], 900)) * SEC, h, 6,
		    "%%SYS-6-LOGOUT: User %s has exited tty session %u"
		    "(10.9.8.%u)", u, 2 + below(x[1], 3), 10 + i);
	}
	/* A harmless change hours before: something to rule out. */
	t = sc->day0 + (7 * 60 + 47) * MINUTE + 12000;
	recs_add(rs, t, AGG2, 5, "%%SYS-5-CONFIG_I: Configured from console "
	    "by netops on vty0 (10.9.8.14)");
	/* A customer peer that flapped before the incident. */
	t = sc->day0 + (8 * 60 + 1) * MINUTE + 33000;
	recs_add(rs, t, RTR3, 5, "%%BGP-5-ADJCHANGE: neighbor 192.0.2.77 Down "
	    "BGP Notification received");
	recs_add(rs, t + 188 * SEC, RTR3, 5, "%%BGP-5-ADJCHANGE: neighbor "
	    "192.0.2.77 Up");
}

static void
router_config(struct rng *r, struct recs *rs, int64_t t, int rtr,
    const char *cmd)
{
	recs_add(rs, t, rtr, 5, "%%PARSER-5-CFGLOG_LOGGEDCMD: User:ops-deploy "
	    " logged command:%s", cmd);
	recs_add(rs, t + 600 + rng_below(r, 400), rtr, 5, "%%SYS-5-CONFIG_I: "
	    "Configured from console by ops-deploy on vty2 (10.9.8.21)");
}

static void
router_bgp_down(struct recs *rs, int64_t t, int rtr, unsigned oct)
{
	recs_add(rs, t, rtr, 3, "%%BGP-3-NOTIFICATION: sent to neighbor "
	    "10.20.0.%u 4/0 (hold time expired) 0 bytes", oct);
	recs_add(rs, t + 3, rtr, 5, "%%BGP-5-ADJCHANGE: neighbor 10.20.0.%u "
	    "Down BGP Notification sent", oct);
}

static void
router_incident(struct rng *r, const struct scenario *sc, struct recs *rs)
{
	static const uint32_t iflap = 60;
	static const int64_t push[4] = { 3690, 8120, 12900, 18440 };
	char ifname[48];
	int64_t t, t0, *tv;
	size_t i, n;
	int rtr, k;

	for (rtr = RTR1; rtr <= RTR4; rtr++) {
		router_config(r, rs, sc->chg_start + push[rtr], rtr,
		    "route-map CORE-EXPORT-V4 permit 20");
		router_config(r, rs, sc->rollback + (int64_t)(5 + 14 * rtr) *
		    SEC, rtr, "no route-map CORE-EXPORT-V4 permit 20");
	}
	for (rtr = RTR1; rtr <= RTR4; rtr++) {
		for (k = 0; k < NNEIGH; k++) {
			/* core-rtr-01 fails first: the planted impact. */
			if (rtr == RTR1 && k == 0)
				t = sc->impact;
			else if (rtr == RTR1)
				t = sc->impact + (int64_t)(200 +
				    rng_below(r, 25000));
			else
				t = sc->impact + (int64_t)(8000 + 6000 * rtr +
				    rng_below(r, 50000));
			router_bgp_down(rs, t, rtr, neigh_octet(rtr, k));
			/* Two neighbors per router keep trying. */
			while (k < 2) {
				t += (int64_t)(300 + rng_below(r, 1500)) * SEC;
				if (t >= sc->mitigate)
					break;
				recs_add(rs, t, rtr, 5, "%%BGP-5-ADJCHANGE: "
				    "neighbor 10.20.0.%u Up",
				    neigh_octet(rtr, k));
				t += (int64_t)(60 + rng_below(r, 240)) * SEC;
				if (t >= sc->mitigate)
					break;
				router_bgp_down(rs, t, rtr,
				    neigh_octet(rtr, k));
			}
			recs_add(rs, sc->mitigate + (int64_t)(5000 +
			    rng_below(r, 235000)), rtr, 5, "%%BGP-5-ADJCHANGE: "
			    "neighbor 10.20.0.%u Up", neigh_octet(rtr, k));
		}
		n = arrivals(r, sc, sc->impact + 60 * SEC, sc->mitigate,
		    rate_impact, &iflap, &tv);
		for (i = 0; i < n; i++) {
			snprintf(ifname, sizeof(ifname),
			    "TenGigabitEthernet0/1/%u", rng_below(r, 4));
			t0 = (int64_t)(2 + rng_below(r, 40)) * SEC;
			router_flap(r, rs, rtr, tv[i], ifname, t0);
		}
		free(tv);
	}
}

/*
 * Feb 22 04:12:07 core-rtr-01 000412: Feb 22 04:12:06.871 EST: %...
 * Feb 22 04:12:07 agg-sw-03 1043: %...
 */
static void
router_render(struct recs *rs, struct rng *r, const struct scenario *sc,
    struct gbuf *cur, struct gbuf *prev, struct filefacts *fcur,
    struct filefacts *fprev)
{
	uint32_t seq[NRHOST], lag[NRHOST];
	const struct rec *rc;
	struct gbuf *out;
	struct gtm tm;
	int64_t dev;
	size_t i;

	for (i = 0; i < NRHOST; i++) {
		seq[i] = 1000 + rng_below(r, 40000);
		lag[i] = 40 + rng_below(r, 260);
	}
	for (i = 0; i < rs->n; i++) {
		rc = &rs->v[i];
		out = rc->ts < sc->rotate ? prev : cur;
		put_rfc3164(out, rc->ts, sc->ny_off);
		gbuf_putc(out, ' ');
		gbuf_puts(out, rhosts[rc->host]);
		if (rc->host <= RTR4) {
			/*
			 * The device stamps a message a little before the
			 * log host receives it; a fixed lag per device keeps
			 * its stamps in sequence-number order.
			 */
			dev = rc->ts - lag[rc->host];
			gtm_from_ms(dev, sc->ny_off, &tm);
			gbuf_printf(out, " %06u: %s %2d %02d:%02d:%02d.%03d "
			    "EST: ", ++seq[rc->host], month_abbr[tm.mon - 1],
			    tm.day, tm.hour, tm.min, tm.sec, tm.ms);
		} else if (rc->host != LOGHOST)
			gbuf_printf(out, " %u: ", ++seq[rc->host]);
		else
			gbuf_putc(out, ' ');
		gbuf_put(out, REC_BODY(rs, rc), rc->len);
		gbuf_putc(out, '\n');
		/* The files show whole seconds. */
		facts_add(rc->ts < sc->rotate ? fprev : fcur,
		    rc->ts - rc->ts % 1000, rc->sev, 1);
	}
}

void
gen_router(const struct scenario *sc, struct gbuf *cur, struct gbuf *prev,
    struct filefacts *fcur, struct filefacts *fprev)
{
	static const uint32_t bg_core = 30, bg_agg = 25;
	struct recs rs = { 0 };
	struct rng r;
	int64_t *tv;
	size_t i, n;
	int h;

	rng_seed(&r, 0x5ca1ab1e0002ULL);
	for (h = RTR1; h <= AGG6; h++) {
		n = arrivals(&r, sc, sc->day0, sc->end, rate_bg,
		    (h <= RTR4 ? &bg_core : &bg_agg), &tv);
		for (i = 0; i < n; i++)
			router_bg(&r, &rs, h, tv[i]);
		free(tv);
	}
	router_logins(&r, sc, &rs);
	router_incident(&r, sc, &rs);
	recs_add(&rs, sc->rotate, LOGHOST, 6, "rsyslogd: [origin "
	    "software=\"rsyslogd\" swVersion=\"8.2302.0\" x-pid=\"611\" "
	    "x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed");
	recs_sort(&rs);
	/* Flaps near midnight may run past the end of the day. */
	while (rs.n > 0 && rs.v[rs.n - 1].ts >= sc->end)
		rs.n--;
	router_render(&rs, &r, sc, cur, prev, fcur, fprev);
	recs_free(&rs);
	snprintf(fcur->format, sizeof(fcur->format), "rfc3164");
	snprintf(fprev->format, sizeof(fprev->format), "rfc3164");
	snprintf(fcur->zone, sizeof(fcur->zone), "America/New_York local "
	    "time (EST, -05:00), no year; Cisco device stamps EST");
	snprintf(fprev->zone, sizeof(fprev->zone), "%s", fcur->zone);
	snprintf(fcur->tz, sizeof(fcur->tz), "America/New_York");
	snprintf(fprev->tz, sizeof(fprev->tz), "America/New_York");
}
