/* The call-center formats: Asterisk queue_log and CDR CSV. */
#include <stdio.h>
#include <stdlib.h>

#include "test.h"
#include "internal.h"

#include <wake/parse.h>

struct run {
	const struct wk_format	*fmt;
	struct wk_pctx		 c;
	struct wake_tz		*tz;
	struct wake_event	 ev;
	const char		*why;
	int			 r;
};

static void
start(struct run *R, const struct wk_format *fmt, const char *zone)
{
	const char *why;

	memset(R, 0, sizeof(*R));
	R->fmt = fmt;
	assert_int_equal(wake_tz_open(zone, &R->tz, &why), WAKE_OK);
	R->c.tz = R->tz;
	R->c.year = 2024;
	R->c.fmt_data = fmt->data;
	R->c.state = fmt->init != NULL ? fmt->init(fmt->data) : NULL;
	wake_event_init(&R->ev);
}

/* One more line through the same state. */
static int
line(struct run *R, const char *l)
{
	wake_event_reset(&R->ev);
	R->why = NULL;
	R->c.tzflags = 0;
	R->r = R->fmt->parse(&R->c, l, strlen(l), &R->ev, &R->why);
	if (R->r == WK_NOMATCH)
		assert_non_null(R->why);
	return R->r;
}

static void
done(struct run *R)
{
	if (R->fmt->fini != NULL)
		R->fmt->fini(R->c.state);
	wake_event_free(&R->ev);
	wake_tz_free(R->tz);
}

static int
one(struct run *R, const struct wk_format *fmt, const char *l)
{
	start(R, fmt, "UTC");
	return line(R, l);
}

static const char *
tsv(struct run *R)
{
	static char out[4096];
	struct wake_buf b = WAKE_BUF_INIT;

	assert_int_equal(wake_event_write_tsv(&R->ev, &b), WAKE_OK);
	assert_true(b.n < sizeof(out));
	memcpy(out, b.p, b.n);
	out[b.n > 0 ? b.n - 1 : 0] = '\0';
	wake_buf_free(&b);
	return out;
}

static void
attr_is(struct run *R, const char *k, const char *v)
{
	const struct wake_str *s = wake_event_attr_get(&R->ev, k);

	if (s == NULL)
		fail_msg("no attr %s", k);
	assert_mem_str(s->p, s->n, v);
}

static void
no_attr(struct run *R, const char *k)
{
	if (wake_event_attr_get(&R->ev, k) != NULL)
		fail_msg("attr %s should be absent", k);
}

/* ---- queue_log ---- */

TEST(ql_enterqueue_brief_example)
{
	struct run R;

	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708556580|1708556580.101"
	    "|support|NONE|ENTERQUEUE||0355501234|3"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-21T23:03:00.000Z\t-\tsupport\t"
	    "info\tcall\tENTERQUEUE support caller 0355501234 position 3\t"
	    "call=1708556580.101 queue=support event=enter qevent=ENTERQUEUE "
	    "caller=0355501234 position=3");
	assert_int_equal(R.c.tzflags, 0);	/* epoch: exact */
	done(&R);
}

TEST(ql_enterqueue_old_two_fields)
{
	struct run R;

	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708556580|1.1|support|"
	    "NONE|ENTERQUEUE|http://x|0355501234"), WK_EVENT);
	attr_is(&R, "url", "http://x");
	attr_is(&R, "caller", "0355501234");
	no_attr(&R, "position");
	done(&R);
}

TEST(ql_connect_answer)
{
	struct run R;

	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708556622|1708556580.101"
	    "|support|PJSIP/1001|CONNECT|42|1708556614.601|8"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-21T23:03:42.000Z\t-\tPJSIP/1001"
	    "\tinfo\tcall\tCONNECT support agent PJSIP/1001 wait 42s ring 8s\t"
	    "call=1708556580.101 queue=support agent=PJSIP/1001 event=answer "
	    "qevent=CONNECT wait=42 bridged=1708556614.601 ring=8");
	done(&R);
}

