/*
 * wake-gen outage: the team's Slack workspace export, a zip as Slack
 * writes it: channels.json, users.json, integration_logs.json and a
 * folder per channel with one JSON file per (UTC) day, pretty-printed
 * with four spaces, '/' written "\/" and every non-ASCII character as
 * a \u escape (a surrogate pair above U+FFFF), as Slack's exporter
 * does.
 *
 * #incident-core is the network team's incident channel: the
 * monitoring bot's alert at detection, a human acknowledging, talk in
 * English and Japanese, threads, a question about the change that is
 * waved away, hours on the wrong track (a linecard), the change found,
 * the rollback at the planted time, recovery, and a resolution
 * declared some time after the measured recovery.  #general has the
 * day's background chatter.  Messages carry Slack markup: <@U...>,
 * <#C...|name>, <!here>, <https://...|label>, &amp; &lt; &gt;.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define SEC	1000000LL	/* message times are in microseconds */

enum { CH_INC, CH_GEN, NCH };

static const struct chan {
	const char	*id;
	const char	*name;
	int64_t		 created;	/* epoch s */
	const char	*purpose;
	int		 general;
} chans[NCH] = {
	{ "C06J4QK8R2N", "incident-core", 1704881230,
	    "Core network incidents: alerts, triage, war room", 0 },
	{ "C05T7E2GM1A", "general", 1695632411,
	    "Company-wide announcements and work-based matters", 1 },
};

enum { KSATO, YTANAKA, HSUZUKI, MREED, ECHEN, PNAIR, DKOWAL, MWATA,
	PDBOT, NUSERS };

static const struct user {
	const char	*id;
	const char	*name;
	const char	*real;
	const char	*display;
	const char	*first, *last;
	const char	*title;
	const char	*tz, *tzlabel;
	int		 tzoff;
	const char	*color;
} users[NUSERS] = {
	{ "U06A7K3S2TQ", "kenji.sato", "Kenji Sato", "佐藤健司", "Kenji",
	    "Sato", "Network Engineer, Core", "Asia/Tokyo",
	    "Japan Standard Time", 32400, "9f69e7" },
	{ "U06A9YT4N1K", "yui.tanaka", "Yui Tanaka", "田中 結衣", "Yui",
	    "Tanaka", "Network Engineer, Routing", "Asia/Tokyo",
	    "Japan Standard Time", 32400, "4bbe2e" },
	{ "U06AB5HSZ7M", "haruto.suzuki", "Haruto Suzuki", "haruto",
	    "Haruto", "Suzuki", "Packet Core Engineer", "Asia/Tokyo",
	    "Japan Standard Time", 32400, "e7392d" },
	{ "U05R2MRD8XE", "marcus.reed", "Marcus Reed", "Marcus Reed",
	    "Marcus", "Reed", "NOC Lead", "America/New_York",
	    "Eastern Standard Time", -18000, "3c989f" },
	{ "U05T8ECH3NV", "emily.chen", "Emily Chen", "emily.chen", "Emily",
	    "Chen", "SRE, Subscriber Gateway", "America/Chicago",
	    "Central Standard Time", -21600, "674b1b" },
	{ "U05V1PNR6QS", "priya.nair", "Priya Nair", "Priya (Change Mgmt)",
	    "Priya", "Nair", "Change Manager", "America/New_York",
	    "Eastern Standard Time", -18000, "bb86b7" },
	{ "U05X4DKW9LZ", "dan.kowalski", "Daniel Kowalski",
	    "Dan K (Contact Center)", "Daniel", "Kowalski",
	    "Contact Center Manager", "America/New_York",
	    "Eastern Standard Time", -18000, "d58247" },
	{ "U06C2MWT5BA", "mika.watanabe", "Mika Watanabe", "渡辺 美香",
	    "Mika", "Watanabe", "NOC Shift Lead, Tokyo", "Asia/Tokyo",
	    "Japan Standard Time", 32400, "2b6836" },
	{ "U06D0PGDB0T", "pagerduty", "PagerDuty", "", "", "", "",
	    "America/Los_Angeles", "Pacific Standard Time", -28800,
	    "e0a729" },
};

