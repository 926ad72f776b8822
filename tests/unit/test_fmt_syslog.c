/*
 * The syslog formats: rfc5424 and rfc3164 (with Cisco IOS), line by line
 * through their parse functions, and over the loghub corpus.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_test.h"

#define F3164	(&wk_fmt_rfc3164)
#define F5424	(&wk_fmt_rfc5424)

/* ---- rfc3164 ---- */

TEST(bsd_plain)
{
	struct fx x;

	fx_open(&x, "UTC");
	EXPECT(&x, F3164, "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: "
	    "authentication failure; logname= uid=0",
	    "2024-06-14T15:16:01.000Z\t-\tcombo\t-\tlog\t"
	    "authentication failure; logname= uid=0\t"
	    "app=sshd sub=pam_unix pid=19939");
	EXPECT(&x, F3164, "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user "
	    "webmaster from 173.234.31.186",
	    "2024-12-10T06:55:46.000Z\t-\tLabSZ\t-\tlog\t"
	    "Invalid user webmaster from 173.234.31.186\tapp=sshd pid=24200");
	EXPECT(&x, F3164, "Jun  9 06:06:20 combo kernel: Linux version 2.6.5",
	    "2024-06-09T06:06:20.000Z\t-\tcombo\t-\tlog\t"
	    "Linux version 2.6.5\tapp=kernel");
	EXPECT(&x, F3164, "Feb 22 03:58:12 mx1 postfix/smtpd[811]: connect",
	    "2024-02-22T03:58:12.000Z\t-\tmx1\t-\tlog\tconnect\t"
	    "app=postfix/smtpd pid=811");
	/* No tag: the whole rest is the message. */
	EXPECT(&x, F3164, "Jun 19 04:09:11 combo syslogd 1.4.1: restart.",
	    "2024-06-19T04:09:11.000Z\t-\tcombo\t-\tlog\t"
	    "syslogd 1.4.1: restart.\t");
	EXPECT(&x, F3164, "Feb 22 03:58:12 host last message repeated 3 times",
	    "2024-02-22T03:58:12.000Z\t-\thost\t-\tlog\t"
	    "last message repeated 3 times\t");
	/* A colon inside a word is not a tag's. */
	EXPECT(&x, F3164, "Feb 22 03:58:12 host http://x/y is down",
	    "2024-02-22T03:58:12.000Z\t-\thost\t-\tlog\t"
	    "http://x/y is down\t");
	/* Tag with an empty message, at the end of the line. */
	EXPECT(&x, F3164, "Feb 22 03:58:12 host cron[5]:",
	    "2024-02-22T03:58:12.000Z\t-\thost\t-\tlog\t\tapp=cron pid=5");
	fx_close(&x);
}

TEST(bsd_pri)
{
	struct fx x;

	fx_open(&x, "UTC");
	/* The example of RFC 3164 section 5.4. */
	EXPECT(&x, F3164, "<34>Oct 11 22:14:15 mymachine su: 'su root' failed "
	    "for lonvick on /dev/pts/8",
	    "2024-10-11T22:14:15.000Z\t-\tmymachine\tcrit\tlog\t"
	    "'su root' failed for lonvick on /dev/pts/8\t"
	    "facility=auth app=su");
	/* The lines below are no stream after October: no new year. */
	x.c.last_mon = 0;
	EXPECT(&x, F3164, "<13>Feb 22 03:58:12 host app[1]: x",
	    "2024-02-22T03:58:12.000Z\t-\thost\tnotice\tlog\tx\t"
	    "facility=user app=app pid=1");
	EXPECT(&x, F3164, "<0>Feb 22 03:58:12 host kernel: panic",
	    "2024-02-22T03:58:12.000Z\t-\thost\temerg\tlog\tpanic\t"
	    "facility=kern app=kernel");
	EXPECT(&x, F3164, "<191>Feb 22 03:58:12 host a: b",
	    "2024-02-22T03:58:12.000Z\t-\thost\tdebug\tlog\tb\t"
	    "facility=local7 app=a");
	EXPECT(&x, F3164, "<78>Feb 22 03:58:12 host CRON[9]: (root) CMD (x)",
	    "2024-02-22T03:58:12.000Z\t-\thost\tinfo\tlog\t(root) CMD (x)\t"
	    "facility=cron app=CRON pid=9");
	NOMATCH(&x, F3164, "<192>Feb 22 03:58:12 host a: b", "PRI");
	NOMATCH(&x, F3164, "<abc>Feb 22 03:58:12 host a: b", "PRI");
	NOMATCH(&x, F3164, "<1234>Feb 22 03:58:12 host a: b", "PRI");
	NOMATCH(&x, F3164, "<>Feb 22 03:58:12 host a: b", "PRI");
	NOMATCH(&x, F3164, "<13", "PRI");
	NOMATCH(&x, F3164, "<13>", "no timestamp after '<PRI>'");
	NOMATCH(&x, F3164, "<13>sshd[1]: no header", "no timestamp");
	fx_close(&x);
}

