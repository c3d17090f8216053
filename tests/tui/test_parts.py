"""The app's parts that need no running screen: key file, themes, paper, tape, lessons."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest

from teletype.codes import Code
from teletype.compose import WireLine
from teletype.errors import TeletypeError
from teletype.profiles import get_profile
from teletype.schedule import Event
from teletype.tui.keys import ACTIONS, MODIFIERS, NAMED_KEYS, UnknownKey, key_file, load_keymap, named_character, parse_key
from teletype.tui.lesson import clock_text, describe, frame
from teletype.tui.themes import THEME_DIR, load_theme, load_themes
from teletype.tui.widgets.explain import signal
from teletype.tui.widgets.status import crop
from teletype.tui.widgets.paper import PaperModel
from teletype.tui.widgets.tape import channel_rows


def events(text: str, line: int = 0) -> list[Event]:
    """Events printing TEXT; LF moves to the next printed line."""
    out = []
    for index, char in enumerate(text):
        if char == "\n":
            line += 1
        out.append(Event(index, index * 0.1, 0.1, Code(0, char, char, None, index), line, 0))
    return out


# --- key file -----------------------------------------------------------------


def write(tmp_path, text: str):
    path = tmp_path / "keys.yaml"
    path.write_text(text)
    return path


def test_key_file_rebinds_actions(tmp_path):
    keymap = load_keymap(write(tmp_path, "pause: p\nfaster: [']', '+']\nprevious: b\nstep: 5\n"))
    assert keymap == {"pause": "p", "faster": "right_square_bracket,plus", "previous": "b", "step": "5"}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("pause: space\nfly: x\n", "keys.yaml:2:1: unknown action 'fly' (expected one of: " + ", ".join(ACTIONS) + ")"),
        ("pause: 'a b'\n", "keys.yaml:1:8: 'pause': 'a b' is not a key name such as space, s, ctrl+p or f1"),
        ("pause: x\nstep: x\n", "keys.yaml:2:7: key 'x' is given to both 'pause' and 'step'"),
        ("pause: r\n", "keys.yaml:1:8: key 'r' given to 'pause' is still the default key of 'restart'; give 'restart' another key too"),
        ("pause: [\n", "keys.yaml:2:1: invalid YAML"),
        ("pause: spcae\n", "keys.yaml:1:8: unknown key 'spcae' (did you mean 'space'?)"),
        ("pause: Space\n", "keys.yaml:1:8: unknown key 'Space' (did you mean 'space'?)"),
        ("step: [s, F5]\n", "keys.yaml:1:11: unknown key 'F5' (did you mean 'f5'?)"),
        ("pause: return\n", "keys.yaml:1:8: unknown key 'return' (did you mean 'enter'?)"),
        ("pause: xyzzy\n", "keys.yaml:1:8: unknown key 'xyzzy' (a character, or a name such as space, enter, f5, plus or ctrl+p)"),
        ("pause: control+p\n", "keys.yaml:1:8: unknown modifier 'control' in 'control+p' (did you mean 'ctrl'?)"),
        ("pause: ctrl+spcae\n", "keys.yaml:1:8: unknown key 'spcae' in 'ctrl+spcae' (did you mean 'space'?)"),
        ("pause: shift+p\n", "keys.yaml:1:8: 'shift+p' is never reported: shift with a character key types another character; give 'P' instead"),
        ("pause: 'a,b'\n", "keys.yaml:1:8: unknown key 'a,b' (one key at a time: give a list for more, e.g. [s, j])"),
        ("pause: \"\\x01\"\n", "keys.yaml:1:8: unknown key '\\x01'"),
        ("pause: ctrl+c\n", "keys.yaml:1:8: key 'ctrl+c' given to 'pause' is still the default key of 'quit'; give 'quit' another key too"),
        ("- pause\n", "keys.yaml:1:1: the key file must map actions to keys, e.g. 'pause: space'"),
    ],
)
def test_a_bad_key_file_is_one_line_with_its_place(tmp_path, text, error):
    with pytest.raises(TeletypeError) as caught:
        load_keymap(write(tmp_path, text))
    message = str(caught.value)
    assert "\n" not in message
    assert message.split("/")[-1].startswith(error)


@pytest.mark.parametrize(
    ("key", "name"),
    [("+", "plus"), ("]", "right_square_bracket"), (",", "comma"), ("A", "A"), ("5", "5"), ("£", "pound_sign"),
     ("space", "space"), ("f24", "f24"), ("pageup", "pageup"), ("less_than_sign", "less_than_sign"), ("at", "at"),
     ("ctrl+p", "ctrl+p"), ("ctrl++", "ctrl+plus"), ("shift+ctrl+up", "ctrl+shift+up"), ("ctrl+A", "ctrl+shift+a"),
     ("alt+A", "alt+shift+a"), ("shift+tab", "shift+tab"), ("ctrl+]", "ctrl+right_square_bracket")],
)
def test_keys_are_named_as_textual_reports_them(key, name):
    assert parse_key(key) == name


def test_the_key_names_are_textuals():
    """keys.py names keys without importing Textual (the kiosk's --check does not load
    it): every name it accepts must be one Textual reports, and every key Textual names
    one it accepts."""
    from textual.keys import Keys, _character_to_key

    internal = {"<any>", "<scroll-up>", "<scroll-down>", "<ignore>", "ctrl-at"}
    bases = set()
    for key in Keys:
        if key.value in internal:
            continue
        *modifiers, base = key.value.split("+")
        assert set(modifiers) <= set(MODIFIERS), key.value
        bases.add(base)
        if base not in ("return", "@"):  # Textual reports Enter as "enter", Ctrl-@ as "ctrl+at"
            assert parse_key(key.value) == key.value
    assert NAMED_KEYS <= bases
    for code in list(range(0x21, 0x7F)) + [0xA3, 0xA7, 0xB0, 0xE9, 0x20AC]:
        char = chr(code)
        name = _character_to_key(char)
        assert parse_key(char) == name
        assert len(name) == 1 or named_character(name) == char and parse_key(name) == name
    with pytest.raises(UnknownKey):
        parse_key("latin_small_letter_a")  # Textual calls that key "a"


def test_key_file_location(monkeypatch, tmp_path):
    monkeypatch.delenv("TELETYPE_KEYS", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert key_file() == tmp_path / "teletype" / "keys.yaml"
    assert load_keymap(key_file()) == {}  # no file: the defaults
    monkeypatch.setenv("TELETYPE_KEYS", "/elsewhere/keys.yaml")
    assert str(key_file()) == "/elsewhere/keys.yaml"
    with pytest.raises(TeletypeError, match="no such file"):
        load_keymap(tmp_path / "missing.yaml", required=True)


# --- themes -------------------------------------------------------------------


def test_the_four_themes_load_in_order():
    themes = load_themes()
    assert list(themes) == ["paper", "green", "amber", "console"]
    assert not themes["paper"].ascii_only and themes["paper"].glyphs.hole == "●"
    console = themes["console"]
    assert console.theme.ansi and console.ascii_only
    assert all(value.startswith("ansi_") for value in console.theme.variables.values())
    assert all(glyph.isascii() for glyph in vars(console.glyphs).values())


def test_a_bad_theme_file_says_where(tmp_path):
    text = (THEME_DIR / "paper.yaml").read_text().replace('paper: "#f3e7a1"', 'paper: "#canary"')
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(TeletypeError, match=r"bad.yaml:\d+:10: 'machine.paper': '#canary' is not a colour"):
        load_theme(path)
    path.write_text((THEME_DIR / "console.yaml").read_text().replace("paper: ansi_white", 'paper: "#ffffff"'))
    with pytest.raises(TeletypeError, match="an ansi theme uses the terminal's colours only"):
        load_theme(path)


# --- paper --------------------------------------------------------------------


def test_carriage_return_goes_back_and_line_feed_feeds():
    paper = PaperModel(72)
    paper.feed(events("ZCZC\r"))
    assert paper.column == 0 and paper.text() == "ZCZC"
    changed, fed = paper.feed(events("\n"))
    assert fed and paper.text() == "ZCZC\n" and paper.line == 1


def test_printing_over_a_character_overstrikes_it():
    paper = PaperModel(72)
    paper.feed(events("DEL\r---"))
    line = paper.lines[0]
    assert line.text == "---" and line.overstruck == {0, 1, 2}
    paper.feed(events("\r   X"))
    assert line.text == "---X" and 3 not in line.overstruck  # spaces strike nothing


def test_past_the_margin_the_type_piles_up_in_the_last_column():
    paper = PaperModel(10)
    paper.feed(events("ABCDEFGHIJKL"))
    assert paper.lines[0].text == "ABCDEFGHIL" and paper.lines[0].overstruck == {9}


def test_scrollback_is_bounded():
    paper = PaperModel(72, scrollback=50)
    for _ in range(200):
        paper.feed(events("LINE\r\n"))
    assert len(paper.lines) == 50 and paper.dropped == 151


def test_each_printed_line_knows_its_wire_line():
    header = WireLine("ZCZC WTE015", "header", "Start of message.", "Not on the form.")
    text = WireLine("HELLO")
    paper = PaperModel(72, [header, text])
    paper.feed(events("ZCZC\r\nHELLO"))
    assert paper.lines[0].wire is header and paper.lines[1].wire is text


# --- tape and lessons -----------------------------------------------------------


def test_tape_rows_put_the_feed_holes_where_the_tape_has_them():
    assert channel_rows(5) == [1, 2, None, 3, 4, 5]
    assert channel_rows(8) == [1, 2, 3, None, 4, 5, 6, 7, 8]


def test_a_60_speed_frame_is_start_five_bits_and_a_long_stop():
    units = frame(0x11, get_profile("model28"))  # Z
    assert [(u.label, u.bit) for u in units] == [("start", 0), ("1", 1), ("2", 0), ("3", 0), ("4", 0), ("5", 1), ("stop", 1)]
    assert sum(u.units for u in units) == pytest.approx(7.42)


def test_a_model_33_frame_has_seven_bits_even_parity_and_two_stop_units():
    units = frame(0xC1, get_profile("model33"))  # 'A' with its even parity bit
    assert [u.label for u in units] == ["start", "1", "2", "3", "4", "5", "6", "7", "parity", "stop"]
    assert [u.bit for u in units][1:9] == [1, 0, 0, 0, 0, 0, 1, 1]
    assert units[-1].units == 2


def test_the_signal_drawing_follows_the_bits():
    top, bottom, labels = signal(frame(0x11, get_profile("model28")))
    assert len(top) == len(bottom) == len(labels)
    assert labels.split() == ["start", "1", "2", "3", "4", "5", "stop"]
    assert top.startswith("___ ") and bottom.startswith("   |")  # idle mark, then the start pulse drops the line


def code_event(name: str, text: str, value: int = 0) -> Event:
    return Event(0, 0.0, 0.1, Code(value, name, text, None, 0), 0, 0)


@pytest.mark.parametrize(
    ("name", "text", "sentence"),
    [
        ("Z", "Z", "It prints 'Z'."),
        ("'", "'", 'It prints "\'".'),
        ("SPACE", " ", "It moves the carriage one column without printing: a space."),
        ("CR", "\r", "It returns the carriage: the type box goes back to the left margin."),
        ("LF", "\n", "It feeds the line: the platen turns the paper up one line."),
        ("LTRS", "", "It shifts to letters: the codes that follow print letters."),
        ("FIGS", "", "It shifts to figures: the codes that follow print figures and signs."),
        ("NUL", "", "It does nothing: it is a blank (fill) code, sent to give the carriage time."),
        ("BELL", "", "It rings the signal bell and prints nothing."),
        ("WRU", "", "It asks the distant machine for its answer-back (who are you?)."),
        ("\x1b", "", "It does nothing on this machine."),
    ],
)
def test_explain_mode_says_what_each_kind_of_code_does_in_a_sentence(name, text, sentence):
    assert describe(code_event(name, text)) == sentence


def test_a_status_cut_short_ends_in_the_themes_ellipsis():
    assert crop("printer online", 20, "...") == "printer online"
    assert crop("printer offline: no such serial port", 20, "...") == "printer offline..."
    assert crop("printer offline: no such serial port", 27, "…") == "printer offline: no such…"
    assert crop("Teletype Model 28, 60 speed", 20, "…") == "Teletype Model 28…"
    assert crop("printer offline: /dev/serial/by-id/usb-FTDI_FT232R", 40, "...") == "printer offline: /dev/serial/by-id/us..."  # no word ends near
    assert crop("printer offline", 2, "...") == ".."


def test_the_historical_clock_runs_from_the_filing_time():
    filed = dt.datetime(1962, 10, 27, 20, 5, tzinfo=ZoneInfo("America/New_York"))
    assert clock_text(filed, 0) == "Sat 27 Oct 1962 20:05:00 EDT = 28 Oct 00:05:00Z"
    assert clock_text(filed, 569.6) == "Sat 27 Oct 1962 20:14:29 EDT = 28 Oct 00:14:29Z"


def test_the_command_line_starts_without_loading_textual():
    code = (
        "import sys, teletype.cli, teletype.tui.launch, teletype.tui.keys, teletype.tui.lesson, teletype.tui.feed\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
