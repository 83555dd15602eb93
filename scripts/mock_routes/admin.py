"""Mock endpoints of the Darktrace Admin integration; route() answers (status, JSON value) or None (not ours).

Served here, on the built-in mock's data (its DEVICES, TAGS, DOMAINS and h()):
  GET  /status?format=json     the appliance status (test-module)
  GET  /advancedsearch/api/analyze/METRIC/OPERATION/BASE64
       BASE64 is base64(JSON) of {"search", "fields", "offset", "timeframe", "graphmode",
       "time": {"from": "YYYY-MM-DDTHH:MM:SSZ", "to": ..., "user_interval"}, "mode", "analyze_field"};
       OPERATION one of score, trend, terms, mean. {"hits": {"total", "max_score", "hits":
       [{"count", "id"}, ...]}, ...} with the ids the metric names: *ip* -> device IPs, *port* ->
       ports, *host*/*domain* -> host names and domains, @type -> event types, anything else ->
       no hits; counts follow the search and the time range, highest first; an offset of 10000 or
       more (past the analysed connections) or an empty time range has no hits. A path or query
       that cannot be read -> 400 {"error": ...}.
  GET  /tags/entities?did=N    the device's tags [{tid, expiry, thid, name, restricted, data, isReferenced}]
       (unknown did -> [])
  GET  /tags/entities?tag=NAME[&fulldevicedetails=true]
       the devices holding the tag: [{teid, tehid, tid, thid, entityType, entityValue, valid}], or
       with fulldevicedetails {"entities": [...], "devices": [full device objects]}; unknown tag ->
       empty. Tags: Internet Facing System, SF Office, Antigena All (no device), Admin,
       Re-Activated Device, Güest Wi-Fi.
  POST /tags/entities, form did=N&tag=NAME   tags the device (kept until /__mock__/reset) and
       answers the entity {teid, tehid, tid, thid, entityType, entityValue, valid}; an unknown tag
       or device -> 400 {"error": ...}.
  POST /intelfeed, JSON {"addlist": "a, b", "description": D (optional, at most 256 characters)}
       adds the comma-separated entries to the watched list (kept until reset):
       {"added": new, "response": "SUCCESS", "updated": already there}; anything else -> 400.
  GET  /intelfeed              the watched list entries, in the order added.
The /similardevices, /endpointdetails and /deviceinfo endpoints Admin also calls are the
built-in mock's (v1 uses them too).

State lives in state.ack under ('admin', ...) keys, so POST /__mock__/reset clears it as well.
"""
import base64
import binascii
import calendar
import json
import time
from urllib.parse import parse_qs, unquote

SEARCH_PREFIX = '/advancedsearch/api/analyze/'
OPERATIONS = ('score', 'trend', 'terms', 'mean')
TIME_FORMAT = '%Y-%m-%dT%H:%M:%SZ'
ANALYSED_PER_OFFSET = 10000
EVENT_TYPES = ['conn', 'dns', 'http', 'ssl', 'smb', 'kerberos', 'ssh']
PORTS = [53, 443, 80, 123, 22, 3389, 445, 8080]


def route(base, state, method, path, q, body):
    """The answer to an authenticated request this integration's endpoints serve, else None.

    base is the mock_darktrace module (its data: breach_facts, DEVICES, ...); state its State.
    """
    now = state.now()
    if method == 'GET' and path == '/status':
        return 200, status(base, now)
    if method == 'GET' and path.startswith(SEARCH_PREFIX):
        return advanced_search(base, path[len(SEARCH_PREFIX):])
    if path == '/tags/entities' and method == 'GET':
        return tag_entities(base, state, q, now)
    if path == '/tags/entities' and method == 'POST':
        return post_tag(base, state, body)
    if path == '/intelfeed' and method == 'POST':
        return post_watched(state, body)
    if path == '/intelfeed' and method == 'GET':
        with state.lock:
            return 200, [e['entry'] for e in state.ack.get(('admin', 'watched'), [])]
    return None


