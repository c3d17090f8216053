"""Offline, retry, re-sync, motor, leader and trailer, with a scripted port in virtual time.

The sink's port calls run inline on the event loop (conftest.InlinePortCalls), so
the clock alone decides what happens when: nothing here depends on the machine's speed.
"""

from __future__ import annotations

import asyncio

import pytest
import serial

from teletype.clock import VirtualClock
from teletype.errors import TeletypeError
from teletype.player import Player
from teletype.profiles import get_profile
from teletype.serialport import BreakMarks, LineSettings, LineSetup
from teletype.sinks import InStep
from teletype.sinks.serial import Backoff, SerialSink

from .conftest import HANG_GUARD, telegram_on
from tests.independent_decoder import paper, pulses_to_value

pytestmark = pytest.mark.usefixtures("inline_port_calls")

LTRS, FIGS = pulses_to_value("11111"), pulses_to_value("11011")
CR, LF = pulses_to_value("00010"), pulses_to_value("01000")


class ScriptedPort:
    """Stands in for teletype.serialport.OpenPort; records what reaches the line."""

    def __init__(self, line: list, settings: LineSettings, *, fail_on_write: int | None = None,
                 fail_on_drain: int | None = None):
        self.line = line  # shared by every port the opener makes: the far end
        self.setup = LineSetup(settings.port, "fake", settings.baud, None, settings.whole_rate(), settings.bytesize,
                               settings.parity, settings.stopbits)
        self.fail_on_write = fail_on_write  # the Nth write (1-based) finds the device gone
        self.fail_on_drain = fail_on_drain  # the Nth code is written, then lost in the driver's queue
        self.queue_visible = fail_on_drain is not None  # like a local tty
        self.writes = 0
        self.motor: list[bool] = []
        self.closed = False
        self.breaks = 0

    def poll_input(self):
        breaks, self.breaks = self.breaks, 0
        return b"", breaks

    def send_code(self, value):
        _, breaks = self.poll_input()
        self.writes += 1
        if self.writes == self.fail_on_write:
            raise serial.SerialException("device reports readiness to read but returned no data")
        if self.writes == self.fail_on_drain:
            return True, b"", breaks  # in the driver's queue; it never reaches the line
        self.line.append(value)
        return True, b"", breaks

    def queued(self):
        if self.writes == self.fail_on_drain:
            raise OSError(5, "Input/output error")
        return 0

    def set_motor(self, on):
        self.motor.append(on)

    def cancel_write(self):
        pass

    def close(self):
        self.closed = True


