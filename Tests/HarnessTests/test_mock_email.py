"""Tests of the Darktrace Email endpoints of the built-in mock (scripts/mock_routes/email.py).

Run from the repository root: python3 -m unittest discover -s Tests/HarnessTests -t . -v
"""
import json
import unittest
from urllib.parse import quote

try:
    from .test_mock import MockTestCase, mock
except ImportError:  # run with Tests/HarnessTests as the top-level directory
    from test_mock import MockTestCase, mock
from mock_routes import email  # noqa: E402  (test_mock put scripts/ on the path)

ROOT = '/agemail/api/v1.0'
JSON_HEADERS = {'Content-Type': 'application/json'}
DAY = 86400


def json_body(value):
    """The integration's JSON body: Python json.dumps with its default separators."""
    return json.dumps(value)


def criteria(min_score=0, severity=None, direction=None):
    out = [{'apiFilter': 'Email.Antigena Email Anomaly', 'value': str(min_score), 'operator': '>'}]
    if severity:
        out.append({'apiFilter': 'Model Tag Severity', 'value': severity, 'operator': '='})
    if direction:
        out.append({'apiFilter': 'Connection.Direction', 'value': direction, 'operator': '='})
    return out


class EmailTestCase(MockTestCase):
    def search(self, page=0, t_from=None, t_to=None, crit=None, per=20):
        now = self.state.now() // 1000
        body = json_body({'page': page, 'itemsPerPage': per, 'timeFrom': now - DAY if t_from is None else t_from,
                          'timeTo': now if t_to is None else t_to,
                          'query': {'criteriaList': criteria() if crit is None else crit, 'mode': 'and'}})
        status, value, _ = self.call('POST', ROOT + '/emails/search', body=body, headers=JSON_HEADERS)
        self.assertEqual(status, 200, value)
        return value

    def all_pages(self, **kw):
        out, page = [], 0
        while True:
            got = self.search(page=page, **kw)
            out += got
            if len(got) < 20:
                return out
            page += 1

    def act(self, uuid, action, recipient):
        body = json_body({'action': action, 'recipients': [recipient]})
        status, value, _ = self.call('POST', ROOT + '/emails/%s/action' % quote(uuid), body=body, headers=JSON_HEADERS)
        return status, value

    def detail(self, uuid, pairs=()):
        return self.call('GET', ROOT + '/emails/' + quote(uuid, safe=''), pairs)


class TagTests(EmailTestCase):
    def test_tags_name_the_severities_every_email_uses(self):
        status, tags, r = self.call('GET', ROOT + '/resources/tags')
        self.assertEqual(status, 200)
        self.assertEqual(r.getheader('Content-Type'), 'application/json;charset=utf-8')
        self.assertEqual(len(tags), 63)
        self.assertTrue(all(set(t) == {'tag_id', 'name', 'description', 'status', 'readable_status', 'category'}
                            for t in tags))
        self.assertEqual({t['status'] for t in tags}, {'critical', 'warn', 'info'})
        names = {t['name'] for t in tags}
        for scenario in email.SCENARIOS:
            self.assertLessEqual(set(scenario[4]), names, scenario[0])


