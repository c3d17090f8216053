"""YAML loading that keeps where every value came from, for FILE:LINE:COL errors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from teletype.errors import Location, TeletypeError

Key = tuple[str | int, ...]


@dataclass
class Document:
    """Plain Python data from a YAML file, with the location of each value by key path."""

    path: str
    data: Any
    locations: dict[Key, Location] = field(default_factory=dict)
    key_locations: dict[Key, Location] = field(default_factory=dict)
    scalar_styles: dict[Key, str | None] = field(default_factory=dict)
    text: str = ""

    def at(self, key: Key) -> Location:
        """Where the value at KEY starts (or the nearest enclosing value)."""
        while key not in self.locations and key:
            key = key[:-1]
        return self.locations.get(key, Location(self.path, 1, 1))

    def key_at(self, key: Key) -> Location:
        return self.key_locations.get(key) or self.at(key)

    def error(self, key: Key, message: str) -> TeletypeError:
        return TeletypeError(message, self.at(key))

    def value(self, key: Key) -> Any:
        value = self.data
        for part in key:
            value = value[part]
        return value

    def mapping(self, key: Key, allowed: Iterable[str], required: Iterable[str] = (), what: str = "") -> dict[str, Any]:
        """The mapping at KEY, checked: no key outside ALLOWED, every REQUIRED one there.
        WHAT names it in errors (default: its key path, or "the file")."""
        value = self.value(key)
        what = what or (quoted_path(key) if key else "the file")
        if not isinstance(value, dict):
            raise self.error(key, f"{what} must be a mapping of keys to values, not {describe(value)}")
        allowed = sorted(allowed)
        for name in value:
            if name not in allowed:
                raise TeletypeError(f"unknown key '{name}' (expected one of: {', '.join(allowed)})", self.key_at(key + (name,)))
        for name in required:
            if name not in value:
                raise self.error(key, f"missing required key '{name}'" + (f" in {quoted_path(key)}" if key else ""))
        return value

    def within(self, key: Key, offset: int) -> Location:
        """The file location of character OFFSET inside the string value at KEY."""
        start = self.at(key)
        value = self.value(key)
        line_in_value = value.count("\n", 0, offset)
        column_in_value = offset - (value.rfind("\n", 0, offset) + 1)
        style = self.scalar_styles.get(key)
        if style in ("|", ">"):
            # A block scalar's text starts on the line after its indicator.
            line = start.line + 1 + line_in_value
            lines = self.text.splitlines()
            source_line = lines[line - 1] if line - 1 < len(lines) else ""
            indent = len(source_line) - len(source_line.lstrip(" "))
            return Location(self.path, line, indent + column_in_value + 1)
        quote = 1 if style in ("'", '"') else 0
        if line_in_value:
            return Location(self.path, start.line + line_in_value, column_in_value + 1)
        return Location(self.path, start.line, start.column + quote + column_in_value)


def quoted_path(key: Key) -> str:
    return "'" + ".".join(str(part) for part in key) + "'"


def describe(value: Any) -> str:
    """What kind of YAML value VALUE is, for an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def read_text(path: Path) -> str:
    """Read a UTF-8 file; a bad byte is reported with its line and column."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TeletypeError("no such file", Location(str(path))) from None
    except IsADirectoryError:
        raise TeletypeError("is a directory, not a file", Location(str(path))) from None
    except OSError as exc:
        raise TeletypeError(f"cannot read: {exc.strerror}", Location(str(path))) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise TeletypeError(
            f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded", Location(str(path), line, column)
        ) from None


def _location(path: str, mark: yaml.Mark) -> Location:
    return Location(path, mark.line + 1, mark.column + 1)


def parse(text: str, path: str) -> Document:
    """Parse one YAML document into plain data, recording each value's location."""
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        location = _location(path, mark) if mark else Location(path)
        raise TeletypeError(f"invalid YAML: {problem}", location) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise TeletypeError(f"invalid YAML: character U+{exc.character:04X} is not allowed ({exc.reason})", Location(path, line, column)) from None
    except yaml.YAMLError as exc:
        raise TeletypeError(f"invalid YAML: {exc}", Location(path)) from None
    document = Document(path, None, text=text)
    if node is None:
        raise TeletypeError("the file is empty", Location(path, 1, 1))
    constructor = yaml.SafeLoader("")

    inside: set[int] = set()  # the collections being built: an alias to one of them is a loop

    def build(node: yaml.Node, key: Key) -> Any:
        document.locations[key] = _location(path, node.start_mark)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if id(node) in inside:
                raise TeletypeError("an alias refers to the value that holds it", _location(path, node.start_mark))
            inside.add(id(node))
            try:
                return build_collection(node, key)
            finally:
                inside.discard(id(node))
        document.scalar_styles[key] = node.style
        try:
            return constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise TeletypeError(f"bad value: {exc}", _location(path, node.start_mark)) from None

    def build_collection(node: yaml.Node, key: Key) -> Any:
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise TeletypeError("a key must be plain text", _location(path, key_node.start_mark))
                name = key_node.value
                if name in result:
                    raise TeletypeError(f"duplicate key '{name}'", _location(path, key_node.start_mark))
                document.key_locations[key + (name,)] = _location(path, key_node.start_mark)
                result[name] = build(value_node, key + (name,))
            return result
        return [build(item, key + (index,)) for index, item in enumerate(node.value)]

    document.data = build(node, ())
    return document


def load(path: Path) -> Document:
    return parse(read_text(path), str(path))
