"""scripts/gen-command-docs: README.md's command reference is current, and its rendering helpers."""
import os
import subprocess
import sys
import unittest

from . import support

gen = support.gen_docs


class RenderingTests(unittest.TestCase):
    def test_context_example_applies_dt_keys(self):
        ctx = {'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)': {'pbid': 1},
               'Darktrace.Other': [1]}
        self.assertEqual(gen.context_example(ctx), {'Darktrace': {'ModelBreach': {'pbid': 1}, 'Other': [1]}})

    def test_example_line(self):
        self.assertEqual(gen.example_line('c', [('a', '1'), ('q', 'x y'), ('r', 'did=1,count=2')]),
                         'c a=1 q="x y" r=did=1,count=2')

    def test_cell(self):
        self.assertEqual(gen.cell('a|b\nc <d>'), 'a\\|b<br/>c &lt;d&gt;')

    def test_every_command_has_an_example(self):
        self.assertEqual(sorted(gen.EXAMPLES), sorted(support.yml_commands()))

    def test_split_readme(self):
        text = 'top\n%s\n\nold\n\n%s\nbottom\n' % (gen.BEGIN, gen.END)
        head, section, tail = gen.split_readme(text)
        self.assertEqual((head, section, tail), ('top\n' + gen.BEGIN + '\n', 'old\n', gen.END + '\nbottom\n'))
        with self.assertRaises(RuntimeError):
            gen.split_readme('no markers')


@unittest.skipUnless(support.binary(), support.NO_BINARY)
@unittest.skipUnless(os.path.isfile(support.MOCK), support.NO_MOCK)
class ReadmeIsCurrentTests(unittest.TestCase):
    def test_check(self):
        env = dict(os.environ, DARKTRACE_XSOAR_BIN=support.binary())
        done = subprocess.run([sys.executable, support.GEN_DOCS, '--check'], cwd=support.ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        self.assertEqual(done.returncode, 0, 'README.md is not current (run scripts/gen-command-docs):\n'
                         + done.stdout[-4000:] + done.stderr[-2000:])


if __name__ == '__main__':
    unittest.main()
