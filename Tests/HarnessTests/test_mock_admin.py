"""Tests of the Darktrace Admin endpoints of the built-in mock (scripts/mock_routes/admin.py).

Run from the repository root: python3 -m unittest discover -s Tests/HarnessTests -t . -v
"""
import base64
import json
import unittest
from urllib.parse import quote

try:
    from .test_mock import MockTestCase, mock
except ImportError:  # run with Tests/HarnessTests as the top-level directory
    from test_mock import MockTestCase, mock

JSON_HEADERS = {'Content-Type': 'application/json'}


def search_path(metric='@fields.source_ip', operation='score', search='@type:conn', offset='0',
                start='2024-05-01T00:00:00Z', end='2024-05-02T00:00:00Z'):
    """The path the integration builds: base64 of Python's json.dumps of the query object."""
    query = {'search': search, 'fields': [], 'offset': offset, 'timeframe': 'custom', 'graphmode': 'count',
             'time': {'from': start, 'to': end, 'user_interval': '0'}, 'mode': '', 'analyze_field': ''}
    encoded = base64.b64encode(json.dumps(query).encode()).decode()
    return '/advancedsearch/api/analyze/%s/%s/%s' % (metric, operation, encoded)


class StatusTests(MockTestCase):
    def test_status_json(self):
        status, value, r = self.call('GET', '/status', [('format', 'json')])
        self.assertEqual(status, 200)
        self.assertEqual(r.getheader('Content-Type'), 'application/json;charset=utf-8')
        self.assertIn('version', value)
        self.assertEqual(value['devices'], len(mock.DEVICES))

    def test_status_needs_a_signature(self):
        status, value, _ = self.call('GET', '/status', [('format', 'json')], headers={'DTAPI-Signature': '0' * 40})
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))


class AdvancedSearchTests(MockTestCase):
    def test_ip_metric_gives_device_ips_highest_count_first(self):
        status, value, _ = self.call('GET', search_path())
        self.assertEqual(status, 200)
        hits = value['hits']['hits']
        self.assertTrue(hits)
        ips = {row[2] for row in mock.DEVICE_ROWS}
        self.assertTrue(all(set(hit) == {'count', 'id'} and hit['id'] in ips for hit in hits))
        counts = [hit['count'] for hit in hits]
        self.assertEqual(counts, sorted(counts, reverse=True))
        self.assertEqual(value['hits']['total'], sum(counts))

    def test_deterministic_and_query_dependent(self):
        first = self.call('GET', search_path())[1]
        self.assertEqual(self.call('GET', search_path())[1], first)
        other = self.call('GET', search_path(search='@type:dns'))[1]
        self.assertNotEqual(other['hits']['hits'], first['hits']['hits'])

    def test_other_metrics(self):
        ports = self.call('GET', search_path(metric='@fields.dest_port'))[1]['hits']['hits']
        self.assertTrue(ports and all(isinstance(hit['id'], int) for hit in ports))
        types = self.call('GET', search_path(metric='@type', operation='terms'))[1]['hits']['hits']
        self.assertTrue(types and all(hit['id'] in ('conn', 'dns', 'http', 'ssl', 'smb', 'kerberos', 'ssh')
                                      for hit in types))
        self.assertEqual(self.call('GET', search_path(metric='@fields.nothing'))[1]['hits']['hits'], [])

    def test_offset_past_the_data_and_empty_range_have_no_hits(self):
        self.assertEqual(self.call('GET', search_path(offset='10000'))[1]['hits']['hits'], [])
        empty = search_path(start='2024-05-02T00:00:00Z', end='2024-05-01T00:00:00Z')
        self.assertEqual(self.call('GET', empty)[1]['hits']['hits'], [])

    def test_unreadable_requests(self):
        self.assertEqual(self.call('GET', search_path(operation='sum'))[0], 400)
        self.assertEqual(self.call('GET', '/advancedsearch/api/analyze/@type/score/not*base64')[0], 400)
        self.assertEqual(self.call('GET', search_path(start='yesterday'))[0], 400)
        self.assertEqual(self.call('GET', '/advancedsearch/api/analyze/@type')[0], 400)

    def test_signature_covers_the_path(self):
        path = search_path()
        status, value, _ = self.call('GET', path, signed=path[:-4])
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))


