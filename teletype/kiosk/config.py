"""The kiosk's configuration file, read strictly: every mistake is one line, FILE:LINE:COL.

    playlist: [/srv/teletype/messages]      # message files or directories, in order
    profile: model28                        # default: each message's own
    controls: [pause, slower, faster, next] # what visitors may do
    exit_keys: [ctrl+x, ctrl+x, ctrl+q]     # the curator's way out
    timings: {attract: 30, hold: 15, idle: 180, rescan: 60}
    log: {file: /var/log/teletype/kiosk.log}

docs/kiosk.md describes every key; deploy/kiosk.example.yaml is a worked example.
No Textual and no pyserial here, so `teletype kiosk --check` is quick.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from teletype.codes import PARITIES
from teletype.errors import TeletypeError
from teletype.message import message_dirs
from teletype.profiles import profile_names
from teletype.tui.keys import CONTROLS, UnknownKey, parse_key, read_keymap
from teletype.yamlsource import Document, Key, describe, load, quoted_path

THEME_DIR = Path(__file__).resolve().parent.parent / "themes"
# Not for visitors: quitting is the curator's (exit_keys or a signal), the theme the config's.
LOCKED_CONTROLS = {
    "quit": "the kiosk is left only by its exit_keys or a signal",
    "theme": "the kiosk's theme is set with 'theme'",
}
VISITOR_CONTROLS = tuple(control.action for control in CONTROLS if control.action not in LOCKED_CONTROLS)
DEFAULT_CONTROLS = ("pause", "slower", "faster", "next", "previous", "info")
DEFAULT_EXIT_KEYS = ("ctrl+x", "ctrl+x", "ctrl+q")
MOTOR_LINES = ("none", "rts", "dtr")


@dataclass(frozen=True)
class Timings:
    attract: float = 30.0  # seconds the attract screen waits before starting by itself; 0: no attract screen
    hold: float = 15.0  # seconds the last lines stay on the screen after a message ends
    idle: float = 180.0  # seconds without a key before what a visitor changed is undone; 0: never
    rescan: float = 60.0  # seconds between looks for messages while none can be replayed


@dataclass(frozen=True)
class LogSettings:
    file: Path
    max_bytes: int = 1_000_000  # a file this big is rotated
    backups: int = 5  # rotated files kept

    @property
    def place_file(self) -> Path:
        """Where the message being replayed is noted, so a restart carries on from it."""
        return self.file.with_suffix(".place")


@dataclass(frozen=True)
class PrinterSettings:
    """A teleprinter on a serial port: the line options of `teletype play --port`."""

    port: str
    port_baud: float | None = None
    bytesize: int | None = None
    parity: str | None = None
    stopbits: float | None = None
    rtscts: bool = False
    xonxoff: bool = False
    motor: str = "none"
    motor_invert: bool = False
    motor_idle: float | None = 60.0  # seconds; None: the motor stays on


@dataclass(frozen=True)
class WebSettings:
    """Where `teletype kiosk --serve` listens: this machine only unless configured."""

    host: str = "127.0.0.1"
    port: int = 8000


@dataclass(frozen=True)
class KioskConfig:
    path: Path | None  # None: the built-in defaults
    playlist: tuple[Path, ...]
    log: LogSettings
    profile: str | None = None
    speed: float = 1.0
    theme: str | None = None  # None: console on the Linux console, else paper
    title: str = "Teletype"
    controls: tuple[str, ...] = DEFAULT_CONTROLS
    keymap: dict[str, str] = field(default_factory=dict)
    exit_keys: tuple[str, ...] = DEFAULT_EXIT_KEYS
    timings: Timings = Timings()
    printer: PrinterSettings | None = None
    web: WebSettings = WebSettings()

    def visitor_keys(self) -> dict[str, str]:
        """Each key a visitor may press -> its control."""
        keys = {}
        for control in CONTROLS:
            if control.action in self.controls:
                for key in self.keymap.get(control.action, control.keys).split(","):
                    keys[key] = control.action
        return keys


def default_log_file() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "teletype" / "kiosk.log"


def default_config() -> KioskConfig:
    """No file: the messages `teletype list` finds, and the defaults of every key."""
    return KioskConfig(path=None, playlist=tuple(message_dirs()), log=LogSettings(default_log_file()))


def theme_names() -> list[str]:
    return sorted(path.stem for path in THEME_DIR.glob("*.yaml"))


def load_config(path: Path) -> KioskConfig:
    return _Reader(load(path), path).config()


class _Reader:
    """Typed access to the config document; each problem is a TeletypeError at its place."""

    def __init__(self, document: Document, path: Path):
        self.doc = document
        self.base = path.parent  # relative paths in the file are relative to the file

    def config(self) -> KioskConfig:
        top = self.mapping((), {"playlist", "profile", "speed", "theme", "title", "controls", "keys", "exit_keys",
                                "timings", "log", "printer", "web"})
        if "playlist" not in top:
            raise self.doc.error((), "missing required key 'playlist' (the message files or directories to loop through)")
        controls = self.controls() if "controls" in top else DEFAULT_CONTROLS
        profile = self.choice(("profile",), profile_names(), "profile") if "profile" in top else None
        printer = self.printer() if "printer" in top else None
        if printer is not None and profile is None:
            raise self.doc.error(("printer",), "a printer needs 'profile': the machine on the port, for every message")
        config = KioskConfig(
            path=Path(self.doc.path),
            playlist=self.playlist(),
            log=self.log() if "log" in top else LogSettings(default_log_file()),
            profile=profile,
            speed=self.speed() if "speed" in top else 1.0,
            theme=self.choice(("theme",), theme_names(), "theme") if "theme" in top else None,
            title=self.text(("title",)) if "title" in top else KioskConfig.title,
            controls=controls,
            keymap=self.keymap(controls) if "keys" in top else {},
            exit_keys=self.key_list(("exit_keys",)) if "exit_keys" in top else DEFAULT_EXIT_KEYS,
            timings=self.timings() if "timings" in top else Timings(),
            printer=printer,
            web=self.web() if "web" in top else WebSettings(),
        )
        self.check_exit_keys(config)
        if printer is not None:
            self.check_line(config)
        return config

    # --- sections ------------------------------------------------------------

    def playlist(self) -> tuple[Path, ...]:
        key = ("playlist",)
        entries = self.value(key)
        if isinstance(entries, str):
            places = [key]  # one entry, written without a list
        elif isinstance(entries, list) and entries:
            places = [key + (index,) for index in range(len(entries))]
        else:
            raise self.doc.error(key, "'playlist' must be a message file or directory, or a list of them")
        paths = []
        for place in places:
            path = self.path(place)
            if not path.exists():
                raise self.doc.error(place, f"no such file or directory: {path}")
            paths.append(path)
        return tuple(paths)

    def controls(self) -> tuple[str, ...]:
        key = ("controls",)
        names = self.value(key)
        if not isinstance(names, list):
            raise self.doc.error(key, f"'controls' must be a list of the controls visitors may use, e.g. [pause, faster], not {describe(names)}")
        controls: list[str] = []
        for index, _ in enumerate(names):
            name = self.text(key + (index,))
            if name in LOCKED_CONTROLS:
                raise self.doc.error(key + (index,), f"'{name}' cannot be a visitor control: {LOCKED_CONTROLS[name]}")
            if name not in VISITOR_CONTROLS:
                raise self.doc.error(key + (index,), f"unknown control '{name}' (choose from {', '.join(VISITOR_CONTROLS)})")
            if name in controls:
                raise self.doc.error(key + (index,), f"control '{name}' is listed twice")
            controls.append(name)
        return tuple(controls)

    def keymap(self, controls: tuple[str, ...]) -> dict[str, str]:
        key = ("keys",)
        keys = self.value(key)
        if isinstance(keys, dict):
            for action in keys:
                if action not in controls:
                    raise TeletypeError(f"keys given to '{action}', which is not one of the visitor controls "
                                        f"({', '.join(controls) or 'none'})", self.doc.key_at(key + (action,)))
        return read_keymap(self.doc, key, [control for control in CONTROLS if control.action in controls])

    def timings(self) -> Timings:
        key = ("timings",)
        values = self.mapping(key, {"attract", "hold", "idle", "rescan"})
        defaults = Timings()
        return Timings(
            attract=self.number(key + ("attract",)) if "attract" in values else defaults.attract,
            hold=self.number(key + ("hold",)) if "hold" in values else defaults.hold,
            idle=self.number(key + ("idle",)) if "idle" in values else defaults.idle,
            rescan=self.number(key + ("rescan",), minimum=1) if "rescan" in values else defaults.rescan,
        )

    def log(self) -> LogSettings:
        key = ("log",)
        values = self.mapping(key, {"file", "max_bytes", "backups"})
        defaults = LogSettings(default_log_file())
        return LogSettings(
            file=self.path(key + ("file",)) if "file" in values else defaults.file,
            max_bytes=self.whole(key + ("max_bytes",), minimum=10_000) if "max_bytes" in values else defaults.max_bytes,
            # RotatingFileHandler never rotates with no backups: the file would grow for months.
            backups=self.whole(key + ("backups",), minimum=1) if "backups" in values else defaults.backups,
        )

    def printer(self) -> PrinterSettings:
        key = ("printer",)
        values = self.mapping(key, {"port", "port_baud", "bytesize", "parity", "stopbits", "rtscts", "xonxoff",
                                    "motor", "motor_invert", "motor_idle"})
        if "port" not in values:
            raise self.doc.error(key, "missing required key 'port' in 'printer' (e.g. /dev/ttyUSB0 or socket://host:port)")
        given = lambda name: name in values  # noqa: E731
        motor_idle = self.number(key + ("motor_idle",)) if given("motor_idle") else 60.0
        return PrinterSettings(
            port=self.text(key + ("port",)),
            port_baud=self.number(key + ("port_baud",), positive=True) if given("port_baud") else None,
            bytesize=self.choice(key + ("bytesize",), [5, 6, 7, 8], "data bits") if given("bytesize") else None,
            parity=self.choice(key + ("parity",), list(PARITIES), "parity") if given("parity") else None,
            stopbits=float(self.choice(key + ("stopbits",), [1, 1.5, 2], "stop bits")) if given("stopbits") else None,
            rtscts=self.flag(key + ("rtscts",)) if given("rtscts") else False,
            xonxoff=self.flag(key + ("xonxoff",)) if given("xonxoff") else False,
            motor=self.choice(key + ("motor",), list(MOTOR_LINES), "motor line") if given("motor") else "none",
            motor_invert=self.flag(key + ("motor_invert",)) if given("motor_invert") else False,
            motor_idle=motor_idle or None,
        )

    def web(self) -> WebSettings:
        key = ("web",)
        values = self.mapping(key, {"host", "port"})
        return WebSettings(
            host=self.text(key + ("host",)) if "host" in values else WebSettings.host,
            port=self.whole(key + ("port",), minimum=1, maximum=65535) if "port" in values else WebSettings.port,
        )

    def speed(self) -> float:
        value = self.value(("speed",))
        if isinstance(value, str) and value.strip().lower() == "max":
            return math.inf
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
            raise self.doc.error(("speed",), f"'speed' must be a positive number (1 is the period speed) or max, not {value!r}")
        return float(value)

    # --- checks across sections -------------------------------------------------

    def check_exit_keys(self, config: KioskConfig) -> None:
        key = ("exit_keys",)
        if len(config.exit_keys) == 1:
            raise self.doc.error(key, "'exit_keys' needs two keys or more pressed in turn (a single key is too easily hit), or [] for none")
        visitor_keys = config.visitor_keys()
        for index, name in enumerate(config.exit_keys):
            if name in visitor_keys:
                raise self.doc.error(key + (index,), f"exit key '{name}' is the key of the visitor control '{visitor_keys[name]}'")

    def check_line(self, config: KioskConfig) -> None:
        """The port settings must suit the machine (pyserial is imported here only)."""
        from teletype.kiosk.printer import line_settings

        try:
            line_settings(config)
        except TeletypeError as exc:
            raise self.doc.error(("printer",), exc.message) from None

    # --- values ------------------------------------------------------------------

    def value(self, key: Key) -> Any:
        return self.doc.value(key)

    @staticmethod
    def name(key: Key) -> str:
        return quoted_path(key)

    def mapping(self, key: Key, allowed: set[str]) -> dict[str, Any]:
        return self.doc.mapping(key, allowed, what="" if key else "the kiosk configuration")

    def text(self, key: Key) -> str:
        value = self.value(key)
        if not isinstance(value, str) or not value.strip():
            raise self.doc.error(key, f"{self.name(key)} must be text, not {describe(value) if value != '' else 'empty'}")
        return value.strip()

    def path(self, key: Key) -> Path:
        path = Path(self.text(key)).expanduser()
        return path if path.is_absolute() else self.base / path

    def number(self, key: Key, positive: bool = False, minimum: float = 0.0) -> float:
        value = self.value(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.doc.error(key, f"{self.name(key)} must be a number, not {describe(value)}")
        if positive and value <= 0:
            raise self.doc.error(key, f"{self.name(key)} must be more than 0, not {value:g}")
        if value < minimum:
            raise self.doc.error(key, f"{self.name(key)} must be at least {minimum:g}, not {value:g}")
        return float(value)

    def whole(self, key: Key, minimum: int, maximum: int | None = None) -> int:
        value = self.value(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.doc.error(key, f"{self.name(key)} must be a whole number, not {describe(value)}")
        if value < minimum or (maximum is not None and value > maximum):
            limit = f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
            raise self.doc.error(key, f"{self.name(key)} must be {limit}, not {value}")
        return value

    def flag(self, key: Key) -> bool:
        value = self.value(key)
        if not isinstance(value, bool):
            raise self.doc.error(key, f"{self.name(key)} must be true or false, not {describe(value)}")
        return value

    def choice(self, key: Key, choices: list, what: str):
        value = self.value(key)
        if isinstance(value, bool) or value not in choices:
            shown = ", ".join(f"{choice:g}" if isinstance(choice, float) else str(choice) for choice in choices)
            raise self.doc.error(key, f"unknown {what} {value!r} (choose from {shown})")
        return value

    def key_list(self, key: Key) -> tuple[str, ...]:
        value = self.value(key)
        if not isinstance(value, list):
            raise self.doc.error(key, f"{self.name(key)} must be a list of keys pressed in turn, e.g. [ctrl+x, ctrl+x, ctrl+q]")
        return tuple(self.key(key + (index,)) for index in range(len(value)))

    def key(self, key: Key) -> str:
        value = self.value(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value:
            raise self.doc.error(key, f"{value!r} is not a key name such as ctrl+x or f12")
        try:
            return parse_key(value)
        except UnknownKey as exc:
            raise self.doc.error(key, str(exc)) from None
