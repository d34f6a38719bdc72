"""`playbook new`: the text of a new checklist, from a commented template."""

from __future__ import annotations

from importlib import resources


def new_checklist_text(checklist_id: str, title: str | None, schema: str) -> str:
    """A commented checklist that validates as generated; its first line points editors at `schema`.

    `schema` must resolve wherever the tool is installed: see
    siteconfig.checklist_schema_location (a relative path into the package does not).
    """
    template = resources.files("playbook_cli").joinpath("templates/new-checklist.yaml").read_text(encoding="utf-8")
    title = title or checklist_id.replace("-", " ").capitalize()
    # json.dumps gives a double-quoted YAML string safe for any title.
    import json

    return (template.replace("{{schema}}", schema).replace("{{id}}", checklist_id)
            .replace("{{title}}", json.dumps(title, ensure_ascii=False)))
