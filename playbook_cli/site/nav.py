"""Keep a MkDocs nav's generated checklist pages in step with checklists/*.yaml.

Pure functions over the nav as mkdocs.yml writes it (lists of strings and
one-key dicts); the checklists hook calls `sync_checklist_pages`.
"""

from __future__ import annotations

INDEX = "checklists/index.md"


def nav_pages(nav: list) -> list[str]:
    """Every page path in the nav, at any depth."""
    out: list[str] = []
    for entry in nav:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            out += nav_pages(value) if isinstance(value, list) else [value]
    return out


def list_holding(nav: list, page: str) -> list | None:
    """The nav list (at any depth) that has `page` as one of its own entries."""
    for entry in nav:
        if entry == page or (isinstance(entry, dict) and page in entry.values()):
            return nav
    for entry in nav:
        for value in entry.values() if isinstance(entry, dict) else []:
            if isinstance(value, list) and (found := list_holding(value, page)) is not None:
                return found
    return None


def _stale(entry, pages: list[str]) -> bool:
    """A generated checklist page whose YAML file is gone."""
    page = entry if isinstance(entry, str) else next(iter(entry.values()), None) if isinstance(entry, dict) else None
    return isinstance(page, str) and page.startswith("checklists/") and page != INDEX and page not in pages


def sync_checklist_pages(nav: list, pages: list[str]) -> None:
    """List every page in `pages` beside checklists/index.md; drop entries for deleted ones.

    Pages already listed elsewhere stay where they are. Without an index
    entry, a "Checklists" section is appended.
    """
    section = list_holding(nav, INDEX)
    if section is None:
        section = []
        nav.append({"Checklists": section})
    listed = set(nav_pages(nav))
    section[:] = [entry for entry in section if not _stale(entry, pages)]
    section.extend(page for page in pages if page not in listed)


def drop_pages(nav: list, pages: set[str]) -> None:
    """Take `pages` out of the nav, at any depth (a section left empty goes too): the pages playbook.toml hides."""
    kept = []
    for entry in nav:
        if isinstance(entry, str):
            if entry not in pages:
                kept.append(entry)
            continue
        if isinstance(entry, dict):
            for key, value in list(entry.items()):
                if isinstance(value, list):
                    drop_pages(value, pages)
                    if not value:
                        del entry[key]
                elif value in pages:
                    del entry[key]
            if not entry:
                continue
        kept.append(entry)
    nav[:] = kept
