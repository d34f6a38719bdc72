"""Plain text for the terminal. Colour only when asked (the CLI decides).

Renderers here build a list of lines; `terminal.compose` makes every piece
safe for a terminal and adds the colour, so no text from a file can move the
cursor, retitle the window or forge a line of the report.
"""

from __future__ import annotations

from typing import Any

from playbook_cli.model import Checklist, Result
from playbook_cli.render.json_format import (
    FLAGGED_NOTE,
    OTHER_NOTES_HEADING,
    TALK_HEADING,
    WITHHELD_NOTE,
    counts_text,
    respondent_names,
    respondents_text,
)
from playbook_cli.render.terminal import Styled, compose, pad, shown_width, text_width, wrap
from playbook_cli.render.values import answer_words, follow_up_values, percent

BOLD = {"bold": True}


def fit(line: str, width: int) -> list[str]:
    """The line as it is if it fits the width (its spacing kept), else wrapped."""
    return [line] if shown_width(line) <= width else wrap(line, width)


def bar(score: int, width: int = 20) -> str:
    filled = round(score * width / 100)
    return "#" * filled + "." * (width - filled)


def band_colour(result: Result) -> str:
    bands = result.checklist.bands
    if result.band == bands[0]:
        return "green"
    if result.band == bands[-1]:
        return "red"
    return "yellow"


def render_result(result: Result, color: bool = False, top: int | None = None,
                  play_titles: dict[str, str] | None = None, width: int | None = None, follow_up=None,
                  **_: Any) -> str:
    width = width or text_width()
    names = respondent_names(result)
    lines = _heading(result, names, width) + _verdict(result)
    lines += _blockers_unknown_misaligned(result, names, width)
    lines += ["", Styled("Sections", BOLD)]
    title_width = max((shown_width(sec.title) for sec in result.sections), default=0)
    for sec in result.sections:
        lines.append(f"  {pad(sec.title, title_width)}  {sec.score:>3}  {bar(sec.score)}")
    lines += _action_plan(result, top, play_titles, width)
    if result.notes:
        lines += ["", [Styled(OTHER_NOTES_HEADING, BOLD), " (on items that are not gaps)"]]
        for item, note in result.notes:
            lines.append(f"  - {item.id}")
            lines += wrap(item.question, width, "    ")
            lines += wrap(f"Note: {note}", width, "    ")
    if follow_up is not None:
        values = follow_up_values(result, follow_up)
        lines += ["", [Styled("Follow-up", BOLD),
                       " (the previous checkpoint's actions" + (": value then -> now)" if values else ")")]]
        lines += follow_up_lines(follow_up, values=values) or ["  The previous checkpoint recorded no actions."]
    return compose(lines, color)


def _heading(result: Result, names: dict[str, str], width: int) -> list:
    """The checklist's title and id, then who answered, when, and how much."""
    c = result.checklist
    about = f"({c.id}, version {c.version})"
    if shown_width(f"{c.title}  {about}") <= width:
        lines: list = [[Styled(c.title, BOLD), f"  {about}"]]
    else:  # a title too long for the terminal: wrapped, with the id below
        lines = [Styled(line, BOLD) for line in wrap(c.title, width)] + [about]
    header = []
    if result.team:
        header.append(f"Team: {result.team}")
    if result.anonymous:
        header.append(f"Respondents: {respondents_text(result)}")
    elif result.is_team:
        header.append(f"{len(result.respondents)} respondents: " + ", ".join(names.values()))
    elif result.respondents:
        header.append(f"Respondent: {names[result.respondents[0]]}")
    if result.date:
        header.append(result.date.isoformat())
    header.append(f"{result.answered} of {len(c.items)} answered")
    lines += wrap(" | ".join(header), width)
    return lines + (wrap(WITHHELD_NOTE, width) if result.details_withheld else [])


def _verdict(result: Result) -> list:
    """The score and band, what holds it down, and the team's alignment."""
    lines: list = ["", [Styled(f"Score {result.score}/100", BOLD), "  ",
                        Styled(result.band.label, {"fg": band_colour(result), "bold": True})]]
    if result.blockers:
        n = len(result.blockers)
        lines.append(f"  held in the lowest band by {n} blocker{'s' if n != 1 else ''}")
    if result.alignment is not None:
        n = len(result.misaligned)
        talk = f"  ({n} worth a conversation)" if n else ""
        lines.append(f"Alignment {result.alignment}/100{talk}")
    return lines


