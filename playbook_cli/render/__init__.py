"""Reporters by name: Result or Checklist -> text, markdown, json or html.

Adding a format is adding one module here with `render_result` and
`render_checklist`, and one entry in FORMATS. Modules are imported only when
used, so `playbook --help` does not pay for the html renderer.
"""

from __future__ import annotations

import importlib
from typing import Any

FORMATS: dict[str, str] = {
    "text": "playbook_cli.render.text",
    "markdown": "playbook_cli.render.markdown",
    "json": "playbook_cli.render.json_format",
    "html": "playbook_cli.render.html",
}


def _module(fmt: str):
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return importlib.import_module(FORMATS[fmt])


def render_result(result, fmt: str = "text", **options: Any) -> str:
    """A scored result as a report in the given format."""
    return _module(fmt).render_result(result, **options)


def render_checklist(checklist, fmt: str = "text", **options: Any) -> str:
    """A checklist, readable, in the given format (markdown = the site page body)."""
    return _module(fmt).render_checklist(checklist, **options)
