"""Read and write answers files: plain YAML a team can read, diff and commit.

Writes are atomic (a temporary file in the same directory, then a rename), so
an interrupted run never leaves a half-written file. A lock file keeps two
runs from writing the same answers at once.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from playbook_cli.errors import AnswersError, Problem, Suggestions, close_matches
from playbook_cli.files import target_lock, write_atomic, write_target
from playbook_cli.model import ACTION_STATUSES, ANSWER_WORDS, Action, Answers, Checklist
from playbook_cli.yamlsource import (
    Mapping,
    display_path,
    load_yaml,
    parse_date,
    plain_text,
    pos_of,
    show_value,
)

TOP_KEYS = {
    "checklist": True, "checklist_version": False, "team": False, "respondent": False,
    "date": False, "updated": False, "answers": False, "notes": False, "actions": False,
}
ACTION_KEYS = ("owner", "due", "status", "done", "note")
# What people type, and what it means. YAML 1.1 reads bare yes/no as booleans.
_EXACT_WORDS = {**{word: word for word in ANSWER_WORDS}, "na": "n/a"}


def normalise_answer(value: Any) -> str | None:
    """The answer word for a stored value, or None if it is not an answer."""
    if value.__class__ is str:
        # Written by the tool: already the exact word (the quick path for big trends).
        return _EXACT_WORDS.get(value) or _EXACT_WORDS.get(value.strip().lower())
    if value.__class__ is bool:
        return "yes" if value else "no"
    return None


def as_date(value: Any) -> _dt.date | None:
    """A date from YAML: a bare 2026-11-23 is already one; a quoted one is text."""
    if isinstance(value, _dt.date):
        return value
    return parse_date(value) if isinstance(value, str) else None


_UNREAD = object()


def load_answers(path: Path | str, positions: bool = True, data: Any = _UNREAD) -> Answers:
    """Load one answers file; raises AnswersError listing every problem.

    With `positions=False` no answer's place is recorded for later warnings
    (check_answers then gives no line numbers): `trend` loads thousands.
    `data` is the file as load_yaml already read it, if it was (validate
    reads it first, collecting the problems YAML itself has).
    """
    if data is _UNREAD:
        data = load_yaml(path)
    reader = _AnswersReader(display_path(path))
    if not isinstance(data, Mapping):
        reader.problem(pos_of(data) if isinstance(data, list) else (1, 1),  # a scalar or empty file: its start
                       "an answers file must be a YAML mapping with 'checklist' and 'answers'")
        raise AnswersError(reader.problems)
    header = reader.header(data)
    raw_answers = reader.table(data, "answers", "answers")
    answers = reader.answers(raw_answers)
    notes = reader.notes(reader.table(data, "notes", "text"))
    actions = reader.actions(reader.table(data, "actions", "{owner, due}"), header)
    if reader.problems:
        raise AnswersError(reader.problems)
    return Answers(
        checklist=header.checklist, checklist_version=header.version, team=header.team,
        respondent=header.respondent, date=header.date, answers=answers, notes=notes,
        actions=actions, path=reader.shown,
        answer_positions={item_id: pos_of(raw_answers, item_id) for item_id in answers} if positions else {},
        checklist_pos=pos_of(data, "checklist", value=True), updated=header.updated,
        team_pos=pos_of(data, "team", value=True), date_pos=pos_of(data, "date", value=True),
        respondent_pos=pos_of(data, "respondent", value=True),
    )


@dataclass
class _Header:
    """The top of an answers file: whose answers, to what, and when."""

    checklist: str = ""
    version: int | None = None
    team: str | None = None
    respondent: str | None = None
    date: _dt.date | None = None
    updated: _dt.date | None = None

    @property
    def latest(self) -> _dt.date | None:
        """The last day the file changed: its checkpoint, or `updated`. No action is done after it."""
        return max((d for d in (self.date, self.updated) if d is not None), default=None)


class _AnswersReader:
    """Reads the parts of one answers file (header, answers, notes, actions), collecting every problem."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []

    def problem(self, where: tuple[int | None, int | None], message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.shown, where[0], where[1], message, hint))

    def table(self, data: Mapping, key: str, what: str) -> Mapping:
        """The mapping under `key`, or an empty one after reporting a wrong type."""
        raw = data.get(key)
        if raw is not None and not isinstance(raw, Mapping):
            self.problem(pos_of(data, key, value=True), f"'{key}' must map item ids to {what}")
            return Mapping()
        return raw or Mapping()

    # -- header ----------------------------------------------------------------
    def header(self, data: Mapping) -> _Header:
        for key in data:
            if key not in TOP_KEYS:
                close = close_matches(plain_text(key), TOP_KEYS, n=1)
                self.problem(pos_of(data, key), f"unknown key {show_value(key, 80)} in answers file",
                             f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(TOP_KEYS))
        header = _Header()
        checklist = data.get("checklist")
        if not isinstance(checklist, str) or not checklist:
            self.problem(pos_of(data, "checklist", value=True),
                         "'checklist' must name the checklist id, e.g. kickoff-readiness")
        else:
            header.checklist = checklist
        version = data.get("checklist_version")
        if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
            self.problem(pos_of(data, "checklist_version", value=True), "'checklist_version' must be a whole number")
        else:
            header.version = version
        header.team = self.name(data, "team")
        header.respondent = self.name(data, "respondent")
        header.date = self.date(data)
        header.updated = self.updated(data, header.date)
        return header

    def name(self, data: Mapping, key: str) -> str | None:
        value = data.get(key)
        if value is not None and not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(pos_of(data, key, value=True), f"'{key}' must be text")
            return None
        return plain_text(value) if value is not None else None

    def date(self, data: Mapping) -> _dt.date | None:
        date = data.get("date")
        if date is not None and as_date(date) is None:
            self.problem(pos_of(data, "date", value=True),
                         f"'date' must be a date like 2026-11-23 (got {show_value(date)})")
        return as_date(date)

    def updated(self, data: Mapping, date: _dt.date | None) -> _dt.date | None:
        updated = as_date(data.get("updated"))
        if "updated" not in data or data["updated"] is None:
            return None
        where = pos_of(data, "updated", value=True)
        if updated is None:
            self.problem(where, f"'updated' must be a date like 2026-12-01 (got {show_value(data['updated'])})")
        elif data.get("date") is None:
            self.problem(where, "'updated' needs a 'date': it is the day the file changed after that checkpoint",
                         "add the checkpoint's day, e.g. date: 2026-11-23")
        elif date is not None and updated < date:
            self.problem(where, f"'updated' ({updated.isoformat()}) is earlier than 'date' ({date.isoformat()})",
                         "'updated' is the day the file last changed after its checkpoint")
        return updated

    # -- answers and notes ---------------------------------------------------------
    def answers(self, raw: Mapping) -> dict[str, str]:
        answers: dict[str, str] = {}
        for item_id, value in raw.items():
            if not isinstance(item_id, str):
                self.problem(pos_of(raw, item_id), f"item id {show_value(item_id, 80)} must be text", "quote it")
                continue
            if value is None:
                continue  # written but not answered yet: unanswered
            word = normalise_answer(value)
            if word is None:
                self.problem(pos_of(raw, item_id, value=True),
                             f"answer for {show_value(item_id, 80)} must be yes, partly, no, unknown or n/a "
                             f"(got {show_value(value)})")
                continue
            answers[item_id] = word
        return answers

    def notes(self, raw: Mapping) -> dict[str, str]:
        notes: dict[str, str] = {}
        for item_id, value in raw.items():
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                self.problem(pos_of(raw, item_id, value=True), f"note for {show_value(item_id, 80)} must be text")
                continue
            notes[plain_text(item_id)] = plain_text(value)
        return notes

    # -- actions -------------------------------------------------------------------
    def actions(self, raw: Mapping, header: _Header) -> dict[str, Action]:
        actions: dict[str, Action] = {}
        for item_id in raw:
            action = self.action(raw, item_id, header)
            if action is not None:
                actions[plain_text(item_id)] = action
        return actions

    def action(self, raw: Mapping, item_id: Any, header: _Header) -> Action | None:
        """One action: `NAME`, or {owner, due, status, done, note}; None after reporting all that is wrong with it."""
        value = raw[item_id]
        if isinstance(value, str) and value.strip():
            return Action(value.strip())
        if not isinstance(value, Mapping):
            self.problem(pos_of(raw, item_id, value=True),
                         f"action for {show_value(item_id, 80)} must be {{owner: NAME, due: YYYY-MM-DD}}")
            return None
        before = len(self.problems)  # every key is checked: validate lists all of an action's problems
        for key in value:
            if key not in ACTION_KEYS:
                self.problem(pos_of(value, key), f"unknown key {show_value(key, 80)} in action",
                             "allowed: " + ", ".join(ACTION_KEYS))
        owner = value.get("owner")
        name = owner.strip() if isinstance(owner, str) else ""
        if not name:
            self.problem(pos_of(value, "owner", value=True),
                         f"action for {show_value(item_id, 80)} needs an owner's name")
        due = value.get("due")
        if due is not None and as_date(due) is None:
            self.problem(pos_of(value, "due", value=True),
                         f"'due' must be a date like 2026-12-01 (got {show_value(due)})")
        closed = self.closing(value, item_id, header)
        if len(self.problems) > before:  # in the order they stand in the file, so the first is the headline
            self.problems[before:] = sorted(self.problems[before:], key=lambda p: (p.line or 0, p.column or 0))
            return None
        return Action(name, as_date(due), *closed)

    def closing(self, value: Mapping, item_id: Any, header: _Header) -> tuple[str, _dt.date | None, str | None]:
        """(status, done, note) of one action, after reporting each thing wrong with them.

        No action is done after the file last changed (`header.latest`: the
        later of its `date` and `updated`).
        """
        status = value.get("status", ACTION_STATUSES[0])
        known_status = status in ACTION_STATUSES
        if not known_status:
            self.problem(pos_of(value, "status", value=True),
                         f"action status must be open, done or dropped (got {show_value(status)})")
        done = None
        if value.get("done") is not None:
            where = pos_of(value, "done", value=True)
            done = as_date(value["done"])
            latest = header.latest
            if done is None:
                self.problem(where, f"'done' must be a date like 2026-11-10 (got {show_value(value['done'])})")
            elif known_status and status != "done":
                self.problem(where,
                             f"action for {show_value(item_id, 80)} has a 'done' date but its status is {status}",
                             "set status: done, or remove the 'done' date")
            elif latest is not None and done > latest:
                latest_name = "'updated'" if header.updated else "the file's date"
                self.problem(where, f"'done' ({done.isoformat()}) is later than {latest_name} ({latest.isoformat()})",
                             f"closed after the checkpoint? record the day the file changed: 'updated: "
                             f"{done.isoformat()}' (or later) under 'date'; 'playbook actions FILE --done ITEM' "
                             "does it for you")
        note = value.get("note")
        if note is not None and (not isinstance(note, (str, int, float)) or isinstance(note, bool)):
            self.problem(pos_of(value, "note", value=True),
                         f"note of the action for {show_value(item_id, 80)} must be text")
            note = None
        return status, done, None if note is None else plain_text(note)


