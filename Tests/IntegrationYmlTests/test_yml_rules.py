"""What XSOAR's validator does not check (type codes, output types, command names, empty
descriptions), the settings the binary reads, and the YAML subset reader itself."""
import ast
import re
import unittest

from . import support

# XSOAR configuration types: 0 short text, 4 encrypted, 8 boolean, 9 credentials, 12 long text,
# 13 incident type, 15 single select, 16 multi select, 17 expiration, 18 feed reputation,
# 19 fetch interval, 20 feed trust (no others are shown by the server).
CONFIG_TYPES = {0, 4, 8, 9, 12, 13, 15, 16, 17, 18, 19, 20}
OUTPUT_TYPES = {'String', 'Number', 'Boolean', 'Date', 'Unknown'}


class StructureTests(unittest.TestCase):
    def setUp(self):
        self.doc = support.yml()

    def test_header(self):
        d = self.doc
        self.assertEqual(d['commonfields'], {'id': 'Darktrace', 'version': -1})
        self.assertEqual((d['name'], d['display'], d['category']), ('Darktrace', 'Darktrace', 'Network Security'))
        self.assertTrue(d['description'].strip())
        s = d['script']
        self.assertEqual((s['type'], s['subtype']), ('python', 'python3'))
        self.assertRegex(s['dockerimage'], r'^demisto/python3:3\.\d+\.\d+\.\d+$')
        self.assertIs(s['isfetch'], True)
        self.assertIs(s['runonce'], False)

    def test_configuration(self):
        params = {p['name']: p for p in self.doc['configuration']}
        self.assertEqual(len(params), len(self.doc['configuration']), 'duplicate parameter names')
        for p in self.doc['configuration']:
            with self.subTest(param=p['name']):
                self.assertIn(p['type'], CONFIG_TYPES)
                self.assertTrue(str(p.get('display') or '').strip(), 'empty display')
                self.assertIsInstance(p.get('required'), bool)
        expected = {'url': (0, True), 'public_api_token': (4, True), 'private_api_token': (4, True),
                    'insecure': (8, False), 'proxy': (8, False), 'isFetch': (8, False), 'incidentType': (13, False),
                    'min_score': (0, False), 'max_alerts': (0, False), 'first_fetch': (0, False),
                    'timeout': (0, False)}
        self.assertEqual({n: (p['type'], p['required']) for n, p in params.items()}, expected)
        self.assertEqual(params['min_score']['defaultvalue'], '0')
        self.assertEqual(params['max_alerts']['defaultvalue'], '50')
        self.assertEqual(params['max_alerts']['display'], 'Maximum Model Breaches per Fetch')
        self.assertIn('1-200', params['max_alerts']['additionalinfo'])
        self.assertEqual(params['first_fetch']['defaultvalue'], '1 day')
        self.assertEqual(params['timeout']['defaultvalue'], '60')

    def test_settings_the_binary_reads_are_configured(self):
        """Every params.string/bool("name") in the integration sources is a yml parameter
        (max_fetch is the accepted old alias of max_alerts). The four later integrations' folders
        are theirs, with their own settings (LaterSettingsReadTests)."""
        import glob
        import os
        names = set()
        later = tuple(os.path.join(support.SOURCES, n) + os.sep for n in support.LATER_INTEGRATIONS)
        for path in glob.glob(os.path.join(support.SOURCES, '**', '*.swift'), recursive=True):
            if path.startswith(later):
                continue
            names |= set(re.findall(r'params\.(?:string|bool|raw)\(?\[?\s*"([^"]+)"', support.read(path)))
        self.assertIn('url', names)
        configured = {p['name'] for p in self.doc['configuration']}
        self.assertEqual(sorted(names - configured - {'max_fetch'}), [])

    def test_commands(self):
        for cmd in self.doc['script']['commands']:
            with self.subTest(command=cmd.get('name')):
                self.assertRegex(cmd['name'], support.COMMAND_NAME)
                self.assertTrue(cmd['description'].strip())
                for a in cmd.get('arguments') or []:
                    self.assertRegex(a['name'], r'^[a-z][a-z0-9_]*$')
                    self.assertTrue(a['description'].strip(), a['name'])
                    self.assertIsInstance(a.get('required', False), bool)
                    if 'predefined' in a or 'auto' in a:
                        self.assertEqual(a['auto'], 'PREDEFINED')
                        self.assertTrue(a['predefined'])
                    if 'defaultValue' in a and 'predefined' in a:
                        self.assertIn(a['defaultValue'], a['predefined'])
                paths = [o['contextPath'] for o in cmd.get('outputs') or []]
                self.assertEqual(len(paths), len(set(paths)), 'duplicate output paths')
                self.assertTrue(paths, 'no outputs')
                for o in cmd.get('outputs') or []:
                    self.assertIn(o['type'], OUTPUT_TYPES, o['contextPath'])
                    self.assertRegex(o['contextPath'], r'^Darktrace(\.[A-Za-z][A-Za-z0-9_]*)+$')
                    self.assertTrue(o['description'].strip(), o['contextPath'])

    def test_predefined_choices(self):
        cmds = support.yml_commands()

        def arg(cmd, name):
            return next(a for a in cmds[cmd]['arguments'] if a['name'] == name)
        self.assertEqual(arg('darktrace-get-external-endpoint-details', 'endpoint_type')['predefined'],
                         ['IP', 'hostname'])
        self.assertEqual(arg('darktrace-get-device-connection-info', 'data_type')['predefined'],
                         ['co', 'sizeout', 'sizein'])
        self.assertEqual(arg('darktrace-get-device-identity-info', 'order')['predefined'], ['asc', 'desc'])
        self.assertIn('lastSeen', arg('darktrace-get-device-identity-info', 'order_by')['predefined'])
        self.assertIs(arg('darktrace-list-similar-devices', 'max_results')['required'], True)


