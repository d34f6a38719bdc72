"""Plain text for the terminal. Colour only when asked (the CLI decides)."""

from __future__ import annotations

import textwrap
from typing import Any

import click

from playbook_cli.model import Checklist, Result
from playbook_cli.render.json_format import number, respondent_names

WIDTH = 78


class _Style:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, **kw: Any) -> str:
        return click.style(text, **kw) if self.color else text


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


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]


def render_result(result: Result, color: bool = False, anonymous: bool = False, top: int | None = None,
                  play_titles: dict[str, str] | None = None, **_: Any) -> str:
    s = _Style(color)
    c = result.checklist
    names = respondent_names(result, anonymous)
    lines = [s(f"{c.title}", bold=True) + f"  ({c.id}, version {c.version})"]
    header = []
    if result.team:
        header.append(f"Team: {result.team}")
    if result.is_team:
        header.append(f"{len(result.respondents)} respondents: " + ", ".join(names.values()))
    elif result.respondents:
        header.append(f"Respondent: {names[result.respondents[0]]}")
    if result.date:
        header.append(result.date.isoformat())
    header.append(f"{result.answered} of {len(c.items)} answered")
    lines.append(" | ".join(header))
    lines.append("")
    lines.append(s(f"Score {result.score}/100", bold=True) + "  " + s(result.band.label, fg=band_colour(result), bold=True))
    if result.blockers:
        n = len(result.blockers)
        lines.append(f"  held in the lowest band by {n} blocker{'s' if n != 1 else ''}")
    if result.alignment is not None:
        lines.append(f"Alignment {result.alignment}/100" +
                     (f"  ({len(result.misaligned)} misaligned item{'s' if len(result.misaligned) != 1 else ''})" if result.misaligned else ""))

    if result.blockers:
        lines += ["", s("Blockers", bold=True, fg="red") + " (critical, answered no, unknown or not at all)"]
        for item in result.blockers:
            lines.append(f"  x {item.id}")
            lines += _wrap(item.question, "    ")
    if result.unknown:
        lines += ["", s("Unknown", bold=True, fg="yellow") + " (not knowing is a gap in shared understanding)"]
        for item in result.unknown:
            lines.append(f"  ? {item.id}")
            lines += _wrap(item.question, "    ")
    if result.misaligned:
        lines += ["", s("Misaligned", bold=True, fg="yellow") + " (talk before kickoff)"]
        for m in result.misaligned:
            said = ", ".join(f"{names[who]}: {answer}" for who, answer in m.answers)
            lines.append(f"  ~ {m.item.id} (spread {number(m.spread)})")
            lines += _wrap(said, "    ")

    lines += ["", s("Sections", bold=True)]
    title_width = max((len(sec.title) for sec in result.sections), default=0)
    for sec in result.sections:
        lines.append(f"  {sec.title:<{title_width}}  {sec.score:>3}  {bar(sec.score)}")

    gaps = result.gaps if top is None else result.gaps[:top]
    lines += ["", s("Action plan", bold=True) + " (gaps, biggest first)"]
    if not gaps:
        lines.append("  No gaps: every applicable item is a yes.")
    for index, gap in enumerate(gaps, start=1):
        owner = gap.owner or s("UNOWNED", fg="red")
        due = f", due {gap.due.isoformat()}" if gap.due else ""
        lines.append(f"  {index:>2}. {gap.item.id}  value {number(gap.value)}, weight {gap.item.weight}  owner: {owner}{due}")
        lines += _wrap(gap.item.question, "      ")
        if gap.note:
            lines += _wrap(f"Note: {gap.note}", "      ")
        if gap.item.play:
            title = (play_titles or {}).get(gap.item.play)
            lines.append(f"      Play: {title} ({gap.item.play})" if title else f"      Play: {gap.item.play}")
    if top is not None and len(result.gaps) > top:
        lines.append(f"  ... and {len(result.gaps) - top} more")
    unowned = sum(1 for gap in result.gaps if gap.owner is None)  # all gaps, not only those shown
    if unowned:
        lines += ["", f"{unowned} gap{'s have' if unowned != 1 else ' has'} no owner: a gap everyone owns is owned by no one."]
    return "\n".join(lines) + "\n"


def render_checklist(checklist: Checklist, play_titles: dict[str, str] | None = None, **_: Any) -> str:
    lines = [f"{checklist.title}  ({checklist.id}, version {checklist.version}, {len(checklist.items)} questions)"]
    if checklist.summary:
        lines += [""] + _wrap(checklist.summary, "")
    lines += ["", "Bands: " + ", ".join(f"{b.label} ({b.id}) >= {b.min}" for b in checklist.bands)]
    number_ = 0
    for section in checklist.sections:
        lines += ["", section.title.upper()]
        for item in section.items:
            number_ += 1
            marks = [f"weight {item.weight}"] + (["CRITICAL"] if item.critical else [])
            lines += _wrap(f"{number_}. {item.question} [{', '.join(marks)}]", "  ")
            lines += _wrap(f"Why: {item.why}", "     ")
            lines.append(f"     id: {item.id}" + (f"   play: {item.play}" if item.play else ""))
    return "\n".join(lines) + "\n"
