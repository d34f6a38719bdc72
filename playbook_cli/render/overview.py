"""`playbook overview`: every team's latest checkpoint side by side, as text, Markdown, JSON or HTML.

OVERVIEW_FORMATS feeds the command's `--format` choices. Every renderer takes
an `Overview` and shows its teams in the order it holds them (by name): no
renderer sorts, ranks or numbers teams. The command line imports this module
at start-up for the registry, so the renderers import what they need inside.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from playbook_cli.overview import ChecklistOverview, Overview, TeamRow

# What every format says beside the table: how to read it, and why not to rank.
HOW_TO_READ = (
    "Teams are listed by name. Each cell is a score out of 100 at the team's latest checkpoint, with its "
    "movement since the checkpoint before (↑ up, ↓ down, → the same; nothing at a first checkpoint). "
    "Read each row against the team's own past, not against the row above it.")
WHY_NOT_RANK = (
    "Do not rank teams by these numbers. The scores are a team's own honest view of itself, and ranking "
    "turns them into a grade: the next check gets rosier answers and stops telling anyone anything. "
    "Ask what a low or falling cell needs, and who will help.")
HIDDEN_NOTE = "anonymous checklist: per-item cells need at least 3 respondents"


def percent(value: Fraction) -> int:
    """A value 0..1 as a whole number out of 100, rounded half up, as scores are."""
    from playbook_cli.scoring import percent_half_up

    return percent_half_up(value.numerator, value.denominator)


def movement(now: int | None, before: int | None) -> str:
    """`↑5`, `↓3`, `→` (the same), or nothing at a first checkpoint."""
    if now is None or before is None:
        return ""
    delta = now - before
    return f"↑{delta}" if delta > 0 else f"↓{-delta}" if delta < 0 else "→"


def _item_numbers(row_cells) -> tuple[int | None, int | None]:
    value = None if row_cells.value is None else percent(row_cells.value)
    previous = None if row_cells.previous is None else percent(row_cells.previous)
    return value, previous


def cells(row: TeamRow, items: bool) -> list[tuple[int | None, str]]:
    """The row's cells, as (number out of 100 or None for n/a, movement), sections or items.

    An empty list for items withheld (anonymous, too few respondents).
    """
    if not items:
        return [(cell.score, movement(cell.score, cell.previous)) for cell in row.sections]
    out = []
    for cell in row.items or []:
        value, previous = _item_numbers(cell)
        out.append((value, movement(value, previous)))
    return out


def notes(row: TeamRow, overview: Overview) -> list[str]:
    """What to know before reading the row: stale, an older checklist version, cells withheld."""
    out = []
    if row.stale:
        out.append(f"stale: {row.age_days} days old")
    if row.outdated_version:
        versions = ", ".join(str(v) for v in row.versions)
        out.append(f"older checklist version ({versions}; now {row.result.checklist.version})")
    if row.items_hidden:
        out.append(HIDDEN_NOTE)
    return out


def columns(block: ChecklistOverview, items: bool) -> list[tuple[str, str]]:
    """(short heading, full name) of each cell column: sections by title, items by number."""
    if items:
        return [(str(number), f"{item.id}: {item.question}")
                for number, item in enumerate(block.checklist.items, start=1)]
    return [(section.title, section.title) for section in block.checklist.sections]


def _heading(block: ChecklistOverview, overview: Overview) -> str:
    c = block.checklist
    teams = len(block.teams)
    anonymous = " Anonymous checklist: team aggregates only." if block.anonymous else ""
    return (f"{c.title} ({c.id}, version {c.version}): {teams} team{'s' if teams != 1 else ''}, "
            f"as of {overview.as_of.isoformat()}.{anonymous}")


# -- JSON ------------------------------------------------------------------------------------

def overview_data(overview: Overview) -> dict[str, Any]:
    """The overview as plain data in DESIGN.md's shape; JSON prints it."""
    from playbook_cli.render.json_format import number

    def team(row: TeamRow) -> dict[str, Any]:
        data: dict[str, Any] = {
            "team": row.team,
            "date": row.date.isoformat(),
            "respondents": row.respondents,
            "score": row.score,
            "band": row.band.id,
            "previous_score": row.previous_score,
            "sections": [{"id": s.id, "title": s.title, "score": s.score, "previous": s.previous}
                         for s in row.sections],
        }
        if overview.items:
            data["items"] = None if row.items is None else [
                {"id": i.id, "value": number(i.value), "previous": number(i.previous)} for i in row.items]
        data.update({
            "alignment": row.alignment,
            "open_actions": row.open_actions,
            "overdue_actions": row.overdue_actions,
            "outdated_version": row.outdated_version,
            "stale_days": row.stale_days,
        })
        return data

    return {"checklists": [{"checklist": block.checklist.id, "version": block.checklist.version,
                            "teams": [team(row) for row in block.teams]} for block in overview.checklists]}


