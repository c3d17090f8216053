"""Through a pseudo-terminal pair: exact bytes, what was set, busy ports, quitting.

Pacing on a real line is measured by benchmarks/serial_pacing.py, not timed here."""

from __future__ import annotations

import array
import asyncio
import fcntl
import os
import select
import termios
import time

import pytest
import serial.serialposix

from teletype.clock import MonotonicClock
from teletype.errors import TeletypeError
from teletype.player import Player
from teletype.serialport import LineSettings, open_port
from teletype.sinks import InStep
from teletype.sinks.serial import SerialSink

from .conftest import HANG_GUARD, telegram_on
from tests.independent_decoder import paper

QUIT_LIMIT = 3.0  # seconds: quitting takes well under one (CLOSE_WAIT); three for a loaded machine


class PaperCheck:
    """A screen that, before showing a code, reads the far end of the line: the code
    must have been written (the screen is never ahead of the paper). The kernel hands
    a pty's bytes to the master side from a work queue, so they may take a moment to
    be readable; the strict order is checked on a scripted port (test_serial_faults)."""

    def __init__(self, master: int):
        self.master = master
        self.received = bytearray()
        self.shown = 0

    async def send(self, events):
        self.shown += len(events)
        deadline = time.monotonic() + HANG_GUARD
        while len(self.received) < self.shown and time.monotonic() < deadline:
            if select.select([self.master], [], [], 0.01)[0]:
                self.received.extend(os.read(self.master, 4096))
        assert len(self.received) >= self.shown, f"code {self.shown - 1} shown but never written"


async def test_the_line_carries_exactly_the_encoded_stream_and_the_screen_follows_it():
    master, slave = os.openpty()
    path = os.ttyname(slave)
    os.close(slave)
    try:
        transmission = telegram_on("model33", baud=8000, spinup=0)  # 1.4 ms a code
        events = transmission.events[:500]
        sink = SerialSink(LineSettings.for_profile(path, transmission.profile), transmission.profile)
        screen = PaperCheck(master)
        async with sink:
            await Player(events, MonotonicClock(), [InStep(sink, [screen])]).run()
        assert bytes(screen.received) == transmission.line_bytes()[:500]
        assert paper(bytes(screen.received), transmission.profile) == paper(transmission.line_bytes()[:500], transmission.profile)
        assert screen.shown == 500
    finally:
        os.close(master)


def test_a_five_level_port_reports_what_was_really_set(pty_pair):
    profile = telegram_on("model28").profile
    port = open_port(LineSettings.for_profile(pty_pair.path, profile))
    try:
        setup = port.setup
        # 45.45 is no whole rate: 46 lets a 1.5-stop frame fit the machine's 163.3 ms.
        assert setup.kind == "pty" and setup.baud == 46 and setup.baud_asked == 45.45
        assert "46 baud (asked 45.45)" in setup.describe() and "pseudo-terminal" in setup.describe()
        buf = array.array("i", [0] * 64)
        fcntl.ioctl(port.port.fd, serial.serialposix.TCGETS2, buf)
        assert buf[10] == 46 and buf[2] & termios.CSTOPB  # 1.5 stop bits are asked as CSTOPB
        assert abs(setup.frame_time - 7.5 / 46) < 1e-9
    finally:
        port.close()


def test_a_port_already_open_is_busy(pty_pair):
    settings = LineSettings.for_profile(pty_pair.path, telegram_on("glass").profile)
    first = open_port(settings)
    try:
        with pytest.raises(TeletypeError, match="is busy: another program has it open"):
            open_port(settings)
    finally:
        first.close()


async def test_quitting_while_flow_control_holds_a_write_closes_the_port_within_a_second(pty_pair, monkeypatch):
    monkeypatch.setattr("teletype.sinks.serial.HELD_AFTER", 0.2)
    transmission = telegram_on("glass")
    settings = LineSettings.for_profile(pty_pair.path, transmission.profile, xonxoff=True)
    opened = []
    sink = SerialSink(settings, transmission.profile, opener=lambda s: opened.append(open_port(s)) or opened[-1])
    kinds = []
    held = asyncio.Event()

    def listen(kind, _sink):
        kinds.append(kind)
        if kind == "held":
            held.set()

    sink.listeners.append(listen)
    await sink.open()
    os.write(pty_pair.master, b"\x13")  # XOFF: the terminal asks the sender to wait
    replay = asyncio.ensure_future(Player(transmission.events, MonotonicClock(), [InStep(sink, [])]).run())
    await asyncio.wait_for(held.wait(), HANG_GUARD)
    assert sink.state == "held" and "flow control" in sink.status_text()
    started = time.monotonic()
    replay.cancel()
    with pytest.raises(asyncio.CancelledError):
        await replay
    await sink.close()
    took = time.monotonic() - started
    # Closed by the port thread, not given up on after CLOSE_WAIT: the held write was cancelled.
    assert not opened[0].port.is_open and sink.state == "closed" and kinds[-1] == "closed"
    assert took < QUIT_LIMIT, f"took {took:.2f} s"
