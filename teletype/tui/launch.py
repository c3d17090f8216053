"""From the command line's arguments to the running app."""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import replace
from pathlib import Path

from teletype import serialcli
from teletype.errors import TeletypeError
from teletype.message import load_message, message_files, resolve_message
from teletype.replay import ReplayOptions, profile_for
from teletype.tui.keys import key_file, load_keymap


def playlist_for(path: Path) -> tuple[list[Path], int]:
    """Every message found, with PATH among them, and PATH's index."""
    playlist = message_files()
    resolved = [p.resolve() for p in playlist]
    if path.resolve() in resolved:
        return playlist, resolved.index(path.resolve())
    return [path, *playlist], 0


def play_in_app(args: argparse.Namespace) -> int:
    keys = Path(args.keys) if args.keys else key_file()
    keymap = load_keymap(keys, required=bool(args.keys))
    playlist, start = playlist_for(resolve_message(args.message))
    options = ReplayOptions(args.profile, args.baud, args.charset, args.style, args.strict)
    line = None
    if args.port is not None:
        # One machine on the port: every message in the playlist is replayed on its profile.
        profile = profile_for(load_message(playlist[start]), options)
        options = replace(options, profile=profile.name)
        line = serialcli.line_sink(args, profile)

    from teletype.tui.app import TeletypeApp  # Textual loads only when the app runs

    app = TeletypeApp(playlist, start, options=options, speed=args.speed, theme=args.theme, keymap=keymap,
                      line_sinks=[line] if line else ())
    if line is None:
        app.run()
    else:
        asyncio.run(run_with_line(app, line))
    if app.return_code:
        raise TeletypeError("the replay screen stopped with an error")
    return 0


async def run_with_line(app, line) -> None:
    # The port opens before the screen starts, so a bad port is one line and exit 2.
    async with line:
        await app.run_async()
