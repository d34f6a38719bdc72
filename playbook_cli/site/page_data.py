"""The data a checklist page carries for the browser: the checklist, and the rules as Python defines them.

The browser's scoring core (docs/javascripts/playbook-core.js) and answers
reader (docs/javascripts/playbook-answers.js) hold no rule of their own:
answer words and aliases, half-point values, the blocker and misalignment
thresholds, the keys and limits of an answers file all come from here, read
from the modules that define them for the command line. tests/cases/scoring.json
runs the same hand-computed cases against both cores.

The data sits in the page as `<script type="application/json">` blocks. In
the JSON every `<`, `>` and `&` is a \\u escape, so no text from a checklist
can close the element it sits in.
"""

from __future__ import annotations

import json

from playbook_cli import answers as answers_file
from playbook_cli import yamlsource
from playbook_cli.model import ACTION_STATUSES, ANONYMOUS_MIN_RESPONDENTS, ANSWER_WORDS, NOT_APPLICABLE, Checklist
from playbook_cli.scoring import HALVES

CHECKLIST_ELEMENT_ID = "playbook-checklist"
RULES_ELEMENT_ID = "playbook-rules"
TOP_GAPS = 5  # the gaps the form lists with an owner field; the rest are counted

# Thresholds of DESIGN.md's scoring, in half-points per respondent, as scoring.py applies them:
# a blocker's value is below 1/2, a misaligned item's spread is 1/2 or more, and alignment
# counts items that at least two respondents gave a value. tests/cases/scoring.json checks both cores.
BLOCKER_BELOW_HALVES = 1
MISALIGNED_SPREAD_HALVES = 1
ALIGNMENT_MIN_RESPONDENTS = 2

_JSON_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def rules_data() -> dict:
    """The rules of answers and scoring, as data for the browser."""
    # answers.py maps what people type to answer words; the ones that differ are aliases.
    aliases = {typed: word for typed, word in answers_file._EXACT_WORDS.items() if typed != word}
    return {
        "answerWords": list(ANSWER_WORDS),
        "aliases": aliases,
        "notApplicable": NOT_APPLICABLE,
        "halves": dict(HALVES),
        "blockerBelowHalves": BLOCKER_BELOW_HALVES,
        "misalignedSpreadHalves": MISALIGNED_SPREAD_HALVES,
        "alignmentMinRespondents": ALIGNMENT_MIN_RESPONDENTS,
        # Anonymous results with fewer respondents show neither counts nor notes (DESIGN.md).
        "anonymousMinRespondents": ANONYMOUS_MIN_RESPONDENTS,
        "topGaps": TOP_GAPS,
        "answersFile": {
            "keys": list(answers_file.TOP_KEYS),
            "required": [key for key, required in answers_file.TOP_KEYS.items() if required],
            "actionKeys": list(answers_file.ACTION_KEYS),  # in the order the CLI's hint lists them
            "actionStatuses": list(ACTION_STATUSES),  # the first is the default
            "maxBytes": yamlsource.MAX_BYTES,
            "maxDepth": yamlsource.MAX_DEPTH,
            "maxNodes": yamlsource.MAX_NODES,
            "maxText": getattr(yamlsource, "MAX_TEXT", None),  # characters, alias expansions counted
        },
    }


def checklist_data(checklist: Checklist, play_titles: dict[str, str] | None = None) -> dict:
    """What the browser needs to score one checklist: ids, weights, critical flags, sections, bands, plays.

    `play` is the play's path under docs/ (the page's own rendered link gives its URL); `why` is the
    prompt the team view's discussion shows; `anonymous`, whether team results may name anyone.
    """
    play_titles = play_titles or {}
    return {
        "id": checklist.id,
        "version": checklist.version,
        "title": checklist.title,
        # Team results never show who answered what (DESIGN.md, "Anonymous checklists").
        "anonymous": checklist.anonymous,
        "bands": [{"id": b.id, "label": b.label, "min": b.min} for b in checklist.bands],
        "sections": [{"id": s.id, "title": s.title, "items": [i.id for i in s.items]} for s in checklist.sections],
        "items": [
            {"id": i.id, "question": i.question, "why": i.why, "section": i.section_id, "weight": i.weight,
             "critical": i.critical, "play": i.play,
             "playTitle": (play_titles.get(i.play) or i.play) if i.play else None}
            for i in checklist.items
        ],
    }


def json_for_script(data) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` left as themselves."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return "".join(_JSON_UNSAFE.get(ch, ch) for ch in text)


def data_block(element_id: str, data) -> str:
    """A `<script type="application/json">` block, as raw HTML in a Markdown page."""
    return f'<script type="application/json" id="{element_id}">{json_for_script(data)}</script>'
