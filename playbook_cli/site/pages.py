"""Markdown for the site's generated pages and snippets: checklist pages, the checklists index,
play cards, play backlinks, the plays index's cards and template previews.

A checklist page is front matter, the title, exactly `playbook show ID
--format markdown`, then the data the browser builds the form from (the
checklist and the rules, as JSON). Everything else is a Markdown snippet that
a hand-written page includes with a `--8<--` line (pymdownx.snippets), so it
needs no hook and no theme in any engine: a play's card (from its front
matter) after its title and its backlinks under "Checklists that use it", the
cards on the plays index, and the rendered preview of a template.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from collections.abc import Sequence

from playbook_cli.model import Checklist
from playbook_cli.render.markdown import escape, render_checklist
from playbook_cli.site.page_data import CHECKLIST_ELEMENT_ID, RULES_ELEMENT_ID, checklist_data, data_block, rules_data

CHECKLIST_PAGES = "checklists"  # under docs/: one page per checklist, and index.md
BACKLINKS_DIR = "generated/backlinks"  # under the project root, where pymdownx.snippets finds it
CARDS_DIR = "generated/cards"  # a play's card, by its path under docs/
PLAYS_INDEX_SNIPPET = "generated/plays-index.md"  # the cards on plays/index.md
PREVIEWS_DIR = "generated/previews"  # a template page's rendered template, by its path under docs/
DOWNLOADS_DIR = "downloads"  # under docs/: each template's Markdown, to download
# The order of the phases on the plays index; a phase a fork adds comes after them.
PHASES = ("Discovery", "Kickoff", "Delivery", "Launch", "Run", "Any")


def _front_matter_text(text: str) -> str:
    # JSON strings are valid YAML: safe for any title or summary.
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


# The headings the form and its result are built under (docs/javascripts/checklist-form.js finds
# them by these ids): in the Markdown, so that every engine lists them in the table of contents,
# and with what to do without JavaScript under each.
FORM_HEADING_ID = "fill-it-in"
RESULT_HEADING_ID = "your-result"


def _form_section(checklist: Checklist) -> str:
    return (f"## Fill it in on this page {{ #{FORM_HEADING_ID} }}\n\n"
            "Answer the questions below and your result builds up at the bottom of the page, "
            "in your browser: nothing is sent anywhere. The form needs JavaScript; without it, "
            f"run the checklist in a terminal with `playbook run {checklist.id} -o answers.yaml`, "
            "or print this page and answer on paper.\n{: .playbook-nojs }\n\n")


def _result_section() -> str:
    return (f"## Your result {{ #{RESULT_HEADING_ID} }}\n\n"
            "Your score, band, blockers and top gaps show here as you answer, when JavaScript is on.\n"
            "{: .playbook-nojs }\n\n")


def checklist_page(checklist: Checklist, play_titles: dict[str, str] | None = None, hidden: bool = False) -> str:
    """The whole generated page docs/checklists/ID.md, with the form's data at the end.

    The rendered checklist gets two sections of the page's own: "Fill it in on
    this page" before its first section of questions, and "Your result" after
    the last question. A checklist the fork's playbook.toml hides keeps its
    page (links to it hold) but out of the site search.
    """
    body = render_checklist(checklist, play_titles=play_titles, link_base="../")
    first = f"\n## {escape(checklist.sections[0].title)}\n" if checklist.sections else None
    after = body.find("\n## How it scores\n")
    at = body.find(first, max(after, 0)) if first else -1
    if at == -1:  # no section heading found: the form goes after the whole body
        body = body + "\n" + _form_section(checklist)
    else:
        body = body[:at + 1] + _form_section(checklist) + body[at + 1:]
    return (f"---\ntitle: {_front_matter_text(checklist.title)}\n"
            f"description: {_front_matter_text(checklist.summary[:160])}\n"
            + ("search:\n  exclude: true\n" if hidden else "") + "---\n\n"
            f"# {escape(checklist.title)}\n\n{body}\n{_result_section()}"
            f"{data_block(CHECKLIST_ELEMENT_ID, checklist_data(checklist, play_titles))}\n\n"
            f"{data_block(RULES_ELEMENT_ID, rules_data())}\n")


def checklists_index(checklists: Sequence[Checklist]) -> str:
    """docs/checklists/index.md: every checklist with its counts and summary."""
    rows = "\n".join(
        f"| [{escape(c.title)}]({c.id}.md) | {len(c.items)} | {sum(i.critical for i in c.items)} "
        f"| {escape(c.summary)} |"
        for c in checklists
    )
    return (
        "---\ntitle: Checklists\n"
        "description: Every checklist in the playbook, with its questions and the plays behind them.\n---\n\n"
        "# Checklists\n\n"
        "Each checklist is one YAML file in `checklists/`: the same file drives these pages and the "
        "`playbook` command. Run one in a terminal with `playbook run ID -o answers.yaml`, "
        "or fill it in on its page here and export the answers file.\n\n"
        "| Checklist | Questions | Critical | When to use it |\n|---|---:|---:|---|\n" + rows + "\n"
    )


def backlinks_snippet(play: str) -> str:
    """Where the backlinks of the play page `play` (a path under docs/) are written, from the project root."""
    return f"{BACKLINKS_DIR}/{play}"


def backlinks_include(play: str) -> str:
    """The line a play page carries under 'Checklists that use it' to show its backlinks."""
    return f'--8<-- "{backlinks_snippet(play)}"'


def play_backlinks(checklists: Sequence[Checklist], play: str) -> str:
    """The snippet a play page includes: the checklist questions that point at it."""
    base = posixpath.relpath(CHECKLIST_PAGES, posixpath.dirname(play) or ".")
    lines = []
    for checklist in checklists:
        using = [item for item in checklist.items if item.play == play]
        if not using:
            continue
        page = f"{base}/{checklist.id}.md"
        lines.append(f"- [{escape(checklist.title)}]({page}):")
        lines += [f"    - [{escape(item.question)}]({page}#{item.id})" for item in using]
    if not lines:
        return "No checklist points at this play yet.\n"
    return ("These checklist questions point here when a team answers them *no* or *partly*:\n\n"
            + "\n".join(lines) + "\n")


# -- play cards ---------------------------------------------------------------------------

def card_snippet(play: str) -> str:
    """Where the card of the play page `play` (a path under docs/) is written, from the project root."""
    return f"{CARDS_DIR}/{play}"


def card_include(play: str) -> str:
    """The line a play page carries right after its title to show its card."""
    return f'--8<-- "{card_snippet(play)}"'


def _text(value) -> str:
    """A front-matter value as one line of text (a list joined by commas)."""
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    return " ".join(str(value).split())


def _date(value) -> str:
    """A `last_reviewed` value as a <time> element when it is a date, else as text."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f'<time datetime="{value.isoformat()}">{value.day} {value:%B} {value.year}</time>'
    try:
        return _date(dt.date.fromisoformat(_text(value)))
    except ValueError:
        return html.escape(_text(value))