TEST(ql_complete_both_sides)
{
	struct run R;

	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708557042|1.1|support|"
	    "PJSIP/1001|COMPLETEAGENT|42|420|1"), WK_EVENT);
	attr_is(&R, "event", "complete");
	attr_is(&R, "wait", "42");
	attr_is(&R, "talk", "420");
	attr_is(&R, "origposition", "1");
	assert_int_equal(R.ev.sev, WAKE_SEV_INFO);
	done(&R);
	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708557042|1.1|support|"
	    "PJSIP/1001|COMPLETECALLER|42|420|1"), WK_EVENT);
	attr_is(&R, "event", "complete");
	attr_is(&R, "qevent", "COMPLETECALLER");
	assert_mem_str(R.ev.msg.p, R.ev.msg.n, "COMPLETECALLER support agent "
	    "PJSIP/1001 wait 42s talk 420s");
	done(&R);
}

TEST(ql_lost_calls_are_notice)
{
	static const struct {
		const char	*line;
		const char	*event;
	} t[] = {
		{ "1708560421|1.2|support|NONE|ABANDON|1|2|45", "abandon" },
		{ "1708560421|1.2|support|NONE|EXITWITHTIMEOUT|1|2|300",
		    "timeout" },
		{ "1708560421|1.2|support|NONE|EXITWITHKEY|1|1|2|45", "exit" },
		{ "1708560421|1.2|support|NONE|EXITEMPTY|8|9|143", "exit" },
		{ "1708560421|1.2|support|NONE|LEAVEEMPTY|8|9|143", "exit" },
		{ "1708560421|1.2|support|NONE|JOINEMPTY|", "exit" },
		{ "1708560421|1.2|support|PJSIP/1002|AGENTDUMP|", "exit" },
	};
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(t); i++) {
		assert_int_equal(one(&R, &wk_fmt_queue_log, t[i].line),
		    WK_EVENT);
		attr_is(&R, "event", t[i].event);
		assert_int_equal(R.ev.sev, WAKE_SEV_NOTICE);
		assert_int_equal(R.ev.kind, WAKE_KIND_CALL);
		done(&R);
	}
}

TEST(ql_abandon_fields)
{
	struct run R;

	assert_int_equal(one(&R, &wk_fmt_queue_log,
	    "1708560421|1.2|support|NONE|ABANDON|1|2|45"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-22T00:07:01.000Z\t-\tsupport\t"
	    "notice\tcall\tABANDON support position 1 wait 45s\tcall=1.2 "
	    "queue=support event=abandon qevent=ABANDON position=1 "
	    "origposition=2 wait=45");
	done(&R);
}

TEST(ql_exitwithkey_key)
{
	struct run R;

	assert_int_equal(one(&R, &wk_fmt_queue_log,
	    "1708560421|1.2|support|NONE|EXITWITHKEY|1|3|4|45"), WK_EVENT);
	attr_is(&R, "key", "1");
	attr_is(&R, "position", "3");
	attr_is(&R, "origposition", "4");
	attr_is(&R, "wait", "45");
	done(&R);
}

TEST(ql_ringnoanswer_ms)
{
	static const struct {
		const char	*ms;
		const char	*s;
	} t[] = {
		{ "15000", "15" }, { "1500", "1.5" }, { "0", "0" },
		{ "999", "0.999" }, { "1010", "1.01" }, { "007", "0.007" },
	};
	char l[128];
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(t); i++) {
		snprintf(l, sizeof(l), "1708560421|1.2|support|PJSIP/1001|"
		    "RINGNOANSWER|%s", t[i].ms);
		assert_int_equal(one(&R, &wk_fmt_queue_log, l), WK_EVENT);
		attr_is(&R, "ring", t[i].s);
		attr_is(&R, "event", "ringnoanswer");
		assert_mem_str(R.ev.host.p, R.ev.host.n, "PJSIP/1001");
		done(&R);
	}
	/* Not a number: kept as written. */
	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708560421|1.2|q|a|"
	    "RINGCANCELED|soon"), WK_EVENT);
	attr_is(&R, "ring", "soon");
	done(&R);
}

