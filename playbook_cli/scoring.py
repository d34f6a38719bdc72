"""Scoring, exactly as DESIGN.md defines it. Pure functions, no I/O.

Every answer is worth a whole number of half-points (yes 2, partly 1, no,
unknown and unanswered 0), so the arithmetic is exact integer arithmetic: a
score of exactly 42.5 rounds half up to 43, as a hand calculation would,
never to 42 through floating-point error. Team values, which can be thirds,
are exact Fractions. Integers also keep scoring 2,000 files fast.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from playbook_cli.actions import team_spellings
from playbook_cli.model import (
    ANONYMOUS_MIN_RESPONDENTS,
    ANSWER_WORDS,
    NOT_APPLICABLE,
    Answers,
    Checklist,
    Gap,
    Item,
    Misaligned,
    Result,
    SectionScore,
    respondent_labels,
)

# An answer's value in half-points; anything else (unanswered) is 0.
HALVES = {"yes": 2, "partly": 1, "no": 0, "unknown": 0}
_VALUES = {0: Fraction(0), 1: Fraction(1, 2), 2: Fraction(1)}  # shared, not rebuilt per item


def percent_half_up(numerator: int, denominator: int) -> int:
    """100 x numerator / denominator, rounded half up (42.5 -> 43), in exact integers."""
    return (200 * numerator + denominator) // (2 * denominator)


def _team_halves(answers: Sequence[str | None]) -> tuple[int, int]:
    """(sum of half-points, respondents who gave a value or skipped); count 0 if all said n/a."""
    halves = count = 0
    for answer in answers:
        if answer != NOT_APPLICABLE:
            halves += HALVES.get(answer or "", 0)
            count += 1
    return halves, count


def _as_value(halves: int, count: int) -> Fraction | None:
    if count == 0:
        return None
    if count == 1:
        return _VALUES[halves]
    return Fraction(halves, 2 * count)


def _halves_score(items: Iterable[Item], parts: dict[str, tuple[int, int]]) -> int:
    """100 x sum(weight x value) / sum(weight) over applicable items (0 if none), where an
    item's value is half-points / (2 x respondents): summed over a common denominator."""
    numerator = denominator = 0
    common = 1
    for item in items:
        halves, count = parts[item.id]
        if count == 0:
            continue
        if common % count:  # bring what we have over a new common denominator
            scale = math.lcm(common, count) // common
            numerator *= scale
            denominator *= scale
            common *= scale
        numerator += item.weight * halves * (common // count)
        denominator += item.weight * 2 * common
    return percent_half_up(numerator, denominator) if denominator else 0


def score(checklist: Checklist, answer_sets: Sequence[Answers], anonymous: bool = False) -> Result:
    """Score one answers file, or several (one per respondent) as a team.

    `anonymous` (team.hides_respondents decides it) keeps who answered what out of the
    result: respondents are placeholders to count, misaligned items carry how many gave
    each answer, notes are unsigned and sorted; with fewer than ANONYMOUS_MIN_RESPONDENTS,
    neither counts nor notes, and the gaps keep the file's order (biggest first would rank
    the per-item values that the reports then withhold: Result.details_withheld).
    Notes on items that are not gaps go to `notes`; blank notes are dropped everywhere.
    """
    if not answer_sets:
        raise ValueError("score() needs at least one answers file")
    items = checklist.items
    per_item = {item.id: [a.answers.get(item.id) for a in answer_sets] for item in items}
    parts = {item_id: _team_halves(answers) for item_id, answers in per_item.items()}
    values = {item_id: _as_value(*part) for item_id, part in parts.items()}

    total = _halves_score(items, parts)
    sections = [SectionScore(s.id, s.title, _halves_score(s.items, parts)) for s in checklist.sections]
    # value < 1/2  <=>  halves / (2 x count) < 1/2  <=>  halves < count
    blockers = [i for i in items if i.critical and parts[i.id][1] and parts[i.id][0] < parts[i.id][1]]
    band = checklist.bands[-1] if blockers else next(b for b in checklist.bands if b.min <= total)
    unknown = [i for i in items if "unknown" in per_item[i.id]]

    withheld = anonymous and len(answer_sets) < ANONYMOUS_MIN_RESPONDENTS
    # Most files carry no notes: then no item's notes are gathered (trend scores thousands of files).
    no_notes = withheld or not any(a.notes for a in answer_sets)
    gaps = [
        _gap(item, value, answer_sets, anonymous, no_notes)
        for item in items
        if parts[item.id][1] and parts[item.id][0] < 2 * parts[item.id][1]  # value < 1
        and (value := values[item.id]) is not None  # never None here (count > 0): for the type checker
    ]
    # Priority weight x (1 - value) = weight x (2 x count - halves) / (2 x count), compared in
    # whole numbers over a common denominator. sort() is stable: equal priorities keep file order.
    common = math.lcm(*{2 * parts[gap.item.id][1] for gap in gaps}) if gaps else 1

    def priority(gap: Gap) -> int:
        halves, count = parts[gap.item.id]
        return -gap.item.weight * (2 * count - halves) * (common // (2 * count))

    if not withheld:  # below the minimum the order would rank the hidden values: file order instead
        gaps.sort(key=priority)
    in_gaps = {gap.item.id for gap in gaps}
    notes = [] if no_notes else [(item, note) for item in items
                                 if item.id not in in_gaps and (note := _note(item.id, answer_sets, anonymous))]

    if anonymous:  # no name enters the result, so no format can show one
        labels = [f"respondent {n}" for n in range(1, len(answer_sets) + 1)]
    else:
        labels = respondent_labels([a.name for a in answer_sets])  # one per file, all different
    alignment, misaligned = _alignment(items, per_item, labels) if len(answer_sets) > 1 else (None, [])
    if anonymous:
        misaligned = [dataclasses.replace(m, answers=(), counts=() if withheld else m.counts) for m in misaligned]
    # In a team, an item counts as answered only when everyone answered it.
    answered = sum(1 for item in items if all(a is not None for a in per_item[item.id]))
    teams = list(team_spellings(answer_sets).values())  # one name per team, its latest spelling
    dates = [a.date for a in answer_sets if a.date is not None]
    return Result(
        checklist=checklist,
        team=", ".join(teams) if teams else None,
        respondents=labels,
        date=max(dates) if dates else None,
        score=total,
        band=band,
        blockers=blockers,
        unknown=unknown,
        sections=sections,
        gaps=gaps,
        values=values,
        answered=answered,
        alignment=alignment,
        misaligned=misaligned,
        anonymous=anonymous,
        notes=notes,
    )


@dataclass(frozen=True)
class GateVerdict:
    """Whether a result passes the `--fail-under N` gate, and why, in words for a CI log."""

    passed: bool
    reason: str


def gate(result: Result, fail_under: int) -> GateVerdict:
    """The kickoff gate: it passes when the score is at least `fail_under` and no blocker remains."""
    if result.score < fail_under:
        return GateVerdict(False, f"score {result.score} is below {fail_under}")
    if result.blockers:
        return GateVerdict(False, f"{len(result.blockers)} blocker(s) remain: "
                           + ", ".join(item.id for item in result.blockers))
    return GateVerdict(True, f"score {result.score} >= {fail_under}, no blockers")


def _gap(item: Item, value: Fraction, answer_sets: Sequence[Answers], anonymous: bool = False,
         no_notes: bool = False) -> Gap:
    # The first open action's owner, in argument order, is kept: a done or dropped one owns the gap no more.
    item_id = item.id
    action = None
    for answers in answer_sets:
        if action is None and item_id in answers.actions and answers.actions[item_id].is_open:
            action = answers.actions[item_id]
            break
    note = None if no_notes else _note(item_id, answer_sets, anonymous)
    if action is None:
        return Gap(item, value, None, None, note)
    return Gap(item, value, action.owner, action.due, note)


def _note(item_id: str, answer_sets: Sequence[Answers], anonymous: bool) -> str | None:
    """The respondents' notes on an item, joined with " / " in argument order; blank notes dropped.

    Anonymous: sorted, so that their order does not say whose file each came from. (None when withheld:
    the caller does not ask.)
    """
    notes = [text for answers in answer_sets if (text := answers.notes.get(item_id, "").strip())]
    if anonymous:
        notes.sort()
    return " / ".join(notes) if notes else None


def _alignment(items, per_item, labels) -> tuple[int | None, list[Misaligned]]:
    """Alignment over items that at least two respondents gave a value (labels: who, per file)."""
    spreads = 0  # in half-points
    counted = 0
    misaligned: list[Misaligned] = []
    for item in items:
        given = [HALVES[a] for a in per_item[item.id] if a in HALVES]
        if len(given) < 2:
            continue
        spread = max(given) - min(given)
        spreads += spread
        counted += 1
        if spread >= 1:  # half a point or more apart
            said = tuple((label, answer or "unanswered") for label, answer in zip(labels, per_item[item.id]))
            misaligned.append(Misaligned(item, Fraction(spread, 2), said, _counts(answer for _, answer in said)))
    if not counted:
        return None, []
    # 100 x (1 - mean spread), the mean spread being spreads / (2 x counted).
    return percent_half_up(2 * counted - spreads, 2 * counted), misaligned


def _counts(answers: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """How many gave each answer: ANSWER_WORDS' order, then "unanswered"; none at 0."""
    given = list(answers)
    return tuple((word, n) for word in (*ANSWER_WORDS, "unanswered") if (n := given.count(word)))
