"""Line discipline: wrap to the machine's columns, end each line with its CR/LF/fill sequence."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrintedLine:
    text: str  # what the paper shows on this line
    wire_line: int  # index of the wire-copy line it comes from
    offset: int  # where in that wire-copy line it starts


def wrap(text: str, columns: int) -> list[tuple[int, str]]:
    """Break TEXT into (offset, line) pieces of at most COLUMNS characters.

    As an operator does at the margin bell (8 columns before the end, column 64
    of 72): break at a space past the bell; failing that, at the last space in the
    second half of the line; failing that, hard at the column limit.
    """
    bell = columns - 8
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > columns:
        window = text[start : start + columns + 1]  # a space just past the limit still counts
        space = window.rfind(" ")
        if space >= bell or space > columns // 2:
            pieces.append((start, text[start : start + space]))
            start += space + 1
        else:
            pieces.append((start, text[start : start + columns]))
            start += columns
    pieces.append((start, text[start:]))
    return pieces


def lay_out(lines: list[str], columns: int) -> list[PrintedLine]:
    """The printed lines of a wire copy on a machine of COLUMNS columns."""
    printed = []
    for index, line in enumerate(lines):
        for offset, piece in wrap(line, columns):
            printed.append(PrintedLine(piece.rstrip(" "), index, offset))
    return printed


def stream(printed: list[PrintedLine], end_of_line: str) -> str:
    """The characters sent: each printed line, then the end-of-line sequence."""
    return "".join(line.text + end_of_line for line in printed)
