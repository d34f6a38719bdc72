"""The organisation's overview: every team's latest checkpoint side by side, never a league table.

DESIGN.md, "The organisation's overview". Per checklist, each team's latest
checkpoint (its files of one date, scored together in team mode) beside the
others, with the movement since the checkpoint before it, alignment, and the
open and overdue actions. Teams come in the order of their names (trend's
grouping), never in the order of their scores: there is no rank to compute.
Pure: takes loaded answers and a way to find their checklist, returns values.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from playbook_cli.actions import open_actions, up_to
from playbook_cli.model import ANONYMOUS_MIN_RESPONDENTS, Answers, Band, Checklist, Result
from playbook_cli.scoring import score
from playbook_cli.trend import team_histories

# A team whose latest checkpoint is older than this many days is marked stale (`--stale-after`).
STALE_AFTER_DAYS = 90
# On an anonymous checklist, a team needs this many respondents before its per-item cells are shown.
ANONYMOUS_MINIMUM = ANONYMOUS_MIN_RESPONDENTS


@dataclass(frozen=True)
class SectionCell:
    id: str
    title: str
    score: int
    previous: int | None  # the previous checkpoint's, None at a team's first


@dataclass(frozen=True)
class ItemCell:
    id: str
    value: Fraction | None     # the team value, 0..1; None where the item is n/a
    # None at a team's first checkpoint, where it was n/a then, or where that checkpoint's
    # per-item values were withheld (anonymous, below ANONYMOUS_MINIMUM respondents).
    previous: Fraction | None


@dataclass(frozen=True)
class TeamRow:
    """One team's latest checkpoint of one checklist."""

    team: str
    date: _dt.date
    respondents: int
    result: Result
    previous: Result | None
    sections: list[SectionCell]
    # Per-item cells with `items`; None without, and for a team below ANONYMOUS_MINIMUM on an anonymous checklist.
    items: list[ItemCell] | None
    items_hidden: bool          # the per-item cells were withheld: anonymous, too few respondents
    open_actions: int
    overdue_actions: int
    outdated_version: bool      # some file of the checkpoint answered an older version of the checklist
    versions: tuple[int, ...]   # the versions its files name, for the mark
    age_days: int               # days from the checkpoint to as_of
    stale: bool

    @property
    def score(self) -> int:
        return self.result.score

    @property
    def band(self) -> Band:
        return self.result.band

    @property
    def previous_score(self) -> int | None:
        return None if self.previous is None else self.previous.score

    @property
    def alignment(self) -> int | None:
        return self.result.alignment

    @property
    def stale_days(self) -> int | None:
        """How old the checkpoint is, in days, when it is stale; None while it is recent."""
        return self.age_days if self.stale else None


@dataclass(frozen=True)
class ChecklistOverview:
    checklist: Checklist
    teams: list[TeamRow]  # by name, never by score

    @property
    def anonymous(self) -> bool:
        return self.checklist.anonymous


@dataclass(frozen=True)
class Overview:
    checklists: list[ChecklistOverview]  # by checklist id
    as_of: _dt.date
    stale_after: int
    items: bool  # per-item cells were asked for


def build_overview(answer_sets: Sequence[Answers], checklist_of: Callable[[Answers], Checklist], as_of: _dt.date,
                   stale_after: int = STALE_AFTER_DAYS, items: bool = False,
                   only: str | None = None) -> Overview:
    """Each team's latest checkpoint per checklist on `as_of`, teams by name, checklists by id.

    As the organisation stood on `as_of`: checkpoints dated after it are left
    out (actions as `open_actions` counts them). `only` keeps one checklist's
    files. `checklist_of` finds (and may raise for) the checklist an answers
    file names. Every file needs a date.
    """
    wanted = [a for a in up_to(answer_sets, as_of) if only is None or a.checklist == only]
    by_checklist: dict[str, list[TeamRow]] = {}
    checklists: dict[str, Checklist] = {}
    for history in team_histories(wanted):  # ordered by team name: the only order there is
        dates = history.dates
        latest = history.by_date[dates[-1]]
        checklist = checklists.get(history.checklist) or checklist_of(latest[0])
        checklists[history.checklist] = checklist
        earlier = history.by_date[dates[-2]] if len(dates) > 1 else None
        by_checklist.setdefault(checklist.id, []).append(
            _team_row(history.team, dates[-1], latest, earlier, checklist, as_of, stale_after, items))
    return Overview([ChecklistOverview(checklists[key], by_checklist[key]) for key in sorted(by_checklist)],
                    as_of, stale_after, items)


def _team_row(team: str, date: _dt.date, files: list[Answers], earlier: list[Answers] | None, checklist: Checklist,
              as_of: _dt.date, stale_after: int, items: bool) -> TeamRow:
    result = score(checklist, files)
    previous = score(checklist, earlier) if earlier else None
    before = {s.id: s.score for s in previous.sections} if previous else {}
    sections = [SectionCell(s.id, s.title, s.score, before.get(s.id)) for s in result.sections]
    hidden = items and checklist.anonymous and len(files) < ANONYMOUS_MINIMUM
    # The checkpoint before is withheld the same way: its per-item values never show, not even as a movement.
    before_hidden = checklist.anonymous and earlier is not None and len(earlier) < ANONYMOUS_MINIMUM
    cells = None
    if items and not hidden:
        cells = [ItemCell(item.id, result.values[item.id],
                          previous.values[item.id] if previous and not before_hidden else None)
                 for item in checklist.items]
    # The same rule as `playbook actions`: the latest checkpoint's open actions, for items the checklist has.
    listed = open_actions(files, lambda answers: checklist, as_of)
    versions = tuple(sorted({a.checklist_version for a in files if a.checklist_version is not None}))
    age = (as_of - date).days
    return TeamRow(team, date, len(files), result, previous, sections, cells, hidden, len(listed.actions),
                   len(listed.overdue), any(v < checklist.version for v in versions), versions, age,
                   age > stale_after)
