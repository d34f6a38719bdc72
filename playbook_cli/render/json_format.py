"""JSON: one object per result, in DESIGN.md's shape, for CI and dashboards."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from playbook_cli.model import ANONYMOUS_MIN_RESPONDENTS, Checklist, Misaligned, Result

# json.dumps escapes C0 controls but, with ensure_ascii=False, passes DEL and the C1
# controls (\x9b is an 8-bit CSI) through raw: escape them too, so JSON printed to a
# terminal cannot drive it. Outside strings JSON has no such characters.
_RAW_CONTROLS = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def json_text(data: Any) -> str:
    """Data as indented JSON, non-ASCII text kept readable, every control character escaped."""
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_RAW_CONTROLS) + "\n"


def number(value: Fraction | None) -> float | int | None:
    """A value as JSON shows it: 1, 0.5, 0.3333."""
    if value is None:
        return None
    if value.denominator == 1:
        return int(value)
    return round(float(value), 4)


def result_data(result: Result) -> dict[str, Any]:
    """The result as plain data; every renderer shows this, and JSON prints it.

    Anonymous: `respondents` is a count, and a misaligned item has `counts` and no
    `answers`. Below 3 respondents (details_withheld) the keys stay and their values
    are null: `unknown`, `notes`, each gap's `value` and `note`, each misaligned
    item's `spread` and `counts`.
    """
    names = respondent_names(result)
    withheld = result.details_withheld
    return {
        "checklist": result.checklist.id,
        "checklist_version": result.checklist.version,
        "team": result.team,
        "respondents": len(result.respondents) if result.anonymous else list(names.values()),
        "score": result.score,
        "band": result.band.id,
        "blockers": [item.id for item in result.blockers],
        "unknown": None if withheld else [item.id for item in result.unknown],
        "sections": [{"id": s.id, "title": s.title, "score": s.score} for s in result.sections],
        "gaps": [
            {
                "item": gap.item.id,
                "section": gap.item.section_id,
                "value": None if withheld else number(gap.value),
                "weight": gap.item.weight,
                "play": gap.item.play,
                "owner": gap.owner,
                "note": gap.note,
            }
            for gap in result.gaps
        ],
        "alignment": result.alignment,
        "misaligned": [misaligned_data(m, names, result) for m in result.misaligned],
        # Notes on items that are not gaps (a gap carries its own `note`).
        "notes": None if withheld else [{"item": item.id, "note": note} for item, note in result.notes],
    }


def misaligned_data(m: Misaligned, names: dict[str, str], result: Result) -> dict[str, Any]:
    """One misaligned item: its spread, who said what (never when anonymous), how many said each."""
    data: dict[str, Any] = {"item": m.item.id, "spread": None if result.details_withheld else number(m.spread)}
    if not result.anonymous:
        data["answers"] = [{"respondent": names[who], "answer": answer} for who, answer in m.answers]
    data["counts"] = None if result.details_withheld else dict(m.counts)
    return data


def respondent_names(result: Result) -> dict[str, str]:
    """How each respondent is shown: their label (every file once, told apart); none when anonymous."""
    return {} if result.anonymous else {name: name for name in result.respondents}


def counts_text(m: Misaligned) -> str:
    """How many chose each answer, for a reader: "yes 2, no 1"."""
    return ", ".join(f"{word} {n}" for word, n in m.counts)


def render_result(result: Result, follow_up=None, **_: Any) -> str:
    data = result_data(result)
    if follow_up is not None:
        data["follow_up"] = follow_up_data(follow_up, values=not result.details_withheld)
    return json_text(data)


# How every format says that a done action did not move its item.
FLAGGED_NOTE = "done, but the team does not feel it yet"

# How every format names the items answered far apart (JSON's "misaligned"), for a kickoff or a health check.
TALK_HEADING = "Worth a conversation"
TALK_NOTE = "People answered these far apart: talk them through."
# What an anonymous result below ANONYMOUS_MIN_RESPONDENTS leaves out, in one sentence.
WITHHELD_NOTE = (f"Answers are anonymous and fewer than {ANONYMOUS_MIN_RESPONDENTS} people answered, "
                 "so no item's team value, spread, unknowns, answer counts or notes are shown, "
                 "only the score, the sections, the blockers and which items to act on or talk about.")
# The heading of the notes on items that are not gaps, in every human format.
OTHER_NOTES_HEADING = "Other notes"
OTHER_NOTES_NOTE = "Notes on items that are not gaps."


def respondents_text(result: Result) -> str:
    """Who answered, for a reader: "Dana, Lee", or "3 (anonymous)"."""
    if result.anonymous:
        return f"{len(result.respondents)} (anonymous)"
    return ", ".join(respondent_names(result).values())


def follow_up_data(entries, values: bool = True) -> list[dict[str, Any]]:
    """The follow-up of the previous checkpoint's actions (actions.FollowUp) as plain data.

    Without `values` (an anonymous result below 3 respondents: Result.details_withheld), `before`
    and `after` are null: an item's team value would tell one of two people the other's answer. So
    when the previous checkpoint had too few (FollowUp.values_withheld).
    """
    values = values and not any(f.values_withheld for f in entries)
    return [{"item": f.item.id, "owner": f.owner, "status": f.status,
             "before": number(f.before) if values else None, "after": number(f.after) if values else None,
             "flagged": f.flagged} for f in entries]


def shown_value(value: Fraction | None) -> str:
    """A team value for a reader: 0.5, or n/a."""
    return "n/a" if value is None else str(number(value))


def checklist_data(checklist: Checklist) -> dict[str, Any]:
    return {
        "id": checklist.id,
        "title": checklist.title,
        "version": checklist.version,
        "summary": checklist.summary,
        "bands": [{"id": b.id, "label": b.label, "min": b.min} for b in checklist.bands],
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "items": [
                    {"id": i.id, "question": i.question, "why": i.why, "weight": i.weight,
                     "critical": i.critical, "play": i.play}
                    for i in s.items
                ],
            }
            for s in checklist.sections
        ],
    }


def render_checklist(checklist: Checklist, **_: Any) -> str:
    return json_text(checklist_data(checklist))
