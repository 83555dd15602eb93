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
        (max_fetch is the accepted old alias of max_alerts)."""
        import glob
        import os
        names = set()
        for path in glob.glob(os.path.join(support.SOURCES, '**', '*.swift'), recursive=True):
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


if __name__ == '__main__':
    unittest.main()
