"""The message model: telegrams as YAML files, loaded strictly.

Every problem in a file is reported as one line, FILE:LINE:COL: what is wrong.
The format is documented in docs/message-format.md.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from teletype import markup
from teletype.errors import Location, TeletypeError
from teletype.profiles import profile_names
from teletype.yamlsource import Document, Key, describe, load, quoted_path

HEADER_STYLES = ("acp127", "plain")
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Page:
    head: tuple  # markup nodes: furniture at the top of the page
    foot: tuple  # furniture at the bottom


@dataclass(frozen=True)
class Note:
    about: str
    text: str


@dataclass(frozen=True)
class Header:
    """How the routing header is composed, and which of its values are reconstructed."""

    style: str
    values: dict[str, Any]
    reconstructed: dict[str, str]  # header key -> why and from what it was reconstructed

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


@dataclass(frozen=True)
class Message:
    id: str
    path: Path
    title: str
    date: dt.date
    kind: str
    sender: str
    addressee: str
    number: str
    precedence: str
    handling: tuple  # markup nodes, e.g. {{NLACT|NIACT}}
    classification: str
    filed: dt.datetime  # aware, in the sender's zone
    distribution: tuple[str, ...]
    clearance: tuple[str, ...]
    profile: str | None
    header: Header
    body: tuple  # markup nodes
    pages: tuple[Page, ...]
    notes: tuple[Note, ...]
    provenance: dict[str, str]
    summary: str = ""

    @property
    def filed_utc(self) -> dt.datetime:
        return self.filed.astimezone(dt.timezone.utc)

    def facsimile_segments(self) -> list[markup.Segment]:
        """The typed form as the source shows it: furniture, marks and all."""

        def furniture(page: int | None) -> list[markup.Segment]:
            segments = [markup.Segment("\n", "furniture")]
            previous = len(self.pages) - 1 if page is None else page - 2
            if 0 <= previous < len(self.pages):
                segments += markup.facsimile_segments(self.pages[previous].foot, kind="furniture")
            if page is not None and 0 <= page - 1 < len(self.pages):
                segments.append(markup.Segment(f"\n- - - page {page} - - -\n\n", "pagebreak"))
                segments += markup.facsimile_segments(self.pages[page - 1].head, kind="furniture")
            return segments

        head = markup.facsimile_segments(self.pages[0].head, kind="furniture") if self.pages else []
        return head + [markup.Segment("\n", "furniture")] + markup.facsimile_segments(self.body, furniture)

    def facsimile_text(self) -> str:
        return markup.marked_text(self.facsimile_segments())

    def wire_paragraphs(self) -> list[str]:
        return markup.wire_paragraphs(self.body)


# --- schema -----------------------------------------------------------------


class _Reader:
    """Typed access to a Document with one-line errors."""

    def __init__(self, document: Document):
        self.doc = document

    def mapping(self, key: Key, allowed: dict[str, bool]) -> dict[str, Any]:
        """The mapping at KEY; ALLOWED maps each key to whether it is required."""
        return self.doc.mapping(key, allowed, [name for name, required in allowed.items() if required])

    def value(self, key: Key) -> Any:
        return self.doc.value(key)

    def has(self, key: Key) -> bool:
        try:
            self.value(key)
        except (KeyError, IndexError, TypeError):
            return False
        return True

    @staticmethod
    def name(key: Key) -> str:
        return quoted_path(key) if key else "the file"

    def text(self, key: Key, default: str | None = None, allow_empty: bool = False) -> str:
        if not self.has(key):
            if default is None:
                raise self.doc.error(key[:-1], f"missing required key '{key[-1]}'")
            return default
        value = self.value(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self.doc.error(key, f"{self.name(key)} must be text, not {describe(value)}")
        if not allow_empty and not value.strip():
            raise self.doc.error(key, f"{self.name(key)} is empty")
        return value

    def text_list(self, key: Key) -> tuple[str, ...]:
        if not self.has(key):
            return ()
        value = self.value(key)
        if not isinstance(value, list):
            raise self.doc.error(key, f"{self.name(key)} must be a list, not {describe(value)}")
        return tuple(self.text(key + (index,)) for index in range(len(value)))

    def marked(self, key: Key, required: bool = True) -> tuple:
        if not required and not self.has(key):
            return ()
        text = self.text(key)
        try:
            return markup.parse(text)
        except markup.MarkupError as exc:
            raise TeletypeError(exc.message, self.doc.within(key, exc.offset)) from None

    def date(self, key: Key) -> dt.date:
        value = self.value(key)
        if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
            raise self.doc.error(key, f"{self.name(key)} must be a date like 1962-10-27, not {describe(value)}")
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise self.doc.error(key, f"{self.name(key)}: '{value}' is not a date like 1962-10-27") from None
        return value

    def local_time(self, key: Key) -> dt.datetime:
        value = self.value(key)
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                raise self.doc.error(key, f"{self.name(key)}: '{value}' is not a date and time like 1962-10-27 20:05") from None
        if not isinstance(value, dt.datetime):
            raise self.doc.error(key, f"{self.name(key)} must be a date and time like 1962-10-27 20:05, not {describe(value)}")
        if value.tzinfo is not None:
            raise self.doc.error(key, f"{self.name(key)} must be local time without an offset; give the zone in 'zone'")
        return value

    def zone(self, key: Key) -> ZoneInfo:
        name = self.text(key)
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a directory of zones, such as "America"
            raise self.doc.error(key, f"unknown time zone '{name}' (use an IANA name such as America/New_York)") from None

    def choice(self, key: Key, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(key, default)
        if value not in choices:
            raise self.doc.error(key, f"{self.name(key)} must be one of {', '.join(choices)}, not '{value}'")
        return value


_TOP_KEYS = {
    "format": True,
    "id": False,
    "title": True,
    "date": True,
    "kind": False,
    "summary": False,
    "from": True,
    "to": True,
    "number": False,
    "precedence": False,
    "handling": False,
    "classification": False,
    "filed": True,
    "distribution": False,
    "clearance": False,
    "profile": False,
    "header": True,
    "body": True,
    "facsimile": False,
    "notes": False,
    "provenance": True,
}
_HEADER_KEYS = {
    "style": True,
    "transmission": False,
    "precedence": False,
    "routing": False,
    "originator": False,
    "serial": False,
    "security": False,
    "from": False,
    "to": False,
    "class": False,
    "reconstructed": False,
}
_ACP127_REQUIRED = ("transmission", "precedence", "routing", "originator", "serial", "security", "from", "to", "class")
PRECEDENCE_LETTERS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}


def _header(read: _Reader) -> Header:
    raw = read.mapping(("header",), _HEADER_KEYS)
    style = read.choice(("header", "style"), HEADER_STYLES)
    values: dict[str, Any] = {}
    for name in raw:
        key = ("header", name)
        if name in ("style", "reconstructed"):
            continue
        values[name] = read.text_list(key) if name == "routing" else read.text(key)
    if style == "acp127":
        for name in _ACP127_REQUIRED:
            if name not in values:
                raise read.doc.error(("header",), f"header style acp127 needs 'header.{name}'")
        if values["precedence"] not in PRECEDENCE_LETTERS:
            letters = ", ".join(f"{letter} ({word.lower()})" for letter, word in PRECEDENCE_LETTERS.items())
            raise read.doc.error(("header", "precedence"), f"'header.precedence' must be one of {letters}")
        if not values["routing"]:
            raise read.doc.error(("header", "routing"), "'header.routing' needs at least one routing indicator")
    reconstructed: dict[str, str] = {}
    if "reconstructed" in raw:
        table = read.value(("header", "reconstructed"))
        if not isinstance(table, dict):
            raise read.doc.error(("header", "reconstructed"), "'header.reconstructed' must map header keys to the reason")
        for name in table:
            if name not in values:
                raise TeletypeError(
                    f"'header.reconstructed' names '{name}', which the header does not set",
                    read.doc.key_at(("header", "reconstructed", name)),
                )
            reconstructed[name] = read.text(("header", "reconstructed", name))
    return Header(style, values, reconstructed)


def _pages(read: _Reader) -> tuple[Page, ...]:
    if not read.has(("facsimile",)):
        return ()
    read.mapping(("facsimile",), {"pages": True})
    pages = read.value(("facsimile", "pages"))
    if not isinstance(pages, list):
        raise read.doc.error(("facsimile", "pages"), f"'facsimile.pages' must be a list, not {describe(pages)}")
    result = []
    for index in range(len(pages)):
        key = ("facsimile", "pages", index)
        read.mapping(key, {"head": False, "foot": False})
        result.append(Page(read.marked(key + ("head",), required=False), read.marked(key + ("foot",), required=False)))
    return tuple(result)


def _check_page_marks(read: _Reader, body: tuple, pages: tuple[Page, ...]) -> None:
    text = read.value(("body",))

    def page_mark_at(page: int) -> Location:
        match = re.search(r"\{\{\s*page\s+" + str(page) + r"\s*\}\}", text)
        return read.doc.within(("body",), match.start()) if match else read.doc.at(("body",))

    expected = 2
    for node in body:
        if not isinstance(node, markup.PageBreak):
            continue
        if node.page is None:
            expected = None
            continue
        if expected is None or node.page != expected:
            raise TeletypeError(f"{{{{page {node.page}}}}} where page {expected or 'end'} was expected", page_mark_at(node.page))
        if node.page > len(pages):
            raise TeletypeError(f"{{{{page {node.page}}}}}, but 'facsimile.pages' describes {len(pages)} page(s)", page_mark_at(node.page))
        expected += 1


def _notes(read: _Reader) -> tuple[Note, ...]:
    if not read.has(("notes",)):
        return ()
    notes = read.value(("notes",))
    if not isinstance(notes, list):
        raise read.doc.error(("notes",), f"'notes' must be a list, not {describe(notes)}")
    result = []
    for index in range(len(notes)):
        key = ("notes", index)
        read.mapping(key, {"about": True, "text": True})
        result.append(Note(read.text(key + ("about",)), read.text(key + ("text",))))
    return tuple(result)


def _provenance(read: _Reader) -> dict[str, str]:
    raw = read.mapping(("provenance",), {"source": True, "citation": False, "transcription": False, "reconstructed": True})
    return {name: read.text(("provenance", name)) for name in raw}


def parse_document(document: Document) -> Message:
    read = _Reader(document)
    read.mapping((), _TOP_KEYS)
    version = read.value(("format",))
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise document.error(("format",), f"'format' must be {FORMAT_VERSION} (this program reads message format {FORMAT_VERSION})")
    filed_key = ("filed",)
    read.mapping(filed_key, {"local": True, "zone": True})
    filed = read.local_time(filed_key + ("local",)).replace(tzinfo=read.zone(filed_key + ("zone",)))
    try:
        filed.astimezone(dt.timezone.utc)
    except OverflowError:
        raise document.error(filed_key + ("local",), "'filed.local' is too near the end of the calendar to convert to UTC") from None
    profile = read.text(("profile",), "", allow_empty=True) or None
    if profile is not None and profile not in profile_names():
        raise document.error(("profile",), f"unknown profile '{profile}' (choose from {', '.join(profile_names())})")
    body = read.marked(("body",))
    if not markup.wire_paragraphs(body):
        raise document.error(("body",), "'body' has no text to send")
    pages = _pages(read)
    _check_page_marks(read, body, pages)
    path = Path(document.path)
    return Message(
        id=read.text(("id",), path.stem),
        path=path,
        title=read.text(("title",)),
        date=read.date(("date",)),
        kind=read.text(("kind",), "telegram"),
        sender=read.text(("from",)),
        addressee=read.text(("to",)),
        number=read.text(("number",), "", allow_empty=True),
        precedence=read.text(("precedence",), "", allow_empty=True),
        handling=read.marked(("handling",), required=False),
        classification=read.text(("classification",), "", allow_empty=True),
        filed=filed,
        distribution=read.text_list(("distribution",)),
        clearance=read.text_list(("clearance",)),
        profile=profile,
        header=_header(read),
        body=body,
        pages=pages,
        notes=_notes(read),
        provenance=_provenance(read),
        summary=read.text(("summary",), "", allow_empty=True),
    )


def load_message(path: Path | str) -> Message:
    return parse_document(load(Path(path)))


# --- finding messages -------------------------------------------------------

DEFAULT_MESSAGE = "1962-10-27-kennedy-to-khrushchev"


def message_dirs() -> list[Path]:
    """Where messages are looked for: $TELETYPE_MESSAGES (os.pathsep list), then the project's messages/."""
    dirs = [Path(part) for part in os.environ.get("TELETYPE_MESSAGES", "").split(os.pathsep) if part]
    dirs.append(Path(__file__).resolve().parent.parent / "messages")
    return dirs


def message_files(paths: list[Path] | None = None) -> list[Path]:
    """Every *.yaml message in PATHS (files or directories), sorted, without repeats."""
    found: list[Path] = []
    for path in paths if paths is not None else message_dirs():
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.exists() or paths is not None:
            found.append(path)
    seen: set[Path] = set()
    return [p for p in found if not (p.resolve() in seen or seen.add(p.resolve()))]


def resolve_message(name: str | None) -> Path:
    """A message id or a path to its file; None means the 1962 telegram."""
    name = name or DEFAULT_MESSAGE
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml") or os.sep in name or candidate.exists():
        if not candidate.exists():
            raise TeletypeError("no such file", Location(name))
        return candidate
    for directory in message_dirs():
        for suffix in (".yaml", ".yml"):
            path = directory / f"{name}{suffix}"
            if path.is_file():
                return path
    for path in message_files():
        try:
            if load_message(path).id == name:
                return path
        except TeletypeError:
            continue
    raise TeletypeError(f"no message with id '{name}' (see 'teletype list')")
