"""The pure pipeline from message to timed codes: one event per code on the line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from teletype.codes import Code, Substitution
from teletype.compose import WireLine, compose
from teletype.errors import Location, TeletypeError
from teletype.line import PrintedLine, lay_out, stream
from teletype.message import Message
from teletype.profiles import Profile


@dataclass(frozen=True, slots=True)
class Event:
    """One code on the line and when it is sent, in seconds from the start."""

    index: int
    start: float
    duration: float
    code: Code
    line: int  # printed line on the paper (0-based)
    column: int  # print position after this code

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass(frozen=True)
class Transmission:
    """Everything about one message on one machine, before any clock is involved."""

    message: Message
    profile: Profile
    wire: list[WireLine]
    printed: list[PrintedLine]
    events: list[Event]
    substitutions: list[Substitution]

    @property
    def total_time(self) -> float:
        return self.events[-1].end if self.events else self.profile.motor_spinup

    def line_bytes(self) -> bytes:
        """The exact byte stream a serial line carries: one code per byte."""
        return bytes(event.code.value for event in self.events)

    def text(self) -> str:
        return "\n".join(line.text for line in self.printed) + "\n"

    def substitution_summary(self) -> str:
        """One line on what the code set could not carry ("" when nothing was substituted)."""
        if not self.substitutions:
            return ""
        counts = Counter((s.char, s.replacement) for s in self.substitutions)
        details = ", ".join(f"{char!r}->{replacement!r} x{count}" for (char, replacement), count in counts.most_common())
        title = self.profile.make_code_set().title
        return f"{len(self.substitutions)} character(s) substituted for {title}: {details}"


def substitute_lines(
    wire: list[WireLine], profile: Profile, strict: bool, origin: str
) -> tuple[list[str], list[Substitution]]:
    code_set = profile.make_code_set()
    lines, substitutions = [], []
    for number, line in enumerate(wire, start=1):
        text = line.text.upper() if profile.upper_case_only else line.text
        new_text, changes = code_set.substitute(text)
        for offset, char, replacement in changes:
            if strict:
                raise TeletypeError(
                    f"wire copy line {number}, column {offset + 1}: {code_set.title} cannot carry {char!r} "
                    f"(U+{ord(char):04X}); without --strict it would be sent as {replacement!r}",
                    Location(origin),
                )
            substitutions.append(Substitution(char, replacement, number, offset + 1))
        lines.append(new_text)
    return lines, substitutions


def build(message: Message, profile: Profile, *, style: str | None = None, strict: bool = False) -> Transmission:
    """Message + machine profile -> the timed codes, purely."""
    wire = compose(message, style)
    lines, substitutions = substitute_lines(wire, profile, strict, str(message.path))
    printed = lay_out(lines, profile.columns)
    text = stream(printed, profile.end_of_line_text())
    codes = profile.make_code_set().encode(text)
    return Transmission(message, profile, wire, printed, timed(codes, text, profile), substitutions)


def timed(codes: list[Code], text: str, profile: Profile) -> list[Event]:
    """Each code's start time: motor spin-up, then one frame after another."""
    frame = profile.char_time
    events = []
    line = column = 0
    for index, code in enumerate(codes):
        if code.text == "\n":
            line += 1
        elif code.text == "\r":
            column = 0
        elif code.text:
            column += 1
        events.append(Event(index, profile.motor_spinup + index * frame, frame, code, line, column))
    return events
