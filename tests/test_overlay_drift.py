"""An overlay records the base version it was written against; validate, score and the site build warn when the
base moves past it (DESIGN.md, "Overlays keep track of their base"). A warning never changes the exit status."""

from __future__ import annotations

import re

from click.testing import CliRunner

from tests.common import copy_repo, schema_accepts
from tests.conftest import error_line, write_answers
from tests.site_build import build_site

# mini (tests/conftest.py) is at version 2.
DRIFT = re.compile(r"^Warning: (\S+):(\d+):\d+: overlay mine was written against mini version 1; mini is now at "
                   r"version 2: review the upstream changes, then set base_version: 2$", re.M)


def overlay(project, base_version: int | None) -> str:
    recorded = f"base_version: {base_version}\n" if base_version is not None else ""
    text = f"id: mine\nextends: mini\n{recorded}version: 1\noverrides:\n  owner: {{question: \"Is Kim the owner?\"}}\n"
    (project / "checklists" / "mine.yaml").write_text(text, encoding="utf-8")
    return text


def warning_lines(stderr: str) -> list[str]:
    # validate with no path checks the packaged checklists too: in a fork's checkout, its own overlays
    return [line for line in stderr.splitlines() if line.startswith("Warning:") and "overlay mine " in line]


def test_validate_warns_when_the_base_moved_past_base_version(cli, project):
    overlay(project, 1)
    result = cli("validate")
    assert result.exit_code == 0
    assert result.stdout == ""
    found = DRIFT.search(result.stderr)
    assert found, result.stderr
    assert found.group(1).endswith("checklists/mine.yaml") and found.group(2) == "3"  # the base_version line
    assert len(warning_lines(result.stderr)) == 1
    assert result.stderr.splitlines()[-1].endswith("all valid.")


def test_score_warns_once_and_keeps_its_exit_status(cli, project, tmp_path):
    overlay(project, 1)
    answers = write_answers(tmp_path / "a.yaml", {"owner": '"yes"', "sponsor": '"yes"', "metric": '"yes"',
                                                  "roles": '"yes"'}, checklist="mine")
    result = cli("score", str(answers), "--fail-under", "80")
    assert result.exit_code == 0
    assert DRIFT.search(result.stderr) and len(warning_lines(result.stderr)) == 1
    failing = write_answers(tmp_path / "b.yaml", {"owner": '"no"'}, checklist="mine")
    gate = cli("score", str(failing), "--fail-under", "80")
    assert gate.exit_code == 1                       # the gate decides, not the warning
    assert DRIFT.search(gate.stderr)


def test_an_overlay_at_its_bases_version_says_nothing(cli, project):
    overlay(project, 2)
    result = cli("validate")
    assert result.exit_code == 0
    assert "mine.yaml" not in result.stderr


def test_without_base_version_validate_suggests_adding_it(cli, project):
    overlay(project, None)
    result = cli("validate")
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if line.startswith("Note:") and "mine.yaml" in line]
    assert len(notes) == 1 and re.search(r"checklists/mine\.yaml:2:\d+: overlay mine records no base_version: add "
                                         r"base_version: 2", notes[0]), result.stderr
    assert not warning_lines(result.stderr)


def test_a_base_version_the_base_never_had_is_a_problem(cli, project):
    overlay(project, 3)
    result = cli("validate")
    assert result.exit_code == 1
    assert re.match(r"\S+checklists/mine\.yaml:3:15: base_version 3 is above the version of 'mini' \(2\) "
                    r"\(hint: set base_version: 2\)", result.stdout), result.stdout


def test_base_version_must_be_a_whole_number(cli, project):
    (project / "checklists" / "mine.yaml").write_text("id: mine\nextends: mini\nbase_version: two\nversion: 1\n",
                                                       encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    assert re.match(r"\S+checklists/mine\.yaml:3:15: checklist 'base_version' must be a whole number", result.stdout)


def test_the_editor_schema_knows_base_version(project):
    import yaml

    text = overlay(project, 1)
    assert schema_accepts("checklist.schema.json", yaml.safe_load(text))
    assert not schema_accepts("checklist.schema.json", yaml.safe_load(text.replace("base_version: 1",
                                                                                   "base_version: 0")))


def test_the_generation_step_warns_and_still_writes_the_site(project):
    from playbook_cli.site.__main__ import main

    for name in ("a", "b"):  # the include lines a play page needs (see playbook_cli.site.generate)
        page = project / "docs" / "plays" / f"{name}.md"
        page.write_text(f'# Play {name}\n\n--8<-- "generated/cards/plays/{name}.md"\n\n'
                        f'--8<-- "generated/backlinks/plays/{name}.md"\n', encoding="utf-8")
    overlay(project, 1)
    result = CliRunner().invoke(main, ["generate", "--root", str(project)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert DRIFT.search(result.stderr) and len(warning_lines(result.stderr)) == 1
    assert (project / "docs" / "checklists" / "mine.md").is_file()


def test_a_strict_mkdocs_build_shows_the_warning_and_still_passes(tmp_path):
    """A warning, not a failure, even with `strict: true`: an upstream merge must not stop a fork publishing."""
    root = copy_repo(tmp_path / "fork")
    base = next(p for p in sorted((root / "checklists").glob("*.yaml")) if "\nextends:" not in p.read_text())
    text = base.read_text(encoding="utf-8")
    version = int(re.search(r"^version: (\d+)$", text, re.M).group(1))
    base.write_text(re.sub(r"^version: \d+$", f"version: {version + 1}", text, count=1, flags=re.M), encoding="utf-8")
    (root / "checklists" / "acme-overlay.yaml").write_text(
        f"id: acme-overlay\nextends: {base.stem}\nbase_version: {version}\nversion: 1\n", encoding="utf-8")
    built = build_site(root, tmp_path / "site")
    assert built.returncode == 0, built.stderr[-2000:]
    assert (f"Warning: checklists/acme-overlay.yaml:3:15: overlay acme-overlay was written against {base.stem} "
            f"version {version}; {base.stem} is now at version {version + 1}: review the upstream changes, then set "
            f"base_version: {version + 1}") in built.stderr.splitlines()


def test_new_extends_writes_an_overlay_that_records_the_bases_version(cli, project, workdir):
    import yaml

    from tests.common import schema_accepts

    result = cli("new", "mine", "--extends", "mini", "--checklists", str(project / "checklists"))
    assert result.exit_code == 0, result.stderr
    path = project / "checklists" / "mine.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data == {"id": "mine", "extends": "mini", "base_version": 2, "version": 1}
    assert schema_accepts("checklist.schema.json", data)
    checked = cli("validate")
    assert checked.exit_code == 0 and "mine.yaml" not in checked.stderr       # no drift, no note
    # Every commented example is valid once uncommented.
    text = path.read_text(encoding="utf-8")
    examples = re.sub(r"^# (?=[a-z_]+:|\s)", "", text, flags=re.M)   # keys and their indented lines, not prose
    path.write_text(examples, encoding="utf-8")
    uncommented = yaml.safe_load(examples)
    assert {"title", "overrides", "remove", "sections"} <= set(uncommented), examples
    checked = cli("validate")
    assert checked.exit_code == 0, checked.stdout


def test_new_extends_an_unknown_checklist_is_one_error_line(cli, project, workdir):
    result = cli("new", "mine", "--extends", "nope", "--checklists", str(project / "checklists"))
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: nope: no such checklist")
    assert not (project / "checklists" / "mine.yaml").exists()
