"""`playbook trend`: per team, the score, band and alignment at each checkpoint."""

from __future__ import annotations

from typing import Any

from playbook_cli.render.json_format import follow_up_data, json_text
from playbook_cli.render.markdown import escape as md_escape
from playbook_cli.render.markdown import follow_up_table
from playbook_cli.render.terminal import terminal_safe
from playbook_cli.render.text import follow_up_lines
from playbook_cli.trend import CHANGE_WORDS, TeamTrend

ARROWS = {None: " ", 1: "↑", 0: "→", -1: "↓"}


def trend_data(trends: list[TeamTrend]) -> list[dict[str, Any]]:
    return [
        {
            "team": t.team,
            "checklist": t.checklist.id,
            "checkpoints": [
                {
                    "date": p.date.isoformat(),
                    "respondents": len(p.result.respondents) if p.result.anonymous else p.result.respondents,
                    "score": p.result.score,
                    "band": p.result.band.id,
                    "alignment": p.result.alignment,
                    "blockers": [i.id for i in p.result.blockers],
                    "change": CHANGE_WORDS[p.direction],
                    "score_delta": p.score_delta,
                    "sections": [
                        {"id": s.id, "score": s.score, "delta": p.section_deltas.get(s.id)}
                        for s in p.result.sections
                    ],
                    "follow_up": None if p.follow_up is None else follow_up_data(p.follow_up),
                }
                for p in t.checkpoints
            ],
        }
        for t in trends
    ]


def _delta(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value:+d}" if value else "0"


# The formats of `playbook trend`, named in render.TREND_FORMATS (html: render.html.render_trend).

def render_json(trends: list[TeamTrend], **_: Any) -> str:
    return json_text(trend_data(trends))


def render_text(trends: list[TeamTrend], **_: Any) -> str:
    return _table(trends, markdown=False)


def render_markdown(trends: list[TeamTrend], **_: Any) -> str:
    return _table(trends, markdown=True)


def _table(trends: list[TeamTrend], markdown: bool) -> str:
    """A table per team, a row per checkpoint: in Markdown, or as text for a terminal."""
    out: list[str] = []
    for t in trends:
        sections = t.checklist.sections
        follow_ups = []
        if markdown:
            out += [f"## {md_escape(t.team)}: {md_escape(t.checklist.title)}", ""]
            out.append("| Date | Score | Change | Band | Alignment | "
                       + " | ".join(md_escape(s.title) for s in sections) + " |")
            out.append("|---|---:|---|---|---:|" + "---:|" * len(sections))
        else:
            out += [f"{t.team}: {t.checklist.title} ({t.checklist.id})"]
            band_width = max(len(b.label) for b in t.checklist.bands)
            out.append(f"  {'DATE':<10}  {'SCORE':>5}        {'BAND':<{band_width}}  ALIGN")
        for p in t.checkpoints:
            r = p.result
            align = "" if r.alignment is None else str(r.alignment)
            secs = [f"{s.score}{(' (' + _delta(p.section_deltas.get(s.id)) + ')') if p.section_deltas else ''}"
                    for s in r.sections]
            if markdown:
                out.append(f"| {p.date.isoformat()} | {r.score} | {ARROWS[p.direction]} {_delta(p.score_delta)} | "
                           f"{md_escape(r.band.label)} | {align} | " + " | ".join(secs) + " |")
                if p.follow_up:
                    follow_ups.append(p)
            else:
                out.append(f"  {p.date.isoformat():<10}  {r.score:>5} {ARROWS[p.direction]} "
                           f"{_delta(p.score_delta):>3}  {r.band.label:<{band_width}}  {align:>5}")
                named = [f"{s.title} {text}" for s, text in zip(r.sections, secs)]
                out.append("              " + ", ".join(named))
                if p.follow_up:
                    out.append("              Follow-up of the previous checkpoint's actions (then -> now):")
                    out += ["".join(part if isinstance(part, str) else part.text for part in line)
                            for line in follow_up_lines(p.follow_up, "                ")]
        for p in follow_ups:  # markdown: after the table, which a list would break
            out += ["", f"Follow-up at {p.date.isoformat()} of the previous checkpoint's actions:", ""]
            out += follow_up_table(p.follow_up)
        out.append("")
    # Text is for a terminal: each line made safe (render.terminal), the line breaks ours alone.
    return "\n".join(out if markdown else map(terminal_safe, out))
