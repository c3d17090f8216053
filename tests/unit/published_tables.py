"""An independent decoder for checking the encoders, written from the published tables.

The 5-level tables are transcribed as punched-tape hole numbers (1 to 5) from the
CCITT ITA2 chart and the Teletype (US TTY) keyboard chart, not from teletype.codes.
A code's value is the sum of 2**(hole-1): hole 1 is the first pulse after start.
"""

LETTERS_HOLES = {
    "A": "12", "B": "145", "C": "234", "D": "14", "E": "1", "F": "134", "G": "245",
    "H": "35", "I": "23", "J": "124", "K": "1234", "L": "25", "M": "345", "N": "34",
    "O": "45", "P": "235", "Q": "1235", "R": "24", "S": "13", "T": "5", "U": "123",
    "V": "2345", "W": "125", "X": "1345", "Y": "135", "Z": "15",
}
FUNCTION_HOLES = {"CR": "4", "LF": "2", "SPACE": "3", "LTRS": "12345", "FIGS": "1245", "BLANK": ""}

# Figures case, keyed by the letter on the same key.
US_TTY_FIGURES = {
    "Q": "1", "W": "2", "E": "3", "R": "4", "T": "5", "Y": "6", "U": "7", "I": "8", "O": "9", "P": "0",
    "A": "-", "S": "BELL", "D": "$", "F": "!", "G": "&", "H": "#", "J": "'", "K": "(", "L": ")",
    "Z": '"', "X": "/", "C": ":", "V": ";", "B": "?", "N": ",", "M": ".",
}
ITA2_FIGURES = {
    "Q": "1", "W": "2", "E": "3", "R": "4", "T": "5", "Y": "6", "U": "7", "I": "8", "O": "9", "P": "0",
    "A": "-", "S": "'", "D": "WRU", "J": "BELL", "K": "(", "L": ")",
    "Z": "+", "X": "/", "C": ":", "V": "=", "B": "?", "N": ",", "M": ".",
}


def holes_to_value(holes: str) -> int:
    return sum(1 << (int(hole) - 1) for hole in holes)


def decode_5level(data: bytes, figures_table: dict[str, str]) -> str:
    """Printed text (BELL and WRU left out) of a 5-level code stream, starting in letters."""
    by_value = {holes_to_value(holes): letter for letter, holes in LETTERS_HOLES.items()}
    functions = {holes_to_value(holes): name for name, holes in FUNCTION_HOLES.items()}
    out = []
    in_figures = False
    for value in data:
        assert value < 32, f"not a 5-level code: {value:#x}"
        name = functions.get(value)
        if name == "LTRS":
            in_figures = False
        elif name == "FIGS":
            in_figures = True
        elif name == "CR":
            out.append("\r")
        elif name == "LF":
            out.append("\n")
        elif name == "SPACE":
            out.append(" ")
        elif name == "BLANK":
            pass
        else:
            letter = by_value[value]
            if not in_figures:
                out.append(letter)
            else:
                figure = figures_table.get(letter)
                assert figure is not None, f"unassigned figures-case code {value:#x}"
                if figure not in ("BELL", "WRU"):
                    out.append(figure)
    return "".join(out)


def decode_ascii(data: bytes, parity: str) -> str:
    """7-bit ASCII with its parity bit as bit 8, checked; NUL and BEL left out."""
    out = []
    for value in data:
        ones = sum((value >> bit) & 1 for bit in range(8))
        if parity == "even":
            assert ones % 2 == 0, f"bad even parity: {value:#x}"
        elif parity == "odd":
            assert ones % 2 == 1, f"bad odd parity: {value:#x}"
        elif parity == "mark":
            assert value & 0x80, f"bad mark parity: {value:#x}"
        else:  # space or none
            assert not value & 0x80, f"bit 8 set with parity {parity}: {value:#x}"
        char = bytes([value & 0x7F]).decode("ascii")
        if char not in ("\0", "\a"):
            out.append(char)
    return "".join(out)
