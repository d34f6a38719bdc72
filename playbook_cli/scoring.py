"""Scoring, exactly as DESIGN.md defines it. Pure functions, no I/O.

Values are kept as Fractions so that a score of exactly 42.5 rounds half up
to 43, as a hand calculation would, instead of falling to 42 through
floating-point error.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Iterable, Sequence

from playbook_cli.model import (
    ANSWER_VALUES,
    NOT_APPLICABLE,
    Answers,
    Checklist,
    Gap,
    Item,
    Misaligned,
    Result,
    SectionScore,
)

MISALIGNED_SPREAD = Fraction(1, 2)


def round_half_up(value: Fraction) -> int:
    """Round to a whole number, halves away from zero (42.5 -> 43)."""
    return math.floor(value + Fraction(1, 2))


def item_value(answer: str | None) -> Fraction | None:
    """The value of one answer; None for n/a. Unanswered counts as 0."""
    if answer == NOT_APPLICABLE:
        return None
    return ANSWER_VALUES.get(answer or "", Fraction(0))


def team_value(answers: Sequence[str | None]) -> Fraction | None:
    """Mean value over respondents who did not say n/a; None if all did."""
    values = [v for v in (item_value(a) for a in answers) if v is not None]
    if not values:
        return None
    return sum(values, Fraction(0)) / len(values)


def weighted_score(items: Iterable[Item], values: dict[str, Fraction | None]) -> int:
    """100 x sum(weight x value) / sum(weight) over applicable items; 0 if none."""
    numerator = Fraction(0)
    denominator = 0
    for item in items:
        value = values[item.id]
        if value is None:
            continue
        numerator += item.weight * value
        denominator += item.weight
    if denominator == 0:
        return 0
    return round_half_up(100 * numerator / denominator)


def score(checklist: Checklist, answer_sets: Sequence[Answers]) -> Result:
    """Score one answers file, or several (one per respondent) as a team."""
    if not answer_sets:
        raise ValueError("score() needs at least one answers file")
    items = checklist.items
    per_item = {item.id: [a.answers.get(item.id) for a in answer_sets] for item in items}
    values = {item_id: team_value(answers) for item_id, answers in per_item.items()}

    total = weighted_score(items, values)
    sections = [SectionScore(s.id, s.title, weighted_score(s.items, values)) for s in checklist.sections]
    blockers = [i for i in items if i.critical and values[i.id] is not None and values[i.id] < Fraction(1, 2)]
    band = checklist.bands[-1] if blockers else next(b for b in checklist.bands if b.min <= total)
    unknown = [i for i in items if "unknown" in per_item[i.id]]

    gaps = [
        _gap(item, values[item.id], answer_sets)
        for item in items
        if values[item.id] is not None and values[item.id] < 1
    ]
    # sorted() is stable, so equal priorities keep their order in the file.
    gaps.sort(key=lambda gap: -gap.priority)

    alignment, misaligned = _alignment(items, per_item, answer_sets)
    # In a team, an item counts as answered only when everyone answered it.
    answered = sum(1 for item in items if all(a is not None for a in per_item[item.id]))
    teams = _distinct(a.team for a in answer_sets)
    dates = [a.date for a in answer_sets if a.date is not None]
    return Result(
        checklist=checklist,
        team=", ".join(teams) if teams else None,
        respondents=[a.name for a in answer_sets],
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
    )


def _gap(item: Item, value: Fraction, answer_sets: Sequence[Answers]) -> Gap:
    # The first action owner recorded, in argument order, is kept.
    action = next((a.actions[item.id] for a in answer_sets if item.id in a.actions), None)
    notes = [a.notes[item.id] for a in answer_sets if item.id in a.notes]
    return Gap(
        item=item,
        value=value,
        owner=action.owner if action else None,
        due=action.due if action else None,
        note=" / ".join(notes) if notes else None,
    )


def _alignment(items, per_item, answer_sets) -> tuple[int | None, list[Misaligned]]:
    """Alignment over items that at least two respondents gave a value."""
    spreads: list[Fraction] = []
    misaligned: list[Misaligned] = []
    for item in items:
        given = [v for v in (item_value(a) for a in per_item[item.id] if a is not None) if v is not None]
        if len(given) < 2:
            continue
        spread = max(given) - min(given)
        spreads.append(spread)
        if spread >= MISALIGNED_SPREAD:
            said = tuple(
                (a.name, a.answers.get(item.id) or "unanswered") for a in answer_sets
            )
            misaligned.append(Misaligned(item, spread, said))
    if not spreads:
        return None, []
    mean = sum(spreads, Fraction(0)) / len(spreads)
    return round_half_up(100 * (1 - mean)), misaligned


def _distinct(values: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out
