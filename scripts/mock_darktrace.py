#!/usr/bin/env python3
"""A built-in mock of the Darktrace Threat Visualizer API, for trying and testing darktrace-xsoar.

Python 3 standard library only; binds 127.0.0.1 only.
Usage:
  scripts/mock_darktrace.py [--port N] [--lifetime SECONDS] [--public-token T] [--private-token T]
                            [--tls-cert PEM --tls-key PEM] [--clock-offset SECONDS] [--fault JSON]...

  --port 0 (default) picks a free port, printed alone on the first stdout line; then it serves until
  killed or --lifetime seconds have passed (0 = forever). Tokens default to "mock-public-token" /
  "mock-private-token". --tls-cert/--tls-key serve HTTPS. --clock-offset shifts the mock's clock
  (clock skew). --fault JSON (repeatable) installs a fault at start, like POST /__mock__/faults.

Authentication, as the real API checks it (CONTRACT section 2): DTAPI-Date must be
"YYYYMMDDTHHMMSS" or "YYYY-MM-DD HH:MM:SS" (UTC) within 30 minutes of the mock's clock, else 400
{"error": "API DATE ERROR"}. DTAPI-Token must be the public token and DTAPI-Signature the hex
HMAC-SHA1 (key: private token) of SIGNED + "\\n" + public + "\\n" + date, else 400
{"error": "API SIGNATURE ERROR"}. SIGNED for GET: the path, plus "?" and the query percent-decoded
by urllib.parse.unquote ("+" stays "+"; clients send a plus as %2B) in wire order if there is one;
for POST: path + "?" + the exact body (the decoded target when the body is empty).

Endpoints (built-in, deterministic data; JSON answers are application/json;charset=utf-8):
  GET  /time                  {"time": "YYYY-MM-DD HH:MM", "timems": ms}
  GET  /modelbreaches?pbid=N  one breach; unknown pbid -> 404 {"error": "Model breach not found"}
  GET  /modelbreaches[?minscore=&starttime=&endtime=]
       score >= minscore and starttime <= time <= endtime, newest first (time, then pbid, desc).
       Fixed breaches 46, 95 (the README's, device 823) and 111 (from 2020), plus a stream in
       absolute time: one breach per 20-minute slot (three sharing one millisecond in every 24th
       slot), kept 4 days (~300). It does not depend on when the mock started (a restart keeps
       pbids and times) and new breaches keep arriving. Scores 0.05-1.0; some device labels are
       non-ASCII; some models have no tags.
  GET  /modelbreaches/N/comments              list of comments (pbid 46 has the README's two)
  POST /modelbreaches/N/acknowledge?acknowledge=true, body "acknowledge=true"
       {"response": "SUCCESS"}; again for the same pbid -> {"response": "FAILURE"}.
  POST /modelbreaches/N/unacknowledge?unacknowledge=true, body "unacknowledge=true": likewise.
  GET  /similardevices?did=&count=            similar devices (default count 5; unknown did -> [])
  GET  /endpointdetails?ip=X|hostname=X[&additionalinfo=&devices=&score=]
       known: hostnames cats.com, example.com, rare-domain.xyz; IPs 222.186.15.62, 62.113.227.26,
       13.85.152.27, 167.248.133.28, 1.2.3.4. Anything else -> {}.
  GET  /deviceinfo?did=&datatype=co|sizein|sizeout[&externaldomain=&odid=&showallgraphdata=
       &fulldevicedetails=&similardevices=]   {"deviceInfo": [...]} (unknown did -> empty list)
  GET  /devicesearch?[count=&orderBy=&order=&offset=&]query=Q   {"totalCount": N, "devices": [...]}
       Q holds terms separated by spaces (AND); a term is "field:value" (fields hostname, ip, label,
       mac, vendor, os, type, tag) or a bare value (any field); values may be "double quoted";
       matching is a case-insensitive substring. ~20 devices; default orderBy lastSeen, order asc.
  GET  /details?did=N[&count=M&eventtype=connection|notice|...&from=&to=] (pdid works as did)
       [{"device": {...}}, event, ...] newest first, M events (default 100); unknown did -> [].
  Darktrace Model Breaches (scripts/mock_routes/mbs.py, which details them; same breaches, with a
  creationTime that three breaches of a slot share, and model categories):
  GET  /modelbreaches?pbid=N&deviceattop=true   the breach (unknown pbid -> [])
  GET  /modelbreaches?deviceattop=true&minimal=false[&minscore=&starttime=&endtime=]   by creationTime
  GET  /mbcomments?pbid=N                     comments, newest first (incl. posted ones)
  POST /modelbreaches/N/acknowledge | /unacknowledge, JSON {"(un)acknowledge": "true"}   [{"replicate": ...}]
  POST /modelbreaches/N/comments, JSON {"message"}   the stored comment (until reset)
  GET  /details?pbid=N[&endTime=&count=&offset=]   the breach record, then its connections
  GET  /models?uuid=U | /components?cid=N     a model, a model component
  Darktrace Admin (scripts/mock_routes/admin.py, which details them):
  GET  /status?format=json                    the appliance status
  GET  /advancedsearch/api/analyze/METRIC/OPERATION/BASE64(JSON query)   {"hits": {"hits": [...]}}
  GET  /tags/entities?did=N | ?tag=NAME[&fulldevicedetails=true]   a device's tags / a tag's devices
  POST /tags/entities, form did=N&tag=NAME    tags the device (until reset)
  POST /intelfeed, JSON {"addlist", "description"}; GET /intelfeed   the watched list (until reset)
  Darktrace AI Analyst (scripts/mock_routes/aia.py, which details them; events investigate the
  breach stream above, keep arriving, some share a createdAt millisecond):
  GET  /aianalyst/incidentevents?uuid=ID | ?starttime=&endtime=&mingroupscore=   events, newest first
  GET  /aianalyst/incident/comments?incident_id=ID   {"comments": [...]}
  POST /aianalyst/incident/comments, JSON {"incident_id", "message"}   {"aianalyst": "SUCCESS"} (until reset)
  POST /aianalyst/acknowledge | /aianalyst/unacknowledge, form uuid=ID   {"aianalyst": "SUCCESS"}
  GET  /aianalyst/groups?uuid=ID              [the event's group]
  Darktrace Email (scripts/mock_routes/email.py, which details them; emails to, from and between
  the users of the devices above keep arriving, some share a dtime_unix millisecond):
  GET  /agemail/api/v1.0/resources/tags       the email tags with their severities
  POST /agemail/api/v1.0/emails/search, JSON {"page", "itemsPerPage", "timeFrom", "timeTo" (epoch
       seconds), "query": {"criteriaList": [...]}}   the window's matching emails, newest first
  GET  /agemail/api/v1.0/emails/UUID[?dtime=]  one email (unknown -> 404 {"error": "Email not found"})
  POST /agemail/api/v1.0/emails/UUID/action, JSON {"action": "hold"|"release", "recipients": [A]}
       a second hold -> 409 {"error": "Failed to hold email - Previously Held or Released"} (until reset)
  anything else -> 404 {"error": "Endpoint not found: PATH"}

Control endpoints (no signature, never logged):
  POST /__mock__/faults    JSON object (or list of them). Keys: "path" (exact request path; absent
       = any), "method", "times" (how many requests it hits; absent = until reset), and what to do:
       "status": N [+ "json": V | "body": "text"]  answer that instead (no auth check)
       "redirect": "/login"     302 with Location and body "Found. Redirecting to /login"
       "html_login": true       200 text/html Darktrace login page
       "body": "not json"       200 (or "status") with that raw body; "content_type" overrides
       "drop": true             close the connection without answering
       "delay": S               wait S seconds first (alone: then answer normally)
       "truncate": N            answer normally but send only N bytes of the announced body
  GET  /__mock__/faults    the installed faults.
  GET  /__mock__/requests  JSON list, one object per API request received, oldest first:
       {"method", "target" (raw), "dtarget" (decoded target), "headers" (DTAPI-*, Content-Type),
        "date_ok", "signature_ok", "fault", "request": {"method", "path", "query": [[k, v], ...]
        (decoded, wire order; [name, null] for a bare name), "body": form body text or null},
        "response": {"status", "headers": {"Content-Type"[, "Location"]}, "body": parsed JSON or
        null[, "bodyText": raw text when not JSON][, "truncated": N][, "dropped": true]}}
  POST /__mock__/reset     clears the faults, the request log and acknowledge state.
"""
import argparse
import calendar
import hashlib
import hmac
import json
import os
import shlex
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mock_routes import admin, aia, email, mbs  # noqa: E402  (after the path is set)