TEST(bsd_no_host)
{
	struct fx x;

	fx_open(&x, "UTC");
	EXPECT(&x, F3164, "Feb 22 03:58:12 sshd[12]: Accepted publickey",
	    "2024-02-22T03:58:12.000Z\t-\t-\t-\tlog\tAccepted publickey\t"
	    "app=sshd pid=12");
	EXPECT(&x, F3164, "Feb 22 03:58:12 kernel: eth0 link up",
	    "2024-02-22T03:58:12.000Z\t-\t-\t-\tlog\teth0 link up\t"
	    "app=kernel");
	/* An upper-case tag is a tag, not a Cisco zone. */
	EXPECT(&x, F3164, "Feb 22 03:58:12 CRON: job done",
	    "2024-02-22T03:58:12.000Z\t-\t-\t-\tlog\tjob done\tapp=CRON");
	/* An IPv6 host is not a tag. */
	EXPECT(&x, F3164, "Feb 22 03:58:12 fe80::1 ntpd[3]: sync",
	    "2024-02-22T03:58:12.000Z\t-\tfe80::1\t-\tlog\tsync\t"
	    "app=ntpd pid=3");
	fx_close(&x);
}

TEST(bsd_stamps)
{
	struct fx x;

	fx_open(&x, "UTC");
	/* rsyslog's high-precision (RFC 3339) file format: exact. */
	EXPECT(&x, F3164, "2024-02-22T03:58:12.123456+09:00 host tag[7]: msg",
	    "2024-02-21T18:58:12.123Z\t-\thost\t-\tlog\tmsg\t"
	    "app=tag pid=7");
	EXPECT(&x, F3164, "<14>2024-02-22T03:58:12Z host tag: msg",
	    "2024-02-22T03:58:12.000Z\t-\thost\tinfo\tlog\tmsg\t"
	    "facility=user app=tag");
	/* Years and fractions. */
	EXPECT(&x, F3164, "Feb 22 2023 03:58:12 host a: b",
	    "2023-02-22T03:58:12.000Z\t-\thost\t-\tlog\tb\tapp=a");
	EXPECT(&x, F3164, "Feb 22 03:58:12 2023 host a: b",
	    "2023-02-22T03:58:12.000Z\t-\thost\t-\tlog\tb\tapp=a");
	EXPECT(&x, F3164, "Feb 22 03:58:12.250 host a: b",
	    "2024-02-22T03:58:12.250Z\t-\thost\t-\tlog\tb\tapp=a");
	EXPECT(&x, F3164, "Feb  2 03:58:12 host a: b",
	    "2024-02-02T03:58:12.000Z\t-\thost\t-\tlog\tb\tapp=a");
	/* A zone-less ISO stamp is an application log, not syslog. */
	NOMATCH(&x, F3164, "2024-02-22 03:58:12 INFO main: started",
	    "ISO timestamp without");
	NOMATCH(&x, F3164, "2024-02-22T03:58:12 INFO main: started",
	    "ISO timestamp without");
	/* Dates that do not exist. */
	NOMATCH(&x, F3164, "Feb 30 03:58:12 host a: b", "not a valid date");
	NOMATCH(&x, F3164, "Apr 31 03:58:12 host a: b", "not a valid date");
	NOMATCH(&x, F3164, "Feb 22 25:58:12 host a: b", "not a valid date");
	NOMATCH(&x, F3164, "2024-02-30T03:58:12Z host a: b",
	    "not a valid date");
	NOMATCH(&x, F3164, "Foo 22 03:58:12 host a: b", "timestamp");
	NOMATCH(&x, F3164, "Feb 22 03:58:12host a: b", "timestamp");
	/* Truncated lines. */
	NOMATCH(&x, F3164, "Feb 22 03:5", "timestamp");
	NOMATCH(&x, F3164, "", "timestamp");
	NOMATCH(&x, F3164, "hello world", "timestamp");
	EXPECT(&x, F3164, "Feb 22 03:58:12",
	    "2024-02-22T03:58:12.000Z\t-\t-\t-\tlog\t\t");
	EXPECT(&x, F3164, "Feb 22 03:58:12 host",
	    "2024-02-22T03:58:12.000Z\t-\thost\t-\tlog\t\t");
	EXPECT(&x, F3164, "Feb 22 03:58:12 host sshd[",
	    "2024-02-22T03:58:12.000Z\t-\thost\t-\tlog\tsshd[\t");
	/* RFC 5424 is not this format. */
	NOMATCH(&x, F3164, "<34>1 2003-10-11T22:14:15.003Z mymachine.example."
	    "com su - ID47 - 'su root' failed", "no timestamp after");
	fx_close(&x);
}

