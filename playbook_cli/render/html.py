"""HTML: one self-contained, printable file per report. No external assets.

Charts are inline SVG with text alternatives; every value from a checklist or
answers file is escaped.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from playbook_cli.model import Checklist, Result
from playbook_cli.render.json_format import FLAGGED_NOTE, number, respondent_names, shown_value
from playbook_cli.render.terminal import terminal_safe
from playbook_cli.trend import CHANGE_WORDS, TeamTrend


def escape(text: str) -> str:
    """Text as HTML text; control characters show as escapes (\\x1b), as in a terminal,
    since the page is printed to one when there is no -o."""
    return html.escape(terminal_safe(text, line_breaks=True))


CSS = """
:root { color-scheme: light; --ink:#1b1b1f; --muted:#4a4a55; --line:#c9c9d1; \
--good:#1a6b34; --warn:#8a5300; --bad:#a1161b; --bar:#2f4fa8; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); \
max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; } \
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
.facts { color: var(--muted); margin: 0 0 1rem; }
.verdict { font-size: 1.4rem; font-weight: 700; }
.band-top { color: var(--good); } .band-mid { color: var(--warn); } .band-low { color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; }
.unowned { color: var(--bad); font-weight: 700; }
svg text { font: 13px system-ui, sans-serif; fill: var(--ink); }
code { font-size: .9em; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr, svg { break-inside: avoid; } }
"""


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


def band_class(result: Result) -> str:
    bands = result.checklist.bands
    return "band-top" if result.band == bands[0] else "band-low" if result.band == bands[-1] else "band-mid"


def bar_chart(rows: list[tuple[str, int]], label: str) -> str:
    """Horizontal bars for values 0..100, with a text alternative."""
    height = 28 * len(rows) + 10
    parts = [f'<svg role="img" aria-labelledby="chart-sections-title" width="100%" viewBox="0 0 640 {height}" '
             f'preserveAspectRatio="xMinYMin meet">',
             f'<title id="chart-sections-title">{escape(label)}: ' +
             escape("; ".join(f"{name} {value}" for name, value in rows)) + "</title>"]
    for index, (name, value) in enumerate(rows):
        y = 10 + 28 * index
        parts.append(f'<text x="0" y="{y + 15}">{escape(name[:32])}</text>')
        parts.append(f'<rect x="260" y="{y}" width="300" height="18" fill="#e6e6ec"/>')
        parts.append(f'<rect x="260" y="{y}" width="{3 * value}" height="18" fill="#2f4fa8"/>')
        parts.append(f'<text x="570" y="{y + 15}">{value}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def spread_chart(result: Result, names: dict[str, str]) -> str:
    """For each misaligned item, a dot per respondent on a 0..1 scale."""
    rows = result.misaligned
    height = 34 * len(rows) + 30
    values = {"yes": 1, "partly": 0.5, "no": 0, "unknown": 0}
    alt = "; ".join(f"{m.item.id}: " + ", ".join(f"{names[w]} {a}" for w, a in m.answers) for m in rows)
    parts = [f'<svg role="img" aria-labelledby="chart-spread-title" width="100%" viewBox="0 0 640 {height}">',
             f'<title id="chart-spread-title">Spread of answers: {escape(alt)}</title>',
             '<text x="260" y="14">no / unknown</text><text x="520" y="14">yes</text>']
    for index, m in enumerate(rows):
        y = 30 + 34 * index
        parts.append(f'<text x="0" y="{y + 5}">{escape(m.item.id[:32])}</text>')
        parts.append(f'<line x1="270" y1="{y}" x2="550" y2="{y}" stroke="#8a8a96"/>')
        for who, answer in m.answers:
            if answer in values:
                x = 270 + 280 * values[answer]
                parts.append(f'<circle cx="{x}" cy="{y}" r="6" fill="#2f4fa8" fill-opacity="0.6">'
                             f"<title>{escape(names[who])}: {escape(answer)}</title></circle>")
    parts.append("</svg>")
    return "\n".join(parts)


def render_result(result: Result, anonymous: bool = False, follow_up=None, **_: Any) -> str:
    c = result.checklist
    names = respondent_names(result, anonymous)
    facts = [f"Checklist <code>{escape(c.id)}</code> version {c.version}"]
    if result.team:
        facts.append(f"Team {escape(result.team)}")
    facts.append("Respondents: " + escape(", ".join(names.values())))
    if result.date:
        facts.append(result.date.isoformat())
    facts.append(f"{result.answered} of {len(c.items)} answered")
    body = [f"<h1>{escape(c.title)}</h1>", f'<p class="facts">{" · ".join(facts)}</p>',
            f'<p class="verdict">Score {result.score}/100: '
            f'<span class="{band_class(result)}">{escape(result.band.label)}</span></p>']
    if result.alignment is not None:
        body.append(f"<p>Alignment {result.alignment}/100.</p>")
    if result.blockers:
        body.append("<h2>Blockers</h2><p>Critical items answered no, unknown or not at all. "
                    "While any remain, the result stays in the lowest band.</p><ul>")
        body += [f"<li>{escape(i.question)} (<code>{escape(i.id)}</code>)</li>" for i in result.blockers]
        body.append("</ul>")
    if result.unknown:
        body.append("<h2>Unknown</h2><p>Not knowing is a gap in shared understanding.</p><ul>")
        body += [f"<li>{escape(i.question)} (<code>{escape(i.id)}</code>)</li>" for i in result.unknown]
        body.append("</ul>")
    if result.misaligned:
        body.append("<h2>Misaligned</h2><p>People answered these far apart: talk before kickoff.</p>")
        body.append(spread_chart(result, names))
        body.append('<table><thead><tr><th scope="col">Item</th><th scope="col" class="num">Spread</th>'
                    '<th scope="col">Answers</th></tr></thead><tbody>')
        for m in result.misaligned:
            said = ", ".join(f"{escape(names[w])}: {escape(a)}" for w, a in m.answers)
            body.append(f"<tr><td>{escape(m.item.question)}</td><td class=\"num\">{number(m.spread)}</td>"
                        f"<td>{said}</td></tr>")
        body.append("</tbody></table>")
    body.append("<h2>Sections</h2>")
    body.append(bar_chart([(s.title, s.score) for s in result.sections], "Section scores out of 100"))
    body.append('<table><thead><tr><th scope="col">Section</th><th scope="col" class="num">Score</th></tr></thead>'
                "<tbody>")
    body += [f'<tr><td>{escape(s.title)}</td><td class="num">{s.score}</td></tr>' for s in result.sections]
    body.append("</tbody></table>")
    body.append("<h2>Action plan</h2>")
    if not result.gaps:
        body.append("<p>No gaps: every applicable item is a yes.</p>")
    else:
        body.append('<table><thead><tr><th scope="col" class="num">#</th><th scope="col">Gap</th>'
                    '<th scope="col" class="num">Value</th><th scope="col" class="num">Weight</th>'
                    '<th scope="col">Owner</th><th scope="col">Play</th></tr></thead><tbody>')
        for index, gap in enumerate(result.gaps, start=1):
            owner = escape(gap.owner) if gap.owner else '<span class="unowned">unowned</span>'
            if gap.due:
                owner += f" (due {gap.due.isoformat()})"
            body.append(f'<tr><td class="num">{index}</td><td>{escape(gap.item.question)}</td>'
                        f'<td class="num">{number(gap.value)}</td><td class="num">{gap.item.weight}</td>'
                        f"<td>{owner}</td><td>{escape(gap.item.play or '')}</td></tr>")
        body.append("</tbody></table>")
    if follow_up is not None:
        body.append("<h2>Follow-up</h2>"
                    "<p>The previous checkpoint's actions, and each item's team value then and now.</p>")
        body += _follow_up_table(follow_up) if follow_up else ["<p>The previous checkpoint recorded no actions.</p>"]
    return page(f"{c.title}: {result.score}/100", "\n".join(body))


def _follow_up_table(follow_up) -> list[str]:
    """The previous checkpoint's actions: owner, status, the item's value then and now."""
    rows = ['<table><thead><tr><th scope="col">Item</th><th scope="col">Owner</th>'
            '<th scope="col">Status</th><th scope="col" class="num">Then</th>'
            '<th scope="col" class="num">Now</th><th scope="col">Note</th></tr></thead><tbody>']
    for f in follow_up:
        rows.append(f"<tr><td>{escape(f.item.question)}</td><td>{escape(f.owner)}</td><td>{f.status}</td>"
                    f'<td class="num">{shown_value(f.before)}</td><td class="num">{shown_value(f.after)}</td>'
                    f"<td>{FLAGGED_NOTE if f.flagged else ''}</td></tr>")
    rows.append("</tbody></table>")
    return rows


def render_checklist(checklist: Checklist, **_: Any) -> str:
    body = [f"<h1>{escape(checklist.title)}</h1>",
            f'<p class="facts"><code>{escape(checklist.id)}</code> version {checklist.version}, '
            f"{len(checklist.items)} questions</p>"]
    if checklist.summary:
        body.append(f"<p>{escape(checklist.summary)}</p>")
    number_ = 0
    for section in checklist.sections:
        body.append(f"<h2>{escape(section.title)}</h2><ol start=\"{number_ + 1}\">")
        for item in section.items:
            number_ += 1
            marks = f"weight {item.weight}" + (", <strong>critical</strong>" if item.critical else "")
            play = f"<br>Play: {escape(item.play)}" if item.play else ""
            body.append(f"<li><strong>{escape(item.question)}</strong> ({marks})<br>{escape(item.why)}{play}</li>")
        body.append("</ol>")
    return page(checklist.title, "\n".join(body))


def render_listing(entries: list[tuple[Checklist, Path]], **_: Any) -> str:
    body = ["<h1>Checklists</h1>", '<table><thead><tr><th scope="col">Id</th><th scope="col">Title</th>'
            '<th scope="col" class="num">Questions</th></tr></thead><tbody>']
    body += [f'<tr><td><code>{escape(c.id)}</code></td><td>{escape(c.title)}</td><td class="num">{len(c.items)}</td>'
             "</tr>" for c, _ in entries]
    body.append("</tbody></table>")
    return page("Checklists", "\n".join(body))


def render_trend(trends: list[TeamTrend], **_: Any) -> str:
    body = ["<h1>Trend</h1>"]
    for index, t in enumerate(trends):
        body.append(f"<h2>{escape(t.team)}: {escape(t.checklist.title)}</h2>")
        points = t.checkpoints
        if len(points) > 1:
            width, height = 600, 160
            step = (width - 60) / (len(points) - 1)
            coords = [(40 + step * i, 10 + (height - 40) * (1 - p.result.score / 100)) for i, p in enumerate(points)]
            alt = "; ".join(f"{p.date.isoformat()} {p.result.score}" for p in points)
            body.append(f'<svg role="img" aria-labelledby="trend-{index}" width="100%" viewBox="0 0 {width} {height}">'
                        f'<title id="trend-{index}">Score over time: {escape(alt)}</title>'
                        f'<polyline fill="none" stroke="#2f4fa8" stroke-width="2" points="'
                        + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords) + '"/>'
                        + "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#2f4fa8"/>'
                                  f'<text x="{x - 10:.1f}" y="{height - 8}">{p.result.score}</text>'
                                  for (x, y), p in zip(coords, points))
                        + "</svg>")
        body.append('<table><thead><tr><th scope="col">Date</th><th scope="col" class="num">Score</th>'
                    '<th scope="col">Change</th><th scope="col">Band</th><th scope="col" class="num">Alignment</th>'
                    "</tr></thead><tbody>")
        for p in points:
            change = CHANGE_WORDS[p.direction]
            delta = f" ({p.score_delta:+d})" if p.score_delta else ""
            align = "" if p.result.alignment is None else str(p.result.alignment)
            body.append(f"<tr><td>{p.date.isoformat()}</td><td class=\"num\">{p.result.score}</td>"
                        f"<td>{change}{delta}</td><td>{escape(p.result.band.label)}</td>"
                        f"<td class=\"num\">{align}</td></tr>")
        body.append("</tbody></table>")
        for p in points:  # each checkpoint's follow-up of the actions recorded at the one before
            if p.follow_up:
                body.append(f"<h3>Follow-up at {p.date.isoformat()}</h3>")
                body += _follow_up_table(p.follow_up)
    return page("Trend", "\n".join(body))
