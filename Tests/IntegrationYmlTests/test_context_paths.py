"""The context paths the commands really write (the replay fixtures' EntryContext) and the yml
outputs match; the README's documented paths and types are kept, with the intentional fixes.
For the four later integrations: their yml outputs and the EntryContext of ../shared's
later-public cases (the expected outputs) match, paths and types."""
import os
import unittest

from . import support

SPEC_README = '/work/shared/spec/darktrace-integration-README.md'


def yml_outputs():
    """[(command, contextPath, type)] of every yml output."""
    return [(name, o['contextPath'], o['type'])
            for name, cmd in support.yml_commands().items() for o in cmd.get('outputs') or []]


class WrittenPathsAreDocumentedTests(unittest.TestCase):
    def test_fixtures_found(self):
        self.assertGreater(len(support.fixture_context_leaves()), 20)

    def test_every_written_leaf_is_in_the_yml(self):
        paths = {p for _, p, _ in yml_outputs()}
        missing = {leaf: sorted(fx)[:3] for leaf, fx in support.fixture_context_leaves().items()
                   if not any(support.covers(p, leaf) for p in paths)}
        self.assertEqual(missing, {}, 'context paths written but not in integration.yml outputs')

    def test_every_yml_output_is_written_or_an_unknown_container(self):
        leaves = support.fixture_context_leaves()
        for name, path, type_ in yml_outputs():
            with self.subTest(command=name, path=path):
                written = any(support.covers(path, leaf) for leaf in leaves)
                self.assertTrue(written or type_ == 'Unknown', 'no fixture writes %s' % path)

    def test_every_yml_output_is_under_the_commands_prefix(self):
        """A command documents only paths under the prefixes its own fixtures write."""
        prefixes = {}
        for leaf, fixtures in support.fixture_context_leaves().items():
            for fx in fixtures:
                command = fx.split('__')[0]
                prefixes.setdefault(command, set()).add('.'.join(leaf.split('.')[:2]))
        for name, path, _ in yml_outputs():
            if name in prefixes:
                with self.subTest(command=name, path=path):
                    self.assertIn('.'.join(path.split('.')[:2]), prefixes[name])

    def test_fixes(self):
        types = {(n, p): t for n, p, t in yml_outputs()}
        self.assertEqual(types[('darktrace-get-breach', 'Darktrace.ModelBreach.device.did')], 'Number')  # fix 3
        for cmd in ('darktrace-acknowledge', 'darktrace-unacknowledge'):
            self.assertEqual(types[(cmd, 'Darktrace.ModelBreach.acknowledged')], 'Boolean')  # fix 2
        self.assertEqual(types[('darktrace-get-comments', 'Darktrace.ModelBreach.pbid')], 'Number')  # fix 9
        self.assertEqual(types[('darktrace-get-comments', 'Darktrace.ModelBreach.comments')], 'Unknown')
        self.assertEqual(types[('darktrace-get-device-identity-info', 'Darktrace.DeviceIdentityInfo.displayedCount')],
                         'Number')


@unittest.skipUnless(os.path.isfile(SPEC_README), 'the user README (shared spec) is not on this machine')
class UserReadmePathsTests(unittest.TestCase):
    """Every context path of the user's README is in the yml with the README's type, except the
    intentional fixes."""
    FIXED_TYPES = {'Darktrace.ModelBreach.acknowledged': 'Boolean'}

    def test_readme_paths_kept(self):
        with open(SPEC_README, encoding='utf-8', errors='replace') as f:
            text = f.read()
        documented = support.readme_commands(text)
        self.assertEqual(sorted(documented), sorted(support.yml_commands()))
        for name, cmd in support.yml_commands().items():
            types = {o['contextPath']: o['type'] for o in cmd.get('outputs') or []}
            for path, type_ in documented[name]['outputs']:
                with self.subTest(command=name, path=path):
                    self.assertIn(path, types)
                    self.assertEqual(types[path], self.FIXED_TYPES.get(path, type_))
            with self.subTest(command=name, part='arguments'):
                self.assertEqual(sorted(documented[name]['inputs']),
                                 sorted(a['name'] for a in cmd.get('arguments') or []))


# Outputs a later yml documents although no later-public case writes them, and why.
DOCUMENTED_NOT_IN_CASES = {
    ('darktrace-get-external-endpoint-details', 'Darktrace.ExternalEndpointDetails.ip'):
        'IP lookups answer with ip, country, asn and city; both cases answer a hostname (same as v1)',
    ('darktrace-get-external-endpoint-details', 'Darktrace.ExternalEndpointDetails.country'): 'as ip',
    ('darktrace-get-external-endpoint-details', 'Darktrace.ExternalEndpointDetails.asn'): 'as ip',
    ('darktrace-get-external-endpoint-details', 'Darktrace.ExternalEndpointDetails.city'): 'as ip',
    ('darktrace-get-tagged-devices', 'Darktrace.Device.response'): 'written only when no device holds the tag',
}


