"""The serial sink: the replay on a real teleprinter or terminal, at the line's pace.

The player hands a code over when it is due; the sink writes it, one code at a time,
never before the previous one has left the UART by its own reckoning (frame time at
the rate really set), and returns only when the driver's queue is empty too. So the
device's buffers never run ahead, whatever the UART or the USB adapter does, and a
screen fed after this sink (see teletype.sinks.InStep) is never ahead of the paper.

If the device disappears (USB unplugged, TCP peer gone) the sink goes "offline",
holds the replay (or, with if_offline="skip", lets it run on without the paper),
retries with back-off, and when the device returns sends a re-sync (the machine's
carriage return and line feed, then LTRS or FIGS) and continues with the first
code it had not confirmed sent.

All pyserial calls run in one thread that owns the port; the event loop only waits.
"""

from __future__ import annotations

import asyncio
import math
import queue
import threading
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

import serial

from teletype import codes
from teletype.clock import Clock, MonotonicClock
from teletype.errors import TeletypeError
from teletype.profiles import Profile
from teletype.schedule import Event
from teletype.serialport import LineSettings, LineSetup, OpenPort, open_port

SPACE_CODE = 0x04
# 5-level codes that print the same in either shift: NUL (blank), LF, SPACE, CR, and the shifts.
CASE_FREE = frozenset({0x00, 0x02, SPACE_CODE, 0x08, codes.LTRS_CODE, codes.FIGS_CODE})
SHIFT_CODES = {"LTRS": codes.LTRS_CODE, "FIGS": codes.FIGS_CODE}

HOLD, SKIP = "hold", "skip"
WATCH_INTERVAL = 0.25  # seconds between looks at an idle port (input, hang-up, motor)
DRAIN_POLL = 0.002  # seconds between looks at the driver's output queue
# The next code is written this long (at most half a frame) before the line frees:
# enough to absorb the port thread's latency and the odd pause of the interpreter.
WRITE_LEAD = 0.005
HELD_AFTER = 1.0  # seconds a code may wait for flow control before the sink says "held"
CLOSE_WAIT = 0.5  # seconds close() waits for the port thread; quitting stays under a second


class LineFault(Exception):
    """The device or its peer went away while a code was going out."""

    def __init__(self, reason: str, port: OpenPort | None):
        super().__init__(reason)
        self.port = port


@dataclass(frozen=True)
class Backoff:
    """Delays between attempts to reopen a port: first, first*factor, … up to longest."""

    first: float = 0.5
    factor: float = 2.0
    longest: float = 30.0

    def delays(self) -> Iterator[float]:
        delay = self.first
        while True:
            yield delay
            delay = min(delay * self.factor, self.longest)


class PortThread:
    """The one thread that touches the port, so pyserial never blocks the event loop."""

    def __init__(self):
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="teletype-serial", daemon=True)
        self._thread.start()

    async def call(self, function: Callable, *args):
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._jobs.put((function, args, loop, future))
        return await future

    def stop(self) -> None:
        self._jobs.put(None)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            function, args, loop, future = job
            try:
                outcome = (True, function(*args))
            except Exception as exc:  # handed to the awaiting coroutine
                outcome = (False, exc)
            try:
                loop.call_soon_threadsafe(_settle, future, outcome)
            except RuntimeError:  # the loop has closed: nobody waits any more
                pass


def _settle(future: asyncio.Future, outcome: tuple[bool, object]) -> None:
    if future.done():
        return
    ok, value = outcome
    future.set_result(value) if ok else future.set_exception(value)