TEST(ql_transfers)
{
	struct run R;

	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708558879|1.7|support|"
	    "PJSIP/1002|TRANSFER|2100|from-internal|44|328|1"), WK_EVENT);
	attr_is(&R, "event", "transfer");
	attr_is(&R, "extension", "2100");
	attr_is(&R, "context", "from-internal");
	attr_is(&R, "wait", "44");
	attr_is(&R, "talk", "328");
	attr_is(&R, "origposition", "1");
	done(&R);
	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708558879|1.7|support|"
	    "PJSIP/1002|BLINDTRANSFER|2100|from-internal|44|328|1"), WK_EVENT);
	attr_is(&R, "qevent", "BLINDTRANSFER");
	attr_is(&R, "extension", "2100");
	attr_is(&R, "talk", "328");
	done(&R);
	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708558879|1.7|support|"
	    "PJSIP/1002|ATTENDEDTRANSFER|BRIDGE|6b2a|161|93|9"), WK_EVENT);
	attr_is(&R, "method", "BRIDGE");
	attr_is(&R, "target", "6b2a");
	attr_is(&R, "wait", "161");
	attr_is(&R, "talk", "93");
	attr_is(&R, "origposition", "9");
	done(&R);
	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708558879|1.7|support|"
	    "PJSIP/1002|ATTENDEDTRANSFER|APP|VoiceMail|1001@default|5|6|2"),
	    WK_EVENT);
	attr_is(&R, "method", "APP");
	attr_is(&R, "target", "VoiceMail|1001@default");
	attr_is(&R, "talk", "6");
	done(&R);
	/* Too short to read: kept by place. */
	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708558879|1.7|support|"
	    "PJSIP/1002|ATTENDEDTRANSFER|FAIL"), WK_EVENT);
	attr_is(&R, "data1", "FAIL");
	done(&R);
}

TEST(ql_agent_events)
{
	struct run R;

	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708556510|1708556510.2|"
	    "NONE|Agent/2001|AGENTLOGIN|PJSIP/2001-00000002"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-21T23:01:50.000Z\t-\tAgent/2001"
	    "\tinfo\tcall\tAGENTLOGIN agent Agent/2001 channel "
	    "PJSIP/2001-00000002\tcall=1708556510.2 agent=Agent/2001 "
	    "event=agent qevent=AGENTLOGIN channel=PJSIP/2001-00000002");
	done(&R);
	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708556510|NONE|support|"
	    "PJSIP/1001|PAUSE|incident-briefing"), WK_EVENT);
	attr_is(&R, "event", "agent");
	attr_is(&R, "reason", "incident-briefing");
	no_attr(&R, "call");
	done(&R);
	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708556510|NONE|support|"
	    "PJSIP/1001|ADDMEMBER|"), WK_EVENT);
	attr_is(&R, "event", "agent");
	no_attr(&R, "data1");
	done(&R);
	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708565395|1.2|NONE|"
	    "Agent/2001|AGENTLOGOFF|PJSIP/2001-00000002|8885"), WK_EVENT);
	attr_is(&R, "logintime", "8885");
	done(&R);
}

TEST(ql_system_events)
{
	struct run R;

	assert_int_equal(one(&R, &wk_fmt_queue_log,
	    "1759217554|NONE|NONE|NONE|QUEUESTART|"), WK_EVENT);
	assert_string_equal(tsv(&R), "2025-09-30T07:32:34.000Z\t-\t-\tinfo\t"
	    "call\tQUEUESTART\tevent=system qevent=QUEUESTART");
	done(&R);
	assert_int_equal(one(&R, &wk_fmt_queue_log,
	    "1759218903|NONE|NONE|NONE|CONFIGRELOAD|"), WK_EVENT);
	attr_is(&R, "event", "system");
	done(&R);
}

TEST(ql_unknown_event_kept)
{
	struct run R;

	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708558311|1.5|support|"
	    "NONE|SURVEYRESULT|4|keypad"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-21T23:31:51.000Z\t-\tsupport\t"
	    "info\tcall\tSURVEYRESULT support\tcall=1.5 queue=support "
	    "event=other qevent=SURVEYRESULT data1=4 data2=keypad");
	done(&R);
	/* Fields past those a known event names: by place. */
	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708558311|1.5|support|"
	    "NONE|ABANDON|1|2|3|extra"), WK_EVENT);
	attr_is(&R, "data4", "extra");
	done(&R);
	assert_int_equal(one(&R, &wk_fmt_queue_log, "1708558311|1.5|support|"
	    "NONE|DID|0120555100"), WK_EVENT);
	attr_is(&R, "event", "other");
	attr_is(&R, "did", "0120555100");
	done(&R);
}

