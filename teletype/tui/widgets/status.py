"""The status lines: machine, line speed, state, progress and the historical clock."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from rich.text import Text
from textual.widget import Widget

from teletype.profiles import Profile
from teletype.tui.lesson import clock_text, duration_text

CODE_SET_TITLES = {"ita2": "ITA2", "us-tty": "US TTY", "ascii": "ASCII"}


def speed_text(speed: float) -> str:
    return "max" if math.isinf(speed) else f"{speed:g}x"


@dataclass(frozen=True)
class StatusInfo:
    profile: Profile
    state: str  # sending, paused, done
    speed: float
    elapsed: float  # transmission time of what the paper shows, at period speed
    total: float
    filed: dt.datetime
    printer: str = ""  # the serial line's state, when a printer is attached


class Status(Widget, can_focus=False):
    COMPONENT_CLASSES = {"status--label", "status--state", "status--done", "status--left", "status--simulated"}

    def __init__(self, progress_done: str = "█", progress_left: str = "░", **kwargs):
        super().__init__(**kwargs)
        self.progress_done = progress_done
        self.progress_left = progress_left
        self.info: StatusInfo | None = None
        self.note = ""  # shown instead of the replay's status, e.g. when a message failed to load

    def set_glyphs(self, done: str, left: str) -> None:
        self.progress_done, self.progress_left = done, left
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
        label = self.get_component_rich_style("status--label")
        if self.note or self.info is None:
            return Text(self.note)
        info = self.info
        p = info.profile
        state = self.get_component_rich_style("status--state")
        machine = Text.assemble(
            (p.title, label),
            f"  {CODE_SET_TITLES.get(p.code_set, p.code_set)}  {p.baud:g} baud  {p.wpm:.0f} wpm  ",
            (f" {info.state.upper()} ", state),
            "  speed ",
            (speed_text(info.speed), label),
        )
        if info.printer:
            offline = not info.printer.endswith("online")
            machine.append("  ")
            machine.append(info.printer, self.get_component_rich_style("status--state") if offline else label)
        times = f" {duration_text(info.elapsed)} / -{duration_text(info.total - info.elapsed)} "
        clock = Text.assemble("  ", clock_text(info.filed, info.elapsed), (" simulated", self.get_component_rich_style("status--simulated")))
        bar_width = max(4, self.size.width - len(times) - clock.cell_len)
        done = round(bar_width * info.elapsed / info.total) if info.total else bar_width
        progress = Text.assemble(
            (self.progress_done * done, self.get_component_rich_style("status--done")),
            (self.progress_left * (bar_width - done), self.get_component_rich_style("status--left")),
            times,
            clock,
        )
        return Text("\n").join([machine, progress])
