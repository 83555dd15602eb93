"""Tests of the Darktrace AI Analyst endpoints of the built-in mock (scripts/mock_routes/aia.py).

Run from the repository root: python3 -m unittest discover -s Tests/HarnessTests -t . -v
"""
import json
import unittest
from urllib.parse import quote

try:
    from .test_mock import MockTestCase, mock
except ImportError:  # run with Tests/HarnessTests as the top-level directory
    from test_mock import MockTestCase, mock
from mock_routes import aia  # noqa: E402  (test_mock put scripts/ on the path)

FIXED = 'bc64f242-ce29-4f35-bc94-230991116564'
JSON_HEADERS = {'Content-Type': 'application/json'}
DAY = 86400000


def json_body(value):
    """The integration's JSON body: Python json.dumps with its default separators."""
    return json.dumps(value)


class IncidentEventTests(MockTestCase):
    def recent(self, **extra):
        start = str(self.state.now() - DAY)
        pairs = [('starttime', start)] + sorted(extra.items())
        status, value, _ = self.call('GET', '/aianalyst/incidentevents', pairs)
        self.assertEqual(status, 200)
        return value

    def test_fixed_event_by_uuid_references_v1_breach_and_device(self):
        status, value, r = self.call('GET', '/aianalyst/incidentevents', [('uuid', FIXED)])
        self.assertEqual(status, 200)
        self.assertEqual(r.getheader('Content-Type'), 'application/json;charset=utf-8')
        self.assertEqual(len(value), 1)
        event = value[0]
        self.assertEqual(event['id'], FIXED)
        self.assertEqual(event['currentGroup'], 'g750d9a5e-8df9-43fb-b3a3-1d1915dbc5fc')
        t, score, did, pid, _ = mock.FIXED_BREACHES[95]
        self.assertEqual(event['relatedBreaches'], [{'modelName': mock.MODELS[pid][1], 'pbid': 95,
                                                      'threatScore': int(round(score * 100)), 'timestamp': t}])
        self.assertEqual(event['breachDevices'][0]['did'], did)
        self.assertEqual(event['breachDevices'][0]['hostname'], mock.DEVICES[did][1])
        self.assertGreater(event['createdAt'], t)
        for key in ('summary', 'title', 'mitreTactics', 'aiaScore', 'category', 'groupCategory', 'groupScore', 'details'):
            self.assertIn(key, event)

    def test_unknown_uuid_is_an_empty_list(self):
        self.assertEqual(self.call('GET', '/aianalyst/incidentevents', [('uuid', 'no-such-event')])[:2], (200, []))

    def test_window_newest_first_and_stream_breaches_exist(self):
        events = self.recent()
        self.assertGreater(len(events), 10)
        keys = [(e['createdAt'], e['id']) for e in events]
        self.assertEqual(keys, sorted(keys, reverse=True))
        now = self.state.now()
        for e in events:
            self.assertLessEqual(e['createdAt'], now)
            breach = e['relatedBreaches'][0]
            facts = mock.breach_facts(breach['pbid'], now)
            self.assertIsNotNone(facts, 'event %s names a breach the mock does not have' % e['id'])
            self.assertEqual(e['breachDevices'][0]['did'], facts[2])
            self.assertEqual(breach['timestamp'], facts[0])

    def test_starttime_is_inclusive_and_mingroupscore_filters(self):
        events = self.recent()
        pivot = events[len(events) // 2]['createdAt']
        status, later, _ = self.call('GET', '/aianalyst/incidentevents', [('starttime', str(pivot))])
        self.assertEqual(status, 200)
        self.assertEqual(min(e['createdAt'] for e in later), pivot)
        status, high, _ = self.call('GET', '/aianalyst/incidentevents',
                                    [('mingroupscore', '50'), ('starttime', str(self.state.now() - DAY))])
        self.assertTrue(high and all(e['groupScore'] >= 50 for e in high))
        self.assertLess(len(high), len(events))

    def test_events_keep_arriving_and_some_share_a_millisecond(self):
        now = self.state.now()
        earlier = {e[1] for e in aia.all_events(mock, now - 6 * 3600000)}
        current = aia.all_events(mock, now)
        self.assertTrue({e[1] for e in current if e[0] > now - 6 * 3600000} - earlier, 'no new events in 6 hours')
        times = [e[0] for e in current]
        self.assertGreater(len(times), len(set(times)), 'no two events share a createdAt millisecond')

    def test_needs_a_signature(self):
        status, value, _ = self.call('GET', '/aianalyst/incidentevents', [('uuid', FIXED)],
                                     headers={'DTAPI-Signature': '0' * 40})
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))


