"""Mock endpoints of the Darktrace AI Analyst (DarktraceAIA) integration; route() answers (status, JSON value) or None.

Served here, on the built-in mock's data (its breach stream, DEVICES, MODELS, DOMAINS and h()):
  GET  /aianalyst/incidentevents?uuid=ID   [event] (unknown id -> [])
  GET  /aianalyst/incidentevents[?starttime=&endtime=&mingroupscore=]
       starttime <= createdAt <= endtime (ms, inclusive) and groupScore >= mingroupscore (0-100),
       newest first (createdAt, then id, descending). Acknowledged events are included.
  GET  /aianalyst/incident/comments?incident_id=ID   {"comments": [{username, time, incident_id, message}]}
       (unknown id -> {"comments": []})
  POST /aianalyst/incident/comments, JSON {"incident_id": ID, "message": TEXT}
       {"aianalyst": "SUCCESS"} and the comment is kept (until /__mock__/reset); unknown id or an
       empty message -> {"aianalyst": "FAILURE"}; a body that is not that JSON -> 400 {"error": ...}.
  POST /aianalyst/acknowledge, form uuid=ID      {"aianalyst": "SUCCESS"} (unknown id -> "FAILURE");
  POST /aianalyst/unacknowledge, form uuid=ID    the event's and its group's "acknowledged" follow.
  GET  /aianalyst/groups?uuid=ID                 [the group holding the event] (unknown id -> [])

The events: the AI Analyst investigates model breaches of the built-in breach stream. About one
20-minute slot in three gets an incident event for its breach, a few minutes after the breach; in
every slot with three breaches at one millisecond, each of them gets an event and all three share
one createdAt millisecond. So events keep arriving over time (ties included) and, like the
breaches, are kept 4 days. Each event's breachDevices and relatedBreaches are its breach's device
and breach (pbid, model name, score, time). Events of the same 3-hour window form one group (its
groupScore, a float with many digits, and category are the group's). Three fixed events from
October 2020 investigate the fixed breaches 95, 46 and 111 (devices 823, 1, 10) and share the
group g750d9a5e-8df9-43fb-b3a3-1d1915dbc5fc; bc64f242-ce29-4f35-bc94-230991116564 (breach 95) has
two comments. Some summaries hold literal "\\n" pairs (the integration removes them) and real line
breaks; titles and device labels include non-ASCII text and a "|".

State (acknowledgements, posted comments) lives in state.ack under ('aia', ...) keys, so
POST /__mock__/reset clears it too.
"""
import hashlib
import json
from urllib.parse import parse_qsl