class _LaterCaseContextPaths(object):
    """One later integration's yml outputs against its cases' expected EntryContext (no binary needed)."""
    integration = None

    def setUp(self):
        if not os.path.isdir(support.LATER_CASES):
            self.skipTest(support.NO_LATER_CASES)
        cases = support.later_cases(self.integration)
        self.assertTrue(cases, 'no %s case in %s' % (self.integration, support.LATER_CASES))
        self.commands = support.yml_commands(self.integration)
        self.leaves, self.kinds, self.keys = {}, {}, {}
        for case, folder in cases:
            command = case.split('__')[1]
            entries = support.case_json(folder, 'expected_output.json').get('entries')
            leaves, kinds = support.entries_context(entries)
            self.leaves.setdefault(command, set()).update(leaves)
            for path, k in kinds.items():
                self.kinds.setdefault(command, {}).setdefault(path, set()).update(k)
            for entry in entries or []:
                if isinstance(entry, dict) and entry.get('Type') == 1:
                    self.keys.setdefault(command, set()).update(
                        support.strip_selector(k) for k in entry.get('EntryContext') or {})

    def outputs(self, command):
        return [(o['contextPath'], o['type']) for o in self.commands[command].get('outputs') or []]

    def test_every_command_has_a_case(self):
        self.assertEqual(sorted(set(self.commands) - set(self.leaves)), [])
        self.assertEqual(sorted(set(self.leaves) - set(self.commands) - support.IMPLICIT_COMMANDS), [])

    def test_every_written_leaf_is_documented(self):
        for command, leaves in sorted(self.leaves.items()):
            if command in support.IMPLICIT_COMMANDS:
                continue
            paths = [p for p, _ in self.outputs(command)]
            with self.subTest(command=command):
                missing = sorted(leaf for leaf in leaves if not any(support.covers(p, leaf) for p in paths))
                self.assertEqual(missing, [], 'context paths written but not in %s.yml outputs' % self.integration)

    def test_every_output_is_written_or_an_unknown_container(self):
        for command in self.commands:
            leaves = self.leaves.get(command, set())
            for path, type_ in self.outputs(command):
                with self.subTest(command=command, path=path):
                    written = any(support.covers(path, leaf) for leaf in leaves)
                    self.assertTrue(written or type_ == 'Unknown' or (command, path) in DOCUMENTED_NOT_IN_CASES,
                                    'no case writes %s' % path)

    def test_types_fit_what_is_written(self):
        for command in self.commands:
            kinds = self.kinds.get(command, {})
            for path, type_ in self.outputs(command):
                if path in kinds:
                    with self.subTest(command=command, path=path):
                        self.assertTrue(support.type_fits(type_, kinds[path]),
                                        '%s is %s, the cases write %s' % (path, type_, sorted(kinds[path])))

    def test_outputs_are_under_the_keys_written(self):
        for command in self.commands:
            keys = self.keys.get(command, set())
            for path, _ in self.outputs(command):
                with self.subTest(command=command, path=path):
                    self.assertTrue(any(support.covers(k, path) for k in keys),
                                    '%s is under none of the written keys %s' % (path, sorted(keys)))


for _name in support.LATER_INTEGRATIONS:
    _cls = type('%sCaseContextPathsTests' % _name, (_LaterCaseContextPaths, unittest.TestCase),
                {'integration': _name, '__doc__': _LaterCaseContextPaths.__doc__.replace('One later', _name + ':')})
    globals()[_cls.__name__] = _cls
del _name, _cls


class LeafPathTests(unittest.TestCase):
    def test_leaf_paths(self):
        leaves = support.leaf_paths('D.X', {'a': [{'b': 1}, {'c': {'d': []}}], 'e': {}, 'f': ['x', 'y']}, set())
        self.assertEqual(sorted(leaves), ['D.X.a.b', 'D.X.a.c.d', 'D.X.e', 'D.X.f'])

    def test_selector_stripped(self):
        self.assertEqual(support.strip_selector('Darktrace.DeviceIdentityInfo(val.devices.did && '
                                                'val.devices.did == obj.devices.did)'),
                         'Darktrace.DeviceIdentityInfo')

    def test_covers(self):
        self.assertTrue(support.covers('Darktrace.A', 'Darktrace.A.b'))
        self.assertTrue(support.covers('Darktrace.A', 'Darktrace.A'))
        self.assertFalse(support.covers('Darktrace.A', 'Darktrace.AB'))


if __name__ == '__main__':
    unittest.main()
