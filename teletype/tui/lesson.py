"""What the classroom sees: one code taken apart, and the historical clock.

Pure functions of the schedule and the profile, so they are tested without a screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from teletype.profiles import Profile
from teletype.schedule import Event

FUNCTIONS = {
    "CR": "carriage return: the type box goes back to the left margin",
    "LF": "line feed: the platen turns the paper up one line",
    "SPACE": "space: the carriage moves one column, nothing is printed",
    "LTRS": "letters shift: the codes that follow print letters",
    "FIGS": "figures shift: the codes that follow print figures and signs",
    "NUL": "blank (fill): nothing happens, it gives the carriage time",
    "BELL": "bell: rings the signal bell, nothing is printed",
    "WRU": "who are you: asks the distant machine for its answer-back",
}


@dataclass(frozen=True)
class Unit:
    """One element of a frame on the wire."""

    label: str  # "start", "1".."8", "parity", "stop"
    bit: int  # 1 = mark (current), 0 = space (no current)
    units: float  # length in signal units


def frame(value: int, profile: Profile) -> list[Unit]:
    """The frame that carries VALUE: start, data bits first bit first, parity, stop."""
    units = [Unit("start", 0, 1.0)]
    units += [Unit(str(bit + 1), (value >> bit) & 1, 1.0) for bit in range(profile.data_bits)]
    if profile.parity_bits:
        units.append(Unit("parity", (value >> profile.data_bits) & 1, 1.0))
    units.append(Unit("stop", 1, profile.stop_bits))
    return units


def describe(event: Event) -> str:
    """What the code does at the receiving machine."""
    code = event.code
    if code.name in FUNCTIONS:
        return FUNCTIONS[code.name]
    if code.text:
        return f"prints {code.text!r}"
    return "does nothing on this machine"


def historical_time(filed: dt.datetime, elapsed: float) -> tuple[dt.datetime, dt.datetime]:
    """The simulated moment ELAPSED seconds of transmission after filing: local and Zulu."""
    moment = filed + dt.timedelta(seconds=elapsed)
    return moment, moment.astimezone(dt.timezone.utc)


def clock_text(filed: dt.datetime, elapsed: float) -> str:
    local, zulu = historical_time(filed, elapsed)
    return f"{local:%a %d %b %Y %H:%M:%S} {local.tzname()} = {zulu:%d %b %H:%M:%S}Z"


def duration_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
