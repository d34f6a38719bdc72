"""Reporters by name: one registry per kind of output, whose keys are the `--format` choices.

* FORMATS: a scored Result (`score`) or a Checklist (`show`): each entry is a
  module with `render_result` and `render_checklist`, so adding a format is
  adding one module and one entry here.
* LISTING_FORMATS (`list`) and TREND_FORMATS (`trend`): each entry is a
  function, as "module:function".

Every command's `--format` takes its choices from its registry, and output is
only ever rendered through one, never by an if-chain beside it. Entries are
named, not imported, until used, so `playbook --help` does not pay for the
html renderer. (`actions` keeps its registry, ACTION_FORMATS, in render.actions.)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line imports this module at start-up: keep it light
    from pathlib import Path

    from playbook_cli.model import Checklist, Result
    from playbook_cli.trend import TeamTrend

FORMATS: dict[str, str] = {
    "text": "playbook_cli.render.text",
    "markdown": "playbook_cli.render.markdown",
    "json": "playbook_cli.render.json_format",
    "html": "playbook_cli.render.html",
}

LISTING_FORMATS: dict[str, str] = {
    "text": "playbook_cli.render.listing:render_text",
    "markdown": "playbook_cli.render.listing:render_markdown",
    "json": "playbook_cli.render.listing:render_json",
    "html": "playbook_cli.render.html:render_listing",
}

TREND_FORMATS: dict[str, str] = {
    "text": "playbook_cli.render.trend:render_text",
    "markdown": "playbook_cli.render.trend:render_markdown",
    "json": "playbook_cli.render.trend:render_json",
    "html": "playbook_cli.render.html:render_trend",
}


# What a format shows from the project that holds the checklist, which the command line looks up only
# for the formats that use it: the plays' addresses on the published site (mkdocs.yml's site_url) and
# the fork's report templates (playbook.toml's [reports] templates).
PROJECT_OPTIONS: dict[str, frozenset[str]] = {
    "html": frozenset({"play_urls", "template_dir"}),
    "markdown": frozenset({"play_urls"}),
}


def reporter(registry: dict[str, str], fmt: str, name: str | None = None) -> Callable[..., str]:
    """The renderer a registry names for `fmt` (for FORMATS, its function `name`)."""
    if fmt not in registry:
        raise ValueError(f"unknown format {fmt!r}")
    module, _, function = registry[fmt].partition(":")
    renderer: Callable[..., str] = getattr(importlib.import_module(module), function or name or "")
    return renderer


def render_result(result: Result, fmt: str = "text", **options: Any) -> str:
    """A scored result as a report in the given format."""
    return reporter(FORMATS, fmt, "render_result")(result, **options)


def render_checklist(checklist: Checklist, fmt: str = "text", **options: Any) -> str:
    """A checklist, readable, in the given format (markdown = the site page body)."""
    return reporter(FORMATS, fmt, "render_checklist")(checklist, **options)


def render_listing(entries: list[tuple[Checklist, Path]], fmt: str = "text", **options: Any) -> str:
    """The checklists found, as (Checklist, path) pairs, in the given format (`playbook list`)."""
    return reporter(LISTING_FORMATS, fmt)(entries, **options)


def render_trend(trends: list[TeamTrend], fmt: str = "text", **options: Any) -> str:
    """Each team's score over time, in the given format (`playbook trend`)."""
    return reporter(TREND_FORMATS, fmt)(trends, **options)
