"""The player: sends a transmission's events to its sinks at their deadlines.

Deadlines are absolute: event i is due at anchor + (end_i - anchor_t) / speed, so
sleeping late once never pushes later characters back. Pause, speed changes and
seeks re-anchor. A character is due when its frame has been fully sent (its end),
which is when the receiving machine prints it.
"""

from __future__ import annotations

import asyncio
import math
from typing import Protocol, Sequence

from teletype.clock import Clock
from teletype.schedule import Event

MAX_SPEED = math.inf
BATCH_AT_MAX_SPEED = 256  # events handed over per turn of the event loop at --speed max


class Sink(Protocol):
    async def send(self, events: Sequence[Event]) -> None:
        """Put EVENTS out; return once they have really gone (a slow sink holds the player)."""


class Player:
    def __init__(self, events: Sequence[Event], clock: Clock, sinks: Sequence[Sink] = (), speed: float = 1.0):
        self.events = events
        self.clock = clock
        self.sinks = list(sinks)
        self._speed = self._check_speed(speed)
        self.position = 0  # index of the next event to send
        self.paused = False
        self.stopped = False
        self._anchor_wall = 0.0
        self._anchor_time = 0.0
        self._changed = asyncio.Event()

    # --- state ---------------------------------------------------------------

    @property
    def speed(self) -> float:
        return self._speed

    @property
    def done(self) -> bool:
        return self.position >= len(self.events)

    @property
    def state(self) -> str:
        if self.done:
            return "done"
        return "paused" if self.paused else "sending"

    @property
    def elapsed(self) -> float:
        """Transmission time of what has been sent (seconds at period speed)."""
        if self.position == 0:
            return 0.0
        return self.events[self.position - 1].end

    # --- controls ------------------------------------------------------------

    def pause(self) -> None:
        self.paused = True
        self._wake()

    def resume(self) -> None:
        if self.paused:
            self.paused = False
            self._anchor()
            self._wake()

    def toggle_pause(self) -> None:
        self.resume() if self.paused else self.pause()

    def set_speed(self, speed: float) -> None:
        self._speed = self._check_speed(speed)
        self._anchor()
        self._wake()

    def seek(self, index: int) -> None:
        """Continue from event INDEX (what came before counts as sent)."""
        self.position = max(0, min(index, len(self.events)))
        self._anchor()
        self._wake()

    def restart(self) -> None:
        self.seek(0)

    def stop(self) -> None:
        self.stopped = True
        self._wake()

    async def step(self) -> Event | None:
        """Send the next event at once (explain mode, while paused)."""
        if self.done:
            return None
        event = self.events[self.position]
        await self._emit([event])
        self._anchor()
        return event

    # --- running -------------------------------------------------------------

    async def run(self) -> None:
        """Play until the last event has been sent, or stop() is called."""
        self._anchor()
        while not self.stopped and not self.done:
            if self.paused:
                await self._wait_for_change()
                continue
            if self._speed == MAX_SPEED:
                await self._emit(self.events[self.position : self.position + BATCH_AT_MAX_SPEED])
                await asyncio.sleep(0)
                continue
            now = self.clock.now()
            due = self._due_index(now)
            if due > self.position:
                await self._emit(self.events[self.position : due])
                continue
            deadline = self._deadline(self.events[self.position])
            self._changed.clear()
            await self._sleep_or_change(deadline)

    def _due_index(self, now: float) -> int:
        index = self.position
        while index < len(self.events) and self._deadline(self.events[index]) <= now:
            index += 1
        return index

    def _deadline(self, event: Event) -> float:
        return self._anchor_wall + (event.end - self._anchor_time) / self._speed

    async def _emit(self, batch: Sequence[Event]) -> None:
        if not batch:
            return
        for sink in self.sinks:
            await sink.send(batch)
        # Only what every sink has taken counts as sent.
        if self.position == batch[0].index:
            self.position = batch[-1].index + 1

    def _anchor(self) -> None:
        """Tie schedule time at the current position to the clock's now."""
        self._anchor_wall = self.clock.now()
        self._anchor_time = self.elapsed

    def _wake(self) -> None:
        self._changed.set()

    async def _wait_for_change(self) -> None:
        self._changed.clear()
        await self._changed.wait()

    async def _sleep_or_change(self, deadline: float) -> None:
        sleeper = asyncio.ensure_future(self.clock.sleep_until(deadline))
        changed = asyncio.ensure_future(self._changed.wait())
        try:
            await asyncio.wait((sleeper, changed), return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            changed.cancel()

    @staticmethod
    def _check_speed(speed: float) -> float:
        if not speed > 0:
            raise ValueError("speed must be positive")
        return speed
