"""The kiosk's outer loop: signals end it cleanly; a screen that dies is started again."""

from __future__ import annotations

import os
import re
import signal
from dataclasses import replace

import pytest

from teletype.errors import TeletypeError
from teletype.kiosk import run
from teletype.kiosk.app import KioskApp
from teletype.kiosk.config import LogSettings, Timings

from .conftest import SHORT


class SignalledApp(KioskApp):
    """Sends this process SIGNAL once the loop has begun, as systemd would."""

    signal = signal.SIGTERM

    def begin(self) -> None:
        super().begin()
        os.kill(os.getpid(), self.signal)


def test_sigterm_ends_the_kiosk_cleanly(make_config):
    config = make_config()
    assert run.run_kiosk(config, headless=True, app_class=SignalledApp) == 0
    log = config.log.file.read_text()
    assert "INFO leaving: SIGTERM" in log and "INFO kiosk stopped: SIGTERM" in log
    assert "Traceback" not in log


def test_a_hang_up_ends_it_with_a_status_to_restart_on(make_config):
    class HungUp(SignalledApp):
        signal = signal.SIGHUP

    config = make_config()
    assert run.run_kiosk(config, headless=True, app_class=HungUp) == 128 + signal.SIGHUP
    assert "INFO kiosk stopped: SIGHUP" in config.log.file.read_text()


class DiesOnceApp(SignalledApp):
    """The first screen dies of an unexpected error; the second is ended by SIGTERM."""

    runs = 0

    def begin(self) -> None:
        DiesOnceApp.runs += 1
        if DiesOnceApp.runs == 1:
            super(SignalledApp, self).begin()
            raise ZeroDivisionError("a bug nobody found")
        super().begin()


def test_a_screen_that_dies_is_logged_and_started_again_where_it_was(make_config, second_short, monkeypatch):
    monkeypatch.setattr(run, "FIRST_RESTART_WAIT", 0.0)
    config = make_config(playlist=(SHORT, second_short), timings=Timings(attract=0, hold=5, idle=0, rescan=30))
    config.log.place_file.parent.mkdir(parents=True)
    config.log.place_file.write_text(f"{second_short}\n")  # replaying the second when the power went
    assert run.run_kiosk(config, headless=True, app_class=DiesOnceApp) == 0
    assert DiesOnceApp.runs == 2
    log = config.log.file.read_text()
    assert "ZeroDivisionError: a bug nobody found" in log  # the traceback, in the log only
    assert re.search(r"ERROR the screen stopped after \d+ s; starting it again in 0 s", log)
    assert "INFO kiosk stopped: SIGTERM" in log


def test_a_log_that_cannot_be_opened_is_one_line(make_config, tmp_path):
    (tmp_path / "a-file").write_text("")
    config = replace(make_config(), log=LogSettings(tmp_path / "a-file" / "kiosk.log"))
    with pytest.raises(TeletypeError, match=r"cannot open the kiosk's log .*/a-file/kiosk.log: File exists \(.*/a-file\)"):
        run.run_kiosk(config, headless=True)