class SearchTests(EmailTestCase):
    def test_window_newest_first_in_pages_of_20(self):
        emails = self.all_pages()
        self.assertGreater(len(emails), 100)
        keys = [(e['dtime_unix'], e['uuid']) for e in emails]
        self.assertEqual(keys, sorted(keys, reverse=True))
        self.assertEqual(len(set(e['uuid'] for e in emails)), len(emails), 'an email on two pages')
        self.assertEqual(self.search(page=1), emails[20:40])
        now = self.state.now()
        self.assertTrue(all(now - DAY * 1000 - 999 <= e['dtime_unix'] <= now for e in emails))
        self.assertTrue(all('summary' not in r for e in emails for r in e['rcpts']), 'the listing has no summaries')

    def test_time_window_is_inclusive_epoch_seconds(self):
        emails = self.all_pages()
        pivot = emails[len(emails) // 2]['dtime_unix'] // 1000
        later = self.all_pages(t_from=pivot)
        self.assertEqual(min(e['dtime_unix'] // 1000 for e in later), pivot)
        earlier = self.all_pages(t_to=pivot)
        self.assertEqual(max(e['dtime_unix'] // 1000 for e in earlier), pivot)
        # A window in milliseconds (the Python integration's bug after its first fetch) finds nothing.
        self.assertEqual(self.search(t_from=self.state.now() - DAY * 1000), [])

    def test_criteria_filter_score_severity_and_direction(self):
        high = self.all_pages(crit=criteria(75))
        self.assertTrue(high and all(e['model_score'] > 75 for e in high))
        warn = self.all_pages(crit=criteria(0, 'warn'))
        self.assertTrue(warn and all(any(email.TAG_STATUS[t] == 'warn' for t in e['rcpts'][0]['tags']) for e in warn))
        outbound = self.all_pages(crit=criteria(0, None, 'outbound'))
        self.assertTrue(outbound and all(e['direction'] == 'outbound' for e in outbound))
        self.assertLess(len(outbound), len(self.all_pages()))

    def test_a_bad_body_is_400(self):
        for body in ('page=0', json_body({'page': 'x'}), json_body({'query': {'criteriaList': ['x']}})):
            status, value, _ = self.call('POST', ROOT + '/emails/search', body=body, headers=JSON_HEADERS)
            self.assertEqual(status, 400, body)
            self.assertIn('error', value)

    def test_signature_covers_the_json_text(self):
        body = json_body({'page': 0})
        status, value, _ = self.call('POST', ROOT + '/emails/search', body=body, headers=JSON_HEADERS,
                                     signed=ROOT + '/emails/search?' + body.replace('0', '1'))
        self.assertEqual((status, value), (400, {'error': 'API SIGNATURE ERROR'}))


class StreamTests(EmailTestCase):
    def test_emails_keep_arriving_and_some_share_a_millisecond(self):
        now = self.state.now()
        earlier = {e[1] for e in email.entries(now - 6 * 3600000)}
        current = email.entries(now)
        self.assertTrue({e[1] for e in current if e[0] > now - 6 * 3600000} - earlier, 'no new emails in 6 hours')
        times = [e[0] for e in current]
        self.assertGreater(len(times), len(set(times)), 'no two emails share a dtime_unix millisecond')

    def test_emails_go_to_and_from_the_v1_mocks_device_users(self):
        for did in email.USERS:
            self.assertIn(did, mock.DEVICES)
        users = {addr for addr, _ in email.USERS.values()}
        for e in self.all_pages():
            if e['direction'] == 'outbound':
                self.assertIn(e['header_from_email'], users)
            else:
                self.assertIn(e['rcpts'][0]['rcpt_to'], users)
            if e['direction'] == 'internal':
                self.assertIn(e['header_from_email'], users)
                self.assertNotEqual(e['header_from_email'], e['rcpts'][0]['rcpt_to'])

    def test_same_clock_same_emails(self):
        now = self.state.now()
        self.assertEqual(email.entries(now), email.entries(now))
        a = email.build(self.state, email.entries(now)[5], True)
        self.assertEqual(a, email.build(self.state, email.entries(now)[5], True))


class DetailTests(EmailTestCase):
    def test_a_listed_email_has_details_with_summaries(self):
        listed = self.search()[0]
        status, value, _ = self.detail(listed['uuid'], [('dtime', str(listed['dtime_unix']))])
        self.assertEqual(status, 200)
        self.assertEqual(value['uuid'], listed['uuid'])
        self.assertEqual(value['dtime_unix'], listed['dtime_unix'])
        self.assertTrue(value['rcpts'][0]['summary'])
        self.assertIn('campaign_id', value)

    def test_fixed_emails(self):
        held = self.detail(email.FIXED_HELD)[1]
        self.assertEqual(held['rcpts'][0]['rcpt_status'], 'held')
        self.assertEqual(held['rcpts'][0]['rcpt_actions_taken'], ['Hold message'])
        unicode_email = self.detail(email.FIXED_UNICODE)[1]
        self.assertEqual(unicode_email['header_subject'], 'Zürich ✓ | Wochenbericht 😀')
        self.assertEqual(unicode_email['rcpts'][0]['rcpt_to'], 'zoe.muller@example.com')

    def test_unknown_email_is_404(self):
        self.assertEqual(self.detail('NO-SUCH.1')[:2], (404, {'error': 'Email not found'}))


class ActionTests(EmailTestCase):
    def status_of(self, uuid):
        return self.detail(uuid)[1]['rcpts'][0]['rcpt_status']

    def test_hold_then_a_second_hold_conflicts_then_release(self):
        uuid, rcpt = email.FIXED_DELIVERED, 'clara.fischer@example.com'
        self.assertEqual(self.status_of(uuid), 'delivered')
        self.assertEqual(self.act(uuid, 'hold', rcpt), (200, {'code': 0, 'resp': 'Held Email'}))
        self.assertEqual(self.status_of(uuid), 'held')
        self.assertEqual(self.act(uuid, 'hold', rcpt), (409, {'error': email.HOLD_FAIL}))
        self.assertEqual(self.act(uuid, 'release', rcpt), (200, {'resp': 'Email added to queue'}))
        self.assertEqual(self.status_of(uuid), 'released')
        self.assertEqual(self.act(uuid, 'hold', rcpt), (409, {'error': email.HOLD_FAIL}))
        self.control('POST', '/__mock__/reset')
        self.assertEqual(self.status_of(uuid), 'delivered')

    def test_an_email_antigena_held_cannot_be_held_again(self):
        self.assertEqual(self.act(email.FIXED_HELD, 'hold', 'kelly.johnson@example.com'), (409, {'error': email.HOLD_FAIL}))

    def test_releasing_an_email_that_is_not_held_conflicts(self):
        self.assertEqual(self.act(email.FIXED_DELIVERED, 'release', 'clara.fischer@example.com'),
                         (409, {'error': email.RELEASE_FAIL}))

    def test_unknown_email_recipient_or_body(self):
        self.assertEqual(self.act('NO-SUCH.1', 'hold', 'a@b.example'), (404, {'error': 'Email not found'}))
        status, value = self.act(email.FIXED_DELIVERED, 'hold', 'someone@else.example')
        self.assertEqual(status, 400)
        self.assertIn('someone@else.example', value['error'])
        status, value = self.act(email.FIXED_DELIVERED, 'delete', 'clara.fischer@example.com')
        self.assertEqual(status, 400)
        status, value, _ = self.call('POST', ROOT + '/emails/%s/action' % email.FIXED_DELIVERED, body='action=hold')
        self.assertEqual(status, 400)


if __name__ == '__main__':
    unittest.main()
