"""Lists and tables name no hidden page: a Python-Markdown extension.

A fork hides an upstream play or checklist in playbook.toml rather than
deleting it (see playbook_cli.settings), so links to it still work. But the
hand-written pages a fork does not edit, like the home page's "Start from
your role" lists and its "Start from your situation" table, would still
offer it. This extension drops, while the Markdown is converted (so it works
in every engine that runs Python-Markdown, and nothing edits HTML
afterwards), every list item and table row that links to a hidden page.
Prose keeps its links: the page is still there.

A link is matched by its path under docs/: `plays/x.md` from a top-level
page, `../plays/x.md` from any page one level down. A bare `x.md` is matched
only where the engine says which page is being converted (MkDocs, ProperDocs
and Zensical do), since it means a different page in each folder.

On Zensical, which runs no hooks, it also keeps a hidden page itself out of
the site search (the hook does that on MkDocs and ProperDocs): it marks the
page's metadata `search: exclude`, as the page's own front matter could.

    markdown_extensions:
      - playbook_cli.site.hidden_links
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

_ITEM = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s")
_ROW = re.compile(r"^\s*\|")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")


def links_hidden(line: str, hidden: set[str], folder: str | None) -> bool:
    """Whether a line links to a hidden page (docs-relative paths); `folder` is the page's, if known."""
    for target in _LINK.findall(line):
        path = target.split("#", 1)[0]
        if not path or "://" in path or path.startswith(("/", "mailto:")):
            continue
        if folder is not None:
            resolved = posixpath.normpath(posixpath.join(folder, path))
        elif "/" in path.lstrip("./"):
            parts = path.split("/")
            while parts and parts[0] in ("..", "."):
                parts.pop(0)
            resolved = "/".join(parts)
        else:
            continue
        if resolved in hidden:
            return True
    return False


def without_hidden(lines: list[str], hidden: set[str], folder: str | None = None) -> list[str]:
    """The Markdown lines less the list items (with their indented continuation) and table rows that link
    to a hidden page."""
    if not hidden:
        return lines
    out: list[str] = []
    skipping: int | None = None  # the indent of a dropped list item, while its continuation lines follow
    for line in lines:
        if skipping is not None:
            if not line.strip():
                out.append(line)
                continue
            if len(line) - len(line.lstrip()) > skipping:  # the dropped item's own lines, or its nested list
                continue
            skipping = None
        item = _ITEM.match(line)
        if item and links_hidden(line, hidden, folder):
            skipping = len(item.group(1))
            continue
        if _ROW.match(line) and links_hidden(line, hidden, folder):
            continue
        out.append(line)
    return out


class HiddenLinksPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, root: Path):
        super().__init__(md)
        self.root = root

    def run(self, lines: list[str]) -> list[str]:
        from playbook_cli.site.generate import hidden_pages

        page, root = self._page()
        hidden = hidden_pages(root or self.root)
        if page in hidden:
            meta = self._zensical_meta()
            if meta is not None:
                meta["search"] = {**(meta.get("search") or {}), "exclude": True}
        return without_hidden(lines, hidden, posixpath.dirname(page) if page is not None else None)

    def _zensical_context(self) -> Any:
        """Zensical's rendering context (its page and config), or None on another engine."""
        try:
            return self.md.preprocessors["rendering_context"]
        except (KeyError, IndexError):
            return None

    def _zensical_meta(self) -> dict | None:
        meta = getattr(getattr(self._zensical_context(), "page", None), "meta", None)
        return meta if isinstance(meta, dict) else None

    def _page(self) -> tuple[str | None, Path | None]:
        """The page being converted (its path under docs/) and the project's folder, where the engine
        tells (MkDocs and ProperDocs through their link processor, Zensical through its rendering
        context); else (None, None)."""
        try:
            relpath = self.md.treeprocessors["relpath"]
        except (KeyError, IndexError):
            context = self._zensical_context()
            path = getattr(getattr(context, "page", None), "path", None)
            config: Any = getattr(context, "config", None)
            root_dir = config.get("root_dir") if isinstance(config, dict) else None
            return (path.replace("\\", "/") if isinstance(path, str) else None,
                    Path(root_dir) if isinstance(root_dir, str) else None)
        src = getattr(getattr(relpath, "file", None), "src_uri", None)
        mkdocs_config: Any = getattr(relpath, "config", None)
        config_file = mkdocs_config.get("config_file_path") if hasattr(mkdocs_config, "get") else None
        return (src if isinstance(src, str) else None,
                Path(config_file).parent if isinstance(config_file, str) else None)


class HiddenLinksExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"root": [".", "The project: playbook.toml is here (default: the working directory)."]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Before everything else reads the lines (priority above normalize_whitespace's 30).
        md.preprocessors.register(HiddenLinksPreprocessor(md, Path(self.getConfig("root"))), "playbook_hidden", 35)


def makeExtension(**kwargs) -> HiddenLinksExtension:  # noqa: N802 (Python-Markdown's entry point)
    return HiddenLinksExtension(**kwargs)
