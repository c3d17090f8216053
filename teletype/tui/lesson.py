"""What the classroom sees: one code taken apart, and the historical clock.

Pure functions of the schedule and the profile, so they are tested without a screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from teletype.profiles import Profile
from teletype.schedule import Event

# What each code that prints nothing does, as the rest of a sentence that starts "It ".
FUNCTIONS = {
    "CR": "returns the carriage: the type box goes back to the left margin",
    "LF": "feeds the line: the platen turns the paper up one line",
    "SPACE": "moves the carriage one column without printing: a space",
    "LTRS": "shifts to letters: the codes that follow print letters",
    "FIGS": "shifts to figures: the codes that follow print figures and signs",
    "NUL": "does nothing: it is a blank (fill) code, sent to give the carriage time",
    "BELL": "rings the signal bell and prints nothing",
    "WRU": "asks the distant machine for its answer-back (who are you?)",
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
    """What the code does at the receiving machine, as a sentence starting "It "."""
    code = event.code
    if code.name in FUNCTIONS:
        what = FUNCTIONS[code.name]
    elif code.text:
        quote = '"' if "'" in code.text else "'"
        what = f"prints {quote}{code.text}{quote}"
    else:
        what = "does nothing on this machine"
    return f"It {what}."


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
