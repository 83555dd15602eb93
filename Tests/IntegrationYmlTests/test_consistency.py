"""integration.yml, the Swift dispatch table and command functions, and README.md agree on the
command names and their argument names; so do each later integration's yml and its Swift folder
(Sources/DarktraceIntegration/<Name>/: <Name>Commands.swift and the functions it names)."""
import unittest

from . import support


class CommandNamesTests(unittest.TestCase):
    def test_dispatch_table_parsed(self):
        table = support.dispatch_table()
        self.assertTrue(support.IMPLICIT_COMMANDS <= set(table), table)
        self.assertGreaterEqual(len(table), 3, table)
        for name, function in table.items():
            if name not in support.IMPLICIT_COMMANDS:
                self.assertIn(function, support.swift_functions(), 'no function %s for %s' % (function, name))

    def test_yml_commands_are_the_dispatch_table(self):
        expected = set(support.dispatch_table()) - support.IMPLICIT_COMMANDS
        self.assertEqual(sorted(support.yml_commands()), sorted(expected))

    def test_yml_commands_are_unique(self):
        names = [c['name'] for c in support.yml()['script']['commands']]
        self.assertEqual(len(names), len(set(names)), names)

    def test_readme_commands_are_the_dispatch_table(self):
        section = support.readme_section()
        if not section:
            self.skipTest("README.md's command reference is empty: run scripts/gen-command-docs")
        expected = set(support.dispatch_table()) - support.IMPLICIT_COMMANDS
        self.assertEqual(sorted(support.readme_commands(section)), sorted(expected))


class ArgumentNamesTests(unittest.TestCase):
    def test_yml_arguments_are_what_swift_reads(self):
        table = support.dispatch_table()
        for name, cmd in support.yml_commands().items():
            with self.subTest(command=name):
                reads = support.swift_argument_reads(table[name])
                self.assertTrue(reads, 'found no args.<method>("name") reads for %s' % table[name])
                yml_args = [a['name'] for a in cmd.get('arguments') or []]
                self.assertEqual(len(yml_args), len(set(yml_args)), yml_args)
                self.assertEqual(sorted(yml_args), sorted(reads))

    def test_required_flags_match_swift(self):
        """required in the yml exactly when Swift reads the argument with a required* method
        (entity details' query is read as a list and checked by hand: required too)."""
        table = support.dispatch_table()
        for name, cmd in support.yml_commands().items():
            reads = support.swift_argument_reads(table[name])
            for a in cmd.get('arguments') or []:
                with self.subTest(command=name, argument=a['name']):
                    methods = reads.get(a['name'], set())
                    swift_required = any(m.startswith('required') for m in methods) or (
                        methods == {'list'} and a['name'] == 'query')
                    self.assertEqual(bool(a.get('required')), swift_required, methods)

    def test_boolean_arguments_are_predefined_true_false(self):
        table = support.dispatch_table()
        for name, cmd in support.yml_commands().items():
            reads = support.swift_argument_reads(table[name])
            for a in cmd.get('arguments') or []:
                if 'boolean' in reads.get(a['name'], set()):
                    with self.subTest(command=name, argument=a['name']):
                        self.assertEqual(a.get('auto'), 'PREDEFINED')
                        self.assertEqual(a.get('predefined'), ['true', 'false'])

    def test_readme_inputs_are_the_yml_arguments(self):
        section = support.readme_section()
        if not section:
            self.skipTest("README.md's command reference is empty: run scripts/gen-command-docs")
        documented = support.readme_commands(section)
        for name, cmd in support.yml_commands().items():
            with self.subTest(command=name):
                self.assertEqual(documented[name]['inputs'], [a['name'] for a in cmd.get('arguments') or []])

    def test_readme_outputs_are_the_yml_outputs(self):
        section = support.readme_section()
        if not section:
            self.skipTest("README.md's command reference is empty: run scripts/gen-command-docs")
        documented = support.readme_commands(section)
        for name, cmd in support.yml_commands().items():
            with self.subTest(command=name):
                self.assertEqual(documented[name]['outputs'],
                                 [(o['contextPath'], o['type']) for o in cmd.get('outputs') or []])


class LaterYmlsMatchTheirDispatchTablesTests(unittest.TestCase):
    """integrations/<Name>/<Name>.yml and Sources/DarktraceIntegration/<Name>/ agree. While a later
    integration's dispatch table is still empty, these fail saying so (its Swift is not written yet)."""

    def table(self, name):
        table = support.dispatch_table(name)
        if not set(table) - support.IMPLICIT_COMMANDS:
            self.fail('%s has no commands in its dispatch table yet (%s): the Swift side of %s is not written, '
                      'so its yml cannot be checked against it' % (name, support.dispatch_table_path(name), name))
        return table

    def test_yml_commands_are_the_dispatch_table(self):
        for name in support.LATER_INTEGRATIONS:
            with self.subTest(integration=name):
                table = self.table(name)
                self.assertEqual(sorted(support.yml_commands(name)), sorted(set(table) - support.IMPLICIT_COMMANDS))
                expected = {'test-module'} | ({'fetch-incidents'} if support.yml(name)['script']['isfetch'] else set())
                self.assertEqual(set(table) & support.IMPLICIT_COMMANDS, expected)

    def test_yml_arguments_are_what_swift_reads(self):
        for name in support.LATER_INTEGRATIONS:
            with self.subTest(integration=name):
                table = self.table(name)
                for command, cmd in support.yml_commands(name).items():
                    if command not in table:
                        continue  # reported by test_yml_commands_are_the_dispatch_table
                    with self.subTest(command=command):
                        self.assertTrue(table[command] in support.swift_functions(name),
                                      'the dispatch table names %s, which is not written yet (no top-level func '
                                      'in %s/ or Shared/)' % (table[command], name))
                        reads = support.swift_argument_reads(table[command], name)
                        self.assertTrue(reads, 'found no args.<method>("name") reads for %s' % table[command])
                        self.assertEqual(sorted(a['name'] for a in cmd.get('arguments') or []), sorted(reads))


class SwiftParsingTests(unittest.TestCase):
    """The Swift parsing itself, on the shapes the sources use."""

    def test_follows_helper_calls(self):
        reads = support.swift_argument_reads('acknowledgeCommand')
        self.assertEqual(sorted(reads), ['pbid'])

    def test_argument_methods(self):
        self.assertIn('boolean', support.swift_argument_reads('getExternalEndpointDetailsCommand')['score'])
        self.assertIn('requiredInteger', support.swift_argument_reads('listSimilarDevicesCommand')['max_results'])


if __name__ == '__main__':
    unittest.main()