class BridgeScriptTests(unittest.TestCase):
    def test_small_python_with_main_guard(self):
        script = support.yml()['script']['script']
        self.assertLess(len(script.split('\n')), 80)
        tree = ast.parse(script)
        self.assertIn("if __name__ in ('__main__', '__builtin__', 'builtins'):", script)
        imports = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        self.assertIn('demistomock', imports)
        self.assertIn('CommonServerPython',
                      {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)})
        self.assertIn('DARKTRACE_XSOAR_BIN', script)


class YamlSubsetReaderTests(unittest.TestCase):
    load = staticmethod(support.gen_docs.load_yaml)

    def test_agrees_with_pyyaml_when_installed(self):
        try:
            import yaml
        except ImportError:
            self.skipTest('PyYAML not installed (the subset reader is used instead)')
        self.assertEqual(self.load(support.yml_text()), yaml.safe_load(support.yml_text()))

    def test_subset(self):
        text = ("a: 1\nb: 'it''s: x'\nc: true\nd:\n- x: 1\n  y: [] \n- plain text\n- '5'\ne: |-\n  line 1\n\n"
                "    indented\nf:\n  g: -1\n  h: 0.5\ni: \"q\\\"\"\n")
        self.assertEqual(self.load(text), {'a': 1, 'b': "it's: x", 'c': True, 'd': [{'x': 1, 'y': []}, 'plain text', '5'],
                                           'e': 'line 1\n\n  indented', 'f': {'g': -1, 'h': 0.5}, 'i': 'q"'})

    def test_refuses_what_it_does_not_know(self):
        for bad in ('a: {b: 1}\n', 'a: &x 1\n', 'a: b\n  c\n', 'a: 1\na: 2\n', 'a: [1, 2]\n', 'a: 1 # c\n'):
            with self.subTest(text=bad), self.assertRaises(support.gen_docs.YamlSubsetError):
                self.load(bad)


# ---------------------------------------------------------------- all five ymls
ARG_NAME = re.compile(r'^[a-z][A-Za-z0-9_]*$')  # the later integrations' arguments are camelCase
CONTEXT_PATH = re.compile(r'^Darktrace(\.[A-Za-z][A-Za-z0-9_]*)+$')
# Command names kept exactly as the Python integration spells them, so playbooks keep working.
COMMAND_NAME_EXCEPTIONS = {'darktrace-get-ai-analyst-incident-group-from-eventId'}
FETCHES = {'Darktrace': True, 'DarktraceMBs': True, 'DarktraceAIA': True, 'DarktraceAdmin': False,
           'DarktraceEmail': True}


