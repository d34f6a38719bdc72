"""One file of hand-computed cases, run against Python's score() here and the browser's core in Node.

tests/cases/scoring.json is the single list of expectations; tests/js/ runs
it (and the answers-file corpus) against docs/javascripts/ with `node --test`,
called from here so that the README's test command covers it without a browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from playbook_cli.answers import dump_answers, load_answers
from playbook_cli.loader import load_checklist
from playbook_cli.scoring import score
from tests.conftest import REPO
from tests.site_cases import CASES, case_answers, case_checklist, scoring_cases

DATA = scoring_cases()


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: c["name"])
def test_python_core_gives_the_hand_computed_result(case):
    checklist = case_checklist(case["checklist"], DATA["checklists"][case["checklist"]])
    result = score(checklist, case_answers(checklist.id, case["answers"], case.get("actions")))
    want = case["expect"]
    assert result.score == want["score"]
    assert result.band.id == want["band"]
    assert [i.id for i in result.blockers] == want["blockers"]
    assert [i.id for i in result.unknown] == want["unknown"]
    assert [[s.id, s.score] for s in result.sections] == want["sections"]
    assert [g.item.id for g in result.gaps] == want["gaps"]
    if "owners" in want:
        assert [g.owner for g in result.gaps] == want["owners"]
    assert result.answered == want["answered"]
    assert result.alignment == want["alignment"]
    assert [m.item.id for m in result.misaligned] == want["misaligned"]


def test_cases_cover_teams_and_half_up_rounding():
    names = " ".join(case["name"] for case in DATA["cases"])
    assert "42.5 rounds half up to 43" in names
    teams = [case for case in DATA["cases"] if len(case["answers"]) > 1]
    assert len(teams) >= 4
    assert any(case["expect"]["alignment"] is not None for case in teams)
    assert any("owners" in case["expect"] and None in case["expect"]["owners"] for case in teams)


def test_the_file_with_every_action_status_is_what_the_cli_writes():
    """tests/js/actions.test.js holds the page's writer to this file byte for byte: it must be dump_answers' own."""
    path = CASES / "answers" / "actions-every-status.yaml"
    answers = load_answers(path)
    assert {action.status for action in answers.actions.values()} == {"open", "done", "dropped"}
    assert answers.updated is not None and any(action.note == "" for action in answers.actions.values())
    assert dump_answers(answers, load_checklist(CASES / "mini.yaml", docs_dir=None)) == path.read_text(encoding="utf-8")


def node() -> str:
    # Node is on every machine of this project (and set up in CI): its absence is a failure, never a skip.
    found = shutil.which("node")
    if found is None:
        pytest.fail("Node.js not found: the browser's scoring core and answers reader are tested with "
                    "`node --test tests/js/` (Node 20 or later)", pytrace=False)
    return found


def test_javascript_core_passes_the_same_cases_in_node():
    """`node --test tests/js/`: the JS core on scoring.json, and the JS reader on the answers corpus."""
    env = dict(os.environ, PLAYBOOK_PYTHON=sys.executable)
    result = subprocess.run([node(), "--test", "--test-reporter=spec", "tests/js/"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "# fail 0" in result.stdout or "ℹ fail 0" in result.stdout, result.stdout[-3000:]
