"""Reading YAML at its limits, and what a user is told.

- nesting: our limit of 50 levels is checked before the parser's own, with
  libyaml and with pure-Python PyYAML alike, at the first node too deep;
- alias bombs by size: a long text repeated through aliases is refused by a
  budget of text, not only of values;
- loading is linear in the size of a section;
- `validate` lists YAML's own problems (duplicate key, tag, merge key) with
  every other problem in the file; `show` and `score` stop at the first;
- messages show values as YAML writes them, never Python's repr; keys `1`,
  `1.0` and `true` are three keys; look-alike ids get a did-you-mean hint; a
  line break in an id or a file name never splits the `Error:` line.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

import pytest

from playbook_cli import yamlsource
from playbook_cli.errors import Problem, YamlSourceError
from playbook_cli.loader import load_checklist
from playbook_cli.yamlsource import MAX_DEPTH, load_yaml
from tests.conftest import error_line

TIME_LIMIT = 10  # seconds: an alias bomb must fail fast (as in test_hostile.py), not after eating memory

LOADERS = ["libyaml", "pure-python"]


@pytest.fixture(params=LOADERS)
def parser(request, monkeypatch):
    """Run the test with libyaml's parser, then with PyYAML's own (as where libyaml is missing)."""
    if request.param == "libyaml" and yamlsource._Loader is yamlsource._PyLoader:
        pytest.skip("PyYAML was built without libyaml")
    if request.param == "pure-python":
        monkeypatch.setattr(yamlsource, "_Loader", yamlsource._PyLoader)
    return request.param


# -- 1. nesting: ours first, wherever the parser's own limit is ---------------------------------

def _block_mappings(levels: int) -> str:
    return "answers:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, levels + 1)) + "  " * (levels + 1) + "x"


# The answers file is "checklist: mini\n" + this; the expected place is the first node 51 levels deep.
DEEP = {
    # libyaml 0.2.6 refuses flow nesting past 1,000 levels with a message of its own.
    "flow-lists": ("answers: " + "[" * 20_000 + "]" * 20_000, (2, 10 + MAX_DEPTH)),
    "flow-mappings": ("answers: " + "{a: " * 2_000 + "1" + "}" * 2_000, (2, 10 + 4 * MAX_DEPTH)),
    "block-lists": ("answers:\n" + "- " * 1_200 + "x", (3, 2 * MAX_DEPTH + 1)),
    "block-mappings": (_block_mappings(70), (3 + MAX_DEPTH, 2 * MAX_DEPTH + 3)),
}


@pytest.mark.parametrize("shape", DEEP)
def test_nesting_is_refused_at_the_first_node_too_deep(cli, workdir, parser, shape):
    body, (line, column) = DEEP[shape]
    (workdir / "deep.yaml").write_text("checklist: mini\n" + body + "\n", encoding="utf-8")
    result = cli("score", "deep.yaml")
    assert result.exit_code == 2
    assert error_line(result) == f"Error: deep.yaml:{line}:{column}: nesting deeper than 50 levels"


@pytest.mark.parametrize("levels, refused", [(MAX_DEPTH, False), (MAX_DEPTH + 1, True)])
def test_fifty_levels_are_allowed_and_fifty_one_are_not(tmp_path, parser, levels, refused):
    path = tmp_path / "a.yaml"
    path.write_text("a: " + "[" * levels + "]" * levels + "\n", encoding="utf-8")
    if not refused:
        assert load_yaml(path)["a"] is not None
        return
    with pytest.raises(YamlSourceError) as caught:
        load_yaml(path)
    assert (caught.value.first.line, caught.value.first.column) == (1, 4 + MAX_DEPTH)  # "a: " then 51 x "["
    assert caught.value.first.message == "nesting deeper than 50 levels"


def test_nesting_before_a_syntax_error_is_the_problem_reported(tmp_path, parser):
    path = tmp_path / "a.yaml"
    path.write_text("a: " + "[" * 60 + "]" * 60 + "\nb: c: d\n", encoding="utf-8")
    with pytest.raises(YamlSourceError) as caught:
        load_yaml(path)
    assert (caught.value.first.line, caught.value.first.column, caught.value.first.message) == \
        (1, 54, "nesting deeper than 50 levels")


def test_a_syntax_error_before_deep_nesting_is_the_problem_reported(tmp_path, parser):
    path = tmp_path / "a.yaml"
    path.write_text("a: b: c\nz: " + "[" * 2_000 + "\n", encoding="utf-8")
    with pytest.raises(YamlSourceError) as caught:
        load_yaml(path)
    assert (caught.value.first.line, caught.value.first.column) == (1, 5)
    assert caught.value.first.message.startswith("invalid YAML: ")


# -- 2. alias bombs by size -----------------------------------------------------------------------

def _limit_memory():
    limit = 512 * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def text_bomb() -> str:
    """A valid-looking checklist of ~250 KB whose one 100 KB `why` is reused by 3,519 items: 350 MB of text."""
    lines = ["id: bomb", "title: Bomb", "version: 1", "sections:"]
    number = 0
    for section in range(16):  # small sections: loading is quick even where it was quadratic
        lines += [f"  - id: s{section}", f"    title: S{section}", "    items:"]
        for _ in range(220):
            why = '&why "' + "x" * 100_000 + '"' if number == 0 else "*why"
            lines.append(f"      - {{id: i{number}, question: q, why: {why}}}")
            number += 1
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("command", [["show", "bomb", "--format", "json"], ["validate", "checklists/bomb.yaml"]])
def test_a_long_text_repeated_by_aliases_fails_fast_in_bounded_memory(workdir, command):
    (workdir / "checklists").mkdir()
    (workdir / "checklists" / "bomb.yaml").write_text(text_bomb(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_CHECKLISTS"}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "playbook_cli", command[0], "--checklists", "checklists",
                           *command[1:]], cwd=workdir, env=env, capture_output=True, text=True, timeout=60,
                          preexec_fn=_limit_memory)
    elapsed = time.monotonic() - start
    # The anchored value (line 8, at its '&why') is the one expanded past the budget.
    message = "checklists/bomb.yaml:8:36: document expands to more than 8 MiB of text"
    hint = "a long value repeated through aliases (an 'alias bomb'?)"
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    if command[0] == "validate":
        assert proc.returncode == 1
        assert proc.stdout.splitlines() == [f"{message} (hint: {hint})"]
    else:
        assert proc.returncode == 2
        assert proc.stderr.splitlines() == [f"Error: {message}", f"  Hint: {hint}"]
        assert proc.stdout == ""
    assert elapsed < TIME_LIMIT


@pytest.mark.parametrize("copies, refused", [(82, False), (83, True)])
def test_the_text_budget_is_8_mib_counted_on_every_expansion(tmp_path, copies, refused):
    # 100,000 characters, written once and repeated `copies` times: 83 x 100,000 < 8 MiB < 84 x 100,000.
    path = tmp_path / "a.yaml"
    path.write_text('big: &b "' + "x" * 100_000 + '"\ncopies: [' + ", ".join(["*b"] * copies) + "]\n",
                    encoding="utf-8")
    if not refused:
        assert len(load_yaml(path)["copies"]) == copies
        return
    with pytest.raises(YamlSourceError) as caught:
        load_yaml(path)
    assert (caught.value.first.line, caught.value.first.column) == (1, 6)
    assert caught.value.first.message == "document expands to more than 8 MiB of text"


# -- 3. loading is linear -------------------------------------------------------------------------

def one_section(items: int) -> str:
    lines = ["id: wide", "title: Wide", "version: 1", "sections:", "  - id: all", "    title: All", "    items:"]
    for number in range(items):
        lines += [f"      - id: item-{number}", f"        question: Is {number} done?", "        why: Because.",
                  f"        weight: {number % 5 + 1}"]
    return "\n".join(lines) + "\n"


def test_loading_looks_up_each_place_a_bounded_number_of_times(tmp_path, monkeypatch):
    """Work, not time: the places looked up grow with the items, not with their square."""
    looked_up = 0
    real = yamlsource._pos

    def counting(node):
        nonlocal looked_up
        looked_up += 1
        return real(node)

    monkeypatch.setattr(yamlsource, "_pos", counting)
    counts = {}
    for items in (400, 800):
        path = tmp_path / "wide.yaml"
        path.write_text(one_section(items), encoding="utf-8")
        looked_up = 0
        assert len(load_checklist(path, docs_dir=None).items) == items
        counts[items] = looked_up
    assert counts[800] <= 2.2 * counts[400], counts


# -- 4. validate lists YAML's own problems with the others ----------------------------------------

CHECKLIST = """\
id: mixed
title: Mixed
title: Mixed again
version: 1
sections:
  - id: own
    title: Own
    items:
      - id: owner
        question: Is there one owner?
        why: Someone must decide.
        weight: 9
      - id: sponsor
        question: !!python/name:os.system Is there a sponsor?
        why: Someone must unblock.
        <<: {weight: 2}
