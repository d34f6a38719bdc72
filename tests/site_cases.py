"""The shared case files of tests/cases/, as Python sees them (the Node tests read the same files).

Kept out of conftest and imported by the tests that use it, like tests/browser.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from playbook_cli.model import Action, Answers, Band, Checklist, Item, Section

CASES = Path(__file__).resolve().parent / "cases"


def scoring_cases() -> dict:
    return json.loads((CASES / "scoring.json").read_text(encoding="utf-8"))


def case_checklist(checklist_id: str, data: dict) -> Checklist:
    """A model Checklist from the compact form in tests/cases/scoring.json."""
    sections = tuple(
        Section(s["id"], s["title"], tuple(
            Item(i["id"], f"Question {i['id']}?", "Why.", i["weight"], i.get("critical", False), section_id=s["id"])
            for i in s["items"]))
        for s in data["sections"])
    bands = tuple(Band(b["id"], b["label"], b["min"]) for b in data["bands"])
    return Checklist(checklist_id, checklist_id, data["version"], "", bands, sections)


def case_answers(checklist_id: str, answer_sets: list[dict], action_sets: list[dict] | None = None) -> list[Answers]:
    action_sets = action_sets or [{} for _ in answer_sets]
    return [Answers(checklist=checklist_id, respondent=f"R{n}", answers=dict(answers),
                    actions={item_id: case_action(data) for item_id, data in actions.items()})
            for n, (answers, actions) in enumerate(zip(answer_sets, action_sets, strict=True), start=1)]


def case_action(data: dict) -> Action:
    """An action from its compact form: {owner, due, status, done}, dates as YYYY-MM-DD."""
    day = lambda key: dt.date.fromisoformat(data[key]) if data.get(key) else None  # noqa: E731
    return Action(data["owner"], day("due"), data.get("status", "open"), day("done"), data.get("note"))
