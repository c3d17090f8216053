"""The kiosk's screen, driven with Pilot in virtual time: the loop, the locks, the exit
keys, idle reset, and messages or replays that go wrong."""

from __future__ import annotations

from dataclasses import replace

from textual.command import CommandPalette
from textual.screen import ModalScreen

from teletype.kiosk.app import KioskApp
from teletype.kiosk.config import Timings
from teletype.tui.widgets.paper import Paper

from .conftest import BROKEN, SHORT, SIZE, advance, log_text, play_out, started


def shown(app: KioskApp) -> str:
    return app.paper.model.text()


async def test_the_attract_screen_announces_the_next_message_and_starts_by_itself(make_kiosk):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.state == "attract" and app.attract.display
        text = str(app.attract.render())
        assert "A short test message" in text and "Press any key to start" in text
        assert "starts by itself in 10 s" in text
        await advance(pilot, 4)
        assert "starts by itself in 6 s" in str(app.attract.render())
        await advance(pilot, 6)
        assert app.state == "playing" and not app.attract.display
        await advance(pilot, 3)
        assert shown(app).startswith("TELEGRAM")


async def test_any_key_starts_at_once_and_does_nothing_else(make_kiosk):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("space")  # the pause key: here it only starts the message
        assert app.state == "playing" and not app.player.paused
        await advance(pilot, 3)
        assert shown(app).startswith("TELEGRAM")


async def test_the_loop_holds_the_end_then_tears_off_the_paper_for_the_next(make_kiosk, make_config, second_short):
    app = make_kiosk(make_config(playlist=(SHORT, second_short)))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await advance(pilot, 10)
        await play_out(pilot)
        assert shown(app).rstrip().endswith("NNNN") and "DONE" in str(app.status.render())
        await advance(pilot, 4)
        assert app.state == "holding"  # the end stays on the screen for timings.hold
        await advance(pilot, 1)
        assert app.state == "attract" and "A second test message" in str(app.attract.render())
        await advance(pilot, 10)
        assert app.state == "playing" and app.index == 1
        assert shown(app) == ""  # a fresh sheet
        await play_out(pilot)
        await advance(pilot, 5)
        assert app.state == "attract" and app.index == 0  # round again
    log = log_text(app)
    assert "INFO started 1/2 test-short: Teletype Model 28, 60 speed, 45.45 baud, 24 s" in log
    assert "INFO finished test-short after 2" in log  # 24 s, to the second the test steps by
    assert "INFO started 2/2 test-second" in log and "INFO finished test-second after 2" in log


async def test_locked_keys_do_nothing(make_kiosk):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("x")  # any key: start
        await advance(pilot, 2)
        for key in ("q", "ctrl+q", "ctrl+c", "ctrl+p", "c", "m", "e", "s", "t", "ctrl+z", "ctrl+s", "escape", "tab", "f1"):
            await pilot.press(key)
            assert app.is_running and app.state == "playing", key
        assert app.theme == "paper" and not app.explaining and app.tape_wanted
        assert not isinstance(app.screen, (ModalScreen, CommandPalette)) and len(app.screen_stack) == 1
        assert not app.player.paused and app.player.speed == 1
        keys = str(app.keybar.render())
        assert "Pause" in keys and not any(word in keys for word in ("Quit", "Theme", "Messages", "Explain"))
        await advance(pilot, 3)
        assert shown(app).startswith("TELEGRAM")  # the replay went on throughout


async def test_the_exit_keys_leave(make_kiosk):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("ctrl+x", "ctrl+x")
        assert app.state == "attract"  # the chord's keys do not start the message
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.leaving == "the exit keys" and app.return_code == 0
    assert "INFO leaving: the exit keys" in log_text(app)


async def test_the_exit_keys_pressed_too_slowly_do_not_leave(make_kiosk):
    app = make_kiosk()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("ctrl+x", "ctrl+x")
        await advance(pilot, 6)
        await pilot.press("ctrl+q")
        assert app.is_running and app.leaving is None


async def test_visitor_controls_work(make_kiosk, make_config, second_short):
    app = make_kiosk(make_config(playlist=(SHORT, second_short)))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("enter")
        await pilot.press("plus", "n")
        assert app.index == 1 and app.player.speed == 2
        await pilot.pause()
        await advance(pilot, 0.1)
        log = log_text(app)
        assert "INFO started 2/2 test-second (by a visitor)" in log, log
        assert "INFO stopped test-short after 0 s (a visitor chose another message)" in log, log


