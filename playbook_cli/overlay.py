"""Overlays: a checklist that `extends:` another, built from its base.

An overlay inherits everything from its base, then removes items or whole
sections (`remove:`), changes items in place (`overrides:`) and adds items
and sections (`sections:`), so a fork keeps upstream checklists unchanged and
still tailors them. The base is found by a Resolver, which only the catalog
provides (catalog.Catalog: the search path is the one place a base is looked
for). Every problem is collected, as in loader.py, whose checks it reuses.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playbook_cli.errors import ChecklistError, PlaybookError, Problem, Suggestions
from playbook_cli.loader import ID_PATTERN, ChecklistValidator, hidden_play_link
from playbook_cli.model import BaseRef, Checklist, Item, Section
from playbook_cli.yamlsource import Mapping, Sequence, display_path, plain_text, pos_of, show_value

# An overlay inherits everything, so only id, extends and version are required.
OVERLAY_KEYS = {"id": True, "extends": True, "base_version": False, "title": False, "version": True,
                "summary": False, "bands": False, "anonymous": False, "overrides": False, "remove": False,
                "sections": False}
OVERRIDE_KEYS = {"question": False, "why": False, "weight": False, "critical": False, "play": False}
ADDED_SECTION_KEYS = {"id": True, "title": False, "items": False}

# Finds the checklist an overlay `extends:`, by id. Raises PlaybookError.
Resolver = Callable[[str], Checklist]


def build_checklist(path: Path, data: Any, docs_dir: Path | None, resolver: Resolver) -> Checklist:
    """Any checklist document, read by load_yaml: an overlay (it has `extends:`) or a plain checklist.

    Raises ChecklistError listing every problem.
    """
    if isinstance(data, Mapping) and "extends" in data:
        return OverlayBuilder(path, docs_dir, resolver).build(data)
    return ChecklistValidator(path, docs_dir).build(data)


@dataclass
class DraftSection:
    """One section of the checklist being built: its title and items, changed in place."""

    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Draft:
    """The base's sections, copied to be changed: removed from, overridden, added to.

    `item_ids` are the ids taken (with the line an added item is on, None for
    an inherited one), so an added item cannot reuse one, and a removed
    item's id is free again. `removed` are the base's items the overlay
    removes, alone or with their section.
    """

    sections: dict[str, DraftSection]
    item_ids: dict[str, int | None]
    removed: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, base: Checklist) -> Draft:
        return cls({s.id: DraftSection(s.title, list(s.items)) for s in base.sections},
                   {item.id: None for item in base.items})

    def built(self) -> tuple[Section, ...]:
        """The sections left with any item, in order."""
        return tuple(Section(section_id, section.title, tuple(section.items))
                     for section_id, section in self.sections.items() if section.items)


class OverlayBuilder(ChecklistValidator):
    """Checks an overlay and builds the checklist it makes of its base."""

    def __init__(self, path: Path, docs_dir: Path | None, resolver: Resolver):
        super().__init__(path, docs_dir)
        self.resolver = resolver

    def build(self, data: Any) -> Checklist:
        """A checklist that extends another: inherit, then remove, override, add."""
        self.check_keys(data, OVERLAY_KEYS, "checklist that extends another")
        checklist_id = self.checklist_id(data)
        base = self.base(data)
        version = self.integer(data, "version", "checklist", 1, None, 1)
        if base is None:
            raise ChecklistError(self.problems)
        base_ref = self.base_ref(data, base)
        title = self.text(data, "title", "checklist") if "title" in data else base.title
        summary = self.text(data, "summary", "checklist") if "summary" in data else base.summary
        bands = self.bands(data) if "bands" in data else base.bands
        anonymous = self.boolean(data, "anonymous", "checklist", base.anonymous)  # inherited unless set

        draft = Draft.of(base)
        self.remove(data, draft)
        self.inherited_plays(data, draft)
        self.overrides(data, draft)
        self.added_sections(data, draft)
        built = draft.built()
        if not built:
            self.problem(pos_of(data), "the overlay removes every item: nothing is left to ask")
        if self.problems:
            raise ChecklistError(self.problems)
        return Checklist(checklist_id, title, version, summary, bands, built, path=self.shown, anonymous=anonymous,
                         base=base_ref, notices=tuple(self.notices))

    def base_ref(self, data: Mapping, base: Checklist) -> BaseRef:
        """The base as this overlay records it: `base_version:` must be a version the base has had."""
        where = pos_of(data, "base_version" if "base_version" in data else "extends", value=True)
        written = self.integer(data, "base_version", "checklist", 1, None, 0) if "base_version" in data else None
        if written and written > base.version:
            self.problem(where, f"base_version {written} is above the version of '{base.id}' ({base.version})",
                         f"set base_version: {base.version}")
        return BaseRef(base.id, base.version, written or None, *where)

    def base(self, data: Mapping) -> Checklist | None:
        """The checklist this one extends, or None after reporting why there is none."""
        base_id = data.get("extends")
        where = pos_of(data, "extends", value=True)
        if not isinstance(base_id, str) or not ID_PATTERN.match(base_id):
            self.problem(where, "'extends' must name a checklist id, like kickoff-readiness")
            return None
        try:
            return self.resolver(base_id)
        except PlaybookError as exc:
            first = exc.first
            detail = first.message if first.path == self.shown else str(first)
            self.problem(where, f"cannot extend '{base_id}': {detail}", first.hint)
            return None

    def remove(self, data: Mapping, draft: Draft) -> None:
        if "remove" not in data:
            return
        raw = data["remove"]
        if not isinstance(raw, Sequence):
            self.problem(pos_of(data, "remove", value=True), "'remove' must be a list of item or section ids")
            return
        sections = draft.sections
        where_is = {item.id: section_id for section_id, section in sections.items() for item in section.items}
        removed: set[str] = set()
        suggest = None  # prepared at the first unknown id, once
        for index, target in enumerate(raw):
            if isinstance(target, str) and target in sections:
                for item in sections.pop(target).items:  # its item ids are free to reuse, as for a removed item
                    draft.item_ids.pop(item.id, None)
                    where_is.pop(item.id, None)
                    draft.removed.add(item.id)
                continue
            if isinstance(target, str) and where_is.pop(target, None) is not None:
                removed.add(target)
                draft.item_ids.pop(target, None)
                continue
            suggest = suggest or Suggestions([*where_is, *sections])
            close = suggest(plain_text(target))
            self.problem(pos_of(raw, index),
                         f"'remove' names {show_value(target)}, which is not an item or section of the checklist "
                         "it extends",
                         f"did you mean '{close[0]}'?" if close else "it may have been renamed or removed upstream")
        draft.removed |= removed
        if removed:  # once, at the end: one pass over the items however many are removed
            for section in sections.values():
                section.items = [item for item in section.items if item.id not in removed]

    def inherited_plays(self, data: Mapping, draft: Draft) -> None:
        """Inherited play links must exist in this project's docs/ too.

        Only links that come from the base: an override's or an added item's
        play is checked (once) where it is written.
        """
        if self.docs_dir is None:
            return
        raw = data.get("overrides")
        replaced = {key for key, value in raw.items() if isinstance(value, Mapping) and "play" in value} \
            if isinstance(raw, Mapping) else set()
        for section in draft.sections.values():
            for item in section.items:
                if not item.play or item.id in replaced:
                    continue
                if not (self.docs_dir / item.play).is_file():
                    self.problem(pos_of(data, "extends", value=True),
                                 f"inherited item '{item.id}' links to play '{item.play}', which does not exist in "
                                 f"{display_path(self.docs_dir)}/",
                                 "override its play, remove the item, or add the page")
                elif hidden_play_link(self.docs_dir, item.play, self.path.stem):
                    self.notice(pos_of(data, "extends", value=True),
                                f"inherited item '{item.id}' links to play '{item.play}', which is hidden by "
                                f"{display_path(self.docs_dir.parent / 'playbook.toml')}: the link still works, "
                                "but the page is listed nowhere",
                                "to send readers elsewhere, override its play")

    def overrides(self, data: Mapping, draft: Draft) -> None:
        if "overrides" not in data:
            return
        raw = data["overrides"]
        if not isinstance(raw, Mapping):
            self.problem(pos_of(data, "overrides", value=True), "'overrides' must map item ids to the keys to change")
            return
        # Where each item is, found once: an override replaces its item in place, so the places hold.
        places = {item.id: (section, n) for section in draft.sections.values() for n, item in enumerate(section.items)}
        suggest = None  # prepared at the first unknown id, once
        for item_id, changes in raw.items():
            located = places.get(item_id) if isinstance(item_id, str) else None
            if located is None and item_id in draft.removed:
                self.problem(pos_of(raw, item_id),
                             f"override for {show_value(item_id)}, which this overlay also removes",
                             "drop the override, or take the item out of 'remove' to keep it")
                continue
            if located is None:
                suggest = suggest or Suggestions(places)
                close = suggest(plain_text(item_id))
                self.problem(pos_of(raw, item_id),
                             f"override for {show_value(item_id)}, which is not an item of the checklist it extends",
                             f"did you mean '{close[0]}'?" if close else "it may have been renamed or removed upstream")
                continue
            if not isinstance(changes, Mapping):
                self.problem(pos_of(raw, item_id, value=True),
                             f"override for {show_value(item_id)} must be a mapping, like {{weight: 3}}")
                continue
            section, index = located
            section.items[index] = self.overridden(section.items[index], changes)

    def overridden(self, item: Item, changes: Mapping) -> Item:
        """The item with an override's keys applied (a wrong value keeps the item's own, after a problem)."""
        self.check_keys(changes, OVERRIDE_KEYS, "override")
        update: dict[str, Any] = {}
        for key in ("question", "why"):
            if key in changes:
                update[key] = self.text(changes, key, "override") or getattr(item, key)
        if "weight" in changes:
            update["weight"] = self.integer(changes, "weight", "override", 1, 5, item.weight)
        if "critical" in changes:
            update["critical"] = self.boolean(changes, "critical", "override", item.critical)
        if "play" in changes:
            update["play"] = self.play(changes)
        return dataclasses.replace(item, **update)

    def added_sections(self, data: Mapping, draft: Draft) -> None:
        if "sections" not in data:
            return
        raw = self.sequence(data, "sections", "checklist")
        for index, entry in enumerate(raw):
            if not isinstance(entry, Mapping):
                self.problem(pos_of(raw, index), "each section must be a mapping with id, and title and items")
                continue
            self.check_keys(entry, ADDED_SECTION_KEYS, "section")
            section_id = self.ident(entry, "section")
            existing = draft.sections.get(section_id)
            if existing is None and "title" not in entry:
                self.problem(pos_of(entry), f"new section '{section_id}' needs a title")
            if existing is None:
                existing = draft.sections.setdefault(section_id, DraftSection(""))
            if "title" in entry:
                existing.title = self.text(entry, "title", "section") or existing.title
            items = entry.get("items") or Sequence()
            if "items" in entry and not isinstance(items, Sequence):
                self.problem(pos_of(entry, "items", value=True), "section 'items' must be a list")
                continue
            for i, raw_item in enumerate(items):
                item = self.item(raw_item, pos_of(items, i), section_id, draft.item_ids)
                if item is not None:
                    existing.items.append(item)


def base_drift(checklist: Checklist) -> Problem | None:
    """The warning for an overlay whose base has moved past the version it was written against, or None.

    Not a problem: the overlay still loads and scores (DESIGN.md, "Overlays
    keep track of their base"); `validate`, the site build and `score` show it.
    """
    base = checklist.base
    if base is None or base.written_against is None or base.version <= base.written_against:
        return None
    return Problem(checklist.path, base.line, base.column,
                   f"overlay {checklist.id} was written against {base.id} version {base.written_against}; "
                   f"{base.id} is now at version {base.version}: review the upstream changes, then set "
                   f"base_version: {base.version}")


def missing_base_version(checklist: Checklist) -> Problem | None:
    """A suggestion for an overlay that records no `base_version:`, or None."""
    base = checklist.base
    if base is None or base.written_against is not None:
        return None
    return Problem(checklist.path, base.line, base.column,
                   f"overlay {checklist.id} records no base_version: add base_version: {base.version} (the version "
                   f"of {base.id} it was written against), so that validate warns when upstream changes it")
