"""Tests of the Darktrace Model Breaches endpoints of the built-in mock (scripts/mock_routes/mbs.py).

Run from the repository root: python3 -m unittest discover -s Tests/HarnessTests -t . -v
"""
import contextlib
import importlib.machinery
import importlib.util
import io
import json
import os
import types
import unittest

try:
    from .test_mock import MockTestCase, mock
except ImportError:  # run with Tests/HarnessTests as the top-level directory
    from test_mock import MockTestCase, mock
from mock_routes import mbs  # noqa: E402  (test_mock put scripts/ on the path)

JSON_HEADERS = {'Content-Type': 'application/json'}
DAY = 86400000
UUID_762 = '3338210a-8979-4a1b-8039-63ca8addf166'


def json_body(value):
    """The integration's JSON body: Python json.dumps with its default separators."""
    return json.dumps(value)


class BreachTests(MockTestCase):
    def search(self, **extra):
        pairs = [('minscore', extra.pop('minscore', '0.0')), ('starttime', extra.pop('starttime', str(self.state.now() - DAY))),
                 ('minimal', 'false'), ('deviceattop', 'true')] + sorted(extra.items())
        status, value, _ = self.call('GET', '/modelbreaches', pairs)
        self.assertEqual(status, 200)
        return value

    def test_fixed_breach_by_pbid_has_the_v1_data_and_a_category(self):
        status, b, _ = self.call('GET', '/modelbreaches', [('pbid', '95'), ('deviceattop', 'true')])
        self.assertEqual(status, 200)
        t, score, did, pid, _ = mock.FIXED_BREACHES[95]
        self.assertEqual((b['pbid'], b['time'], b['score'], b['device']['did']), (95, t, score, did))
        self.assertEqual(b['model']['then']['name'], mock.MODELS[pid][1])
        self.assertEqual(b['model']['then']['uuid'], UUID_762)
        self.assertEqual(b['model']['then']['category'], 'Critical')
        self.assertGreater(b['creationTime'], t)
        self.assertEqual(b['triggeredComponents'][0]['cid'], pid * 4 + 1)

    def test_unknown_pbid_is_an_empty_list(self):
        for pbid in ('7', '999999999', 'abc'):
            self.assertEqual(self.call('GET', '/modelbreaches', [('pbid', pbid), ('deviceattop', 'true')])[:2], (200, []))

    def test_without_deviceattop_the_v1_route_answers(self):
        self.assertEqual(self.call('GET', '/modelbreaches', [('pbid', '7')])[:2],
                         (404, {'error': 'Model breach not found'}))
        status, b, _ = self.call('GET', '/modelbreaches', [('pbid', '95')])
        self.assertNotIn('category', b['model']['then'])

    def test_search_filters_on_creation_time_newest_first(self):
        breaches = self.search()
        self.assertGreater(len(breaches), 30)
        keys = [(b['creationTime'], b['pbid']) for b in breaches]
        self.assertEqual(keys, sorted(keys, reverse=True))
        now = self.state.now()
        self.assertTrue(all(now - DAY <= b['creationTime'] <= now for b in breaches))
        pivot = breaches[len(breaches) // 2]
        later = self.search(starttime=str(pivot['creationTime']))
        self.assertEqual(min(b['creationTime'] for b in later), pivot['creationTime'])  # inclusive
        # starttime reads creationTime, not time: one millisecond past a breach's time still finds it.
        self.assertIn(pivot['pbid'], [b['pbid'] for b in self.search(starttime=str(pivot['time'] + 1))])

    def test_minscore_and_endtime(self):
        breaches = self.search()
        high = self.search(minscore='0.5')
        self.assertTrue(high and all(b['score'] >= 0.5 for b in high))
        self.assertLess(len(high), len(breaches))
        pivot = breaches[5]['creationTime']
        self.assertEqual(max(b['creationTime'] for b in self.search(endtime=str(pivot))), pivot)

    def test_breaches_keep_arriving_and_some_share_a_creation_millisecond(self):
        now = self.state.now()
        breaches = self.search()
        times = [b['creationTime'] for b in breaches]
        self.assertGreater(len(times), len(set(times)), 'no two breaches share a creationTime millisecond')
        self.assertTrue(any(b['creationTime'] > now - 3 * 3600000 for b in breaches), 'no new breaches in 3 hours')
        # Stable: the same breach has the same creation time later on, and in the pbid answer.
        b = breaches[-1]
        self.assertEqual(mbs.breach(mock, self.state, b['pbid'], now + 3600000)['creationTime'], b['creationTime'])
        one = self.call('GET', '/modelbreaches', [('pbid', str(b['pbid'])), ('deviceattop', 'true')])[1]
        self.assertEqual(one['creationTime'], b['creationTime'])

    def test_a_breach_is_listed_once_created(self):
        for pbid in mock.all_pbids(self.state.now()):
            t = mock.breach_facts(pbid, self.state.now())[0]
            created = mbs.creation_time(mock, pbid, t)
            self.assertIsNone(mbs.breach(mock, self.state, pbid, created - 1))
            self.assertIsNotNone(mbs.breach(mock, self.state, pbid, created))

    def test_categories_follow_the_models(self):
        self.assertEqual({p: mbs.category(mock, p) for p in (762, 118, 361, 210)},
                         {762: 'Critical', 118: 'Compliance', 361: 'Informational', 210: 'Suspicious'})

    def test_needs_a_signature(self):
        status, value, _ = self.call('GET', '/modelbreaches', [('pbid', '95'), ('deviceattop', 'true')],
                                     headers={'DTAPI-Signature': '0' * 40})
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))


