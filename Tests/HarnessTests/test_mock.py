"""Tests of scripts/mock_darktrace.py: signatures, data, acknowledge state, faults, request log.

Run from the repository root: python3 -m unittest discover -s Tests/HarnessTests -v
"""
import calendar
import hashlib
import hmac
import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from urllib.parse import quote

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, 'scripts'))
import mock_darktrace as mock  # noqa: E402

PUBLIC, PRIVATE = 'mock-public-token', 'mock-private-token'


def sign(signed, date, public=PUBLIC, private=PRIVATE):
    return hmac.new(private.encode(), (signed + '\n' + public + '\n' + date).encode(), hashlib.sha1).hexdigest()


def now_date(offset=0):
    return time.strftime('%Y%m%dT%H%M%S', time.gmtime(time.time() + offset))


class MockTestCase(unittest.TestCase):
    """Runs one in-process mock per test class."""

    tls = None

    @classmethod
    def setUpClass(cls):
        cls.state = mock.State(PUBLIC, PRIVATE, 0.0)
        cls.server = mock.MockServer(cls.state, 0, cls.tls)
        cls.port = cls.server.server_address[1]
        cls.thread = threading.Thread(target=cls.server.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self):
        self.control('POST', '/__mock__/reset')

    def connection(self):
        return http.client.HTTPConnection('127.0.0.1', self.port, timeout=10)

    def control(self, method, path, value=None):
        conn = self.connection()
        conn.request(method, path, body=None if value is None else json.dumps(value))
        r = conn.getresponse()
        data = json.loads(r.read().decode())
        conn.close()
        return data

    def call(self, method, path, pairs=(), body=None, date=None, signed=None, headers=None):
        """Signs like the integration (decoded query / path?body), sends percent-encoded."""
        date = date or now_date()
        wire = '&'.join(quote(k, safe='') + '=' + quote(v, safe='') for k, v in pairs)
        if signed is None:
            decoded = '&'.join(k + '=' + v for k, v in pairs)
            signed = path + '?' + body if method == 'POST' and body else path + ('?' + decoded if decoded else '')
        h = {'DTAPI-Token': PUBLIC, 'DTAPI-Date': date, 'DTAPI-Signature': sign(signed, date)}
        if body is not None:
            h['Content-Type'] = 'application/x-www-form-urlencoded'
        h.update(headers or {})
        conn = self.connection()
        conn.request(method, path + ('?' + wire if wire else ''), body=body, headers=h)
        r = conn.getresponse()
        raw = r.read()
        conn.close()
        try:
            value = json.loads(raw.decode())
        except ValueError:
            value = raw.decode()
        return r.status, value, r


