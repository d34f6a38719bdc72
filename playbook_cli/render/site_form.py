"""The fill-in form on the site's checklist pages: answer radios, a live result, export and import.

The page body stays exactly `playbook show ID --format markdown`; this module
takes that body once it is HTML and turns each question into a `<fieldset>`
with five radio buttons and a note, adds the toolbar (team, name, export, import, clear)
and the result panel, and embeds the checklist as JSON for the browser.
docs/javascripts/checklist-form.js does the rest, scoring exactly as
playbook_cli.scoring does (tests/test_browser_form.py compares the two).

Everything taken from a checklist is escaped: HTML-escaped in markup, and in
the JSON block every `<`, `>` and `&` is a \\u escape, so no text can close
the <script> element it sits in.
"""

from __future__ import annotations

import json
import re
from html import escape

from playbook_cli.model import ANSWER_WORDS, Checklist, Item

DATA_ELEMENT_ID = "playbook-checklist"
TOP_GAPS = 5
ANSWER_LABELS = {"yes": "Yes", "partly": "Partly", "no": "No", "unknown": "Unknown", "n/a": "n/a"}

_QUESTION = '<p class="playbook-question" id="{id}">'
_SECTION_START = re.compile(r"<h2[ >]")
_JSON_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class FormError(ValueError):
    """The checklist page's HTML does not have the shape the form needs."""


def checklist_data(checklist: Checklist, play_urls: dict[str, str] | None = None,
                   play_titles: dict[str, str] | None = None) -> dict:
    """What the browser needs to score: ids, weights, critical flags, sections, bands, play links."""
    play_urls = play_urls or {}
    play_titles = play_titles or {}
    return {
        "id": checklist.id,
        "version": checklist.version,
        "title": checklist.title,
        "topGaps": TOP_GAPS,
        "bands": [{"id": b.id, "label": b.label, "min": b.min} for b in checklist.bands],
        "sections": [{"id": s.id, "title": s.title, "items": [i.id for i in s.items]} for s in checklist.sections],
        "items": [
            {"id": i.id, "question": i.question, "section": i.section_id, "weight": i.weight,
             "critical": i.critical, "play": play_urls.get(i.play) if i.play else None,
             "playTitle": (play_titles.get(i.play) or i.play) if i.play else None}
            for i in checklist.items
        ],
    }


