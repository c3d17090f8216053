"""The kiosk's messages and its place among them. No Textual here."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Sequence

from teletype.message import message_files


def scan(entries: Sequence[Path], on_error: Callable[[Path, OSError], None] | None = None) -> list[Path]:
    """The message files the playlist's entries name now: files as given, each
    directory's *.yaml in name order (looked at afresh, so new files join the loop).
    A directory that cannot be read gives none; ON_ERROR is told why."""
    found: list[Path] = []
    for entry in entries:
        try:
            found.extend(message_files([entry]))
        except OSError as error:
            if on_error is not None:
                on_error(entry, error)
    return message_files(found)  # without repeats


class Place:
    """The message the kiosk is replaying, kept in a small file so that a restart (a
    power cut, a crash, an update) carries on with it instead of the first message."""

    def __init__(self, path: Path):
        self.path = path

    def read(self) -> Path | None:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return Path(text) if text else None

    def write(self, message: Path) -> None:
        """Note MESSAGE; raises OSError. Written whole then renamed: a power cut leaves
        the old place or the new one, never half a name."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".new")
        partial.write_text(f"{message.resolve()}\n", encoding="utf-8")
        os.replace(partial, self.path)
