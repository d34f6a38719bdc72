"""`playbook overview`: every team's latest checkpoint side by side, by name, never ranked.

On the test's own checklists (conftest's `mini`, weights owner 3 critical,
sponsor 1 | metric 2, roles 2; and `pulse`, anonymous), with numbers worked
out by hand from DESIGN.md's scoring.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from playbook_cli.cli import main
from tests.common import many_teams
from tests.conftest import REPO, error_line, write_answers

AS_OF = "2026-11-29"
FORMATS = ["text", "markdown", "json", "html"]

PULSE = """\
id: pulse
title: Team pulse
version: 1
summary: An anonymous pulse for tests.
anonymous: true
bands:
  - {id: healthy, label: Healthy, min: 70}
  - {id: unhealthy, label: Unhealthy, min: 0}
sections:
  - id: mood
    title: Mood
    items:
      - {id: safe, question: "Is it safe to disagree?", why: Or nobody does., weight: 1}
      - {id: fun, question: "Is work fun?", why: It shows., weight: 1}
"""


@pytest.fixture
def overview(project, workdir):
    """Run `playbook overview` with the test project's checklists; returns (exit code, stdout, stderr)."""
    def run(*args):
        result = CliRunner().invoke(main, ["overview", "--checklists", str(project / "checklists"), *args],
                                    catch_exceptions=False)
        return result
    return run


@pytest.fixture
def org(workdir):
    """Three teams whose score order (Beta 100, Zeta 75, Alpha 0) is not their name order.

    Zeta, latest checkpoint 2026-11-01, two respondents:
      Ann:  owner yes, sponsor yes,    metric partly, roles yes
      Ben:  owner yes, sponsor no,     metric no,     roles n/a
      team values: owner 1, sponsor 1/2, metric 1/4, roles 1 (Ben's n/a leaves Ann's alone)
      score = (3x1 + 1x0.5 + 2x0.25 + 2x1) / 8 = 6/8 = 75; Own (3 + 0.5) / 4 = 87.5 -> 88;
      Align (0.5 + 2) / 4 = 62.5 -> 63; band at-risk (60 <= 75 < 80, no blocker: owner is 1).
      alignment: spreads owner 0, sponsor 1, metric 1/2 (roles: one value only) -> mean 1/2 -> 50.
    Zeta's checkpoint before, 2026-09-01, one respondent: owner yes, sponsor no, metric partly, roles yes:
      (3 + 0 + 1 + 2) / 8 = 75; Own 3/4 = 75; Align (1 + 2) / 4 = 75. Movement: score 0, Own +13, Align -12.
    Beta, 2026-11-20: all yes -> 100, both sections 100, band ready; an open action due 2026-11-28
      (overdue as of 2026-11-29) and a done one (not counted); one respondent: alignment null.
    Alpha, 2026-08-01, version 1 of mini (now 2): owner no, sponsor no -> 0, band not-ready (blocker);
      120 days before 2026-11-29: stale at the default 90.
    """
    answers = workdir / "answers"
    (answers / "zeta").mkdir(parents=True)
    (answers / "beta").mkdir()
    (answers / "alpha").mkdir()
    write_answers(answers / "zeta" / "2026-09-01-ann.yaml",
                  {"owner": '"yes"', "sponsor": '"no"', "metric": "partly", "roles": '"yes"'},
                  checklist_version=2, team="Zeta", respondent="Ann", date="2026-09-01")
    write_answers(answers / "zeta" / "2026-11-01-ann.yaml",
                  {"owner": '"yes"', "sponsor": '"yes"', "metric": "partly", "roles": '"yes"'},
                  checklist_version=2, team="Zeta", respondent="Ann", date="2026-11-01")
    write_answers(answers / "zeta" / "2026-11-01-ben.yaml",
                  {"owner": '"yes"', "sponsor": '"no"', "metric": '"no"', "roles": '"n/a"'},
                  checklist_version=2, team="zeta ", respondent="Ben", date="2026-11-01")
    beta = write_answers(answers / "beta" / "2026-11-20.yaml",
                         {"owner": '"yes"', "sponsor": '"yes"', "metric": '"yes"', "roles": '"yes"'},
                         checklist_version=2, team="Beta", respondent="Cy", date="2026-11-20")
    with beta.open("a", encoding="utf-8") as fh:
        fh.write("actions:\n  metric: {owner: Priya, due: 2026-11-28}\n"
                 "  roles: {owner: Omar, due: 2026-11-01, status: done, done: 2026-11-01}\n"
                 "  sponsor: {owner: Kim, due: 2026-12-15}\n")
    write_answers(answers / "alpha" / "2026-08-01.yaml", {"owner": '"no"', "sponsor": '"no"'},
                  checklist_version=1, team="Alpha", respondent="Di", date="2026-08-01")
    return answers