class SerialSink:
    """Sends each code to a serial port and returns once it has gone out on the line.

    State for a screen or a kiosk: `state` ("closed", "online", "held" by flow
    control, "offline"), `problem` (one line), `retry_at` (clock time of the next
    attempt), `setup` (what the port was really set to); `listeners` are called as
    listener(kind, sink) with kind "online", "offline", "held", "resync", "break",
    "motor" or "closed"; `input_listeners` get the bytes the device sends.
    """

    def __init__(
        self,
        settings: LineSettings,
        profile: Profile,
        *,
        clock: Clock | None = None,
        if_offline: str = HOLD,
        backoff: Backoff = Backoff(),
        motor_idle: float | None = 60.0,
        leader: int = 0,
        trailer: int = 0,
        opener: Callable[[LineSettings], OpenPort] = open_port,
    ):
        if if_offline not in (HOLD, SKIP):
            raise ValueError(f"if_offline must be {HOLD!r} or {SKIP!r}")
        self.settings = settings
        self.profile = profile
        self.clock = clock or MonotonicClock()
        self.if_offline = if_offline
        self.backoff = backoff
        self.motor_idle = motor_idle
        self.leader = leader
        self.trailer = trailer
        self.opener = opener

        self.state = "closed"
        self.problem = ""
        self.retry_at: float | None = None
        self.setup: LineSetup | None = None
        self.frame_time = 0.0  # seconds a code occupies the line, as really set
        self.sent = 0  # the replay's codes put on the line (one lost with the port goes again, counted once)
        self.dropped = 0  # the replay's codes not printed while offline (if_offline="skip")
        self.resyncs = 0
        self.breaks = 0
        self.listeners: list[Callable[[str, "SerialSink"], None]] = []
        self.input_listeners: list[Callable[[bytes], None]] = []

        self._five_level = profile.is_five_level
        self._port: OpenPort | None = None
        self._thread: PortThread | None = None
        self._online = asyncio.Event()
        self._delivering = asyncio.Lock()
        self._closing = False
        self._busy = False  # a code is on its way: the watcher keeps off the port
        self._line_free_at = -math.inf  # when the last code has left the UART
        self._lead = 0.0  # how long before that the next code may be written
        self._in_flight: tuple[int, str | None] | None = None  # written, not yet known to have left
        self._unsent: tuple[int, str | None] | None = None  # to send again after a reconnect
        self._last_activity = 0.0
        self._motor_on_at: float | None = None
        self._machine_shift: str | None = None  # as far as the codes really sent tell
        self._stream_shift: str | None = None  # what the replay's next code assumes
        self._printed = False  # something reached the paper: a reconnect needs a re-sync
        self._watcher: asyncio.Task | None = None
        self._reconnector: asyncio.Task | None = None

    # --- life cycle ------------------------------------------------------------

    async def open(self) -> None:
        """Open the port (a TeletypeError if it cannot be, unless if_offline="skip":
        then the sink starts offline and keeps trying), then send the leader."""
        self._closing = False
        self._online.clear()
        self._thread = PortThread()
        try:
            await self._attach()
        except TeletypeError as exc:
            if self.if_offline == HOLD:
                self._thread.stop()
                self._thread = None
                raise
            self._go_offline(str(exc))
        else:
            self._go_online()
        self._watcher = asyncio.create_task(self._watch())
        if self.leader:
            await self._send_extra([self._leader_code()] * self.leader)

    async def finish(self) -> None:
        """The trailer after the last code; returns once everything has gone out."""
        if self.trailer:
            await self._send_extra([self._leader_code()] * self.trailer)
        await self._deliver(None, None)

    async def close(self) -> None:
        """Motor off, line marking, port closed; returns within CLOSE_WAIT even if the
        port thread is stuck (e.g. connecting to an unreachable host)."""
        self._closing = True
        for task in (self._watcher, self._reconnector):
            if task is not None:
                task.cancel()
        self._watcher = self._reconnector = None
        port, self._port = self._port, None
        self._online.set()  # wakes a held send(), which sees _closing and gives up
        if port is not None:
            port.cancel_write()  # unblocks a write held by flow control
            try:
                await asyncio.wait_for(self._thread.call(port.close), CLOSE_WAIT)
            except asyncio.TimeoutError:
                pass
        if self._thread is not None:
            self._thread.stop()
            self._thread = None
        self.state = "closed"
        self._notify("closed")

    async def __aenter__(self) -> "SerialSink":
        await self.open()
        return self

    async def __aexit__(self, exc_type, exc, traceback) -> None:
        try:
            if exc_type is None:
                await self.finish()
        finally:
            await self.close()

    # --- the sink ----------------------------------------------------------------

    async def send(self, events: Sequence[Event]) -> None:
        """Put the codes on the line; return when the last has gone out (or was dropped)."""
        for event in events:
            code = event.code
            needs = code.shift if self._five_level and code.value not in CASE_FREE else None
            if await self._deliver(code.value, needs):
                self.sent += 1
            else:
                self.dropped += 1
            self._stream_shift = self._shift_after(self._stream_shift, code.value, needs)

    def status_text(self) -> str:
        """One line for a status bar."""
        if self.state == "offline":
            text = f"printer offline: {self.problem}"
            if self.retry_at is not None:
                text += f"; retrying in {max(0.0, self.retry_at - self.clock.now()):.0f} s"
            return text
        if self.state == "held":
            return f"printer held: {self.problem}"
        return f"printer {self.state}"

    # --- one code ----------------------------------------------------------------

    async def _deliver(self, value: int | None, needs: str | None, replay: bool = True) -> bool:
        """Send VALUE (after the shift it needs), or with None only wait until what was
        sent has gone; False if dropped while offline."""
        async with self._delivering:  # a paper feed and the replay never interleave
            return await self._deliver_now(value, needs, replay)

    async def _deliver_now(self, value: int | None, needs: str | None, replay: bool) -> bool:
        while True:
            if self._closing:
                return False
            if not self._online.is_set():
                if self.if_offline == SKIP:
                    return False
                await self._online.wait()  # the replay holds until the printer is back
                continue
            self._busy = True
            try:
                if self._unsent is not None:
                    # Written before the port failed and never confirmed: it goes again.
                    await self._put(*self._unsent, replay=True)
                    self._unsent = None
                if value is None:
                    await self._drain()
                else:
                    await self._put(value, needs, replay)
            except LineFault as fault:
                await self._fault(fault)
                continue
            finally:
                self._busy = False
            return True

    async def _put(self, value: int, needs: str | None, replay: bool) -> None:
        if needs is not None and needs != self._machine_shift:
            # The machine is not in the shift this code was encoded for (after a
            # reconnect, dropped codes or a seek): put it there first.
            await self._transmit(SHIFT_CODES[needs])
            self._machine_shift = needs
        await self._transmit(value)
        if replay and self._port.queue_visible:
            self._in_flight = (value, needs)
        self._machine_shift = self._shift_after(self._machine_shift, value, needs)

    async def _transmit(self, value: int) -> None:
        """Write one code as the line frees; LineFault if the port failed.

        The code is written a little before the previous one has left the UART (its
        holding register keeps them back to back), so the thread's latency never adds
        up; the screen shows it while it goes out, within one code of the paper.
        """
        await self._motor_ready()
        await self.clock.sleep_until(self._line_free_at - self._lead)
        waited_since = self.clock.now()
        await self._confirm_previous(waited_since)
        while True:
            start = self.clock.now()
            written, data, breaks = await self._io("send_code", value)
            self._take_input(data, breaks)
            if written:
                break
            self._hold("flow control (XOFF or CTS) holds the line", waited_since)
        self._line_free_at = max(start, self._line_free_at) + self.frame_time
        self._printed = True
        self._last_activity = start
        if self.state == "held":
            self.state, self.problem = "online", ""
            self._notify("online")

    async def _confirm_previous(self, waited_since: float) -> None:
        """Wait until the driver's queue is empty: the code in flight has left."""
        if self._port is not None and self._port.queue_visible:
            while await self._io("queued"):
                self._hold("flow control (XOFF or CTS) holds the line", waited_since)
                await asyncio.sleep(DRAIN_POLL)
        self._in_flight = None

    async def _drain(self) -> None:
        """Wait until everything sent has gone out on the line."""
        await self.clock.sleep_until(self._line_free_at)
        await self._confirm_previous(self.clock.now())

    async def _io(self, action: str, *args):
        """The port's ACTION(*ARGS) in the port thread; any failure of the port is a LineFault."""
        port = self._port
        if port is None:
            raise LineFault(self.problem or "the port is closed", None)
        try:
            return await self._thread.call(getattr(port, action), *args)
        except (serial.SerialException, OSError) as exc:
            raise LineFault(_reason(exc), port) from None

    def _hold(self, reason: str, since: float) -> None:
        if self.state == "online" and self.clock.now() - since >= HELD_AFTER:
            self.state, self.problem = "held", reason
            self._notify("held")

    def _shift_after(self, shift: str | None, value: int, needs: str | None) -> str | None:
        if not self._five_level:
            return None
        if value == codes.LTRS_CODE:
            return "LTRS"
        if value == codes.FIGS_CODE:
            return "FIGS"
        if value == SPACE_CODE and self.profile.usos:
            return "LTRS"  # the receiver unshifts on space; the encoder assumes so too
        return needs if needs is not None else shift

    def _leader_code(self) -> int:
        return codes.LTRS_CODE if self._five_level else 0x00  # LTRS, or blank tape (NUL)

    def _new_line(self) -> list[int]:
        """The machine's end of line without its shift codes."""
        end_of_line = "".join(codes.CONTROL_BY_NAME[name] for name in self.profile.end_of_line
                              if name not in SHIFT_CODES) or "\r\n"
        return [code.value for code in self.profile.make_code_set().encode(end_of_line)]

    async def feed_paper(self, lines: int) -> None:
        """LINES new lines: room to tear the paper off between two messages."""
        await self._send_extra(self._new_line() * lines)

    async def _send_extra(self, values: list[int]) -> None:
        async with self._delivering:  # all together: the replay's next code waits
            for value in values:
                await self._deliver_now(value, None, replay=False)
                self._stream_shift = self._shift_after(self._stream_shift, value, None)

    # --- motor -------------------------------------------------------------------

    async def _motor_ready(self) -> None:
        if self.settings.motor == "none":
            return
        if self._motor_on_at is None:
            await self._io("set_motor", True)
            self._motor_on_at = self.clock.now()
            self._notify("motor")
        await self.clock.sleep_until(self._motor_on_at + self.profile.motor_spinup)

    async def _motor_idle_off(self) -> None:
        if self._motor_on_at is None or self.motor_idle is None or self._busy:
            return
        if self.clock.now() - max(self._last_activity, self._motor_on_at) >= self.motor_idle:
            await self._io("set_motor", False)
            self._motor_on_at = None
            self._notify("motor")

    # --- offline and back ----------------------------------------------------------

    async def _attach(self) -> None:
        """Open the port (raising TeletypeError); the sink is not online yet."""
        port = await self._thread.call(self.opener, self.settings)
        if self._closing:
            await self._thread.call(port.close)
            raise TeletypeError("closed while opening")
        self._port = port
        self.setup = port.setup
        self.frame_time = port.setup.frame_time
        self._lead = min(self.frame_time / 2, WRITE_LEAD)
        self._line_free_at = -math.inf
        self._machine_shift = None  # a machine found again may have been switched off
        now = self.clock.now()
        self._motor_on_at = now if self.settings.motor != "none" else None
        self._last_activity = now

    def _go_online(self) -> None:
        self.state, self.problem, self.retry_at = "online", "", None
        self._online.set()
        self._notify("online")

    def _go_offline(self, reason: str) -> None:
        self._online.clear()
        self.state, self.problem = "offline", reason
        self._notify("offline")
        if self._reconnector is None or self._reconnector.done():
            self._reconnector = asyncio.create_task(self._reconnect())

    async def _fault(self, fault: LineFault) -> None:
        if fault.port is None or fault.port is not self._port:
            return  # already handled
        self._port = None
        self._motor_on_at = None
        if self._in_flight is not None and self.if_offline == HOLD:
            self._unsent = self._in_flight  # it may not have left: send it again
        self._in_flight = None
        await self._thread.call(fault.port.close)
        self._go_offline(str(fault))

    async def _reconnect(self) -> None:
        for delay in self.backoff.delays():
            self.retry_at = self.clock.now() + delay
            self._notify("offline")
            await self.clock.sleep_until(self.retry_at)
            try:
                await self._attach()
                self._busy = True
                await self._resync()
            except TeletypeError as exc:
                self.problem = str(exc)
                continue
            except LineFault as fault:
                if fault.port is not None:
                    self._port = None
                    await self._thread.call(fault.port.close)
                self.problem = str(fault)
                continue
            finally:
                self._busy = False
            self._go_online()
            return

    async def _resync(self) -> None:
        """After a reconnect: a fresh line, then the shift the next code assumes."""
        if not self._printed:
            return
        values = self._new_line()
        shift = None
        if self._five_level:
            shift = self._stream_shift or "LTRS"
            values.append(SHIFT_CODES[shift])
        for value in values:
            await self._transmit(value)
        self._machine_shift = shift
        self.resyncs += 1
        self._notify("resync")

    # --- watching an idle port -------------------------------------------------------

    async def _watch(self) -> None:
        """Read what the device sends, notice a vanished device, stop an idle motor."""
        while True:
            await asyncio.sleep(WATCH_INTERVAL)
            if self._busy or self._port is None:
                continue
            try:
                data, breaks = await self._io("poll_input")
                self._take_input(data, breaks)
                if self._in_flight is not None and self.clock.now() >= self._line_free_at:
                    if not await self._io("queued"):
                        self._in_flight = None
                await self._motor_idle_off()
            except LineFault as fault:
                if not self._busy:
                    await self._fault(fault)

    def _take_input(self, data: bytes, breaks: int) -> None:
        if data:
            for listener in self.input_listeners:
                listener(data)
        for _ in range(breaks):
            self.breaks += 1
            self._notify("break")

    def _notify(self, kind: str) -> None:
        for listener in list(self.listeners):
            listener(kind, self)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[0].lower() + text[1:] if text else text
