"""integration.yml's script.script run exactly as XSOAR runs it: as __main__, with `demistomock` and
`CommonServerPython` importable (stand-ins here that record what the script hands them), against
the built binary and scripts/mock_darktrace.py. The four later ymls' bridges likewise: with fake
binaries everywhere, and with the built binary against ../shared's later-public cases (each case's
api.json served by ../shared's conformance mock)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

from . import support

DEMISTOMOCK = '''
"""Stand-in for XSOAR's demistomock: serves the test's command/args/params/lastRun, records the rest."""
_command, _args, _params, _last_run = '', {}, {}, {}
recorded = {'results': [], 'incidents': [], 'setLastRun': [], 'errors': []}

def command(): return _command
def args(): return dict(_args)
def params(): return dict(_params)
def getLastRun(): return dict(_last_run)
def setLastRun(obj): recorded['setLastRun'].append(obj)
def incidents(incs): recorded['incidents'].append(incs)
def results(entry): recorded['results'].append(entry)
def debug(*a, **k): pass
def info(*a, **k): pass
def error(*a, **k): pass
'''

COMMON_SERVER_PYTHON = '''
"""Stand-in for CommonServerPython: return_error records, writes the error entry, then exits as the real one."""
import demistomock as demisto

entryTypes = {'note': 1, 'error': 4}
formats = {'json': 'json', 'text': 'text', 'markdown': 'markdown'}

def return_error(message, error='', outputs=None):
    demisto.recorded['errors'].append(message)
    demisto.results({'Type': entryTypes['error'], 'ContentsFormat': formats['text'], 'Contents': str(message),
                     'EntryContext': outputs})
    raise SystemExit(0)
'''


class Bridge(object):
    """Runs the yml's script once per call and returns what it recorded."""

    def __init__(self, integration=support.V1):
        self.dir = tempfile.mkdtemp(prefix='xsoar-standins-')
        for name, text in (('demistomock.py', DEMISTOMOCK), ('CommonServerPython.py', COMMON_SERVER_PYTHON)):
            with open(os.path.join(self.dir, name), 'w') as f:
                f.write(text)
        self.integration = integration
        self.script = support.yml(integration)['script']['script']

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def run(self, command, args=None, params=None, last_run=None, binary=None, patch=None):
        """patch: {name: value} set in the script's globals after its top level ran, before main()."""
        saved_path, saved_env = list(sys.path), os.environ.get('DARKTRACE_XSOAR_BIN')
        for m in ('demistomock', 'CommonServerPython'):
            sys.modules.pop(m, None)
        sys.path.insert(0, self.dir)
        if binary is not None:
            os.environ['DARKTRACE_XSOAR_BIN'] = binary
        try:
            import demistomock
            demistomock._command, demistomock._args = command, dict(args or {})
            demistomock._params, demistomock._last_run = dict(params or {}), dict(last_run or {})
            code = compile(self.script, self.integration + '.py', 'exec')
            try:
                if patch is None:
                    exec(code, {'__name__': '__main__'})
                else:
                    namespace = {'__name__': 'bridge_under_test'}
                    exec(code, namespace)
                    namespace.update(patch)
                    namespace['main']()
            except SystemExit:
                pass
            return demistomock.recorded
        finally:
            sys.path[:] = saved_path
            for m in ('demistomock', 'CommonServerPython'):
                sys.modules.pop(m, None)
            if saved_env is None:
                os.environ.pop('DARKTRACE_XSOAR_BIN', None)
            else:
                os.environ['DARKTRACE_XSOAR_BIN'] = saved_env


def write_fake_binary(directory, name, body):
    """An executable Python program standing in for darktrace-xsoar."""
    path = os.path.join(directory, name)
    with open(path, 'w') as f:
        f.write('#!%s\n%s' % (sys.executable, textwrap.dedent(body)))
    os.chmod(path, 0o755)
    return path


