"""Pacing through a pseudo-terminal: teletype's player vs. a naive sleep loop vs. pv.

Each sender writes the same codes into the slave side of a pty pair; a reader thread
on the master side timestamps every byte as it arrives. For each byte the ideal slot
is the schedule's, shifted by the median latency (a constant delay is not a pacing
error); the table gives the 99th-percentile and largest deviation from it, and the end
drift: how far the last 20 bytes have moved against the first 20.

    .venv/bin/python benchmarks/pacing.py [--profile model33] [--chars 320] [--speed 1]

Run by hand; `pv` (Debian package pv) is used when installed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import statistics
import time
import tty

from teletype.clock import MonotonicClock
from teletype.message import load_message, resolve_message
from teletype.player import Player
from teletype.profiles import get_profile
from teletype.schedule import build


def read_timestamps(fd: int, expected: int, results) -> None:
    """In a process of its own (no GIL shared with the sender): when each byte arrived."""
    times: list[float] = []
    while len(times) < expected:
        chunk = os.read(fd, 4096)
        now = time.monotonic()  # CLOCK_MONOTONIC: the same clock in every process
        times.extend([now] * len(chunk))
    results.send(times)


def pty_pair() -> tuple[int, int]:
    master, slave = os.openpty()
    tty.setraw(slave)
    tty.setraw(master)
    return master, slave


def measure(send, slots: list[float]) -> tuple[float, float, float]:
    """Run SEND(slave_fd) and compare arrival times to SLOTS (seconds, relative)."""
    master, slave = pty_pair()
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    reader = context.Process(target=read_timestamps, args=(master, len(slots), sending))
    reader.start()
    send(slave)
    if not receiving.poll(timeout=10):
        reader.kill()
        raise SystemExit("not every byte arrived")
    times = receiving.recv()
    reader.join()
    os.close(slave)
    os.close(master)
    offsets = [arrival - slot for arrival, slot in zip(times, slots)]
    latency = statistics.median(offsets)  # constant latency is not a pacing error
    deviations = [offset - latency for offset in offsets]
    magnitudes = sorted(abs(d) for d in deviations)
    p99 = magnitudes[int(0.99 * (len(magnitudes) - 1))]
    drift = statistics.median(deviations[-20:]) - statistics.median(deviations[:20])
    return p99 * 1000, magnitudes[-1] * 1000, drift * 1000


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
    print(f"{'sender':38} {'p99 deviation':>14} {'max deviation':>14} {'end drift':>10}")
    for name, (p99, worst, drift) in results:
        print(f"{name:38} {p99:11.2f} ms {worst:11.2f} ms {drift:7.2f} ms")


if __name__ == "__main__":
    main()
