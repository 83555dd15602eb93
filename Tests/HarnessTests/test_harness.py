"""Tests of scripts/harness: War Room syntax, rendering, context merging, envelope, --record, --state.

They never need the Swift binary: the end-to-end tests run the harness with a tiny fake binary
(a Python script) that signs one request to the mock like the integration does.
Run from the repository root: python3 -m unittest discover -s Tests/HarnessTests -v
"""
import contextlib
import importlib.machinery
import importlib.util
import io
import json
import os
import shutil
import sys
import tempfile
import types
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_loader = importlib.machinery.SourceFileLoader('harness', os.path.join(REPO, 'scripts', 'harness'))
harness = importlib.util.module_from_spec(importlib.util.spec_from_loader('harness', _loader))
_loader.exec_module(harness)

FAKE_BINARY = r'''#!%s
# A stand-in for darktrace-xsoar: one signed GET, then a result shaped like the real one.
import hashlib, hmac, json, sys, time, urllib.error, urllib.parse, urllib.request
env = json.load(sys.stdin)
p, cmd, args = env['params'], env['command'], env['args']
if cmd == 'fetch-incidents':
    n = env['lastRun'].get('n', 0) + 1
    raw = json.dumps({'pbid': n, 'device': {'devicelabel': 'Zo\u00eb'}})
    print(json.dumps({'entries': [], 'incidents': [{'name': 'Darktrace Model Breach #%%d' %% n,
                      'occurred': '2024-01-01T00:00:00.000Z', 'rawJSON': raw}], 'lastRun': {'n': n}}))
    sys.exit(0)
path, pairs = ('/time', []) if cmd == 'test-module' else ('/modelbreaches', [('pbid', args.get('pbid', ''))])
date = time.strftime('%%Y%%m%%dT%%H%%M%%S', time.gmtime())
signed = path + ('?' + '&'.join(k + '=' + v for k, v in pairs) if pairs else '')
sig = hmac.new(p['private_api_token'].encode(), (signed + '\n' + p['public_api_token'] + '\n' + date).encode(),
               hashlib.sha1).hexdigest()
wire = '&'.join(k + '=' + urllib.parse.quote(v, safe='') for k, v in pairs)
req = urllib.request.Request(p['url'] + path + ('?' + wire if wire else ''),
                             headers={'DTAPI-Token': p['public_api_token'], 'DTAPI-Date': date, 'DTAPI-Signature': sig})
try:
    body = json.loads(urllib.request.urlopen(req).read())
except urllib.error.HTTPError as e:
    msg = 'Failed to execute %%s command.\nError:\nError in API call [%%d]' %% (cmd, e.code)
    print(json.dumps({'entries': [{'Type': 4, 'ContentsFormat': 'text', 'Contents': msg, 'EntryContext': None}]}))
    sys.stderr.write('fake: failed\n')
    sys.exit(1)
if cmd == 'test-module':
    print(json.dumps({'entries': ['ok']}))
    sys.exit(0)
out = {'pbid': body['pbid'], 'device': {'did': body['device']['did']}}
hr = '### Darktrace Model Breach %%d\n|device|pbid|\n|---|---|\n| did: %%d<br>label: a\\|b | %%d |\n' %% (
    body['pbid'], body['device']['did'], body['pbid'])
print(json.dumps({'entries': [{'Type': 1, 'ContentsFormat': 'json', 'Contents': out, 'HumanReadable': hr,
                  'EntryContext': {'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)': out}}]}))
'''