def render_json(overview: Overview, **_: Any) -> str:
    from playbook_cli.render.json_format import json_text

    return json_text(overview_data(overview))


# -- text ------------------------------------------------------------------------------------

def _cell_text(value: int | None, moved: str) -> str:
    return "n/a" if value is None else f"{value} {moved}".rstrip()


def render_text(overview: Overview, **_: Any) -> str:
    """A table per checklist, a row per team, lined up for a terminal."""
    from playbook_cli.render.terminal import pad, shown_width, terminal_safe, text_width, wrap

    out: list[str] = []
    for block in overview.checklists:
        heads = columns(block, overview.items)
        header = ["TEAM", "DATE", "RESP", "SCORE"] + [h for h, _ in heads] + ["ALIGN", "OPEN", "OVERDUE", "NOTES"]
        rows = []
        for row in block.teams:
            shown = cells(row, overview.items)
            body = [_cell_text(v, m) for v, m in shown] if shown or not overview.items else ["-"] * len(heads)
            rows.append([row.team, row.date.isoformat(), str(row.respondents),
                         _cell_text(row.score, movement(row.score, row.previous_score))] + body
                        + ["-" if row.alignment is None else str(row.alignment), str(row.open_actions),
                           str(row.overdue_actions), "; ".join(notes(row, overview))])
        widths = [max(shown_width(line[i]) for line in [header] + rows) for i in range(len(header))]
        out += [_heading(block, overview), ""]
        for line in [header] + rows:
            out.append("  ".join(pad(text, width) for text, width in zip(line, widths)).rstrip())
        if overview.items:
            out += ["", "Items:"] + [f"  {number:>3}  {name}" for number, name in heads]
        out += [""] + wrap(HOW_TO_READ, text_width()) + wrap(WHY_NOT_RANK, text_width()) + [""]
    return "\n".join(terminal_safe(line) for line in out)


# -- Markdown --------------------------------------------------------------------------------

# Inside a line, Markdown needs only these escaped: emphasis, code, links (an escaped "[" or "]" makes
# "(", ")" and "!" plain text), a table's "|", Python-Markdown's "{" attributes and the escape itself.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]|])")
# At the start of a line: a heading, a list item, a quote (">" is an entity already), a heading underline.
_MD_LINE_START = re.compile(r"^(#|[-+=]|\d+(?=[.)]))")


