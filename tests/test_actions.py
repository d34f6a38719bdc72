"""Actions from gap to done: status in answers files, `playbook actions`, `run --since`,
`score --since` and the follow-up in `trend`.

Every expected list below is worked out by hand from the files each test
writes. The mini checklist (tests/conftest.py): owner (weight 3, critical,
plays/a.md) and sponsor (1) in section Own; metric (2, plays/b.md) and
roles (2) in section Align.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shlex
import textwrap

import pytest
import yaml

from tests.conftest import REPO, error_line, write_answers

OTHER = """\
id: other
title: Other checklist
version: 1
summary: A second checklist, unrelated to mini.
bands:
  - {id: good, label: Good, min: 50}
  - {id: bad, label: Bad, min: 0}
sections:
  - id: only
    title: Only
    items:
      - {id: x, question: "Is x done?", why: X matters., weight: 1}
"""


def shown(path) -> str:
    """A path as messages show it: relative to the working directory (the test's workdir)."""
    return os.path.relpath(path)


def write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def act(cli, project):
    """`playbook actions --checklists <project> ...`."""
    def invoke(*args, input=None):
        return cli("actions", "--checklists", str(project / "checklists"), *map(str, args), input=input)
    return invoke


@pytest.fixture
def org(workdir, project):
    """Two teams of the mini checklist, two checkpoints each, and a team of another checklist.

    Open actions of each team's latest checkpoint, by hand:
      Payments, 2026-11-01 (dana.yaml, then lee.yaml: one checkpoint; the team spelled three ways):
        owner    Priya  due 2026-12-01   (carried from 09-01 with a new due date: listed once)
        metric   done                     (not listed)
        roles    Sam    due 2026-11-20   (dana's; lee's "Lee" comes second in path order)
        sponsor  Lee    no due date
      Growth, 2026-10-01 (the 2026-08-01 checkpoint's action for sponsor no longer counts):
        owner    Priya  due 2026-11-20   (another Priya, in another team)
        metric   Ann    due 2026-11-20
      Payments, checklist other, 2026-10-05: x  Kim  due 2026-11-25
    """
    (project / "checklists" / "other.yaml").write_text(OTHER, encoding="utf-8")
    root = workdir / "answers"
    write(root / "payments" / "2026-09-01-dana.yaml", """\
        checklist: mini
        team: Payments
        date: 2026-09-01
        answers: {owner: "no", sponsor: "yes", metric: "no", roles: "partly"}
        actions:
          owner: {owner: Priya, due: 2026-10-01}
          metric: {owner: Omar, due: 2026-10-15}
        """)
    write(root / "payments" / "2026-11-01-dana.yaml", """\
        checklist: mini
        team: "payments "
        date: 2026-11-01
        answers: {owner: "partly", sponsor: "yes", metric: "no", roles: "yes"}
        actions:
          owner: {owner: Priya, due: 2026-12-01}
          metric: {owner: Omar, due: 2026-10-15, status: done, done: 2026-10-20}
          roles: {owner: Sam, due: 2026-11-20}
        """)
    write(root / "payments" / "2026-11-01-lee.yaml", """\
        checklist: mini
        team: PAYMENTS
        date: 2026-11-01
        answers: {owner: "yes", sponsor: "yes", metric: "no", roles: "yes"}
        actions:
          roles: {owner: Lee, due: 2026-11-30}
          sponsor: {owner: Lee}
        """)
    write(root / "growth" / "2026-08-01.yaml", """\
        checklist: mini
        team: Growth
        date: 2026-08-01
        actions:
          sponsor: {owner: Zed, due: 2026-08-15}
        """)
    write(root / "growth" / "2026-10-01.yaml", """\
        checklist: mini
        team: Growth
        date: 2026-10-01
        actions:
          owner: {owner: Priya, due: 2026-11-20}
          metric: {owner: Ann, due: 2026-11-20}
        """)
    write(root / "payments" / "other-2026-10-05.yml", """\
        checklist: other
        team: Payments
        date: 2026-10-05
        actions:
          x: {owner: Kim, due: 2026-11-25}
        """)
    # Not answers files: skipped without a word.
    (root / "mini-copy.yaml").write_text((project / "checklists" / "mini.yaml").read_text(), encoding="utf-8")
    write(root / "README.yml", "title: Our answers\n")
    return root


def listed(result) -> list[tuple]:
    return [(a["team"], a["checklist"], a["item"], a["owner"], a["due"], a["overdue"])
            for a in json.loads(result.stdout)]


# -- playbook actions: which actions, in which order -------------------------------

def test_lists_the_open_actions_of_each_latest_checkpoint_by_due_date(act, org):
    result = act(org, "--as-of", "2026-11-21", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    # Due 11-20 ties go by team (growth < payments), then file order; no due date last. One team, one
    # name: the latest spelling ("payments " on 11-01, trimmed), on its older checklist's action too.
    assert listed(result) == [
        ("Growth", "mini", "owner", "Priya", "2026-11-20", True),
        ("Growth", "mini", "metric", "Ann", "2026-11-20", True),
        ("payments", "mini", "roles", "Sam", "2026-11-20", True),
        ("payments", "other", "x", "Kim", "2026-11-25", False),
        ("payments", "mini", "owner", "Priya", "2026-12-01", False),
        ("payments", "mini", "sponsor", "Lee", None, False),
    ]


def test_json_objects_have_exactly_the_designed_fields(act, org):
    first = json.loads(act(org, "--as-of", "2026-11-21", "--format", "json").stdout)[0]
    assert first == {"team": "Growth", "checklist": "mini", "item": "owner", "question": "Is there one owner?",
                     "owner": "Priya", "due": "2026-11-20", "overdue": True, "play": "plays/a.md",
                     "status": "open", "note": None}


def test_due_on_the_as_of_day_is_not_yet_overdue(act, org):
    on_the_day = act(org, "--as-of", "2026-11-20", "--format", "json")
    assert [a["overdue"] for a in json.loads(on_the_day.stdout)] == [False] * 6
    day_after = act(org, "--as-of", "2026-11-21", "--overdue", "--format", "json")
    assert [(a["team"], a["item"]) for a in json.loads(day_after.stdout)] == [
        ("Growth", "owner"), ("Growth", "metric"), ("payments", "roles")]


def test_fail_on_overdue_gates_on_the_boundary_day(act, org):
    passed = act(org, "--as-of", "2026-11-20", "--overdue", "--fail-on-overdue")
    assert passed.exit_code == 0
    assert passed.stdout.splitlines()[0] == "No overdue actions as of 2026-11-20"
    failed = act(org, "--as-of", "2026-11-21", "--overdue", "--fail-on-overdue")
    assert failed.exit_code == 1
    assert failed.stderr.strip() == "Gate failed: 3 overdue actions."
    assert failed.stdout.splitlines()[0] == "3 overdue actions as of 2026-11-21"


def test_fail_on_overdue_counts_only_what_is_listed(act, org):
    # Kim's only action is due 11-25: not overdue on 11-21, though others are.
    result = act(org, "--as-of", "2026-11-21", "--owner", "kim", "--fail-on-overdue", "--format", "json")
    assert result.exit_code == 0
    assert listed(result) == [("payments", "other", "x", "Kim", "2026-11-25", False)]


def test_owner_filter_trims_ignores_case_and_keeps_namesakes_in_other_teams(act, org):
    result = act(org, "--as-of", "2026-11-21", "--owner", "  PRIYA ", "--format", "json")
    assert listed(result) == [
        ("Growth", "mini", "owner", "Priya", "2026-11-20", True),
        ("payments", "mini", "owner", "Priya", "2026-12-01", False),
    ]
    assert json.loads(act(org, "--owner", "Nobody", "--format", "json").stdout) == []


def test_as_of_defaults_to_today(act, workdir):
    today = dt.date.today()
    write(workdir / "a.yaml", f"""\
        checklist: mini
        date: 2020-01-01
        actions:
          owner: {{owner: Ann, due: {today.isoformat()}}}
          metric: {{owner: Bob, due: {(today - dt.timedelta(days=1)).isoformat()}}}
        """)
    result = act(workdir / "a.yaml", "--format", "json")
    assert [(a["item"], a["team"], a["overdue"]) for a in json.loads(result.stdout)] == [
        ("metric", "(no team)", True), ("owner", "(no team)", False)]


def test_an_action_carried_to_the_next_checkpoint_is_listed_once(act, org):
    owners = [(a["team"], a["item"]) for a in json.loads(act(org, "--format", "json").stdout)]
    assert owners.count(("payments", "owner")) == 1
    assert ("Growth", "sponsor") not in owners  # Zed's action belongs to an older checkpoint


def test_files_and_directories_mix_and_a_file_read_twice_counts_once(act, org):
    both = act(org / "growth", org / "growth" / "2026-10-01.yaml", "--as-of", "2026-11-21", "--format", "json")
    assert listed(both) == [("Growth", "mini", "owner", "Priya", "2026-11-20", True),
                            ("Growth", "mini", "metric", "Ann", "2026-11-20", True)]
    # Given alone, the older file is its team's latest checkpoint.
    older = act(org / "growth" / "2026-08-01.yaml", "--as-of", "2026-11-21", "--format", "json")
    assert listed(older) == [("Growth", "mini", "sponsor", "Zed", "2026-08-15", True)]


def test_the_latest_spelling_of_a_team_is_shown(act, workdir):
    write(workdir / "a" / "1.yaml", "checklist: mini\nteam: growth team\ndate: 2026-01-01\n")
    write(workdir / "a" / "2.yaml", "checklist: mini\nteam: ' Growth Team'\ndate: 2026-02-01\n"
                                     "actions:\n  owner: {owner: Ann}\n")
    result = act(workdir / "a", "--format", "json")
    assert [a["team"] for a in json.loads(result.stdout)] == ["Growth Team"]


def test_text_lists_each_action_with_question_owner_and_play(act, org):
    result = act(org / "growth", "--as-of", "2026-11-21")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:5] == [
        "2 open actions as of 2026-11-21, 2 overdue",
        "",
        "due 2026-11-20, OVERDUE · Priya · Growth · Mini readiness",
        "  Is there one owner? (owner)",
        "  Play: plays/a.md",
    ]


def test_markdown_is_a_task_list_with_overdue_marked(act, org):
    result = act(org / "growth", org / "payments" / "2026-11-01-lee.yaml", "--as-of", "2026-11-21",
                 "--format", "markdown")
    tasks = [line for line in result.stdout.splitlines() if line.startswith("- [ ] ")]
    assert tasks == [
        "- [ ] **Is there one owner?** (`owner`) · Priya · due 2026-11-20 **overdue** · Growth, Mini readiness"
        " · play: `plays/a.md`",
        "- [ ] **Is the metric agreed?** (`metric`) · Ann · due 2026-11-20 **overdue** · Growth, Mini readiness"
        " · play: `plays/b.md`",
        "- [ ] **Are roles clear?** (`roles`) · Lee · due 2026-11-30 · PAYMENTS, Mini readiness",
        "- [ ] **Is there a sponsor?** (`sponsor`) · Lee · PAYMENTS, Mini readiness",
    ]


def test_an_actions_note_is_in_every_format(act, workdir):
    path = write(workdir / "a.yaml", "checklist: mini\ndate: 2026-11-01\nactions:\n"
                                     "  roles: {owner: Bob, note: waiting on finance}\n")
    assert json.loads(act(path, "--format", "json").stdout)[0]["note"] == "waiting on finance"
    markdown = act(path, "--format", "markdown").stdout.splitlines()
    task = next(n for n, line in enumerate(markdown) if line.startswith("- [ ] "))
    assert markdown[task + 1] == "  Note: waiting on finance"  # indented: part of the task in the issue
    assert "Note: waiting on finance" in act(path).stdout
    rows = list(csv.reader(io.StringIO(act(path, "--format", "csv").stdout)))
    assert "Note: waiting on finance" in rows[1][4]


def test_play_links_use_the_site_address_when_mkdocs_yml_gives_one(act, org, project):
    (project / "mkdocs.yml").write_text("site_name: X\nsite_url: https://acme.example/playbook  # ours\n",
                                        encoding="utf-8")
    result = act(org / "growth", "--format", "markdown")
    assert "[play](https://acme.example/playbook/plays/a/)" in result.stdout
    assert json.loads(act(org / "growth", "--format", "json").stdout)[0]["play"] == "plays/a.md"
    rows = list(csv.reader(io.StringIO(act(org / "growth", "--format", "csv").stdout)))
    assert rows[1][4].splitlines()[-1] == "Play: https://acme.example/playbook/plays/a/"


# -- CSV for a tracker's import ------------------------------------------------------

def test_csv_has_exactly_the_header_and_quotes_what_it_must(act, workdir):
    write(workdir / "a.yaml", """\
        checklist: mini
        team: "Payments, EU"
        date: 2026-11-01
        actions:
          metric: {owner: "Ann \\"AJ\\" Lee", due: 2026-11-10, note: "Finance first, then\\nproduct"}
          roles: {owner: Bob}
        """)
    result = act(workdir / "a.yaml", "--as-of", "2026-11-21", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Summary,Assignee,Due date,Status,Description,Team,Checklist,Item"
    assert '"Ann ""AJ"" Lee"' in result.stdout and '"Payments, EU"' in result.stdout
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1:] == [
        ["Is the metric agreed?", 'Ann "AJ" Lee', "2026-11-10", "open",
         "Success must be shared.\nNote: Finance first, then\nproduct\nPlay: plays/b.md", "Payments, EU", "mini",
         "metric"],
        ["Are roles clear?", "Bob", "", "open", "Gaps hide between roles.", "Payments, EU", "mini", "roles"],
    ]


def test_csv_output_cannot_drive_a_terminal(act, workdir):
    write(workdir / "a.yaml", 'checklist: mini\ndate: 2026-11-01\nactions:\n  roles: {owner: "Bob\\e[2J"}\n')
    result = act(workdir / "a.yaml", "--format", "csv")
    assert "\x1b" not in result.stdout and "Bob\\x1b[2J" in result.stdout


def test_output_file_is_written_through_the_safe_emit(act, org, workdir):
    out = workdir / "actions.csv"
    result = act(org, "--format", "csv", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("Summary,Assignee,")
    target = org / "growth" / "2026-10-01.yaml"
    before = target.read_bytes()
    refused = act(org, "-o", target)
    assert refused.exit_code == 2
    assert error_line(refused).startswith(f"Error: {target}: is an input of this command")
    assert target.read_bytes() == before


# -- what counts as an answers file, and bad input ------------------------------------

def test_a_directory_without_answers_files_is_an_error(act, workdir):
    write(workdir / "empty" / "README.yml", "title: nothing here\n")
    result = act(workdir / "empty")
    assert result.exit_code == 2
    assert error_line(result).startswith(f"Error: {workdir / 'empty'}: no answers files found")


def test_a_missing_path_is_an_error(act, workdir):
    result = act(workdir / "nope")
    assert result.exit_code == 2
    assert error_line(result) == f"Error: {workdir / 'nope'}: no such file or directory"


def test_a_file_without_a_date_is_refused(act, org):
    bad = write(org / "growth" / "undated.yaml", "checklist: mini\nteam: Growth\n")
    result = act(org)
    assert result.exit_code == 2
    assert error_line(result).startswith(f"Error: {shown(bad)}: has no 'date'")
    assert result.stdout == ""


def test_actions_for_unknown_items_are_a_warning_and_not_listed(act, workdir):
    path = write(workdir / "a.yaml", "checklist: mini\ndate: 2026-11-01\nactions:\n  ownr: {owner: Ann}\n"
                                     "  roles: {owner: Bob}\n")
    result = act(path, "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == \
        f"Warning: {shown(path)}: action for unknown item 'ownr' in checklist 'mini' is ignored"
    assert [a["item"] for a in json.loads(result.stdout)] == ["roles"]


BAD_ACTIONS = {
    # name: (the action's YAML, header lines, the message after "file:line:col: ")
    "status other than the three": ("{owner: Ann, status: finished}", "",
                                    "action status must be open, done or dropped (got 'finished')"),
    "done that is not a date": ("{owner: Ann, status: done, done: last week}", "",
                                "'done' must be a date like 2026-11-10 (got 'last week')"),
    "done while open": ("{owner: Ann, done: 2026-10-01}", "",
                        "action for 'roles' has a 'done' date but its status is open"),
    "done while dropped": ("{owner: Ann, status: dropped, done: 2026-10-01}", "",
                           "action for 'roles' has a 'done' date but its status is dropped"),
    "done after the date": ("{owner: Ann, status: done, done: 2026-11-02}", "",
                            "'done' (2026-11-02) is later than the file's date (2026-11-01)"),
    "done after updated": ("{owner: Ann, status: done, done: 2026-11-16}", "updated: 2026-11-15\n",
                           "'done' (2026-11-16) is later than 'updated' (2026-11-15)"),
    "due that is not a date": ("{owner: Ann, due: soon}", "", "'due' must be a date like 2026-12-01 (got 'soon')"),
    "note that is not text": ("{owner: Ann, note: [a, b]}", "", "note of the action for 'roles' must be text"),
    "unknown action key": ("{owner: Ann, state: done}", "", "unknown key 'state' in action"),
}


@pytest.mark.parametrize("name", BAD_ACTIONS)
def test_bad_actions_are_one_error_with_its_place_and_nothing_is_lost(act, workdir, name):
    action, header, message = BAD_ACTIONS[name]
    text = f"checklist: mini\ndate: 2026-11-01\n{header}actions:\n  roles: {action}\n"
    path = workdir / "a.yaml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"  roles: {action}") + 1
    key = {"status other than the three": "status: ", "due that is not a date": "due: ",
           "note that is not text": "note: ", "unknown action key": "state"}.get(name, "done: ")
    column = len("  roles: ") + action.index(key) + (0 if name == "unknown action key" else len(key)) + 1
    for result in (act(path), act(path, "--done", "roles")):
        assert result.exit_code == 2
        assert error_line(result) == f"Error: {shown(path)}:{line}:{column}: {message}"
        assert len([ln for ln in result.stderr.splitlines() if ln.startswith("Error:")]) == 1
        assert path.read_text(encoding="utf-8") == text


def test_a_later_done_gets_a_hint_on_how_to_record_it(act, workdir):
    path = write(workdir / "a.yaml", "checklist: mini\ndate: 2026-11-01\nactions:\n"
                                     "  roles: {owner: Ann, status: done, done: 2026-11-12}\n")
    result = act(path)
    assert result.stderr.splitlines()[1].startswith("  Hint: closed after the checkpoint? record the day the file "
                                                    "changed: 'updated: 2026-11-12'")


@pytest.mark.parametrize("header, message", [
    ("date: 2026-11-01\nupdated: 2026-10-31\n", "'updated' (2026-10-31) is earlier than 'date' (2026-11-01)"),
    ("date: 2026-11-01\nupdated: tomorrow\n", "'updated' must be a date like 2026-12-01 (got 'tomorrow')"),
    ("updated: 2026-11-01\n", "'updated' needs a 'date': it is the day the file changed after that checkpoint"),
])
def test_bad_updated_is_one_error(cli, workdir, header, message):
    path = workdir / "a.yaml"
    path.write_text(f"checklist: mini\n{header}", encoding="utf-8")
    line = f"checklist: mini\n{header}".splitlines().index(
        next(ln for ln in header.splitlines() if ln.startswith("updated"))) + 1
    result = cli("score", str(path))
    assert result.exit_code == 2
    assert error_line(result) == f"Error: {shown(path)}:{line}:10: {message}"


def test_done_up_to_updated_is_valid_and_dates_still_group_by_date(act, workdir):
    write(workdir / "a" / "q3.yaml", """\
        checklist: mini
        team: Growth
        date: 2026-09-01
        updated: 2026-11-15
        actions:
          roles: {owner: Ann, due: 2026-10-01, status: done, done: 2026-11-15, note: Done late}
          metric: {owner: Bob, due: 2026-12-01}
          sponsor: {owner: Cy, status: dropped, note: "No budget"}
        """)
    result = act(workdir / "a", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [(a["item"], a["status"]) for a in json.loads(result.stdout)] == [("metric", "open")]


def test_old_files_stay_valid_and_open_actions_are_written_as_before(project, workdir):
    from playbook_cli.answers import dump_answers, load_answers

    path = write(workdir / "old.yaml", """\
        checklist: mini
        date: 2026-11-01
        actions:
          metric: {owner: Priya, due: 2026-12-01}
          roles: Bob
          owner: {owner: Omar, due: 2026-11-15, status: done, done: 2026-11-01, note: "Signed: yes"}
          sponsor: {owner: Kim, status: dropped}
        """)
    text = dump_answers(load_answers(path))
    assert text.splitlines()[-5:] == [
        "actions:",
        '  metric: {owner: "Priya", due: 2026-12-01}',
        '  roles: {owner: "Bob"}',
        '  owner: {owner: "Omar", due: 2026-11-15, status: done, done: 2026-11-01, note: "Signed: yes"}',
        '  sponsor: {owner: "Kim", status: dropped}',
    ]
    path.write_text(text, encoding="utf-8")
    assert dump_answers(load_answers(path)) == text  # reads back the same


# -- playbook actions FILE --done ITEM --------------------------------------------------

def test_done_marks_the_action_sets_updated_and_says_what_changed(act, org):
    path = org / "payments" / "2026-11-01-dana.yaml"
    result = act(path, "--done", "roles", "--note", "Roles written down", "--as-of", "2026-11-18")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{shown(path)}: roles: open -> done on 2026-11-18 (owner Sam, due 2026-11-20)",
        "  note: Roles written down",
        "  updated: 2026-11-18 (the file's checkpoint date stays as it was)",
    ]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["date"] == dt.date(2026, 11, 1) and data["updated"] == dt.date(2026, 11, 18)
    assert data["actions"]["roles"] == {"owner": "Sam", "due": dt.date(2026, 11, 20), "status": "done",
                                        "done": dt.date(2026, 11, 18), "note": "Roles written down"}
    # Nothing else moved: the other actions and the answers are as they were.
    assert data["actions"]["owner"] == {"owner": "Priya", "due": dt.date(2026, 12, 1)}
    assert data["answers"] == {"owner": "partly", "sponsor": "yes", "metric": "no", "roles": "yes"}
    # The team's list no longer has it; lee.yaml's "Lee" for roles comes second and does not take its place.
    items = [(a["team"], a["item"]) for a in json.loads(act(org, "--format", "json").stdout)]
    assert ("payments", "roles") not in items and ("PAYMENTS", "roles") not in items


def test_done_on_or_before_the_date_leaves_updated_alone(act, workdir):
    path = write(workdir / "a.yaml", "checklist: mini\ndate: 2026-11-01\nactions:\n  roles: {owner: Bob}\n")
    result = act(path, "--done", "roles", "--as-of", "2026-11-01")
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == (
        'checklist: mini\ndate: 2026-11-01\nanswers: {}\nactions:\n'
        '  roles: {owner: "Bob", status: done, done: 2026-11-01}\n')


def test_done_twice_changes_nothing_the_second_time(act, workdir):
    path = write(workdir / "a.yaml", "checklist: mini\ndate: 2026-11-01\nactions:\n  roles: {owner: Bob}\n")
    act(path, "--done", "roles", "--as-of", "2026-11-03")
    before = path.read_bytes()
    again = act(path, "--done", "roles", "--as-of", "2026-11-09")
    assert again.exit_code == 0
    assert again.stdout.strip() == (f"Nothing changed: the action for 'roles' in {shown(path)} "
                                    "was already done on 2026-11-03.")
    assert path.read_bytes() == before


def test_done_on_a_dropped_action_marks_it_done_after_all(act, workdir):
    path = write(workdir / "a.yaml", "checklist: mini\ndate: 2026-11-01\nactions:\n"
                                     "  roles: {owner: Bob, status: dropped, note: not needed}\n")
    result = act(path, "--done", "roles", "--as-of", "2026-11-05")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{shown(path)}: roles: dropped -> done on 2026-11-05 (owner Bob)"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["actions"]["roles"] == {"owner": "Bob", "status": "done", "done": dt.date(2026, 11, 5),
                                        "note": "not needed"}
    assert data["updated"] == dt.date(2026, 11, 5)


def test_a_note_for_an_action_already_done_is_said_to_be_not_recorded(act, workdir):
    path = write(workdir / "a.yaml", "checklist: mini\ndate: 2026-11-01\nactions:\n"
                                     "  roles: {owner: Bob, status: done, done: 2026-11-01}\n")
    before = path.read_bytes()
    result = act(path, "--done", "roles", "--note", "late", "--as-of", "2026-11-05")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("was already done on 2026-11-01 (the note was not recorded).")
    assert path.read_bytes() == before


@pytest.mark.parametrize("item, message", [
    ("rolez", "checklist 'mini' has no item 'rolez'"),
    ("metric", "has no action for 'metric'"),
])
def test_done_for_an_unknown_item_or_a_missing_action_is_an_error(act, workdir, item, message):
    path = write(workdir / "a.yaml", "checklist: mini\ndate: 2026-11-01\nactions:\n  roles: {owner: Bob}\n")
    before = path.read_bytes()
    result = act(path, "--done", item)
    assert result.exit_code == 2
    assert error_line(result) == f"Error: {shown(path)}: {message}"
    assert path.read_bytes() == before


@pytest.mark.parametrize("args, message", [
    (["--owner", "Bob"], "Error: --owner: cannot be combined with --done"),
    (["--format", "json"], "Error: --format: cannot be combined with --done"),
])
def test_done_refuses_listing_options(act, workdir, args, message):
    path = write(workdir / "a.yaml", "checklist: mini\ndate: 2026-11-01\nactions:\n  roles: {owner: Bob}\n")
    result = act(path, "--done", "roles", *args)
    assert (result.exit_code, error_line(result)) == (2, message)


def test_done_needs_one_file_and_note_needs_done(act, workdir):
    (workdir / "d").mkdir()
    result = act(workdir / "d", "--done", "roles")
    assert (result.exit_code, error_line(result)) == (2, "Error: --done: needs exactly one answers file")
    path = write(workdir / "a.yaml", "checklist: mini\ndate: 2026-11-01\n")
    result = act(path, "--note", "x")
    assert (result.exit_code, error_line(result)) == (2, "Error: --note: goes with --done")


def test_as_of_that_is_not_a_date_is_an_error(act, workdir):
    path = write(workdir / "a.yaml", "checklist: mini\ndate: 2026-11-01\n")
    result = act(path, "--as-of", "2026-02-30")
    assert (result.exit_code, error_line(result)) == (2, "Error: --as-of: must be a date like 2026-11-23 "
                                                          "(got '2026-02-30')")


# -- playbook run ID -o NEW --since OLD -------------------------------------------------

Q3 = """\
    checklist: mini
    team: Payments
    respondent: Dana
    date: 2026-09-01
    answers: {owner: "no", sponsor: "partly", metric: "no", roles: "no"}
    actions:
      owner: {owner: Priya, due: 2026-10-01}
      sponsor: {owner: Omar, due: 2026-10-15, status: done, done: 2026-08-20}
      metric: {owner: Ann, due: 2026-10-01}
      roles: {owner: Bob}
    """


def run_since(cli, new, *old, input="", extra=()):
    args = ["run", "mini", "-o", str(new)]
    for path in old:
        args += ["--since", str(path)]
    return cli(*args, *extra, input=input)


def test_run_since_asks_about_each_open_action_then_the_questions_and_carries_all(cli, workdir):
    old = write(workdir / "q3.yaml", Q3)
    before = old.read_bytes()
    new = workdir / "q4.yaml"
    # owner: done; metric: still open, new due date; roles: dropped with a note; then the four answers;
    # then Enter at the owner prompt of roles, still a gap now its action was dropped.
    keys = ["d", "o", "2026-12-15", "x", "Reorg", "y", "y", "n", "n", ""]
    result = run_since(cli, new, old, input="\n".join(keys) + "\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Open actions from 2026-09-01: 3. Is each done, still open or dropped?" in out
    assert [line for line in out.splitlines() if line.startswith("Action ") and "/" in line] == [
        "Action 1/3: Is there one owner? (owner)",
        "Action 2/3: Is the metric agreed? (metric)",
        "Action 3/3: Are roles clear? (roles)",
    ]
    assert out.index("Action 3/3") < out.index("1/4 Own")  # actions first, then the questions
    # metric and roles are gaps: metric's action is still open, so no owner is asked for again; roles'
    # was dropped, so it is asked, saying so (Enter left it as it was).
    assert [line for line in out.splitlines() if line.startswith("Gap: ")] == ["Gap: Are roles clear?"]
    assert "Last action: Bob's action, dropped; the gap is still here." in out
    today = dt.date.today()
    data = yaml.safe_load(new.read_text(encoding="utf-8"))
    assert (data["team"], data["date"], "respondent" in data) == ("Payments", today, False)
    assert data["actions"] == {
        "owner": {"owner": "Priya", "due": dt.date(2026, 10, 1), "status": "done", "done": today},
        "sponsor": {"owner": "Omar", "due": dt.date(2026, 10, 15), "status": "done", "done": dt.date(2026, 8, 20)},
        "metric": {"owner": "Ann", "due": dt.date(2026, 12, 15)},
        "roles": {"owner": "Bob", "status": "dropped", "note": "Reorg"},
    }
    assert old.read_bytes() == before
    # The new file is the team's latest checkpoint: only metric is still open.
    listed_now = json.loads(cli("actions", "--checklists", str(workdir.parent / "project" / "checklists"),
                                str(workdir), "--format", "json").stdout)
    assert [(a["item"], a["owner"], a["due"]) for a in listed_now] == [("metric", "Ann", "2026-12-15")]
    # The score's action plan: a dropped action owns its gap no more.
    gaps = json.loads(cli("score", str(new), "--format", "json").stdout)["gaps"]
    assert {g["item"]: g["owner"] for g in gaps} == {"metric": "Ann", "roles": None}


def test_run_since_asks_a_new_owner_for_a_gap_whose_action_ended(cli, workdir):
    old = write(workdir / "q3.yaml", Q3)
    new = workdir / "q4.yaml"
    # owner: done; metric: done; roles: still open, Enter keeps no due date; answers: owner yes,
    # sponsor yes, metric no, roles no. Top gaps by weight: metric (2), roles (2). metric's action is
    # done but the gap is still here: a new owner, Kim, due 2027-01-15. roles' is open: not asked.
    keys = ["d", "d", "o", "", "y", "y", "n", "n", "Kim", "2027-01-15"]
    result = run_since(cli, new, old, input="\n".join(keys) + "\n")
    assert result.exit_code == 0, result.stderr
    today = dt.date.today()
    assert [line for line in result.stdout.splitlines() if line.startswith("Gap: ")] == ["Gap: Is the metric agreed?"]
    assert f"Last action: Ann's action, done {today.isoformat()}; the gap is still here." in result.stdout
    actions = yaml.safe_load(new.read_text(encoding="utf-8"))["actions"]
    assert actions["metric"] == {"owner": "Kim", "due": dt.date(2027, 1, 15),
                                 "note": f"Follows Ann's action, done {today.isoformat()}."}
    assert actions["roles"] == {"owner": "Bob"}
    # The new file's plan owns the gap; Kim's action is listed; the follow-up does not pass Kim's
    # status off as Ann's: Ann's action was not carried, so its status is the one q3 recorded.
    score = json.loads(cli("score", str(new), "--since", str(old), "--format", "json").stdout)
    assert {g["item"]: g["owner"] for g in score["gaps"]}["metric"] == "Kim"
    assert [(f["item"], f["owner"], f["status"]) for f in score["follow_up"]] == [
        ("owner", "Priya", "done"), ("sponsor", "Omar", "done"), ("metric", "Ann", "open"), ("roles", "Bob", "open")]


def test_run_since_enter_keeps_the_due_date_and_bad_keys_are_asked_again(cli, workdir):
    old = write(workdir / "q3.yaml", Q3)
    new = workdir / "q4.yaml"
    keys = ["maybe", "o", "", "o", "someday", "2026-12-01", "x", "", "q"]
    result = run_since(cli, new, old, input="\n".join(keys) + "\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Type d (done), o (still open) or x (dropped), or q to save and stop.") == 1
    assert result.stdout.count("Please type a date like 2026-12-01, or press Enter to skip.") == 1
    actions = yaml.safe_load(new.read_text(encoding="utf-8"))["actions"]
    assert actions["owner"] == {"owner": "Priya", "due": dt.date(2026, 10, 1)}
    assert actions["metric"] == {"owner": "Ann", "due": dt.date(2026, 12, 1)}
    assert actions["roles"] == {"owner": "Bob", "status": "dropped"}


def test_run_since_stopped_midway_resumes_with_the_actions_left(cli, workdir):
    old = write(workdir / "q3.yaml", Q3)
    new = workdir / "q4.yaml"
    first = run_since(cli, new, old, input="d\nq\n")
    assert first.exit_code == 0
    carried = yaml.safe_load(new.read_text(encoding="utf-8"))["actions"]
    assert set(carried) == {"owner", "sponsor"}  # the closed one at once, then each answer as it is given
    second = run_since(cli, new, old, input="o\n\nd\n")  # input ends before the questions: exit 1
    assert second.exit_code == 1
    assert "Action 1/2: Is the metric agreed? (metric)" in second.stdout
    assert "Is there one owner? (owner)" not in second.stdout
    actions = yaml.safe_load(new.read_text(encoding="utf-8"))["actions"]
    assert actions["owner"]["status"] == "done" and actions["roles"]["status"] == "done"
    assert actions["metric"] == {"owner": "Ann", "due": dt.date(2026, 10, 1)}


def test_run_since_a_teams_files_first_owner_per_item_in_path_order(cli, workdir):
    dana = write(workdir / "q3" / "dana.yaml", """\
        checklist: mini
        team: Payments
        date: 2026-09-01
        actions:
          owner: {owner: Priya, due: 2026-10-01}
        """)
    lee = write(workdir / "q3" / "lee.yaml", """\
        checklist: mini
        team: payments
        date: 2026-09-01
        actions:
          owner: {owner: Lee}
          metric: {owner: Lee, due: 2026-10-05}
        """)
    new = workdir / "q4.yaml"
    result = run_since(cli, new, dana, lee, input="o\n\nd\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "  Owner: Priya, due 2026-10-01" in result.stdout
    actions = yaml.safe_load(new.read_text(encoding="utf-8"))["actions"]
    assert actions == {"owner": {"owner": "Priya", "due": dt.date(2026, 10, 1)},
                       "metric": {"owner": "Lee", "due": dt.date(2026, 10, 5), "status": "done",
                                  "done": dt.date.today()}}


def test_run_since_carries_a_done_date_later_than_the_new_file_by_moving_updated(cli, workdir):
    old = write(workdir / "q3.yaml", """\
        checklist: mini
        team: Payments
        date: 2026-09-01
        updated: 2026-12-20
        actions:
          owner: {owner: Priya, status: done, done: 2026-12-20}
        """)
    new = write(workdir / "q4.yaml", "checklist: mini\nteam: Payments\ndate: 2026-10-01\n")
    result = run_since(cli, new, old, input="q\n")
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(new.read_text(encoding="utf-8"))
    assert (data["date"], data["updated"]) == (dt.date(2026, 10, 1), dt.date(2026, 12, 20))
    assert cli("score", str(new)).exit_code == 0


@pytest.mark.parametrize("files, extra, message", [
    ([("a.yaml", "team: Payments\ndate: 2026-09-01\n"), ("b.yaml", "team: Payments\ndate: 2026-09-02\n")], [],
     "Error: b.yaml: --since takes one checkpoint, but this file's date differs from a.yaml's"),
    ([("a.yaml", "team: Payments\ndate: 2026-09-01\n"), ("b.yaml", "team: Growth\ndate: 2026-09-01\n")], [],
     "Error: b.yaml: --since takes one checkpoint, but this file's team differs from a.yaml's"),
    ([("a.yaml", "team: Payments\n")], [],
     "Error: a.yaml: has no 'date'; --since needs the previous checkpoint's date"),
    ([("a.yaml", "team: Payments\ndate: 2999-01-01\n")], [],
     "Error: a.yaml: --since must name an earlier checkpoint: it is dated 2999-01-01, new.yaml "),
    ([("a.yaml", "team: Payments\ndate: 2026-09-01\n")], ["--team", "Growth"],
     "Error: a.yaml: --since names a checkpoint of team 'Payments'; new.yaml is for team 'Growth'"),
])
def test_run_since_refuses_what_is_not_one_earlier_checkpoint_of_the_team(cli, workdir, files, extra, message):
    paths = [write(workdir / name, f"checklist: mini\n{header}actions:\n  owner: {{owner: Ann}}\n")
             for name, header in files]
    result = run_since(cli, workdir / "new.yaml", *paths, input="d\ny\n", extra=extra)
    assert result.exit_code == 2
    assert error_line(result).startswith(message)
    assert not (workdir / "new.yaml").exists() or "actions" not in (workdir / "new.yaml").read_text()


def test_run_since_another_checklist_is_refused(cli, project, workdir):
    (project / "checklists" / "other.yaml").write_text(OTHER, encoding="utf-8")
    old = write(workdir / "a.yaml", "checklist: other\ndate: 2026-09-01\n")
    result = run_since(cli, workdir / "new.yaml", old, input="y\n")
    assert result.exit_code == 2
    assert error_line(result) == "Error: a.yaml:1:12: --since names answers to 'other', not 'mini'"


# -- score --since and trend: did the actions work? ----------------------------------

@pytest.fixture
def rounds(workdir):
    """Payments at three checkpoints. Team values, by hand (yes 1, partly 0.5, no 0, n/a left out):

      2026-06-01 (q1): owner 0 (no); action owner: Priya.
      2026-09-01 (q3, dana + lee): owner (0+0)/2 = 0, sponsor (0.5+1)/2 = 0.75, metric (0+0.5)/2 = 0.25,
                roles 0 (lee n/a). Actions (dana's first): owner Priya, sponsor Omar, metric Ann, roles Bob.
      2026-11-01 (q4, dana + lee): owner 1, sponsor (1+0.5)/2 = 0.75, metric (0+0.5)/2 = 0.25, roles n/a.
                Carried: owner done, metric done, roles dropped; sponsor not carried (stays open).
    """
    q1 = write(workdir / "q1" / "dana.yaml", """\
        checklist: mini
        team: Payments
        date: 2026-06-01
        answers: {owner: "no", sponsor: "yes", metric: "yes", roles: "yes"}
        actions:
          owner: {owner: Priya}
        """)
    q3 = [write(workdir / "q3" / "dana.yaml", """\
        checklist: mini
        team: Payments
        date: 2026-09-01
        answers: {owner: "no", sponsor: "partly", metric: "no", roles: "no"}
        actions:
          owner: {owner: Priya, due: 2026-10-01}
          sponsor: {owner: Omar}
          metric: {owner: Ann}
          roles: {owner: Bob}
        """), write(workdir / "q3" / "lee.yaml", """\
        checklist: mini
        team: Payments
        date: 2026-09-01
        answers: {owner: "no", sponsor: "yes", metric: "partly", roles: "n/a"}
        actions:
          metric: {owner: Lee}
        """)]
    q4 = [write(workdir / "q4" / "dana.yaml", """\
        checklist: mini
        team: Payments
        date: 2026-11-01
        answers: {owner: "yes", sponsor: "yes", metric: "no", roles: "n/a"}
        actions:
          owner: {owner: Priya, due: 2026-10-01, status: done, done: 2026-10-20}
          metric: {owner: Ann, status: done, done: 2026-10-25}
          roles: {owner: Bob, status: dropped}
        """), write(workdir / "q4" / "lee.yaml", """\
        checklist: mini
        team: Payments
        date: 2026-11-01
        answers: {owner: "yes", sponsor: "partly", metric: "partly", roles: "n/a"}
        """)]
    return q1, q3, q4


FOLLOW_UP_Q4 = [
    {"item": "owner", "owner": "Priya", "status": "done", "before": 0, "after": 1, "flagged": False},
    {"item": "sponsor", "owner": "Omar", "status": "open", "before": 0.75, "after": 0.75, "flagged": False},
    {"item": "metric", "owner": "Ann", "status": "done", "before": 0.25, "after": 0.25, "flagged": True},
    {"item": "roles", "owner": "Bob", "status": "dropped", "before": 0, "after": None, "flagged": False},
]


def since(*paths) -> list[str]:
    return [arg for path in paths for arg in ("--since", str(path))]


def test_score_since_follows_up_every_action_of_the_previous_checkpoint(cli, rounds):
    _, q3, q4 = rounds
    result = cli("score", *map(str, q4), *since(*q3), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["follow_up"] == FOLLOW_UP_Q4


def test_score_since_warnings_name_no_earlier_file_when_anonymous(cli, rounds, workdir):
    _, q3, q4 = rounds
    # An earlier answer for an item the checklist no longer has: a warning about that earlier file.
    q3[1].write_text(q3[1].read_text(encoding="utf-8").replace("roles: \"n/a\"}", "roles: \"n/a\", gone: \"no\"}"),
                     encoding="utf-8")
    named = cli("score", *map(str, q4), *since(*q3))
    assert named.exit_code == 0, named.stderr
    assert "lee.yaml" in named.stderr and "'gone'" in named.stderr
    hidden = cli("score", *map(str, q4), *since(*q3), "--anonymous")
    assert hidden.exit_code == 0, hidden.stderr
    assert "'gone'" in hidden.stderr
    assert "lee" not in hidden.stderr and "dana" not in hidden.stderr
    assert "earlier respondent 2" in hidden.stderr


def test_score_without_since_has_no_follow_up(cli, rounds):
    _, _, q4 = rounds
    assert "follow_up" not in json.loads(cli("score", *map(str, q4), "--format", "json").stdout)


def test_score_since_text_and_markdown_say_which_done_action_did_not_move(cli, rounds):
    _, q3, q4 = rounds
    text = cli("score", *map(str, q4), *since(*q3)).stdout.splitlines()
    start = text.index("Follow-up (the previous checkpoint's actions: value then -> now)")
    assert text[start + 1:start + 5] == [
        "  owner: Priya, done, 0% -> 100%",
        "  sponsor: Omar, open, 75% -> 75%",
        "  metric: Ann, done, 25% -> 25%  done, but the team does not feel it yet",
        "  roles: Bob, dropped, 0% -> n/a",
    ]
    markdown = cli("score", *map(str, q4), *since(*q3), "--format", "markdown").stdout
    assert ("| Is the metric agreed? (`metric`) | Ann | done | 25% | 25% "
            "| **done, but the team does not feel it yet** |") in markdown.splitlines()
    assert "| Is there one owner? (`owner`) | Priya | done | 0% | 100% |  |" in markdown.splitlines()
    html = cli("score", *map(str, q4), *since(*q3), "--format", "html").stdout
    assert "<h2>Follow-up</h2>" in html and html.count("done, but the team does not feel it yet") == 1


@pytest.mark.parametrize("header, message", [
    ("team: Growth\ndate: 2026-09-01\n", "Error: old.yaml: --since names a checkpoint of team 'Growth'; "),
    ("team: Payments\ndate: 2026-11-01\n", "Error: old.yaml: --since must name an earlier checkpoint: "
                                           "it is dated 2026-11-01, q4/dana.yaml 2026-11-01"),
])
def test_score_since_refuses_another_team_or_a_later_checkpoint(cli, rounds, workdir, header, message):
    _, _, q4 = rounds
    old = write(workdir / "old.yaml", f"checklist: mini\n{header}actions:\n  owner: {{owner: Ann}}\n")
    result = cli("score", *map(str, q4), *since(old))
    assert result.exit_code == 2
    assert error_line(result).startswith(message)
    assert result.stdout == ""


def test_score_since_never_writes_over_the_previous_checkpoint(cli, rounds):
    _, q3, q4 = rounds
    before = q3[0].read_bytes()
    result = cli("score", *map(str, q4), *since(*q3), "-o", str(q3[0]))
    assert result.exit_code == 2
    assert "is an input of this command" in error_line(result)
    assert q3[0].read_bytes() == before


def test_trend_follows_up_between_consecutive_checkpoints(cli, rounds):
    q1, q3, q4 = rounds
    result = cli("trend", str(q1), *map(str, q3), *map(str, q4), "--format", "json")
    assert result.exit_code == 0, result.stderr
    points = json.loads(result.stdout)[0]["checkpoints"]
    assert [p["date"] for p in points] == ["2026-06-01", "2026-09-01", "2026-11-01"]
    assert points[0]["follow_up"] is None
    # q1's action for owner is still open in q3 (Priya's action there), and owner stayed at 0.
    assert points[1]["follow_up"] == [
        {"item": "owner", "owner": "Priya", "status": "open", "before": 0, "after": 0, "flagged": False}]
    assert points[2]["follow_up"] == FOLLOW_UP_Q4
    text = cli("trend", str(q1), *map(str, q3), *map(str, q4)).stdout.splitlines()
    assert "                metric: Ann, done, 25% -> 25%  done, but the team does not feel it yet" in text
    markdown = cli("trend", str(q1), *map(str, q3), *map(str, q4), "--format", "markdown").stdout.splitlines()
    assert "Follow-up at 2026-11-01 of the previous checkpoint's actions:" in markdown
    html = cli("trend", str(q1), *map(str, q3), *map(str, q4), "--format", "html").stdout
    assert "<h3>Follow-up at 2026-11-01</h3>" in html and "<h3>Follow-up at 2026-06-01</h3>" not in html
    assert "done, but the team does not feel it yet" in html.split("<h3>Follow-up at 2026-11-01</h3>", 1)[1]


# -- the weekly workflow example ------------------------------------------------------

WORKFLOW = REPO / "docs" / "examples" / "workflows" / "weekly-actions.yml"


def workflow_steps() -> tuple[dict, list[dict]]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [step for job in data["jobs"].values() for step in job["steps"]]
    return data, steps


def test_the_weekly_workflow_runs_on_a_schedule_with_a_pinned_tool():
    data, steps = workflow_steps()
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert [entry["cron"] for entry in triggers["schedule"]] == ["0 7 * * 1"]  # weekly
    installs = [step["run"] for step in steps if "pip install" in step.get("run", "")]
    assert len(installs) == 1
    assert re.search(r"@v\d+\.\d+\.\d+\"", installs[0]) or re.search(r"==\d+\.\d+\.\d+", installs[0]), \
        f"the tool's version is not pinned: {installs[0]}"


def test_the_weekly_workflow_is_shown_and_linked_in_the_guide():
    guide = (REPO / "docs" / "guides" / "cli.md").read_text(encoding="utf-8")
    assert "(../examples/workflows/weekly-actions.yml)" in guide
    assert f"```yaml\n{WORKFLOW.read_text(encoding='utf-8')}```\n" in guide


def test_the_weekly_workflow_command_gates_on_overdue_actions(project, workdir, monkeypatch):
    from click.testing import CliRunner

    from playbook_cli.cli import main

    _, steps = workflow_steps()
    commands = [step["run"] for step in steps if step.get("run", "").startswith("playbook actions")]
    assert len(commands) == 1
    args = shlex.split(commands[0])
    assert args[:3] == ["playbook", "actions", "answers/"]
    assert {"--overdue", "--fail-on-overdue"} <= set(args) and args[args.index("--format") + 1] == "markdown"
    monkeypatch.setenv("PLAYBOOK_CHECKLISTS", str(project / "checklists"))  # what the repository would hold
    today = dt.date.today()

    def job(due: dt.date):
        write(workdir / "answers" / "payments" / "q4.yaml", f"""\
            checklist: mini
            team: Payments
            date: {(today - dt.timedelta(days=30)).isoformat()}
            actions:
              metric: {{owner: Ann, due: {due.isoformat()}}}
              roles: {{owner: Bob, due: {(today + dt.timedelta(days=7)).isoformat()}}}
            """)
        return CliRunner().invoke(main, args[1:], catch_exceptions=False)

    late = job(today - dt.timedelta(days=1))
    assert late.exit_code == 1 and late.stderr.splitlines()[-1] == "Gate failed: 1 overdue action."
    report = (workdir / args[args.index("-o") + 1]).read_text(encoding="utf-8")
    assert [line for line in report.splitlines() if line.startswith("- [ ] ")] == [
        f"- [ ] **Is the metric agreed?** (`metric`) · Ann · due {(today - dt.timedelta(days=1)).isoformat()} "
        "**overdue** · Payments, Mini readiness · play: `plays/b.md`"]
    on_time = job(today)  # due today is not overdue yet
    assert on_time.exit_code == 0 and on_time.stderr.splitlines()[-1] == "Gate passed: no overdue actions."
    assert (workdir / args[args.index("-o") + 1]).read_text(encoding="utf-8").startswith(
        f"**No overdue actions as of {today.isoformat()}**")


def test_trend_groups_team_names_after_trimming_and_ignoring_case(cli, workdir):
    # DESIGN.md: team names match after trimming, ignoring case; the latest spelling is shown.
    write_answers(workdir / "q1.yaml", {"owner": '"yes"'}, team="payments ", date="2026-09-01")
    write_answers(workdir / "q2.yaml", {"owner": '"no"'}, team="Payments", date="2026-10-01")
    result = cli("trend", "q1.yaml", "q2.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    trends = json.loads(result.stdout)
    assert len(trends) == 1
    assert trends[0]["team"] == "Payments"
    assert [p["date"] for p in trends[0]["checkpoints"]] == ["2026-09-01", "2026-10-01"]


def test_csv_cells_that_look_like_formulas_open_as_text(act, workdir):
    path = workdir / "a.yaml"
    write_answers(path, {"owner": '"no"'}, team="=HYPERLINK(\"http://x\")", date="2026-11-01")
    with path.open("a", encoding="utf-8") as fh:
        fh.write('actions:\n  owner: {owner: "@evil", due: 2026-12-01}\n')
    result = act("a.yaml", "--format", "csv", "--as-of", "2026-11-02")
    assert result.exit_code == 0, result.stderr
    row = list(csv.reader(io.StringIO(result.stdout)))[1]
    assert row[1] == "'@evil"
    assert row[5].startswith("'=HYPERLINK")


# -- --as-of: as the organisation stood that day ----------------------------------------------

def test_as_of_leaves_out_checkpoints_dated_after_it(act, org):
    # On 2026-10-01 Payments' latest checkpoint was 09-01's, Growth's 10-01's; "other" (10-05) did not exist yet.
    assert listed(act(org, "--as-of", "2026-10-01", "--format", "json")) == [
        ("Payments", "mini", "owner", "Priya", "2026-10-01", False),
        ("Payments", "mini", "metric", "Omar", "2026-10-15", False),
        ("Growth", "mini", "owner", "Priya", "2026-11-20", False),
        ("Growth", "mini", "metric", "Ann", "2026-11-20", False),
    ]
    # On 10-25 Omar's action was overdue: the 11-01 checkpoint that records it done came later.
    late = act(org, "--as-of", "2026-10-25", "--overdue", "--format", "json")
    assert listed(late) == [("Payments", "mini", "owner", "Priya", "2026-10-01", True),
                            ("Payments", "mini", "metric", "Omar", "2026-10-15", True)]


def test_as_of_before_every_checkpoint_lists_nothing(act, org):
    result = act(org, "--as-of", "2026-07-31")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "No open actions as of 2026-07-31"


def test_an_action_done_after_as_of_was_still_open_then(act, workdir):
    write(workdir / "a.yaml", """\
        checklist: mini
        team: Core
        date: 2026-11-01
        updated: 2026-11-10
        actions:
          owner: {owner: Ann, due: 2026-11-05, status: done, done: 2026-11-10}
        """)
    before = act(workdir / "a.yaml", "--as-of", "2026-11-08", "--format", "json")
    assert [(a["item"], a["owner"], a["overdue"], a["status"]) for a in json.loads(before.stdout)] == [
        ("owner", "Ann", True, "open")]
    assert json.loads(act(workdir / "a.yaml", "--as-of", "2026-11-10", "--format", "json").stdout) == []


# -- ties by team name, as a person reads names ----------------------------------------------

def test_ties_on_due_date_go_by_team_name_as_read(act, workdir):
    names = ["ápple", "Bob", "Émile", "team 9", "team 10", "Zed"]
    for n, name in enumerate(reversed(names)):
        write(workdir / f"{n}.yaml", f"""\
            checklist: mini
            team: {name}
            date: 2026-11-01
            actions:
              owner: {{owner: Ann, due: 2026-12-01}}
            """)
    result = act(workdir, "--as-of", "2026-11-21", "--format", "json")
    assert [a["team"] for a in json.loads(result.stdout)] == names


# -- --owner that matches nobody is not an all-clear --------------------------------------------

def test_an_owner_matching_nobody_says_so_and_names_who_has_actions(act, org):
    text = act(org, "--as-of", "2026-11-21", "--owner", " Priyaa ")
    assert text.exit_code == 0
    assert text.stdout.splitlines()[:2] == ["No open actions for owner 'Priyaa' as of 2026-11-21",
                                            "Owners with open actions: Ann, Kim, Lee, Priya, Sam."]
    markdown = act(org, "--as-of", "2026-11-21", "--owner", "Priyaa", "--format", "markdown")
    assert markdown.stdout.splitlines()[:3] == ["**No open actions for owner 'Priyaa' as of 2026-11-21**", "",
                                                "Owners with open actions: Ann, Kim, Lee, Priya, Sam."]
    assert json.loads(act(org, "--owner", "Priyaa", "--format", "json").stdout) == []
    overdue = act(org, "--as-of", "2026-11-21", "--owner", "Kim", "--overdue")
    assert overdue.stdout.splitlines()[:2] == ["No overdue actions for owner 'Kim' as of 2026-11-21",
                                               "Owners with overdue actions: Ann, Priya, Sam."]


def test_an_owner_with_actions_is_named_in_the_summary(act, org):
    result = act(org, "--as-of", "2026-11-21", "--owner", "priya")
    assert result.stdout.splitlines()[:2] == ["2 open actions for owner 'priya' as of 2026-11-21, 1 overdue", ""]


# -- follow-up: what is flagged, and what an anonymous checklist withholds -----------------------------

def write_file(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def core_file(path, date, answers, actions):
    return write_file(path, f"checklist: mini\nteam: Core\nrespondent: Ann\ndate: {date}\n"
                            f"answers: {answers}\nactions:\n" + "".join(f"  {line}\n" for line in actions))


def test_a_done_action_is_flagged_while_its_item_does_not_move_unless_it_cannot(cli, workdir):
    q1 = core_file(workdir / "q1.yaml", "2026-10-01", '{owner: "yes", sponsor: "no", metric: "partly", roles: "yes"}',
                   ["sponsor: {owner: Bo}", "metric: {owner: Cy}", "roles: {owner: Di}"])
    q2 = core_file(workdir / "q2.yaml", "2026-11-01", '{owner: "yes", sponsor: "no", metric: "partly", roles: "yes"}',
                   ["sponsor: {owner: Bo, status: done, done: 2026-10-20}",
                    "metric: {owner: Cy, status: done, done: 2026-10-21}",
                    "roles: {owner: Di, status: done, done: 2026-10-22}"])
    q3 = core_file(workdir / "q3.yaml", "2026-11-20", '{owner: "yes", sponsor: "no", metric: "yes", roles: "yes"}',
                   ["sponsor: {owner: Bo, status: done, done: 2026-10-20}",
                    "metric: {owner: Cy, status: done, done: 2026-10-21}",
                    "roles: {owner: Di, status: done, done: 2026-10-22}"])
    first = json.loads(cli("score", str(q2), "--since", str(q1), "--format", "json").stdout)["follow_up"]
    # Done and not moved: flagged; roles was already yes (100%): it cannot move, so it is not.
    assert [(f["item"], f["flagged"]) for f in first] == [("sponsor", True), ("metric", True), ("roles", False)]
    again = json.loads(cli("score", str(q3), "--since", str(q2), "--format", "json").stdout)["follow_up"]
    # Still done at q3: sponsor still has not moved (flagged while that stays true); metric has now.
    assert [(f["item"], f["status"], f["flagged"]) for f in again] == [
        ("sponsor", "done", True), ("metric", "done", False), ("roles", "done", False)]
    trend = json.loads(cli("trend", str(q1), str(q2), str(q3), "--format", "json").stdout)[0]["checkpoints"]
    assert [[f["flagged"] for f in p["follow_up"] or []] for p in trend] == [[], [True, True, False],
                                                                             [True, False, False]]


def test_anonymous_follow_up_withholds_values_when_the_previous_checkpoint_had_two(cli, project, workdir):
    (project / "checklists" / "mini.yaml").write_text(
        (project / "checklists" / "mini.yaml").read_text(encoding="utf-8").replace(
            "summary:", "anonymous: true\nsummary:", 1), encoding="utf-8")
    header = "checklist: mini\nteam: Ops\n"
    for name, value in (("dana", "no"), ("lee", "no")):
        write_file(workdir / "q3" / f"{name}.yaml",
                   f'{header}respondent: {name}\ndate: 2026-10-01\nanswers: {{metric: "{value}"}}\n'
                   + ("actions:\n  metric: {owner: Priya}\n" if name == "dana" else ""))
    for name, value in (("dana", "yes"), ("lee", "no"), ("kim", "partly")):
        write_file(workdir / "q4" / f"{name}.yaml",
                   f'{header}respondent: {name}\ndate: 2026-11-01\nanswers: {{metric: "{value}"}}\n'
                   + ("actions:\n  metric: {owner: Priya, status: done, done: 2026-10-20}\n" if name == "dana" else ""))
    q3, q4 = sorted((workdir / "q3").iterdir()), sorted((workdir / "q4").iterdir())
    since = [arg for path in q3 for arg in ("--since", str(path))]
    data = json.loads(cli("score", *map(str, q4), *since, "--format", "json").stdout)
    assert data["follow_up"] == [{"item": "metric", "owner": "Priya", "status": "done", "before": None,
                                  "after": None, "flagged": False}]
    text = cli("score", *map(str, q4), *since).stdout
    assert "metric: Priya, done" in text and "->" not in text.split("Follow-up", 1)[1]
    markdown = cli("score", *map(str, q4), *since, "--format", "markdown").stdout
    assert "| Then |" not in markdown and "then and now" not in markdown
    trend = json.loads(cli("trend", *map(str, q3 + q4), "--format", "json").stdout)[0]["checkpoints"]
    assert trend[1]["follow_up"] == data["follow_up"]
    # Three at both checkpoints: the values show. Then no, no, no: 0; now yes, no, partly: (1 + 0 + 1/2) / 3.
    write_file(workdir / "q3" / "kim.yaml", f'{header}respondent: kim\ndate: 2026-10-01\nanswers: {{metric: "no"}}\n')
    q3 = sorted((workdir / "q3").iterdir())
    since = [arg for path in q3 for arg in ("--since", str(path))]
    shown = json.loads(cli("score", *map(str, q4), *since, "--format", "json").stdout)["follow_up"][0]
    assert (shown["before"], shown["after"], shown["flagged"]) == (0, 0.5, False)
