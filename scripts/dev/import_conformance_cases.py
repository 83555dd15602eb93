#!/usr/bin/env python3
"""Turn conformance cases (../shared/cases/*/CASE: envelope.json + api.json) into replay fixtures.

  scripts/dev/import_conformance_cases.py SRC_CASE_DIR... --out Tests/DarktraceIntegrationTests/Fixtures

A developer tool, run once per new case; the fixtures it writes are committed and replayed by the
Swift tests without ../shared. Each route of api.json becomes one recorded exchange, in order;
a `modelbreaches` route is answered as Darktrace would for the query the command is expected to
send (filter by pbid / starttime / minscore, newest first). Cases whose behaviour needs a real
network (TLS, proxies, dropped connections) are skipped: the end-to-end tests cover them.
The fixture's stdout.json is left for the replay test to record (RECORD_FIXTURES=1).
"""
import argparse
import json
import os
import sys

NOW_MS = 1598940000000  # 2020-09-01T06:00:00Z: the clock every imported fixture runs at
UNSUPPORTED = ('drop', 'truncate', 'delay')


KNOWN_PARAMS = {'did', 'count', 'pbid', 'datatype', 'externaldomain', 'odid', 'showallgraphdata', 'fulldevicedetails',
                'similardevices', 'orderBy', 'order', 'query', 'ip', 'hostname', 'additionalinfo', 'devices', 'score',
                'minscore', 'starttime', 'acknowledge', 'unacknowledge'}


def decoded_pairs(query):
    """Pairs of a DECODED query (a dtarget): '&' only separates when a known parameter follows."""
    parts = []
    for seg in query.split('&') if query else []:
        if parts and seg.partition('=')[0] not in KNOWN_PARAMS:
            parts[-1] += '&' + seg
        else:
            parts.append(seg)
    pairs = []
    for part in parts:
        name, eq, value = part.partition('=')
        pairs.append([name, value if eq else None])
    return pairs


def response_of(route, request_pairs, auth_ok=True):
    if not auth_ok:
        return {'status': 400, 'headers': {'Content-Type': 'application/json;charset=utf-8'},
                'body': {'error': 'API SIGNATURE ERROR'}}
    status = int(route.get('status', 200))
    headers = dict(route.get('headers') or {})
    if 'redirect' in route:
        headers.setdefault('Location', route['redirect'])
        return {'status': int(route.get('status', 302)), 'headers': dict(headers, **{'Content-Type': 'text/plain; charset=utf-8'}),
                'bodyText': 'Found. Redirecting to ' + route['redirect']}
    if route.get('html_login'):
        return {'status': status, 'headers': {'Content-Type': 'text/html; charset=utf-8'},
                'bodyText': '<!DOCTYPE html>\n<html lang="en"><head><title>Darktrace | Login</title></head>'
                            '<body class="login"><form action="/login" method="post"></form></body></html>\n'}
    if 'modelbreaches' in route:
        q = {k: v for k, v in request_pairs}
        breaches = route['modelbreaches']
        if 'pbid' in q:
            body = next((b for b in breaches if str(b.get('pbid')) == q['pbid']), [])
        else:
            out = [b for b in breaches
                   if b.get('time', 0) >= int(q.get('starttime', 0)) and float(b.get('score', 0)) >= float(q.get('minscore', 0))]
            out.sort(key=lambda b: (b.get('time', 0), b.get('pbid', 0)), reverse=True)
            body = out
        return {'status': status, 'headers': {'Content-Type': 'application/json;charset=utf-8'}, 'body': body}
    if 'raw' in route:
        return {'status': status, 'headers': {'Content-Type': 'application/json;charset=utf-8'}, 'bodyText': route['raw']}
    if 'text' in route:
        return {'status': status, 'headers': {'Content-Type': route.get('content_type', 'text/plain; charset=utf-8')},
                'bodyText': route['text']}
    return {'status': status, 'headers': dict(headers, **{'Content-Type': 'application/json;charset=utf-8'}),
            'body': route.get('json')}


def convert(case, out_root, fetch_query):
    name = os.path.basename(case.rstrip('/'))
    with open(os.path.join(case, 'api.json'), encoding='utf-8') as f:
        api = json.load(f)
    with open(os.path.join(case, 'envelope.json'), encoding='utf-8') as f:
        envelope_text = f.read()
    with open(os.path.join(case, 'expected.json'), encoding='utf-8') as f:
        expected = json.load(f)
    if os.path.exists(os.path.join(case, 'env.json')) or api.get('tls') or api.get('path_prefix') or api.get('clock_offset'):
        return 'skipped (needs the network: env/TLS/prefix/clock)'
    routes = api.get('routes') if isinstance(api, dict) else None
    if routes is None or any(k in r for r in routes for k in UNSUPPORTED):
        return 'skipped (connection-level behaviour)'
    envelope_text = envelope_text.replace('http://127.0.0.1:${PORT}', 'http://darktrace.invalid')
    try:
        envelope = json.loads(envelope_text)
    except ValueError:
        envelope = None  # an unusable envelope on purpose: kept byte for byte
    exchanges = []
    max_requests = expected.get('max_requests')
    for r in routes if max_requests != 0 else []:
        if 'dtarget' in r:
            path, _, query = r['dtarget'].partition('?')
            pairs = decoded_pairs(query)
        elif r.get('path') == '/modelbreaches' and isinstance(envelope, dict):
            path, pairs = '/modelbreaches', fetch_query(envelope)
        else:
            return 'skipped (route without an exact target)'
        times = int(r.get('times', 1))
        for _ in range(times):
            exchanges.append({'request': {'method': r.get('method', 'GET'), 'path': path, 'query': pairs,
                                          'body': r.get('body')},
                              'response': response_of(r, pairs, tokens_match(api, envelope))})
    if max_requests is not None:
        exchanges = exchanges[:max_requests]
    d = os.path.join(out_root, name)
    os.makedirs(d, exist_ok=True)
    if envelope is None:
        with open(os.path.join(d, 'envelope.json'), 'w', encoding='utf-8') as f:
            f.write(envelope_text)
    for fname, obj in ((('envelope.json', envelope),) if envelope is not None else ()) + (('exchanges.json', exchanges),
                       ('case.json', {'exit': expected.get('exit', 0), 'now': NOW_MS,
                                      'from': 'conformance case ' + name, 'notes': expected.get('notes', '')})):
        with open(os.path.join(d, fname), 'w', encoding='utf-8') as f:
            json.dump(obj, f, indent=1, ensure_ascii=False)
            f.write('\n')
    return 'ok'


def tokens_match(api, envelope):
    params = envelope.get('params') or {}
    private = params.get('private_api_token')
    if isinstance(private, dict):
        private = private.get('password')
    return api.get('private_token', private) == private


def fetch_query(envelope):
    """The /modelbreaches query our fetch must send for this envelope (CONTRACT fix 11)."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'tools', 'conformance'))
    import fetch_model  # noqa: E402  (the contract's executable model; a developer tool only)
    params = envelope.get('params') or {}
    start, _ = fetch_model.read_state(envelope.get('lastRun') or {}, params, NOW_MS)
    return [['minscore', repr(float(fetch_model.min_score_fraction(params)))], ['starttime', str(start)]]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('cases', nargs='+')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    for c in a.cases:
        print('%-60s %s' % (os.path.basename(c.rstrip('/')), convert(c, a.out, fetch_query)))


if __name__ == '__main__':
    main()
