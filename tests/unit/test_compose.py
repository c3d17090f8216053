import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from teletype.compose import compose, date_time_group, julian_filing_time
from teletype.message import load_message


@pytest.fixture
def telegram(telegram_path):
    return load_message(telegram_path)


def test_date_time_group_is_computed_in_zulu_across_midnight():
    filed = dt.datetime(1962, 10, 27, 20, 5, tzinfo=ZoneInfo("America/New_York"))
    assert date_time_group(filed) == "280005Z OCT 62"
    assert julian_filing_time(filed) == "3010005"


def test_winter_time_is_five_hours_behind():
    filed = dt.datetime(1962, 12, 1, 20, 5, tzinfo=ZoneInfo("America/New_York"))
    assert date_time_group(filed) == "020105Z DEC 62"


def test_acp127_header_of_the_telegram(telegram):
    lines = [line.text for line in compose(telegram)]
    assert lines[:9] == [
        "ZCZC WTE015",
        "OO RUEHMO",
        "DE RUEHC #1015 3010005",
        "ZNR UUUUU",
        "O 280005Z OCT 62",
        "FM SECSTATE WASHDC",
        "TO AMEMBASSY MOSCOW NIACT IMMEDIATE 1015",
        "BT",
        "UNCLAS",
    ]
    assert lines[-3:] == ["BT", "#1015", "NNNN"]


def test_header_lines_say_what_they_are_and_whether_reconstructed(telegram):
    wire = compose(telegram)
    header = [line for line in wire if line.part == "header"]
    assert all(line.meaning for line in header)
    # The form shows no wire format: every line of the ACP 127 framing is reconstructed.
    assert all(line.reconstructed for line in wire if line.part in ("header", "trailer"))
    assert all(line.part == "text" and not line.reconstructed for line in wire[9:-3])
    by_text = {line.text: line.reconstructed for line in header}
    assert "later Department cables" in by_text["OO RUEHMO"]
    assert "computed from the form's filing time, 27 Oct 1962 20:05 EDT" in by_text["O 280005Z OCT 62"]
    assert "filing time is computed" in by_text["DE RUEHC #1015 3010005"]


def test_plain_style(telegram):
    lines = [line.text for line in compose(telegram, "plain")]
    assert lines[:5] == [
        "URGENT TELEGRAM",
        "FM Department of State",
        "TO Embassy Moscow 1015 NIACT",
        "27 OCT 62 8:05 PM EDT",
        "UNCLASSIFIED",
    ]
    assert lines[-1] == "NNNN"


def test_paragraphs_are_separated_by_one_blank_line(telegram):
    text = [line.text for line in compose(telegram) if line.part == "text"]
    assert text[0].startswith("Following message")
    assert text[1] == "" and text[2] == "QUOTE"
    assert "" not in (text[0], text[-1])
    assert all(not (a == "" and b == "") for a, b in zip(text, text[1:]))
