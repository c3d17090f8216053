"""The teleprinter's paper: a Line-API view fed in batches, with bounded scrollback.

The print line sits at the bottom of the view, as on the machine: each line feed
moves the whole paper up one row. A carriage return puts the print position
back to the left margin; a character printed where one already is overstrikes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from teletype.compose import WireLine
from teletype.schedule import Event

GUTTER = 2  # the reconstructed-line marker and a space
RIGHT_MARGIN = 2
DEFAULT_SCROLLBACK = 2000  # printed lines kept; a kiosk loops for months


@dataclass
class PaperLine:
    wire: WireLine | None  # the wire-copy line this printed line comes from
    cells: list[str] = field(default_factory=list)
    overstruck: set[int] = field(default_factory=set)

    @property
    def text(self) -> str:
        return "".join(self.cells).rstrip()


class PaperModel:
    """What is on the paper and where the print position is; no Textual in here."""

    def __init__(self, columns: int, wire_of_line: Sequence[WireLine | None] = (), scrollback: int = DEFAULT_SCROLLBACK):
        self.columns = columns
        self.wire_of_line = wire_of_line  # printed line index -> its wire-copy line
        self.scrollback = scrollback
        self.lines = [PaperLine(self._wire(0))]
        self.dropped = 0  # lines torn off the top to bound the scrollback
        self.column = 0

    def _wire(self, printed_line: int) -> WireLine | None:
        return self.wire_of_line[printed_line] if 0 <= printed_line < len(self.wire_of_line) else None

    @property
    def line(self) -> int:
        """Index in self.lines of the line under the print position."""
        return len(self.lines) - 1

    def feed(self, events: Sequence[Event]) -> tuple[set[int], bool]:
        """Print EVENTS; returns the changed line indices and whether the paper moved."""
        changed: set[int] = set()
        fed = False
        for event in events:
            text = event.code.text
            if text == "\n":
                self.lines.append(PaperLine(self._wire(event.line)))
                fed = True
            elif text == "\r":
                self.column = 0
                changed.add(self.line)
            elif text:
                self._print(text)
                changed.add(self.line)
        if len(self.lines) > self.scrollback:
            excess = len(self.lines) - self.scrollback
            del self.lines[:excess]
            self.dropped += excess
            fed = True
        return changed, fed

    def _print(self, char: str) -> None:
        line = self.lines[-1]
        # Past the right margin the type box stays in the last column and piles up.
        column = min(self.column, self.columns - 1)
        if len(line.cells) <= column:
            line.cells.extend(" " * (column + 1 - len(line.cells)))
        if char != " ":
            if line.cells[column] != " ":
                line.overstruck.add(column)
            line.cells[column] = char
        self.column += 1

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class Paper(ScrollView, can_focus=False):
    COMPONENT_CLASSES = {
        "paper--ink",
        "paper--reconstructed",
        "paper--marker",
        "paper--carriage",
        "paper--overstrike",
    }

    def __init__(self, marker: str = "*", scrollback: int = DEFAULT_SCROLLBACK, **kwargs):
        super().__init__(**kwargs)
        self.marker = marker
        self.scrollback = scrollback
        self.model = PaperModel(72, scrollback=scrollback)
        self.show_carriage = True
        self.follow = True  # keep the print line in view, until the reader scrolls back
        self._strips: LRUCache[int, Strip] = LRUCache(512)

    @property
    def paper_width(self) -> int:
        return GUTTER + self.model.columns + RIGHT_MARGIN

    def load(self, columns: int, wire_of_line: Sequence[WireLine | None]) -> None:
        """Tear off the paper and set up for a new transmission."""
        self.model = PaperModel(columns, wire_of_line, self.scrollback)
        self.show_carriage = True
        self.follow = True
        self.styles.width = self.paper_width
        self._strips.clear()
        self.virtual_size = Size(self.paper_width, 1)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def feed(self, events: Sequence[Event]) -> None:
        """Print a batch of events: one repaint for the whole batch."""
        carriage_line = self.model.line
        changed, fed = self.model.feed(events)
        for index in changed | {carriage_line}:
            self._strips.discard(index + self.model.dropped)
        if fed:
            self.virtual_size = Size(self.paper_width, len(self.model.lines))
            if self.follow:
                self._scroll_to_print_line()
            self.refresh()
        else:
            pad = self._padding()
            for index in changed | {carriage_line}:
                self.refresh_lines(index + pad)

    def _scroll_to_print_line(self) -> None:
        # Computed here: scroll_end() waits for a refresh, and a fast batch comes sooner.
        self.scroll_to(y=max(0, len(self.model.lines) - self.size.height), animate=False, immediate=True, force=True)

    def on_resize(self, event: events.Resize) -> None:
        """A panel opened or closed, or the terminal changed size: the paper's height
        changes between line feeds, and the print line must stay in view."""
        if self.follow:
            self._scroll_to_print_line()

    @property
    def allow_vertical_scroll(self) -> bool:
        # The paper shows no scrollbar, but the reader may still wheel back through it.
        return self.max_scroll_y > 0

    def on_mouse_scroll_up(self) -> None:
        self.follow = False

    def on_mouse_scroll_down(self) -> None:
        self.call_after_refresh(self._follow_at_the_end)

    def _follow_at_the_end(self) -> None:
        self.follow = self.is_vertical_scroll_end

    def set_carriage_visible(self, visible: bool) -> None:
        if visible != self.show_carriage:
            self.show_carriage = visible
            self.refresh_lines(self.model.line + self._padding())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _padding(self) -> int:
        """Blank rows above the first line, so that the print line sits at the bottom."""
        return max(0, self.size.height - len(self.model.lines))

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y - self._padding()
        width = max(self.size.width, self.paper_width)
        ink = self.get_component_rich_style("paper--ink")
        if not 0 <= index < len(self.model.lines):
            return Strip.blank(width, ink)
        with_carriage = self.show_carriage and index == self.model.line
        key = index + self.model.dropped
        if not with_carriage and key in self._strips:
            strip = self._strips[key]
        else:
            strip = self._render_paper_line(self.model.lines[index], ink, self.model.column if with_carriage else None)
            if not with_carriage:
                self._strips[key] = strip
        return strip.crop_extend(0, width, ink)

    def _render_paper_line(self, line: PaperLine, ink: Style, carriage: int | None) -> Strip:
        reconstructed = bool(line.wire and line.wire.reconstructed)
        text_style = ink + self.get_component_rich_style("paper--reconstructed") if reconstructed else ink
        marker = self.marker if reconstructed else " "
        segments = [Segment(marker, ink + self.get_component_rich_style("paper--marker")), Segment(" ", ink)]
        cells = line.cells + [" "] * (self.model.columns - len(line.cells))
        carriage = None if carriage is None else min(carriage, self.model.columns - 1)
        overstrike = text_style + self.get_component_rich_style("paper--overstrike")
        carriage_style = ink + self.get_component_rich_style("paper--carriage")
        run: list[str] = []
        for column, char in enumerate(cells):
            style = carriage_style if column == carriage else overstrike if column in line.overstruck else None
            if style is None:
                run.append(char)
                continue
            if run:
                segments.append(Segment("".join(run), text_style))
                run = []
            segments.append(Segment(char, style))
        if run:
            segments.append(Segment("".join(run), text_style))
        segments.append(Segment(" " * RIGHT_MARGIN, ink))
        return Strip(segments, self.paper_width)