def _blockers_unknown_misaligned(result: Result, names: dict[str, str], width: int) -> list:
    lines: list = []
    if result.blockers:
        lines += ["", [Styled("Blockers", {"bold": True, "fg": "red"}),
                       " (critical, answered no, unknown or not at all)"]]
        for item in result.blockers:
            lines.append(f"  x {item.id}")
            lines += wrap(item.question, width, "    ")
    if result.unknown and not result.details_withheld:
        lines += ["", [Styled("Unknown", {"bold": True, "fg": "yellow"}),
                       " (not knowing is a gap in shared understanding)"]]
        for item in result.unknown:
            lines.append(f"  ? {item.id}")
            lines += wrap(item.question, width, "    ")
    if result.misaligned:
        lines += ["", [Styled(TALK_HEADING, {"bold": True, "fg": "yellow"}),
                       " (answered far apart: talk them through)"]]
        for m in result.misaligned:
            # Anonymous: how many gave each answer, never who (and below 3 respondents, nothing).
            said = counts_text(m) if result.anonymous else ", ".join(f"{names[who]}: {a}" for who, a in m.answers)
            # Below 3 anonymous respondents, not even the spread (docs/guides/cli.md; WITHHELD_NOTE says so).
            lines.append(f"  ~ {m.item.id}" + ("" if result.details_withheld else f" (spread {percent(m.spread)})"))
            lines += wrap(said, width, "    ") if said else []
    return lines


def _action_plan(result: Result, top: int | None, play_titles: dict[str, str] | None, width: int) -> list:
    """The gaps, biggest first, each with its owner and play; then how many have no owner."""
    gaps = result.gaps if top is None else result.gaps[:top]
    order = "in checklist order" if result.details_withheld else "biggest first"  # scoring.score: why
    lines: list = ["", [Styled("Action plan", BOLD), f" (gaps, {order})"]]
    if not gaps:
        lines.append("  No gaps: every applicable item is a yes.")
    for index, gap in enumerate(gaps, start=1):
        owner = gap.owner or Styled("UNOWNED", {"fg": "red"})
        due = f", due {gap.due.isoformat()}" if gap.due else ""
        value = "" if result.details_withheld else f"{answer_words(result, gap.item, gap.value)}, "
        lines.append([f"  {index:>2}. {gap.item.id}  {value}weight {gap.item.weight}  owner: ",
                      owner, due])
        lines += wrap(gap.item.question, width, "      ")
        if gap.note:
            lines += wrap(f"Note: {gap.note}", width, "      ")
        if gap.item.play:
            title = (play_titles or {}).get(gap.item.play)
            lines += wrap(f"Play: {title} ({gap.item.play})" if title else f"Play: {gap.item.play}", width, "      ")
    if top is not None and len(result.gaps) > top:
        lines.append(f"  ... and {len(result.gaps) - top} more")
    unowned = sum(1 for gap in result.gaps if gap.owner is None)  # all gaps, not only those shown
    if unowned:
        lines += [""] + wrap(f"{unowned} gap{'s have' if unowned != 1 else ' has'} no owner: "
                             "a gap everyone owns is owned by no one.", width)
    return lines


def follow_up_lines(entries, indent: str = "  ", values: bool = True) -> list:
    """One line per action of the previous checkpoint (actions.FollowUp), flagged ones marked;
    the item's value then and now unless `values` is false (json_format.follow_up_data: why)."""
    lines: list = []
    values = values and not any(f.values_withheld for f in entries)
    for f in entries:
        then_now = f", {percent(f.before)} -> {percent(f.after)}" if values else ""
        line: list[str | Styled] = [f"{indent}{f.item.id}: {f.owner}, {f.status}{then_now}"]
        if f.flagged:
            line += ["  ", Styled(FLAGGED_NOTE, {"fg": "yellow"})]
        lines.append(line)
    return lines


def render_checklist(checklist: Checklist, play_titles: dict[str, str] | None = None,
                     width: int | None = None, **_: Any) -> str:
    width = width or text_width()
    lines = fit(f"{checklist.title}  ({checklist.id}, version {checklist.version}, {len(checklist.items)} questions)",
                width)
    if checklist.summary:
        lines += [""] + wrap(checklist.summary, width)
    # A list, not prose: it may use the terminal's last columns.
    lines += [""] + wrap("Bands: " + ", ".join(f"{b.label} ({b.id}) >= {b.min}" for b in checklist.bands), width + 2)
    number_ = 0
    for section in checklist.sections:
        lines += [""] + fit(section.title.upper(), width)
        for item in section.items:
            number_ += 1
            marks = [f"weight {item.weight}"] + (["CRITICAL"] if item.critical else [])
            lines += wrap(f"{number_}. {item.question} [{', '.join(marks)}]", width, "  ")
            lines += wrap(f"Why: {item.why}", width, "     ")
            lines.append(f"     id: {item.id}" + (f"   play: {item.play}" if item.play else ""))
    return compose(lines)