class TagTests(MockTestCase):
    def test_tags_of_a_device(self):
        status, tags, _ = self.call('GET', '/tags/entities', [('did', '1')])
        self.assertEqual(status, 200)
        self.assertEqual([(t['tid'], t['name']) for t in tags], [(54, 'Internet Facing System'), (90, 'SF Office')])
        self.assertEqual(set(tags[0]), {'tid', 'expiry', 'thid', 'name', 'restricted', 'data', 'isReferenced'})
        self.assertEqual(self.call('GET', '/tags/entities', [('did', '999')])[:2], (200, []))
        self.assertEqual(self.call('GET', '/tags/entities', [('did', 'x')])[0], 400)

    def test_devices_of_a_tag(self):
        status, value, _ = self.call('GET', '/tags/entities', [('tag', 'Admin'), ('fulldevicedetails', 'true')])
        self.assertEqual(status, 200)
        self.assertEqual([e['entityValue'] for e in value['entities']], ['12', '13'])
        self.assertEqual([d['did'] for d in value['devices']], [12, 13])
        self.assertEqual(value['devices'][0]['credentials'][0]['credential'], 'sf\\administrator')
        self.assertEqual([t['name'] for t in value['devices'][0]['tags']], ['Admin'])
        entities = self.call('GET', '/tags/entities', [('tag', 'Admin')])[1]
        self.assertEqual(entities, value['entities'])

    def test_tag_without_devices_and_unknown_tag(self):
        for name in ('Antigena All', 'No Such Tag'):
            value = self.call('GET', '/tags/entities', [('tag', name), ('fulldevicedetails', 'true')])[1]
            self.assertEqual(value, {'entities': [], 'devices': []})

    def test_no_parameter(self):
        self.assertEqual(self.call('GET', '/tags/entities')[0], 400)

    def test_post_tag_with_space_and_non_ascii(self):
        body = 'did=1&tag=' + quote('Güest Wi-Fi', safe='')
        status, value, _ = self.call('POST', '/tags/entities', body=body)
        self.assertEqual(status, 200)
        self.assertEqual((value['tid'], value['entityValue'], value['entityType']), (95, '1', 'Device'))
        self.assertIn(95, [t['tid'] for t in self.call('GET', '/tags/entities', [('did', '1')])[1]])
        tagged = self.call('GET', '/tags/entities', [('tag', 'Güest Wi-Fi'), ('fulldevicedetails', 'true')])[1]
        self.assertEqual([d['did'] for d in tagged['devices']], [1, 31])
        self.control('POST', '/__mock__/reset')
        self.assertNotIn(95, [t['tid'] for t in self.call('GET', '/tags/entities', [('did', '1')])[1]])

    def test_post_tag_twice_is_one_tag(self):
        for _ in range(2):
            self.assertEqual(self.call('POST', '/tags/entities', body='did=10&tag=Admin')[0], 200)
        self.assertEqual([t['tid'] for t in self.call('GET', '/tags/entities', [('did', '10')])[1]], [54, 71])

    def test_post_tag_signed_unencoded_fails(self):
        body = 'did=1&tag=SF%20Office'
        status, value, _ = self.call('POST', '/tags/entities', body=body, signed='/tags/entities?did=1&tag=SF Office')
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))

    def test_post_unknown_tag_or_device(self):
        self.assertEqual(self.call('POST', '/tags/entities', body='did=1&tag=Nope')[:2],
                         (400, {'error': 'Tag does not exist: Nope'}))
        self.assertEqual(self.call('POST', '/tags/entities', body='did=999&tag=Admin')[:2],
                         (400, {'error': 'Unknown device: 999'}))


class WatchedListTests(MockTestCase):
    def post(self, value):
        return self.call('POST', '/intelfeed', body=json.dumps(value), headers=JSON_HEADERS)

    def test_add_then_update(self):
        status, value, _ = self.post({'addlist': 'cats.com, 1.2.3.4', 'description': 'phishing'})
        self.assertEqual((status, value), (200, {'added': 2, 'response': 'SUCCESS', 'updated': 0}))
        self.assertEqual(self.post({'addlist': '1.2.3.4,evil.example'})[1],
                         {'added': 1, 'response': 'SUCCESS', 'updated': 1})
        self.assertEqual(self.call('GET', '/intelfeed')[1], ['cats.com', '1.2.3.4', 'evil.example'])
        self.control('POST', '/__mock__/reset')
        self.assertEqual(self.call('GET', '/intelfeed')[1], [])

    def test_signature_covers_the_json_body(self):
        body = json.dumps({'addlist': 'cats.com'})
        status, value, _ = self.call('POST', '/intelfeed', body=body, headers=JSON_HEADERS, signed='/intelfeed')
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))

    def test_bad_bodies(self):
        self.assertEqual(self.call('POST', '/intelfeed', body='addlist=cats.com')[0], 400)
        self.assertEqual(self.post({'description': 'x'})[0], 400)
        self.assertEqual(self.post({'addlist': ' , '})[0], 400)
        self.assertEqual(self.post({'addlist': 'cats.com', 'description': 'x' * 257})[0], 400)


if __name__ == '__main__':
    unittest.main()
