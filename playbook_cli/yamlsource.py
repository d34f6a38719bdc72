"""Read one YAML file safely and keep where every value came from.

Checklists and answers files are both read here, so both get the same limits
and the same `file:line:col` messages:

* at most 1 MiB, UTF-8 only (a BOM is allowed);
* only plain data: no tags such as `!!python/object`, which are refused,
  never constructed;
* anchors and aliases are allowed, but the expanded document may not exceed
  a budget of values and one of text, so an "alias bomb" fails fast instead
  of eating memory;
* nesting is capped at MAX_DEPTH, checked before the parser's own limit (if
  it has one), so the message and its place are ours whatever the library;
* duplicate mapping keys are errors (PyYAML would silently keep the last one).

Parsing uses libyaml (CSafeLoader) when it is available, because it is several
times faster; the result is built from the node graph by `_Builder` below.
Messages show values as YAML writes them (`true`, `2026-01-01`, `'text'`),
never as Python's repr.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from pathlib import Path
from typing import Any

import yaml

from playbook_cli.errors import Problem, YamlSourceError
from playbook_cli.files import open_regular

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 50
MAX_NODES = 100_000
MAX_TEXT = 8 * 1024 * 1024  # characters of text in values and keys (8 MiB of ASCII), every alias expansion counted

try:
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]  # libyaml's parser and composer
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = None  # type: ignore[misc,assignment]


_PLAIN_TAGS: dict[str, str] = {}  # plain scalar -> its implicit tag, for those that need the regular expressions


class _QuickResolver(yaml.resolver.Resolver):
    """PyYAML's resolver, with shortcuts where its answer is known in advance.

    Implicit types (bool, int, float, null, timestamp, merge, value) are only
    ever recognised in plain scalars, and only from a small set of first
    characters: a quoted scalar, or a plain one that starts with anything
    else, is a string. Most keys (item ids) and answers ("yes") are such
    text, and skipping the regular expressions for them halves the parse
    time of an answers file. No path resolvers are registered here, so a
    list is a list and a mapping a mapping. The result is exactly PyYAML's.
    """

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if not implicit[0] or (value and value[0] not in self.yaml_implicit_resolvers):
                return self.DEFAULT_SCALAR_TAG
            # The rest (dates, numbers, ids such as "team-staffed" that start like "true") are
            # remembered: `trend` reads the same ids and dates in thousands of files.
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < 4096:
                    _PLAIN_TAGS[value] = tag
            return tag
        return self.DEFAULT_MAPPING_TAG if kind is yaml.MappingNode else self.DEFAULT_SEQUENCE_TAG

    def descend_resolver(self, current_node, current_index):
        pass  # called for every node; it only serves path resolvers

    def ascend_resolver(self):
        pass


class _TooDeep(yaml.MarkedYAMLError):
    """A list or mapping nested deeper than MAX_DEPTH, found while composing."""


class _PyLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                yaml.constructor.SafeConstructor, _QuickResolver):
    """PyYAML's pure-Python parser and composer: used where PyYAML was built without libyaml.

    Its composer recurses once per level, so it counts them and stops at
    MAX_DEPTH, long before Python's recursion limit would stop it with no
    place to report.
    """

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _QuickResolver.__init__(self)
        self._open = 0  # lists and mappings being composed around the current node

    def compose_node(self, parent, index):
        if not self.check_event(yaml.MappingStartEvent, yaml.SequenceStartEvent):
            return super().compose_node(parent, index)
        if self._open > MAX_DEPTH:
            raise _TooDeep(problem=_TOO_DEEP, problem_mark=self.peek_event().start_mark)
        self._open += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._open -= 1


if _Parser is not None:  # libyaml: several times faster
    class _Loader(_Parser, yaml.constructor.SafeConstructor, _QuickResolver):
        def __init__(self, stream):
            _Parser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _QuickResolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    _Loader = _PyLoader  # type: ignore[misc,assignment]

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "merge"
_SCALAR, _MAPPING, _SEQUENCE = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode  # looked up once per node
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Characters YAML does not allow in a file: control characters other than tab and line
# breaks, surrogates, U+FFFE/FFFF. (Listed, not negated: the negated class takes 4 ms to compile.)
_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class _Positioned:
    """Where a parsed mapping or list starts (1:1 for one made in code)."""

    _node: yaml.Node | None = None

    @property
    def line(self) -> int:
        return self._node.start_mark.line + 1 if self._node is not None else 1

    @property
    def column(self) -> int:
        return self._node.start_mark.column + 1 if self._node is not None else 1


class Mapping(_Positioned, dict):
    """A dict that can tell the position of itself and of each key and value.

    Positions come from the parsed nodes, looked up only when a message
    needs one: most files are valid, and building position tables for every
    key would cost more than parsing them.
    """

    def __init__(self, node: yaml.MappingNode | None = None) -> None:
        super().__init__()
        self._node = node
        # The (key, value) nodes of the keys kept, in order: a duplicate or merge key left out is left out here too.
        self._pairs = node.value if node is not None else ()
        self._key_pos: dict[Any, tuple[int, int]] | None = None
        self._value_pos: dict[Any, tuple[int, int]] | None = None

    def _index(self) -> tuple[dict[Any, tuple[int, int]], dict[Any, tuple[int, int]]]:
        # Keys were inserted in the order of their nodes, so they zip.
        return ({key: _pos(k) for key, (k, _) in zip(self, self._pairs)},
                {key: _pos(v) for key, (_, v) in zip(self, self._pairs)})

    def position(self, key: Any, value: bool = False) -> tuple[int, int] | None:
        """Where one key (or its value) is: a scan in a small mapping, an index (built once) in a large one."""
        if self._key_pos is None and len(self) <= 8:
            for own, (key_node, value_node) in zip(self, self._pairs):
                if own == key and own.__class__ is key.__class__:  # 1 is not true here
                    return _pos(value_node if value else key_node)
            return None
        return (self.value_pos if value else self.key_pos).get(key)

    @property
    def key_pos(self) -> dict[Any, tuple[int, int]]:
        if self._key_pos is None:
            self._key_pos, self._value_pos = self._index()
        return self._key_pos

    @property
    def value_pos(self) -> dict[Any, tuple[int, int]]:
        if self._value_pos is None:
            self._key_pos, self._value_pos = self._index()
        return self._value_pos


class Sequence(_Positioned, list):
    """A list that can tell the position of itself and of each element."""

    def __init__(self, node: yaml.SequenceNode | None = None) -> None:
        super().__init__()
        self._node = node

    def position(self, index: int) -> tuple[int, int] | None:
        """Where one element is (looked up, not listed: loading calls this once per element)."""
        if self._node is not None and 0 <= index < len(self._node.value):
            return _pos(self._node.value[index])
        return None


class _TypedKey:
    """A key Python would take for an equal key of another type.

    YAML's `1`, `1.0` and `true` are three keys, but `1 == 1.0 == True` in
    Python, so a dict would merge them: the second and third are kept apart
    in this wrapper, which is reported like any key that is not text.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __hash__(self) -> int:
        return hash((self.value.__class__, self.value))

    def __eq__(self, other: object) -> bool:
        return (other.__class__ is _TypedKey and other.value.__class__ is self.value.__class__
                and other.value == self.value)

    def __str__(self) -> str:
        return plain_text(self.value)

    __repr__ = __str__