def check_answers(answers: Answers, checklist: Checklist) -> list[Problem]:
    """Warnings about an answers file that does not quite fit its checklist."""
    warnings: list[Problem] = []
    if answers.checklist_version is not None and answers.checklist_version != checklist.version:
        warnings.append(Problem(
            answers.path, None, None,
            f"answers are for version {answers.checklist_version} of '{checklist.id}'; "
            f"the checklist is now version {checklist.version}",
            "questions may have changed meaning; consider answering again",
        ))
    known = {item.id for item in checklist.items}
    suggest = None  # prepared at the first unknown id, once
    for table, what in ((answers.answers, "answer"), (answers.notes, "note"), (answers.actions, "action")):
        for item_id in table:
            if item_id not in known:
                line, col = answers.answer_position(item_id) if what == "answer" else (None, None)
                suggest = suggest or Suggestions(known)
                close = suggest(item_id)
                warnings.append(Problem(
                    answers.path, line, col,
                    f"{what} for unknown item {show_value(item_id, 80)} in checklist '{checklist.id}' is ignored",
                    f"did you mean '{close[0]}'?" if close else None,
                ))
    return warnings


# -- many files: every team's checkpoints ------------------------------------------

ANSWERS_SUFFIXES = (".yaml", ".yml")


def answers_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The files to read: each file as given, each directory's *.yaml and *.yml at any depth.

    A directory's files come in sorted path order; hidden files and
    directories (`.git`, a killed write's leftovers) are left out. A file
    reached twice (named, and inside a named directory) is read once.
    Raises AnswersError for a path that does not exist.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += [path.joinpath(*parts) for parts in sorted(_answers_files_below(path))]
        elif os.path.lexists(path):
            found.append(path)  # anything but a regular file is refused when it is read
        else:
            raise AnswersError(Problem(os.fspath(raw), None, None, "no such file or directory"))
    unique, seen = [], set()
    for path in found:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _unread_answers(path: Path, data: Any) -> Problem | None:
    """Why a YAML file with `answers:` or `actions:` at the top, but no `checklist:`, is not read as answers."""
    if not isinstance(data, Mapping):
        return None
    keys = [key for key in ("answers", "actions") if key in data]
    if not keys:
        return None
    key = min(keys, key=lambda k: tuple(n or 0 for n in pos_of(data, k)))  # the first in the file
    line, column = pos_of(data, key)
    close = [name for name in data if isinstance(name, str) and name not in TOP_KEYS
             and close_matches(name, ["checklist"])]
    return Problem(display_path(path), line, column,
                   f"not read as answers: it has '{key}' but no 'checklist' key",
                   f"did you mean 'checklist' instead of {show_value(close[0], 40)}?" if close
                   else "add 'checklist: ID', the id of the checklist it answers")


def _answers_files_below(top: Path) -> list[tuple[str, ...]]:
    """The *.yaml and *.yml files below `top`, at any depth, as paths relative to it (tuples of names).

    Walked with a stack, not recursion, so a folder nested thousands deep is
    no traceback. Symbolic links to files count; links to directories are not
    followed (no loops), hidden names are skipped, and a folder we may not
    list is passed over; any other failure to list one raises AnswersError.
    """
    found: list[tuple[str, ...]] = []
    stack: list[tuple[str, ...]] = [()]
    while stack:
        parts = stack.pop()
        folder = top.joinpath(*parts)
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except PermissionError:
            continue
        except OSError as error:
            raise AnswersError(Problem(display_path(folder), None, None,
                                       f"cannot read this folder: {error.strerror or error}")) from None
        for entry in listed:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((*parts, entry.name))
                elif os.path.splitext(entry.name)[1] in ANSWERS_SUFFIXES and entry.is_file():
                    found.append((*parts, entry.name))
            except OSError:
                continue
    return found


def read_answers_files(paths: Sequence[Path], positions: bool = True,
                       copies: list[Problem] | None = None,
                       skipped: list[Problem] | None = None) -> list[Answers]:
    """Load the answers files among `paths`, in order; other YAML files (checklists...) are skipped.

    An answers file is a YAML mapping with a `checklist` key. A file that is
    not YAML at all is an error, since it may be a broken answers file, and
    so is an answers file without a `date`: checkpoints are grouped by date.
    A file that is a copy of one read before, byte for byte (a backup left in
    the folder, the same file reached twice), counts once, as in `score`; a
    warning for it goes to `copies`. A skipped file that looks like answers
    (`answers:` or `actions:` at the top: a misspelled `checklist:`) gets a
    warning in `skipped`, so that a gate never passes by leaving it out unsaid.
    With `positions=False` no answer keeps its place for warnings (`overview` reads thousands).
    """
    loaded: list[tuple[Path, Answers]] = []
    for path in paths:
        recoverable: list[Problem] = []  # a tag or a duplicate key: only an answers file must not have them
        data = load_yaml(path, problems=recoverable)
        if not isinstance(data, Mapping) or "checklist" not in data:
            unread = _unread_answers(path, data)
            if unread is not None and skipped is not None:
                skipped.append(unread)
            continue
        if recoverable:
            raise AnswersError(recoverable)
        answers = load_answers(path, positions, data=data)
        if answers.date is None:
            raise AnswersError(Problem(answers.path, None, None,
                                       "has no 'date'; checkpoints are grouped by their date",
                                       "add the day the checklist was answered, e.g. date: 2026-11-23"))
        loaded.append((path, answers))
    # Only files that read the same as another can be copies: just those are hashed.
    reads = Counter(reading(answers) for _, answers in loaded)
    kept: list[Answers] = []
    seen: dict[bytes, str] = {}
    for path, answers in loaded:
        digest = _digest(path) if reads[reading(answers)] > 1 else None
        if digest is not None and digest in seen:
            if copies is not None:
                copies.append(Problem(answers.path, None, None, f"is a copy of {seen[digest]}; counted once"))
            continue
        if digest is not None:
            seen[digest] = answers.path
        kept.append(answers)
    return kept


def reading(answers: Answers) -> tuple:
    """What a file says: two names of one file, or two copies byte for byte, read the same."""
    return (answers.checklist, answers.team, answers.respondent, answers.date,
            tuple(answers.answers.items()), tuple(answers.notes.items()))


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).digest()
    except OSError:
        return None


