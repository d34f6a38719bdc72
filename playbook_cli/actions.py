"""Actions from gap to done (DESIGN.md, "Actions: from gap to done").

Which actions are open at each team's latest checkpoint, which are overdue,
how an owner closes one, how a checkpoint's actions carry into the next, and
whether a done action moved its item. Pure but for reading answers files and
the one write of `close_action`; never prints, never exits.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from playbook_cli.errors import AnswersError, Problem
from playbook_cli.model import Action, Answers, Checklist, Item

NO_TEAM = "(no team)"
ANSWERS_SUFFIXES = (".yaml", ".yml")

ChecklistOf = Callable[[Answers], Checklist]


# -- finding and grouping answers files ------------------------------------------

def answers_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The files to read: each file as given, each directory's *.yaml and *.yml at any depth.

    A directory's files come in sorted path order; hidden files and
    directories (`.git`, a killed write's leftovers) are left out. A file
    reached twice (named, and inside a named directory) is read once.
    Raises AnswersError for a path that does not exist.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                (p for p in path.rglob("*") if p.suffix in ANSWERS_SUFFIXES and p.is_file()
                 and not any(part.startswith(".") for part in p.relative_to(path).parts)),
                key=lambda p: p.relative_to(path).parts)
        elif os.path.lexists(path):
            found.append(path)  # anything but a regular file is refused when it is read
        else:
            raise AnswersError(Problem(os.fspath(raw), None, None, "no such file or directory"))
    unique, seen = [], set()
    for path in found:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def read_answers_files(paths: Sequence[Path]) -> list[Answers]:
    """Load the answers files among `paths`, in order; other YAML files (checklists...) are skipped.

    An answers file is a YAML mapping with a `checklist` key. A file that is
    not YAML at all is an error, since it may be a broken answers file, and
    so is an answers file without a `date`: actions are followed by date.
    """
    from playbook_cli.answers import load_answers
    from playbook_cli.yamlsource import Mapping, load_yaml

    loaded = []
    for path in paths:
        recoverable: list[Problem] = []  # a tag or a duplicate key: only an answers file must not have them
        data = load_yaml(path, problems=recoverable)
        if not isinstance(data, Mapping) or "checklist" not in data:
            continue
        if recoverable:
            raise AnswersError(recoverable)
        answers = load_answers(path, data=data)
        if answers.date is None:
            raise AnswersError(Problem(answers.path, None, None,
                                       "has no 'date'; actions are followed by checkpoint date",
                                       "add the day the checklist was answered, e.g. date: 2026-11-23"))
        loaded.append(answers)
    return loaded


def team_key(team: str | None) -> str:
    """Team names match after trimming, ignoring case."""
    return (team or "").strip().casefold()


@dataclass
class Checkpoint:
    """One team's files of one checklist and one date, in path order."""

    team: str          # as shown: the spelling of the first file
    checklist: str
    date: _dt.date | None  # a date for every file `read_answers_files` gives
    files: list[Answers]


def latest_checkpoints(answer_sets: Sequence[Answers]) -> list[Checkpoint]:
    """Each (team, checklist)'s latest checkpoint, in the order the groups were first seen."""
    latest: dict[tuple[str, str], Checkpoint] = {}
    for answers in answer_sets:
        key = (team_key(answers.team), answers.checklist)
        point = latest.get(key)
        if point is None or answers.date > point.date:  # type: ignore[operator]  # dated: read_answers_files
            latest[key] = Checkpoint(_shown_team(answers), answers.checklist, answers.date, [answers])
        elif answers.date == point.date:
            point.files.append(answers)
    return list(latest.values())


def _shown_team(answers: Answers) -> str:
    return answers.team.strip() if answers.team and answers.team.strip() else NO_TEAM


def merged_actions(files: Sequence[Answers]) -> dict[str, tuple[Action, int]]:
    """Each item's action in one checkpoint: the first file in path order that has one wins.

    Values are (action, index of the file it came from).
    """
    merged: dict[str, tuple[Action, int]] = {}
    for index, answers in enumerate(files):
        for item_id, action in answers.actions.items():
            merged.setdefault(item_id, (action, index))
    return merged


def one_checkpoint(answer_sets: Sequence[Answers], option: str = "--since") -> Checkpoint:
    """The files given to `option` as one checkpoint: one checklist, one team, one date; else raise."""
    first = answer_sets[0]
    for answers in answer_sets[1:]:
        differs = [what for what, same in (
            ("checklist", answers.checklist == first.checklist),
            ("team", team_key(answers.team) == team_key(first.team)),
            ("date", answers.date == first.date),
        ) if not same]
        if differs:
            raise AnswersError(Problem(answers.path, None, None,
                                       f"{option} takes one checkpoint, but this file's {differs[0]} differs "
                                       f"from {first.path}'s",
                                       f"give {option} the files of one team, checklist and date"))
    return Checkpoint(_shown_team(first), first.checklist, first.date, list(answer_sets))


