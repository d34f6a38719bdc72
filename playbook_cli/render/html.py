"""HTML: one self-contained, printable file per report, from Jinja2 templates. No external assets.

The templates live in playbook_cli/templates/report/; a fork overrides any of
them (brand.html and brand.css are there for that) from the folder that its
playbook.toml names under `[reports] templates`. Python prepares the values a
person reads (play titles and links, answers as words or percentages), the
templates lay them out. Autoescaping is always on, and every value shows its
control characters as escapes (\\x1b), as in a terminal, since the page is
printed to one when there is no -o. Charts are inline SVG with text
alternatives. Jinja2 is imported here only: the other formats never load it.
"""

from __future__ import annotations

from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from playbook_cli.errors import PlaybookError, Problem
from playbook_cli.model import Checklist, Result
from playbook_cli.render.json_format import (
    FLAGGED_NOTE,
    OTHER_NOTES_HEADING,
    OTHER_NOTES_NOTE,
    TALK_HEADING,
    TALK_NOTE,
    WITHHELD_NOTE,
    respondents_text,
)
from playbook_cli.render.terminal import terminal_safe
from playbook_cli.render.trend import trend_chart
from playbook_cli.render.values import answer_words, percent, value_heading
from playbook_cli.trend import CHANGE_WORDS, TeamTrend

TEMPLATES = "report"  # the folder under playbook_cli/templates/


class TemplateError(PlaybookError):
    """A report template (a fork's override) that cannot be read or rendered."""


def escape(text: str) -> str:
    """Text as HTML text, control characters shown as escapes: for reports still built as strings."""
    return str(Markup.escape(terminal_safe(text, line_breaks=True)))


def _shown(value: Any) -> Any:
    """What `{{ value }}` prints before escaping: text with its control characters made visible."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return terminal_safe(value, line_breaks=True)
    return value


def environment(template_dir: Path | str | None = None) -> jinja2.Environment:
    """The report templates: a fork's folder first (if any), then the packaged ones.

    A fork's template can extend the packaged one of the same name as
    "playbook/NAME" (e.g. `{% extends "playbook/base.html" %}`).
    """
    packaged = jinja2.FileSystemLoader(str(resources.files("playbook_cli").joinpath("templates", TEMPLATES)))
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(template_dir))] if template_dir else []
    loaders += [jinja2.PrefixLoader({"playbook": packaged}), packaged]
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, finalize=_shown,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def render(name: str, template_dir: Path | str | None = None, **context: Any) -> str:
    """The template `name` rendered; a broken template is one `Error:` naming its file and line."""
    try:
        return environment(template_dir).get_template(name).render(**context)
    except jinja2.TemplateNotFound as error:
        where = str(template_dir) if template_dir else "playbook_cli/templates/report"
        raise TemplateError(Problem(where, None, None, f"report template not found: {error.name}",
                                    "copy the packaged template of that name, or remove the include")) from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(Problem(error.filename or error.name or name, error.lineno, None,
                                    f"report template: {error.message}")) from None
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, LookupError) as error:
        # A fork's template that uses a name or a value wrongly: one line, never a traceback.
        raise TemplateError(Problem(name, None, None, f"report template: {error}",
                                    "check the names your template uses against the packaged one")) from None


def band_class(result: Result) -> str:
    bands = result.checklist.bands
    return "band-top" if result.band == bands[0] else "band-low" if result.band == bands[-1] else "band-mid"


def play_view(play: str | None, play_titles: dict[str, str] | None, play_urls: dict[str, str] | None):
    """A play as the report shows it: its title, linked when the published site is known."""
    if not play:
        return None
    return {"title": (play_titles or {}).get(play) or play, "url": (play_urls or {}).get(play)}


def follow_up_rows(entries, values: bool = True) -> list[dict[str, Any]]:
    """The previous checkpoint's actions (actions.FollowUp), values in percent; without `values`,
    before and after are none and the table has no Then and Now (json_format.follow_up_data: why)."""
    values = values and not any(f.values_withheld for f in entries)
    return [{"question": f.item.question, "id": f.item.id, "owner": f.owner, "status": f.status,
             "before": percent(f.before) if values else None, "after": percent(f.after) if values else None,
             "flagged": FLAGGED_NOTE if f.flagged else ""}
            for f in entries]


# Where a misaligned item's answers sit on the scale (x in the chart's 320-wide box).
_SCALE_X = {"yes": 300, "partly": 160, "no": 20, "unknown": 20}
_SPREAD_WORDS = {Fraction(1): "the whole scale, no to yes", Fraction(1, 2): "half the scale"}


def respondent_names(result: Result, anonymous: bool = False) -> dict[str, str]:
    """How each respondent is shown: their label, "Respondent N" with --anonymous, none on an anonymous result."""
    if getattr(result, "anonymous", False):
        return {}
    if anonymous:
        return {name: f"Respondent {i}" for i, name in enumerate(result.respondents, start=1)}
    return {name: name for name in result.respondents}


def misaligned_view(result: Result, names: dict[str, str]) -> list[dict[str, Any]]:
    """Each misaligned item: its question, spread, who said what (or how many said each), and its chart's dots."""
    rows = []
    for m in result.misaligned:
        said = [(names[who], answer) for who, answer in m.answers]
        counts = getattr(m, "counts", ())
        answers = [answer for _, answer in said] if said else [word for word, n in counts for _ in range(n)]
        dots, placed = [], dict.fromkeys(_SCALE_X.values(), 0)
        for answer in answers:
            if answer in _SCALE_X:  # a dot per answer; the same answer again sits beside, towards the middle
                x = _SCALE_X[answer]
                dots.append({"x": x + (1 if x < 160 else -1) * 14 * placed[x], "y": 12})
                placed[x] += 1
        if said:
            text = ", ".join(f"{who}: {answer}" for who, answer in said)
        elif counts:
            text = "How many chose each answer: " + ", ".join(f"{word} {n}" for word, n in counts)
        else:  # an anonymous team too small for counts (a count would be a name): WITHHELD_NOTE says so once
            text = ""
        # Below 3 anonymous respondents, not even the spread: with two people it tells the other's answer.
        spread = None if result.details_withheld else _SPREAD_WORDS.get(m.spread) or percent(m.spread)
        rows.append({"question": m.item.question, "id": m.item.id, "spread": spread,
                     "said": text + "." if text else "", "alt": text, "dots": dots})
    return rows