EVENTS_PATH = '/aianalyst/incidentevents'
COMMENTS_PATH = '/aianalyst/incident/comments'
GROUPS_PATH = '/aianalyst/groups'
GROUP_SLOTS = 9  # 3 hours of 20-minute slots per group
FIXED_GROUP = 'g750d9a5e-8df9-43fb-b3a3-1d1915dbc5fc'
# event id: (pbid of the fixed breach it investigates, createdAt ms)
FIXED_EVENTS = {
    'bc64f242-ce29-4f35-bc94-230991116564': (95, 1602191781000),
    '750d9a5e-8df9-43fb-b3a3-1d1915dbc5fc': (46, 1602184581000),
    '2f6c7a1e-5b3d-4c8e-9a0f-6d1e2b3c4a5f': (111, 1602195381000),
}
FIXED_COMMENTS = {'bc64f242-ce29-4f35-bc94-230991116564': [
    ('soc.lead', 1602192381000, 'Checked with the user: not expected.'),
    ('analyst.one', 1602195981000, 'Laptop isolated | ticket IR-1042'),
]}
# model pid: (summariser, title, MITRE tactics, attack phases, what the summary says the device did)
INVESTIGATIONS = {
    762: ('BeaconSummary', 'Possible SSL Command and Control', ['command-and-control'], [5],
          'made repeated SSL connections to the watched endpoint {dom}'),
    210: ('DataTransferSummary', 'Unusual External Data Transfer | Rare Domain', ['exfiltration'], [6],
          'uploaded an unusually large volume of data to {dom}'),
    361: ('UserAgentSummary', 'Unusual HTTP Activity with a New User Agent', ['initial-access'], [2],
          'made HTTP requests to {dom} with a user agent it has never used'),
    118: ('SmbWriteSummary', 'Suspicious Remote SMB Write Activity', ['lateral-movement'], [4],
          'wrote files to a remote SMB share it rarely uses'),
    633: ('BeaconSummary', 'Possible HTTP Command and Control to Multiple Endpoints', ['command-and-control'], [5],
          'beaconed at regular intervals to {dom}'),
    44: ('FileDownloadSummary', 'Suspicious File Download', ['initial-access'], [2],
         'downloaded a file that Antigena blocked from {dom}'),
    297: ('ReactivationSummary', 'Aktivität eines reaktivierten Geräts', ['discovery'], [3],
          'became active again after a long period of inactivity'),
    510: ('ScanSummary', 'Scanning of Multiple Devices', ['discovery'], [3],
          'made outbound connections on ports it does not usually use'),
}
USERS = ['analyst.one', 'soc.lead', 'ir.oncall']
MESSAGES = ['Investigating.', 'Linked to the breach ticket.', 'Escalated to IR team', 'Benign: patch rollout',
            'Käse-Server | expected']


def route(base, state, method, path, q, body):
    """The answer to an authenticated request this integration's endpoints serve, else None.

    base is the mock_darktrace module (its data: breach_facts, DEVICES, ...); state its State.
    """
    if method == 'GET' and path == EVENTS_PATH:
        return 200, search(base, state, q)
    if method == 'GET' and path == COMMENTS_PATH:
        event_id = q['incident_id']
        found = event_index(base, state).get(event_id)
        return 200, {'comments': comments(base, state, found) if found else []}
    if method == 'POST' and path == COMMENTS_PATH:
        return post_comment(base, state, body)
    if method == 'POST' and path in ('/aianalyst/acknowledge', '/aianalyst/unacknowledge'):
        form = dict(parse_qsl(body, keep_blank_values=True))
        if not form.get('uuid'):
            return 400, {'error': 'Expected form body uuid=<incident event id>'}
        if form['uuid'] not in event_index(base, state):
            return 200, {'aianalyst': 'FAILURE'}
        with state.lock:
            state.ack[('aia', form['uuid'])] = path.endswith('/acknowledge')
        return 200, {'aianalyst': 'SUCCESS'}
    if method == 'GET' and path == GROUPS_PATH:
        found = event_index(base, state).get(q['uuid'])
        return 200, [group_obj(base, state, found)] if found else []
    return None


# ---------------------------------------------------------------- the events
def uuid_of(*parts):
    """A stable version-4-looking uuid for parts."""
    x = hashlib.sha1(repr(('aia',) + parts).encode()).hexdigest()
    return '%s-%s-4%s-8%s-%s' % (x[:8], x[8:12], x[13:16], x[17:20], x[20:32])