#define TEAM	"T05Q9CARR1E"
#define BOT_ID	"B06D0PGD7HX"

/*
 * The messages, UTC.  who: a user, or PDBOT for the bot's alerts;
 * sub: 0 a message, 1 bot_message, 2 channel_join; thr: the index of
 * the message this one replies to, or -1.
 */
struct line {
	int		 ch;
	int		 h, m, s, us;
	int		 who;
	int		 sub;
	int		 thr;
	const char	*text;
};

/* %U: a user's <@U...>; %C: <#C...|incident-core>. */
static const struct line script[] = {
	/* 0 */ { CH_INC, 2, 58, 40, 115302, HSUZUKI, 0, -1,
	    "CHG-4702 cert rotation on the edge LBs is done, no impact seen" },
	/* 1 */ { CH_INC, 9, 5, 40, 402117, PNAIR, 0, -1,
	    "FYI CHG-4711 (route-map policy pushed to core-rtr-*) is "
	    "approved, ops-deploy runs it ~09:10 UTC" },
	/* 2 */ { CH_INC, 9, 19, 40, 812345, PDBOT, 1, -1,
	    "[FIRING:1] BGPSessionDown (critical) core-rtr-01: BGP session "
	    "to 10.20.0.1 is down | <https://alertmanager.noc.example.net/"
	    "#/alerts?receiver=core|Alertmanager> &amp; <https://wiki."
	    "example.net/runbooks/bgp-session-down|runbook>" },
	/* 3 */ { CH_INC, 9, 20, 55, 90211, PDBOT, 1, -1,
	    "[FIRING:8] BGPSessionDown (critical) core-rtr-01, core-rtr-02, "
	    "core-rtr-03, core-rtr-04" },
	/* 4 */ { CH_INC, 9, 22, 31, 640778, PDBOT, 1, -1,
	    "[FIRING:4] GatewayUpstreamErrors (warning) gw-1..gw-4: 5xx "
	    "rate &gt; 20%" },
	/* 5 */ { CH_INC, 9, 24, 12, 318204, KSATO, 0, -1,
	    "ack, investigating. 確認中です %U1 please check the core "
	    "routes with me" },
	/* 6 */ { CH_INC, 9, 25, 3, 1187, MREED, 2, -1, NULL },
	/* 7 */ { CH_INC, 9, 26, 30, 554901, YTANAKA, 0, -1,
	    "コアルータの経路が消えています。core-rtr-01 の BGP ネイバーが全部 "
	    "Idle です" },
	/* 8 */ { CH_INC, 9, 27, 2, 229016, MREED, 0, -1,
	    "<!here> declaring SEV1: mobile data down nationwide. %U0 is IC, "
	    "bridge: <https://meet.example.net/j/sev1-0222|war room>" },
	/* 9 */ { CH_INC, 9, 27, 40, 77390, KSATO, 0, 8, "joining" },
	/* 10 */ { CH_INC, 9, 28, 15, 803112, ECHEN, 0, 8,
	    "app side: the gateway logs `upstream connect error: no route "
	    "to host 10.20.3.x` and nginx answers 502/503/504" },
	/* 11 */ { CH_INC, 9, 28, 50, 120448, DKOWAL, 2, -1, NULL },
	/* 12 */ { CH_INC, 9, 29, 2, 660930, HSUZUKI, 0, 8,
	    "パケットコアも S1/S5 のピアが落ちています (mme-1, pgw-2)" },
	/* 13 */ { CH_INC, 9, 31, 20, 395561, DKOWAL, 0, 8,
	    "contact center: calls spiking on the support &amp; mobile "
	    "queues" },
	/* 14 */ { CH_INC, 9, 41, 55, 18873, PNAIR, 0, -1,
	    "is CHG-4711 related? it was pushed to core-rtr-* at 09:11" },
	/* 15 */ { CH_INC, 9, 44, 10, 502239, KSATO, 0, 14,
	    "the ticket says it only touches the customer-peering route-map, "
	    "I don't think so. Looks more like a linecard fault on "
	    "core-rtr-01 (LINK-3-UPDOWN storms)" },
	/* 16 */ { CH_INC, 9, 46, 2, 947120, YTANAKA, 0, 14,
	    "でも時間がほぼ一致しています… 差分を確認した方がいいかも" },
	/* 17 */ { CH_INC, 9, 47, 30, 310655, MREED, 0, 14,
	    "keep it on the list; vendor TAC case first" },
	/* 18 */ { CH_INC, 10, 5, 17, 884402, DKOWAL, 0, -1,
	    "call center: waits &gt; 5 min on mobile, abandons climbing. "
	    "Can we get an IVR message up?" },
	/* 19 */ { CH_INC, 10, 12, 44, 61532, MREED, 0, -1,
	    "status page updated: <https://status.example-mobile.net/"
	    "incidents/20240222|status page> &amp; IVR announcement "
	    "requested" },
	/* 20 */ { CH_INC, 10, 28, 5, 703381, DKOWAL, 0, 18,
	    "IVR outage message and a callback option (press 1) are live" },
	/* 21 */ { CH_INC, 11, 2, 36, 271904, KSATO, 0, -1,
	    "TAC case SR 7-4471 opened with the vendor for the core-rtr-01 "
	    "linecard. ベンダーに問い合わせ中" },
	/* 22 */ { CH_INC, 11, 40, 10, 5663, PDBOT, 1, -1,
	    "[FIRING:1] CallCenterAbandonRate (warning) queue=mobile: "
	    "abandon rate 45% over 15m" },
	/* 23 */ { CH_INC, 12, 31, 2, 418870, HSUZUKI, 0, -1,
	    "ラインカードを交換しましたが改善なしです (linecard swap on "
	    "core-rtr-01 did not help)" },
	/* 24 */ { CH_INC, 13, 35, 48, 92201, DKOWAL, 0, -1,
	    "at the peak now: about 10x the normal call volume. Moving two "
	    "billing agents onto the mobile queue" },
	/* 25 */ { CH_INC, 13, 58, 12, 640005, MWATA, 2, -1, NULL },
	/* 26 */ { CH_INC, 14, 2, 10, 337918, MWATA, 0, -1,
	    "Tokyo NOC です、引き継ぎます。What's the current hypothesis?" },
	/* 27 */ { CH_INC, 14, 6, 12, 129443, KSATO, 0, 26,
	    "the vendor says the hardware is fine. Still no BGP on "
	    "core-rtr-01..04 and no idea why" },
	/* 28 */ { CH_INC, 15, 48, 22, 875116, HSUZUKI, 0, -1,
	    "CHG-4711 の差分をもう一度見ました。route-map CORE-IN の seq 10 が "
	    "deny any になっていて、コアの経路を全部落としています" },
	/* 29 */ { CH_INC, 15, 49, 40, 216790, YTANAKA, 0, -1,
	    "+1, that's it. The ticket said customer-peering but the push "
	    "went to CORE-IN" },
	/* 30 */ { CH_INC, 15, 52, 5, 500341, PNAIR, 0, -1,
	    "%U0 proposing a rollback of CHG-4711, change board approval?" },
	/* 31 */ { CH_INC, 15, 55, 31, 781122, MREED, 0, 30,
	    "approved, go ahead &amp; keep the bridge posted" },
	/* 32 */ { CH_INC, 16, 18, 30, 204417, KSATO, 0, -1,
	    "rolling back CHG-4711 now on core-rtr-01..04 / 切り戻し開始" },
	/* 33 */ { CH_INC, 16, 20, 5, 511093, KSATO, 0, -1,
	    "rollback done: CHG-4711 reverted on all four, BGP sessions "
	    "re-establishing / 切り戻し完了" },
	/* 34 */ { CH_INC, 16, 21, 40, 950004, PDBOT, 1, -1,
	    "[RESOLVED] BGPSessionDown (critical) core-rtr-01, core-rtr-02, "
	    "core-rtr-03, core-rtr-04" },
	/* 35 */ { CH_INC, 16, 35, 12, 604381, ECHEN, 0, -1,
	    "gateway 5xx back under 1%, the upstream errors stopped" },
	/* 36 */ { CH_INC, 16, 52, 48, 73220, DKOWAL, 0, -1,
	    "queues draining, some 30 callers still waiting on mobile" },
	/* 37 */ { CH_INC, 17, 4, 33, 902551, YTANAKA, 0, -1,
	    "トラフィックは平常値に戻りました (traffic is back to its "
	    "baseline)" },
	/* 38 */ { CH_INC, 17, 10, 2, 447816, PDBOT, 1, -1,
	    "[RESOLVED] CallCenterAbandonRate (warning) queue=mobile" },
	/* 39 */ { CH_INC, 17, 42, 18, 604118, MREED, 0, -1,
	    "All clear: resolved. 復旧しました。Postmortem to follow, thanks "
	    "all. Follow-ups stay in %C" },
	/* 40 */ { CH_INC, 17, 44, 2, 118340, PNAIR, 0, 39,
	    "I'll open the PIR for CHG-4711" },
	/* 41 */ { CH_INC, 17, 45, 30, 992007, KSATO, 0, 39,
	    "お疲れさまでした 🙏" },
	/* #general */
	{ CH_GEN, 0, 14, 22, 301942, MWATA, 0, -1,
	    "おはようございます ☀️ Tokyo NOC on shift" },
	{ CH_GEN, 0, 40, 5, 660118, HSUZUKI, 0, -1,
	    "the 3F printer in the Tokyo office works again" },
	{ CH_GEN, 3, 2, 11, 93377, YTANAKA, 0, -1,
	    "ランチ行く人いますか？ 🍜" },
	{ CH_GEN, 3, 3, 40, 500882, HSUZUKI, 0, -1, "行きます！" },
	{ CH_GEN, 8, 55, 19, 17745, PNAIR, 0, -1,
	    "reminder: CAB review of this week's core changes at 15:00 ET" },
	{ CH_GEN, 10, 20, 33, 412980, MREED, 0, -1,
	    "<!channel> heads up: SEV1 mobile data outage in progress, "
	    "updates in %C, customer view: <https://status.example-mobile."
	    "net|status page>" },
	{ CH_GEN, 13, 5, 44, 208861, DKOWAL, 0, -1,
	    "if anyone from billing or retail can take calls, ping me: the "
	    "queues are long" },
	{ CH_GEN, 15, 20, 10, 754309, ECHEN, 0, -1,
	    "coffee is on in the 4th floor kitchen, it's going to be a long "
	    "day" },
	{ CH_GEN, 17, 50, 41, 33580, MREED, 0, -1,
	    "mobile data is back, thanks everyone for your patience 🙇" },
	{ CH_GEN, 20, 10, 2, 864213, PNAIR, 0, -1,
	    "change freeze on core-rtr-* until the PIR is done" },
	{ CH_GEN, 22, 33, 17, 290015, ECHEN, 0, -1, "good night all" },
};