async def test_idle_reset_sends_a_paused_line_back_to_the_loop(make_kiosk, make_config, second_short):
    app = make_kiosk(make_config(playlist=(SHORT, second_short)))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("enter")
        await advance(pilot, 5)
        await pilot.press("space")
        assert app.player.paused
        await advance(pilot, 59)
        assert app.state == "playing" and app.player.paused
        await advance(pilot, 1)
        assert app.state == "attract" and app.index == 1 and app.player is None
        assert "INFO stopped test-short after 1 min 5 s (left paused for 1 min 0 s)" in log_text(app)


async def test_idle_reset_undoes_panels_and_speed_and_the_replay_goes_on(make_kiosk, make_config):
    config = make_config(controls=("faster", "info", "tape", "pick"))
    app = make_kiosk(config)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("enter")
        await pilot.press("plus", "i", "t", "m")
        assert app.side == "info" and not app.tape_wanted and app.speed == 2 and len(app.screen_stack) == 2
        await advance(pilot, 60)
        assert len(app.screen_stack) == 1 and app.side is None and app.tape_wanted and app.player.speed == 1
        assert app.state in ("playing", "holding") and app.index == 0  # not torn off: it was running
        assert "no key for 1 min 0 s: the visitor's changes undone" in log_text(app)


async def test_a_broken_message_is_skipped_and_logged_once(make_kiosk, make_config):
    app = make_kiosk(make_config(playlist=(BROKEN, SHORT)))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.state == "attract" and app.index == 1 and "A short test message" in str(app.attract.render())
        for _ in range(2):  # twice round the loop
            await advance(pilot, 10)
            await play_out(pilot)
            await advance(pilot, 5)
        assert app.state == "attract" and app.index == 1
    log = log_text(app)
    assert f"WARNING skipped {BROKEN}:3:1: invalid YAML: did not find expected ',' or ']'" in log
    assert log.count("skipped") == 1 and log.count("finished test-short") == 2
    assert "Traceback" not in log


async def test_with_no_message_to_replay_it_waits_calmly_and_looks_again(make_kiosk, make_config, tmp_path):
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    (shelf / "a-broken.yaml").write_text(BROKEN.read_text())
    app = make_kiosk(make_config(playlist=(shelf,)))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.state == "empty" and app.attract.display
        assert "No messages just now." in str(app.attract.render())
        await pilot.press("space", "n", "q")
        assert app.is_running and app.state == "empty"
        (shelf / "b-short.yaml").write_text(SHORT.read_text())  # the curator adds one
        await advance(pilot, 29)
        assert app.state == "empty"
        await advance(pilot, 1)
        assert app.state == "attract" and "A short test message" in str(app.attract.render())
    log = log_text(app)
    assert "WARNING no message in the playlist can be replayed; looking again every 30 s" in log
    assert log.count("a-broken.yaml:3:1") == 1


async def test_a_message_broken_after_it_was_announced_is_skipped(make_kiosk, make_config, tmp_path, second_short):
    message = tmp_path / "changing.yaml"
    message.write_text(SHORT.read_text())
    app = make_kiosk(make_config(playlist=(message, second_short)))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        message.write_text("format: 1\n")  # edited while the attract screen showed it
        await advance(pilot, 10)
        await advance(pilot, 0.1)
        assert app.state == "playing" and app.index == 1
    assert f"WARNING skipped {message}:1:1: missing required key 'title'" in log_text(app)


async def test_an_error_while_painting_is_logged_and_the_loop_goes_on(make_kiosk, make_config, second_short, monkeypatch):
    app = make_kiosk(make_config(playlist=(SHORT, second_short)))
    feed = Paper.feed

    def failing_feed(self, events):
        if app.index == 0:
            raise ValueError("a bug in painting")
        return feed(self, events)

    monkeypatch.setattr(Paper, "feed", failing_feed)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await advance(pilot, 10)
        await advance(pilot, 3)
        assert app.index == 1  # the next message, announced
        await advance(pilot, 0.1)
        assert app.state == "playing"
        await play_out(pilot)
    log = log_text(app)
    assert "ERROR unexpected error in painting the paper; going on with the next message" in log
    assert "Traceback (most recent call last)" in log and "ValueError: a bug in painting" in log
    assert "finished test-second" in log