def teams_of(data: dict, checklist: str = "mini") -> list[dict]:
    return next(block["teams"] for block in data["checklists"] if block["checklist"] == checklist)


def test_json_is_each_teams_latest_checkpoint_computed_by_hand(overview, org):
    result = overview(str(org), "--format", "json", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [(block["checklist"], block["version"]) for block in data["checklists"]] == [("mini", 2)]
    alpha, beta, zeta = teams_of(data)
    assert zeta == {
        "team": "Zeta", "date": "2026-11-01", "respondents": 2, "score": 75, "band": "at-risk",
        "previous_score": 75,
        "sections": [{"id": "own", "title": "Own", "score": 88, "previous": 75},
                     {"id": "align", "title": "Align", "score": 63, "previous": 75}],
        "alignment": 50, "open_actions": 0, "overdue_actions": 0, "outdated_version": False, "stale_days": None}
    assert (beta["score"], beta["band"], beta["previous_score"], beta["alignment"]) == (100, "ready", None, None)
    assert [s["previous"] for s in beta["sections"]] == [None, None]
    assert (beta["open_actions"], beta["overdue_actions"]) == (2, 1)  # the done one is not open
    assert (alpha["score"], alpha["band"], alpha["outdated_version"], alpha["stale_days"]) == \
        (0, "not-ready", True, 120)
    assert "items" not in zeta  # only with --items


def test_open_and_overdue_actions_are_what_playbook_actions_lists(overview, org, project):
    listed = CliRunner().invoke(main, ["actions", "--checklists", str(project / "checklists"), str(org),
                                       "--as-of", AS_OF, "--format", "json"], catch_exceptions=False)
    actions = json.loads(listed.stdout)
    data = json.loads(overview(str(org), "--format", "json", "--as-of", AS_OF).stdout)
    for team in teams_of(data):
        mine = [a for a in actions if a["team"] == team["team"]]
        assert (team["open_actions"], team["overdue_actions"]) == (len(mine), sum(a["overdue"] for a in mine))
    # --as-of moves what is overdue: on 2026-11-28 itself the action due that day is not overdue yet.
    earlier = json.loads(overview(str(org), "--format", "json", "--as-of", "2026-11-28").stdout)
    assert [t["overdue_actions"] for t in teams_of(earlier)] == [0, 0, 0]


def test_items_give_one_cell_per_item_with_its_movement(overview, org):
    data = json.loads(overview(str(org), "--format", "json", "--as-of", AS_OF, "--items").stdout)
    alpha, beta, zeta = teams_of(data)
    # Team values (see `org`); before: owner 1, sponsor 0, metric 1/2, roles 1.
    assert zeta["items"] == [{"id": "owner", "value": 1, "previous": 1},
                             {"id": "sponsor", "value": 0.5, "previous": 0},
                             {"id": "metric", "value": 0.25, "previous": 0.5},
                             {"id": "roles", "value": 1, "previous": 1}]
    assert [i["value"] for i in alpha["items"]] == [0, 0, 0, 0]  # metric and roles unanswered count 0
    text = overview(str(org), "--as-of", AS_OF, "--items").stdout
    zeta_line = next(line for line in text.splitlines() if line.startswith("Zeta"))
    # Items as whole numbers out of 100: 100 →, 50 ↑50, 25 ↓25, 100 →.
    assert re.search(r"100 →\s+50 ↑50\s+25 ↓25\s+100 →", zeta_line), zeta_line
    assert "1  owner: Is there one owner?" in text


SCORE_ORDER_IS_NOT_NAME_ORDER = ["Alpha", "Beta", "Zeta"]  # scores 0, 100, 75


@pytest.mark.parametrize("fmt", FORMATS)
def test_teams_are_listed_by_name_never_ranked(overview, org, fmt):
    result = overview(str(org), "--format", fmt, "--as-of", AS_OF, "--items")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert [t["team"] for t in teams_of(data)] == SCORE_ORDER_IS_NOT_NAME_ORDER
        assert not re.search(r"rank|position|place", out, flags=re.I)
    else:
        found = [out.index(name) for name in SCORE_ORDER_IS_NOT_NAME_ORDER]
        assert found == sorted(found), out
        assert not re.search(r"\brank(ed|ing)?\s*[:#]|\brank\b\s*\|", out, flags=re.I)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_marks_stale_and_outdated_teams(overview, org, fmt):
    out = overview(str(org), "--format", fmt, "--as-of", AS_OF).stdout
    if fmt == "json":
        alpha = teams_of(json.loads(out))[0]
        assert (alpha["stale_days"], alpha["outdated_version"]) == (120, True)
        return
    alpha = next(line for line in out.splitlines() if "Alpha" in line)
    assert "stale: 120 days old" in alpha and "older checklist version (1; now 2)" in alpha.replace("\\", "")
    for other in ("Beta", "Zeta"):
        line = next(line for line in out.splitlines() if other in line and "2026-" in line)
        assert "stale" not in line and "older" not in line


@pytest.mark.parametrize("after, stale", [("120", None), ("119", 120), ("0", 120)])
def test_stale_after_sets_the_threshold(overview, org, after, stale):
    data = json.loads(overview(str(org), "--format", "json", "--as-of", AS_OF, "--stale-after", after).stdout)
    assert teams_of(data)[0]["stale_days"] == stale  # Alpha's checkpoint is 120 days old


def test_the_default_threshold_is_90_days(overview, workdir):
    write_answers(workdir / "a.yaml", {"owner": '"yes"'}, team="A", date="2026-08-31")  # 90 days before AS_OF
    write_answers(workdir / "b.yaml", {"owner": '"yes"'}, team="B", date="2026-08-30")  # 91
    data = json.loads(overview("a.yaml", "b.yaml", "--format", "json", "--as-of", AS_OF).stdout)
    assert [t["stale_days"] for t in teams_of(data)] == [None, 91]


@pytest.fixture
def pulse(project, workdir):
    """An anonymous checklist: team Few has 2 respondents, team Many 3.

    Few: safe yes, no; fun yes, yes -> values 1/2, 1 -> (0.5 + 1) / 2 = 75.
    Many: safe yes, yes, no; fun partly, no, no -> 2/3, 1/6 -> (4/6 + 1/6) / 2 = 5/12 = 41.67 -> 42.
    """
    (project / "checklists" / "pulse.yaml").write_text(PULSE, encoding="utf-8")
    for name, team, safe, fun in [("dana", "Few", '"yes"', '"yes"'), ("eli", "Few", '"no"', '"yes"'),
                                  ("fay", "Many", '"yes"', "partly"), ("gus", "Many", '"yes"', '"no"'),
                                  ("hal", "Many", '"no"', '"no"')]:
        path = write_answers(workdir / f"{name}.yaml", {"safe": safe, "fun": fun}, checklist="pulse", team=team,
                             respondent=name.title(), date="2026-11-02")
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"notes:\n  safe: {name.title()} says so\n")
    return workdir


