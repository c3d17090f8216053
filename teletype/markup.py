"""Inline editorial marks of a transcribed source document.

    ~~text~~          struck through on the typed form (not sent)
    ^{text}           written above the line (sent)
    [text]            withheld or illegible in the source (shown as is)
    {{source|wire}}   an editorial reading: the form shows SOURCE (which may hold
                      marks), the wire carried WIRE; explained in the message's notes
    {{page N}}        page N of the form starts here ({{page end}}: the last page ends)
    {{catchword w}}   the catchword typed at the foot of a page (not sent)
    \\x               a literal character x (for ~ ^ [ ] { } | \\)

Two views come out of one parse: the facsimile (the form, marks kept) and the wire
text (what the operator sent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class MarkupError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Struck:
    children: tuple


@dataclass(frozen=True)
class Inserted:
    children: tuple


@dataclass(frozen=True)
class Withheld:
    text: str


@dataclass(frozen=True)
class Reading:
    source: tuple
    wire: str


@dataclass(frozen=True)
class PageBreak:
    page: int | None  # None: the end of the last page


@dataclass(frozen=True)
class Catchword:
    text: str


Node = Text | Struck | Inserted | Withheld | Reading | PageBreak | Catchword

_OPENERS = {"~~": "struck text", "^{": "insertion", "[": "withheld text", "{{": "mark"}
_ESCAPABLE = set("~^[]{}|\\")
_PAGE = re.compile(r"page\s+(\d+|end)\Z")
_CATCHWORD = re.compile(r"catchword\s+(\S(?:.*\S)?)\Z", re.S)


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def parse(self) -> tuple:
        return self.sequence(closers=(), opened_at=None)

    def sequence(self, closers: tuple[str, ...], opened_at: tuple[str, int] | None) -> tuple:
        """Nodes up to one of CLOSERS (left unconsumed) or the end of the text."""
        nodes: list[Node] = []
        buffer: list[str] = []

        def flush() -> None:
            if buffer:
                nodes.append(Text("".join(buffer)))
                buffer.clear()

        text = self.text
        while self.pos < len(text):
            if any(text.startswith(closer, self.pos) for closer in closers):
                flush()
                return tuple(nodes)
            char = text[self.pos]
            if char == "\\" and self.pos + 1 < len(text) and text[self.pos + 1] in _ESCAPABLE:
                buffer.append(text[self.pos + 1])
                self.pos += 2
            elif text.startswith("~~", self.pos):
                flush()
                nodes.append(Struck(self.enclosed("~~", "~~")))
            elif text.startswith("^{", self.pos):
                flush()
                nodes.append(Inserted(self.enclosed("^{", "}")))
            elif text.startswith("{{", self.pos):
                flush()
                nodes.append(self.directive())
            elif char == "[":
                flush()
                start = self.pos
                inner = self.enclosed("[", "]")
                if not all(isinstance(node, Text) for node in inner):
                    raise MarkupError("withheld text '[…]' cannot hold other marks", start)
                nodes.append(Withheld("".join(node.text for node in inner)))
            elif char in "]}" or (char == "|" and "|" in closers):
                raise MarkupError(self.stray_message(char, opened_at), self.pos)
            else:
                buffer.append(char)
                self.pos += 1
        if closers:
            name, start = opened_at
            opener = next(o for o in _OPENERS if text.startswith(o, start))
            raise MarkupError(f"unclosed {name}: '{opener}' has no '{closers[-1]}'", start)
        flush()
        return tuple(nodes)

    def stray_message(self, char: str, opened_at: tuple[str, int] | None) -> str:
        if opened_at is None:
            return f"'{char}' closes nothing (write '\\{char}' for the character itself)"
        return f"'{char}' does not close the {opened_at[0]} opened before it"

    def enclosed(self, opener: str, closer: str) -> tuple:
        start = self.pos
        self.pos += len(opener)
        children = self.sequence((closer,), (_OPENERS[opener], start))
        self.pos += len(closer)
        if not children:
            raise MarkupError(f"empty {_OPENERS[opener]} '{opener}{closer}'", start)
        return children

    def directive(self) -> Node:
        start = self.pos
        self.pos += 2
        source = self.sequence(("|", "}}"), ("mark", start))
        if self.text.startswith("|", self.pos):
            self.pos += 1
            wire_start = self.pos
            wire = self.sequence(("}}",), ("mark", start))
            self.pos += 2
            if not all(isinstance(node, Text) for node in wire):
                raise MarkupError("the wire reading after '|' must be plain text", wire_start)
            if not source:
                raise MarkupError("an editorial reading needs the source text before '|'", start)
            return Reading(source, "".join(node.text for node in wire))
        self.pos += 2
        word = "".join(node.text for node in source if isinstance(node, Text)).strip()
        if len(source) == 1 and isinstance(source[0], Text):
            if match := _PAGE.match(word):
                number = match.group(1)
                return PageBreak(None if number == "end" else int(number))
            if match := _CATCHWORD.match(word):
                return Catchword(match.group(1))
        raise MarkupError(
            "unknown mark '{{" + word + "}}': expected {{source|wire}}, {{page N}}, {{page end}} or {{catchword WORD}}",
            start,
        )


def parse(text: str) -> tuple:
    """Parse marked text into nodes; raises MarkupError with the offending offset."""
    return _Parser(text).parse()


# --- facsimile --------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of facsimile text and what the form shows it as."""

    text: str
    kind: str = "typed"  # typed, struck, inserted, withheld, catchword, furniture