class AllYmlsTests(unittest.TestCase):
    """The rules every one of the five ymls follows (integration.yml and integrations/<Name>/<Name>.yml)."""

    def each(self):
        for name in support.ALL_INTEGRATIONS:
            with self.subTest(yml=name):
                yield name, support.yml(name)

    def test_header(self):
        docker = support.yml()['script']['dockerimage']
        for name, d in self.each():
            self.assertEqual(d['commonfields'], {'id': name, 'version': -1})
            self.assertEqual(d['name'], name)
            self.assertEqual(d['category'], 'Network Security')
            self.assertTrue(str(d.get('display') or '').strip(), 'empty display')
            self.assertTrue(str(d.get('description') or '').strip(), 'empty description')
            self.assertRegex(str(d.get('fromversion')), r'^\d+\.\d+\.\d+$')
            s = d['script']
            self.assertEqual((s['type'], s['subtype']), ('python', 'python3'))
            self.assertEqual(s['dockerimage'], docker, 'every yml runs the same docker image')
            self.assertRegex(s['dockerimage'], r'^demisto/python3:3\.\d+\.\d+\.\d+$')
            self.assertIs(s['isfetch'], FETCHES[name])
            self.assertIs(s['runonce'], False)
            self.assertTrue(s['script'].strip())
            params = {p['name'] for p in d['configuration']}
            self.assertEqual('isFetch' in params, FETCHES[name], 'isFetch setting exactly when isfetch')

    def test_configuration(self):
        for name, d in self.each():
            names = [p['name'] for p in d['configuration']]
            self.assertEqual(len(names), len(set(names)), 'duplicate parameter names')
            for p in d['configuration']:
                with self.subTest(param=p['name']):
                    self.assertIn(p['type'], CONFIG_TYPES)
                    self.assertTrue(str(p.get('display') or '').strip(), 'empty display')
                    self.assertIsInstance(p.get('required'), bool)
                    for key in ('additionalinfo', 'defaultvalue'):
                        if key in p:
                            self.assertTrue(str(p[key]).strip(), 'empty ' + key)
                    if p['type'] in (15, 16):
                        self.assertTrue(p.get('options'), 'a select without options')
                        if 'defaultvalue' in p:
                            chosen = p['defaultvalue'].split(',') if p['type'] == 16 else [p['defaultvalue']]
                            self.assertLessEqual(set(chosen), set(p['options']))
                    else:
                        self.assertNotIn('options', p)
                    if p['type'] == 4:
                        self.assertNotIn('defaultvalue', p, 'a secret with a default')

    def test_commands(self):
        for name, d in self.each():
            names = [c['name'] for c in d['script']['commands']]
            self.assertEqual(len(names), len(set(names)), names)
            self.assertFalse(set(names) & support.IMPLICIT_COMMANDS)
            for cmd in d['script']['commands']:
                with self.subTest(command=cmd.get('name')):
                    if cmd['name'] not in COMMAND_NAME_EXCEPTIONS:
                        self.assertRegex(cmd['name'], support.COMMAND_NAME)
                    self.assertTrue(cmd['name'].startswith('darktrace-'))
                    self.assertTrue(str(cmd.get('description') or '').strip(), 'empty command description')
                    self.assertIsInstance(cmd.get('execution', False), bool)
                    args = [a['name'] for a in cmd.get('arguments') or []]
                    self.assertEqual(len(args), len(set(args)), args)
                    for a in cmd.get('arguments') or []:
                        self.assertRegex(a['name'], ARG_NAME)
                        self.assertTrue(str(a.get('description') or '').strip(), 'empty description: ' + a['name'])
                        self.assertIsInstance(a.get('required', False), bool)
                        self.assertIsInstance(a.get('isArray', False), bool)
                        self.assertIsInstance(a.get('default', False), bool)
                        if 'predefined' in a or 'auto' in a:
                            self.assertEqual(a['auto'], 'PREDEFINED')
                            self.assertTrue(a['predefined'])
                        if 'defaultValue' in a:
                            self.assertIsInstance(a['defaultValue'], str, a['name'])
                            if 'predefined' in a:
                                self.assertIn(a['defaultValue'], a['predefined'])
                    defaults = [a['name'] for a in cmd.get('arguments') or [] if a.get('default')]
                    self.assertLessEqual(len(defaults), 1, 'more than one default argument')
                    outputs = cmd.get('outputs') or []
                    paths = [o['contextPath'] for o in outputs]
                    self.assertTrue(paths, 'no outputs')
                    self.assertEqual(len(paths), len(set(paths)), 'duplicate output paths')
                    for o in outputs:
                        self.assertIn(o.get('type'), OUTPUT_TYPES, o['contextPath'])
                        self.assertRegex(o['contextPath'], CONTEXT_PATH)
                        self.assertTrue(str(o.get('description') or '').strip(), 'empty description: '
                                        + o['contextPath'])

    def test_agrees_with_pyyaml_when_installed(self):
        try:
            import yaml
        except ImportError:
            self.skipTest('PyYAML not installed (the subset reader is used instead)')
        for name in support.ALL_INTEGRATIONS:
            with self.subTest(yml=name):
                self.assertEqual(support.yml(name), yaml.safe_load(support.yml_text(name)))

    def test_bridge_is_small_python_with_main_guard(self):
        for name, d in self.each():
            script = d['script']['script']
            self.assertLess(len(script.split('\n')), 80)
            tree = ast.parse(script)
            self.assertIn("if __name__ in ('__main__', '__builtin__', 'builtins'):", script)
            imports = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            self.assertIn('demistomock', imports)
            self.assertIn('CommonServerPython', {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)})
            self.assertIn('DARKTRACE_XSOAR_BIN', script)


