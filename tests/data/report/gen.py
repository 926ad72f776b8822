#!/usr/bin/env python3
# Writes the hand-made test week of wake-report(1): two weeks of a small
# shop's events (Mon 2024-02-26 .. Sun 2024-03-10, UTC) as wake-parse and
# wake-detect would write them: queue events of the support line, chat
# in #general and the incident channels, error logs with tmpl= ids, and
# the phase events of five incidents, written when each incident closed
# (so after later events).  Run from this folder; same bytes every time.
import random

R = random.Random(20240311)
DAY0 = 0  # 2024-02-26
NAMES = ["2024-02-26", "2024-02-27", "2024-02-28", "2024-02-29",
         "2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04",
         "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08",
         "2024-03-09", "2024-03-10"]

def ts(day, sec):
    ms = sec * 1000
    h, rem = divmod(int(ms), 3600000)
    m, rem = divmod(rem, 60000)
    s, ms = divmod(rem, 1000)
    return "%sT%02d:%02d:%02d.%03dZ" % (NAMES[day], h, m, s, ms)

def q(v):
    return '"%s"' % v.replace('\\', '\\\\').replace('"', '\\"') \
        if (' ' in v or '"' in v or '=' in v or v == '') else v

def ev(day, sec, src, host, sev, kind, msg, attrs):
    a = " ".join("%s=%s" % (k, q(str(v))) for k, v in attrs)
    return (day, sec, "\t".join([ts(day, sec), src, host, sev, kind, msg, a]))

# day, start s, recover s (or None), resolve, detect, ack, mitigate, ...
INC = [
    # previous week
    dict(id="INC-20240227-1", day=1, start=10*3600, detect=10*3600+420,
         ack=10*3600+900, mitigate=10*3600+1800, recover=11*3600,
         resolve=11*3600+300, title="Checkout errors after deploy 4.18",
         ch="inc-checkout", tmpl=["9f2c4e1a7b3d5c60", "3a7e9b1c2d4f6a80"],
         hosts=["web-1", "web-2"], calls=40),
    dict(id="INC-20240301-1", day=4, start=14*3600, detect=14*3600+600,
         ack=14*3600+660, mitigate=None, recover=14*3600+2400,
         resolve=14*3600+2700, title="Login slow (db pool exhausted)",
         ch="inc-login", tmpl=["5d1e8f2a9c3b7e40"], hosts=["db-1"],
         calls=15),
    # this week
    dict(id="INC-20240305-1", day=8, start=9*3600, detect=9*3600+300,
         ack=9*3600+720, mitigate=10*3600, recover=10*3600+2700,
         resolve=10*3600+2400, title="Checkout errors: payment gateway timeouts",
         ch="inc-checkout", tmpl=["9f2c4e1a7b3d5c60", "c0ffee0000000001"],
         hosts=["web-1", "web-3"], calls=90),
    dict(id="INC-20240307-1", day=10, start=15*3600, detect=15*3600+1500,
         ack=15*3600+1560, mitigate=16*3600, recover=17*3600+600,
         resolve=17*3600+900, title="Call surge: customers cannot log in",
         ch="inc-login", tmpl=["5d1e8f2a9c3b7e40", "9f2c4e1a7b3d5c60"],
         hosts=["db-1", "web-1"], calls=160),
    dict(id="INC-20240309-1", day=12, start=None, detect=21*3600,
         ack=21*3600+240, mitigate=None, recover=None,
         resolve=21*3600+2400, title="Order e-mails delayed (declared in chat)",
         ch="inc-mail", tmpl=[], hosts=[], calls=0),
]

TEXT = {
    "9f2c4e1a7b3d5c60": "payment gateway timeout after 30000 ms order=%d",
    "3a7e9b1c2d4f6a80": "template render failed: missing key cart.total (id %d)",
    "5d1e8f2a9c3b7e40": "could not obtain connection from pool within 5000 ms (waiters %d)",
    "c0ffee0000000001": "upstream 502 from payments-api (req %d)",
    "77aa00bb11cc22dd": "disk usage above 85%% on /var (%d%%)",
}