TEST(bsd_local_zone)
{
	struct fx x;
	const char *why;
	struct wake_tz *tz;

	if (wake_tz_open("Asia/Tokyo", &tz, &why) != WAKE_OK)
		skip();
	wake_tz_free(tz);
	fx_open(&x, "Asia/Tokyo");
	EXPECT(&x, F3164, "Feb 22 03:58:12 host a: b",
	    "2024-02-21T18:58:12.000Z\t-\thost\t-\tlog\tb\tapp=a");
	assert_true(x.c.tzflags & WK_TZ_ASSUMED);
	/* An offset is exact whatever the zone. */
	EXPECT(&x, F3164, "2024-02-22T03:58:12+01:00 host a: b",
	    "2024-02-22T02:58:12.000Z\t-\thost\t-\tlog\tb\tapp=a");
	assert_false(x.c.tzflags & WK_TZ_ASSUMED);
	/* A Cisco device stamp in UTC is UTC. */
	EXPECT(&x, F3164, "*Mar  1 18:46:11.123 UTC: %SYS-5-CONFIG_I: "
	    "Configured from console by vty0",
	    "2024-03-01T18:46:11.123Z\t-\t-\tnotice\tlog\t"
	    "%SYS-5-CONFIG_I: Configured from console by vty0\t"
	    "ios=SYS-5-CONFIG_I");
	/* Another zone word: the --tz zone applies. */
	EXPECT(&x, F3164, "*Mar  1 18:46:11.123 JST: %SYS-5-CONFIG_I: x",
	    "2024-03-01T09:46:11.123Z\t-\t-\tnotice\tlog\t"
	    "%SYS-5-CONFIG_I: x\tios=SYS-5-CONFIG_I");
	fx_close(&x);
}

TEST(bsd_year_rollover)
{
	struct fx x;

	fx_open(&x, "UTC");
	x.c.year = 2023;
	EXPECT(&x, F3164, "Dec 31 23:59:59 host a: b",
	    "2023-12-31T23:59:59.000Z\t-\thost\t-\tlog\tb\tapp=a");
	EXPECT(&x, F3164, "Jan  1 00:00:01 host a: b",
	    "2024-01-01T00:00:01.000Z\t-\thost\t-\tlog\tb\tapp=a");
	/* A line that does not match leaves the year alone. */
	NOMATCH(&x, F3164, "Dec 31 23:59:59host", "timestamp");
	EXPECT(&x, F3164, "Jan  1 00:00:02 host a: b",
	    "2024-01-01T00:00:02.000Z\t-\thost\t-\tlog\tb\tapp=a");
	fx_close(&x);
}

