"""Text meant for a terminal: nothing from a file can drive it, and columns line up.

A name, note or title can carry control sequences (YAML's "\\e]0;title\\a" sets
the window title, "\\e[2J" clears the screen, "\\x9b" is an 8-bit CSI). Every
line written to a terminal goes through `terminal_safe`, which shows such
characters as visible escapes. Line breaks are the renderer's alone: a
renderer builds a list of lines and `compose` joins them, so a line break
inside a name cannot forge a line of the report. Colour is added by `compose`
after the text is made safe, so the report's own colour is the only escape
sequence left.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable

import click

# C0 and C1 controls and DEL (tab is shown as a space before this applies), the
# line and paragraph separators, and the bidirectional overrides and isolates,
# which reorder what a reader sees.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}

# Text is wrapped to the terminal, but never narrower than this.
MIN_COLUMNS = 40
DEFAULT_COLUMNS = 80


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, line_breaks: bool = False) -> str:
    """Text with every control character shown as an escape (ESC as \\x1b), tab as a space.

    A line break is escaped too (\\n), unless `line_breaks` keeps it for text
    whose lines are meant as lines (HTML). Safe to apply twice: the result
    holds no control character.
    """
    text = str(text).replace("\t", " ")
    if line_breaks:
        return "\n".join(_CONTROL.sub(_escape, line) for line in text.split("\n"))
    return _CONTROL.sub(_escape, text)


class Styled:
    """A piece of a line to show in colour (click.style arguments) when colour is on."""

    __slots__ = ("text", "style")  # a plain class: a dataclass costs start-up time

    def __init__(self, text: str, style: dict | None = None):
        self.text = text
        self.style = style or {}


def compose(lines: Iterable[str | Styled | Iterable[str | Styled]], color: bool = False) -> str:
    """Join a renderer's lines for a terminal: every piece made safe, then styled."""
    out = []
    for line in lines:
        pieces = [line] if isinstance(line, (str, Styled)) else line
        text = []
        for piece in pieces:
            if isinstance(piece, Styled):
                safe = terminal_safe(piece.text)
                text.append(click.style(safe, **piece.style) if color and piece.style else safe)
            else:
                text.append(terminal_safe(piece))
        out.append("".join(text))
    return "\n".join(out) + "\n"


def terminal_columns() -> int:
    """The terminal's width (COLUMNS wins), 80 when not a terminal, never below MIN_COLUMNS.

    What shutil.get_terminal_size does, without importing shutil (and its
    compression modules) into every command's start-up.
    """
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__  # None when Python runs without one
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout is not None else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(MIN_COLUMNS, columns or DEFAULT_COLUMNS)


def text_width() -> int:
    """Columns to wrap text to: the terminal's, less a margin (78 on an 80-column terminal)."""
    return terminal_columns() - 2


def char_width(char: str) -> int:
    """Columns one character takes: 2 for wide (CJK, most emoji), 0 for combining marks."""
    import unicodedata  # only for text that is not ASCII

    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns the text takes on a terminal.

    A character followed by U+FE0F (emoji presentation, as in ✔️) takes two;
    after a zero-width joiner the joined emoji shares its neighbour's cells.
    """
    if text.isascii():
        return len(text)
    width = 0
    previous = 0  # width of the character before, for U+FE0F
    joined = False
    for char in text:
        if char == "\ufe0f":
            if previous == 1:
                width += 1
                previous = 2
            continue
        if char == "\u200d":
            joined = True
            continue
        w = 0 if joined else char_width(char)
        joined = False
        width += w
        if w:
            previous = w
    return width


def shown_width(text: str) -> int:
    """Columns the text takes once made safe (an escaped ESC takes four)."""
    return display_width(terminal_safe(text))


def pad(text: str, width: int) -> str:
    """Text made safe and padded with spaces to `width` columns (left-aligned), by display width."""
    text = terminal_safe(text)
    return text + " " * max(0, width - display_width(text))


def _split_wide(word: str, width: int) -> list[str]:
    """A word wider than `width`, cut into pieces that fit (never inside a character)."""
    pieces, current, used = [], "", 0
    for char in word:
        w = display_width(char)
        if current and used + w > width:
            pieces.append(current)
            current, used = "", 0
        current += char
        used += w
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Text made safe, its whitespace collapsed, in lines of at most `width` columns.

    Like textwrap.wrap, but by display width, so Japanese or emoji text does
    not run past the edge. Text with no space (Japanese) is cut where it must.
    """
    words = terminal_safe(" ".join(str(text).split())).split(" ")
    room = max(1, width - display_width(indent))
    lines: list[str] = []
    current, used = "", 0
    for word in words:
        if not word:
            continue
        w = display_width(word)
        if current and used + 1 + w <= room:
            current, used = f"{current} {word}", used + 1 + w
            continue
        if current:
            lines.append(indent + current)
            current, used = "", 0
        if w <= room:
            current, used = word, w
            continue
        # Fill the rest of a line with what fits of a long word; carry the remainder.
        *full, current = _split_wide(word, room)
        lines += [indent + piece for piece in full]
        used = display_width(current)
    if current:
        lines.append(indent + current)
    return lines or [indent]