class SignatureTests(MockTestCase):
    def test_contract_vectors(self):
        self.assertEqual(sign('/devices', '2025-01-15 12:30:00', 'test_public_token', 'test_private_token'),
                         'e3c82b28eb735735b9d288d6d2d63b14cba2e008')
        self.assertEqual(sign('/time', '20240101T120000', 'test_public_token', 'test_private_token'),
                         '1bbee948c981eb45f36c08e529a49912b3234d2c')
        for target, date, sig in (
                ('/devices', '2025-01-15 12:30:00', 'e3c82b28eb735735b9d288d6d2d63b14cba2e008'),
                ('/devices?aparam=aval&mparam=mval&zparam=zval', '2025-06-01 00:00:00',
                 '2f247e5248b933fccf527bebc479248613c320a4')):
            stamp = calendar.timegm(time.strptime(date, '%Y-%m-%d %H:%M:%S'))
            state = mock.State('test_public_token', 'test_private_token', stamp - time.time())
            path, _, query = target.partition('?')
            headers = {'DTAPI-Token': 'test_public_token', 'DTAPI-Date': date, 'DTAPI-Signature': sig}
            self.assertEqual(mock.check_auth(state, 'GET', path, query, '', headers), (True, True))

    def test_good_signature(self):
        status, value, _ = self.call('GET', '/time')
        self.assertEqual(status, 200)
        self.assertIn('timems', value)

    def test_dashed_date_format(self):
        date = time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())
        self.assertEqual(self.call('GET', '/time', date=date)[0], 200)

    def test_bad_signature(self):
        status, value, _ = self.call('GET', '/time', headers={'DTAPI-Signature': '0' * 40})
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))

    def test_wrong_public_token(self):
        status, value, _ = self.call('GET', '/time', headers={'DTAPI-Token': 'someone-else'})
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))

    def test_missing_headers(self):
        conn = self.connection()
        conn.request('GET', '/time')
        r = conn.getresponse()
        self.assertEqual(r.status, 400)
        self.assertIn('API', r.read().decode())
        conn.close()

    def test_stale_date(self):
        status, value, _ = self.call('GET', '/time', date=now_date(-3600))
        self.assertEqual((status, value), (400, {'error': 'API DATE ERROR'}))

    def test_garbage_date(self):
        self.assertEqual(self.call('GET', '/time', date='yesterday')[1], {'error': 'API DATE ERROR'})

    def test_reserved_and_unicode_query_signed_decoded_sent_encoded(self):
        value = 'label:a+b&c=d 50%#1 /? ü 😀'
        status, _, _ = self.call('GET', '/devicesearch', [('count', '3'), ('query', value)])
        self.assertEqual(status, 200)
        entry = self.control('GET', '/__mock__/requests')[-1]
        self.assertTrue(entry['signature_ok'])
        self.assertEqual(entry['request']['query'], [['count', '3'], ['query', value]])
        self.assertIn('%2B', entry['target'])
        self.assertIn('%20', entry['target'])

    def test_signing_the_encoded_query_fails(self):
        pairs = [('query', 'hostname:a b')]
        status, value, _ = self.call('GET', '/devicesearch', pairs, signed='/devicesearch?query=hostname%3Aa%20b')
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))

    def test_plus_on_the_wire_stays_plus(self):
        date = now_date()
        conn = self.connection()
        conn.request('GET', '/devicesearch?query=a+b', headers={
            'DTAPI-Token': PUBLIC, 'DTAPI-Date': date, 'DTAPI-Signature': sign('/devicesearch?query=a+b', date)})
        self.assertEqual(conn.getresponse().status, 200)
        conn.close()
        self.assertEqual(self.control('GET', '/__mock__/requests')[-1]['request']['query'], [['query', 'a+b']])

    def test_bare_name_and_empty_value(self):
        date = now_date()
        conn = self.connection()
        conn.request('GET', '/details?did=1&count&x=', headers={
            'DTAPI-Token': PUBLIC, 'DTAPI-Date': date, 'DTAPI-Signature': sign('/details?did=1&count&x=', date)})
        self.assertEqual(conn.getresponse().status, 200)
        conn.close()
        self.assertEqual(self.control('GET', '/__mock__/requests')[-1]['request']['query'],
                         [['did', '1'], ['count', None], ['x', '']])

    def test_post_signs_path_and_body(self):
        status, value, _ = self.call('POST', '/modelbreaches/95/acknowledge', [('acknowledge', 'true')],
                                     body='acknowledge=true')
        self.assertEqual((status, value), (200, {'response': 'SUCCESS'}))
        bad = self.call('POST', '/modelbreaches/95/acknowledge', [('acknowledge', 'true')], body='acknowledge=true',
                        signed='/modelbreaches/95/acknowledge')
        self.assertEqual(bad[:2], (400, {'error': 'API SIGNATURE ERROR'}))