class BridgeWithoutBinaryTests(unittest.TestCase):
    """The bridge's own logic, with fake binaries: runs everywhere."""

    @classmethod
    def setUpClass(cls):
        cls.bridge = Bridge()
        cls.tmp = tempfile.mkdtemp(prefix='fake-dt-')

    @classmethod
    def tearDownClass(cls):
        cls.bridge.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_envelope(self):
        capture = os.path.join(self.tmp, 'envelope.json')
        fake = write_fake_binary(self.tmp, 'echo-envelope', '''
            import sys
            data = sys.stdin.read()
            open(%r, 'w').write(data)
            print('{"entries": ["ok"]}')
        ''' % capture)
        params = {'url': 'https://dt.example', 'public_api_token': 'pub', 'private_api_token': 'priv'}
        rec = self.bridge.run('darktrace-get-breach', {'pbid': '95'}, params, {'last_fetch': 1}, binary=fake)
        self.assertEqual(rec['results'], ['ok'])
        with open(capture) as f:
            self.assertEqual(json.load(f), {'command': 'darktrace-get-breach', 'params': params,
                                            'args': {'pbid': '95'}})
        self.bridge.run('fetch-incidents', {}, params, {'last_fetch': 1}, binary=fake)
        with open(capture) as f:
            self.assertEqual(json.load(f)['lastRun'], {'last_fetch': 1})

    def test_binary_not_found(self):
        rec = self.bridge.run('test-module', {}, {}, binary=os.path.join(self.tmp, 'does-not-exist'))
        self.assertEqual(len(rec['errors']), 1)
        self.assertIn('darktrace-xsoar executable was not found', rec['errors'][0])

    def test_unparsable_stdout_gives_stderr_tail_without_tokens(self):
        fake = write_fake_binary(self.tmp, 'garbage', '''
            import sys
            for i in range(30):
                sys.stderr.write('log line %d public=PUBLIC-TOKEN-123 private=PRIVATE-TOKEN-456\\n' % i)
            print('this is not json')
            sys.exit(3)
        ''')
        params = {'public_api_token': 'PUBLIC-TOKEN-123',
                  'private_api_token': {'identifier': 'PUBLIC-TOKEN-123', 'password': 'PRIVATE-TOKEN-456'}}
        rec = self.bridge.run('darktrace-get-breach', {'pbid': '1'}, params, binary=fake)
        self.assertEqual(len(rec['errors']), 1)
        message = rec['errors'][0]
        self.assertIn('status 3', message)
        self.assertIn('log line 29', message)
        self.assertIn('log line 10 ', message)
        self.assertNotIn('log line 9 ', message)
        self.assertNotIn('TOKEN-123', message)
        self.assertNotIn('TOKEN-456', message)
        self.assertIn('<redacted>', message)

    def test_failed_fetch_never_sets_last_run(self):
        fake = write_fake_binary(self.tmp, 'fetch-fails', '''
            import sys
            print('{"entries": [{"Type": 4, "ContentsFormat": "text", "Contents": "Failed to execute '
                  'fetch-incidents command.\\\\nError:\\\\nboom", "EntryContext": null}]}')
            sys.exit(1)
        ''')
        rec = self.bridge.run('fetch-incidents', {}, {}, {'last_fetch': 5}, binary=fake)
        self.assertEqual(rec['setLastRun'], [])
        self.assertEqual(rec['incidents'], [])
        self.assertEqual(rec['errors'], ['Failed to execute fetch-incidents command.\nError:\nboom'])

    def test_fetch_output_without_exit_0_is_not_trusted(self):
        fake = write_fake_binary(self.tmp, 'fetch-exit-1', '''
            import sys
            print('{"entries": [], "incidents": [], "lastRun": {"last_fetch": 9}}')
            sys.exit(1)
        ''')
        rec = self.bridge.run('fetch-incidents', {}, {}, binary=fake)
        self.assertEqual(rec['setLastRun'], [])
        self.assertEqual(len(rec['errors']), 1)