def json_for_script(data) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` left as themselves."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(_JSON_UNSAFE.get(ch, ch) for ch in text)


def data_script(checklist: Checklist, play_urls=None, play_titles=None) -> str:
    return (f'<script type="application/json" id="{DATA_ELEMENT_ID}">'
            f"{json_for_script(checklist_data(checklist, play_urls, play_titles))}</script>")


def answer_choices(item_id: str) -> str:
    """The five answers for one question, as radio buttons named by the item id."""
    name = escape(item_id, quote=True)
    choices = []
    for word in ANSWER_WORDS:
        choices.append(
            f'<label class="playbook-answer playbook-answer--{word.replace("/", "")}">'
            f'<input type="radio" name="{name}" value="{escape(word, quote=True)}" autocomplete="off">'
            f"<span>{escape(ANSWER_LABELS[word])}</span></label>"
        )
    return '<div class="playbook-answers" data-search-exclude>' + "".join(choices) + "</div>"


# The form's own words are kept out of the site search (data-search-exclude). Material's search
# parser matches excluded elements by tag name, so an excluded element must not contain its own tag.


def toolbar(checklist: Checklist) -> str:
    """Who is answering, and export / import / clear. Hidden until the script runs."""
    return (
        '<section class="playbook-form" id="playbook-form" aria-labelledby="playbook-fill-in" data-search-exclude hidden>\n'
        '<h2 id="playbook-fill-in" data-search-exclude>Fill it in on this page</h2>\n'
        "<p>Choose an answer for each question, and add a note where it helps: the result at the bottom "
        "of the page updates as you go, and there you name an owner for each top gap. "
        "Your answers, notes and owners are kept in this browser only, for this version of the checklist. "
        "<strong>Export</strong> saves them as an answers file that "
        f"<code>playbook score</code> reads; <strong>Import</strong> loads one, for example from "
        f"<code>playbook run {escape(checklist.id)}</code>.</p>\n"
        '<div class="playbook-form__fields">'
        '<div class="playbook-form__field"><label for="playbook-team">Team (optional)</label>'
        '<input type="text" id="playbook-team" data-field-input="team" autocomplete="organization"></div>'
        '<div class="playbook-form__field"><label for="playbook-respondent">Your name (optional)</label>'
        '<input type="text" id="playbook-respondent" data-field-input="respondent" autocomplete="name"></div>'
        "</div>\n"
        '<div class="playbook-form__actions">'
        '<button type="button" class="md-button md-button--primary" data-action="export">Export answers file</button>'
        '<input type="file" id="playbook-import" class="playbook-form__file" data-action="import" '
        'accept=".yaml,.yml,text/yaml,application/x-yaml">'
        '<label for="playbook-import" class="md-button">Import answers file</label>'
        '<button type="button" class="md-button" data-action="reset">Clear all answers</button>'
        "</div>\n"
        '<div class="playbook-form__status" data-role="status" role="status" aria-live="polite"></div>\n'
        "</section>\n"
    )


def result_panel(checklist: Checklist) -> str:
    """The live result (filled in by the script) and a bar that keeps the score in view."""
    return (
        '<div class="playbook-scorebar" data-role="scorebar" data-search-exclude hidden>'
        '<p><span class="playbook-scorebar__score">Score <strong data-field="score">0</strong>/100</span> '
        '<span class="playbook-band" data-field="band"></span> '
        '<span data-field="progress"></span> '
        '<a href="#playbook-result">See the result</a></p></div>\n'
        '<section class="playbook-result" id="playbook-result" aria-labelledby="playbook-result-title" '
        'aria-live="polite" data-search-exclude hidden>\n'
        '<h2 id="playbook-result-title" data-search-exclude>Your result</h2>\n'
        '<p class="playbook-result__summary" aria-atomic="true">'
        '<span class="playbook-result__score">Score <strong data-field="score">0</strong>/100</span> '
        '<span class="playbook-band" data-field="band"></span> '
        '<span class="playbook-result__progress" data-field="progress"></span></p>\n'
        # Only the summary above is announced; the lists below change too much to read out on every click.
        '<div class="playbook-result__details" aria-live="off">\n'
        '<h3>Blockers</h3>\n'
        "<p>Critical questions answered no, unknown or not at all. "
        "While any remain, the result stays in the lowest band.</p>\n"
        '<ul class="playbook-result__list" data-list="blockers"></ul>\n'
        '<h3>Unknown</h3>\n'
        "<p>Not knowing is a gap in shared understanding.</p>\n"
        '<ul class="playbook-result__list" data-list="unknown"></ul>\n'
        '<h3>Sections</h3>\n'
        '<table data-role="sections"><thead><tr><th scope="col">Section</th>'
        '<th scope="col">Score</th></tr></thead><tbody data-list="sections"></tbody></table>\n'
        "<h3>Top gaps</h3>\n"
        f"<p>The {TOP_GAPS} biggest: weight times what is missing. Each links to the play that closes it. "
        "Name an owner for each, and a date if you can: a gap that everyone owns is owned by no one.</p>\n"
        '<ol class="playbook-result__list" data-list="gaps"></ol>\n'
        "</div>\n</section>\n"
    )


def add_form(content: str, checklist: Checklist, play_urls: dict[str, str] | None = None,
             play_titles: dict[str, str] | None = None) -> str:
    """The checklist page's HTML with the form added. Raises FormError if a question is missing."""
    items = checklist.items
    starts = []
    for item in items:
        start = content.find(_QUESTION.format(id=escape(item.id, quote=True)))
        if start == -1:
            raise FormError(f"checklist page '{checklist.id}': question '{item.id}' not found in the rendered page")
        starts.append(start)
    if starts != sorted(starts):
        raise FormError(f"checklist page '{checklist.id}': questions are not in file order")

    out = []
    # The toolbar goes before the first section's heading.
    first_heading = content.rfind("<h2", 0, starts[0])
    if first_heading == -1:
        raise FormError(f"checklist page '{checklist.id}': no section heading before the first question")
    out.append(content[:first_heading])
    out.append(toolbar(checklist))
    position = first_heading
    for index, (item, start) in enumerate(zip(items, starts)):
        out.append(content[position:start])
        end = _item_end(content, start, starts[index + 1] if index + 1 < len(starts) else len(content))
        out.append(_fieldset(item, content[start:end]))
        position = end
    out.append(content[position:])
    out.append(result_panel(checklist))
    out.append(data_script(checklist, play_urls, play_titles))
    return "".join(out)


def _item_end(content: str, start: int, limit: int) -> int:
    """Where one question's block (question, why, weight line) ends: the next question or section."""
    heading = _SECTION_START.search(content, start, limit)
    end = heading.start() if heading else limit
    # Keep trailing whitespace outside the fieldset.
    while end > start and content[end - 1].isspace():
        end -= 1
    return end


def note_field(item: Item) -> str:
    """A note on one question: a textarea in a closed <details>, shown by the script, exported under `notes:`."""
    item_id = escape(item.id, quote=True)
    return (f'<details class="playbook-note" data-search-exclude hidden><summary>Note</summary>'
            f'<textarea id="playbook-note-{item_id}" class="playbook-note__input" data-note="{item_id}" rows="3" '
            f'aria-label="{escape("Note on: " + item.question, quote=True)}"></textarea></details>')


def _fieldset(item: Item, block: str) -> str:
    """One question's rendered block as a fieldset: the question is the legend, then why, weight, radios, note."""
    item_id = item.id
    opening = _QUESTION.format(id=escape(item_id, quote=True))
    close = block.find("</p>")
    if not block.startswith(opening) or close == -1:
        raise FormError(f"question '{item_id}' is not a paragraph of its own")
    question = block[len(opening):close]
    rest = block[close + len("</p>"):]
    return (f'<fieldset class="playbook-item" id="{escape(item_id, quote=True)}" data-item="{escape(item_id, quote=True)}">'
            f'<legend class="playbook-question">{question}</legend>{rest}\n{answer_choices(item_id)}'
            f"{note_field(item)}</fieldset>")
