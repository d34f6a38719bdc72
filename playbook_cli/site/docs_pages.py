"""What the CLI and the site need to know about pages under docs/: their titles."""

from __future__ import annotations

from pathlib import Path

import yaml

# libyaml when present: front matter is read for every play a report links to.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def page_title(path: Path) -> str | None:
    """The `title` in a Markdown page's front matter, else its first heading."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            try:
                meta = yaml.load(text[3:end], Loader=_LOADER)
            except yaml.YAMLError:
                meta = None
            if isinstance(meta, dict) and isinstance(meta.get("title"), str):
                return meta["title"]
            text = text[end + 4:]
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def play_titles(docs_dir: Path | None, plays: set[str]) -> dict[str, str]:
    """Titles of the given play paths (relative to docs/) that exist."""
    if docs_dir is None:
        return {}
    titles = {}
    for play in plays:
        title = page_title(docs_dir / play)
        if title:
            titles[play] = title
    return titles
