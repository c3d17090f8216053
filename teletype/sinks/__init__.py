"""Sinks of the player: each is told which codes go out now."""

from __future__ import annotations

from typing import Sequence

from teletype.player import Sink
from teletype.schedule import Event


class InStep:
    """Feeds a line (a sink that takes real time, like a serial port) one code at a
    time and shows each code on the followers (screen, stdout) as soon as it has gone
    out, even when the player hands over a batch (the line is slower than the replay,
    or --speed max)."""

    def __init__(self, line: Sink, followers: Sequence[Sink]):
        self.line = line
        self.followers = list(followers)

    async def send(self, events: Sequence[Event]) -> None:
        for event in events:
            one = (event,)
            await self.line.send(one)
            for follower in self.followers:
                await follower.send(one)