out = []
# Background: calls every day, busier on weekdays; chat in #general;
# a recurring warning that is not an incident.
cid = 0
for day in range(14):
    weekend = (day % 7) >= 5
    ncalls = 12 if weekend else 30
    for i in range(ncalls):
        cid += 1
        t = R.randint(8 * 3600, 18 * 3600)
        out.append(ev(day, t, "calls", "support", "info", "call", "ENTERQUEUE",
                      [("call", "c%d" % cid), ("queue", "support"),
                       ("event", "enter")]))
        if R.random() < 0.06:
            w = R.randint(20, 90)
            out.append(ev(day, t + w, "calls", "support", "info", "call",
                          "ABANDON", [("call", "c%d" % cid), ("queue", "support"),
                                      ("event", "abandon"), ("wait", w)]))
        else:
            w = R.randint(2, 24)
            out.append(ev(day, t + w, "calls", "support", "info", "call",
                          "CONNECT", [("call", "c%d" % cid), ("queue", "support"),
                                      ("agent", R.choice(["aiko", "ben", "chen"])),
                                      ("event", "answer"), ("wait", w)]))
            out.append(ev(day, t + w + R.randint(60, 400), "calls", "support",
                          "info", "call", "COMPLETECALLER",
                          [("call", "c%d" % cid), ("queue", "support"),
                           ("event", "complete")]))
    for i in range(6 if weekend else 14):
        t = R.randint(7 * 3600, 20 * 3600)
        out.append(ev(day, t, "slack", R.choice(["aiko", "ben", "dana"]), "-",
                      "chat", R.choice(["morning", "lunch?", "deploy 4.%d done" % day,
                                        "standup in 5"]),
                      [("channel", "general"), ("user", "u%d" % (i % 3))]))
    t = R.randint(0, 86000)
    out.append(ev(day, t, "syslog", "backup-1", "warn", "log",
                  TEXT["77aa00bb11cc22dd"] % R.randint(85, 90),
                  [("tmpl", "77aa00bb11cc22dd")]))

for inc in INC:
    day = inc["day"]
    t0 = inc["start"] if inc["start"] is not None else inc["detect"]
    t1 = inc["recover"] or inc["resolve"]
    # errors while it lasts
    for k, tm in enumerate(inc["tmpl"]):
        for i in range(25 if k == 0 else 8):
            t = R.randint(t0, t1 - 1)
            out.append(ev(day, t, "app", R.choice(inc["hosts"]), "err", "log",
                          TEXT[tm] % R.randint(1000, 9999), [("tmpl", tm)]))
    # the surge of calls
    for i in range(inc["calls"]):
        cid += 1
        t = R.randint(t0, t1 - 1)
        out.append(ev(day, t, "calls", "support", "info", "call", "ENTERQUEUE",
                      [("call", "c%d" % cid), ("queue", "support"),
                       ("event", "enter")]))
        if R.random() < 0.3:
            w = R.randint(30, 240)
            out.append(ev(day, t + w, "calls", "support", "info", "call",
                          "ABANDON", [("call", "c%d" % cid), ("queue", "support"),
                                      ("event", "abandon"), ("wait", w)]))
        else:
            w = R.randint(10, 300)
            out.append(ev(day, t + w, "calls", "support", "info", "call",
                          "CONNECT", [("call", "c%d" % cid), ("queue", "support"),
                                      ("agent", R.choice(["aiko", "ben", "chen"])),
                                      ("event", "answer"), ("wait", w)]))
            out.append(ev(day, t + w + 200, "calls", "support", "info", "call",
                          "COMPLETECALLER", [("call", "c%d" % cid),
                                             ("queue", "support"),
                                             ("event", "complete")]))
    # the channel
    ch = inc["ch"]
    out.append(ev(day, inc["detect"], "slack", "dana", "-", "chat",
                  "is checkout down? customers are calling",
                  [("channel", ch), ("user", "dana"), ("phase", "detect")]))
    out.append(ev(day, inc["ack"], "slack", "ben", "-", "chat",
                  "ack, investigating", [("channel", ch), ("user", "ben"),
                                         ("phase", "ack")]))
    for i in range(R.randint(8, 20)):
        out.append(ev(day, R.randint(inc["ack"], inc["resolve"]), "slack",
                      R.choice(["ben", "aiko", "dana"]), "-", "chat",
                      R.choice(["looking at the pool", "graphs attached",
                                "still seeing errors", "customer #4411 again",
                                "確認中です"]),
                      [("channel", ch), ("user", "u")]))
    if inc["mitigate"]:
        out.append(ev(day, inc["mitigate"], "slack", "ben", "-", "chat",
                      "rolled back to previous release",
                      [("channel", ch), ("user", "ben"), ("phase", "mitigate")]))
    out.append(ev(day, inc["resolve"], "slack", "aiko", "-", "chat",
                  "resolved, all clear", [("channel", ch), ("user", "aiko"),
                                          ("phase", "resolve")]))
    # phase events, written when the incident closed (30 min later)
    close = (inc["recover"] or inc["resolve"]) + 1800
    first = True
    for ph in ["start", "detect", "ack", "mitigate", "recover", "resolve"]:
        if inc[ph] is None:
            continue
        attrs = [("incident", inc["id"]), ("phase", ph)]
        if first:
            attrs += [("basis", "measured" if inc["recover"] else "declared"),
                      ("title", inc["title"])]
            first = False
        out.append((day, close, "\t".join([ts(day, inc[ph]), "wake", "-",
                    "notice", "phase", "%s %s" % (inc["id"], ph),
                    " ".join("%s=%s" % (k, q(v)) for k, v in attrs)])))

out.sort(key=lambda x: (x[0], x[1]))
prev = [l for d, s, l in out if d < 7]
cur = [l for d, s, l in out if d >= 7]
with open("prev-week.tsv", "w") as f:
    f.write("#wake events 1\n" + "\n".join(prev) + "\n")
with open("week.tsv", "w") as f:
    f.write("#wake events 1\n" + "\n".join(cur) + "\n")
