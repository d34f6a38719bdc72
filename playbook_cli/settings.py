"""The fork-owned settings file, `playbook.toml` at the project's root.

What a fork needs beyond the site engine's config (branding stays in
mkdocs.yml): which upstream plays and checklists to hide, and the owner and
review date a play card shows when the play sets none. Upstream ships the
file with every setting commented out, so a fork edits only this file and
upstream merges never touch the fork's choices.

```toml
[hide]
checklists = ["narrative-debt"]
plays = ["plays/narrative-debt.md"]

[plays]
default_owner = "Delivery guild"
default_last_reviewed = 2026-01-15
```
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from playbook_cli.errors import PlaybookError, Problem

FILENAME = "playbook.toml"
_KEYS = {"hide": {"checklists", "plays"}, "plays": {"default_owner", "default_last_reviewed"}}


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

    def hides_play(self, play: str) -> bool:
        """Whether a play link (plays/x.md, optionally with #anchor) points at a hidden play."""
        return play.split("#", 1)[0] in self.hide_plays


def settings_path(root: Path) -> Path:
    return Path(root) / FILENAME


def project_root_of_checklists(directory: Path) -> Path:
    """The project a checklists directory belongs to: its parent."""
    return Path(directory).resolve().parent


def load_settings(root: Path) -> Settings:
    """The settings of the project at root; no file means the defaults."""
    path = settings_path(root)
    data = _read_toml(path)
    if data is None:
        return Settings()
    problems = []

    def problem(message: str) -> None:
        problems.append(Problem(str(path), None, None, message))

    for message in _unknown_keys(data):
        problem(message)
    hide: dict = data["hide"] if isinstance(data.get("hide"), dict) else {}
    plays: dict = data["plays"] if isinstance(data.get("plays"), dict) else {}

    def strings(key: str) -> frozenset[str]:
        value = hide.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problem(f"[hide] {key} must be a list of strings")
            return frozenset()
        return frozenset(value)

    hidden_checklists, hidden_plays = strings("checklists"), strings("plays")
    for play in sorted(hidden_plays):
        if not play.endswith(".md") or play.startswith("/"):
            problem(f"[hide] plays: '{play}' must be a page path under docs/, like plays/some-play.md")
    owner = plays.get("default_owner")
    if owner is not None and not (isinstance(owner, str) and owner.strip()):
        problem("[plays] default_owner must be a non-empty string")
    reviewed = plays.get("default_last_reviewed")
    if reviewed is not None and not isinstance(reviewed, dt.date):
        problem("[plays] default_last_reviewed must be a date, like 2026-01-15 (unquoted)")
    if problems:
        raise SettingsError(problems)
    return Settings(hidden_checklists, hidden_plays, owner, reviewed.isoformat() if reviewed else None, path)


def _read_toml(path: Path) -> dict | None:
    """The settings file's tables, or None when there is no file; raises SettingsError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise SettingsError(Problem(str(path), None, None, f"cannot read: {error.strerror or error}")) from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(Problem(str(path), None, None, f"not valid TOML: {error}",
                                    "see the commented example in upstream's playbook.toml")) from None


def _unknown_keys(data: dict) -> list[str]:
    """What is wrong with the file's tables and keys, as messages."""
    messages = []
    for table, value in data.items():
        if table not in _KEYS:
            messages.append(f"unknown table [{table}] (expected one of: {', '.join(sorted(_KEYS))})")
        elif not isinstance(value, dict):
            messages.append(f"'{table}' must be a table, like [{table}]")
        else:
            messages += [f"unknown key '{key}' in [{table}] (expected one of: {', '.join(sorted(_KEYS[table]))})"
                         for key in value if key not in _KEYS[table]]
    return messages


def hidden_checklist(path: Path) -> bool:
    """Whether the settings of the project that holds this checklist file hide it."""
    return Path(path).stem in load_settings(project_root_of_checklists(Path(path).parent)).hide_checklists
