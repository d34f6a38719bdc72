"""Errors the core raises; the command line turns them into one `Error:` line.

The core never prints and never exits: it raises one of these, carrying the
file, the position and a hint, and `cli.py` decides how to show it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, at one place."""

    path: str
    line: int | None
    column: int | None
    message: str
    hint: str | None = None

    def __post_init__(self) -> None:
        # One problem, one line: a key or value quoted from the file may hold a line break.
        if "\n" in self.message or "\r" in self.message:
            object.__setattr__(self, "message", self.message.replace("\r", "\\r").replace("\n", "\\n"))

    def location(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


class PlaybookError(Exception):
    """Base class: a problem with input that the user can fix.

    `problems` holds every problem found (validation collects, then fails);
    the first one is the headline.
    """

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        if not problems:
            raise ValueError("a PlaybookError needs at least one problem")
        self.problems = list(problems)
        super().__init__(str(self.problems[0]))

    @property
    def first(self) -> Problem:
        return self.problems[0]


class YamlSourceError(PlaybookError):
    """The file cannot be read or parsed as safe, bounded YAML."""


class ChecklistError(PlaybookError):
    """A checklist file is invalid."""


class AnswersError(PlaybookError):
    """An answers file is invalid, or does not fit its checklist."""


class ChecklistNotFound(PlaybookError):
    """No checklist with the requested id was found."""


class FileLocked(PlaybookError):
    """Another `playbook run` is writing the same answers file."""


class FileWriteError(PlaybookError):
    """A file cannot be written (or must not be): the message gives the reason, e.g. the OS's."""


def close_matches(word: str, possibilities, n: int = 1) -> list[str]:
    """Suggestions for a "did you mean" hint.

    difflib is imported only when a hint is needed: it costs start-up time.
    """
    from difflib import get_close_matches

    return get_close_matches(word, possibilities, n=n)
