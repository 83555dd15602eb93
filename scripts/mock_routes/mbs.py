"""Mock endpoints of the Darktrace Model Breaches (DarktraceMBs) integration; route() answers (status, JSON value) or None.

Served here, on the built-in mock's breaches, devices and models (breach_facts, DEVICES, MODELS, h()):
  GET  /modelbreaches?pbid=N&deviceattop=true    the breach as DarktraceMBs reads it (below); a pbid
       the mock does not have -> [] (as Darktrace answers it).
  GET  /modelbreaches?deviceattop=true&minimal=false[&minscore=&starttime=&endtime=]
       the breaches with starttime <= creationTime <= endtime (ms, inclusive) and score >= minscore,
       newest first (creationTime, then pbid, descending): the Model Breaches integration's fetch.
       The breaches of a stream slot holding three breaches share one creationTime millisecond,
       so fetches meet ties; a breach is listed once it has been created (creationTime <= now).
       Both answers carry the v1 breach object plus model.then/now "category" (Critical,
       Suspicious, Compliance, Informational) and "compliance", and a commentCount that counts
       the comments /mbcomments lists. Without deviceattop=true the v1 route answers (time-based).
  GET  /mbcomments?pbid=N     [{time, pbid, username, message, pid, name}], newest first: the breach's
       comments that exist now, and those posted since the last reset (unknown pbid -> []).
  POST /modelbreaches/N/acknowledge, JSON {"acknowledge": "true"}
       [{"replicate": true, "data": [{did, pid, time (s), score (0-100)}]}]; when the breach is already
       acknowledged [{"replicate": false, "data": []}]. Unknown pbid -> 404 {"error": ...}; another
       JSON body -> 400. The same acknowledgement state as the v1 form-bodied POST (which the v1
       route still serves: a body that is not JSON is left to it).
  POST /modelbreaches/N/unacknowledge, JSON {"unacknowledge": "true"}   likewise.
  POST /modelbreaches/N/comments, JSON {"message": TEXT}
       [{message, username, time, pid, commentid}]; the comment is kept until /__mock__/reset and
       /mbcomments lists it. Unknown pbid -> 404; a body that is not that JSON or a blank message -> 400.
  GET  /details?pbid=N[&endTime=ms&count=M&offset=K&order=desc&includetotalbytes=true]
       first the breach itself as a "policybreach" record, then the connections of its device that
       triggered it (before the breach time), newest first: those with timems <= endTime (default
       now), from offset K, so that the answer holds at most M records (default 100) with the
       breach record. Unknown pbid -> [].
  GET  /models?uuid=UUID      the model (its current version, keys sorted as Darktrace sends them, with
       its history); unknown uuid -> []; without uuid every model.
  GET  /components?cid=N      the model component (cid = pid * 4 + 1, the one the model's logic names);
       unknown cid -> []; without cid every component.

State (posted comments) lives in state.ack under ('mbs', ...) keys and acknowledgements under the
pbid as the v1 route keeps them, so POST /__mock__/reset clears both.
"""
import json

CATEGORY_BY_PRIORITY = {5: 'Critical', 4: 'Critical', 3: 'Suspicious', 2: 'Informational', 1: 'Informational'}
# filter type of a model's component: (comparator, value) of its first filter
FILTER_ARGUMENTS = {
    'DNS host lookup': ('in list', 'Watched Domains'),
    'Connection hostname': ('does not match regular expression', '\\.darktrace\\.com$'),
    'User agent': ('does not contain', 'Mozilla/5.0'),
    'Share': ('contains', 'C$'),
    'Message': ('contains', 'Antigena'),
    'Direction': ('is', 'out'),
    'Destination port': ('is not', 443),
}
USERNAME = 'api.user'
FIRST_COMMENT_ID = 500


