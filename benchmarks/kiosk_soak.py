"""Kiosk soak on the real clock: the loop turned as fast as it goes, memory watched.

The kiosk app (headless: all the rendering, no terminal) loops a short message at
--speed max with no attract screen and no hold, its loop looking at the clock every
5 ms instead of 100. Every --every turns it prints the resident memory (RSS, from
/proc/self/statm after a garbage collection) and the time per turn. The test suite's
soak (tests/kiosk/test_soak.py) does 500 turns in virtual time; this one runs as long
as you like:

    /tmp/venv/bin/python benchmarks/kiosk_soak.py [--loops 2000] [--every 250]
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import tempfile
import time
from pathlib import Path

from teletype.kiosk import app as kiosk_app
from teletype.kiosk.app import KioskApp
from teletype.kiosk.config import KioskConfig, LogSettings, Timings
from teletype.kiosk.log import close_log, open_log

SHORT = Path(__file__).resolve().parent.parent / "tests" / "kiosk" / "data" / "short.yaml"


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class SoakApp(KioskApp):
    def __init__(self, *args, loops: int, every: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.loops, self.every = loops, every
        self.rows: list[tuple[int, float, float]] = []  # turn, RSS in MiB, seconds since the start
        self.began = time.perf_counter()

    def tick(self) -> None:
        super().tick()
        done = self.finished_count
        if done % self.every == 0 and done and (not self.rows or self.rows[-1][0] != done):
            gc.collect()
            self.rows.append((done, rss() / 2**20, time.perf_counter() - self.began))
        if done >= self.loops:
            self.exit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loops", type=int, default=1000)
    parser.add_argument("--every", type=int, default=100)
    args = parser.parse_args()
    kiosk_app.TICK = 0.005
    with tempfile.TemporaryDirectory() as folder:
        config = KioskConfig(path=None, playlist=(SHORT,), log=LogSettings(Path(folder) / "kiosk.log"),
                             theme="paper", speed=math.inf, timings=Timings(attract=0, hold=0, idle=0, rescan=30))
        logger = open_log(config.log)
        app = SoakApp(config, logger, loops=args.loops, every=args.every)
        app.run(headless=True, size=(100, 30))
        errors = sum("ERROR" in line or "WARNING" in line for line in config.log.file.read_text().splitlines())
        close_log(logger)
    print(f"{'turns':>6} {'RSS MiB':>8} {'growth KiB':>11} {'s':>7} {'ms/turn':>8}")
    first = app.rows[0]
    previous = (0, 0.0, 0.0)
    for turn, memory, seconds in app.rows:
        per_turn = (seconds - previous[2]) / (turn - previous[0]) * 1000
        print(f"{turn:6} {memory:8.1f} {(memory - first[1]) * 1024:+11.0f} {seconds:7.1f} {per_turn:8.1f}")
        previous = (turn, memory, seconds)
    print(f"log: {errors} warnings or errors")


if __name__ == "__main__":
    main()
