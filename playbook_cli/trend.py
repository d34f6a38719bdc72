"""Scores over time: group answers files by team, then by date.

Files of one team with the same date are one checkpoint, scored together as
a team. Pure: takes loaded answers and checklists, returns trends.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from playbook_cli.actions import FollowUp, follow_up, name_order, team_key, team_spellings
from playbook_cli.errors import AnswersError, Problem
from playbook_cli.model import Answers, Checklist, Result
from playbook_cli.scoring import score

NO_TEAM = "(no team)"
# A checkpoint's movement against the one before (Checkpoint.direction), in words: json's "change".
CHANGE_WORDS = {None: "first", 1: "better", 0: "same", -1: "worse"}


@dataclass
class Checkpoint:
    date: _dt.date
    result: Result
    files: list[str]
    # Movement against the previous checkpoint: +1 better, 0 same, -1 worse, None first.
    direction: int | None = None
    score_delta: int | None = None
    section_deltas: dict[str, int] = field(default_factory=dict)
    # The previous checkpoint's actions and how their items moved; None for the first checkpoint.
    follow_up: list[FollowUp] | None = None


@dataclass
class TeamTrend:
    team: str
    checklist: Checklist
    checkpoints: list[Checkpoint]


@dataclass
class TeamHistory:
    """One team's answers files of one checklist, by date: each date's files are one checkpoint."""

    team: str       # as shown: the latest spelling
    checklist: str  # its id
    by_date: dict[_dt.date, list[Answers]]

    @property
    def dates(self) -> list[_dt.date]:
        return sorted(self.by_date)


def team_histories(answer_sets: list[Answers]) -> list[TeamHistory]:
    """The files grouped by (team, checklist), then by date; ordered by team name (`name_order`), then checklist id.

    Team names match after trimming, ignoring case; the latest spelling is
    shown. Raises AnswersError for a file without a date.
    """
    groups: dict[tuple[str, str], dict[_dt.date, list[Answers]]] = {}
    for answers in answer_sets:
        if answers.date is None:
            raise AnswersError(Problem(answers.path, None, None, "has no 'date'; a trend needs one per file",
                                       "add a line like: date: 2026-11-23"))
        key = (team_key(answers.team), answers.checklist)
        groups.setdefault(key, {}).setdefault(answers.date, []).append(answers)
    # Team names match after trimming, ignoring case (DESIGN.md); the latest spelling is shown.
    spellings = team_spellings(answer_sets)
    shown = {key: spellings.get(key[0], NO_TEAM) for key in groups}
    return [TeamHistory(shown[key], key[1], by_date)
            for key, by_date in sorted(groups.items(), key=lambda kv: (name_order(shown[kv[0]]), kv[0][1]))]


def build_trends(answer_sets: list[Answers], checklists: dict[str, Checklist]) -> list[TeamTrend]:
    """One trend per (team, checklist), checkpoints in date order."""
    trends = []
    for history in team_histories(answer_sets):
        team, checklist = history.team, checklists[history.checklist]
        checkpoints: list[Checkpoint] = []
        previous_files: list[Answers] = []
        for date in history.dates:
            files = history.by_date[date]
            # An anonymous checklist's checkpoints name nobody (trend has no --names: `score` does).
            point = Checkpoint(date, score(checklist, files, checklist.anonymous), [a.path for a in files])
            if checkpoints:
                before = checkpoints[-1].result
                point.follow_up = follow_up(checklist, previous_files, files, before.values, point.result.values,
                                            withheld=before.details_withheld or point.result.details_withheld)
                point.score_delta = point.result.score - before.score
                point.direction = (point.score_delta > 0) - (point.score_delta < 0)
                previous = {s.id: s.score for s in before.sections}
                point.section_deltas = {s.id: s.score - previous[s.id] for s in point.result.sections}
            checkpoints.append(point)
            previous_files = files
        trends.append(TeamTrend(team, checklist, checkpoints))
    return trends
