from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TELEGRAM = ROOT / "messages" / "1962-10-27-kennedy-to-khrushchev.yaml"


@pytest.fixture
def telegram_path() -> Path:
    return TELEGRAM


@pytest.fixture(autouse=True)
def _no_user_messages(monkeypatch):
    # Tests see the project's messages only, whatever the developer's shell has set.
    monkeypatch.delenv("TELETYPE_MESSAGES", raising=False)
    yield