# ---------------------------------------------------------------- the four later ymls (LATER.md section 4)
def _setting(type_, required, default=None, display=None, **extra):
    return dict(type=type_, required=required, defaultvalue=default, display=display, **extra)


_CONNECT = {
    'url': _setting(0, True, 'https://example.net', 'Server URL (e.g. https://example.net)'),
    'insecure': _setting(8, False, None, 'Trust any certificate (not secure)'),
    'proxy': _setting(8, False, None, 'Use system proxy settings'),
    'incidentType': _setting(13, False, None, 'Incident type'),
    'publicApiKey': _setting(4, True, None, 'Public API Token'),
    'privateApiKey': _setting(4, True, None, 'Private API Token'),
}


def _fetching(max_display):
    return dict(_CONNECT, **{
        'isFetch': _setting(8, False, None, 'Fetch incidents'),
        'min_score': _setting(0, True, '0', 'Minimum Score'),
        'max_fetch': _setting(0, False, '50', max_display),
        'first_fetch': _setting(0, False, '1 day ago', 'First fetch time'),
    })


LATER_SETTINGS = {
    'DarktraceMBs': _fetching('Maximum Model Breaches per Fetch'),
    'DarktraceAIA': _fetching('Maximum Model Breaches per Fetch'),
    'DarktraceAdmin': dict(_CONNECT),
    'DarktraceEmail': dict(_fetching('Maximum Emails per Fetch'), **{
        'incidentFetchInterval': _setting(19, False, '1', 'Incidents Fetch Interval'),
        'tag_severity': _setting(16, False, 'Critical,Warning,Informational', 'Darktrace Tag Severity',
                                 options=['Critical', 'Warning', 'Informational']),
        'actioned': _setting(8, False, 'false', 'Only Actioned Emails'),
        'direction': _setting(15, False, None, 'Direction', options=['inbound', 'outbound', 'internal']),
    }),
}
# Advanced settings as in the Python ymls: insecure and proxy, except Email's.
LATER_ADVANCED = {'DarktraceMBs': {'insecure', 'proxy'}, 'DarktraceAIA': {'insecure', 'proxy'},
                  'DarktraceAdmin': {'insecure', 'proxy'}, 'DarktraceEmail': set()}


def _a(name, required=False, default=None, predefined=None, is_array=False):
    return (name, required, default, list(predefined) if predefined else None, is_array)


