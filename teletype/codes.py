"""Code sets: ITA2, US TTY (5-level, with LTRS/FIGS shifts) and ASCII with parity.

5-level values are numbered with bit 1 (the first data pulse after the start pulse)
as the least significant bit, the way a UART sends them: E = 0x01, LF = 0x02,
SPACE = 0x04, CR = 0x08, FIGS = 0x1B, LTRS = 0x1F. Tables: docs/history.md.

Text handed to an encoder uses ASCII control characters for the machine functions:
CR, LF, NUL (blank / fill), BEL, and SI / SO to force LTRS / FIGS.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from teletype.errors import TeletypeError

CR, LF, NUL, BELL = "\r", "\n", "\0", "\a"
FORCE_LTRS, FORCE_FIGS = "\x0f", "\x0e"  # SI (shift in) and SO (shift out)

CONTROL_NAMES = {CR: "CR", LF: "LF", NUL: "NUL", BELL: "BELL", FORCE_LTRS: "LTRS", FORCE_FIGS: "FIGS", " ": "SPACE"}
CONTROL_BY_NAME = {name: char for char, name in CONTROL_NAMES.items()}

LTRS_CODE, FIGS_CODE = 0x1F, 0x1B

# Letters case, by code value 0x00..0x1F ("" for codes that are the same in both
# cases or are shifts).
_LETTERS = [
    NUL, "E", LF, "A", " ", "S", "I", "U", CR, "D", "R", "J", "N", "F", "C", "K",
    "T", "Z", "L", "W", "H", "Y", "P", "Q", "O", "B", "G", "", "M", "X", "V", "",
]
# Figures case shared by ITA2 and US TTY; None where the two differ (filled below).
_FIGURES_COMMON = [
    NUL, "3", LF, "-", " ", None, "8", "7", CR, None, "4", None, ",", None, ":", "(",
    "5", None, ")", "2", None, "6", "0", "1", "9", "?", None, "", ".", "/", None, "",
]
_ITA2_FIGURES = {0x05: "'", 0x09: "\x05", 0x0B: BELL, 0x0D: "", 0x11: "+", 0x14: "", 0x1A: "", 0x1E: "="}
_US_TTY_FIGURES = {0x05: BELL, 0x09: "$", 0x0B: "'", 0x0D: "!", 0x11: '"', 0x14: "#", 0x1A: "&", 0x1E: ";"}

# Replacements for characters a code set cannot carry, tried in order until one fits.
SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "%": ("PCT",),
    "@": ("AT",),
    "#": ("NR",),
    "&": ("AND",),
    "$": ("DOL",),
    "*": ("X",),
    "+": ("PLUS",),
    "=": ("EQ",),
    "!": (".",),
    ";": (",",),
    '"': ("''",),
    "[": ("(",),
    "]": (")",),
    "{": ("(",),
    "}": (")",),
    "<": ("(",),
    ">": (")",),
    "_": ("-",),
    "|": ("/",),
    "\\": ("/",),
    "~": ("-",),
    "^": ("'",),
    "`": ("'",),
    "\u2018": ("'",),
    "\u2019": ("'",),
    "\u201c": ('"', "''"),
    "\u201d": ('"', "''"),
    "\u2013": ("-",),
    "\u2014": ("--",),
    "\u2026": ("...",),
    "\u00a0": (" ",),
    "\t": (" ",),
}
FALLBACK = "?"


@dataclass(frozen=True, slots=True)
class Code:
    """One code on the line."""

    value: int  # the data bits (for ASCII with parity, the parity bit is bit 7)
    name: str  # "A", "SPACE", "CR", "LF", "LTRS", "FIGS", "NUL", "BELL", ...
    text: str  # what the paper shows: a printable character, CR, LF, or "" (nothing)
    shift: str | None  # 5-level: the shift state after this code; ASCII: None
    source: int | None  # index of the input character this code carries; None for a shift the encoder added


@dataclass(frozen=True)
class Substitution:
    char: str
    replacement: str
    line: int  # 1-based, in the wire copy
    column: int


class CodeSet:
    name: str
    title: str
    data_bits: int

    def can_carry(self, char: str) -> bool:
        raise NotImplementedError

    def encode(self, text: str) -> list[Code]:
        raise NotImplementedError

    def decode(self, values: bytes | list[int]) -> str:
        raise NotImplementedError

    def repertoire(self) -> list[str]:
        """Every printable character and machine function this code set carries."""
        raise NotImplementedError

    def substitute(self, text: str) -> tuple[str, list[tuple[int, str, str]]]:
        """TEXT with every character this code set cannot carry replaced.

        Returns the new text and (offset, char, replacement) for each replacement.
        """
        out: list[str] = []
        changes: list[tuple[int, str, str]] = []
        for offset, char in enumerate(text):
            if self.can_carry(char):
                out.append(char)
                continue
            replacement = self._replacement(char)
            changes.append((offset, char, replacement))
            out.append(replacement)
        return "".join(out), changes

    def _replacement(self, char: str) -> str:
        if char.upper() != char and all(self.can_carry(c) for c in char.upper()):
            return char.upper()
        for candidate in SUBSTITUTES.get(char, ()):
            if all(self.can_carry(c) for c in candidate):
                return candidate
            nested = "".join(c if self.can_carry(c) else self._replacement(c) for c in candidate)
            if all(self.can_carry(c) for c in nested):
                return nested
        decomposed = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if decomposed and decomposed != char and all(self.can_carry(c) for c in decomposed.upper()):
            return decomposed.upper() if not self.can_carry(decomposed[0]) else decomposed
        return FALLBACK


class FiveLevel(CodeSet):
    data_bits = 5

    def __init__(self, name: str, title: str, figures_differences: dict[int, str], usos: bool = False):
        self.name = name
        self.title = title
        self.usos = usos  # the receiver may unshift on space: shift again after a space in figures
        figures = list(_FIGURES_COMMON)
        for value, char in figures_differences.items():
            figures[value] = char
        self.letters = _LETTERS
        self.figures = figures
        self._letter_code = {char: value for value, char in enumerate(_LETTERS) if char and char not in (NUL, LF, CR, " ")}
        self._figure_code = {char: value for value, char in enumerate(figures) if char and char not in (NUL, LF, CR, " ")}
        self._both = {NUL: 0x00, LF: 0x02, " ": 0x04, CR: 0x08}

    def with_usos(self, usos: bool) -> "FiveLevel":
        differences = {value: self.figures[value] for value in range(32) if _FIGURES_COMMON[value] is None}
        return FiveLevel(self.name, self.title, differences, usos)

    def can_carry(self, char: str) -> bool:
        return char in self._both or char in self._letter_code or char in self._figure_code or char in (FORCE_LTRS, FORCE_FIGS)

    def repertoire(self) -> list[str]:
        return list(self._both) + list(self._letter_code) + list(self._figure_code)

    def encode(self, text: str) -> list[Code]:
        codes: list[Code] = []
        state: str | None = None  # unknown until the first shift
        for index, char in enumerate(text):
            if char == FORCE_LTRS or char == FORCE_FIGS:
                state = "LTRS" if char == FORCE_LTRS else "FIGS"
                codes.append(Code(LTRS_CODE if state == "LTRS" else FIGS_CODE, state, "", state, index))
                continue
            if char in self._both:
                codes.append(Code(self._both[char], CONTROL_NAMES[char], char if char != NUL else "", state, index))
                if char == " " and self.usos and state == "FIGS":
                    # A USOS receiver is now in letters, another still in figures:
                    # shift again before the next character, whichever it is.
                    state = None
                continue
            if char in self._letter_code:
                wanted, value = "LTRS", self._letter_code[char]
            elif char in self._figure_code:
                wanted, value = "FIGS", self._figure_code[char]
            else:
                raise ValueError(f"{self.title} cannot carry {char!r}")
            if state != wanted:
                state = wanted
                codes.append(Code(LTRS_CODE if wanted == "LTRS" else FIGS_CODE, wanted, "", wanted, None))
            printed = "" if char in (BELL, "\x05") else char
            codes.append(Code(value, CONTROL_NAMES.get(char, "WRU" if char == "\x05" else char), printed, state, index))
        return codes

    def decode(self, values: bytes | list[int]) -> str:
        """Printed text (with CR, LF and BEL) from 5-level codes, starting in letters case."""
        out = []
        figures = False
        for value in values:
            value &= 0x1F
            if value == LTRS_CODE:
                figures = False
            elif value == FIGS_CODE:
                figures = True
            else:
                char = (self.figures if figures else self.letters)[value]
                if char == " " and self.usos:
                    figures = False
                if char and char != NUL:
                    out.append(char)
        return "".join(out)


ITA2 = FiveLevel("ita2", "ITA2", _ITA2_FIGURES)
US_TTY = FiveLevel("us-tty", "US TTY", _US_TTY_FIGURES)

PARITIES = ("none", "even", "odd", "mark", "space")


class Ascii(CodeSet):
    name = "ascii"

    def __init__(self, data_bits: int = 7, parity: str = "none", upper_case_only: bool = False):
        if parity not in PARITIES:
            raise ValueError(f"unknown parity {parity!r}")
        self.data_bits = data_bits
        self.parity = parity
        self.upper_case_only = upper_case_only
        self.title = "ASCII" + (" (upper case)" if upper_case_only else "")
        self._last_printable = 0x5F if upper_case_only else 0x7E

    def can_carry(self, char: str) -> bool:
        return char in CONTROL_NAMES and char not in (FORCE_LTRS, FORCE_FIGS) or 0x20 <= ord(char) <= self._last_printable

    def repertoire(self) -> list[str]:
        return [CR, LF, NUL, BELL] + [chr(value) for value in range(0x20, self._last_printable + 1)]

    def parity_bit(self, value: int) -> int:
        ones = bin(value).count("1")
        return {"none": 0, "even": ones & 1, "odd": (ones + 1) & 1, "mark": 1, "space": 0}[self.parity]

    def encode(self, text: str) -> list[Code]:
        codes = []
        for index, char in enumerate(text):
            if not self.can_carry(char):
                raise ValueError(f"{self.title} cannot carry {char!r}")
            value = ord(char)
            if self.parity != "none":
                value |= self.parity_bit(value) << 7
            codes.append(Code(value, CONTROL_NAMES.get(char, char), "" if char in (NUL, BELL) else char, None, index))
        return codes

    def decode(self, values: bytes | list[int]) -> str:
        return "".join(chr(value & 0x7F) for value in values if value & 0x7F not in (0, 7))


CODE_SET_NAMES = ("ita2", "us-tty", "ascii")


def code_set(name: str, *, usos: bool = False, data_bits: int = 7, parity: str = "none", upper_case_only: bool = False) -> CodeSet:
    if name == "ita2":
        return ITA2.with_usos(usos)
    if name == "us-tty":
        return US_TTY.with_usos(usos)
    if name == "ascii":
        return Ascii(data_bits if data_bits in (7, 8) else 7, parity, upper_case_only)
    raise TeletypeError(f"unknown code set '{name}' (choose from {', '.join(CODE_SET_NAMES)})")