class DataTests(MockTestCase):
    def test_breach_95_is_the_readmes(self):
        status, b, r = self.call('GET', '/modelbreaches', [('pbid', '95')])
        self.assertEqual(status, 200)
        self.assertEqual(r.getheader('Content-Type'), 'application/json;charset=utf-8')
        self.assertEqual((b['pbid'], b['score'], b['commentCount'], b['time']), (95, 1, 0, 1602191481000))
        self.assertEqual(b['device']['did'], 823)
        self.assertEqual(b['device']['devicelabel'], "Kelly's Laptop")
        self.assertEqual(b['model']['then']['name'], 'Compromise::Watched Domain')
        self.assertEqual(b['model']['then']['tags'], ['AP: C2 Comms'])

    def test_unknown_pbid(self):
        self.assertEqual(self.call('GET', '/modelbreaches', [('pbid', '7')])[:2],
                         (404, {'error': 'Model breach not found'}))

    def test_stream_filter_and_order(self):
        now = int(time.time() * 1000)
        start = now - 2 * 86400000
        status, items, _ = self.call('GET', '/modelbreaches', [('minscore', '0.5'), ('starttime', str(start))])
        self.assertEqual(status, 200)
        self.assertGreater(len(items), 30)
        self.assertTrue(all(b['time'] >= start and b['score'] >= 0.5 for b in items))
        keys = [(b['time'], b['pbid']) for b in items]
        self.assertEqual(keys, sorted(keys, reverse=True))
        all_items = self.call('GET', '/modelbreaches', [('minscore', '0'), ('starttime', str(now - 5 * 86400000))])[1]
        self.assertTrue(250 <= len(all_items) <= 350, len(all_items))
        times = [b['time'] for b in all_items]
        self.assertTrue(any(times.count(t) >= 3 for t in times), 'a millisecond shared by several breaches')
        scores = [b['score'] for b in all_items]
        self.assertTrue(min(scores) >= 0.05 and max(scores) <= 1.0)

    def test_stream_lives_in_absolute_time(self):
        now = int(time.time() * 1000)
        before, after = set(mock.all_pbids(now)), set(mock.all_pbids(now + 3600000))
        self.assertGreater(len(before & after), 250)
        for pbid in before & after:  # a restarted mock (or a later request) sees the same breaches
            self.assertEqual(mock.breach_facts(pbid, now), mock.breach_facts(pbid, now + 3600000))
        self.assertTrue(after - before, 'new breaches keep arriving')

    def test_comments(self):
        status, items, _ = self.call('GET', '/modelbreaches/46/comments')
        self.assertEqual(status, 200)
        self.assertEqual([c['message'] for c in items], ['Flag for follow-up', 'Activity has been remediated'])
        self.assertEqual(self.call('GET', '/modelbreaches/95/comments')[1], [])

    def test_acknowledge_twice_fails(self):
        ack = ('POST', '/modelbreaches/111/acknowledge', [('acknowledge', 'true')], 'acknowledge=true')
        self.assertEqual(self.call(*ack)[1], {'response': 'SUCCESS'})
        self.assertEqual(self.call(*ack)[1], {'response': 'FAILURE'})
        unack = ('POST', '/modelbreaches/111/unacknowledge', [('unacknowledge', 'true')], 'unacknowledge=true')
        self.assertEqual(self.call(*unack)[1], {'response': 'SUCCESS'})
        self.assertEqual(self.call(*unack)[1], {'response': 'FAILURE'})
        self.assertEqual(self.call(*ack)[1], {'response': 'SUCCESS'})

    def test_acknowledge_needs_the_form_body(self):
        self.assertEqual(self.call('POST', '/modelbreaches/111/acknowledge', [('acknowledge', 'true')])[0], 400)

    def test_similar_devices(self):
        status, items, _ = self.call('GET', '/similardevices', [('did', '823'), ('count', '2')])
        self.assertEqual((status, len(items)), (200, 2))
        self.assertTrue(all('score' in d and d['did'] != 823 for d in items))
        self.assertEqual(self.call('GET', '/similardevices', [('did', '999999'), ('count', '2')])[1], [])

    def test_endpoint_details(self):
        cats = self.call('GET', '/endpointdetails', [('hostname', 'cats.com'), ('additionalinfo', 'true'),
                                                     ('devices', 'true'), ('score', 'true')])[1]
        self.assertEqual((cats['hostname'], cats['devices'], cats['popularity'], cats['dgascore']),
                         ('cats.com', [], 0, 0))
        ip = self.call('GET', '/endpointdetails', [('ip', '1.2.3.4')])[1]
        self.assertEqual(ip['ip'], '1.2.3.4')
        self.assertNotIn('devices', ip)
        self.assertEqual(self.call('GET', '/endpointdetails', [('hostname', 'nothing.invalid')])[1], {})

    def test_deviceinfo(self):
        info = self.call('GET', '/deviceinfo', [('did', '1'), ('datatype', 'co'), ('similardevices', '2'),
                                                ('fulldevicedetails', 'true')])[1]
        self.assertEqual([e['similarityScore'] == 100 for e in info['deviceInfo']], [True, False, False])
        self.assertEqual(len(info['devices']), 3)
        everything = self.call('GET', '/deviceinfo', [('did', '1'), ('datatype', 'sizeout'),
                                                      ('showallgraphdata', 'true')])[1]
        self.assertEqual(len(everything['deviceInfo'][0]['graphData']), 672)
        self.assertEqual(self.call('GET', '/deviceinfo', [('did', '1'), ('datatype', 'xx')])[0], 400)

    def test_devicesearch(self):
        found = self.call('GET', '/devicesearch', [('query', 'label:"host 1"')])[1]
        self.assertEqual((found['totalCount'], found['devices'][0]['did']), (1, 24))
        apple = self.call('GET', '/devicesearch', [('count', '2'), ('orderBy', 'hostname'), ('order', 'desc'),
                                                   ('query', 'vendor:apple')])[1]
        self.assertEqual(apple['totalCount'], 3)
        self.assertEqual([d['hostname'] for d in apple['devices']], ['zoe-ipad', 'sf-l-bnguyen'])
        self.assertEqual(self.call('GET', '/devicesearch', [('query', 'ip:172.31.32.146')])[1]['devices'][0]['did'],
                         823)
        self.assertEqual(self.call('GET', '/devicesearch', [('query', 'mac:06:42:04')])[1]['totalCount'], 1)
        self.assertEqual(self.call('GET', '/devicesearch', [('query', 'hostname:none')])[1],
                         {'totalCount': 0, 'devices': []})

    def test_details(self):
        items = self.call('GET', '/details', [('did', '1'), ('count', '10')])[1]
        self.assertEqual(len(items), 11)
        self.assertEqual(list(items[0]), ['device'])
        times = [e['timems'] for e in items[1:]]
        self.assertEqual(times, sorted(times, reverse=True))
        notices = self.call('GET', '/details', [('did', '1'), ('count', '3'), ('eventtype', 'notice')])[1]
        self.assertTrue(all(e['eventType'] == 'notice' for e in notices[1:]))
        self.assertEqual(self.call('GET', '/details', [('did', '424242')])[1], [])

    def test_unknown_path(self):
        status, value, _ = self.call('GET', '/nope')
        self.assertEqual(status, 404)
        self.assertIn('error', value)