class FailingLine:
    """A line sink (a printer stand-in) that fails on its tenth code."""

    state, problem, sent, dropped = "online", "", 0, 0

    def __init__(self):
        self.fed = []  # paper feeds asked for between messages

    async def send(self, events):
        self.sent += len(events)
        if self.sent >= 10:
            raise OSError("the line broke")

    def status_text(self) -> str:
        return "printer online"

    async def feed_paper(self, lines):
        self.fed.append(lines)


async def test_an_error_inside_a_replay_is_logged_and_the_loop_goes_on(make_kiosk, make_config):
    app = make_kiosk(make_config(timings=Timings(attract=0, hold=1, idle=0, rescan=30)), printer=FailingLine())
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        for _ in range(20):
            await advance(pilot, 1)
        assert app.is_running and app.state in ("attract", "playing")
    log = log_text(app)
    assert "ERROR unexpected error in the replay; going on with the next message" in log
    assert "OSError: the line broke" in log
    assert log.count("started 1/1 test-short") >= 2  # and round again


async def test_a_control_that_fails_is_logged_and_the_loop_goes_on(make_kiosk, make_config, monkeypatch):
    app = make_kiosk(make_config(controls=("pause", "info")))

    def broken_info(self):
        raise RuntimeError("a bug in the info panel")

    monkeypatch.setattr(KioskApp, "action_info", broken_info)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("enter", "i")
        assert app.is_running and app.side is None
    assert "RuntimeError: a bug in the info panel" in log_text(app)


async def test_it_starts_where_it_was_and_after_a_crash_with_the_next(make_kiosk, make_config, second_short):
    config = make_config(playlist=(SHORT, second_short))
    app = make_kiosk(config, resume=second_short)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.index == 1
        await pilot.press("enter")
    assert config.log.place_file.read_text().strip() == str(second_short.resolve())
    app = make_kiosk(config, resume=second_short, after_crash=True)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.index == 0


async def test_the_printer_paper_is_fed_for_tearing_off_between_messages(make_kiosk, make_config):
    class Printer(FailingLine):
        async def send(self, events):
            self.sent += len(events)

    printer = Printer()
    app = make_kiosk(make_config(timings=Timings(attract=2, hold=1, idle=0, rescan=30)), printer=printer)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("enter")
        assert printer.fed == []  # nothing printed yet, nothing to tear off
        for _ in range(40):
            await advance(pilot, 1)
            if app.state == "attract":
                break
        assert printer.fed == []  # the end stays on the paper until the next message
        await advance(pilot, 2)
        await pilot.pause()
        assert app.state == "playing" and printer.fed == [6]


async def test_the_attract_screen_shows_an_absent_printer(make_kiosk, make_config):
    class AbsentPrinter(FailingLine):
        state, problem = "offline", "no such serial port"

        def status_text(self):
            return "printer offline: no such serial port; retrying in 4 s"

    app = make_kiosk(make_config(), printer=AbsentPrinter())
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert "printer offline: no such serial port; retrying in 4 s" in str(app.attract.render())
        await pilot.press("enter")
    assert "started 1/1 test-short: Teletype Model 28, 60 speed, 45.45 baud, 24 s; printer offline: no such serial port\n" in log_text(app)


async def test_speed_max_config_and_no_attract_screen(make_kiosk, make_config):
    config = replace(make_config(), speed=float("inf"), timings=Timings(attract=0, hold=0, idle=0, rescan=30))
    app = make_kiosk(config)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert not app.attract.display
        for _ in range(10):
            await advance(pilot, 0.1)
        assert app.finished_count >= 2


async def test_the_exit_keys_work_over_the_message_picker(make_kiosk, make_config):
    app = make_kiosk(make_config(controls=("pick",)))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("enter", "m")
        assert len(app.screen_stack) == 2
        await pilot.press("ctrl+x", "ctrl+x", "ctrl+q")
        await pilot.pause()
    assert app.leaving == "the exit keys"


async def test_a_directory_that_cannot_be_read_is_logged(make_kiosk, make_config, tmp_path, monkeypatch):
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    real_iterdir = type(shelf).iterdir

    def iterdir(path):
        if path == shelf:
            raise PermissionError(13, "Permission denied")
        return real_iterdir(path)

    monkeypatch.setattr(type(shelf), "iterdir", iterdir)
    app = make_kiosk(make_config(playlist=(shelf, SHORT)))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.state == "attract" and app.playlist == [SHORT]
    assert f"WARNING skipped {shelf}: cannot read the directory: Permission denied" in log_text(app)
