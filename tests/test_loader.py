"""Validation collects every problem, with file:line:col and a hint, not only the first."""

from __future__ import annotations

import pytest

from playbook_cli.errors import ChecklistError
from playbook_cli.loader import load_checklist
from tests.conftest import MINI, REPO, error_line, write_answers

SHIPPED = sorted((REPO / "checklists").glob("*.yaml"))
SETTINGS = int((REPO / "playbook.toml").is_file())  # checked beside the packaged checklists, in a checkout

# Four distinct problems; the line numbers are on the right.
FOUR_PROBLEMS = """\
id: four-problems
title: Four problems
version: 1
sumary: A misspelt key.
sections:
  - id: own
    title: Own
    items:
      - id: owner
        question: Is there one owner?
        why: Someone must decide.
        weight: 9
      - id: sponsor
        question: Is there a sponsor?
        why: Someone must unblock.
        critical: maybe
  - id: align
    title: Align
    items:
      - id: owner
        question: Is the owner aligned?
        why: Same id as above.
"""
#   line 4, col 1:  the key `sumary`
#   line 12, col 17: the value 9 after "        weight: "
#   line 16, col 19: the value after "        critical: "
#   line 20, col 13: the value after "      - id: " (first `owner` on line 9)
FOUR_LINES = [
    "four-problems.yaml:4:1: unknown key 'sumary' in checklist (hint: did you mean 'summary'?)",
    "four-problems.yaml:12:17: item 'weight' must be 1..5 (got 9)",
    "four-problems.yaml:16:19: item 'critical' must be true or false (got 'maybe')",
    "four-problems.yaml:20:13: duplicate item id 'owner' (first on line 9) "
    "(hint: item ids are unique across the whole checklist)",
]


def test_validate_lists_every_problem(cli, workdir):
    (workdir / "four-problems.yaml").write_text(FOUR_PROBLEMS, encoding="utf-8")
    result = cli("validate", "four-problems.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == FOUR_LINES
    assert result.stderr == "4 problem(s) in 1 of 1 file(s).\n"


def test_loader_raises_with_every_problem(workdir):
    (workdir / "four-problems.yaml").write_text(FOUR_PROBLEMS, encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_checklist(workdir / "four-problems.yaml")
    found = [(p.line, p.column, p.message) for p in caught.value.problems]
    assert found == [
        (4, 1, "unknown key 'sumary' in checklist"),
        (12, 17, "item 'weight' must be 1..5 (got 9)"),
        (16, 19, "item 'critical' must be true or false (got 'maybe')"),
        (20, 13, "duplicate item id 'owner' (first on line 9)"),
    ]


def test_other_commands_show_only_the_first_problem(cli, workdir):
    (workdir / "checklists").mkdir()
    (workdir / "checklists" / "four-problems.yaml").write_text(FOUR_PROBLEMS, encoding="utf-8")
    result = cli("show", "four-problems", "--checklists", "checklists", checklists=False)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Error: checklists/four-problems.yaml:4:1: unknown key 'sumary' in checklist",
        "  Hint: did you mean 'summary'?",
    ]
    assert result.stdout == ""


def test_validate_collects_problems_across_files(cli, workdir):
    (workdir / "four-problems.yaml").write_text(FOUR_PROBLEMS, encoding="utf-8")
    (workdir / "answers.yaml").write_text(
        "checklist: mini\ndate: soon\nanswers:\n  owner: maybe\n  sponsor: \"yes\"\n", encoding="utf-8")
    result = cli("validate", "four-problems.yaml", "answers.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == FOUR_LINES + [
        "answers.yaml:2:7: 'date' must be a date like 2026-11-23 (got 'soon')",
        "answers.yaml:4:10: answer for 'owner' must be yes, partly, no, unknown or n/a (got 'maybe')",
    ]
    assert result.stderr == "6 problem(s) in 2 of 2 file(s).\n"


SPONSOR = '      - {id: sponsor, question: "Is there a sponsor?", why: Someone must unblock., weight: 1}'


def _item_with(extra: str) -> str:
    assert SPONSOR in MINI, "the mini checklist changed: update SPONSOR"
    return MINI.replace(SPONSOR, "      - {id: sponsor, " + extra + ", why: Someone must unblock., weight: 1}")


def test_hint_did_you_mean_question(cli, workdir):
    (workdir / "mini.yaml").write_text(_item_with('qestion: "Is there a sponsor?"'), encoding="utf-8")
    result = cli("validate", "mini.yaml")
    assert result.exit_code == 1
    # line 14 is the sponsor item; "      - {id: sponsor, " is 22 characters.
    assert result.stdout.splitlines() == [
        "mini.yaml:14:23: unknown key 'qestion' in item (hint: did you mean 'question'?)",
        "mini.yaml:14:9: item is missing required key 'question'",
    ]


def test_hint_lists_allowed_keys_when_nothing_is_close(cli, workdir):
    (workdir / "mini.yaml").write_text(_item_with('question: "Is there a sponsor?", colour: red'), encoding="utf-8")
    result = cli("validate", "mini.yaml")
    assert result.exit_code == 1
    assert result.stdout == ("mini.yaml:14:56: unknown key 'colour' in item "
                             "(hint: allowed: id, question, why, weight, critical, play)\n")


def test_validate_valid_dir_is_all_valid(cli, project):
    result = cli("validate", str(project / "checklists"))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "1 file(s) checked: all valid.\n"


def test_validate_valid_answers_file(cli, workdir):
    write_answers(workdir / "a.yaml", {"owner": '"yes"', "metric": "partly"}, team="Payments")
    result = cli("validate", "a.yaml")
    assert result.exit_code == 0
    assert result.stderr == "1 file(s) checked: all valid.\n"


def test_validate_warns_about_unknown_items_but_passes(cli, workdir):
    write_answers(workdir / "a.yaml", {"owner": '"yes"', "onwer": '"no"'})
    result = cli("validate", "a.yaml")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "Warning: a.yaml:4:3: answer for unknown item 'onwer' in checklist 'mini' is ignored",
        "  Hint: did you mean 'owner'?",
        "1 file(s) checked: all valid.",
    ]


