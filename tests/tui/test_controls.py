"""Every control, driven through the keys with Pilot, in virtual time."""

from __future__ import annotations

import math

import pytest
from textual.widgets import OptionList, Static

from teletype.profiles import get_profile
from teletype.replay import ReplayOptions
from teletype.tui.app import TeletypeApp
from teletype.tui.keys import ACTIONS, CONTROLS
from teletype.tui.screens.picker import Picker
from teletype.tui.widgets.explain import Explain

from .conftest import SIZE, TELEGRAM, advance

FRAME = get_profile("model28").char_time  # a 60-speed character


def shown(app: TeletypeApp) -> str:
    return app.paper.model.text()


def due_text(app: TeletypeApp, now: float) -> str:
    """What the schedule says the paper shows at NOW (nothing is printed between CR and LF here)."""
    return "".join(e.code.text for e in app.transmission.events if e.end <= now + 1e-9).replace("\r", "")


async def test_the_paper_shows_exactly_what_is_due(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        for now in (1.0, 1.5 + 10 * FRAME, 1.5 + 60 * FRAME, 1.5 + 200 * FRAME):
            await advance(pilot, now - app.clock.now())
            assert shown(app) == due_text(app, now)
        assert shown(app).startswith("ZCZC WTE015\nOO RUEHMO\nDE RUEHC")


async def test_pause_holds_the_paper_and_resume_goes_on(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, 3.0)
        await pilot.press("space")
        before = shown(app)
        await advance(pilot, 30.0)
        assert shown(app) == before
        assert app.player.state == "paused"
        await pilot.press("space")
        await advance(pilot, 2.0)
        assert len(shown(app)) > len(before)


async def test_step_sends_one_code_at_a_time(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert app.player.paused
        assert app.last_event.index == 0 and app.last_event.code.name == "LTRS"
        await pilot.press("s", "s")
        assert app.last_event.index == 2
        assert shown(app) == "ZC"


async def test_speed_keys_step_through_1_2_4_10_max(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        speeds = []
        for _ in range(5):
            await pilot.press("plus")
            speeds.append(app.player.speed)
        assert speeds == [2, 4, 10, math.inf, math.inf]
        await pilot.press("minus", "minus")
        assert app.player.speed == 4
        await advance(pilot, 1.5 + 40 * FRAME / 4)
        assert len(shown(app).replace("\n", "")) >= 30  # four characters for every one at 1x


class FinishRecorder(TeletypeApp):
    """Listens for the end of a replay as a kiosk would."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.finished = []

    def on_teletype_app_replay_finished(self, message: TeletypeApp.ReplayFinished) -> None:
        self.finished.append(message.path)


async def test_max_speed_prints_the_whole_telegram_and_reports_it(make_app):
    app = make_app(speed=math.inf, app_class=FinishRecorder)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            await advance(pilot, 0)
            if app.player.done and app.last_event.index == len(app.transmission.events) - 1:
                break
        assert shown(app).rstrip().endswith("NNNN")
        await pilot.pause()
        assert app.finished == [app.playlist[0]]
        assert "DONE" in str(app.query_one("Status").render())


async def test_the_paper_keeps_a_bounded_scrollback(make_app):
    app = make_app(speed=math.inf, scrollback=20)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(50):
            await advance(pilot, 0)
        assert app.player.done
        assert len(app.paper.model.lines) == 20
        assert app.paper.model.dropped + 20 == len(app.transmission.printed) + 1  # the last line feed opens a blank line
        assert app.paper.model.text().rstrip().endswith("NNNN")
        assert "NNNN" in "".join(app.paper.render_line(y).text for y in range(app.paper.size.height))


async def test_restart_tears_off_the_paper(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, 1.5 + 30 * FRAME)
        assert shown(app)
        await pilot.press("r")
        assert shown(app) == ""
        assert list(app.tape.codes) == []
        await advance(pilot, 1.5 + 5 * FRAME)
        assert shown(app) == "ZCZC"


async def test_next_and_previous_walk_the_playlist(make_app, second_message):
    app = make_app(playlist=[TELEGRAM, second_message])
    async with app.run_test(size=SIZE) as pilot:
        title = app.query_one("#title", Static)
        assert "President Kennedy" in str(title.render())
        await pilot.press("n")
        assert app.index == 1 and "A second message" in str(title.render())
        await pilot.press("n")
        assert app.index == 0  # the playlist wraps round
        await pilot.press("p")
        assert app.index == 1


async def test_picker_lists_messages_and_opens_the_chosen_one(make_app, second_message, broken_message):
    app = make_app(playlist=[TELEGRAM, broken_message, second_message])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, Picker)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels[0] == "1962-10-27  President Kennedy's reply to Chairman Khrushchev"
        assert labels[1].startswith("broken.yaml: ") and options.get_option_at_index(1).disabled
        await pilot.press("down", "enter")  # the broken entry is skipped
        assert not isinstance(app.screen, Picker)
        assert app.index == 2
        await pilot.press("m", "escape")
        assert not isinstance(app.screen, Picker) and app.index == 2


async def test_info_panel_says_what_is_reconstructed(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        side = app.query_one("#side")
        assert side.display
        text = str(app.query_one("#side-text", Static).render())
        assert "Reconstructed: ACP 127 framing: the form does not show the wire format (docs/history.md). Not on the form, which is headed URGENT" in text
        assert "RUEHMO, Moscow's routing indicator" in text
        assert "Provenance" in text and "Editorial notes" in text
        await pilot.press("i")
        assert not side.display


async def test_facsimile_shows_struck_text_styled(make_app):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("f")
        assert app.query_one("#paper-area").display  # wide enough to sit beside the paper
        content = app.query_one("#side-text", Static).content
        struck = [content.plain[span.start : span.end] for span in content.spans if "strike" in str(span.style)]
        assert "del" in struck
        await pilot.press("f")
        assert not app.query_one("#side").display


async def test_tape_toggles(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.tape.display
        await pilot.press("t")
        assert not app.tape.display
        await pilot.press("t")
        assert app.tape.display


async def test_explain_pauses_and_takes_the_code_apart(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        explain = app.query_one(Explain)
        assert explain.display and app.player.paused
        await pilot.press("s", "s")  # LTRS, then Z
        text = str(explain.render())
        assert "Code 2 of 3480: Z" in text
        assert "data bits 10001" in text  # Z is 0x11: bits 1 and 5
        assert "prints 'Z'" in text
        assert "Reconstructed: ACP 127 framing" in text and "Not on the form" in text  # the ZCZC line
        await pilot.press("e")
        assert not explain.display


async def test_theme_key_cycles_the_four_themes_and_repaints_the_paper(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, 1.5 + 20 * FRAME)
        row = next(y for y in range(app.paper.size.height) if "ZCZC" in app.paper.render_line(y).text)
        paper_colours = []
        seen = [app.theme]
        for _ in range(4):
            paper_colours.append(app.paper.render_line(row)._segments[-1].style.bgcolor.name)
            await pilot.press("c")
            seen.append(app.theme)
        assert seen == ["paper", "green", "amber", "console", "paper"]
        assert paper_colours[:3] == ["#f3e7a1", "#031208", "#170f00"]


@pytest.mark.parametrize("key", ["q", "ctrl+q", "ctrl+c"])
async def test_quit(make_app, key):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_a_key_file_rebinds_the_controls(make_app, tmp_path):
    from teletype.tui.keys import load_keymap

    path = tmp_path / "keys.yaml"
    path.write_text("faster: ']'\npause: x\n")
    app = make_app(keymap=load_keymap(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("plus", "space")
        assert app.player.speed == 1 and not app.player.paused  # the old keys are free
        await pilot.press("right_square_bracket", "x")
        assert app.player.speed == 2 and app.player.paused
        assert "x Resume" in str(app.keybar.render()) and "] Faster" in str(app.keybar.render())


def footer_labels(app: TeletypeApp) -> list[str]:
    """The controls' labels in the order the key bar shows them."""
    labels = {control.description: control.action for control in CONTROLS} | {"Resume": "pause"}
    words = str(app.keybar.render()).split()
    return [labels[word] for word in words if word in labels]


async def test_remapped_controls_keep_their_place_in_the_footer(make_app, tmp_path):
    from teletype.tui.keys import load_keymap

    path = tmp_path / "keys.yaml"
    path.write_text("quit: x\npause: b\nfaster: ']'\n")
    app = make_app(keymap=load_keymap(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert footer_labels(app) == list(ACTIONS)
        keys = str(app.keybar.render())
        assert keys.index("b Pause") < keys.index("s Step") < keys.index("] Faster") < keys.index("x Quit")


async def test_a_kiosk_locks_every_control_it_does_not_allow(make_app):
    app = make_app(allowed_actions=frozenset({"pause", "faster"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q", "n", "c", "e", "r", "m")
        assert app.is_running and app.theme == "paper" and not app.explaining
        assert not isinstance(app.screen, Picker)
        await pilot.press("plus", "space")
        assert app.player.speed == 2 and app.player.paused
        keys = str(app.keybar.render())
        assert "Faster" in keys and "Quit" not in keys and "Theme" not in keys


async def test_a_message_that_fails_to_load_shows_its_error_in_the_app(make_app, broken_message):
    app = make_app(playlist=[broken_message, TELEGRAM])
    async with app.run_test(size=SIZE) as pilot:
        assert app.load_error is not None
        assert app.load_error_view.display and not app.paper.display
        shown_error = str(app.load_error_view.render())
        assert "broken.yaml:3:1: invalid YAML" in shown_error and "cannot be replayed" in shown_error
        await pilot.press("n")  # and the next message plays
        assert app.load_error is None and app.paper.display
        await advance(pilot, 1.5 + 5 * FRAME)
        assert shown(app) == "ZCZC"


async def test_a_small_terminal_gets_a_notice_not_a_crash(make_app):
    app = make_app()
    async with app.run_test(size=(60, 18)) as pilot:
        await advance(pilot, 3.0)
        assert app.too_small.display and not app.status.display and not app.main_row.display
        assert "60x18" in str(app.too_small.render()) and "q quits" in str(app.too_small.render())
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert not app.too_small.display and app.status.display


async def test_under_the_small_terminal_notice_only_quit_works(make_app, second_message):
    app = make_app(playlist=[TELEGRAM, second_message])
    async with app.run_test(size=(60, 18)) as pilot:
        await advance(pilot, 3.0)
        before = shown(app)
        await pilot.press("i", "i", "e", "space", "s", "plus", "minus", "t", "f", "c", "n", "p", "r", "m")
        await advance(pilot, 1.0)
        assert app.side is None and not app.explaining and app.tape_wanted and app.theme == "paper"
        assert not app.player.paused and app.player.speed == 1 and app.index == 0 and len(app.screen_stack) == 1
        assert shown(app).startswith(before) and len(shown(app)) > len(before)  # the replay went on behind
        await pilot.resize_terminal(*SIZE)  # large enough again: the controls work
        await pilot.pause()
        await pilot.press("e")
        assert app.explaining and app.player.paused
        await pilot.resize_terminal(79, 30)
        await pilot.pause()
        await pilot.press("e")
        assert app.explaining  # the notice again: explain mode stays as it was
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running


async def test_reconstructed_header_lines_are_marked_on_the_paper(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, 1.5 + 200 * FRAME)
        marker = app.teletype_theme.glyphs.reconstructed
        rows = {}
        for y in range(app.paper.size.height):
            text = app.paper.render_line(y).text
            if text.strip():
                rows[text[2:].rstrip()] = text[:2]
        assert rows["ZCZC WTE015"] == marker + " "
        assert rows["BT"] == marker + " "  # the whole ACP 127 framing is reconstructed
        text_row = next(row for row in rows if row.startswith("FOLLOWING MESSAGE"))
        assert rows[text_row] == "  "  # the text, as the form has it: no marker
        reconstructed = app.paper.get_component_rich_style("paper--reconstructed").color
        zczc = next(y for y in range(app.paper.size.height) if "ZCZC" in app.paper.render_line(y).text)
        styles = [segment.style.color for segment in app.paper.render_line(zczc) if "ZCZC" in segment.text]
        assert styles == [reconstructed]


async def test_a_reader_who_scrolls_back_is_not_pulled_to_the_print_line(make_app):
    app = make_app(speed=10)
    async with app.run_test(size=SIZE) as pilot:
        paper = app.paper
        await advance(pilot, (1.5 + 1500 * FRAME) / 10)
        assert 0 < paper.max_scroll_y == paper.scroll_y  # following the print line
        paper.on_mouse_scroll_up()  # what the wheel does, then where it takes the view
        paper.scroll_to(y=0, animate=False, immediate=True)
        await advance(pilot, 10.0)
        assert paper.scroll_y == 0 and paper.max_scroll_y > 0
        paper.scroll_end(animate=False, immediate=True)
        paper.on_mouse_scroll_down()
        await pilot.pause()
        assert paper.follow
        await advance(pilot, 10.0)
        assert paper.scroll_y == paper.max_scroll_y


def print_line_on_view(app: TeletypeApp) -> tuple[str, str]:
    """The paper's bottom row as shown, and the line under the print position."""
    paper = app.paper
    return paper.render_line(paper.size.height - 1).text[2:].rstrip(), paper.model.lines[-1].text


async def test_explain_mode_opened_mid_line_shows_the_line_being_explained(make_app):
    app = make_app(speed=10)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, (1.5 + 1500 * FRAME) / 10)
        paper = app.paper
        assert app.last_event.code.text not in ("\r", "\n") and paper.model.lines[-1].text  # mid-line
        assert paper.max_scroll_y > 0  # the paper has moved up
        height = paper.size.height
        await pilot.press("e")
        await pilot.pause()
        assert paper.size.height < height  # the panel took rows from the paper
        bottom, print_line = print_line_on_view(app)
        assert bottom == print_line
        await pilot.press("s", "s")  # the codes explained print where they are seen
        await pilot.pause()
        assert print_line_on_view(app)[0] == app.paper.model.lines[-1].text
        await pilot.resize_terminal(SIZE[0], 26)  # a smaller window, still between line feeds
        await pilot.pause()
        assert paper.size.height < height - 4
        bottom, print_line = print_line_on_view(app)
        assert bottom == print_line
        await pilot.press("e")  # the panel closes: the paper grows, still ending at the print line
        await pilot.pause()
        assert print_line_on_view(app)[0] == app.paper.model.lines[-1].text and paper.scroll_y == paper.max_scroll_y


async def test_a_reader_scrolled_back_stays_put_when_the_paper_changes_size(make_app):
    app = make_app(speed=10)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, (1.5 + 1500 * FRAME) / 10)
        paper = app.paper
        paper.on_mouse_scroll_up()
        paper.scroll_to(y=0, animate=False, immediate=True)
        await pilot.press("e")
        await pilot.pause()
        assert paper.scroll_y == 0


class Notified(TeletypeApp):
    """Keeps the notifications it shows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notified: list[str] = []

    def notify(self, message, *args, **kwargs) -> None:
        self.notified.append(message)
        super().notify(message, *args, **kwargs)


async def test_substitutions_are_reported_in_one_notification(make_app):
    app = make_app(app_class=Notified, options=ReplayOptions(profile="telex"))  # ITA2 has no '#'
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        summary = app.transmission.substitution_summary()
        assert summary.startswith("6 character(s) substituted for ITA2: '#'->'NR' x2")
        assert app.notified == [summary]
    app = make_app(app_class=Notified)  # the Model 28's US TTY carries them all
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.notified == []