class ScriptedOpener:
    """Each call returns the next outcome: a ScriptedPort's keyword arguments, or an error text."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.line: list[int] = []
        self.ports: list[ScriptedPort] = []
        self.attempts = 0

    def __call__(self, settings):
        self.attempts += 1
        outcome = self.outcomes.pop(0) if self.outcomes else {}
        if isinstance(outcome, str):
            raise TeletypeError(outcome)
        port = ScriptedPort(self.line, settings, **outcome)
        self.ports.append(port)
        return port


def sink_for(profile, opener, clock, **options):
    settings = LineSettings.for_profile("fake://", profile)
    return SerialSink(settings, profile, clock=clock, opener=opener, backoff=Backoff(0.5, 2, 4), **options)


async def play(events, sink, clock, followers=()):
    async with sink:
        await Player(events, clock, [InStep(sink, list(followers))]).run()


def resync_for(profile, shift):
    eol = [name for name in profile.end_of_line if name not in ("LTRS", "FIGS")]
    codes = {"CR": CR, "LF": LF}
    return [codes[name] for name in eol] + [{"LTRS": LTRS, "FIGS": FIGS}[shift]]


async def test_device_gone_mid_message_holds_retries_resyncs_and_loses_nothing():
    transmission = telegram_on("model28")
    events = transmission.events[:300]
    expected = list(transmission.line_bytes()[:300])
    clock = VirtualClock(auto=True)
    opener = ScriptedOpener({"fail_on_write": 121}, "no such serial port /dev/ttyUSB0", "no such serial port /dev/ttyUSB0", {})
    sink = sink_for(transmission.profile, opener, clock)
    seen = []
    sink.listeners.append(lambda kind, s: seen.append((kind, s.state, round(s.clock.now(), 3), s.retry_at)))

    await play(events, sink, clock)

    shift = None
    for event in events[:120]:
        shift = {LTRS: "LTRS", FIGS: "FIGS"}.get(event.code.value, shift)
    resync = resync_for(transmission.profile, shift)
    assert opener.line == expected[:120] + resync + expected[120:]
    # On paper: what came before, a new line, the rest; nothing twice.
    before, after = paper(bytes(expected[:120]), transmission.profile), paper(bytes(expected[120:]), transmission.profile)
    assert paper(bytes(opener.line), transmission.profile) in (before + "\n" + after, before + "\n" + after.lstrip("\n"))
    assert sink.sent == 300 and sink.dropped == 0 and sink.resyncs == 1
    kinds = [kind for kind, *_ in seen]
    assert kinds[0] == "online" and "offline" in kinds and "resync" in kinds and kinds[-1] == "closed"
    # Back-off: 0.5, 1 and 2 s between the failed attempts, in virtual time.
    retries = sorted({retry_at for kind, _, _, retry_at in seen if kind == "offline" and retry_at})
    assert [round(b - a, 3) for a, b in zip(retries, retries[1:])] == [1.0, 2.0]
    assert opener.attempts == 4 and opener.ports[0].closed


async def test_a_code_lost_in_the_driver_queue_is_sent_again():
    transmission = telegram_on("model28")
    events = transmission.events[:60]
    expected = list(transmission.line_bytes()[:60])
    clock = VirtualClock(auto=True)
    opener = ScriptedOpener({"fail_on_drain": 31}, {})
    sink = sink_for(transmission.profile, opener, clock)
    await play(events, sink, clock)
    shift = None
    for event in events[:30]:
        shift = {LTRS: "LTRS", FIGS: "FIGS"}.get(event.code.value, shift)
    assert opener.line == expected[:30] + resync_for(transmission.profile, shift) + expected[30:]


async def test_ascii_resync_is_the_machines_new_line_with_its_fill():
    transmission = telegram_on("model33")
    events = transmission.events[:80]
    clock = VirtualClock(auto=True)
    opener = ScriptedOpener({"fail_on_write": 41}, {})
    sink = sink_for(transmission.profile, opener, clock)
    await play(events, sink, clock)
    code_set = transmission.profile.make_code_set()
    resync = [code.value for code in code_set.encode("\r\n\0")]
    line = transmission.line_bytes()
    assert opener.line == list(line[:40]) + resync + list(line[40:80])


async def test_skip_mode_carries_on_without_the_printer_and_reshifts_when_it_returns():
    # As in a kiosk: the reconnect runs in the background while the replay goes on.
    transmission = telegram_on("model28", spinup=0)
    events = transmission.events
    first_figs = next(i for i, e in enumerate(events) if e.code.value == FIGS and i > 50)
    end = first_figs + 120
    clock = VirtualClock()
    # The write after the first FIGS finds the device gone; it is back at the second
    # attempt to reopen it, 0.5 + 1 s later.
    opener = ScriptedOpener({"fail_on_write": first_figs + 2}, "gone", {})
    sink = sink_for(transmission.profile, opener, clock, if_offline="skip")
    shown_at = []

    class Screen:
        async def send(self, batch):
            shown_at.extend(clock.now() for _ in batch)

    await sink.open()
    replay = asyncio.ensure_future(Player(events[:end], clock, [InStep(sink, [Screen()])]).run())
    await clock.advance(events[end - 1].end + 1)
    assert replay.done()
    await sink.close()
    # The screen never stopped: each code showed when due, not 1.5 s later (a re-sync
    # and one shift put right can make the line, and so the screen, up to two frames late).
    assert len(shown_at) == end
    assert all(0 <= at - event.end <= 2 * sink.frame_time for at, event in zip(shown_at, events))
    # The paper lost what came while the printer was away.
    assert sink.dropped > 0 and sink.sent + sink.dropped == end and sink.resyncs == 1 and opener.attempts == 3
    line = opener.line
    assert line[: first_figs + 1] == list(transmission.line_bytes()[: first_figs + 1])
    # Then the re-sync (the machine's CR CR LF and a shift), and the codes from the
    # first one after the outage: whatever shift the replay went through meanwhile,
    # the paper prints the rest as meant.
    resume = first_figs + 1 + sink.dropped
    stream = transmission.line_bytes()
    shift = [value for value in stream[:resume] if value in (LTRS, FIGS)][-1]
    after = line[first_figs + 1 :]
    assert after[:3] == [CR, CR, LF] and after[3] in (LTRS, FIGS)
    meant = paper(bytes([shift]) + stream[resume:end], transmission.profile)
    assert paper(bytes(after), transmission.profile) == "\n" + meant
    assert len(after) - 4 - (end - resume) in (0, 1)  # at most one shift put right


async def test_port_that_cannot_open_is_one_clear_error_when_holding():
    profile = get_profile("model28")
    clock = VirtualClock(auto=True)
    sink = sink_for(profile, ScriptedOpener("permission denied on /dev/ttyUSB0: add your user to the dialout group"), clock)
    with pytest.raises(TeletypeError, match="dialout"):
        await sink.open()
    assert sink.state == "closed"


async def test_skip_mode_starts_offline_and_comes_online_later():
    profile = get_profile("model28")
    clock = VirtualClock()
    opener = ScriptedOpener("no such serial port", {})
    sink = sink_for(profile, opener, clock, if_offline="skip")
    await sink.open()
    assert sink.state == "offline" and "no such serial port" in sink.status_text()
    await clock.advance(0.49)
    assert sink.state == "offline" and opener.attempts == 1 and sink.retry_at == 0.5
    await clock.advance(0.01)
    assert sink.state == "online" and opener.attempts == 2
    assert sink.resyncs == 0 and opener.line == []  # nothing printed yet: no re-sync
    await sink.close()


async def test_motor_spins_up_before_the_first_code_and_stops_when_idle(monkeypatch):
    monkeypatch.setattr("teletype.sinks.serial.WATCH_INTERVAL", 0.001)  # the watcher looks at the idle port often
    profile = get_profile("model28")
    clock = VirtualClock()
    opener = ScriptedOpener({})
    settings = LineSettings.for_profile("fake://", profile, motor="rts")
    sink = SerialSink(settings, profile, clock=clock, opener=opener, motor_idle=30)
    motor_switched = asyncio.Event()
    sink.listeners.append(lambda kind, s: motor_switched.set() if kind == "motor" else None)
    times = []
    await sink.open()  # the opener starts the motor, at 0
    port = opener.ports[0]
    original = port.send_code

    def timed_send(value):
        times.append(clock.now())
        return original(value)

    port.send_code = timed_send
    events = telegram_on("model28").events
    sending = asyncio.ensure_future(sink.send(events[:3]))
    await clock.advance(profile.motor_spinup + 3 * profile.char_time)
    assert sending.done() and times[0] == pytest.approx(profile.motor_spinup)
    # 30 s without a code: the watcher, at its next look at the port, stops the motor.
    await clock.advance(31)
    await asyncio.wait_for(motor_switched.wait(), HANG_GUARD)
    assert port.motor == [False] and sink.state == "online"
    # The next code starts the motor again and waits for it to spin up.
    restart = clock.now()
    sending = asyncio.ensure_future(sink.send(events[3:4]))
    await clock.advance(profile.motor_spinup + profile.char_time)
    assert sending.done() and port.motor == [False, True]
    assert times[-1] == pytest.approx(restart + profile.motor_spinup)
    await sink.close()


async def test_leader_and_trailer_surround_the_message():
    transmission = telegram_on("telex")
    clock = VirtualClock(auto=True)
    opener = ScriptedOpener({})
    sink = sink_for(transmission.profile, opener, clock, leader=5, trailer=3)
    await play(transmission.events[:20], sink, clock)
    assert opener.line == [LTRS] * 5 + list(transmission.line_bytes()[:20]) + [LTRS] * 3


async def test_a_break_from_the_machine_is_reported():
    profile = get_profile("model28")
    clock = VirtualClock(auto=True)
    opener = ScriptedOpener({})
    sink = sink_for(profile, opener, clock)
    kinds = []
    sink.listeners.append(lambda kind, s: kinds.append(kind))
    await sink.open()
    opener.ports[0].breaks = 1
    await sink.send(telegram_on("model28").events[:1])
    await sink.close()
    assert "break" in kinds and sink.breaks == 1


def test_break_marks_are_undone_across_reads():
    marks = BreakMarks()
    assert marks.feed(b"AB\xff") == (b"AB", 0)
    assert marks.feed(b"\x00") == (b"", 0)
    assert marks.feed(b"\x00C\xff\xffD\xff\x00E") == (b"C\xffDE", 1)


def test_seek_puts_the_machine_in_the_shift_the_next_code_needs():
    async def run():
        transmission = telegram_on("model28")
        events = transmission.events
        figure = next(e for e in events if e.code.shift == "FIGS" and e.code.value not in (LTRS, FIGS, 0x04, 0x08, 0x02, 0))
        clock = VirtualClock(auto=True)
        opener = ScriptedOpener({})
        sink = sink_for(transmission.profile, opener, clock)
        await sink.open()
        await sink.send(events[:5])  # letters: the machine is in LTRS
        await sink.send([figure])  # a jump to a figure: FIGS first
        await sink.close()
        return opener.line, list(transmission.line_bytes()[:5]), figure.code.value

    line, start, figure = asyncio.run(run())
    assert line == start + [FIGS, figure]


async def test_codes_go_out_a_frame_apart_however_fast_the_player_hands_them_over():
    """The sink paces the line itself: at --speed max the device's buffer never fills,
    and the screen shows each code only once it is on the line."""
    transmission = telegram_on("model33")
    events = transmission.events[:40]
    clock = VirtualClock(auto=True)
    written_at: list[float] = []

    class TimedPort(ScriptedPort):
        def send_code(self, value):
            written_at.append(clock.now())
            return super().send_code(value)

    class TimedOpener(ScriptedOpener):
        def __call__(self, settings):
            port = TimedPort(self.line, settings)
            self.ports.append(port)
            return port

    class Screen:
        async def send(self, batch):
            shown.extend(batch)
            assert len(opener.line) >= len(shown), "a code shown before it was on the line"

    opener = TimedOpener()
    sink = sink_for(transmission.profile, opener, clock)
    shown = []
    async with sink:
        await Player(events, clock, [InStep(sink, [Screen()])], speed=float("inf")).run()
    assert opener.line == list(transmission.line_bytes()[:40]) and len(shown) == 40
    frame = sink.frame_time
    gaps = [b - a for a, b in zip(written_at, written_at[1:])]
    # Written at most half a frame (5 ms) before the previous code has left the UART.
    assert min(gaps) >= frame - 0.005 - 1e-9
    assert written_at[-1] - written_at[0] >= 39 * frame - 0.005


async def test_feed_paper_gives_new_lines_without_shifts_and_waits_for_a_replay_in_progress():
    transmission = telegram_on("model28")
    clock = VirtualClock(auto=True)
    opener = ScriptedOpener()
    sink = sink_for(transmission.profile, opener, clock)
    async with sink:
        replay = asyncio.ensure_future(Player(transmission.events[:20], clock, [InStep(sink, [])]).run())
        await asyncio.sleep(0)
        await asyncio.gather(replay, sink.feed_paper(3))
    # The feed goes between two codes of the replay, never inside a code's delivery.
    codes = opener.line
    feed = [CR, CR, LF] * 3
    at = next(i for i in range(len(codes)) if codes[i : i + len(feed)] == feed)
    assert codes[:at] + codes[at + len(feed) :] == list(transmission.line_bytes()[:20])
