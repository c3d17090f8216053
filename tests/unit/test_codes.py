"""Encoders checked against the independent decoder in tests/independent_decoder.py."""

import pytest

from teletype import codes
from teletype.codes import BELL, CR, FORCE_FIGS, FORCE_LTRS, LF, code_set

from tests.independent_decoder import FIGURES, LETTERS, decode_ascii, decode_five_level

FIVE_LEVEL = ["ita2", "us-tty"]


def printable(name: str) -> str:
    """Every character the published table prints, in letters and figures case."""
    letters = "".join(LETTERS.values())
    figures = "".join(f for f in FIGURES[name].values() if len(f) == 1)
    return letters + figures + " "


@pytest.mark.parametrize("name", FIVE_LEVEL)
def test_five_level_full_repertoire_round_trips_through_independent_decoder(name):
    code_set = codes.code_set(name)
    text = printable(name) + CR + LF + printable(name)[::-1]
    data = bytes(code.value for code in code_set.encode(text))
    assert decode_five_level(data, name) == text
    assert code_set.decode(data) == text


@pytest.mark.parametrize("name", FIVE_LEVEL)
def test_every_repertoire_character_is_carried(name):
    code_set = codes.code_set(name)
    assert set(printable(name)) <= set(code_set.repertoire())
    for char in printable(name):
        assert code_set.can_carry(char)


def test_us_tty_and_ita2_differ_in_figures_case_as_published():
    # S D J Z V F G H in figures case
    us = codes.code_set("us-tty").encode("$!&#'\";")
    ita = codes.code_set("ita2").encode("'+=")
    assert decode_five_level(bytes(c.value for c in us), "us-tty") == "$!&#'\";"
    assert decode_five_level(bytes(c.value for c in ita), "ita2") == "'+="
    assert not codes.code_set("ita2").can_carry("$")
    assert not codes.code_set("us-tty").can_carry("+")


def test_shift_codes_are_sent_only_when_the_case_changes():
    encoded = codes.code_set("us-tty").encode("AB 12 C")
    names = [code.name for code in encoded]
    assert names == ["LTRS", "A", "B", "SPACE", "FIGS", "1", "2", "SPACE", "LTRS", "C"]
    assert encoded[0].value == 0x1F and encoded[4].value == 0x1B
    assert encoded[0].source is None  # added by the encoder, carries no input character


def test_the_well_known_values():
    us = codes.code_set("us-tty")
    values = {code.name: code.value for code in us.encode("E" + LF + " " + CR + FORCE_FIGS + FORCE_LTRS)}
    assert values == {"LTRS": 0x1F, "E": 0x01, "LF": 0x02, "SPACE": 0x04, "CR": 0x08, "FIGS": 0x1B}


def test_usos_receiver_gets_figures_again_after_a_space():
    plain = [c.name for c in codes.code_set("ita2", usos=False).encode("1 2")]
    usos = [c.name for c in codes.code_set("ita2", usos=True).encode("1 2")]
    assert plain == ["FIGS", "1", "SPACE", "2"]
    assert usos == ["FIGS", "1", "SPACE", "FIGS", "2"]


def test_usos_stream_decodes_right_on_a_usos_receiver_and_a_plain_one():
    data = bytes(c.value for c in codes.code_set("ita2", usos=True).encode("12 34 AB"))
    assert decode_five_level(data, "ita2") == "12 34 AB"
    assert codes.code_set("ita2", usos=True).decode(data) == "12 34 AB"


def test_forced_shift_after_end_of_line_is_sent_even_in_letters():
    encoded = codes.code_set("us-tty").encode("A" + CR + CR + LF + FORCE_LTRS + "B")
    assert [c.name for c in encoded] == ["LTRS", "A", "CR", "CR", "LF", "LTRS", "B"]


def test_bell_is_a_figures_code_and_prints_nothing():
    encoded = codes.code_set("us-tty").encode(BELL)
    assert [c.name for c in encoded] == ["FIGS", "BELL"]
    assert encoded[1].value == 0x05 and encoded[1].text == ""


@pytest.mark.parametrize("parity", codes.PARITIES)
def test_ascii_repertoire_round_trips_with_each_parity(parity):
    code_set = codes.code_set("ascii", parity=parity)
    text = "".join(chr(v) for v in range(0x20, 0x7F)) + CR + LF
    data = bytes(code.value for code in code_set.encode(text))
    assert decode_ascii(data, "space" if parity == "none" else parity) == text
    assert code_set.decode(data) == text


def test_model33_ascii_is_upper_case_only():
    upper = codes.code_set("ascii", parity="even", upper_case_only=True)
    assert upper.can_carry("Z") and upper.can_carry("_")
    assert not upper.can_carry("a") and not upper.can_carry("{")
    text, changes = upper.substitute("ab{")
    assert text == "AB("
    assert [(c, r) for _, c, r in changes] == [("a", "A"), ("b", "B"), ("{", "(")]


def test_even_parity_values():
    encoded = codes.code_set("ascii", parity="even").encode("ACZ")
    # A = 0x41 (two ones: parity 0), C = 0x43 (three ones: parity 1), Z = 0x5A (four ones)
    assert [c.value for c in encoded] == [0x41, 0xC3, 0x5A]


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("us-tty", "50%", "50PCT"),
        ("us-tty", "[A]", "(A)"),
        ("us-tty", "1+1=2", "1PLUS1EQ2"),
        ("ita2", 'SAY "HI"; OK!', "SAY ''HI'', OK."),
        ("ita2", "\u201cQ\u201d", "''Q''"),
        ("us-tty", "\u201cQ\u201d \u2014 CAF\u00c9", '"Q" -- CAFE'),
        ("us-tty", "\u00a7", "?"),
    ],
)
def test_substitution_table(name, text, expected):
    code_set = codes.code_set(name)
    result, changes = code_set.substitute(text)
    assert result == expected
    assert changes
    assert all(code_set.can_carry(char) for char in result)


def test_unknown_code_set_is_a_user_error():
    from teletype.errors import TeletypeError

    with pytest.raises(TeletypeError, match="unknown code set 'morse'"):
        code_set("morse")
