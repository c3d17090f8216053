"""The screen's sink: the player hands it due events, the frame timer takes them.

The player counts events as sent once every sink has returned, so this sink
returns at once and the screen paints what it holds on its next frame: one
widget update per frame, never one per character.
"""

from __future__ import annotations

from typing import Sequence

from teletype.schedule import Event


class ScreenFeed:
    def __init__(self) -> None:
        self._pending: list[Event] = []

    async def send(self, events: Sequence[Event]) -> None:
        self._pending.extend(events)

    def take(self) -> list[Event]:
        """Everything received since the last take, oldest first."""
        events, self._pending = self._pending, []
        return events

    def clear(self) -> None:
        self._pending.clear()
