"""Plain text output: any terminal, ssh session or pipe."""

from __future__ import annotations

from typing import Sequence, TextIO

from teletype.schedule import Event


class PlainSink:
    """Writes what the paper shows. A terminal gets CR as CR; a pipe or file only the LFs."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.carriage_returns = stream.isatty()

    async def send(self, events: Sequence[Event]) -> None:
        text = "".join(event.code.text for event in events)
        if not self.carriage_returns:
            text = text.replace("\r", "")
        self.stream.write(text)
        self.stream.flush()
