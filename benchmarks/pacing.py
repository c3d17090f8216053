"""Pacing through a pseudo-terminal: teletype's player vs. a naive sleep loop vs. pv.

Each sender writes the same codes into the slave side of a pty pair; a reader thread
on the master side timestamps every byte as it arrives. For each byte the ideal slot
is the schedule's (anchored at the first byte, so constant latency does not count);
the table gives the largest deviation from it and the drift of the last byte.

    .venv/bin/python benchmarks/pacing.py [--profile model33] [--chars 320] [--speed 1]

Run by hand; `pv` (Debian package pv) is used when installed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tty

from teletype.clock import MonotonicClock
from teletype.message import load_message, resolve_message
from teletype.player import Player
from teletype.profiles import get_profile
from teletype.schedule import build


class Reader(threading.Thread):
    def __init__(self, fd: int, expected: int):
        super().__init__(daemon=True)
        self.fd, self.expected = fd, expected
        self.times: list[float] = []

    def run(self) -> None:
        while len(self.times) < self.expected:
            chunk = os.read(self.fd, 4096)
            now = time.monotonic()
            self.times.extend([now] * len(chunk))


def pty_pair() -> tuple[int, int]:
    master, slave = os.openpty()
    tty.setraw(slave)
    tty.setraw(master)
    return master, slave


def measure(send, slots: list[float]) -> tuple[float, float]:
    """Run SEND(slave_fd) and compare arrival times to SLOTS (seconds, relative)."""
    master, slave = pty_pair()
    reader = Reader(master, len(slots))
    reader.start()
    send(slave)
    reader.join(timeout=max(slots) + 10)
    os.close(slave)
    os.close(master)
    times = reader.times[: len(slots)]
    if len(times) < len(slots):
        raise SystemExit(f"only {len(times)} of {len(slots)} bytes arrived")
    first = times[0] - slots[0]
    deviations = [arrival - (first + slot) for arrival, slot in zip(times, slots)]
    return max(abs(d) for d in deviations) * 1000, deviations[-1] * 1000


class FdSink:
    def __init__(self, fd: int):
        self.fd = fd

    async def send(self, events) -> None:
        os.write(self.fd, bytes(event.code.value for event in events))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="model33")
    parser.add_argument("--chars", type=int, default=320)
    parser.add_argument("--speed", type=float, default=1.0)
    args = parser.parse_args()

    profile = get_profile(args.profile)
    events = build(load_message(resolve_message(None)), profile).events[: args.chars]
    data = bytes(event.code.value for event in events)
    # Ideal arrival: each code at the end of its frame (motor spin-up left out: all start at once).
    slots = [(event.end - events[0].start) / args.speed for event in events]
    interval = profile.char_time / args.speed
    results = []

    def teletype_player(fd: int) -> None:
        shifted = [type(e)(e.index, e.start - events[0].start, e.duration, e.code, e.line, e.column) for e in events]
        asyncio.run(Player(shifted, MonotonicClock(), [FdSink(fd)], speed=args.speed).run())

    results.append(("teletype player (absolute deadlines)", measure(teletype_player, slots)))

    def naive_sleep_loop(fd: int) -> None:
        time.sleep(interval)
        for byte in data:
            os.write(fd, bytes([byte]))
            time.sleep(interval)

    results.append(("naive time.sleep(1/cps) loop", measure(naive_sleep_loop, slots)))

    if shutil.which("pv"):
        rate = max(1, round(1 / interval))  # pv takes whole bytes per second
        with tempfile.NamedTemporaryFile() as source:
            source.write(data)
            source.flush()

            def pv(fd: int) -> None:
                subprocess.run(["pv", "-qL", str(rate), source.name], stdout=fd, check=True)

            results.append((f"pv -qL {rate}", measure(pv, slots)))
    else:
        print("(pv not installed: apt-get install pv to compare with it)", file=sys.stderr)

    print(f"{len(data)} codes, {profile.name} at {profile.baud:g} baud, {profile.char_time * 1000:.1f} ms per code, speed x{args.speed:g}")
    print(f"{'sender':40} {'max slot deviation':>20} {'end drift':>12}")
    for name, (worst, drift) in results:
        print(f"{name:40} {worst:17.2f} ms {drift:9.2f} ms")


if __name__ == "__main__":
    main()