#define NMSG	GEN_NELEM(script)

/* ---- JSON as Slack writes it ---- */

static void
ju(struct gbuf *b, uint32_t u)
{
	static const char hex[] = "0123456789abcdef";
	char s[6] = { '\\', 'u', 0, 0, 0, 0 };
	int i;

	for (i = 0; i < 4; i++)
		s[2 + i] = hex[(u >> (12 - 4 * i)) & 15];
	gbuf_put(b, s, 6);
}

/* A JSON string: '/' as "\/", non-ASCII as \u escapes. */
static void
jstr(struct gbuf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	uint32_t u;
	int k;

	gbuf_putc(b, '"');
	while (p < e) {
		if (*p < 0x80) {
			if (*p == '"' || *p == '\\' || *p == '/') {
				gbuf_putc(b, '\\');
				gbuf_putc(b, *p);
			} else if (*p == '\n')
				gbuf_puts(b, "\\n");
			else if (*p < 0x20)
				ju(b, *p);
			else
				gbuf_putc(b, *p);
			p++;
			continue;
		}
		/* The script is valid UTF-8. */
		k = *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : 1;
		u = *p & (0x3f >> k);
		while (k-- > 0 && ++p < e)
			u = u << 6 | (*p & 0x3f);
		p++;
		if (u >= 0x10000) {
			u -= 0x10000;
			ju(b, 0xd800 | u >> 10);
			ju(b, 0xdc00 | (u & 0x3ff));
		} else
			ju(b, u);
	}
	gbuf_putc(b, '"');
}

