"""One team, one name: team names match after trimming, ignoring case and how an accent was typed
(DESIGN.md: "the latest spelling is shown"), in every command that groups files by team."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from tests.conftest import write_answers

ALL_YES = {"owner": '"yes"', "sponsor": '"yes"', "metric": '"yes"', "roles": '"yes"'}


def test_score_shows_one_team_whatever_the_case_of_its_files(cli, workdir):
    a = write_answers(workdir / "dana.yaml", ALL_YES, team="Payments", respondent="Dana", date="2026-11-20")
    b = write_answers(workdir / "lee.yaml", ALL_YES, team="  payments ", respondent="Lee", date="2026-11-20")
    for fmt in ("json", "text", "markdown"):
        result = cli("score", str(a), str(b), "--format", fmt)
        assert result.exit_code == 0, result.stderr
        if fmt == "json":
            assert json.loads(result.stdout)["team"] == "Payments"  # the first file of the latest date
        assert "Payments, payments" not in result.stdout and "payments" not in result.stdout.replace("Payments", "")


def test_an_accent_typed_either_way_is_one_team(cli, workdir):
    composed, decomposed = unicodedata.normalize("NFC", "Émile"), unicodedata.normalize("NFD", "Émile")
    assert composed != decomposed
    old = write_answers(workdir / "q3.yaml", {"owner": '"no"'}, team=composed, date="2026-09-01")
    new = write_answers(workdir / "q4.yaml", ALL_YES, team=decomposed, date="2026-11-01")
    since = cli("score", str(new), "--since", str(old))
    assert since.exit_code == 0, since.stderr
    trend = cli("trend", str(old), str(new), "--format", "json")
    assert trend.exit_code == 0, trend.stderr
    assert [t["team"] for t in json.loads(trend.stdout)] == [decomposed]  # one team, its latest spelling


def test_overview_has_one_row_for_a_team_spelled_two_ways(cli, project, workdir):
    write_answers(workdir / "a.yaml", ALL_YES, team=unicodedata.normalize("NFC", "Émile"), date="2026-09-01")
    write_answers(workdir / "b.yaml", ALL_YES, team=unicodedata.normalize("NFD", "émile"), date="2026-11-01")
    result = cli("overview", "--checklists", str(project / "checklists"), str(workdir), "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = [team for table in json.loads(result.stdout)["checklists"] for team in table["teams"]]
    assert [row["team"] for row in rows] == [unicodedata.normalize("NFD", "émile")]  # the latest spelling


def test_actions_name_a_team_the_same_on_every_checklist(cli, project, workdir):
    (project / "checklists" / "other.yaml").write_text(
        (project / "checklists" / "mini.yaml").read_text(encoding="utf-8").replace("id: mini", "id: other"),
        encoding="utf-8")
    (workdir / "m.yaml").write_text("checklist: mini\nteam: Core\ndate: 2026-11-01\nanswers: {}\n"
                                    "actions: {owner: {owner: Ann, due: 2026-12-01}}\n", encoding="utf-8")
    (workdir / "n.yaml").write_text("checklist: other\nteam: core\ndate: 2026-10-01\nanswers: {}\n"
                                    "actions: {owner: {owner: Ann, due: 2026-12-02}}\n", encoding="utf-8")
    result = cli("actions", "--checklists", str(project / "checklists"), str(workdir), "--as-of", "2026-11-20",
                 "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["Team"], row["Checklist"]) for row in rows] == [("Core", "mini"), ("Core", "other")]
