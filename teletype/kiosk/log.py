"""The curator's log: a rotating file with one line per event a curator cares about.

    2026-11-02 10:15:03 INFO started 2/5 1962-10-27-kennedy-to-khrushchev: Model 28, 45.45 baud, 9 min 30 s; printer online
    2026-11-02 10:24:35 INFO finished 1962-10-27-kennedy-to-khrushchev in 9 min 32 s; printer online, 3480 codes printed
    2026-11-02 10:24:50 WARNING skipped messages/draft.yaml:3:1: invalid YAML: ...

Tracebacks of unexpected errors go here too, never to the screen.
"""

from __future__ import annotations

import io
import logging
import logging.handlers

from teletype.errors import TeletypeError
from teletype.kiosk.config import LogSettings

FORMAT = "%(asctime)s %(levelname)s %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def open_log(settings: LogSettings) -> logging.Logger:
    """A logger writing to the settings' file, rotated by size; TeletypeError if the file cannot be opened."""
    try:
        settings.file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            settings.file, maxBytes=settings.max_bytes, backupCount=settings.backups, encoding="utf-8"
        )
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(settings.file) else ""
        raise TeletypeError(f"cannot open the kiosk's log {settings.file}: {exc.strerror}{where}") from None
    handler.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT))
    # Not registered with logging's manager: each kiosk (and each test) has its own, and
    # nothing else's handlers (or the root's) ever see its records.
    logger = logging.Logger("teletype.kiosk", logging.INFO)
    logger.addHandler(handler)
    return logger


def close_log(logger: logging.Logger) -> None:
    for handler in list(logger.handlers):
        handler.close()
        logger.removeHandler(handler)


def minutes(seconds: float) -> str:
    """A duration as a curator reads it: 9 min 32 s, 45 s, 2 h 5 min."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


class LogWriter(io.TextIOBase):
    """A text stream into the log, for what a library prints (Textual prints the
    traceback of an error that stops the screen to standard error)."""

    def __init__(self, logger: logging.Logger):
        self.logger = logger
        self.parts: list[str] = []

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        text = "".join(self.parts).rstrip()
        self.parts.clear()
        if text:
            self.logger.error("%s", text)
