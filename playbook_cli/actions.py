"""Actions from gap to done (DESIGN.md, "Actions: from gap to done").

Which actions are open at each team's latest checkpoint, which are overdue,
how a checkpoint's actions carry into the next, and whether a done action
moved its item. Pure: the answers files are read and written by answers.py
(`read_answers_files`, `close_action`); never prints, never exits.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from playbook_cli.errors import AnswersError, Problem
from playbook_cli.model import Action, Answers, Checklist, Item

NO_TEAM = "(no team)"

ChecklistOf = Callable[[Answers], Checklist]


# -- grouping answers files ---------------------------------------------------------

def team_key(team: str | None) -> str:
    """Team names match after trimming, ignoring case; "Émile" typed either way (one code point for
    the É, or an E and a combining accent) is one name."""
    return unicodedata.normalize("NFC", (team or "").strip().casefold())


def team_spellings(answer_sets: Iterable[Answers]) -> dict[str, str]:
    """Each team's name as shown, by team_key: the spelling of its latest file (the first of those on
    the latest date), trimmed. One team shows one name everywhere, whichever checklists it answered."""
    shown: dict[str, tuple[_dt.date | None, str]] = {}
    for answers in answer_sets:
        name = (answers.team or "").strip()
        if not name:
            continue
        key, seen = team_key(name), shown.get(team_key(name))
        if seen is None or (answers.date is not None and (seen[0] is None or answers.date > seen[0])):
            shown[key] = (answers.date, name)
    return {key: name for key, (_, name) in shown.items()}


def name_order(name: str) -> tuple:
    """A sort key for names, as a person reads a list: accents and case ignored, numbers as numbers.

    'Émile' sorts among the e's, 'team 9' before 'team 10'; names alike up
    to that come in code-point order of the names themselves. Never a score.
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()
    # re.split with a group alternates text and digit runs, so like positions always compare like types.
    parts = re.split(r"(\d+)", folded)
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts)), name


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
    spellings = team_spellings(answer_sets)
    for answers in answer_sets:
        key = (team_key(answers.team), answers.checklist)
        point = latest.get(key)
        if point is None or answers.date > point.date:  # type: ignore[operator]  # dated: read_answers_files
            latest[key] = Checkpoint(spellings.get(key[0], NO_TEAM), answers.checklist, answers.date, [answers])
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
    owner: str | None = None    # listed with --owner: only this person's
    # Everyone with actions of the kind listed (open, or overdue with --overdue), whatever `owner` says, by name.
    owners: list[str] = dataclasses.field(default_factory=list)

    @property
    def overdue(self) -> list[ListedAction]:
        return [entry for entry in self.actions if entry.overdue]


def as_it_stood(action: Action, as_of: _dt.date) -> Action:
    """The action as it stood on `as_of`: one done after that day was still open then."""
    if action.status == "done" and action.done is not None and action.done > as_of:
        return dataclasses.replace(action, status="open", done=None)
    return action


def is_overdue(action: Action, as_of: _dt.date) -> bool:
    """Open on `as_of` and due before it (due on `as_of` itself is not overdue yet)."""
    action = as_it_stood(action, as_of)
    return action.is_open and action.due is not None and action.due < as_of


def up_to(answer_sets: Sequence[Answers], as_of: _dt.date) -> list[Answers]:
    """The files of checkpoints dated on or before `as_of`: the organisation as it stood that day.

    A file without a date is kept, for the caller to refuse with its own message.
    """
    return [answers for answers in answer_sets if answers.date is None or answers.date <= as_of]


def open_actions(answer_sets: Sequence[Answers], checklist_of: ChecklistOf, as_of: _dt.date,
                 owner: str | None = None, overdue_only: bool = False,
                 play_url: Callable[[Checklist, str], str | None] = lambda checklist, play: None) -> ActionList:
    """The open actions of every team's latest checkpoint on `as_of`, sorted by due date (none last).

    As the organisation stood on `as_of`: checkpoints dated after it are left
    out, and an action done after it counts as open. Ties go by team name
    (`name_order`), checklist, then file order. `owner` keeps one person's
    (trimmed, ignoring case); `overdue_only` keeps the overdue ones. Actions
    for items the checklist does not have are left out, with a warning.
    """
    from playbook_cli.answers import check_answers

    wanted = owner.strip().casefold() if owner is not None else None
    keyed, warnings = [], []
    owners: dict[str, str] = {}  # who else has actions of the kind listed, for a hint when `owner` matches none
    for point in latest_checkpoints(up_to(answer_sets, as_of)):
        checklist = checklist_of(point.files[0])
        for answers in point.files:
            warnings += check_answers(answers, checklist)
        items = {item.id: item for item in checklist.items}
        for order, (item_id, (recorded, index)) in enumerate(merged_actions(point.files).items()):
            item, action = items.get(item_id), as_it_stood(recorded, as_of)
            if item is None or not action.is_open:
                continue
            if overdue_only and not is_overdue(action, as_of):
                continue
            owners.setdefault(action.owner.strip().casefold(), action.owner.strip())
            if wanted is not None and action.owner.strip().casefold() != wanted:
                continue
            entry = ListedAction(point.team, checklist, item, action, is_overdue(action, as_of),
                                 point.files[index].path, play_url(checklist, item.play) if item.play else None)
            due = action.due or _dt.date.max
            keyed.append(((action.due is None, due, name_order(point.team), checklist.id, index, order), entry))
    keyed.sort(key=lambda pair: pair[0])
    return ActionList([entry for _, entry in keyed], as_of, warnings, overdue_only, owner.strip() if owner else owner,
                      sorted(owners.values(), key=name_order))


# -- where a play is published ---------------------------------------------------

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


# -- did it work? -------------------------------------------------------------------

@dataclass(frozen=True)
class FollowUp:
    """An action of the previous checkpoint, and its item's team value then and now."""

    item: Item
    owner: str
    status: str
    before: Fraction | None  # None: n/a (or withheld)
    after: Fraction | None
    flagged: bool            # done, but the item did not improve
    # Anonymous, and either checkpoint had too few respondents (Result.details_withheld): no value
    # then or now, and no flag, which would compare them.
    values_withheld: bool = False


def follow_up(checklist: Checklist, old_files: Sequence[Answers], new_files: Sequence[Answers],
              before: dict[str, Fraction | None], after: dict[str, Fraction | None],
              withheld: bool = False) -> list[FollowUp]:
    """Every action recorded in the old checkpoint, in checklist order, with its item's values.

    The status is the new checkpoint's when the action was carried there (an
    action of the same owner for the item), else the old one's. `before` and `after` are the two results' team values;
    `withheld` when either result withholds them (Result.details_withheld).
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
        # Carried into the new checkpoint when it records an action of the same owner there; another
        # owner's is a new action (for a gap the old one did not close), which says nothing of the old.
        carried = new.get(item.id)
        if carried is not None and carried[0].owner.strip().casefold() == action.owner.strip().casefold():
            status = carried[0].status
        else:
            status = action.status
        if withheld:
            out.append(FollowUp(item, action.owner, status, None, None, False, values_withheld=True))
            continue
        then, now = before.get(item.id), after.get(item.id)
        # Done, yet the item did not move: the team does not feel it yet (DESIGN.md), for as long as
        # that stays true. Not an item already at full value, which cannot move.
        flagged = status == "done" and then is not None and now is not None and then < 1 and now <= then
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
