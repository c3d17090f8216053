"""The command line: teletype play | render | encode | list | profiles | validate | kiosk."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from teletype import __version__, serialcli
from teletype.argtypes import parse_baud, parse_speed
from teletype.codes import CODE_SET_NAMES
from teletype.errors import TeletypeError
from teletype.kiosk.command import add_command as add_kiosk_command
from teletype.message import HEADER_STYLES, load_message, message_files, resolve_message
from teletype.profiles import get_profile, profile_names
from teletype.replay import DEFAULT_PROFILE, ReplayOptions, build_transmission
from teletype.schedule import Transmission



# --- shared pieces ----------------------------------------------------------


def add_message_options(parser: argparse.ArgumentParser, charset: bool = True) -> None:
    parser.add_argument("message", nargs="?", help="a message id (see 'teletype list') or a path to its .yaml file; default: the 1962 telegram")
    parser.add_argument("--profile", "-p", choices=profile_names(), metavar="PROFILE", help="machine profile (see 'teletype profiles'); default: the message's own")
    parser.add_argument("--baud", type=parse_baud, help="line speed in baud, overriding the profile's")
    if charset:
        parser.add_argument("--charset", choices=CODE_SET_NAMES, help="code set, overriding the profile's")
    parser.add_argument("--style", choices=HEADER_STYLES, help="routing header style, overriding the message's")
    parser.add_argument("--strict", action="store_true", help="a character the code set cannot carry is an error, not a substitution")


def replay_options(args: argparse.Namespace) -> ReplayOptions:
    return ReplayOptions(args.profile, args.baud, getattr(args, "charset", None), args.style, args.strict)


def prepare(args: argparse.Namespace) -> Transmission:
    transmission = build_transmission(resolve_message(args.message), replay_options(args))
    summary = transmission.substitution_summary()
    if summary:
        print(f"teletype: {summary}", file=sys.stderr)
    return transmission


# --- commands ---------------------------------------------------------------


def cmd_play(args: argparse.Namespace) -> int:
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        from teletype.tui.launch import play_in_app

        return play_in_app(args)
    transmission = prepare(args)
    if args.port is not None:
        return serialcli.play_on_port(args, transmission.events, transmission.profile)

    import asyncio

    from teletype.clock import MonotonicClock
    from teletype.player import Player
    from teletype.sinks.plain import PlainSink

    player = Player(transmission.events, MonotonicClock(), [PlainSink(sys.stdout)], speed=args.speed)
    asyncio.run(player.run())
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    if args.view == "facsimile":
        message = load_message(resolve_message(args.message))
        sys.stdout.write(message.facsimile_text().rstrip("\n") + "\n")
    else:
        sys.stdout.write(prepare(args).text())
    return 0


def cmd_encode(args: argparse.Namespace) -> int:
    data = prepare(args).line_bytes()
    if args.output and args.output != "-":
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            raise TeletypeError(f"cannot write {args.output}: {exc.strerror}") from None
        print(f"teletype: wrote {len(data)} codes to {args.output}", file=sys.stderr)
        return 0
    if sys.stdout.isatty():
        raise TeletypeError("refusing to write binary codes to a terminal: give -o FILE or pipe the output")
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    status = 0
    for path in message_files():
        try:
            message = load_message(path)
        except TeletypeError as exc:
            print(exc, file=sys.stderr)
            status = 2
            continue
        print(f"{message.id:40} {message.date.isoformat()}  {message.title}")
    return status


def cmd_profiles(args: argparse.Namespace) -> int:
    header = f"{'profile':12} {'code set':8} {'baud':>7} {'frame':>16} {'char ms':>8} {'cps':>6} {'wpm':>6} {'cols':>4}  title"
    print(header)
    for name in profile_names():
        p = get_profile(name)
        frame = f"1+{p.data_bits}+{p.parity_bits}+{p.stop_bits:g}={p.units:g}"
        print(f"{p.name:12} {p.code_set:8} {p.baud:7g} {frame:>16} {p.char_time * 1000:8.1f} {p.cps:6.2f} {p.wpm:6.1f} {p.columns:4}  {p.title}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    paths = message_files([Path(p) for p in args.paths])
    if not paths:
        raise TeletypeError("no message files found in " + " ".join(args.paths))
    bad = 0
    for path in paths:
        try:
            load_message(path)
        except TeletypeError as exc:
            print(exc, file=sys.stderr)
            bad += 1
        except Exception as exc:  # a bug in the loader must not stop the check of the other files
            print(f"{path}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            bad += 1
    print(f"{len(paths) - bad} of {len(paths)} message file(s) valid", file=sys.stderr)
    return 2 if bad else 0


# --- entry point ------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="teletype",
        description="Replay historical telegrams at the real line speed of period teleprinters.",
    )
    parser.add_argument("--version", action="version", version=f"teletype {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help="replay a message at the line's pace", description="Replay a message at the line's pace.")
    add_message_options(play)
    play.add_argument("--plain", action="store_true", help="print to standard output (any terminal, ssh or pipe)")
    play.add_argument("--speed", type=parse_speed, default=1.0, help="speed factor: 1 is the period speed; 4, 10 … or max")
    play.add_argument("--theme", help="screen theme: paper, green, amber or console (default: paper; console on the Linux console)")
    play.add_argument("--keys", metavar="FILE", help="key bindings file (default: $XDG_CONFIG_HOME/teletype/keys.yaml, see docs/classroom.md)")
    serialcli.add_line_options(play)
    play.set_defaults(handler=cmd_play)

    render = commands.add_parser("render", help="print a message at once", description="Print a message at once.")
    add_message_options(render)
    render.add_argument("--view", choices=("wire", "facsimile"), default="wire", help="wire: what the teleprinter printed; facsimile: the typed form")
    render.set_defaults(handler=cmd_render)

    encode = commands.add_parser("encode", help="write the byte stream a serial line carries", description="Write the exact byte stream a serial line would carry: one code per byte (5-level codes in the low five bits; ASCII with its parity bit as bit 7).")
    add_message_options(encode)
    encode.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output, which must not be a terminal)")
    encode.set_defaults(handler=cmd_encode)

    listing = commands.add_parser("list", help="list the messages", description="List the messages found ($TELETYPE_MESSAGES, then the project's messages/).")
    listing.set_defaults(handler=cmd_list)

    profiles = commands.add_parser("profiles", help="list the machine profiles", description="List the machine profiles with their frames and speeds.")
    profiles.set_defaults(handler=cmd_profiles)

    validate = commands.add_parser("validate", help="check message files", description="Check message files and directories; one line per problem, exit status 2 if any.")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.set_defaults(handler=cmd_validate)

    serialcli.add_commands(commands, DEFAULT_PROFILE)
    add_kiosk_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play"])
    try:
        return args.handler(args)
    except TeletypeError as exc:
        text = str(exc)
        print(text if exc.location else f"teletype: {text}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        if sys.stdout.isatty():
            print(file=sys.stdout)  # leave the shell's prompt at the start of a line
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("TELETYPE_DEBUG"):
            raise
        print(f"teletype: internal error: {type(exc).__name__}: {exc} (run with TELETYPE_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1