static void
jzs(struct gbuf *b, const char *s)
{
	jstr(b, s, strlen(s));
}

/* Indentation, a key and ": ". */
static void
jkey(struct gbuf *b, int ind, const char *k)
{
	int i;

	for (i = 0; i < ind; i++)
		gbuf_puts(b, "    ");
	jzs(b, k);
	gbuf_puts(b, ": ");
}

/* "key": "value" with the comma of a member that is not the last. */
static void
jkv(struct gbuf *b, int ind, const char *k, const char *v, int more)
{
	jkey(b, ind, k);
	jzs(b, v);
	gbuf_puts(b, more ? ",\n" : "\n");
}

static void
jkraw(struct gbuf *b, int ind, const char *k, const char *v, int more)
{
	jkey(b, ind, k);
	gbuf_puts(b, v);
	gbuf_puts(b, more ? ",\n" : "\n");
}

static void
jind(struct gbuf *b, int ind, const char *s)
{
	int i;

	for (i = 0; i < ind; i++)
		gbuf_puts(b, "    ");
	gbuf_puts(b, s);
}

/* ---- the files ---- */

static void
put_users(struct gbuf *b)
{
	char num[24];
	const struct user *u;
	size_t i;

	gbuf_puts(b, "[\n");
	for (i = 0; i < NUSERS; i++) {
		u = &users[i];
		jind(b, 1, "{\n");
		jkv(b, 2, "id", u->id, 1);
		jkv(b, 2, "team_id", TEAM, 1);
		jkv(b, 2, "name", u->name, 1);
		jkraw(b, 2, "deleted", "false", 1);
		jkv(b, 2, "color", u->color, 1);
		jkv(b, 2, "real_name", u->real, 1);
		jkv(b, 2, "tz", u->tz, 1);
		jkv(b, 2, "tz_label", u->tzlabel, 1);
		snprintf(num, sizeof(num), "%d", u->tzoff);
		jkraw(b, 2, "tz_offset", num, 1);
		jind(b, 2, "\"profile\": {\n");
		jkv(b, 3, "title", u->title, 1);
		jkv(b, 3, "phone", "", 1);
		jkv(b, 3, "real_name", u->real, 1);
		jkv(b, 3, "real_name_normalized", u->real, 1);
		jkv(b, 3, "display_name", u->display, 1);
		jkv(b, 3, "display_name_normalized", u->display, 1);
		if (i == PDBOT) {
			jkv(b, 3, "bot_id", BOT_ID, 1);
			jkraw(b, 3, "always_active", "true", 1);
		} else {
			jkv(b, 3, "first_name", u->first, 1);
			jkv(b, 3, "last_name", u->last, 1);
		}
		jkv(b, 3, "team", TEAM, 0);
		jind(b, 2, "},\n");
		jkraw(b, 2, "is_admin", i == MREED ? "true" : "false", 1);
		jkraw(b, 2, "is_owner", "false", 1);
		jkraw(b, 2, "is_bot", i == PDBOT ? "true" : "false", 1);
		jkraw(b, 2, "is_app_user", "false", 1);
		snprintf(num, sizeof(num), "%d", 1706000000 + (int)i * 86417);
		jkraw(b, 2, "updated", num, 0);
		jind(b, 1, i + 1 < NUSERS ? "},\n" : "}\n");
	}
	gbuf_puts(b, "]");
}