@unittest.skipUnless(support.binary(), support.NO_BINARY)
@unittest.skipUnless(os.path.isfile(support.MOCK), support.NO_MOCK)
class BridgeAgainstMockTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.bridge = Bridge()
        cls.mock = support.gen_docs.Mock().__enter__()
        cls.params = support.gen_docs.mock_params(cls.mock.url)

    @classmethod
    def tearDownClass(cls):
        cls.mock.__exit__(None, None, None)
        cls.bridge.close()

    def setUp(self):
        self.mock.control('POST', '/__mock__/reset')

    def run_bridge(self, command, args=None, params=None, last_run=None):
        return self.bridge.run(command, args, self.params if params is None else params, last_run,
                               binary=support.binary())

    def test_command(self):
        rec = self.run_bridge('darktrace-get-breach', {'pbid': '95'})
        self.assertEqual(rec['errors'], [])
        self.assertEqual(len(rec['results']), 1)
        entry = rec['results'][0]
        self.assertEqual(entry['Type'], 1)
        self.assertEqual(entry['EntryContext']['Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)']['pbid'], 95)
        self.assertTrue(entry['HumanReadable'].startswith('### Darktrace Model Breach 95\n'))

    def test_command_with_credentials_params(self):
        params = dict(self.params, public_api_token={'identifier': '', 'password': 'mock-public-token'},
                      private_api_token={'identifier': '', 'password': 'mock-private-token'})
        rec = self.run_bridge('darktrace-get-breach', {'pbid': '95'}, params)
        self.assertEqual([e['Type'] for e in rec['results']], [1])

    def test_error_entry(self):
        rec = self.run_bridge('darktrace-get-breach', {'pbid': 'abc'})
        self.assertEqual(rec['errors'], [])
        self.assertEqual(len(rec['results']), 1)
        entry = rec['results'][0]
        self.assertEqual((entry['Type'], entry['ContentsFormat'], entry['EntryContext']), (4, 'text', None))
        self.assertTrue(entry['Contents'].startswith('Failed to execute darktrace-get-breach command.\nError:\n'))
        self.assertIn('pbid', entry['Contents'])

    def test_unknown_command_exit_2_entry(self):
        rec = self.run_bridge('darktrace-no-such-command')
        self.assertEqual([e['Type'] for e in rec['results']], [4])

    def test_test_module(self):
        self.assertEqual(self.run_bridge('test-module')['results'], ['ok'])

    def test_test_module_bad_token(self):
        rec = self.run_bridge('test-module', params=dict(self.params, private_api_token='wrong-private-token'))
        self.assertEqual(rec['results'], ['Authorization Error: make sure API Key is correctly set'])

    def test_fetch_incidents(self):
        rec = self.run_bridge('fetch-incidents', last_run={})
        self.assertEqual((rec['results'], rec['errors']), ([], []))
        self.assertEqual(len(rec['incidents']), 1)
        self.assertEqual(len(rec['setLastRun']), 1)
        incidents, last_run = rec['incidents'][0], rec['setLastRun'][0]
        self.assertTrue(incidents, 'the mock has breaches in the last day')
        self.assertTrue(all(i['name'].startswith('Darktrace Model Breach #') for i in incidents))
        self.assertIn('last_fetch', last_run)
        again = self.run_bridge('fetch-incidents', last_run=last_run)
        names = {i['name'] for i in incidents}
        self.assertFalse(names & {i['name'] for i in again['incidents'][0]}, 'a breach was fetched twice')

    def test_fetch_incidents_failure_keeps_last_run(self):
        self.mock.control('POST', '/__mock__/faults', {'path': '/modelbreaches', 'status': 500})
        rec = self.run_bridge('fetch-incidents', last_run={'last_fetch': 1602191481000})
        self.assertEqual(rec['setLastRun'], [])
        self.assertEqual(rec['incidents'], [])
        self.assertEqual(len(rec['errors']), 1)
        self.assertTrue(rec['errors'][0].startswith('Failed to execute fetch-incidents command.'))


