"""The screen behind a printer: it never shows a code the line has not put out."""

from __future__ import annotations

import asyncio
import math

import pytest
from rich.cells import cell_len

from teletype.profiles import get_profile

from .conftest import SIZE, advance

LONG_STATUS = ("printer offline: no such serial port /dev/ttyUSB0 (see 'teletype ports'; is the adapter "
               "plugged in?); retrying in 4 s")


class HeldLine:
    """A line that puts a code out only when the test lets it, and says its state."""

    def __init__(self):
        self.sent: list[int] = []
        self.free = asyncio.Event()
        self.state = "online"

    async def send(self, events):
        for event in events:
            await self.free.wait()
            self.sent.append(event.code.value)

    def status_text(self) -> str:
        return f"printer {self.state}"


async def test_the_paper_waits_for_the_printer(make_app):
    line = HeldLine()
    app = make_app(line_sinks=[line])
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, 5.0)  # many codes are due, none has gone out
        assert app.paper.model.text() == "" and line.sent == []
        line.free.set()
        await advance(pilot, 0.0)
        shown = app.paper.model.text()
        assert shown and len(line.sent) == app.player.position
        assert shown == "".join(e.code.text for e in app.transmission.events[: len(line.sent)]).replace("\r", "")


async def test_the_status_line_shows_the_printer_state(make_app):
    line = HeldLine()
    line.free.set()
    app = make_app(line_sinks=[line])
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, 2.0)
        assert "printer online" in str(app.status.render())
        line.state = "offline: no such serial port; retrying in 4 s"
        await advance(pilot, 0.1)
        assert "printer offline: no such serial port" in str(app.status.render())


class PacedLine(HeldLine):
    """A line whose codes take FRAME_TIME each, as a serial port's do."""

    def __init__(self, frame_time: float, status: str = "printer online"):
        super().__init__()
        self.free.set()
        self.frame_time = frame_time
        self.status = status

    def status_text(self) -> str:
        return self.status


def status_rows(app) -> list[str]:
    return str(app.status.render()).split("\n")


@pytest.mark.parametrize(("size", "theme"), [((80, 24), "console"), ((80, 24), "paper"), (SIZE, "paper"), ((220, 30), "paper")])
async def test_a_long_printer_status_is_cut_to_the_row_and_the_progress_bar_stays(make_app, size, theme):
    app = make_app(line_sinks=[PacedLine(0.0, LONG_STATUS)], theme=theme)
    async with app.run_test(size=size) as pilot:
        await advance(pilot, 30.0)
        width = app.status.size.width
        machine, progress = status_rows(app)
        assert cell_len(machine) <= width and cell_len(progress) <= width
        glyphs = app.teletype_theme.glyphs
        assert progress[0] in (glyphs.progress_done, glyphs.progress_left) and progress.endswith("simulated")
        assert " SENDING " in machine and "speed 1x" in machine and "printer offline: no such" in machine
        assert machine.startswith("Teletype Model 28")
        if width < 200:
            assert machine.endswith(glyphs.ellipsis)
        else:
            assert machine.endswith("retrying in 4 s") and "45.45 baud  61 wpm" in machine
        if theme == "console":
            assert machine.isascii() and progress.isascii()
        region = app.status.region
        assert app.screen.get_widget_at(region.x + 1, region.y + 1)[0] is app.status  # both rows drawn


async def test_a_slow_line_shows_the_replay_going_at_its_pace(make_app):
    frame = get_profile("model28").char_time
    app = make_app(line_sinks=[PacedLine(frame)], speed=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await advance(pilot, 1.0)
        machine = status_rows(app)[0]
        assert "speed 4x (line pace)  printer online" in machine and cell_len(machine) <= app.status.size.width
        await pilot.press("minus", "minus")  # 1x: the line keeps up
        await advance(pilot, 0.1)
        assert "speed 1x  printer online" in status_rows(app)[0]
        app.speed = math.inf
        app.player.set_speed(math.inf)
        await advance(pilot, 0.1)
        assert "speed max (line pace)" in status_rows(app)[0]
    app = make_app(line_sinks=[PacedLine(frame / 10)], speed=4)  # a line faster than 4x
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, 1.0)
        assert "line pace" not in status_rows(app)[0]


class FeedingLine:
    """A printer stand-in that counts what it printed and the paper feeds asked of it."""

    def __init__(self):
        self.sent = 0  # codes put out, as SerialSink counts them
        self.fed: list[int] = []

    async def send(self, events):
        self.sent += len(events)

    async def feed_paper(self, lines):
        self.fed.append(lines)


async def test_restart_gives_the_printer_a_fresh_line_once_something_was_printed(make_app):
    line = FeedingLine()
    app = make_app(line_sinks=[line])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")  # nothing printed yet: no feed
        await pilot.pause()
        assert line.fed == []
        await advance(pilot, 5.0)
        assert line.sent > 0
        await pilot.press("r")
        await pilot.pause()
        assert line.fed == [2]
        await pilot.press("r")  # nothing printed since
        await pilot.pause()
        assert line.fed == [2]
