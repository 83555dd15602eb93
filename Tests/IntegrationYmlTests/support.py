"""Shared helpers: the repository's files, parsed (integration.yml, the Swift dispatch table and
argument reads, README.md's command reference, the replay fixtures), the binary and the mock."""
import functools
import glob
import importlib.machinery
import importlib.util
import json
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCES = os.path.join(ROOT, 'Sources', 'DarktraceIntegration')
FIXTURES = os.path.join(ROOT, 'Tests', 'DarktraceIntegrationTests', 'Fixtures')
GEN_DOCS = os.path.join(ROOT, 'scripts', 'gen-command-docs')
MOCK = os.path.join(ROOT, 'scripts', 'mock_darktrace.py')
IMPLICIT_COMMANDS = {'test-module', 'fetch-incidents'}
COMMAND_NAME = re.compile(r'^[a-z0-9]+(-[a-z0-9]+)*$')


def _load_gen_docs():
    loader = importlib.machinery.SourceFileLoader('gen_command_docs', GEN_DOCS)
    spec = importlib.util.spec_from_loader('gen_command_docs', loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


gen_docs = _load_gen_docs()


@functools.lru_cache(maxsize=None)
def yml_text():
    with open(os.path.join(ROOT, 'integration.yml'), encoding='utf-8') as f:
        return f.read()


def yml():
    """integration.yml, parsed afresh (callers may mutate it)."""
    return gen_docs.load_yaml(yml_text())


def yml_commands():
    return {c['name']: c for c in yml()['script']['commands']}


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def dispatch_table():
    """{command name: Swift function name, or None for test-module/fetch-incidents} of CommandTable.swift."""
    text = read(os.path.join(SOURCES, 'CommandTable.swift'))
    body = text[text.index('handlers'):]
    table = {}
    for m in re.finditer(r'"([^"]+)"\s*:\s*\.(\w+)(?:\((\w+)\))?', body):
        table[m.group(1)] = m.group(3) if m.group(2) == 'command' else None
    return table


_FUNC = re.compile(r'^(?:(?:private|fileprivate|internal|public)\s+)?func\s+(\w+)', re.M)
_ARG_READ = re.compile(r'\bargs\.(\w+)\(\s*"([^"]+)"')


@functools.lru_cache(maxsize=None)
def swift_functions():
    """{function name: body text} of every top-level function in Commands/*.swift."""
    funcs = {}
    for path in sorted(glob.glob(os.path.join(SOURCES, 'Commands', '*.swift'))):
        text = read(path)
        starts = list(_FUNC.finditer(text))
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
            funcs[m.group(1)] = text[m.start():end]
    return funcs


def swift_argument_reads(function):
    """{argument name: set of Arguments methods} the function reads, following calls to other
    functions of Commands/*.swift (e.g. acknowledgeCommand -> setAcknowledgement)."""
    funcs = swift_functions()
    seen, todo, reads = set(), [function], {}
    while todo:
        name = todo.pop()
        if name in seen or name not in funcs:
            continue
        seen.add(name)
        body = funcs[name]
        for m in _ARG_READ.finditer(body):
            reads.setdefault(m.group(2), set()).add(m.group(1))
        for other in funcs:
            if other != name and re.search(r'\b%s\(' % re.escape(other), body):
                todo.append(other)
    return reads


def readme_section():
    """The text between README.md's command-reference markers ('' when absent or empty)."""
    text = read(os.path.join(ROOT, 'README.md'))
    if gen_docs.BEGIN not in text or gen_docs.END not in text:
        return ''
    return text.split(gen_docs.BEGIN, 1)[1].split(gen_docs.END, 1)[0].strip('\n')


def readme_commands(section):
    """{command: {'inputs': [argument names], 'outputs': [(path, type)]}} from `### name` blocks."""
    commands, current, table = {}, None, None
    for line in section.split('\n'):
        m = re.match(r'^### (\S+)$', line)
        if m and COMMAND_NAME.match(m.group(1)):
            current, table = commands.setdefault(m.group(1), {'inputs': [], 'outputs': []}), None
            continue
        if line.startswith('#'):
            table = {'#### Input': 'inputs', '#### Context Output': 'outputs'}.get(line.strip())
            if line.startswith('### '):
                current = None
            continue
        if current is None or table is None or not line.startswith('|'):
            continue
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if cells[0].startswith('**') or set(cells[0]) <= set('-: '):
            continue
        current[table].append(cells[0] if table == 'inputs' else (cells[0], cells[1]))
    return commands


def strip_selector(key):
    """'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)' -> 'Darktrace.ModelBreach'."""
    return re.sub(r'\(.*\)$', '', key)


def leaf_paths(prefix, value, out):
    """Adds every leaf path under prefix (arrays traversed; an empty object or array is a leaf)."""
    if isinstance(value, dict):
        if not value:
            out.add(prefix)
        for k, v in value.items():
            leaf_paths(prefix + '.' + k, v, out)
    elif isinstance(value, list):
        if not value:
            out.add(prefix)
        for v in value:
            leaf_paths(prefix, v, out)
    else:
        out.add(prefix)
    return out


def fixture_context_leaves():
    """{leaf path under Darktrace.*: set of fixture names} over the Type 1 entries of every stdout.json."""
    leaves = {}
    for path in sorted(glob.glob(os.path.join(FIXTURES, '*', 'stdout.json'))):
        name = os.path.basename(os.path.dirname(path))
        with open(path, encoding='utf-8') as f:
            result = json.load(f)
        for entry in result.get('entries') or []:
            if not isinstance(entry, dict) or entry.get('Type') != 1:
                continue
            for key, value in (entry.get('EntryContext') or {}).items():
                for leaf in leaf_paths(strip_selector(key), value, set()):
                    if leaf.startswith('Darktrace.'):
                        leaves.setdefault(leaf, set()).add(name)
    return leaves


def covers(output_path, leaf):
    """True when a yml output path documents the leaf: equal, or a parent of it."""
    return leaf == output_path or leaf.startswith(output_path + '.')


def binary():
    """The built darktrace-xsoar (env DARKTRACE_XSOAR_BIN, else .build/release), or None."""
    return gen_docs.find_binary()


NO_BINARY = ('darktrace-xsoar is not built: run `swift build -c release --product darktrace-xsoar` '
             'or set DARKTRACE_XSOAR_BIN')
NO_MOCK = 'scripts/mock_darktrace.py does not exist yet'