# -- the open actions -------------------------------------------------------------

@dataclass(frozen=True)
class ListedAction:
    """One action as `playbook actions` lists it."""

    team: str
    checklist: Checklist
    item: Item
    action: Action
    overdue: bool
    path: str                # the file it is recorded in
    play_url: str | None     # the play on the published site, when its address is known

    @property
    def play_location(self) -> str | None:
        """Where to read the play: its address on the site, else its path."""
        return self.play_url or self.item.play


@dataclass
class ActionList:
    actions: list[ListedAction]
    as_of: _dt.date
    warnings: list[Problem]
    overdue_only: bool = False  # listed with --overdue

    @property
    def overdue(self) -> list[ListedAction]:
        return [entry for entry in self.actions if entry.overdue]


def is_overdue(action: Action, as_of: _dt.date) -> bool:
    """Open and due before `as_of` (due on `as_of` itself is not overdue yet)."""
    return action.is_open and action.due is not None and action.due < as_of


def open_actions(answer_sets: Sequence[Answers], checklist_of: ChecklistOf, as_of: _dt.date,
                 owner: str | None = None, overdue_only: bool = False,
                 play_url: Callable[[Checklist, str], str | None] = lambda checklist, play: None) -> ActionList:
    """The open actions of every team's latest checkpoint, sorted by due date (none last).

    Ties go by team, checklist, then file order. `owner` keeps one person's
    (trimmed, ignoring case); `overdue_only` keeps the overdue ones. Actions
    for items the checklist does not have are left out, with a warning.
    """
    from playbook_cli.answers import check_answers

    wanted = owner.strip().casefold() if owner is not None else None
    keyed, warnings = [], []
    for point in latest_checkpoints(answer_sets):
        checklist = checklist_of(point.files[0])
        for answers in point.files:
            warnings += check_answers(answers, checklist)
        items = {item.id: item for item in checklist.items}
        for order, (item_id, (action, index)) in enumerate(merged_actions(point.files).items()):
            item = items.get(item_id)
            if item is None or not action.is_open:
                continue
            if wanted is not None and action.owner.strip().casefold() != wanted:
                continue
            entry = ListedAction(point.team, checklist, item, action, is_overdue(action, as_of),
                                 point.files[index].path, play_url(checklist, item.play) if item.play else None)
            if overdue_only and not entry.overdue:
                continue
            due = action.due or _dt.date.max
            keyed.append(((action.due is None, due, team_key(point.team), checklist.id, index, order), entry))
    keyed.sort(key=lambda pair: pair[0])
    return ActionList([entry for _, entry in keyed], as_of, warnings, overdue_only)


# -- where a play is published ---------------------------------------------------

_SITE_URL = re.compile(r"""site_url:\s*["']?(https?://[^\s"'#]+)""")
_NO_DIRECTORY_URLS = re.compile(r"^use_directory_urls:\s*(false|no|off)\b", re.M | re.I)


def site_play_url(checklist_file: Path | str, play: str) -> str | None:
    """The play's address on the site published from the project holding `checklist_file`.

    The project is the directory above the checklists' one; its mkdocs.yml
    gives `site_url`. None when there is no such file or no address in it.
    The file is scanned, not loaded: it may hold tags only MkDocs can read.
    """
    config = Path(checklist_file).resolve().parent.parent / "mkdocs.yml"
    try:
        text = config.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = next((m for m in (_SITE_URL.match(line) for line in text.splitlines()) if m), None)
    if found is None:
        return None
    base = found.group(1).rstrip("/") + "/"
    page = play[:-3] if play.endswith(".md") else play
    if _NO_DIRECTORY_URLS.search(text):
        return f"{base}{page}.html"
    if page == "index" or page.endswith("/index"):
        return base + page[:-len("index")]
    return f"{base}{page}/"


# -- closing and carrying ----------------------------------------------------------

