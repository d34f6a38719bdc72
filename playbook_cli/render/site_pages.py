"""Markdown for the site's generated pages: checklist pages, the index, play backlinks.

The MkDocs hook in docs/hooks/checklists.py only calls these. A checklist
page's body is exactly `playbook show ID --format markdown`.
"""

from __future__ import annotations

import json
from typing import Sequence

from playbook_cli.model import Checklist
from playbook_cli.render.markdown import escape, render_checklist

BACKLINKS_MARKER = "<!-- playbook:backlinks -->"


def _front_matter_text(text: str) -> str:
    # JSON strings are valid YAML: safe for any title or summary.
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def checklist_page(checklist: Checklist, play_titles: dict[str, str] | None = None) -> str:
    """The whole generated page docs/checklists/ID.md."""
    body = render_checklist(checklist, play_titles=play_titles, link_base="../")
    return (f"---\ntitle: {_front_matter_text(checklist.title)}\n"
            f"description: {_front_matter_text(checklist.summary[:160])}\n---\n\n"
            f"# {escape(checklist.title)}\n\n{body}")


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


def play_backlinks(checklists: Sequence[Checklist], play: str) -> str:
    """What replaces BACKLINKS_MARKER on a play page: the questions that point at it."""
    lines = []
    for checklist in checklists:
        using = [item for item in checklist.items if item.play == play]
        if not using:
            continue
        lines.append(f"- [{escape(checklist.title)}](../checklists/{checklist.id}.md):")
        lines += [f"    - [{escape(item.question)}](../checklists/{checklist.id}.md#{item.id})" for item in using]
    if not lines:
        return "No checklist points at this play yet."
    return "These checklist questions point here when a team answers them *no* or *partly*:\n\n" + "\n".join(lines)
