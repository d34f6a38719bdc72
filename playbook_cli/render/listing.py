"""`playbook list`: the checklists found, as a table, markdown or json."""

from __future__ import annotations

import json
from pathlib import Path

from playbook_cli.model import Checklist
from playbook_cli.render.markdown import escape as md_escape


def render_listing(entries: list[tuple[Checklist, Path]], fmt: str) -> str:
    rows = [(c.id, c.title, len(c.items), str(path)) for c, path in entries]
    if fmt == "json":
        return json.dumps([{"id": i, "title": t, "items": n, "path": p} for i, t, n, p in rows],
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        out = ["| Checklist | Title | Questions |", "|---|---|---:|"]
        out += [f"| `{i}` | {md_escape(t)} | {n} |" for i, t, n, _ in rows]
        return "\n".join(out) + "\n"
    if fmt == "html":
        from playbook_cli.render.html import render_listing as html_listing

        return html_listing(rows)
    if not rows:
        return "No checklists found.\n"
    width = max(len(r[0]) for r in rows)
    title_width = max(len(r[1]) for r in rows)
    out = [f"{'ID':<{width}}  {'TITLE':<{title_width}}  ITEMS"]
    out += [f"{i:<{width}}  {t:<{title_width}}  {n:>5}" for i, t, n, _ in rows]
    return "\n".join(out) + "\n"
