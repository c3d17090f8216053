"""The kiosk's printer: the sink its config describes, and the log of its states."""

from __future__ import annotations

import logging
from pathlib import Path

from teletype.kiosk.config import load_config
from teletype.kiosk.printer import PrinterLog, printer_sink
from teletype.sinks.serial import SKIP

from .conftest import SHORT


def test_the_printer_sink_never_holds_the_screen(tmp_path):
    config_file = tmp_path / "kiosk.yaml"
    config_file.write_text(f"playlist: {SHORT}\nprofile: model33\nprinter: {{port: 'loop://', motor_idle: 30}}\n")
    sink = printer_sink(load_config(config_file))
    assert sink.if_offline == SKIP and sink.motor_idle == 30
    assert sink.settings.port == "loop://" and sink.settings.bytesize == 7 and sink.settings.parity == "even"


class Sink:
    problem = ""
    setup = None


def test_each_change_of_state_is_logged_once(tmp_path):
    path = tmp_path / "kiosk.log"
    logger = logging.Logger("test")
    logger.addHandler(logging.FileHandler(path))
    listen = PrinterLog(logger)
    sink = Sink()
    listen("online", sink)
    sink.problem = "no such serial port"
    for _ in range(3):  # the sink says "offline" at every attempt to reopen
        listen("offline", sink)
    sink.problem = "permission denied"
    listen("offline", sink)
    listen("online", sink)
    listen("resync", sink)
    listen("break", sink)
    listen("motor", sink)
    assert Path(path).read_text().splitlines() == [
        "printer online",
        "printer offline: no such serial port",
        "printer offline: permission denied",
        "printer online",
        "printer re-synced: a new line and its shift",
        "BREAK from the printer (the kiosk carries on)",
    ]
