"""Markdown: reports for a pull request or wiki, and the site's checklist pages.

Everything that comes from a checklist or answers file is escaped, so a
question containing `<script>` or `[link](javascript:...)` shows as text.
"""

from __future__ import annotations

import re
from typing import Any

from playbook_cli.model import Checklist, Result
from playbook_cli.render.json_format import (
    FLAGGED_NOTE,
    OTHER_NOTES_HEADING,
    OTHER_NOTES_NOTE,
    TALK_HEADING,
    TALK_NOTE,
    WITHHELD_NOTE,
    counts_text,
    respondent_names,
    respondents_text,
)
from playbook_cli.render.terminal import terminal_safe
from playbook_cli.render.values import answer_words, follow_up_values, percent, value_heading

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def escape(text: str) -> str:
    """Make arbitrary text literal in Markdown (and safe as HTML); control characters
    show as escapes (\\x1b), since a report is often printed to a terminal."""
    text = terminal_safe(" ".join(str(text).split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Python-Markdown (the site) has no backslash escape for "~" and would show "\~": use an entity.
    return _MD_SPECIAL.sub(r"\\\1", text).replace("~", "&#126;")


def play_link(play: str | None, play_titles: dict[str, str] | None, base: str) -> str:
    """A link to a play page, relative to where the page will live."""
    if not play:
        return ""
    title = (play_titles or {}).get(play) or play
    return f"[{escape(title)}]({base}{play})"


def report_play(play: str | None, play_titles: dict[str, str] | None, play_urls: dict[str, str] | None) -> str:
    """A report's play: its title, linked to the published page when the site's address is known."""
    if not play:
        return ""
    title = escape((play_titles or {}).get(play) or play)
    url = (play_urls or {}).get(play)
    return f"[{title}](<{url}>)" if url else title


def render_result(result: Result, link_base: str = "", play_titles=None, follow_up=None, play_urls=None,
                  **_: Any) -> str:
    c = result.checklist
    names = respondent_names(result)
    out = [f"## {escape(c.title)}: {result.score}/100, {escape(result.band.label)}", ""]
    facts = [f"**Checklist:** `{c.id}` version {c.version}"]
    if result.team:
        facts.append(f"**Team:** {escape(result.team)}")
    shown = respondents_text(result)
    facts.append(f"**Respondents:** {shown if result.anonymous else escape(shown)}")  # a count needs no escape
    if result.date:
        facts.append(f"**Date:** {result.date.isoformat()}")
    facts.append(f"**Answered:** {result.answered} of {len(c.items)}")
    if result.alignment is not None:
        facts.append(f"**Alignment:** {result.alignment}/100")
    out += [" · ".join(facts), ""]
    if result.details_withheld:
        out += [WITHHELD_NOTE, ""]
    if result.blockers:
        out += ["### Blockers", "", "Critical items answered no, unknown or not at all. "
                "While any remain, the result stays in the lowest band.", ""]
        out += [f"- **{escape(i.question)}** (`{i.id}`)" for i in result.blockers] + [""]
    if result.unknown and not result.details_withheld:
        out += ["### Unknown", "", "Not knowing is a gap in shared understanding.", ""]
        out += [f"- {escape(i.question)} (`{i.id}`)" for i in result.unknown] + [""]
    if result.misaligned:
        out += [f"### {TALK_HEADING}", "", TALK_NOTE, ""] + talk_table(result, names) + [""]
    out += ["### Sections", "", "| Section | Score |", "|---|---:|"]
    out += [f"| {escape(s.title)} | {s.score} |" for s in result.sections] + [""]
    out += ["### Action plan", ""]
    if not result.gaps:
        out += ["No gaps: every applicable item is a yes.", ""]
    else:
        # Below 3 anonymous respondents, no value column, and the gaps in the checklist's order (scoring.score).
        withheld = result.details_withheld
        value_column = "" if withheld else f" {value_heading(result)} |"
        out += [f"| # | Gap |{value_column} Weight | Owner | Play |",
                "|---:|---|" + ("" if withheld else "---|") + "---:|---|---|"]
        for index, gap in enumerate(result.gaps, start=1):
            owner = escape(gap.owner) if gap.owner else "**unowned**"
            if gap.due:
                owner += f" (due {gap.due.isoformat()})"
            value = "" if withheld else f" {answer_words(result, gap.item, gap.value)} |"
            out.append(f"| {index} | {escape(gap.item.question)} |{value} "
                       f"{gap.item.weight} | {owner} | {report_play(gap.item.play, play_titles, play_urls)} |")
        unowned = sum(1 for g in result.gaps if not g.owner)
        if unowned:
            out += ["", f"{unowned} of {len(result.gaps)} gaps have no owner. A gap everyone owns is owned by no one."]
        out.append("")
        noted = [g for g in result.gaps if g.note]
        if noted:
            out += ["#### Notes", ""]
            out += [f"- **{escape(g.item.question)}** {escape(g.note or '')}" for g in noted] + [""]
    if result.notes:
        out += [f"### {OTHER_NOTES_HEADING}", "", OTHER_NOTES_NOTE, ""]
        out += [f"- **{escape(item.question)}** {escape(note)}" for item, note in result.notes] + [""]
    if follow_up is not None:
        values = follow_up_values(result, follow_up)
        out += ["### Follow-up", "", "The previous checkpoint's actions"
                + (", and each item's team value then and now." if values else "."), ""]
        out += follow_up_table(follow_up, values) or ["The previous checkpoint recorded no actions."]
        out.append("")
    return "\n".join(out)


def talk_table(result: Result, names: dict[str, str]) -> list[str]:
    """The items answered far apart: spread, and who said what (anonymous: how many said each; below 3
    respondents, the questions only)."""
    if result.details_withheld:  # not even the spread: with two people it tells the other's answer
        return ["| Item |", "|---|"] + [f"| {escape(m.item.question)} |" for m in result.misaligned]
    out = [f"| Item | Spread | {'How many' if result.anonymous else 'Answers'} |", "|---|---|---|"]
    for m in result.misaligned:
        said = counts_text(m) if result.anonymous else ", ".join(f"{escape(names[w])}: {a}" for w, a in m.answers)
        out.append(f"| {escape(m.item.question)} | {percent(m.spread)} | {said} |")
    return out


def follow_up_table(entries, values: bool = True) -> list[str]:
    """The previous checkpoint's actions (actions.FollowUp) as a table; no lines when there are none.
    Without `values`, no Then and Now columns (json_format.follow_up_data: why)."""
    if not entries:
        return []
    values = values and not any(f.values_withheld for f in entries)
    out = ["| Item | Owner | Status |" + (" Then | Now |" if values else "") + " |",
           "|---|---|---|" + ("---:|---:|" if values else "") + "---|"]
    for f in entries:
        flag = f"**{FLAGGED_NOTE}**" if f.flagged else ""
        then_now = f" {percent(f.before)} | {percent(f.after)} |" if values else ""
        out.append(f"| {escape(f.item.question)} (`{f.item.id}`) | {escape(f.owner)} | {f.status} |"
                   f"{then_now} {flag} |")
    return out


def render_checklist(checklist: Checklist, play_titles: dict[str, str] | None = None,
                     link_base: str = "../", **_: Any) -> str:
    """The body of the checklist's page on the site (links relative to docs/checklists/)."""
    items = checklist.items
    critical = sum(1 for i in items if i.critical)
    out: list[str] = []
    if checklist.summary:
        out += [escape(checklist.summary), ""]
    out += [f"**{len(items)} questions** in {len(checklist.sections)} sections, "
            f"{critical} of them critical. Version {checklist.version}.", ""]
    out += ["## How it scores", "",
            "Answer each question *yes*, *partly*, *no*, *unknown* or *n/a*. "
            "Yes counts 1, partly 0.5, and no, unknown or no answer 0; n/a leaves the question out. "
            "The score is the weighted share of the points, from 0 to 100. "
            "A **critical** question answered no, unknown or not at all is a blocker, "
            "and keeps the result in the lowest band whatever the score.", "",
            "| Band | Score |", "|---|---|"]
    bands = checklist.bands
    for index, band in enumerate(bands):
        upper = 100 if index == 0 else bands[index - 1].min - 1
        out.append(f"| {escape(band.label)} (`{band.id}`) | {band.min}–{upper} |")
    out += ["", "Run it in a terminal, alone or one file per person for a team:", "",
            "```bash", f"playbook run {checklist.id} -o answers.yaml", "playbook score answers.yaml", "```", ""]
    number_ = 0
    for section in checklist.sections:
        out += [f"## {escape(section.title)}", ""]
        for item in section.items:
            number_ += 1
            marks = f"Weight {item.weight}" + (" · **Critical**" if item.critical else "")
            out.append(f"**{number_}. {escape(item.question)}**")
            out.append(f"{{: #{item.id} .playbook-question }}")
            out.append("")
            out.append(escape(item.why))
            out.append("")
            line = f"{marks} · id `{item.id}`"
            if item.play:
                line += f" · Play: {play_link(item.play, play_titles, link_base)}"
            out += [line, ""]
    return "\n".join(out)