@pytest.mark.parametrize("fmt", FORMATS)
def test_anonymous_checklists_show_team_aggregates_only(overview, pulse, fmt):
    result = overview(str(pulse), "--format", fmt, "--as-of", AS_OF, "--items")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for name in ("Dana", "Eli", "Fay", "Gus", "Hal"):  # no respondent's name, nor a note, anywhere
        assert name not in out
    if fmt == "json":
        few, many = teams_of(json.loads(out), "pulse")
        assert (few["respondents"], few["score"], few["items"]) == (2, 75, None)  # score, but no per-item cells
        assert (many["respondents"], many["score"]) == (3, 42)
        assert many["items"] == [{"id": "safe", "value": 0.6667, "previous": None},
                                 {"id": "fun", "value": 0.1667, "previous": None}]
        return
    few = next(line for line in out.splitlines() if "Few" in line)
    assert "75" in few and "at least 3 respondents" in few
    many = next(line for line in out.splitlines() if "Many" in line)
    assert re.search(r"\b67\b.*\b17\b", many)  # 2/3 and 1/6 as whole numbers out of 100
    assert "anonymous" not in many


def test_without_items_an_anonymous_team_of_two_shows_its_sections(overview, pulse):
    few = teams_of(json.loads(overview(str(pulse), "--format", "json").stdout), "pulse")[0]
    assert few["sections"] == [{"id": "mood", "title": "Mood", "score": 75, "previous": None}]
    assert "items" not in few


