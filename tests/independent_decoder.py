"""A decoder for what the serial tests read off the line, written from the published
code tables (CCITT International Telegraph Alphabet No. 2; the US teletypewriter
variant; ASCII with parity), not from teletype.codes.

5-level codes are given as the published pulse patterns, pulse 1 first, 1 = mark.
A UART sends pulse 1 first, so it is the byte's least significant bit.
"""

from __future__ import annotations

# letter, ITA2 figure, US TTY figure ("" where the table has no character; functions named)
PUBLISHED = {
    "11000": ("A", "-", "-"),
    "10011": ("B", "?", "?"),
    "01110": ("C", ":", ":"),
    "10010": ("D", "WRU", "$"),
    "10000": ("E", "3", "3"),
    "10110": ("F", "", "!"),
    "01011": ("G", "", "&"),
    "00101": ("H", "", "#"),
    "01100": ("I", "8", "8"),
    "11010": ("J", "BELL", "'"),
    "11110": ("K", "(", "("),
    "01001": ("L", ")", ")"),
    "00111": ("M", ".", "."),
    "00110": ("N", ",", ","),
    "00011": ("O", "9", "9"),
    "01101": ("P", "0", "0"),
    "11101": ("Q", "1", "1"),
    "01010": ("R", "4", "4"),
    "10100": ("S", "'", "BELL"),
    "00001": ("T", "5", "5"),
    "11100": ("U", "7", "7"),
    "01111": ("V", "=", ";"),
    "11001": ("W", "2", "2"),
    "10111": ("X", "/", "/"),
    "10101": ("Y", "6", "6"),
    "10001": ("Z", "+", '"'),
}
FUNCTIONS = {"00010": "CR", "01000": "LF", "00100": "SPACE", "11111": "LTRS", "11011": "FIGS", "00000": "BLANK"}


def pulses_to_value(pulses: str) -> int:
    return sum(1 << i for i, pulse in enumerate(pulses) if pulse == "1")


LETTERS = {pulses_to_value(p): row[0] for p, row in PUBLISHED.items()}
FIGURES = {
    "ita2": {pulses_to_value(p): row[1] for p, row in PUBLISHED.items()},
    "us-tty": {pulses_to_value(p): row[2] for p, row in PUBLISHED.items()},
}
FUNCTION_BY_VALUE = {pulses_to_value(p): name for p, name in FUNCTIONS.items()}


def decode_five_level(data: bytes, variant: str, usos: bool = False) -> str:
    """The paper: printed characters, CR and LF (BELL and WRU print nothing)."""
    out = []
    figures = False
    for byte in data:
        assert byte < 32, f"a 5-level line carries 5 bits, not {byte:#x}"
        function = FUNCTION_BY_VALUE.get(byte)
        if function == "LTRS":
            figures = False
        elif function == "FIGS":
            figures = True
        elif function == "CR":
            out.append("\r")
        elif function == "LF":
            out.append("\n")
        elif function == "SPACE":
            out.append(" ")
            if usos:
                figures = False
        elif function == "BLANK":
            pass
        else:
            char = (FIGURES[variant] if figures else LETTERS)[byte]
            if len(char) == 1:
                out.append(char)
    return "".join(out)


def decode_ascii(data: bytes, parity: str) -> str:
    """7-bit ASCII with its parity bit in bit 7, checked; NUL and BEL print nothing."""
    out = []
    for byte in data:
        ones = bin(byte & 0x7F).count("1")
        expected = {"none": None, "even": ones % 2, "odd": 1 - ones % 2, "mark": 1, "space": 0}[parity]
        if expected is not None:
            assert byte >> 7 == expected, f"{byte:#04x} has the wrong {parity} parity"
        char = chr(byte & 0x7F)
        if char not in ("\0", "\a"):
            out.append(char)
    return "".join(out)


def paper(data: bytes, profile) -> str:
    """What a machine of PROFILE prints from DATA, CRs removed (the paper's lines)."""
    if profile.code_set in FIGURES:
        text = decode_five_level(data, profile.code_set, profile.usos)
    else:
        text = decode_ascii(data, profile.parity)
    return text.replace("\r", "")