"""


def test_validate_lists_a_duplicate_key_a_tag_and_a_merge_key_with_every_other_problem(cli, workdir):
    (workdir / "mixed.yaml").write_text(CHECKLIST, encoding="utf-8")
    result = cli("validate", "mixed.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "mixed.yaml:3:1: duplicate key 'title' (first on line 2)",
        "mixed.yaml:12:17: item 'weight' must be 1..5 (got 9)",
        "mixed.yaml:14:19: YAML tag '!!python/name:os.system' is not allowed "
        "(hint: remove the '!' tag: plain values only)",
        "mixed.yaml:16:9: YAML merge keys ('<<') are not supported (hint: write the keys out)",
    ]
    assert result.stderr.splitlines()[-1] == "4 problem(s) in 1 of 1 file(s)."


def test_validate_lists_yaml_problems_of_an_answers_file_too(cli, workdir):
    (workdir / "a.yaml").write_text('checklist: mini\nanswers:\n  owner: "yes"\n  sponsor: maybe\n'
                                    '  owner: "no"\n', encoding="utf-8")
    result = cli("validate", "a.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "a.yaml:4:12: answer for 'sponsor' must be yes, partly, no, unknown or n/a (got 'maybe')",
        "a.yaml:5:3: duplicate key 'owner' (first on line 3)",
    ]


def test_a_value_yaml_refused_is_reported_once(cli, workdir):
    """A tagged value is read on as its text; its check must not complain a second time at the same place."""
    (workdir / "a.yaml").write_text("checklist: mini\ndate: 2026-02-30\nanswers:\n  owner: !yes yes\n",
                                    encoding="utf-8")
    result = cli("validate", "a.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "a.yaml:2:7: '2026-02-30' is not a real date (hint: write the date as YYYY-MM-DD)",
        "a.yaml:4:10: YAML tag '!yes' is not allowed (hint: remove the '!' tag: plain values only)",
    ]


@pytest.mark.parametrize("command", ["show", "score"])
def test_other_commands_still_stop_at_the_first_problem(cli, workdir, command):
    (workdir / "checklists").mkdir()
    (workdir / "checklists" / "mixed.yaml").write_text(CHECKLIST, encoding="utf-8")
    if command == "show":
        result = cli("show", "mixed", "--checklists", "checklists", checklists=False)
        expected = "Error: checklists/mixed.yaml:3:1: duplicate key 'title' (first on line 2)"
    else:
        (workdir / "a.yaml").write_text('checklist: mini\nanswers:\n  owner: "yes"\n  owner: "no"\n  sponsor: maybe\n',
                                        encoding="utf-8")
        result = cli("score", "a.yaml")
        expected = "Error: a.yaml:4:3: duplicate key 'owner' (first on line 3)"
    assert result.exit_code == 2
    assert [line for line in result.stderr.splitlines() if line.startswith("Error:")] == [expected]
    assert result.stdout == ""


# -- 5. messages ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("checklist: mini\ndate: [2026-01-01]\n", "'date' must be a date like 2026-11-23 (got [2026-01-01])"),
    ("checklist: mini\nanswers:\n  owner: [true]\n",
     "answer for 'owner' must be yes, partly, no, unknown or n/a (got [true])"),
    ("checklist: mini\nanswers:\n  owner: 2026-01-01\n",
     "answer for 'owner' must be yes, partly, no, unknown or n/a (got 2026-01-01)"),
    ("checklist: mini\nanswers:\n  owner: 1e3\n",  # YAML 1.1 reads 1e3 as text, 1.0e+3 as a number
     "answer for 'owner' must be yes, partly, no, unknown or n/a (got '1e3')"),
    ("checklist: mini\nanswers:\n  owner: 1.0e+20\n",
     "answer for 'owner' must be yes, partly, no, unknown or n/a (got 1.0e+20)"),
    ("checklist: mini\nanswers:\n  owner: {done: .inf}\n",
     "answer for 'owner' must be yes, partly, no, unknown or n/a (got {'done': .inf})"),
    ("checklist: mini\nanswers:\n  true: \"yes\"\n", "item id true must be text"),
    ("checklist: mini\nanswers:\n  2026-01-01: \"yes\"\n", "item id 2026-01-01 must be text"),
    ("checklist: mini\nactions:\n  owner: {owner: Priya, due: [true]}\n",
     "'due' must be a date like 2026-12-01 (got [true])"),
    ("checklist: mini\nactions:\n  owner: {owner: Priya, null: x}\n", "unknown key null in action"),
    ("checklist: mini\nnotes:\n  owner: [it's, \"a\\tb\"]\n", "note for 'owner' must be text"),
    ("checklist: mini\nanswers:\n  owner: \"it's\"\n",
     "answer for 'owner' must be yes, partly, no, unknown or n/a (got 'it''s')"),
])
def test_answers_messages_show_values_as_yaml_writes_them(cli, workdir, text, message):
    (workdir / "a.yaml").write_text(text, encoding="utf-8")
    result = cli("score", "a.yaml")
    assert result.exit_code == 2
    assert error_line(result).split(": ", 2)[2] == message
    for repr_only in ("datetime", "True", "False", "None"):
        assert repr_only not in error_line(result)


@pytest.mark.parametrize("item, message", [
    ("critical: 2026-01-01", "item 'critical' must be true or false (got 2026-01-01)"),
    ("weight: 2026-01-01", "item 'weight' must be a whole number (got 2026-01-01)"),
    ("weight: .nan", "item 'weight' must be a whole number (got .nan)"),
    ("play: [plays/a.md]",
     "play must be a path to a page under docs/, like plays/single-threaded-owner.md (got a list)"),
    ("2026-01-01: x", "unknown key 2026-01-01 in item"),
    ("yes: x", "unknown key true in item"),
])
def test_checklist_messages_show_values_as_yaml_writes_them(cli, workdir, item, message):
    (workdir / "c.yaml").write_text("id: c\ntitle: C\nversion: 1\nsections:\n  - id: s\n    title: S\n    items:\n"
                                    f"      - id: a\n        question: q\n        why: w\n        {item}\n",
                                    encoding="utf-8")
    result = cli("validate", "c.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].split(" (hint:")[0].split(": ", 1)[1] == message


def test_keys_1_1_0_and_true_are_three_keys_each_reported_on_its_own(cli, workdir):
    (workdir / "c.yaml").write_text("id: c\ntitle: C\nversion: 1\nsections:\n  - id: s\n    title: S\n    items:\n"
                                    "      - id: a\n        question: q\n        why: w\n"
                                    "        1: x\n        true: y\n        1.0: z\n", encoding="utf-8")
    result = cli("validate", "c.yaml")
    assert result.exit_code == 1
    assert [line.split(" (hint:")[0] for line in result.stdout.splitlines()] == [
        "c.yaml:11:9: unknown key 1 in item",
        "c.yaml:12:9: unknown key true in item",
        "c.yaml:13:9: unknown key 1.0 in item",
    ]


def test_the_same_key_written_twice_is_still_a_duplicate(cli, workdir):
    (workdir / "a.yaml").write_text('checklist: mini\nnotes:\n  1: one\n  true: yes\n  0x1: again\n',
                                    encoding="utf-8")
    result = cli("score", "a.yaml")
    assert result.exit_code == 2
    assert error_line(result) == "Error: a.yaml:5:3: duplicate key 1 (first on line 3)"


def test_notes_keyed_1_and_true_stay_apart(cli, workdir):
    (workdir / "a.yaml").write_text('checklist: mini\nanswers:\n  owner: "yes"\nnotes:\n  1: one\n  true: two\n',
                                    encoding="utf-8")
    result = cli("score", "a.yaml")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert warnings == ["Warning: a.yaml: note for unknown item '1' in checklist 'mini' is ignored",
                        "Warning: a.yaml: note for unknown item 'true' in checklist 'mini' is ignored"]


LOOK_ALIKES = {
    "case": ("OWNER", "owner"),
    "cyrillic": ("\u0455\u0440\u043e\u043f\u0455\u043er", "sponsor"),  # every letter but one or two Cyrillic
    "greek": ("\u03c1\u03bfles", "roles"),
    "fullwidth": ("\uff4d\uff45\uff54\uff52\uff49\uff43", "metric"),
}


@pytest.mark.parametrize("kind", LOOK_ALIKES)
def test_an_unknown_answer_id_that_looks_like_a_known_one_gets_a_hint(cli, workdir, kind):
    typed, known = LOOK_ALIKES[kind]
    (workdir / "a.yaml").write_text(f'checklist: mini\nanswers:\n  "{typed}": "yes"\n', encoding="utf-8")
    result = cli("score", "a.yaml")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0] == f"Warning: a.yaml:3:3: answer for unknown item '{typed}' in checklist 'mini' is ignored"
    assert lines[1] == f"  Hint: did you mean '{known}'?"


def test_an_invisible_character_is_shown_and_gets_a_hint(cli, workdir):
    (workdir / "a.yaml").write_text('checklist: mini\nanswers:\n  "owner\\u200b": "yes"\n', encoding="utf-8")
    result = cli("score", "a.yaml")
    lines = result.stderr.splitlines()
    assert lines[0] == 'Warning: a.yaml:3:3: answer for unknown item "owner\\u200b" in checklist \'mini\' is ignored'
    assert lines[1] == "  Hint: did you mean 'owner'?"


@pytest.mark.parametrize("key, known", [("QUESTION", "question"), ("\u0456d", "id"), ("\uff57\uff48\uff59", "why")])
def test_an_unknown_key_that_looks_like_a_known_one_gets_a_hint(cli, workdir, key, known):
    (workdir / "c.yaml").write_text("id: c\ntitle: C\nversion: 1\nsections:\n  - id: s\n    title: S\n    items:\n"
                                    f"      - id: a\n        question: q\n        why: w\n        {key}: x\n",
                                    encoding="utf-8")
    result = cli("validate", "c.yaml")
    assert result.stdout.splitlines()[0] == f"c.yaml:11:9: unknown key '{key}' in item (hint: did you mean '{known}'?)"


def test_an_override_of_a_look_alike_id_gets_a_hint(cli, project):
    path = project / "checklists" / "mini-x.yaml"
    path.write_text("id: mini-x\nextends: mini\nversion: 1\noverrides:\n  SPONSOR: {weight: 2}\n"
                    "remove: [r\u043eles]\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert sorted(line.split(": ", 1)[1] for line in result.stdout.splitlines()) == [
        "'remove' names 'r\u043eles', which is not an item or section of the checklist it extends "
        "(hint: did you mean 'roles'?)",
        "override for 'SPONSOR', which is not an item of the checklist it extends (hint: did you mean 'sponsor'?)",
    ]


def test_an_id_with_a_line_break_stays_on_one_line(cli, workdir):
    (workdir / "a.yaml").write_text('checklist: mini\nanswers:\n  "own\\ner": "yes"\n  metric: maybe\n',
                                    encoding="utf-8")
    result = cli("validate", "a.yaml")
    assert result.stdout.splitlines() == [
        "a.yaml:4:11: answer for 'metric' must be yes, partly, no, unknown or n/a (got 'maybe')"]
    (workdir / "a.yaml").write_text('checklist: mini\nanswers:\n  "own\\ner": "yes"\n', encoding="utf-8")
    result = cli("score", "a.yaml")
    assert result.stderr.splitlines()[:2] == [
        'Warning: a.yaml:3:3: answer for unknown item "own\\ner" in checklist \'mini\' is ignored',
        "  Hint: did you mean 'owner'?",
    ]


def test_a_file_name_with_a_line_break_stays_on_one_line(cli, workdir):
    name = "bad\nname.yaml"
    (workdir / name).write_text("checklist: mini\nanswers:\n  owner: maybe\n", encoding="utf-8")
    result = cli("score", name)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: bad\\nname.yaml:3:10: answer for 'owner' must be yes, partly, no, unknown or n/a (got 'maybe')"]


def test_a_hint_with_a_line_break_stays_on_one_line(cli, workdir):
    """The hint quotes the file name: `set id: <stem>`."""
    (workdir / "x\ny.yaml").write_text("id: other\ntitle: T\nversion: 1\nsections:\n  - id: s\n    title: S\n"
                                       "    items:\n      - {id: a, question: q, why: w}\n", encoding="utf-8")
    result = cli("validate", "x\ny.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "x\\ny.yaml:1:5: checklist id 'other' does not match the file name 'x\\ny.yaml' "
        "(hint: rename the file to other.yaml or set id: x\\ny)"]


def test_a_problem_escapes_what_would_move_the_cursor_or_hide():
    problem = Problem("a\rb.yaml", 1, 2, "bad \x1b[2J value\u202e", "did you mean 'x\u2028y'?")
    assert str(problem) == "a\\rb.yaml:1:2: bad \\x1b[2J value\\u202e"
    assert problem.hint == "did you mean 'x\\u2028y'?"
    plain = Problem("été/日本 ok.yaml", 1, 2, "café, 北京, emoji \U0001f600 and a\u00a0space", None)
    assert str(plain) == "été/日本 ok.yaml:1:2: café, 北京, emoji \U0001f600 and a\u00a0space"


# -- the resolver's shortcuts -------------------------------------------------------------------

SCALARS = ["yes", "No", "on", "OFF", "y", "n", "true", "False", "~", "null", "Null", "", "1", "-1", "+1", "0x1F",
           "0o17", "017", "1_000", "0b101", "1:30", "1.5", "-.5", "1e3", "1.0e+3", ".inf", "-.Inf", ".NaN",
           "2026-01-01", "2026-1-1", "2026-01-01 10:00:00", "<<", "=", "team-staffed", "true-ish", "no-go",
           "owner", "n/a", "2026", "2026-01-01x", "0.", "._", "-", "+"]


@pytest.mark.parametrize("document", [
    "\n".join(f"k{n}: {s}" for n, s in enumerate(SCALARS) if s != "-"),
    "\n".join(f"- '{s}'\n- \"{s}\"" for s in SCALARS),
    "{" + ", ".join(f"{s or '~'}: [{s}]" for s in SCALARS if s not in ("<<", "=", "-", "+", "")) + "}",
    "\n".join(f"{s or 'empty'}:\n  - {s}" for s in SCALARS if s not in ("<<", "-", "+", "")),
])
def test_the_quick_resolver_tags_every_node_as_pyyaml_does(parser, document):
    import yaml

    def tags(node):
        yield node.tag
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                yield from tags(key)
                yield from tags(value)
        elif isinstance(node, yaml.SequenceNode):
            for child in node.value:
                yield from tags(child)

    for _ in range(2):  # the second time from the remembered tags
        loader = yamlsource._Loader(document)
        ours = loader.get_single_node()
        loader.dispose()
        assert list(tags(ours)) == list(tags(yaml.compose(document, Loader=yaml.SafeLoader)))