def test_validate_without_paths_checks_every_checklist_found(cli, project):
    # --checklists DIR, then the packaged checklists (the repository's, in a checkout).
    result = cli("validate")
    assert result.exit_code == 0
    assert result.stderr == f"{1 + len(SHIPPED) + SETTINGS} file(s) checked: all valid.\n"

    (project / "checklists" / "broken.yaml").write_text("id: broken\ntitle: Broken\nversion: 0\nsections: []\n",
                                                        encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    shown = project / "checklists" / "broken.yaml"  # outside the working directory: shown in full
    assert result.stdout.splitlines() == [
        f"{shown}:3:10: checklist 'version' must be at least 1 (got 0)",
        f"{shown}:4:11: checklist 'sections' must be a non-empty list",
    ]
    assert result.stderr == f"2 problem(s) in 1 of {2 + len(SHIPPED) + SETTINGS} file(s).\n"


def test_validate_without_paths_uses_cwd_checklists(cli, workdir):
    (workdir / "checklists").mkdir()
    (workdir / "checklists" / "broken.yaml").write_text("id: broken\ntitle: 5\nversion: 1\nsections: []\n",
                                                        encoding="utf-8")
    result = cli("validate", checklists=False)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "checklists/broken.yaml:2:8: checklist 'title' must be non-empty text (got 5)",
        "checklists/broken.yaml:4:11: checklist 'sections' must be a non-empty list",
    ]
    assert result.stderr == f"2 problem(s) in 1 of {1 + len(SHIPPED) + SETTINGS} file(s).\n"


def test_validate_without_paths_uses_env_checklists(cli, workdir, tmp_path):
    env_dir = tmp_path / "env-checklists"
    env_dir.mkdir()
    (env_dir / "other.yaml").write_text("id: not-other\ntitle: Other\nversion: 1\nsections: []\n", encoding="utf-8")
    result = cli("validate", checklists=False, env={"PLAYBOOK_CHECKLISTS": str(env_dir)})
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{env_dir / 'other.yaml'}:1:5: checklist id 'not-other' does not match the file name 'other.yaml' "
        "(hint: rename the file to not-other.yaml or set id: other)")


def test_validate_empty_cwd_checks_the_packaged_checklists(cli, workdir):
    result = cli("validate", checklists=False)
    assert result.exit_code == 0
    assert result.stderr == f"{len(SHIPPED) + SETTINGS} file(s) checked: all valid.\n"


def test_validate_missing_path_is_bad_usage(cli, workdir):
    result = cli("validate", "missing.yaml")
    assert result.exit_code == 2
    assert error_line(result) == "Error: missing.yaml: no such file or directory"


def test_band_min_out_of_range_is_one_problem(cli, workdir):
    text = MINI.replace("{id: ready, label: Ready, min: 80}", "{id: ready, label: Ready, min: 150}")
    (workdir / "mini.yaml").write_text(text, encoding="utf-8")
    result = cli("validate", "mini.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["mini.yaml:6:36: band 'min' must be 0..100 (got 150)"]


def test_warnings_do_not_hide_problems_in_other_files(cli, workdir):
    write_answers(workdir / "a.yaml", {"onwer": '"no"'})
    (workdir / "b.yaml").write_text("checklist: mini\nanswers:\n  owner: maybe\n", encoding="utf-8")
    result = cli("validate", "a.yaml", "b.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "b.yaml:3:10: answer for 'owner' must be yes, partly, no, unknown or n/a (got 'maybe')"]
    assert "Warning: a.yaml:3:3: answer for unknown item 'onwer'" in result.stderr
    assert result.stderr.splitlines()[-1] == "1 problem(s) in 1 of 2 file(s)."



def test_ids_with_a_trailing_newline_are_not_kebab_case(cli, workdir):
    # A quoted "a\n" must not slip past the id check (a regex `$` would match before the newline).
    (workdir / "mini.yaml").write_text(
        'id: mini\ntitle: t\nversion: 1\nsections:\n  - id: s\n    title: S\n    items:\n'
        '      - {id: "a\\n", question: q, why: w, play: "x.md\\n"}\n', encoding="utf-8")
    result = cli("validate", "mini.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith('mini.yaml:8:14: item id must be kebab-case (got "a\\n")')  # as YAML writes it
    assert lines[1].startswith("mini.yaml:8:48: play must be a path to a page under docs/")