def markdown_escape(text: str) -> str:
    """Text literal in Markdown and safe as HTML, escaping only what Markdown reads in that position.

    Control characters show as escapes (\\x1b); a run of "#" at the end is
    escaped too, or a heading would drop it.
    """
    from playbook_cli.render.terminal import terminal_safe

    text = terminal_safe(" ".join(str(text).split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text).replace("~", "&#126;")  # Python-Markdown shows "\~": an entity
    text = re.sub(r"(#+)$", lambda m: "\\" + "\\".join(m.group(1)), text)
    match = _MD_LINE_START.match(text)
    if match and match.group(1)[0].isdigit():
        return text[:match.end()] + "\\" + text[match.end():]
    return _MD_LINE_START.sub(r"\\\1", text, count=1)


def render_markdown(overview: Overview, **_: Any) -> str:
    """A table per checklist, to paste into a wiki page or an issue."""
    out: list[str] = ["# Overview", "", f"_{markdown_escape(HOW_TO_READ)} {markdown_escape(WHY_NOT_RANK)}_", ""]
    for block in overview.checklists:
        heads = columns(block, overview.items)
        out += [f"## {markdown_escape(block.checklist.title)}", "", markdown_escape(_heading(block, overview)), ""]
        out.append("| Team | Date | Respondents | Score | " + " | ".join(markdown_escape(h) for h, _ in heads)
                   + " | Alignment | Open actions | Overdue | Notes |")
        out.append("|---|---|---:|---:|" + "---:|" * len(heads) + "---:|---:|---:|---|")
        for row in block.teams:
            shown = cells(row, overview.items)
            body = [_cell_text(v, m) for v, m in shown] if shown or not overview.items else ["–"] * len(heads)
            out.append(f"| {markdown_escape(row.team)} | {row.date.isoformat()} | {row.respondents} | "
                       f"{_cell_text(row.score, movement(row.score, row.previous_score))} | "
                       + "".join(f"{cell} | " for cell in body)
                       + f"{'–' if row.alignment is None else row.alignment} | {row.open_actions} | "
                       f"{row.overdue_actions} | {markdown_escape('; '.join(notes(row, overview)))} |")
        if overview.items:
            out += [""] + [f"{number}. {markdown_escape(name)}" for number, name in heads]
        out.append("")
    return "\n".join(out)


# -- HTML ------------------------------------------------------------------------------------

# A colour-blind-safe diverging scale (ColorBrewer's PuOr, 5 classes): orange for low, purple for
# high, told apart by lightness as well as hue, so it survives grey print; every cell also shows its number.
BINS = ((0, "#e66101", "#000"), (20, "#fdb863", "#000"), (40, "#f7f7f7", "#000"), (60, "#b2abd2", "#000"),
        (80, "#5e3c99", "#fff"))


def bin_class(value: int | None) -> str:
    if value is None:
        return "na"
    return f"h{sum(1 for low, _, _ in BINS[1:] if value >= low)}"


def _cell(value: int | None, moved: str) -> dict[str, Any]:
    return {"cls": bin_class(value), "text": "n/a" if value is None else str(value), "moved": moved}


def _row_view(row: TeamRow, overview: Overview) -> dict[str, Any]:
    shown = cells(row, overview.items)
    return {"team": row.team, "date": row.date.isoformat(), "respondents": row.respondents,
            "score": _cell(row.score, movement(row.score, row.previous_score)),
            # None: items withheld (anonymous, too few respondents), one cell across the item columns
            "cells": [_cell(v, m) for v, m in shown] if shown or not overview.items else None,
            "alignment": "–" if row.alignment is None else row.alignment,
            "open_actions": row.open_actions, "overdue_actions": row.overdue_actions,
            "notes": "; ".join(notes(row, overview))}


def render_html(overview: Overview, template_dir: Path | str | None = None, **_: Any) -> str:
    """One self-contained page (templates/report/overview.html): per checklist, a heatmap table with a
    number in every cell. A fork brands it as it does the other HTML reports."""
    from playbook_cli.render.html import render

    legend = [{"cls": f"h{index}", "text": f"{low}–{BINS[index + 1][0] - 1 if index + 1 < len(BINS) else 100}"}
              for index, (low, _, _) in enumerate(BINS)] + [{"cls": "na", "text": "n/a: not applicable"}]
    # An item's number carries its id for screen readers, and its question as a tooltip.
    blocks = [{"number": number, "title": block.checklist.title, "heading": _heading(block, overview),
               "columns": [{"short": short, "full": full, "id": full.split(":", 1)[0] if overview.items else None}
                           for short, full in columns(block, overview.items)],
               "rows": [_row_view(row, overview) for row in block.teams]}
              for number, block in enumerate(overview.checklists, start=1)]
    return render("overview.html", template_dir, title="Overview: every team's latest checkpoint",
                  as_of=overview.as_of.isoformat(), stale_after=overview.stale_after, items=overview.items,
                  legend=legend, blocks=blocks, how_to_read=HOW_TO_READ, why_not_rank=WHY_NOT_RANK)


OVERVIEW_FORMATS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
}


def render_overview(overview: Overview, fmt: str = "text", **options: Any) -> str:
    return OVERVIEW_FORMATS[fmt](overview, **options)
