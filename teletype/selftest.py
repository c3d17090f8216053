"""The test page hobbyists print to set up a machine, for any profile.

RYRY (R and Y are complementary codes, 01010 and 10101: every pulse changes, the
test of a receiver's range finder and of the line), the quick brown fox (every
letter, the figures row), the whole character set, a carriage-return test and a
line-length test. Pure: text and timed codes, no port.
"""

from __future__ import annotations

from teletype.codes import BELL, FORCE_LTRS
from teletype.profiles import Profile
from teletype.schedule import Event, timed

QUICK_BROWN_FOX = "THE QUICK BROWN FOX JUMPED OVER A LAZY DOG'S BACK 1234567890"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LTRS_RUN = 10  # LTRS codes before and after the page on a 5-level machine


def selftest_text(profile: Profile) -> str:
    """The page as the text the encoder takes (CR, LF, BEL, SI for LTRS)."""
    code_set = profile.make_code_set()
    columns = profile.columns
    eol = profile.end_of_line_text()
    ry = ("RY" * columns)[:columns]
    lines = [ry, ry, ry, QUICK_BROWN_FOX, "", "CHARACTER SET:"]
    printable = [char for char in code_set.repertoire() if char.isprintable() and char != " "]
    lines += ["".join(printable[i : i + columns]) for i in range(0, len(printable), columns)]
    lines += ["BELL: " + BELL, "", "CARRIAGE RETURN TEST - ONE CR, NO FILL:"]
    page = "".join(line + eol for line in lines)
    # Lines of growing length with a bare CR LF: where the carriage is still on its
    # way back, the next line's first letters smear. Letters only, so no shift codes.
    pattern = (LETTERS * (columns // len(LETTERS) + 1))[:columns]
    page += "".join(pattern[:length] + "\r\n" for length in range(8, columns + 1, 8))
    tens = "".join(str(column // 10 % 10) if column % 10 == 0 else "-" for column in range(1, columns + 1))
    units = "".join(str(column % 10) for column in range(1, columns + 1))
    lines = ["", f"LINE LENGTH TEST - {columns} COLUMNS, MARGIN BELL AT {columns - 8}:", tens, units, "", "END OF TEST"]
    page += "".join(line + eol for line in lines)
    if profile.upper_case_only:
        page = page.upper()
    if profile.is_five_level:
        page = FORCE_LTRS * LTRS_RUN + page + FORCE_LTRS * LTRS_RUN
    return page


def selftest_events(profile: Profile) -> list[Event]:
    text = selftest_text(profile)
    return timed(profile.make_code_set().encode(text), text, profile)
