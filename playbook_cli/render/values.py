"""Values as a person reads them in a report: answers in words, team values in percent.

JSON keeps the numbers (0.3333) for machines; html and markdown show these.
"""

from __future__ import annotations

from fractions import Fraction

from playbook_cli.model import Item, Result


def percent(value: Fraction | None) -> str:
    """A team value as a person reads it: 33%, or n/a. Half up, like every score."""
    if value is None:
        return "n/a"
    return f"{int(value * 100 + Fraction(1, 2))}%"


def answer_words(result: Result, item: Item, value: Fraction | None) -> str:
    """One respondent's value in words (yes, partly, no, unknown); a team's as a percentage."""
    if result.is_team or value is None:
        return percent(value)
    if value == 1:
        return "yes"
    if value:
        return "partly"
    if item in result.unknown:
        return "unknown"
    # A value of 0 is a no or a question left blank; the count of answers tells which it can be.
    return "no" if result.answered >= len(result.checklist.items) else "no or unanswered"


def value_heading(result: Result) -> str:
    """The name of the column that shows answer_words."""
    return "Team value" if result.is_team else "Answer"


def follow_up_values(result: Result, follow_up) -> bool:
    """Whether a follow-up (actions.FollowUp entries) shows each item's team value then and now: not
    when either checkpoint withholds them (anonymous, below 3 respondents)."""
    return not result.details_withheld and not any(f.values_withheld for f in follow_up or ())
