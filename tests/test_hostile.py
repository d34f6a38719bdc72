"""Hostile and malformed files: one `Error:` line naming the file and place, never a traceback.

The corpus lives in tests/corpus/ with the expected first line of stderr for
each file in tests/corpus/expected.yaml. Files too big to commit (over 1 MiB,
20,000 levels deep) are generated here into tmp_path.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from playbook_cli.yamlsource import MAX_BYTES
from tests.conftest import error_line, write_answers

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED: dict[str, dict] = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
TIME_LIMIT = 10  # seconds per case: hostile input must fail fast
PWNED = "playbook-pwned"  # the file the !!python tags in the corpus would create


def big_answers() -> bytes:
    return ('checklist: mini\nanswers:\n  owner: "yes"\nnotes:\n  owner: "' + "a" * (2 * MAX_BYTES) + '"\n').encode()


def big_checklist() -> bytes:
    return ("id: big-checklist\ntitle: Big\nversion: 1\nsummary: " + "word " * (MAX_BYTES // 5 + 10) + "\n").encode()


def deep_answers() -> bytes:
    return ("checklist: mini\nanswers: " + "[" * 20_000 + "]" * 20_000 + "\n").encode()


def deep_checklist() -> bytes:
    return ("id: deep-checklist\ntitle: Deep\nversion: 1\nsections: " + "[" * 20_000 + "]" * 20_000 + "\n").encode()


# Not committed: generated into tmp_path. The 51st '[' is the first node
# deeper than 50 levels: column 10 + 50 after "answers: ", 11 + 50 after "sections: ".
GENERATED: dict[str, tuple[callable, dict]] = {
    "big-answers.yaml": (big_answers, {
        "kind": "answers", "exit": 2, "error": "Error: big-answers.yaml: file is larger than 1 MiB",
        "hint": "playbook files are small; is this the right file?"}),
    "deep-answers.yaml": (deep_answers, {
        "kind": "answers", "exit": 2, "error": "Error: deep-answers.yaml:2:60: nesting deeper than 50 levels"}),
    "big-checklist.yaml": (big_checklist, {
        "kind": "checklist", "exit": 2, "error": "Error: checklists/big-checklist.yaml: file is larger than 1 MiB",
        "hint": "playbook files are small; is this the right file?"}),
    "deep-checklist.yaml": (deep_checklist, {
        "kind": "checklist", "exit": 2,
        "error": "Error: checklists/deep-checklist.yaml:4:61: nesting deeper than 50 levels"}),
}


def corpus_cases():
    for name, expected in sorted(EXPECTED.items()):
        marks = [pytest.mark.xfail(reason=expected["xfail"], strict=True)] if "xfail" in expected else []
        yield pytest.param(name, expected, id=name, marks=marks)
    for name, (_, expected) in GENERATED.items():
        yield pytest.param(name, expected, id=name)


@pytest.fixture
def arena(workdir):
    """The working directory with ./checklists and a docs/ beside it (so play links are checked)."""
    (workdir / "checklists").mkdir()
    (workdir / "docs" / "plays").mkdir(parents=True)
    (workdir / "docs" / "plays" / "a.md").write_text("# Play A\n", encoding="utf-8")
    return workdir


def place(name: str, kind: str, arena: Path) -> Path:
    """Put a corpus (or generated) file where its kind is read from; return its path."""
    target = arena / name if kind == "answers" else arena / "checklists" / name
    if name in GENERATED:
        target.write_bytes(GENERATED[name][0]())
    else:
        shutil.copyfile(CORPUS / name, target)
    return target


def run_case(cli, name: str, kind: str, arena: Path):
    path = place(name, kind, arena)
    start = time.monotonic()
    if kind == "answers":
        result = cli("score", path.name)
    else:
        result = cli("show", path.stem, "--checklists", "checklists", checklists=False)
    return result, time.monotonic() - start


def test_corpus_is_complete():
    files = {p.name for p in CORPUS.iterdir() if p.name != "expected.yaml"}
    assert files == set(EXPECTED), "every corpus file needs an entry in expected.yaml, and vice versa"
    assert len(files) >= 30
    for name, expected in EXPECTED.items():
        assert expected["kind"] in {"answers", "checklist"}, name
        assert expected["exit"] == 2, name
        assert expected["error"].startswith("Error: "), name


@pytest.mark.parametrize("name, expected", list(corpus_cases()))
def test_hostile_input_gives_one_error_line(cli, arena, name, expected):
    result, elapsed = run_case(cli, name, expected["kind"], arena)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exit_code == expected["exit"]
    assert error_line(result).startswith(expected["error"])
    assert [line for line in result.stderr.splitlines() if line.startswith("Error:")] == [error_line(result)]
    if "hint" in expected:
        assert result.stderr.splitlines()[1:2] == [f"  Hint: {expected['hint']}"]
    assert result.stdout == ""  # no partial report on bad input
    assert elapsed < TIME_LIMIT
    assert not (arena / PWNED).exists()


@pytest.mark.parametrize("name, expected", list(corpus_cases()))
def test_hostile_input_fails_validate(cli, arena, name, expected):
    path = place(name, expected["kind"], arena)
    shown = str(path.relative_to(arena))
    start = time.monotonic()
    if expected["kind"] == "answers":
        result = cli("validate", shown)
    else:
        result = cli("validate", "--checklists", "checklists", shown, checklists=False)
    elapsed = time.monotonic() - start
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(expected.get("validate") or expected["error"].removeprefix("Error: "))
    assert first.startswith(f"{shown}:")
    if "hint" in expected and "validate" not in expected:
        assert first.endswith(f" (hint: {expected['hint']})")
    assert result.stderr.splitlines()[-1].endswith("in 1 of 1 file(s).")
    assert elapsed < TIME_LIMIT


TAG_FILES = ["a-python-tag.yaml", "c-python-tag.yaml"]


@pytest.mark.parametrize("name", TAG_FILES)
def test_python_tags_are_refused_not_constructed(cli, arena, tmp_path, name):
    result, _ = run_case(cli, name, EXPECTED[name]["kind"], arena)
    assert result.exit_code == 2
    assert "is not allowed" in error_line(result)
    assert list(tmp_path.rglob(PWNED)) == []


@pytest.mark.parametrize("name", TAG_FILES)
def test_python_tag_files_are_really_hostile(tmp_path, name):
    """Control: an unsafe loader does create the file, so the test above can fail."""
    shutil.copyfile(CORPUS / name, tmp_path / name)
    subprocess.run([sys.executable, "-c", f"import yaml; yaml.unsafe_load(open({name!r}))"],
                   cwd=tmp_path, check=False, capture_output=True, timeout=30)
    assert (tmp_path / PWNED).exists()


def test_file_of_exactly_1_mib_is_accepted(cli, workdir):
    path = write_answers(workdir / "a.yaml", {"owner": '"yes"'})
    head = path.read_bytes() + b'notes:\n  owner: "'
    path.write_bytes(head + b"a" * (MAX_BYTES - len(head) - 2) + b'"\n')
    assert path.stat().st_size == MAX_BYTES
    result = cli("score", "a.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"score": 38' in result.stdout  # owner yes: 3/8 = 37.5 -> 38


def _limit_memory():
    limit = 512 * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("name", ["a-alias-bomb.yaml", "deep-answers.yaml", "c-alias-bomb.yaml", "deep-checklist.yaml"])
def test_bombs_fail_fast_under_a_memory_limit(arena, name):
    expected = EXPECTED.get(name) or GENERATED[name][1]
    path = place(name, expected["kind"], arena)
    if expected["kind"] == "answers":
        args = ["score", path.name]
    else:
        args = ["show", path.stem, "--checklists", "checklists"]
    env = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_CHECKLISTS"}
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "playbook_cli", *args], cwd=arena, env=env,
                          capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory)
    elapsed = time.monotonic() - start
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines()[0] == expected["error"]
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert proc.stdout == ""
    assert elapsed < TIME_LIMIT
