"""The replay screen under load: startup, fast-forward, and pacing with the TUI painting.

Three runs of the real app on the real clock:

- startup: from this script's first line to the first printed character on the
  paper (the schedule itself puts that character at motor spin-up + one frame);
- fast-forward: --speed max, from the app's start to the last code on the paper;
  and at 200x (over 1,000 characters a second), with the longest paint of a frame;
- pacing: N seconds at period speed (60 speed, Model 28). A line sink placed before
  the screen timestamps when the player hands each code over; the paper timestamps
  when it paints it. Each code's slot is anchor + end of its frame, the anchor
  being the earliest any code went out (so constant latency does not count).
  CPU is this process's user + system time per second of replay, from the first
  screen on.

By default the app runs headless (all the rendering, no terminal writes). With
--terminal it drives the real terminal, e.g. in tmux:

    tmux new -d -s bench -x 100 -y 30 '/tmp/venv/bin/python benchmarks/tui_pacing.py --terminal --output /tmp/tui.txt'

Run by hand: /tmp/venv/bin/python benchmarks/tui_pacing.py [--seconds 30] [--terminal]
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before any import, so the startup figure includes them

import argparse  # noqa: E402
import math  # noqa: E402
import resource  # noqa: E402
from typing import Sequence  # noqa: E402

from teletype.message import message_files, resolve_message  # noqa: E402
from teletype.schedule import Event  # noqa: E402
from teletype.tui.app import TeletypeApp  # noqa: E402

SIZE = (100, 30)


class Stamps:
    """A line sink: when the player handed each code over."""

    def __init__(self) -> None:
        self.sent: dict[int, float] = {}

    async def send(self, events: Sequence[Event]) -> None:
        now = time.monotonic()
        for event in events:
            self.sent[event.index] = now


class TimedApp(TeletypeApp):
    """The app, noting when each code reaches the paper and quitting when told."""

    def __init__(self, *args, stop_after: float | None = None, stop_at_first_char: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.painted: dict[int, float] = {}
        self.longest_paint = 0.0
        self.first_char_at: float | None = None
        self.mounted_at = 0.0
        self.finished_at: float | None = None
        self.stop_after = stop_after
        self.stop_at_first_char = stop_at_first_char

    def on_mount(self) -> None:
        self.mounted_at = time.perf_counter()
        self.cpu_at_mount = cpu_time()
        if self.stop_after is not None:
            self.set_timer(self.stop_after, self.exit)

    def paint(self) -> list[Event]:
        started = time.perf_counter()
        events = super().paint()
        self.longest_paint = max(self.longest_paint, time.perf_counter() - started)
        now = time.monotonic()
        for event in events:
            self.painted[event.index] = now
        if self.first_char_at is None and any(event.code.text.strip() for event in events):
            self.first_char_at = time.perf_counter()
            if self.stop_at_first_char:
                self.exit()
        return events

    def on_teletype_app_replay_finished(self, message: TeletypeApp.ReplayFinished) -> None:
        self.finished_at = time.perf_counter()
        self.exit()


def cpu_time() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(app: TimedApp, terminal: bool) -> None:
    app.run(headless=not terminal, size=None if terminal else SIZE)


def playlist() -> tuple[list, int]:
    path = resolve_message(None)
    files = message_files()
    return files, [p.resolve() for p in files].index(path.resolve())


def deviations(slots: dict[int, float], events: Sequence[Event]) -> tuple[float, float]:
    """Largest and mean lateness of each code against its slot, in ms."""
    anchor = min(slots[i] - events[i].end for i in slots)
    late = [slots[i] - (anchor + events[i].end) for i in slots]
    return max(late) * 1000, sum(late) / len(late) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the pacing run (default 30)")
    parser.add_argument("--terminal", action="store_true", help="drive the real terminal instead of running headless")
    parser.add_argument("--output", type=argparse.FileType("w"), default="-", help="where the table goes (default: standard output)")
    args = parser.parse_args()
    files, start = playlist()
    rows = []

    app = TimedApp(files, start, theme="paper", stop_at_first_char=True)
    run(app, args.terminal)
    first_event = next(e for e in app.transmission.events if e.code.text.strip())
    rows.append(("startup to first printed character", f"{app.first_char_at - STARTED:.3f} s",
                 f"the schedule puts it at {first_event.end:.3f} s (motor spin-up and one frame)"))
    rows.append(("  of which the program itself", f"{app.first_char_at - STARTED - first_event.end:.3f} s",
                 f"imports and first screen {app.mounted_at - STARTED:.3f} s"))

    app = TimedApp(files, start, theme="paper", speed=math.inf)
    run(app, args.terminal)
    count = len(app.transmission.events)
    rows.append(("fast-forward, whole telegram", f"{app.finished_at - app.mounted_at:.3f} s",
                 f"{count} codes, {count / (app.finished_at - app.mounted_at):,.0f} codes/s, --speed max"))

    app = TimedApp(files, start, theme="paper", speed=200)
    run(app, args.terminal)
    times = sorted(app.painted.values())
    cps = len(times) / (times[-1] - times[0])
    rows.append(("replay at 200x, whole telegram", f"{cps:,.0f} cps", f"longest frame batch into the widgets {app.longest_paint * 1000:.1f} ms (Textual then draws)"))

    stamps = Stamps()
    app = TimedApp(files, start, theme="paper", line_sinks=[stamps], stop_after=args.seconds)
    run(app, args.terminal)
    cpu = cpu_time() - app.cpu_at_mount  # the replay's share, without starting up
    events = app.transmission.events
    player_max, player_mean = deviations(stamps.sent, events)
    paper_max, paper_mean = deviations(app.painted, events)
    profile = app.transmission.profile
    rows.append((f"pacing, {args.seconds:g} s at {profile.title}", f"{len(app.painted)} codes",
                 f"frame {profile.char_time * 1000:.1f} ms, screen painted at {app.frame_rate:g} Hz"))
    rows.append(("  max slot deviation, player", f"{player_max:.1f} ms", f"mean {player_mean:.1f} ms"))
    rows.append(("  max slot deviation, paper", f"{paper_max:.1f} ms", f"mean {paper_mean:.1f} ms (includes waiting for the next frame)"))
    rows.append(("  CPU per second of replay", f"{cpu / args.seconds * 100:.1f} %", f"{cpu:.2f} s user+system in {args.seconds:g} s"))

    mode = "real terminal" if args.terminal else f"headless {SIZE[0]}x{SIZE[1]}"
    print(f"teletype TUI benchmark ({mode})", file=args.output)
    width = max(len(row[0]) for row in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>12}  {note}", file=args.output)


if __name__ == "__main__":
    main()
