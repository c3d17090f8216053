"""The app's controls and the user's key file.

Every control has an action name; the key file maps action names to keys:

    # $XDG_CONFIG_HOME/teletype/keys.yaml (default ~/.config/teletype/keys.yaml)
    pause: p
    faster: [plus, "]"]

Keys use Textual's names ("space", "ctrl+x", "f1", "plus") or the character
itself, with ctrl+, shift+ or alt+ in front if wanted; a key Textual would never
report is refused, so that a typing mistake does not leave a control without a
key. A mistake in the file is one line, FILE:LINE:COL: what is wrong.

No Textual here (the kiosk's --check reads key files without it):
tests/tui/test_parts.py checks the names below against textual.keys.
"""

from __future__ import annotations

import difflib
import itertools
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
    Control("quit", "q,ctrl+q,ctrl+c", "Quit"),
)
ACTIONS = tuple(control.action for control in CONTROLS)


def key_file() -> Path:
    """Where the key file is read from: $TELETYPE_KEYS, else the XDG config directory."""
    if explicit := os.environ.get("TELETYPE_KEYS"):
        return Path(explicit)
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "teletype" / "keys.yaml"


# Textual's short names for some characters' Unicode names (textual.keys.KEY_NAME_REPLACEMENTS).
SHORT_NAMES = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
               "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}
# The keys Textual names that are not characters (the bases of textual.keys.Keys).
NAMED_KEYS = frozenset(
    {"space", "enter", "escape", "tab", "backspace", "insert", "delete", "home", "end", "pageup", "pagedown",
     "up", "down", "left", "right"} | {f"f{number}" for number in range(1, 25)}
)
MODIFIERS = ("alt", "ctrl", "shift")  # in the order Textual writes them: ctrl+shift+up, alt+ctrl+x
# What people write for keys and modifiers Textual names otherwise.
KEY_ALIASES = {"return": "enter", "esc": "escape", "spc": "space", "spacebar": "space", "del": "delete",
               "ins": "insert", "bksp": "backspace", "pgup": "pageup", "pgdn": "pagedown", "page_up": "pageup",
               "page_down": "pagedown"}
MODIFIER_ALIASES = {"control": "ctrl", "ctl": "ctrl", "option": "alt"}
KEY_EXAMPLES = "a character, or a name such as space, enter, f5, plus or ctrl+p"


def key_name(key: str) -> str:
    """A key as Textual names it: "+" is "plus", "]" is "right_square_bracket", "A" stays "A"."""
    if len(key) == 1 and not key.isalnum():
        try:
            name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            return key
        return SHORT_NAMES.get(name, name)
    return key


def named_character(name: str) -> str | None:
    """The printable character Textual calls NAME ("plus" is "+", "less_than_sign" "<"), or None."""
    long_name = {short: full for full, short in SHORT_NAMES.items()}.get(name, name)
    words = long_name.split("_")
    if not long_name or len(words) > 8 or not all(words):
        return None
    # Textual's names join the Unicode name's words with "_" for a space or a hyphen alike.
    for joins in itertools.product(" -", repeat=len(words) - 1):
        try:
            char = unicodedata.lookup(words[0] + "".join(join + word for join, word in zip(joins, words[1:])))
        except KeyError:
            continue
        if char.isprintable() and not char.isspace() and key_name(char) == name:
            return char
    return None


class UnknownKey(ValueError):
    """A key Textual would never report; the message says why, in one line."""


def parse_key(key: str) -> str:
    """KEY as Textual reports it: "+" is "plus", "shift+ctrl+up" "ctrl+shift+up",
    "ctrl+A" "ctrl+shift+a"; UnknownKey for a key Textual would never report.

    A key is a printable character or one of Textual's names for a key or a
    character, optionally after ctrl+, shift+ and alt+ (in any order).
    """
    if len(key) == 1:
        if not key.isprintable() or key.isspace():
            raise UnknownKey(f"unknown key {key!r} ({KEY_EXAMPLES})")
        return key_name(key)
    if key.endswith("++"):  # ctrl++: the plus key
        *modifiers, base = key[:-2].split("+") + ["+"]
    else:
        *modifiers, base = key.split("+")
    if not base or not all(modifiers):
        raise UnknownKey(f"unknown key '{key}' ({KEY_EXAMPLES})")
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            hint = _suggestion(modifier, MODIFIERS, MODIFIER_ALIASES) or "the modifiers are ctrl+, shift+ and alt+"
            raise UnknownKey(f"unknown modifier '{modifier}' in '{key}' ({hint})")
    if len(set(modifiers)) != len(modifiers):
        raise UnknownKey(f"'{key}' names a modifier twice")
    if len(base) == 1 and base.isprintable() and not base.isspace():
        name = key_name(base)
    elif base in NAMED_KEYS or named_character(base) is not None:
        name = base
    else:
        what = f"unknown key '{base}' in '{key}'" if modifiers else f"unknown key '{key}'"
        if "," in base:
            raise UnknownKey(f"{what} (one key at a time: give a list for more, e.g. [s, j])")
        raise UnknownKey(f"{what} ({_suggestion(base, NAMED_KEYS, KEY_ALIASES) or KEY_EXAMPLES})")
    if modifiers == ["shift"] and name not in NAMED_KEYS:
        # Shift and a character key type another character, and Textual reports that one.
        shifted = f"'{base.upper()}'" if len(base) == 1 and base.upper() != base else "the character it types"
        raise UnknownKey(f"'{key}' is never reported: shift with a character key types another character; give {shifted} instead")
    if modifiers and len(name) == 1 and name.isupper():
        # With ctrl or alt, Textual reports a capital as shift and the small letter.
        name = name.lower()
        modifiers = modifiers if "shift" in modifiers else [*modifiers, "shift"]
    return "+".join([*sorted(modifiers), name])


def _suggestion(word: str, names, aliases: dict[str, str]) -> str:
    """ "did you mean 'space'?" for a near miss of one of NAMES, else ""."""
    lower = word.lower()
    if lower in aliases:
        match = aliases[lower]
    elif lower in names:
        match = lower
    else:
        close = difflib.get_close_matches(lower, sorted(names), n=1, cutoff=0.7)
        if not close:
            return ""
        match = close[0]
    return f"did you mean '{match}'?"


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
            if not isinstance(key, str) or not key.strip() or any(c.isspace() for c in key):
                raise document.error(where, f"'{action}': {key!r} is not a key name such as space, s, ctrl+p or f1")
            try:
                name = parse_key(key)
            except UnknownKey as error:
                raise document.error(where, str(error)) from None
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
