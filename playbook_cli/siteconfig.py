"""Where the site is published, from mkdocs.yml, and where editors find the checklist schema."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

CONFIG_FILE = "mkdocs.yml"
CHECKLIST_SCHEMA = "checklist.schema.json"
# Scanned, not loaded: mkdocs.yml may hold tags (!!python/name:...) that only MkDocs can read.
_SITE_URL = re.compile(r"""site_url:\s*["']?(https?://[^\s"'#]+)""")


_NO_DIRECTORY_URLS = re.compile(r"^use_directory_urls:\s*(false|no|off)\b", re.M | re.I)


def _config_text(config: Path | str) -> str | None:
    try:
        return Path(config).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _site_url_in(text: str) -> str | None:
    found = next((m for m in (_SITE_URL.match(line) for line in text.splitlines()) if m), None)
    return found.group(1).rstrip("/") + "/" if found else None


def site_url(config: Path | str) -> str | None:
    """The top-level `site_url` in the mkdocs.yml at `config`, ending in '/'; None if unreadable or unset."""
    text = _config_text(config)
    return _site_url_in(text) if text is not None else None


def site_play_url(checklist_file: Path | str, play: str) -> str | None:
    """The play's address on the site published from the project holding `checklist_file`.

    The project is the directory above the checklists' one; its mkdocs.yml
    gives `site_url`. None when there is no such file or no address in it.
    """
    text = _config_text(Path(checklist_file).resolve().parent.parent / CONFIG_FILE)
    base = _site_url_in(text) if text is not None else None
    if base is None:
        return None
    page = play[:-3] if play.endswith(".md") else play
    if _NO_DIRECTORY_URLS.search(text or ""):
        return f"{base}{page}.html"
    if page == "index" or page.endswith("/index"):
        return base + page[:-len("index")]
    return f"{base}{page}/"


def site_play_urls(checklist_file: Path | str, plays) -> dict[str, str]:
    """Each play link (plays/x.md, maybe with #anchor) -> its published address; {} when the site is unknown."""
    urls = {}
    for play in plays:
        page, _, anchor = play.partition("#")
        url = site_play_url(checklist_file, page)
        if url is None:
            return {}
        urls[play] = f"{url}#{anchor}" if anchor else url
    return urls


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
