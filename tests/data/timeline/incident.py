#!/usr/bin/env python3
# Writes incident.tsv: a small outage as the event stream looks after
# wake-parse | wake-merge | wake-detect, with the contract's attrs
# (DESIGN.md, the round's contracts): router and app logs, a change,
# an alert, call-center queue events, customer reports per minute, an
# incident channel with ack/mitigate/resolve markers, and the phase
# events at the end, where wake-detect writes them when the incident
# closes.  Deterministic: python3 incident.py | gzip -n9 > incident.tsv.gz
import datetime as dt

T0 = dt.datetime(2024, 2, 22, 7, 0, tzinfo=dt.timezone.utc)
seed = 42


def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) % (1 << 31)
    return seed % n


def ts(minute, sec=0.0):
    t = T0 + dt.timedelta(minutes=minute, seconds=sec)
    return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)


ev = []
line = {}


def add(m, s, src, host, sev, kind, msg, attrs, file):
    line[file] = line.get(file, 0) + 1
    a = (attrs + ' ' if attrs else '') + 'origin=%s:%d' % (file, line[file])
    ev.append((ts(m, s), src, host, sev, kind, msg, a))


for m in range(180):                     # 07:00 .. 10:00
    # router: keepalives, then BGP trouble 08:00-08:45
    for k in range(2):
        add(m, 7 + 25 * k + rnd(5), 'router', 'core-rtr-0%d' % (1 + k), 'info',
            'log', 'keepalive from peer 10.0.%d.1 ok' % k, '', 'router.log')
    if 60 <= m < 105:
        for k in range(12 + rnd(8)):
            h = 'core-rtr-01' if m < 61 else 'core-rtr-0%d' % (1 + rnd(3))
            add(m, 1 + k * 2.5, 'router', h, 'err', 'log',
                'BGP neighbor 10.0.%d.%d Down: hold time expired' %
                (rnd(4), rnd(250)), '', 'router.log')
    # app: requests, then upstream errors 08:01-08:50
    for k in range(4):
        add(m, 3 + 14 * k, 'app', 'gw-%d' % (1 + k % 2), 'info', 'log',
            'GET /api/v1/balance 200 in %d ms' % (20 + rnd(30)), '',
            'app.jsonl')
    if 61 <= m < 110:
        for k in range(20 + rnd(15)):
            add(m, 0.5 + k * 1.6, 'app', 'gw-%d' % (1 + rnd(3)), 'err', 'log',
                'upstream connect error: no route to host 10.20.3.%d' %
                rnd(20), '', 'app.jsonl')
    # calls: about 2 a minute, a surge 08:05-09:00
    n = 2 if not 65 <= m < 120 else 2 + min(m - 64, 120 - m) // 3
    for k in range(n):
        c = 'c%d-%d' % (m, k)
        s = k * (55 / n)
        add(m, s, 'calls', 'support', 'info', 'call', 'ENTERQUEUE',
            'call=%s queue=support event=enter' % c, 'queue_log')
        busy = 65 <= m < 120
        wait = 10 + rnd(20) if not busy else 30 + rnd(400)
        if busy and rnd(10) < 4:
            add(m + int((s + wait) // 60), (s + wait) % 60, 'calls',
                'support', 'info', 'call', 'ABANDON',
                'call=%s queue=support event=abandon wait=%d' % (c, wait),
                'queue_log')
        else:
            ag = rnd(6)
            add(m + int((s + wait) // 60), (s + wait) % 60, 'calls',
                'support', 'info', 'call', 'CONNECT',
                'call=%s queue=support agent=a%d event=answer wait=%d' %
                (c, ag, wait), 'queue_log')
            talk = 60 + rnd(120)
            e = s + wait + talk
            add(m + int(e // 60), e % 60, 'calls', 'support', 'info',
                'call', 'COMPLETECALLER',
                'call=%s queue=support agent=a%d event=complete wait=%d '
                'talk=%d' % (c, ag, wait, talk), 'queue_log')
    # customer reports per minute
    v = 1 + rnd(2)
    if 63 <= m < 118:
        v = 2 + 60 * min(m - 62, 118 - m) // 28
    add(m, 59, 'reports', '-', '-', 'metric', 'reports',
        'value=%d' % v, 'reports.csv')

# the change, the alert, the incident channel
add(58, 30, 'router', 'chg-01', 'notice', 'change',
    'CHG-4711 started: route-map policy pushed to core-rtr-*',
    'change=CHG-4711 actor=ops-deploy rule=change-start', 'router.log')
add(64, 0, 'monitor', 'nms-01', 'alert', 'alert',
    'FIRING BGPSessionDown: 6 BGP sessions down',
    'phase=detect rule=alertmanager', 'alerts.log')
chat = [
    (65, 10, 'sato', 'is the network down? customers are calling about '
     'no data', 'phase=detect rule=ja-detect'),
    (66, 5, 'kim', 'seeing BGP flaps on core-rtr-01, looking', ''),
    (69, 20, 'lee', 'ack, investigating. 確認中です', 'phase=ack rule=ack'),
    (72, 0, 'kim', 'CHG-4711 went out at 07:58, suspect the route-map', ''),
    (80, 30, 'lee', 'call center says 40% abandons, ETA?', ''),
    (100, 5, 'kim', 'rolled back CHG-4711 on core-rtr-01..03',
     'phase=mitigate rule=rollback'),
    (101, 0, 'sato', 'paste from the customer ticket: '
     '<script>alert(1)</script> | a|b', ''),
    (130, 0, 'lee', 'all clear, 復旧しました', 'phase=resolve rule=resolve'),
]
for m, s, u, msg, a in chat:
    add(m, s, 'slack', u, '-', 'chat', msg,
        ('channel=incident-42 user=%s ' % u + a).strip(), 'slack.zip')

ev.sort(key=lambda e: e[0])
print('#wake events 1')
for e in ev:
    print('\t'.join(e))
# phase events last, as wake-detect writes them when the incident closes
inc = 'INC-20240222-1'
ph = [
    (60, 0, 'start', 'router err rose to 16/min vs baseline 0/min',
     'basis=measured title="BGP sessions down after CHG-4711"'),
    (64, 0, 'detect', 'FIRING BGPSessionDown: 6 BGP sessions down',
     'ref=alerts.log:1'),
    (69, 20, 'ack', 'ack, investigating.', 'ref=slack.zip:3'),
    (100, 5, 'mitigate', 'rolled back CHG-4711 on core-rtr-01..03',
     'ref=slack.zip:6'),
    (115, 0, 'recover', 'app err, the last affected series, back at its '
     'baseline', ''),
    (130, 0, 'resolve', 'all clear', 'ref=slack.zip:8'),
]
for m, s, p, why, a in ph:
    print('\t'.join((ts(m, s), 'wake', '-', 'notice', 'phase',
                     '%s %s: %s' % (inc, p, why),
                     ('incident=%s phase=%s why="%s" %s' %
                      (inc, p, why, a)).strip())))
