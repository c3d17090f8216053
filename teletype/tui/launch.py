"""From the command line's arguments to the running app."""

from __future__ import annotations

import argparse
from pathlib import Path

from teletype.errors import TeletypeError
from teletype.message import message_files, resolve_message
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

    from teletype.tui.app import ReplayOptions, TeletypeApp  # Textual loads only when the app runs

    app = TeletypeApp(
        playlist,
        start,
        options=ReplayOptions(args.profile, args.baud, args.charset, args.style, args.strict),
        speed=args.speed,
        theme=args.theme,
        keymap=keymap,
    )
    app.run()
    if app.return_code:
        raise TeletypeError("the replay screen stopped with an error")
    return 0
