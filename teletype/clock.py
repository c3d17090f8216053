"""Clocks for the player: the real monotonic one, and a virtual one for tests."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep_until(self, deadline: float) -> None: ...


class MonotonicClock:
    """time.monotonic, sleeping on the event loop until an absolute deadline.

    The event loop wakes up to a millisecond late (epoll counts whole milliseconds),
    so it is asked to wake SPIN seconds early and the rest is waited out on the
    clock: at most SPIN of CPU a character (about 1 % at 60 speed).
    """

    SPIN = 0.002

    def now(self) -> float:
        return time.monotonic()

    async def sleep_until(self, deadline: float) -> None:
        delay = deadline - time.monotonic() - self.SPIN
        if delay > 0:
            await asyncio.sleep(delay)
        while time.monotonic() < deadline:
            pass


class VirtualClock:
    """Time that moves only when a test says so (advance), or at once (auto=True)."""

    def __init__(self, start: float = 0.0, auto: bool = False):
        self._now = start
        self.auto = auto
        self._sleepers: list[tuple[float, int, asyncio.Future]] = []
        self._order = itertools.count()

    def now(self) -> float:
        return self._now

    async def sleep_until(self, deadline: float) -> None:
        if deadline <= self._now:
            await asyncio.sleep(0)
            return
        if self.auto:
            self._now = deadline
            await asyncio.sleep(0)
            return
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (deadline, next(self._order), future))
        await future

    async def advance(self, seconds: float) -> None:
        """Move time forward, waking each sleeper at its deadline, in order."""
        target = self._now + seconds
        await self._settle()
        while self._sleepers and self._sleepers[0][0] <= target:
            deadline, _, future = heapq.heappop(self._sleepers)
            self._now = max(self._now, deadline)
            if not future.done():
                future.set_result(None)
            await self._settle()
        self._now = target
        await self._settle()

    @staticmethod
    async def _settle() -> None:
        # Let woken tasks run until they block again.
        for _ in range(20):
            await asyncio.sleep(0)
