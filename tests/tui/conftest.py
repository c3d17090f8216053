"""The app under test: the 1962 telegram on a virtual clock, painted on demand."""

from __future__ import annotations

from pathlib import Path

import pytest

from teletype.clock import VirtualClock
from teletype.tui.app import TeletypeApp

ROOT = Path(__file__).resolve().parents[2]
TELEGRAM = ROOT / "messages" / "1962-10-27-kennedy-to-khrushchev.yaml"
SIZE = (100, 30)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(start=0.0)


@pytest.fixture
def make_app(clock):
    def make(playlist=(TELEGRAM,), app_class=TeletypeApp, **options) -> TeletypeApp:
        options.setdefault("theme", "paper")
        return app_class(list(playlist), clock=clock, **options)

    return make


async def advance(pilot, seconds: float) -> None:
    """Let SECONDS of virtual time pass, then paint the frame the timer would paint."""
    app = pilot.app
    await app.clock.advance(seconds)
    app.paint()
    await pilot.pause()


@pytest.fixture
def second_message(tmp_path) -> Path:
    """A second, shorter message for the playlist controls."""
    text = TELEGRAM.read_text()
    text = text.replace("id: 1962-10-27-kennedy-to-khrushchev", "id: 1962-10-28-test-copy")
    text = text.replace("title: President Kennedy's reply to Chairman Khrushchev", "title: A second message for the tests")
    path = tmp_path / "1962-10-28-test-copy.yaml"
    path.write_text(text)
    return path


@pytest.fixture
def broken_message(monkeypatch) -> Path:
    """A message file with a YAML error, named relative to the project (the same on every machine)."""
    monkeypatch.chdir(ROOT)
    return Path("tests/tui/data/broken.yaml")
