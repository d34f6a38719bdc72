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

CSS = """
:root { color-scheme: light dark; --ink:#1b1b1f; --muted:#4a4a55; --paper:#fff; --line:#9a9aa6; --head:#e9e9ef; }
@media (prefers-color-scheme: dark) { :root { --ink:#ececf1; --muted:#c3c3cd; --paper:#16161a; --line:#5d5d69; \
--head:#26262d; } }
* { box-sizing: border-box; }
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); \
background: var(--paper); margin: 1.5rem auto; padding: 0 1rem; max-width: 96rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; }
.facts, .read { color: var(--muted); max-width: 48rem; }
.read strong { color: var(--ink); }
.layout { display: flex; gap: 1.25rem; align-items: flex-start; }
.layout > aside { flex: 0 0 16rem; font-size: .95rem; }
.layout > .scroll { flex: 1 1 auto; min-width: 0; }
.scroll { overflow: auto; max-height: 80vh; border: 1px solid var(--line); }
.scroll:focus-visible { outline: 3px solid #2f6fde; outline-offset: 2px; }
table { border-collapse: separate; border-spacing: 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; padding: .4rem .5rem; font-weight: 600; caption-side: top; }
th, td { padding: .25rem .45rem; border-right: 1px solid var(--line); border-bottom: 1px solid var(--line); \
white-space: nowrap; }
thead th { position: sticky; top: 0; z-index: 2; background: var(--head); text-align: center; \
vertical-align: bottom; font-size: .85rem; }
tbody th { position: sticky; left: 0; z-index: 1; background: var(--paper); text-align: left; font-weight: 600; \
max-width: 14rem; overflow: hidden; text-overflow: ellipsis; }
thead th:first-child { left: 0; z-index: 3; text-align: left; }
td { text-align: right; }
td.c { text-align: center; min-width: 3.6rem; }
td small { font-size: .78em; margin-left: .15em; }
td.note { text-align: left; white-space: normal; min-width: 12rem; font-size: .9rem; }
.h0 { background: #e66101; color: #000; } .h1 { background: #fdb863; color: #000; } \
.h2 { background: #f7f7f7; color: #000; } .h3 { background: #b2abd2; color: #000; } \
.h4 { background: #5e3c99; color: #fff; } .na { background: var(--head); color: var(--ink); }
.legend { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; padding: 0; margin: .5rem 0; }
.legend li { padding: .1rem .45rem; border: 1px solid var(--line); font-size: .85rem; }
dl.items { font-size: .9rem; } dl.items dt { font-weight: 600; float: left; min-width: 2.5rem; clear: left; }
dl.items dd { margin: 0 0 .2rem 2.5rem; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 48rem) { .layout { display: block; } }
@media print {
  :root { --ink:#000; --muted:#333; --paper:#fff; --line:#777; --head:#eee; color-scheme: light; }
  body { margin: 0; max-width: none; font-size: 11px; }
  .layout { display: block; } .scroll { overflow: visible; max-height: none; border: 0; }
  thead th, tbody th { position: static; }
  td, th, .legend li { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr { break-inside: avoid; } h2 { break-after: avoid; }
}
"""


def bin_class(value: int | None) -> str:
    if value is None:
        return "na"
    return f"h{sum(1 for low, _, _ in BINS[1:] if value >= low)}"


def _column_head(short: str, full: str, items: bool) -> str:
    """A column heading; an item's number carries its id for screen readers, and its question as a tooltip."""
    from playbook_cli.render.html import escape

    hidden = f'<span class="vh"> {escape(full.split(":", 1)[0])}</span>' if items else ""
    return f'<th scope="col" title="{escape(full)}">{escape(short)}{hidden}</th>'


def _td(value: int | None, moved: str) -> str:
    text = "n/a" if value is None else str(value)
    small = f"<small>{moved}</small>" if moved else ""
    return f'<td class="c {bin_class(value)}">{text}{small}</td>'


def render_html(overview: Overview, **_: Any) -> str:
    """One self-contained page: per checklist, a heatmap table with a number in every cell."""
    from playbook_cli.render.html import escape

    title = "Overview: every team's latest checkpoint"
    body = [f"<h1>{escape(title)}</h1>",
            f'<p class="facts">As of {overview.as_of.isoformat()}. A team is stale when its latest checkpoint is '
            f"more than {overview.stale_after} days old.</p>"]
    if not overview.checklists:
        body.append("<p>No checkpoints.</p>")
    legend = "".join(f'<li class="h{index}">{low}–{BINS[index + 1][0] - 1 if index + 1 < len(BINS) else 100}</li>'
                     for index, (low, _, _) in enumerate(BINS)) + '<li class="na">n/a: not applicable</li>'
    for number, block in enumerate(overview.checklists, start=1):
        heads = columns(block, overview.items)
        caption_id = f"caption-{number}"
        body.append(f"<section aria-labelledby=\"heading-{number}\"><h2 id=\"heading-{number}\">"
                    f"{escape(block.checklist.title)}</h2>")
        body.append(f'<p class="facts">{escape(_heading(block, overview))}</p>')
        body.append('<div class="layout"><aside aria-label="How to read this table">'
                    f"<p><strong>How to read this.</strong> {escape(HOW_TO_READ)}</p>"
                    f"<p><strong>Why not to rank.</strong> {escape(WHY_NOT_RANK)}</p>"
                    f'<p>Colour scale, out of 100:</p><ul class="legend">{legend}</ul></aside>')
        body.append(f'<div class="scroll" tabindex="0" role="region" aria-labelledby="{caption_id}">'
                    f'<table><caption id="{caption_id}">{escape(block.checklist.title)}: each team\'s latest '
                    f"checkpoint, teams by name</caption><thead><tr>"
                    '<th scope="col">Team</th><th scope="col">Date</th><th scope="col">Respondents</th>'
                    '<th scope="col">Score</th>'
                    + "".join(_column_head(short, full, overview.items) for short, full in heads)
                    + '<th scope="col">Alignment</th><th scope="col">Open actions</th>'
                    '<th scope="col">Overdue</th><th scope="col">Notes</th></tr></thead><tbody>')
        rows = []
        for row in block.teams:
            shown = cells(row, overview.items)
            if shown or not overview.items:
                body_cells = "".join(_td(v, m) for v, m in shown)
            else:
                body_cells = f'<td class="c na" colspan="{len(heads)}">withheld</td>'
            rows.append(f'<tr><th scope="row">{escape(row.team)}</th><td>{row.date.isoformat()}</td>'
                        f"<td>{row.respondents}</td>{_td(row.score, movement(row.score, row.previous_score))}"
                        f"{body_cells}<td>{'–' if row.alignment is None else row.alignment}</td>"
                        f"<td>{row.open_actions}</td><td>{row.overdue_actions}</td>"
                        f'<td class="note">{escape("; ".join(notes(row, overview)))}</td></tr>')
        body.append("\n".join(rows))
        body.append("</tbody></table></div></div>")
        if overview.items:
            body.append('<details><summary>The items, by number</summary><dl class="items">'
                        + "".join(f"<dt>{escape(short)}</dt><dd>{escape(full)}</dd>" for short, full in heads)
                        + "</dl></details>")
        body.append("</section>")
    return _page(title, "\n".join(body))


def _page(title: str, body: str) -> str:
    from playbook_cli.render.html import escape

    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


OVERVIEW_FORMATS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
}


def render_overview(overview: Overview, fmt: str = "text", **options: Any) -> str:
    return OVERVIEW_FORMATS[fmt](overview, **options)