# ---------------------------------------------------------------- the four later ymls' bridges
class _LaterBridgeWithoutBinary(object):
    """One later yml's bridge with fake binaries: what it sends, and what it does with each answer."""
    integration = None
    PARAMS = {'url': 'https://dt.example', 'publicApiKey': 'PUBLIC-TOKEN-123',
              'privateApiKey': {'identifier': '', 'password': 'PRIVATE-TOKEN-456'}}

    @classmethod
    def setUpClass(cls):
        cls.bridge = Bridge(cls.integration)
        cls.tmp = tempfile.mkdtemp(prefix='fake-dt-')

    @classmethod
    def tearDownClass(cls):
        cls.bridge.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_envelope_names_the_integration_first(self):
        capture = os.path.join(self.tmp, 'envelope.json')
        fake = write_fake_binary(self.tmp, 'echo-envelope', """
            import sys
            open(%r, 'w').write(sys.stdin.read())
            print('{"entries": ["ok"]}')
        """ % capture)
        command = sorted(support.yml_commands(self.integration))[0]
        rec = self.bridge.run(command, {'x': '1'}, self.PARAMS, {'last_fetch': 1}, binary=fake)
        self.assertEqual((rec['results'], rec['errors']), (['ok'], []))
        with open(capture) as f:
            text = f.read()
        self.assertTrue(text.startswith('{"integration": "%s", ' % self.integration), text[:80])
        self.assertEqual(json.loads(text), {'integration': self.integration, 'command': command,
                                            'params': self.PARAMS, 'args': {'x': '1'}})
        self.bridge.run('fetch-incidents', {}, self.PARAMS, {'last_fetch': 1}, binary=fake)
        with open(capture) as f:
            sent = json.load(f)
        self.assertEqual((sent['integration'], sent['lastRun']), (self.integration, {'last_fetch': 1}))

    def test_entries_are_handed_over_in_order(self):
        fake = write_fake_binary(self.tmp, 'two-entries', """
            import sys
            print('{"entries": [{"Type": 1, "Contents": 1}, "second"]}')
            sys.exit(1)
        """)
        rec = self.bridge.run('test-module', {}, self.PARAMS, binary=fake)
        self.assertEqual((rec['results'], rec['errors']), ([{'Type': 1, 'Contents': 1}, 'second'], []))

    def test_binary_not_found(self):
        rec = self.bridge.run('test-module', {}, {}, binary=os.path.join(self.tmp, 'does-not-exist'))
        self.assertEqual(len(rec['errors']), 1)
        self.assertIn('darktrace-xsoar executable was not found', rec['errors'][0])

    def test_unparsable_stdout_gives_stderr_tail_without_tokens(self):
        fake = write_fake_binary(self.tmp, 'garbage', """
            import sys
            for i in range(30):
                sys.stderr.write('log line %d public=PUBLIC-TOKEN-123 private=PRIVATE-TOKEN-456\\n' % i)
            print('this is not json')
            sys.exit(3)
        """)
        rec = self.bridge.run('test-module', {}, self.PARAMS, binary=fake)
        self.assertEqual(len(rec['errors']), 1)
        message = rec['errors'][0]
        self.assertIn('status 3', message)
        self.assertIn('log line 29', message)
        self.assertIn('log line 10 ', message)
        self.assertNotIn('log line 9 ', message)
        self.assertNotIn('TOKEN-123', message)
        self.assertNotIn('TOKEN-456', message)
        self.assertIn('<redacted>', message)

    def test_fetch_hands_over_incidents_and_last_run(self):
        fake = write_fake_binary(self.tmp, 'fetch-ok', """
            print('{"entries": [], "incidents": [{"name": "a"}], "lastRun": {"last_fetch": 9, "ids": ["x"]}}')
        """)
        rec = self.bridge.run('fetch-incidents', {}, self.PARAMS, {'last_fetch': 5}, binary=fake)
        self.assertEqual((rec['incidents'], rec['setLastRun'], rec['results'], rec['errors']),
                         ([[{'name': 'a'}]], [{'last_fetch': 9, 'ids': ['x']}], [], []))

    def test_failed_fetch_never_sets_last_run(self):
        fake = write_fake_binary(self.tmp, 'fetch-fails', """
            import sys
            print('{"entries": [{"Type": 4, "ContentsFormat": "text", "Contents": "Failed to execute '
                  'fetch-incidents command.\\\\nError:\\\\nboom", "EntryContext": null}]}')
            sys.exit(1)
        """)
        rec = self.bridge.run('fetch-incidents', {}, self.PARAMS, {'last_fetch': 5}, binary=fake)
        self.assertEqual(rec['setLastRun'], [])
        self.assertEqual(rec['incidents'], [])
        self.assertEqual(rec['errors'], ['Failed to execute fetch-incidents command.\nError:\nboom'])

    def test_fetch_output_without_exit_0_is_not_trusted(self):
        fake = write_fake_binary(self.tmp, 'fetch-exit-1', """
            import sys
            print('{"entries": [], "incidents": [], "lastRun": {"last_fetch": 9}}')
            sys.exit(1)
        """)
        rec = self.bridge.run('fetch-incidents', {}, self.PARAMS, binary=fake)
        self.assertEqual(rec['setLastRun'], [])
        self.assertEqual(len(rec['errors']), 1)

    def test_run_timeout_is_three_60_second_attempts_and_30(self):
        calls = []

        class FakeSubprocess(object):
            TimeoutExpired = subprocess.TimeoutExpired

            @staticmethod
            def run(argv, **kwargs):
                calls.append(kwargs.get('timeout'))
                raise subprocess.TimeoutExpired(argv, kwargs.get('timeout'))
        fake = write_fake_binary(self.tmp, 'never-run', 'raise SystemExit(9)\n')
        rec = self.bridge.run('test-module', {}, self.PARAMS, binary=fake, patch={'subprocess': FakeSubprocess})
        self.assertEqual(calls, [60 * 3 + 30])
        self.assertEqual(rec['errors'], ['darktrace-xsoar did not answer within 210 seconds.'])


