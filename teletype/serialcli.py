"""The command line's serial pieces: `play --port` and its line options, `teletype ports`,
`teletype selftest`. pyserial is imported only when a command opens or lists ports.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Sequence, TextIO

from teletype.argtypes import parse_baud, parse_speed
from teletype.codes import CODE_SET_NAMES, PARITIES
from teletype.errors import TeletypeError
from teletype.profiles import Profile
from teletype.schedule import Event


def count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' must be 0 or more")
    return value


def add_line_options(parser: argparse.ArgumentParser, *, port_required: bool = False) -> None:
    line = parser.add_argument_group("serial line", "Drive a teleprinter or terminal on a serial port too (docs/hardware.md).")
    line.add_argument("--port", required=port_required, metavar="PORT",
                      help="a device (/dev/ttyUSB0, /dev/serial/by-id/…, COM3) or a pyserial URL (socket://HOST:PORT, rfc2217://HOST:PORT, loop://)")
    line.add_argument("--port-baud", type=parse_baud, metavar="RATE",
                      help="the port's rate, when an interface retimes the codes to the machine's (default: the line's, see --baud)")
    line.add_argument("--bytesize", type=int, choices=(5, 6, 7, 8), help="data bits (default: the profile's, 5 on a 5-level machine)")
    line.add_argument("--parity", choices=PARITIES, help="parity (default: the profile's)")
    line.add_argument("--stopbits", type=float, choices=(1.0, 1.5, 2.0), metavar="{1,1.5,2}",
                      help="stop bits (default: the profile's, 1.5 on a 5-level machine); teletype spaces the codes to the machine's frame either way")
    line.add_argument("--rtscts", action="store_true", help="hardware flow control (RTS/CTS)")
    line.add_argument("--xonxoff", action="store_true", help="software flow control (XON/XOFF)")
    line.add_argument("--motor", choices=("none", "rts", "dtr"), default="none", help="the line that runs the machine's motor (default: none)")
    line.add_argument("--motor-invert", action="store_true", help="the motor runs while that line is low")
    line.add_argument("--motor-idle", type=float, default=60.0, metavar="SECONDS",
                      help="motor off after this long without a code (0: never; default 60)")
    line.add_argument("--leader", type=count, default=0, metavar="N", help="N LTRS codes (NULs in ASCII) before the message (default 0)")
    line.add_argument("--trailer", type=count, default=0, metavar="N", help="N LTRS codes (NULs in ASCII) after it (default 0)")
    line.add_argument("--if-offline", choices=("hold", "skip"), default="hold",
                      help="if the printer goes away: hold the replay until it is back (default) or carry on without it")
    line.add_argument("--ignore-break", action="store_true", help="a BREAK from the machine does not stop the replay")


def add_commands(commands, default_profile: str) -> None:
    """`teletype ports` and `teletype selftest`."""
    from teletype.profiles import profile_names

    ports = commands.add_parser("ports", help="list the serial ports", description="List the serial ports (pyserial's list_ports).")
    ports.set_defaults(handler=cmd_ports)

    selftest = commands.add_parser(
        "selftest", help="print the set-up test page on a machine",
        description="Print the test page hobbyists use to set up a machine: RYRY, the quick brown fox, the character set, "
                    "a carriage-return test and a line-length test, at the line's pace.")
    selftest.add_argument("--profile", "-p", choices=profile_names(), metavar="PROFILE", default=default_profile,
                          help=f"machine profile (default: {default_profile})")
    selftest.add_argument("--baud", type=parse_baud, help="line speed in baud, overriding the profile's")
    selftest.add_argument("--charset", choices=CODE_SET_NAMES, help="code set, overriding the profile's")
    selftest.add_argument("--speed", type=parse_speed, default=1.0, help="speed factor: 1, 4, 10 … or max (the line's pace is the limit)")
    add_line_options(selftest, port_required=True)
    selftest.set_defaults(handler=cmd_selftest)


# --- commands -------------------------------------------------------------------


def cmd_ports(args: argparse.Namespace) -> int:
    from teletype.serialport import serial_ports

    ports = serial_ports()
    if not ports:
        print("teletype: no serial ports found (is the adapter plugged in? to try teletype without one, "
              "make a pty pair: socat -d -d pty,raw,echo=0 pty,raw,echo=0)", file=sys.stderr)
        return 0
    width = max(len(port.device) for port in ports)
    for port in ports:
        print(f"{port.device:{width}}  {port.description or '-'}  {port.hwid}".rstrip())
        if port.stable_name:
            print(f"{'':{width}}  same after a replug: {port.stable_name}")
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    from teletype.profiles import get_profile
    from teletype.selftest import selftest_events

    profile = get_profile(args.profile).with_options(baud=args.baud, charset=args.charset)
    return play_on_port(args, selftest_events(profile), profile)


def play_on_port(args: argparse.Namespace, events: Sequence[Event], profile: Profile) -> int:
    """Replay EVENTS on the port and on standard output, in step; 0 when done."""
    import asyncio

    from teletype.clock import MonotonicClock
    from teletype.player import Player
    from teletype.sinks.plain import PlainSink
    from teletype.sinks import InStep

    line = line_sink(args, profile)
    player = Player(events, MonotonicClock(), [InStep(line, [PlainSink(sys.stdout)])], speed=args.speed)
    reporter = StatusReport(sys.stderr, player, stop_on_break=not args.ignore_break)
    line.listeners.append(reporter)

    async def run() -> None:
        async with line:
            reporter.started(line, profile, args.speed)
            await player.run()

    asyncio.run(run())
    return 0


def line_sink(args: argparse.Namespace, profile: Profile):
    """The serial sink the options describe."""
    from teletype.serialport import LineSettings
    from teletype.sinks.serial import SerialSink

    settings = LineSettings.for_profile(
        args.port, profile, baud=args.port_baud, bytesize=args.bytesize, parity=args.parity, stopbits=args.stopbits,
        rtscts=args.rtscts, xonxoff=args.xonxoff, motor=args.motor, motor_invert=args.motor_invert,
    )
    if args.motor_idle < 0:
        raise TeletypeError("--motor-idle must be 0 (never) or more seconds")
    return SerialSink(settings, profile, if_offline=args.if_offline, motor_idle=args.motor_idle or None,
                      leader=args.leader, trailer=args.trailer)


class StatusReport:
    """What the line does, one line each on standard error."""

    def __init__(self, stream: TextIO, player, *, stop_on_break: bool):
        self.stream = stream
        self.player = player
        self.stop_on_break = stop_on_break
        self.was_offline = False

    def started(self, line, profile: Profile, speed: float) -> None:
        if line.setup is not None:
            self.say(line.setup.describe())
        if line.frame_time > profile.char_time * 1.001:
            slower = (line.frame_time / profile.char_time - 1) * 100
            self.say(f"the port's frame takes {line.frame_time * 1000:.1f} ms, the machine's {profile.char_time * 1000:.1f} ms: "
                     f"the replay runs {slower:.1f}% slow (--stopbits 1 lets teletype space the codes exactly; docs/hardware.md)")
        elif profile.char_time / speed < line.frame_time * 0.999:
            asked = "max" if math.isinf(speed) else f"{speed:g}"
            self.say(f"the line carries at most {1 / line.frame_time:.2f} codes a second: the replay goes at the line's pace, "
                     f"not at --speed {asked}")

    def __call__(self, kind: str, line) -> None:
        if kind == "offline":
            self.was_offline = True
            self.say(line.status_text())
        elif kind == "online" and self.was_offline:
            self.was_offline = False
            self.say(f"printer back online; continuing from code {line.sent + line.dropped + 1}")
        elif kind == "resync":
            self.say("re-synced the machine: a new line and its shift")
        elif kind == "held":
            self.say(line.status_text())
        elif kind == "break":
            if self.stop_on_break:
                self.say(f"BREAK from the machine: replay stopped after {line.sent} codes")
                self.player.stop()
            else:
                self.say("BREAK from the machine (ignored)")

    def say(self, text: str) -> None:
        print(f"teletype: {text}", file=self.stream, flush=True)
