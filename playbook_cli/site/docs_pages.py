"""What the CLI and the site need to know about pages under docs/: their front matter and titles."""

from __future__ import annotations

from pathlib import Path

import yaml

# libyaml when present: front matter is read for every play a report links to.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str) -> tuple[dict, str]:
    """A Markdown page's front matter (empty if it has none or it is not a YAML mapping) and its body."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            try:
                meta = yaml.load(text[3:end], Loader=_LOADER)
            except yaml.YAMLError:
                meta = None
            return (meta if isinstance(meta, dict) else {}), text[end + 4:]
    return {}, text


def front_matter(path: Path) -> dict | None:
    """The front matter of the Markdown page at `path` ({} without any), or None if it cannot be read."""
    try:
        return split_front_matter(path.read_text(encoding="utf-8"))[0]
    except (OSError, UnicodeDecodeError):
        return None


def page_title(path: Path) -> str | None:
    """The `title` in a Markdown page's front matter, else its first heading."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    meta, body = split_front_matter(text)
    if isinstance(meta.get("title"), str):
        return meta["title"]
    for line in body.splitlines():
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
