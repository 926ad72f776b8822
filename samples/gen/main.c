/*
 * wake-gen: makes wake's example inputs and benchmark data.
 *
 *	wake-gen outage DIR [TRUTHDIR]		the bundled outage sample
 *	wake-gen syslog --bytes N [--seed S]	RFC 3164 syslog on stdout
 *	wake-gen events --lines N [--seed S] [--src NAME]
 *						sorted wake(7) events
 *	wake-gen queue_log --lines N [--seed S]	Asterisk queue_log
 *	wake-gen external DIR			an external cause (cause.c)
 *	wake-gen week-quiet|week-incidents DIR	a week, for wake-detect
 *						(week.c)
 *	wake-gen maintenance DIR [TRUTHDIR]	a blog host down for days
 *						after maintenance (maint.c)
 *
 * THE OUTAGE SAMPLE (samples/outage/ and its planted facts in
 * samples/truth/outage/, committed; regenerate with
 * `make && build/bin/wake-gen outage samples/outage samples/truth/outage`)
 *
 * A mobile carrier's core network on Thursday 2024-02-22.  Times UTC:
 *
 *	00:00		normal day; traffic follows the subscribers' day
 *			(New York time of day: low at night, high by day)
 *	02:30-02:58	CHG-4702, a harmless certificate rotation
 *	07:47		a manual config change on agg-sw-02 (harmless)
 *	08:01		a customer BGP peer on core-rtr-03 flaps (harmless)
 *	09:05:12	CHG-4711 approved: "route-map policy pushed to
 *			core-rtr-*", actor ops-deploy
 *	09:11:48.310	CHG-4711 starts; %SYS-5-CONFIG_I on core-rtr-01..04
 *			over the next 20 s
 *	09:12:10	impact starts: first %BGP-5-ADJCHANGE ... Down on
 *			core-rtr-01 (04:12 in New York); core links flap,
 *			the packet core loses its peers, the gateway logs a
 *			new error "upstream connect error: no route to host
 *			10.20.3.N", nginx answers 502/503/504
 *	09:19:40	first alert (BGPSessionDown): detection
 *	09:24:12	first human ack in Slack #incident-core; a
 *			question about CHG-4711 at 09:41 is waved away
 *	13:30		impact at its peak (08:30 in New York)
 *	16:18:30	rollback of CHG-4711 starts
 *	16:20:05	rollback done: mitigation; BGP sessions come back
 *	17:00		every series back at baseline: recovery (noon in
 *			Chicago)
 *	17:42:18	resolution declared in Slack, 42 minutes after
 *			the measured recovery
 *	23:59		normal evening
 *
 * The files, each in its own zone on purpose:
 *
 *	core-syslog.log	RFC 5424 from the packet core; the vendor boxes
 *			(mme, sgw, pgw) stamp +09:00 with microseconds, the
 *			rest Z; structured data on stats, alerts, changes
 *	router.log	RFC 3164 as the log host's rsyslog wrote it, in
 *	router.log.1.gz	America/New_York local time without a year: Cisco
 *			IOS lines with sequence numbers and device stamps
 *			(core-rtr-*) or message counters (agg-sw-*);
 *			rotated at 06:25:01 local (11:25:01 UTC), the .1.gz
 *			starting Feb 21 19:00 local
 *	app.jsonl	the subscriber gateway's JSON log, UTC (Z)
 *	app-worker.log	its worker JVMs' log4j log in Asia/Tokyo local
 *			time, no offset, with multi-line stack traces
 *	access.log	nginx combined at -0600 (Chicago front end)
 *	queue_log	the call center's Asterisk queue_log (epoch
 *			seconds): three queues, a normal day and the surge
 *			of the outage (outage_calls.c)
 *	calls.truth	(in TRUTHDIR) what wake-stats --calls --bin 5m --by attr:queue
 *			must count in queue_log: offered answered
 *			abandoned timeout per bin and queue
 *	reports.csv	customer outage reports per minute, New York
 *			time with its offset (a metric series)
 *	slack-export.zip  the team's Slack export: #incident-core with
 *			the alert, ack, rollback and the declared
 *			resolution; #general (outage_chat.c, zip.c)
 *	TRUTH		(in TRUTHDIR) the planted facts (times, template, per-file
 *			formats, zones and counts) that tests read
 *
 * The output is the same bytes on every machine: one xoshiro256**
 * stream per file with a fixed seed, integer arithmetic only (no libm),
 * fixed UTC offsets for the day (no tzdata, no TZ, no clock), and a
 * gzip writer of its own (deflate.c) instead of zlib, whose output
 * differs between versions.
 *
 * To add a file: write one
 * function gen_<name>(sc, out, facts) that reads the planted times in
 * struct scenario, builds records with recs_add(), sorts and renders
 * them, and add it to the table in cmd_outage().
 *
 * syslog and events are for tests/bench.sh, queue_log for
 * tests/bench-calls.sh: fast (hundreds of MB/s),
 * deterministic for a seed, times increasing from 2024-02-22.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

int	cmd_external(int argc, char *argv[]);	/* cause.c */
int	cmd_week(int argc, char *argv[]);	/* week.c */
int	cmd_maintenance(int argc, char *argv[]);	/* maint.c */

static void __attribute__((noreturn))
usage(FILE *fp, int status)
{
	fputs("usage: wake-gen outage DIR [TRUTHDIR]\n"
	    "       wake-gen syslog --bytes N [--seed S]\n"
	    "       wake-gen events --lines N [--seed S] [--src NAME]\n"
	    "       wake-gen external DIR\n"
	    "       wake-gen week-quiet|week-incidents DIR\n"
	    "       wake-gen maintenance DIR [TRUTHDIR]\n"
	    "       wake-gen queue_log --lines N [--seed S]\n", fp);
	exit(status);
}

int
main(int argc, char *argv[])
{
	if (argc < 2)
		usage(stderr, 2);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		usage(stdout, 0);
	if (strcmp(argv[1], "outage") == 0)
		return cmd_outage(argc - 1, argv + 1);
	if (strcmp(argv[1], "syslog") == 0)
		return cmd_syslog(argc - 1, argv + 1);
	if (strcmp(argv[1], "events") == 0)
		return cmd_events(argc - 1, argv + 1);
	if (strcmp(argv[1], "queue_log") == 0)
		return cmd_queue_log(argc - 1, argv + 1);
	if (strcmp(argv[1], "external") == 0)	/* cause.c */
		return cmd_external(argc - 1, argv + 1);
	if (strncmp(argv[1], "week-", 5) == 0)	/* week.c */
		return cmd_week(argc - 1, argv + 1);
	if (strcmp(argv[1], "maintenance") == 0)	/* maint.c */
		return cmd_maintenance(argc - 1, argv + 1);
	usage(stderr, 2);
}