def _present(meta: dict, key: str) -> bool:
    value = meta.get(key)
    return value is not None and value != "" and value != []


def play_card(meta: dict) -> str:
    """The card at the top of a play page: time, people, phase, difficulty, what to prepare, owner, review date.

    Raw HTML, every value escaped, so that each engine's Markdown passes it through
    as it is; fields the front matter lacks are left out (difficulty and materials
    are optional).
    """
    facts = []
    for key, label in (("time", "Time"), ("people", "People"), ("phase", "Phase"), ("difficulty", "Difficulty")):
        if _present(meta, key):
            facts.append(f'<div class="playbook-card__fact playbook-card__fact--{key}">'
                         f"<dt>{label}</dt><dd>{html.escape(_text(meta[key]))}</dd></div>")
    if _present(meta, "materials"):
        materials = meta["materials"] if isinstance(meta["materials"], list) else [meta["materials"]]
        items = "".join(f"<li>{html.escape(_text(m))}</li>" for m in materials)
        facts.append(f'<div class="playbook-card__fact playbook-card__fact--materials">'
                     f"<dt>What to prepare</dt><dd><ul>{items}</ul></dd></div>")
    if _present(meta, "owner"):
        facts.append('<div class="playbook-card__fact playbook-card__fact--owner">'
                     f"<dt>Owner</dt><dd>{html.escape(_text(meta['owner']))}</dd></div>")
    if _present(meta, "last_reviewed"):
        facts.append('<div class="playbook-card__fact playbook-card__fact--reviewed">'
                     f"<dt>Last reviewed</dt><dd>{_date(meta['last_reviewed'])}</dd></div>")
    if not facts:
        return "\n"
    # Kept out of the site search: its words say nothing about the page, and run together there.
    # (Material's search ends an exclusion at the first closing tag of the same name: no nested <dl>.)
    return '<dl class="playbook-card" data-search-exclude>\n' + "\n".join(facts) + "\n</dl>\n"