def _identity(key: Any) -> tuple[type, Any]:
    """What makes two keys the same in YAML: equal value and the same type."""
    if key.__class__ is _TypedKey:
        key = key.value
    return key.__class__, key


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def parse_date(text: str) -> _dt.date | None:
    """A plain YYYY-MM-DD date, or None. The one date format of the playbook's files.

    Stricter than date.fromisoformat, which also takes 2026-W48-1 and 20261123.
    """
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return _dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def plain_text(value: Any) -> str:
    """A scalar as YAML writes it, unquoted: true, 2.5, .inf, 2026-01-01, null; text as it is."""
    cls = value.__class__
    if cls is str:
        return value
    if cls is _TypedKey:
        return plain_text(value.value)
    if value is None:
        return "null"
    if cls is bool:
        return "true" if value else "false"
    if cls is float:
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        if "e" in text and "." not in text:  # 1e+20 reads back as text in YAML; 1.0e+20 is a number
            text = text.replace("e", ".0e", 1)
        return text
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def show_value(value: Any, limit: int = 40) -> str:
    """A value for a message, as YAML writes it: 'text', true, 2.5, 2026-01-01, [a, b], {k: v}.

    Never Python's repr (True, datetime.date(2026, 1, 1), ['a']). Text is
    single-quoted; text holding a character that does not print (a line
    break, a control or invisible character) is double-quoted with escapes,
    so that the message stays one line and shows what is really there.
    Values longer than about `limit` characters are cut short with "...".
    """
    cls = value.__class__
    if cls is str:
        return _quoted(value if len(value) <= limit else value[:max(limit - 5, 1)] + "...")
    if isinstance(value, (list, dict)):
        entries = value.items() if isinstance(value, dict) else value
        parts: list[str] = []
        used = 2
        for entry in entries:
            if isinstance(value, dict):
                part = f"{show_value(entry[0], limit)}: {show_value(entry[1], limit)}"
            else:
                part = show_value(entry, limit)
            if parts and used + len(part) > limit:
                parts.append("...")
                break
            parts.append(part)
            used += len(part) + 2
        inside = ", ".join(parts)
        return f"{{{inside}}}" if isinstance(value, dict) else f"[{inside}]"
    return plain_text(value)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _quoted(text: str) -> str:
    if text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else _escape(c) for c in text) + '"'


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def display_path(path: Path | str) -> str:
    """The path as the user should see it: as typed, or relative to the cwd when inside it."""
    text = os.fspath(path)
    if not os.path.isabs(text):
        return text
    cwd = os.getcwd().rstrip(os.sep) + os.sep
    return text[len(cwd):] if text.startswith(cwd) else text