def route(base, state, method, path, q, body):
    """The answer to an authenticated request this integration's endpoints serve, else None.

    base is the mock_darktrace module (its data: breach_facts, DEVICES, ...); state its State.
    """
    now = state.now()
    if method == 'GET' and path == '/modelbreaches' and q.get('deviceattop') == 'true':
        if 'pbid' in q:
            pbid = int(q['pbid']) if q['pbid'].isdigit() else -1
            found = breach(base, state, pbid, now)
            return 200, found if found is not None else []
        if q.get('minimal') == 'false':
            return 200, search(base, state, q, now)
    if method == 'GET' and path == '/mbcomments':
        pbid = int(q['pbid'])
        return 200, comments(base, state, pbid, now) if exists(base, pbid, now) else []
    parts = path.strip('/').split('/')
    if method == 'POST' and len(parts) == 3 and parts[0] == 'modelbreaches' and parts[1].isdigit():
        return post(base, state, int(parts[1]), parts[2], body, now)
    if method == 'GET' and path == '/details' and 'pbid' in q:
        return 200, details(base, state, q, now)
    if method == 'GET' and path == '/models':
        models = [model(base, pid) for pid in sorted(base.MODELS)]
        if 'uuid' not in q:
            return 200, models
        return 200, next((m for m in models if m['uuid'] == q['uuid']), [])
    if method == 'GET' and path == '/components':
        found = [component(base, pid) for pid in sorted(base.MODELS)]
        if 'cid' not in q:
            return 200, found
        cid = int(q['cid'])
        return 200, next((c for c in found if c['cid'] == cid), [])
    return None


# ---------------------------------------------------------------- breaches
def creation_time(base, pbid, t):
    """When Darktrace created the breach: a few seconds after its time; the breaches of one stream
    slot (three in every 24th slot) share one creation millisecond."""
    if pbid >= base.STREAM_PBID0:
        pbid -= (pbid - base.STREAM_PBID0) % 4  # the slot's first pbid
    return t + 1000 + base.h('ct', pbid) % 4000


def exists(base, pbid, now):
    """True when the breach exists and has been created by now."""
    f = base.breach_facts(pbid, now)
    return f is not None and creation_time(base, pbid, f[0]) <= now


def category(base, pid):
    """The model's Darktrace category, from its name and priority."""
    name, priority = base.MODELS[pid][1], base.MODELS[pid][2]
    return 'Compliance' if name.startswith('Compliance::') else CATEGORY_BY_PRIORITY[priority]


def model_versions(base, pid):
    """The v1 model object ({"then", "now"}) with the category fields DarktraceMBs reads."""
    m = base.model_obj(pid)
    extra = {'category': category(base, pid), 'compliance': category(base, pid) == 'Compliance'}
    return {'then': dict(m['then'], **extra), 'now': dict(m['now'], **extra)}


def breach(base, state, pbid, now):
    """The breach as /modelbreaches?deviceattop=true lists it, or None when there is none (yet)."""
    if not exists(base, pbid, now):
        return None
    t, score, did, pid, _ = base.breach_facts(pbid, now)
    b = base.breach_obj(pbid, t, score, did, pid, len(comments(base, state, pbid, now)), now)
    b['creationTime'] = creation_time(base, pbid, t)
    b['model'] = model_versions(base, pid)
    return b


def search(base, state, q, now):
    """The fetch search: starttime <= creationTime <= endtime and score >= minscore, newest first."""
    start, end = int(q.get('starttime') or 0), int(q.get('endtime') or now)
    minscore = float(q.get('minscore') or 0)
    found = []
    for pbid in base.all_pbids(now):
        t, score = base.breach_facts(pbid, now)[:2]
        created = creation_time(base, pbid, t)
        if start <= created <= min(end, now) and score >= minscore:
            found.append((created, pbid))
    found.sort(reverse=True)
    return [breach(base, state, pbid, now) for _, pbid in found]


# ---------------------------------------------------------------- comments, acknowledgements
def comments(base, state, pbid, now):
    """The breach's comments as /mbcomments lists them, newest first (seeded ones that exist by now,
    then those posted since the last reset)."""
    f = base.breach_facts(pbid, now)
    name = base.MODELS[f[3]][1]
    seeded = [c for c in base.comments(pbid, now) if c['time'] <= now]
    with state.lock:
        posted = [dict(c) for c in state.ack.get(('mbs', 'comments', pbid), [])]
    out = [{'time': c['time'], 'pbid': pbid, 'username': c['username'], 'message': c['message'], 'pid': f[3],
            'name': name} for c in seeded + posted]
    out.sort(key=lambda c: c['time'], reverse=True)  # stable: a posted comment follows older ones of its ms
    return out