/* ---- Cisco IOS ---- */

TEST(cisco_with_header)
{
	struct fx x;

	fx_open(&x, "UTC");
	EXPECT(&x, F3164, "Feb 22 03:58:12 10.0.0.1 412: *Feb 22 03:58:11.123 "
	    "UTC: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed "
	    "state to down",
	    "2024-02-22T03:58:12.000Z\t-\t10.0.0.1\terr\tlog\t"
	    "%LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state "
	    "to down\tseq=412 device_ts=\"*Feb 22 03:58:11.123 UTC\" "
	    "ios=LINK-3-UPDOWN");
	/* With a PRI: the code's severity wins. */
	EXPECT(&x, F3164, "<189>Feb 22 03:58:12 core1 88: .Feb 22 03:58:11: "
	    "%BGP-5-ADJCHANGE: neighbor 10.0.0.2 Down BGP Notification sent",
	    "2024-02-22T03:58:12.000Z\t-\tcore1\tnotice\tlog\t"
	    "%BGP-5-ADJCHANGE: neighbor 10.0.0.2 Down BGP Notification sent"
	    "\tfacility=local7 seq=88 device_ts=\".Feb 22 03:58:11\" "
	    "ios=BGP-5-ADJCHANGE");
	EXPECT(&x, F3164, "<187>Feb 22 03:58:12 sw2 17: %LINEPROTO-5-UPDOWN: "
	    "Line protocol on Interface Vlan1, changed state to up",
	    "2024-02-22T03:58:12.000Z\t-\tsw2\tnotice\tlog\t"
	    "%LINEPROTO-5-UPDOWN: Line protocol on Interface Vlan1, changed "
	    "state to up\tfacility=local7 seq=17 ios=LINEPROTO-5-UPDOWN");
	/* service sequence-numbers: a second counter. */
	EXPECT(&x, F3164, "Feb 22 03:58:12 r1 23: 000023: *Feb 22 03:58:11.5 "
	    "JST: %SYS-5-CONFIG_I: Configured from console by admin on vty0",
	    "2024-02-22T03:58:12.000Z\t-\tr1\tnotice\tlog\t"
	    "%SYS-5-CONFIG_I: Configured from console by admin on vty0\t"
	    "seq=23 device_ts=\"*Feb 22 03:58:11.5 JST\" ios=SYS-5-CONFIG_I");
	/* Uptime instead of a stamp. */
	EXPECT(&x, F3164, "Feb 22 03:58:12 r1 5: 1w2d: %SYS-2-MALLOCFAIL: "
	    "Memory allocation of 65536 bytes failed",
	    "2024-02-22T03:58:12.000Z\t-\tr1\tcrit\tlog\t"
	    "%SYS-2-MALLOCFAIL: Memory allocation of 65536 bytes failed\t"
	    "seq=5 device_ts=1w2d ios=SYS-2-MALLOCFAIL");
	/* Straight after the host; and ASA's empty tag. */
	EXPECT(&x, F3164, "Feb 22 03:58:12 router1 %BGP-5-ADJCHANGE: neighbor "
	    "10.0.0.2 Up",
	    "2024-02-22T03:58:12.000Z\t-\trouter1\tnotice\tlog\t"
	    "%BGP-5-ADJCHANGE: neighbor 10.0.0.2 Up\tios=BGP-5-ADJCHANGE");
	EXPECT(&x, F3164, "Feb 22 2024 03:58:12 fw01 : %ASA-4-106023: Deny tcp "
	    "src outside:10.1.1.1/5 dst inside:10.2.2.2/80",
	    "2024-02-22T03:58:12.000Z\t-\tfw01\twarn\tlog\t"
	    "%ASA-4-106023: Deny tcp src outside:10.1.1.1/5 dst "
	    "inside:10.2.2.2/80\tios=ASA-4-106023");
	/* NX-OS: the year first, in its own log file and relayed. */
	EXPECT(&x, F3164, "2023 Feb 22 03:58:12 n9k %ETHPORT-5-IF_DOWN_LINK_"
	    "FAILURE: Interface Ethernet1/1 is down (Link failure)",
	    "2023-02-22T03:58:12.000Z\t-\tn9k\tnotice\tlog\t"
	    "%ETHPORT-5-IF_DOWN_LINK_FAILURE: Interface Ethernet1/1 is down "
	    "(Link failure)\tios=ETHPORT-5-IF_DOWN_LINK_FAILURE");
	EXPECT(&x, F3164, "Feb 22 03:58:12 10.0.0.5 : 2024 Feb 22 03:58:11 "
	    "UTC: %ETHPORT-5-IF_UP: Interface Ethernet1/1 is up",
	    "2024-02-22T03:58:12.000Z\t-\t10.0.0.5\tnotice\tlog\t"
	    "%ETHPORT-5-IF_UP: Interface Ethernet1/1 is up\t"
	    "device_ts=\"2024 Feb 22 03:58:11 UTC\" ios=ETHPORT-5-IF_UP");
	EXPECT(&x, F3164, "2023 Feb 22 03:58:11 UTC: %ETHPORT-5-IF_UP: up",
	    "2023-02-22T03:58:11.000Z\t-\t-\tnotice\tlog\t"
	    "%ETHPORT-5-IF_UP: up\tios=ETHPORT-5-IF_UP");
	NOMATCH(&x, F3164, "2023 Feb 30 03:58:12 n9k x", "not a valid date");
	/* A multi-part facility. */
	EXPECT(&x, F3164, "Feb 22 03:58:12 c6k %C6KPWR-SP-4-PSFAIL: power "
	    "supply 1 output failed.",
	    "2024-02-22T03:58:12.000Z\t-\tc6k\twarn\tlog\t"
	    "%C6KPWR-SP-4-PSFAIL: power supply 1 output failed.\t"
	    "ios=C6KPWR-SP-4-PSFAIL");
	/* A code later in another program's message: kept in place. */
	EXPECT(&x, F3164, "Feb 22 03:58:12 nms poller[4]: from r1: "
	    "%LINK-3-UPDOWN: Gi0/1 down",
	    "2024-02-22T03:58:12.000Z\t-\tnms\terr\tlog\t"
	    "from r1: %LINK-3-UPDOWN: Gi0/1 down\t"
	    "app=poller pid=4 ios=LINK-3-UPDOWN");
	fx_close(&x);
}