def read_text(path: Path | str) -> str:
    """Read a file as UTF-8 text, enforcing the size limit."""
    shown = display_path(path)
    try:
        with open_regular(path) as fh:  # a FIFO or device is refused, never read
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise YamlSourceError(Problem(shown, None, None, "no such file")) from None
    except IsADirectoryError:
        raise YamlSourceError(Problem(shown, None, None, "is a directory, not a file")) from None
    except OSError as exc:
        raise YamlSourceError(Problem(shown, None, None, f"cannot read: {exc.strerror or exc}")) from None
    if len(data) > MAX_BYTES:
        raise YamlSourceError(
            Problem(shown, None, None, "file is larger than 1 MiB", "playbook files are small; is this the right file?")
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "save the file as UTF-8"
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            hint = "the file looks like UTF-16; save it as UTF-8"
        raise YamlSourceError(Problem(shown, line, col, "not valid UTF-8", hint)) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise YamlSourceError(Problem(shown, line, None, "contains a NUL byte; is this a binary file?"))
    return text


def load_yaml(path: Path | str, text: str | None = None, problems: list[Problem] | None = None) -> Any:
    """Parse one YAML document into dicts/lists/scalars with positions.

    Raises YamlSourceError with the file, line and column of the first problem.
    Given a list as `problems`, the problems that leave the rest of the file
    readable (a duplicate key, a tag, a merge key, a key that is a list or a
    mapping, an impossible date) are appended to it instead, and reading goes
    on, so that `validate` can list them with every other problem in the file.
    A syntax error, nesting too deep or a document too large still raises.
    """
    shown = display_path(path)
    if text is None:
        text = read_text(path)
    bad = _NOT_PRINTABLE.search(text)
    if bad:  # found here, it gets a line and column; libyaml's own message has neither
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        message = f"invalid YAML: non-printable character U+{ord(bad.group()):04X} is not allowed"
        raise YamlSourceError(Problem(shown, line, col, message,
                                      "delete it; control characters are often pasted in by accident"))
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError) as exc:
        # Our nesting limit comes first: the parser may have stopped at its own (libyaml 0.2.6 has one).
        mark = exc.problem_mark if isinstance(exc, _TooDeep) else None  # a _TooDeep always has its mark
        deep = (mark.line + 1, mark.column + 1) if mark is not None else _too_deep(text, exc)
        if deep is not None:
            raise YamlSourceError(Problem(shown, deep[0], deep[1], _TOO_DEEP)) from None
        raise YamlSourceError(_syntax_problem(shown, text, exc)) from None
    if node is None:
        return None
    return _Builder(shown, problems).build(node, 0)


_TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels"


def _too_deep(text: str, exc: BaseException) -> tuple[int, int] | None:
    """Where the first list or mapping nested deeper than MAX_DEPTH starts, if one comes before a parse error.

    The parser emits events up to the error; they are walked counting the
    open lists and mappings, without recursion. libyaml's scanner looks
    ahead before it emits (a `[` may start a key), so when it stopped at its
    own nesting limit it has emitted nothing of the nesting: then the text
    up to the error is walked again, where the end of the text makes it emit.
    """
    found = _deepest_start(text)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if found is None and mark is not None:
        lines = text.splitlines(keepends=True)  # YAML's line breaks: the others were refused above
        cut = sum(len(line) for line in lines[:mark.line]) + mark.column
        if 0 < cut < len(text):
            found = _deepest_start(text[:cut])
    return found


def _deepest_start(text: str) -> tuple[int, int] | None:
    parser = _Loader(text)
    open_ = 0
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, starts):
                if open_ > MAX_DEPTH:  # every event from the parser carries its marks
                    return event.start_mark.line + 1, event.start_mark.column + 1  # type: ignore[union-attr]
                open_ += 1
            elif isinstance(event, ends):
                open_ -= 1
            elif event is None or isinstance(event, yaml.StreamEndEvent):
                return None
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        parser.dispose()


def _syntax_problem(shown: str, text: str, exc: BaseException) -> Problem:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(shown, None, None, "invalid YAML" if isinstance(exc, RecursionError) else f"invalid YAML: {exc}")
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "invalid YAML"
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    lines = text.splitlines()
    if mark and lines and mark.line >= len(lines):
        # libyaml reports "end of file" one line past the last: point at the last line instead.
        line, col = len(lines), len(lines[-1]) + 1
    bad_line = lines[line - 1] if line and line <= len(lines) else ""
    hint = None
    # libyaml names the tab only sometimes; a tab on the offending line is the tell.
    if "tab" in message.lower() or "\t" in bad_line:
        hint = "YAML indents with spaces, not tabs"
    return Problem(shown, line, col, f"invalid YAML: {message}", hint)


