"""`playbook actions`: the open actions as text, a Markdown task list, JSON or CSV.

ACTION_FORMATS feeds the command's `--format` choices, so a format is one
renderer here and nothing else. Every renderer takes an `ActionList`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line imports this registry at start-up: keep it light
    from playbook_cli.actions import ActionList, ListedAction

# CSV columns a tracker's import can map (DESIGN.md); an assignee is a person's name.
CSV_HEADER = ("Summary", "Assignee", "Due date", "Status", "Description", "Team", "Checklist", "Item")


def _due(entry: ListedAction) -> str:
    return entry.action.due.isoformat() if entry.action.due else ""


def _summary_line(actions: ActionList) -> str:
    n, late = len(actions.actions), len(actions.overdue)
    kind = "overdue" if actions.overdue_only else "open"
    counted = f"{n} {kind} action{'s' if n != 1 else ''}" if n else f"No {kind} actions"
    if actions.owner is not None:
        counted += f" for owner '{actions.owner}'"
    return f"{counted} as of {actions.as_of.isoformat()}" + (f", {late} overdue" if late and kind == "open" else "")


def _owners_hint(actions: ActionList) -> str | None:
    """When --owner matched nobody, who does have actions: a typo must not read as an all-clear."""
    if actions.owner is None or actions.actions or not actions.owners:
        return None
    kind = "overdue" if actions.overdue_only else "open"
    return f"Owners with {kind} actions: {', '.join(actions.owners)}."


def action_data(actions: ActionList) -> list[dict[str, Any]]:
    """The list as plain data: JSON prints it."""
    return [
        {
            "team": entry.team,
            "checklist": entry.checklist.id,
            "item": entry.item.id,
            "question": entry.item.question,
            "owner": entry.action.owner,
            "due": _due(entry) or None,
            "overdue": entry.overdue,
            "play": entry.item.play,
            "status": entry.action.status,
            "note": entry.action.note or None,
        }
        for entry in actions.actions
    ]


def render_json(actions: ActionList, **_: Any) -> str:
    from playbook_cli.render.json_format import json_text

    return json_text(action_data(actions))


def render_text(actions: ActionList, color: bool = False, width: int | None = None, **_: Any) -> str:
    from playbook_cli.render.terminal import Styled, compose, text_width, wrap

    width = width or text_width()
    lines: list = [Styled(_summary_line(actions), {"bold": True})]
    hint = _owners_hint(actions)
    if hint:
        lines += wrap(hint, width)
    for entry in actions.actions:
        due = f"due {_due(entry)}" if entry.action.due else "no due date"
        late = [", ", Styled("OVERDUE", {"fg": "red", "bold": True})] if entry.overdue else []
        lines += ["", [due] + late + [f" · {entry.action.owner} · {entry.team} · {entry.checklist.title}"]]
        lines += wrap(f"{entry.item.question} ({entry.item.id})", width, "  ")
        if entry.action.note:
            lines += wrap(f"Note: {entry.action.note}", width, "  ")
        if entry.play_location:
            lines += wrap(f"Play: {entry.play_location}", width, "  ")
    return compose(lines, color)


def render_markdown(actions: ActionList, **_: Any) -> str:
    """A task list an owner pastes into an issue or a weekly update."""
    from playbook_cli.render.markdown import escape

    out = [f"**{escape(_summary_line(actions))}**", ""]
    hint = _owners_hint(actions)
    if hint:
        out += [escape(hint), ""]
    for entry in actions.actions:
        parts = [f"**{escape(entry.item.question)}** (`{entry.item.id}`)", escape(entry.action.owner)]
        if entry.action.due:
            parts.append(f"due {_due(entry)}" + (" **overdue**" if entry.overdue else ""))
        parts.append(f"{escape(entry.team)}, {escape(entry.checklist.title)}")
        if entry.play_url:
            parts.append(f"[play]({entry.play_url})")
        elif entry.item.play:
            parts.append(f"play: `{entry.item.play}`")
        out.append("- [ ] " + " · ".join(parts))
        if entry.action.note:
            out.append(f"  Note: {escape(' '.join(entry.action.note.split()))}")  # one line, inside the item
    return "\n".join(out) + "\n"


def _description(entry: ListedAction) -> str:
    parts = [" ".join(entry.item.why.split())]
    if entry.action.note:
        parts.append(f"Note: {entry.action.note}")
    if entry.play_location:
        parts.append(f"Play: {entry.play_location}")
    return "\n".join(parts)


def _not_a_formula(cell: str) -> str:
    """A leading apostrophe makes spreadsheets show `=HYPERLINK(...)` as text, never run it."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def render_csv(actions: ActionList, **_: Any) -> str:
    """One row per action under CSV_HEADER, quoted where needed (RFC 4180)."""
    import csv
    import io

    from playbook_cli.render.terminal import terminal_safe

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for entry in actions.actions:
        row = (entry.item.question, entry.action.owner, _due(entry), entry.action.status, _description(entry),
               entry.team, entry.checklist.id, entry.item.id)
        # Each field safe for a terminal (the description's own line breaks kept) and for a
        # spreadsheet: a cell that starts like a formula is opened as text (OWASP's CSV injection rule).
        writer.writerow([_not_a_formula("\n".join(terminal_safe(line) for line in field.split("\n"))) for field in row])
    return buffer.getvalue()


ACTION_FORMATS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
}


def render_actions(actions: ActionList, fmt: str = "text", **options: Any) -> str:
    return ACTION_FORMATS[fmt](actions, **options)