_MARKED = {
    "struck": "~~{}~~",
    "inserted": "^{{{}}}",
    "withheld": "[{}]",
}


def facsimile_segments(nodes: tuple, on_page_break=None, kind: str = "typed") -> list[Segment]:
    """The form's text as styled segments; ON_PAGE_BREAK(page) gives furniture segments."""
    out: list[Segment] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(Segment(node.text, kind))
        elif isinstance(node, Struck):
            out.extend(facsimile_segments(node.children, on_page_break, "struck"))
        elif isinstance(node, Inserted):
            out.extend(facsimile_segments(node.children, on_page_break, "inserted"))
        elif isinstance(node, Withheld):
            out.append(Segment(node.text, "withheld"))
        elif isinstance(node, Reading):
            out.extend(facsimile_segments(node.source, on_page_break, kind))
        elif isinstance(node, Catchword):
            out.append(Segment(node.text, "catchword"))
        elif isinstance(node, PageBreak) and on_page_break is not None:
            out.extend(on_page_break(node.page))
    return out


def marked_text(segments: list[Segment]) -> str:
    """Segments back as text with the marks written out (the transcription's notation)."""
    parts = []
    for segment in segments:
        template = _MARKED.get(segment.kind)
        parts.append(template.format(segment.text) if template else segment.text)
    return "".join(parts)


# --- wire -------------------------------------------------------------------

_PAGE_MARK = "\ue000"  # stands where a page mark was, until the lines are joined (not whitespace)


def _wire_raw(nodes: tuple) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, Inserted):
            parts.append(_wire_raw(node.children))
        elif isinstance(node, Withheld):
            parts.append(f"[{node.text}]")
        elif isinstance(node, Reading):
            parts.append(node.wire)
        elif isinstance(node, (PageBreak, Catchword)):
            parts.append(_PAGE_MARK)
        # Struck text is a typing correction: it never went on the wire.
    return "".join(parts)


_SOFT_HYPHEN_END = re.compile(r"(?<=[A-Za-z])-\Z")


def wire_paragraphs(nodes: tuple) -> list[str]:
    """The text as sent: paragraphs, each one line, line breaks of the form undone.

    A line ending in a letter and a single hyphen was hyphenated by the typist at
    the margin, so the word is joined ("establish-" + "ment"); a dash ("--") is not.
    """
    lines = []
    for line in _wire_raw(nodes).split("\n"):
        if line.strip() == _PAGE_MARK * line.count(_PAGE_MARK) and _PAGE_MARK in line:
            continue  # a line that held only page furniture
        lines.append(line.replace(_PAGE_MARK, ""))
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        line = " ".join(line.split())
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
        elif not current:
            current = line
        elif _SOFT_HYPHEN_END.search(current):
            current = current[:-1] + line
        else:
            current = f"{current} {line}"
    if current:
        paragraphs.append(current)
    return paragraphs


def wire_line(nodes: tuple) -> str:
    """A one-line field (a header value) as sent."""
    return " ".join(" ".join(wire_paragraphs(nodes)).split())