class CommentTests(MockTestCase):
    def comments(self, pbid):
        status, value, _ = self.call('GET', '/mbcomments', [('pbid', str(pbid))])
        self.assertEqual(status, 200)
        return value

    def post(self, pbid, value, body=None):
        body = json_body(value) if body is None else body
        return self.call('POST', '/modelbreaches/%s/comments' % pbid, body=body, headers=JSON_HEADERS)

    def test_fixed_comments_newest_first(self):
        comments = self.comments(46)
        self.assertEqual([c['message'] for c in comments], ['Activity has been remediated', 'Flag for follow-up'])
        self.assertEqual(list(comments[0]), ['time', 'pbid', 'username', 'message', 'pid', 'name'])
        self.assertTrue(all(c['pbid'] == 46 and c['pid'] == 210 and c['name'] == mock.MODELS[210][1] for c in comments))

    def test_unknown_breach_has_no_comments(self):
        self.assertEqual(self.comments(7), [])
        self.assertEqual(self.comments(95), [])

    def test_post_keeps_the_comment_until_reset(self):
        status, value, _ = self.post(46, {'message': 'Zoë | checked'})
        self.assertEqual(status, 200)
        self.assertEqual(len(value), 1)
        self.assertEqual(value[0]['message'], 'Zoë | checked')
        self.assertEqual(set(value[0]), {'message', 'username', 'time', 'pid', 'commentid'})
        self.assertEqual(self.comments(46)[0]['message'], 'Zoë | checked')
        status, b, _ = self.call('GET', '/modelbreaches', [('pbid', '46'), ('deviceattop', 'true')])
        self.assertEqual(b['commentCount'], 3)
        self.control('POST', '/__mock__/reset')
        self.assertEqual(len(self.comments(46)), 2)

    def test_post_errors(self):
        self.assertEqual(self.post(7, {'message': 'x'})[:2], (404, {'error': 'Model breach not found'}))
        self.assertEqual(self.post(46, {'message': '  '})[0], 400)
        self.assertEqual(self.post(46, {'text': 'x'})[0], 400)
        status, value, _ = self.post(46, None, body='message=x')
        self.assertEqual(status, 400)
        self.assertIn('JSON body', value['error'])

    def test_post_signature_covers_the_json_text(self):
        body = json_body({'message': 'signed'})
        status, value, _ = self.call('POST', '/modelbreaches/46/comments', body=body, headers=JSON_HEADERS,
                                     signed='/modelbreaches/46/comments?' + body.replace('signed', 'other'))
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))


class AcknowledgeTests(MockTestCase):
    def ack(self, pbid, action, value=None):
        body = json_body({action: 'true'} if value is None else value)
        return self.call('POST', '/modelbreaches/%s/%s' % (pbid, action), body=body, headers=JSON_HEADERS)

    def test_acknowledge_twice_then_unacknowledge(self):
        status, value, _ = self.ack(111, 'acknowledge')
        self.assertEqual(status, 200)
        self.assertEqual(value, [{'replicate': True, 'data': [{'did': 10, 'pid': 361, 'time': 1602195081, 'score': 42}]}])
        self.assertEqual(self.ack(111, 'acknowledge')[1], [{'replicate': False, 'data': []}])
        self.assertTrue(self.ack(111, 'unacknowledge')[1][0]['replicate'])
        self.assertFalse(self.ack(111, 'unacknowledge')[1][0]['replicate'])

    def test_json_and_form_bodies_share_the_state(self):
        self.ack(111, 'acknowledge')
        status, value, _ = self.call('POST', '/modelbreaches/111/acknowledge', body='acknowledge=true')
        self.assertEqual((status, value), (200, {'response': 'FAILURE'}))  # the v1 route, already acknowledged
        record = self.call('GET', '/details', [('pbid', '111')])[1][0]
        self.assertEqual((record['acknowledged'], record['state']), (True, 'Acknowledged'))
        self.control('POST', '/__mock__/reset')
        self.assertTrue(self.ack(111, 'acknowledge')[1][0]['replicate'])

    def test_errors(self):
        self.assertEqual(self.ack(7, 'acknowledge')[:2], (404, {'error': 'Model breach not found'}))
        self.assertEqual(self.ack(111, 'acknowledge', {'acknowledge': True})[0], 400)
        self.assertEqual(self.ack(111, 'unacknowledge', {'acknowledge': 'true'})[0], 400)
        status, value, _ = self.call('POST', '/modelbreaches/111/acknowledge', body='{"acknowledge": "true"')
        self.assertEqual(status, 400)  # not JSON: the v1 route's form check refuses it


