"""What the Node tests need from Python, as JSON on stdout: the rules, and the command line's verdicts.

    python tests/js/python_side.py rules
    python tests/js/python_side.py verdicts CHECKLIST.yaml FILE...

`verdicts` reads each answers file with playbook_cli.answers.load_answers and
check_answers, exactly as `playbook score` does, and reports what it
accepted, refused, and warned about: tests/js/answers.test.js holds the
browser's reader to the same.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from playbook_cli.answers import check_answers, load_answers  # noqa: E402
from playbook_cli.errors import PlaybookError  # noqa: E402
from playbook_cli.loader import load_checklist  # noqa: E402
from playbook_cli.site.page_data import checklist_data, rules_data  # noqa: E402


def problem(p) -> dict:
    return {"line": p.line, "column": p.column, "message": p.message, "hint": p.hint}


def verdict(path: str, checklist) -> dict:
    try:
        answers = load_answers(path)
    except PlaybookError as exc:
        return {"file": Path(path).name, "ok": False, "problems": [problem(p) for p in exc.problems]}
    return {
        "file": Path(path).name, "ok": True,
        "checklist": answers.checklist, "version": answers.checklist_version, "team": answers.team,
        "respondent": answers.respondent, "date": answers.date.isoformat() if answers.date else None,
        "answers": list(answers.answers.items()), "notes": list(answers.notes.items()),
        "actions": [[k, {"owner": a.owner, "due": a.due.isoformat() if a.due else None}] for k, a in answers.actions.items()],
        "warnings": [problem(p) for p in check_answers(answers, checklist)],
    }


def main(argv: list[str]) -> None:
    if argv[:1] == ["rules"]:
        out = rules_data()
    elif argv[:1] == ["verdicts"]:
        checklist = load_checklist(argv[1], docs_dir=None)
        out = {"checklist": checklist_data(checklist), "verdicts": [verdict(path, checklist) for path in argv[2:]]}
    else:
        raise SystemExit(__doc__)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