_BOOL = ('true', 'false')
# {integration: {command: [(argument, required, defaultValue, predefined, isArray)]}}, in the Python ymls' order.
LATER_COMMANDS = {
    'DarktraceMBs': {
        'darktrace-get-model-breach': [_a('pbid', True)],
        'darktrace-get-model-breach-comments': [_a('pbid', True)],
        'darktrace-acknowledge-model-breach': [_a('pbid', True)],
        'darktrace-unacknowledge-model-breach': [_a('pbid', True)],
        'darktrace-post-comment-to-model-breach': [_a('pbid', True), _a('message', True)],
        'darktrace-get-model-breach-connections': [_a('pbid', True), _a('endtime'), _a('count', default='100'),
                                                   _a('offset', default='0')],
        'darktrace-get-model': [_a('uuid', True)],
        'darktrace-get-model-component': [_a('cid', True)],
    },
    'DarktraceAIA': {
        'darktrace-get-ai-analyst-incident-event': [_a('eventId', True)],
        'darktrace-get-comments-for-ai-analyst-incident-event': [_a('eventId', True)],
        'darktrace-post-comment-to-ai-analyst-incident-event': [_a('eventId', True), _a('comment', True)],
        'darktrace-acknowledge-ai-analyst-incident-event': [_a('eventId', True)],
        'darktrace-unacknowledge-ai-analyst-incident-event': [_a('eventId', True)],
        'darktrace-get-ai-analyst-incident-group-from-eventId': [_a('eventId', True)],
    },
    'DarktraceAdmin': {
        'darktrace-run-advanced-search-analysis': [
            _a('initialDate', True), _a('initialTime', default='00:00:00'), _a('endDate', True),
            _a('endTime', default='00:00:00'), _a('query', True),
            _a('operation', True, 'score', ('score', 'trend', 'terms', 'mean'), True), _a('metric', True),
            _a('offset', default='0')],
        'darktrace-get-device-connection-info': [
            _a('deviceId', True), _a('dataType', True, None, ('co', 'sizeout', 'sizein'), True), _a('externalDomain'),
            _a('destinationDeviceId'), _a('showAllGraphData', False, 'false', _BOOL, True),
            _a('numberOfSimilarDevices', default='0'), _a('fullDeviceDetails', False, 'false', _BOOL, True)],
        'darktrace-get-external-endpoint-details': [
            _a('endpointType', True, None, ('IP', 'hostname'), True), _a('endpointValue', True),
            _a('devices', False, 'true', _BOOL, True), _a('additionalInfo', False, 'true', _BOOL, True),
            _a('score', False, 'true', _BOOL)],
        'darktrace-get-similar-devices': [_a('deviceId', True), _a('maxResults', True, '5')],
        'darktrace-post-to-watched-list': [_a('endpointsToWatch', True), _a('description')],
        'darktrace-get-tagged-devices': [_a('tagName', True)],
        'darktrace-get-tags-for-device': [_a('deviceId', True)],
        'darktrace-post-tag-to-device': [_a('deviceId', True), _a('tagName', True)],
    },
    'DarktraceEmail': {
        'darktrace-email-get-email': [_a('uuid', True)],
        'darktrace-email-hold-email': [_a('uuid', True)],
        'darktrace-email-release-email': [_a('uuid', True), _a('recipient')],
    },
}
LATER_EXECUTION = {'darktrace-email-hold-email', 'darktrace-email-release-email'}
# Each command's context prefix (LATER.md section 4, and what the binary writes), and its key field.
LATER_PREFIXES = {
    'darktrace-get-model-breach': ('Darktrace.ModelBreach', 'pbid'),
    'darktrace-get-model-breach-comments': ('Darktrace.ModelBreach.Comment', 'message'),
    'darktrace-acknowledge-model-breach': ('Darktrace.ModelBreach', 'pbid'),
    'darktrace-unacknowledge-model-breach': ('Darktrace.ModelBreach', 'pbid'),
    'darktrace-post-comment-to-model-breach': ('Darktrace.ModelBreach', 'pbid'),
    'darktrace-get-model-breach-connections': ('Darktrace.ModelBreach', None),  # key pid: not in the events
    'darktrace-get-model': ('Darktrace.Model', 'uuid'),
    'darktrace-get-model-component': ('Darktrace.Model.Component', 'cid'),
    'darktrace-get-ai-analyst-incident-event': ('Darktrace.AIAnalyst', 'eventId'),
    'darktrace-get-comments-for-ai-analyst-incident-event': ('Darktrace.AIAnalyst', None),  # key eventId: none
    'darktrace-post-comment-to-ai-analyst-incident-event': ('Darktrace.AIAnalyst', 'eventId'),
    'darktrace-acknowledge-ai-analyst-incident-event': ('Darktrace.AIAnalyst', 'eventId'),
    'darktrace-unacknowledge-ai-analyst-incident-event': ('Darktrace.AIAnalyst', 'eventId'),
    'darktrace-get-ai-analyst-incident-group-from-eventId': ('Darktrace.AIAnalyst', 'groupId'),
    'darktrace-run-advanced-search-analysis': ('Darktrace.AdvancedSearch', None),
    'darktrace-get-device-connection-info': ('Darktrace.DeviceConnectionInfo', None),
    'darktrace-get-external-endpoint-details': ('Darktrace.ExternalEndpointDetails', None),
    'darktrace-get-similar-devices': ('Darktrace.Device', 'deviceId'),
    'darktrace-post-to-watched-list': ('Darktrace.Endpoint', None),
    'darktrace-get-tagged-devices': ('Darktrace.Device', 'deviceId'),
    'darktrace-get-tags-for-device': ('Darktrace.Device', 'tagId'),
    'darktrace-post-tag-to-device': ('Darktrace.Device', 'deviceId'),
    'darktrace-email-get-email': ('Darktrace.Email', 'uuid'),
    'darktrace-email-hold-email': ('Darktrace.Action', 'resp'),
    'darktrace-email-release-email': ('Darktrace.Action', 'resp'),
}


