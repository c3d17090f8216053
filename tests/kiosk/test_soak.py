"""Soak: 500 turns of the loop in virtual time at --speed max, on the real screen code
(headless). No crash, and the memory (RSS) grows by less than 2 MB from turn 50 to 500."""

from __future__ import annotations

import asyncio
import gc
import math
import os
import time
from dataclasses import replace

from teletype.kiosk.config import Timings

from .conftest import SIZE, started

LOOPS = int(os.environ.get("SOAK_LOOPS", 500))
FIRST_MEASURED = 50
RSS_LIMIT = 2 * 1024 * 1024


async def step(app, seconds: float) -> None:
    """Move the virtual clock, run the loop and paint: the timers' work, without
    waiting for the screen (the soak lets it render once a loop)."""
    await app.clock.advance(seconds)
    app.tick()
    app.paint()
    await asyncio.sleep(0)


def rss() -> int:
    """This process's resident memory, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def test_five_hundred_loops_without_a_crash_or_a_leak(make_kiosk, make_config, second_short):
    config = replace(make_config(playlist=(second_short, second_short.with_name("third.yaml"))), speed=math.inf,
                     timings=Timings(attract=1, hold=1, idle=0, rescan=30))
    second_short.with_name("third.yaml").write_text(second_short.read_text().replace("test-second", "test-third"))
    app = make_kiosk(config)
    memory = {}
    began = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        while app.finished_count < LOOPS:
            await step(app, 1)  # the attract screen's second, then the hold's
            for _ in range(50):  # at max speed the replay needs only turns of the event loop
                if app.state != "playing":
                    break
                await step(app, 0)
            if app.state == "holding":
                await pilot.pause()  # the screen renders the whole message, once a loop
            if app.finished_count in (FIRST_MEASURED, LOOPS) and app.finished_count not in memory:
                gc.collect()
                memory[app.finished_count] = rss()
        assert app.is_running
    took = time.perf_counter() - began
    grew = memory[LOOPS] - memory[FIRST_MEASURED]
    print(f"\nsoak: {LOOPS} loops in {took:.1f} s; RSS {memory[FIRST_MEASURED] / 2**20:.1f} MiB at loop {FIRST_MEASURED}, "
          f"{memory[LOOPS] / 2**20:.1f} MiB at loop {LOOPS} ({grew / 1024:+.0f} KiB)")
    assert grew < RSS_LIMIT
    log = config.log.file.read_text()
    assert log.count("INFO finished") == LOOPS and "ERROR" not in log and "WARNING" not in log
