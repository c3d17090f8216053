"""Machine profiles: code set, line speed, frame, columns, end of line, motor.

The data is in teletype/profiles/*.yaml; sources in docs/history.md.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from teletype import codes
from teletype.errors import TeletypeError
from teletype.yamlsource import load

PROFILE_DIR = Path(__file__).parent / "profiles"
EOL_NAMES = ("CR", "LF", "NUL", "LTRS", "FIGS")


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    code_set: str
    baud: float
    data_bits: int
    parity: str
    stop_bits: float  # the machine's stop pulse, in units (1.42 on US 5-level machines)
    uart_stop_bits: float  # the nearest a UART can send: 1, 1.5 or 2
    columns: int
    end_of_line: tuple[str, ...]
    usos: bool
    upper_case_only: bool
    motor_spinup: float  # seconds before the first code
    source: str

    @property
    def parity_bits(self) -> int:
        return 0 if self.parity == "none" else 1

    @property
    def units(self) -> float:
        """Signal units per character: start + data + parity + stop."""
        return 1 + self.data_bits + self.parity_bits + self.stop_bits

    @property
    def char_time(self) -> float:
        return self.units / self.baud

    @property
    def cps(self) -> float:
        return 1 / self.char_time

    @property
    def wpm(self) -> float:
        """Words per minute, a word being five letters and a space."""
        return self.cps * 60 / 6

    @property
    def is_five_level(self) -> bool:
        return self.code_set in ("ita2", "us-tty")

    def make_code_set(self) -> codes.CodeSet:
        return codes.code_set(
            self.code_set, usos=self.usos, data_bits=self.data_bits, parity=self.parity, upper_case_only=self.upper_case_only
        )

    def end_of_line_text(self) -> str:
        return "".join(codes.CONTROL_BY_NAME[name] for name in self.end_of_line)

    def with_options(self, *, baud: float | None = None, charset: str | None = None) -> "Profile":
        """The profile with command-line overrides applied."""
        profile = self
        if baud is not None:
            if baud <= 0:
                raise TeletypeError(f"--baud must be a positive number, not {baud:g}")
            profile = replace(profile, baud=baud)
        if charset is None or charset == profile.code_set:
            return profile
        if charset not in codes.CODE_SET_NAMES:
            raise TeletypeError(f"unknown code set '{charset}' (choose from {', '.join(codes.CODE_SET_NAMES)})")
        if charset == "ascii":
            # The Model 33's frame: 7 data bits, even parity, 2 stop; no shifts at the end of a line.
            end_of_line = tuple(name for name in profile.end_of_line if name not in ("LTRS", "FIGS"))
            return replace(profile, code_set=charset, data_bits=7, parity="even", stop_bits=2, uart_stop_bits=2, end_of_line=end_of_line)
        if profile.is_five_level:
            return replace(profile, code_set=charset)
        # An ASCII machine's line carrying 5-level code: the telex frame and end of line.
        return replace(
            profile, code_set=charset, data_bits=5, parity="none", stop_bits=1.5, uart_stop_bits=1.5,
            end_of_line=("CR", "CR", "LF", "LTRS"), upper_case_only=True,
        )


_KEYS = {
    "name": str,
    "title": str,
    "code_set": str,
    "baud": float,
    "data_bits": int,
    "parity": str,
    "stop_bits": float,
    "uart_stop_bits": float,
    "columns": int,
    "end_of_line": list,
    "usos": bool,
    "upper_case_only": bool,
    "motor_spinup": float,
    "source": str,
}


def load_profile(path: Path) -> Profile:
    document = load(path)
    data = document.mapping((), _KEYS, required=_KEYS, what="a profile")
    values = {}
    for key, kind in _KEYS.items():
        value = data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise document.error((key,), f"'{key}' must be {kind.__name__}, not {type(value).__name__}")
        values[key] = value
    checks = [
        ("code_set", values["code_set"] in codes.CODE_SET_NAMES, f"one of {', '.join(codes.CODE_SET_NAMES)}"),
        ("parity", values["parity"] in codes.PARITIES, f"one of {', '.join(codes.PARITIES)}"),
        ("baud", values["baud"] > 0, "a positive number"),
        ("columns", values["columns"] > 8, "more than 8"),
        ("data_bits", values["data_bits"] in (5, 7, 8), "5, 7 or 8"),
        ("uart_stop_bits", values["uart_stop_bits"] in (1, 1.5, 2), "1, 1.5 or 2"),
        ("end_of_line", all(name in EOL_NAMES for name in values["end_of_line"]) and values["end_of_line"], f"a list of {', '.join(EOL_NAMES)}"),
        ("motor_spinup", values["motor_spinup"] >= 0, "zero or more seconds"),
    ]
    for key, ok, expected in checks:
        if not ok:
            raise document.error((key,), f"'{key}' must be {expected}")
    values["end_of_line"] = tuple(values["end_of_line"])
    return Profile(**values)


def profile_names() -> list[str]:
    return sorted(path.stem for path in PROFILE_DIR.glob("*.yaml"))


def get_profile(name: str) -> Profile:
    path = PROFILE_DIR / f"{name}.yaml"
    if not path.is_file():
        raise TeletypeError(f"unknown profile '{name}' (choose from {', '.join(profile_names())})")
    return load_profile(path)
