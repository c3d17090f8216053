"""Explain mode: the last code sent, taken apart for a classroom."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from teletype.compose import WireLine
from teletype.profiles import Profile
from teletype.schedule import Event
from teletype.tui.lesson import Unit, describe, frame

UNIT_WIDTH = 6  # columns per signal unit in the drawing
IDLE = 3  # columns of idle line (mark) before the start pulse


def signal(units: list[Unit]) -> tuple[str, str, str]:
    """The frame drawn in ASCII as a line current: top row mark, bottom row space, then labels."""
    top, bottom, labels = ["_" * IDLE], [" " * IDLE], [" " * IDLE]
    level = 1  # the idle line carries current (mark)
    for unit in units:
        width = max(1, round(unit.units * UNIT_WIDTH))
        edge = unit.bit != level
        level = unit.bit
        body = width - 1 if edge else width
        top.append((" " if edge else "") + ("_" * body if level else " " * body))
        bottom.append(("|" if edge else "") + (" " * body if level else "_" * body))
        name = "par" if unit.label == "parity" else unit.label
        labels.append(name.center(width))
    return "".join(top), "".join(bottom), "".join(labels)


class Explain(Widget, can_focus=False):
    COMPONENT_CLASSES = {"explain--title", "explain--signal", "explain--reconstructed"}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.event: Event | None = None
        self.profile: Profile | None = None
        self.wire: WireLine | None = None
        self.count = 0

    def show(self, event: Event | None, profile: Profile, wire: WireLine | None, count: int) -> None:
        if (event, profile, wire, count) != (self.event, self.profile, self.wire, self.count):
            self.event, self.profile, self.wire, self.count = event, profile, wire, count
            self.refresh(layout=True)  # its height follows the text

    def render(self) -> Text:
        title = self.get_component_rich_style("explain--title")
        if self.event is None or self.profile is None:
            return Text.assemble(("Explain mode", title), ": paused. Press the step key to send one code at a time.")
        event, profile = self.event, self.profile
        units = frame(event.code.value, profile)
        bits = "".join(str(unit.bit) for unit in units if unit.label.isdigit())
        shift = f"  shift after it: {event.code.shift}" if event.code.shift else ""
        unit_ms = 1000 / profile.baud
        top, bottom, labels = signal(units)
        style = self.get_component_rich_style("explain--signal")
        lines = [
            Text.assemble(
                (f"Code {event.index + 1} of {self.count}: {event.code.name}", title),
                f"   value {event.code.value:#04x}, data bits {bits} (bit 1 first){shift}",
            ),
            Text(describe(event)),
            Text(
                f"{profile.baud:g} baud: {unit_ms:.1f} ms a unit x {profile.units:g} units = {event.duration * 1000:.1f} ms, "
                f"sent {event.start:.3f} s after the start"
            ),
            Text(top, style),
            Text(bottom, style),
            Text(labels),
        ]
        if self.wire is not None and self.wire.meaning:
            lines.append(Text(f"This line: {self.wire.meaning}"))
            if self.wire.reconstructed:
                lines.append(Text(f"Reconstructed: {self.wire.reconstructed}", self.get_component_rich_style("explain--reconstructed")))
        return Text("\n").join(lines)