TEST(ql_iso_time_and_crlf)
{
	struct run R;

	start(&R, &wk_fmt_queue_log, "Asia/Tokyo");
	assert_int_equal(line(&R, "2024-02-22 08:03:00|1.1|support|NONE|"
	    "ABANDON|1|1|5\r"), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-21T23:03:00.000Z\t-\tsupport\t"
	    "notice\tcall\tABANDON support position 1 wait 5s\tcall=1.1 "
	    "queue=support event=abandon qevent=ABANDON position=1 "
	    "origposition=1 wait=5");
	assert_true(R.c.tzflags & WK_TZ_ASSUMED);
	done(&R);
}

TEST(ql_refuses)
{
	static const char *const bad[] = {
		"Feb 22 09:58:13 host sshd[1]: hello",
		"1708558311|1.5|support|NONE",
		"notatime|1.5|support|NONE|ABANDON|1",
		"1708558311|1.5|support|NONE|abandon|1",
		"1708558311|1.5|support|NONE||1",
		"1708558311|1.5|support|NONE|1ABANDON|1",
		"12|1.5|support|NONE|ABANDON|1",
		"1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|17|18|19|20|21|22|23|"
		    "24|25|26|27|28|29|30|31|32|33",
		"",
	};
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(bad); i++) {
		assert_int_equal(one(&R, &wk_fmt_queue_log, bad[i]),
		    WK_NOMATCH);
		done(&R);
	}
	assert_int_equal(one(&R, &wk_fmt_queue_log, "# a comment"), WK_META);
	done(&R);
}

TEST(ql_long_msg_is_cut)
{
	char l[2048];
	struct run R;

	memset(l, 0, sizeof(l));
	memcpy(l, "1708558311|1.5|support|NONE|ENTERQUEUE||", 40);
	memset(l + 40, '7', 1500);
	assert_int_equal(one(&R, &wk_fmt_queue_log, l), WK_EVENT);
	assert_int_equal(R.ev.msg.n, 512);
	assert_int_equal(wake_event_attr_get(&R.ev, "caller")->n, 1500);
	done(&R);
}

/* ---- cdr ---- */

TEST(cdr_master_csv_line)
{
	struct run R;

	start(&R, &wk_fmt_cdr, "Asia/Tokyo");
	assert_int_equal(line(&R, "\"\",\"0355501064\",\"0120555100\","
	    "\"from-trunk\",\"\"\"TANAKA HIROSHI\"\" <0355501064>\","
	    "\"PJSIP/trunk-ntt-0000001c\",\"PJSIP/1001-0000001d\",\"Queue\","
	    "\"support,t,,,300\",\"2024-02-22 08:03:00\",\"2024-02-22 "
	    "08:03:42\",\"2024-02-22 08:10:42\",462,420,\"ANSWERED\","
	    "\"DOCUMENTATION\",\"1708556580.101\",\"\""), WK_EVENT);
	assert_string_equal(tsv(&R), "2024-02-21T23:03:00.000Z\t-\t"
	    "PJSIP/1001\tinfo\tcall\tANSWERED 0355501064 -> 0120555100 "
	    "duration 462s billsec 420s\tcall=1708556580.101 "
	    "disposition=ANSWERED src=0355501064 dst=0120555100 "
	    "clid=\"\\\"TANAKA HIROSHI\\\" <0355501064>\" duration=462 "
	    "billsec=420 talk=420 wait=42 channel=PJSIP/trunk-ntt-0000001c "
	    "dstchannel=PJSIP/1001-0000001d dcontext=from-trunk lastapp=Queue "
	    "lastdata=support,t,,,300 answer=\"2024-02-22 08:03:42\" "
	    "end=\"2024-02-22 08:10:42\" amaflags=DOCUMENTATION");
	assert_true(R.c.tzflags & WK_TZ_ASSUMED);
	done(&R);
}

