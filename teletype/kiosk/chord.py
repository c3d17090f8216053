"""The exit keys: a chord of keys pressed in turn, within a few seconds."""

from __future__ import annotations

from collections import deque
from typing import Sequence

WINDOW = 5.0  # seconds from the chord's first key to its last


class ExitChord:
    def __init__(self, keys: Sequence[str], window: float = WINDOW):
        self.keys = tuple(keys)
        self.window = window
        self._pressed: deque[tuple[str, float]] = deque(maxlen=len(self.keys) or 1)

    def __contains__(self, key: str) -> bool:
        return key in self.keys

    def press(self, key: str, now: float) -> bool:
        """Note KEY pressed at NOW; True when it completes the chord."""
        if not self.keys:
            return False
        self._pressed.append((key, now))
        complete = tuple(k for k, _ in self._pressed) == self.keys and now - self._pressed[0][1] <= self.window
        if complete:
            self._pressed.clear()
        return complete
