"""Markdown for the site's generated pages: checklist pages, the checklists index, play backlinks.

A checklist page is front matter, the title, exactly `playbook show ID
--format markdown`, then the data the browser builds the form from (the
checklist and the rules, as JSON). A play's backlinks are a Markdown snippet
that the play page includes with a `--8<--` line (pymdownx.snippets), so
they need no hook in any engine.
"""

from __future__ import annotations

import json
import posixpath
from typing import Sequence

from playbook_cli.model import Checklist
from playbook_cli.render.markdown import escape, render_checklist
from playbook_cli.site.page_data import CHECKLIST_ELEMENT_ID, RULES_ELEMENT_ID, checklist_data, data_block, rules_data

CHECKLIST_PAGES = "checklists"  # under docs/: one page per checklist, and index.md
BACKLINKS_DIR = "generated/backlinks"  # under the project root, where pymdownx.snippets finds it


def _front_matter_text(text: str) -> str:
    # JSON strings are valid YAML: safe for any title or summary.
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def checklist_page(checklist: Checklist, play_titles: dict[str, str] | None = None) -> str:
    """The whole generated page docs/checklists/ID.md, with the form's data at the end."""
    body = render_checklist(checklist, play_titles=play_titles, link_base="../")
    return (f"---\ntitle: {_front_matter_text(checklist.title)}\n"
            f"description: {_front_matter_text(checklist.summary[:160])}\n---\n\n"
            f"# {escape(checklist.title)}\n\n{body}\n"
            f"{data_block(CHECKLIST_ELEMENT_ID, checklist_data(checklist, play_titles))}\n\n"
            f"{data_block(RULES_ELEMENT_ID, rules_data())}\n")


def checklists_index(checklists: Sequence[Checklist]) -> str:
    """docs/checklists/index.md: every checklist with its counts and summary."""
    rows = "\n".join(
        f"| [{escape(c.title)}]({c.id}.md) | {len(c.items)} | {sum(i.critical for i in c.items)} | {escape(c.summary)} |"
        for c in checklists
    )
    return (
        "---\ntitle: Checklists\ndescription: Every checklist in the playbook, with its questions and the plays behind them.\n---\n\n"
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
