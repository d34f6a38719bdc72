"""Checklist YAML -> `Checklist`, with every problem reported as file:line:col.

Validation collects every problem it finds before failing, so `playbook
validate` (and the site build) can list them all at once.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any, Callable

from playbook_cli.errors import ChecklistError, PlaybookError, Problem, Suggestions, YamlSourceError, close_matches
from playbook_cli.model import Band, Checklist, Item, Section
from playbook_cli.yamlsource import Mapping, Sequence, display_path, load_yaml, plain_text, pos_of, show_value

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
PLAY_PATTERN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.md\Z")

TOP_KEYS = {"id": True, "title": True, "version": True, "summary": False, "bands": False, "sections": True}
BAND_KEYS = {"id": True, "label": True, "min": True}
SECTION_KEYS = {"id": True, "title": True, "items": True}
ITEM_KEYS = {"id": True, "question": True, "why": True, "weight": False, "critical": False, "play": False}
# An overlay (`extends:`) inherits everything, so only id, extends and version are required.
OVERLAY_KEYS = {"id": True, "extends": True, "title": False, "version": True, "summary": False,
                "bands": False, "overrides": False, "remove": False, "sections": False}
OVERRIDE_KEYS = {"question": False, "why": False, "weight": False, "critical": False, "play": False}
ADDED_SECTION_KEYS = {"id": True, "title": False, "items": False}

# Used when a checklist does not define its own bands.
DEFAULT_BANDS = (
    Band("ready", "Ready to kick off", 80),
    Band("at-risk", "Kick off with named risks", 60),
    Band("not-ready", "Not ready", 0),
)


def docs_dir_for(checklist_path: Path) -> Path | None:
    """The docs/ beside the checklists directory, if there is one.

    `play:` links are only checked where the site lives next to the
    checklists (a repository or a fork), not for packaged checklists.
    """
    docs = checklist_path.resolve().parent.parent / "docs"
    return docs if docs.is_dir() else None


# Finds the checklist an overlay `extends:`, by id. Raises PlaybookError.
Resolver = Callable[[str], Checklist]


def load_checklist(path: Path | str, docs_dir: Path | None | bool = True,
                   resolver: Resolver | None = None) -> Checklist:
    """Load and validate one checklist file.

    `docs_dir=True` looks for a docs/ beside the checklists directory;
    `None` or `False` skips the check of `play:` links. `resolver` finds the
    checklist an overlay extends: only a Catalog has one (`Catalog.load`),
    since the search path is the one place a base is looked for.
    Raises ChecklistError (or YamlSourceError) listing every problem.
    """
    path = Path(path)
    if docs_dir is True:
        docs_dir = docs_dir_for(path)
    data = load_yaml(path)
    return ChecklistValidator(path, docs_dir or None, resolver).build(data)


class ChecklistValidator:
    """Checks one parsed checklist document and builds the model."""

    def __init__(self, path: Path, docs_dir: Path | None, resolver: Resolver | None = None):
        self.path = path
        self.shown = display_path(path)
        self.docs_dir = docs_dir
        self.resolver = resolver
        self.problems: list[Problem] = []

    # -- reporting ---------------------------------------------------------
    def problem(self, where: tuple[int | None, int | None], message: str, hint: str | None = None) -> None:
        line, col = where
        self.problems.append(Problem(self.shown, line, col, message, hint))

    def check_keys(self, mapping: Mapping, allowed: dict[str, bool], what: str) -> None:
        for key in mapping:
            if key not in allowed:
                close = close_matches(plain_text(key), allowed, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
                self.problem(pos_of(mapping, key), f"unknown key {show_value(key)} in {what}", hint)
        for key, required in allowed.items():
            if required and key not in mapping:
                self.problem(pos_of(mapping), f"{what} is missing required key '{key}'")

    def text(self, mapping: Mapping, key: str, what: str) -> str:
        value = mapping.get(key)
        if key not in mapping:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(pos_of(mapping, key, value=True), f"{what} '{key}' must be non-empty text (got {_show(value)})")
            return ""
        return value.strip()

    def ident(self, mapping: Mapping, what: str) -> str:
        if "id" not in mapping:
            return ""
        value = mapping["id"]
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(
                pos_of(mapping, "id", value=True),
                f"{what} id must be kebab-case (got {_show(value)})",
                "lower-case letters, digits and single hyphens, e.g. 'single-threaded-owner'",
            )
            return plain_text(value) if value is not None else ""
        return value

    def integer(self, mapping: Mapping, key: str, what: str, low: int, high: int | None, default: int) -> int:
        if key not in mapping:
            return default
        value = mapping[key]
        where = pos_of(mapping, key, value=True)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, f"{what} '{key}' must be a whole number (got {_show(value)})")
            return default
        if value < low or (high is not None and value > high):
            limit = f"{low}..{high}" if high is not None else f"at least {low}"
            self.problem(where, f"{what} '{key}' must be {limit} (got {value})")
            return default
        return value

    def boolean(self, mapping: Mapping, key: str, what: str, default: bool) -> bool:
        value = mapping.get(key, default)
        if not isinstance(value, bool):
            self.problem(pos_of(mapping, key, value=True), f"{what} '{key}' must be true or false (got {_show(value)})")
            return default
        return value

    def sequence(self, mapping: Mapping, key: str, what: str) -> Sequence:
        value = mapping.get(key)
        if key not in mapping:
            return Sequence()
        if not isinstance(value, Sequence) or not value:
            self.problem(pos_of(mapping, key, value=True), f"{what} '{key}' must be a non-empty list")
            return Sequence()
        return value

    # -- building ----------------------------------------------------------
    def build(self, data: Any) -> Checklist:
        if not isinstance(data, Mapping):
            where = pos_of(data) if isinstance(data, list) else (1, 1)  # a scalar or empty file: its start
            self.problem(where, "a checklist must be a YAML mapping (id, title, version, sections)")
            raise ChecklistError(self.problems)
        if "extends" in data:
            return self.build_overlay(data)
        self.check_keys(data, TOP_KEYS, "checklist")
        checklist_id = self.checklist_id(data)
        title = self.text(data, "title", "checklist")
        version = self.integer(data, "version", "checklist", 1, None, 1)
        summary = ""
        if "summary" in data:
            summary = self.text(data, "summary", "checklist")
        bands = self.bands(data) if "bands" in data else DEFAULT_BANDS
        sections = self.sections(data)
        if self.problems:
            raise ChecklistError(self.problems)
        return Checklist(checklist_id, title, version, summary, bands, sections, path=self.shown)

    def checklist_id(self, data: Mapping) -> str:
        checklist_id = self.ident(data, "checklist")
        if checklist_id and checklist_id != self.path.stem:
            self.problem(
                pos_of(data, "id", value=True),
                f"checklist id '{checklist_id}' does not match the file name '{self.path.name}'",
                f"rename the file to {checklist_id}.yaml or set id: {self.path.stem}"
                if ID_PATTERN.match(str(checklist_id)) else f"set id: {self.path.stem}",
            )
        return checklist_id

    # -- overlays ------------------------------------------------------------
    def build_overlay(self, data: Mapping) -> Checklist:
        """A checklist that extends another: inherit, then override, remove, add.

        Lets a fork keep upstream checklists unchanged and still tailor them.
        """
        self.check_keys(data, OVERLAY_KEYS, "checklist that extends another")
        checklist_id = self.checklist_id(data)
        base_id = data.get("extends")
        base = None
        if not isinstance(base_id, str) or not ID_PATTERN.match(base_id):
            self.problem(pos_of(data, "extends", value=True), "'extends' must name a checklist id, like kickoff-readiness")
        elif self.resolver is None:
            self.problem(pos_of(data, "extends", value=True),
                         f"cannot extend '{base_id}': only a checklist catalog finds the checklist it extends",
                         "load it with playbook_cli.catalog.Catalog")
        else:
            try:
                base = self.resolver(base_id)
            except PlaybookError as exc:
                first = exc.first
                detail = first.message if first.path == self.shown else str(first)
                self.problem(pos_of(data, "extends", value=True), f"cannot extend '{base_id}': {detail}", first.hint)
        version = self.integer(data, "version", "checklist", 1, None, 1)
        if base is None:
            raise ChecklistError(self.problems)
        title = self.text(data, "title", "checklist") if "title" in data else base.title
        summary = self.text(data, "summary", "checklist") if "summary" in data else base.summary
        bands = self.bands(data) if "bands" in data else base.bands

        # Mutable copies: section id -> [title, [items]]
        sections: dict[str, list] = {s.id: [s.title, list(s.items)] for s in base.sections}
        item_ids = {item.id: None for item in base.items}
        self.remove(data, sections, item_ids)
        self.inherited_plays(data, sections)
        self.overrides(data, sections)
        self.added_sections(data, sections, item_ids)
        built = tuple(Section(sid, title_, tuple(items)) for sid, (title_, items) in sections.items() if items)
        if not built:
            self.problem(pos_of(data), "the overlay removes every item: nothing is left to ask")
        if self.problems:
            raise ChecklistError(self.problems)
        return Checklist(checklist_id, title, version, summary, bands, built, path=self.shown)

    def remove(self, data: Mapping, sections: dict[str, list], item_ids: dict) -> None:
        if "remove" not in data:
            return
        raw = data["remove"]
        if not isinstance(raw, Sequence):
            self.problem(pos_of(data, "remove", value=True), "'remove' must be a list of item or section ids")
            return
        where_is = {item.id: section_id for section_id, (_title, items) in sections.items() for item in items}
        removed: set[str] = set()
        suggest = None  # prepared at the first unknown id, once
        for index, target in enumerate(raw):
            if isinstance(target, str) and target in sections:
                for item in sections.pop(target)[1]:  # its item ids are free to reuse, as for a removed item
                    item_ids.pop(item.id, None)
                    where_is.pop(item.id, None)
                continue
            if isinstance(target, str) and where_is.pop(target, None) is not None:
                removed.add(target)
                item_ids.pop(target, None)
                continue
            suggest = suggest or Suggestions([*where_is, *sections])
            close = suggest(plain_text(target))
            self.problem(pos_of(raw, index),
                         f"'remove' names {show_value(target)}, which is not an item or section of the checklist it extends",
                         f"did you mean '{close[0]}'?" if close else "it may have been renamed or removed upstream")
        if removed:  # once, at the end: one pass over the items however many are removed
            for title_items in sections.values():
                title_items[1] = [item for item in title_items[1] if item.id not in removed]

    def inherited_plays(self, data: Mapping, sections: dict[str, list]) -> None:
        """Inherited play links must exist in this project's docs/ too.

        Only links that come from the base: an override's or an added item's
        play is checked (once) where it is written.
        """
        if self.docs_dir is None:
            return
        raw = data.get("overrides")
        replaced = {key for key, value in raw.items() if isinstance(value, Mapping) and "play" in value} \
            if isinstance(raw, Mapping) else set()
        for _title, items in sections.values():
            for item in items:
                if item.play and item.id not in replaced and not (self.docs_dir / item.play).is_file():
                    self.problem(pos_of(data, "extends", value=True),
                                 f"inherited item '{item.id}' links to play '{item.play}', which does not exist in "
                                 f"{display_path(self.docs_dir)}/", "override its play, remove the item, or add the page")

    def overrides(self, data: Mapping, sections: dict[str, list]) -> None:
        if "overrides" not in data:
            return
        raw = data["overrides"]
        if not isinstance(raw, Mapping):
            self.problem(pos_of(data, "overrides", value=True), "'overrides' must map item ids to the keys to change")
            return
        # Where each item is, found once: an override replaces its item in place, so the places hold.
        places = {item.id: (section, n) for section in sections.values() for n, item in enumerate(section[1])}
        suggest = None  # prepared at the first unknown id, once
        for item_id, changes in raw.items():
            located = places.get(item_id) if isinstance(item_id, str) else None
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
            self.check_keys(changes, OVERRIDE_KEYS, "override")
            section, index = located
            item = section[1][index]
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
            section[1][index] = dataclasses.replace(item, **update)

    def added_sections(self, data: Mapping, sections: dict[str, list], item_ids: dict) -> None:
        if "sections" not in data:
            return
        raw = self.sequence(data, "sections", "checklist")
        for index, entry in enumerate(raw):
            if not isinstance(entry, Mapping):
                self.problem(pos_of(raw, index), "each section must be a mapping with id, and title and items")
                continue
            self.check_keys(entry, ADDED_SECTION_KEYS, "section")
            section_id = self.ident(entry, "section")
            existing = sections.get(section_id)
            if existing is None and "title" not in entry:
                self.problem(pos_of(entry), f"new section '{section_id}' needs a title")
            if existing is None:
                existing = sections.setdefault(section_id, ["", []])
            if "title" in entry:
                existing[0] = self.text(entry, "title", "section") or existing[0]
            items = entry.get("items") or Sequence()
            if "items" in entry and not isinstance(items, Sequence):
                self.problem(pos_of(entry, "items", value=True), "section 'items' must be a list")
                continue
            for i, raw_item in enumerate(items):
                item = self.item(raw_item, pos_of(items, i), section_id, item_ids)
                if item is not None:
                    existing[1].append(item)

    def bands(self, data: Mapping) -> tuple[Band, ...]:
        raw = self.sequence(data, "bands", "checklist")
        bands: list[Band] = []
        seen: set[str] = set()
        previous: int | None = None  # the last valid min, to check that mins fall
        for index, entry in enumerate(raw):
            if not isinstance(entry, Mapping):
                self.problem(pos_of(raw, index), "each band must be a mapping with id, label and min")
                continue
            self.check_keys(entry, BAND_KEYS, "band")
            band_id = self.ident(entry, "band")
            if band_id in seen:
                self.problem(pos_of(entry, "id", value=True), f"duplicate band id '{band_id}'")
            seen.add(band_id)
            label = self.text(entry, "label", "band")
            reported = len(self.problems)
            low = self.integer(entry, "min", "band", 0, 100, 0)
            if len(self.problems) > reported:
                bands.append(Band(band_id, label, low))
                continue  # already reported: one problem, not a second about its order
            if previous is not None and low >= previous:
                self.problem(
                    pos_of(entry, "min", value=True),
                    f"band '{band_id}' min {low} must be below the band before it ({previous})",
                    "list bands highest first, with strictly falling min",
                )
            previous = low
            bands.append(Band(band_id, label, low))
        if bands and bands[-1].min != 0:
            self.problem(pos_of(raw, len(raw) - 1), f"the last band must have min 0 (got {bands[-1].min})", "every score needs a band")
        return tuple(bands)

    def sections(self, data: Mapping) -> tuple[Section, ...]:
        raw = self.sequence(data, "sections", "checklist")
        sections: list[Section] = []
        section_ids: dict[str, int | None] = {}
        item_ids: dict[str, int | None] = {}
        for index, entry in enumerate(raw):
            if not isinstance(entry, Mapping):
                self.problem(pos_of(raw, index), "each section must be a mapping with id, title and items")
                continue
            self.check_keys(entry, SECTION_KEYS, "section")
            section_id = self.ident(entry, "section")
            if section_id in section_ids:
                self.problem(
                    pos_of(entry, "id", value=True),
                    f"duplicate section id '{section_id}' (first on line {section_ids[section_id]})",
                )
            section_ids.setdefault(section_id, pos_of(entry, "id", value=True)[0])
            title = self.text(entry, "title", "section")
            items = [self.item(raw_item, pos_of(entry["items"], i), section_id, item_ids)
                     for i, raw_item in enumerate(self.sequence(entry, "items", "section"))]
            sections.append(Section(section_id, title, tuple(i for i in items if i is not None)))
        return tuple(sections)

    def item(self, entry: Any, where, section_id: str, seen: dict[str, int | None]) -> Item | None:
        if not isinstance(entry, Mapping):
            self.problem(where, "each item must be a mapping with id, question and why")
            return None
        self.check_keys(entry, ITEM_KEYS, "item")
        item_id = self.ident(entry, "item")
        id_pos = pos_of(entry, "id", value=True)
        if item_id and item_id in seen:
            first = f"first on line {seen[item_id]}" if seen[item_id] else "already in the checklist it extends"
            self.problem(id_pos, f"duplicate item id '{item_id}' ({first})", "item ids are unique across the whole checklist")
        seen.setdefault(item_id, id_pos[0])
        question = self.text(entry, "question", "item")
        why = self.text(entry, "why", "item")
        weight = self.integer(entry, "weight", "item", 1, 5, 1)
        critical = self.boolean(entry, "critical", "item", False)
        play = self.play(entry)
        return Item(item_id, question, why, weight, critical, play, section_id)

    def play(self, entry: Mapping) -> str | None:
        if "play" not in entry or entry["play"] is None:
            return None
        value = entry["play"]
        where = pos_of(entry, "play", value=True)
        if not isinstance(value, str) or not PLAY_PATTERN.match(value) or ".." in value.split("/"):
            self.problem(where, f"play must be a path to a page under docs/, like plays/single-threaded-owner.md (got {_show(value)})")
            return None
        if self.docs_dir is not None and not (self.docs_dir / value).is_file():
            self.problem(where, f"play '{value}' does not exist in {display_path(self.docs_dir)}/",
                         "fix the path, or restore the page")
        elif self.docs_dir is not None and _hidden_play(self.docs_dir, value):
            self.problem(where, f"play '{value}' is hidden by {display_path(self.docs_dir.parent / 'playbook.toml')}",
                         "link another play, or stop hiding this one")
        return value


def _hidden_play(docs_dir: Path, play: str) -> bool:
    """Whether the fork's settings file (beside docs/) hides this play."""
    from playbook_cli.settings import load_settings

    return load_settings(docs_dir.parent).hides_play(play)


def _show(value: Any) -> str:
    """A wrong value for a message, as YAML writes it (never Python's repr)."""
    if value is None:
        return "nothing"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return show_value(value)