def plays_index(plays: Sequence[tuple[str, dict]]) -> str:
    """The cards on plays/index.md: one per play (its docs-relative path and front matter), by phase.

    Each card carries its phase and tags as data attributes, which the page's
    filter (docs/javascripts/play-filter.js) reads; without the script every
    card shows. Links are relative to plays/index.md.
    """
    def order(entry):
        phase = _text(entry[1].get("phase", ""))
        return (PHASES.index(phase) if phase in PHASES else len(PHASES), phase, _text(entry[1].get("title", "")))

    cards = []
    for play, meta in sorted(plays, key=order):
        title = _text(meta.get("title") or posixpath.basename(play))
        tags: list = meta["tags"] if isinstance(meta.get("tags"), list) else []
        phase = _text(meta.get("phase", ""))
        link = posixpath.relpath(play, "plays")
        facts = [f"{label}: {escape(_text(meta[key]))}" for key, label in
                 (("phase", "Phase"), ("time", "Time"), ("difficulty", "Difficulty")) if _present(meta, key)]
        lines = [f'<div class="playbook-play" data-phase="{html.escape(phase)}" '
                 f'data-tags="{html.escape(" ".join(_text(t) for t in tags))}" data-search-exclude="" markdown>', "",
                 f"## [{escape(title)}]({link}) {{ data-search-exclude=\"\" }}", ""]
        if _present(meta, "description"):
            lines += [escape(_text(meta["description"])), ""]
        if facts:
            lines += ["<br>".join(facts), "{: .playbook-play__facts }", ""]
        if tags:
            lines += ["Tags: " + ", ".join(escape(_text(t)) for t in tags), "{: .playbook-play__tags }", ""]
        lines += ["</div>", ""]
        cards.append("\n".join(lines))
    # Each card, and its heading, is kept out of the site search, which finds the play on its own page.
    return '<div class="playbook-plays" markdown>\n\n' + "\n".join(cards) + "</div>\n"


# -- template previews ----------------------------------------------------------------------

def preview_snippet(page: str) -> str:
    """Where the preview of the template page `page` (a path under docs/) is written, from the project root."""
    return f"{PREVIEWS_DIR}/{page}"


def preview_include(page: str) -> str:
    """The line a template page carries under '## Template' to show the template rendered, with a download."""
    return f'--8<-- "{preview_snippet(page)}"'


def download_path(page: str) -> str:
    """Where a template page's Markdown is published for download, under docs/."""
    return f"{DOWNLOADS_DIR}/{posixpath.splitext(page)[0]}.md.txt"


_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(markdown|md)\s*$")
_BLOCK_START = re.compile(r"^(#{1,6} |\||[-*+] |\d+[.)] |>|\s)")


def template_markdown(body: str) -> str | None:
    """The first ```markdown block under a page's '## Template' heading, or None."""
    lines = body.splitlines()
    try:
        start = lines.index("## Template")
    except ValueError:
        return None
    for index in range(start + 1, len(lines)):
        if lines[index].startswith("## "):
            return None
        fence = _FENCE.match(lines[index])
        if fence:
            closing = fence.group(1)[0]
            block: list[str] = []
            for line in lines[index + 1:]:
                if line.startswith(closing * len(fence.group(1))) and not line.strip(closing):
                    return "\n".join(block) + "\n"
                block.append(line)
            return None
    return None


def template_preview(markdown: str, page: str) -> str:
    """A template rendered as the wiki it is pasted into would show it, under a download link.

    The template's own headings sit under the page's '## Template': they become
    headings of level 3 to 6 for assistive technology (role="heading"), kept out of
    the page's table of contents. Its lines keep their breaks, as they read in the
    block below.
    """
    name = posixpath.basename(posixpath.splitext(page)[0]) + ".md"
    href = posixpath.relpath(download_path(page), posixpath.dirname(page) or ".")
    out = []
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        heading = re.match(r"^(#{1,6}) +(.*?)\s*#*\s*$", line)
        if heading:
            level = min(len(heading.group(1)) + 2, 6)
            out += ["", escape(heading.group(2)),
                    f'{{: .playbook-template__heading .playbook-template__heading--{level} '
                    f'role="heading" aria-level="{level}" }}', ""]
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        # A line of plain text followed by another keeps its break (two trailing spaces).
        if line.strip() and following.strip() and not _BLOCK_START.match(line) and not _BLOCK_START.match(following):
            line += "  "
        out.append(line)
    body = "\n".join(out).strip("\n")
    return (f'[Download {escape(name)}]({href}){{ .md-button download="{html.escape(name)}" }}\n'
            "{: .playbook-template__download }\n\n"
            '<div class="playbook-template" data-search-exclude="" markdown>\n\n' + body + "\n\n</div>\n\n"
            "The same template in Markdown, to copy into your wiki or repository:\n")
