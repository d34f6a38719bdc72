"""Where the site is published, from mkdocs.yml, and where editors find the checklist schema."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

CONFIG_FILE = "mkdocs.yml"
CHECKLIST_SCHEMA = "checklist.schema.json"
# Scanned, not loaded: mkdocs.yml may hold tags (!!python/name:...) that only MkDocs can read.
_SITE_URL = re.compile(r"""site_url:\s*["']?(https?://[^\s"'#]+)""")


def site_url(config: Path | str) -> str | None:
    """The top-level `site_url` in the mkdocs.yml at `config`, ending in '/'; None if unreadable or unset."""
    try:
        text = Path(config).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = next((m for m in (_SITE_URL.match(line) for line in text.splitlines()) if m), None)
    return found.group(1).rstrip("/") + "/" if found else None


def find_site_url(start: Path | str) -> str | None:
    """The `site_url` of the first mkdocs.yml in `start` or its parents that sets one."""
    here = Path(start).resolve()
    for directory in (here, *here.parents):
        url = site_url(directory / CONFIG_FILE)
        if url:
            return url
    return None


def published_schema_url(base: str, name: str) -> str:
    """The address of schema `name` on the site published at `base`."""
    return f"{base.rstrip('/')}/schemas/{name}"


def checklist_schema_location(start: Path | str) -> str:
    """What a new checklist's `$schema` line points at, so that an editor resolves it wherever the tool is installed.

    The published schema when a mkdocs.yml in `start` or above sets `site_url`;
    else the schema inside the installed package, as an absolute file:// URI.
    """
    base = find_site_url(start)
    if base:
        return published_schema_url(base, CHECKLIST_SCHEMA)
    packaged = Path(str(resources.files("playbook_cli").joinpath("schemas", CHECKLIST_SCHEMA)))
    return packaged.resolve().as_uri()
