"""Themes as data: teletype/themes/*.yaml turned into Textual Theme objects.

A theme file gives Textual's colours ('colors') and the machine's own ('machine':
paper, ink, tape...), which the .tcss uses as $tt-paper, $tt-ink, $tt-tape and so
on. 'ascii_only: true' keeps every glyph to ASCII, for the Linux console's font;
'ansi: true' uses the terminal's own 16 colours (names like ansi_white).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from teletype.errors import TeletypeError
from teletype.yamlsource import Document, load

THEME_DIR = Path(__file__).resolve().parent.parent / "themes"
THEME_ORDER = ("paper", "green", "amber", "console")  # the order the theme key cycles through
TEXTUAL_COLORS = ("primary", "secondary", "accent", "warning", "error", "success", "foreground", "background", "surface", "panel")
MACHINE_COLORS = {
    "paper": "the paper",
    "ink": "what the teleprinter prints",
    "reconstructed": "header lines not in the source",
    "carriage": "the print position",
    "overstrike": "a character printed over another",
    "tape": "the paper tape",
    "hole": "a punched hole",
    "desk": "around the paper",
}


@dataclass(frozen=True)
class Glyphs:
    hole: str
    feed: str
    progress_done: str
    progress_left: str
    reconstructed: str
    ellipsis: str  # the end of a status cut short


UNICODE_GLYPHS = Glyphs(hole="●", feed="•", progress_done="█", progress_left="░", reconstructed="◆", ellipsis="…")
ASCII_GLYPHS = Glyphs(hole="O", feed=".", progress_done="#", progress_left="-", reconstructed="*", ellipsis="...")


@dataclass(frozen=True)
class TeletypeTheme:
    theme: Theme
    title: str
    ascii_only: bool

    @property
    def name(self) -> str:
        return self.theme.name

    @property
    def glyphs(self) -> Glyphs:
        return ASCII_GLYPHS if self.ascii_only else UNICODE_GLYPHS


def _colour(document: Document, key: tuple, ansi: bool) -> str:
    value = document.data
    for part in key:
        value = value[part]
    if not isinstance(value, str):
        raise document.error(key, f"'{'.'.join(key)}' must be a colour such as '#f4e9a3' or ansi_white")
    if ansi and not value.startswith("ansi_"):
        raise document.error(key, f"'{'.'.join(key)}': an ansi theme uses the terminal's colours only (ansi_white, ansi_bright_green ...), not '{value}'")
    try:
        Color.parse(value)
    except ColorParseError:
        raise document.error(key, f"'{'.'.join(key)}': '{value}' is not a colour") from None
    return value


def _section(document: Document, name: str, names) -> dict:
    section = document.data.get(name)
    if not isinstance(section, dict):
        raise document.error((name,) if name in document.data else (), f"missing mapping '{name}'")
    for key in section:
        if key not in names:
            raise TeletypeError(f"unknown colour '{name}.{key}' (expected one of: {', '.join(names)})", document.key_at((name, key)))
    for key in names:
        if key not in section:
            raise document.error((name,), f"'{name}' needs '{key}'")
    return section


def load_theme(path: Path) -> TeletypeTheme:
    document = load(path)
    data = document.mapping((), ("name", "title", "dark", "ansi", "ascii_only", "colors", "machine"), what="a theme")
    for key, kind in (("name", str), ("title", str), ("dark", bool), ("ansi", bool), ("ascii_only", bool)):
        if not isinstance(data.get(key), kind):
            raise document.error((key,) if key in data else (), f"'{key}' must be {'text' if kind is str else 'true or false'}")
    ansi = data["ansi"]
    _section(document, "colors", TEXTUAL_COLORS)
    _section(document, "machine", MACHINE_COLORS)
    colors = {name: _colour(document, ("colors", name), ansi) for name in TEXTUAL_COLORS}
    machine = {name: _colour(document, ("machine", name), ansi) for name in MACHINE_COLORS}
    variables = {f"tt-{name}": value for name, value in machine.items()}
    if ansi:
        # Textual's own CSS for ANSI themes refers to these two.
        variables |= {"ansi-background": colors["background"], "ansi-foreground": colors["foreground"]}
    theme = Theme(name=data["name"], dark=data["dark"], ansi=ansi, variables=variables, **colors)
    return TeletypeTheme(theme, data["title"], data["ascii_only"])


def load_themes(directory: Path = THEME_DIR) -> dict[str, TeletypeTheme]:
    """Every theme in DIRECTORY by name, in the cycling order."""
    themes = {}
    for path in sorted(directory.glob("*.yaml")):
        theme = load_theme(path)
        themes[theme.name] = theme
    order = {name: index for index, name in enumerate(THEME_ORDER)}
    return dict(sorted(themes.items(), key=lambda item: order.get(item[0], len(order))))
