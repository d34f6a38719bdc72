"""The fork-owned settings file, `playbook.toml` at the project's root.

What a fork needs beyond the site engine's config (branding stays in
mkdocs.yml): which upstream plays and checklists to hide, and the owner and
review date a play card shows when the play sets none. Upstream ships the
file with every setting commented out, so a fork edits only this file and
upstream merges never touch the fork's choices.

A hidden checklist or play stays in the repository, untouched, and is still
validated and built (an overlay may extend it, and links to it must hold),
but it is shown nowhere: `playbook list` skips it and `playbook run` refuses
it (`refuse_hidden`); the site leaves it out of its nav, indexes, backlinks,
search and hand-written lists (playbook_cli.site). A question that links to
a hidden play keeps its link and gets a note from validate (not a problem:
hiding must not force edits), and a name in [hide] that the project does not
hold is a problem at its line (`unknown_hidden`).

```toml
[hide]
checklists = ["narrative-debt"]
plays = ["plays/narrative-debt.md"]

[plays]
default_owner = "Delivery guild"
default_last_reviewed = 2026-01-15

[reports]
templates = "report-templates"   # HTML report templates that override the packaged ones
```
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playbook_cli.errors import PlaybookError, Problem, close_matches
from playbook_cli.yamlsource import display_path

FILENAME = "playbook.toml"
_KEYS = {"hide": {"checklists", "plays"}, "plays": {"default_owner", "default_last_reviewed"},
         "reports": {"templates"}}


class SettingsError(PlaybookError):
    """The settings file is unreadable or holds something it must not."""


@dataclass(frozen=True)
class Settings:
    """The fork's settings; the defaults hide nothing and set nothing."""

    hide_checklists: frozenset[str] = field(default_factory=frozenset)
    hide_plays: frozenset[str] = field(default_factory=frozenset)  # paths under docs/, like plays/x.md
    default_owner: str | None = None
    default_last_reviewed: str | None = None
    path: Path | None = None
    report_templates: Path | None = None  # the fork's HTML report templates, overriding the packaged ones

    def hides_play(self, play: str) -> bool:
        """Whether a play link (plays/x.md, optionally with #anchor) points at a hidden play."""
        return play.split("#", 1)[0] in self.hide_plays


def settings_path(root: Path) -> Path:
    return Path(root) / FILENAME


def project_root_of_checklists(directory: Path) -> Path:
    """The project a checklists directory belongs to: its parent."""
    return Path(directory).resolve().parent


def load_settings(root: Path) -> Settings:
    """The settings of the project at root; no file means the defaults.

    Raises SettingsError listing every problem, each at its line and column in the file.
    """
    path = settings_path(root)
    read = _read_toml(path)
    if read is None:
        return Settings()
    data, lines = read
    problems = []

    def problem(message: str, table: str, key: str | None = None, name: str | None = None) -> None:
        """A problem at `name` (a quoted value) if given, else at `key` in [table], else at [table]."""
        line, column = _place_of(lines, name) if name is not None else (None, None)
        if line is None:
            line, column = _place_of_key(lines, table, key)
        problems.append(Problem(display_path(path), line, column, message))

    for message, table, key in _unknown_keys(data):
        problem(message, table, key)
    hide: dict = data["hide"] if isinstance(data.get("hide"), dict) else {}
    plays: dict = data["plays"] if isinstance(data.get("plays"), dict) else {}

    def strings(key: str) -> frozenset[str]:
        value = hide.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problem(f"[hide] {key} must be a list of strings", "hide", key)
            return frozenset()
        return frozenset(value)

    hidden_checklists, hidden_plays = strings("checklists"), strings("plays")
    for play in sorted(hidden_plays):
        if not play.endswith(".md") or play.startswith("/"):
            problem(f"[hide] plays: '{play}' must be a page path under docs/, like plays/some-play.md", "hide", "plays",
                    play)
    owner = plays.get("default_owner")
    if owner is not None and not (isinstance(owner, str) and owner.strip()):
        problem("[plays] default_owner must be a non-empty string", "plays", "default_owner")
    reviewed = plays.get("default_last_reviewed")
    if reviewed is not None and not isinstance(reviewed, dt.date):
        problem("[plays] default_last_reviewed must be a date, like 2026-01-15 (unquoted)", "plays",
                "default_last_reviewed")
    templates = _report_templates(data.get("reports"), path, problem)
    if problems:  # in the order they stand in the file, like a checklist's
        raise SettingsError(sorted(problems, key=lambda p: (p.line is None, p.line or 0, p.column or 0)))
    return Settings(hidden_checklists, hidden_plays, owner, reviewed.isoformat() if reviewed else None, path,
                    templates)


def _report_templates(reports: Any, path: Path, problem: Callable[..., None]) -> Path | None:
    """[reports] templates: a folder beside playbook.toml (or below it) whose templates override the packaged ones."""
    value = reports.get("templates") if isinstance(reports, dict) else None
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problem("[reports] templates must be a folder name, like \"report-templates\"", "reports", "templates")
        return None
    folder = path.parent / value
    if not folder.is_dir():
        problem(f"[reports] templates: no folder {value} beside {FILENAME}", "reports", "templates")
        return None
    return folder


def report_templates(checklists_dir: Path | str) -> Path | None:
    """The HTML report templates folder that the settings of this checklists directory's project name, if any."""
    return load_settings(project_root_of_checklists(Path(checklists_dir))).report_templates


