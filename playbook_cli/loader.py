"""Checklist YAML -> `Checklist`, with every problem reported as file:line:col.

Validation collects every problem it finds before failing, so `playbook
validate` (and the site build) can list them all at once. This module checks
a plain checklist; one that `extends:` another is built by overlay.py (which
reuses these checks) from the base the catalog finds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playbook_cli.errors import ChecklistError, Problem, close_matches
from playbook_cli.model import Band, Checklist, Item, Section
from playbook_cli.yamlsource import Mapping, Sequence, display_path, load_yaml, plain_text, pos_of, show_value

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
PLAY_PATTERN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.md\Z")

TOP_KEYS = {"id": True, "title": True, "version": True, "summary": False, "bands": False, "sections": True,
            "anonymous": False}
BAND_KEYS = {"id": True, "label": True, "min": True}
SECTION_KEYS = {"id": True, "title": True, "items": True}
ITEM_KEYS = {"id": True, "question": True, "why": True, "weight": False, "critical": False, "play": False}

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


def load_checklist(path: Path | str, docs_dir: Path | None | bool = True) -> Checklist:
    """Load and validate one plain checklist file (an overlay is loaded with `catalog.Catalog.load`).

    `docs_dir=True` looks for a docs/ beside the checklists directory;
    `None` or `False` skips the check of `play:` links.
    Raises ChecklistError (or YamlSourceError) listing every problem.
    """
    path = Path(path)
    if docs_dir is True:
        docs_dir = docs_dir_for(path)
    data = load_yaml(path)
    return ChecklistValidator(path, docs_dir or None).build(data)


class ChecklistValidator:
    """Checks one parsed checklist document and builds the model."""

    def __init__(self, path: Path, docs_dir: Path | None):
        self.path = path
        self.shown = display_path(path)
        self.docs_dir = docs_dir
        self.problems: list[Problem] = []
        self.notices: list[Problem] = []  # worth saying, not wrong: see Checklist.notices

    # -- reporting ---------------------------------------------------------
    def problem(self, where: tuple[int | None, int | None], message: str, hint: str | None = None) -> None:
        line, col = where
        self.problems.append(Problem(self.shown, line, col, message, hint))

    def notice(self, where: tuple[int | None, int | None], message: str, hint: str | None = None) -> None:
        line, col = where
        self.notices.append(Problem(self.shown, line, col, message, hint))

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
            self.problem(pos_of(mapping, key, value=True),
                         f"{what} '{key}' must be non-empty text (got {_show(value)})")
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
        if "extends" in data:  # the catalog finds its base: see overlay.build_checklist
            self.problem(pos_of(data, "extends", value=True),
                         f"cannot extend {show_value(data['extends'])}: only a checklist catalog finds the checklist "
                         "it extends", "load it with playbook_cli.catalog.Catalog")
            raise ChecklistError(self.problems)
        self.check_keys(data, TOP_KEYS, "checklist")
        checklist_id = self.checklist_id(data)
        title = self.text(data, "title", "checklist")
        version = self.integer(data, "version", "checklist", 1, None, 1)
        summary = ""
        if "summary" in data:
            summary = self.text(data, "summary", "checklist")
        bands = self.bands(data) if "bands" in data else DEFAULT_BANDS
        anonymous = self.boolean(data, "anonymous", "checklist", False)
        sections = self.sections(data)
        if self.problems:
            raise ChecklistError(self.problems)
        return Checklist(checklist_id, title, version, summary, bands, sections, path=self.shown, anonymous=anonymous,
                         notices=tuple(self.notices))

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
            self.problem(pos_of(raw, len(raw) - 1), f"the last band must have min 0 (got {bands[-1].min})",
                         "every score needs a band")
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
            self.problem(id_pos, f"duplicate item id '{item_id}' ({first})",
                         "item ids are unique across the whole checklist")
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
            self.problem(where, "play must be a path to a page under docs/, like plays/single-threaded-owner.md "
                                f"(got {_show(value)})")
            return None
        if self.docs_dir is not None and not (self.docs_dir / value).is_file():
            self.problem(where, f"play '{value}' does not exist in {display_path(self.docs_dir)}/",
                         "fix the path, or restore the page")
        elif self.docs_dir is not None and hidden_play_link(self.docs_dir, value, self.path.stem):
            # Not a problem: the page is still built (unlisted), so the link works, and
            # hiding a play must not force a fork to edit every checklist that links it.
            self.notice(where, f"play '{value}' is hidden by {display_path(self.docs_dir.parent / 'playbook.toml')}: "
                        "the link still works, but the page is listed nowhere",
                        "to send readers elsewhere, link another play in an overlay")
        return value


def hidden_play_link(docs_dir: Path, play: str, checklist_id: str) -> bool:
    """Whether the fork's settings file (beside docs/) hides this play, and not the checklist that links to it.

    A hidden checklist may link to a hidden play: it is still checked (it can
    be an overlay's base, and upstream keeps changing it), but shown nowhere.
    """
    from playbook_cli.settings import SettingsError, load_settings

    try:
        settings = load_settings(docs_dir.parent)
    except SettingsError:  # the settings file's own problem, shown at its line: not one for every checklist
        return False
    return settings.hides_play(play) and checklist_id not in settings.hide_checklists


def _show(value: Any) -> str:
    """A wrong value for a message, as YAML writes it (never Python's repr)."""
    if value is None:
        return "nothing"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return show_value(value)
