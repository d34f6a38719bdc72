"""What the Node tests need from Python, as JSON on stdout: the rules, and the command line's verdicts.

    python tests/js/python_side.py rules
    python tests/js/python_side.py verdicts CHECKLIST.yaml FILE...
    python tests/js/python_side.py dump CHECKLIST.yaml STATES.json
    python tests/js/python_side.py carry CASES.json
    python tests/js/python_side.py previous CASES.json

`verdicts` reads each answers file with playbook_cli.answers.load_answers and
check_answers, exactly as `playbook score` does, and reports what it
accepted, refused, and warned about: tests/js/answers.test.js holds the
browser's reader to the same. `dump` writes each state with dump_answers;
`carry` runs actions.carry and record_carried, `previous` check_previous, on
each case: tests/js/actions.test.js holds the browser's writer and carrying
rules to them.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from playbook_cli.actions import Checkpoint, carry, check_previous, record_carried  # noqa: E402
from playbook_cli.answers import check_answers, dump_answers, load_answers  # noqa: E402
from playbook_cli.errors import PlaybookError  # noqa: E402
from playbook_cli.loader import load_checklist  # noqa: E402
from playbook_cli.model import Action, Answers  # noqa: E402
from playbook_cli.site.page_data import checklist_data, rules_data  # noqa: E402


def problem(p) -> dict:
    return {"line": p.line, "column": p.column, "message": p.message, "hint": p.hint}


def iso(date) -> str | None:
    return date.isoformat() if date else None


def action_data(action) -> dict:
    """An action as the browser's reader gives it: dates as YYYY-MM-DD or null."""
    return {"owner": action.owner, "due": iso(action.due), "status": action.status, "done": iso(action.done),
            "note": action.note}


def verdict(path: str, checklist) -> dict:
    try:
        answers = load_answers(path)
    except PlaybookError as exc:
        return {"file": Path(path).name, "ok": False, "problems": [problem(p) for p in exc.problems]}
    return {
        "file": Path(path).name, "ok": True,
        "checklist": answers.checklist, "version": answers.checklist_version, "team": answers.team,
        "respondent": answers.respondent, "date": iso(answers.date), "updated": iso(answers.updated),
        "answers": list(answers.answers.items()), "notes": list(answers.notes.items()),
        "actions": [[k, action_data(a)] for k, a in answers.actions.items()],
        "warnings": [problem(p) for p in check_answers(answers, checklist)],
    }


def day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def action_of(data: dict) -> Action:
    return Action(data["owner"], day(data.get("due")), data.get("status") or "open", day(data.get("done")),
                  data.get("note"))


def answers_of(checklist, state: dict) -> Answers:
    """An Answers from a state as the Node tests write it: tables as [[id, value], ...], dates as text."""
    return Answers(checklist=checklist.id if checklist else "x",
                   checklist_version=checklist.version if checklist else None,
                   team=state.get("team"), respondent=state.get("respondent"), date=day(state.get("date")),
                   updated=day(state.get("updated")), answers=dict(state.get("answers", [])),
                   notes=dict(state.get("notes", [])),
                   actions={k: action_of(a) for k, a in state.get("actions", [])})


def carried(case: dict) -> dict:
    """carry() of one action, then record_carried() into a file of that case's date and `updated`."""
    action = carry(action_of(case["action"]), day(case["on"]), case.get("status"), day(case.get("due")),
                   case.get("note"))
    into = Answers(checklist="x", date=day(case["on"]), updated=day(case.get("updated")))
    record_carried(into, "item", action)
    return {"action": action_data(action), "updated": iso(into.updated)}


def previous_verdict(case: dict) -> bool:
    """Whether check_previous lets the case's previous checkpoint come before its current one."""
    old = Answers(checklist=case["previous"]["checklist"], team=case["previous"].get("team"),
                  date=day(case["previous"].get("date")), path="old.yaml")
    new = Answers(checklist=case["current"]["checklist"], team=case["current"].get("team"),
                  date=day(case["current"].get("date")), path="new.yaml")
    try:
        check_previous(Checkpoint(old.team or "", old.checklist, old.date, [old]), new)
    except PlaybookError:
        return False
    return True


def main(argv: list[str]) -> None:
    if argv[:1] == ["rules"]:
        out = rules_data()
    elif argv[:1] == ["verdicts"]:
        checklist = load_checklist(argv[1], docs_dir=None)
        out = {"checklist": checklist_data(checklist), "verdicts": [verdict(path, checklist) for path in argv[2:]]}
    elif argv[:1] == ["dump"]:
        checklist = load_checklist(argv[1], docs_dir=None)
        states = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        out = [dump_answers(answers_of(checklist, state), checklist) for state in states]
    elif argv[:1] == ["carry"]:
        out = [carried(case) for case in json.loads(Path(argv[1]).read_text(encoding="utf-8"))]
    elif argv[:1] == ["previous"]:
        out = [previous_verdict(case) for case in json.loads(Path(argv[1]).read_text(encoding="utf-8"))]
    else:
        raise SystemExit(__doc__)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
