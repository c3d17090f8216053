"""The replay app: one player, its screen sink, and the widgets a frame timer paints.

The player keeps the pacing (absolute deadlines on the injected clock); the screen
only paints what the player has handed it, in one batch per frame. Tests inject a
VirtualClock, so nothing here waits for real time except the frame timer itself.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Sequence

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message as TextualMessage
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from teletype.clock import Clock, MonotonicClock
from teletype.compose import WireLine
from teletype.errors import TeletypeError
from teletype.message import load_message
from teletype.player import Player, Sink
from teletype.replay import ReplayOptions, build_transmission
from teletype.schedule import Event, Transmission
from teletype.sinks import InStep
from teletype.tui.feed import ScreenFeed
from teletype.tui.keys import ACTIONS, CONTROLS
from teletype.tui.screens.picker import Entry, Picker
from teletype.tui.themes import TeletypeTheme, load_themes
from teletype.tui.widgets.explain import Explain
from teletype.tui.widgets.facsimile import facsimile_text
from teletype.tui.widgets.info import SideText, info_text
from teletype.tui.widgets.keybar import KeyBar
from teletype.tui.widgets.paper import DEFAULT_SCROLLBACK, Paper
from teletype.tui.widgets.status import Status, StatusInfo
from teletype.tui.widgets.tape import Tape

SPEEDS = (1.0, 2.0, 4.0, 10.0, math.inf)  # the speed keys step through these
FRAME_RATE = 60  # paints a second; every due character waits at most one frame
MIN_SIZE = (80, 24)
TEAR_OFF_LINES = 2  # new lines on a printer before the next message (a kiosk feeds more)
SIDE_MIN_WIDTH = 36  # the info or facsimile panel sits beside the paper when this much is left


def default_theme() -> str:
    """The Linux virtual console gets the theme its font and 16 colours can show."""
    return "console" if os.environ.get("TERM") == "linux" else "paper"


class TeletypeApp(App, inherit_bindings=False):
    CSS_PATH = Path(__file__).parent / "teletype.tcss"  # absolute, so subclasses elsewhere find it
    TITLE = "teletype"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding(control.keys, control.action, control.description, id=control.action) for control in CONTROLS]

    class ReplayFinished(TextualMessage):
        """The paper shows the last code of the message at PATH."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(
        self,
        playlist: Sequence[Path],
        start: int | None = 0,
        *,
        options: ReplayOptions = ReplayOptions(),
        speed: float = 1.0,
        theme: str | None = None,
        clock: Clock | None = None,
        keymap: dict[str, str] | None = None,
        line_sinks: Sequence[Sink] = (),
        allowed_actions: frozenset[str] | None = None,
        frame_rate: float = FRAME_RATE,
        scrollback: int = DEFAULT_SCROLLBACK,
    ):
        """PLAYLIST: message files, START: the index to open first (None: open nothing,
        a kiosk opens the messages itself).

        LINE_SINKS go before the screen (a serial line holds the screen back to the
        paper); ALLOWED_ACTIONS, when given, is every control that works (a kiosk).
        """
        super().__init__()
        self._widgets_up = False  # the widgets exist (a theme set before that only sets the colours)
        if not playlist and start is not None:
            raise ValueError("the playlist is empty")
        self.playlist = list(playlist)
        self.open_at_mount = start is not None
        self.index = start or 0
        self.options = options
        self.speed = speed
        self.clock = clock or MonotonicClock()
        self.line_sinks = list(line_sinks)
        self.tear_off_lines = TEAR_OFF_LINES
        self._printer_fed_at: dict[int, int] = {}  # each line sink's codes sent at its last paper feed
        self.allowed_actions = allowed_actions
        self.frame_rate = frame_rate
        self.scrollback = scrollback
        self.themes: dict[str, TeletypeTheme] = load_themes()
        for teletype_theme in self.themes.values():
            self.register_theme(teletype_theme.theme)
        self.initial_theme = theme or default_theme()
        if self.initial_theme not in self.themes:
            raise TeletypeError(f"unknown theme '{self.initial_theme}' (choose from {', '.join(self.themes)})")
        self.theme = self.initial_theme  # before the CSS is parsed: it needs the $tt- colours
        self.feed = ScreenFeed()
        self.player: Player | None = None
        self.transmission: Transmission | None = None
        self.load_error: TeletypeError | None = None
        self.last_event: Event | None = None  # the last code the paper shows
        self.side: str | None = None  # "info" or "facsimile" when that panel is open
        self.explaining = False
        self.tape_wanted = True
        self.too_small_shown = False  # the window is below MIN_SIZE: only quit works
        self._finished_reported = False
        self._shown_paused = False  # what the pause key's label last said
        if keymap:
            self.set_keymap(keymap)

    # --- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Kept as attributes: App.query_one looks in the top screen, which may be the picker.
        self.title_bar = Static(id="title")
        self.paper = Paper(scrollback=self.scrollback, id="paper")
        self.load_error_view = Static(id="load-error")
        self.paper_area = Vertical(self.paper, self.load_error_view, id="paper-area")
        self.side_text = SideText(id="side-text")
        self.side_panel = VerticalScroll(self.side_text, id="side")
        self.tape = Tape(id="tape")
        self.explain = Explain(id="explain")
        self.status = Status(id="status")
        self.too_small = Static(id="too-small")
        self.keybar = KeyBar(self.describe_control, order=ACTIONS)
        yield self.title_bar
        self.main_row = Horizontal(self.paper_area, self.side_panel, id="main")
        yield self.main_row
        yield from (self.tape, self.explain, self.status, self.too_small, self.keybar)

    def on_mount(self) -> None:
        self._widgets_up = True
        self.watch_theme(self.theme)
        if self.open_at_mount:
            self.open(self.index)
        self.set_interval(1 / self.frame_rate, self.paint)

    def on_unmount(self) -> None:
        self._widgets_up = False

    @property
    def teletype_theme(self) -> TeletypeTheme:
        return self.themes.get(self.theme) or self.themes[self.initial_theme]

    def watch_theme(self, name: str) -> None:
        if name not in self.themes or not self._widgets_up:
            return
        glyphs = self.teletype_theme.glyphs
        self.set_class(self.teletype_theme.ascii_only, "-ascii")
        self.paper.marker = glyphs.reconstructed
        self.paper.notify_style_update()
        self.paper.refresh()
        self.tape.set_glyphs(glyphs.hole, glyphs.feed)
        self.status.set_glyphs(glyphs.progress_done, glyphs.progress_left, glyphs.ellipsis)
        self._fill_side()
        self.refresh_bindings()

    def describe_control(self, binding: Binding) -> str:
        if binding.action == "pause" and self.player is not None and self.player.paused:
            return "Resume"
        return binding.description

    def get_key_display(self, binding: Binding) -> str:
        ascii_only = self.teletype_theme.ascii_only
        if binding.key == "space":
            return "spc" if ascii_only else "␣"
        shown = super().get_key_display(binding)
        return binding.key if ascii_only and not shown.isascii() else shown

    def on_resize(self, event: events.Resize) -> None:
        self._layout(event.size)  # self.size changes after this handler

    def _layout(self, size: Size | None = None) -> None:
        width, height = size or self.size
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if too_small != self.too_small_shown:
            self.too_small_shown = too_small
            self.refresh_bindings()  # the controls under the notice stop, and start again
        self.too_small.display = too_small
        if too_small:
            quit_keys = [key for key, active in self.screen.active_bindings.items() if active.binding.action == "quit"]
            quits = f"; {quit_keys[0]} quits" if quit_keys else ""
            self.too_small.update(
                f"The terminal is {width}x{height}.\nteletype needs at least {MIN_SIZE[0]}x{MIN_SIZE[1]}:\n"
                f"please make the window larger.\n\nThe replay goes on meanwhile{quits}."
            )
        for widget in (self.title_bar, self.main_row, self.status, self.keybar):
            widget.display = not too_small
        self.tape.display = self.tape_wanted and self.load_error is None and not too_small
        self.explain.display = self.explaining and not too_small
        beside = width >= self.paper.paper_width + 2 + SIDE_MIN_WIDTH
        self.side_panel.display = self.side is not None
        self.paper_area.display = self.side is None or beside
        self.paper_area.styles.width = "1fr" if self.side is None else self.paper.paper_width + 2
        self.paper.display = self.load_error is None
        self.load_error_view.display = self.load_error is not None

    # --- messages -------------------------------------------------------------

    def open(self, index: int) -> None:
        """Tear off the paper and replay playlist entry INDEX; a file that fails shows why."""
        self.index = index % len(self.playlist)
        path = self.playlist[self.index]
        self._stop()
        try:
            self.transmission = build_transmission(path, self.options)
        except TeletypeError as error:
            self.transmission, self.load_error = None, error
            self.load_error_view.update(
                f"This message cannot be replayed:\n\n{error}\n\n"
                "Choose another with the next, previous or messages key."
            )
            self.title_bar.update(f"{path.name}: cannot be loaded")
            self.status.show_note(f"{path.name}: error")
            self._fill_side()
            self._layout()
            return
        self.load_error = None
        message = self.transmission.message
        self.title_bar.update(
            f"{message.title} - {message.date:%d %B %Y} - {message.sender} to {message.addressee}"
        )
        if summary := self.transmission.substitution_summary():
            self.notify(summary)
        self._fill_side()
        self._start(paused=False)
        self._layout()

    def _start(self, paused: bool) -> None:
        """A fresh player for the current transmission, from its first code."""
        transmission = self.transmission
        self.feed.clear()
        self.last_event = None
        self._finished_reported = False
        wire_of_line = [transmission.wire[line.wire_line] for line in transmission.printed]
        self.paper.load(transmission.profile.columns, wire_of_line)
        self.tape.load(5 if transmission.profile.is_five_level else 8)
        self._tear_off_printer()
        screen: Sink = self.feed
        for line in reversed(self.line_sinks):
            screen = InStep(line, [screen])  # each code shows as it leaves the line
        self.player = Player(transmission.events, self.clock, [screen], speed=self.speed)
        if paused:
            self.player.pause()
        self.run_worker(self.player.run(), name="replay", group="replay", exclusive=True, exit_on_error=False)
        self.paint()

    def _tear_off_printer(self) -> None:
        """Fresh paper on a printer that has printed since the last feed, so the next
        message does not start in the middle of a line (the line sink's codes queue
        behind the feed)."""
        for number, line in enumerate(self.line_sinks):
            sent = getattr(line, "sent", 0)
            if hasattr(line, "feed_paper") and sent != self._printer_fed_at.get(number, 0):
                self._printer_fed_at[number] = sent
                self.run_worker(line.feed_paper(self.tear_off_lines), name="tear-off", group="printer", exit_on_error=False)

    def _stop(self) -> None:
        if self.player is not None:
            self.player.stop()
            self.player = None
        self.workers.cancel_group(self, "replay")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.state != WorkerState.ERROR:
            return
        if event.worker.name == "replay":
            self.status.show_note(f"The replay stopped: {event.worker.error}")
        elif event.worker.name == "tear-off":
            self.status.show_note(f"The printer's paper feed failed: {event.worker.error}")

    def _fill_side(self) -> None:
        if self.side is None or not self._widgets_up:
            return
        text = self.side_text
        if self.transmission is None:
            text.update(str(self.load_error or ""))
        elif self.side == "info":
            reconstructed = self.side_text.get_component_rich_style("side--reconstructed", partial=True)
            marker = self.teletype_theme.glyphs.reconstructed
            text.update(info_text(self.transmission.message, self.transmission.wire, marker, reconstructed))
        else:
            text.update(facsimile_text(self.transmission.message.facsimile_segments(), self.teletype_theme.ascii_only))

    # --- the frame ------------------------------------------------------------

    def paint(self) -> list[Event]:
        """Put everything the player has handed over on the screen, as one batch."""
        events = self.feed.take()
        player, transmission = self.player, self.transmission
        if player is None or transmission is None or not self._widgets_up:
            return events
        if events:
            self.paper.feed(events)
            self.tape.punch(events)
            self.last_event = events[-1]
        done = self.last_event is not None and self.last_event.index == len(transmission.events) - 1
        self.paper.set_carriage_visible(not done)
        elapsed = self.last_event.end if self.last_event else 0.0
        state = "done" if done else "paused" if player.paused else "sending"
        if player.paused != self._shown_paused:
            self._shown_paused = player.paused
            self.keybar.refresh()  # Pause reads Resume
        printer = "; ".join(line.status_text() for line in self.line_sinks if hasattr(line, "status_text"))
        self.status.show(
            StatusInfo(transmission.profile, state, player.speed, elapsed, transmission.total_time, transmission.message.filed,
                       printer, self._line_paced(transmission, player.speed))
        )
        if self.explaining:
            self.explain.show(self.last_event, transmission.profile, self._wire_line(self.last_event), len(transmission.events))
        if done and not self._finished_reported:
            self._finished_reported = True
            self.post_message(self.ReplayFinished(self.playlist[self.index]))
        return events

    def _line_paced(self, transmission: Transmission, speed: float) -> bool:
        """A line sink is slower than SPEED asks, and holds the replay to its own pace."""
        code_time = transmission.profile.char_time / speed
        return any(code_time < getattr(line, "frame_time", 0.0) * 0.999 for line in self.line_sinks)

    def _wire_line(self, event: Event | None) -> WireLine | None:
        if event is None or self.transmission is None or event.line >= len(self.transmission.printed):
            return None
        return self.transmission.wire[self.transmission.printed[event.line].wire_line]

    # --- controls -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A kiosk's controls are those it allows; under the small-window notice only
        quit works (the panels and the replay it hides must not change unseen)."""
        if action in ACTIONS:
            if self.allowed_actions is not None and action not in self.allowed_actions:
                return False
            if self.too_small_shown and action != "quit":
                return False
        return True

    def action_pause(self) -> None:
        if self.player is not None:
            self.player.toggle_pause()
            self.paint()

    async def action_step(self) -> None:
        if self.player is None:
            return
        self.player.pause()
        await self.player.step()
        self.paint()

    def action_faster(self) -> None:
        self._set_speed(next((s for s in SPEEDS if s > self.speed), SPEEDS[-1]))

    def action_slower(self) -> None:
        self._set_speed(next((s for s in reversed(SPEEDS) if s < self.speed), SPEEDS[0]))

    def _set_speed(self, speed: float) -> None:
        self.speed = speed
        if self.player is not None:
            self.player.set_speed(speed)
            self.paint()

    def action_restart(self) -> None:
        if self.transmission is not None:
            self._start(paused=self.player is not None and self.player.paused)
        else:
            self.open(self.index)

    def action_next(self) -> None:
        self.open(self.index + 1)

    def action_previous(self) -> None:
        self.open(self.index - 1)

    def action_pick(self) -> None:
        entries = []
        for path in self.playlist:
            try:
                message = load_message(path)
                entries.append(Entry(f"{message.date:%Y-%m-%d}  {message.title}", True))
            except TeletypeError as error:
                entries.append(Entry(f"{path.name}: {error.message}", False))

        def chosen(index: int | None) -> None:
            if index is not None:
                self.open(index)

        self.push_screen(Picker(entries, self.index), chosen)

    def _toggle_side(self, panel: str) -> None:
        self.side = None if self.side == panel else panel
        self._fill_side()
        self._layout()

    def action_info(self) -> None:
        self._toggle_side("info")

    def action_facsimile(self) -> None:
        self._toggle_side("facsimile")

    def action_tape(self) -> None:
        self.tape_wanted = not self.tape_wanted
        self._layout()

    def action_explain(self) -> None:
        self.explaining = not self.explaining
        if self.explaining and self.player is not None:
            self.player.pause()
        self._layout()
        self.paint()

    def action_theme(self) -> None:
        names = list(self.themes)
        self.theme = names[(names.index(self.theme) + 1) % len(names)] if self.theme in names else names[0]