TEST(cdr_dispositions)
{
	static const struct {
		const char	*disp;
		int		 sev;
	} t[] = {
		{ "ANSWERED", WAKE_SEV_INFO },
		{ "NO ANSWER", WAKE_SEV_NOTICE },
		{ "BUSY", WAKE_SEV_NOTICE },
		{ "FAILED", WAKE_SEV_WARN },
		{ "CONGESTION", WAKE_SEV_WARN },
	};
	char l[512];
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(t); i++) {
		snprintf(l, sizeof(l), "\"\",\"1001\",\"2100\",\"default\","
		    "\"\",\"PJSIP/1001-01\",\"\",\"Dial\",\"PJSIP/2100,20\","
		    "\"2024-02-22 09:25:00\",\"\",\"2024-02-22 09:25:04\",4,0,"
		    "\"%s\",\"DOCUMENTATION\",\"1708561500.203\",\"\"",
		    t[i].disp);
		assert_int_equal(one(&R, &wk_fmt_cdr, l), WK_EVENT);
		assert_int_equal(R.ev.sev, t[i].sev);
		attr_is(&R, "disposition", t[i].disp);
		attr_is(&R, "wait", "4");
		no_attr(&R, "talk");
		no_attr(&R, "answer");
		assert_int_equal(R.ev.host.n, 0);
		done(&R);
	}
}

TEST(cdr_custom_column_order)
{
	struct run R;

	/* cdr_custom's default Master.csv mapping, all quoted. */
	assert_int_equal(one(&R, &wk_fmt_cdr, "\"\"\"\"\" <client1>\","
	    "\"client1\",\"6789\",\"default\",\"PJSIP/client1-00000002\","
	    "\"PJSIP/client2-00000003\",\"Dial\",\"PJSIP/client2\","
	    "\"2023-07-26 01:51:32\",\"2023-07-26 01:51:50\","
	    "\"2023-07-26 01:52:04\",\"31\",\"13\",\"ANSWERED\","
	    "\"DOCUMENTATION\",\"\",\"1690325492.2\",\"\",2"), WK_EVENT);
	attr_is(&R, "call", "1690325492.2");
	attr_is(&R, "clid", "\"\" <client1>");
	attr_is(&R, "src", "client1");
	attr_is(&R, "dst", "6789");
	attr_is(&R, "sequence", "2");
	attr_is(&R, "talk", "13");
	attr_is(&R, "wait", "18");
	assert_mem_str(R.ev.host.p, R.ev.host.n, "PJSIP/client2");
	no_attr(&R, "accountcode");
	done(&R);
}

TEST(cdr_optional_tail_columns)
{
	struct run R;

	/* No uniqueid, a userfield; then newcdrcolumns. */
	assert_int_equal(one(&R, &wk_fmt_cdr, "acct,1,2,ctx,clid,SIP/a-1,,"
	    "Hangup,,2010-04-02 00:26:32,2010-04-02 00:26:32,"
	    "2010-04-02 00:26:39,7,7,ANSWERED,DOCUMENTATION,my field,peer,"
	    "1270167992.0,5"), WK_EVENT);
	no_attr(&R, "call");
	attr_is(&R, "userfield", "my field");
	attr_is(&R, "peeraccount", "peer");
	attr_is(&R, "linkedid", "1270167992.0");
	attr_is(&R, "sequence", "5");
	attr_is(&R, "accountcode", "acct");
	done(&R);
	/* Columns before start that are not a known layout: colN. */
	assert_int_equal(one(&R, &wk_fmt_cdr, "x,y,z,w,v,u,2010-04-02 "
	    "00:26:32,,2010-04-02 00:26:39,7,0,BUSY,DOCUMENTATION"), WK_EVENT);
	attr_is(&R, "col1", "x");
	attr_is(&R, "col6", "u");
	attr_is(&R, "disposition", "BUSY");
	no_attr(&R, "src");
	done(&R);
}

TEST(cdr_device_of_channel)
{
	static const struct {
		const char	*chan;
		const char	*host;
	} t[] = {
		{ "SIP/1001-0000002a", "SIP/1001" },
		{ "Local/x@default-1545;1", "Local/x@default" },
		{ "DAHDI/1-1", "DAHDI/1-1" },
		{ "PJSIP/trunk-ntt", "PJSIP/trunk-ntt" },
		{ "Console/dsp", "Console/dsp" },
	};
	char l[512];
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(t); i++) {
		snprintf(l, sizeof(l), "\"\",\"1\",\"2\",\"d\",\"\",\"C/1\","
		    "\"%s\",\"Dial\",\"\",\"2024-02-22 09:25:00\",\"\","
		    "\"2024-02-22 09:25:04\",4,0,\"BUSY\",\"DOCUMENTATION\"",
		    t[i].chan);
		assert_int_equal(one(&R, &wk_fmt_cdr, l), WK_EVENT);
		assert_mem_str(R.ev.host.p, R.ev.host.n, t[i].host);
		done(&R);
	}
}

