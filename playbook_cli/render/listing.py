"""`playbook list`: the checklists found, as a table, markdown or json (html: render.html).

The functions are named in render.LISTING_FORMATS, which `list --format` takes its choices from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playbook_cli.model import Checklist
from playbook_cli.render.json_format import json_text
from playbook_cli.render.markdown import escape as md_escape
from playbook_cli.render.terminal import compose, pad, shown_width, text_width, wrap

Row = tuple[str, str, int, str]  # id, title, number of questions, file


def listing_rows(entries: list[tuple[Checklist, Path]]) -> list[Row]:
    """One row per checklist: what every format shows."""
    return [(c.id, c.title, len(c.items), str(path)) for c, path in entries]


def render_json(entries: list[tuple[Checklist, Path]], **_: Any) -> str:
    return json_text([{"id": i, "title": t, "items": n, "path": p} for i, t, n, p in listing_rows(entries)])


def render_markdown(entries: list[tuple[Checklist, Path]], **_: Any) -> str:
    out = ["| Checklist | Title | Questions |", "|---|---|---:|"]
    out += [f"| `{i}` | {md_escape(t)} | {n} |" for i, t, n, _ in listing_rows(entries)]
    return "\n".join(out) + "\n"


def render_text(entries: list[tuple[Checklist, Path]], width: int | None = None, **_: Any) -> str:
    if not entries:
        return "No checklists found.\n"
    return _table(listing_rows(entries), width or text_width())


def _table(rows: list[Row], width: int) -> str:
    """ID, TITLE, ITEMS in columns aligned by display width (a Japanese title takes two
    columns a character); a title too long for the terminal wraps inside its column."""
    id_width = max(shown_width(r[0]) for r in rows)
    room = max(10, width - id_width - 2 - 2 - 5)
    titled = [(i, wrap(t, room), n) for i, t, n, _ in rows]
    title_width = max(max(shown_width(line) for line in lines) for _, lines, _ in titled)
    out = [f"{pad('ID', id_width)}  {pad('TITLE', title_width)}  ITEMS"]
    for i, lines, n in titled:
        out.append(f"{pad(i, id_width)}  {pad(lines[0], title_width)}  {n:>5}")
        out += [f"{pad('', id_width)}  {line}" for line in lines[1:]]
    return compose(out)