class LaterYmlTests(unittest.TestCase):
    """The four later ymls say what LATER.md and the Python ymls they replace say."""

    def each(self):
        for name in support.LATER_INTEGRATIONS:
            with self.subTest(yml=name):
                yield name, support.yml(name)

    def test_file_layout(self):
        import os
        for name in support.LATER_INTEGRATIONS:
            with self.subTest(yml=name):
                self.assertTrue(os.path.isfile(support.yml_path(name)))
                description = os.path.join(os.path.dirname(support.yml_path(name)), name + '_description.md')
                self.assertTrue(support.read(description).strip(), 'empty ' + description)

    def test_settings(self):
        for name, d in self.each():
            params = {p['name']: p for p in d['configuration']}
            got = {n: dict(type=p['type'], required=p['required'], defaultvalue=p.get('defaultvalue'),
                           display=p['display'], **({'options': p['options']} if 'options' in p else {}))
                   for n, p in params.items()}
            self.assertEqual(got, LATER_SETTINGS[name])
            self.assertEqual({n for n, p in params.items() if p.get('advanced')}, LATER_ADVANCED[name])
            if 'max_fetch' in params:
                info = params['max_fetch']['additionalinfo']
                self.assertIn('1 to 200', info)  # L13
                self.assertIn('default 50', info)

    def test_commands_and_arguments(self):
        for name, d in self.each():
            got = {c['name']: [(a['name'], a.get('required', False), a.get('defaultValue'), a.get('predefined'),
                                a.get('isArray', False)) for a in c.get('arguments') or []]
                   for c in d['script']['commands']}
            self.assertEqual(got, LATER_COMMANDS[name])
            for c in d['script']['commands']:
                with self.subTest(command=c['name']):
                    self.assertIs(c.get('execution', False), c['name'] in LATER_EXECUTION)

    def test_context_prefixes_and_key_fields(self):
        for name, d in self.each():
            for c in d['script']['commands']:
                prefix, key = LATER_PREFIXES[c['name']]
                paths = [o['contextPath'] for o in c['outputs']]
                with self.subTest(command=c['name']):
                    for path in paths:
                        self.assertTrue(path == prefix or path.startswith(prefix + '.'), path)
                    if key:
                        self.assertIn(prefix + '.' + key, paths, 'the context key field is not an output')

    def test_fixes_over_the_python_ymls(self):
        """Where the Python ymls document paths or types the integrations never wrote."""
        outputs = {(c['name'], o['contextPath']): o['type'] for n in support.LATER_INTEGRATIONS
                   for c in support.yml(n)['script']['commands'] for o in c['outputs']}
        paths = sorted({p for _, p in outputs})
        self.assertEqual([p for p in paths if p.startswith('Darktrace.SimilarDevices')], [])  # Admin: Darktrace.Device
        stale = ['Darktrace.Email.' + k for k in ('dtime', 'header_from_email', 'header_subject', 'model_score')]
        self.assertEqual([p for p in paths if p in stale], [])  # Email: the formatted email's keys
        for fresh, type_ in (('time', 'Date'), ('sender', 'String'), ('subject', 'String'), ('score', 'Number')):
            self.assertEqual(outputs[('darktrace-email-get-email', 'Darktrace.Email.' + fresh)], type_)
        self.assertEqual([p for p in paths if 'incidet_id' in p or 'incident_id' in p], [])  # renamed eventId
        self.assertEqual(outputs[('darktrace-get-model-breach', 'Darktrace.ModelBreach.score')], 'String')  # "72.9 %"
        self.assertEqual(outputs[('darktrace-get-model-breach', 'Darktrace.ModelBreach.device.did')], 'String')
        self.assertEqual(outputs[('darktrace-get-ai-analyst-incident-event', 'Darktrace.AIAnalyst.score')], 'String')
        self.assertEqual(outputs[('darktrace-post-tag-to-device', 'Darktrace.Device.deviceId')], 'String')
        self.assertEqual(outputs[('darktrace-get-tags-for-device', 'Darktrace.Device.tagId')], 'Number')  # L6
        for cmd in ('darktrace-acknowledge-model-breach', 'darktrace-unacknowledge-model-breach'):
            self.assertNotIn((cmd, 'Darktrace.ModelBreach.acknowledged'), outputs)
            self.assertEqual(outputs[(cmd, 'Darktrace.ModelBreach.response')], 'String')


