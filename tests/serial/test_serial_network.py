"""socket:// against a local TCP server stopped and started again mid-message, and loop://."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from teletype.clock import MonotonicClock, VirtualClock
from teletype.errors import TeletypeError
from teletype.player import Player
from teletype.serialport import LineSettings
from teletype.sinks import InStep
from teletype.sinks.serial import Backoff, SerialSink

from .conftest import HANG_GUARD, telegram_on, wait_until
from tests.independent_decoder import paper, pulses_to_value

LTRS, FIGS = pulses_to_value("11111"), pulses_to_value("11011")
CR, LF = pulses_to_value("00010"), pulses_to_value("01000")


async def test_the_device_server_goes_away_mid_message_and_comes_back(line_server):
    transmission = telegram_on("model28", baud=500, spinup=0)  # 15 ms a code
    count, cut = 70, 30
    events = transmission.events[:count]
    line = transmission.line_bytes()[:count]
    server = line_server(stop_after=cut)
    outage = 0.3
    back_at = []

    def restart_later():
        assert server.stopped.wait(HANG_GUARD)
        time.sleep(outage)
        server.stop_after = None
        back_at.append(time.monotonic())
        server.start()

    threading.Thread(target=restart_later, daemon=True).start()
    sink = SerialSink(LineSettings.for_profile(server.url, transmission.profile), transmission.profile,
                      backoff=Backoff(0.05, 2, 0.1))
    states, shown_at = [], {}
    sink.listeners.append(lambda kind, s: states.append(kind))

    class Screen:
        async def send(self, batch):
            for event in batch:
                shown_at[event.index] = time.monotonic()
                if event.index == cut - 1:
                    # The server drops the connection after this code; the next code
                    # goes out only once it has, however slowly its thread runs.
                    assert await asyncio.to_thread(server.stopped.wait, HANG_GUARD)

    async with sink:
        await Player(events, MonotonicClock(), [InStep(sink, [Screen()])]).run()
    await wait_until(lambda: len(server.received) >= count + 4, "the server to receive every code")

    shift = [value for value in line[:cut] if value in (LTRS, FIGS)][-1]
    resync = bytes([CR, CR, LF, shift])
    # Exactly: what came before, the re-sync, the rest. Nothing lost, nothing twice.
    assert bytes(server.received) == line[:cut] + resync + line[cut:]
    assert paper(bytes(server.received), transmission.profile) == (
        paper(line[:cut], transmission.profile) + "\n" + paper(bytes([shift]) + line[cut:], transmission.profile))
    assert server.connections == 2 and sink.resyncs == 1 and sink.sent == count
    assert "offline" in states and states.index("offline") < states.index("resync") < len(states) - 1
    # The replay held: the screen showed nothing more until the server was back.
    assert shown_at[cut] > back_at[0]


async def test_a_device_server_that_is_not_there_is_one_clear_error():
    profile = telegram_on("glass").profile
    sink = SerialSink(LineSettings.for_profile("socket://127.0.0.1:9", profile), profile)
    with pytest.raises(TeletypeError, match="connection refused"):
        await sink.open()


@pytest.mark.parametrize("profile_name", ["model28", "telex", "model33", "glass"])
async def test_loop_carries_exactly_the_encoded_stream(profile_name, monkeypatch):
    monkeypatch.setattr("teletype.sinks.serial.WATCH_INTERVAL", 0.01)
    transmission = telegram_on(profile_name)
    events = transmission.events[:1500]
    clock = VirtualClock(auto=True)
    sink = SerialSink(LineSettings.for_profile("loop://", transmission.profile), transmission.profile, clock=clock)
    echoed = bytearray()
    sink.input_listeners.append(echoed.extend)
    async with sink:
        await Player(events, clock, [InStep(sink, [])]).run()
        # loop:// hands the codes back; the last ones come with the next look at the port.
        await wait_until(lambda: len(echoed) >= len(events), "the last codes to come back")
    expected = transmission.line_bytes()[:1500]
    assert bytes(echoed) == expected
    assert paper(bytes(echoed), transmission.profile) == paper(expected, transmission.profile)
