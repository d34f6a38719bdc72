"""Read one YAML file safely and keep where every value came from.

Checklists and answers files are both read here, so both get the same limits
and the same `file:line:col` messages:

* at most 1 MiB, UTF-8 only (a BOM is allowed);
* only plain data: no tags such as `!!python/object`, which are refused,
  never constructed;
* anchors and aliases are allowed, but the expanded document may not exceed
  a node budget, so an "alias bomb" fails fast instead of eating memory;
* nesting is capped, and duplicate mapping keys are errors (PyYAML would
  silently keep the last one).

Parsing uses libyaml (CSafeLoader) when it is available, because it is several
times faster; the result is built from the node graph by `_Builder` below.
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

try:
    from yaml.cyaml import CParser as _Parser  # libyaml's parser and composer
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = None


class _QuickResolver(yaml.resolver.Resolver):
    """PyYAML's resolver, with a shortcut for the plain scalars it would call text anyway.

    Implicit types (bool, int, float, null, timestamp, merge, value) are only
    ever recognised from a small set of first characters; a plain scalar that
    starts with anything else is a string. Most keys (item ids) are such text,
    and skipping the regular expressions for them halves the parse time of
    an answers file. The result is exactly PyYAML's.
    """

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in self.yaml_implicit_resolvers:
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


if _Parser is not None:  # libyaml: several times faster
    class _Loader(_Parser, yaml.constructor.SafeConstructor, _QuickResolver):
        def __init__(self, stream):
            _Parser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _QuickResolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    class _Loader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                  yaml.constructor.SafeConstructor, _QuickResolver):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            _QuickResolver.__init__(self)

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "merge"
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
        self._key_pos: dict | None = None
        self._value_pos: dict | None = None

    def _index(self) -> None:
        pairs = self._node.value if self._node is not None else []
        # Keys were inserted in node order (duplicates are refused), so they zip.
        self._key_pos = {key: _pos(k) for key, (k, _) in zip(self, pairs)}
        self._value_pos = {key: _pos(v) for key, (_, v) in zip(self, pairs)}

    def position(self, key: Any, value: bool = False) -> tuple[int, int] | None:
        """Where one key (or its value) is, without indexing every key."""
        if self._key_pos is None and self._node is not None:
            for own, (key_node, value_node) in zip(self, self._node.value):
                if own == key:
                    return _pos(value_node if value else key_node)
            return None
        table = self.value_pos if value else self.key_pos
        return table.get(key)

    @property
    def key_pos(self) -> dict[Any, tuple[int, int]]:
        if self._key_pos is None:
            self._index()
        return self._key_pos

    @property
    def value_pos(self) -> dict[Any, tuple[int, int]]:
        if self._value_pos is None:
            self._index()
        return self._value_pos


class Sequence(_Positioned, list):
    """A list that can tell the position of itself and of each element."""

    def __init__(self, node: yaml.SequenceNode | None = None) -> None:
        super().__init__()
        self._node = node

    @property
    def item_pos(self) -> list[tuple[int, int]]:
        return [_pos(child) for child in self._node.value] if self._node is not None else []


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


def load_yaml(path: Path | str, text: str | None = None) -> Any:
    """Parse one YAML document into dicts/lists/scalars with positions.

    Raises YamlSourceError with the file, line and column of the first problem.
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
    except yaml.MarkedYAMLError as exc:
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
        raise YamlSourceError(Problem(shown, line, col, f"invalid YAML: {message}", hint)) from None
    except yaml.YAMLError as exc:
        raise YamlSourceError(Problem(shown, None, None, f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise YamlSourceError(Problem(shown, None, None, f"nesting deeper than {MAX_DEPTH} levels")) from None
    if node is None:
        return None
    return _Builder(shown).build(node, 0)


class _Builder:
    """Turn a composed node graph into plain values, within the limits."""

    def __init__(self, shown: str):
        self.shown = shown
        self.nodes = 0

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> YamlSourceError:
        line, col = _pos(node)
        return YamlSourceError(Problem(self.shown, line, col, message, hint))

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                node,
                f"document expands to more than {MAX_NODES:,} values",
                "too many aliases (an 'alias bomb'?) or a file far larger than a checklist",
            )
        kind = type(node)
        if kind is yaml.ScalarNode:  # most nodes: the quick path first
            return node.value if node.tag == _STR else self._scalar(node)
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting deeper than {MAX_DEPTH} levels")
        if kind is yaml.MappingNode:
            if node.tag != _MAP:
                raise self._bad_tag(node)
            return self._mapping(node, depth)
        if kind is yaml.SequenceNode:
            if node.tag != _SEQ:
                raise self._bad_tag(node)
            return self._sequence(node, depth)
        raise self._bad_tag(node)  # pragma: no cover - the composer makes only these three

    def _bad_tag(self, node: yaml.Node) -> YamlSourceError:
        return self.fail(node, f"YAML tag {node.tag!r} is not allowed", "remove the '!' tag: plain values only")

    def _mapping(self, node: yaml.MappingNode, depth: int) -> Mapping:
        out = Mapping(node)
        build = self.build
        depth += 1
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise self.fail(key_node, "YAML merge keys ('<<') are not supported", "write the keys out")
            key = build(key_node, depth)
            if isinstance(key, (dict, list)):
                raise self.fail(key_node, "a mapping key must be a plain value")
            if key in out:
                first = next(k for k, _ in node.value if k is not key_node and self._same_key(k, key))
                raise self.fail(key_node, f"duplicate key {key!r} (first on line {_pos(first)[0]})")
            out[key] = build(value_node, depth)
        return out

    def _same_key(self, key_node: yaml.Node, key: Any) -> bool:
        try:
            return _Builder(self.shown).build(key_node, 0) == key
        except YamlSourceError:
            return False

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
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if tag == "timestamp":
            date = parse_date(value)
            if date is not None:
                return date
            if _DATE.fullmatch(value):
                raise self.fail(node, f"{value!r} is not a real date", "write the date as YYYY-MM-DD")
            raise self.fail(node, f"{value!r}: only plain dates (YYYY-MM-DD) are supported", "write the date as 2026-11-23")
        raise self._bad_tag(node)


def pos_of(container: Any, key: Any = None, *, value: bool = False) -> tuple[int | None, int | None]:
    """Best-known (line, column) of `container[key]`, or of the container."""
    if isinstance(container, Mapping):
        if key is not None:
            found = container.position(key, value)
            if found is not None:
                return found
        return container.line, container.column
    if isinstance(container, Sequence):
        if isinstance(key, int) and 0 <= key < len(container.item_pos):
            return container.item_pos[key]
        return container.line, container.column
    return None, None