def post(base, state, pbid, action, body, now):
    """POST /modelbreaches/N/(un)acknowledge or /comments with a JSON body; None for a form body."""
    try:
        value = json.loads(body or '')
    except ValueError:
        value = None
    if action in ('acknowledge', 'unacknowledge'):
        if not isinstance(value, dict):
            return None  # the v1 integration's form body: the v1 route answers it
        if not exists(base, pbid, now):
            return 404, {'error': 'Model breach not found'}
        if value != {action: 'true'}:
            return 400, {'error': 'Expected a JSON body {"%s": "true"}' % action}
        t, score, did, pid, _ = base.breach_facts(pbid, now)
        with state.lock:
            done = state.ack.get(pbid) == action
            state.ack[pbid] = action
        if done:
            return 200, [{'replicate': False, 'data': []}]
        return 200, [{'replicate': True, 'data': [{'did': did, 'pid': pid, 'time': t // 1000,
                                                    'score': int(round(score * 100))}]}]
    if action == 'comments':
        if not exists(base, pbid, now):
            return 404, {'error': 'Model breach not found'}
        if not isinstance(value, dict) or not isinstance(value.get('message'), str):
            return 400, {'error': 'Expected a JSON body {"message": "<comment>"}'}
        if not value['message'].strip():
            return 400, {'error': 'A comment needs a message'}
        pid = base.breach_facts(pbid, now)[3]
        with state.lock:
            posted = state.ack.setdefault(('mbs', 'comments', pbid), [])
            count = sum(len(v) for k, v in state.ack.items() if isinstance(k, tuple) and k[:2] == ('mbs', 'comments'))
            comment = {'message': value['message'], 'username': USERNAME, 'time': now}
            posted.append(comment)
        return 200, [dict(comment, pid=pid, commentid=FIRST_COMMENT_ID + count)]
    return None


# ---------------------------------------------------------------- connections
def policy_breach_record(base, state, pbid, now):
    """The first /details?pbid= record: the breach itself."""
    t, score, did, pid, _ = base.breach_facts(pbid, now)
    _, name, _, _, _, _, _ = base.MODELS[pid]
    created = creation_time(base, pbid, t)
    cid = pid * 4 + 1
    with state.lock:
        acknowledged = state.ack.get(pbid) == 'acknowledge'
    return {'time': base.fmt(t), 'timems': t, 'pbid': pbid, 'pid': pid, 'phid': pid + 688,
            'eventType': 'policybreach', 'action': 'policybreach', 'creationTime': created,
            'creationTimestamp': base.fmt(created), 'name': name, 'components': [cid], 'didRestrictions': [],
            'didExclusions': [], 'throttle': 3600, 'sharedEndpoints': False, 'interval': 3600, 'sequenced': True,
            'active': True, 'retired': False, 'instanceID': 19000, 'acknowledged': acknowledged,
            'state': 'Acknowledged' if acknowledged else 'New', 'score': score,
            'commentCount': len(comments(base, state, pbid, now)), 'componentBreaches': [cid],
            'componentBreachTimes': [t - 1000], 'devices': [did], 'deviceLabels': [base.DEVICES[did][5] or '']}


