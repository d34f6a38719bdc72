"""`playbook new`: a new checklist, from a commented template, written where nothing is yet."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from playbook_cli.errors import ChecklistError, FileWriteError, PlaybookError, Problem
from playbook_cli.files import write_atomic
from playbook_cli.loader import ID_PATTERN
from playbook_cli.model import Checklist


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


def new_overlay_text(checklist_id: str, title: str | None, schema: str, base: Checklist) -> str:
    """A commented overlay of `base` that validates as generated: it records the base's version as `base_version`."""
    import json

    template = resources.files("playbook_cli").joinpath("templates/new-overlay.yaml").read_text(encoding="utf-8")
    first = base.items[0]
    values = {"schema": schema, "id": checklist_id, "base": base.id, "base_version": str(base.version),
              "title_line": f"title: {json.dumps(title, ensure_ascii=False)}" if title else
              f"# title: {json.dumps(base.title + ' (ours)', ensure_ascii=False)}",
              "item": first.id, "question": json.dumps(first.question, ensure_ascii=False),
              "removed": base.items[-1].id,  # not the item overridden: an override of a removed item is a problem
              "section": first.section_id}
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def create_checklist(path: Path, checklist_id: str, title: str | None, schema: str,
                     base: Checklist | None = None) -> None:
    """Write a new checklist at `path` (see new_checklist_text), or an overlay of `base`, creating its directories.

    Refuses, with a PlaybookError, an id that is not kebab-case, a path that
    exists (a dangling symlink too) and a file name that is not the id. A
    failed write leaves no empty directory behind.
    """
    if not ID_PATTERN.match(checklist_id):
        raise ChecklistError(Problem(checklist_id, None, None, "checklist id must be kebab-case",
                                     "lower-case letters, digits and single hyphens, e.g. launch-readiness"))
    if os.path.lexists(path):  # a symlink too, even a dangling one
        raise FileWriteError(Problem(str(path), None, None, "already exists; not overwriting it"))
    if path.stem != checklist_id:
        raise ChecklistError(Problem(str(path), None, None,
                                     f"file name must be {checklist_id}.yaml (the id equals the file stem)"))
    created = [directory for directory in path.parents if not os.path.lexists(directory)]  # deepest first
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, new_overlay_text(checklist_id, title, schema, base) if base is not None
                     else new_checklist_text(checklist_id, title, schema))
    except (OSError, PlaybookError) as exc:
        for directory in created:
            try:
                directory.rmdir()
            except OSError:
                pass
        if isinstance(exc, OSError):  # from mkdir: under a file, no permission, a name too long...
            raise FileWriteError(Problem(str(path.parent), None, None,
                                         f"cannot create the directory: {exc.strerror or exc}")) from None
        raise
