"""The app's controls and the user's key file.

Every control has an action name; the key file maps action names to keys:

    # $XDG_CONFIG_HOME/teletype/keys.yaml (default ~/.config/teletype/keys.yaml)
    pause: p
    faster: [plus, "]"]

Keys use Textual's names ("space", "ctrl+x", "f1", "plus") or the character
itself. A mistake in the file is one line, FILE:LINE:COL: what is wrong.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from teletype.errors import Location, TeletypeError
from teletype.yamlsource import Document, Key, load


@dataclass(frozen=True)
class Control:
    action: str  # the action method's name without "action_", and the key file's name for it
    keys: str  # default keys, comma separated, in Textual's names
    description: str  # the footer's label


CONTROLS = (
    Control("pause", "space", "Pause"),
    Control("step", "s", "Step"),
    Control("slower", "minus", "Slower"),
    Control("faster", "plus,equals_sign", "Faster"),
    Control("restart", "r", "Restart"),
    Control("previous", "p", "Previous"),
    Control("next", "n", "Next"),
    Control("pick", "m", "Messages"),
    Control("info", "i", "Info"),
    Control("facsimile", "f", "Facsimile"),
    Control("tape", "t", "Tape"),
    Control("explain", "e", "Explain"),
    Control("theme", "c", "Theme"),
    Control("quit", "q", "Quit"),
)
ACTIONS = tuple(control.action for control in CONTROLS)


def key_file() -> Path:
    """Where the key file is read from: $TELETYPE_KEYS, else the XDG config directory."""
    if explicit := os.environ.get("TELETYPE_KEYS"):
        return Path(explicit)
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "teletype" / "keys.yaml"


# Textual's short names for some characters' Unicode names.
SHORT_NAMES = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
               "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}


def key_name(key: str) -> str:
    """A key as Textual names it: "+" is "plus", "]" is "right_square_bracket", "A" stays "A"."""
    if len(key) == 1 and not key.isalnum():
        try:
            name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            return key
        return SHORT_NAMES.get(name, name)
    return key


def load_keymap(path: Path, required: bool = False) -> dict[str, str]:
    """Action -> comma-separated keys from PATH; {} when the file is absent and not REQUIRED."""
    if not path.exists() and not required:
        return {}
    return read_keymap(load(path))


def read_keymap(document: Document, at: Key = (), controls: Sequence[Control] = CONTROLS) -> dict[str, str]:
    """Action -> comma-separated keys from the mapping at AT in DOCUMENT (a key file, or
    a section of a kiosk's config). CONTROLS are those in force, whose default keys a
    key given to another control must not still be."""
    data = document.data
    for part in at:
        data = data[part]
    if not isinstance(data, dict):
        what = f"'{at[-1]}'" if at else "the key file"
        raise document.error(at, f"{what} must map actions to keys, e.g. 'pause: space'")
    keymap: dict[str, str] = {}
    owner: dict[str, tuple[str, Location]] = {}  # key -> the action it was given to, and where
    for action, value in data.items():
        if action not in ACTIONS:
            raise TeletypeError(f"unknown action '{action}' (expected one of: {', '.join(ACTIONS)})", document.key_at(at + (action,)))
        values = value if isinstance(value, list) else [value]
        if not values:
            raise document.error(at + (action,), f"'{action}' needs at least one key")
        keys = []
        for index, key in enumerate(values):
            where = at + ((action, index) if isinstance(value, list) else (action,))
            if isinstance(key, int) and not isinstance(key, bool):
                key = str(key)  # a digit key written without quotes
            if not isinstance(key, str) or not key.strip() or any(c.isspace() for c in key) or "," in key:
                raise document.error(where, f"'{action}': {key!r} is not a key name such as space, s, ctrl+p or f1")
            name = key_name(key)
            if name in owner:
                raise document.error(where, f"key '{key}' is given to both '{owner[name][0]}' and '{action}'")
            owner[name] = (action, document.at(where))
            keys.append(name)
        keymap[action] = ",".join(keys)
    # A key the file gives away must not still be another control's default.
    for control in controls:
        if control.action in keymap:
            continue
        for key in control.keys.split(","):
            if key in owner:
                action, where = owner[key]
                raise TeletypeError(
                    f"key '{key}' given to '{action}' is still the default key of '{control.action}'; "
                    f"give '{control.action}' another key too",
                    where,
                )
    return keymap