def render_result(result: Result, anonymous: bool = False, follow_up=None, play_titles=None,
                  play_urls: dict[str, str] | None = None, template_dir: Path | str | None = None,
                  **_: Any) -> str:
    c = result.checklist
    names = respondent_names(result, anonymous)
    facts = [f"Checklist {c.id}, version {c.version}"]
    if result.team:
        facts.append(f"Team {result.team}")
    if names:
        facts.append(("Respondents: " if result.is_team else "Respondent: ") + ", ".join(names.values()))
    else:
        facts.append(f"Respondents: {respondents_text(result)}")
    if result.date:
        facts.append(result.date.isoformat())
    facts.append(f"{result.answered} of {len(c.items)} answered")
    withheld = result.details_withheld  # no per-item value: the column goes (and the gaps are in file order)
    gaps = [{"question": g.item.question, "id": g.item.id,
             "value": None if withheld else answer_words(result, g.item, g.value),
             "weight": g.item.weight, "owner": g.owner, "due": g.due.isoformat() if g.due else None,
             "note": g.note, "play": play_view(g.item.play, play_titles, play_urls)} for g in result.gaps]
    return render("score.html", template_dir, title=f"{c.title}: {result.score}/100", checklist=c, result=result,
                  facts=facts, band_class=band_class(result), misaligned=misaligned_view(result, names), gaps=gaps,
                  value_heading=None if withheld else value_heading(result),
                  talk_heading=TALK_HEADING, talk_note=TALK_NOTE,
                  withheld=WITHHELD_NOTE if withheld else None,
                  other_notes=[{"question": item.question, "id": item.id, "note": note} for item, note in result.notes],
                  other_notes_heading=OTHER_NOTES_HEADING, other_notes_note=OTHER_NOTES_NOTE,
                  unowned=sum(1 for g in result.gaps if not g.owner),
                  follow_up=None if follow_up is None else follow_up_rows(follow_up, not withheld))


def render_checklist(checklist: Checklist, play_titles=None, play_urls: dict[str, str] | None = None,
                     template_dir: Path | str | None = None, **_: Any) -> str:
    sections, start = [], 1
    for section in checklist.sections:
        items = [{"question": i.question, "why": i.why, "weight": i.weight, "critical": i.critical,
                  "play": play_view(i.play, play_titles, play_urls)} for i in section.items]
        sections.append({"title": section.title, "start": start, "questions": items})
        start += len(items)
    return render("checklist.html", template_dir, title=checklist.title, checklist=checklist, sections=sections)


def render_listing(entries: list[tuple[Checklist, Path]], template_dir: Path | str | None = None, **_: Any) -> str:
    return render("listing.html", template_dir, title="Checklists", checklists=[c for c, _ in entries])


def _trend_view(t: TeamTrend) -> dict[str, Any]:
    points = t.checkpoints
    # The chart (dated axes, band thresholds, thinned labels) is worked out with trend's other formats.
    view: dict[str, Any] = {"team": t.team, "checklist": t.checklist, "chart": trend_chart(t)}
    view["rows"] = [{"date": p.date.isoformat(), "score": p.result.score,
                     "change": CHANGE_WORDS[p.direction] + (f" ({p.score_delta:+d})" if p.score_delta else ""),
                     "band": p.result.band.label,
                     "alignment": "" if p.result.alignment is None else str(p.result.alignment),
                     "follow_up": follow_up_rows(p.follow_up, not p.result.details_withheld) if p.follow_up else None}
                    for p in points]
    return view


def render_trend(trends: list[TeamTrend], template_dir: Path | str | None = None, **_: Any) -> str:
    return render("trend.html", template_dir, title="Trend", trends=[_trend_view(t) for t in trends])
