"""integration.yml's script.script run exactly as XSOAR runs it: as __main__, with `demistomock` and
`CommonServerPython` importable (stand-ins here that record what the script hands them), against
the built binary and scripts/mock_darktrace.py."""
import json
import os
import shutil
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

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='xsoar-standins-')
        for name, text in (('demistomock.py', DEMISTOMOCK), ('CommonServerPython.py', COMMON_SERVER_PYTHON)):
            with open(os.path.join(self.dir, name), 'w') as f:
                f.write(text)
        self.script = support.yml()['script']['script']

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def run(self, command, args=None, params=None, last_run=None, binary=None):
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
            try:
                exec(compile(self.script, 'Darktrace.py', 'exec'), {'__name__': '__main__'})
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


if __name__ == '__main__':
    unittest.main()