def run_main(argv):
    """harness.main(argv) -> (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = harness.main(argv)
        except SystemExit as e:
            status = e.code
    return status, out.getvalue(), err.getvalue()


class ParserTests(unittest.TestCase):
    def test_simple(self):
        self.assertEqual(harness.parse_command_line('!darktrace-get-breach pbid=95'),
                         ('darktrace-get-breach', {'pbid': '95'}))

    def test_bang_is_optional(self):
        self.assertEqual(harness.parse_command_line('darktrace-get-breach pbid=95'),
                         ('darktrace-get-breach', {'pbid': '95'}))
        self.assertEqual(harness.parse_command_line('  ! test-module  '), ('test-module', {}))

    def test_quoted_value_with_spaces_and_escapes(self):
        cmd, args = harness.parse_command_line(r'!darktrace-get-device-identity-info query="hostname:\"host 1\"" '
                                               r'max_results=3 path="C:\dir\\x"')
        self.assertEqual(cmd, 'darktrace-get-device-identity-info')
        self.assertEqual(args, {'query': 'hostname:"host 1"', 'max_results': '3', 'path': r'C:\dir\x'})

    def test_equals_inside_values(self):
        self.assertEqual(harness.parse_command_line('!darktrace-get-entity-details query=did=1,count=10 offset=5')[1],
                         {'query': 'did=1,count=10', 'offset': '5'})
        self.assertEqual(harness.parse_command_line('!x q="a=b c=d"')[1], {'q': 'a=b c=d'})

    def test_empty_values_and_whitespace(self):
        self.assertEqual(harness.parse_command_line('!x a= b=""\tc=1')[1], {'a': '', 'b': '', 'c': '1'})

    def test_unicode_value(self):
        self.assertEqual(harness.parse_command_line('!x q="Zoë 😀"')[1], {'q': 'Zoë 😀'})

    def test_bad_syntax(self):
        for text in ('', '!', 'darktrace-get-breach 95', 'darktrace-get-breach pbid 95',
                     'x q="unterminated', 'x q="a"b', 'x a=1 a=2', 'x =5', 'x a b=1', '!bad/name a=1'):
            with self.subTest(text=text), self.assertRaises(harness.SyntaxProblem):
                harness.parse_command_line(text)

    def test_separate_shell_words(self):
        self.assertEqual(harness.parse_invocation(['darktrace-get-breach', 'pbid=95']),
                         ('darktrace-get-breach', {'pbid': '95'}))
        # the shell already removed its quotes: the word is taken as it is
        self.assertEqual(harness.parse_invocation(['x', 'query=hostname:"host 1"'])[1], {'query': 'hostname:"host 1"'})
        self.assertEqual(harness.parse_invocation(['x', 'query="a \\"b\\""'])[1], {'query': 'a "b"'})
        self.assertEqual(harness.parse_invocation(['x', 'q=a=b'])[1], {'q': 'a=b'})
        for words in ([], ['x', 'novalue'], ['x', 'a=1', 'a=2'], ['x a=1', 'a=2']):
            with self.subTest(words=words), self.assertRaises(harness.SyntaxProblem):
                harness.parse_invocation(words)

    def test_main_reports_bad_syntax_with_status_2(self):
        status, out, err = run_main(['--binary', '/nonexistent', 'darktrace-get-breach', 'pbid'])
        self.assertEqual(status, 2)
        self.assertIn('bad command syntax', err)
        self.assertEqual(out, '')


class RenderTests(unittest.TestCase):
    plain = harness.Style(False)

    def test_table_alignment_escapes_and_br(self):
        md = '### Title\n|a|b\\|c|\n|---|---|\n| 1 | x<br>yy<br/>z |\n| 22\\|3 | \\`q\\` |\n'
        text = harness.render_markdown(md, 80, self.plain)
        lines = text.split('\n')
        self.assertEqual(lines[:2], ['Title', '-----'])
        self.assertIn('| a    | b|c |', lines)
        self.assertIn('| 1    | x   |', lines)
        self.assertIn('|      | yy  |', lines)
        self.assertIn('| 22|3 | `q` |', lines)
        widths = {len(l) for l in lines[2:]}
        self.assertEqual(len(widths), 1, text)

    def test_wide_characters_align(self):
        text = harness.render_markdown('|k|\n|---|\n| 😀x |\n| abcd |\n', 80, self.plain)
        self.assertIn('| 😀x  |', text)
        self.assertIn('| abcd |', text)

    def test_narrow_terminal_wraps_or_uses_records(self):
        md = '|a|b|\n|---|---|\n| ' + 'word ' * 30 + '| 1 |\n'
        text = harness.render_markdown(md, 40, self.plain)
        self.assertTrue(all(harness.dwidth(l) <= 40 for l in text.split('\n')), text)
        many = '|' + '|'.join('col%d' % i for i in range(12)) + '|\n|' + '---|' * 12 + '\n|' + \
               '|'.join(' value number %d ' % i for i in range(12)) + '|\n'
        records = harness.render_markdown(many, 60, self.plain)
        self.assertIn('--- row 1 ---', records)
        self.assertIn('col11  value number 11', records)

    def test_other_lines(self):
        self.assertEqual(harness.render_markdown('### T\n**No entries.**\n', 80, self.plain), 'T\n-\nNo entries.')
        self.assertEqual(harness.render_markdown('No details were retrieved', 80, self.plain),
                         'No details were retrieved')

    def test_style_on_a_terminal(self):
        text = harness.render_markdown('### T\n', 80, harness.Style(True))
        self.assertEqual(text, '\033[1;4mT\033[0m')


class ContextTests(unittest.TestCase):
    def test_selector_is_stripped_and_path_nested(self):
        ctx = harness.apply_entry_context({}, {'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)': {'pbid': 95}})
        self.assertEqual(ctx, {'Darktrace': {'ModelBreach': {'pbid': 95}}})

    def test_same_key_merges(self):
        ctx = harness.apply_entry_context({}, {'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)':
                                               {'pbid': 46, 'score': 0.5}})
        harness.apply_entry_context(ctx, {'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)':
                                          {'pbid': 46, 'comments': []}})
        self.assertEqual(ctx['Darktrace']['ModelBreach'], {'pbid': 46, 'score': 0.5, 'comments': []})

    def test_other_key_appends(self):
        key = 'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)'
        ctx = harness.apply_entry_context({}, {key: {'pbid': 1}})
        harness.apply_entry_context(ctx, {key: [{'pbid': 2}, {'pbid': 1, 'x': True}]})
        self.assertEqual(ctx['Darktrace']['ModelBreach'], [{'pbid': 1, 'x': True}, {'pbid': 2}])

    def test_nested_key_and_no_selector(self):
        ctx = harness.apply_entry_context({}, {
            'Darktrace.DeviceIdentityInfo(val.devices.did && val.devices.did == obj.devices.did)': {'totalCount': 0},
            'Darktrace.ExternalEndpointDetails': {}})
        self.assertEqual(ctx, {'Darktrace': {'DeviceIdentityInfo': {'totalCount': 0}, 'ExternalEndpointDetails': {}}})


class EnvelopeTests(unittest.TestCase):
    def opts(self, **kw):
        base = dict(url=None, params=None, insecure=False, proxy=False, max_alerts=None, min_score=None,
                    first_fetch=None, last_run=None, state=None, param=[], integration=None)
        base.update(kw)
        return types.SimpleNamespace(**base)

    def test_defaults_for_the_mock(self):
        env = harness.build_envelope(self.opts(), 'darktrace-get-breach', {'pbid': '95'}, 'http://127.0.0.1:1')
        self.assertEqual(env, {'command': 'darktrace-get-breach', 'args': {'pbid': '95'}, 'lastRun': {}, 'params': {
            'url': 'http://127.0.0.1:1', 'public_api_token': 'mock-public-token',
            'private_api_token': 'mock-private-token', 'insecure': False, 'proxy': False, 'min_score': '0',
            'max_alerts': '50', 'first_fetch': '1 day'}})

    def test_later_integration_names_its_settings(self):
        env = harness.build_envelope(self.opts(integration='DarktraceMBs', max_alerts='7'), 'fetch-incidents', {},
                                     'http://127.0.0.1:1')
        self.assertEqual(list(env)[:2], ['integration', 'command'])
        self.assertEqual(env['integration'], 'DarktraceMBs')
        self.assertEqual(env['params']['publicApiKey'], harness.MOCK_PUBLIC)
        self.assertEqual(env['params']['privateApiKey'], harness.MOCK_PRIVATE)
        self.assertEqual(env['params']['max_fetch'], '7')
        for v1_name in ('public_api_token', 'private_api_token', 'max_alerts'):
            self.assertNotIn(v1_name, env['params'])

    def test_fetch_settings_and_state(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        state = os.path.join(tmp, 'state.json')
        with open(state, 'w') as f:
            json.dump({'last_fetch': 5}, f)
        opts = self.opts(max_alerts='5', min_score='40', first_fetch='3 days', state=state, param=['timeout=7'])
        env = harness.build_envelope(opts, 'fetch-incidents', {}, 'http://127.0.0.1:1')
        self.assertEqual(env['lastRun'], {'last_fetch': 5})
        self.assertEqual([env['params'][k] for k in ('max_alerts', 'min_score', 'first_fetch', 'isFetch', 'timeout')],
                         ['5', '40', '3 days', True, '7'])
        self.assertEqual(harness.build_envelope(opts, 'test-module', {}, 'http://x')['lastRun'], {})

    def test_real_darktrace_tokens_from_environment_or_params(self):
        old = dict(os.environ)
        self.addCleanup(lambda: (os.environ.clear(), os.environ.update(old)))
        os.environ.update(DARKTRACE_PUBLIC_TOKEN='pub', DARKTRACE_PRIVATE_TOKEN='priv')
        env = harness.build_envelope(self.opts(url='https://dt.example', insecure=True), 'test-module', {}, None)
        self.assertEqual([env['params'][k] for k in ('url', 'public_api_token', 'private_api_token', 'insecure')],
                         ['https://dt.example', 'pub', 'priv', True])
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        path = os.path.join(tmp, 'p.json')
        with open(path, 'w') as f:
            json.dump({'url': 'https://other', 'public_api_token': 'P2', 'proxy': 'true'}, f)
        env = harness.build_envelope(self.opts(params=path), 'test-module', {}, None)
        self.assertEqual([env['params'][k] for k in ('url', 'public_api_token', 'proxy')], ['https://other', 'P2', 'true'])


class EndToEndTests(unittest.TestCase):
    """The harness with a fake binary against the real mock."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        self.fake = os.path.join(self.tmp, 'fake-darktrace-xsoar')
        with open(self.fake, 'w') as f:
            f.write(FAKE_BINARY % sys.executable)
        os.chmod(self.fake, 0o755)

    def test_get_breach_rendered(self):
        status, out, err = run_main(['--binary', self.fake, '--width', '100', '!darktrace-get-breach pbid=95'])
        self.assertEqual(status, 0, err)
        self.assertIn('Darktrace Model Breach 95\n-------------------------', out)
        self.assertIn('| did: 823   | 95   |\n| label: a|b |      |', out)
        self.assertIn('Context:\n{\n    "Darktrace": {\n        "ModelBreach": {\n            "device": {', out)

    def test_json_output_is_raw_stdout(self):
        status, out, _ = run_main(['--binary', self.fake, '--json', 'test-module'])
        self.assertEqual((status, json.loads(out)), (0, {'entries': ['ok']}))

    def test_error_entry_and_exit_status(self):
        status, out, err = run_main(['--binary', self.fake, '!darktrace-get-breach pbid=7'])
        self.assertEqual(status, 1)
        self.assertIn('Error: Failed to execute darktrace-get-breach command.', out)
        self.assertIn('fake: failed', err)

    def test_mock_fault_option(self):
        status, out, _ = run_main(['--binary', self.fake, '--mock-fault', '{"path": "/time", "status": 503}',
                                   'test-module'])
        self.assertEqual(status, 1)
        self.assertIn('[503]', out)

    def test_record(self):
        rec = os.path.join(self.tmp, 'case')
        status, _, err = run_main(['--binary', self.fake, '--record', rec, 'darktrace-get-breach', 'pbid=95'])
        self.assertEqual(status, 0, err)
        with open(os.path.join(rec, 'envelope.json')) as f:
            env = json.load(f)
        self.assertEqual([env['params'][k] for k in ('url', 'public_api_token', 'private_api_token')],
                         ['http://darktrace.invalid', 'REDACTED-PUBLIC', 'REDACTED-PRIVATE'])
        self.assertEqual(env['args'], {'pbid': '95'})
        with open(os.path.join(rec, 'exchanges.json')) as f:
            exchanges = json.load(f)
        self.assertEqual(len(exchanges), 1)
        self.assertEqual(exchanges[0]['request'], {'method': 'GET', 'path': '/modelbreaches',
                                                   'query': [['pbid', '95']], 'body': None})
        response = exchanges[0]['response']
        self.assertEqual((response['status'], response['headers']),
                         (200, {'Content-Type': 'application/json;charset=utf-8'}))
        self.assertEqual(response['body']['device']['did'], 823)
        with open(os.path.join(rec, 'case.json')) as f:
            case = json.load(f)
        self.assertEqual(case['exit'], 0)
        self.assertIsInstance(case['now'], int)
        with open(os.path.join(rec, 'stdout.json'), 'rb') as f:
            self.assertEqual(json.loads(f.read())['entries'][0]['Contents']['pbid'], 95)

    def test_fetch_incidents_with_state(self):
        state = os.path.join(self.tmp, 'state.json')
        for n in (1, 2):
            status, out, err = run_main(['--binary', self.fake, '--state', state, 'fetch-incidents'])
            self.assertEqual(status, 0, err)
            self.assertIn('#1 Darktrace Model Breach #%d' % n, out)
            self.assertIn('"devicelabel": "Zoë"', out)
            self.assertIn('lastRun: {"n": %d}' % n, out)
            with open(state) as f:
                self.assertEqual(json.load(f), {'n': n})


if __name__ == '__main__':
    unittest.main()