TEST(cisco_bare)
{
	struct fx x;

	fx_open(&x, "UTC");
	EXPECT(&x, F3164, "*Mar  1 18:46:11.123: %SYS-5-CONFIG_I: Configured "
	    "from console by console",
	    "2024-03-01T18:46:11.123Z\t-\t-\tnotice\tlog\t"
	    "%SYS-5-CONFIG_I: Configured from console by console\t"
	    "ios=SYS-5-CONFIG_I");
	EXPECT(&x, F3164, "Mar  1 18:46:11.123: %LINK-5-CHANGED: Interface "
	    "Serial0, changed state to administratively down",
	    "2024-03-01T18:46:11.123Z\t-\t-\tnotice\tlog\t"
	    "%LINK-5-CHANGED: Interface Serial0, changed state to "
	    "administratively down\tios=LINK-5-CHANGED");
	EXPECT(&x, F3164, "000023: *Mar  1 18:46:11 UTC: %BGP-5-ADJCHANGE: "
	    "neighbor 10.0.0.2 Up",
	    "2024-03-01T18:46:11.000Z\t-\t-\tnotice\tlog\t"
	    "%BGP-5-ADJCHANGE: neighbor 10.0.0.2 Up\t"
	    "seq=000023 ios=BGP-5-ADJCHANGE");
	/* As a device sends it: PRI, counter, its own stamp. */
	EXPECT(&x, F3164, "<189>412: *Feb 22 03:58:11.123 UTC: %LINK-3-UPDOWN: "
	    "Interface Gi0/1, changed state to down",
	    "2024-02-22T03:58:11.123Z\t-\t-\terr\tlog\t"
	    "%LINK-3-UPDOWN: Interface Gi0/1, changed state to down\t"
	    "facility=local7 seq=412 ios=LINK-3-UPDOWN");
	/* IOS XR puts a space before the code's colon. */
	EXPECT(&x, F3164, "Feb 22 03:58:12 xr1 ifmgr[261]: "
	    "%PKT_INFRA-LINK-3-UPDOWN : Interface Gi0/0/0/0, changed state "
	    "to Down",
	    "2024-02-22T03:58:12.000Z\t-\txr1\terr\tlog\t"
	    "%PKT_INFRA-LINK-3-UPDOWN : Interface Gi0/0/0/0, changed state to "
	    "Down\tapp=ifmgr pid=261 ios=PKT_INFRA-LINK-3-UPDOWN");
	/* Not codes. */
	EXPECT(&x, F3164, "Feb 22 03:58:12 web app: GET /a%20b-3-c: 100%",
	    "2024-02-22T03:58:12.000Z\t-\tweb\t-\tlog\t"
	    "GET /a%20b-3-c: 100%\tapp=app");
	EXPECT(&x, F3164, "Feb 22 03:58:12 r1 %LINK-9-UPDOWN: nine",
	    "2024-02-22T03:58:12.000Z\t-\tr1\t-\tlog\t"
	    "%LINK-9-UPDOWN: nine\t");
	/* A marked stamp must end in ':'. */
	NOMATCH(&x, F3164, "*Mar  1 18:46:11.123 router x", "Cisco");
	NOMATCH(&x, F3164, "412: hello", "Cisco");
	NOMATCH(&x, F3164, "*", "Cisco");
	fx_close(&x);
}

