"""tests/cases/team.json against the command line: the hand-computed team cases the site's team view is held to.

tests/js/team.test.js runs the same cases against docs/javascripts/playbook-team.js
(from tests/test_site_cases.py's `node --test tests/js/`). Here they go through
playbook_cli/team.py (which files count, the warnings) and `playbook score
--format json` (the result), and the agreed answers file a case expects is
scored by `playbook score` too.
"""

from __future__ import annotations

import json

import pytest

from playbook_cli.answers import dump_answers
from playbook_cli.catalog import Catalog
from playbook_cli.errors import PlaybookError
from playbook_cli.model import Action, Answers
from playbook_cli.team import load_team
from tests.site_cases import CASES

DATA = json.loads((CASES / "team.json").read_text(encoding="utf-8"))


def write_case_files(case: dict, where) -> dict[str, str]:
    """Each file of the case written under `where`: name -> path, in import order."""
    texts: dict[str, str] = {}
    paths = {}
    for file in case["files"]:
        text = texts[file["copy_of"]] if "copy_of" in file else file["text"]
        texts[file["name"]] = text
        (where / file["name"]).write_text(text, encoding="utf-8")
        paths[file["name"]] = str(where / file["name"])
    return paths


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: c["name"])
def test_the_cli_gives_the_hand_computed_team_result(case, cli, project, tmp_path):
    paths = write_case_files(case, tmp_path)
    want = case["expect"]
    kept = [path for name, path in paths.items() if name not in want["rejected"]]
    catalog = Catalog.discover(project / "checklists")
    for name in want["rejected"]:  # refused with the rest, as `playbook score` refuses it
        with pytest.raises(PlaybookError):
            load_team([kept[0], paths[name]], catalog)
        refused = cli("score", kept[0], paths[name])
        assert refused.exit_code == 2 and refused.stderr.startswith("Error: ")
    team = load_team(kept, catalog, case["anonymous"])
    duplicates = [w for w in team.warnings if w.message == "the same file was given twice; counted once"]
    assert [w.path.rsplit("/", 1)[-1] for w in duplicates] == [shown for _, shown in want["duplicates"]]
    assert len(team.answer_sets) == len(kept) - len(want["duplicates"])

    result = cli("score", *kept, "--format", "json", *(["--anonymous"] if case["anonymous"] else []))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    # Anonymous: `respondents` is a count (DESIGN.md, "Anonymous checklists").
    assert data["respondents"] == (len(want["respondents"]) if case["anonymous"] else want["respondents"])
    assert data["score"] == want["score"]
    assert data["band"] == want["band"]
    assert data["alignment"] == want["alignment"]
    assert data["blockers"] == want["blockers"]
    assert data["unknown"] == want["unknown"]
    assert [[s["id"], s["score"]] for s in data["sections"]] == want["sections"]
    assert [[g["item"], g["play"]] for g in data["gaps"]] == want["gaps"]
    assert [[m["item"], m["spread"]] for m in data["misaligned"]] == want["misaligned"]
    for item, answers in want.get("answers", {}).items():
        shown = next(m for m in data["misaligned"] if m["item"] == item)
        if answers is None:
            assert "answers" not in shown
        else:
            assert [[a["respondent"], a["answer"]] for a in shown["answers"]] == answers
    for item, counts in want.get("counts", {}).items():
        shown = next(m for m in data["misaligned"] if m["item"] == item)
        assert (None if shown["counts"] is None else [list(c) for c in shown["counts"].items()]) == counts
    for item, note in want.get("gap_notes", {}).items():
        assert next(g for g in data["gaps"] if g["item"] == item)["note"] == note
    if "other_notes" in want:  # notes on items that are not gaps, in the checklist's order; null when withheld
        notes = None if data["notes"] is None else [[n["item"], n["note"]] for n in data["notes"]]
        assert notes == want["other_notes"]
    if case["anonymous"]:  # no respondent's name anywhere in the result
        for file in case["files"]:
            for line in file.get("text", "").splitlines():
                if line.startswith("respondent: "):
                    assert line.split(": ", 1)[1] not in result.stdout


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: c["name"])
def test_the_agreed_answers_file_scores_as_computed_by_hand(case, cli, project, tmp_path):
    """The file the team view exports (DESIGN: respondent "TEAM (agreed)"), written by the CLI's own writer."""
    agreed = case["expect_agreed"]
    checklist = Catalog.discover(project / "checklists").get("mini")
    answers = Answers(checklist="mini", checklist_version=checklist.version, team="Payments",
                      respondent="TEAM (agreed)", answers=dict(agreed["answers"]), notes=dict(agreed["notes"]),
                      actions={item: Action(owner) for item, owner in agreed["owners"].items()})
    path = tmp_path / "agreed.yaml"
    path.write_text(dump_answers(answers, checklist), encoding="utf-8")
    result = cli("score", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["score"], data["band"]) == (agreed["score"], agreed["band"])


def test_the_cases_cover_what_the_team_view_must_handle():
    cases = DATA["cases"]
    assert any(c["expect"]["rejected"] for c in cases) and any(c["expect"]["duplicates"] for c in cases)
    assert any(c["anonymous"] and len(c["expect"]["respondents"]) < 3 for c in cases)
    assert any(c["anonymous"] and len(c["expect"]["respondents"]) >= 3 for c in cases)
    assert any(c["agreed"] for c in cases)
    assert any(c["expect"].get("other_notes") for c in cases if c["anonymous"])
    assert any(c["expect"].get("other_notes") for c in cases if not c["anonymous"])