LATER_ROUTES = (mbs, aia, admin, email)

time.strptime('20200101T000000', '%Y%m%dT%H%M%S')  # import _strptime before threads start

JSON_TYPE = 'application/json;charset=utf-8'
DATE_WINDOW = 1800
SLOT_MS = 20 * 60 * 1000
RETENTION_MS = 4 * 86400 * 1000
SLOT0 = 1704067200000 // SLOT_MS  # 2024-01-01: stream pbids count slots from here
STREAM_PBID0 = 100000
LOGIN_PAGE = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Darktrace | Login'
              '</title></head>\n<body class="login"><form id="loginForm" action="/login" method="post">'
              '<input name="username"><input type="password" name="password"><button>Log In</button>'
              '</form></body></html>\n')


def h(*parts):
    """A stable hash (Python's hash() changes between runs)."""
    return int.from_bytes(hashlib.sha1(repr(parts).encode()).digest()[:8], 'big')


def fmt(ms, with_seconds=True):
    return time.strftime('%Y-%m-%d %H:%M:%S' if with_seconds else '%Y-%m-%d %H:%M', time.gmtime(ms // 1000))


# ---------------------------------------------------------------- built-in data
TAGS = {54: 'Internet Facing System', 90: 'SF Office', 13: 'Antigena All', 71: 'Admin',
        88: 'Re-Activated Device', 95: 'Güest Wi-Fi'}
# did, hostname, ip, mac, vendor, label, typename, typelabel, os, tag ids, sid
DEVICE_ROWS = [
    (823, 'sf-l-kjohnson', '172.31.32.146', '06:42:04:c2:b0:48', 'HP', "Kelly's Laptop", 'laptop', 'Laptop', 'Windows 10', [90], 114),
    (1, 'ip-172-31-17-246', '172.31.17.246', '06:39:01:c2:b0:48', '', 'osSensor', 'server', 'Server', 'Linux 3.11 and newer', [54, 90], 1),
    (3, None, '172.31.16.1', None, None, None, 'server', 'Server', None, [], 1),
    (10, 'ip-172-31-17-247', '172.31.17.247', '06:39:01:c2:b0:49', '', 'Build Server', 'server', 'Server', 'Linux 3.11 and newer', [54], 1),
    (12, 'sf-dc01', '10.0.0.10', '00:15:5d:01:0a:01', 'Microsoft', 'Domain Controller', 'server', 'Server', 'Windows Server 2019', [71], 2),
    (13, 'sf-dc02', '10.0.0.11', '00:15:5d:01:0a:02', 'Microsoft', 'Domain Controller 2', 'server', 'Server', 'Windows Server 2019', [71], 2),
    (21, 'sf-l-amartin', '10.0.4.21', '3c:22:fb:91:10:21', 'Apple', "Alice's MacBook", 'laptop', 'Laptop', 'macOS 14', [90], 3),
    (22, 'sf-l-bnguyen', '10.0.4.22', '3c:22:fb:91:10:22', 'Apple', "Bao's MacBook", 'laptop', 'Laptop', 'macOS 14', [90], 3),
    (23, 'sf-d-cfischer', '10.0.4.23', 'f4:8e:38:aa:01:23', 'Dell', 'Finance Desktop', 'desktop', 'Desktop', 'Windows 11', [90], 3),
    (24, 'lobby-host-1', '10.0.4.24', 'f4:8e:38:aa:01:24', 'Dell', 'host 1 (lobby)', 'desktop', 'Desktop', 'Windows 11', [], 3),
    (31, 'zoe-ipad', '10.0.6.31', 'a4:83:e7:31:00:31', 'Apple', "Zoë's iPad", 'mobile', 'Mobile Device', 'iOS 17', [95], 4),
    (32, 'buero-drucker', '10.0.5.32', '00:17:c8:32:00:32', 'Kyocera', 'Büro-Drucker 🖨', 'printer', 'Printer', None, [], 4),
    (33, 'cam-entrance', '10.0.7.33', 'bc:ad:28:33:00:33', 'Hikvision', 'Entrance Camera', 'iot', 'IoT Device', 'Linux', [54], 5),
    (34, 'sf-fw01', '10.0.0.1', '00:1b:17:00:01:34', 'Palo Alto Networks', 'Edge | Firewall', 'firewall', 'Firewall', 'PAN-OS', [54], 2),
    (35, 'sf-nas01', '10.0.0.35', '00:11:32:35:00:35', 'Synology', 'Backup NAS', 'server', 'Server', 'Linux', [], 2),
    (36, None, '10.0.6.36', 'da:a1:19:36:00:36', '', None, 'desktop', 'Desktop', None, [88], 4),
    (37, 'ip-172-31-40-5', '172.31.40.5', '0a:df:4b:52:64:7a', '', 'Web Server', 'server', 'Server', 'Linux 3.11 and newer', [54], 114),
    (38, 'sf-l-dlee', '10.0.4.38', '98:fa:9b:38:00:38', 'Lenovo', "Dana's ThinkPad", 'laptop', 'Laptop', 'Windows 11', [90], 3),
    (39, 'sf-voip-12', '10.0.8.39', '00:04:f2:39:00:39', 'Polycom', 'VoIP Phone 12', 'phone', 'VoIP Phone', None, [], 5),
    (40, 'jenkins', '10.0.0.40', '00:15:5d:01:0a:40', 'Microsoft', 'CI Runner', 'server', 'Server', 'Ubuntu 22.04', [], 2),
]
DEVICES = {row[0]: row for row in DEVICE_ROWS}
# pid, name, priority, tags, description, metric (mlid, name, label), filter type
MODEL_ROWS = [
    (762, 'Compromise::Watched Domain', 5, ['AP: C2 Comms'],
     'A device is connecting to watched domains or IP addresses. The watch list can be edited from the main GUI menu, '
     'Intel sub-menu, under the icon Watched Domains.\n\nAction: Review the domain and IP being connected to.',
     (11, 'dnsrequests', 'DNS Requests'), 'DNS host lookup'),
    (210, 'Anomalous Connection::Data Sent to Rare Domain', 3, ['AP: Exfiltration'],
     'A device has sent a large volume of data to a rare external domain.\n\nAction: Review the destination.',
     (5, 'externalclientdatatransfervolume', 'External Data Transfer'), 'Connection hostname'),
    (361, 'Device::New User Agent', 1, [],
     'A device is using a user agent it has not used before.', (24, 'httprequests', 'HTTP Requests'), 'User agent'),
    (118, 'Compliance::SMB Drive Write', 2, ['AP: Lateral Movement'],
     'A device wrote to a remote SMB drive it rarely writes to.', (37, 'smbwrites', 'SMB Writes'), 'Share'),
    (633, 'Compromise::Beaconing Activity To External Rare', 4, ['AP: C2 Comms', 'AP: Beaconing'],
     'A device is making regular connections to a rare external location.\n\nAction: Review the endpoint | check logs.',
     (1, 'connections', 'Connections'), 'Connection hostname'),
    (44, 'Antigena::Network::External Threat::Antigena Suspicious File Block', 4, ['AP: Antigena'],
     'Antigena blocked a suspicious file download.', (237, 'dtmodelbreach', 'Model'), 'Message'),
    (297, 'Unusual Activity::Unusual Activity from Re-Activated Device', 2, [],
     'A device that was inactive for some time is active again.', (1, 'connections', 'Connections'), 'Direction'),
    (510, 'Anomalous Server Activity::Outgoing from Server', 3, ['AP: Egress', 'Server|Egress'],
     'A server is making outbound connections it does not usually make.', (1, 'connections', 'Connections'), 'Destination port'),
]
MODELS = {row[0]: row for row in MODEL_ROWS}
DOMAINS = ['cats.com', 'rare-domain.xyz', 'example.com', 'updates.contoso.net', 'pastebin.com']
# ip, longitude, latitude, country, countrycode, asn, region, city
EXTERNAL = [
    ('222.186.15.62', 113.727, 34.772, 'China', 'CN', 'AS23650 AS Number for CHINANET jiangsu province backbone', 'Asia', None),
    ('62.113.227.26', 9.491, 51.299, 'Germany', 'DE', 'AS47447 23media GmbH', 'Europe', None),
    ('13.85.152.27', -98.493, 29.422, 'United States', 'US', 'AS8075 MICROSOFT-CORP-MSN-AS-BLOCK', 'North America', 'San Antonio'),
    ('167.248.133.28', -97.822, 37.751, 'United States', 'US', 'AS398722 CENSYS-ARIN-03', 'North America', None),
    ('1.2.3.4', 8.541, 47.376, 'Switzerland', 'CH', 'AS1 | test', 'Europe', 'Zürich ✓'),
]
EXTERNAL_BY_IP = {row[0]: row for row in EXTERNAL}
FIXED_BREACHES = {  # pbid: (time ms, score, did, pid, comments)
    95: (1602191481000, 1, 823, 762, []),
    46: (1602184281000, 0.69, 1, 210, [('Flag for follow-up', 'user.one', 1602191481000),
                                        ('Activity has been remediated', 'user.two', 1602198681000)]),
    111: (1602195081000, 0.42, 10, 361, []),
}
COMMENT_TEXTS = ['Investigating.', 'Expected behaviour: backup job.', 'Escalated to IR team',
                 'False positive \u2013 known scanner', 'User confirmed | closed']


def device_obj(did, now, full=True):
    did_, host, ip, mac, vendor, label, tname, tlabel, os_, tags, sid = DEVICES[did]
    last = now - h('last', did) % 86400000
    hour = last - last % 3600000
    d = {'did': did}
    if mac is not None:
        d['macaddress'] = mac
    if vendor is not None:
        d['vendor'] = vendor
    d.update(ip=ip, ips=[{'ip': ip, 'timems': hour, 'time': fmt(hour), 'sid': sid}], sid=sid)
    if host:
        d['hostname'] = host
    d.update(firstSeen=1590969600000 + h('first', did) % (60 * 86400000), lastSeen=last)
    if os_ and full:
        d['os'] = os_
    if label:
        d['devicelabel'] = label
    d.update(typename=tname, typelabel=tlabel)
    if full:
        d['tags'] = [{'tid': t, 'expiry': 0, 'thid': t, 'name': TAGS[t], 'restricted': False,
                      'data': {'auto': False, 'color': 100 + t, 'description': '', 'visibility': 'Public'},
                      'isReferenced': t != 90} for t in tags]
    return d


def model_obj(pid):
    _, name, priority, tags, desc, _, _ = MODELS[pid]
    x = hashlib.sha1(b'model %d' % pid).hexdigest()
    uuid = '3338210a-8979-4a1b-8039-63ca8addf166' if pid == 762 else '%s-%s-4%s-8%s-%s' % (
        x[:8], x[8:12], x[13:16], x[17:20], x[20:32])
    then = {'name': name, 'pid': pid, 'phid': pid + 688, 'uuid': uuid,
            'logic': {'data': [pid * 4 + 1], 'type': 'componentList', 'version': 1}, 'throttle': 3600,
            'sharedEndpoints': False, 'actions': {'alert': True, 'antigena': {}, 'breach': True, 'model': True,
                                                  'setPriority': False, 'setTag': False, 'setType': False},
            'tags': list(tags), 'interval': 0, 'sequenced': True, 'active': True, 'modified': '2020-08-07 06:57:54',
            'activeTimes': {'devices': {}, 'tags': {}, 'type': 'exclusions', 'version': 2}, 'priority': priority,
            'autoUpdatable': True, 'autoUpdate': True, 'autoSuppress': False, 'description': desc,
            'behaviour': 'decreasing', 'defeats': [], 'created': {'by': 'System'}, 'edited': {'by': 'System'},
            'version': 3}
    return {'then': then, 'now': dict(then, message='Auto-updated by Darktrace')}


def breach_obj(pbid, t, score, did, pid, ncomments, now):
    _, _, _, _, _, (mlid, mname, mlabel), ftype = MODELS[pid]
    value = DOMAINS[h('dom', pbid) % len(DOMAINS)]
    component = {'time': t - 1000, 'cbid': pbid + 17, 'cid': pid * 4 + 1, 'chid': pid * 4 + 1200, 'size': 1,
                 'threshold': 0, 'interval': 3600, 'logic': {'data': {'left': 'A'}, 'version': 'v0.1'},
                 'metric': {'mlid': mlid, 'name': mname, 'label': mlabel},
                 'triggeredFilters': [{'cfid': pid * 10, 'id': 'A', 'filterType': ftype, 'arguments': {'value': value},
                                       'comparatorType': 'contains', 'trigger': {'value': value}}]}
    return {'creationTime': t + 1000 + h('ct', pbid) % 4000, 'commentCount': ncomments, 'pbid': pbid, 'time': t,
            'model': model_obj(pid), 'triggeredComponents': [component], 'score': score,
            'device': device_obj(did, now, full=False)}


def stream_slot(slot):
    """(time, [pbids]) of one 20-minute slot of the breach stream."""
    t = slot * SLOT_MS + h('t', slot) % SLOT_MS
    n = 3 if slot % 24 == 7 else 1
    return t, [STREAM_PBID0 + (slot - SLOT0) * 4 + j for j in range(n)]


def breach_facts(pbid, now):
    """(time, score, did, pid, comments) of a breach that exists now, else None."""
    if pbid in FIXED_BREACHES:
        return FIXED_BREACHES[pbid]
    if pbid < STREAM_PBID0:
        return None
    slot = SLOT0 + (pbid - STREAM_PBID0) // 4
    t, pbids = stream_slot(slot)
    if pbid not in pbids or t > now or t < now - RETENTION_MS:
        return None
    notes = [(COMMENT_TEXTS[h('cm', pbid, i) % len(COMMENT_TEXTS)], ['analyst.one', 'soc.lead'][i % 2], None)
             for i in range([0, 0, 0, 0, 0, 0, 0, 1, 1, 2][h('nc', pbid) % 10])]
    return (t, round(0.05 + h('score', pbid) % 951 / 1000.0, 3), DEVICE_ROWS[h('dev', pbid) % len(DEVICE_ROWS)][0],
            MODEL_ROWS[h('mod', pbid) % len(MODEL_ROWS)][0], notes)


def all_pbids(now):
    pbids = list(FIXED_BREACHES)
    for slot in range((now - RETENTION_MS) // SLOT_MS, now // SLOT_MS + 1):
        pbids.extend(stream_slot(slot)[1])
    return [p for p in pbids if breach_facts(p, now) is not None]


def comments(pbid, now):
    f = breach_facts(pbid, now)
    if f is None:
        return []
    return [{'message': m, 'username': u, 'time': ct or f[0] + 600000 * (i + 1), 'pid': f[3]}
            for i, (m, u, ct) in enumerate(f[4])]


def similar(did, now, count):
    others = sorted((d for d in DEVICES if d != did), key=lambda d: h('sim', did, d))[:count]
    return [dict(device_obj(d, now, full=False), score=100 - h('simscore', did, d) % 40) for d in others]


def endpoint(q, now):
    devices_on, extra, score_on = (q.get(k) == 'true' for k in ('devices', 'additionalinfo', 'score'))
    value = q.get('ip') if 'ip' in q else q.get('hostname', '')
    if value in EXTERNAL_BY_IP and 'ip' in q:
        ip, lon, lat, country, cc, asn, region, city = EXTERNAL_BY_IP[value]
        out = {'ip': ip, 'firsttime': 1596775643000 + h('ft', ip) % 10 ** 9, 'country': country, 'asn': asn}
        if city:
            out['city'] = city
        out['region'] = region
        out['locations'] = [{'latitude': lat, 'longitude': lon, 'country': country}]
    elif value in DOMAINS[:3] and 'hostname' in q:
        out = {'hostname': value, 'firsttime': 1596775643000 + h('ft', value) % 10 ** 9,
               'ips': [] if value == 'cats.com' else [{'ip': EXTERNAL[h('ip', value) % 4][0], 'time': fmt(now)}],
               'locations': []}
    else:
        return {}
    if devices_on:
        dids = [] if value == 'cats.com' else [d for d in DEVICES if h('ep', value, d) % 6 == 0]
        out['devices'] = [device_obj(d, now, full=False) if extra else {'did': d, 'ip': DEVICES[d][2]} for d in dids]
    if score_on:
        out['popularity'] = h('pop', value) % 100 if value != 'cats.com' else 0
        if 'hostname' in out:
            out['dgascore'] = 0
    return out


def deviceinfo(q, now):
    did = int(q['did'])
    if did not in DEVICES:
        return {'deviceInfo': []}
    datatype, showall = q['datatype'], q.get('showallgraphdata') == 'true'
    restrict = 'externaldomain' in q or 'odid' in q
    dids = [did] + [d['did'] for d in similar(did, now, int(q.get('similardevices') or 0))]
    end = now - now % 3600000
    entries = []
    for i, d in enumerate(dids):
        graph = []
        for hr in range(672):  # 4 weeks, hourly
            t = end - (671 - hr) * 3600000
            v = h('g', d, datatype, t)
            count = 0 if v % (8 if restrict else 4) else (v >> 8) % (400 if datatype == 'co' else 5000000)
            if count or showall:
                graph.append({'time': t, 'count': count})
        used = [{'did': x, 'size': h('sz', d, x) % 50, 'firstTime': 1591729360000} for x in DEVICES if h('u', d, x) % 4 == 0]
        info = {'totalUsed': sum(u['size'] for u in used), 'totalServed': 0, 'devicesUsed': used, 'devicesServed': [],
                'portsUsed': [{'port': p, 'size': h('p', d, p) % 40, 'firstTime': 1591729360000} for p in (53, 443, 123)],
                'portsServed': []}
        entries.append({'did': d, 'similarityScore': 100 if i == 0 else 100 - h('simscore', did, d) % 40,
                        'graphData': graph, 'info': info})
    out = {'deviceInfo': entries}
    if q.get('fulldevicedetails') == 'true':
        out['devices'] = [device_obj(d, now) for d in dids]
    return out


SEARCH_FIELDS = {'hostname': ['hostname'], 'ip': ['ip'], 'label': ['devicelabel'], 'mac': ['macaddress'],
                 'vendor': ['vendor'], 'os': ['os'], 'type': ['typename', 'typelabel'], 'tag': ['tags']}


def devicesearch(q, now):
    devices = [device_obj(d, now) for d in DEVICES]

    def text(dev, key):
        v = dev.get(key)
        return ' '.join(t['name'] for t in v) if key == 'tags' else ('' if v is None else str(v))

    lex = shlex.shlex(q.get('query', ''), posix=True)  # terms split at spaces; "..." groups them
    lex.whitespace_split, lex.quotes, lex.escape = True, '"', ''
    for term in lex:
        field, sep, value = term.partition(':')
        field, value = (field.lower(), value) if sep and field.lower() in SEARCH_FIELDS else (None, term)
        keys = SEARCH_FIELDS[field] if field else [k for ks in SEARCH_FIELDS.values() for k in ks]
        needle = value.replace('*', '').lower()
        devices = [d for d in devices if any(needle in text(d, k).lower() for k in keys)]
    order_by = q.get('orderBy') or 'lastSeen'
    devices.sort(key=lambda d: (d.get(order_by) is None, str(d.get(order_by)) if not isinstance(
        d.get(order_by), int) else '%020d' % d[order_by]), reverse=q.get('order') == 'desc')
    offset = int(q.get('offset') or 0)
    return {'totalCount': len(devices), 'devices': devices[offset:offset + int(q.get('count') or 100)]}


def details(q, now):
    did = int(q.get('did') or q.get('pdid') or -1)
    if did not in DEVICES:
        return []
    count, kind = int(q.get('count') or 100), q.get('eventtype')
    lo = calendar.timegm(time.strptime(q['from'][:19].replace(' ', 'T'), '%Y-%m-%dT%H:%M:%S')) * 1000 if q.get('from') else 0
    hi = calendar.timegm(time.strptime(q['to'][:19].replace(' ', 'T'), '%Y-%m-%dT%H:%M:%S')) * 1000 if q.get('to') else now
    me = device_obj(did, now, full=False)
    dest = dict({'id': did}, **{k: v for k, v in me.items() if k not in ('firstSeen', 'lastSeen', 'vendor')},
                time=str(me['firstSeen']))
    out, t, i = [], hi, 0
    while len(out) < count and i < 5000 and t > lo:
        t -= 500 + h('gap', did, i) % 90000
        ext = EXTERNAL[h('ext', did, i) % len(EXTERNAL)]
        ev_kind = kind or ('notice' if h('kind', did, i) % 5 == 0 else 'connection')
        base = {'time': fmt(t), 'timems': t}
        src = dict({'longitude': ext[1], 'latitude': ext[2]}, **({'city': ext[7]} if ext[7] else {}))
        src.update(country=ext[3], countrycode=ext[4], asn=ext[5], region=ext[6], ip=ext[0], ippopularity='0')
        port = [22, 443, 443, 80, 3389][h('port', did, i) % 5]
        if ev_kind == 'notice':
            ev = dict(base, action='notice', eventType='notice', nid=35000 + i, uid='CN%016x' % h('uid', did, i),
                      direction='in', mlid=328, destinationPort=port, type='SSH::Undetermined_Encryption_Step',
                      msg='Unable to determine login failure or success from encrypted traffic.',
                      details='%d bytes delivered in connection and 0 bytes undelivered.' % (h('b', did, i) % 5000),
                      sourceDevice=src, destinationDevice=dest, source=ext[0], destination=me.get('devicelabel', me['ip']))
        else:
            ev = dict(base, action='connection', eventType=ev_kind, uid='C%016x' % h('uid', did, i),
                      status=['ongoing', 'failed', 'completed'][h('st', did, i) % 3], ddid=did, port=port,
                      sourcePort=1024 + h('sp', did, i) % 60000, destinationPort=port, direction='in',
                      applicationprotocol={22: 'SSH', 443: 'HTTPS', 80: 'HTTP'}.get(port, 'Unknown'), protocol='TCP',
                      sourceDevice=src, destinationDevice=dest, source=ext[0],
                      destination=me.get('devicelabel', me['ip']))
        out.append(ev)
        i += 1
    return [{'device': device_obj(did, now)}] + out


# ---------------------------------------------------------------- server
class State(object):
    def __init__(self, public, private, clock_offset):
        self.public, self.private, self.clock_offset = public, private, clock_offset
        self.lock = threading.Lock()
        self.faults, self.log, self.ack = [], [], {}

    def now(self):
        return int((time.time() + self.clock_offset) * 1000)

    def take_fault(self, method, path):
        with self.lock:
            for f in self.faults:
                if f.get('path', path) == path and f.get('method', method).upper() == method:
                    if 'times' in f:
                        f['times'] = int(f['times']) - 1
                        if f['times'] <= 0:
                            self.faults.remove(f)
                    return dict(f)
        return None


def check_auth(state, method, path, raw_query, body, headers):
    """(date_ok, signature_ok) for the DTAPI-* headers of a request."""
    date, date_ok = headers.get('DTAPI-Date') or '', False
    for pattern in ('%Y%m%dT%H%M%S', '%Y-%m-%d %H:%M:%S'):
        try:
            date_ok = abs(calendar.timegm(time.strptime(date, pattern)) - state.now() / 1000.0) <= DATE_WINDOW
        except ValueError:
            pass
    signed = path + '?' + body if method == 'POST' and body else path + ('?' + unquote(raw_query) if raw_query else '')
    expected = hmac.new(state.private.encode(), (signed + '\n' + state.public + '\n' + date).encode(),
                        hashlib.sha1).hexdigest()
    sig_ok = headers.get('DTAPI-Token') == state.public and hmac.compare_digest(
        (headers.get('DTAPI-Signature') or '').lower(), expected)
    return date_ok, sig_ok


def route(state, method, path, q, body):
    """(status, JSON value) of the API's answer to an authenticated request."""
    now, parts = state.now(), path.strip('/').split('/')
    try:
        # The endpoints only the later integrations use (scripts/mock_routes/), on the same data.
        for module in LATER_ROUTES:
            answer = module.route(sys.modules[__name__], state, method, path, q, body)
            if answer is not None:
                return answer
        if method == 'GET' and path == '/time':
            return 200, {'time': fmt(now, False), 'timems': now}
        if method == 'GET' and path == '/modelbreaches':
            if 'pbid' in q:
                pbid = int(q['pbid']) if q['pbid'].isdigit() else -1
                f = breach_facts(pbid, now)
                if f is None:
                    return 404, {'error': 'Model breach not found'}
                return 200, breach_obj(pbid, f[0], f[1], f[2], f[3], len(f[4]), now)
            start, end = int(q.get('starttime') or 0), int(q.get('endtime') or now)
            minscore = float(q.get('minscore') or 0)
            found = [(f[0], p, f) for p in all_pbids(now) for f in [breach_facts(p, now)]
                     if start <= f[0] <= end and f[1] >= minscore]
            found.sort(key=lambda x: (x[0], x[1]), reverse=True)
            return 200, [breach_obj(p, f[0], f[1], f[2], f[3], len(f[4]), now) for _, p, f in found]
        if len(parts) == 3 and parts[0] == 'modelbreaches' and parts[1].isdigit():
            pbid, action = int(parts[1]), parts[2]
            if breach_facts(pbid, now) is None:
                return 404, {'error': 'Model breach not found'}
            if method == 'GET' and action == 'comments':
                return 200, comments(pbid, now)
            if method == 'POST' and action in ('acknowledge', 'unacknowledge'):
                if body != action + '=true':
                    return 400, {'error': 'Expected form body %s=true' % action}
                with state.lock:
                    done = state.ack.get(pbid) == action
                    state.ack[pbid] = action
                return 200, {'response': 'FAILURE' if done else 'SUCCESS'}
        if method == 'GET' and path == '/similardevices':
            did = int(q['did'])
            return 200, similar(did, now, int(q.get('count') or 5)) if did in DEVICES else []
        if method == 'GET' and path == '/endpointdetails':
            return 200, endpoint(q, now)
        if method == 'GET' and path == '/deviceinfo':
            if q.get('datatype') not in ('co', 'sizein', 'sizeout'):
                return 400, {'error': 'datatype must be one of co, sizein, sizeout'}
            return 200, deviceinfo(q, now)
        if method == 'GET' and path == '/devicesearch':
            return 200, devicesearch(q, now)
        if method == 'GET' and path == '/details':
            return 200, details(q, now)
    except (KeyError, ValueError) as e:
        return 400, {'error': 'Invalid parameter: %s' % e}
    return 404, {'error': 'Endpoint not found: %s' % path}


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True  # headers and body go as separate writes: no 40 ms delayed-ACK stall
    server_version = 'mock-darktrace/1.0'

    def log_message(self, *args):
        pass

    def send(self, status, data, ctype, extra=None, truncate=None):
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if truncate is not None:
            self.send_header('Connection', 'close')
        self.end_headers()
        self.wfile.write(data if truncate is None else data[:int(truncate)])
        if truncate is not None:
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)

    def handle_any(self):
        state = self.server.state
        path, _, raw_query = self.path.partition('?')
        body = self.rfile.read(int(self.headers.get('Content-Length') or 0)).decode('utf-8', 'replace')
        if path.startswith('/__mock__/'):
            return self.control(state, path, body)
        pairs = [[unquote(x) for x in p.split('=', 1)] + [None] * ('=' not in p) for p in raw_query.split('&') if p]
        q = {name: value or '' for name, value in pairs}
        headers = {k: v for k, v in self.headers.items() if k.lower().startswith('dtapi-') or k.lower() == 'content-type'}
        headers = {('DTAPI-' + k[6:].capitalize() if k.lower().startswith('dtapi-') else k): v for k, v in headers.items()}
        date_ok, sig_ok = check_auth(state, self.command, path, raw_query, body, headers)
        fault = state.take_fault(self.command, path)
        entry = {'method': self.command, 'target': self.path,
                 'dtarget': path + ('?' + unquote(raw_query) if raw_query else ''), 'headers': headers,
                 'date_ok': date_ok, 'signature_ok': sig_ok, 'fault': fault,
                 'request': {'method': self.command, 'path': path, 'query': pairs,
                             'body': body if (body or self.command == 'POST') else None}}
        with state.lock:
            state.log.append(entry)
        status, ctype, extra, truncate = 200, JSON_TYPE, {}, None
        fault = fault or {}
        if fault.get('delay'):
            time.sleep(float(fault['delay']))
        if fault.get('drop'):
            entry['response'] = {'dropped': True}
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if 'redirect' in fault:  # faults answer before (and instead of) authentication
            status, extra = int(fault.get('status', 302)), {'Location': fault['redirect']}
            data, ctype = 'Found. Redirecting to ' + fault['redirect'], 'text/plain; charset=utf-8'
        elif fault.get('html_login'):
            data, ctype = LOGIN_PAGE, 'text/html; charset=utf-8'
        elif 'body' in fault or 'json' in fault or 'status' in fault:
            status = int(fault.get('status', 200))
            data = fault['body'] if 'body' in fault else json.dumps(
                fault.get('json', {'error': 'mock fault: HTTP %d' % status}), ensure_ascii=False)
        elif not date_ok:
            status, data = 400, json.dumps({'error': 'API DATE ERROR'})
        elif not sig_ok:
            status, data = 400, json.dumps({'error': 'API SIGNATURE ERROR'})
        else:
            status, value = route(state, self.command, path, q, body)
            data = json.dumps(value, ensure_ascii=False)
        ctype = fault.get('content_type', ctype)
        truncate = fault.get('truncate')
        response = {'status': status, 'headers': dict({'Content-Type': ctype}, **extra)}
        try:
            response['body'] = json.loads(data) if 'json' in ctype else None
        except ValueError:
            response['body'] = None
        if response['body'] is None and data != 'null':
            response['bodyText'] = data
        if truncate is not None:
            response['truncated'] = int(truncate)
        entry['response'] = response
        self.send(status, data.encode('utf-8'), ctype, extra, truncate)

    def control(self, state, path, body):
        if path == '/__mock__/faults' and self.command == 'POST':
            try:
                spec = json.loads(body)
            except ValueError:
                return self.send(400, b'{"error": "fault must be JSON"}', JSON_TYPE)
            with state.lock:
                state.faults.extend(spec if isinstance(spec, list) else [spec])
            value = {'faults': state.faults}
        elif path == '/__mock__/faults':
            value = state.faults
        elif path == '/__mock__/requests':
            with state.lock:
                value = list(state.log)
        elif path == '/__mock__/reset' and self.command == 'POST':
            with state.lock:
                state.faults, state.log, state.ack = [], [], {}
            value = {'reset': True}
        else:
            return self.send(404, b'{"error": "unknown control endpoint"}', JSON_TYPE)
        self.send(200, json.dumps(value, ensure_ascii=False).encode('utf-8'), JSON_TYPE)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any


class MockServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, state, port=0, tls=None):
        self.state, self.ssl_ctx = state, None
        if tls:
            self.ssl_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ssl_ctx.load_cert_chain(tls[0], tls[1])
        ThreadingHTTPServer.__init__(self, ('127.0.0.1', port), Handler)

    def finish_request(self, request, client_address):
        if self.ssl_ctx is not None:  # handshake in the connection's thread, not in accept()
            try:
                request.settimeout(30)
                request = self.ssl_ctx.wrap_socket(request, server_side=True)
                request.settimeout(None)
            except (ssl.SSLError, OSError):
                return
        try:
            ThreadingHTTPServer.finish_request(self, request, client_address)
        finally:
            if self.ssl_ctx is not None:
                request.close()

    def handle_error(self, request, client_address):  # clients may hang up at any time
        pass


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--lifetime', type=float, default=0, help='exit after this many seconds (0 = never)')
    ap.add_argument('--public-token', default='mock-public-token')
    ap.add_argument('--private-token', default='mock-private-token')
    ap.add_argument('--tls-cert')
    ap.add_argument('--tls-key')
    ap.add_argument('--clock-offset', type=float, default=0.0)
    ap.add_argument('--fault', action='append', default=[], help='a fault as JSON (repeatable)')
    a = ap.parse_args(argv)
    state = State(a.public_token, a.private_token, a.clock_offset)
    state.faults = [f for spec in map(json.loads, a.fault) for f in (spec if isinstance(spec, list) else [spec])]
    server = MockServer(state, a.port, (a.tls_cert, a.tls_key or a.tls_cert) if a.tls_cert else None)
    print(server.server_address[1], flush=True)
    if a.lifetime > 0:
        timer = threading.Timer(a.lifetime, server.shutdown)
        timer.daemon = True
        timer.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    server.server_close()


if __name__ == '__main__':
    main()