/* ---- rfc5424 ---- */

TEST(rfc5424_examples)
{
	struct fx x;

	fx_open(&x, "UTC");
	/* RFC 5424 section 6.5, examples 1 to 4 (BOM as its bytes). */
	EXPECT(&x, F5424, "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com"
	    " su - ID47 - \xef\xbb\xbf'su root' failed for lonvick on "
	    "/dev/pts/8",
	    "2003-10-11T22:14:15.003Z\t-\tmymachine.example.com\tcrit\tlog\t"
	    "'su root' failed for lonvick on /dev/pts/8\t"
	    "facility=auth app=su msgid=ID47");
	EXPECT(&x, F5424, "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 "
	    "myproc 8710 - - %% It's time to make the do-nuts.",
	    "2003-08-24T12:14:15.000Z\t-\t192.0.2.1\tnotice\tlog\t"
	    "%% It's time to make the do-nuts.\t"
	    "facility=local4 app=myproc pid=8710");
	EXPECT(&x, F5424, "<165>1 2003-10-11T22:14:15.003Z "
	    "mymachine.example.com evntslog - ID47 [exampleSDID@32473 "
	    "iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] "
	    "\xef\xbb\xbf" "An application event log entry...",
	    "2003-10-11T22:14:15.003Z\t-\tmymachine.example.com\tnotice\tlog\t"
	    "An application event log entry...\t"
	    "facility=local4 app=evntslog msgid=ID47 "
	    "exampleSDID@32473.iut=3 exampleSDID@32473.eventSource=Application"
	    " exampleSDID@32473.eventID=1011");
	EXPECT(&x, F5424, "<165>1 2003-10-11T22:14:15.003Z "
	    "mymachine.example.com evntslog - ID47 [exampleSDID@32473 "
	    "iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]"
	    "[examplePriority@32473 "
	    "class=\"high\"]",
	    "2003-10-11T22:14:15.003Z\t-\tmymachine.example.com\tnotice\tlog\t"
	    "\tfacility=local4 app=evntslog msgid=ID47 "
	    "exampleSDID@32473.iut=3 exampleSDID@32473.eventSource=Application"
	    " exampleSDID@32473.eventID=1011 examplePriority@32473.class=high");
	fx_close(&x);
}