def test_files_of_other_checklists_are_grouped_and_checklists_skipped(overview, org, pulse, project):
    (org / "mini.yaml").write_text((project / "checklists" / "mini.yaml").read_text(), encoding="utf-8")
    data = json.loads(overview(str(org), str(pulse), "--format", "json").stdout)
    assert [block["checklist"] for block in data["checklists"]] == ["mini", "pulse"]
    only = json.loads(overview(str(org), str(pulse), "--format", "json", "--checklist", "pulse").stdout)
    assert [block["checklist"] for block in only["checklists"]] == ["pulse"]


def test_an_unknown_checklist_option_is_one_error_line(overview, org):
    result = overview(str(org), "--checklist", "nope")
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: nope: no such checklist")


def test_a_checklist_without_answers_is_a_clear_message(overview, org, project):
    (project / "checklists" / "pulse.yaml").write_text(PULSE, encoding="utf-8")
    result = overview(str(org), "--checklist", "pulse")
    assert (result.exit_code, result.stdout) == (2, "")
    assert error_line(result) == f"Error: {org}: no answers files found for checklist 'pulse'"


def test_no_answers_files_is_a_clear_message_and_exit_2_as_for_actions(overview, workdir):
    (workdir / "empty").mkdir()
    (workdir / "empty" / "notes.yaml").write_text("just: a mapping\n", encoding="utf-8")
    result = overview("empty")
    assert (result.exit_code, result.stdout) == (2, "")
    assert error_line(result) == "Error: empty: no answers files found"


@pytest.mark.parametrize("text, where", [
    ("checklist: mini\nteam: A\ndate: 2026-11-01\nanswers:\n  owner: [yes\n", "bad.yaml:5"),
    ("checklist: mini\nteam: A\ndate: 2026-11-01\nanswers:\n  owner: maybe\n", "bad.yaml:5:10"),
    ("checklist: mini\nteam: A\nanswers:\n  owner: \"yes\"\n", "bad.yaml"),
    ("checklist: nosuch\nteam: A\ndate: 2026-11-01\nanswers: {}\n", "bad.yaml:1:12"),
], ids=["malformed YAML", "bad answer", "no date", "unknown checklist"])
def test_a_bad_file_is_one_error_line_with_its_place(overview, org, text, where):
    (org / "bad.yaml").write_text(text, encoding="utf-8")
    result = overview("answers")
    assert (result.exit_code, result.stdout) == (2, "")
    line = error_line(result)
    assert re.match(rf"Error: answers/{where}(:\d+)?: \S", line), line
    assert "Traceback" not in result.stderr


def test_a_missing_path_is_one_error_line(overview, workdir):
    result = overview("nowhere")
    assert (result.exit_code, error_line(result)) == (2, "Error: nowhere: no such file or directory")


def test_dash_o_writes_the_file_and_never_an_input(overview, org, workdir):
    result = overview(str(org), "--format", "html", "-o", "overview.html")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "overview.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    target = org / "beta" / "2026-11-20.yaml"
    before = target.read_bytes()
    refused = overview(str(org), "-o", str(target))
    assert refused.exit_code == 2 and error_line(refused).startswith("Error: ")
    assert target.read_bytes() == before


