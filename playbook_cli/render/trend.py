"""`playbook trend`: per team, the score, band and alignment at each checkpoint."""

from __future__ import annotations

from typing import Any

from playbook_cli.render.json_format import follow_up_data, json_text
from playbook_cli.render.markdown import escape as md_escape
from playbook_cli.render.markdown import follow_up_table
from playbook_cli.render.terminal import terminal_safe
from playbook_cli.render.text import follow_up_lines
from playbook_cli.render.values import follow_up_values
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
                    "follow_up": None if p.follow_up is None
                    else follow_up_data(p.follow_up, values=not p.result.details_withheld),
                }
                for p in t.checkpoints
            ],
        }
        for t in trends
    ]


# The chart of `trend --format html`, in the SVG's own units: the viewBox scales to the page's width.
CHART_WIDTH, CHART_HEIGHT = 600, 200
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 44, 590, 26, 164
SCORE_TICKS = (0, 25, 50, 75, 100)
# A date label's width at the largest font the stylesheet gives the chart's text (on a phone), plus a gap:
# labels this far apart never overlap, so the ones between are left out (each checkpoint keeps its tick).
DATE_LABEL_WIDTH, DATE_LABEL_GAP = 112, 14
SCORE_LABEL_WIDTH = 40  # a score above its point: "100" with room on either side


def _fits(spans: list[tuple[float, float]], span: tuple[float, float], gap: float) -> bool:
    return all(span[0] >= end + gap or span[1] + gap <= start for start, end in spans)


def trend_chart(t: TeamTrend) -> dict[str, Any] | None:
    """One team's score over time as an SVG chart's parts, or None below two checkpoints.

    x is the date, spaced by the days between checkpoints; y is the score, 0 at the bottom and
    100 at the top. Date labels and scores above the points are thinned so that none overlap:
    the first and the latest always show, and `points` carries every date and score in words.
    """
    points = t.checkpoints
    if len(points) < 2:
        return None
    first, last = points[0].date, points[-1].date
    days = (last - first).days
    width, height = PLOT_RIGHT - PLOT_LEFT, PLOT_BOTTOM - PLOT_TOP

    def y(score: float) -> float:
        return round(PLOT_BOTTOM - height * score / 100, 1)

    xs = [round(PLOT_LEFT + width * (p.date - first).days / days, 1) for p in points]

    def span(i: int, label: float) -> tuple[float, float]:
        # The first label starts at its point and the latest ends at its own, so both stay inside the chart.
        if i == 0:
            return xs[i], xs[i] + label
        if i == len(points) - 1:
            return xs[i] - label, xs[i]
        return xs[i] - label / 2, xs[i] + label / 2

    def thinned(label: float, gap: float) -> set[int]:
        # The first and the latest always; then from the left, each one that overlaps none shown so far.
        shown = [0, len(points) - 1]
        for i in range(1, len(points) - 1):
            if _fits([span(j, label) for j in shown], span(i, label), gap):
                shown.append(i)
        return set(shown)

    dated, scored = thinned(DATE_LABEL_WIDTH, DATE_LABEL_GAP), thinned(SCORE_LABEL_WIDTH, 0)
    # A score lower than its neighbours is labelled below its point, off the line; never down on the dates.
    scores = [p.result.score for p in points]
    dips = {i for i in range(1, len(points) - 1) if scores[i - 1] > scores[i] < scores[i + 1] and scores[i] >= 20}
    last_index = len(points) - 1
    return {
        "width": CHART_WIDTH, "height": CHART_HEIGHT,
        "left": PLOT_LEFT, "right": PLOT_RIGHT, "top": PLOT_TOP, "bottom": PLOT_BOTTOM,
        "line": " ".join(f"{x},{y(p.result.score)}" for x, p in zip(xs, points)),
        "score_ticks": [{"y": y(s), "label": s} for s in SCORE_TICKS],
        "bands": [{"y": y(b.min), "label": b.label, "min": b.min}
                  for b in t.checklist.bands if 0 < b.min <= 100],
        "points": [{"x": x, "y": y(p.result.score), "date": p.date.isoformat(), "score": p.result.score,
                    "band": p.result.band.label, "dated": i in dated, "scored": i in scored,
                    "label_y": round(y(p.result.score) + (21 if i in dips else -9), 1),
                    "anchor": "start" if i == 0 else "end" if i == last_index else "middle"}
                   for i, (x, p) in enumerate(zip(xs, points))],
        "summary": (f"Score out of 100 at {len(points)} checkpoints from {first.isoformat()} to {last.isoformat()}, "
                    f"spaced by date; latest {points[-1].result.score} ({points[-1].result.band.label})"),
    }


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
                    values = follow_up_values(r, p.follow_up)  # json_format.follow_up_data: why
                    out.append("              Follow-up of the previous checkpoint's actions"
                               + (" (then -> now):" if values else ":"))
                    out += ["".join(part if isinstance(part, str) else part.text for part in line)
                            for line in follow_up_lines(p.follow_up, "                ", values)]
        for p in follow_ups:  # markdown: after the table, which a list would break
            out += ["", f"Follow-up at {p.date.isoformat()} of the previous checkpoint's actions:", ""]
            out += follow_up_table(p.follow_up, not p.result.details_withheld)
        out.append("")
    # Text is for a terminal: each line made safe (render.terminal), the line breaks ours alone.
    return "\n".join(out if markdown else map(terminal_safe, out))
