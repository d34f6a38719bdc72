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
        # One problem, one line: a key, value or file name quoted in it may hold a line break, or a
        # character that moves the cursor or hides (a control or format character): all escaped.
        for name in ("path", "message", "hint"):
            text = getattr(self, name)
            if isinstance(text, str) and not text.isprintable():
                object.__setattr__(self, name, one_line(text))

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


def one_line(text: str) -> str:
    """`text` with line breaks, control and invisible characters escaped (\\n, \\x1b, \\u200b).

    What is left prints as one line and shows what is really there; other
    text (accents, CJK, emoji, spaces of any width) is kept as it is.
    """
    if text.isprintable():
        return text
    import unicodedata

    out = []
    for char in text:
        if char.isprintable() or unicodedata.category(char) not in _ESCAPED_CATEGORIES:
            out.append(char)
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


# Control, format (zero-width, bidi), surrogate (undecodable file names) and line/paragraph separators.
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# Letters of other scripts that look like Latin ones, after casefolding (so capitals are
# covered too): enough to catch a pasted or mistyped id, not the whole Unicode table.
_LOOK_ALIKES = {
    **dict.fromkeys("\u0430\u03b1", "a"), **dict.fromkeys("\u0432\u03b2", "b"), **dict.fromkeys("\u0441\u03f2", "c"),
    "\u0501": "d", **dict.fromkeys("\u0435\u03b5", "e"), "\u0261": "g", **dict.fromkeys("\u04bb\u043d\u03b7", "h"),
    **dict.fromkeys("\u0456\u03b9\u0131", "i"), **dict.fromkeys("\u0458\u03f3", "j"),
    **dict.fromkeys("\u043a\u03ba", "k"),
    "\u04cf": "l", **dict.fromkeys("\u043c\u03bc", "m"), **dict.fromkeys("\u043e\u03bf", "o"),
    **dict.fromkeys("\u0440\u03c1", "p"), "\u051b": "q", "\u0455": "s", **dict.fromkeys("\u0442\u03c4", "t"),
    "\u03c5": "u", "\u03bd": "v", "\u051d": "w", **dict.fromkeys("\u0445\u03c7", "x"),
    **dict.fromkeys("\u0443\u03b3", "y"),
    "\u03b6": "z",
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff", ""),  # invisible
}
_SKELETON = str.maketrans(_LOOK_ALIKES)


def skeleton(word: str) -> str:
    """What `word` looks like: NFKC (fullwidth ｏ is o), casefolded, look-alike letters made Latin, invisibles gone."""
    import unicodedata

    return unicodedata.normalize("NFKC", word).casefold().translate(_SKELETON)


class Suggestions:
    """"Did you mean" lookups against one set of known words, prepared once for many lookups."""

    def __init__(self, possibilities) -> None:
        self._by_skeleton: dict[str, str] = {}
        for known in possibilities:
            self._by_skeleton.setdefault(skeleton(known), known)

    def __call__(self, word: str, n: int = 1) -> list[str]:
        """Known words that `word` looks like (the same but for case, width or look-alike
        letters) first, then close spellings."""
        key = skeleton(word)
        found = [self._by_skeleton[key]] if key in self._by_skeleton else []
        if len(found) < n:
            from difflib import get_close_matches  # imported only when a hint is needed: it costs start-up time

            found += [self._by_skeleton[k] for k in get_close_matches(key, self._by_skeleton, n=n) if k != key]
        return [known for known in found if known != word][:n]


def close_matches(word: str, possibilities, n: int = 1) -> list[str]:
    """Suggestions for a "did you mean" hint: see Suggestions (this prepares them for one word)."""
    return Suggestions(possibilities)(word, n)
