"""Fixtures for the serial tests: a pseudo-terminal pair with a background reader,
a TCP server that can be stopped and started again, the sink's port calls run inline
for virtual time, waiting for a condition, and the 1962 telegram.

No test depends on how fast the machine is: the tests that time a replay run in
virtual time, and a real-time wait is for a condition, bounded only by HANG_GUARD.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import replace
import select
import socket
import threading
import time
import tty
from typing import Callable

import pytest

from teletype.message import load_message, resolve_message
from teletype.profiles import get_profile
from teletype.schedule import Transmission, build

HANG_GUARD = 30.0  # seconds a wait for a condition may take before the test fails: a hang, not a slow machine


async def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Wait, letting the event loop run, until CONDITION() holds (something another thread does)."""
    deadline = time.monotonic() + HANG_GUARD
    while not condition():
        assert time.monotonic() < deadline, f"still waiting for {what} after {HANG_GUARD:g} s"
        await asyncio.sleep(0.005)


class InlinePortCalls:
    """Stands in for the sink's port thread: each call runs at once on the event loop.
    With a scripted port and a VirtualClock every interleaving is then decided by the
    clock, never by how soon a thread gets the CPU."""

    async def call(self, function, *args):
        return function(*args)

    def stop(self) -> None:
        pass


@pytest.fixture
def inline_port_calls(monkeypatch):
    monkeypatch.setattr("teletype.sinks.serial.PortThread", InlinePortCalls)


class LineReader(threading.Thread):
    """Reads the far end of a line in the background."""

    def __init__(self, fd: int):
        super().__init__(daemon=True)
        self.fd = fd
        self.data = bytearray()
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                return
            self.data.extend(chunk)

    def wait_for(self, count: int, timeout: float = HANG_GUARD) -> bytes:
        """What has arrived once COUNT bytes have (or TIMEOUT has passed)."""
        deadline = time.monotonic() + timeout
        while len(self.data) < count and time.monotonic() < deadline:
            time.sleep(0.005)
        return bytes(self.data)

    def stop(self) -> None:
        self._done.set()
        self.join(1)


class PtyPair:
    """os.openpty: teletype opens the slave by its name; the test reads the master."""

    def __init__(self):
        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        self.path = os.ttyname(self.slave)  # teletype opens it by name
        # The test keeps the slave open too, so the master does not hang up when
        # teletype closes its side.
        self.reader = LineReader(self.master)
        self.reader.start()

    def close(self) -> None:
        self.reader.stop()
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass


@pytest.fixture
def pty_pair():
    pair = PtyPair()
    yield pair
    pair.close()


class LineServer:
    """A TCP 'device server' that records what it receives; stop() drops the
    connection and the listening socket, start() listens again on the same port."""

    def __init__(self, stop_after: int | None = None):
        self.port = 0
        self.received = bytearray()
        self.connections = 0
        self.stop_after = stop_after  # drop everything after this many bytes in all
        self.stopped = threading.Event()
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._running = threading.Event()

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(1)
        listener.settimeout(0.05)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._running.set()
        self.stopped.clear()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while self._running.is_set():
            try:
                connection, _ = self._listener.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            connection.settimeout(0.05)
            with connection:
                while self._running.is_set():
                    try:
                        byte = connection.recv(1)
                    except socket.timeout:
                        continue
                    except OSError:
                        break
                    if not byte:
                        break
                    self.received.extend(byte)
                    if self.stop_after is not None and len(self.received) == self.stop_after:
                        # The device goes away right after this byte: close at once.
                        self._running.clear()
                        break
        self._listener.close()
        self.stopped.set()

    def stop(self) -> None:
        self._running.clear()
        self.stopped.wait(2)

    @property
    def url(self) -> str:
        return f"socket://127.0.0.1:{self.port}"


@pytest.fixture
def line_server():
    servers = []

    def make(stop_after: int | None = None) -> LineServer:
        server = LineServer(stop_after)
        server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


def telegram_on(profile_name: str, baud: float | None = None, spinup: float | None = None) -> Transmission:
    """The 1962 telegram on a machine, at its own rate or (to keep tests short) a faster
    one, and with its motor spin-up or another."""
    profile = get_profile(profile_name).with_options(baud=baud)
    if spinup is not None:
        profile = replace(profile, motor_spinup=spinup)
    return build(load_message(resolve_message(None)), profile)