TEST(rfc5424_fields)
{
	struct fx x;

	fx_open(&x, "UTC");
	/* All NILVALUE but the stamp; '-' host means none. */
	EXPECT(&x, F5424, "<14>1 2024-02-22T03:58:12+09:00 - - - - - hi",
	    "2024-02-21T18:58:12.000Z\t-\t-\tinfo\tlog\thi\tfacility=user");
	/* Escapes in SD values: \" \\ \] only; other backslashes stay. */
	EXPECT(&x, F5424, "<14>1 2024-02-22T03:58:12Z h a 1 m "
	    "[x@1 v=\"q\\\"uo\\\\te\\]d\\n\" w=\"\"] msg",
	    "2024-02-22T03:58:12.000Z\t-\th\tinfo\tlog\tmsg\t"
	    "facility=user app=a pid=1 msgid=m x@1.v=\"q\\\"uo\\\\te]d\\\\n\" "
	    "x@1.w=\"\"");
	/* An SD value with ']' and spaces inside the quotes. */
	EXPECT(&x, F5424, "<14>1 2024-02-22T03:58:12Z h a - - "
	    "[origin ip=\"10.0.0.1\" software=\"rsyslogd] x\"] m",
	    "2024-02-22T03:58:12.000Z\t-\th\tinfo\tlog\tm\t"
	    "facility=user app=a origin.ip=10.0.0.1 "
	    "origin.software=\"rsyslogd] x\"");
	/* A long escaped value. */
	{
		char line[3000], want[3000];
		size_t i;
		int k;

		k = snprintf(line, sizeof(line), "<14>1 2024-02-22T03:58:12Z "
		    "h a - - [x@1 v=\"");
		for (i = 0; i < 1000; i++)
			line[k++] = i % 2 ? '\\' : ']';
		/* ends with "\]": an escaped ']' */
		line[k++] = ']';
		snprintf(line + k, sizeof(line) - (size_t)k, "\"] end");
		(void)run(&x, F5424, line);
		assert_non_null(wake_event_attr_get(&x.ev, "x@1.v"));
		assert_int_equal(wake_event_attr_get(&x.ev, "x@1.v")->n, 501);
		memset(want, ']', 501);
		assert_memory_equal(wake_event_attr_get(&x.ev, "x@1.v")->p,
		    want, 501);
	}
	/* Cisco code in MSG. */
	EXPECT(&x, F5424, "<187>1 2024-02-22T03:58:12Z r1 - - - - "
	    "%LINK-3-UPDOWN: Gi0/1 down",
	    "2024-02-22T03:58:12.000Z\t-\tr1\terr\tlog\t"
	    "%LINK-3-UPDOWN: Gi0/1 down\tfacility=local7 ios=LINK-3-UPDOWN");
	fx_close(&x);
}

