"""The status lines: machine, line speed, state, progress and the historical clock.

Each is one row and never wraps (a wrapped row would push the progress bar out of
the widget): when the first row is too wide for the window, the machine's details
give way first, then its title (to the machine's name, then cut short), then the
printer's state is cut short.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from teletype.profiles import Profile
from teletype.tui.lesson import clock_text, duration_text

CODE_SET_TITLES = {"ita2": "ITA2", "us-tty": "US TTY", "ascii": "ASCII"}
PRINTER_ROOM = 26  # columns the printer's state keeps before the machine's title gives way
TITLE_ROOM = 12  # columns the machine's title keeps before the printer's state is cut short
WORD_CUT = 12  # a text cut short loses up to this much more to end with a whole word


def speed_text(speed: float) -> str:
    return "max" if math.isinf(speed) else f"{speed:g}x"


def crop(text: str, width: int, ellipsis: str) -> str:
    """TEXT cut to WIDTH cells, ending in ELLIPSIS when anything was cut (after a
    whole word when one ends near the cut)."""
    if cell_len(text) <= width:
        return text
    room = width - cell_len(ellipsis)
    if room <= 0:
        return ellipsis[: max(0, width)]
    kept = ""
    for char in text:
        if cell_len(kept + char) > room:
            break
        kept += char
    word_end = kept.rfind(" ")
    if text[len(kept)] != " " and word_end >= max(1, len(kept) - WORD_CUT):
        kept = kept[:word_end]
    return kept.rstrip(" ,;:") + ellipsis


@dataclass(frozen=True)
class StatusInfo:
    profile: Profile
    state: str  # sending, paused, done
    speed: float
    elapsed: float  # transmission time of what the paper shows, at period speed
    total: float
    filed: dt.datetime
    printer: str = ""  # the serial line's state, when a printer is attached
    line_paced: bool = False  # the line is slower than the speed asked for, and holds the replay to its pace


class Status(Widget, can_focus=False):
    COMPONENT_CLASSES = {"status--label", "status--state", "status--done", "status--left", "status--simulated"}

    def __init__(self, progress_done: str = "█", progress_left: str = "░", ellipsis: str = "…", **kwargs):
        super().__init__(**kwargs)
        self.progress_done = progress_done
        self.progress_left = progress_left
        self.ellipsis = ellipsis
        self.info: StatusInfo | None = None
        self.note = ""  # shown instead of the replay's status, e.g. when a message failed to load

    def set_glyphs(self, done: str, left: str, ellipsis: str) -> None:
        self.progress_done, self.progress_left, self.ellipsis = done, left, ellipsis
        self.refresh()

    def show(self, info: StatusInfo) -> None:
        if info != self.info or self.note:
            self.info, self.note = info, ""
            self.refresh()

    def show_note(self, note: str) -> None:
        if note != self.note:
            self.note = note
            self.refresh()

    def render(self) -> Text:
        width = self.size.width
        if self.note or self.info is None:
            return Text(crop(self.note, width, self.ellipsis))
        return Text("\n").join([self._machine_row(self.info, width), self._progress_row(self.info, width)])

    def _machine_row(self, info: StatusInfo, width: int) -> Text:
        """Machine, code set, baud, wpm, the state, the speed and the printer's state, in WIDTH."""
        label = self.get_component_rich_style("status--label")
        state = self.get_component_rich_style("status--state")
        p = info.profile
        title = p.title
        every_detail = [CODE_SET_TITLES.get(p.code_set, p.code_set), f"{p.baud:g} baud", f"{p.wpm:.0f} wpm"]
        speed = speed_text(info.speed) + (" (line pace)" if info.line_paced else "")
        printer = info.printer

        def row(title: str, details: list[str], printer: str) -> Text:
            text = Text.assemble((title, label), *(f"  {detail}" for detail in details), "  ",
                                 (f" {info.state.upper()} ", state), "  speed ", (speed, label))
            if printer:
                offline = not printer.endswith("online")
                text.append("  ")
                text.append(printer, state if offline else label)
            return text

        # The details give way to the printer's whole state, the title only to PRINTER_ROOM of it.
        for details in (every_detail, every_detail[:2], every_detail[:1], []):  # wpm goes first, then baud
            if row(title, details, printer).cell_len <= width:
                break
        reserve = " " * min(cell_len(printer), PRINTER_ROOM)
        if row(title, details, reserve).cell_len > width:
            title = title.split(",")[0]  # "Teletype Model 28, 60 speed": the machine's name
        over = row(title, details, reserve).cell_len - width
        if over > 0:
            title = crop(title, max(TITLE_ROOM, cell_len(title) - over), self.ellipsis)
        if printer:
            room = width - row(title, details, "").cell_len - 2  # the gap before it
            printer = crop(printer, max(0, room), self.ellipsis)
        text = row(title, details, printer)
        if text.cell_len > width:  # a very narrow window: what is left is cut
            text.truncate(width)
        return text

    def _progress_row(self, info: StatusInfo, width: int) -> Text:
        times = f" {duration_text(info.elapsed)} / -{duration_text(info.total - info.elapsed)} "
        clock = Text.assemble("  ", clock_text(info.filed, info.elapsed), (" simulated", self.get_component_rich_style("status--simulated")))
        bar_width = max(4, width - len(times) - clock.cell_len)
        done = round(bar_width * info.elapsed / info.total) if info.total else bar_width
        progress = Text.assemble(
            (self.progress_done * done, self.get_component_rich_style("status--done")),
            (self.progress_left * (bar_width - done), self.get_component_rich_style("status--left")),
            times,
            clock,
        )
        progress.truncate(width)
        return progress