TEST(cdr_header_maps_columns)
{
	struct run R;

	start(&R, &wk_fmt_cdr, "UTC");
	assert_int_equal(line(&R, "calldate,clid,src,dst,dcontext,channel,"
	    "dstchannel,lastapp,lastdata,duration,billsec,disposition,"
	    "amaflags,accountcode,uniqueid,userfield,did"), WK_META);
	assert_int_equal(line(&R, "2024-02-22 09:25:00,\"\"\"A\"\" <1>\",1,2,"
	    "ext,SIP/1-1,SIP/2-00000001,Dial,\"SIP/2,20\",30,25,ANSWERED,3,,"
	    "1708561500.5,,0120555100"), WK_EVENT);
	attr_is(&R, "call", "1708561500.5");
	attr_is(&R, "billsec", "25");
	attr_is(&R, "wait", "5");
	attr_is(&R, "lastdata", "SIP/2,20");
	attr_is(&R, "did", "0120555100");
	assert_mem_str(R.ev.host.p, R.ev.host.n, "SIP/2");
	assert_int_equal(line(&R, "bad,\"\",1,2,ext,SIP/1-1,,Dial,,30,25,"
	    "ANSWERED,3,,1.5,,"), WK_NOMATCH);
	done(&R);
}

TEST(cdr_refuses)
{
	static const char *const bad[] = {
		"1708558311|1.5|support|NONE|ENTERQUEUE||1|1",
		"time,host,msg",
		"\"\",\"1\",\"2\",\"d\",\"\",\"C/1\",\"\",\"Dial\",\"\","
		    "\"2024-02-22 09:25:00\",\"\",\"2024-02-22 09:25:04\",4,0,"
		    "\"LOST\",\"DOCUMENTATION\"",
		"\"\",\"1\",\"2\",\"d\",\"\",\"C/1\",\"\",\"Dial\",\"\","
		    "\"2024-02-22 09:25:00\",\"\",\"2024-02-22 09:25:04\",x,0,"
		    "\"BUSY\",\"DOCUMENTATION\"",
		"\"\",\"1\",\"2\",\"d\",\"unclosed",
		"ANSWERED",
		"",
	};
	struct run R;
	size_t i;

	for (i = 0; i < WK_NELEM(bad); i++) {
		assert_int_equal(one(&R, &wk_fmt_cdr, bad[i]), WK_NOMATCH);
		done(&R);
	}
	assert_int_equal(one(&R, &wk_fmt_cdr, "# comment"), WK_META);
	done(&R);
}

TEST(cdr_without_state)
{
	struct wk_pctx c;
	struct wake_event ev;
	const char *why = NULL;
	static const char l[] = "\"\",\"1\",\"2\",\"d\",\"\"\"x\"\"\",\"C/1\","
	    "\"\",\"Dial\",\"\",\"2024-02-22 09:25:00\",\"\","
	    "\"2024-02-22 09:25:04\",4,0,\"BUSY\",\"DOCUMENTATION\"";

	memset(&c, 0, sizeof(c));
	wake_event_init(&ev);
	assert_int_equal(wk_fmt_cdr.parse(&c, l, strlen(l), &ev, &why),
	    WK_EVENT);
	wake_event_free(&ev);
}

/*
 * ---- real files ----
 * From $CORPUS (tests/run.sh sets it); without it these tests pass
 * saying so: cmocka writes a skip as "not ok # SKIP", which the runner
 * would count as a failure.
 */

static char *
corpus(const char *rel)
{
	const char *dir = getenv("CORPUS");
	char *path;
	FILE *f;

	if (dir == NULL || (path = malloc(strlen(dir) + strlen(rel) + 2)) ==
	    NULL)
		return NULL;
	snprintf(path, strlen(dir) + strlen(rel) + 2, "%s/%s", dir, rel);
	if ((f = fopen(path, "r")) == NULL) {
		free(path);
		return NULL;
	}
	fclose(f);
	return path;
}

struct count {
	size_t	n;
	size_t	calls;
	char	first[4096];
};

