"""The `teletype kiosk` command's arguments: light to import, as every command line
builds them; the kiosk itself loads only when it runs."""

from __future__ import annotations

import argparse


def add_command(commands) -> None:
    kiosk = commands.add_parser(
        "kiosk", help="run unattended in a museum: loop a playlist, locked",
        description="Loop a playlist of messages, unattended and locked: visitors get only the controls the config "
                    "allows; the exit keys or SIGTERM end it. See docs/kiosk.md.")
    kiosk.add_argument("config", nargs="?", metavar="CONFIG",
                       help="the kiosk's YAML file (see deploy/kiosk.example.yaml); default: every message found, default settings")
    mode = kiosk.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="check CONFIG and its messages, then exit (status 2 if it cannot run)")
    mode.add_argument("--serve", action="store_true",
                      help="serve the kiosk to a web browser (needs textual-serve; listens on CONFIG's web host and port, 127.0.0.1:8000 by default)")
    kiosk.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace) -> int:
    from teletype.kiosk.run import cmd_kiosk

    return cmd_kiosk(args)