def test_html_is_self_contained_and_says_why_not_to_rank(overview, org):
    out = overview(str(org), "--format", "html", "--as-of", AS_OF).stdout
    assert not re.search(r'(src|href)="(https?:)?//', out) and "<script" not in out and "@import" not in out
    assert "How to read this." in out and "Why not to rank." in out
    assert out.count("<caption") == 1 and 'scope="row"' in out


def test_html_item_columns_name_their_item_for_screen_readers(overview, org):
    out = overview(str(org), "--format", "html", "--items").stdout
    assert '<th scope="col" title="owner: Is there one owner?">1<span class="vh"> owner</span></th>' in out
    assert "<dt>1</dt><dd>owner: Is there one owner?</dd>" in out  # and the key below the table


def test_names_from_files_are_escaped_in_every_format(overview, workdir):
    write_answers(workdir / "x.yaml", {"owner": '"yes"'}, team="<b>Ev|il</b>\u001b[2J", date="2026-11-01")
    html = overview("x.yaml", "--format", "html").stdout
    assert "<b>Ev" not in html and "&lt;b&gt;Ev|il&lt;/b&gt;\\x1b[2J" in html
    assert "\u001b" not in overview("x.yaml").stdout
    assert "\\|" in overview("x.yaml", "--format", "markdown").stdout


@pytest.mark.parametrize("fmt, items, limit", [
    ("text", False, 20_000), ("markdown", False, 25_000), ("json", False, 160_000), ("html", False, 70_000),
    ("text", True, 30_000), ("html", True, 95_000), ("json", True, 280_000),
])
def test_two_hundred_teams_render_in_bounded_size_by_name(overview, workdir, fmt, items, limit):
    names = many_teams(workdir / "org", 200)
    start = time.perf_counter()
    result = overview("org", "--format", fmt, *(["--items"] if items else []), "--as-of", AS_OF)
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.encode("utf-8")) < limit, len(result.stdout.encode("utf-8"))
    assert elapsed < 20  # 1,200 files on a shared machine; the benchmark measures it properly
    found = [result.stdout.index(f'"{name}"' if fmt == "json" else name) for name in names]
    assert found == sorted(found)


def test_scores_of_many_teams_are_not_in_name_order(overview, workdir):
    # Guards the test above: with scores in name order, "listed by name" would prove nothing.
    many_teams(workdir / "org", 12)
    scores = [t["score"] for t in teams_of(json.loads(overview("org", "--format", "json").stdout))]
    assert scores != sorted(scores) and scores != sorted(scores, reverse=True)


# -- the monthly workflow example ------------------------------------------------------------

WORKFLOW = REPO / "docs" / "examples" / "workflows" / "monthly-overview.yml"


def test_the_monthly_workflow_is_scheduled_pinned_and_keeps_an_artefact():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert [entry["cron"] for entry in triggers["schedule"]] == ["0 6 1 * *"] and "workflow_dispatch" in triggers
    assert data["permissions"] == {"contents": "read"}  # Pages is opt-in, in the comments
    steps = [step for job in data["jobs"].values() for step in job["steps"]]
    installs = [step["run"] for step in steps if "pip install" in step.get("run", "")]
    assert len(installs) == 1 and re.search(r"@v\d+\.\d+\.\d+\"", installs[0]), installs
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "overview/"