static int
count_ev(void *arg, const struct wake_event *ev)
{
	struct count *k = arg;
	struct wake_buf b = WAKE_BUF_INIT;

	if (k->n++ == 0 && wake_event_write_tsv(ev, &b) == WAKE_OK &&
	    b.n < sizeof(k->first)) {
		memcpy(k->first, b.p, b.n);
		k->first[b.n] = '\0';
	}
	wake_buf_free(&b);
	k->calls += ev->kind == WAKE_KIND_CALL;
	return 0;
}

/* Detect and parse a corpus file; its stats and the events' count. */
static int
parse_file(const char *rel, struct wake_parse_stats *st, struct count *k)
{
	struct wake_parse_opts o = WAKE_PARSE_OPTS_INIT;
	struct wake_parser *p;
	struct wake_input *in;
	struct wake_tz *tz;
	const char *why;
	char *path;

	if ((path = corpus(rel)) == NULL) {
		print_message("# %s: corpus absent, not tested\n", rel);
		return 0;
	}
	assert_int_equal(wake_tz_open("UTC", &tz, &why), WAKE_OK);
	o.tz = tz;
	o.no_origin = 1;
	assert_int_equal(wake_parser_new(&p, &o), WAKE_OK);
	assert_int_equal(wake_input_open_path(&in, path, NULL), WAKE_OK);
	memset(k, 0, sizeof(*k));
	assert_int_equal(wake_parser_run(p, in, count_ev, k, st), WAKE_OK);
	assert_int_equal(st->lines, st->events + st->folded + st->raw +
	    st->rejected + st->skipped);
	wake_input_free(in);
	wake_parser_free(p);
	wake_tz_free(tz);
	free(path);
	return 1;
}

TEST(corpus_cdr_master)
{
	struct wake_parse_stats st;
	struct count k;

	if (!parse_file("asterisk/cdr/asterisk-testsuite_self_test_Master.csv",
	    &st, &k))
		return;
	assert_string_equal(st.format, "cdr");
	assert_int_equal(st.events, 2);
	assert_int_equal(k.calls, 2);
	assert_string_equal(k.first, "2010-04-02T00:26:32.000Z\t"
	    "asterisk-testsuite_self_test_Master\t-\tinfo\tcall\t"
	    "ANSWERED -> 1 duration 7s billsec 7s\tcall=1270167992.0 "
	    "disposition=ANSWERED dst=1 duration=7 billsec=7 talk=7 wait=0 "
	    "channel=Console/dsp dcontext=default lastapp=Hangup "
	    "answer=\"2010-04-02 00:26:32\" end=\"2010-04-02 00:26:39\" "
	    "amaflags=DOCUMENTATION tz=UTC\n");
}

TEST(corpus_cdr_dispositions)
{
	struct wake_parse_stats st;
	struct count k;

	if (!parse_file("asterisk/cdr/asterisk-testsuite_cdrlib_good.csv",
	    &st, &k))
		return;
	assert_string_equal(st.format, "cdr");
	assert_int_equal(st.events, 5);
	assert_int_equal(st.raw, 0);
}

TEST(corpus_cdr_other_column_order)
{
	struct wake_parse_stats st;
	struct count k;

	if (!parse_file("asterisk/cdr/KelySaina-cdr_Master.csv", &st, &k))
		return;
	assert_string_equal(st.format, "cdr");
	assert_int_equal(st.events, 14);
	assert_int_equal(st.raw, 0);
	assert_non_null(strstr(k.first, "\tPJSIP/client2\tinfo\tcall\t"
	    "ANSWERED client1 -> 6789 duration 31s billsec 13s\t"
	    "call=1690325492.2 "));
}

TEST(corpus_queue_log_system_events)
{
	struct wake_parse_stats st;
	struct count k;

	if (!parse_file("asterisk/queue_log/Am1nch1k-Asteriks_queue_log", &st,
	    &k))
		return;
	assert_string_equal(st.format, "queue_log");
	assert_int_equal(st.events, 12);
	assert_int_equal(k.calls, 12);
	assert_string_equal(k.first, "2025-09-30T07:32:34.000Z\t"
	    "Am1nch1k-Asteriks_queue_log\t-\tinfo\tcall\tQUEUESTART\t"
	    "event=system qevent=QUEUESTART\n");
}