class FaultAndLogTests(MockTestCase):
    def test_status_fault_once(self):
        self.control('POST', '/__mock__/faults', {'path': '/time', 'status': 503, 'times': 1})
        self.assertEqual(self.call('GET', '/time')[0], 503)
        self.assertEqual(self.call('GET', '/time')[0], 200)
        self.assertEqual(self.control('GET', '/__mock__/faults'), [])

    def test_fault_only_on_its_path(self):
        self.control('POST', '/__mock__/faults', {'path': '/modelbreaches', 'status': 500})
        self.assertEqual(self.call('GET', '/time')[0], 200)
        self.assertEqual(self.call('GET', '/modelbreaches', [('pbid', '95')])[0], 500)
        self.assertEqual(self.call('GET', '/modelbreaches', [('pbid', '95')])[0], 500)

    def test_redirect(self):
        self.control('POST', '/__mock__/faults', {'path': '/time', 'redirect': '/login'})
        status, value, r = self.call('GET', '/time')
        self.assertEqual((status, r.getheader('Location'), value), (302, '/login', 'Found. Redirecting to /login'))

    def test_html_login_and_raw_body(self):
        self.control('POST', '/__mock__/faults', [{'html_login': True, 'times': 1}, {'body': 'not json', 'times': 1}])
        status, value, r = self.call('GET', '/time')
        self.assertEqual(status, 200)
        self.assertTrue(r.getheader('Content-Type').startswith('text/html'))
        self.assertIn('Login', value)
        self.assertEqual(self.call('GET', '/time')[:2], (200, 'not json'))
        log = self.control('GET', '/__mock__/requests')
        self.assertEqual(log[-1]['response']['bodyText'], 'not json')
        self.assertIsNone(log[-1]['response']['body'])

    def test_drop(self):
        self.control('POST', '/__mock__/faults', {'drop': True, 'times': 1})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.call('GET', '/time')
        self.assertEqual(self.call('GET', '/time')[0], 200)

    def test_truncate(self):
        self.control('POST', '/__mock__/faults', {'path': '/modelbreaches', 'truncate': 10, 'times': 1})
        with self.assertRaises(http.client.IncompleteRead):
            self.call('GET', '/modelbreaches', [('pbid', '95')])

    def test_delay(self):
        self.control('POST', '/__mock__/faults', {'delay': 0.3, 'times': 1})
        started = time.time()
        self.assertEqual(self.call('GET', '/time')[0], 200)
        self.assertGreaterEqual(time.time() - started, 0.3)

    def test_request_log(self):
        self.call('GET', '/modelbreaches', [('pbid', '95')])
        self.call('POST', '/modelbreaches/95/acknowledge', [('acknowledge', 'true')], body='acknowledge=true')
        self.call('GET', '/time', headers={'DTAPI-Signature': 'bad'})
        log = self.control('GET', '/__mock__/requests')
        self.assertEqual(len(log), 3)
        first, second, third = log
        self.assertEqual(first['request'], {'method': 'GET', 'path': '/modelbreaches', 'query': [['pbid', '95']],
                                            'body': None})
        self.assertEqual(first['response']['status'], 200)
        self.assertEqual(first['response']['headers'], {'Content-Type': 'application/json;charset=utf-8'})
        self.assertEqual(first['response']['body']['pbid'], 95)
        self.assertNotIn('bodyText', first['response'])
        self.assertEqual(sorted(first['headers']), ['DTAPI-Date', 'DTAPI-Signature', 'DTAPI-Token'])
        self.assertTrue(first['signature_ok'] and first['date_ok'])
        self.assertEqual(second['request']['body'], 'acknowledge=true')
        self.assertEqual(second['dtarget'], '/modelbreaches/95/acknowledge?acknowledge=true')
        self.assertFalse(third['signature_ok'])
        self.assertEqual(third['response']['body'], {'error': 'API SIGNATURE ERROR'})

    def test_reset(self):
        self.call('GET', '/time')
        self.control('POST', '/__mock__/faults', {'status': 500})
        self.control('POST', '/__mock__/reset')
        self.assertEqual(self.control('GET', '/__mock__/requests'), [])
        self.assertEqual(self.call('GET', '/time')[0], 200)


