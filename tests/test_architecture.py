"""The package's shape: no import cycle, and a core that knows nothing of the command line.

Every module under playbook_cli is parsed (never imported), and every import
counts, the ones inside a function too: a cycle hidden in a function still
means two modules that cannot be understood, tested or moved apart. A dotted
name of a package module in a string ("playbook_cli.render.text", as the
format registries hold them) counts as an import, since it is imported by name.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "playbook_cli"

# The core: loading, checking, scoring and storing. It returns values or raises
# PlaybookError; printing, prompting and exit statuses belong to the command line.
CORE = ["model", "errors", "files", "yamlsource", "loader", "overlay", "catalog", "scoring", "answers",
        "actions", "overview", "trend", "team", "validation", "scaffold"]
UI_LIBRARIES = {"click"}

_DOTTED = re.compile(r"playbook_cli(?:\.\w+)+")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _absolute(node: ast.ImportFrom, name: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = name.split(".") if is_package else name.split(".")[:-1]
    base = base[:len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(name: str, path: Path, known: set[str]) -> tuple[set[str], set[str]]:
    """(the package's modules this one imports, the top-level names of everything else it imports)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    inside: set[str] = set()
    outside: set[str] = set()

    # The packages above this module are already running when it imports: not an edge.
    parts = name.split(".")
    above = {".".join(parts[:end]) for end in range(1, len(parts) + 1)}

    def add(target: str) -> None:
        if target.split(".")[0] != "playbook_cli":
            outside.add(target.split(".")[0])
            return
        # Importing a.b.c runs a/__init__ and a/b/__init__ first, then a/b/c.
        parts = target.split(".")
        prefixes = [".".join(parts[:end]) for end in range(1, len(parts) + 1)]
        found = [p for p in prefixes if p in known]
        if found:
            inside.add(found[-1])
            inside.update(p for p in found[:-1] if p not in above)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, name, path.name == "__init__.py")
            submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known]
            for module in submodules:  # `from playbook_cli import answers` imports a module
                add(module)
            if len(submodules) < len(node.names):  # and the others are names defined in `base`
                add(base)
            elif base not in above:
                add(base)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _DOTTED.fullmatch(
                node.value.split(":")[0]):
            add(node.value.split(":")[0])
    inside.discard(name)
    return inside, outside


def import_graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    found = modules()
    known = set(found)
    graph, external = {}, {}
    for name, path in found.items():
        graph[name], external[name] = imports_of(name, path, known)
    return graph, external


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each as a path that closes."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_closing_path(graph, group) for group in groups]


