"""Punched paper tape for the codes on the line, newest at the right where the punch is.

One code is one column of holes across the tape: five data channels and the
smaller feed (sprocket) holes for 5-level tape, between channels 2 and 3; eight
channels for ASCII, the feed holes between 3 and 4. Channel 1 carries the first
data bit sent. Under each column, what the code is; shift codes stand out.
"""

from __future__ import annotations

from collections import deque
from typing import Sequence

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from teletype.schedule import Event

CELL = 3  # columns of tape per code
KEPT = 400  # codes kept: more than the widest screen shows
LABELS = {"SPACE": "SP", "LTRS": "LT", "FIGS": "FG", "BELL": "BL", "NUL": "NU", "WRU": "WR"}  # two letters keep a gap between labels
SHIFTS = ("LTRS", "FIGS")


def channel_rows(channels: int) -> list[int | None]:
    """Data channel of each row of tape, top to bottom; None is the row of feed holes."""
    feed_after = 2 if channels == 5 else 3
    rows: list[int | None] = list(range(1, feed_after + 1)) + [None] + list(range(feed_after + 1, channels + 1))
    return rows


def label(event: Event) -> str:
    name = event.code.name
    if name in LABELS:
        return LABELS[name]
    return name[: CELL - 1]


class Tape(Widget, can_focus=False):
    COMPONENT_CLASSES = {"tape--tape", "tape--hole", "tape--label", "tape--shift"}

    def __init__(self, hole: str = "●", feed: str = "•", **kwargs):
        super().__init__(**kwargs)
        self.hole = hole
        self.feed_hole = feed
        self.codes: deque[Event] = deque(maxlen=KEPT)
        self.rows = channel_rows(5)

    def load(self, channels: int) -> None:
        """A fresh reel for a line of CHANNELS data bits."""
        self.codes.clear()
        self.rows = channel_rows(channels)
        self.styles.height = len(self.rows) + 1
        self.refresh()

    def set_glyphs(self, hole: str, feed: str) -> None:
        self.hole, self.feed_hole = hole, feed
        self.refresh()

    def punch(self, events: Sequence[Event]) -> None:
        if events:
            self.codes.extend(events)
            self.refresh()

    def visible(self) -> list[Event | None]:
        """The codes in view, left to right; None is blank leader before the first."""
        count = max(1, self.size.width // CELL)
        shown: list[Event | None] = list(self.codes)[-count:]
        return [None] * (count - len(shown)) + shown

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        tape = self.get_component_rich_style("tape--tape")
        codes = self.visible()
        if y >= len(self.rows):
            label_style = self.get_component_rich_style("tape--label")
            shift_style = self.get_component_rich_style("tape--shift")
            segments = [
                Segment(label(event).center(CELL) if event else " " * CELL, shift_style if event and event.code.name in SHIFTS else label_style)
                for event in codes
            ]
            return Strip(segments).crop_extend(0, width, label_style)
        channel = self.rows[y]
        hole = tape + self.get_component_rich_style("tape--hole")
        if channel is None:
            return Strip([Segment(f" {self.feed_hole} " * len(codes), hole)]).crop_extend(0, width, tape)
        bit = 1 << (channel - 1)
        segments = []
        for event in codes:
            punched = event is not None and event.code.value & bit
            segments.append(Segment(f" {self.hole} ", hole) if punched else Segment(" " * CELL, tape))
        return Strip(segments).crop_extend(0, width, tape)
