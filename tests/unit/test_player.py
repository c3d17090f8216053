"""The player in virtual time: absolute deadlines, pause, speed, seek, restart."""

import asyncio
import math

import pytest

from teletype.clock import VirtualClock
from teletype.codes import Code
from teletype.player import Player
from teletype.schedule import Event

FRAME = 0.1


def make_events(count: int, spinup: float = 0.0) -> list[Event]:
    return [Event(i, spinup + i * FRAME, FRAME, Code(0x41, "A", "A", None, i), 0, i + 1) for i in range(count)]


class RecordingSink:
    def __init__(self, clock):
        self.clock = clock
        self.received: list[tuple[float, int]] = []

    async def send(self, events):
        self.received.extend((self.clock.now(), event.index) for event in events)


class SlowSink(RecordingSink):
    """Takes real (virtual) time to put each batch out, like a serial line."""

    def __init__(self, clock, delay):
        super().__init__(clock)
        self.delay = delay

    async def send(self, events):
        await self.clock.sleep_until(self.clock.now() + self.delay)
        await super().send(events)


@pytest.fixture
def clock():
    return VirtualClock(start=1000.0)


async def start(player):
    task = asyncio.create_task(player.run())
    await asyncio.sleep(0)
    return task


async def test_each_event_goes_out_at_the_end_of_its_frame(clock):
    sink = RecordingSink(clock)
    player = Player(make_events(10, spinup=0.5), clock, [sink])
    task = await start(player)
    await clock.advance(0.5 + 10 * FRAME)
    await task
    assert [index for _, index in sink.received] == list(range(10))
    for (time, index) in sink.received:
        assert time == pytest.approx(1000.0 + 0.5 + (index + 1) * FRAME)
    assert player.state == "done"


async def test_deadlines_are_absolute_a_late_wake_does_not_delay_what_follows(clock):
    slow = SlowSink(clock, delay=0.25)  # the first batch is late by 2.5 frames
    player = Player(make_events(10), clock, [slow])
    task = await start(player)
    await clock.advance(0.1)
    slow.delay = 0.0
    await clock.advance(1.0)
    await task
    # Events 1-2 fell due while the sink was busy and go out together; then back on the grid.
    times = dict((index, time) for time, index in slow.received)
    assert times[0] == pytest.approx(1000.35)
    assert times[3] == pytest.approx(1000.4)
    assert times[9] == pytest.approx(1001.0)


async def test_pause_holds_and_resume_continues_without_losing_anything(clock):
    sink = RecordingSink(clock)
    player = Player(make_events(10), clock, [sink])
    task = await start(player)
    await clock.advance(0.35)
    assert [i for _, i in sink.received] == [0, 1, 2]
    player.pause()
    assert player.state == "paused"
    await clock.advance(5.0)
    assert len(sink.received) == 3
    player.resume()
    await clock.advance(0.1)
    assert [i for _, i in sink.received] == [0, 1, 2, 3]
    assert sink.received[-1][0] == pytest.approx(1005.45)
    await clock.advance(1.0)
    await task
    assert [i for _, i in sink.received] == list(range(10))


async def test_speed_factor_scales_the_remaining_time(clock):
    sink = RecordingSink(clock)
    player = Player(make_events(10), clock, [sink])
    task = await start(player)
    await clock.advance(0.2)
    player.set_speed(4)
    await clock.advance(0.2)  # eight more frames at four times speed
    await task
    assert len(sink.received) == 10
    assert sink.received[-1][0] == pytest.approx(1000.4)


async def test_max_speed_sends_everything_without_waiting(clock):
    sink = RecordingSink(clock)
    player = Player(make_events(1000), clock, [sink], speed=math.inf)
    await player.run()
    assert len(sink.received) == 1000
    assert clock.now() == 1000.0


async def test_seek_skips_ahead_and_restart_goes_back(clock):
    sink = RecordingSink(clock)
    player = Player(make_events(10), clock, [sink])
    task = await start(player)
    await clock.advance(0.1)
    player.seek(7)
    await clock.advance(0.3)
    await task
    assert [i for _, i in sink.received] == [0, 7, 8, 9]
    player.restart()
    assert player.position == 0 and player.elapsed == 0
    task = await start(player)
    await clock.advance(1.0)
    await task
    assert [i for _, i in sink.received][-10:] == list(range(10))


async def test_step_sends_one_code_while_paused(clock):
    sink = RecordingSink(clock)
    player = Player(make_events(5), clock, [sink])
    player.pause()
    task = await start(player)
    event = await player.step()
    assert event.index == 0 and player.position == 1
    await clock.advance(10)
    assert len(sink.received) == 1
    player.stop()
    await task


async def test_stop_ends_run(clock):
    player = Player(make_events(5), clock, [RecordingSink(clock)])
    task = await start(player)
    player.stop()
    await asyncio.wait_for(task, 1)
    assert player.position == 0


async def test_elapsed_is_the_transmission_time_of_what_was_sent(clock):
    player = Player(make_events(10, spinup=1.0), clock, [RecordingSink(clock)])
    task = await start(player)
    await clock.advance(1.0 + 3 * FRAME)
    assert player.elapsed == pytest.approx(1.3)
    player.stop()
    await task


def test_speed_must_be_positive(clock):
    with pytest.raises(ValueError):
        Player(make_events(1), clock, speed=0)
