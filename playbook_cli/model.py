"""The data the playbook works with. Plain dataclasses, no I/O."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from playbook_cli.errors import Problem

# The five answers a respondent can give, in the order the tool offers them.
ANSWER_WORDS = ("yes", "partly", "no", "unknown", "n/a")

# `n/a` has no value: it removes the item (scoring.HALVES gives the others' values).
NOT_APPLICABLE = "n/a"

# An anonymous team result with fewer respondents shows neither how many chose each answer nor notes:
# with two people, a count is a name.
ANONYMOUS_MIN_RESPONDENTS = 3


@dataclass(frozen=True)
class Band:
    id: str
    label: str
    min: int


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    why: str
    weight: int = 1
    critical: bool = False
    play: str | None = None
    section_id: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class BaseRef:
    """What an overlay extends (DESIGN.md, "Overlays keep track of their base")."""

    id: str
    version: int  # the base's version now
    written_against: int | None  # the overlay's `base_version:`; None when it records none
    line: int | None = None  # where the overlay records it (else its `extends:`)
    column: int | None = None


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    version: int
    summary: str
    bands: tuple[Band, ...]
    sections: tuple[Section, ...]
    path: str = ""
    # Team results never show who answered what (DESIGN.md, "Anonymous checklists").
    anonymous: bool = False
    # An overlay's base, as it was when the overlay was built; None for a plain checklist.
    base: BaseRef | None = field(default=None, compare=False)
    # What validate should mention that is not a problem (a link to a play playbook.toml hides).
    notices: tuple[Problem, ...] = field(default=(), compare=False)

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item | None:
        for item in self.items:
            if item.id == item_id:
                return item
        return None

    def section(self, section_id: str) -> Section | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    def position(self, item_id: str) -> int:
        """1-based position of an item in the whole checklist."""
        for index, item in enumerate(self.items, start=1):
            if item.id == item_id:
                return index
        raise KeyError(item_id)


# An action's status (DESIGN.md, "Actions: from gap to done"); the first is the default.
ACTION_STATUSES = ("open", "done", "dropped")


@dataclass(frozen=True)
class Action:
    """A gap's named owner: who closes it, by when, and how it ended."""

    owner: str
    due: _dt.date | None = None
    status: str = "open"
    done: _dt.date | None = None  # the day it was done (status done only)
    note: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass
class Answers:
    """One respondent's answers to one checklist, as stored in an answers file."""

    checklist: str
    checklist_version: int | None = None
    team: str | None = None
    respondent: str | None = None
    date: _dt.date | None = None
    answers: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    path: str = ""
    # item id -> (line, column) of its answer in the file, for warnings about unknown ids;
    # empty unless the loader was asked for positions (`trend` loads thousands and warns of none).
    answer_positions: dict[str, tuple[int | None, int | None]] = field(default_factory=dict, repr=False,
                                                                       compare=False)
    # (line, column) of the `checklist:` value, for "no such checklist" errors.
    checklist_pos: tuple[int | None, int | None] = (None, None)
    # (line, column) of the `team:`, `date:` and `respondent:` values (the key, when the file has
    # none), for "these files are not one checkpoint" and "this file is someone else's" errors.
    team_pos: tuple[int | None, int | None] = field(default=(None, None), compare=False)
    date_pos: tuple[int | None, int | None] = field(default=(None, None), compare=False)
    respondent_pos: tuple[int | None, int | None] = field(default=(None, None), compare=False)
    # The day the file last changed after its checkpoint (`date`), e.g. an action closed later.
    updated: _dt.date | None = None

    def answer_position(self, item_id: str) -> tuple[int | None, int | None]:
        """(line, column) of an answer in its file, for warnings about unknown ids."""
        return self.answer_positions.get(item_id, (None, None))

    @property
    def name(self) -> str:
        """Who answered: the respondent, else the file name (two people can share either:
        see `respondent_labels`)."""
        if self.respondent and self.respondent.strip():
            return self.respondent
        if self.path:
            return self.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return "respondent"


def _same_name_key(name: str) -> str:
    # Names a reader cannot tell apart are the same: case, spacing, compatibility
    # forms (full-width letters) and invisible format characters aside.
    if name.isascii():  # the usual case, and `trend` labels thousands: no Unicode tables needed
        return " ".join(name.lower().split())
    import unicodedata

    folded = unicodedata.normalize("NFKC", " ".join(name.split())).casefold()
    return "".join(char for char in folded if unicodedata.category(char) != "Cf")


def respondent_labels(names: Sequence[str]) -> list[str]:
    """One label per answers file, all different: "Dana", then "Dana (2)" for a second Dana.

    Every file is one vote and must be shown as one respondent, even when two
    people share a name (or two files without a respondent share a file name).
    """
    if len(names) < 2:
        return list(names)
    taken = {_same_name_key(name) for name in names}
    seen: set[str] = set()
    labels = []
    for name in names:
        label, key, n = name, _same_name_key(name), 1
        # A numbered label must not be another respondent's real name ("Dana (2)").
        while key in seen or (n > 1 and key in taken):
            n += 1
            label = f"{' '.join(name.split()) or name} ({n})"
            key = _same_name_key(label)
        seen.add(key)
        labels.append(label)
    return labels


@dataclass(frozen=True)
class SectionScore:
    id: str
    title: str
    score: int


@dataclass(frozen=True)
class Gap:
    item: Item
    value: Fraction
    owner: str | None = None
    due: _dt.date | None = None
    note: str | None = None


@dataclass(frozen=True)
class Misaligned:
    """An item the respondents answered far apart: they must talk."""

    item: Item
    spread: Fraction
    answers: tuple[tuple[str, str], ...]  # (respondent, answer word) in argument order; none when anonymous
    # How many gave each answer, ANSWER_WORDS' order then "unanswered", none left out at 0;
    # empty on an anonymous result below ANONYMOUS_MIN_RESPONDENTS.
    counts: tuple[tuple[str, int], ...] = ()


@dataclass
class Result:
    """The score of one answers file, or of a team's files together."""

    checklist: Checklist
    team: str | None
    respondents: list[str]
    date: _dt.date | None
    score: int
    band: Band
    blockers: list[Item]
    unknown: list[Item]
    sections: list[SectionScore]
    gaps: list[Gap]
    # item id -> team value; None where the item is n/a.
    values: dict[str, Fraction | None]
    answered: int
    alignment: int | None = None
    misaligned: list[Misaligned] = field(default_factory=list)
    # Never show who answered what (DESIGN.md, "Anonymous checklists"): `respondents` then holds
    # placeholders, only to be counted; misaligned items have counts, not answers; notes are unsigned.
    anonymous: bool = False
    # The notes on items that are not gaps (a gap carries its own), in file order: (item, note).
    notes: list[tuple[Item, str]] = field(default_factory=list)

    @property
    def is_team(self) -> bool:
        return len(self.respondents) > 1

    @property
    def details_withheld(self) -> bool:
        """Anonymous with too few respondents: neither how many chose each answer, nor notes, nor an
        item's team value, spread or unknowns are shown (with two people, each would tell the other's answer)."""
        return self.anonymous and len(self.respondents) < ANONYMOUS_MIN_RESPONDENTS