class LaterBridgeScriptTests(unittest.TestCase):
    """The four bridges are one bridge: textually identical apart from the INTEGRATION line."""
    NAME_LINE = re.compile(r"^INTEGRATION = '([A-Za-z]+)'$")

    def test_one_bridge_apart_from_the_name(self):
        normalized = {}
        for name in support.LATER_INTEGRATIONS:
            with self.subTest(yml=name):
                lines = support.yml(name)['script']['script'].split('\n')
                at = [i for i, line in enumerate(lines) if line.startswith('INTEGRATION')]
                self.assertEqual(len(at), 1, 'one INTEGRATION line')
                self.assertLess(at[0], 15, 'the INTEGRATION line is near the top')
                self.assertEqual(self.NAME_LINE.match(lines[at[0]]).group(1), name)
                rest = lines[:at[0]] + lines[at[0] + 1:]
                self.assertEqual([line for line in rest if name in line], [], 'the name outside the INTEGRATION line')
                normalized[name] = rest
        first = normalized[support.LATER_INTEGRATIONS[0]]
        for name, lines in normalized.items():
            with self.subTest(yml=name):
                self.assertEqual(lines, first, 'the bridge differs from %s\'s' % support.LATER_INTEGRATIONS[0])

    def test_envelope_names_the_integration_first(self):
        for name in support.LATER_INTEGRATIONS:
            with self.subTest(yml=name):
                script = support.yml(name)['script']['script']
                self.assertIn("envelope = {'integration': INTEGRATION, 'command': command, ", script)
                self.assertIn("for name in ('publicApiKey', 'privateApiKey'):", script)
                self.assertNotIn("params.get('timeout')", script)  # no timeout setting in these integrations


class LaterSettingsReadTests(unittest.TestCase):
    def test_settings_the_binary_reads_are_configured(self):
        """Every params.string/bool("name") in Sources/DarktraceIntegration/<Name>/ is a setting of <Name>.yml."""
        import glob
        import os
        for name in support.LATER_INTEGRATIONS:
            with self.subTest(yml=name):
                names = set()
                for path in glob.glob(os.path.join(support.SOURCES, name, '**', '*.swift'), recursive=True):
                    names |= set(re.findall(r'params\.(?:string|bool|raw|list|number)\(?\[?\s*"([^"]+)"',
                                            support.read(path)))
                configured = {p['name'] for p in support.yml(name)['configuration']}
                self.assertEqual(sorted(names - configured), [])


if __name__ == '__main__':
    unittest.main()
