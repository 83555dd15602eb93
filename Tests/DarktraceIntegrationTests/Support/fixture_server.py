#!/usr/bin/env python3
"""Serves replay fixtures over real HTTP for the end-to-end tests, verifying every signature.

  fixture_server.py FIXTURES_DIR LOG_FILE

Prints its port (127.0.0.1, chosen by the OS) on the first stdout line. A request for
/<fixture>/<api path>?<query> is answered with the next recorded exchange of that fixture (the
fixture name acts as the url's path prefix, so one server serves every case), after checking it
against the recording (method, path, decoded query pairs, body) and checking DTAPI-Token,
DTAPI-Date (within 30 min) and DTAPI-Signature with the tokens of the fixture's envelope, signed
over the path WITHOUT the prefix, as CONTRACT section 2 says. Every request is appended to
LOG_FILE as one JSON line with what was wrong with it ("problems": [] when it matched and verified).
"""
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

ROOT = sys.argv[1]
LOG_FILE = sys.argv[2]
LOCK = threading.Lock()
QUEUES = {}


def load(name):
    d = os.path.join(ROOT, name)
    with open(os.path.join(d, 'exchanges.json'), encoding='utf-8') as f:
        exchanges = json.load(f)
    with open(os.path.join(d, 'envelope.json'), encoding='utf-8') as f:
        envelope = json.load(f)
    params = envelope.get('params') or {}

    def token(name, prefer_identifier):
        v = params.get(name)
        if isinstance(v, dict):
            v = (v.get('identifier') or v.get('password')) if prefer_identifier else (v.get('password') or v.get('identifier'))
        return '' if v is None else str(v)
    return {'exchanges': exchanges, 'next': 0,
            # v1's setting names, else the later integrations' (LATER.md: publicApiKey, privateApiKey).
            'public': token('public_api_token', True) or token('publicApiKey', True),
            'private': token('private_api_token', False) or token('privateApiKey', False)}


def pairs_of(query):
    out = []
    for part in query.split('&') if query else []:
        name, eq, value = part.partition('=')
        out.append([unquote(name), unquote(value) if eq else None])
    return out


def signed_string(method, path, pairs, body):
    if method == 'POST':
        return path + '?' + body
    if not pairs:
        return path
    return path + '?' + '&'.join(n if v is None else n + '=' + v for n, v in pairs)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    disable_nagle_algorithm = True  # headers and body go as separate writes: no 40 ms delayed-ACK stall

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length).decode('utf-8', 'replace') if length else ''
        target = self.path
        fixture, _, rest = target.lstrip('/').partition('/')
        path, _, query = ('/' + rest).partition('?')
        pairs = pairs_of(query)
        problems = []
        with LOCK:
            if fixture not in QUEUES:
                try:
                    QUEUES[fixture] = load(fixture)
                except OSError as e:
                    problems.append('no fixture %s: %s' % (fixture, e))
            q = QUEUES.get(fixture)
            exchange = None
            if q is not None:
                if q['next'] < len(q['exchanges']):
                    exchange = q['exchanges'][q['next']]
                    q['next'] += 1
                else:
                    problems.append('unrecorded request')
        if q is not None:
            date = self.headers.get('DTAPI-Date', '')
            expected = hmac.new(q['private'].encode(), (signed_string(self.command, path, pairs, body) + '\n' + q['public']
                                                        + '\n' + date).encode(), hashlib.sha1).hexdigest()
            if self.headers.get('DTAPI-Token') != q['public']:
                problems.append('wrong DTAPI-Token')
            if self.headers.get('DTAPI-Signature') != expected:
                problems.append('bad signature')
            try:
                ts = time.mktime(time.strptime(date, '%Y%m%dT%H%M%S')) - time.timezone
                if abs(ts - time.time()) > 1800:
                    problems.append('DTAPI-Date too far from now')
            except ValueError:
                problems.append('bad DTAPI-Date %r' % date)
        if exchange is not None:
            rq = exchange['request']
            if [rq['method'], rq['path'], rq['query'], rq.get('body')] != [self.command, path, pairs, body or None]:
                problems.append('sent %s %s %s %r, recorded %s %s %s %r' % (
                    self.command, path, pairs, body, rq['method'], rq['path'], rq['query'], rq.get('body')))
        with LOCK, open(LOG_FILE, 'a', encoding='utf-8') as f:
            f.write(json.dumps({'fixture': fixture, 'method': self.command, 'target': target, 'problems': problems}) + '\n')
        if exchange is None:
            return self.reply(599, b'{"error": "fixture server: nothing recorded"}', {'Content-Type': 'application/json'})
        r = exchange['response']
        data = r['bodyText'].encode() if 'bodyText' in r else json.dumps(r.get('body'), ensure_ascii=False).encode()
        self.reply(int(r.get('status', 200)), data, r.get('headers') or {})

    do_GET = handle_any
    do_POST = handle_any


def main():
    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    parent = os.getppid()

    def watch():  # stop with the test process (or after 10 minutes at the most)
        deadline = time.time() + 600
        while time.time() < deadline and os.getppid() == parent:
            time.sleep(0.5)
        server.shutdown()
    threading.Thread(target=watch, daemon=True).start()
    server.serve_forever(poll_interval=0.2)


if __name__ == '__main__':
    main()
