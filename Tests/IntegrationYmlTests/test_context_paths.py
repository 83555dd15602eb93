"""The context paths the commands really write (the replay fixtures' EntryContext) and the yml
outputs match; the README's documented paths and types are kept, with the intentional fixes."""
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
