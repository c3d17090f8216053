"""The screen behind a printer: it never shows a code the line has not put out."""

from __future__ import annotations

import asyncio

from .conftest import SIZE, advance


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