class _Builder:
    """Turn a composed node graph into plain values, within the limits."""

    def __init__(self, shown: str, problems: list[Problem] | None = None):
        self.shown = shown
        self.problems = problems  # None: the first problem raises
        self.nodes = 0
        self.text = 0

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> YamlSourceError:
        line, col = _pos(node)
        return YamlSourceError(Problem(self.shown, line, col, message, hint))

    def recoverable(self, node: yaml.Node, message: str, hint: str | None = None) -> None:
        """A problem that leaves the rest readable: raised, or collected while reading goes on."""
        error = self.fail(node, message, hint)
        if self.problems is None:
            raise error
        self.problems.append(error.first)

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                node,
                f"document expands to more than {MAX_NODES:,} values",
                "too many aliases (an 'alias bomb'?) or a file far larger than a checklist",
            )
        kind = node.__class__
        if kind is _SCALAR:  # most nodes: the quick path first
            value = node.value
            # Counted on every expansion of an alias: a long text repeated is as costly as written out.
            self.text += len(value)
            if self.text > MAX_TEXT:
                raise self.fail(node, f"document expands to more than {MAX_TEXT // (1024 * 1024)} MiB of text",
                                "a long value repeated through aliases (an 'alias bomb'?)")
            return value if node.tag == _STR else self._scalar(node)  # type: ignore[arg-type]  # narrowed by class
        if depth > MAX_DEPTH:
            raise self.fail(node, _TOO_DEEP)
        if kind is _MAPPING:
            if node.tag != _MAP:
                self._bad_tag(node)  # when collecting: read on as a plain mapping
            return self._mapping(node, depth)  # type: ignore[arg-type]  # narrowed by class
        if kind is _SEQUENCE:
            if node.tag != _SEQ:
                self._bad_tag(node)
            return self._sequence(node, depth)  # type: ignore[arg-type]  # narrowed by class
        raise self.fail(node, "unknown kind of YAML node")  # pragma: no cover - the composer makes only these three

    def _bad_tag(self, node: yaml.Node) -> None:
        tag = "!!" + node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag  # as it is usually written
        self.recoverable(node, f"YAML tag {show_value(tag, 80)} is not allowed",
                         "remove the '!' tag: plain values only")

    def _mapping(self, node: yaml.MappingNode, depth: int) -> Mapping:
        out = Mapping(node)
        build = self.build
        depth += 1
        pairs = node.value
        kept = None  # the pairs in `out`, once one is left out (until then, the first len(out) of pairs)
        firsts = None  # identity -> first key node, from the first clash of keys on
        for pair in pairs:
            key_node, value_node = pair
            if key_node.tag == _MERGE:
                self.recoverable(key_node, "YAML merge keys ('<<') are not supported", "write the keys out")
                kept = kept if kept is not None else list(pairs[:len(out)])
                continue
            key = build(key_node, depth)
            if isinstance(key, (dict, list)):
                self.recoverable(key_node, "a mapping key must be a plain value")
                kept = kept if kept is not None else list(pairs[:len(out)])
                continue
            if key in out:  # rare: a duplicate, or 1, 1.0 and true, which Python takes for one key
                if firsts is None:
                    firsts = {_identity(own): k for own, (k, _) in zip(out, kept if kept is not None else pairs)}
                first = firsts.get(_identity(key))
                if first is not None:
                    self.recoverable(key_node, f"duplicate key {show_value(key)} (first on line {_pos(first)[0]})")
                    kept = kept if kept is not None else list(pairs[:len(out)])
                    continue
                key = _TypedKey(key)
            if firsts is not None:
                firsts[_identity(key)] = key_node
            out[key] = build(value_node, depth)
            if kept is not None:
                kept.append(pair)
        if kept is not None:
            out._pairs = kept
        return out

    def _sequence(self, node: yaml.SequenceNode, depth: int) -> Sequence:
        out = Sequence(node)
        build = self.build
        depth += 1
        for child in node.value:
            out.append(build(child, depth))
        return out

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag[len(_TAG):] if node.tag.startswith(_TAG) else None
        value = node.value
        if tag == "str":
            return value
        if tag == "null":
            return None
        if tag == "bool":
            return value.lower() in ("yes", "true", "on", "y")
        if tag == "int":
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                # YAML 1.1 octal "0755" and sexagesimal forms: keep as text.
                return value
        if tag == "float":
            number = value.replace("_", "").lower()
            if number.endswith((".inf", ".nan")):  # YAML's spelling: Python's float() reads "inf" and "nan"
                number = number.replace(".", "", 1)
            try:
                return float(number)
            except ValueError:
                return value  # sexagesimal 1:30.5: keep as text
        if tag == "timestamp":
            date = parse_date(value)
            if date is not None:
                return date
            if _DATE.fullmatch(value):
                self.recoverable(node, f"{show_value(value)} is not a real date", "write the date as YYYY-MM-DD")
            else:
                self.recoverable(node, f"{show_value(value)}: only plain dates (YYYY-MM-DD) are supported",
                                 "write the date as 2026-11-23")
            return value  # when collecting: read on with the text
        self._bad_tag(node)
        return value  # when collecting: read on with the text as written


def pos_of(container: Any, key: Any = None, *, value: bool = False) -> tuple[int | None, int | None]:
    """Best-known (line, column) of `container[key]`, or of the container."""
    if isinstance(container, Mapping):
        if key is not None:
            found = container.position(key, value)
            if found is not None:
                return found
        return container.line, container.column
    if isinstance(container, Sequence):
        if isinstance(key, int):
            found = container.position(key)
            if found is not None:
                return found
        return container.line, container.column
    return None, None