def unsupported_reason(integration, binary):
    """None when the binary answers the integration; else why not. The probe runs one of the
    integration's own commands without its arguments: a binary that answers the integration
    refuses it with an error entry (exit 1) and sends nothing; one that does not know the
    integration (or, older, ignores "integration" and answers as v1) says exit 2."""
    command = sorted(support.yml_commands(integration))[0]
    envelope = {'integration': integration, 'command': command,
                'params': {'url': 'http://127.0.0.1:9', 'publicApiKey': 'probe-public', 'privateApiKey': 'probe-private'},
                'args': {}}
    done = subprocess.run([binary], input=json.dumps(envelope).encode(), capture_output=True, timeout=120)
    if done.returncode != 2:
        return None
    try:
        said = json.loads(done.stdout.decode('utf-8'))['entries'][0]['Contents']
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        said = done.stdout.decode('utf-8', 'replace')[-400:]
    said = ' '.join(str(said).split())
    return ('%s does not answer integration %s yet: the envelope {"integration": "%s", "command": "%s", ...} '
            'gets exit 2 ("unknown integration" or, from a binary that ignores "integration", v1\'s "unknown '
            'command"): %s' % (binary, integration, integration, command, said))


class _LaterBridgeAgainstCases(object):
    """One later yml's bridge and the built binary on ../shared's later-public cases: what XSOAR gets
    is the case's expected output, and every context path it writes is documented in the yml."""
    integration = None
    _runs = None

    @classmethod
    def setUpClass(cls):
        cls.bridge = Bridge(cls.integration)
        cls.unsupported = unsupported_reason(cls.integration, support.binary())
        cls.cases = support.later_cases(cls.integration)

    @classmethod
    def tearDownClass(cls):
        cls.bridge.close()

    def setUp(self):
        if self.unsupported:
            self.fail(self.unsupported)
        self.assertTrue(self.cases, 'no %s case in %s' % (self.integration, support.LATER_CASES))

    def run_case(self, folder):
        """(envelope, expected, recorded) with the mock's address read back as 127.0.0.1:${PORT}."""
        env_extra = support.case_json(folder, 'env.json') if os.path.isfile(os.path.join(folder, 'env.json')) else {}
        mock = subprocess.Popen([sys.executable, support.CONFORMANCE_MOCK, '--port', '0', '--routes',
                                 os.path.join(folder, 'api.json'), '--lifetime', '300'],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        saved = {k: os.environ.get(k) for k in list(env_extra) + ['TZ']}
        try:
            port = mock.stdout.readline().strip()
            self.assertTrue(port.isdigit(), 'the conformance mock did not start')
            with open(os.path.join(folder, 'envelope.json'), encoding='utf-8') as f:
                envelope = json.loads(f.read().replace('${PORT}', port))
            os.environ.update(dict({str(k): str(v) for k, v in env_extra.items()}, TZ='UTC'))
            rec = self.bridge.run(envelope['command'], envelope.get('args'), envelope.get('params'),
                                  envelope.get('lastRun'), binary=support.binary())
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            mock.terminate()
            mock.wait(timeout=10)
        text = re.sub(r'127\.0\.0\.1:%s(?![0-9])' % port, '127.0.0.1:${PORT}', json.dumps(rec))
        expected = support.case_json(folder, 'expected.json')
        return envelope, expected, json.loads(text)

    def runs(self):
        if type(self)._runs is None:
            type(self)._runs = {case: self.run_case(folder) for case, folder in self.cases}
        return type(self)._runs

    def test_bridge_hands_xsoar_the_expected_output(self):
        for case, folder in self.cases:
            envelope, expected, rec = self.runs()[case]
            want = support.case_json(folder, 'expected_output.json')
            with self.subTest(case=case):
                if expected.get('compare') == 'fetch':
                    self.assertEqual((rec['results'], rec['errors']), ([], []))
                    self.assertEqual(rec['incidents'], [want['incidents']])
                    self.assertEqual(len(rec['setLastRun']), 1)
                    self.assertIsInstance(rec['setLastRun'][0], dict)
                else:
                    self.assertEqual(rec['errors'], [])
                    self.assertEqual(rec['results'], want['entries'])
                    self.assertEqual(json.dumps(rec['results'], sort_keys=True),
                                     json.dumps(want['entries'], sort_keys=True), 'same values, other JSON types')
                    self.assertEqual((rec['incidents'], rec['setLastRun']), ([], []))

    def test_written_context_paths_are_documented(self):
        commands = support.yml_commands(self.integration)
        for case, _ in self.cases:
            envelope, _, rec = self.runs()[case]
            leaves, kinds = support.entries_context(rec['results'])
            if not leaves:
                continue
            with self.subTest(case=case):
                outputs = {o['contextPath']: o['type'] for o in commands[envelope['command']].get('outputs') or []}
                self.assertEqual(sorted(l for l in leaves if not any(support.covers(p, l) for p in outputs)), [],
                                 'context paths the binary writes but %s.yml does not document' % self.integration)
                self.assertEqual(sorted(p for p, t in outputs.items() if p in kinds and not support.type_fits(t, kinds[p])),
                                 [], 'output types that do not fit what the binary writes')


for _name in support.LATER_INTEGRATIONS:
    _cls = type('%sBridgeWithoutBinaryTests' % _name, (_LaterBridgeWithoutBinary, unittest.TestCase),
                {'integration': _name})
    globals()[_cls.__name__] = _cls
    _cls = type('%sBridgeAgainstCasesTests' % _name, (_LaterBridgeAgainstCases, unittest.TestCase),
                {'integration': _name})
    _cls = unittest.skipUnless(support.binary(), support.NO_BINARY)(
        unittest.skipUnless(os.path.isfile(support.CONFORMANCE_MOCK), support.NO_CONFORMANCE_MOCK)(
            unittest.skipUnless(os.path.isdir(support.LATER_CASES), support.NO_LATER_CASES)(_cls)))
    globals()[_cls.__name__] = _cls
del _name, _cls


if __name__ == '__main__':
    unittest.main()