def test_the_monthly_workflow_commands_write_the_overview(project, workdir, tmp_path):
    """Each step that runs `playbook overview`, run with bash as GitHub runs it, on a repository's answers."""
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    scripts = [step["run"] for job in data["jobs"].values() for step in job["steps"]
               if "playbook overview" in step.get("run", "")]
    assert len(scripts) == 2
    for script in scripts:
        for line in script.splitlines():
            if line.startswith("playbook "):
                args = shlex.split(line)
                assert args[:3] == ["playbook", "overview", "answers/"] and "-o" in args
    many_teams(workdir / "answers", 3)
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(PLAYBOOK_CHECKLISTS=str(project / "checklists"), GITHUB_STEP_SUMMARY=str(summary),
               PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""))  # where `playbook` is
    for script in scripts:
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=workdir,
                              env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    page = (workdir / "overview" / "index.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Team 002" in page
    assert summary.read_text(encoding="utf-8").startswith("# Overview") and "| Team 000 |" in summary.read_text()


def test_the_guides_link_the_workflow_and_say_what_publishing_exposes():
    guide = (REPO / "docs" / "guides" / "overview.md").read_text(encoding="utf-8")
    reference = (REPO / "docs" / "guides" / "cli.md").read_text(encoding="utf-8")
    for text in (guide, reference):
        assert "(../examples/workflows/monthly-overview.yml)" in text
    assert "## What publishing exposes" in guide and "overview.md#what-publishing-exposes" in reference


# -- as the organisation stood on --as-of -----------------------------------------------------

def test_as_of_leaves_out_checkpoints_dated_after_it(overview, org):
    # On 2026-08-01 only Alpha had a checkpoint: Zeta's (09-01, 11-01) and Beta's (11-20) came later.
    data = json.loads(overview(str(org), "--format", "json", "--as-of", "2026-08-01").stdout)
    assert [(t["team"], t["date"], t["stale_days"]) for t in teams_of(data)] == [("Alpha", "2026-08-01", None)]
    # On 2026-10-01 Zeta's latest is its 09-01 checkpoint, a first one: no movement yet.
    data = json.loads(overview(str(org), "--format", "json", "--as-of", "2026-10-01").stdout)
    alpha, zeta = teams_of(data)
    assert (zeta["team"], zeta["date"], zeta["respondents"], zeta["score"], zeta["previous_score"]) == \
        ("Zeta", "2026-09-01", 1, 75, None)
    text = overview(str(org), "--as-of", "2026-10-01").stdout
    assert "Beta" not in text and "2026-11-" not in text


def test_as_of_before_every_checkpoint_is_one_error_line(overview, org):
    result = overview(str(org), "--as-of", "2026-07-31")
    assert result.exit_code == 2
    assert error_line(result) == "Error: --as-of: no checkpoint is dated on or before 2026-07-31"
    assert "2026-08-01" in result.stderr  # the hint names the earliest


@pytest.fixture
def pulse_grew(project, workdir):
    """An anonymous checklist, team Grew: 2 respondents on 2026-10-01, then 3 on 2026-11-02.

    10-01: safe yes, no; fun yes, yes -> 1/2, 1 -> 75.
    11-02: safe yes, yes, yes; fun no, no, yes -> 1, 1/3 -> 67.
    """
    (project / "checklists" / "pulse.yaml").write_text(PULSE, encoding="utf-8")
    for date, safe, fun in [("2026-10-01", ['"yes"', '"no"'], ['"yes"', '"yes"']),
                            ("2026-11-02", ['"yes"'] * 3, ['"no"', '"no"', '"yes"'])]:
        for n, (s, f) in enumerate(zip(safe, fun)):
            write_answers(workdir / f"{date}-{n}.yaml", {"safe": s, "fun": f}, checklist="pulse", team="Grew",
                          respondent=f"R{n}", date=date)
    return workdir


def test_items_never_show_a_withheld_checkpoints_values_as_previous(overview, pulse_grew):
    data = json.loads(overview(str(pulse_grew), "--format", "json", "--as-of", AS_OF, "--items").stdout)
    grew = teams_of(data, "pulse")[0]
    assert grew["respondents"] == 3
    assert grew["items"] == [{"id": "safe", "value": 1, "previous": None},
                             {"id": "fun", "value": 0.3333, "previous": None}]
    # The section's previous score stays: a team aggregate, shown at any size.
    assert grew["sections"] == [{"id": "mood", "title": "Mood", "score": 67, "previous": 75}]
    line = next(line for line in overview(str(pulse_grew), "--as-of", AS_OF, "--items").stdout.splitlines()
                if line.startswith("Grew"))
    assert re.search(r"\b100\s+33\s", line), line
    assert line.count("↑") + line.count("↓") + line.count("→") == 1  # only the score's movement, 75 -> 67


# -- the order of names -----------------------------------------------------------------------

NAMES_AS_READ = ["ápple", "Bob", "Émile", "team 9", "team 10", "Zed"]


def test_teams_are_ordered_as_a_person_reads_names(overview, workdir):
    for n, name in enumerate(reversed(NAMES_AS_READ)):
        write_answers(workdir / f"{n}.yaml", {"owner": '"yes"'}, team=name, date="2026-11-01")
    data = json.loads(overview(str(workdir), "--format", "json", "--as-of", AS_OF).stdout)
    assert [t["team"] for t in teams_of(data)] == NAMES_AS_READ


def test_trend_orders_teams_as_overview_does(project, workdir):
    for n, name in enumerate(reversed(NAMES_AS_READ)):
        write_answers(workdir / f"{n}.yaml", {"owner": '"yes"'}, team=name, date="2026-11-01")
    files = [str(path) for path in sorted(workdir.glob("*.yaml"))]
    result = CliRunner().invoke(main, ["trend", "--checklists", str(project / "checklists"), *files,
                                       "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert [t["team"] for t in json.loads(result.stdout)] == NAMES_AS_READ


def test_names_alike_but_for_case_or_accent_keep_one_order(overview, workdir):
    for n, name in enumerate(["Émile", "Emile"]):
        write_answers(workdir / f"{n}.yaml", {"owner": '"yes"'}, team=name, date="2026-11-01")
    # Two teams (names match ignoring case, not accents) that read alike: the names themselves decide.
    data = json.loads(overview(str(workdir), "--format", "json", "--as-of", AS_OF).stdout)
    assert [t["team"] for t in teams_of(data)] == ["Emile", "Émile"]


# -- Markdown escapes only what Markdown reads ----------------------------------------------------

def test_markdown_leaves_parentheses_alone_and_escapes_what_markdown_reads(overview, workdir):
    write_answers(workdir / "a.yaml", {"owner": '"yes"'}, team="[x](javascript:alert(1)) *b* #1", date="2026-11-01")
    write_answers(workdir / "b.yaml", {"owner": '"yes"'}, team="# Big", date="2026-11-01")
    write_answers(workdir / "c.yaml", {"owner": '"yes"'}, team="1. First", date="2026-11-01")
    out = overview(str(workdir), "--format", "markdown", "--as-of", AS_OF).stdout
    assert "(mini, version 2)" in out and "\\(" not in out and "\\)" not in out
    assert "| \\[x\\](javascript:alert(1)) \\*b\\* #1 |" in out  # no link, no emphasis; "#" inside a line is text
    assert "| \\# Big |" in out and "| 1\\. First |" in out      # what would start a heading or a list
    assert "(↑ up, ↓ down, → the same; nothing at a first checkpoint)" in out


def test_a_fork_brands_the_overview_as_its_other_html_reports(overview, org, project):
    (project / "playbook.toml").write_text('[reports]\ntemplates = "report-templates"\n', encoding="utf-8")
    (project / "report-templates").mkdir()
    (project / "report-templates" / "brand.html").write_text('<header class="acme">Acme Corp · {{ title }}</header>\n',
                                                             encoding="utf-8")
    (project / "report-templates" / "brand.css").write_text(":root { --paper: #fdf6ee; }\n", encoding="utf-8")
    html = overview(str(org), "--format", "html", "--as-of", AS_OF).stdout
    assert "<header class=\"acme\">Acme Corp · Overview: every team&#39;s latest checkpoint</header>" in html
    assert ":root { --paper: #fdf6ee; }" in html and html.count("<style>") == 1
    assert "How to read this." in html and "--head:#e9e9ef" in html  # still the overview's page and style
    assert "Acme" not in overview(str(org), "--format", "markdown", "--as-of", AS_OF).stdout


def test_a_broken_overview_template_is_one_error_line(overview, org, project):
    (project / "playbook.toml").write_text('[reports]\ntemplates = "report-templates"\n', encoding="utf-8")
    (project / "report-templates").mkdir()
    (project / "report-templates" / "overview.html").write_text("{% block %}\n", encoding="utf-8")
    result = overview(str(org), "--format", "html", "--as-of", AS_OF)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert error_line(result).startswith("Error: ") and "report-templates/overview.html:1" in error_line(result)
