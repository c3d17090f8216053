"""The kiosk's teleprinter: the serial sink its config describes, and what it logs.

pyserial is imported only here (and by the sink), when a config names a printer.
"""

from __future__ import annotations

import logging

from teletype.clock import Clock
from teletype.kiosk.config import KioskConfig
from teletype.profiles import get_profile


def line_settings(config: KioskConfig):
    """The port settings for the config's printer and machine; TeletypeError if they do not fit."""
    from teletype.serialport import LineSettings

    printer = config.printer
    return LineSettings.for_profile(
        printer.port, get_profile(config.profile), baud=printer.port_baud, bytesize=printer.bytesize,
        parity=printer.parity, stopbits=printer.stopbits, rtscts=printer.rtscts, xonxoff=printer.xonxoff,
        motor=printer.motor, motor_invert=printer.motor_invert,
    )


def printer_sink(config: KioskConfig, clock: Clock | None = None):
    """A sink that never holds the screen: while the printer is away the replay goes
    on without it, and the sink keeps trying to reopen the port."""
    from teletype.sinks.serial import SKIP, SerialSink

    return SerialSink(line_settings(config), get_profile(config.profile), clock=clock, if_offline=SKIP,
                      motor_idle=config.printer.motor_idle)


class PrinterLog:
    """A listener of the sink: each change of the printer's state, logged once (the
    sink says "offline" again at every attempt to reopen the port)."""

    def __init__(self, logger: logging.Logger):
        self.logger = logger
        self.last = ""

    def __call__(self, kind: str, sink) -> None:
        if kind in ("offline", "held"):
            self._state(logging.WARNING, f"printer {kind}: {sink.problem}")
        elif kind == "online":
            self._state(logging.INFO, "printer online" + (f": {sink.setup.describe()}" if sink.setup else ""))
        elif kind == "resync":
            self.logger.info("printer re-synced: a new line and its shift")
        elif kind == "break":
            self.logger.info("BREAK from the printer (the kiosk carries on)")

    def _state(self, level: int, text: str) -> None:
        if text != self.last:
            self.logger.log(level, "%s", text)
            self.last = text