# -- writing ---------------------------------------------------------------

# JSON leaves these raw, but YAML refuses them (DEL, C1 controls, U+FFFE/FFFF) or
# reads them as line breaks (NEL, U+2028/9) that fold to a space: escape them too.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_PLAIN_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")  # used with fullmatch: no trailing newline


def _scalar(value: str) -> str:
    # JSON strings are valid YAML double-quoted scalars: safe for any text.
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def _key(item_id: str) -> str:
    # Plain only for id-like text that YAML reads back as the same string ("no", "123" are not).
    if _PLAIN_KEY.fullmatch(item_id) and isinstance(yaml.safe_load(item_id), str):
        return item_id
    return _scalar(item_id)


def _action(action: Action) -> str:
    # An open action is written as it always was: the new keys only when set.
    parts = [f"owner: {_scalar(action.owner)}"]
    if action.due:
        parts.append(f"due: {action.due.isoformat()}")
    if not action.is_open:
        parts.append(f"status: {action.status}")
    if action.done:
        parts.append(f"done: {action.done.isoformat()}")
    if action.note is not None:
        parts.append(f"note: {_scalar(action.note)}")
    return "{" + ", ".join(parts) + "}"


def dump_answers(answers: Answers, checklist: Checklist | None = None) -> str:
    """Answers as YAML text, in checklist order, every answer quoted."""
    order = [item.id for item in checklist.items] if checklist else []
    def ordered(table: dict) -> list[str]:
        ids = [i for i in order if i in table]
        return ids + [i for i in table if i not in ids]

    lines = [f"checklist: {_key(answers.checklist)}"]
    if answers.checklist_version is not None:
        lines.append(f"checklist_version: {answers.checklist_version}")
    if answers.team is not None:
        lines.append(f"team: {_scalar(answers.team)}")
    if answers.respondent is not None:
        lines.append(f"respondent: {_scalar(answers.respondent)}")
    if answers.date is not None:
        lines.append(f"date: {answers.date.isoformat()}")
    if answers.updated is not None:
        lines.append(f"updated: {answers.updated.isoformat()}")
    lines.append("answers:" if answers.answers else "answers: {}")
    for item_id in ordered(answers.answers):
        lines.append(f"  {_key(item_id)}: {_scalar(answers.answers[item_id])}")
    if answers.notes:
        lines.append("notes:")
        for item_id in ordered(answers.notes):
            lines.append(f"  {_key(item_id)}: {_scalar(answers.notes[item_id])}")
    if answers.actions:
        lines.append("actions:")
        for item_id in ordered(answers.actions):
            lines.append(f"  {_key(item_id)}: {_action(answers.actions[item_id])}")
    return "\n".join(lines) + "\n"


