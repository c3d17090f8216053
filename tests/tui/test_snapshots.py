"""Snapshots of the screen, made deterministic by the virtual clock.

Update them after a deliberate change with: pytest tests/tui --snapshot-update
"""

from __future__ import annotations

import pytest

from teletype.profiles import get_profile

from .conftest import SIZE, advance

FRAME = get_profile("model28").char_time
INTO_THE_TEXT = 1.5 + 900 * FRAME  # more lines than the view holds: the paper has moved up


def after(seconds: float, *keys: str, steps: int = 0):
    async def run_before(pilot) -> None:
        await pilot.press(*keys)
        await advance(pilot, seconds)
        for _ in range(steps):
            await pilot.press("s")
        await pilot.pause()

    return run_before


def test_main_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=after(INTO_THE_TEXT))


@pytest.mark.parametrize("theme", ["green", "amber", "console"])
def test_themes(snap_compare, make_app, theme):
    assert snap_compare(make_app(theme=theme), terminal_size=SIZE, run_before=after(INTO_THE_TEXT))


def test_ascii_tape_of_a_model_33(snap_compare, make_app):
    from teletype.tui.app import ReplayOptions

    app = make_app(options=ReplayOptions(profile="model33"))
    assert snap_compare(app, terminal_size=SIZE, run_before=after(0.5 + 40 * 0.1))


def test_explain_mode(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(100, 36), run_before=after(0, "e", steps=3))


def test_facsimile_beside_the_paper(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(150, 40), run_before=after(INTO_THE_TEXT, "f"))


def test_info_panel(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(150, 40), run_before=after(INTO_THE_TEXT, "i"))


def test_small_terminal_notice(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(60, 18), run_before=after(3.0))


def test_load_error(snap_compare, make_app, broken_message):
    assert snap_compare(make_app(playlist=[broken_message]), terminal_size=SIZE, run_before=after(0))