@unittest.skipUnless(shutil.which('openssl'), 'needs openssl to make a certificate')
class TLSTests(MockTestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cert, key = os.path.join(cls.tmp, 'c.pem'), os.path.join(cls.tmp, 'k.pem')
        subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
                        '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'],
                       check=True, capture_output=True)
        cls.tls = (cert, key)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def connection(self):
        return http.client.HTTPSConnection('127.0.0.1', self.port, timeout=10,
                                           context=ssl._create_unverified_context())

    def test_https(self):
        self.assertEqual(self.call('GET', '/time')[0], 200)


class CommandLineTests(unittest.TestCase):
    def test_prints_port_then_serves_with_cli_fault(self):
        proc = subprocess.Popen([sys.executable, os.path.join(REPO, 'scripts', 'mock_darktrace.py'), '--lifetime', '20',
                                 '--fault', '{"path": "/time", "status": 418, "times": 1}',
                                 '--public-token', 'p', '--private-token', 's'],
                                stdout=subprocess.PIPE, text=True)
        try:
            port = int(proc.stdout.readline())
            date = now_date()
            for expected in (418, 200):
                conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
                conn.request('GET', '/time', headers={'DTAPI-Token': 'p', 'DTAPI-Date': date,
                                                      'DTAPI-Signature': sign('/time', date, 'p', 's')})
                self.assertEqual(conn.getresponse().status, expected)
                conn.close()
        finally:
            proc.terminate()
            proc.wait()
            proc.stdout.close()


if __name__ == '__main__':
    unittest.main()