static void
put_channels(struct gbuf *b)
{
	char num[24];
	const struct chan *c;
	size_t i, k;

	gbuf_puts(b, "[\n");
	for (i = 0; i < NCH; i++) {
		c = &chans[i];
		jind(b, 1, "{\n");
		jkv(b, 2, "id", c->id, 1);
		jkv(b, 2, "name", c->name, 1);
		snprintf(num, sizeof(num), "%lld", (long long)c->created);
		jkraw(b, 2, "created", num, 1);
		jkv(b, 2, "creator", users[MREED].id, 1);
		jkraw(b, 2, "is_archived", "false", 1);
		jkraw(b, 2, "is_general", c->general ? "true" : "false", 1);
		jind(b, 2, "\"members\": [\n");
		for (k = 0; k < NUSERS; k++) {
			jind(b, 3, "");
			jzs(b, users[k].id);
			gbuf_puts(b, k + 1 < NUSERS ? ",\n" : "\n");
		}
		jind(b, 2, "],\n");
		jind(b, 2, "\"topic\": {\n");
		jkv(b, 3, "value", i == CH_INC ? "SEV1 2024-02-22: mobile data"
		    " outage | IC: Kenji | bridge in the pinned message" : "",
		    1);
		jkv(b, 3, "creator", i == CH_INC ? users[MREED].id : "", 1);
		jkraw(b, 3, "last_set", i == CH_INC ? "1708594022" : "0", 0);
		jind(b, 2, "},\n");
		jind(b, 2, "\"purpose\": {\n");
		jkv(b, 3, "value", c->purpose, 1);
		jkv(b, 3, "creator", users[MREED].id, 1);
		snprintf(num, sizeof(num), "%lld", (long long)c->created);
		jkraw(b, 3, "last_set", num, 0);
		jind(b, 2, "}\n");
		jind(b, 1, i + 1 < NCH ? "},\n" : "}\n");
	}
	gbuf_puts(b, "]");
}

