"""The kiosk under test: short messages, a log in a temporary directory, a virtual clock."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from teletype.clock import VirtualClock
from teletype.kiosk.app import KioskApp
from teletype.kiosk.config import KioskConfig, LogSettings, Timings
from teletype.kiosk.log import close_log, open_log

DATA = Path(__file__).resolve().parent / "data"
SHORT = DATA / "short.yaml"  # about 23 s at period speed
BROKEN = DATA / "broken.yaml"
SIZE = (100, 30)


@pytest.fixture
def second_short(tmp_path) -> Path:
    path = tmp_path / "second.yaml"
    path.write_text(SHORT.read_text().replace("id: test-short", "id: test-second").replace("A short test", "A second test"))
    return path


@pytest.fixture
def make_config(tmp_path):
    def make(playlist=(SHORT,), **changes) -> KioskConfig:
        config = KioskConfig(
            path=None, playlist=tuple(playlist), log=LogSettings(tmp_path / "log" / "kiosk.log"), theme="paper",
            timings=Timings(attract=10, hold=5, idle=60, rescan=30),
        )
        return replace(config, **changes)

    return make


@pytest.fixture
def make_kiosk(make_config):
    loggers = []

    def make(config: KioskConfig | None = None, app_class=KioskApp, **options) -> KioskApp:
        config = config or make_config()
        logger = open_log(config.log)
        loggers.append(logger)
        options.setdefault("clock", VirtualClock())
        return app_class(config, logger, **options)

    yield make
    for logger in loggers:
        close_log(logger)


def log_text(app: KioskApp) -> str:
    return app.config.log.file.read_text()


async def advance(pilot, seconds: float) -> None:
    """Let SECONDS of virtual time pass, then run the loop and paint, as the timers would."""
    app = pilot.app
    await app.clock.advance(seconds)
    app.tick()
    app.paint()
    await pilot.pause()


async def started(pilot) -> None:
    """Wait until the kiosk has begun its loop (it begins after the screen is mounted)."""
    for _ in range(20):
        if pilot.app.state != "starting":
            return
        await pilot.pause()
    raise AssertionError("the kiosk did not begin")


async def play_out(pilot, step: float = 1.0, limit: float = 120.0) -> None:
    """Advance until the message on the paper has ended."""
    app = pilot.app
    waited = 0.0
    while app.state == "playing" and waited < limit:
        await advance(pilot, step)
        waited += step
    assert app.state == "holding", f"still {app.state} after {waited} s"
