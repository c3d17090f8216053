"""Pacing of the serial path: the player and the serial sink into a pty pair.

teletype opens the slave side of a pseudo-terminal by name, exactly as it would a
USB adapter; a reader thread on the master side timestamps every byte as it arrives.
Each byte's lateness against its slot in the schedule is taken relative to the
median lateness (a constant latency does not count); the table gives the largest
deviation and the drift over the last tenth of the codes. The bytes must be exactly
the encoded stream.

    .venv/bin/python benchmarks/serial_pacing.py [--seconds 8] [--profiles glass,model33,model28]

Run by hand, not in the tests (it takes real time: about --seconds per profile).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
import statistics
import threading
import time
import tty

from teletype.clock import MonotonicClock
from teletype.message import load_message, resolve_message
from teletype.player import Player
from teletype.profiles import get_profile
from teletype.schedule import build
from teletype.serialport import LineSettings
from teletype.sinks import InStep
from teletype.sinks.serial import SerialSink


class Reader(threading.Thread):
    def __init__(self, fd: int, expected: int):
        super().__init__(daemon=True)
        self.fd, self.expected = fd, expected
        self.data = bytearray()
        self.times: list[float] = []

    def run(self) -> None:
        while len(self.data) < self.expected:
            ready, _, _ = select.select([self.fd], [], [], 5)  # past any motor spin-up
            if not ready:
                return
            chunk = os.read(self.fd, 4096)
            now = time.monotonic()
            self.data.extend(chunk)
            self.times.extend([now] * len(chunk))


def measure(profile_name: str, seconds: float, stopbits: float | None) -> dict:
    profile = get_profile(profile_name)
    transmission = build(load_message(resolve_message(None)), profile)
    count = min(len(transmission.events), max(20, int(seconds / profile.char_time)))
    events = transmission.events[:count]
    master, slave = os.openpty()
    tty.setraw(master)
    reader = Reader(master, count)
    reader.start()
    sink = SerialSink(LineSettings.for_profile(os.ttyname(slave), profile, stopbits=stopbits), profile)

    async def run() -> None:
        async with sink:
            await Player(events, MonotonicClock(), [InStep(sink, [])]).run()

    asyncio.run(run())
    reader.join(10)
    os.close(master)
    os.close(slave)
    if bytes(reader.data) != transmission.line_bytes()[:count]:
        raise SystemExit(f"{profile_name}: the bytes on the line differ from the encoded stream")
    lateness = [arrived - event.start for arrived, event in zip(reader.times, events)]
    median = statistics.median(lateness)
    offsets = [late - median for late in lateness]
    tail = offsets[-max(1, count // 10):]
    return {
        "profile": profile_name + (f" (--stopbits {stopbits:g})" if stopbits else ""),
        "set": f"{sink.setup.baud:g} baud {sink.settings.frame()}",
        "codes": count,
        "slot ms": profile.char_time * 1000,
        "frame ms": sink.frame_time * 1000,
        "max dev ms": max(abs(offset) for offset in offsets) * 1000,
        "p99 dev ms": sorted(abs(offset) for offset in offsets)[int(count * 0.99) - 1] * 1000,
        "end drift ms": statistics.mean(tail) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="replay time per profile (default 8)")
    parser.add_argument("--profiles", default="glass,model33,telex,model28", help="comma-separated profiles")
    args = parser.parse_args()
    rows = []
    for name in args.profiles.split(","):
        rows.append(measure(name, args.seconds, None))
        if get_profile(name).is_five_level:
            rows.append(measure(name, args.seconds, 1))
    header = f"{'profile':28} {'port set to':18} {'codes':>6} {'slot ms':>8} {'frame ms':>9} {'max dev ms':>11} {'p99 dev ms':>11} {'end drift ms':>13}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['profile']:28} {row['set']:18} {row['codes']:6} {row['slot ms']:8.2f} {row['frame ms']:9.2f} "
              f"{row['max dev ms']:11.2f} {row['p99 dev ms']:11.2f} {row['end drift ms']:13.2f}")


if __name__ == "__main__":
    main()
