"""`playbook validate` defects from the new-user review (helper B): every problem listed, once, at its place."""

from __future__ import annotations

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