def stream_events(base, now):
    """[(createdAt, event id, pbid, group key)] of the stream events that exist now."""
    out = []
    first = (now - base.RETENTION_MS) // base.SLOT_MS
    for slot in range(first, now // base.SLOT_MS + 1):
        t, pbids = base.stream_slot(slot)
        tie = len(pbids) > 1
        if not tie and base_hash('slot', slot) % 3:
            continue
        created = t + 120000 + base_hash('delay', slot) % 360000
        if created > now:
            continue
        for pbid in pbids:
            if base.breach_facts(pbid, now) is not None:
                out.append((created, uuid_of('event', pbid), pbid, slot // GROUP_SLOTS))
    return out


def all_events(base, now):
    """[(createdAt, id, pbid, group key)] of every event that exists now, fixed ones first."""
    fixed = [(created, eid, pbid, 'fixed') for eid, (pbid, created) in FIXED_EVENTS.items()]
    return fixed + stream_events(base, now)


def event_index(base, state):
    """{event id: (createdAt, id, pbid, group key)} of the events that exist now."""
    return {e[1]: e for e in all_events(base, state.now())}


def group_id(key):
    """The id of the group with this key (the fixed events' group keeps the upstream id)."""
    return FIXED_GROUP if key == 'fixed' else 'g' + uuid_of('group', key)


def group_score(key):
    """The group's score, 0-100 with many digits (the integration rounds it to one place)."""
    return 40.666309838880856 if key == 'fixed' else (base_hash('gscore', key) % 10 ** 11) / 10.0 ** 9


def base_hash(*parts):
    """A stable hash of parts, apart from the v1 mock's h() values."""
    return int.from_bytes(hashlib.sha1(repr(('aia',) + parts).encode()).digest()[:8], 'big')


def category(score):
    """The AI Analyst category of a 0-100 score."""
    return 'critical' if score >= 75 else 'suspicious' if score >= 50 else 'informational' if score >= 25 else 'compliance'


def breach_device(base, did):
    """A device as AI Analyst lists it (breachDevices, detail values)."""
    _, host, ip, mac, _, label, _, _, _, _, sid = base.DEVICES[did]
    return {'identifier': label or host or ip, 'hostname': host, 'ip': ip, 'mac': mac, 'subnet': None,
            'did': did, 'sid': sid}


def event_obj(base, state, entry):
    """The incident event of one (createdAt, id, pbid, group key), as /aianalyst/incidentevents lists it."""
    created, eid, pbid, key = entry
    now = state.now()
    t, score, did, pid, _ = base.breach_facts(pbid, now)
    summariser, title, tactics, phases, did_what = INVESTIGATIONS[pid]
    dom = base.DOMAINS[base.h('dom', pbid) % len(base.DOMAINS)]
    device = breach_device(base, did)
    gscore = group_score(key)
    aia_score = 40 + base_hash('score', eid) % 61
    start = t - 60000 - base_hash('period', eid) % 600000
    sep = '\\n\\n' if base_hash('sep', eid) % 2 else '\n\n'
    summary = ('The device %s %s.%sThough this behaviour could be legitimate, it could also be a sign of '
               'compromise.%sConsequently, the security team may wish to review the activity.') % (
        device['identifier'], did_what.format(dom=dom), sep, sep)
    return {
        'summariser': summariser, 'acknowledged': bool(state.ack.get(('aia', eid), False)), 'pinned': True,
        'createdAt': created, 'attackPhases': list(phases), 'mitreTactics': list(tactics), 'title': title, 'id': eid,
        'children': [eid], 'category': category(aia_score), 'currentGroup': group_id(key),
        'groupCategory': category(gscore), 'groupScore': gscore, 'groupPreviousGroups': [],
        'activityId': '%08x' % (base_hash('activity', eid) % 2 ** 32), 'groupingIds': ['%08x' % (base_hash('grp', eid) % 2 ** 32)],
        'groupByActivity': False, 'userTriggered': False, 'externalTriggered': False, 'aiaScore': aia_score,
        'summary': summary, 'periods': [{'start': start, 'end': t}], 'breachDevices': [device],
        'relatedBreaches': [{'modelName': base.MODELS[pid][1], 'pbid': pbid, 'threatScore': int(round(score * 100)),
                             'timestamp': t}],
        'details': [
            {'blockType': 'single', 'blocks': [{'blockHeader': 'Device Details', 'bulletBlocks': [[
                {'detailKey': 'Device', 'valueType': 'device', 'detailValues': [device]},
                {'detailKey': 'Model breach', 'valueType': 'string', 'detailValues': [base.MODELS[pid][1]]}]]}]},
            {'blockType': 'grouped', 'blocks': [{'blockHeader': 'Summary of Activity', 'bulletBlocks': [[
                {'detailKey': 'Time', 'valueType': 'timeRange', 'detailValues': [{'start': start, 'end': t}]},
                {'detailKey': 'Endpoint', 'valueType': 'string', 'detailValues': [dom]}]]}]}],
        'figures': [],
    }


def search(base, state, q):
    """/aianalyst/incidentevents: one event by uuid, or the events in the window, newest first."""
    entries = all_events(base, state.now())
    if 'uuid' in q:
        return [event_obj(base, state, e) for e in entries if e[1] == q['uuid']][:1]
    start = int(q['starttime']) if q.get('starttime') else None
    end = int(q['endtime']) if q.get('endtime') else None
    minscore = float(q['mingroupscore']) if q.get('mingroupscore') else None
    found = [e for e in entries if (start is None or e[0] >= start) and (end is None or e[0] <= end)
             and (minscore is None or group_score(e[3]) >= minscore)]
    found.sort(key=lambda e: (e[0], e[1]), reverse=True)
    return [event_obj(base, state, e) for e in found]


# ---------------------------------------------------------------- comments and groups
def comments(base, state, entry):
    """The event's comments: its seeded ones, then those posted since the last reset."""
    created, eid = entry[0], entry[1]
    if eid in FIXED_COMMENTS:
        seeded = FIXED_COMMENTS[eid]
    else:
        n = [0, 0, 0, 1, 1, 2][base_hash('ncomments', eid) % 6]
        seeded = [(USERS[base_hash('user', eid, i) % len(USERS)], created + 600000 * (i + 1),
                   MESSAGES[base_hash('msg', eid, i) % len(MESSAGES)]) for i in range(n)]
    now = state.now()
    out = [{'username': u, 'time': t, 'incident_id': eid, 'message': m} for u, t, m in seeded if t <= now]
    with state.lock:
        out += [dict(c) for c in state.ack.get(('aia', 'comments', eid), [])]
    return out


def post_comment(base, state, body):
    """POST /aianalyst/incident/comments: keeps a comment on a known event."""
    try:
        value = json.loads(body)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not isinstance(value.get('incident_id'), str) or \
            not isinstance(value.get('message'), str):
        return 400, {'error': 'Expected a JSON body {"incident_id": "<event id>", "message": "<text>"}'}
    eid = value['incident_id']
    if eid not in event_index(base, state) or not value['message'].strip():
        return 200, {'aianalyst': 'FAILURE'}
    with state.lock:
        state.ack.setdefault(('aia', 'comments', eid), []).append(
            {'username': 'api.user', 'time': state.now(), 'incident_id': eid, 'message': value['message']})
    return 200, {'aianalyst': 'SUCCESS'}


def group_obj(base, state, entry):
    """The group holding the event, as /aianalyst/groups lists it."""
    key = entry[3]
    members = sorted((e for e in all_events(base, state.now()) if e[3] == key), key=lambda e: (e[0], e[1]))
    events = [event_obj(base, state, e) for e in members]
    tactics, dids = [], []
    for ev in events:
        tactics += [t for t in ev['mitreTactics'] if t not in tactics]
        dids += [d['did'] for d in ev['breachDevices'] if d['did'] not in dids]
    score = group_score(key)
    return {
        'id': group_id(key), 'active': state.now() - events[-1]['createdAt'] < 3600000,
        'acknowledged': all(ev['acknowledged'] for ev in events), 'pinned': True, 'userTriggered': False,
        'externalTriggered': False, 'previousIds': [],
        'incidentEvents': [{'uuid': ev['id'], 'start': ev['periods'][0]['start'], 'title': ev['title'],
                            'triggerDid': ev['breachDevices'][0]['did'], 'visible': True} for ev in events],
        'mitreTactics': tactics, 'devices': sorted(dids), 'initialDevices': dids[:1], 'category': category(score),
        'groupScore': score, 'start': min(ev['periods'][0]['start'] for ev in events),
        'end': max(ev['periods'][0]['end'] for ev in events), 'edges': [],
    }