def _read_toml(path: Path) -> tuple[dict, list[str]] | None:
    """The settings file's tables and lines, or None when there is no file; raises SettingsError at the place."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise SettingsError(Problem(display_path(path), None, None,
                                    f"cannot read: {error.strerror or error}")) from None
    hint = "see the commented example in upstream's playbook.toml"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        at = error.start
        raise SettingsError(Problem(display_path(path), raw.count(b"\n", 0, at) + 1, at - raw.rfind(b"\n", 0, at),
                                    f"not UTF-8 text (byte {raw[at]:#04x})", "save the file as UTF-8")) from None
    try:
        return tomllib.loads(text), text.splitlines()
    except tomllib.TOMLDecodeError as error:
        line, column, message = _decode_error(error, text)
        raise SettingsError(Problem(display_path(path), line, column, f"not valid TOML: {message}", hint)) from None


# How tomllib before Python 3.14 (no lineno/colno) ends its messages.
_TOML_PLACE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")


def _decode_error(error: tomllib.TOMLDecodeError, text: str) -> tuple[int | None, int | None, str]:
    """(line, column, message without its place) of a TOML syntax error."""
    message = str(getattr(error, "msg", None) or error)
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    found = _TOML_PLACE.search(str(error))
    if line is None and found is not None:
        if found.group(1):
            line, column = int(found.group(1)), int(found.group(2))
        else:  # at the end of the document
            line, column = text.count("\n") + 1, len(text) - text.rfind("\n")
    return line, column, _TOML_PLACE.sub("", message)


def _unknown_keys(data: dict) -> list[tuple[str, str, str | None]]:
    """What is wrong with the file's tables and keys: (message, table, key or None for the table itself)."""
    found: list[tuple[str, str, str | None]] = []
    for table, value in data.items():
        if table not in _KEYS:
            found.append((f"unknown table [{table}] (expected one of: {', '.join(sorted(_KEYS))})", table, None))
        elif not isinstance(value, dict):
            found.append((f"'{table}' must be a table, like [{table}]", table, None))
        else:
            found += [(f"unknown key '{key}' in [{table}] (expected one of: {', '.join(sorted(_KEYS[table]))})",
                       table, key) for key in value if key not in _KEYS[table]]
    return found


_TABLE_HEADER = re.compile(r"\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*$")


def _place_of_key(lines: list[str], table: str, key: str | None) -> tuple[int | None, int | None]:
    """(line, column), 1-based, of `key =` under [table], or of the [table] header when key is None.

    Else where the name is first set some other way (`hide.plays = ...`, `hide = {...}`, `hide = 3`);
    (None, None) if not found.
    """
    name = table if key is None else key
    setting = re.compile(r"(?:^|[\s.{,])([\"']?)" + re.escape(name) + r"\1\s*[=.]")
    current: str | None = None
    elsewhere: tuple[int | None, int | None] = (None, None)
    for number, line in enumerate(lines, start=1):
        code = line.split("#", 1)[0]
        header = _TABLE_HEADER.match(code)
        if header:
            current = header.group(1).strip("\"' ")
            if current == (table if key is None else f"{table}.{key}"):  # [hide], or [plays.extra] for a key
                return number, code.index("[") + 1
            continue
        found = setting.search(code)
        if found is None:
            continue
        if key is not None and current == table:
            return number, found.start(1) + 1
        if elsewhere[0] is None:
            elsewhere = number, found.start(1) + 1
    return elsewhere


def unknown_hidden(root: Path) -> list[Problem]:
    """What [hide] names that the project at root does not hold, at its line in playbook.toml, with a did-you-mean.

    A checklist id must be a checklist in root/checklists; a play, a page
    under root/docs. Upstream may have renamed or removed it since.
    """
    settings = load_settings(root)
    if settings.path is None:
        return []
    root = Path(root)
    ids = {p.stem for p in (root / "checklists").glob("*.y*ml")} if (root / "checklists").is_dir() else set()
    docs = root / "docs"
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")} if docs.is_dir() else set()
    lines = settings.path.read_text(encoding="utf-8").splitlines()
    problems = []
    for key, names, known, what in (("checklists", settings.hide_checklists, ids, "a checklist in checklists/"),
                                    ("plays", settings.hide_plays, pages, "a page under docs/")):
        for name in sorted(names - known):
            line, column = _place_of(lines, name)
            close = close_matches(name, known)
            problems.append(Problem(display_path(settings.path), line, column,
                                    f"[hide] {key} names '{name}', which is not {what}",
                                    f"did you mean '{close[0]}'?" if close
                                    else "it may have been renamed or removed upstream: drop it"))
    return sorted(problems, key=lambda p: p.line or 0)


def _place_of(lines: list[str], name: str) -> tuple[int | None, int | None]:
    """(line, column), 1-based, of the quoted `name` outside a comment; (None, None) if not found."""
    for number, line in enumerate(lines, start=1):
        code = line.split("#", 1)[0]
        for quote in ('"', "'"):
            at = code.find(f"{quote}{name}{quote}")
            if at != -1:
                return number, at + 1
    return None, None


def refuse_hidden(path: Path) -> None:
    """Raise SettingsError, at its line in playbook.toml, if the fork hides the checklist in this file."""
    settings = load_settings(project_root_of_checklists(Path(path).parent))
    checklist_id = Path(path).stem
    if checklist_id in settings.hide_checklists and settings.path is not None:
        line, column = _place_of(settings.path.read_text(encoding="utf-8").splitlines(), checklist_id)
        raise SettingsError(Problem(display_path(settings.path), line, column,
                                    f"checklist '{checklist_id}' is hidden here ([hide] checklists)",
                                    "run one that `playbook list` shows, or stop hiding this one"))


def hidden_checklist(path: Path) -> bool:
    """Whether the settings of the project that holds this checklist file hide it."""
    return Path(path).stem in load_settings(project_root_of_checklists(Path(path).parent)).hide_checklists