def status(base, now):
    return {'excessTraffic': False, 'time': base.fmt(now, False), 'installed': '2020-06-09',
            'mobileAppConfigured': False, 'version': '6.1.30 (7a4e2c)', 'ipAddress': '10.0.0.5',
            'modelsUpdated': base.fmt(now - now % 86400000), 'modelPackageVersion': '6.1-2001~20240101',
            'bandwidthCurrent': 18403, 'bandwidthAverage': 16210, 'bandwidthPeak': 90211,
            'processingTime': 0, 'connectionsPerMinuteCurrent': 731, 'type': 'master',
            'hostname': 'dt-mock-appliance', 'devices': len(base.DEVICES), 'subnets': 6, 'format': 'json'}


# ---------------------------------------------------------------- advanced search
def advanced_search(base, rest):
    parts = rest.split('/', 2)
    if len(parts) != 3:
        return 400, {'error': 'Expected /advancedsearch/api/analyze/METRIC/OPERATION/QUERY'}
    metric, operation, encoded = unquote(parts[0]), parts[1], unquote(parts[2])
    if operation not in OPERATIONS:
        return 400, {'error': 'Unknown operation %s (expected one of %s)' % (operation, ', '.join(OPERATIONS))}
    try:
        query = json.loads(base64.b64decode(encoded, validate=True).decode('utf-8'))
        search, offset = query['search'], int(query['offset'])
        start = calendar.timegm(time.strptime(query['time']['from'], TIME_FORMAT))
        end = calendar.timegm(time.strptime(query['time']['to'], TIME_FORMAT))
    except (binascii.Error, UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
        return 400, {'error': 'Invalid advanced search query: %s' % e}
    ids = metric_values(base, metric)
    if offset >= ANALYSED_PER_OFFSET or end <= start:
        ids = []
    hours = max(1, (end - start) // 3600)
    hits = [{'count': 1 + base.h('as', metric, operation, search, offset, value) % (200 * min(hours, 48)),
             'id': value} for value in ids if base.h('asin', search, value) % 3]
    hits.sort(key=lambda x: (-x['count'], str(x['id'])))
    hits = hits[:50]
    return 200, {'took': base.h('took', search) % 40, 'timed_out': False,
                 '_shards': {'total': 2, 'successful': 2, 'skipped': 0, 'failed': 0},
                 'hits': {'total': sum(x['count'] for x in hits), 'max_score': 0, 'hits': hits},
                 'aggregations': {operation: {'doc_count_error_upper_bound': 0, 'sum_other_doc_count': 0,
                                              'buckets': [{'key': x['id'], 'doc_count': x['count']} for x in hits]}},
                 'darktraceChildError': '',
                 'kibana': {'index': 'logstash-darktrace-' + time.strftime('%Y.%m.%d', time.gmtime(start)),
                            'per_page': 50,
                            'time': {'from': query['time']['from'], 'to': query['time']['to']}}}


def metric_values(base, metric):
    """The values a field takes in the mock's data."""
    m = metric.lower()
    if 'ip' in m:
        return [row[2] for row in base.DEVICE_ROWS]
    if 'port' in m:
        return list(PORTS)
    if 'host' in m or 'domain' in m:
        return [row[1] for row in base.DEVICE_ROWS if row[1]] + list(base.DOMAINS)
    if m == '@type':
        return list(EVENT_TYPES)
    return []


# ---------------------------------------------------------------- tags
def device_tag_ids(base, state, did):
    """The tag ids a device holds: the built-in ones plus those posted since the last reset."""
    added = state.ack.get(('admin', 'tags'), {}).get(did, [])
    return base.DEVICES[did][9] + [t for t in added if t not in base.DEVICES[did][9]]


def tag_obj(base, tid):
    """A tag as Darktrace lists it (the same form as the built-in device objects' tags)."""
    return {'tid': tid, 'expiry': 0, 'thid': tid, 'name': base.TAGS[tid], 'restricted': False,
            'data': {'auto': False, 'color': 100 + tid, 'description': '', 'visibility': 'Public'},
            'isReferenced': tid != 90}


def entity_obj(tid, did):
    teid = 4000 + tid * 100 + did % 100
    return {'teid': teid, 'tehid': teid, 'tid': tid, 'thid': 0, 'entityType': 'Device',
            'entityValue': str(did), 'valid': True}


def credentials(device):
    """The credentials seen on a device: its user on laptops and desktops, an admin on servers."""
    host = device.get('hostname') or ''
    if device['typename'] in ('laptop', 'desktop') and host.startswith('sf-'):
        return [{'credential': host.rsplit('-', 1)[-1], 'lastSeen': device['lastSeen']}]
    if device['typename'] == 'server' and host.startswith('sf-'):
        return [{'credential': 'sf\\administrator', 'lastSeen': device['lastSeen'] - 3600000}]
    return []


def tag_entities(base, state, q, now):
    with state.lock:
        if 'did' in q:
            did = int(q['did'])
            if did not in base.DEVICES:
                return 200, []
            return 200, [tag_obj(base, t) for t in device_tag_ids(base, state, did)]
        if 'tag' in q:
            tid = next((t for t, name in base.TAGS.items() if name == q['tag']), None)
            dids = [] if tid is None else [d for d in base.DEVICES if tid in device_tag_ids(base, state, d)]
            entities = [entity_obj(tid, d) for d in dids]
            if q.get('fulldevicedetails') != 'true':
                return 200, entities
            devices = []
            for d in dids:
                device = base.device_obj(d, now)
                device['tags'] = [tag_obj(base, t) for t in device_tag_ids(base, state, d)]
                if credentials(device):
                    device['credentials'] = credentials(device)
                devices.append(device)
            return 200, {'entities': entities, 'devices': devices}
    return 400, {'error': 'Expected a did or tag parameter'}


def post_tag(base, state, body):
    form = parse_qs(body or '', keep_blank_values=True)
    name, did_text = (form.get('tag') or [''])[0], (form.get('did') or [''])[0]
    tid = next((t for t, n in base.TAGS.items() if n == name), None)
    if tid is None:
        return 400, {'error': 'Tag does not exist: %s' % name}
    if not did_text.isdigit() or int(did_text) not in base.DEVICES:
        return 400, {'error': 'Unknown device: %s' % did_text}
    did = int(did_text)
    with state.lock:
        tags = state.ack.setdefault(('admin', 'tags'), {}).setdefault(did, [])
        if tid not in tags:
            tags.append(tid)
    return 200, entity_obj(tid, did)


# ---------------------------------------------------------------- watched list
def post_watched(state, body):
    try:
        data = json.loads(body or '')
    except ValueError:
        return 400, {'error': 'Expected a JSON body {"addlist": ...}'}
    if not isinstance(data, dict) or not isinstance(data.get('addlist'), str):
        return 400, {'error': 'Expected a JSON body {"addlist": ...}'}
    description = data.get('description', '')
    if not isinstance(description, str) or len(description) > 256:
        return 400, {'error': 'description must be a string of at most 256 characters'}
    entries = [e.strip() for e in data['addlist'].split(',') if e.strip()]
    if not entries:
        return 400, {'error': 'addlist holds no entries'}
    added = updated = 0
    with state.lock:
        watched = state.ack.setdefault(('admin', 'watched'), [])
        for entry in entries:
            known = next((w for w in watched if w['entry'] == entry), None)
            if known is None:
                watched.append({'entry': entry, 'description': description})
                added += 1
            else:
                known['description'] = description
                updated += 1
    return 200, {'added': added, 'response': 'SUCCESS', 'updated': updated}