struct msg {
	int64_t		 us;		/* UTC microseconds */
	size_t		 i;		/* in script */
	char		 ts[24];
};

static int
msg_cmp(const void *a, const void *b)
{
	const struct msg *x = a, *y = b;

	return x->us < y->us ? -1 : x->us > y->us;
}

/* The text with %U<n> and %C expanded. */
static void
expand(struct gbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (s[0] == '%' && s[1] == 'U' && s[2] >= '0' && s[2] <= '9') {
			gbuf_printf(b, "<@%s>", users[s[2] - '0'].id);
			s += 2;
		} else if (s[0] == '%' && s[1] == 'C') {
			gbuf_printf(b, "<#%s|%s>", chans[CH_INC].id,
			    chans[CH_INC].name);
			s++;
		} else
			gbuf_putc(b, *s);
	}
}

static void
put_uuid(struct gbuf *b, struct rng *r)
{
	uint64_t v[2];

	rng_fill(r, v, 2);
	gbuf_printf(b, "%08x-%04x-4%03x-%04x-%012llx",
	    (uint32_t)(v[0] >> 32), (uint32_t)(v[0] >> 16) & 0xffff,
	    (uint32_t)v[0] & 0xfff, 0x8000 | ((uint32_t)(v[1] >> 48) &
	    0x3fff), (unsigned long long)(v[1] & 0xffffffffffffULL));
}

static void
put_message(struct gbuf *b, const struct msg *mv, size_t nm, size_t k,
    struct rng *r, int last)
{
	const struct line *l = &script[mv[k].i];
	const struct user *u = &users[l->who];
	struct gbuf t = { NULL, 0, 0 };
	char num[24];
	size_t j, nrep = 0, nu = 0;
	int seen[NUSERS];
	const char *parent = NULL;