def _closing_path(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """A shortest cycle through the group's first module, to name in a message: a -> b -> a."""
    start = group[0]
    members = set(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                return paths[node] + [start]
            if nxt not in paths:
                paths[nxt] = paths[node] + [nxt]
                queue.append(nxt)
    return group  # pragma: no cover - a strongly connected group always closes


def test_the_package_has_no_import_cycle():
    graph, _ = import_graph()
    found = cycles(graph)
    assert not found, "import cycles (function-level imports included):\n" + "\n".join(
        "  " + " -> ".join(cycle) for cycle in found)


def test_the_cycle_finder_finds_and_names_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_function_level_and_registry_imports_are_seen(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from playbook_cli.render import html\n"
                      "FORMATS = {'text': 'playbook_cli.render.text'}\n", encoding="utf-8")
    known = {"playbook_cli", "playbook_cli.render", "playbook_cli.render.html", "playbook_cli.render.text",
             "playbook_cli.model"}
    inside, _ = imports_of("playbook_cli.render.mod", source, known)
    assert inside == {"playbook_cli.render.html", "playbook_cli.render.text"}  # its own packages are no edge
    source.write_text("import click\n\ndef f():\n    from playbook_cli.render.html import escape\n", encoding="utf-8")
    inside, outside = imports_of("playbook_cli.model", source, known)
    assert (inside, outside) == ({"playbook_cli.render", "playbook_cli.render.html"}, {"click"})


def test_the_core_never_imports_the_command_line_library():
    graph, external = import_graph()
    core = [f"playbook_cli.{name}" for name in CORE if f"playbook_cli.{name}" in graph]
    assert {"playbook_cli.model", "playbook_cli.loader", "playbook_cli.scoring", "playbook_cli.answers"} <= set(core)
    problems = []
    for module in core:
        # What the module brings in when imported, through the package's own modules too.
        seen, todo = {module}, [module]
        while todo:
            for nxt in graph[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        for reached in sorted(seen):
            for library in sorted(external[reached] & UI_LIBRARIES):
                via = "" if reached == module else f" (through {reached})"
                problems.append(f"{module} imports {library}{via}")
    assert not problems, "\n".join(problems)


# -- one resolver for `extends:` -------------------------------------------------------------
# The command line and the site find the checklist an overlay extends in the same search path
# (--checklists, PLAYBOOK_CHECKLISTS, ./checklists, packaged), so they accept and refuse the same files.

def _site_project(root: Path, overlays: dict[str, str]) -> Path:
    """A project with only overlays in checklists/ (and a docs/ with no play pages: the base links none)."""
    (root / "checklists").mkdir(parents=True)
    (root / "docs").mkdir()
    for name, text in overlays.items():
        (root / "checklists" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def _validate_and_generate(overlay: Path, root: Path) -> tuple[list[str], list[str]]:
    """(what `playbook validate OVERLAY` lists, what the site's generation raises about it), as problem lines.

    Hints are left out: the one about a missing base lists the directories searched,
    and the site searches its own checklists/ first, wherever it is run from.
    """
    from click.testing import CliRunner

    from playbook_cli.cli import main
    from playbook_cli.errors import PlaybookError
    from playbook_cli.site.generate import generate

    result = CliRunner().invoke(main, ["validate", str(overlay)], catch_exceptions=False)
    validated = [line.split(" (hint: ")[0] for line in result.stdout.splitlines() if line]
    assert result.exit_code == (1 if validated else 0), result.stderr
    try:
        generate(root)
    except PlaybookError as exc:
        return validated, [str(p) for p in exc.problems if p.path == validated[0].split(":")[0]]
    return validated, []


@pytest.fixture
def base_elsewhere(tmp_path, workdir, monkeypatch):
    """The base checklist `mini` only in a directory named by PLAYBOOK_CHECKLISTS."""
    from tests.conftest import MINI

    shared = tmp_path / "upstream"
    shared.mkdir()
    (shared / "mini.yaml").write_text(MINI.replace(", play: plays/a.md", "").replace(", play: plays/b.md", ""),
                                      encoding="utf-8")
    monkeypatch.setenv("PLAYBOOK_CHECKLISTS", str(shared))
    return shared


OVERLAY = "id: mini-acme\nextends: mini\nversion: 1\nremove: [roles]\n"


@pytest.mark.parametrize("cwd", ["project", "elsewhere"])
def test_validate_and_the_site_both_find_a_base_on_playbook_checklists(base_elsewhere, tmp_path, monkeypatch, cwd):
    root = _site_project(tmp_path / "project", {"mini-acme": OVERLAY})
    if cwd == "project":  # ./checklists is then the overlay's own directory
        monkeypatch.chdir(root)
    assert _validate_and_generate(root / "checklists" / "mini-acme.yaml", root) == ([], [])
    page = (root / "docs" / "checklists" / "mini-acme.md").read_text(encoding="utf-8")
    assert "Is there a sponsor?" in page and "Are roles clear?" not in page


@pytest.mark.parametrize("overlays", [
    {"mini-acme": "id: mini-acme\nextends: nowhere\nversion: 1\n"},
    {"loop-a": "id: loop-a\nextends: loop-b\nversion: 1\n", "loop-b": "id: loop-b\nextends: loop-a\nversion: 1\n"},
    {"selfish": "id: selfish\nextends: selfish\nversion: 1\n"},
], ids=["missing base", "loop", "self loop"])
def test_validate_and_the_site_refuse_a_bad_extends_with_the_same_message(base_elsewhere, tmp_path, monkeypatch,
                                                                          overlays):
    root = _site_project(tmp_path / "project", overlays)
    monkeypatch.chdir(root)
    first = root / "checklists" / f"{next(iter(overlays))}.yaml"
    validated, generated = _validate_and_generate(first, root)
    assert len(validated) == 1 and validated[0].startswith(f"{first.relative_to(root)}:2:10: cannot extend ")
    assert generated == validated


def test_a_loop_is_reported_the_same_way_by_validate_show_and_score(base_elsewhere, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from playbook_cli.cli import main

    root = _site_project(tmp_path / "project", {
        "loop-a": "id: loop-a\nextends: loop-b\nversion: 1\n", "loop-b": "id: loop-b\nextends: loop-a\nversion: 1\n"})
    monkeypatch.chdir(root)
    (root / "a.yaml").write_text("checklist: loop-a\nanswers: {}\n", encoding="utf-8")
    runner = CliRunner()
    validated = runner.invoke(main, ["validate", "checklists/loop-a.yaml"], catch_exceptions=False)
    expected = "checklists/loop-a.yaml:2:10: cannot extend 'loop-b': checklists/loop-b.yaml:2:10: cannot extend " \
               "'loop-a': 'extends' makes a loop: loop-a -> loop-b -> loop-a"
    assert (validated.exit_code, validated.stdout) == (1, expected + "\n")
    for args in (["show", "loop-a"], ["score", "a.yaml"]):
        result = runner.invoke(main, args, catch_exceptions=False)
        assert (result.exit_code, result.stderr.splitlines()[0]) == (2, f"Error: {expected}")


# -- reporters by name ---------------------------------------------------------------------------
# Every command's --format choices are the keys of its registry of renderers, so the two never drift.

def _registries() -> dict[str, dict]:
    from playbook_cli.render import FORMATS, LISTING_FORMATS, TREND_FORMATS
    from playbook_cli.render.actions import ACTION_FORMATS
    from playbook_cli.render.overview import OVERVIEW_FORMATS

    return {"list": LISTING_FORMATS, "show": FORMATS, "score": FORMATS, "trend": TREND_FORMATS,
            "actions": ACTION_FORMATS, "overview": OVERVIEW_FORMATS}


def test_every_format_option_takes_its_choices_from_its_registry():
    from playbook_cli.cli import main

    registries = _registries()
    formats = {}
    for name, command in main.commands.items():
        for param in command.params:
            if "--format" in getattr(param, "opts", ()):
                formats[name] = list(param.type.choices)
    assert set(formats) == set(registries), "a command with --format needs a registry here (and in render/)"
    for name, choices in formats.items():
        assert choices == list(registries[name]), name


def test_every_registered_renderer_exists():
    from playbook_cli.render import FORMATS, reporter

    for name, registry in _registries().items():
        for fmt in registry:
            if registry is FORMATS:
                assert callable(reporter(FORMATS, fmt, "render_result")) and callable(
                    reporter(FORMATS, fmt, "render_checklist")), fmt
            elif isinstance(registry[fmt], str):
                assert callable(reporter(registry, fmt)), (name, fmt)
            else:
                assert callable(registry[fmt]), (name, fmt)


def test_no_renderer_is_chosen_by_an_if_chain_beside_a_registry():
    """`if fmt == "html": ...` in a renderer is a format the registry (and --format) does not know of."""
    chains = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "fmt" \
                    and isinstance(node.ops[0], ast.Eq):
                chains.append(f"{name}:{node.lineno}")
    assert not chains, "formats chosen by comparison, not through a registry: " + ", ".join(chains)


# -- the rules live in the core; the command line parses, calls, prints and exits ----------------

def test_the_gate_is_a_core_rule_with_its_reason():
    from playbook_cli.loader import ChecklistValidator
    from playbook_cli.model import Answers
    from playbook_cli.scoring import gate, score
    from playbook_cli.yamlsource import load_yaml
    from tests.conftest import MINI

    checklist = ChecklistValidator(Path("mini.yaml"), None).build(load_yaml("mini.yaml", text=MINI))
    # weights: owner 3 (critical), sponsor 1, metric 2, roles 2
    blocked = score(checklist, [Answers("mini", answers={"owner": "no", "sponsor": "yes", "metric": "yes",
                                                          "roles": "yes"})])
    assert (blocked.score, [i.id for i in blocked.blockers]) == (63, ["owner"])
    assert (gate(blocked, 60).passed, gate(blocked, 60).reason) == (False, "1 blocker(s) remain: owner")
    assert (gate(blocked, 70).passed, gate(blocked, 70).reason) == (False, "score 63 is below 70")
    fine = score(checklist, [Answers("mini", answers={"owner": "yes", "sponsor": "no", "metric": "yes",
                                                       "roles": "partly"})])
    assert fine.score == 75  # (3 + 0 + 2 + 1) / 8
    assert (gate(fine, 75).passed, gate(fine, 75).reason) == (True, "score 75 >= 75, no blockers")


def test_team_loading_returns_its_warnings_and_prints_nothing(project, tmp_path, capsys):
    from playbook_cli.catalog import Catalog
    from playbook_cli.errors import AnswersError
    from playbook_cli.team import load_team
    from tests.conftest import write_answers

    dana = write_answers(tmp_path / "dana.yaml", {"owner": '"yes"', "ownr": '"no"'}, respondent="Dana")
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(dana.read_bytes())
    catalog = Catalog.discover(project / "checklists")
    team = load_team([str(dana), str(copy), str(dana)], catalog)
    assert capsys.readouterr() == ("", "")
    assert [a.path for a in team.answer_sets] == [str(dana)] and team.checklist.id == "mini"
    assert [(w.path, w.line, w.message.split(";")[0]) for w in team.warnings] == [
        (str(copy), None, "the same file was given twice"),
        (str(dana), None, "the same file was given twice"),
        (str(dana), 5, "answer for unknown item 'ownr' in checklist 'mini' is ignored"),
    ]
    other = write_answers(tmp_path / "other.yaml", {}, checklist="another-checklist")
    with pytest.raises(AnswersError, match="answers files are for different checklists"):
        load_team([str(dana), str(other)], catalog)


def test_the_model_holds_no_parser_objects(project, tmp_path):
    from playbook_cli.answers import load_answers
    from playbook_cli.yamlsource import Mapping, Sequence
    from tests.conftest import write_answers

    graph, _ = import_graph()
    assert "playbook_cli.yamlsource" not in graph["playbook_cli.model"]
    path = write_answers(tmp_path / "a.yaml", {"owner": '"yes"', "ghost": '"no"'}, team="Payments")
    answers = load_answers(path)
    assert answers.answer_position("ghost") == (5, 3) and answers.checklist_pos == (1, 12)

    def parser_objects(value, where="answers"):
        if isinstance(value, (Mapping, Sequence)):
            yield where
        if isinstance(value, dict):
            for key, item in value.items():
                yield from parser_objects(key, f"{where}[{key!r}]")
                yield from parser_objects(item, f"{where}[{key!r}]")
        elif isinstance(value, (list, tuple)):
            for n, item in enumerate(value):
                yield from parser_objects(item, f"{where}[{n}]")
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                yield from parser_objects(getattr(value, name), f"{where}.{name}")

    assert list(parser_objects(answers)) == []
    assert load_answers(path, positions=False).answer_position("ghost") == (None, None)


def test_the_plain_loader_has_no_resolver_of_its_own(tmp_path):
    """loader.py checks plain checklists; an overlay's base is found by the catalog alone."""
    from playbook_cli.errors import ChecklistError
    from playbook_cli.loader import load_checklist

    (tmp_path / "mini.yaml").write_text("id: mini\ntitle: Mini\nversion: 1\nsections: []\n", encoding="utf-8")
    path = tmp_path / "mini-acme.yaml"
    path.write_text("id: mini-acme\nextends: mini\nversion: 1\n", encoding="utf-8")  # its base is right beside it
    with pytest.raises(ChecklistError) as raised:
        load_checklist(path)
    assert (raised.value.first.line, raised.value.first.column) == (2, 10)
    assert raised.value.first.message.startswith("cannot extend 'mini': only a checklist catalog finds")


def test_contributing_maps_every_module_once():
    """CONTRIBUTING's "Where the code lives" names every module: a module of the package by its
    path, one in render/ or site/ by its file name in that package's row."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text.split("## Where the code lives", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    missing = []
    for name, path in modules().items():
        if path.name in ("__init__.py", "__main__.py") and path.parent != PACKAGE / "render":
            continue
        package = path.parent.relative_to(REPO).as_posix()
        if path.parent == PACKAGE:
            cells = [row.split(" | ")[0] for row in rows]
            found = sum(f"`playbook_cli/{path.name}`" in cell or f"`{path.name}`" in cell.split(",", 1)[-1]
                        for cell in cells)
        else:
            package_rows = [row for row in rows if row.startswith(f"| `{package}/`")]
            found = sum(row.count(f"`{path.name}`") for row in package_rows)
        if found != 1:
            missing.append(f"{name} ({found} times)")
    assert not missing, "CONTRIBUTING.md's map must name each module once: " + ", ".join(missing)


# DESIGN.md: these modules are pure; reading and writing files is answers.py's, files.py's, closing.py's.
PURE = ["model", "scoring", "actions", "trend"]
_IO_MODULES = {"os", "pathlib", "io", "shutil", "tempfile", "glob", "subprocess"}
_IO_CALLS = {"open", "load_yaml", "load_answers", "save_answers", "write_atomic", "read_text", "read_answers_files"}
_IO_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open", "rglob", "glob", "iterdir", "exists",
               "is_file", "is_dir", "stat", "mkdir", "unlink", "resolve"}


def test_the_pure_modules_do_no_io():
    found = []
    for name in PURE:
        path = PACKAGE / f"{name}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                found += [f"{name}:{node.lineno} imports {n}" for n in names if n.split(".")[0] in _IO_MODULES]
            elif isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else None
                method = func.attr if isinstance(func, ast.Attribute) else None
                if called in _IO_CALLS or method in _IO_METHODS:
                    found.append(f"{name}:{node.lineno} calls {called or method}")
    assert not found, "I/O in a pure module:\n" + "\n".join(found)


def test_the_previous_checkpoint_and_the_listing_are_core_values(project, tmp_path, capsys):
    from playbook_cli.catalog import Catalog
    from playbook_cli.errors import AnswersError
    from playbook_cli.team import load_previous
    from tests.conftest import write_answers

    catalog = Catalog.discover(project / "checklists")
    old = write_answers(tmp_path / "old.yaml", {"owner": '"no"', "ghost": '"no"'}, team="Payments", date="2026-10-01")
    previous, warnings = load_previous([str(old)], catalog.get("mini"))
    assert [a.path for a in previous.files] == [str(old)]
    assert [(w.line, w.message) for w in warnings] == [(6, "answer for unknown item 'ghost' in checklist 'mini' "
                                                           "is ignored")]
    with pytest.raises(AnswersError, match="standard input"):
        load_previous(["-"], catalog.get("mini"))
    (project / "playbook.toml").write_text('[hide]\nchecklists = ["mini"]\n', encoding="utf-8")
    (project / "checklists" / "other.yaml").write_text(
        (project / "checklists" / "mini.yaml").read_text(encoding="utf-8").replace("id: mini", "id: other"),
        encoding="utf-8")
    loaded, broken = Catalog.discover(project / "checklists").listing()
    assert [c.id for c, _ in loaded if c.id in ("mini", "other")] == ["other"] and broken == []
    assert capsys.readouterr() == ("", "")
