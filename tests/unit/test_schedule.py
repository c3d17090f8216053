import math

import pytest

from teletype.errors import TeletypeError
from teletype.message import load_message
from teletype.profiles import get_profile, profile_names
from teletype.schedule import build

from tests.independent_decoder import decode_ascii, decode_five_level


@pytest.fixture
def telegram(telegram_path):
    return load_message(telegram_path)


EXPECTED_CHAR_MS = {"model15": 163.3, "model28": 163.3, "model28-75": 130.5, "model28-100": 100.0, "telex": 150.0, "model33": 100.0, "glass": 1.04}


def test_profiles_have_the_period_frames():
    assert set(profile_names()) == set(EXPECTED_CHAR_MS)
    for name, ms in EXPECTED_CHAR_MS.items():
        assert get_profile(name).char_time * 1000 == pytest.approx(ms, abs=0.05), name
    model28 = get_profile("model28")
    assert (model28.baud, model28.data_bits, model28.stop_bits, model28.columns) == (45.45, 5, 1.42, 72)
    model33 = get_profile("model33")
    assert (model33.units, model33.parity, model33.end_of_line) == (11, "even", ("CR", "LF", "NUL"))


def test_schedule_total_is_spinup_plus_the_sum_of_the_frames(telegram):
    transmission = build(telegram, get_profile("model28"))
    events = transmission.events
    assert math.isclose(transmission.total_time, 1.5 + sum(e.duration for e in events), rel_tol=1e-12)
    assert events[0].start == 1.5
    assert all(math.isclose(a.end, b.start) for a, b in zip(events, events[1:]))
    assert all(e.duration == pytest.approx(7.42 / 45.45) for e in events)
    # about nine and a half minutes at 60 speed
    assert 540 < transmission.total_time < 600


def test_the_wire_copy_decodes_back_to_the_printed_text(telegram):
    transmission = build(telegram, get_profile("model28"))
    decoded = decode_five_level(transmission.line_bytes(), "us-tty")
    assert decoded.replace("\r", "") == transmission.text()
    assert "I HAVE READ YOUR LETTER OF OCTOBER 26 WITH GREAT CARE" in " ".join(decoded.split())
    assert transmission.substitutions == []


def test_every_line_ends_cr_cr_lf_ltrs_on_60_speed(telegram):
    data = build(telegram, get_profile("model28")).line_bytes()
    assert data.count(b"\x08\x08\x02\x1f") == data.count(b"\x02")
    assert data.endswith(b"\x08\x08\x02\x1f")


def test_model33_stream_is_even_parity_ascii_with_fill_after_cr_lf(telegram):
    transmission = build(telegram, get_profile("model33"))
    data = transmission.line_bytes()
    assert decode_ascii(data, "even").replace("\r", "") == transmission.text()
    assert data.count(b"\x8d\n\x00") == transmission.text().count("\n")


def test_printed_lines_fit_the_columns(telegram):
    for name in profile_names():
        profile = get_profile(name)
        assert all(len(line.text) <= profile.columns for line in build(telegram, profile).printed)


def test_events_know_their_place_on_the_paper(telegram):
    transmission = build(telegram, get_profile("model28"))
    last = transmission.events[-1]
    assert last.line == len(transmission.printed)
    first_letter = next(e for e in transmission.events if e.code.text)
    assert (first_letter.line, first_letter.column, first_letter.code.text) == (0, 1, "Z")


def test_telex_substitutes_and_reports_what_ita2_cannot_carry(telegram):
    transmission = build(telegram, get_profile("telex"))
    assert {(s.char, s.replacement) for s in transmission.substitutions} == {("#", "NR"), (";", ","), ('"', "''")}
    first = transmission.substitutions[0]
    assert (first.line, first.column) == (3, 10)  # the "#" of "DE RUEHC #1015"


def test_strict_names_the_character_and_its_position(telegram):
    with pytest.raises(TeletypeError, match=r"wire copy line 3, column 10: ITA2 cannot carry '#'"):
        build(telegram, get_profile("telex"), strict=True)


def test_charset_and_baud_overrides(telegram):
    profile = get_profile("model28").with_options(charset="ita2", baud=50)
    assert (profile.code_set, profile.baud) == ("ita2", 50)
    ascii_profile = get_profile("model28").with_options(charset="ascii")
    transmission = build(telegram, ascii_profile)
    assert decode_ascii(transmission.line_bytes(), "even").replace("\r", "") == transmission.text()
    with pytest.raises(TeletypeError, match="--baud must be a positive number"):
        get_profile("model28").with_options(baud=0)


def test_build_is_deterministic(telegram):
    a = build(telegram, get_profile("model28"))
    b = build(telegram, get_profile("model28"))
    assert a.line_bytes() == b.line_bytes()
    assert [e.start for e in a.events] == [e.start for e in b.events]


def test_charset_override_from_ascii_to_five_level_takes_the_telex_frame():
    profile = get_profile("model33").with_options(charset="ita2")
    assert (profile.data_bits, profile.parity, profile.stop_bits, profile.end_of_line) == (5, "none", 1.5, ("CR", "CR", "LF", "LTRS"))
    assert profile.upper_case_only


@pytest.mark.parametrize(
    "content, expected",
    [
        ("- a\n", ":1:1: a profile must be a mapping of keys to values, not a list"),
        ("name: x\n", ":1:1: missing required key 'title'"),
        ("name: x\nbaudd: 50\n", ":2:1: unknown key 'baudd' (expected one of: baud, code_set,"),
    ],
)
def test_a_bad_profile_file_is_one_line_at_its_place(tmp_path, content, expected):
    from teletype.profiles import load_profile

    path = tmp_path / "p.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TeletypeError) as raised:
        load_profile(path)
    assert str(raised.value).startswith(f"{path}{expected}")