TEST(rfc5424_bad)
{
	struct fx x;

	fx_open(&x, "UTC");
	NOMATCH(&x, F5424, "Feb 22 03:58:12 host a: b", "'<PRI>'");
	NOMATCH(&x, F5424, "<34>Oct 11 22:14:15 mymachine su: x", "VERSION");
	NOMATCH(&x, F5424, "<34>2 2003-10-11T22:14:15Z h a - - - x",
	    "VERSION");
	NOMATCH(&x, F5424, "<034>1 2003-10-11T22:14:15Z h a - - - x", "PRI");
	NOMATCH(&x, F5424, "<192>1 2003-10-11T22:14:15Z h a - - - x", "PRI");
	NOMATCH(&x, F5424, "<34>1 - h a - - - x", "'-'");
	NOMATCH(&x, F5424, "<34>1 2003-10-11T22:14:15.003 h a - - - x",
	    "offset");
	NOMATCH(&x, F5424, "<34>1 2003-10-11 22:14:15Z h a - - - x",
	    "RFC 3339");
	NOMATCH(&x, F5424, "<34>1 2003-02-30T22:14:15Z h a - - - x",
	    "not a valid RFC 3339");
	NOMATCH(&x, F5424, "<34>1 2003-10-11T22:14:15Z h a - -", "not all");
	NOMATCH(&x, F5424, "<34>1 2003-10-11T22:14:15Z h  a - - - x",
	    "not all");
	NOMATCH(&x, F5424, "<34>1 2003-10-11T22:14:15Z h a - - x y",
	    "STRUCTURED-DATA");
	NOMATCH(&x, F5424, "<34>1 2003-10-11T22:14:15Z h a - - -x",
	    "STRUCTURED-DATA");
	NOMATCH(&x, F5424, "<34>1 2003-10-11T22:14:15Z h a - - [x@1 a=\"b\"]y",
	    "STRUCTURED-DATA");
	NOMATCH(&x, F5424, "<34>1 2003-10-11T22:14:15Z h a - - [x@1 a=\"b]",
	    "unterminated");
	NOMATCH(&x, F5424, "<34>1 2003-10-11T22:14:15Z h a - - [x@1 a=b]",
	    "SD-PARAM");
	NOMATCH(&x, F5424, "<34>1 2003-10-11T22:14:15Z h a - - [x@1 a=\"b\"",
	    "']'");
	NOMATCH(&x, F5424, "<34>1 2003-10-11T22:14:15Z h a - - [] x", "SD-ID");
	NOMATCH(&x, F5424, "<34>1 2003-10-11T22:14:15Z h a - - "
	    "[aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b=\"c\"] x", "SD-ID");
	NOMATCH(&x, F5424, "<34>1 20", "TIMESTAMP");
	NOMATCH(&x, F5424, "<34>", "VERSION");
	NOMATCH(&x, F5424, "", "'<PRI>'");
	fx_close(&x);
}

/* ---- the corpus ---- */

static const char *
corpus(void)
{
	const char *c = getenv("CORPUS");

	return c != NULL && *c != '\0' ? c : "../shared/corpus";
}

/* Lines of file that f parses, out of *total; -1 when absent. */
static long
corpus_count(const struct wk_format *f, const char *rel, long *total,
    int verbose)
{
	char path[4096], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long ok = 0;
	FILE *fp;
	struct fx x;

	snprintf(path, sizeof(path), "%s/%s", corpus(), rel);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	fx_open(&x, "UTC");
	*total = 0;
	while ((n = getline(&line, &cap, fp)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		++*total;
		if (run(&x, f, line) != NULL)
			ok++;
		else if (verbose)
			print_message("no match (%s): %s\n", x.why, line);
	}
	free(line);
	fclose(fp);
	fx_close(&x);
	return ok;
}

static void
corpus_check(const struct wk_format *f, const char *rel)
{
	long ok, total;

	if ((ok = corpus_count(f, rel, &total, 1)) < 0)
		skip();
	assert_true(total > 0);
	if (ok * 1000 < total * 999)
		fail_msg("%s: %ld of %ld lines", rel, ok, total);
}

TEST(corpus_linux)
{
	corpus_check(F3164, "loghub-2k/Linux/Linux_2k.log");
}

TEST(corpus_openssh)
{
	corpus_check(F3164, "loghub-2k/OpenSSH/OpenSSH_2k.log");
}

TEST(corpus_not_syslog)
{
	long ok, total;

	/* Application logs with their own stamps are not syslog. */
	if ((ok = corpus_count(F3164, "loghub-2k/Zookeeper/Zookeeper_2k.log",
	    &total, 0)) < 0)
		skip();
	assert_int_equal(ok, 0);
	ok = corpus_count(F5424, "loghub-2k/Linux/Linux_2k.log", &total, 0);
	assert_int_equal(ok, 0);
	ok = corpus_count(F3164, "access-log/elastic-examples/apache_logs",
	    &total, 0);
	assert_int_equal(ok, 0);
}