def save_answers(path: Path | str, answers: Answers, checklist: Checklist | None = None) -> None:
    """Write an answers file atomically, through a symlink to its target.

    Raises FileWriteError (path and reason) when it cannot or must not be
    written, FileLocked when another process is writing it; see files.write_atomic.
    """
    write_atomic(path, dump_answers(answers, checklist))


def has_comments(text: str) -> bool:
    """Whether YAML text holds a comment, which `dump_answers` cannot keep.

    A comment is a `#` outside every token; one inside a quoted or plain
    value ("ticket #12") is not. Text that does not scan has no comments we
    could tell apart, so it counts as having none.
    """
    if "#" not in text:
        return False
    end = 0
    try:
        # The pure-Python scanner: its marks count characters (libyaml's may count bytes).
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if "#" in text[end:token.start_mark.index]:
                return True
            end = max(end, token.end_mark.index)
    except yaml.YAMLError:
        return False
    return "#" in text[end:]


@contextmanager
def locked(path: Path | str) -> Iterator[None]:
    """Hold the lock for writing the answers file `path` for a whole run, or raise.

    The lock belongs to the real file (a symlink's target), so two runs hold
    it through any names. A target that cannot be written (not a regular
    file, read-only, no permission) raises FileWriteError here, before the
    first question; another run holding it raises FileLocked. The lock is
    released even by SIGKILL, and saves inside the block reuse it: see
    `files.target_lock`.
    """
    shown = display_path(path)
    target = write_target(path, shown)
    busy = Problem(shown, None, None, "another 'playbook run' is writing this answers file",
                   "finish or quit the other run first")
    with target_lock(target, shown, busy):
        yield