class DetailsTests(MockTestCase):
    def details(self, pbid, **q):
        status, value, _ = self.call('GET', '/details', [('pbid', str(pbid))] + sorted(q.items()))
        self.assertEqual(status, 200)
        return value

    def test_breach_record_first_then_connections_newest_first(self):
        t, score, did, pid, _ = mock.FIXED_BREACHES[95]
        records = self.details(95, count='101', offset='0', endTime=str(self.state.now()), order='desc',
                               includetotalbytes='true')
        first = records[0]
        self.assertEqual((first['eventType'], first['action'], first['pbid'], first['pid'], first['timems']),
                         ('policybreach', 'policybreach', 95, pid, t))
        self.assertEqual(first['devices'], [did])
        events = records[1:]
        self.assertTrue(4 <= len(events) <= 12)
        self.assertTrue(all(e['eventType'] == 'connection' and e['sdid'] == did and e['timems'] < t for e in events))
        times = [e['timems'] for e in events]
        self.assertEqual(times, sorted(times, reverse=True))
        self.assertEqual(len({tuple(e) for e in events}), 1, 'every connection has the same keys')

    def test_count_offset_and_end_time(self):
        events = self.details(95)[1:]
        self.assertEqual(self.details(95, count='3')[1:], events[:2])
        self.assertEqual(self.details(95, count='3', offset='1')[1:], events[1:3])
        self.assertEqual(self.details(95, endTime=str(events[1]['timems']))[1:], events[1:])
        self.assertEqual(len(self.details(95, count='1')), 1)
        self.assertEqual(len(self.details(95, endTime=str(events[-1]['timems'] - 1))), 1)

    def test_unknown_breach_and_bad_numbers(self):
        self.assertEqual(self.details(7), [])
        self.assertEqual(self.call('GET', '/details', [('pbid', '95'), ('count', 'x')])[0], 400)

    def test_did_details_stay_v1s(self):
        status, value, _ = self.call('GET', '/details', [('did', '1'), ('count', '2')])
        self.assertEqual(status, 200)
        self.assertIn('device', value[0])


class ModelTests(MockTestCase):
    def test_model_by_uuid(self):
        status, m, _ = self.call('GET', '/models', [('uuid', UUID_762)])
        self.assertEqual(status, 200)
        self.assertEqual((m['pid'], m['name'], m['uuid'], m['category']), (762, mock.MODELS[762][1], UUID_762, 'Critical'))
        self.assertEqual(list(m), sorted(m))
        self.assertEqual(m['history'][0]['phid'], m['phid'])

    def test_unknown_uuid_and_every_model(self):
        self.assertEqual(self.call('GET', '/models', [('uuid', 'nope')])[:2], (200, []))
        status, models, _ = self.call('GET', '/models')
        self.assertEqual(sorted(m['pid'] for m in models), sorted(mock.MODELS))

    def test_component_named_by_the_models_logic(self):
        status, m, _ = self.call('GET', '/models', [('uuid', UUID_762)])
        cid = m['logic']['data'][0]
        status, c, _ = self.call('GET', '/components', [('cid', str(cid))])
        self.assertEqual(status, 200)
        self.assertEqual((c['cid'], c['mlid']), (cid, mock.MODELS[762][5][0]))
        self.assertEqual([f['id'] for f in c['filters']], ['A', 'd1'])
        self.assertTrue(all(f['cid'] == cid for f in c['filters']))

    def test_unknown_component_and_every_component(self):
        self.assertEqual(self.call('GET', '/components', [('cid', '1')])[:2], (200, []))
        self.assertEqual(self.call('GET', '/components', [('cid', 'x')])[0], 400)
        self.assertEqual(len(self.call('GET', '/components')[1]), len(mock.MODELS))


class HarnessRenderingTests(unittest.TestCase):
    def test_a_list_human_readable_is_shown_as_json(self):
        # get-model-breach-connections without connections hands XSOAR a list as HumanReadable.
        path = os.path.join(os.path.dirname(mock.__file__), 'harness')
        loader = importlib.machinery.SourceFileLoader('harness_for_mbs', path)
        harness = importlib.util.module_from_spec(importlib.util.spec_from_loader('harness_for_mbs', loader))
        loader.exec_module(harness)
        none = [{'response': 'Unable to locate connection details for this Model Breach'}]
        result = {'entries': [{'Type': 1, 'ContentsFormat': 'json', 'Contents': none, 'HumanReadable': none,
                               'EntryContext': {'Darktrace.ModelBreach(val.pid && val.pid == obj.pid)': none}}]}
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            harness.show(result, 'darktrace-get-model-breach-connections', types.SimpleNamespace(json=False),
                         lambda code, text: text, 80)
        self.assertTrue(out.getvalue().startswith(json.dumps(none) + '\n\nContext:'), out.getvalue())


if __name__ == '__main__':
    unittest.main()