class CommentTests(MockTestCase):
    def comments(self, event_id):
        status, value, _ = self.call('GET', '/aianalyst/incident/comments', [('incident_id', event_id)])
        self.assertEqual(status, 200)
        return value['comments']

    def post(self, value):
        body = json_body(value)
        return self.call('POST', '/aianalyst/incident/comments', body=body, headers=JSON_HEADERS)

    def test_fixed_comments(self):
        comments = self.comments(FIXED)
        self.assertEqual([c['username'] for c in comments], ['soc.lead', 'analyst.one'])
        self.assertTrue(all(set(c) == {'username', 'time', 'incident_id', 'message'} and c['incident_id'] == FIXED
                            for c in comments))

    def test_unknown_event_has_no_comments(self):
        self.assertEqual(self.comments('no-such-event'), [])

    def test_post_keeps_the_comment_until_reset(self):
        status, value, _ = self.post({'incident_id': FIXED, 'message': 'Zoë | checked'})
        self.assertEqual((status, value), (200, {'aianalyst': 'SUCCESS'}))
        self.assertEqual(self.comments(FIXED)[-1]['message'], 'Zoë | checked')
        self.control('POST', '/__mock__/reset')
        self.assertEqual(len(self.comments(FIXED)), 2)

    def test_post_to_unknown_event_or_empty_message_fails(self):
        self.assertEqual(self.post({'incident_id': 'no-such-event', 'message': 'x'})[1], {'aianalyst': 'FAILURE'})
        self.assertEqual(self.post({'incident_id': FIXED, 'message': ' '})[1], {'aianalyst': 'FAILURE'})

    def test_post_needs_the_json_body(self):
        status, value, _ = self.call('POST', '/aianalyst/incident/comments', body='incident_id=x&message=y')
        self.assertEqual(status, 400)
        self.assertIn('JSON body', value['error'])

    def test_post_signature_covers_the_json_text(self):
        body = json_body({'incident_id': FIXED, 'message': 'signed'})
        status, value, _ = self.call('POST', '/aianalyst/incident/comments', body=body, headers=JSON_HEADERS,
                                     signed='/aianalyst/incident/comments?' + body.replace('signed', 'other'))
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))


class AcknowledgeTests(MockTestCase):
    def event(self):
        return self.call('GET', '/aianalyst/incidentevents', [('uuid', FIXED)])[1][0]

    def test_acknowledge_then_unacknowledge(self):
        self.assertFalse(self.event()['acknowledged'])
        status, value, _ = self.call('POST', '/aianalyst/acknowledge', body='uuid=' + quote(FIXED))
        self.assertEqual((status, value), (200, {'aianalyst': 'SUCCESS'}))
        self.assertTrue(self.event()['acknowledged'])
        status, value, _ = self.call('POST', '/aianalyst/unacknowledge', body='uuid=' + FIXED)
        self.assertEqual((status, value), (200, {'aianalyst': 'SUCCESS'}))
        self.assertFalse(self.event()['acknowledged'])

    def test_reset_clears_acknowledgements(self):
        self.call('POST', '/aianalyst/acknowledge', body='uuid=' + FIXED)
        self.control('POST', '/__mock__/reset')
        self.assertFalse(self.event()['acknowledged'])

    def test_unknown_event_fails_and_missing_uuid_is_400(self):
        self.assertEqual(self.call('POST', '/aianalyst/acknowledge', body='uuid=nope')[:2], (200, {'aianalyst': 'FAILURE'}))
        status, value, _ = self.call('POST', '/aianalyst/acknowledge', body='id=' + FIXED)
        self.assertEqual(status, 400)
        self.assertIn('uuid', value['error'])


class GroupTests(MockTestCase):
    def test_fixed_group_holds_the_three_fixed_events(self):
        status, value, _ = self.call('GET', '/aianalyst/groups', [('uuid', FIXED)])
        self.assertEqual(status, 200)
        group = value[0]
        self.assertEqual(group['id'], 'g750d9a5e-8df9-43fb-b3a3-1d1915dbc5fc')
        self.assertEqual(sorted(e['uuid'] for e in group['incidentEvents']), sorted(aia.FIXED_EVENTS))
        self.assertEqual(sorted(e['triggerDid'] for e in group['incidentEvents']), [1, 10, 823])
        self.assertEqual(group['devices'], [1, 10, 823])
        self.assertTrue(all(set(e) == {'uuid', 'start', 'title', 'triggerDid', 'visible'} for e in group['incidentEvents']))

    def test_stream_event_group_matches_the_event(self):
        now = self.state.now()
        events = self.call('GET', '/aianalyst/incidentevents', [('starttime', str(now - DAY))])[1]
        event = events[0]
        group = self.call('GET', '/aianalyst/groups', [('uuid', event['id'])])[1][0]
        self.assertEqual(group['id'], event['currentGroup'])
        self.assertEqual(group['groupScore'], event['groupScore'])
        self.assertIn(event['id'], [e['uuid'] for e in group['incidentEvents']])

    def test_group_acknowledged_when_all_its_events_are(self):
        for eid in aia.FIXED_EVENTS:
            self.call('POST', '/aianalyst/acknowledge', body='uuid=' + eid)
        self.assertTrue(self.call('GET', '/aianalyst/groups', [('uuid', FIXED)])[1][0]['acknowledged'])

    def test_unknown_event_has_no_group(self):
        self.assertEqual(self.call('GET', '/aianalyst/groups', [('uuid', 'nope')])[:2], (200, []))


class FrozenState(mock.State):
    """A mock state whose clock stands still at `at` (epoch ms)."""

    def __init__(self, at):
        mock.State.__init__(self, 'p', 'q', 0.0)
        self.at = at

    def now(self):
        return self.at


class DeterminismTests(unittest.TestCase):
    def test_same_clock_same_events_across_restarts(self):
        at = 1796200000000
        first = aia.search(mock, FrozenState(at), {'starttime': str(at - DAY)})
        self.assertTrue(first)
        self.assertEqual(aia.search(mock, FrozenState(at), {'starttime': str(at - DAY)}), first)

    def test_an_event_keeps_its_id_and_time_as_the_clock_moves(self):
        at = 1796200000000
        before = {e['id']: e['createdAt'] for e in aia.search(mock, FrozenState(at), {'starttime': str(at - DAY)})}
        after = {e['id']: e['createdAt'] for e in aia.search(mock, FrozenState(at + 3600000), {'starttime': str(at - DAY)})}
        self.assertTrue(set(before) <= set(after))
        self.assertEqual({k: after[k] for k in before}, before)


if __name__ == '__main__':
    unittest.main()