	jind(b, 1, "{\n");
	if (l->sub == 0) {
		jind(b, 2, "\"client_msg_id\": \"");
		put_uuid(b, r);
		gbuf_puts(b, "\",\n");
	}
	jkv(b, 2, "type", "message", 1);
	if (l->sub == 1) {
		jkv(b, 2, "subtype", "bot_message", 1);
		gbuf_printf(&t, "%s", l->text);
	} else if (l->sub == 2) {
		jkv(b, 2, "subtype", "channel_join", 1);
		jkv(b, 2, "user", u->id, 1);
		gbuf_printf(&t, "<@%s> has joined the channel", u->id);
	} else {
		jkv(b, 2, "user", u->id, 1);
		expand(&t, l->text);
	}
	jkey(b, 2, "text");
	jstr(b, t.p, t.n);
	gbuf_puts(b, ",\n");
	gbuf_free(&t);
	if (l->sub == 1) {
		jkv(b, 2, "ts", mv[k].ts, 1);
		jkv(b, 2, "username", "PagerDuty", 1);
		jkv(b, 2, "bot_id", BOT_ID, 0);
		jind(b, 1, last ? "}\n" : "},\n");
		return;
	}
	jkv(b, 2, "ts", mv[k].ts, 1);
	/* A thread: the parent lists its replies, a reply its parent. */
	for (j = 0; j < nm; j++)
		if (script[mv[j].i].thr == (int)mv[k].i)
			nrep++;
	if (l->thr >= 0)
		for (j = 0; j < nm; j++)
			if (mv[j].i == (size_t)l->thr)
				parent = mv[j].ts;
	if (nrep > 0 || parent != NULL)
		jkv(b, 2, "thread_ts", parent != NULL ? parent : mv[k].ts, 1);
	if (parent != NULL)
		jkv(b, 2, "parent_user_id", users[script[l->thr].who].id, 1);
	if (nrep > 0) {
		snprintf(num, sizeof(num), "%zu", nrep);
		jkraw(b, 2, "reply_count", num, 1);
		memset(seen, 0, sizeof(seen));
		for (j = 0; j < nm; j++)
			if (script[mv[j].i].thr == (int)mv[k].i &&
			    !seen[script[mv[j].i].who]++)
				nu++;
		snprintf(num, sizeof(num), "%zu", nu);
		jkraw(b, 2, "reply_users_count", num, 1);
		for (j = nm; j-- > 0;)
			if (script[mv[j].i].thr == (int)mv[k].i)
				break;
		jkv(b, 2, "latest_reply", mv[j].ts, 1);
		jind(b, 2, "\"reply_users\": [\n");
		for (j = 0; j < NUSERS; j++)
			if (seen[j]) {
				jind(b, 3, "");
				jzs(b, users[j].id);
				gbuf_puts(b, --nu > 0 ? ",\n" : "\n");
			}
		jind(b, 2, "],\n");
		jind(b, 2, "\"replies\": [\n");
		for (j = 0; j < nm; j++) {
			if (script[mv[j].i].thr != (int)mv[k].i)
				continue;
			jind(b, 3, "{\n");
			jkv(b, 4, "user", users[script[mv[j].i].who].id, 1);
			jkv(b, 4, "ts", mv[j].ts, 0);
			jind(b, 3, --nrep > 0 ? "},\n" : "}\n");
		}
		jind(b, 2, "],\n");
	}
	jkv(b, 2, "team", TEAM, 1);
	jind(b, 2, "\"user_profile\": {\n");
	snprintf(num, sizeof(num), "%012llx",
	    (unsigned long long)(rng_next(r) >> 16));
	jkv(b, 3, "avatar_hash", num, 1);
	jkv(b, 3, "first_name", u->first, 1);
	jkv(b, 3, "real_name", u->real, 1);
	jkv(b, 3, "display_name", u->display, 1);
	jkv(b, 3, "team", TEAM, 1);
	jkv(b, 3, "name", u->name, 1);
	jkraw(b, 3, "is_restricted", "false", 1);
	jkraw(b, 3, "is_ultra_restricted", "false", 0);
	jind(b, 2, "}\n");
	jind(b, 1, last ? "}\n" : "},\n");
}

/* The day file of channel ch; its facts into ff. */
static void
put_day(struct gbuf *b, const struct msg *mv, size_t nm, int ch,
    struct rng *r, struct filefacts *ff)
{
	size_t k, lastk = 0;

	for (k = 0; k < nm; k++)
		if (script[mv[k].i].ch == ch)
			lastk = k;
	gbuf_puts(b, "[\n");
	for (k = 0; k < nm; k++) {
		if (script[mv[k].i].ch != ch)
			continue;
		put_message(b, mv, nm, k, r, k == lastk);
		facts_add(ff, mv[k].us / 1000, 6, 1);
	}
	gbuf_puts(b, "]");
}

/* The script's index of the planted messages. */
#define M_ALERT		2
#define M_ACK		5
#define M_ROLLBACK	32
#define M_ROLLED	33
#define M_RESOLVE	39

static int64_t
msg_ms(const struct msg *mv, size_t i)
{
	size_t k;

	for (k = 0; k < NMSG; k++)
		if (mv[k].i == i)
			return mv[k].us / 1000;
	die("slack: no message %zu", i);
}

