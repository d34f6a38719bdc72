"""Scores worked out by hand from DESIGN.md's rules, on the mini checklist.

Weights: owner 3 (critical), sponsor 1 | metric 2, roles 2. Total 8.
"""

from __future__ import annotations

import json

import pytest

from playbook_cli.scoring import percent_half_up
from tests.conftest import write_answers


def score_json(cli, *files, extra=()):
    result = cli("score", *map(str, files), "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_single_respondent_by_hand(cli, workdir):
    # num = 3*1 + 1*0.5 + 2*0.5 + 2*0 = 4.5; 4.5/8 = 56.25 -> 56
    # own = 3.5/4 = 87.5 -> 88; align = 1/4 = 25
    f = write_answers(workdir / "a.yaml", {"owner": '"yes"', "sponsor": "partly", "metric": "partly", "roles": '"no"'},
                      team="Payments", respondent="Dana", checklist_version=2)
    data = score_json(cli, f)
    assert data == {
        "checklist": "mini", "checklist_version": 2, "team": "Payments", "respondents": ["Dana"],
        "score": 56, "band": "not-ready", "blockers": [], "unknown": [],
        "sections": [{"id": "own", "title": "Own", "score": 88}, {"id": "align", "title": "Align", "score": 25}],
        # priorities: roles 2*(1-0)=2, metric 2*(1-0.5)=1, sponsor 1*(1-0.5)=0.5
        "gaps": [
            {"item": "roles", "section": "align", "value": 0, "weight": 2, "play": None, "owner": None,
             "note": None},
            {"item": "metric", "section": "align", "value": 0.5, "weight": 2, "play": "plays/b.md", "owner": None,
             "note": None},
            {"item": "sponsor", "section": "own", "value": 0.5, "weight": 1, "play": None, "owner": None,
             "note": None},
        ],
        "alignment": None, "misaligned": [], "notes": [],
    }


def test_blocker_holds_lowest_band_whatever_the_score(cli, workdir):
    # owner unknown: num = 0 + 1 + 2 + 2 = 5; 5/8 = 62.5 -> 63 (at-risk by score) but owner is a blocker.
    f = write_answers(workdir / "a.yaml", {"owner": "unknown", "sponsor": '"yes"', "metric": '"yes"', "roles": '"yes"'})
    data = score_json(cli, f)
    assert data["score"] == 63
    assert data["band"] == "not-ready"
    assert data["blockers"] == ["owner"]
    assert data["unknown"] == ["owner"]


def test_unanswered_critical_item_is_a_blocker(cli, workdir):
    # owner missing: counts as 0. num = 1 + 2 + 2 = 5 -> 63, blocked.
    f = write_answers(workdir / "a.yaml", {"sponsor": '"yes"', "metric": '"yes"', "roles": '"yes"'})
    data = score_json(cli, f)
    assert (data["score"], data["band"], data["blockers"]) == (63, "not-ready", ["owner"])
    assert data["gaps"][0]["item"] == "owner"


def test_rounds_half_up_not_to_even(cli, workdir):
    # owner no, sponsor partly, others n/a: 0.5/4 = 12.5 -> 13 (Python's round() would give 12).
    f = write_answers(workdir / "a.yaml", {"owner": '"no"', "sponsor": "partly", "metric": "n/a", "roles": "n/a"})
    data = score_json(cli, f)
    assert data["score"] == 13
    assert data["sections"] == [{"id": "own", "title": "Own", "score": 13},
                                {"id": "align", "title": "Align", "score": 0}]


def test_all_na_scores_zero(cli, workdir):
    f = write_answers(workdir / "a.yaml", {k: "n/a" for k in ("owner", "sponsor", "metric", "roles")})
    data = score_json(cli, f)
    # No applicable item: score 0, no blockers (n/a removes the critical item), lowest band by score.
    assert (data["score"], data["band"], data["blockers"], data["gaps"]) == (0, "not-ready", [], [])


def test_all_yes_is_ready(cli, workdir):
    f = write_answers(workdir / "a.yaml", {k: '"yes"' for k in ("owner", "sponsor", "metric", "roles")})
    data = score_json(cli, f)
    assert (data["score"], data["band"], data["gaps"]) == (100, "ready", [])


def test_bare_yaml_yes_no_are_booleans_and_count(cli, workdir):
    # Unquoted yes/no are YAML 1.1 booleans: true = yes, false = no.
    f = write_answers(workdir / "a.yaml", {"owner": "yes", "sponsor": "no", "metric": "true", "roles": "false"})
    data = score_json(cli, f)
    # num = 3 + 0 + 2 + 0 = 5 -> 62.5 -> 63; own = 3/4 = 75; align = 2/4 = 50
    assert data["score"] == 63
    assert [s["score"] for s in data["sections"]] == [75, 50]
    assert data["band"] == "at-risk"


def test_gap_ties_keep_file_order(cli, workdir):
    # metric and roles both no: both priority 2*(1-0)=2; sponsor no: 1. File order breaks the tie.
    f = write_answers(workdir / "a.yaml", {"owner": '"yes"', "sponsor": '"no"', "metric": '"no"', "roles": '"no"'})
    data = score_json(cli, f)
    assert [g["item"] for g in data["gaps"]] == ["metric", "roles", "sponsor"]


def test_unknown_item_in_answers_is_a_warning(cli, workdir):
    f = write_answers(workdir / "a.yaml", {"owner": '"yes"', "onwer": '"no"'})
    result = cli("score", str(f), "--format", "json")
    assert result.exit_code == 0
    assert "Warning: a.yaml:4:3: answer for unknown item 'onwer'" in result.stderr
    assert "did you mean 'owner'?" in result.stderr
    assert json.loads(result.stdout)["score"] == 38  # 3/8 = 37.5 -> 38


def test_action_owner_is_carried_to_gaps(cli, workdir):
    f = workdir / "a.yaml"
    f.write_text('checklist: mini\nanswers:\n  owner: "yes"\n  metric: partly\n'
                 'actions:\n  metric: {owner: Priya, due: 2026-12-01}\n', encoding="utf-8")
    data = score_json(cli, f)
    metric = next(g for g in data["gaps"] if g["item"] == "metric")
    assert metric["owner"] == "Priya"
    text = cli("score", str(f)).stdout
    assert "owner: Priya, due 2026-12-01" in text
    assert "owner: UNOWNED" in text  # sponsor and roles have no owner


TEAM = {
    "dana": {"owner": '"yes"', "sponsor": '"yes"', "metric": "partly", "roles": '"no"'},
    "lee": {"owner": '"no"', "sponsor": "n/a", "metric": '"yes"', "roles": '"no"'},
    "sam": {"owner": "unknown", "sponsor": "n/a", "roles": "n/a"},  # metric skipped
}


def test_team_by_hand(cli, workdir):
    files = [write_answers(workdir / f"{name}.yaml", answers, team="Payments", respondent=name.title())
             for name, answers in TEAM.items()]
    (workdir / "dana.yaml").write_text((workdir / "dana.yaml").read_text() + "actions:\n  roles: {owner: Priya}\n")
    (workdir / "lee.yaml").write_text((workdir / "lee.yaml").read_text()
                                      + "actions:\n  roles: {owner: Sam}\n  metric: {owner: Lee}\n")
    data = score_json(cli, *files)
    # team values: owner (1+0+0)/3 = 1/3; sponsor 1 (only Dana); metric (0.5+1+0)/3 = 1/2; roles (0+0)/2 = 0
    # num = 3*(1/3) + 1 + 2*(1/2) + 0 = 3; 3/8 = 37.5 -> 38
    assert data["score"] == 38
    assert [s["score"] for s in data["sections"]] == [50, 25]  # own 2/4, align 1/4
    assert data["blockers"] == ["owner"] and data["band"] == "not-ready"
    assert data["unknown"] == ["owner"]
    assert data["respondents"] == ["Dana", "Lee", "Sam"]
    assert data["team"] == "Payments"
    # spreads: owner 1-0 = 1; metric 1-0.5 = 0.5 (Sam gave no value); roles 0; sponsor only one value.
    # alignment = 100 * (1 - (1 + 0.5 + 0)/3) = 50
    assert data["alignment"] == 50
    assert [m["item"] for m in data["misaligned"]] == ["owner", "metric"]
    assert data["misaligned"][0]["answers"] == [
        {"respondent": "Dana", "answer": "yes"}, {"respondent": "Lee", "answer": "no"},
        {"respondent": "Sam", "answer": "unknown"}]
    # priorities: owner 3*(2/3) = 2, roles 2*1 = 2 (tie: file order), metric 2*(1/2) = 1
    assert [(g["item"], g["value"], g["owner"]) for g in data["gaps"]] == [
        ("owner", 0.3333, None), ("roles", 0, "Priya"), ("metric", 0.5, "Lee")]


def test_team_anonymous_hides_names(cli, workdir):
    files = [write_answers(workdir / f"{name}.yaml", answers, respondent=name.title())
             for name, answers in TEAM.items()]
    result = cli("score", *map(str, files), "--anonymous")
    assert result.exit_code == 0
    # Never who said what: how many gave each answer (owner: Dana yes, Lee no, Sam unknown).
    assert not any(name in result.stdout for name in ("Dana", "Lee", "Sam", "Respondent 1"))
    assert "yes 1, no 1, unknown 1" in result.stdout


def test_team_all_na_item_is_left_out(cli, workdir):
    a = write_answers(workdir / "a.yaml", {"owner": '"yes"', "sponsor": "n/a", "metric": '"yes"', "roles": '"yes"'})
    b = write_answers(workdir / "b.yaml", {"owner": '"yes"', "sponsor": "n/a", "metric": '"yes"', "roles": "partly"})
    data = score_json(cli, a, b)
    # sponsor n/a for all: left out. num = 3 + 2 + 2*0.75 = 6.5; den 7 -> 92.857 -> 93
    assert data["score"] == 93
    # spreads: owner 0, metric 0, roles 0.5 -> mean 1/6 -> 100*(5/6) = 83.33 -> 83
    assert data["alignment"] == 83
    assert [m["item"] for m in data["misaligned"]] == ["roles"]


def test_files_for_different_checklists_are_refused(cli, workdir):
    a = write_answers(workdir / "a.yaml", {"owner": '"yes"'})
    b = write_answers(workdir / "b.yaml", {"owner": '"yes"'}, checklist="other")
    result = cli("score", str(a), str(b))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: a.yaml: answers files are for different checklists")


def test_version_mismatch_is_a_warning(cli, workdir):
    f = write_answers(workdir / "a.yaml", {"owner": '"yes"'}, checklist_version=1)
    result = cli("score", str(f))
    assert result.exit_code == 0
    assert "answers are for version 1 of 'mini'; the checklist is now version 2" in result.stderr


# The one rounding every score and the alignment go through: 100 x n / d, half up.
@pytest.mark.parametrize("numerator, denominator, expected", [
    (17, 40, 43),      # 42.5 -> 43 (Python's round() gives 42)
    (1, 8, 13),        # 12.5 -> 13 (round() gives 12)
    (1, 40, 3),        # 2.5 -> 3
    (249, 10000, 2),   # 2.49 -> 2
    (1, 3, 33),        # 33.33 -> 33
    (2, 3, 67),        # 66.67 -> 67
    (0, 5, 0), (5, 5, 100),
    (199, 200, 100),   # 99.5 -> 100
])
def test_percent_half_up(numerator, denominator, expected):
    assert percent_half_up(numerator, denominator) == expected


@pytest.mark.parametrize("gate, status", [(56, 0), (57, 1)])
def test_fail_under_gate(cli, workdir, gate, status):
    f = write_answers(workdir / "a.yaml", {"owner": '"yes"', "sponsor": "partly", "metric": "partly", "roles": '"no"'})
    result = cli("score", str(f), "--fail-under", str(gate))
    assert result.exit_code == status
    assert ("Gate failed: score 56 is below 57." in result.stderr) == (status == 1)


def test_fail_under_fails_on_blocker_even_above_threshold(cli, workdir):
    f = write_answers(workdir / "a.yaml", {"owner": '"no"', "sponsor": '"yes"', "metric": '"yes"', "roles": '"yes"'})
    result = cli("score", str(f), "--fail-under", "10")
    assert result.exit_code == 1
    assert "Gate failed: 1 blocker(s) remain: owner." in result.stderr


def test_team_gate(cli, workdir):
    files = [write_answers(workdir / f"{name}.yaml", answers) for name, answers in TEAM.items()]
    assert cli("score", *map(str, files), "--fail-under", "30").exit_code == 1  # blocker


def test_anonymous_warnings_do_not_name_the_file(cli, workdir):
    a = write_answers(workdir / "dana.yaml", {"owner": '"yes"', "onwer": '"no"'})
    b = write_answers(workdir / "lee.yaml", {"owner": '"yes"'})
    named = cli("score", str(a), str(b))
    assert "Warning: dana.yaml:4:3: answer for unknown item 'onwer'" in named.stderr
    hidden = cli("score", str(a), str(b), "--anonymous")
    assert hidden.exit_code == 0
    assert "dana" not in hidden.stderr
    assert "Warning: respondent 1:4:3: answer for unknown item 'onwer'" in hidden.stderr


@pytest.mark.parametrize("text", ["2026-W48-1", "20261123", "2026-02-30"])
def test_quoted_dates_must_be_plain_real_dates(cli, workdir, text):
    # date.fromisoformat would take the first two; the playbook's files use YYYY-MM-DD only.
    f = workdir / "a.yaml"
    f.write_text(f'checklist: mini\ndate: "{text}"\nanswers: {{}}\n', encoding="utf-8")
    result = cli("score", str(f))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: a.yaml:2:7: 'date' must be a date like 2026-11-23 (got '{text}')")