def connection_events(base, pbid, now):
    """The connections of the breach's device that led to it, newest first (4 to 12, the last
    ending a second before the breach), to the breach's domain."""
    t, _, did, pid, _ = base.breach_facts(pbid, now)
    metric = base.MODELS[pid][5][1]
    domain = base.DOMAINS[base.h('dom', pbid) % len(base.DOMAINS)]
    me = base.device_obj(did, now, full=False)
    source = dict({'id': did}, **{k: v for k, v in me.items() if k not in ('firstSeen', 'lastSeen', 'vendor')},
                  time=str(me['firstSeen']))
    out, when = [], t - 1000
    for i in range(4 + base.h('mbs-n', pbid) % 9):
        ext = base.EXTERNAL[base.h('mbs-ext', pbid) % len(base.EXTERNAL)]
        dest = dict({'longitude': ext[1], 'latitude': ext[2]}, **({'city': ext[7]} if ext[7] else {}))
        dest.update(country=ext[3], countrycode=ext[4], asn=ext[5], region=ext[6], ip=ext[0], hostname=domain,
                    ippopularity='0', hostnamepopularity='0')
        sent, received = 200 + base.h('out', pbid, i) % 90000, 150 + base.h('in', pbid, i) % 400000
        dns = metric == 'dnsrequests'
        port = 53 if dns else [443, 443, 80][base.h('port', pbid, i) % 3]
        ev = {'time': base.fmt(when), 'timems': when, 'action': 'connection', 'eventType': 'connection',
              'recentbytessincems': when, 'recentbytessince': base.fmt(when), 'recentbytesout': sent,
              'recentbytesin': received, 'totalbytessincems': when, 'totalbytessince': base.fmt(when),
              'totalbytesout': sent, 'totalbytesin': received, 'uid': 'C%016x' % base.h('mbs-uid', pbid, i)}
        if dns:
            ev['dns'] = {'hostname': domain, 'success': True, 'antigena-email': False, 'hostnamepopularity': '0',
                         'internal': False}
        ev.update(sdid=did, port=port, sourcePort=1024 + base.h('sp', pbid, i) % 60000, destinationPort=port,
                  direction='out', applicationprotocol={53: 'DNS', 443: 'HTTPS', 80: 'HTTP'}[port],
                  protocol='UDP' if dns else 'TCP', sourceDevice=source, destinationDevice=dest, source=me['ip'],
                  destination=domain)
        ev['antigena-email'] = False
        out.append(ev)
        when -= 2000 + base.h('gap', pbid, i) % 240000
    return out


def details(base, state, q, now):
    """/details?pbid=: the breach record, then its connections up to endTime, from offset, at most
    count records in all."""
    pbid = int(q['pbid'])
    if not exists(base, pbid, now):
        return []
    end = int(q.get('endTime') or now)
    count, offset = int(q.get('count') or 100), int(q.get('offset') or 0)
    events = [e for e in connection_events(base, pbid, now) if e['timems'] <= end]
    if count < 1:
        return []
    return [policy_breach_record(base, state, pbid, now)] + events[offset:offset + count - 1]


# ---------------------------------------------------------------- models and components
def model(base, pid):
    """A model as /models lists it: its current version with category and history, keys sorted."""
    now = model_versions(base, pid)['now']
    m = dict(now, history=[
        {'active': True, 'by': 'System', 'message': now['message'], 'modified': now['modified'], 'phid': now['phid']},
        {'active': False, 'by': 'System', 'message': 'Model created', 'modified': '2020-06-01 09:00:00',
         'phid': now['phid'] - 1}])
    return dict(sorted(m.items()))


def component(base, pid):
    """The component a model's logic names (cid pid * 4 + 1), as /components lists it."""
    _, _, _, _, _, (mlid, _, _), ftype = base.MODELS[pid]
    cid = pid * 4 + 1
    comparator, value = FILTER_ARGUMENTS[ftype]
    return {'cid': cid, 'chid': pid * 4 + 1200, 'mlid': mlid, 'threshold': 0, 'interval': 3600,
            'logic': {'data': {'left': 'A', 'operator': 'AND', 'right': 'd1'}, 'version': 1},
            'filters': [{'id': 'A', 'cfid': pid * 10, 'cid': cid, 'comparator': comparator, 'filtertype': ftype,
                         'arguments': {'value': value}},
                        {'id': 'd1', 'cfid': pid * 10 + 1, 'cid': cid, 'comparator': 'display', 'filtertype': ftype,
                         'arguments': {}}],
            'active': True}
