"""`playbook validate` defects from the new-user review (helper B): every problem listed, once, at its place."""

from __future__ import annotations

import re

from tests.conftest import error_line

ANSWERS_HEAD = "checklist: mini\ndate: 2026-11-23\nanswers:\n  owner: \"no\"\nactions:\n"


def problem_lines(result) -> list[str]:
    """validate's problems: the stdout lines, one per problem."""
    return result.stdout.splitlines()


# -- 1. every problem of an action, not only the first -----------------------------

def test_validate_lists_an_empty_owner_and_a_bad_due_of_one_action(cli, workdir):
    (workdir / "a.yaml").write_text(ANSWERS_HEAD + '  owner: {owner: "", due: x}\n', encoding="utf-8")
    result = cli("validate", "a.yaml")
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == 2, lines
    assert lines[0].startswith("a.yaml:6:18: ") and "owner" in lines[0]
    assert lines[1].startswith("a.yaml:6:27: ") and "'due'" in lines[1]
    assert result.stderr.splitlines()[-1] == "2 problem(s) in 1 of 1 file(s)."


ALL_WRONG = ANSWERS_HEAD + "  owner:\n    owner: Q\n    due: someday\n    status: finished\n    done: never\n"


def test_validate_lists_due_status_and_done_of_one_action_in_line_order(cli, workdir):
    (workdir / "a.yaml").write_text(ALL_WRONG, encoding="utf-8")
    result = cli("validate", "a.yaml")
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert [line.split(": ", 1)[0] for line in lines] == ["a.yaml:8:10", "a.yaml:9:13", "a.yaml:10:11"]
    assert "'due'" in lines[0] and "status" in lines[1] and "'done'" in lines[2]


def test_validate_orders_an_actions_problems_by_place_not_by_key(cli, workdir):
    (workdir / "a.yaml").write_text(ANSWERS_HEAD + '  owner:\n    note: [1]\n    due: someday\n    owner: ""\n',
                                    encoding="utf-8")
    result = cli("validate", "a.yaml")
    assert result.exit_code == 1
    assert [line.split(": ", 1)[0] for line in problem_lines(result)] == ["a.yaml:7:11", "a.yaml:8:10",
                                                                         "a.yaml:9:12"]


def test_a_done_date_with_an_unknown_status_is_not_also_called_a_mismatch(cli, workdir):
    (workdir / "a.yaml").write_text(ANSWERS_HEAD + "  owner: {owner: Q, status: finished, done: 2026-11-01}\n",
                                    encoding="utf-8")
    result = cli("validate", "a.yaml")
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == 1 and lines[0].startswith("a.yaml:6:29: ")


def test_score_still_refuses_with_one_error_line_the_first_problem(cli, workdir):
    (workdir / "a.yaml").write_text(ALL_WRONG, encoding="utf-8")
    result = cli("score", "a.yaml")
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: a.yaml:8:10: ") and "'due'" in error_line(result)
    assert sum(line.startswith("Error:") for line in result.stderr.splitlines()) == 1
    assert result.stdout == ""


def test_run_still_refuses_a_file_with_a_bad_action_with_one_error_line(cli, workdir):
    (workdir / "a.yaml").write_text(ANSWERS_HEAD + '  owner: {owner: "", due: x}\n', encoding="utf-8")
    before = (workdir / "a.yaml").read_bytes()
    result = cli("run", "mini", "-o", "a.yaml", input="y\n")
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: a.yaml:6:18: ") and "owner" in error_line(result)
    assert sum(line.startswith("Error:") for line in result.stderr.splitlines()) == 1
    assert (workdir / "a.yaml").read_bytes() == before


# -- 2. an override of an item the overlay itself removes ------------------------------

def test_override_of_a_removed_item_says_the_overlay_removes_it(project, cli):
    path = project / "checklists" / "mini-lite.yaml"
    path.write_text("id: mini-lite\nextends: mini\nversion: 1\nremove: [sponsor]\n"
                    "overrides:\n  sponsor: {weight: 2}\n  metric: {weight: 3}\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:6:3: override for 'sponsor'")
    assert "removes" in lines[0] and "not an item" not in lines[0]
    assert "(hint: " in lines[0]


