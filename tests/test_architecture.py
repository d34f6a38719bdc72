"""The package's shape: one resolver for `extends:`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO

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
