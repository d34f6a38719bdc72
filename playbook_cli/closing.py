"""Closing an action in its answers file, in place: `playbook actions FILE --done ITEM`.

The rule (what a done action records) is actions.carry; this module reads the
file under its lock, applies the rule and writes the file back atomically
(answers.py). Never prints, never exits.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playbook_cli.actions import carry
from playbook_cli.answers import has_comments, load_answers, locked, save_answers
from playbook_cli.errors import AnswersError, Problem, Suggestions
from playbook_cli.model import Action, Answers, Checklist, Item
from playbook_cli.yamlsource import read_text


@dataclass(frozen=True)
class Closed:
    """What `close_action` changed, for the command to report."""

    path: str
    item: Item
    action: Action            # as it is now
    was: Action | None        # as it was; None when nothing changed (already done)
    updated: _dt.date | None  # the file's new `updated`, when it had to move
    comments_dropped: bool = False  # the file had YAML comments, which the rewrite cannot keep


def close_action(path: Path | str, item_id: str, on: _dt.date, note: str | None,
                 checklist_of: Callable[[Answers], Checklist]) -> Closed:
    """Mark the action for `item_id` in the answers file `path` done on `on`, atomically.

    The file's `updated` moves to `on` when that is later than its date (and
    its `updated`). An action already done is left as it is; a dropped one is
    marked done (it was done after all). Raises
    AnswersError for an item the checklist does not have, or that has no
    action in the file; FileWriteError or FileLocked when it cannot write.
    """
    with locked(path):
        answers = load_answers(path)
        checklist = checklist_of(answers)
        item = checklist.item(item_id)
        if item is None:
            close = Suggestions([i.id for i in checklist.items])(item_id)
            raise AnswersError(Problem(answers.path, None, None,
                                       f"checklist '{checklist.id}' has no item '{item_id}'",
                                       f"did you mean '{close[0]}'?" if close else "the item ids are in 'playbook show "
                                       f"{checklist.id}'"))
        action = answers.actions.get(item_id)
        if action is None:
            recorded = ", ".join(answers.actions) or "none"
            raise AnswersError(Problem(answers.path, None, None, f"has no action for '{item_id}'",
                                       f"actions in this file: {recorded}"))
        if action.status == "done":
            return Closed(answers.path, item, action, None, None)
        if action.status == "dropped":  # done after all: asked by name, so not kept closed as carry() would
            closed = dataclasses.replace(action, status="done", done=on, note=note or action.note)
        else:
            closed = carry(action, on, "done", note=note)
        answers.actions[item_id] = closed
        moved = None
        if answers.date is not None and on > max(answers.date, answers.updated or answers.date):
            answers.updated = moved = on
        comments = has_comments(read_text(path))
        save_answers(path, answers, checklist)
    return Closed(answers.path, item, closed, action, moved, comments)
