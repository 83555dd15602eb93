"""Shared helpers: the repository's files, parsed (integration.yml and the four later integrations'
integrations/<Name>/<Name>.yml, the Swift dispatch tables and argument reads, README.md's command
reference, the replay fixtures), the binary and the mock, and ../shared's later-integration cases."""
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

# The v1 integration (integration.yml) and the four later ones (LATER.md), each with its own yml.
V1 = 'Darktrace'
LATER_INTEGRATIONS = ('DarktraceMBs', 'DarktraceAIA', 'DarktraceAdmin', 'DarktraceEmail')
ALL_INTEGRATIONS = (V1,) + LATER_INTEGRATIONS
# ../shared (the specification and its cases; not in a fresh clone): LATER.md's public cases and
# the conformance kit's mock that serves a case's api.json.
SHARED = os.environ.get('DARKTRACE_SHARED_DIR') or os.path.join(os.path.dirname(ROOT), 'shared')
LATER_CASES = os.path.join(SHARED, 'cases', 'later-public')
CONFORMANCE_MOCK = os.path.join(SHARED, 'tools', 'conformance', 'mock_darktrace.py')
NO_LATER_CASES = '%s is not on this machine (../shared is not part of a clone)' % LATER_CASES
NO_CONFORMANCE_MOCK = '%s is not on this machine (../shared is not part of a clone)' % CONFORMANCE_MOCK


def _load_gen_docs():
    loader = importlib.machinery.SourceFileLoader('gen_command_docs', GEN_DOCS)
    spec = importlib.util.spec_from_loader('gen_command_docs', loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


gen_docs = _load_gen_docs()


def yml_path(integration=V1):
    """integration.yml for v1; integrations/<Name>/<Name>.yml for the later four."""
    if integration == V1:
        return os.path.join(ROOT, 'integration.yml')
    return os.path.join(ROOT, 'integrations', integration, integration + '.yml')


@functools.lru_cache(maxsize=None)
def yml_text(integration=V1):
    with open(yml_path(integration), encoding='utf-8') as f:
        return f.read()


def yml(integration=V1):
    """The integration's yml (default: integration.yml), parsed afresh (callers may mutate it)."""
    return gen_docs.load_yaml(yml_text(integration))


def yml_commands(integration=V1):
    return {c['name']: c for c in yml(integration)['script']['commands']}


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def _first_existing(paths):
    return next((p for p in paths if os.path.isfile(p)), paths[0])


def dispatch_table_path(integration=V1):
    """<Name>/<Name>Commands.swift (v1 before the move to one folder per integration: CommandTable.swift)."""
    paths = [os.path.join(SOURCES, integration, integration + 'Commands.swift')]
    if integration == V1:
        paths.append(os.path.join(SOURCES, 'CommandTable.swift'))
    return _first_existing(paths)


def dispatch_table(integration=V1):
    """{command name: Swift function name, or None for test-module/fetch-incidents} of the integration's
    dispatch table (the `commands:` / `handlers` dictionary literal)."""
    text = read(dispatch_table_path(integration))
    start = re.search(r'\b(?:commands|handlers)\b\s*[:=]', text)
    body = text[start.start():] if start else ''
    table = {}
    for m in re.finditer(r'"([^"]+)"\s*:\s*\.(\w+)(?:\((\w+)\))?', body):
        table[m.group(1)] = m.group(3) if m.group(2) == 'command' else None
    return table


_FUNC = re.compile(r'^(?:(?:private|fileprivate|internal|public)\s+)?func\s+(\w+)', re.M)
_ARG_READ = re.compile(r'\bargs\.(\w+)\(\s*"([^"]+)"')


@functools.lru_cache(maxsize=None)
def swift_functions(integration=V1):
    """{function name: body text} of every top-level function in the integration's folder
    (<Name>/**/*.swift; v1 before the move: Commands/*.swift) and in Shared/**/*.swift."""
    folders = [integration] + (['Commands'] if integration == V1 else []) + ['Shared']
    paths = [p for folder in folders for p in glob.glob(os.path.join(SOURCES, folder, '**', '*.swift'), recursive=True)]
    funcs = {}
    for path in sorted(set(paths)):
        text = read(path)
        starts = list(_FUNC.finditer(text))
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
            funcs[m.group(1)] = text[m.start():end]
    return funcs


def swift_argument_reads(function, integration=V1):
    """{argument name: set of Arguments methods} the function reads, following calls to other
    functions of swift_functions(integration) (e.g. acknowledgeCommand -> setAcknowledgement)."""
    funcs = swift_functions(integration)
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


def fixture_context_leaves(integration=V1):
    """{leaf path under Darktrace.*: set of fixture names} over the Type 1 entries of every stdout.json
    of the integration's fixtures (those whose envelope names it; v1's name none)."""
    leaves = {}
    for path in sorted(glob.glob(os.path.join(FIXTURES, '*', 'stdout.json'))):
        name = os.path.basename(os.path.dirname(path))
        try:
            with open(os.path.join(os.path.dirname(path), 'envelope.json'), encoding='utf-8') as f:
                envelope = json.load(f)
        except (OSError, ValueError):
            envelope = None  # an unusable envelope on purpose: v1's
        named = envelope.get('integration') if isinstance(envelope, dict) else None
        if (named or V1) != integration:
            continue
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


# ---------------------------------------------------------------- ../shared's later-integration cases
def later_cases(integration):
    """[(case name, folder)] of LATER_CASES for one integration, sorted ([] when LATER_CASES is absent).
    A case folder is named <Integration>__<command>[__<variant>]."""
    found = []
    for path in sorted(glob.glob(os.path.join(LATER_CASES, integration + '__*', 'envelope.json'))):
        folder = os.path.dirname(path)
        found.append((os.path.basename(folder), folder))
    return found


def case_json(folder, name):
    with open(os.path.join(folder, name), encoding='utf-8') as f:
        return json.load(f)


ISO_TIME = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$')


def json_kind(value):
    """The JSON kind of a value, with ISO 8601 times told apart from other strings."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, (int, float)):
        return 'number'
    if isinstance(value, str):
        return 'date' if ISO_TIME.match(value) else 'string'
    return 'array' if isinstance(value, list) else 'object'


def context_kinds(prefix, value, out):
    """Adds {path: set of JSON kinds} for every path under prefix, containers included (arrays
    traversed: an array's items are at the array's own path)."""
    out.setdefault(prefix, set()).add(json_kind(value))
    if isinstance(value, dict):
        for k, v in value.items():
            context_kinds(prefix + '.' + k, v, out)
    elif isinstance(value, list):
        for v in value:
            context_kinds(prefix, v, out)
    return out


def entries_context(entries):
    """({leaf path}, {path: kinds}) of the Type 1 entries' EntryContext (selectors stripped)."""
    leaves, kinds = set(), {}
    for entry in entries or []:
        if not isinstance(entry, dict) or entry.get('Type') != 1:
            continue
        for key, value in (entry.get('EntryContext') or {}).items():
            leaf_paths(strip_selector(key), value, leaves)
            context_kinds(strip_selector(key), value, kinds)
    return leaves, kinds


# The XSOAR output type that documents a path holding these JSON kinds (null fits every type).
TYPE_KINDS = {'String': {'string', 'date'}, 'Date': {'date'}, 'Number': {'number'}, 'Boolean': {'boolean'}}


def type_fits(type_, kinds):
    """True when an output of type_ may hold values of these kinds: a container (object or array)
    is Unknown, a scalar path has the type of its values (Unknown fits anything)."""
    if type_ == 'Unknown':
        return True
    return (kinds - {'null'}) <= TYPE_KINDS.get(type_, set())