/* The chat's own facts for TRUTH; the scenario's must be the script's. */
static void
put_extra(const struct scenario *sc, const struct msg *mv, const size_t *n,
    struct filefacts *ff)
{
	struct gbuf e = { NULL, 0, 0 };

	if (msg_ms(mv, M_ACK) != sc->ack || msg_ms(mv, M_RESOLVE) !=
	    sc->resolve)
		die("slack: ack or resolve message not at the planted time");
	gbuf_printf(&e, "channels: incident-core general\n"
	    "channel.incident-core: %zu\nchannel.general: %zu\n",
	    n[CH_INC], n[CH_GEN]);
	put_fact_time(&e, "alert_msg", msg_ms(mv, M_ALERT));
	put_fact_time(&e, "ack_msg", msg_ms(mv, M_ACK));
	put_fact_time(&e, "rollback_msg", msg_ms(mv, M_ROLLBACK));
	put_fact_time(&e, "rollback_done_msg", msg_ms(mv, M_ROLLED));
	put_fact_time(&e, "resolve_msg", msg_ms(mv, M_RESOLVE));
	if (e.n >= sizeof(ff->extra))
		die("slack: facts too long");
	memcpy(ff->extra, e.p, e.n);
	ff->extra[e.n] = '\0';
	gbuf_free(&e);
}

void
gen_slack(const struct scenario *sc, struct gbuf *out, struct filefacts *ff)
{
	struct msg mv[NMSG];
	struct gbuf b = { NULL, 0, 0 };
	struct zip z;
	struct rng r;
	char name[96];
	size_t i, n[NCH];
	int ch;

	rng_seed(&r, 0x51ac4e0900001ULL);
	memset(n, 0, sizeof(n));
	for (i = 0; i < NMSG; i++) {
		mv[i].i = i;
		mv[i].us = sc->day0 * 1000 + ((int64_t)script[i].h * 3600 +
		    script[i].m * 60 + script[i].s) * SEC + script[i].us;
		snprintf(mv[i].ts, sizeof(mv[i].ts), "%lld.%06lld",
		    (long long)(mv[i].us / SEC), (long long)(mv[i].us % SEC));
		n[script[i].ch]++;
	}
	qsort(mv, NMSG, sizeof(*mv), msg_cmp);

	/* Exported the next morning. */
	zip_init(&z, sc->end + (2 * 3600 + 14 * 60 + 6) * 1000LL);
	put_channels(&b);
	zip_add(&z, "channels.json", b.p, b.n);
	b.n = 0;
	put_users(&b);
	zip_add(&z, "users.json", b.p, b.n);
	b.n = 0;
	gbuf_printf(&b, "{\n    \"logs\": [\n        {\n"
	    "            \"service_id\": \"6241873390517\",\n"
	    "            \"service_type\": \"PagerDuty\",\n"
	    "            \"user_id\": \"%s\",\n"
	    "            \"user_name\": \"%s\",\n"
	    "            \"channel\": \"incident-core\",\n"
	    "            \"date\": \"1704881544\",\n"
	    "            \"change_type\": \"added\",\n"
	    "            \"scope\": \"incoming-webhook\"\n"
	    "        }\n    ]\n}", users[MREED].id, users[MREED].name);
	zip_add(&z, "integration_logs.json", b.p, b.n);
	for (ch = 0; ch < NCH; ch++) {
		snprintf(name, sizeof(name), "%s/", chans[ch].name);
		zip_dir(&z, name);
		snprintf(name, sizeof(name), "%s/2024-02-22.json",
		    chans[ch].name);
		b.n = 0;
		put_day(&b, mv, NMSG, ch, &r, ff);
		zip_add(&z, name, b.p, b.n);
	}
	zip_finish(&z, out);
	gbuf_free(&b);

	snprintf(ff->format, sizeof(ff->format), "slack");
	snprintf(ff->zone, sizeof(ff->zone), "UTC: Slack ts, epoch seconds "
	    "with microseconds; day files by UTC date");
	put_extra(sc, mv, n, ff);
}
