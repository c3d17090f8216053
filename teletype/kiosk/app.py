"""The kiosk's screen: the replay app looping its playlist, locked, and never stopping.

The loop, in the kiosk's own clock (virtual in the tests):

    attract ──any key, or after timings.attract──▶ playing ──last code on the paper──▶ holding
       ▲                                                                                  │
       └───────────────────── after timings.hold: the next message ◀──────────────────────┘

A message that does not load is logged and skipped; with none to replay, a calm
screen says so and the playlist is looked at again every timings.rescan seconds.
Visitors use the controls the config allows; timings.idle seconds after their last
key, what they changed is undone. Anything unexpected inside a replay is logged with
its traceback and the loop goes on with the next message. Only the exit keys (or a
signal, see run.py) end it.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

from textual import events
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from teletype.clock import Clock
from teletype.errors import TeletypeError
from teletype.kiosk.chord import ExitChord
from teletype.kiosk.config import KioskConfig
from teletype.kiosk.log import minutes
from teletype.kiosk.playlist import Place, scan
from teletype.replay import ReplayOptions, build_transmission
from teletype.schedule import Transmission
from teletype.tui.app import TeletypeApp

TEAR_OFF_LINES = 6  # new lines between messages on a printer: room to tear the last one off
TICK = 0.1  # seconds between looks at the loop's deadlines (the clock is the kiosk's)


class KioskApp(TeletypeApp):
    CSS_PATH = [TeletypeApp.CSS_PATH, Path(__file__).parent / "kiosk.tcss"]

    def __init__(
        self,
        config: KioskConfig,
        logger: logging.Logger,
        *,
        clock: Clock | None = None,
        printer=None,
        resume: Path | None = None,
        after_crash: bool = False,
    ):
        """RESUME: the message to start with (the place a restart carries on from);
        AFTER_CRASH: start with the one after it instead, in case it was the cause."""
        super().__init__(
            [],
            None,  # the loop opens the messages
            options=ReplayOptions(profile=config.profile),
            speed=config.speed,
            theme=config.theme,
            clock=clock,
            keymap=config.keymap,
            line_sinks=[printer] if printer is not None else (),
            allowed_actions=frozenset(config.controls),
        )
        self.config = config
        self.logger = logger
        self.tear_off_lines = TEAR_OFF_LINES
        self.printer = printer
        self.place = Place(config.log.place_file)
        self.resume = resume
        self.after_crash = after_crash
        self.exit_chord = ExitChord(config.exit_keys)
        self.state = "starting"  # then attract, playing, holding, or empty (no message can be replayed)
        self.deadline = math.inf  # when the state's wait ends (attract, holding, empty)
        self.last_input = 0.0  # the clock's time of the last key or click
        self.next_up: Transmission | None = None  # what the attract screen announces
        self.replaying = None  # the player whose replay is logged as started
        self.replaying_id = ""  # and its message
        self.printer_counts = (0, 0)  # the printer's codes sent and dropped before it
        self.replay_started = 0.0
        self.replay_finished = False
        self.finished_count = 0  # replays that reached their last code
        self.load_errors: dict[Path, str] = {}  # each file's load error as last logged
        self.place_failed = False
        self.attract_text = ""
        self.leaving: str | None = None  # why the kiosk ends, once it does

    # --- layout and start --------------------------------------------------------

    def compose(self):
        yield from super().compose()
        self.attract = Static(id="attract")
        yield self.attract

    def on_mount(self) -> None:
        self.last_input = self.clock.now()
        self.call_later(self.begin)  # after TeletypeApp's on_mount, which runs after this one

    def begin(self) -> None:
        self.playlist = self._scan()
        if self.resume is not None:
            found = [path.resolve() for path in self.playlist]
            if self.resume.resolve() in found:
                self.index = found.index(self.resume.resolve()) + (1 if self.after_crash else 0)
        self.set_interval(TICK, self.tick)
        self.enter_attract()

    # --- the loop -------------------------------------------------------------------

    def tick(self) -> None:
        """Move the loop on by the clock; called every TICK seconds (by the tests after
        they move a virtual clock)."""
        try:
            self._tick(self.clock.now())
        except Exception:
            self.recover("the kiosk's loop")

    def _tick(self, now: float) -> None:
        if self.player is not None and self.player is not self.replaying:
            self._replay_began(now, by_visitor=True)  # next, previous, restart or the picker
        if self.state in ("playing", "holding") and self.load_error is not None:
            self._report_load_error(self.playlist[self.index], self.load_error)
            self.index += 1
            self.enter_attract(show=False)
        elif self.state == "attract":
            self._show_attract(now)
            if now >= self.deadline:
                self.start_replay()
        elif self.state == "empty" and now >= self.deadline:
            self.enter_attract()
        elif self.state == "playing" and self._done():
            self._replay_ended(now)
            self.state, self.deadline = "holding", now + self.config.timings.hold
        elif self.state == "holding":
            if not self._done():
                self.state = "playing"  # a visitor restarted it
            elif now >= self.deadline:
                self.index += 1
                self.enter_attract()
        idle = self.config.timings.idle
        if idle and self.state in ("playing", "holding") and now - self.last_input >= idle and self._visitor_changed():
            self._idle_reset(now)

    def enter_attract(self, show: bool = True) -> None:
        """Tear off the paper and announce the next message that loads; with none, the
        calm "no messages" screen. SHOW=False starts the next message at the next tick."""
        now = self.clock.now()
        self._stop()
        self._restore_defaults()
        if self.index >= len(self.playlist) or self.state == "empty":
            self.playlist = self._scan()  # at each turn of the loop: new files join in
            self.index = 0
        self.next_up = None
        for offset in range(len(self.playlist)):
            index = (self.index + offset) % len(self.playlist)
            transmission = self._prepare(self.playlist[index])
            if transmission is not None:
                self.index, self.next_up = index, transmission
                break
        if self.next_up is None:
            if self.state != "empty":
                self.logger.warning("no message in the playlist can be replayed; looking again every %s",
                                    minutes(self.config.timings.rescan))
            self.state, self.deadline = "empty", now + self.config.timings.rescan
            self.attract.update(f"{self.config.title}\n\n\nNo messages just now.")
            self.attract.display = True
            return
        self.state = "attract"
        wait = self.config.timings.attract if show else 0.0
        self.deadline = now + wait
        self.attract.display = wait > 0
        if wait > 0:
            self._show_attract(now)

    def start_replay(self) -> None:
        self.attract.display = False
        path = self.playlist[self.index]
        try:
            self.open(self.index)
        except Exception:
            self.logger.exception("error opening %s; going on with the next message", path)
            self.index += 1
            self.enter_attract(show=False)
            return
        if self.load_error is not None:  # changed since the attract screen read it
            self._report_load_error(path, self.load_error)
            self.index += 1
            self.enter_attract(show=False)
            return
        self.state = "playing"
        self._replay_began(self.clock.now(), by_visitor=False)

    def recover(self, where: str, error: BaseException | None = None) -> None:
        """Log what went wrong in WHERE, with its traceback, and go on with the next message."""
        self.logger.error("unexpected error in %s; going on with the next message", where, exc_info=error or True)
        self._replay_ended(self.clock.now(), "an error")
        self.index += 1
        self.enter_attract(show=False)

    # --- what visitors do --------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded and self._visitor_input(event):
            return  # taken by the kiosk: the controls never see it
        await super().on_event(event)

    def _visitor_input(self, event: events.Key | events.MouseDown) -> bool:
        """A key or click; True if the kiosk takes it (exit keys, starting from the attract screen)."""
        now = self.clock.now()
        self.last_input = now
        if isinstance(event, events.Key):
            if self.exit_chord.press(event.key, now):
                self.leave("the exit keys")
                return True
            if event.key in self.exit_chord:
                return True
        if self.state == "attract":
            self.start_replay()
            return True
        return self.state in ("empty", "starting")

    def _visitor_changed(self) -> bool:
        return (
            len(self.screen_stack) > 1  # the picker
            or self.side is not None
            or self.explaining
            or not self.tape_wanted
            or self.speed != self.config.speed
            or self._line_paused()
        )

    def _line_paused(self) -> bool:
        """Paused (or stepping) before the end: nothing would ever happen by itself."""
        return self.player is not None and self.player.paused and not self._done()

    def _restore_defaults(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if self.side == "info":
            self.action_info()
        elif self.side == "facsimile":
            self.action_facsimile()
        if self.explaining:
            self.action_explain()
        if not self.tape_wanted:
            self.action_tape()
        if self.speed != self.config.speed:
            self._set_speed(self.config.speed)

    def _idle_reset(self, now: float) -> None:
        self.last_input = now
        if self._line_paused():
            self._replay_ended(now, f"left paused for {minutes(self.config.timings.idle)}")
            self.index += 1
            self.enter_attract()
        else:
            self.logger.info("no key for %s: the visitor's changes undone", minutes(self.config.timings.idle))
            self._restore_defaults()

    def leave(self, reason: str) -> None:
        """End the kiosk (the exit keys or a signal); the terminal is restored."""
        if self.leaving is None:
            self.leaving = reason
            self.logger.info("leaving: %s", reason)
            self._stop()
            self.exit()

    # --- guards: nothing unexpected reaches Textual, which would end the screen ---------

    def paint(self):
        try:
            return super().paint()
        except Exception:
            self.recover("painting the paper")
            return []

    async def run_action(self, *args, **kwargs) -> bool:
        try:
            return await super().run_action(*args, **kwargs)
        except Exception:
            self.recover(f"the control {args[0] if args else ''}")
            return True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A replay's worker is cancelled, not failed, when another replay takes its place.
        if event.worker.name == "replay" and event.state == WorkerState.ERROR and self.state in ("playing", "holding"):
            self.recover("the replay", event.worker.error)
        elif event.worker.name == "tear-off" and event.state == WorkerState.ERROR:
            self.logger.error("error feeding the printer's paper", exc_info=event.worker.error)

    # --- bookkeeping ---------------------------------------------------------------

    def _scan(self) -> list[Path]:
        def unreadable(entry: Path, error: OSError) -> None:
            self._report_load_error(entry, TeletypeError(f"cannot read the directory: {error.strerror}"))

        return scan(self.config.playlist, unreadable)

    def _done(self) -> bool:
        transmission, event = self.transmission, self.last_event
        return transmission is not None and event is not None and event.index == len(transmission.events) - 1

    def _prepare(self, path: Path) -> Transmission | None:
        try:
            transmission = build_transmission(path, self.options)
        except TeletypeError as error:
            self._report_load_error(path, error)
            return None
        except Exception:
            self.logger.exception("unexpected error reading %s; skipped", path)
            return None
        if path in self.load_errors:
            del self.load_errors[path]
            self.logger.info("%s loads again", path)
        return transmission

    def _report_load_error(self, path: Path, error: TeletypeError) -> None:
        """Log a message that cannot be replayed, once for as long as its error stays the same."""
        text = str(error) if error.location else f"{path}: {error}"
        if self.load_errors.get(path) != text:
            self.load_errors[path] = text
            self.logger.warning("skipped %s", text)

    def _replay_began(self, now: float, by_visitor: bool) -> None:
        self._replay_ended(now, "a visitor chose another message" if by_visitor else "the loop went on")
        transmission = self.transmission
        self.replaying, self.replaying_id = self.player, transmission.message.id
        self.replay_started, self.replay_finished = now, False
        if self.printer is not None:
            self.printer_counts = (self.printer.sent, self.printer.dropped)
        profile = transmission.profile
        self.logger.info(
            "started %d/%d %s%s: %s, %g baud, %s%s",
            self.index + 1, len(self.playlist), transmission.message.id, " (by a visitor)" if by_visitor else "",
            profile.title, profile.baud, minutes(transmission.total_time), self._printer_state(),
        )
        try:
            self.place.write(self.playlist[self.index])
        except OSError as exc:
            if not self.place_failed:
                self.logger.warning("cannot note the place in %s: %s (a restart begins the playlist again)",
                                    self.place.path, exc.strerror)
            self.place_failed = True

    def _replay_ended(self, now: float, why: str | None = None) -> None:
        """Log the end of the replay being logged: finished, or stopped for WHY."""
        if self.replaying is None or self.replay_finished:
            return
        self.replay_finished = True
        if why is None:
            self.finished_count += 1
        printed = ""
        if self.printer is not None:
            sent, dropped = self.printer.sent - self.printer_counts[0], self.printer.dropped - self.printer_counts[1]
            printed = f", {sent} codes printed" + (f", {dropped} not (printer away)" if dropped else "")
        self.logger.info("%s %s after %s%s%s%s", "stopped" if why else "finished", self.replaying_id,
                         minutes(now - self.replay_started), f" ({why})" if why else "", self._printer_state(), printed)

    def _printer_state(self) -> str:
        """For the log: the printer's state and its problem (the screen also says when it retries)."""
        if self.printer is None:
            return ""
        problem = f": {self.printer.problem}" if self.printer.problem else ""
        return f"; printer {self.printer.state}{problem}"

    def _show_attract(self, now: float) -> None:
        transmission = self.next_up
        if transmission is None or not self.attract.display:
            return
        message, profile = transmission.message, transmission.profile
        lasts = transmission.total_time / self.speed
        length = f": {minutes(lasts)}" if math.isfinite(lasts) else ""
        left = max(0, math.ceil(self.deadline - now))
        lines = [
            self.config.title, "", "", "Next on the wire", "",
            message.title,
            f"{message.date:%d %B %Y} - {message.sender} to {message.addressee}",
            f"{profile.title}, {profile.baud:g} baud{length}",
            "", "", "Press any key to start", f"(it starts by itself in {left} s)",
        ]
        if self.printer is not None and self.printer.state != "online":
            lines += ["", "", self.printer.status_text()]
        text = "\n".join(lines)
        if text != self.attract_text:
            self.attract_text = text
            self.attract.update(text)
