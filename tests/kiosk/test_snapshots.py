"""Snapshots of the kiosk's own screens, deterministic on the virtual clock.

Update them after a deliberate change with: pytest tests/kiosk --snapshot-update
"""

from __future__ import annotations

from dataclasses import replace

from .conftest import BROKEN, SIZE, advance, started


def after(seconds: float):
    async def run_before(pilot) -> None:
        await started(pilot)
        await advance(pilot, seconds)

    return run_before


def test_attract_screen_on_the_console(snap_compare, make_kiosk, make_config):
    config = replace(make_config(), theme="console", title="The Teletype Room")
    assert snap_compare(make_kiosk(config), terminal_size=SIZE, run_before=after(3))


def test_no_messages(snap_compare, make_kiosk, make_config):
    assert snap_compare(make_kiosk(make_config(playlist=(BROKEN,))), terminal_size=SIZE, run_before=after(0))