def test_an_override_of_an_item_that_never_was_is_still_not_an_item(project, cli):
    path = project / "checklists" / "mini-lite.yaml"
    path.write_text("id: mini-lite\nextends: mini\nversion: 1\nremove: [sponsor]\noverrides:\n  sponsr: {weight: 2}\n",
                    encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == 1 and lines[0].startswith(f"{path}:6:3: override for 'sponsr'")
    assert "removes" not in lines[0]


# -- 3. a bad playbook.toml is each of its problems once, at its place, with no cascade --------

def with_an_overlay(project):
    """mini (whose items link plays) and an overlay of it: both load the project's settings."""
    (project / "checklists" / "mini-lite.yaml").write_text(
        "id: mini-lite\nextends: mini\nbase_version: 2\nversion: 1\nremove: [sponsor]\n", encoding="utf-8")
    return project / "playbook.toml"


def test_toml_that_does_not_parse_is_one_problem_at_its_line(cli, project):
    settings = with_an_overlay(project)
    settings.write_bytes(b'[hide\nchecklists = ["mini"]\n')
    result = cli("validate", str(project / "checklists"))
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == 1, lines
    assert re.match(rf"{re.escape(str(settings))}:1:\d+: ", lines[0]), lines[0]
    assert result.stderr.splitlines()[-1] == "1 problem(s) in 1 of 3 file(s)."


def test_each_bad_setting_is_listed_once_at_its_line_in_file_order(cli, project):
    settings = with_an_overlay(project)
    settings.write_text('[plays]\ndefault_owner = ""\n\n[hide]\nplays = ["x"]\nchecklist = ["mini"]\n',
                        encoding="utf-8")
    result = cli("validate", str(project / "checklists"))
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert [line.split(": ", 1)[0] for line in lines] == [f"{settings}:2:1", f"{settings}:5:10", f"{settings}:6:1"]
    assert "default_owner" in lines[0] and "'x'" in lines[1] and "'checklist'" in lines[2]
    assert result.stderr.splitlines()[-1] == "3 problem(s) in 1 of 3 file(s)."


def test_a_checklists_own_problems_are_not_hidden_by_a_bad_settings_file(cli, project):
    settings = with_an_overlay(project)
    settings.write_text('[hide\n', encoding="utf-8")
    mini = project / "checklists" / "mini.yaml"
    mini.write_text(mini.read_text(encoding="utf-8").replace("weight: 2, play", "weight: 9, play"), encoding="utf-8")
    result = cli("validate", str(mini))
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{mini}:18:") and lines[1].startswith(f"{settings}:1:")
    assert result.stderr.splitlines()[-1] == "2 problem(s) in 2 of 2 file(s)."


def test_a_settings_file_that_is_not_utf8_is_one_problem_at_the_byte(cli, project):
    settings = project / "playbook.toml"
    settings.write_bytes(b'[hide]\nplays = ["\xff"]\n')
    result = cli("validate", str(project / "checklists" / "mini.yaml"))
    assert result.exit_code == 1
    assert [line.split(": ", 1)[0] for line in problem_lines(result)] == [f"{settings}:2:11"]


def test_list_refuses_a_settings_file_that_does_not_parse_with_one_error_line_at_its_place(cli, project):
    settings = project / "playbook.toml"
    settings.write_bytes(b"[hide\nchecklists = [\"mini\"]\n")
    result = cli("list")
    assert result.exit_code == 2
    assert re.match(rf"Error: {re.escape(str(settings))}:1:\d+: ", error_line(result)), error_line(result)
    assert sum(line.startswith("Error:") for line in result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


# -- 4. the summary counts playbook.toml among the files checked ----------------------------------

def test_the_summary_counts_a_valid_settings_file_as_checked(cli, project):
    (project / "playbook.toml").write_text('[hide]\nplays = ["plays/b.md"]\n', encoding="utf-8")
    result = cli("validate", str(project / "checklists" / "mini.yaml"))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "2 file(s) checked: all valid."


def test_without_a_settings_file_only_the_yaml_files_are_counted(cli, project):
    result = cli("validate", str(project / "checklists" / "mini.yaml"))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "1 file(s) checked: all valid."


def test_a_setting_written_as_a_sub_table_is_placed_at_its_header(cli, project):
    settings = project / "playbook.toml"
    settings.write_text('[hide]\nplays = []\n\n[plays.extra]\nx = 1\n', encoding="utf-8")
    result = cli("validate", str(project / "checklists" / "mini.yaml"))
    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == 1 and lines[0].startswith(f"{settings}:4:1: ") and "'extra'" in lines[0]