def carry(action: Action, on: _dt.date, status: str | None = None, due: _dt.date | None = None,
          note: str | None = None) -> Action:
    """An action of one checkpoint as the next one (dated `on`) records it.

    A closed action (done or dropped) is carried as it is: a done one keeps its
    done date. An open one takes the owner's answer, `status`: done (done on
    `on`), open (with the new `due`, if given) or dropped (with `note`, if
    given); no answer leaves it open as it was.
    """
    if not action.is_open or status in (None, "open"):
        if not action.is_open or due is None:
            return action
        return dataclasses.replace(action, due=due)
    if status == "done":
        return dataclasses.replace(action, status="done", done=on, note=note or action.note)
    if status == "dropped":
        return dataclasses.replace(action, status="dropped", note=note or action.note)
    raise ValueError(f"unknown action status {status!r}")


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
                 checklist_of: ChecklistOf) -> Closed:
    """Mark the action for `item_id` in the answers file `path` done on `on`, atomically.

    The file's `updated` moves to `on` when that is later than its date (and
    its `updated`). An action already done is left as it is. Raises
    AnswersError for an item the checklist does not have, or that has no
    action in the file; FileWriteError or FileLocked when it cannot write.
    """
    from playbook_cli.answers import has_comments, load_answers, locked, save_answers
    from playbook_cli.errors import Suggestions
    from playbook_cli.yamlsource import read_text

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
        closed = carry(action, on, "done", note=note)
        answers.actions[item_id] = closed
        moved = None
        if answers.date is not None and on > max(answers.date, answers.updated or answers.date):
            answers.updated = moved = on
        comments = has_comments(read_text(path))
        save_answers(path, answers, checklist)
    return Closed(answers.path, item, closed, action, moved, comments)


# -- did it work? -------------------------------------------------------------------

@dataclass(frozen=True)
class FollowUp:
    """An action of the previous checkpoint, and its item's team value then and now."""

    item: Item
    owner: str
    status: str
    before: Fraction | None  # None: n/a
    after: Fraction | None
    flagged: bool            # done, but the item did not improve


def follow_up(checklist: Checklist, old_files: Sequence[Answers], new_files: Sequence[Answers],
              before: dict[str, Fraction | None], after: dict[str, Fraction | None]) -> list[FollowUp]:
    """Every action recorded in the old checkpoint, in checklist order, with its item's values.

    The status is the new checkpoint's when the action was carried there,
    else the old one's. `before` and `after` are the two results' team values.
    """
    old = merged_actions(old_files)
    if not old:
        return []  # nothing to follow up: no item to walk
    new = merged_actions(new_files)
    out = []
    for item in checklist.items:
        if item.id not in old:
            continue
        action = old[item.id][0]
        status = (new.get(item.id) or old[item.id])[0].status
        then, now = before.get(item.id), after.get(item.id)
        flagged = status == "done" and then is not None and now is not None and now <= then
        out.append(FollowUp(item, action.owner, status, then, now, flagged))
    return out


# -- carrying a checkpoint's actions into the next ---------------------------------

def actions_to_carry(previous: Checkpoint, checklist: Checklist) -> dict[str, Action]:
    """The previous checkpoint's actions (the first file's per item, in path order), in checklist order.

    Actions for items the checklist does not have are left out: loading
    them warned already.
    """
    merged = merged_actions(previous.files)
    return {item.id: merged[item.id][0] for item in checklist.items if item.id in merged}


def check_previous(previous: Checkpoint, answers: Answers, shown: str | None = None,
                   option: str = "--since") -> None:
    """Raise unless `previous` can come before the checkpoint `answers` records.

    It must be for the same checklist, dated, earlier, and of the same team
    when both files name one. `shown` names the new file (default: its path).
    """
    shown = shown or answers.path or "the new file"
    from playbook_cli.yamlsource import show_value

    first = previous.files[0]
    if first.checklist != answers.checklist:
        raise AnswersError(Problem(first.path, *first.checklist_pos,
                                   f"{option} names answers to '{first.checklist}', not '{answers.checklist}'",
                                   "give the previous checkpoint of the same checklist"))
    if first.date is None:
        raise AnswersError(Problem(first.path, None, None, f"has no 'date'; {option} needs the previous "
                                   "checkpoint's date", "add the day it was answered, e.g. date: 2026-09-01"))
    if answers.date is not None and first.date >= answers.date:
        raise AnswersError(Problem(first.path, None, None,
                                   f"{option} must name an earlier checkpoint: it is dated {first.date.isoformat()}, "
                                   f"{shown} {answers.date.isoformat()}",
                                   "give the checkpoint before this one"))
    if team_key(first.team) and team_key(answers.team) and team_key(first.team) != team_key(answers.team):
        raise AnswersError(Problem(first.path, None, None,
                                   f"{option} names a checkpoint of team {show_value((first.team or '').strip())}; "
                                   f"{shown} is for team {show_value((answers.team or '').strip())}",
                                   "give the previous checkpoint of the same team"))


def record_carried(answers: Answers, item_id: str, action: Action) -> None:
    """Record a carried action in the new checkpoint's answers.

    A done date later than what the file allows (its date, or `updated`)
    moves `updated` to it, so the file stays valid and keeps its date.
    """
    answers.actions[item_id] = action
    if action.done is not None and answers.date is not None \
            and action.done > max(answers.date, answers.updated or answers.date):
        answers.updated = action.done
